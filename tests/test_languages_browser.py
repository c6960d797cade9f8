"""The demo site in English, Ukrainian and German in a real headless Chromium (Debian's
chromium, driven by playwright), served over HTTP on 127.0.0.1 as GitHub Pages serves it:
reading a page and switching its language asks for nothing that is not there.

Material's JavaScript fetches ``sitemap.xml`` below every ``<link rel="alternate">`` of a
page, taking each for the root of another version of the site; the per-page hreflang links
the pages' heads had made it ask for ``uk/sla/terms/sitemap.xml`` and the like, 404 on the
live site (see generator/mkdocs_plugin/languages.py).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.commands.build import BuildOptions, build_site
from tests import test_site_browser as shared
from tests.conftest import DEMO_UNTIL, REPO
from tests.test_languages import speaking
from tests.test_site_browser import serving, watched_page

pytestmark = pytest.mark.slow
browser = shared.browser  # one Chromium per module, launched as the site's browser tests do


@pytest.fixture(scope="module")
def server(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("languages-browser") / "data"
    shutil.copytree(demo_data, data)
    speaking(data, "languages: [en, uk, de]")
    public = data.parent / "public"
    build_site(BuildOptions(data, public, REPO / "mkdocs.yml", DEMO_UNTIL, pdf=False))
    with serving(public) as url:
        yield url


def test_switching_language_requests_nothing_that_fails(browser: object, server: str) -> None:
    page, problems = watched_page(browser)
    sitemaps: list[str] = []
    page.on(
        "response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None
    )
    page.on("request", lambda r: sitemaps.append(r.url) if "sitemap" in r.url else None)

    page.goto(server + "uk/sla/terms/", wait_until="networkidle")
    assert page.locator("html").get_attribute("lang") == "uk"
    page.locator(".md-header .md-select").hover()
    page.locator('.md-select__link[hreflang="de"]').click()
    page.wait_for_url(server + "de/sla/terms/")
    page.wait_for_load_state("networkidle")
    assert page.locator("html").get_attribute("lang") == "de"
    assert problems == []
    # the only sitemaps asked for are the sites' own (below the feed's link), never a page's
    own = {f"{server}{prefix}sitemap.xml" for prefix in ("", "uk/", "de/")}
    assert set(sitemaps) <= own, sitemaps
    page.close()
