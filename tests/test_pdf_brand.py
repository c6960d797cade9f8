"""The PDF's branded cover (the logo and colour of the SLA file's ``brand``, by default the
demo site's) and the degraded time the period page shows, in the PDF too."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from PIL import Image
from pypdf import PdfReader

from generator.cli import main
from generator.compute.periods import period_by_id
from generator.render import pdf
from generator.reporting import build_report
from generator.site import load_site
from tests.test_degraded_report import MIN, P0, make_data

REPO = Path(__file__).resolve().parent.parent
AS_OF = "2026-08-20T12:00:00+03:00"


def _site(tmp_path: Path, brand: str = "") -> Path:
    root = tmp_path / "data"
    root.mkdir(parents=True)
    shutil.copy(REPO / "data" / "services.yml", root / "services.yml")
    sla = (REPO / "data" / "sla.yml").read_text(encoding="utf-8")
    (root / "sla.yml").write_text(sla + brand, encoding="utf-8")
    return root


def _cover_pixels(root: Path, tmp_path: Path) -> np.ndarray:
    """The first page's pixels (RGB, 24 dpi) of the report for 2026-08, as the CLI writes it."""
    out = tmp_path / "r.pdf"
    result = CliRunner().invoke(
        main,
        ["--data", str(root), "report", "--period", "2026-08", "--as-of", AS_OF,
         "--format", "pdf", "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    subprocess.run(
        ["pdftoppm", "-r", "24", "-f", "1", "-l", "1", "-png", str(out), str(tmp_path / "p")],
        check=True,
    )
    (page,) = tmp_path.glob("p-*.png")
    return np.asarray(Image.open(page).convert("RGB"), dtype=np.int16).reshape(-1, 3)


def _near(pixels: np.ndarray, colour: tuple[int, int, int]) -> int:
    return int((np.abs(pixels - np.array(colour)) <= 3).all(axis=1).sum())


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="needs poppler-utils")
def test_the_cover_carries_the_brand_colour_and_logo(tmp_path: Path) -> None:
    # by default the demo site's primary colour, #1f4f8f, and statusgen's logo drawn white
    pixels = _cover_pixels(_site(tmp_path / "default"), tmp_path / "default")
    assert _near(pixels, (0x1F, 0x4F, 0x8F)) > 500  # the band: 176 x 20 mm at 24 dpi
    # a company's own: a PNG logo (solid green) and a colour
    root = _site(tmp_path, '\nbrand:\n  logo: logo.png\n  color: "#aa3300"\n')
    Image.new("RGB", (40, 40), (0, 200, 0)).save(root / "logo.png")
    pixels = _cover_pixels(root, tmp_path)
    assert _near(pixels, (0x1F, 0x4F, 0x8F)) == 0
    assert _near(pixels, (0xAA, 0x33, 0x00)) > 500
    assert _near(pixels, (0, 200, 0)) > 20  # the logo: 11 mm square, about 10 x 10 pixels


@pytest.mark.parametrize(
    ("brand", "error"),
    [
        ("  logo: missing.svg\n", "brand.logo: no file 'missing.svg' beside the SLA file"),
        ("  logo: services.yml\n", "brand.logo: 'services.yml' is not an SVG or PNG file"),
        ("  logo: big.svg\n", "brand.logo: 'big.svg' is larger than 1 MB"),
    ],
)
def test_a_bad_logo_is_one_line_naming_file_line_and_field(
    tmp_path: Path, brand: str, error: str
) -> None:
    root = _site(tmp_path, "\nbrand:\n" + brand)
    (root / "big.svg").write_bytes(b"<svg>" + b" " * 1_000_001 + b"</svg>")
    line = len((root / "sla.yml").read_text(encoding="utf-8").splitlines())
    out = tmp_path / "r.pdf"
    result = CliRunner().invoke(
        main,
        ["--data", str(root), "report", "--period", "2026-08", "--as-of", AS_OF,
         "--format", "pdf", "-o", str(out)],
    )  # fmt: skip
    assert result.exit_code != 0
    assert result.output == f"Error: {root / 'sla.yml'}:{line}: {error}\n"
    assert not out.exists()


def test_the_pdf_states_degraded_time_where_the_period_page_does(tmp_path: Path) -> None:
    # the checks of tests/test_degraded_report.py: the API was slow 2,100 s = 35 min, apart
    # from its 300 s of downtime
    site = load_site(make_data(tmp_path))
    period = period_by_id("2026-08", site.sla.periods, site.sla.timezone)
    report = build_report(site, period, P0 + 120 * MIN)
    out = tmp_path / "d.pdf"
    out.write_bytes(pdf.render_pdf(report, sla=site.sla, site=site))
    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(out).pages).split())
    assert (
        "Degraded performance (up, but slower than its latency threshold) is not counted as "
        "downtime: Reporting API 35 min." in text
    )
    assert re.search(r"Counted downtime 5 min exactly 5 min \(300 s\)", text)
