"""The PDF report in the reader's language (issue 18): the demo's report in Ukrainian and in
German leaves none of statusgen's own English words, and writes numbers, dates and durations
the language's way. ``statusgen report --language`` picks the PDF's language."""

from __future__ import annotations

import base64
import dataclasses
import html
import itertools
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.compute.periods import period_by_id
from generator.i18n import language
from generator.locales import TEMPLATE, catalogue_path
from generator.render import pdf
from generator.reporting import build_report
from generator.site import load_site
from tests.conftest import DEMO_UNTIL
from tests.test_catalogues import read
from tests.test_pdf import _filled, _pgm_pages

PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|<[^>]+>")


SVG_IMAGE = re.compile(r'src="data:image/svg\+xml;base64,([^"]+)"')
SVG_TEXT = re.compile(r"<text\b[^>]*>([^<]*)</text>")


def chart_text(document: str) -> set[str]:
    """The text of the charts an HTML report shows: the chart functions' own words, which
    their module translates (not the report's), and the SLA's figures."""
    found = set()
    for data in SVG_IMAGE.findall(document):
        svg = base64.b64decode(data).decode("utf-8")
        words = [" ".join(html.unescape(t).split()) for t in SVG_TEXT.findall(svg)]
        found |= set(words)
        # a label hyphenated over two lines reads as one word in the PDF's text
        found |= {a[:-1] + b for a, b in itertools.pairwise(words) if a.endswith("-")}
    return found - {""}


@pytest.fixture(scope="module")
def texts(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """pdftotext of the demo's Aug-Oct 2026 report, internal edition (every section), in
    Ukrainian and in German, without its charts' text (see chart_text) and the SLA file's
    own title, which the company writes."""
    if shutil.which("pdftotext") is None:
        pytest.skip("needs poppler-utils")
    site = load_site(demo_data)
    period = period_by_id("2026-08", site.sla.periods, site.sla.timezone)
    report = build_report(site, period, DEMO_UNTIL, "internal")
    out = tmp_path_factory.mktemp("pdf-languages")
    found = {}
    for code in ("uk", "de"):
        path = out / f"{code}.pdf"
        sla = dataclasses.replace(site.sla, language=code)
        titles = pdf.incident_titles_of(site)
        path.write_bytes(pdf.render_pdf(report, sla=sla, incident_titles=titles, site=site))
        done = subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True)
        charts = chart_text(pdf.report_html(report, sla=sla, incident_titles=titles, site=site))
        assert "Lumentrack" not in charts and len(charts) > 20
        lines = [" ".join(line.split()) for line in done.stdout.decode("utf-8").splitlines()]
        found[code] = "\n".join(
            line for line in lines if line not in charts and line != site.sla.title
        )
        PDFS[code] = path
    return found


PDFS: dict[str, Path] = {}  # the PDFs the texts fixture wrote


def english_messages(code: str) -> list[str]:
    """Every message of the catalogue, singular and plural, whose translation into ``code``
    differs from it (a word German writes as English does, 'Median', is no leftover)."""
    translated = {m.id: m.string for m in read(catalogue_path(code), code) if m.id}
    messages = []
    for message in read(TEMPLATE):
        if not message.id:
            continue
        ids = (message.id,) if isinstance(message.id, str) else tuple(message.id)
        strings = translated.get(message.id)
        forms = (strings,) if isinstance(strings, str) else tuple(strings or ())
        messages += [text for text in ids if text not in forms]
    return messages


@pytest.mark.parametrize("code", ["uk", "de"])
def test_no_line_of_the_pdf_is_statusgens_english(texts: dict[str, str], code: str) -> None:
    english = english_messages(code)
    assert len(english) > 300  # the PDF's messages and the site's
    lines = {" ".join(line.split()) for line in texts[code].splitlines()}
    whole = {m for m in english if not PLACEHOLDER.search(m)}
    assert not lines & whole, sorted(lines & whole)
    # a sentence with placeholders: none of its English stretches of four words or more
    text = " ".join(texts[code].split())
    stretches = {
        " ".join(part.split())
        for m in english
        for part in PLACEHOLDER.split(m)
        if part and len(part.split()) >= 4
    }
    left = sorted(s for s in stretches if s in text)
    assert not left, left


def test_figures_dates_and_durations_are_written_the_languages_way(
    texts: dict[str, str],
) -> None:
    # 3,870 s counted of 7,948,800 s: 99.951313...% -> 99.95 (truncated), a comma in both
    # languages, a space before % in German; 3,870 s is 1 h 04 min 30 s (two units said)
    de = " ".join(texts["de"].split())
    for text in (
        "SLA erfüllt: 99,95 % Verfügbarkeit bei einem Ziel von 99,9 %",  # the verdict
        "genau 99,9513 %; Ziel 99,9 %: ERFÜLLT",
        "Angerechnete Ausfallzeit 1 Std. 4 Min.",
        "genau 64,5 Min. (3.870 Sek.)",
        "Gültig ab 1. März 2021",  # the SLA's effective date
        "SLA-Bericht Aug.–Okt. 2026",  # the running header: the months as the site says them
    ):
        assert text in de, text
    uk = " ".join(texts["uk"].split())
    for text in (
        "SLA виконано: доступність 99,95% (ціль — 99,9%)",
        "точно 99,9513%; ціль 99,9%: ВИКОНАНО",
        "Врахований простій 1 год 4 хв",
        "точно 64,5 хв (3 870 с)",
        "Дата набуття чинності 1 бер. 2021 р.",
        "Звіт SLA серп. — жовт. 2026 р.",
    ):
        assert text in uk, text
    assert "ВНУТРІШНЄ ВИДАННЯ" in uk and "INTERNAL" not in uk
    # the footer's page counter, of as many pages as pdfinfo counts
    pages = {code: int(_pdfinfo(PDFS[code])["Pages"]) for code in ("uk", "de")}
    assert f"Сторінка 2 з {pages['uk']}" in uk and f"Seite 2 von {pages['de']}" in de


def test_the_report_command_takes_the_pdfs_language(demo_data: Path, tmp_path: Path) -> None:
    args = ["--data", str(demo_data), "report", "--period", "2026-08", "--as-of",
            "2026-11-20T12:00:00+03:00"]  # fmt: skip
    out = tmp_path / "r.pdf"
    result = CliRunner().invoke(
        main, [*args, "--format", "pdf", "--language", "de", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    done = subprocess.run(["pdftotext", str(out), "-"], check=True, capture_output=True)
    assert "Service-Level-Bericht" in done.stdout.decode("utf-8")
    refused = CliRunner().invoke(main, [*args, "--format", "json", "--language", "de"])
    assert refused.exit_code == 2
    assert "--language is the PDF's: use it with --format pdf" in refused.output
    unknown = CliRunner().invoke(main, [*args, "--format", "pdf", "--language", "xx", "-o", "x"])
    assert unknown.exit_code == 2 and "'xx' is not one of" in unknown.output


def test_the_english_pdf_is_the_english_catalogues(texts: dict[str, str]) -> None:
    # the source language needs no catalogue: its messages are the msgids themselves
    assert language("en").gettext("Executive summary") == "Executive summary"
    assert "Підсумок" in texts["uk"] and "Zusammenfassung" in texts["de"]


@pytest.mark.parametrize("code", ["uk", "de"])
def test_no_page_is_less_than_a_quarter_filled_in_either_language(
    texts: dict[str, str], code: str, tmp_path: Path
) -> None:
    # longer words wrap table cells onto more lines: still no page left nearly empty
    for number, (width, height, pixels) in enumerate(_pgm_pages(PDFS[code], tmp_path), 1):
        assert _filled(width, height, pixels) >= 0.25, f"{code} page {number}"


def _pdfinfo(path: Path) -> dict[str, str]:
    done = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    pairs = (line.split(":", 1) for line in done.stdout.splitlines() if ":" in line)
    return {key.strip(): value.strip() for key, value in pairs}
