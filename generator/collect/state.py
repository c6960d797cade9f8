"""Collector cursors: ``data/state/<source id>.json``, one small JSON object per source.

A cursor is saved only after the records it covers have been written, so a run that fails
half-way fetches the same span again next time (the store is idempotent), and a run never
skips what it has not stored.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from generator.errors import GeneratorError
from generator.store.layout import DataDir


def state_file(data: DataDir, source_id: str) -> Path:
    return data.state_dir / f"{source_id}.json"


def load_state(data: DataDir, source_id: str) -> dict[str, Any]:
    path = state_file(data, source_id)
    if not path.exists():
        return {}
    try:
        value = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise GeneratorError(
            f"not a valid cursor file ({exc}); delete it to start from the source's start",
            file=path,
        ) from None
    if not isinstance(value, dict):
        raise GeneratorError("a cursor file must hold a JSON object", file=path)
    return value


def save_state(data: DataDir, source_id: str, state: dict[str, Any]) -> None:
    path = state_file(data, source_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(state, handle, indent=2, sort_keys=True)
        handle.write("\n")
    os.replace(tmp, path)
