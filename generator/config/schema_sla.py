"""The JSON Schema of the SLA file: terms, periods, uptime, calendars, support, credits,
sources."""

from __future__ import annotations

from typing import Any

from generator.config.schema_common import (
    CHANNELS,
    DATE,
    DURATION,
    HOURS,
    ID,
    IMPACTS,
    TEXT,
    TICKET_SOURCE_TYPES,
    TIMESTAMP,
    TIMEZONE,
    source_schema,
)
from generator.config.schema_common import described as _d
from generator.config.schema_common import obj as _obj
from generator.locales import SOURCE_LANGUAGE, shipped_languages

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

CREDIT_TIER = _obj(
    {
        "below_percent": _d(
            {"type": "number", "exclusiveMinimum": 0, "maximum": 100},
            "The tier applies when the figure is below this percentage (strictly, compared "
            "exactly, not on a rounded figure).",
        ),
        "credit_percent": _d(
            {"type": "number", "exclusiveMinimum": 0, "maximum": 100},
            "The credit, in percent of the client's fee for the period.",
        ),
    },
    ["below_percent", "credit_percent"],
)

CREDITS = _obj(
    {
        "uptime_tiers": _d(
            {"type": "array", "minItems": 1, "items": CREDIT_TIER},
            "Credit tiers by the period's uptime: the lowest threshold the uptime is below "
            "gives the credit (below 99.9 -> 10, below 99.0 -> 25, below 95.0 -> 50). A lower "
            "threshold must give a larger credit.",
        ),
        "support_tiers": _d(
            {"type": "array", "minItems": 1, "items": CREDIT_TIER},
            "Optional credit tiers by the client's own support attainment (share of its "
            "first responses on time in the period), by the same rule.",
        ),
        "combine": _d(
            {"enum": ["sum", "highest"]},
            "How an uptime credit and a support credit in the same period combine: added, "
            "or the larger one only.",
            default="sum",
        ),
        "cap_percent": _d(
            {"type": "number", "exclusiveMinimum": 0, "maximum": 100},
            "The most a period's credit can be, in percent of the client's fee for it.",
            default=100,
        ),
        "money_places": _d(
            {"type": "integer", "minimum": 0, "maximum": 4},
            "Decimal places of the currency's smallest unit: a credit is rounded to them, "
            "half up (2: cents).",
            default=2,
        ),
        "voids": _d(
            {
                "type": "array",
                "items": _obj(
                    {
                        "when": _d(
                            {"enum": ["setup_without_specialist"]},
                            "The condition: setup_without_specialist is a client whose "
                            "clients-file entry says specialist_setup: false.",
                        ),
                        "quote": _d(
                            TEXT,
                            "The SLA's own words that void the credit: must appear verbatim "
                            "in one of terms.exceptions.",
                        ),
                    },
                    ["when", "quote"],
                ),
            },
            "Conditions under which no credit is owed, each with the clause it rests on.",
        ),
        "publish_tiers": _d(
            {"type": "boolean"},
            "Publish the credit tiers and the uptime tier each period reached in the public "
            "report JSON (never a client or an amount).",
            default=False,
        ),
        "description": _d(TEXT, "The credit terms in the SLA's words, shown with them."),
    },
    ["uptime_tiers"],
)

SLA_SCHEMA: dict[str, Any] = _obj(
    {
        "company": _d(TEXT, "The company that gives the SLA, as shown on the site and the PDF."),
        "title": _d(TEXT, "Title of the agreement.", default="Service Level Agreement"),
        "site_url": _d(
            {"type": "string", "pattern": "^https?://"},
            "Public address of the status site (used in feeds and the PDF).",
        ),
        "language": _d(
            {"type": "string", "pattern": "^[a-z]{2,3}$"},
            "The language of the site and the PDF, as the code of one statusgen has a "
            f"catalogue for ({', '.join(shipped_languages())}). The SLA's own text (terms, "
            "exclusions, incident stories) stays as written.",
            default=SOURCE_LANGUAGE,
        ),
        "languages": _d(
            {
                "type": "array",
                "minItems": 1,
                "maxItems": 20,
                "items": {"type": "string", "pattern": "^[a-z]{2,3}$"},
            },
            "Several languages, one whole site each, built together by `statusgen build`: the "
            "first at the site's root, each other under its own prefix (`uk/`, `de/`), every "
            "page with a language switcher and hreflang links to itself in the others. Give "
            "`language` or `languages`, not both: `language: de` is `languages: [de]`.",
        ),
        "brand": _d(
            _obj(
                {
                    "logo": _d(
                        {"type": "string", "minLength": 1, "maxLength": 500},
                        "The logo on the PDF report's cover: an SVG or PNG file (at most 1 MB), "
                        "relative to this file; give the file the site's mkdocs.yml names as "
                        "theme.logo, e.g. ../site/assets/logo.svg. An SVG drawn in currentColor "
                        "is drawn in white on the brand colour. Default: statusgen's own logo, "
                        "the one `statusgen init` puts in site/assets/logo.svg.",
                    ),
                    "color": _d(
                        {"type": "string", "pattern": "^#[0-9a-fA-F]{6}$"},
                        "The brand colour of the PDF report (cover band, headings), as #rrggbb: "
                        "the site's primary colour (--md-primary-fg-color in its stylesheet).",
                        default="#1f4f8f",
                    ),
                }
            ),
            "How the PDF report looks like the company's status site.",
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
                                                "How the channel is named on the site.",
                                                default="Live chat",
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
                                                "How the channel is named on the site.",
                                                default="Email",
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
                    "attainment_objective_percent": _d(
                        {"type": "number", "exclusiveMinimum": 0, "maximum": 100},
                        "Optional: the share of first responses that must meet their target "
                        "in a period, in percent (95). Without it the reports state the "
                        "attainment with no verdict and draw no target line.",
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
        "credits": _d(
            CREDITS,
            "Optional service credits: what the company owes a client for a period in which a "
            "promise was broken (per-client reports; never on the public site).",
        ),
        "sources": source_schema(
            TICKET_SOURCE_TYPES,
            "Helpdesks statusgen collect fetches tickets from, or whose export files are "
            "imported. An intercom source without token_env only maps imports.",
        ),
    },
    ["company", "timezone", "terms", "periods", "uptime"],
)
