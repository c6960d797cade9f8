"""The PDF never ends on a nearly empty page (generator/render/pdf_breaks.py): a report whose
content runs a few lines past a page moves a whole block onto the last page instead.

The report is the demo's running period, internal edition (every section), lengthened by
extra exclusion rules (each a line in section 5 and a row in appendix A) until WeasyPrint's
own layout, what the PDF was before this rule, spills onto one more page. That report is the
case the rule is for: the test checks the plain layout leaves its last page under a quarter
filled, then that the PDF statusgen writes leaves no page under a quarter filled.
"""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from generator.compute.periods import period_by_id
from generator.model.report import ExclusionRule, Report
from generator.render import pdf
from generator.reporting import build_report
from generator.site import load_site
from tests.conftest import DEMO_UNTIL
from tests.test_pdf import _filled, _pgm_pages

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")

RULE = "Downtime caused by a change the client requested in writing, for its own account."


def lengthened(report: Report, extra: int) -> Report:
    rules = [
        ExclusionRule(id=f"client-change-{n}", text=RULE, applies_to="incident")
        for n in range(1, extra + 1)
    ]
    methodology = dataclasses.replace(
        report.methodology, exclusions=[*report.methodology.exclusions, *rules]
    )
    return dataclasses.replace(report, methodology=methodology)


def plain_pages(report: Report, **context: object) -> int:
    """How many pages WeasyPrint's own layout of the report's HTML takes, with no help."""
    from weasyprint import HTML

    return len(HTML(string=pdf.report_html(report, **context)).render().pages)  # type: ignore[arg-type]


@pytest.mark.parametrize("code", ["en", "uk"])
def test_a_report_running_a_few_lines_past_a_page_ends_on_a_filled_page(
    demo_data: Path, code: str, tmp_path: Path
) -> None:
    site = load_site(demo_data)
    period = period_by_id("2026-11", site.sla.periods, site.sla.timezone)
    base = build_report(site, period, DEMO_UNTIL, "internal")
    context = {
        "sla": dataclasses.replace(site.sla, language=code),
        "incident_titles": pdf.incident_titles_of(site),
        "site": site,
    }
    # the fewest extra rules that take the plain layout onto one more page: its last page
    # then holds only what spilled over (pages only grow with rules, so halve the range)
    pages = plain_pages(base, **context)
    low, high = 0, 48
    assert plain_pages(lengthened(base, high), **context) > pages
    while high - low > 1:
        middle = (low + high) // 2
        if plain_pages(lengthened(base, middle), **context) > pages:
            high = middle
        else:
            low = middle
    report = lengthened(base, high)

    from weasyprint import HTML

    plain = tmp_path / "plain.pdf"
    plain.write_bytes(HTML(string=pdf.report_html(report, **context)).write_pdf())  # type: ignore[arg-type]
    (tmp_path / "p").mkdir()
    *_, last = _pgm_pages(plain, tmp_path / "p")
    assert _filled(*last) < 0.25  # the case: a few lines alone on the last page

    written = tmp_path / "report.pdf"
    written.write_bytes(pdf.render_pdf(report, **context))  # type: ignore[arg-type]
    (tmp_path / "w").mkdir()
    shown = _pgm_pages(written, tmp_path / "w")
    assert len(shown) == pages + 1  # the same pages, the last one filled from the one before
    for number, page in enumerate(shown, 1):
        assert _filled(*page) >= 0.25, f"{code} page {number} is nearly empty"
    # nothing was lost on the way: the last extra rule is there, in appendix A
    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(written).pages).split())
    assert f"client-change-{high}" in text


def test_a_weasyprint_whose_layout_boxes_changed_still_gets_its_pdf(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """The rule reads WeasyPrint's private page boxes: a release without them must cost the
    rule, with a warning, not the report."""
    from weasyprint import HTML

    from generator.render import pdf_breaks

    def gone(page: object) -> float:
        raise AttributeError("'Page' object has no attribute '_page_box'")

    monkeypatch.setattr(pdf_breaks, "filled", gone)
    document = HTML(string="<p>Uptime 99.95%.</p>" * 80)
    with caplog.at_level("WARNING", logger="generator.render.pdf_breaks"):
        rendered = pdf_breaks.lay_out(document, None)
    assert len(rendered.pages) > 1  # so the rule's measure was called
    assert rendered.write_pdf().startswith(b"%PDF-")
    # WeasyPrint's own progress lines reach the capture too when a test before set INFO
    assert [r.getMessage() for r in caplog.records if r.name == pdf_breaks.__name__] == [
        "PDF: the last page was not checked for fill (WeasyPrint's layout: "
        "'Page' object has no attribute '_page_box')"
    ]
