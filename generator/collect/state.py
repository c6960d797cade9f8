"""Collector cursors: ``data/state/<source id>.json``, one small JSON object per source.

A cursor is saved only after the records it covers have been written, so a run that fails
half-way fetches the same span again next time (the store is idempotent), and a run never
skips what it has not stored.

A cursor file is checked before it is used: anything but a regular file holding a JSON
object with the collector's keys, of the right types, is a :class:`CursorError` naming the
file and how to reset it, and only that source fails. Saving is atomic (a temporary file,
fsynced, renamed over the old one), and a failed save leaves no temporary file behind.
"""

from __future__ import annotations

import json
import stat
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.atomic import write_atomic
from generator.errors import GeneratorError
from generator.store.layout import DataDir

MAX_CURSOR_BYTES = 1 << 20  # a cursor is a few hundred bytes; anything this big is not one


class CursorError(GeneratorError):
    """A cursor file that cannot be used; the message says how to reset it."""


@dataclass(frozen=True)
class CursorKey:
    """One key a collector's cursor must hold, and what its value must be."""

    name: str
    valid: Callable[[Any], bool]
    expected: str  # in words, for the error: "a Unix time (an integer)"


CursorSpec = tuple[CursorKey, ...]


def state_file(data: DataDir, source_id: str) -> Path:
    return data.state_dir / f"{source_id}.json"


def load_state(data: DataDir, source_id: str, spec: CursorSpec = ()) -> dict[str, Any]:
    """The saved cursor ({} when there is none yet), checked against ``spec``."""
    path = state_file(data, source_id)

    def bad(problem: str) -> CursorError:
        return CursorError(
            f"not a usable cursor: {problem}; delete {path} to collect {source_id} from "
            "its configured start",
            file=path,
        )

    try:
        info = path.stat()
    except FileNotFoundError:
        return {}
    except NotADirectoryError:
        raise CursorError(
            "not a directory; move it away so that collectors can keep their cursors there",
            file=path.parent,
        ) from None
    except OSError as exc:
        raise bad(exc.strerror or type(exc).__name__) from None
    if stat.S_ISDIR(info.st_mode):
        raise bad("it is a directory")
    if not stat.S_ISREG(info.st_mode):
        raise bad("it is not a regular file")  # a FIFO would block the read forever
    if info.st_size > MAX_CURSOR_BYTES:
        raise bad(f"{info.st_size} bytes, more than a cursor ever holds")
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_CURSOR_BYTES + 1)
        value = json.loads(raw.decode("utf-8"))
    except OSError as exc:
        raise bad(f"cannot read it ({exc.strerror or type(exc).__name__})") from None
    except UnicodeDecodeError:
        raise bad("it is not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise bad(f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
    except RecursionError:
        raise bad("its JSON is nested too deeply") from None
    if not isinstance(value, dict):
        raise bad(f"it holds a JSON {_json_type(value)}, not an object")
    for key in spec:
        if key.name not in value:
            raise bad(f"it has no {key.name!r}")
        if not key.valid(value[key.name]):
            raise bad(
                f"{key.name!r} must be {key.expected}, not a JSON {_json_type(value[key.name])}"
            )
    return value


def save_state(data: DataDir, source_id: str, state: dict[str, Any]) -> None:
    """Replace the cursor atomically: the old one or the new one, never half of either."""
    path = state_file(data, source_id)
    text = json.dumps(state, indent=2, sort_keys=True) + "\n"
    try:
        write_atomic(path, text.encode("utf-8"), durable=True)
    except OSError as exc:
        raise CursorError(
            f"cannot save the cursor of {source_id} ({exc.strerror or type(exc).__name__}); "
            "its records are stored, and the next run fetches the same span again",
            file=path,
        ) from None


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if value is None:
        return "null"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    if isinstance(value, str):
        return "string"
    return "number"


def is_unix_time(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 1 << 40
