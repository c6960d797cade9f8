"""The search index is handed pages without their day bars' empty buttons
(generator.mkdocs_plugin.search_lean), and is the same, byte for byte, as the one made
from the whole pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from material.plugins.search.plugin import Parser

import generator.mkdocs_plugin.page_reuse
from generator.commands.build import BuildOptions, build_site
from generator.mkdocs_plugin.search_lean import without_day_buttons
from tests.conftest import DEMO_UNTIL, REPO

BARS = (
    '<h2 id="api">API</h2>\n'
    '<div class="sg-bars__days" role="group" aria-label="Daily uptime of API">\n'
    '<button class="sg-day sg-day--up" aria-label="23 Aug 2026: 100%, no downtime"'
    ' data-sg-day="2026-08-23"></button>\n'
    '<button type="button" class="sg-day sg-day--partial" aria-label="24 Aug 2026: 99.13%"'
    ' aria-haspopup="dialog" aria-expanded="false" aria-controls="day-api"'
    ' data-sg-day="2026-08-24"></button>\n'
    '<button class="sg-day sg-day--up" data-search-exclude="" data-sg-day="2026-08-25"></button>\n'
    '<button class="sg-day sg-day--up" data-sg-day="2026-08-26">Tue</button>\n'
    "</div>\n<p>Uptime <strong>99.95%</strong> this quarter</p>\n"
)


def sections(html: str) -> list[tuple[str | None, str, str]]:
    parser = Parser()
    parser.feed(html)
    parser.close()
    return [(s.id, "".join(s.title), "".join(s.text)) for s in parser.data]


def test_only_the_empty_unmarked_day_buttons_are_left_out() -> None:
    lean = without_day_buttons(BARS)
    assert lean == (
        '<h2 id="api">API</h2>\n'
        '<div class="sg-bars__days" role="group" aria-label="Daily uptime of API">\n'
        '<button class="sg-day sg-day--up" data-search-exclude="" data-sg-day="2026-08-25">'
        "</button>\n"
        '<button class="sg-day sg-day--up" data-sg-day="2026-08-26">Tue</button>\n'
        "</div>\n<p>Uptime <strong>99.95%</strong> this quarter</p>\n"
    )
    assert sections(lean) == sections(BARS)
    assert sections(BARS)[-1] == ("api", "API", " Tue <p>Uptime 99.95% this quarter</p> ")
    page = "<p>No bars here</p>"
    assert without_day_buttons(page) is page


@pytest.mark.slow
def test_the_demo_sites_search_index_is_the_whole_pages_one(
    demo_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def index(name: str) -> bytes:
        monkeypatch.setenv("STATUSGEN_CACHE_DIR", str(tmp_path / f"cache-{name}"))
        out = tmp_path / name
        build_site(BuildOptions(demo_data, out, REPO / "mkdocs.yml", DEMO_UNTIL, pdf=False))
        home = (out / "index.html").read_text()
        assert len(re.findall(r'<button [^>]*class="sg-day ', home)) == 4 * 90  # left out
        return (out / "search/search_index.json").read_bytes()

    lean = index("lean")
    with monkeypatch.context() as patch:
        patch.setattr(generator.mkdocs_plugin.page_reuse, "lean_search", lambda index: None)
        whole = index("whole")
    assert lean == whole
