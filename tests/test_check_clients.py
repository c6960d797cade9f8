"""statusgen check validates the private clients file when one is named (--clients or
$STATUSGEN_CLIENTS): every problem as file:line: field, exit 1, and only counts printed,
since a check's output may reach public CI logs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

CLIENTS = """\
# private: not committed
clients:
  - {id: org-4301, name: Acme Affiliates Ltd, fee: '1200.00', currency: EUR, specialist_setup: true}
  - id: org-4302
    name: Globex Media
    fee: 333.33
    currency: USD
    specialist_setup: false
"""


def check(data: Path, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    result = CliRunner(env=env).invoke(main, ["--data", str(data), "check", *args])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def clients(tmp_path: Path) -> Path:
    path = tmp_path / "private" / "clients.yml"
    path.parent.mkdir()
    path.write_text(CLIENTS, encoding="utf-8")
    return path


def test_a_good_clients_file_is_counted_not_listed(site_dir: Path, clients: Path) -> None:
    code, out, err = check(site_dir, "--clients", str(clients))
    assert (code, err) == (0, "")
    assert f"{clients}: 2 clients" in out.splitlines()
    assert "Acme" not in out and "org-4301" not in out and "1200" not in out
    assert out.splitlines()[-1] == "OK: no problems found"


def test_with_none_named_nothing_is_said_of_one(site_dir: Path) -> None:
    code, out, err = check(site_dir, env={"STATUSGEN_CLIENTS": ""})
    assert (code, err) == (0, "")
    assert not any(re.search(r"\d+ clients?$|clients file", line) for line in out.splitlines())


def test_every_bad_value_is_a_line_and_field_error(site_dir: Path, clients: Path) -> None:
    clients.write_text(
        CLIENTS.replace("currency: USD", "currency: usd").replace("fee: 333.33", "fee: -5"),
        encoding="utf-8",
    )
    code, _, err = check(site_dir, "--clients", str(clients))
    assert code == 1
    assert err.splitlines() == [
        f"Error: {clients}:7: clients[1].currency: 'usd' is not valid: expected The fee's "
        "currency (ISO 4217 code, e.g. EUR).",
        f"Error: {clients}:6: clients[1].fee: -5 is not valid: expected What the client pays "
        "per SLA period: a number with at most 4 decimals, e.g. 1200 or '1200.50'.",
        "2 problems found",
    ]


def test_a_client_listed_twice_names_the_second(site_dir: Path, clients: Path) -> None:
    clients.write_text(CLIENTS.replace("id: org-4302", "id: org-4301"), encoding="utf-8")
    code, _, err = check(site_dir, "--clients", str(clients))
    assert code == 1
    assert err.splitlines() == [
        f"Error: {clients}:4: clients[1].id: client 'org-4301' is listed twice",
        "1 problem found",
    ]


def test_the_environment_names_the_file_too(site_dir: Path, clients: Path) -> None:
    clients.write_text(CLIENTS.replace("specialist_setup: false", "specialist_setup: no way"))
    code, _, err = check(site_dir, env={"STATUSGEN_CLIENTS": str(clients)})
    assert code == 1
    assert err.splitlines()[0] == (
        f"Error: {clients}:8: clients[1].specialist_setup: 'no way' is not of type 'boolean'"
    )


def test_a_missing_clients_file_is_a_problem(site_dir: Path, tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yml"
    code, _, err = check(site_dir, "--clients", str(missing))
    assert code == 1
    assert err.splitlines() == [f"Error: {missing}: clients file not found", "1 problem found"]


def test_a_contract_sla_file_is_checked_against_the_sites(site_dir: Path, clients: Path) -> None:
    contract = clients.parent / "contract.yml"
    sla = (site_dir / "sla.yml").read_text(encoding="utf-8")
    line = next(n for n, text in enumerate(sla.splitlines(), 1) if text.startswith("timezone:"))
    assert line == 6
    contract.write_text(sla.replace('timezone: "+03:00"', 'timezone: "+02:00"', 1))
    clients.write_text(CLIENTS + "    sla: contract.yml\n", encoding="utf-8")

    code, _, err = check(site_dir, "--clients", str(clients))

    assert code == 1
    assert err.splitlines() == [
        f"Error: {contract}:{line}: timezone: is not the same as in {site_dir / 'sla.yml'}; a "
        "contract's SLA file must cut time as the site's does (the service's uptime is the "
        "same for every client)",
        "1 problem found",
    ]


def test_without_a_good_sla_file_the_clients_schema_is_still_checked(
    site_dir: Path, clients: Path
) -> None:
    (site_dir / "sla.yml").write_text("title: [\n", encoding="utf-8")
    clients.write_text(CLIENTS.replace("currency: EUR", "currency: euro"), encoding="utf-8")
    code, _, err = check(site_dir, "--clients", str(clients))
    assert code == 1
    assert (
        f"Error: {clients}:3: clients[0].currency: 'euro' is not valid: expected The fee's "
        "currency (ISO 4217 code, e.g. EUR)."
    ) in err.splitlines()
