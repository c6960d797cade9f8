"""The ticket store: home partitions, last line wins, and line-precise validation."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import RecordError
from generator.store import cache
from generator.store import tickets as ticket_store
from generator.store.layout import DataDir
from generator.store.lock import StoreError
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


def test_verify_checks_the_lines_before_a_bad_one(site_dir: Path) -> None:
    """A partition with a bad line is not kept in the derived cache, but its lines before
    that one are still counted and checked against the other partitions."""
    data = DataDir(site_dir)
    write_tickets(
        data, [ticket("LT-1", "2026-09-01T10:00:00Z"), ticket("LT-2", "2026-10-01T10:00:00Z")]
    )
    verify_tickets(data)  # the partitions as they were, kept
    path = data.tickets_dir / "2026-10.csv"
    with path.open("a") as handle:
        handle.write("LT-1,email,low,,2026-09-01T10:00:00Z,,,,\n")  # line 3: LT-1's home is 09
        handle.write("LT-3,fax,low,,2026-10-09T10:00:00Z,,,,\n")  # line 4: no such channel
    stats, problems = verify_tickets(data)
    assert [(p.file, p.line, p.field) for p in problems if isinstance(p, RecordError)] == [
        (str(path), 3, "id"),
        (str(path), 4, "channel"),
    ]
    assert (stats.files, stats.lines, stats.tickets) == (2, 3, 2)


def _as_checked(data: DataDir) -> list[tuple[int, Ticket]]:
    """Every partition's lines as checked from its CSV, without the cache."""
    return [line for p in ticket_store._partitions(data) for line in ticket_store._checked(p)]


def test_tickets_are_read_through_the_cache_and_never_stale(
    site_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STATUSGEN_CACHE_DIR", str(tmp_path / "cache"))
    data = DataDir(site_dir)
    first = ticket("LT-1", "2026-09-01T10:00:00Z", plan="Agency, EU", paused_minutes=12.5)
    later = ticket("LT-2", "2026-10-01T10:00:00Z", "2026-10-01T10:05:00Z", client="org-1")
    write_tickets(data, [first, later])
    answered = ticket("LT-1", "2026-09-01T10:00:00Z", "2026-09-02T09:00:00Z", plan="Pro")
    write_tickets(data, [answered])
    # a partition an older version wrote, without the client column
    legacy = data.tickets_dir / "2026-08.csv"
    legacy.write_text(
        HEADER.removesuffix(",client") + "\nLT-0,chat,high,,2026-08-03T10:00:00Z,,,\n"
    )
    checked = _as_checked(data)
    expected = [Ticket("LT-0", "chat", "high", t("2026-08-03T10:00:00Z"))]
    assert load_tickets(data) == [*expected, answered, later]
    cache.flush()  # the entries written
    assert sorted(p.name for p in (tmp_path / "cache" / "data" / "tickets").iterdir()) == [
        "2026-08.arrow",
        "2026-09.arrow",
        "2026-10.arrow",
    ]

    # read again, nothing is checked again: the cached lines are the lines as checked
    def unchecked(record: dict[str, object], **_: object) -> Ticket:
        raise AssertionError(f"checked again: {record}")

    with monkeypatch.context() as patched:
        patched.setattr(ticket_store, "parse_stored", unchecked)
        lines = [
            line
            for p in ticket_store._partitions(data)
            for line in ticket_store.read_partition(p, data)
        ]
        assert lines == checked
        assert load_tickets(data) == [*expected, answered, later]
        # a changed partition is read and checked again, never taken from the cache
        with (data.tickets_dir / "2026-10.csv").open("a") as handle:
            handle.write("LT-3,email,low,,2026-10-09T10:00:00Z,,,,\n")
        with pytest.raises(AssertionError, match=r"checked again: .*LT-2"):
            load_tickets(data)
    assert load_tickets(data)[-1] == ticket("LT-3", "2026-10-09T10:00:00Z")
    # a bad line added since the cache was made is an error
    with (data.tickets_dir / "2026-09.csv").open("a") as handle:
        handle.write("LT-9,web,low,,2026-09-09T10:00:00Z,,,,\n")
    with pytest.raises(RecordError) as caught:
        load_tickets(data)
    assert (caught.value.line, caught.value.field) == (4, "channel")


def test_cached_tickets_are_checked_again_by_other_rules(
    site_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A statusgen whose checks differ (another release, an edited checkout) checks the
    lines again: the cache's entries are named by the rules' source."""
    monkeypatch.setenv("STATUSGEN_CACHE_DIR", str(tmp_path / "cache"))
    data = DataDir(site_dir)
    write_tickets(data, [ticket("LT-1", "2026-09-01T10:00:00Z")])
    load_tickets(data)
    cache.flush()
    seen: list[object] = []
    parse = ticket_store.parse_stored

    def counted(record: dict[str, object], **options: object) -> Ticket:
        seen.append(record["id"])
        return parse(record, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(ticket_store, "parse_stored", counted)
    load_tickets(data)
    assert seen == []
    monkeypatch.setattr(ticket_store, "_cached_shape", lambda: "tickets:other rules")
    assert load_tickets(data) == [ticket("LT-1", "2026-09-01T10:00:00Z")]
    assert seen == ["LT-1"]


def test_a_directory_where_a_ticket_partition_belongs_is_an_error(site_dir: Path) -> None:
    data = DataDir(site_dir)
    (data.tickets_dir / "2026-09.csv").mkdir(parents=True)
    with pytest.raises(StoreError, match="is a directory where a partition file belongs"):
        load_tickets(data)


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
