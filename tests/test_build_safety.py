"""Where `statusgen build` may write: refused outputs change nothing, a previous build is
replaced, leftovers of killed builds are cleaned, concurrent builds serialise, and a broken
template is one line."""

from __future__ import annotations

import fcntl
import filecmp
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.commands.build import BuildOptions, build_site
from generator.errors import GeneratorError
from generator.store.cache import CACHE_DIR
from tests.conftest import REPO

pytestmark = pytest.mark.slow
AS_OF = "2026-11-20T12:00:00+03:00"
BUILD_PUBLIC = [
    sys.executable,
    "-m",
    "generator",
    *f"build -o public --no-pdf --as-of {AS_OF}".split(),
]
MARKER_TEXT = (
    "Built by statusgen 0.1.0. `statusgen build` replaces this directory as a whole;\n"
    "it refuses any directory without this file.\n"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A site checkout in tmp_path/project (the current directory): config, site, data,
    templates, with no records so that a build takes about a second."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "site", root / "site")
    (root / "data").mkdir()
    for name in ("sla.yml", "services.yml"):
        shutil.copy(REPO / "data" / name, root / "data" / name)
    (root / "templates").mkdir()
    (root / "templates" / "README").write_text("site templates override the shipped ones\n")
    (root / "notes").mkdir()
    (root / "notes" / "todo.txt").write_text("keep me\n")
    (root / "datalink").symlink_to("data")
    monkeypatch.chdir(root)
    monkeypatch.delenv("STATUSGEN_DATA", raising=False)
    return root


def tree_digest(top: Path) -> str:
    """Every path under top with its type, mode and content (or link target), apart from
    the derived cache: a build that fails may already have kept charts its workers drew
    (correct, disposable, gitignored), and whether they finished first is a race."""
    digest = hashlib.sha256()
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames[:] = sorted(name for name in dirnames if name != CACHE_DIR)
        for name in [*dirnames, *sorted(filenames)]:
            path = Path(dirpath) / name
            info = path.lstat()
            digest.update(f"{path.relative_to(top)}\0{info.st_mode:o}\0".encode())
            if path.is_symlink():
                digest.update(os.readlink(path).encode())
            elif path.is_file():
                digest.update(path.read_bytes())
    return digest.hexdigest()


def run_build(*args: str, data: str = "data") -> tuple[int, str, str]:
    result = CliRunner().invoke(
        main, ["--data", data, "build", "--no-pdf", "--as-of", AS_OF, *args], catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


REFUSED = [
    (
        ["-o", "."],
        "Error: .: contains the data directory (data); refusing to build there. "
        "Choose another --output\n",
    ),
    (
        ["-o", "data"],
        "Error: data: is the data directory; refusing to build there. Choose another --output\n",
    ),
    (
        ["-o", "datalink"],
        "Error: datalink: is the data directory (data); refusing to build there. "
        "Choose another --output\n",
    ),
    (
        ["-o", "site"],
        "Error: site: is the docs directory; refusing to build there. Choose another --output\n",
    ),
    (
        ["-o", "site/public"],
        "Error: site/public: is inside the docs directory (site); refusing to build there. "
        "Choose another --output\n",
    ),
    (
        ["-o", "templates"],
        "Error: templates: is the templates directory; refusing to build there. "
        "Choose another --output\n",
    ),
    (
        ["-o", "notes"],
        "Error: notes: not a statusgen build output (no .statusgen-build marker); refusing to "
        "replace it. Remove it yourself or choose another --output\n",
    ),
    (
        ["-o", ".."],  # an ancestor of the data directory and of the current directory
        "Error: ..: contains the data directory (data); refusing to build there. "
        "Choose another --output\n",
    ),
    (
        ["-o", "deep"],  # with --data deep/records
        "Error: deep: contains the data directory (deep/records); refusing to build there. "
        "Choose another --output\n",
    ),
    (
        ["-o", "checkout"],
        "Error: checkout: is a git repository; refusing to build there. Choose another --output\n",
    ),
]


@pytest.mark.parametrize(("args", "expected"), REFUSED, ids=[" ".join(a) for a, _ in REFUSED])
def test_refused_outputs_are_one_line_and_change_nothing(
    project: Path, args: list[str], expected: str
) -> None:
    shutil.copytree(project / "data", project / "deep" / "records")
    (project / "checkout" / ".git").mkdir(parents=True)
    (project / "checkout" / ".statusgen-build").write_text(MARKER_TEXT)  # not enough
    before = tree_digest(project.parent)
    code, stdout, stderr = run_build(*args, data="deep/records" if args[1] == "deep" else "data")
    assert (code, stdout, stderr) == (1, "", expected)
    assert tree_digest(project.parent) == before


def test_the_current_directory_is_refused(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (project / "work").mkdir()
    (project / "work" / ".statusgen-build").write_text(MARKER_TEXT)
    monkeypatch.chdir(project / "work")
    before = tree_digest(project.parent)
    code, stdout, stderr = run_build("-f", "../mkdocs.yml", "-o", ".", data="../data")
    assert (code, stdout) == (1, "")
    assert stderr == (
        "Error: .: is the current directory; refusing to build there. Choose another --output\n"
    )
    assert tree_digest(project.parent) == before


def test_a_new_directory_is_built_with_the_marker(project: Path) -> None:
    code, stdout, stderr = run_build("-o", "out/public")
    assert code == 0, stderr
    assert stdout.startswith("built out/public: 10 generated pages, ")
    public = project / "out" / "public"
    assert (public / ".statusgen-build").read_text() == MARKER_TEXT
    assert (public / "index.html").is_file()
    assert sorted(p.name for p in (project / "out").iterdir()) == ["public"]


def test_an_empty_directory_and_a_previous_build_are_replaced(project: Path) -> None:
    (project / "public").mkdir()
    assert run_build("-o", "public")[0] == 0
    (project / "public" / "stale.html").write_text("from an older build")
    code, _, stderr = run_build("-o", "public")
    assert code == 0, stderr
    assert not (project / "public" / "stale.html").exists()
    assert (project / "public" / ".statusgen-build").read_text() == MARKER_TEXT
    assert not [p.name for p in project.iterdir() if p.name.startswith(".public")]


def test_leftovers_of_killed_builds_are_removed_and_nothing_else(project: Path) -> None:
    ours = [".public-building-abcdefgh", ".public-old-1234_678", ".public-building-zzzzzzzz"]
    for name in ours[:2]:
        (project / name / "sla").mkdir(parents=True)
        (project / name / ".statusgen-build").write_text(MARKER_TEXT)
        (project / name / "sla" / "index.html").write_text("half a site")
    (project / ours[2]).mkdir()  # killed before it held anything
    kept = [".public-building-unmarked", ".public-old-abcdefgh-x", ".publicx-building-abcdefgh"]
    for name in kept:
        (project / name).mkdir()
        (project / name / "mine.txt").write_text("not a build's")
    (project / ".public-building-qwertyui").write_text("a file, not a directory")
    kept.append(".public-building-qwertyui")
    code, _, stderr = run_build("-o", "public")
    assert code == 0, stderr
    assert sorted(p.name for p in project.iterdir() if p.name.startswith(".public")) == sorted(kept)


def test_a_build_waits_for_the_one_holding_the_lock(project: Path) -> None:
    lock = os.open(project / ".public.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(lock, fcntl.LOCK_EX)
    try:
        build = subprocess.Popen(
            BUILD_PUBLIC,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert build.stderr is not None
        waiting = build.stderr.readline()  # blocks until the build reports that it waits
        assert waiting == (
            "WARNING generator.commands.build: waiting for another build into public to finish\n"
        )
        assert not (project / "public").exists()
        assert not [p for p in project.iterdir() if p.name.startswith(".public-")]
    finally:
        fcntl.flock(lock, fcntl.LOCK_UN)
        os.close(lock)
    stdout, stderr = build.communicate()
    assert build.returncode == 0, stderr
    assert stdout.startswith("built public: ")
    assert (project / "public" / ".statusgen-build").is_file()
    assert not (project / ".public.lock").exists()


def test_a_build_gives_up_waiting_with_one_line(project: Path) -> None:
    lock = os.open(project / ".public.lock", os.O_RDWR | os.O_CREAT)
    fcntl.flock(lock, fcntl.LOCK_EX)
    try:
        before = tree_digest(project.parent)
        options = BuildOptions(Path("data"), Path("public"), pdf=False, lock_wait=0)
        with pytest.raises(GeneratorError) as raised:
            build_site(options)
        assert str(raised.value) == (
            "public: another build into it is still running after 0 s "
            "(it holds .public.lock); try again later"
        )
        assert tree_digest(project.parent) == before
    finally:
        os.close(lock)


def test_two_builds_at_once_leave_one_complete_site(project: Path) -> None:
    assert run_build("-o", "reference")[0] == 0
    builds = [
        subprocess.Popen(BUILD_PUBLIC, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    results = [(*b.communicate(), b.returncode) for b in builds]
    for stdout, stderr, code in results:
        assert code == 0, stderr
        assert stdout.startswith("built public: ")
        assert "Traceback" not in stderr
    reference, public = project / "reference", project / "public"
    files = sorted(str(p.relative_to(reference)) for p in reference.rglob("*") if p.is_file())
    assert files == sorted(str(p.relative_to(public)) for p in public.rglob("*") if p.is_file())
    assert ".statusgen-build" in files and "index.html" in files
    _, mismatch, errors = filecmp.cmpfiles(reference, public, files, shallow=False)
    assert (mismatch, errors) == ([], [])
    assert not [p.name for p in project.iterdir() if p.name.startswith(".public")]


def test_a_template_syntax_error_is_one_line(project: Path) -> None:
    (project / "templates" / "site").mkdir()
    (project / "templates" / "site" / "home.md").write_text(
        "# Status\n\n{{ oops( }}\n", encoding="utf-8"
    )
    before = tree_digest(project.parent)
    code, stdout, stderr = run_build("-o", "public")
    assert (code, stdout) == (1, "")
    assert stderr == (
        "Error: templates/site/home.md:3: template syntax error: unexpected '}', expected ')'\n"
    )
    assert tree_digest(project.parent) == before


def test_a_theme_override_syntax_error_is_one_line(project: Path) -> None:
    (project / "site" / "overrides" / "main.html").write_text(
        '{% extends "base.html" %}\n{% block content %}{{ a + }}{% endblock %}\n'
    )
    before = tree_digest(project.parent)
    code, stdout, stderr = run_build("-o", "public")
    assert (code, stdout) == (1, "")
    assert stderr == (
        "Error: site/overrides/main.html:2: template syntax error: "
        "unexpected 'end of print statement'\n"
    )
    assert tree_digest(project.parent) == before
