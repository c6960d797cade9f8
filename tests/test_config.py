"""The SLA file and the services file: the reference values, and errors with lines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from generator.config.services import load_services
from generator.config.sla import load_sla
from generator.errors import ConfigError, ErrorList, GeneratorError

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
