"""The command line: help everywhere, check, report, and usage errors."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-20T12:00:00+03:00"  # the demo fixture's "now"


def run(*args: str) -> click.testing.Result:
    return CliRunner().invoke(main, list(args))


def all_commands(group: click.Group = main, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found += all_commands(command, (*prefix, name))
    return found


@pytest.mark.parametrize("path", all_commands(), ids=" ".join)
def test_every_command_has_help_and_is_in_the_readme(path: tuple[str, ...]) -> None:
    result = run(*path, "--help")
    assert result.exit_code == 0
    command = main
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    assert command.help and len(command.help.strip()) > 20
    assert f"statusgen {' '.join(path)}" in (REPO / "README.md").read_text(encoding="utf-8")


def test_check_reports_what_it_found(demo_data: Path) -> None:
    result = run("--data", str(demo_data), "check")
    assert result.exit_code == 0, result.stderr
    assert "4 components (tracking, dashboard, api, insights (beta)), 5 monitors" in result.stdout
    assert "SLA periods 2025-11 to 2026-11 (5)" in result.stdout
    assert result.stdout.rstrip().endswith("OK: no problems found")


def test_check_lists_every_problem_and_exits_1(demo_data: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(demo_data, data)
    incident = sorted((data / "incidents").glob("*.md"))[0]
    incident.write_text(
        re.sub(r"^impact: \w+", "impact: huge", incident.read_text(), count=1, flags=re.M)
    )
    partition = data / "probes/samples/api-public/2026-08.csv"
    with partition.open("a") as handle:
        handle.write("2026-08-31T20:00:00Z,eu-central,1,fast,,\n")
    (data / "probes/samples/ghost").mkdir()
    (data / "probes/samples/ghost/2026-08.csv").write_text(
        "timestamp,location,ok,latency_ms,status_code,error\n"
    )
    result = run("--data", str(data), "check")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 3
    assert any(f"{incident}:4: impact: 'huge' is not one of" in e for e in errors)
    assert any(
        "api-public/2026-08.csv:" in e and "latency_ms: 'fast' is not a number" in e for e in errors
    )
    assert any("monitor 'ghost', which the services file does not name" in e for e in errors)


def test_check_stops_at_a_broken_sla_file(tmp_path: Path) -> None:
    (tmp_path / "sla.yml").write_text("company: [\n")
    result = run("--data", str(tmp_path), "check")
    assert result.exit_code == 1
    assert "sla.yml:2: not valid YAML" in result.stderr


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2026-13", "month 13 does not exist"),
        ("2026-03", "not the first month of an SLA period"),
        ("last", "is not a period id like 2026-08"),
    ],
)
def test_a_bad_period_is_a_usage_error(demo_data: Path, period: str, message: str) -> None:
    result = run("--data", str(demo_data), "report", "--period", period)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_a_time_without_offset_is_a_usage_error(demo_data: Path) -> None:
    result = run("--data", str(demo_data), "report", "--as-of", "2026-11-20T12:00:00")
    assert result.exit_code == 2 and "has no UTC offset" in result.stderr


def test_report_json_has_the_published_keys(demo_data: Path) -> None:
    result = run("--data", str(demo_data), "report", "--period", "previous", "--as-of", AS_OF)
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["period"]["id"] == "2026-08"
    assert {"id", "start", "end", "label"} <= report["period"].keys()
    assert report["period"]["start"] == "2026-08-01T00:00:00+03:00"
    u = report["uptime"]
    assert {
        "objective_percent",
        "percent",
        "period_minutes",
        "downtime_minutes",
        "allowed_downtime_minutes",
        "error_budget_minutes",
        "met",
        "no_data_minutes",
        "excluded",
        "components",
    } <= u.keys()
    assert {"component", "start", "end", "minutes", "reason"} <= u["excluded"][0].keys()
    c = u["components"][0]
    assert {
        "id",
        "name",
        "covered",
        "percent",
        "downtime_minutes",
        "excluded_minutes",
        "outages",
    } <= c.keys()
    assert {"start", "end", "minutes", "excluded", "reason"} <= c["outages"][0].keys()
    assert report["terms"] == {
        "effective_date": "2021-03-01",
        "last_review": "2023-01-08",
        "next_review": "2024-11-20",
        "review_overdue": True,
        "review_overdue_since": "2024-11-20",
    }
    # the demo's complete period is real: downtime, an excluded third-party incident, beta
    assert u["downtime_minutes"] > 0 and u["period_minutes"] == 132480.0
    rules = {e["rule"] for e in u["excluded"]}
    assert {"third-party", "beta", "scheduled-release"} <= rules
    assert any(m["exceeded"] for m in u["maintenance"])


def test_the_same_data_and_as_of_give_the_same_json(demo_data: Path) -> None:
    args = ("--data", str(demo_data), "report", "--period", "2026-05", "--as-of", AS_OF)
    assert run(*args).stdout == run(*args).stdout


def test_current_period_is_to_date(demo_data: Path) -> None:
    result = run("--data", str(demo_data), "report", "--as-of", AS_OF)
    report = json.loads(result.stdout)
    assert report["period"]["id"] == "2026-11" and report["period"]["to_date"] is True
    assert report["uptime"]["projection"] is not None


def test_text_report(demo_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.txt"
    result = run(
        "--data",
        str(demo_data),
        "report",
        "--period",
        "previous",
        "--as-of",
        AS_OF,
        "--format",
        "text",
        "-o",
        str(out),
    )
    assert result.exit_code == 0
    text = out.read_text()
    assert text.startswith("Lumentrack: SLA report Aug–Oct 2026 (2026-08)")
    assert "REVIEW OVERDUE since 2024-11-20" in text
    assert "EXCEEDED" in text


def test_data_and_verbose_work_after_the_subcommand_too(demo_data: Path) -> None:
    before = run("--data", str(demo_data), "report", "--as-of", AS_OF, "--period", "2026-08")
    after = run("report", "--as-of", AS_OF, "--period", "2026-08", "--data", str(demo_data), "-v")
    assert before.exit_code == 0, before.output
    assert after.exit_code == 0, after.output
    assert after.stdout == before.stdout


def test_data_after_the_subcommand_wins_over_the_one_before(
    demo_data: Path, tmp_path: Path
) -> None:
    result = run("--data", str(tmp_path / "elsewhere"), "check", "--data", str(demo_data))
    assert result.exit_code == 0, result.output
    assert result.stdout.rstrip().endswith("OK: no problems found")


def test_serve_on_a_busy_port_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import socket

    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    monkeypatch.chdir(tmp_path)
    with socket.create_server(("127.0.0.1", 0)) as busy:
        port = busy.getsockname()[1]
        result = run("serve", "-a", f"127.0.0.1:{port}")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: --dev-addr: 127.0.0.1:{port} is already in use (another preview?); choose "
        "another port, e.g. -a 127.0.0.1:8001\n"
    )


def test_serve_with_a_malformed_address_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    monkeypatch.chdir(tmp_path)
    result = run("serve", "-a", "localhost")
    assert result.exit_code == 1
    assert result.stderr == "Error: --dev-addr: 'localhost' is not an address like 127.0.0.1:8000\n"


def test_check_lists_a_problem_in_each_of_three_broken_files(site_dir: Path) -> None:
    sla, services = site_dir / "sla.yml", site_dir / "services.yml"
    sla.write_text(sla.read_text().replace("objective_percent: 99.9", "objective_percent: 120"))
    services.write_text(services.read_text().replace("interval: 5m", "interval: often", 1))
    incident = site_dir / "incidents" / "2026-10-01-slow.md"
    incident.parent.mkdir()
    incident.write_text(
        "---\ntitle: Slow\ncomponents: [tracking]\nimpact: huge\n"
        "started: 2026-10-01T10:00:00+03:00\n---\n"
    )
    result = run("--data", str(site_dir), "check")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert [e.split(":")[1].strip() for e in errors] == [
        str(sla),
        str(services),
        str(incident),
    ], result.stderr
    assert result.stderr.splitlines()[-1] == "3 problems found"
    assert "records not checked: the SLA and services files must load first" in result.stdout


def test_check_warns_while_the_site_address_is_unset(site_dir: Path) -> None:
    sla = site_dir / "sla.yml"
    sla.write_text(re.sub(r"^site_url: .*\n", "", sla.read_text(), flags=re.M))
    result = run("--data", str(site_dir), "check")
    assert result.exit_code == 0, result.output
    assert (
        f"warning: {sla}: site_url is not set: the feed, the badges' links and the sitemap "
        "need the site's address (set it here and in mkdocs.yml)"
    ) in result.stdout.splitlines()


def test_report_publishes_sources_relative_to_the_data_directory(demo_data: Path) -> None:
    result = run("--data", str(demo_data), "report", "--period", "2026-08", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    sources = {e["source"] for e in json.loads(result.stdout)["uptime"]["excluded"]}
    assert sources == {
        "incidents/2026-08-17-upstream-dns-provider-outage.md",
        "maintenance/2026-08-11-release.md",
        "maintenance/2026-09-08-release.md",
        "maintenance/2026-10-06-release.md",
        "services.yml",
    }


def readme_rows(path: tuple[str, ...]) -> str:
    """The README command table's rows for one command."""
    name = f"`statusgen {' '.join(path)}"
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    return "\n".join(line for line in lines if line.startswith(f"| {name}"))


@pytest.mark.parametrize("path", all_commands(), ids=" ".join)
def test_the_readme_table_names_every_option_of_every_command(path: tuple[str, ...]) -> None:
    command: click.Command = main
    for name in path:
        command = command.commands[name]  # type: ignore[attr-defined]
    if isinstance(command, click.Group):
        return
    rows = readme_rows(path)
    assert rows, f"no README row for statusgen {' '.join(path)}"
    shared = {"--help", "--data", "--verbose"}  # every command's, said once under the table
    for param in command.params:
        if not isinstance(param, click.Option):
            continue
        names = param.opts + param.secondary_opts
        if shared & set(names):
            continue
        named = any(re.search(rf"[\[`| ]{re.escape(n)}\b", rows) for n in names)
        assert named, f"statusgen {' '.join(path)}: README misses {' / '.join(names)}"
