"""``data/state/notify.json``: what was announced, and what is still to send.

It holds the facts last announced (the next run compares against them), each channel's
outbox (events queued but not yet accepted by the channel) and the keys each channel
accepted lately (so an event queued twice is sent once), and the revision of each
maintenance window (the calendar's SEQUENCE). It is committed with the data, like the
collectors' cursors; a write is fsynced and renamed, so a killed run leaves the old file.
"""

from __future__ import annotations

import json
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generator.atomic import write_atomic
from generator.errors import GeneratorError
from generator.store.layout import DataDir

STATE_NAME = "notify.json"
MAX_STATE_BYTES = 8 << 20
KEEP_SENT = 500  # keys remembered per channel: far more than one run ever queues
KEEP_OUTBOX = 200  # a channel failing for days keeps its newest messages, not all


class NotifyStateError(GeneratorError):
    """The state file cannot be used; the message says how to reset it."""


@dataclass
class NotifyState:
    facts: dict[str, Any] | None = None  # None: never run (the first run sets a baseline)
    outbox: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    sent: dict[str, list[str]] = field(default_factory=dict)
    calendar: dict[str, dict[str, Any]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "version": 1,
            "facts": self.facts,
            "outbox": self.outbox,
            "sent": self.sent,
            "calendar": self.calendar,
        }


def state_path(data: DataDir) -> Path:
    return data.state_dir / STATE_NAME


def load_state(data: DataDir) -> NotifyState:
    path = state_path(data)

    def bad(problem: str) -> NotifyStateError:
        return NotifyStateError(
            f"not a usable notify state: {problem}; delete it to start again from the "
            "current status (nothing already announced is sent again)",
            file=path,
        )

    try:
        info = path.stat()
    except FileNotFoundError:
        return NotifyState()
    if not stat.S_ISREG(info.st_mode):
        raise bad("it is not a regular file")
    if info.st_size > MAX_STATE_BYTES:
        raise bad(f"{info.st_size} bytes")
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise bad(str(exc)) from None
    if not isinstance(doc, dict) or doc.get("version") != 1:
        raise bad("not a version 1 state object")
    parts = {k: doc.get(k) or {} for k in ("outbox", "sent", "calendar")}
    if not all(isinstance(v, dict) for v in parts.values()) or not isinstance(
        doc.get("facts"), dict | None
    ):
        raise bad("a section is not an object")
    return NotifyState(doc.get("facts"), parts["outbox"], parts["sent"], parts["calendar"])


def save_state(data: DataDir, state: NotifyState) -> None:
    path = state_path(data)
    text = json.dumps(state.to_json(), indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    write_atomic(path, text.encode("utf-8"), durable=True)


def calendar_sequences(data: DataDir) -> dict[str, int]:
    """Each maintenance window's revision, for the calendar's SEQUENCE ({} without state)."""
    try:
        state = load_state(data)
    except NotifyStateError:
        return {}
    return {
        mid: int(entry.get("sequence", 0))
        for mid, entry in state.calendar.items()
        if isinstance(entry, dict) and isinstance(entry.get("sequence", 0), int)
    }
