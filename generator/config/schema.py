"""JSON Schemas of the SLA file and the services file.

These schemas validate the files (with line numbers, see :mod:`generator.config.validate`)
and are the single source of the configuration reference in the docs, so the reference
cannot drift from what is accepted. Every property carries a ``description``.
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


def _obj(
    properties: dict[str, Any], required: list[str] | None = None, **extra: Any
) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": properties,
        "additionalProperties": False,
    }
    if required:
        schema["required"] = required
    schema.update(extra)
    return schema


def _d(schema: dict[str, Any], description: str, **extra: Any) -> dict[str, Any]:
    return {**schema, "description": description, **extra}


EMAIL_TARGET = _obj(
    {
        "within": _d(
            {"type": "string", "minLength": 1},
            "How long the first response may take: a duration (15m, 1h) on calendar time, or "
            "'N business day(s)' / a duration on the business clock (see clock).",
        ),
        "clock": _d(
            {"enum": ["calendar", "business"]},
            "calendar: the deadline is created_at + within, around the clock. business: the "
            "time only runs inside the channel calendar's working hours.",
        ),
        "label": _d(TEXT, "How the SLA words the target, e.g. 'Immediate', 'Within 1 hour'."),
    },
    ["within", "clock"],
)


def _source_schema(types: list[str], what: str) -> dict[str, Any]:
    """A source ``statusgen collect`` fetches, or whose export files ``import`` maps."""
    return _d(
        {
            "type": "array",
            "items": _obj(
                {
                    "id": _d(
                        ID,
                        "Names the source in messages and its cursor file data/state/<id>.json.",
                    ),
                    "type": _d({"enum": types}, "Which tool this is."),
                    "url": _d(
                        {"type": "string", "pattern": "^https?://"},
                        "Base URL of the tool's API (UptimeRobot has a default).",
                    ),
                    "token_env": _d(
                        {"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
                        "Name of the environment variable holding the API token or key. "
                        "Tokens are never written in these files.",
                    ),
                    "user": _d(TEXT, "Zendesk: the agent e-mail address the API token belongs to."),
                    "location": _d(
                        ID,
                        "Location the records are stored under (default: the monitor's only "
                        "location).",
                    ),
                    "monitors": _d(
                        {"type": "object", "additionalProperties": ID},
                        "Vendor monitor id, name or label value -> monitor id in this file. A "
                        "vendor monitor named like one of ours needs no entry; others are "
                        "skipped with a warning.",
                    ),
                    "query": _d(TEXT, "Prometheus: the PromQL expression (e.g. probe_success)."),
                    "step": _d(DURATION, "Prometheus: query resolution.", default="30s"),
                    "chunk": _d(
                        DURATION,
                        "Prometheus: longest time range fetched in one query_range request.",
                        default="1d",
                    ),
                    "monitor_label": _d(
                        TEXT,
                        "Prometheus: the series label naming the monitor.",
                        default="instance",
                    ),
                    "location_label": _d(
                        TEXT, "Prometheus: a series label naming the location, if any."
                    ),
                    "start": _d(
                        TIMESTAMP,
                        "Where the first run starts (later runs resume from data/state/).",
                    ),
                    "lookback": _d(
                        DURATION,
                        "Without start: how far back the first run goes.",
                        default="7d",
                    ),
                    "timeout": _d(DURATION, "Timeout of one HTTP request.", default="30s"),
                },
                ["id", "type"],
            ),
        },
        what,
    )


PROBE_SOURCE_TYPES = ["uptimerobot", "prometheus", "pingdom", "uptime-kuma", "betterstack"]
TICKET_SOURCE_TYPES = ["zendesk", "freshdesk", "intercom"]

SLA_SCHEMA: dict[str, Any] = _obj(
    {
        "company": _d(TEXT, "The company that gives the SLA, as shown on the site and the PDF."),
        "title": _d(TEXT, "Title of the agreement.", default="Service Level Agreement"),
        "site_url": _d(
            {"type": "string", "pattern": "^https?://"},
            "Public address of the status site (used in feeds and the PDF).",
        ),
        "timezone": _d(
            TIMEZONE,
            "Time zone of the SLA: period boundaries are at local midnight in it, and every "
            "time on the site and in the PDF is shown in it with its offset.",
        ),
        "terms": _d(
            _obj(
                {
                    "effective_date": _d(DATE, "Date the agreement took effect (ISO date)."),
                    "last_review": _d(DATE, "Date of the last review (ISO date)."),
                    "next_review": _d(
                        DATE,
                        "Next scheduled review (ISO date). Once it has passed, the site and PDF "
                        "say 'Review overdue since ...'.",
                    ),
                    "introduction": _d(TEXT, "Opening paragraph of the agreement."),
                    "objectives": _d(
                        {"type": "array", "items": TEXT}, "The objectives of the agreement."
                    ),
                    "scope": _d(
                        {"type": "array", "items": TEXT, "minItems": 1},
                        "The services the agreement covers.",
                    ),
                    "definitions": _d(
                        {
                            "type": "array",
                            "items": _obj(
                                {
                                    "term": _d(TEXT, "The defined term, e.g. 'Downtime'."),
                                    "meaning": _d(TEXT, "Its definition, in the SLA's words."),
                                },
                                ["term", "meaning"],
                            ),
                        },
                        "Defined terms, in the agreement's order.",
                    ),
                    "client_responsibilities": _d(
                        {"type": "array", "items": TEXT}, "What the client undertakes."
                    ),
                    "exceptions": _d(
                        {"type": "array", "items": TEXT},
                        "Exceptions and limitations of the agreement, verbatim.",
                    ),
                },
                ["effective_date", "last_review", "next_review", "scope"],
            ),
            "The agreement's terms and review dates.",
        ),
        "periods": _d(
            _obj(
                {
                    "months": _d(
                        {"enum": [1, 2, 3, 4, 6, 12]},
                        "Length of an SLA period in months (3 = quarters).",
                        default=3,
                    ),
                    "first_month": _d(
                        {"type": "integer", "minimum": 1, "maximum": 12},
                        "Month (1-12) in which a period starts; the others follow every "
                        "'months' months (2 = quarters Feb-Apr, May-Jul, Aug-Oct, Nov-Jan).",
                        default=1,
                    ),
                },
                ["months", "first_month"],
            ),
            "How the calendar is cut into SLA periods.",
        ),
        "uptime": _d(
            _obj(
                {
                    "objective_percent": _d(
                        {"type": "number", "exclusiveMinimum": 0, "maximum": 100},
                        "Committed uptime per period, in percent (99.9).",
                    ),
                    "measurement": _d(TEXT, "How unavailability is measured, in the SLA's words."),
                    "quorum": _d(
                        {"type": "integer", "minimum": 1},
                        "Default number of locations that must see a monitor down at the same "
                        "time for it to be down. A monitor with fewer locations uses all of them.",
                        default=2,
                    ),
                    "max_gap_intervals": _d(
                        {"type": "number", "minimum": 1},
                        "A check's result holds until the next check, but at most this many "
                        "check intervals; after that there is no data.",
                        default=3,
                    ),
                    "scheduled_downtime": _d(
                        _obj(
                            {
                                "per_release": _d(
                                    DURATION,
                                    "Committed downtime per release inside a maintenance "
                                    "window (10s in the reference SLA).",
                                ),
                                "exclusion": _d(
                                    ID,
                                    "The exclusion (id from uptime.exclusions) that downtime "
                                    "inside a declared maintenance window falls under.",
                                ),
                                "excess_counts": _d(
                                    {"type": "boolean"},
                                    "If true, observed downtime beyond the commitment counts "
                                    "against uptime; if false it stays excluded and is flagged.",
                                    default=False,
                                ),
                                "description": _d(TEXT, "The commitment in the SLA's words."),
                            },
                            ["per_release", "exclusion"],
                        ),
                        "The scheduled-downtime (maintenance) commitment.",
                    ),
                    "exclusions": _d(
                        {
                            "type": "array",
                            "minItems": 1,
                            "items": _obj(
                                {
                                    "id": _d(ID, "Short name, used by incidents as their reason."),
                                    "text": _d(TEXT, "The exclusion in the SLA's words."),
                                    "applies_to": _d(
                                        {"enum": ["incident", "beta", "maintenance", "any"]},
                                        "What may cite it: an excluded incident, a beta "
                                        "component, a maintenance window, or any of them.",
                                        default="incident",
                                    ),
                                },
                                ["id", "text"],
                            ),
                        },
                        "Cases in which downtime is excluded from the uptime figure.",
                    ),
                    "beta_exclusion": _d(
                        ID, "The exclusion (id) that covers components marked beta."
                    ),
                },
                ["objective_percent", "exclusions", "scheduled_downtime", "beta_exclusion"],
            ),
            "The uptime commitment and how it is measured.",
        ),
        "calendars": _d(
            {
                "type": "object",
                "propertyNames": ID,
                "additionalProperties": _obj(
                    {
                        "name": _d(TEXT, "What the calendar is, e.g. 'Live chat hours'."),
                        "timezone": TIMEZONE,
                        "hours": _d(
                            {
                                "type": "object",
                                "propertyNames": {
                                    "pattern": r"^(mon|tue|wed|thu|fri|sat|sun)(-(mon|tue|wed|thu|fri|sat|sun))?$"
                                },
                                "additionalProperties": HOURS,
                            },
                            "Working hours by weekday or weekday range: {mon-fri: 09:00-21:00}. "
                            "Days not listed are closed. 24:00 may end a day.",
                        ),
                        "holidays": _d(
                            _obj(
                                {
                                    "dates": _d(
                                        {"type": "array", "items": DATE},
                                        "Explicit closed dates (ISO).",
                                    ),
                                    "country": _d(
                                        {"type": "string", "pattern": "^[A-Z]{2}$"},
                                        "Also close on this country's public holidays (ISO "
                                        "3166 code, from the 'holidays' package).",
                                    ),
                                    "subdivision": _d(TEXT, "Optional subdivision for country."),
                                }
                            ),
                            "Days the calendar is closed.",
                        ),
                        "business_day": _d(
                            DURATION,
                            "How long '1 business day' is on this calendar's business clock. "
                            "Default: the working hours of a day (12h for 09:00-21:00); "
                            "required when open days differ in length.",
                        ),
                    },
                    ["timezone", "hours"],
                ),
            },
            "Named weekly schedules in a time zone (business hours) used by support targets.",
        ),
        "coverage": _d(
            {
                "type": "array",
                "items": _obj(
                    {
                        "service": _d(TEXT, "The service, in the SLA's words."),
                        "calendar": _d(ID, "The calendar (from calendars) it follows."),
                        "always": _d(
                            {"type": "boolean"}, "Available around the clock (no calendar)."
                        ),
                        "note": _d(TEXT, "Extra words shown beside the schedule."),
                    },
                    ["service"],
                ),
            },
            "The coverage schedule table of the SLA.",
        ),
        "support": _d(
            _obj(
                {
                    "impacts": _d(
                        {
                            "type": "array",
                            "items": _obj(
                                {
                                    "id": _d({"enum": IMPACTS}, "Impact level."),
                                    "request": _d(TEXT, "Type of request, in the SLA's words."),
                                },
                                ["id", "request"],
                            ),
                        },
                        "The impact levels table, in the SLA's order.",
                    ),
                    "channels": _d(
                        _obj(
                            {
                                "chat": _d(
                                    _obj(
                                        {
                                            "name": _d(
                                                TEXT,
                                                "How the channel is named on the site, e.g. 'Live chat'.",
                                            ),
                                            "calendar": _d(
                                                ID, "Chat hours; the chat clock runs only in them."
                                            ),
                                            "target": _d(DURATION, "Normal first-response target."),
                                            "relaxed_target": _d(
                                                DURATION,
                                                "Target for non-urgent impacts and inside "
                                                "high-load windows.",
                                            ),
                                            "relaxed_impacts": _d(
                                                {"type": "array", "items": {"enum": IMPACTS}},
                                                "Impacts that are non-urgent in chat.",
                                            ),
                                            "description": _d(
                                                TEXT, "What the channel covers, in the SLA's words."
                                            ),
                                        },
                                        ["calendar", "target", "relaxed_target", "relaxed_impacts"],
                                    ),
                                    "Live chat.",
                                ),
                                "email": _d(
                                    _obj(
                                        {
                                            "name": _d(
                                                TEXT,
                                                "How the channel is named on the site, e.g. 'Email'.",
                                            ),
                                            "calendar": _d(
                                                ID, "Business hours for the business clock."
                                            ),
                                            "targets": _d(
                                                {
                                                    "type": "object",
                                                    "propertyNames": {"enum": IMPACTS},
                                                    "additionalProperties": EMAIL_TARGET,
                                                },
                                                "First-response target by impact.",
                                            ),
                                            "description": _d(
                                                TEXT, "What the channel covers, in the SLA's words."
                                            ),
                                        },
                                        ["calendar", "targets"],
                                    ),
                                    "Email (and the targets 'other' channels use).",
                                ),
                                "other": _d(
                                    {"enum": ["email", "chat"]},
                                    "Which channel's targets tickets from other channels follow.",
                                    default="email",
                                ),
                            },
                            ["chat", "email"],
                        ),
                        "Targets per channel.",
                    ),
                    "out_of_hours": _d(
                        _obj(
                            {
                                "impacts": _d(
                                    {"type": "array", "items": {"enum": IMPACTS}},
                                    "Calendar-time impacts the rule applies to.",
                                ),
                                "calendar": _d(ID, "The business hours that define 'outside'."),
                                "deadline": _d(
                                    DURATION,
                                    "When a ticket arrives outside business hours, or its "
                                    "deadline would fall outside them, the deadline becomes "
                                    "created_at + this.",
                                ),
                                "text": _d(TEXT, "The exception in the SLA's words."),
                            },
                            ["impacts", "calendar", "deadline"],
                        ),
                        "The 'up to 24 hours outside business hours' exception.",
                    ),
                    "high_load": _d(
                        {
                            "type": "array",
                            "items": _obj(
                                {
                                    "start": TIMESTAMP,
                                    "end": TIMESTAMP,
                                    "reason": _d(TEXT, "Why the load was declared high."),
                                },
                                ["start", "end", "reason"],
                            ),
                        },
                        "Declared high-load windows (chat uses its relaxed target inside them).",
                    ),
                    "mappings": _d(
                        _obj(
                            {
                                "channels": _d(
                                    {
                                        "type": "object",
                                        "additionalProperties": {"enum": CHANNELS},
                                    },
                                    "Source channel names to chat/email/other (e.g. web: email).",
                                ),
                                "impacts": _d(
                                    {
                                        "type": "object",
                                        "additionalProperties": {"enum": IMPACTS},
                                    },
                                    "Source priorities to impacts (e.g. urgent: critical).",
                                ),
                                "feature_tags": _d(
                                    {"type": "array", "items": TEXT},
                                    "Ticket tags that mark a feature request (impact feature).",
                                ),
                            }
                        ),
                        "How source systems' names map onto the SLA's.",
                    ),
                },
                ["impacts", "channels"],
            ),
            "Support response commitments.",
        ),
        "sources": _source_schema(
            TICKET_SOURCE_TYPES,
            "Helpdesks statusgen collect fetches tickets from (zendesk, freshdesk), and "
            "helpdesks whose export files are imported (intercom).",
        ),
    },
    ["company", "timezone", "terms", "periods", "uptime"],
)

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
        "sources": _source_schema(
            PROBE_SOURCE_TYPES,
            "Monitoring tools statusgen collect fetches from (uptimerobot, prometheus), and "
            "tools whose export files are imported (pingdom, uptime-kuma, betterstack): how "
            "their monitors map onto ours.",
        ),
    },
    ["components"],
)

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
