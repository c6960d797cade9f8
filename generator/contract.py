"""The published contract of statusgen's JSON outputs, as JSON Schemas (draft 2020-12).

- ``report.schema.json``: the report of one SLA period (``statusgen report --format json``,
  published as ``api/sla/<period id>.json``);
- ``status.schema.json``: the current status (``api/status.json``).

The schema files ship inside the package (``generator/schemas/``) and are copied to
``docs/`` by ``python -m generator.regenerate``. They are the contract's one owner: every
object is closed (``additionalProperties: false``), every key that is always present is
required, and ``null`` is allowed exactly where the code can give it. A change to an output
that breaks them fails the test suite; a deliberate change bumps ``schema_version``.

A mismatch is statusgen's bug, not the user's, so it is a :class:`ContractError` rather than
a :class:`generator.errors.GeneratorError`.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

from jsonschema import Draft202012Validator

SCHEMAS = ("report", "status")

# Listed at most, so a wholly wrong document gives a readable message.
_MAX_LISTED = 10


class ContractError(ValueError):
    """A JSON output does not follow its published schema."""

    def __init__(self, name: str, problems: list[str]) -> None:
        shown = problems[:_MAX_LISTED]
        more = len(problems) - len(shown)
        lines = [f"{name} JSON does not follow its schema ({name}.schema.json):"]
        lines += [f"  {p}" for p in shown]
        if more:
            lines.append(f"  ... and {more} more")
        super().__init__("\n".join(lines))
        self.name = name
        self.problems = problems


def schema_file_name(name: str) -> str:
    if name not in SCHEMAS:
        raise KeyError(f"no schema named {name!r}: one of {', '.join(SCHEMAS)}")
    return f"{name}.schema.json"


def schema_text(name: str) -> str:
    """The schema file's text, exactly as shipped (the docs/ copies are this, byte for byte)."""
    return (files("generator") / "schemas" / schema_file_name(name)).read_text(encoding="utf-8")


def report_schema() -> dict[str, Any]:
    """The report JSON's schema (a fresh dict: changing it changes nothing else)."""
    return json.loads(schema_text("report"))  # type: ignore[no-any-return]


def status_schema() -> dict[str, Any]:
    """The ``api/status.json`` schema (a fresh dict)."""
    return json.loads(schema_text("status"))  # type: ignore[no-any-return]


@cache
def _validator(name: str) -> Draft202012Validator:
    schema = json.loads(schema_text(name))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _where(path: Any) -> str:
    """``uptime.components[0].percent`` for the path jsonschema gives as a sequence."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _order(path: Any) -> list[tuple[int, int, str]]:
    """Sort key: document order, with list positions compared as numbers (2 before 10)."""
    return [(0, p, "") if isinstance(p, int) else (1, 0, str(p)) for p in path]


def problems(name: str, data: Any) -> list[str]:
    """Every way ``data`` breaks schema ``name``, one line each, in document order."""
    errors = sorted(_validator(name).iter_errors(data), key=lambda e: _order(e.absolute_path))
    return [f"{_where(e.absolute_path)}: {e.message}" for e in errors]


def _validate(name: str, data: Any) -> None:
    found = problems(name, data)
    if found:
        raise ContractError(name, found)


def validate_report(data: Any) -> None:
    """Raise :class:`ContractError` unless ``data`` (parsed report JSON) follows the schema."""
    _validate("report", data)


def validate_status(data: Any) -> None:
    """Raise :class:`ContractError` unless ``data`` (parsed status JSON) follows the schema."""
    _validate("status", data)
