"""build --offline: a site that works opened from disk, where a link to a directory opens a
directory listing and fetch() of the search index is blocked."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.commands.build import BuildOptions, build_site
from tests.conftest import DEMO_UNTIL, REPO

pytestmark = pytest.mark.slow


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


@pytest.fixture(scope="module")
def offline_site(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("offline") / "public"
    build_site(
        BuildOptions(demo_data, out, REPO / "mkdocs.yml", as_of=DEMO_UNTIL, pdf=False, offline=True)
    )
    return out


def test_every_local_link_names_a_file(offline_site: Path) -> None:
    checked = 0
    for page in sorted(offline_site.rglob("*.html")):
        if page.name == "404.html":
            continue  # shown by a web server for a missing address: never opened from disk
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path:
                continue  # another site, or a fragment of this page
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{page.relative_to(offline_site)}: {link}"
            checked += 1
    assert checked > 500  # every page's navigation, at the least


def test_search_needs_no_server(offline_site: Path) -> None:
    # Material's offline plugin inlines the index as a script instead of fetching JSON
    assert (offline_site / "search" / "search_index.js").is_file()
