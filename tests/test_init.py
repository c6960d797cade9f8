"""statusgen init: what it writes, what it refuses to overwrite, --force, --name."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result

from generator.cli import main
from generator.scaffold import NewSite, site_files
from generator.scaffold.install import requirement

# init's own choice of requirement builds a wheel of this checkout: tests/test_install.py
# covers it; here the requirement is given, as --requirement does
PYPI = ("--requirement", "statusgen==0.1.0")
MANIFEST = ".statusgen-files.json"


def new_site(company: str) -> dict[str, bytes]:
    return site_files(NewSite(company, date.today(), None, requirement(None, Path())))


FILES = sorted([*new_site("Example Company"), MANIFEST])


def run(*args: str) -> Result:
    if args[:1] == ("init",) and "--upgrade" not in args:
        args = (*args, *PYPI)
    return CliRunner().invoke(main, list(args))


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_init_writes_every_file_and_says_what_next(tmp_path: Path) -> None:
    site = tmp_path / "acme-status"
    result = run("init", str(site), "--name", "Acme")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[:-1] == [f"created {site / name}" for name in new_site("Acme")]
    assert lines[-1] == (
        f"Next: cd {site} && statusgen build (README.md says how to publish it on GitHub)"
    )
    assert sorted(snapshot(site)) == FILES
    assert yaml.safe_load((site / "data/sla.yml").read_text())["company"] == "Acme"
    assert yaml.safe_load((site / "mkdocs.yml").read_text())["site_name"] == "Acme status"
    assert (site / "README.md").read_text().startswith("# Acme status\n")


def test_the_default_name_is_a_placeholder_to_replace(tmp_path: Path) -> None:
    assert run("init", str(tmp_path)).exit_code == 0
    assert yaml.safe_load((tmp_path / "data/sla.yml").read_text())["company"] == "Example Company"


def test_init_refuses_to_overwrite_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("my notes\n")
    result = run("init", str(tmp_path), "--name", "Acme")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path} already has README.md; nothing was written "
        "(use --force to overwrite these files, or --upgrade to take a new statusgen)\n"
    )
    assert snapshot(tmp_path) == {"README.md": b"my notes\n"}


def test_init_again_refuses_and_leaves_the_site_as_it_was(tmp_path: Path) -> None:
    assert run("init", str(tmp_path), "--name", "Acme").exit_code == 0
    (tmp_path / "data/sla.yml").write_text("company: Edited\n")
    before = snapshot(tmp_path)
    result = run("init", str(tmp_path), "--name", "Acme")
    assert result.exit_code == 1
    assert "already has data/sla.yml, data/services.yml, mkdocs.yml" in result.stderr
    assert snapshot(tmp_path) == before


def test_force_overwrites_and_lists_what_it_overwrote(tmp_path: Path) -> None:
    assert run("init", str(tmp_path), "--name", "Acme").exit_code == 0
    (tmp_path / "data/sla.yml").write_text("company: Edited\n")
    (tmp_path / "notes.txt").write_text("mine\n")
    result = run("init", str(tmp_path), "--name", "Acme", "--force")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert f"overwrote {tmp_path / 'data/sla.yml'}" in lines
    assert not [line for line in lines if line.startswith("created")]
    assert (
        len([line for line in lines if line.startswith("unchanged")]) == len(FILES) - 2
    )  # - sla.yml, - manifest
    assert yaml.safe_load((tmp_path / "data/sla.yml").read_text())["company"] == "Acme"
    assert (tmp_path / "notes.txt").read_text() == "mine\n"  # not one of init's files


def test_force_with_a_new_name_rewrites_the_files_that_name_the_company(tmp_path: Path) -> None:
    assert run("init", str(tmp_path), "--name", "Acme").exit_code == 0
    result = run("init", str(tmp_path), "--name", "Acme Corp", "--force")
    overwritten = sorted(
        line.removeprefix(f"overwrote {tmp_path}/")
        for line in result.stdout.splitlines()
        if line.startswith("overwrote")
    )
    assert overwritten == ["README.md", "data/sla.yml", "mkdocs.yml"]


def test_a_file_where_the_directory_should_be_is_an_error(tmp_path: Path) -> None:
    target = tmp_path / "site"
    target.write_text("")
    result = run("init", str(target))
    assert result.exit_code != 0
    assert not (tmp_path / "site").is_dir()


def test_a_directory_where_a_file_should_be_is_an_error_even_with_force(tmp_path: Path) -> None:
    (tmp_path / "mkdocs.yml").mkdir()
    result = run("init", str(tmp_path), "--force")
    assert result.exit_code == 1
    assert (
        result.stderr
        == f"Error: {tmp_path / 'mkdocs.yml'} exists and is not a file; nothing was written\n"
    )
    assert not (tmp_path / "data").exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("  ", "--name: the company name is empty"),
        ("x" * 101, "--name: 101 characters; at most 100"),
    ],
)
def test_a_bad_name_is_an_error(tmp_path: Path, name: str, message: str) -> None:
    result = run("init", str(tmp_path), "--name", name)
    assert result.exit_code == 1
    assert result.stderr == f"Error: {message}\n"
    assert snapshot(tmp_path) == {}


def test_a_name_is_one_line(tmp_path: Path) -> None:
    assert run("init", str(tmp_path), "--name", "Acme\n  Corp ").exit_code == 0
    assert yaml.safe_load((tmp_path / "data/sla.yml").read_text())["company"] == "Acme Corp"


@pytest.mark.slow
def test_the_new_site_checks_and_builds_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`cd DIR && statusgen build` works before any record exists."""
    assert run("init", str(tmp_path), "--name", "Acme").exit_code == 0
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("STATUSGEN_DATA", raising=False)
    check = run("check")
    assert check.exit_code == 0, check.output
    assert "probe samples: 0 in 0 files" in check.stdout
    build = run("build")
    assert build.exit_code == 0, build.output
    public = tmp_path / "public"
    assert (public / "index.html").is_file()
    status = (public / "api/status.json").read_text()
    assert '"website"' in status
    pdfs = list((public / "reports").glob("*.pdf"))
    assert len(pdfs) == 1 and pdfs[0].read_bytes().startswith(b"%PDF")
    assert "Acme status" in (public / "index.html").read_text()
    assert sorted(os.listdir(tmp_path / "data")) == ["services.yml", "sla.yml"]  # read only


def test_demo_refuses_a_site_that_is_not_the_demo_and_writes_nothing(tmp_path: Path) -> None:
    assert run("init", str(tmp_path)).exit_code == 0
    before = snapshot(tmp_path)
    result = run("--data", str(tmp_path / "data"), "demo")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path / 'data/services.yml'}: statusgen demo writes made-up records, so "
        "only into the demo's own data directory; this one watches other monitors "
        "(website-https). To try the demo: statusgen init --demo DIR, then statusgen demo in "
        "DIR\n"
    )
    assert snapshot(tmp_path) == before


def test_init_demo_writes_the_demo_site_that_demo_fills(tmp_path: Path) -> None:
    site = tmp_path / "demo-site"
    result = run("init", "--demo", str(site))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1] == f"Next: cd {site} && statusgen demo && statusgen build"
    repo = Path(__file__).resolve().parent.parent
    for name in ("data/sla.yml", "data/services.yml", "mkdocs.yml"):
        assert (site / name).read_bytes() == (repo / name).read_bytes()
    assert not (site / ".github").exists()  # nothing to probe or publish
    demo = run("--data", str(site / "data"), "demo", "--until", "2025-11-03T00:00:00+03:00")
    assert demo.exit_code == 0, demo.output
    assert (site / "data/probes/samples/api-public").is_dir()
