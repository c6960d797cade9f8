"""The SLA file and the services file: the reference values, and errors with lines."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.config.credits import credit_policy
from generator.config.schema import MAINTENANCE_SCHEMA, SERVICES_SCHEMA, SLA_SCHEMA, default_of
from generator.config.services import load_services
from generator.config.sla import load_sla
from generator.config.sources import SourceConfig, load_sources
from generator.config.support import support_policy
from generator.errors import ConfigError, ErrorList, GeneratorError
from generator.model.maintenance import load_maintenance_file
from generator.timeutil import parse_duration

REPO = Path(__file__).resolve().parent.parent


def test_the_demo_sla_encodes_the_reference_sla() -> None:
    sla = load_sla(REPO / "data" / "sla.yml")
    assert sla.terms.effective_date == date(2021, 3, 1)
    assert sla.terms.last_review == date(2023, 1, 8)
    assert sla.terms.next_review == date(2024, 11, 20)
    assert sla.uptime.objective_percent == Decimal("99.9")
    assert (sla.periods.months, sla.periods.first_month) == (3, 2)
    assert sla.timezone_name == "+03:00"
    assert sla.uptime.scheduled_downtime.per_release_seconds == 10
    assert [e.id for e in sla.uptime.exclusions] == [
        "performance",
        "third-party",
        "beta",
        "scheduled-release",
    ]
    assert sla.terms.scope == ("Product", "Client Support", "Client Activation")
    assert sla.calendars["support"]["hours"] == {"mon-fri": "09:00-21:00"}
    assert sla.calendars["manager"]["hours"] == {"mon-fri": "10:00-19:00"}
    assert sla.support is not None
    email = sla.support["channels"]["email"]["targets"]
    assert email["critical"]["within"] == "15m" and email["feature"]["within"] == "5 business days"
    assert sla.support["channels"]["chat"]["target"] == "10m"


def test_the_demo_services() -> None:
    sla = load_sla(REPO / "data" / "sla.yml")
    services = load_services(REPO / "data" / "services.yml", sla)
    assert len(services.components) == 4
    assert [c.id for c in services.components if c.beta] == ["insights"]
    edge = services.monitors["tracking-edge"]
    assert (edge.locations, edge.quorum, edge.interval, edge.max_gap) == (
        ("eu-central", "us-east"),
        2,
        300,
        900,
    )
    assert services.monitors["api-public"].quorum == 1  # one location: quorum capped


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def sla_text(**replace: str) -> str:
    text = (REPO / "data" / "sla.yml").read_text(encoding="utf-8")
    for old, new in replace.items():
        assert old in text
        text = text.replace(old, new, 1)
    return text


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "objective_percent: 99.9 ",
            "objective_percent: 100.5 ",
            "uptime.objective_percent: 100.5 is greater than the maximum of 100",
        ),
        (
            "objective_percent: 99.9 ",
            "objective_percnt: 99.9 ",
            "uptime.objective_percnt: unknown key ('objective_percnt' was unexpected)",
        ),
        (
            "next_review: 2024-11-20",
            "next_review: 20/11/2024",
            "terms.next_review: '20/11/2024' is not an ISO date (YYYY-MM-DD)",
        ),
        (
            'timezone: "+03:00"            #',
            'timezone: "Mars/Olympus"            #',
            "timezone: 'Mars/Olympus' is neither a UTC offset",
        ),
        (
            "beta_exclusion: beta",
            "beta_exclusion: betta",
            "uptime.beta_exclusion: 'betta' is not an exclusion id",
        ),
        ("  months: 3 ", "  months: 5 ", "periods.months: 5 is not one of [1, 2, 3, 4, 6, 12]"),
        (
            "last_review: 2023-01-08",
            "last_review: 2025-01-08",
            "terms.last_review: dates must be in order",
        ),
        ("company: Lumentrack", "company: Lumentrack\ncompany: Other", "company: duplicate key"),
        (
            "company: Lumentrack",
            "company: Lumentrack\nlanguage: fr",
            "language: statusgen has no catalogue for 'fr' (it speaks en, de, uk)",
        ),
        (
            "company: Lumentrack",
            "company: Lumentrack\nlanguage: Deutsch",
            "language: 'Deutsch' is not valid",
        ),
    ],
)
def test_sla_errors_name_file_line_and_field(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    text = sla_text(**{old: new})
    path = write(tmp_path, "sla.yml", text)
    with pytest.raises(GeneratorError) as info:
        load_sla(path)
    # the error points at the line that was changed
    line = next(n for n, row in enumerate(text.splitlines(), 1) if new.splitlines()[-1] in row)
    message = str(info.value)
    assert message.startswith(f"{path}:{line}: ")
    assert expected in message


def test_several_schema_problems_are_all_reported(tmp_path: Path) -> None:
    text = sla_text(
        **{"objective_percent: 99.9 ": "objective_percent: high ", "  months: 3 ": "  months: 5 "}
    )
    with pytest.raises(ErrorList) as info:
        load_sla(write(tmp_path, "sla.yml", text))
    assert len(info.value.errors) == 2


def test_yaml_syntax_errors_have_a_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"sla.yml:4: not valid YAML"):
        load_sla(write(tmp_path, "sla.yml", "company: x\nterms:\n  - [unclosed\n"))


SERVICES = """\
components:
  - id: web
    name: Web
    monitors:
      - id: web-http
        interval: 5m
        locations: [a, b]
{extra}
"""


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (
            "        quorum: 3",
            ":8: components[0].monitors[0].quorum: 3 is more than the monitor's 2 location(s)",
        ),
        (
            "  - id: web\n    name: Again\n    monitors: [{id: x, interval: 60, locations: [a]}]",
            ":8: components[1].id: duplicate component 'web'",
        ),
        (
            "  - id: api\n    name: API\n    monitors: [{id: web-http, interval: 60, locations: [a]}]",
            "duplicate monitor 'web-http'",
        ),
        ("        interval2: 5m", "unknown key ('interval2' was unexpected)"),
        ("        check: {type: http}", "a http check needs 'url'"),
    ],
)
def test_services_errors(tmp_path: Path, extra: str, expected: str) -> None:
    sla = load_sla(REPO / "data" / "sla.yml")
    path = write(tmp_path, "services.yml", SERVICES.format(extra=extra))
    with pytest.raises(GeneratorError) as info:
        load_services(path, sla)
    assert expected in str(info.value)


# Every default is declared once, in the schema, and the loaders read it from there: a file
# without the key gets exactly the schema's default. The table says where each default ends
# up once loaded; a default added to a schema without a row here fails the walk below.
Loaded = dict[str, Any]


def _source(loaded: Loaded, kind: str) -> SourceConfig:
    return next(s for s in loaded["sources"] if s.kind == kind)


WHERE_DEFAULTS_LAND: dict[tuple[str, tuple[str, ...]], Callable[[Loaded], object]] = {
    ("sla", ("title",)): lambda x: x["sla"].title,
    ("sla", ("language",)): lambda x: x["sla"].language,
    ("sla", ("brand", "color")): lambda x: x["sla"].brand.color,
    ("sla", ("uptime", "quorum")): lambda x: x["sla"].uptime.quorum,
    ("sla", ("uptime", "max_gap_intervals")): lambda x: x["sla"].uptime.max_gap_intervals,
    ("sla", ("uptime", "scheduled_downtime", "excess_counts")): (
        lambda x: x["sla"].uptime.scheduled_downtime.excess_counts
    ),
    ("sla", ("uptime", "exclusions", "applies_to")): (
        lambda x: x["sla"].uptime.exclusions[0].applies_to
    ),
    ("sla", ("support", "channels", "chat", "name")): lambda x: x["support"].chat.name,
    ("sla", ("support", "channels", "email", "name")): lambda x: x["support"].email.name,
    ("sla", ("support", "channels", "other")): lambda x: x["support"].other_follows,
    ("sla", ("sources", "step")): lambda x: _source(x, "tickets").step,
    ("sla", ("sources", "chunk")): lambda x: _source(x, "tickets").chunk,
    ("sla", ("sources", "monitor_label")): lambda x: _source(x, "tickets").monitor_label,
    ("sla", ("sources", "lookback")): lambda x: _source(x, "tickets").lookback,
    ("sla", ("sources", "timeout")): lambda x: _source(x, "tickets").timeout,
    ("sla", ("sources", "plan")): lambda x: _source(x, "tickets").plan,
    ("services", ("components", "covered")): (lambda x: x["services"].components[0].covered),
    ("services", ("components", "beta")): (lambda x: x["services"].components[0].beta),
    ("services", ("components", "monitors", "check", "method")): (
        lambda x: x["services"].monitors["tracking-edge"].check["method"]
    ),
    ("services", ("components", "monitors", "check", "expect_status")): (
        lambda x: x["services"].monitors["tracking-edge"].check["expect_status"]
    ),
    ("services", ("components", "monitors", "check", "timeout")): (
        lambda x: x["services"].monitors["tracking-edge"].check["timeout"]
    ),
    ("services", ("sources", "step")): lambda x: _source(x, "probes").step,
    ("services", ("sources", "chunk")): lambda x: _source(x, "probes").chunk,
    ("services", ("sources", "monitor_label")): lambda x: _source(x, "probes").monitor_label,
    ("services", ("sources", "lookback")): lambda x: _source(x, "probes").lookback,
    ("services", ("sources", "timeout")): lambda x: _source(x, "probes").timeout,
    ("services", ("sources", "plan")): lambda x: _source(x, "probes").plan,
    ("services", ("components", "monitors", "degraded", "percentile")): (
        lambda x: x["services"].monitors["tracking-edge"].degraded.percentile
    ),
    ("services", ("components", "monitors", "degraded", "window")): (
        lambda x: x["services"].monitors["tracking-edge"].degraded.window
    ),
    ("services", ("notifications", "maintenance_lead")): (
        lambda x: x["services"].notifications.maintenance_lead
    ),
    ("services", ("notifications", "review_lead")): (
        lambda x: x["services"].notifications.review_lead
    ),
    ("services", ("notifications", "budget_thresholds")): (
        lambda x: list(x["services"].notifications.budget_thresholds)
    ),
    ("services", ("status_page", "blip_under")): lambda x: x["services"].blip_under,
    ("sla", ("credits", "combine")): lambda x: x["credits"].combine,
    ("sla", ("credits", "cap_percent")): lambda x: x["credits"].cap_percent,
    ("sla", ("credits", "money_places")): lambda x: x["credits"].money_places,
    ("sla", ("credits", "publish_tiers")): lambda x: x["credits"].publish_tiers,
    ("maintenance", ("releases",)): lambda x: x["maintenance"].releases,
    ("maintenance", ("cancelled",)): lambda x: x["maintenance"].cancelled,
}
# A source's durations are loaded as seconds; the schema writes them as text ("30s", "1d").
SECONDS = {("sources", key) for key in ("step", "chunk", "lookback", "timeout")} | {
    ("components", "monitors", "degraded", "window"),
    ("notifications", "maintenance_lead"),
    ("notifications", "review_lead"),
    ("status_page", "blip_under"),
}
SCHEMAS = {"sla": SLA_SCHEMA, "services": SERVICES_SCHEMA, "maintenance": MAINTENANCE_SCHEMA}


def optional_defaults(
    schema: dict[str, Any], prefix: tuple[str, ...] = ()
) -> Iterator[tuple[tuple[str, ...], Any]]:
    """(path, default) of every property that has a default and may be left out."""
    required = schema.get("required", [])
    for key, prop in schema.get("properties", {}).items():
        path = (*prefix, key)
        if "default" in prop and key not in required:
            yield path, prop["default"]
        inner = prop.get("items") if prop.get("type") == "array" else prop
        if isinstance(inner, dict) and isinstance(inner.get("additionalProperties"), dict):
            inner = inner["additionalProperties"]
        if isinstance(inner, dict):
            yield from optional_defaults(inner, path)


def without(data: Any, path: tuple[str, ...]) -> None:
    """Remove the key at ``path``, in a list from its first item: the others keep theirs, so
    what refers to them (the maintenance exclusion, a beta component) still holds."""
    if isinstance(data, list):
        without(data[0], path)
    elif isinstance(data, dict):
        if len(path) == 1:
            data.pop(path[0], None)
        elif path[0] in data:
            without(data[path[0]], path[1:])


def load_without(tmp_path: Path, file: str, path: tuple[str, ...]) -> Loaded:
    """The demo SLA and services files, a source in each and a maintenance window, loaded
    with the key at ``path`` left out of ``file``."""
    sla_data = yaml.safe_load((REPO / "data" / "sla.yml").read_text(encoding="utf-8"))
    services_data = yaml.safe_load((REPO / "data" / "services.yml").read_text(encoding="utf-8"))
    sla_data["sources"] = [{"id": "desk", "type": "intercom"}]
    sla_data["credits"] = {"uptime_tiers": [{"below_percent": 99.9, "credit_percent": 10}]}
    sla_data["brand"] = {"color": "#aa3300"}
    services_data["sources"] = [{"id": "kuma", "type": "uptime-kuma"}]
    services_data["components"][0]["monitors"][0]["degraded"] = {
        "latency_ms": 800,
        "percentile": 95,
        "window": "15m",
    }
    services_data["notifications"] = {
        "maintenance_lead": "1h",
        "review_lead": "30d",
        "budget_thresholds": [50, 75, 100],
    }
    services_data["status_page"] = {"blip_under": "60s"}
    maintenance_data = {
        "title": "Database upgrade",
        "components": ["dashboard"],
        "start": "2026-08-12T01:00:00+03:00",
        "end": "2026-08-12T02:00:00+03:00",
    }
    without(
        {"sla": sla_data, "services": services_data, "maintenance": maintenance_data},
        (
            file,
            *path,
        ),
    )
    sla_file = write(tmp_path, "sla.yml", yaml.safe_dump(sla_data))
    services_file = write(tmp_path, "services.yml", yaml.safe_dump(services_data))
    window = write(tmp_path, "upgrade.md", f"---\n{yaml.safe_dump(maintenance_data)}---\n")
    sla = load_sla(sla_file)
    services = load_services(services_file, sla)
    return {
        "sla": sla,
        "support": support_policy(sla),
        "credits": credit_policy(sla),
        "services": services,
        "sources": load_sources(sla_file, services_file, services),
        "maintenance": load_maintenance_file(window, sla, services),
    }


def test_every_optional_default_in_the_schemas_is_known_here() -> None:
    declared = {
        (file, path) for file, schema in SCHEMAS.items() for path, _ in optional_defaults(schema)
    }
    assert declared == set(WHERE_DEFAULTS_LAND)


@pytest.mark.parametrize(
    ("file", "path"),
    list(WHERE_DEFAULTS_LAND),
    ids=[f"{file}:{'.'.join(path)}" for file, path in WHERE_DEFAULTS_LAND],
)
def test_a_left_out_key_gets_the_schemas_default(
    tmp_path: Path, file: str, path: tuple[str, ...]
) -> None:
    default = default_of(SCHEMAS[file], *path)
    expected = parse_duration(default) if path in SECONDS else default
    loaded = load_without(tmp_path, file, path)
    assert WHERE_DEFAULTS_LAND[(file, path)](loaded) == expected


def test_the_reference_defaults_by_hand(tmp_path: Path) -> None:
    """The rule numbers themselves, so a changed default is a decision a test records."""
    loaded = load_without(tmp_path, "sla", ("uptime", "quorum"))
    assert loaded["sla"].uptime.quorum == 2
    loaded = load_without(tmp_path, "sla", ("uptime", "max_gap_intervals"))
    assert loaded["sla"].uptime.max_gap_intervals == 3
    assert loaded["services"].monitors["tracking-edge"].max_gap == 900  # 3 x 5 min


def test_three_locations_and_no_quorum_of_its_own_need_two_to_agree(tmp_path: Path) -> None:
    sla_data = yaml.safe_load((REPO / "data" / "sla.yml").read_text(encoding="utf-8"))
    del sla_data["uptime"]["quorum"]
    sla = load_sla(write(tmp_path, "sla.yml", yaml.safe_dump(sla_data)))
    text = SERVICES.format(extra="").replace("[a, b]", "[a, b, c]")
    services = load_services(write(tmp_path, "services.yml", text), sla)
    assert services.monitors["web-http"].quorum == 2


def test_default_of_names_a_missing_default() -> None:
    with pytest.raises(KeyError):
        default_of(SLA_SCHEMA, "uptime", "objective_percent")
