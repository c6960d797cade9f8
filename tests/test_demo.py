"""The demo data: what it must contain, and that it only ever grows."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from generator.commands.report import ReportOptions, make_report
from generator.demo import DemoOptions, generate_demo
from generator.site import load_site
from tests.conftest import DEMO_UNTIL, REPO


def test_the_demo_has_what_the_issue_asks_for(demo_data: Path) -> None:
    site = load_site(demo_data)
    assert len(site.services.components) == 4
    assert sum(c.beta for c in site.services.components) == 1
    assert any(len(m.locations) >= 2 for m in site.services.monitors.values())
    # a year of 5-minute samples from each location of the sampled monitors
    lines = sum(
        len(p.read_text().splitlines()) - 1 for p in (demo_data / "probes/samples").rglob("*.csv")
    )
    assert lines > 6 * 365 * 288 * 0.97
    assert any(i.excluded for i in site.incidents)
    assert len(site.maintenance) >= 4


def test_generating_later_only_appends(demo_data: Path, tmp_path: Path) -> None:
    """Records for a given time never change: a demo grown in two steps equals one grown at once."""
    data = tmp_path / "data"
    data.mkdir()
    for name in ("sla.yml", "services.yml"):
        shutil.copy(REPO / "data" / name, data / name)
    generate_demo(DemoOptions(data, DEMO_UNTIL - 3 * 86400, 2026))
    before = {p: p.read_text() for p in (data / "probes/samples").rglob("*.csv")}
    generate_demo(DemoOptions(data, DEMO_UNTIL, 2026))
    for path, text in before.items():
        assert path.read_text().startswith(text)  # appended, never rewritten

    def rows(root: Path) -> dict[str, list[str]]:
        return {
            str(p.relative_to(root)): sorted(p.read_text().splitlines())
            for p in sorted((root / "probes/samples").rglob("*.csv"))
        }

    assert rows(data) == rows(demo_data)
    for period in ("2026-08", "current"):
        reports = [
            json.loads(make_report(ReportOptions(root, period, DEMO_UNTIL)))  # type: ignore[arg-type]
            for root in (data, demo_data)
        ]
        for report in reports:  # source paths differ by directory only
            for e in report["uptime"]["excluded"]:
                e["source"] = Path(e["source"]).name
        assert reports[0] == reports[1]
