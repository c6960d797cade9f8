"""The PDF report at scale (issue 12): a closed period's report command answers from the
report a run before kept, and a report on many components keeps its sections short, with
every component and outage in appendix B, one paragraph a component."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from generator.cli import main
from generator.compute.periods import period_by_id
from generator.model.report import Report
from generator.render import pdf
from generator.reporting import build_report, period
from generator.site import load_site
from tests.conftest import DEMO_UNTIL
from tests.test_pdf import _filled, _pgm_pages

AS_OF = "2026-11-20T12:00:00+03:00"


def test_a_closed_periods_report_is_the_one_kept_before(
    demo_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STATUSGEN_CACHE_DIR", str(tmp_path / "cache"))
    args = ["--data", str(demo_data), "report", "--period", "2026-08", "--as-of", AS_OF]
    first = {a: CliRunner().invoke(main, [*args, "--audience", a]) for a in ("public", "internal")}
    assert all(r.exit_code == 0 for r in first.values())

    def no_history(*_: object, **__: object) -> None:
        raise AssertionError("the probe history was read again")

    # the second time, no probe history is read, and every byte is the same, the internal
    # edition's ticket-level support section included
    monkeypatch.setattr(period, "component_timelines", no_history)
    for audience, before in first.items():
        again = CliRunner().invoke(main, [*args, "--audience", audience])
        assert again.exit_code == 0, again.output
        assert again.output == before.output
    assert '"audience": "internal"' in first["internal"].output
    # a running period is never kept: it is computed again
    running = CliRunner().invoke(main, [*args[:4], "2026-11", "--as-of", AS_OF])
    assert running.exit_code != 0 and "the probe history was read again" in str(running.exception)


def _many(report: Report, copies: int) -> Report:
    """``report`` with each component ``copies`` times over (ids and names numbered)."""
    u = report.uptime
    components = [
        dataclasses.replace(c, id=f"{c.id}-{n:02d}", name=f"{c.name} {n:02d}")
        for n in range(copies)
        for c in u.components
    ]
    return dataclasses.replace(report, uptime=dataclasses.replace(u, components=components))


@pytest.fixture(scope="module")
def large(demo_data: Path) -> tuple[Report, str]:
    site = load_site(demo_data)
    done = period_by_id("2026-08", site.sla.periods, site.sla.timezone)
    # the demo's 4 components and 10 outages (Aug-Oct 2026), 15 times: 60 and 150
    report = _many(build_report(site, done, DEMO_UNTIL), 15)
    return report, pdf.report_html(report, sla=site.sla, incident_titles={}, site=site)


def test_a_large_report_shows_the_worst_rows_and_every_one_in_appendix_b(
    large: tuple[Report, str],
) -> None:
    _, page = large
    assert (
        "The 20 components with the lowest uptime, of 60; every component is in appendix B "
        "with its outages." in page
    )
    assert (
        "The 20 longest outages, of 150; every outage is listed under its component in "
        "appendix B." in page
    )
    uptime = page.split('id="uptime"')[1].split('id="outages"')[0]
    assert uptime.split("<tbody>")[1].split("</tbody>")[0].count("<tr>") == 20
    # the lowest: the beta component, not covered, is ranked after every counted one; the
    # demo's tracking (99.97%) is the worst counted one, so its 15 copies are all shown,
    # and 5 of the 15 copies of api (99.98%)
    assert uptime.count("Click and conversion tracking") == 15
    assert uptime.count("Reporting API") == 5 and "AI insights" not in uptime
    appendix = page.split('id="components"')[1]
    assert appendix.count('<p class="detail">') == 60
    # one component's paragraph, worked from the demo: tracking counted 2,100 s = 35 min of
    # 7,948,800 s (99.973581...%), excluded 2,400 s = 40 min, its two outages
    assert (
        "<strong>Click and conversion tracking 00</strong>: uptime 99.97%; 35 min of downtime "
        "counted, 40 min excluded. 17\u00a0Aug\u00a02026 16:50 to 17:30, 40 min (Excluded: "
        "Third-party outage); 19\u00a0Aug\u00a02026 23:25 to 20\u00a0Aug\u00a02026 00:00, "
        "35 min (Counted).</p>" in appendix
    )


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_a_large_report_lays_out_in_few_full_pages(
    large: tuple[Report, str], demo_data: Path, tmp_path: Path
) -> None:
    report, _ = large
    site = load_site(demo_data)
    out = tmp_path / "large.pdf"
    out.write_bytes(pdf.render_pdf(report, sla=site.sla, site=site))
    pages = _pgm_pages(out, tmp_path)
    assert len(pages) == len(PdfReader(out).pages) <= 13
    for number, (width, height, pixels) in enumerate(pages, 1):
        assert _filled(width, height, pixels) >= 0.25, f"page {number} is nearly empty"
