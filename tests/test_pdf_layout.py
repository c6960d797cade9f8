"""WeasyPrint's render in steps (generator/render/pdf_layout.py): a report laid out there is
WeasyPrint's own layout, byte for byte, and one laid out again after a forced break keeps
the pages before the break and prints as WeasyPrint's render of the report with the break
written as an inline style on its element (what the last-page rule did before)."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.compute.periods import period_by_id
from generator.render import pdf
from generator.render.pdf_breaks import _break_points
from generator.render.pdf_layout import Layout
from generator.reporting import build_report
from generator.site import load_site
from tests.conftest import DEMO_UNTIL

PDF_ID = b"0123456789abcdef0123456789abcdef"


@pytest.fixture(scope="module")
def demo_html(demo_data: Path) -> dict[str, str]:
    """The HTML of the demo's public report of each period, in English."""
    site = load_site(demo_data)
    found = {}
    for period_id in ("2026-08", "2026-11"):
        period = period_by_id(period_id, site.sla.periods, site.sla.timezone)
        report = build_report(site, period, DEMO_UNTIL, "public")
        found[period_id] = pdf.report_html(
            report, sla=site.sla, incident_titles=pdf.incident_titles_of(site), site=site
        )
    return found


@pytest.fixture(scope="module")
def plain_pdf(demo_html: dict[str, str]) -> bytes:
    """WeasyPrint's render of the Aug-Oct report, no break forced."""
    from weasyprint import HTML

    return HTML(string=demo_html["2026-08"]).render().write_pdf(pdf_identifier=PDF_ID)  # type: ignore[no-any-return]


def test_a_report_laid_out_in_steps_is_weasyprints_own_layout(demo_html: dict[str, str]) -> None:
    from weasyprint import HTML

    document = demo_html["2026-11"]
    ours = Layout(HTML(string=document)).document().write_pdf(pdf_identifier=PDF_ID)
    theirs = HTML(string=document).render().write_pdf(pdf_identifier=PDF_ID)
    assert ours.startswith(b"%PDF-") and ours == theirs


@pytest.mark.parametrize(("tag", "laid_out"), [("tr", 2), ("h3", 2), ("table", 3)])
def test_a_forced_break_lays_out_again_from_its_page_only(
    demo_html: dict[str, str], plain_pdf: bytes, tag: str, laid_out: int
) -> None:
    """A break before a table row, a heading (a block of a section) and a table, the latest
    of each on the page before the last of the demo's Aug-Oct report: the table is the one
    continued from the page before, so the pages are laid out again from that one."""
    from weasyprint import HTML

    document = demo_html["2026-08"]
    html = HTML(string=document)
    layout = Layout(html)
    first = list(layout.pages)
    box = [b for _, b in _break_points(first[-2]) if b.element_tag == tag][-1]
    layout.break_before(box)
    kept = len(first) - laid_out  # every page before the first holding the box's element
    assert kept >= 5 and all(a is b for a, b in zip(layout.pages[:kept], first, strict=False))
    assert layout.pages[kept] is not first[kept]
    ours = layout.document().write_pdf(pdf_identifier=PDF_ID)

    # the same break as an inline style, laid out by WeasyPrint from the start
    inline = HTML(string=document)
    index = list(html.etree_element.iter()).index(box.element)
    list(inline.etree_element.iter())[index].set("style", "break-before: page")
    theirs = inline.render().write_pdf(pdf_identifier=PDF_ID)
    assert ours == theirs
    assert ours != plain_pdf  # the break moved something


@pytest.mark.parametrize("step", ["make_all_pages", "make_margin_boxes"])
def test_without_weasyprints_steps_the_report_is_weasyprints_render(
    step: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A WeasyPrint release that moves a step, of the layout or of its finish, costs the
    last-page rule, with a warning."""
    import weasyprint.layout.page
    from weasyprint import HTML

    from generator.render import pdf_breaks

    # what layout_document calls by the name it imported, so WeasyPrint's render has it
    monkeypatch.delattr(weasyprint.layout.page, step)
    document = "<p>Uptime 99.95%.</p>" * 80
    with caplog.at_level("WARNING", logger="generator.render.pdf_breaks"):
        rendered = pdf_breaks.lay_out(HTML(string=document), None)
    theirs = HTML(string=document).render().write_pdf(pdf_identifier=PDF_ID)
    assert rendered.write_pdf(pdf_identifier=PDF_ID) == theirs
    assert [r.getMessage() for r in caplog.records if r.name == pdf_breaks.__name__] == [
        "PDF: the last page was not checked for fill (WeasyPrint's layout: cannot import name"
        f" '{step}' from 'weasyprint.layout.page' ({weasyprint.layout.page.__file__}))"
    ]
