"""A rebuild places the charts kept by a build before as hard links to the kept files
(generator/mkdocs_plugin/chart_pool.py): what a user relies on is that the site is the one
a cold build makes, with the permissions of its other files, and that a published chart
never changes afterwards, whatever the cache then does with its entries."""

from __future__ import annotations

import filecmp
import os
import shutil
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.atomic import write_atomic
from generator.commands.build import BuildOptions, build_site
from tests.conftest import DEMO_UNTIL, REPO

pytestmark = pytest.mark.slow


@pytest.fixture
def data(demo_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    copy = tmp_path / "data"
    shutil.copytree(demo_data, copy)
    monkeypatch.setenv("STATUSGEN_CACHE_DIR", str(tmp_path / "cache"))
    previous = os.umask(0o022)
    try:
        yield copy
    finally:
        os.umask(previous)


def build(data: Path, output: Path) -> Path:
    build_site(BuildOptions(data, output, REPO / "mkdocs.yml", DEMO_UNTIL, strict=True, pdf=False))
    return output


def files(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob("*") if p.is_file())


def test_kept_charts_are_linked_and_keep_their_bytes_when_the_cache_changes(
    data: Path, tmp_path: Path
) -> None:
    cold = build(data, tmp_path / "cold")
    again = build(data, tmp_path / "again")
    entries = sorted((tmp_path / "cache/data/charts").glob("*.svg"))
    charts = sorted((again / "assets/charts").glob("*.svg"))
    assert len(charts) == len(entries) == 54
    # every chart of the rebuild is a kept file, linked, with the site's permissions
    kept = {entry.stat().st_ino for entry in entries}
    assert {chart.stat().st_ino for chart in charts} == kept
    assert {stat.S_IMODE(chart.stat().st_mode) for chart in charts} == {0o644}
    # the cache replaces its entries (by rename, as it writes them) and then prunes them
    for entry in entries:
        write_atomic(entry, b"<svg>drawn again by another statusgen</svg>\n")
    for entry in entries:
        entry.unlink()
    assert files(again) == files(cold)
    _, mismatch, errors = filecmp.cmpfiles(again, cold, files(cold), shallow=False)
    assert not mismatch and not errors
