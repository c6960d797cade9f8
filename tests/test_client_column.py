"""Tickets name their client: the optional ``client`` column, the store's older partitions,
and the helpdesk imports that fill it (fixtures: tests/fixtures/CLIENTS.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import GeneratorError
from generator.sources import TICKET_FORMATS
from generator.store.layout import DataDir
from generator.store.tickets import Ticket, load_tickets, verify_tickets, write_tickets
from generator.timeutil import parse_instant
from tests.vendor_helpers import FIXTURES, context

LEGACY = "id,channel,impact,plan,created_at,first_response_at,resolved_at,paused_minutes"
HEADER = LEGACY + ",client"


def run(site_dir: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--data", str(site_dir), *args])
    return result.exit_code, result.stdout, result.stderr


def test_generic_csv_and_jsonl_carry_the_client(site_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "tickets.csv"
    source.write_text(
        HEADER + "\n"
        "LT-1,email,high,Pro,2026-09-09T10:00:00+03:00,,,,acme\n"
        "LT-2,chat,low,Pro,2026-09-09T11:00:00+03:00,,,,\n"
    )
    code, out, err = run(site_dir, "import", "tickets", str(source))
    assert (code, out) == (0, f"{source}: read 2 tickets: 2 added, 0 updated, 0 unchanged\n"), err
    lines = json.dumps({"id": 3, "channel": "email", "impact": "low", "client": 360000101})
    jsonl = tmp_path / "tickets.jsonl"
    jsonl.write_text(lines.replace('"id": 3', '"id": "LT-3", "created_at": "2026-09-10T09:00:00Z"'))
    code, _, err = run(site_dir, "import", "tickets", str(jsonl))
    assert code == 0, err
    assert [(t.id, t.client) for t in load_tickets(DataDir(site_dir))] == [
        ("LT-1", "acme"),
        ("LT-2", ""),
        ("LT-3", "360000101"),
    ]
    assert (site_dir / "tickets" / "2026-09.csv").read_text().splitlines() == [
        HEADER,
        "LT-1,email,high,Pro,2026-09-09T07:00:00Z,,,,acme",
        "LT-2,chat,low,Pro,2026-09-09T08:00:00Z,,,,",
        "LT-3,email,low,,2026-09-10T09:00:00Z,,,,360000101",
    ]


def test_a_bad_client_is_refused_naming_line_and_field(site_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "tickets.jsonl"
    good = {"id": "LT-1", "channel": "email", "impact": "low", "created_at": "2026-09-09T07:00Z"}
    source.write_text(
        json.dumps(good) + "\n" + json.dumps({**good, "id": "LT-2", "client": "ac\u0007me"}) + "\n"
    )
    code, _, err = run(site_dir, "import", "tickets", str(source))
    assert code == 1
    assert err == f"Error: {source}:2: client: 'ac\\x07me' contains a control character\n"
    source.write_text(json.dumps({**good, "client": "x" * 65}) + "\n")
    code, _, err = run(site_dir, "import", "tickets", str(source))
    assert err == f"Error: {source}:1: client: is 65 characters long; the limit is 64\n"
    assert not (site_dir / "tickets").exists()  # nothing was stored


def test_a_partition_from_before_the_client_column_reads_and_upgrades(site_dir: Path) -> None:
    data = DataDir(site_dir)
    data.tickets_dir.mkdir()
    partition = data.tickets_dir / "2026-09.csv"
    partition.write_text(LEGACY + "\nLT-1,email,low,Pro,2026-09-01T10:00:00Z,,,\n")
    old = Ticket("LT-1", "email", "low", parse_instant("2026-09-01T10:00:00Z"), plan="Pro")
    assert load_tickets(data) == [old]
    assert verify_tickets(data)[1] == []
    # storing the same ticket again: nothing changes but the header, and it is unchanged
    assert write_tickets(data, [old]).unchanged == 1
    assert partition.read_text().splitlines() == [
        HEADER,
        "LT-1,email,low,Pro,2026-09-01T10:00:00Z,,,,",
    ]
    new = Ticket("LT-2", "chat", "high", parse_instant("2026-09-02T10:00:00Z"), client="acme")
    summary = write_tickets(data, [new])
    assert (summary.added, summary.updated, summary.unchanged) == (1, 0, 0)
    assert partition.read_text().splitlines()[-1] == "LT-2,chat,high,,2026-09-02T10:00:00Z,,,,acme"
    assert load_tickets(data) == [old, new]


def test_zendesk_organization_is_the_client(site_dir: Path) -> None:
    batch = TICKET_FORMATS["zendesk"](
        FIXTURES / "zendesk" / "incremental_tickets.json", context(site_dir)
    )
    assert sorted((t.id, t.client) for t in batch.tickets) == [
        ("zendesk-1201", "360000101"),
        ("zendesk-1202", ""),  # organization_id null
        ("zendesk-1203", "360000102"),  # 1204 has no organization_id at all, and is deleted
    ]


def test_freshdesk_company_is_the_client(site_dir: Path) -> None:
    batch = TICKET_FORMATS["freshdesk"](FIXTURES / "freshdesk" / "tickets.json", context(site_dir))
    assert sorted((t.id, t.client) for t in batch.tickets) == [
        ("freshdesk-311", "80000101"),
        ("freshdesk-312", ""),
        ("freshdesk-313", "80000102"),
    ]


def test_intercom_company_is_the_client(site_dir: Path, tmp_path: Path) -> None:
    fixture = FIXTURES / "intercom" / "conversations.json"
    batch = TICKET_FORMATS["intercom"](fixture, context(site_dir))
    assert sorted((t.id, t.client) for t in batch.tickets) == [
        ("intercom-1911149811", "6762f0dd1bb69f9f2193bb83"),
        ("intercom-1911149812", ""),
    ]
    # the Unstable API's company_id, and a company that is no id
    page = json.loads(fixture.read_text())
    first = page["conversations"][0]
    del first["company"]
    first["company_id"] = "6762f0dd1bb69f9f2193bb84"
    page["conversations"][1]["company"] = {"type": "company", "id": ["not", "an", "id"]}
    changed = tmp_path / "conversations.json"
    changed.write_text(json.dumps(page))
    with pytest.raises(GeneratorError) as caught:
        TICKET_FORMATS["intercom"](changed, context(site_dir))
    assert str(caught.value) == (
        f"{changed}: conversations[1].company.id: ['not', 'an', 'id'] is not an id "
        "(a whole number or text)"
    )
    del page["conversations"][1]["company"]
    changed.write_text(json.dumps(page))
    batch = TICKET_FORMATS["intercom"](changed, context(site_dir))
    assert sorted((t.id, t.client) for t in batch.tickets)[0] == (
        "intercom-1911149811",
        "6762f0dd1bb69f9f2193bb84",
    )
