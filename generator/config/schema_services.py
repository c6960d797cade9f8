"""The JSON Schema of the services file: groups, components, monitors and their checks."""

from __future__ import annotations

from typing import Any

from generator.config.schema_common import (
    DURATION,
    ID,
    PROBE_SOURCE_TYPES,
    TEXT,
    source_schema,
)
from generator.config.schema_common import described as _d
from generator.config.schema_common import obj as _obj

CHECK = _obj(
    {
        "type": _d({"enum": ["http", "tcp"]}, "Kind of check statusgen probe runs."),
        "url": _d({"type": "string", "pattern": "^https?://"}, "URL for http checks."),
        "method": _d({"enum": ["GET", "HEAD", "POST"]}, "HTTP method.", default="GET"),
        "expect_status": _d(
            {"type": "array", "items": {"type": "integer", "minimum": 100, "maximum": 599}},
            "Status codes that count as up.",
            default=[200],
        ),
        "keyword": _d(TEXT, "Text the response body must contain to count as up."),
        "host": _d(TEXT, "Host for tcp checks."),
        "port": _d({"type": "integer", "minimum": 1, "maximum": 65535}, "Port for tcp checks."),
        "timeout": _d(DURATION, "Give up after this long (a timeout is down).", default="10s"),
    },
    ["type"],
)

MONITOR = _obj(
    {
        "id": _d(ID, "Unique monitor id; records name their monitor by it."),
        "name": _d(TEXT, "Human name."),
        "interval": _d(DURATION, "How often the monitor checks (per location)."),
        "locations": _d(
            {"type": "array", "items": ID, "minItems": 1, "uniqueItems": True},
            "Locations it checks from. Records from other locations are an error.",
        ),
        "quorum": _d(
            {"type": "integer", "minimum": 1},
            "Locations that must agree it is down (default: uptime.quorum, capped at the "
            "number of locations).",
        ),
        "max_gap": _d(
            DURATION, "Override the no-data threshold (default: max_gap_intervals x interval)."
        ),
        "check": _d(
            CHECK, "What statusgen probe checks (optional: records may come from elsewhere)."
        ),
    },
    ["id", "interval", "locations"],
)

SERVICES_SCHEMA: dict[str, Any] = _obj(
    {
        "groups": _d(
            {
                "type": "array",
                "items": _obj(
                    {
                        "id": _d(ID, "Group id; components name it in their 'group'."),
                        "name": _d(TEXT, "Heading shown above the group's components."),
                    },
                    ["id", "name"],
                ),
            },
            "Component groups on the status page, in display order.",
        ),
        "components": _d(
            {
                "type": "array",
                "minItems": 1,
                "items": _obj(
                    {
                        "id": _d(ID, "Unique component id."),
                        "name": _d(TEXT, "Name shown to clients."),
                        "description": _d(TEXT, "One line on what it is."),
                        "group": _d(ID, "Group id (from groups)."),
                        "covered": _d(
                            {"type": "boolean"},
                            "Within the SLA's scope: its downtime counts (unless beta).",
                            default=True,
                        ),
                        "beta": _d(
                            {"type": "boolean"},
                            "A beta feature: its downtime is reported, and excluded under "
                            "uptime.beta_exclusion.",
                            default=False,
                        ),
                        "monitors": _d(
                            {"type": "array", "items": MONITOR, "minItems": 1}, "Its monitors."
                        ),
                    },
                    ["id", "name", "monitors"],
                ),
            },
            "The components of the service and the monitors that watch them.",
        ),
        "sources": source_schema(
            PROBE_SOURCE_TYPES,
            "Monitoring tools statusgen collect fetches from (uptimerobot, prometheus), and "
            "tools whose export files are imported (pingdom, uptime-kuma, betterstack): how "
            "their monitors map onto ours.",
        ),
    },
    ["components"],
)
