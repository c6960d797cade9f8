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

DEGRADED = _obj(
    {
        "latency_ms": _d(
            {"type": "integer", "minimum": 1, "maximum": 600000},
            "Degraded while the percentile of successful checks' latency is above this.",
        ),
        "percentile": _d(
            {"type": "integer", "minimum": 1, "maximum": 100}, "Which percentile.", default=95
        ),
        "window": _d(DURATION, "Over the checks of this span, ending now.", default="15m"),
    },
    ["latency_ms"],
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
        "degraded": _d(
            DEGRADED,
            "Show the component as degraded performance while this monitor is slow. Slowness "
            "is never downtime: a slow successful check is up.",
        ),
    },
    ["id", "interval", "locations"],
)

NOTIFY_EVENTS = ["component", "incident", "maintenance", "budget", "review", "support"]

CHANNEL = _obj(
    {
        "id": _d(ID, "Unique channel id; statusgen notify reports by it and keeps its state."),
        "audience": _d(
            {"enum": ["public", "internal"]},
            "public: the status site's wording, no monitor names (for clients); internal: "
            "monitor names and a link to the workflow run (for the team).",
        ),
        "url_env": _d(
            {"type": "string", "pattern": "^[A-Z_][A-Z0-9_]*$", "maxLength": 100},
            "Environment variable holding the channel's Apprise URL (a workflow secret, "
            "e.g. slack://..., mailtos://..., json://...). Never the URL itself.",
        ),
        "events": _d(
            {"type": "array", "items": {"enum": NOTIFY_EVENTS}, "uniqueItems": True},
            "Kinds of event sent: component (status changes), incident, maintenance, "
            "budget (error budget thresholds), review (SLA review near or overdue), support "
            "(attainment below target; internal channels only). Default: all the audience "
            "may receive.",
        ),
        "components": _d(
            {"type": "array", "items": ID, "uniqueItems": True},
            "Only component, incident and maintenance events touching these components. "
            "Default: every component.",
        ),
    },
    ["id", "audience", "url_env"],
)

NOTIFICATIONS = _obj(
    {
        "site_url": _d(
            {"type": "string", "pattern": "^https?://"},
            "The status site's address, linked from every message.",
        ),
        "subscribe_url": _d(
            {"type": "string", "pattern": "^https?://"},
            "An e-mail sign-up page (a mailing list or RSS-to-email service), shown in the "
            "site's Subscribe panel.",
        ),
        "maintenance_lead": _d(
            DURATION, "Send 'maintenance starts soon' this long before a window.", default="1h"
        ),
        "review_lead": _d(
            DURATION, "Send 'SLA review due soon' this long before the next review.", default="30d"
        ),
        "budget_thresholds": _d(
            {
                "type": "array",
                "items": {"type": "integer", "minimum": 1, "maximum": 100},
                "uniqueItems": True,
            },
            "Send when the running period's used error budget crosses each percentage.",
            default=[50, 75, 100],
        ),
        "channels": _d(
            {"type": "array", "items": CHANNEL}, "Where statusgen notify sends (via Apprise)."
        ),
    },
)

STATUS_PAGE = _obj(
    {
        "blip_under": _d(
            DURATION,
            "On a day with no counted downtime, excluded downtime shorter than this (a "
            "release's few seconds) is drawn in the 90-day bars as a short mark on a good "
            "day, not as a whole excluded day.",
            default="60s",
        ),
    },
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
            "Monitoring tools statusgen collect fetches from, or whose export files are "
            "imported: how their monitors map onto ours. A pingdom, betterstack or "
            "uptime-kuma source without token_env (uptime-kuma: status_page) only maps imports.",
        ),
        "notifications": _d(
            NOTIFICATIONS,
            "Who statusgen notify tells about status changes, incidents and maintenance.",
        ),
        "status_page": _d(STATUS_PAGE, "How the status site draws the days of its 90-day bars."),
    },
    ["components"],
)
