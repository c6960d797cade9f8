"""The report model: one object per SLA period that every output is rendered from.

Its JSON form (``to_json``) is a published contract, documented key by key in the README.
Times are ISO 8601 with the SLA time zone's offset; durations are given in minutes (rounded
to 4 decimals) and, exactly, in seconds; percentages are truncated, never rounded up, to 4
decimals so that a displayed figure never overstates attainment.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, fields, is_dataclass, replace
from decimal import ROUND_FLOOR, Decimal
from typing import Any

from generator.model.client_report import ClientSection, ClientSummary, CreditTiers
from generator.model.support_report import SupportSection


def minutes(seconds: int | float | Decimal) -> float:
    return round(float(seconds) / 60, 4)


def truncate(value: float | Decimal, places: int = 4) -> float:
    """``value`` cut to ``places`` decimals, never rounded up: the one rule by which every
    percentage is shortened, in the JSON (4 places) and on the page alike, so no figure
    ever overstates attainment (99.99995 is 99.9999, never 100)."""
    exact = value if isinstance(value, Decimal) else Decimal(repr(value))
    return float(exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_FLOOR))


def percent(numerator: int | Decimal, denominator: int | Decimal) -> float | None:
    """100 x (1 - numerator/denominator), truncated to 4 decimals; None for an empty span."""
    if not denominator:
        return None
    return truncate((Decimal(1) - Decimal(numerator) / Decimal(denominator)) * 100)


@dataclass(frozen=True)
class PeriodInfo:
    id: str
    label: str
    start: str
    end: str
    as_of: str
    to_date: bool
    period_minutes: float
    elapsed_minutes: float


@dataclass(frozen=True)
class ExcludedDowntime:
    component: str
    start: str
    end: str
    minutes: float
    seconds: int
    rule: str
    reason: str
    source: str


@dataclass(frozen=True)
class Outage:
    start: str
    end: str
    minutes: float
    seconds: int
    excluded: bool
    reason: str | None
    rule: str | None
    ongoing: bool
    incidents: list[str]


@dataclass(frozen=True)
class ComponentUptime:
    id: str
    name: str
    group: str | None
    covered: bool
    beta: bool
    counted: bool
    percent: float | None
    observed_percent: float | None
    downtime_minutes: float
    downtime_seconds: int
    excluded_minutes: float
    counted_downtime_minutes: float
    no_data_minutes: float
    outages: list[Outage]
    daily_downtime_minutes: list[float]  # counted (SLA view), aligned with uptime.daily
    # up but above a latency threshold: never downtime, so counted apart
    degraded_minutes: float = 0.0
    degraded_seconds: int = 0


@dataclass(frozen=True)
class MaintenanceCheck:
    id: str
    title: str
    start: str
    end: str
    components: list[str]
    releases: int
    state: str
    allowed_seconds: int
    observed_downtime_seconds: int
    counted_seconds: int
    exceeded: bool


@dataclass(frozen=True)
class Day:
    """One local day of the period: what the daily charts and the burn-down are drawn from."""

    date: str
    minutes: float  # measured minutes of the day (less on the running day)
    downtime_minutes: float
    downtime_seconds: int
    excluded_minutes: float
    no_data_minutes: float
    percent: float | None
    cumulative_downtime_minutes: float


@dataclass(frozen=True)
class Projection:
    method: str
    downtime_minutes: float
    percent: float | None
    met: bool
    no_further_downtime_percent: float | None


@dataclass(frozen=True)
class UptimeSection:
    objective_percent: float
    percent: float | None  # None: nothing was measured in the period
    met: bool | None  # None: nothing was measured, so neither met nor missed
    period_minutes: float
    elapsed_minutes: float
    measured_minutes: float
    downtime_minutes: float
    downtime_seconds: int
    allowed_downtime_minutes: float
    allowed_downtime_seconds: float
    error_budget_minutes: float
    error_budget_used_percent: float
    excluded_minutes: float
    no_data_minutes: float
    excluded: list[ExcludedDowntime]
    components: list[ComponentUptime]
    maintenance: list[MaintenanceCheck]
    projection: Projection | None
    daily: list[Day]


@dataclass(frozen=True)
class Terms:
    effective_date: str
    last_review: str
    next_review: str
    review_overdue: bool
    review_overdue_since: str | None


@dataclass(frozen=True)
class MonitorMethod:
    id: str
    component: str
    interval_seconds: int
    max_gap_seconds: int
    locations: list[str]
    quorum: int


@dataclass(frozen=True)
class ExclusionRule:
    id: str
    text: str
    applies_to: str


@dataclass(frozen=True)
class Methodology:
    timezone: str
    period_months: int
    period_first_month: int
    objective_percent: float
    default_quorum: int
    max_gap_intervals: float
    scheduled_downtime_per_release_seconds: int
    scheduled_downtime_excess_counts: bool
    exclusions: list[ExclusionRule]
    monitors: list[MonitorMethod]


@dataclass(frozen=True)
class Report:
    schema_version: int
    company: str
    generated_at: str
    audience: str
    period: PeriodInfo
    uptime: UptimeSection
    terms: Terms
    methodology: Methodology
    support: SupportSection | None = None  # None: the SLA makes no support commitment
    client: ClientSection | None = None  # the client edition only
    clients: list[ClientSummary] | None = None  # the internal edition, given a clients file
    credit_tiers: CreditTiers | None = None  # only when the SLA file publishes them

    def to_json(self) -> dict[str, Any]:
        data = to_plain(self)
        for optional in ("support", "client", "clients", "credit_tiers"):
            if data.get(optional) is None:
                data.pop(optional)
        return data  # type: ignore[no-any-return]


def to_plain(value: Any) -> Any:
    """Dataclasses to dicts (field order kept), recursively."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_plain(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list | tuple):
        return [to_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: to_plain(v) for k, v in value.items()}
    if hasattr(value, "to_json"):
        return to_plain(value.to_json())
    return value


def reference(report: Report) -> str:
    """A short digest of the report's figures, less its stamp: two reports of a closed
    period with the same stamp and other figures (a record amended after the stamp, see
    generator/reporting/settled.py) have different references. Printed on the PDF's cover,
    formatted ``xxxx-xxxx`` to be read out and quoted."""
    plain = replace(report, generated_at="", period=replace(report.period, as_of="")).to_json()
    digest = hashlib.sha256(json.dumps(plain, sort_keys=True).encode()).hexdigest()
    return f"{digest[:4]}-{digest[4:8]}"
