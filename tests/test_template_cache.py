"""Compiled templates kept between builds (generator/mkdocs_plugin/template_cache.py): a
template is compiled once and its code reused by a later environment, never for a changed
template or an environment that compiles it differently, and a cache that cannot be
written costs nothing but the compiling."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from generator.mkdocs_plugin.template_cache import bytecode_cache, environment_digest

TEMPLATE = "{% if shown %}\n{{ name }} is up\n{% endif %}\n"


def _env(templates: Path, data: Path, **settings: object) -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(templates)), **settings)  # type: ignore[arg-type]
    env.bytecode_cache = bytecode_cache(data, env)
    return env


def _no_compiling(env: jinja2.Environment) -> None:
    def compile(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    env.compile = compile  # type: ignore[method-assign,assignment]


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setenv("STATUSGEN_CACHE_DIR", str(tmp_path / "cache"))
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.md").write_text(TEMPLATE)
    return templates, tmp_path / "data"


def test_a_template_compiled_once_is_reused(site: tuple[Path, Path]) -> None:
    templates, data = site
    first = _env(templates, data)
    assert first.get_template("page.md").render(shown=True, name="API") == "\nAPI is up\n"
    second = _env(templates, data)
    _no_compiling(second)
    assert second.get_template("page.md").render(shown=True, name="Web") == "\nWeb is up\n"
    assert len(list((data.parent / "cache").rglob("__jinja2_*.cache"))) == 1


def test_a_changed_template_is_compiled_again(site: tuple[Path, Path]) -> None:
    templates, data = site
    assert _env(templates, data).get_template("page.md").render(shown=True, name="A") == (
        "\nA is up\n"
    )
    (templates / "page.md").write_text("{{ name }} is down\n")
    assert _env(templates, data).get_template("page.md").render(name="A") == "A is down"


def test_an_environment_that_compiles_differently_has_its_own_code(
    site: tuple[Path, Path],
) -> None:
    templates, data = site
    trimmed = _env(templates, data, trim_blocks=True)
    assert trimmed.get_template("page.md").render(shown=True, name="A") == "A is up\n"
    # without trim_blocks the block tags' newlines stay: the trimmed code would drop them
    plain = _env(templates, data)
    assert plain.get_template("page.md").render(shown=True, name="A") == "\nA is up\n"
    assert environment_digest(trimmed) != environment_digest(plain)


def test_a_filter_missing_at_compile_time_is_part_of_the_key(site: tuple[Path, Path]) -> None:
    templates, data = site
    bare = _env(templates, data)
    extended = _env(templates, data)
    extended.filters["pct"] = lambda value: f"{value}%"
    assert environment_digest(bare) != environment_digest(extended)


def test_autoescaping_decided_per_template_is_not_kept(site: tuple[Path, Path]) -> None:
    templates, data = site
    env = _env(templates, data, autoescape=jinja2.select_autoescape(["html"]))
    assert environment_digest(env) is None
    assert env.get_template("page.md").render(shown=True, name="<b>") == "\n<b> is up\n"
    assert list((data.parent / "cache").rglob("*.cache")) == []


def test_a_cache_that_cannot_be_written_only_compiles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # the cache directory's place is taken by a file: nothing can be kept there
    (tmp_path / "cache").write_text("not a directory")
    monkeypatch.setenv("STATUSGEN_CACHE_DIR", str(tmp_path / "cache"))
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.md").write_text(TEMPLATE)
    for _ in range(2):
        env = _env(templates, tmp_path / "data", trim_blocks=True)
        assert env.get_template("page.md").render(shown=True, name="A") == "A is up\n"
