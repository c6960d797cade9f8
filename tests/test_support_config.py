"""The support policy read from the SLA file: the reference values, and errors with lines."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from generator.config.sla import load_sla
from generator.config.support import (
    SupportPolicy,
    describe_target,
    format_allowance,
    support_policy,
)
from generator.errors import ConfigError
from generator.timeutil import parse_instant

REPO = Path(__file__).resolve().parent.parent
H = 3600


def policy_of(site_dir: Path, old: str = "", new: str = "") -> SupportPolicy | None:
    path = site_dir / "sla.yml"
    text = path.read_text(encoding="utf-8")
    if old:
        assert old in text, old
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return support_policy(load_sla(path))


def line_of(site_dir: Path, needle: str) -> int:
    for number, line in enumerate((site_dir / "sla.yml").read_text().splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(needle)


def test_the_reference_policy() -> None:
    policy = support_policy(load_sla(REPO / "data" / "sla.yml"))
    assert policy is not None
    support = policy.calendars["support"]
    assert support.weekly[0] == ((9 * 60, 21 * 60),) and support.weekly[5] == ()
    assert support.business_day_seconds == 12 * H
    assert date(2026, 5, 1) in support.holidays
    assert policy.calendars["manager"].weekly[4] == ((10 * 60, 19 * 60),)
    assert (policy.chat.target_seconds, policy.chat.relaxed_target_seconds) == (600, 3600)
    assert policy.chat.relaxed_impacts == {"low", "informational", "feature"}
    targets = policy.email.targets
    assert {i: (t.seconds, t.clock) for i, t in targets.items()} == {
        "critical": (15 * 60, "calendar"),
        "high": (1 * H, "calendar"),
        "medium": (5 * H, "business"),
        "low": (8 * H, "business"),
        "informational": (12 * H, "business"),  # 1 business day = 12 working hours
        "feature": (60 * H, "business"),
    }
    assert policy.out_of_hours is not None
    assert policy.out_of_hours.impacts == {"critical", "high"}
    assert policy.out_of_hours.deadline_seconds == 24 * H
    assert policy.terms_of("other") == "email"
    window = policy.high_load_at(parse_instant("2026-11-28T12:00:00+03:00"))
    assert window is not None and "Black Friday" in window.reason
    assert policy.mappings.impact("Urgent") == "critical"
    assert policy.mappings.channel("web") == "email"
    assert policy.mappings.channel("sms") is None
    assert [level.id for level in policy.impacts][:2] == ["critical", "high"]


def test_targets_as_clients_read_them() -> None:
    policy = support_policy(load_sla(REPO / "data" / "sla.yml"))
    assert policy is not None
    assert describe_target(policy, "email", "informational") == (
        "Within 1 business day: 12 h of business hours (support)"
    )
    assert describe_target(policy, "email", "critical") == (
        "Immediate: 15 min, calendar time; created + 24 h outside business hours (support)"
    )
    assert describe_target(policy, "chat", "low") == "1 h in chat hours (support), non-urgent"
    assert format_allowance(90 * 60) == "1 h 30 min"
    assert format_allowance(45) == "45 s"


def test_no_support_section_means_no_policy(site_dir: Path) -> None:
    path = site_dir / "sla.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\nsupport:")] + "\n", encoding="utf-8")
    assert support_policy(load_sla(path)) is None


def test_a_country_and_business_day_can_be_configured(site_dir: Path) -> None:
    policy = policy_of(
        site_dir,
        "  manager:\n    name: Activation and personal manager hours\n",
        "  manager:\n    name: Activation and personal manager hours\n    business_day: 8h\n",
    )
    assert policy is not None and policy.calendars["manager"].business_day_seconds == 8 * H
    policy = policy_of(
        site_dir, "    holidays:\n      dates:", "    holidays:\n      country: UA\n      dates:"
    )
    assert policy is not None and policy.calendars["support"].country == "UA"


@pytest.mark.parametrize(
    ("old", "new", "needle", "field", "message"),
    [
        (
            "      calendar: support       # the chat clock",
            "      calendar: chathours     # the chat clock",
            "calendar: chathours",
            "support.channels.chat.calendar",
            "no calendar named 'chathours' in calendars (manager, support)",
        ),
        (
            "        feature: {within: 5 business days, clock: business, label: Within 5 business days}\n",
            "",
            "targets:",
            "support.channels.email.targets",
            "has no target for feature: every impact level needs one",
        ),
        (
            "medium: {within: 5h, clock: business",
            "medium: {within: 5 hours, clock: business",
            "medium: {within: 5 hours",
            "support.channels.email.targets.medium.within",
            "'5 hours' is not a duration like 90s, 5m or 1h30m",
        ),
        (
            "high: {within: 1h, clock: calendar",
            "high: {within: 1 business day, clock: calendar",
            "high: {within: 1 business day",
            "support.channels.email.targets.high.within",
            "business days run on the business clock",
        ),
        (
            '      mon-fri: "09:00-21:00"\n    holidays:\n      dates: [2025-12-25',
            '      mon-fri: "09:00-21:00"\n      sat: "10:00-14:00"\n    holidays:\n      dates: [2025-12-25',
            "informational: {within: 1 business day",
            "support.channels.email.targets.informational.within",
            "working days of different lengths (4 h, 12 h), so a business day is ambiguous: "
            "set calendars.support.business_day",
        ),
        (
            '      mon-fri: "09:00-21:00"\n    holidays:\n      dates: [2025-12-25',
            '      mon-fri: "09:00-21:00"\n      wed: "10:00-12:00"\n    holidays:\n      dates: [2025-12-25',
            'wed: "10:00-12:00"',
            "calendars.support.hours.wed",
            "wed is already given by 'mon-fri'",
        ),
        (
            'mon-fri: "09:00-21:00"',
            'mon-fri: "21:00-06:00"',
            'mon-fri: "21:00-06:00"',
            "calendars.support.hours.mon-fri",
            "must end after it starts; split a night shift",
        ),
        (
            'mon-fri: "09:00-21:00"',
            'fri-mon: "09:00-21:00"',
            'fri-mon: "09:00-21:00"',
            "calendars.support.hours.fri-mon",
            "a range of days runs forward",
        ),
        (
            'mon-fri: "09:00-21:00"',
            'mon-fri: "09:00-25:00"',
            'mon-fri: "09:00-25:00"',
            "calendars.support.hours.mon-fri",
            "25:00 is not a time of day",
        ),
        (
            'mon-fri: "09:00-21:00"',
            'mon-fri: ["09:00-13:00", "12:00-21:00"]',
            'mon-fri: ["09:00-13:00"',
            "calendars.support.hours.mon-fri",
            "working hours overlap",
        ),
        (
            'mon-fri: "09:00-21:00"',
            'mon-fri: "closed"',
            "    hours:",
            "calendars.support.hours",
            "has no working hours",
        ),
        (
            '    timezone: "+03:00"\n    hours:\n      mon-fri: "09:00-21:00"',
            '    timezone: "Mars/Olympus"\n    hours:\n      mon-fri: "09:00-21:00"',
            "Mars/Olympus",
            "calendars.support.timezone",
            "neither a UTC offset like +03:00 nor an IANA time zone name",
        ),
        (
            "    holidays:\n      dates: [2025-12-25",
            "    holidays:\n      country: XX\n      dates: [2025-12-25",
            "country: XX",
            "calendars.support.holidays.country",
            "the holidays package has no public holidays for it",
        ),
        (
            "    holidays:\n      dates: [2025-12-25",
            "    holidays:\n      dates: [2025-02-30",
            "dates: [2025-02-30",
            "calendars.support.holidays.dates[0]",
            "'2025-02-30' is not a valid date",
        ),
        (
            "    impacts: [critical, high]",
            "    impacts: [critical, medium]",
            "impacts: [critical, medium]",
            "support.out_of_hours.impacts[1]",
            "medium runs on the business clock",
        ),
        (
            "      end: 2025-12-02T00:00:00+03:00",
            "      end: 2025-11-27T00:00:00+03:00",
            "end: 2025-11-27",
            "support.high_load[0].end",
            "must be after start",
        ),
        (
            "impacts: {urgent: critical,",
            "impacts: {High: medium, urgent: critical,",
            "impacts: {High: medium, urgent: critical,",
            "support.mappings.impacts.High",
            "'High' is already one of the SLA's impacts; it cannot stand for 'medium'",
        ),
        (
            "      target: 10m ",
            "      target: 0m ",
            "target: 0m",
            "support.channels.chat.target",
            "must be longer than 0",
        ),
    ],
)
def test_errors_name_file_line_and_field(
    site_dir: Path, old: str, new: str, needle: str, field: str, message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        policy_of(site_dir, old, new)
    error = caught.value
    assert error.file == str(site_dir / "sla.yml")
    assert error.field == field
    assert message in error.message
    assert error.line == line_of(site_dir, needle)
