"""The PDF report: its text equals the JSON report, it keeps ticket ids private, it lays out.

PDFs are rendered once per module (WeasyPrint takes a second or two each): the public ones
through published_pdf, as the site build draws them, the internal one through render_pdf.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from generator.cli import main
from generator.compute.periods import period_by_id
from generator.model.report import Report
from generator.render import pdf, pdf_styles
from generator.reporting import build_report
from generator.site import load_site
from generator.store.tickets import load_tickets
from tests.conftest import DEMO_UNTIL

DONE, RUNNING = "2026-08", "2026-11"


class Rendered:
    def __init__(self, path: Path, model: Report) -> None:
        self.path = path
        self.model = model  # what was rendered
        self.report = model.to_json()  # its published JSON, which the PDF's text must equal
        self.reader = PdfReader(path)
        raw = "\n".join(page.extract_text() or "" for page in self.reader.pages)
        self.text = " ".join(raw.split())  # table cells and wrapped lines: compare words


class WarningLog(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@pytest.fixture(scope="module")
def weasyprint_warnings() -> Iterator[list[str]]:
    handler = WarningLog()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    yield handler.messages
    logger.removeHandler(handler)


@pytest.fixture(scope="module")
def rendered(
    demo_data: Path, tmp_path_factory: pytest.TempPathFactory, weasyprint_warnings: list[str]
) -> dict[str, Rendered]:
    site = load_site(demo_data)
    rule, tz = site.sla.periods, site.sla.timezone
    periods = [period_by_id(pid, rule, tz) for pid in (DONE, RUNNING)]
    public = {p.id: build_report(site, p, DEMO_UNTIL) for p in periods}
    out = tmp_path_factory.mktemp("pdf")
    written = []
    for pid, report in public.items():
        path = out / f"{pid}.pdf"
        path.write_bytes(
            pdf.published_pdf(report, sla=site.sla, incident_titles=pdf.incident_titles_of(site))
        )
        written.append(path)
    internal = build_report(site, periods[0], DEMO_UNTIL, "internal")
    internal_path = out / "internal.pdf"
    internal_path.write_bytes(
        pdf.render_pdf(internal, sla=site.sla, incident_titles=pdf.incident_titles_of(site))
    )
    return {
        DONE: Rendered(written[0], public[DONE]),
        RUNNING: Rendered(written[1], public[RUNNING]),
        "internal": Rendered(internal_path, internal),
    }


# --- every figure equals the JSON report ----------------------------------------------


# The demo's figures, worked out from its records (seed 2026, up to DEMO_UNTIL). Aug-Oct 2026
# is 92 days = 7,948,800 s = 132,480 min; the objective 99.9% allows 0.1% of it: 7,948.8 s
# = 132.48 min. Nov 2026-Jan 2027 is measured to date: 1 Nov 00:00 to 20 Nov 12:00 = 19.5 days
# = 1,684,800 s. Percentages are shown with 2 decimals and
# exactly with 4, truncated, never rounded.
HEADLINES = {
    DONE: [
        # 3,870 s counted: 100 x (1 - 3,870 / 7,948,800) = 99.951313...
        "Uptime 99.95% exactly 99.9513%",  # 2 decimals to read, truncated
        "Counted downtime 1 h 04 min exactly 64.5 min (3870 s)",  # 3,870 s = 1 h 04 min 30 s
        "Allowed downtime 2 h 12 min exactly 132.48 min",  # 7,948.8 s = 2 h 12 min 28.8 s
        "Allowance left 1 h 07 min exactly 67.98 min",  # 132.48 - 64.5 = 67.98 min = 4,078.8 s
        "48.69% of the allowance used",  # 3,870 / 7,948.8 = 48.686..., to 2 decimals
        "Excluded downtime 40 min 54 s exactly 40.9 min",  # 2,454 s outside counted downtime
        # component rows: counted % then observed %
        "99.97% 99.94%",  # tracking: 2,100 s counted (99.973581...), 4,500 s observed
        "99.99% 99.99%",  # dashboard: 750 s, nothing excluded (99.990564...)
        "99.98% 99.98%",  # api: 1,020 s counted (99.987167...), 1,074 s (99.986488...)
        "not covered 99.84%",  # insights, beta: not counted, never "100%"; 12,000 s (99.849033...)
    ],
    RUNNING: [
        "Uptime to date 100% exactly 100%",  # nothing counted so far
        "Counted downtime 0 s exactly 0 min (0 s)",
        "Allowed downtime 2 h 12 min exactly 132.48 min",  # the whole period's allowance
        "Allowance left 2 h 12 min exactly 132.48 min",
        "0% of the allowance used",
        "Excluded downtime 3 s exactly 0.05 min",  # 3 s of api in a maintenance window
        "100% 100%",  # tracking, dashboard
        "not covered 100%",  # insights, beta
        "100% 99.99%",  # api: 3 s observed: 100 x (1 - 3 / 1,684,800) = 99.999821...
    ],
}
HEADLINES["internal"] = HEADLINES[DONE]


@pytest.mark.parametrize("which", [DONE, RUNNING, "internal"])
def test_headline_figures_equal_the_json(rendered: dict[str, Rendered], which: str) -> None:
    doc = rendered[which]
    for text in HEADLINES[which]:
        assert text in doc.text


SUPPORT = {
    # 73 met of 73 + 6 counted: 92.405063..., truncated
    DONE: (
        "Support attainment 92.40% exactly 92.4050%",
        "73 met, 6 breached, 0 pending of 79 requests",
        [
            "chat critical 2 1 1 0 50.00%",
            "chat high 4 4 0 0 100%",
            "chat medium 6 6 0 0 100%",
            "chat low 10 10 0 0 100%",
            "chat informational 4 4 0 0 100%",
            "chat feature request 3 2 1 0 66.66%",  # 2 / 3 = 66.666..., truncated
            "email critical 2 2 0 0 100%",
            "email high 7 6 1 0 85.71%",  # 6 / 7 = 85.714285...
            "email medium 12 11 1 0 91.66%",  # 11 / 12 = 91.666...
            "email low 13 12 1 0 92.30%",  # 12 / 13 = 92.307692...
            "email informational 8 7 1 0 87.50%",
            "email feature request 4 4 0 0 100%",
            "other medium 4 4 0 0 100%",
        ],
        ["Agency 11 10", "Enterprise 12 11", "Pro 33 31", "Starter 23 21"],
    ),
    # the pending request is shown, not counted: 17 of 17
    RUNNING: (
        "Support attainment 100% exactly 100%",
        "17 met, 0 breached, 1 pending of 18 requests",
        [
            "chat critical 0 0 0 0 no data",
            "chat high 0 0 0 0 no data",
            "chat medium 1 1 0 0 100%",
            "chat low 3 3 0 0 100%",
            "chat informational 1 1 0 0 100%",
            "chat feature request 0 0 0 0 no data",
            "email critical 0 0 0 0 no data",
            "email high 1 1 0 0 100%",
            "email medium 4 4 0 0 100%",
            "email low 3 3 0 0 100%",
            "email informational 1 1 0 0 100%",
            "email feature request 2 2 0 0 100%",
            "other critical 1 1 0 0 100%",
            "other feature request 1 0 0 1 no data",  # only a pending request: nothing counted
        ],
        ["Agency 3 3", "Enterprise 2 2", "Pro 9 8", "Starter 4 4"],
    ),
}


@pytest.mark.parametrize("which", [DONE, RUNNING])
def test_support_attainment_equals_the_json(rendered: dict[str, Rendered], which: str) -> None:
    doc = rendered[which]
    headline, counts, groups, plans = SUPPORT[which]
    assert headline in doc.text
    assert counts in doc.text
    for row in groups:
        assert row in doc.text
    for plan in plans:
        assert plan in doc.text


def test_review_dates_and_overdue_notice_equal_the_json(rendered: dict[str, Rendered]) -> None:
    doc = rendered[DONE]
    assert doc.report["terms"]["review_overdue"], "the reference SLA's next review (2024) passed"
    assert "Effective date 1 Mar 2021" in doc.text
    assert "Last review 8 Jan 2023" in doc.text
    assert "Next scheduled review 20 Nov 2024 (overdue)" in doc.text
    assert "Review overdue since 20 Nov 2024" in doc.text


def test_outages_and_maintenance_are_listed_with_reasons(rendered: dict[str, Rendered]) -> None:
    doc = rendered[DONE]
    u = doc.report["uptime"]
    excluded = [o for c in u["components"] for o in c["outages"] if o["excluded"]]
    assert excluded
    for o in excluded:
        assert o["rule"] in doc.text
    assert "outage at a third-party DNS provider" in doc.text  # an incident's own reason
    for w in u["maintenance"]:
        verdict = "EXCEEDED" if w["exceeded"] else "kept"
        assert (
            f"{w['releases']} {w['allowed_seconds']} s {w['observed_downtime_seconds']} s {verdict}"
            in doc.text
        )


def test_methodology_states_each_rule_with_its_value(rendered: dict[str, Rendered]) -> None:
    text = rendered[DONE].text
    m = rendered[DONE].report["methodology"]
    assert "Quorum 2 locations (default)" in text
    assert "max_gap 3 × the monitor's interval" in text
    assert f"Time zone {m['timezone']}" in text
    assert f"{m['scheduled_downtime_per_release_seconds']} s per release" in text
    for e in m["exclusions"]:
        assert f"Exclusion {e['id']} applies to {e['applies_to']}" in text
    for mon in m["monitors"]:
        assert mon["id"] in text
    assert "Calendar support" in text and "Business day 12 h 00 min" in text


def test_sections_come_in_order(rendered: dict[str, Rendered]) -> None:
    text = rendered["internal"].text
    headings = [
        "Service level report",
        "Executive summary",
        "Breached requests (internal)",  # the internal edition's list, right after the summary
        "1. Uptime",
        # the status site's charts, by their captions (a chart's own text is read after
        # its page's)
        "Downtime used versus the allowance of 2 h 12 min",
        "Downtime per day: counted minutes",
        "2. Outages and excluded downtime",
        "3. Scheduled maintenance",
        "4. Support response",
        "5. SLA terms",
        "Appendix A. Methodology",
    ]
    positions = [text.find(h) for h in headings]
    assert -1 not in positions, [h for h, p in zip(headings, positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    assert "Downtime used vs allowance, Aug–Oct 2026" in text
    assert "Downtime per day, Aug–Oct 2026" in text
    assert "Daily uptime" not in text and "burn-down" not in text  # the old charts are gone


def test_running_period_is_marked_to_date(rendered: dict[str, Rendered]) -> None:
    running, done = rendered[RUNNING], rendered[DONE]
    assert running.report["period"]["to_date"] and not done.report["period"]["to_date"]
    assert "TO DATE: measured up to 20 Nov 2026 12:00 UTC+03:00" in running.text
    assert "SLA report Nov 2026–Jan 2027 (to date)" in running.text  # the running header
    assert "TO DATE" not in done.text
    assert "met so far" in running.text or "MISSED" in running.text


# --- privacy --------------------------------------------------------------------------


def test_public_pdfs_hold_no_ticket_id_and_the_internal_one_lists_breaches(
    rendered: dict[str, Rendered], demo_data: Path
) -> None:
    ids = {t.id for t in load_tickets(load_site(demo_data).data)}
    assert ids, "the demo generates tickets"
    for which in (DONE, RUNNING):
        doc = rendered[which]
        leaked = [i for i in ids if i in doc.text]
        assert not leaked, leaked[:5]
        assert "Public" in doc.text and "Breached requests" not in doc.text
        assert not any(i in str(doc.reader.metadata) for i in ids)
    internal = rendered["internal"]
    breaches = internal.report["support"]["breaches"]
    assert breaches
    for b in breaches:
        assert b["id"] in internal.text
    assert "INTERNAL EDITION" in internal.text


def test_the_internal_edition_says_so_on_every_page_and_the_public_one_names_no_tool(
    rendered: dict[str, Rendered],
) -> None:
    for number, page in enumerate(rendered["internal"].reader.pages, 1):
        text = " ".join((page.extract_text() or "").split())
        assert "INTERNAL EDITION" in text, f"page {number}"
    for which in (DONE, RUNNING):
        assert "statusgen" not in rendered[which].text
        assert "INTERNAL" not in rendered[which].text


def test_the_cover_opens_with_the_verdict_in_the_json_figures(
    rendered: dict[str, Rendered],
) -> None:
    # Aug-Oct 2026: 3,870 s counted of 7,948,800 s: 99.951313...% -> 99.95%; 3,870 s is
    # 1 h 04 min 30 s; the allowance 7,948.8 s is 2 h 12 min 28.8 s; 73 of 79 support
    # requests on time: 92.405063...% -> 92.40%; 2 of 3 maintenance windows kept the limit
    cover = " ".join((rendered[DONE].reader.pages[0].extract_text() or "").split())
    assert (
        "SLA met: 99.95% uptime against the 99.9% objective; 1 h 04 min of downtime counted"
        " of 2 h 12 min allowed." in cover
    )
    assert "Support: 92.40% of first responses on time (73 of 79)" in cover
    assert "Maintenance commitments kept: 2 of 3" in cover
    report = rendered[DONE].report
    assert (report["uptime"]["percent"], report["uptime"]["downtime_seconds"]) == (99.9513, 3870)


# --- layout, fonts, metadata, reproducibility -----------------------------------------


def _pgm_pages(path: Path, out: Path) -> list[tuple[int, int, bytes]]:
    """Each page as (width, height, grey pixels) at 24 dpi: an A4 page is 198 x 280."""
    subprocess.run(
        ["pdftoppm", "-gray", "-r", "24", str(path), str(out / "page")],
        check=True,
        capture_output=True,
    )
    pages = []
    for image in sorted(out.glob("page-*.pgm")):
        data = image.read_bytes()
        magic, width, height, maxval, pixels = re.match(  # type: ignore[union-attr]
            rb"(P5)\s+(\d+)\s+(\d+)\s+(\d+)\s(.*)", data, re.S
        ).groups()
        assert magic == b"P5" and maxval == b"255"
        pages.append((int(width), int(height), pixels))
    return pages


# The page's body, between the running header and footer: the @page margins of report.css
# (22 mm top, 20 mm bottom) of A4's 297 mm.
BODY_TOP, BODY_BOTTOM = 22 / 297, (297 - 20) / 297


def _filled(width: int, height: int, pixels: bytes) -> float:
    """How far down its body a page is filled: the lowest inked row of the body, as a share
    of the body's height (0: an empty body, 1: filled to the footer)."""
    top, bottom = round(BODY_TOP * height), round(BODY_BOTTOM * height)
    inked = [
        row
        for row in range(top, bottom)
        if any(value < 200 for value in pixels[row * width : (row + 1) * width])
    ]
    return 0.0 if not inked else (inked[-1] + 1 - top) / (bottom - top)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
@pytest.mark.parametrize("which", [DONE, RUNNING, "internal"])
def test_no_page_is_less_than_a_quarter_filled(
    rendered: dict[str, Rendered], which: str, tmp_path: Path
) -> None:
    doc = rendered[which]
    pages = _pgm_pages(doc.path, tmp_path)
    assert len(pages) == len(doc.reader.pages)
    assert 6 <= len(pages) <= 12
    for number, (width, height, pixels) in enumerate(pages, 1):
        assert width < height  # portrait
        assert _filled(width, height, pixels) >= 0.25, f"page {number} is nearly empty"


def test_a_page_holding_one_line_is_found_nearly_empty(tmp_path: Path) -> None:
    # the measure itself: a real page with one paragraph at its top is under a quarter
    # filled, and a page filled to its middle is not
    from weasyprint import HTML

    css = "@page { size: A4; margin: 22mm 17mm 20mm 17mm; }"
    one = f"<style>{css}</style><p>One line.</p>"
    half = f"<style>{css}</style><div style='height: 130mm; border: 1pt solid black'></div>"
    fills = []
    for name, page in (("one", one), ("half", half)):
        (tmp_path / f"{name}.pdf").write_bytes(HTML(string=page).write_pdf())
        out = tmp_path / name
        out.mkdir()
        ((width, height, pixels),) = _pgm_pages(tmp_path / f"{name}.pdf", out)
        fills.append(_filled(width, height, pixels))
    assert fills[0] < 0.05 and 0.5 < fills[1] < 0.6  # 130 mm of the body's 255 mm: 0.51


def test_a4_pages_with_numbers_and_running_header(rendered: dict[str, Rendered]) -> None:
    doc = rendered[DONE]
    total = len(doc.reader.pages)
    for page in doc.reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert round(width / 72 * 25.4) == 210 and round(height / 72 * 25.4) == 297
    for number, page in enumerate(doc.reader.pages[1:], 2):  # the cover has neither
        text = " ".join((page.extract_text() or "").split())
        assert f"Page {number} of {total}" in text
        assert "Lumentrack · SLA report Aug–Oct 2026" in text
        assert "As of 20 Nov 2026 12:00 UTC+03:00" in text


def test_fonts_are_embedded_and_charts_are_vectors(rendered: dict[str, Rendered]) -> None:
    doc = rendered["internal"]
    fonts = {}
    for page in doc.reader.pages:
        resources = page["/Resources"]
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            fonts[str(font["/BaseFont"])] = "/FontFile2" in descriptor.get_object()
        for xobject in resources.get("/XObject", {}).values():
            assert xobject.get_object().get("/Subtype") != "/Image"  # charts stay vectors
    assert fonts and all(fonts.values()), fonts
    assert any("DejaVu-Sans" in name for name in fonts)


def test_metadata_dates_are_the_reports_as_of(rendered: dict[str, Rendered]) -> None:
    doc = rendered[DONE]
    meta = doc.reader.metadata
    assert meta is not None
    as_of = datetime.fromisoformat(doc.report["generated_at"])
    assert meta.creation_date == as_of and meta.modification_date == as_of
    assert meta.title == "Lumentrack: SLA report Aug–Oct 2026"
    assert meta.author == "Lumentrack"


def test_same_report_same_bytes(rendered: dict[str, Rendered], demo_data: Path) -> None:
    doc = rendered[DONE]
    site = load_site(demo_data)
    again = pdf.render_pdf(doc.model, sla=site.sla, incident_titles=pdf.incident_titles_of(site))
    assert again == doc.path.read_bytes()


def test_a_stylesheet_kept_between_reports_draws_the_bytes_of_a_fresh_one(
    rendered: dict[str, Rendered], demo_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """render_pdf parses the stylesheet, loading its fonts, once per thread and brand: a
    report drawn with the one kept from another report is the PDF of one parsed for it."""
    site = load_site(demo_data)
    titles = pdf.incident_titles_of(site)

    def draw(which: str) -> bytes:
        return pdf.render_pdf(rendered[which].model, sla=site.sla, incident_titles=titles)

    draw(DONE)
    with_kept = draw(RUNNING)
    css = pdf_styles.report_css(site.sla)
    assert pdf.parsed_stylesheet(css) is pdf.parsed_stylesheet(css)
    assert pdf.parsed_stylesheet(css + "/* another brand */") is not pdf.parsed_stylesheet(css)
    parse = pdf.parsed_stylesheet
    monkeypatch.setattr(
        pdf,
        "parsed_stylesheet",
        lambda text: (pdf_styles.release_stylesheets(), parse(text))[1],
    )
    assert draw(RUNNING) == with_kept == rendered[RUNNING].path.read_bytes()


def test_weasyprint_had_nothing_to_complain_about(
    rendered: dict[str, Rendered], weasyprint_warnings: list[str]
) -> None:
    assert weasyprint_warnings == []


# --- the HTML behind it (no PDF needed) -----------------------------------------------


def test_text_from_records_is_escaped(rendered: dict[str, Rendered]) -> None:
    report = rendered[DONE].model
    outage = next(o for c in report.uptime.components for o in c.outages if o.incidents)
    title = '<img src="file:///etc/passwd"> & a very long incident title ' * 4
    page = pdf.report_html(report, incident_titles={outage.incidents[0]: title})
    assert '<img src="file:///etc/passwd">' not in page
    assert "&lt;img src=&#34;file:///etc/passwd&#34;&gt; &amp; a very long" in page


def test_a_report_without_support_says_so(rendered: dict[str, Rendered]) -> None:
    report = dataclasses.replace(rendered[DONE].model, support=None)
    page = pdf.report_html(report)
    assert "makes no support-response commitment" in page
    assert "Support attainment" not in page.split('id="support"')[0].split("</head>")[1]


def test_the_site_build_refuses_a_non_public_report(
    rendered: dict[str, Rendered], demo_data: Path
) -> None:
    site = load_site(demo_data)
    with pytest.raises(ValueError, match="public"):
        pdf.published_pdf(rendered["internal"].model, sla=site.sla, incident_titles={})


def test_cli_writes_a_pdf(demo_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    result = CliRunner().invoke(
        main,
        ["--data", str(demo_data), "report", "--period", DONE, "--as-of",
         "2026-11-20T12:00:00+03:00", "--format", "pdf", "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    assert "Service level report" in PdfReader(out).pages[0].extract_text()
