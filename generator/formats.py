"""Which format a file is in, when ``--format`` is not given: from its name and its start.

statusgen's own formats are told by their extension (``.csv``, ``.jsonl``) and, for a file
whose extension says CSV but whose first line is a JSON object, by that line. A vendor
export is told by what its vendor's documents always carry at the top (UptimeRobot's
``monitors`` with ``stat``, Prometheus's ``resultType``, Zendesk's ``tickets``, ...), and an
Uptime Kuma database by SQLite's file header. A file that matches nothing is an error that
lists the formats to choose from, never a guess that imports the wrong columns.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.errors import GeneratorError

# The format names, in the order --help lists them. tests/test_import_formats.py checks
# that they are exactly the registered readers.
PROBE_FORMAT_NAMES = (
    "csv",
    "jsonl",
    "uptimerobot",
    "pingdom",
    "uptime-kuma",
    "prometheus",
    "betterstack",
)
TICKET_FORMAT_NAMES = ("csv", "jsonl", "zendesk", "freshdesk", "intercom")

_SQLITE = b"SQLite format 3\x00"
_ZENDESK_CSV = "Summation column,Id,Requester"
_SNIFF_BYTES = 4096


def guess_format(file: Path, kind: str) -> str:
    """The format of ``file`` (``kind`` is "probe" or "ticket"), or a GeneratorError."""
    names = PROBE_FORMAT_NAMES if kind == "probe" else TICKET_FORMAT_NAMES
    try:
        with file.open("rb") as handle:
            start = handle.read(_SNIFF_BYTES)
    except OSError:
        return names[0]  # the reader reports the missing or unreadable file itself
    suffix = file.suffix.lower()
    text = start.decode("utf-8", errors="replace").lstrip("\ufeff").lstrip()
    if start.startswith(_SQLITE):
        found = "uptime-kuma" if kind == "probe" else None
    elif suffix in (".jsonl", ".ndjson"):
        found = "jsonl"
    elif suffix == ".json" or text.startswith(("{", "[")):
        found = _vendor_json(file, kind) if suffix == ".json" or text.startswith("[") else None
        if found is None and text.startswith("{") and suffix != ".json":
            found = "jsonl"  # one JSON object per line, under a .csv or no extension
    elif kind == "ticket" and text.startswith(_ZENDESK_CSV):
        found = "zendesk"
    elif suffix == ".csv":
        found = "csv"
    else:
        found = None
    if found is None or found not in names:
        raise GeneratorError(
            f"cannot tell which {kind} format this is from its name and contents; give "
            f"--format, one of: {', '.join(names)}",
            file=file,
        )
    return found


def _vendor_json(file: Path, kind: str) -> str | None:
    import json  # only for a file that looks like JSON: the command line loads this module

    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None  # the chosen reader gives the precise error; here only: unknown
    first: Any = data[0] if isinstance(data, list) and data else data
    if not isinstance(first, dict):
        return "freshdesk" if kind == "ticket" and isinstance(data, list) else None
    keys = set(first)
    if kind == "probe":
        if "monitors" in keys and "stat" in keys:
            return "uptimerobot"
        if ("results" in keys and "activeprobes" in keys) or "summary" in keys:
            return "pingdom"
        if isinstance(first.get("data"), dict) and "resultType" in first["data"]:
            return "prometheus"
        if isinstance(first.get("data"), list) and all(
            isinstance(i, dict) and i.get("type") == "incident" for i in first["data"]
        ):
            return "betterstack"
        return None
    if "tickets" in keys:
        return "zendesk"
    if "conversations" in keys or first.get("type") == "conversation.list":
        return "intercom"
    if isinstance(data, list) and "requester_id" in keys and "priority" in keys:
        return "freshdesk"
    return None
