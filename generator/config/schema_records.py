"""The JSON Schemas of the record files' front matter: incidents and maintenance windows."""

from __future__ import annotations

from typing import Any

from generator.config.schema_common import ID, TEXT, TIMESTAMP
from generator.config.schema_common import described as _d
from generator.config.schema_common import obj as _obj

INCIDENT_SCHEMA: dict[str, Any] = _obj(
    {
        "title": _d(TEXT, "Headline shown to clients."),
        "components": _d(
            {"type": "array", "items": ID, "minItems": 1, "uniqueItems": True},
            "Affected component ids.",
        ),
        "impact": _d(
            {"enum": ["none", "minor", "major", "critical"]},
            "Statuspage impact: minor shows as degraded, major as partial outage, critical as "
            "major outage while the incident is open.",
        ),
        "started": _d(TIMESTAMP, "When the incident began."),
        "resolved": _d(TIMESTAMP, "When it was resolved; absent while it is open."),
        "updates": _d(
            {
                "type": "array",
                "items": _obj(
                    {
                        "at": TIMESTAMP,
                        "status": _d(
                            {"enum": ["investigating", "identified", "monitoring", "resolved"]},
                            "Where the work stands, as Statuspage words it.",
                        ),
                        "message": _d(TEXT, "What clients are told (markdown)."),
                    },
                    ["at", "status", "message"],
                ),
            },
            "Timed updates, oldest first.",
        ),
        "postmortem": _d(TEXT, "Postmortem (markdown), published with the incident."),
        "sla": _d(
            _obj(
                {
                    "exclude": _d(
                        {"type": "boolean"},
                        "Exclude the affected components' downtime during the incident.",
                    ),
                    "reason": _d(ID, "Exclusion id from the SLA file's uptime.exclusions."),
                    "note": _d(TEXT, "Why the exclusion applies, shown beside it."),
                },
                ["exclude"],
            ),
            "SLA treatment of the incident's downtime.",
        ),
    },
    ["title", "components", "impact", "started"],
)

MAINTENANCE_SCHEMA: dict[str, Any] = _obj(
    {
        "title": _d(TEXT, "What is being done."),
        "components": _d(
            {"type": "array", "items": ID, "minItems": 1, "uniqueItems": True},
            "Component ids the window covers.",
        ),
        "start": _d(TIMESTAMP, "Scheduled start."),
        "end": _d(TIMESTAMP, "Scheduled end."),
        "releases": _d(
            {"type": "integer", "minimum": 0},
            "Releases deployed in the window; the commitment is releases x per_release.",
            default=1,
        ),
        "cancelled": _d(
            {"type": "boolean"}, "The window was called off (kept for the record).", default=False
        ),
    },
    ["title", "components", "start", "end"],
)
