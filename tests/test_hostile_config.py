"""Hostile configuration and command-line input (issue 10, items 4, 7 and 13).

Every case is a file or option a clumsy user or an attacker could give: each must end in one
clear line and a non-zero exit, never a traceback or a hang, and leave the data directory
exactly as it was.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from generator.cli import main

INCIDENT = """\
---
title: Slow dashboard reports
components: [dashboard]
impact: minor
started: 2026-10-15T04:22:00+03:00
resolved: 2026-10-15T05:57:00+03:00
{extra}---

Report generation was slow.
"""


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args))


def tree_digest(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def alias_bomb(levels: int) -> str:
    """The classic "billion laughs": each level holds nine aliases of the one before."""
    lines = ['lol0: &lol0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, levels + 1):
        refs = ", ".join([f"*lol{level - 1}"] * 9)
        lines.append(f"lol{level}: &lol{level} [{refs}]")
    return "\n".join(lines) + "\n"


def line_of(path: Path, prefix: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, text in enumerate(lines, 1) if text.startswith(prefix))


def assert_one_line_error(result: click.testing.Result, expected: str) -> None:
    """Exit 1, no traceback, and exactly the expected 'Error: ...' line(s) on stderr."""
    assert result.exit_code == 1, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert expected in result.stderr.splitlines(), result.stderr


def replace_line(path: Path, pattern: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    changed, count = re.subn(pattern, new, text, count=1, flags=re.M)
    assert count == 1, pattern
    path.write_text(changed, encoding="utf-8")


def test_an_alias_bomb_in_the_services_file_is_refused_at_once(site_dir: Path) -> None:
    services = site_dir / "services.yml"
    services.write_text(services.read_text(encoding="utf-8") + alias_bomb(9), encoding="utf-8")
    before = tree_digest(site_dir)
    # lol5 is the first level past the budget: 9**6 = 531,441 strings
    line = line_of(services, "lol5:")

    result = run("--data", str(site_dir), "check")

    assert (
        f"Error: {services}:{line}: holds more than 200,000 values once its aliases are expanded"
        in (result.stderr.splitlines())
    )
    assert result.exit_code == 1
    assert tree_digest(site_dir) == before


def test_a_smaller_bomb_that_fits_the_budget_is_refused_by_the_schema_not_expanded_forever(
    site_dir: Path,
) -> None:
    # depth 4 is 9**5 = 59,049 strings: under the budget, so the file is read, and the
    # unknown keys it adds are reported as any unknown key is
    services = site_dir / "services.yml"
    services.write_text(services.read_text(encoding="utf-8") + alias_bomb(4), encoding="utf-8")

    result = run("--data", str(site_dir), "check")

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert any("lol0" in line for line in result.stderr.splitlines())


def test_an_alias_bomb_in_incident_front_matter_names_the_file(site_dir: Path) -> None:
    incidents = site_dir / "incidents"
    incidents.mkdir()
    incident = incidents / "2026-10-15-slow.md"
    incident.write_text(INCIDENT.format(extra=alias_bomb(9)), encoding="utf-8")
    before = tree_digest(site_dir)
    line = line_of(incident, "lol5:")

    result = run("--data", str(site_dir), "check")

    assert_one_line_error(
        result,
        f"Error: {incident}:{line}: holds more than 200,000 values once its aliases are expanded",
    )
    assert tree_digest(site_dir) == before


def test_an_alias_that_refers_to_itself_is_refused(site_dir: Path) -> None:
    services = site_dir / "services.yml"
    services.write_text(
        services.read_text(encoding="utf-8") + "loop: &loop [1, *loop]\n", encoding="utf-8"
    )
    line = services.read_text(encoding="utf-8").count("\n")

    result = run("--data", str(site_dir), "check")

    assert_one_line_error(result, f"Error: {services}:{line}: an alias refers to itself")


def test_deeply_nested_yaml_is_refused_without_a_recursion_error(site_dir: Path) -> None:
    sla = site_dir / "sla.yml"
    sla.write_text(
        sla.read_text(encoding="utf-8") + "deep: " + "[" * 5000 + "]" * 5000 + "\n",
        encoding="utf-8",
    )

    result = run("--data", str(site_dir), "check")

    assert_one_line_error(result, f"Error: {sla}: nested more than 64 levels deep")


def test_a_yaml_file_over_the_size_limit_is_refused(site_dir: Path) -> None:
    services = site_dir / "services.yml"
    services.write_text(
        services.read_text(encoding="utf-8") + "# " + "x" * (2 * 1024 * 1024) + "\n",
        encoding="utf-8",
    )

    result = run("--data", str(site_dir), "check")

    assert_one_line_error(result, f"Error: {services}: larger than 2 MB")


@pytest.mark.parametrize("value", [".nan", ".NaN", ".inf", "-.Inf"])
def test_a_number_that_is_not_finite_is_a_line_and_field_error(site_dir: Path, value: str) -> None:
    sla = site_dir / "sla.yml"
    replace_line(sla, r"^  objective_percent: 99\.9", f"  objective_percent: {value}")
    line = 1 + sla.read_text(encoding="utf-8").split("objective_percent:")[0].count("\n")
    shown = {".nan": "nan", ".NaN": "nan", ".inf": "inf", "-.Inf": "-inf"}[value]
    before = tree_digest(site_dir)

    for command in ("check", "report"):
        result = run("--data", str(site_dir), command)
        assert result.exit_code == 1, result.output
        assert "Traceback" not in result.output
        expected = f"{sla}:{line}: uptime.objective_percent: {shown} is not a finite number"
        assert any(expected in error for error in result.stderr.splitlines()), result.stderr
    assert tree_digest(site_dir) == before


def test_a_duration_longer_than_a_year_is_refused(site_dir: Path) -> None:
    services = site_dir / "services.yml"
    replace_line(services, r"^        interval: 5m", "        interval: 99999999d")

    result = run("--data", str(site_dir), "check")

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "'99999999d' is longer than a year" in result.stderr


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("9999-11", "'9999-11' is outside the supported years 2000 to 2098"),
        ("0001-02", "'0001-02' is outside the supported years 2000 to 2098"),
        ("1969-11", "'1969-11' is outside the supported years 2000 to 2098"),
    ],
)
def test_a_period_outside_the_supported_years_is_a_usage_error(
    site_dir: Path, period: str, message: str
) -> None:
    result = run("--data", str(site_dir), "report", "--period", period)

    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert f"Error: Invalid value for '--period': {message}" in result.stderr


@pytest.mark.parametrize(
    "as_of",
    ["9999-12-31T23:59:59Z", "0001-01-01T00:00:00+14:00", "1970-01-01T00:00:00Z"],
)
@pytest.mark.parametrize("command", ["report", "build"])
def test_an_as_of_outside_the_supported_range_is_a_usage_error(
    site_dir: Path, as_of: str, command: str
) -> None:
    result = run("--data", str(site_dir), command, "--as-of", as_of)

    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert (
        f"Error: Invalid value for '--as-of': '{as_of}' is outside the supported range "
        "2000-01-01 to 2099-12-31"
    ) in result.stderr


def test_a_time_without_an_offset_gets_a_suggestion_that_works(site_dir: Path) -> None:
    result = run("--data", str(site_dir), "report", "--as-of", "2026-11-20T10:00")

    assert result.exit_code == 2
    assert (
        "'2026-11-20T10:00' has no UTC offset; write it as e.g. 2026-11-20T10:00Z or "
        "2026-11-20T10:00+03:00"
    ) in result.stderr
    suggested = run("--data", str(site_dir), "report", "--as-of", "2026-11-20T10:00+03:00")
    assert suggested.exit_code == 0, suggested.output


def test_a_date_alone_is_midnight_in_the_sla_time_zone(site_dir: Path) -> None:
    result = run("--data", str(site_dir), "report", "--as-of", "2026-11-20")

    assert result.exit_code == 0, result.output
    assert '"as_of": "2026-11-20T00:00:00+03:00"' in result.stdout


def test_a_date_that_does_not_exist_is_a_usage_error(site_dir: Path) -> None:
    result = run("--data", str(site_dir), "report", "--as-of", "2026-02-30")

    assert result.exit_code == 2
    assert "Error: Invalid value for '--as-of': '2026-02-30' is not a date" in result.stderr


def test_an_incident_time_outside_the_supported_range_is_a_field_error(site_dir: Path) -> None:
    incidents = site_dir / "incidents"
    incidents.mkdir()
    incident = incidents / "2026-10-15-slow.md"
    incident.write_text(
        INCIDENT.format(extra="").replace("2026-10-15T05:57:00+03:00", "9999-12-31T00:00:00Z"),
        encoding="utf-8",
    )

    result = run("--data", str(site_dir), "check")

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert (
        f"{incident}:6: resolved: '9999-12-31T00:00:00Z' is outside the supported range "
        "2000-01-01 to 2099-12-31"
    ) in result.stderr
