"""The report's support section through statusgen report: keys, totals, privacy, text."""

from __future__ import annotations

import json
import re
from decimal import ROUND_FLOOR, Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

AS_OF = "2026-11-20T12:00:00+03:00"  # the demo fixture's "now"
TICKET_ID = re.compile(r"LT-\d+")
FIGURES = {
    "tickets",
    "met",
    "breached",
    "pending",
    "attainment_percent",
    "median_response_minutes",
    "p90_response_minutes",
}


def report(data: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["--data", str(data), "report", "--as-of", AS_OF, *args])
    assert result.exit_code == 0, result.stderr
    return result.stdout


def truncated(met: int, breached: int) -> float:
    value = Decimal(met) * 100 / Decimal(met + breached)
    return float(value.quantize(Decimal("0.0001"), rounding=ROUND_FLOOR))


@pytest.mark.parametrize("period", ["2025-11", "2026-02", "2026-05", "2026-08", "2026-11"])
def test_public_reports_never_contain_a_ticket_id(demo_data: Path, period: str) -> None:
    as_json = report(demo_data, "--period", period)
    as_text = report(demo_data, "--period", period, "--format", "text")
    assert not TICKET_ID.search(as_json)
    assert not TICKET_ID.search(as_text)
    support = json.loads(as_json)["support"]
    assert "breaches" not in support
    assert support["tickets"] > 0


def test_the_support_section_adds_up(demo_data: Path) -> None:
    support = json.loads(report(demo_data, "--period", "2026-08"))["support"]
    assert support.keys() >= FIGURES
    assert {"groups", "plans", "calendars", "out_of_hours", "high_load", "method"} <= (
        support.keys()
    )
    # the demo's Aug-Oct 2026 (seed 2026), literal: the demo places its answers with the
    # code's own deadlines, so only fixed figures notice a deadline rule changing under it
    assert (support["tickets"], support["met"], support["breached"], support["pending"]) == (
        79,
        73,
        6,
        0,
    )
    assert support["attainment_percent"] == 92.405  # 73 / (73 + 6) = 92.405063..., truncated
    assert (support["median_response_minutes"], support["p90_response_minutes"]) == (
        70.7,
        385.0333,
    )
    assert support["attainment_percent"] == truncated(support["met"], support["breached"])
    for rows in (support["groups"], support["plans"]):
        for key in ("tickets", "met", "breached", "pending"):
            assert sum(row[key] for row in rows) == support[key]
        for row in rows:
            assert row.keys() >= FIGURES
            if row["met"] + row["breached"]:
                assert row["attainment_percent"] == truncated(row["met"], row["breached"])
            else:
                assert row["attainment_percent"] is None
    group = next(g for g in support["groups"] if (g["channel"], g["impact"]) == ("email", "high"))
    assert group["target"].startswith("Within 1 hour: 1 h, calendar time")
    assert (group["target_minutes"], group["clock"]) == (60.0, "calendar")
    assert [p["plan"] for p in support["plans"]] == ["Agency", "Enterprise", "Pro", "Starter"]


def test_internal_reports_list_breaches_with_their_arithmetic(demo_data: Path) -> None:
    support = json.loads(report(demo_data, "--period", "2026-08", "--audience", "internal"))[
        "support"
    ]
    breaches = support["breaches"]
    assert len(breaches) == support["breached"]
    for breach in breaches:
        assert TICKET_ID.fullmatch(breach["id"])
        assert {"created", "deadline", "first_response", "response_minutes", "rule"} <= (
            breach.keys()
        )
        assert breach["explanation"]
        if breach["first_response"] is not None:
            assert breach["first_response"] > breach["deadline"]
        else:
            assert breach["response_minutes"] is None and breach["deadline"] < AS_OF
    text = report(demo_data, "--period", "2026-08", "--audience", "internal", "--format", "text")
    assert "Breaches (internal)" in text
    assert all(b["id"] in text for b in breaches)


def test_the_text_report_shows_the_same_tables(demo_data: Path) -> None:
    support = json.loads(report(demo_data, "--period", "2026-08"))["support"]
    text = report(demo_data, "--period", "2026-08", "--format", "text")
    section = text[text.index("Support response") : text.index("\nTerms")]
    assert "92.4050%" in section  # 73 of 79 counted, truncated
    assert f"{support['met']} met, {support['breached']} breached" in section
    assert "By channel and impact" in section and "By plan" in section
    for plan in support["plans"]:
        assert plan["plan"] in section
    lines = {tuple(line.split()[:3]) for line in section.splitlines()}
    for group in support["groups"]:
        assert (group["channel"], group["impact"], str(group["tickets"])) in lines


def test_a_report_before_any_ticket_has_zeros(demo_data: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "--data",
            str(demo_data),
            "report",
            "--period",
            "2025-11",
            "--as-of",
            "2025-11-01T00:00:00+03:00",
        ],
    )
    support = json.loads(result.stdout)["support"]
    assert (support["tickets"], support["attainment_percent"], support["plans"]) == (0, None, [])
    assert support["median_response_minutes"] is None


def test_no_support_section_without_support_terms(site_dir: Path) -> None:
    sla = site_dir / "sla.yml"
    text = sla.read_text()
    sla.write_text(text[: text.index("\nsupport:")] + "\n")
    assert "support" not in json.loads(report(site_dir, "--period", "2026-08"))
    assert "Support response" not in report(site_dir, "--period", "2026-08", "--format", "text")


def test_every_support_key_is_documented_in_the_readme(demo_data: Path) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    rows = "\n".join(line for line in readme.splitlines() if line.startswith("| `support"))
    support = json.loads(report(demo_data, "--period", "2026-08", "--audience", "internal"))[
        "support"
    ]
    keys = set(support) | set(support["groups"][0]) | set(support["breaches"][0])
    keys |= set(support["calendars"][0]) | set(support["out_of_hours"])
    for key in sorted(keys):
        assert f"`{key}`" in rows or f"support.{key}" in rows or f".{key}`" in rows, key
