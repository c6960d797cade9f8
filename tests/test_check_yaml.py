"""statusgen check reads YAML with libyaml's parser where PyYAML has it
(generator/config/yamlfile.py): the same values, the same lines in every error, and no
input that crashes the process or prints more than one line."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.config import yamlfile

INCIDENT = """\
---
title: Slow dashboard reports
components: [dashboard]
impact: minor
started: 2026-10-15T04:22:00+03:00
resolved: 2026-10-15T05:57:00+03:00
---

Report generation was slow.
"""


def check(data: Path) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["--data", str(data), "check"])
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stderr.splitlines()


def test_the_demo_files_read_the_same_with_libyaml_as_in_pure_python(demo_data: Path) -> None:
    assert yaml.__with_libyaml__  # the wheels carry it; without it there is nothing to compare
    assert yamlfile._LOADER is not yamlfile._Loader
    texts = [(p, p.read_text(encoding="utf-8")) for p in sorted(demo_data.rglob("*.yml"))]
    fronts = [(p, p.read_text(encoding="utf-8")) for p in sorted(demo_data.rglob("*.md"))]
    assert len(texts) == 2 and len(fronts) > 20

    def read_all() -> list[tuple[object, dict[yamlfile.Path_, int]]]:
        docs = [yamlfile.load_yaml_text(text, str(p)) for p, text in texts]
        docs += [yamlfile.split_front_matter(text, str(p))[0] for p, text in fronts]
        return [(doc.data, doc.lines) for doc in docs]

    fast = read_all()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(yamlfile, "_LOADER", yamlfile._Loader)
        assert read_all() == fast


def test_a_control_character_in_front_matter_is_one_line_naming_its_line(
    site_dir: Path,
) -> None:
    incidents = site_dir / "incidents"
    incidents.mkdir()
    incident = incidents / "2026-10-15-slow.md"
    incident.write_text(INCIDENT.replace("impact: minor", "impact: mi\x00nor"), encoding="utf-8")

    code, errors = check(site_dir)

    assert code == 1
    assert f"Error: {incident}:4: not valid YAML: the character U+0000 is not allowed" in errors


def test_a_bell_in_the_services_file_is_refused_on_its_line(site_dir: Path) -> None:
    services = site_dir / "services.yml"
    lines = services.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].rstrip("\n") + " # \x07\n"
    services.write_text("".join(lines), encoding="utf-8")

    code, errors = check(site_dir)

    assert code == 1
    assert f"Error: {services}:3: not valid YAML: the character U+0007 is not allowed" in errors


def test_nesting_deeper_than_libyaml_can_compose_is_an_error_not_a_crash(site_dir: Path) -> None:
    # libyaml's own composer recurses in C: 100,000 levels overflowed the stack (SIGSEGV)
    sla = site_dir / "sla.yml"
    with sla.open("a", encoding="utf-8") as handle:
        handle.write("deep: " + "[" * 100_000 + "]" * 100_000 + "\n")

    code, errors = check(site_dir)

    assert code == 1
    assert f"Error: {sla}: nested more than 64 levels deep" in errors


def test_a_syntax_error_names_the_line_it_is_on(site_dir: Path) -> None:
    services = site_dir / "services.yml"
    text = services.read_text(encoding="utf-8")
    assert text.splitlines()[3] == "  - {id: labs, name: Labs}"
    services.write_text(text.replace("name: Labs}", "name: Labs}}"), encoding="utf-8")

    code, errors = check(site_dir)

    assert code == 1
    # in PyYAML's words, as before libyaml (whose own are "did not find expected '-'
    # indicator"): a document libyaml refuses is read again by PyYAML to say why
    assert f"Error: {services}:4: not valid YAML: expected <block end>, but found '}}'" in errors
