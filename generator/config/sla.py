"""The SLA file: the agreement's terms and every rule statusgen applies.

The file is validated against :data:`generator.config.schema.SLA_SCHEMA`, then turned into
typed, immutable objects here. Support calendars and targets are kept as validated mappings
for :mod:`generator.config.support` to interpret.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from datetime import date, tzinfo
from decimal import Decimal
from pathlib import Path
from typing import Any

from generator.config.schema import SLA_SCHEMA, default_of
from generator.config.validate import validate
from generator.config.yamlfile import YamlDocument, load_yaml
from generator.errors import ConfigError
from generator.locales import SOURCE_LANGUAGE, shipped_languages
from generator.timeutil import TimeFormatError, parse_duration, parse_timezone


@dataclass(frozen=True)
class Definition:
    term: str
    meaning: str


@dataclass(frozen=True)
class Terms:
    effective_date: date
    last_review: date
    next_review: date
    scope: tuple[str, ...]
    introduction: str = ""
    objectives: tuple[str, ...] = ()
    definitions: tuple[Definition, ...] = ()
    client_responsibilities: tuple[str, ...] = ()
    exceptions: tuple[str, ...] = ()

    def review_overdue(self, today: date) -> bool:
        return today > self.next_review


@dataclass(frozen=True)
class PeriodRule:
    months: int
    first_month: int


@dataclass(frozen=True)
class Exclusion:
    id: str
    text: str
    applies_to: str


@dataclass(frozen=True)
class ScheduledDowntime:
    per_release_seconds: int
    exclusion: str
    excess_counts: bool
    description: str


@dataclass(frozen=True)
class UptimePolicy:
    objective_percent: Decimal
    quorum: int
    max_gap_intervals: float
    scheduled_downtime: ScheduledDowntime
    exclusions: tuple[Exclusion, ...]
    beta_exclusion: str
    measurement: str = ""

    def exclusion(self, exclusion_id: str) -> Exclusion:
        for exclusion in self.exclusions:
            if exclusion.id == exclusion_id:
                return exclusion
        raise KeyError(exclusion_id)


LOGO_TYPES = (".svg", ".png")
LOGO_MAX_BYTES = 1_000_000


@dataclass(frozen=True)
class Brand:
    """How the PDF report looks like the company's site: its logo (None: statusgen's own,
    the one ``init`` puts in the site) and its colour."""

    color: str = str(default_of(SLA_SCHEMA, "brand", "color"))
    logo: Path | None = None


def _brand(doc: YamlDocument, path: Path, section: dict[str, Any] | None) -> Brand:
    if section is None:
        return Brand()
    logo = None
    if "logo" in section:
        logo = (path.parent / section["logo"]).resolve()
        where = ("brand", "logo")
        if logo.suffix.lower() not in LOGO_TYPES:
            raise doc.error(where, f"{section['logo']!r} is not an SVG or PNG file")
        if not logo.is_file():
            raise doc.error(where, f"no file {section['logo']!r} beside the SLA file")
        if logo.stat().st_size > LOGO_MAX_BYTES:
            raise doc.error(where, f"{section['logo']!r} is larger than 1 MB")
    return Brand(section.get("color", Brand.color), logo)


@dataclass(frozen=True)
class Sla:
    file: str
    company: str
    title: str
    timezone: tzinfo
    timezone_name: str
    terms: Terms
    periods: PeriodRule
    uptime: UptimePolicy
    site_url: str | None = None
    language: str = SOURCE_LANGUAGE  # a code of generator.locales.shipped_languages()
    # every language a site is built in, the root's first; language is the one told now
    languages: tuple[str, ...] = (SOURCE_LANGUAGE,)
    calendars: dict[str, Any] = field(default_factory=dict)
    coverage: tuple[dict[str, Any], ...] = ()
    support: dict[str, Any] | None = None
    credits: dict[str, Any] | None = None  # interpreted by generator.config.credits
    brand: Brand = field(default_factory=Brand)
    document: YamlDocument | None = field(default=None, compare=False, repr=False)

    @functools.cached_property
    def derived(self) -> dict[str, Any]:
        """What is read from this SLA once and kept with it, as long as it lives: its support
        policy (:func:`generator.config.support.support_policy`) and the digest of its
        support terms (:mod:`generator.reporting.kept_support`)."""
        return {}


def _date(doc: YamlDocument, path: tuple[str, ...], value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise doc.error(path, f"{value!r} is not a valid date (YYYY-MM-DD)") from None


def load_sla(path: Path) -> Sla:
    doc = load_yaml(path)
    validate(doc, SLA_SCHEMA, "SLA file")
    data = doc.data
    try:
        tz = parse_timezone(data["timezone"])
    except TimeFormatError as exc:
        raise doc.error(("timezone",), str(exc)) from None

    t = data["terms"]
    terms = Terms(
        effective_date=_date(doc, ("terms", "effective_date"), t["effective_date"]),
        last_review=_date(doc, ("terms", "last_review"), t["last_review"]),
        next_review=_date(doc, ("terms", "next_review"), t["next_review"]),
        scope=tuple(t["scope"]),
        introduction=t.get("introduction", ""),
        objectives=tuple(t.get("objectives", ())),
        definitions=tuple(Definition(d["term"], d["meaning"]) for d in t.get("definitions", ())),
        client_responsibilities=tuple(t.get("client_responsibilities", ())),
        exceptions=tuple(t.get("exceptions", ())),
    )
    if not terms.effective_date <= terms.last_review <= terms.next_review:
        raise doc.error(
            ("terms", "last_review"),
            "dates must be in order: effective_date <= last_review <= next_review",
        )

    u = data["uptime"]
    applies_to = default_of(SLA_SCHEMA, "uptime", "exclusions", "applies_to")
    exclusions = tuple(
        Exclusion(e["id"], e["text"], e.get("applies_to", applies_to)) for e in u["exclusions"]
    )
    ids = [e.id for e in exclusions]
    for index, exclusion_id in enumerate(ids):
        if ids.index(exclusion_id) != index:
            raise doc.error(
                ("uptime", "exclusions", index, "id"), f"duplicate exclusion {exclusion_id!r}"
            )
    sd = u["scheduled_downtime"]
    for key, value, wanted in (
        (("uptime", "scheduled_downtime", "exclusion"), sd["exclusion"], "maintenance"),
        (("uptime", "beta_exclusion"), u["beta_exclusion"], "beta"),
    ):
        if value not in ids:
            raise doc.error(
                key, f"{value!r} is not an exclusion id in uptime.exclusions ({', '.join(ids)})"
            )
        applies = exclusions[ids.index(value)].applies_to
        if applies not in (wanted, "any"):
            raise doc.error(key, f"exclusion {value!r} applies to {applies}, not {wanted}")
    try:
        per_release = parse_duration(sd["per_release"])
    except TimeFormatError as exc:
        raise doc.error(("uptime", "scheduled_downtime", "per_release"), str(exc)) from None
    uptime = UptimePolicy(
        objective_percent=Decimal(str(u["objective_percent"])),
        quorum=int(u.get("quorum", default_of(SLA_SCHEMA, "uptime", "quorum"))),
        max_gap_intervals=float(
            u.get("max_gap_intervals", default_of(SLA_SCHEMA, "uptime", "max_gap_intervals"))
        ),
        scheduled_downtime=ScheduledDowntime(
            per_release_seconds=per_release,
            exclusion=sd["exclusion"],
            excess_counts=bool(
                sd.get(
                    "excess_counts",
                    default_of(SLA_SCHEMA, "uptime", "scheduled_downtime", "excess_counts"),
                )
            ),
            description=sd.get("description", ""),
        ),
        exclusions=exclusions,
        beta_exclusion=u["beta_exclusion"],
        measurement=u.get("measurement", ""),
    )
    languages = _languages(doc)
    calendars = data.get("calendars", {})
    for index, row in enumerate(data.get("coverage", ())):
        if "calendar" in row and row["calendar"] not in calendars:
            raise doc.error(
                ("coverage", index, "calendar"), f"no calendar named {row['calendar']!r}"
            )
    return Sla(
        file=str(path),
        company=data["company"],
        title=data.get("title", default_of(SLA_SCHEMA, "title")),
        timezone=tz,
        timezone_name=data["timezone"],
        terms=terms,
        periods=PeriodRule(data["periods"]["months"], data["periods"]["first_month"]),
        uptime=uptime,
        site_url=data.get("site_url"),
        language=languages[0],
        languages=languages,
        calendars=calendars,
        coverage=tuple(data.get("coverage", ())),
        support=data.get("support"),
        credits=data.get("credits"),
        brand=_brand(doc, path, data.get("brand")),
        document=doc,
    )


def _languages(doc: YamlDocument) -> tuple[str, ...]:
    """``languages: [en, uk]``, or ``language: uk`` as a list of one; never both."""
    data = doc.data
    if "languages" in data:
        if "language" in data:
            raise doc.error(
                ("languages",),
                "give language or languages, not both (language: de is languages: [de])",
            )
        codes: list[str] = list(data["languages"])
        paths: list[tuple[str | int, ...]] = [("languages", i) for i in range(len(codes))]
    else:
        codes = [data.get("language", default_of(SLA_SCHEMA, "language"))]
        paths = [("language",)]
    shipped = shipped_languages()
    for index, code in enumerate(codes):
        if code not in shipped:
            raise doc.error(
                paths[index],
                f"statusgen has no catalogue for {code!r} (it speaks {', '.join(shipped)})",
            )
        if codes.index(code) != index:
            raise doc.error(paths[index], f"{code!r} is listed twice")
    return tuple(codes)


def require_file(path: Path, what: str) -> None:
    if not path.is_file():
        raise ConfigError(f"{what} not found", file=path)
