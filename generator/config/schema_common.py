"""Building blocks the configuration schemas share: value types, the object helpers, and
the ``sources`` section both files have.

:func:`default_of` reads a default back out of a schema, so that a loader applying a default
takes it from the one place that declares it (and that the reference documents).
"""

from __future__ import annotations

from typing import Any

DATE = {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
TIMESTAMP = {
    "type": "string",
    "description": "ISO 8601 timestamp with an offset, e.g. 2026-08-12T10:02:00+03:00.",
    "pattern": r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$",
}
DURATION = {
    "description": "A duration: seconds as a number, or text such as 90s, 5m, 1h30m, 1d.",
    "anyOf": [
        {"type": "integer", "minimum": 0},
        {"type": "string", "pattern": r"^\s*(\d+d)?\s*(\d+h)?\s*(\d+m)?\s*(\d+s)?\s*$"},
    ],
}
TIMEZONE = {
    "type": "string",
    "description": "A UTC offset such as +03:00, or an IANA time zone name such as Europe/Kyiv.",
    "minLength": 1,
}
ID = {"type": "string", "pattern": r"^[a-z0-9][a-z0-9_-]*$", "maxLength": 64}
TEXT = {"type": "string", "minLength": 1}
HOURS = {
    "description": "Working hours of a day: 'HH:MM-HH:MM', a list of them, or 'closed'.",
    "anyOf": [
        {"type": "string", "pattern": r"^(closed|\d{2}:\d{2}-\d{2}:\d{2})$"},
        {
            "type": "array",
            "items": {"type": "string", "pattern": r"^\d{2}:\d{2}-\d{2}:\d{2}$"},
        },
    ],
}
IMPACTS = ["critical", "high", "medium", "low", "informational", "feature"]
CHANNELS = ["chat", "email", "other"]


def obj(
    properties: dict[str, Any], required: list[str] | None = None, **extra: Any
) -> dict[str, Any]:
    """An object schema that accepts only ``properties`` (unknown keys are an error)."""
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    schema.update(extra)
    return schema


def described(schema: dict[str, Any], description: str, **extra: Any) -> dict[str, Any]:
    """``schema`` with a description for the reference (and ``default=...`` if it has one)."""
    return {**schema, "description": description, **extra}


def default_of(schema: dict[str, Any], *keys: str) -> Any:
    """The ``default`` the schema declares for the property at ``keys``.

    Keys name properties from the top; list items and map values are stepped into on the
    way, so ``default_of(SERVICES_SCHEMA, "components", "monitors", "check", "method")``
    reads the default of every monitor's check method. A property without a default is a
    KeyError: a loader asking for one relies on a default nobody declared.
    """
    node = schema
    for key in keys:
        node = _members(node)["properties"][key]
    return node["default"]


def defaults_of(schema: dict[str, Any], *keys: str) -> dict[str, Any]:
    """Every declared default of the object at ``keys``, by property name."""
    node = schema
    for key in keys:
        node = _members(node)["properties"][key]
    return {
        name: prop["default"]
        for name, prop in _members(node)["properties"].items()
        if "default" in prop
    }


def _members(node: dict[str, Any]) -> dict[str, Any]:
    """The object schema inside an array's items or a map's values, or ``node`` itself."""
    while "properties" not in node:
        if node.get("type") == "array":
            node = node["items"]
        elif isinstance(node.get("additionalProperties"), dict):
            node = node["additionalProperties"]
        else:
            raise KeyError(f"not an object schema: {node!r}")
    return node


def source_schema(types: list[str], what: str) -> dict[str, Any]:
    """A source ``statusgen collect`` fetches, or whose export files ``import`` maps."""
    return described(
        {
            "type": "array",
            "items": obj(
                {
                    "id": described(
                        ID,
                        "Names the source in messages and its cursor file data/state/<id>.json.",
                    ),
                    "type": described({"enum": types}, "Which tool this is."),
                    "url": described(
                        {"type": "string", "pattern": "^https?://"},
                        "Base URL of the tool's API. UptimeRobot, Pingdom, Better Stack and "
                        "Intercom have a default; Prometheus, Zendesk, Freshdesk and Uptime "
                        "Kuma need one.",
                    ),
                    "token_env": described(
                        {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
                        "Name of the environment variable holding the API token or key. "
                        "Tokens are never written in these files.",
                    ),
                    "user": described(
                        TEXT, "Zendesk: the agent e-mail address the API token belongs to."
                    ),
                    "location": described(
                        ID,
                        "Location the records are stored under (default: the monitor's only "
                        "location).",
                    ),
                    "monitors": described(
                        {"type": "object", "additionalProperties": ID},
                        "Vendor monitor id, name or label value -> monitor id in this file. A "
                        "vendor monitor named like one of ours needs no entry; others are "
                        "skipped with a warning.",
                    ),
                    "plan": described(
                        {"enum": ["free", "pro"]},
                        "UptimeRobot: the account's plan. Only Pro accepts a log date range "
                        "(logs_start_date, logs_end_date), so on free collect fetches each "
                        "monitor's whole log and keeps what is new.",
                        default="free",
                    ),
                    "status_page": described(
                        {"type": "string", "pattern": "^[A-Za-z0-9_-]+$", "maxLength": 64},
                        "Uptime Kuma: the slug of the published status page whose monitors "
                        "collect reads (its /api/status-page/heartbeat/<slug>).",
                    ),
                    "query": described(
                        TEXT, "Prometheus: the PromQL expression (e.g. probe_success)."
                    ),
                    "step": described(DURATION, "Prometheus: query resolution.", default="30s"),
                    "chunk": described(
                        DURATION,
                        "Prometheus: longest time range fetched in one query_range request.",
                        default="1d",
                    ),
                    "monitor_label": described(
                        TEXT,
                        "Prometheus: the series label naming the monitor.",
                        default="instance",
                    ),
                    "location_label": described(
                        TEXT, "Prometheus: a series label naming the location, if any."
                    ),
                    "start": described(
                        TIMESTAMP,
                        "Where the first run starts (later runs resume from data/state/).",
                    ),
                    "lookback": described(
                        DURATION,
                        "Without start: how far back the first run goes.",
                        default="7d",
                    ),
                    "timeout": described(DURATION, "Timeout of one HTTP request.", default="30s"),
                },
                ["id", "type"],
            ),
        },
        what,
    )


PROBE_SOURCE_TYPES = ["uptimerobot", "prometheus", "pingdom", "uptime-kuma", "betterstack"]
TICKET_SOURCE_TYPES = ["zendesk", "freshdesk", "intercom"]
