"""The ticket store: home partitions, last line wins, and line-precise validation."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import RecordError
from generator.store.layout import DataDir
from generator.store.tickets import Ticket, load_tickets, verify_tickets, write_tickets
from generator.timeutil import parse_instant

HEADER = "id,channel,impact,plan,created_at,first_response_at,resolved_at,paused_minutes,client"


def t(text: str) -> int:
    return parse_instant(text)


def ticket(id: str, created: str, answered: str | None = None, **extra: object) -> Ticket:
    return Ticket(
        id=id,
        channel="email",
        impact="low",
        created_at=t(created),
        first_response_at=t(answered) if answered else None,
        **extra,  # type: ignore[arg-type]
    )


def test_a_ticket_lives_in_the_month_it_was_first_stored(site_dir: Path) -> None:
    data = DataDir(site_dir)
    # created late on 31 Oct local time, which is still October in UTC
    first = ticket("LT-1", "2026-10-31T23:30:00+03:00")
    summary = write_tickets(data, [first, ticket("LT-2", "2026-11-01T12:00:00Z")])
    assert (summary.added, summary.updated) == (2, 0)
    assert sorted(p.name for p in data.tickets_dir.iterdir()) == ["2026-10.csv", "2026-11.csv"]
    # answered later: the update goes to the same partition, appended
    answered = ticket("LT-1", "2026-10-31T23:30:00+03:00", "2026-11-02T09:00:00Z", plan="Pro")
    summary = write_tickets(data, [answered])
    assert (summary.added, summary.updated, summary.unchanged) == (0, 1, 0)
    october = (data.tickets_dir / "2026-10.csv").read_text().splitlines()
    assert october == [
        HEADER,
        "LT-1,email,low,,2026-10-31T20:30:00Z,,,,",
        "LT-1,email,low,Pro,2026-10-31T20:30:00Z,2026-11-02T09:00:00Z,,,",
    ]
    assert load_tickets(data) == [answered, ticket("LT-2", "2026-11-01T12:00:00Z")]
    assert write_tickets(data, [answered]).unchanged == 1


def test_rows_round_trip() -> None:
    original = ticket(
        "LT-7",
        "2026-09-09T10:00:00Z",
        "2026-09-09T10:05:00Z",
        plan="Agency, EU",  # a comma is quoted by the CSV writer
        resolved_at=t("2026-09-10T10:00:00Z"),
        paused_minutes=12.5,
    )
    assert Ticket.from_row(original.row()) == original


@pytest.mark.parametrize(
    ("line", "field", "message"),
    [
        ("LT-9,email,low,,2026-09-09T10:00:00,,,,", "created_at", "has no UTC offset"),
        ("LT-9,web,low,,2026-09-09T10:00:00Z,,,,", "channel", "'web' is not one of chat"),
        ("LT-9,email,urgent,,2026-09-09T10:00:00Z,,,,", "impact", "'urgent' is not one of"),
        ("LT-9,email,low,,2026-09-09T10:00:00Z,,,soon,", "paused_minutes", "is not a number"),
        (
            "LT-9,email,low,,2026-09-09T10:00:00Z,,2026-09-09T09:00:00Z,,",
            "resolved_at",
            "is before created_at",
        ),
        (",email,low,,2026-09-09T10:00:00Z,,,,", "id", "is required"),
    ],
)
def test_a_bad_stored_line_is_reported_with_file_line_and_field(
    site_dir: Path, line: str, field: str, message: str
) -> None:
    data = DataDir(site_dir)
    write_tickets(data, [ticket("LT-1", "2026-09-01T10:00:00Z")])
    path = data.tickets_dir / "2026-09.csv"
    with path.open("a") as handle:
        handle.write(line + "\n")
    with pytest.raises(RecordError) as caught:
        load_tickets(data)
    assert (caught.value.file, caught.value.line, caught.value.field) == (str(path), 3, field)
    assert message in caught.value.message
    _, problems = verify_tickets(data)
    assert [str(p) for p in problems] == [str(caught.value)]


def test_verify_counts_and_finds_split_tickets(site_dir: Path) -> None:
    data = DataDir(site_dir)
    write_tickets(
        data, [ticket("LT-1", "2026-09-01T10:00:00Z"), ticket("LT-2", "2026-10-01T10:00:00Z")]
    )
    write_tickets(data, [ticket("LT-1", "2026-09-01T10:00:00Z", "2026-09-01T11:00:00Z")])
    stats, problems = verify_tickets(data)
    assert (stats.files, stats.lines, stats.tickets) == (2, 3, 2)
    assert (stats.first_created, stats.last_created) == (
        t("2026-09-01T10:00:00Z"),
        t("2026-10-01T10:00:00Z"),
    )
    assert problems == []
    # a hand edit that puts a version of LT-1 into October's partition
    with (data.tickets_dir / "2026-10.csv").open("a") as handle:
        handle.write("LT-1,email,low,,2026-09-01T10:00:00Z,,,,\n")
    _, problems = verify_tickets(data)
    (problem,) = problems
    assert problem.line == 3 and problem.field == "id"
    assert "ticket 'LT-1' is also stored in" in problem.message


def test_a_wrong_header_is_an_error(site_dir: Path) -> None:
    data = DataDir(site_dir)
    data.tickets_dir.mkdir()
    (data.tickets_dir / "2026-09.csv").write_text("id,channel\nLT-1,email\n")
    with pytest.raises(RecordError, match="header must be id,channel,impact"):
        load_tickets(data)


def test_check_counts_tickets_and_reports_bad_lines(site_dir: Path) -> None:
    data = DataDir(site_dir)
    write_tickets(
        data,
        [ticket("LT-1", "2026-09-01T10:00:00Z"), ticket("LT-2", "2026-10-01T10:00:00+03:00")],
    )
    result = CliRunner().invoke(main, ["--data", str(site_dir), "check"])
    assert result.exit_code == 0, result.stderr
    assert "support: 2 calendars (support, manager), 6 impact levels, 2 high-load windows" in (
        result.stdout
    )
    assert "tickets: 2 in 2 files" in result.stdout
    assert (
        "tickets created from 2026-09-01T13:00:00+03:00 to 2026-10-01T10:00:00+03:00: "
        "SLA periods 2026-08 to 2026-08 (1)" in result.stdout
    )
    path = data.tickets_dir / "2026-09.csv"
    with path.open("a") as handle:
        handle.write("LT-3,email,low,,2026-09-09T10:00:00+03:00,,,,\n")
        handle.write("LT-4,fax,low,,2026-09-09T10:00:00+03:00,,,,\n")
    result = CliRunner().invoke(main, ["--data", str(site_dir), "check"])
    assert result.exit_code == 1
    assert f"Error: {path}:4: channel: 'fax' is not one of chat, email, other" in result.stderr


def test_check_reports_a_bad_support_policy(site_dir: Path) -> None:
    sla = site_dir / "sla.yml"
    sla.write_text(
        sla.read_text().replace(
            "      calendar: support       # the chat", "      calendar: nope  # the chat"
        )
    )
    result = CliRunner().invoke(main, ["--data", str(site_dir), "check"])
    assert result.exit_code == 1
    assert "support.channels.chat.calendar: no calendar named 'nope'" in result.stderr
