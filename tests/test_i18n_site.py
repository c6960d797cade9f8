"""The SLA file's ``language:`` reaches the site and the PDF: Material's own words and
``<html lang>``, and the figures statusgen writes, in that language."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.commands.build import BuildOptions, build_site
from generator.locales import catalogue_path
from generator.reporting import reuse
from generator.reporting.reuse import PdfReuse
from generator.reporting.site import build_model
from generator.site import load_site
from generator.timeutil import parse_instant
from tests.conftest import REPO

pytestmark = pytest.mark.slow
AS_OF = parse_instant("2026-11-20T12:00:00+03:00")


def speaking(data: Path, code: str) -> Path:
    sla = data / "sla.yml"
    text = sla.read_text(encoding="utf-8")
    sla.write_text(
        text.replace("company: Lumentrack\n", f"company: Lumentrack\nlanguage: {code}\n", 1)
    )
    return data


def test_the_site_is_built_in_the_slas_language(site_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(
        BuildOptions(
            speaking(site_dir, "uk"), out, REPO / "mkdocs.yml", AS_OF, strict=True, pdf=False
        )
    )
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="uk"' in home
    assert 'placeholder="Пошук"' in home  # Material's search box, in its Ukrainian
    # the home page's own words, and its dates with Ukrainian month names
    assert '<h2 id="recent">Минулі інциденти</h2>' in home
    # the overall status and each component's, named in compute/status.py
    assert 'aria-hidden="true"></span>Стан невідомий: немає свіжих перевірок</p>' in home
    assert '<span class="sg-pill sg-pill--no_data">Немає свіжих даних</span>' in home
    assert "Про інциденти не повідомлялося." in home
    assert (
        'сторінку побудовано станом на <time datetime="2026-11-20T12:00:00+03:00">'
        "20 лист. 2026\u202fр. 12:00 UTC+03:00</time>"
    ) in home
    assert '<h3 class="sg-past__date" id="past-2026-11-07">7 лист. 2026\u202fр.</h3>' in home
    # no record yet: the SLA index's figures say so in Ukrainian
    index = (out / "sla/index.html").read_text(encoding="utf-8")
    assert '<td data-label="Доступність">немає даних</td>' in index


def test_an_sla_without_a_language_builds_in_english(site_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_site(BuildOptions(site_dir, out, REPO / "mkdocs.yml", AS_OF, strict=True, pdf=False))
    home = (out / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en"' in home
    assert '<h2 id="recent">Past incidents</h2>' in home
    assert '<h3 class="sg-past__date" id="past-2026-11-07">7 Nov 2026</h3>' in home
    index = (out / "sla/index.html").read_text(encoding="utf-8")
    assert '<td data-label="Uptime">no data</td>' in index


def test_the_pdf_report_is_written_in_the_slas_language(site_dir: Path) -> None:
    pytest.importorskip("weasyprint")
    from generator.render.pdf import report_html

    site = load_site(speaking(site_dir, "de"))
    model = build_model(site, AS_OF)
    report = model.reports[model.periods[-1].id]
    document = report_html(report, sla=site.sla)
    assert "keine Daten" in document


def test_a_kept_pdf_is_drawn_again_when_its_catalogue_changes(
    site_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("STATUSGEN_CACHE_DIR", str(tmp_path / "cache"))
    catalogue = tmp_path / "statusgen.po"
    catalogue.write_bytes(catalogue_path("uk").read_bytes())
    monkeypatch.setattr(reuse, "catalogue_path", lambda code: catalogue)
    site = load_site(speaking(site_dir, "uk"))
    model = build_model(site, AS_OF)
    report = model.reports[model.periods[0].id]
    PdfReuse(site).keep(report, {}, b"%PDF-kept")
    assert PdfReuse(site).load(report, {}) == b"%PDF-kept"
    # a translator corrects a message: the kept PDF still says the old words
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(text.replace("немає даних", "даних немає"), encoding="utf-8")
    assert PdfReuse(site).load(report, {}) is None
