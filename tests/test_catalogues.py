"""The shipped catalogues are current and complete: every message the code and templates
mark for translation is in the template (generator/locale/statusgen.pot) and translated in
every language statusgen ships, with every plural form and the same placeholders.

A message added to a template or a module without updating the catalogues fails here, with
the commands that fix it (README, "Adding a language")."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from generator.locales import SOURCE_LANGUAGE, TEMPLATE, catalogue_path, shipped_languages
from tests.conftest import REPO

Key = str | tuple[str, ...]
TRANSLATED = [code for code in shipped_languages() if code != SOURCE_LANGUAGE]
EXTRACT = (
    "pybabel extract -F babel.cfg --no-location --sort-output -o generator/locale/statusgen.pot ."
)
UPDATE = "pybabel update -D statusgen -i generator/locale/statusgen.pot -d generator/locale"


def _searched(path: str) -> bool:
    # only where babel.cfg maps something (the data and build outputs are large)
    relative = os.path.relpath(path, REPO).replace(os.sep, "/")
    return relative.split("/")[0] in ("generator", "templates", "site")


def extracted(visited: list[str] | None = None) -> dict[Key, list[str]]:
    """Every marked message in the sources, with the files it is in (and every file read
    into ``visited``)."""
    with (REPO / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    seen = visited if visited is not None else []
    found: dict[Key, list[str]] = {}
    for filename, _line, message, _comments, _context in extract_from_dir(
        str(REPO),
        method_map,
        options_map,
        callback=lambda filename, _method, _options: seen.append(filename),
        directory_filter=_searched,
    ):
        key = message if isinstance(message, str) else tuple(message)
        found.setdefault(key, []).append(filename)
    return found


def read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as source:
        return read_po(source, locale=locale)


def keys(catalog: Catalog) -> set[Key]:
    return {m.id if isinstance(m.id, str) else tuple(m.id) for m in catalog if m.id}


def test_extraction_reads_the_python_and_the_templates() -> None:
    # babel.cfg must reach every kind of source, or the next test proves nothing
    visited: list[str] = []
    extracted(visited)
    for expected in (
        "generator/i18n.py",
        "generator/render/formatting.py",
        "generator/notify/events.py",
        "generator/compute/status.py",
        "templates/site/home.md",
        "templates/site/_macros.html",
        "templates/report/report.html",
        "site/overrides/main.html",
    ):
        assert expected in visited


def test_the_template_has_every_message_the_sources_mark() -> None:
    in_sources = extracted()
    in_template = keys(read(TEMPLATE))
    missing = sorted(str(k) for k in set(in_sources) - in_template)
    stale = sorted(str(k) for k in in_template - set(in_sources))
    assert not missing, f"not in statusgen.pot (run {EXTRACT}, then {UPDATE}): {missing}"
    assert not stale, f"in statusgen.pot but no longer in the sources (run {EXTRACT}): {stale}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_shipped_catalogue_is_complete(code: str) -> None:
    template = keys(read(TEMPLATE))
    catalog = read(catalogue_path(code), code)
    assert keys(catalog) == template, f"{code}: run {UPDATE} and translate"
    forms = catalog.num_plurals
    problems = []
    for message in catalog:
        if not message.id:
            continue
        where = f"{code}: {message.id!r}"
        if message.fuzzy:
            problems.append(f"{where} is fuzzy (a guess nobody confirmed)")
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if isinstance(message.id, tuple) and len(strings) != forms:
            problems.append(f"{where} has {len(strings)} plural forms, not {forms}")
        if not all(strings):
            problems.append(f"{where} is not translated")
        problems.extend(f"{where}: {error}" for error in message.check(catalog))
    assert problems == []


def test_ukrainian_has_three_plural_forms_and_german_two() -> None:
    assert read(catalogue_path("uk"), "uk").num_plurals == 3
    assert read(catalogue_path("de"), "de").num_plurals == 2
