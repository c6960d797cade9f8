"""The report's stylesheet is parsed once per thread, and the temporary copies of its fonts
WeasyPrint makes are removed: when released, when a thread drops one, by a forked worker
for what it made (never its parent's), and by a build that drew PDFs, whatever ran it.

WeasyPrint copies each @font-face file into a temporary directory per font configuration
and removes it only when the configuration is collected; a worker that exits with os._exit
never collects it, and a configuration still held at the interpreter's exit is deleted too
late to remove anything: each build with PDFs left one or more 3.4 MB directories in /tmp.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
from pathlib import Path

from generator.mkdocs_plugin.forked import Workers
from generator.render import pdf_styles
from generator.render.pdf_styles import KEPT_STYLESHEETS, parsed_stylesheet, release_stylesheets
from tests.test_chart_pool import _single_threaded, isolated

REPO = Path(__file__).resolve().parent.parent
SHEET = pdf_styles.font_faces() + "\nhtml { font-family: 'DejaVu Sans' }"


def folder(font_config: object) -> Path:
    path = font_config._folder  # type: ignore[attr-defined]
    assert path is not None and Path(path).is_dir()
    return Path(path)


def test_a_stylesheet_is_parsed_once_and_its_fonts_removed_when_released() -> None:
    fonts, css = parsed_stylesheet(SHEET)
    assert parsed_stylesheet(SHEET) == (fonts, css)
    copies = folder(fonts)
    assert len(list(copies.iterdir())) == len(pdf_styles.FONTS)
    release_stylesheets()
    assert not copies.exists()
    again, _ = parsed_stylesheet(SHEET)  # parsed anew, its own copies
    assert again is not fonts and folder(again) != copies
    release_stylesheets()


def test_a_thread_keeps_a_few_stylesheets_and_removes_the_fonts_of_those_it_drops() -> None:
    kept = [parsed_stylesheet(f"{SHEET}\n/* {n} */")[0] for n in range(KEPT_STYLESHEETS)]
    copies = [folder(fonts) for fonts in kept]
    parsed_stylesheet(f"{SHEET}\n/* one more */")
    assert [c for c in copies if c.exists()] == []
    release_stylesheets()


def _a_child_uses_its_parents_fonts_and_removes_only_its_own(tmp_path: Path) -> None:
    _single_threaded()
    fonts, _ = parsed_stylesheet(SHEET)  # before forking, as the build's warm-up does
    parents = folder(fonts)

    def work(index: int, staging: Path) -> None:
        inherited, _ = parsed_stylesheet(SHEET)
        own, _ = parsed_stylesheet(f"{SHEET}\n/* the child's own {index} */")
        # the inherited one is used, and left to its parent to remove
        assert inherited is fonts and inherited._folder is None  # type: ignore[attr-defined]
        (staging / f"{index}.txt").write_text(str(folder(own)), encoding="utf-8")

    workers = Workers(1, 1, work, "fonts", release_stylesheets)
    staging = workers.staging
    os.waitpid(workers.children[0], 0)
    made = Path((staging / "0.txt").read_text(encoding="utf-8"))
    workers.children = []
    workers.close()
    assert parents.is_dir()  # the parent's, still there for the parent's own reports
    assert not made.exists()  # what the child made, removed before it exited
    release_stylesheets()
    assert not parents.exists()


def test_a_forked_worker_uses_its_parents_fonts_and_removes_only_its_own(tmp_path: Path) -> None:
    isolated(_a_child_uses_its_parents_fonts_and_removes_only_its_own, tmp_path)


def test_a_build_with_pdf_reports_leaves_no_temporary_files(
    demo_data: Path, tmp_path: Path
) -> None:
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    environment = dict(os.environ, TMPDIR=str(temporary), NO_MKDOCS_2_WARNING="1")
    environment["STATUSGEN_CACHE_DIR"] = str(tmp_path / "cache")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "--data",
            str(demo_data),
            "build",
            "--as-of",
            "2026-11-20T12:00:00+03:00",  # tests/conftest.py DEMO_UNTIL
            "-o",
            str(tmp_path / "site"),
        ],
        env=environment,
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    assert len(list((tmp_path / "site" / "reports").glob("*.pdf"))) == 5
    assert sorted(p.name for p in temporary.iterdir()) == []


def test_the_fonts_a_finished_thread_held_are_removed_when_it_is_collected() -> None:
    made: list[Path] = []

    def draw() -> None:  # as a serve rebuild's thread draws a report
        made.append(folder(parsed_stylesheet(f"{SHEET}\n/* a thread's own */")[0]))

    thread = threading.Thread(target=draw)
    thread.start()
    thread.join()
    gc.collect()
    assert made and not made[0].exists()
