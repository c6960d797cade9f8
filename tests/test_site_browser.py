"""The built status site in a real headless Chromium (Debian's chromium, driven by
playwright): no console errors, the dark theme toggle, and the 90-day bars by keyboard.

Skipped when /usr/bin/chromium is absent, except on CI (CI set), where it must run.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.commands.build import BuildOptions, build_site
from tests.conftest import DEMO_UNTIL, REPO

pytestmark = pytest.mark.slow
CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

if not CHROMIUM.exists() or not __import__("importlib.util").util.find_spec("playwright"):
    if os.environ.get("CI"):
        pytest.fail("CI needs /usr/bin/chromium and playwright for the browser tests")
    pytest.skip("no /usr/bin/chromium or playwright here", allow_module_level=True)


class _Pages(http.server.SimpleHTTPRequestHandler):
    """A quiet static server like GitHub Pages: every origin may read what it serves (the
    embed's widget reads api/status.json from a client's site)."""

    def end_headers(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serving(directory: Path) -> Iterator[str]:
    """The URL of ``directory`` served on 127.0.0.1 (a free port), stopped on leaving.
    The browser tests of other modules serve their own builds with it."""
    handler = functools.partial(_Pages, directory=str(directory))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="module")
def server(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = tmp_path_factory.mktemp("browser") / "public"
    build_site(BuildOptions(demo_data, site, REPO / "mkdocs.yml", DEMO_UNTIL, pdf=False))
    with serving(site) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def watched_page(browser: object, width: int = 1280) -> tuple[object, list[str]]:
    """A new page of ``browser`` and the list its console errors, uncaught exceptions and
    failed requests are added to; the browser tests of other modules watch theirs with it
    (adding their own listeners before they open a URL)."""
    page = browser.new_page(viewport={"width": width, "height": 900})  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    # a request the page's own navigation cancels (ERR_ABORTED: a favicon still loading
    # when a link is followed) is not a failure of the site
    page.on(
        "requestfailed",
        lambda r: errors.append(f"failed: {r.url}") if r.failure != "net::ERR_ABORTED" else None,
    )
    return page, errors


def open_page(browser: object, url: str, width: int = 1280) -> tuple[object, list[str]]:
    page, errors = watched_page(browser, width)
    page.goto(url, wait_until="networkidle")
    return page, errors


@pytest.mark.parametrize(
    "path",
    [
        "",
        "sla/2026-08/",
        "incidents/2026-09-29-dashboard-unavailable-after-database-failover/",
        "components/tracking/",
        "sla/terms/",
    ],
)
def test_pages_load_without_console_errors(browser: object, server: str, path: str) -> None:
    page, errors = open_page(browser, server + path)
    assert page.locator("h1").count() >= 1  # type: ignore[attr-defined]
    assert errors == []
    page.close()  # type: ignore[attr-defined]


def test_dark_theme_toggle(browser: object, server: str) -> None:
    page, errors = open_page(browser, server)
    scheme = lambda: page.evaluate("document.body.getAttribute('data-md-color-scheme')")  # noqa: E731
    background = lambda: page.evaluate(  # noqa: E731
        "getComputedStyle(document.body).getPropertyValue('--md-default-bg-color').trim()"
    )
    # the palette starts on the system preference (light here); two clicks reach dark
    seen = [scheme()]
    light_bg = background()
    for _ in range(3):
        page.locator("form[data-md-component=palette] label:visible").first.click()
        seen.append(scheme())
        if seen[-1] == "slate":
            break
    assert "slate" in seen, seen
    assert background() != light_bg
    assert page.locator(".sg-overall").is_visible()
    assert errors == []
    page.close()


def test_arrow_through_a_90_day_bar_and_read_its_labels(browser: object, server: str) -> None:
    page, errors = open_page(browser, server)
    days = page.locator("#component-dashboard button.sg-day")
    assert days.count() == 90
    # one day per component is in the Tab order (today); the arrow keys move between days
    assert days.evaluate_all("ds => ds.map(d => d.tabIndex)") == [-1] * 89 + [0]
    days.last.focus()
    page.keyboard.press("Home")
    labels = []
    for _ in range(90):
        focused = page.evaluate(
            "[document.activeElement.getAttribute('aria-label'),"
            " document.activeElement.closest('#component-dashboard') !== null,"
            " document.activeElement.tabIndex]"
        )
        assert focused[1], "focus left the dashboard's bar"
        assert focused[2] == 0
        labels.append(focused[0])
        page.keyboard.press("ArrowRight")
    assert labels[0].startswith("23 Aug 2026: ")  # 89 days before the demo's 20 Nov
    assert labels[-1].startswith("20 Nov 2026: ")
    assert len(set(labels)) == 90
    assert all(": " in label and ("%" in label or "no data" in label) for label in labels)
    # the failover outage of 29 Sep: 13:37:30 to 13:50:00, 750 s of 86,400 -> 99.1319%
    assert "29 Sep 2026: 99.13%, 12 min 30 s down, 1 incident" in labels
    # no hover readout: the day's figures are in its label and its popover
    assert page.locator("[data-sg-readout], .sg-day[title]").count() == 0
    assert errors == []
    page.close()


def test_usable_at_375_px(browser: object, server: str) -> None:
    for path in ["", "sla/2026-08/", "components/tracking/"]:
        page, errors = open_page(browser, server + path, width=375)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, (path, overflow)
        if path == "":
            # all 90 days, as the charts beside them: 23 Aug to 20 Nov 2026
            visible = page.locator("#component-tracking .sg-day:visible").count()
            assert visible == 90
            axis = page.locator("#component-tracking .sg-bars__axis > span")
            assert axis.all_inner_texts() == ["23 Aug 2026", "Today"]
        assert errors == []
        page.close()


def test_a_period_pages_previous_is_the_earlier_period(browser: object, server: str) -> None:
    # the navigation lists periods newest first; the footer still follows time
    page, errors = open_page(browser, server + "sla/2026-05/")
    footer = page.locator("nav.md-footer__inner a")  # type: ignore[attr-defined]
    assert footer.evaluate_all("links => links.map(a => a.getAttribute('aria-label'))") == [
        "Previous: Feb–Apr 2026",
        "Next: Aug–Oct 2026",
    ]
    page.locator("a.md-footer__link--prev").click()  # type: ignore[attr-defined]
    page.wait_for_url(server + "sla/2026-02/")  # type: ignore[attr-defined]
    assert page.locator("h1").first.inner_text() == "SLA report Feb–Apr 2026"  # type: ignore[attr-defined]
    # the oldest period has no Previous, the running one no Next
    for path, labels in [
        ("sla/2025-11/", ["Next: Feb–Apr 2026"]),
        ("sla/2026-11/", ["Previous: Aug–Oct 2026"]),
    ]:
        page.goto(server + path, wait_until="networkidle")  # type: ignore[attr-defined]
        found = page.locator("nav.md-footer__inner a").evaluate_all(  # type: ignore[attr-defined]
            "links => links.map(a => a.getAttribute('aria-label'))"
        )
        assert found == labels, path
    assert errors == []
    page.close()  # type: ignore[attr-defined]


def test_day_colours_follow_written_incidents_and_blips(browser: object, server: str) -> None:
    page, errors = open_page(browser, server)
    days = page.evaluate(  # type: ignore[attr-defined]
        """[...document.querySelectorAll("[id^='component-'] button.sg-day")].map(d => [
             d.closest("[id^='component-']").id, d.getAttribute('aria-label'),
             d.className.replace('sg-day sg-day--', ''),
             getComputedStyle(d).backgroundImage.startsWith('linear-gradient')])"""
    )
    marked = [tuple(d) for d in days if d[2] != "up"]
    assert marked == [
        (
            "component-dashboard",
            "29 Sep 2026: 99.13%, 12 min 30 s down, 1 incident",
            "partial",
            False,
        ),
        # a written minor incident with no downtime measured: not a good day
        ("component-dashboard", "17 Oct 2026: 100%, no downtime, 1 incident", "minor", False),
        # a release's few excluded seconds: a mark on a good day, not a whole excluded bar
        (
            "component-api",
            "8 Sep 2026: 100%, no downtime, 42 s excluded from the SLA",
            "blip",
            True,
        ),
        ("component-api", "13 Sep 2026: 98.81%, 17 min down", "partial", False),
        ("component-api", "6 Oct 2026: 100%, no downtime, 3 s excluded from the SLA", "blip", True),
        (
            "component-api",
            "10 Nov 2026: 100%, no downtime, 3 s excluded from the SLA",
            "blip",
            True,
        ),
    ]
    assert errors == []
    page.close()  # type: ignore[attr-defined]


# The smallest text of each chart on the page, in CSS px as shown: the SVG the <img> shows
# (the <picture> picks the desktop's or the phone's) is read, its smallest font size taken,
# and scaled by the width the image is drawn at over the SVG's own width.
CHART_TEXT = """async () => {
  const found = [];
  for (const img of document.querySelectorAll('figure.sg-chart img')) {
    img.scrollIntoView();
    await img.decode();
    const svg = new DOMParser().parseFromString(
      await (await fetch(img.currentSrc)).text(), 'image/svg+xml').documentElement;
    const width = parseFloat(svg.getAttribute('viewBox').split(' ')[2]);
    const sizes = [...svg.querySelectorAll('text')].map(
      t => parseFloat(/font-size: ([0-9.]+)px/.exec(t.getAttribute('style'))[1]));
    const shown = img.getBoundingClientRect().width;
    found.push([img.currentSrc.split('/').pop(), Math.min(...sizes) * shown / width,
                svg.querySelectorAll('text').length, img.naturalWidth > 0]);
  }
  return found;
}"""


@pytest.mark.parametrize("width", [320, 390, 719, 720, 960, 1280, 1600])
def test_chart_text_is_at_least_11_px_at_every_width(
    browser: object, server: str, width: int
) -> None:
    for path, count in [("sla/2026-08/", 3), ("components/dashboard/", 3)]:
        page, errors = open_page(browser, server + path, width=width)
        charts = page.evaluate(CHART_TEXT)  # type: ignore[attr-defined]
        assert len(charts) == count, (path, charts)
        narrow = width < 720
        for name, smallest, texts, loaded in charts:
            assert loaded, name
            assert texts > 5, name  # text is text: titles, ticks, legends
            assert name.endswith("-narrow.svg") == narrow, (width, name)
            assert smallest >= 11, (width, name, round(smallest, 2))
        assert errors == []
        page.close()  # type: ignore[attr-defined]
