"""statusgen import tickets: the generic CSV and JSONL contract, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.store.layout import DataDir
from generator.store.tickets import load_tickets
from generator.timeutil import parse_instant

HEADER = "id,channel,impact,plan,created_at,first_response_at,resolved_at,paused_minutes\n"
ROWS = (
    "LT-1,email,high,Pro,2026-09-09T10:00:00+03:00,2026-09-09T10:20:00+03:00,,\n"
    "LT-2,chat,low,Agency,2026-09-09T07:00:00Z,,,\n"
    "LT-3,email,medium,,2026-09-09T12:00:00+03:00,,,30\n"
)


def run(site_dir: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--data", str(site_dir), *args])
    return result.exit_code, result.stdout, result.stderr


def stored(site_dir: Path) -> dict[str, str]:
    tickets = site_dir / "tickets"
    return (
        {p.name: p.read_text() for p in sorted(tickets.glob("*.csv"))} if tickets.exists() else {}
    )


def test_csv_import_then_again_adds_nothing(site_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "tickets.csv"
    source.write_text(HEADER + ROWS)
    code, out, err = run(site_dir, "import", "tickets", str(source))
    assert code == 0, err
    assert out == f"{source}: read 3 tickets: 3 added, 0 updated, 0 unchanged\n"
    files = stored(site_dir)
    assert files["2026-09.csv"].splitlines() == [
        HEADER.strip() + ",client",
        "LT-1,email,high,Pro,2026-09-09T07:00:00Z,2026-09-09T07:20:00Z,,,",
        "LT-2,chat,low,Agency,2026-09-09T07:00:00Z,,,,",
        "LT-3,email,medium,,2026-09-09T09:00:00Z,,,30,",
    ]
    code, out, _ = run(site_dir, "import", "tickets", str(source))
    assert code == 0
    assert out == f"{source}: read 3 tickets: 0 added, 0 updated, 3 unchanged\n"
    assert stored(site_dir) == files


def test_the_same_id_again_replaces_the_ticket(site_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "tickets.csv"
    source.write_text(HEADER + ROWS)
    assert run(site_dir, "import", "tickets", str(source))[0] == 0
    # LT-2 has since been answered and resolved; LT-4 is new
    later = tmp_path / "later.csv"
    later.write_text(
        HEADER
        + "LT-2,chat,low,Agency,2026-09-09T07:00:00Z,2026-09-09T07:30:00Z,2026-09-09T09:00:00Z,\n"
        + "LT-4,email,feature,Pro,2026-10-01T10:00:00+03:00,,,\n"
        + "LT-1,email,high,Pro,2026-09-09T10:00:00+03:00,2026-09-09T10:20:00+03:00,,\n"
    )
    code, out, _ = run(site_dir, "import", "tickets", str(later))
    assert code == 0
    assert out == f"{later}: read 3 tickets: 1 added, 1 updated, 1 unchanged\n"
    tickets = {t.id: t for t in load_tickets(DataDir(site_dir))}
    assert tickets["LT-2"].first_response_at == parse_instant("2026-09-09T07:30:00Z")
    assert len(tickets) == 4
    # the update is appended to the ticket's partition: the last line wins, history is kept
    assert stored(site_dir)["2026-09.csv"].count("LT-2,") == 2


def test_jsonl_and_mapped_names(site_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "tickets.jsonl"
    records = [
        # Zendesk-style names, mapped by the SLA file's support.mappings
        {"id": 10234, "channel": "web", "impact": "Urgent", "created_at": "2026-09-05T11:00:00Z"},
        {
            "id": "LT-9",
            "channel": "messaging",
            "impact": "normal",
            "plan": "Pro",
            "created_at": "2026-09-09T10:00:00+03:00",
            "first_response_at": "2026-09-09T10:04:00+03:00",
            "paused_minutes": 12.5,
        },
    ]
    source.write_text("\n".join(json.dumps(r) for r in records) + "\n\n")
    code, out, err = run(site_dir, "import", "tickets", str(source), "--format", "jsonl")
    assert code == 0, err
    assert "read 2 tickets: 2 added" in out
    tickets = {t.id: t for t in load_tickets(DataDir(site_dir))}
    assert (tickets["10234"].channel, tickets["10234"].impact) == ("email", "critical")
    assert (tickets["LT-9"].channel, tickets["LT-9"].impact) == ("chat", "medium")
    assert tickets["LT-9"].paused_minutes == 12.5


def test_only_the_required_columns(site_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "tickets.csv"
    source.write_text("created_at,impact,channel,id\n2026-09-09T10:00:00Z,low,email,A-1\n")
    code, _, err = run(site_dir, "import", "tickets", str(source))
    assert code == 0, err
    (ticket,) = load_tickets(DataDir(site_dir))
    assert (ticket.id, ticket.plan, ticket.first_response_at, ticket.paused_minutes) == (
        "A-1",
        "",
        None,
        0.0,
    )


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "LT-5,email,high,Pro,2026-09-09T10:00:00,,,",
            ":3: created_at: '2026-09-09T10:00:00' has no UTC offset",
        ),
        (
            "LT-5,sms,high,Pro,2026-09-09T10:00:00Z,,,",
            ":3: channel: 'sms' is not one of chat, email, other; the SLA file maps api, "
            "conversation, mail, messaging, native_messaging, portal, web "
            "(add it under support.mappings.channels)",
        ),
        ("LT-5,email,blocker,Pro,2026-09-09T10:00:00Z,,,", ":3: impact: 'blocker' is not one of"),
        ("LT-5,email,,Pro,2026-09-09T10:00:00Z,,,", ":3: impact: is required"),
        (",email,low,Pro,2026-09-09T10:00:00Z,,,", ":3: id: is required"),
        (
            "LT-5,email,low,Pro,2026-09-09T10:00:00Z,2026-09-09T09:00:00Z,,",
            ":3: first_response_at: is before created_at",
        ),
        ("LT-5,email,low,Pro,2026-09-09T10:00:00Z,,,-5", ":3: paused_minutes: '-5' is below 0"),
        ("LT-5,email,low,Pro,2026-09-09T10:00:00Z,,,,extra", ":3: more values than header"),
        (
            "LT-1,email,low,Pro,2026-09-09T10:00:00Z,,,",
            ":3: id: ticket 'LT-1' is also on line 2 with different values",
        ),
    ],
)
def test_one_bad_row_imports_nothing_and_names_the_row(
    site_dir: Path, tmp_path: Path, row: str, expected: str
) -> None:
    source = tmp_path / "tickets.csv"
    source.write_text(
        HEADER
        + "LT-1,email,high,Pro,2026-09-09T10:00:00Z,,,\n"
        + row
        + "\n"
        + "LT-6,email,high,Pro,2026-09-09T11:00:00Z,,,\n"
    )
    code, _, err = run(site_dir, "import", "tickets", str(source))
    assert code == 1
    assert err.startswith(f"Error: {source}{expected}")
    assert len(err.strip().splitlines()) == 1
    assert stored(site_dir) == {}


def test_a_repeated_identical_row_is_imported_once(site_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "tickets.csv"
    row = "LT-1,email,high,Pro,2026-09-09T10:00:00Z,,,\n"
    source.write_text(HEADER + row + row)
    code, out, _ = run(site_dir, "import", "tickets", str(source))
    assert code == 0 and "read 1 tickets: 1 added" in out


def test_header_problems(site_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "tickets.csv"
    source.write_text("id,channel,impact,created,plan\nLT-1,email,low,2026-09-09T10:00:00Z,\n")
    code, _, err = run(site_dir, "import", "tickets", str(source))
    assert code == 1 and ":1: created: unknown column 'created' in the header" in err
    source.write_text("id,channel,impact\nLT-1,email,low\n")
    code, _, err = run(site_dir, "import", "tickets", str(source))
    assert code == 1 and ":1: created_at: required column missing" in err
    source.write_text("")
    code, _, err = run(site_dir, "import", "tickets", str(source))
    assert code == 1 and "the file is empty" in err


def test_bad_jsonl(site_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "tickets.jsonl"
    source.write_text('{"id": "A", "channel": "chat", "impact": "low", "created_at": "x"}\n')
    code, _, err = run(site_dir, "import", "tickets", str(source), "--format", "jsonl")
    assert code == 1 and f"{source}:1: created_at: 'x' is not an ISO 8601 timestamp" in err
    source.write_text("[1, 2]\n")
    code, _, err = run(site_dir, "import", "tickets", str(source), "--format", "jsonl")
    assert code == 1 and ":1: each line must be a JSON object" in err
    source.write_text('{"id": "A", "channel": "chat", "impact": "low", "subject": "Help"}\n')
    code, _, err = run(site_dir, "import", "tickets", str(source), "--format", "jsonl")
    assert code == 1 and ":1: subject: unknown field" in err


def test_unknown_formats_and_missing_files(site_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "tickets.csv"
    source.write_text(HEADER + ROWS)
    code, _, err = run(site_dir, "import", "tickets", str(source), "--format", "kayako")
    assert code == 2 and "Invalid value for '--format': 'kayako' is not one of 'csv'," in err
    code, _, err = run(site_dir, "import", "tickets", str(tmp_path / "nope.csv"))
    assert code == 1 and "nope.csv: file not found" in err


def test_a_site_without_support_terms_cannot_import_tickets(site_dir: Path, tmp_path: Path) -> None:
    sla = site_dir / "sla.yml"
    text = sla.read_text()
    sla.write_text(text[: text.index("\nsupport:")] + "\n")
    source = tmp_path / "tickets.csv"
    source.write_text(HEADER + ROWS)
    code, _, err = run(site_dir, "import", "tickets", str(source))
    assert code == 1 and "has no support section" in err
