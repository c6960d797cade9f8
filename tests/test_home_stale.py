"""The home page's banner when some components have stopped reporting: it never says "All
systems operational" above rows that say "No recent data" (generator/compute/status.py).

The site has the demo's SLA and services files (four components: tracking, dashboard, API,
AI insights) and a few checks: the tracking monitor reported until 12:00, the dashboard's
until 11:00, the API's and AI insights' never. Built for 12:05 (UTC+03:00), the tracking
check is 5 minutes old (current: max_gap is 15 minutes), the dashboard's an hour old.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.contract import validate_status
from tests.conftest import REPO

pytestmark = pytest.mark.slow

CHECKS = """timestamp,monitor,location,ok,latency_ms,status_code,error
2026-11-20T11:50:00+03:00,tracking-edge,eu-central,1,80,200,
2026-11-20T11:50:00+03:00,tracking-edge,us-east,1,150,200,
2026-11-20T11:55:00+03:00,tracking-edge,eu-central,1,80,200,
2026-11-20T11:55:00+03:00,tracking-edge,us-east,1,150,200,
2026-11-20T12:00:00+03:00,tracking-edge,eu-central,1,80,200,
2026-11-20T12:00:00+03:00,tracking-edge,us-east,1,150,200,
2026-11-20T10:55:00+03:00,dashboard-web,eu-central,1,90,200,
2026-11-20T10:55:00+03:00,dashboard-web,us-east,1,160,200,
2026-11-20T11:00:00+03:00,dashboard-web,eu-central,1,90,200,
2026-11-20T11:00:00+03:00,dashboard-web,us-east,1,160,200,
"""


def build(data: Path, out: Path, as_of: str) -> tuple[str, dict[str, object]]:
    """The home page's banner, as text, and api/status.json of a build as of ``as_of``."""
    result = CliRunner().invoke(
        main,
        ["--data", str(data), "build", "-o", str(out), "-f", str(REPO / "mkdocs.yml"),
         "--as-of", as_of, "--strict", "--no-pdf"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    home = (out / "index.html").read_text()
    banner = re.search(
        r'<div class="sg-overall (sg-overall--\w+)" role="status">(.*?)</div>', home, re.S
    )
    assert banner is not None
    words = " ".join(re.sub(r"<[^>]+>", "", banner.group(2)).split())
    status = json.loads((out / "api/status.json").read_text())
    validate_status(status)
    return f"{banner.group(1)}: {words}", status


def test_the_banner_vouches_only_for_the_components_checked(site_dir: Path, tmp_path: Path) -> None:
    checks = tmp_path / "checks.csv"
    checks.write_text(CHECKS)
    imported = CliRunner().invoke(main, ["--data", str(site_dir), "import", "probes", str(checks)])
    assert imported.exit_code == 0, imported.output

    banner, status = build(site_dir, tmp_path / "out", "2026-11-20T12:05:00+03:00")
    # grey, not the all-clear green: three of the four components show "No recent data",
    # and the newest check any of them made is the dashboard's at 11:00
    assert banner == (
        "sg-overall--no_data: All checked systems operational"
        " Last check 20 Nov 2026 12:00 UTC+03:00 · page built for 20 Nov 2026 12:05 UTC+03:00"
        " No recent checks from 3 of 4 components since 20 Nov 2026 11:00 UTC+03:00."
    )
    assert status["status"] == {
        "indicator": "none",
        "description": "All checked systems operational",
    }
    components = status["components"]
    assert isinstance(components, list)
    assert [c["statusgen_status"] for c in components] == [
        "operational", "no_data", "no_data", "no_data",
    ]  # fmt: skip

    # at 11:10 the dashboard's 11:00 check is current, and the others have not reported yet
    # (the tracking monitor's first check is at 11:50)
    banner, _ = build(site_dir, tmp_path / "early", "2026-11-20T11:10:00+03:00")
    assert banner.endswith("No checks yet from 3 of 4 components.")
    assert banner.startswith("sg-overall--no_data: All checked systems operational")
