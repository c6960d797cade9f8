"""The Subscribe panel and the embeddable status in a real headless Chromium (Debian's
chromium, driven by playwright), on the demo built as of 29 Sep 2026 13:40 (UTC+03:00):
the dashboard is down (a major incident, its monitors failing), the rest operational, and
the 6 Oct, 10 Nov and 8 Dec releases are coming.

- every link of the panel resolves to what it says (feeds, the maintenance calendar, the
  status JSON, the embed), and "add to calendar" downloads the window's own event;
- the embed renders inside a page served from a second local origin (another port), as an
  ``<iframe>`` and as the ``embed.js`` widget, with the current status, a link back to the
  site and no console error. The site's server sends ``Access-Control-Allow-Origin: *`` as
  GitHub Pages does, which is what lets the widget read ``api/status.json`` from elsewhere.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import icalendar
import pytest

from generator.commands.build import BuildOptions, build_site
from generator.timeutil import parse_instant
from tests import test_site_browser as shared
from tests.conftest import REPO
from tests.test_site_browser import open_page, serving

pytestmark = pytest.mark.slow
AS_OF = parse_instant("2026-09-29T13:40:00+03:00")
ATOM = "{http://www.w3.org/2005/Atom}"
browser = shared.browser  # one Chromium per module, launched as the site's browser tests do


@pytest.fixture(scope="module")
def site(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    public = tmp_path_factory.mktemp("subscribe") / "public"
    build_site(BuildOptions(demo_data, public, REPO / "mkdocs.yml", AS_OF, pdf=False))
    with serving(public) as url:
        yield url


@pytest.fixture(scope="module")
def client_app(site: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A client's own page on a second origin, embedding the status both ways."""
    root = tmp_path_factory.mktemp("client")
    (root / "index.html").write_text(
        "<!doctype html>\n<html lang='en'><head><meta charset='utf-8'><title>Client app</title>"
        "<link rel='icon' href='data:,'></head><body><h1>Our app</h1>"
        f"<iframe id='status' title='Service status' src='{site}embed.html'></iframe>"
        "<div id='widget' data-statusgen data-components='dashboard,api'></div>"
        f"<script src='{site}embed.js' async></script></body></html>\n",
        encoding="utf-8",
    )
    with serving(root) as url:
        yield url


def panel_links(page: object) -> list[tuple[str, str]]:
    """(href as written, absolute URL) of every link in the Subscribe panel."""
    return [  # type: ignore[no-any-return]
        tuple(pair)
        for pair in page.evaluate(  # type: ignore[attr-defined]
            "[...document.querySelectorAll('section.sg-subscribe a')]"
            ".map(a => [a.getAttribute('href'), a.href])"
        )
    ]


def test_every_subscribe_link_resolves_to_what_it_says(browser: object, site: str) -> None:
    page, errors = open_page(browser, site + "maintenance/")
    links = panel_links(page)
    assert [href for href, _ in links] == [
        "../feed.xml",
        "../feeds/tracking.xml",
        "../feeds/dashboard.xml",
        "../feeds/api.xml",
        "../feeds/insights.xml",
        "../maintenance.ics",
        "../api/status.json",
        "../embed.html",
        "../calendar/2026-10-06-release.ics",
        "../calendar/2026-11-10-release.ics",
        "../calendar/2026-12-08-release.ics",
    ]
    got = {}
    for href, url in links:
        response = page.request.get(url)  # type: ignore[attr-defined]
        assert response.status == 200, href
        got[href] = (response.headers["content-type"], response.body())

    feed = ET.fromstring(got["../feed.xml"][1])
    assert feed.tag == ATOM + "feed"
    assert feed.findtext(ATOM + "title") == "Lumentrack status"
    titles = {
        "tracking": "Lumentrack status: Click and conversion tracking",
        "dashboard": "Lumentrack status: Web dashboard",
        "api": "Lumentrack status: Reporting API",
        "insights": "Lumentrack status: AI insights (beta)",
    }
    for component, title in titles.items():
        one = ET.fromstring(got[f"../feeds/{component}.xml"][1])
        assert (one.tag, one.findtext(ATOM + "title")) == (ATOM + "feed", title)
    dashboard = ET.fromstring(got["../feeds/dashboard.xml"][1])
    newest = dashboard.find(ATOM + "entry")
    assert newest is not None
    assert newest.findtext(ATOM + "title") == "Dashboard unavailable after database failover"

    assert got["../maintenance.ics"][0] == "text/calendar"
    calendar = icalendar.Calendar.from_ical(got["../maintenance.ics"][1])
    uids = [str(e["UID"]) for e in calendar.walk("VEVENT")]
    assert "maintenance-2026-10-06-release@status.lumentrack.example" in uids

    status = json.loads(got["../api/status.json"][1])
    assert status["status"]["description"] == "Major outage"
    assert b'Web dashboard: <span class="st">Major outage</span>' in got["../embed.html"][1]
    assert errors == []
    page.close()  # type: ignore[attr-defined]


def test_add_to_calendar_downloads_the_window_s_own_event(browser: object, site: str) -> None:
    page, errors = open_page(browser, site + "maintenance/")
    link = page.locator("a.sg-add-to-calendar").first  # type: ignore[attr-defined]
    assert link.inner_text() == "Release 2026.08.3: tracking and API deploy"
    with page.expect_download() as info:  # type: ignore[attr-defined]
        link.click()
    download = info.value
    assert download.suggested_filename == "2026-10-06-release.ics"
    calendar = icalendar.Calendar.from_ical(Path(download.path()).read_bytes())
    (event,) = calendar.walk("VEVENT")
    # the window is 6 Oct 2026 02:00-02:30 at UTC+03:00
    assert event.decoded("DTSTART") == datetime(2026, 10, 5, 23, 0, tzinfo=UTC)
    assert event.decoded("DTEND") == datetime(2026, 10, 5, 23, 30, tzinfo=UTC)
    assert str(event["SUMMARY"]) == (
        "Lumentrack maintenance: Release 2026.08.3: tracking and API deploy"
    )
    assert str(event["UID"]) == "maintenance-2026-10-06-release@status.lumentrack.example"
    url = str(event["URL"])
    assert url == "https://status.lumentrack.example/maintenance/#maintenance-2026-10-06-release"
    # the address points at the window on the maintenance page: that anchor is there
    anchor = page.locator("#maintenance-2026-10-06-release")  # type: ignore[attr-defined]
    assert anchor.count() == 1
    assert "Release 2026.08.3: tracking and API deploy" in anchor.inner_text()
    assert errors == []
    page.close()  # type: ignore[attr-defined]


def test_the_home_page_panel_links_the_feeds_and_the_embed(browser: object, site: str) -> None:
    page, errors = open_page(browser, site)
    links = panel_links(page)
    assert [href for href, _ in links] == [
        "feed.xml",
        "feeds/tracking.xml",
        "feeds/dashboard.xml",
        "feeds/api.xml",
        "feeds/insights.xml",
        "maintenance.ics",
        "api/status.json",
        "embed.html",
    ]
    for href, url in links:
        assert page.request.get(url).status == 200, href  # type: ignore[attr-defined]
    assert errors == []
    page.close()  # type: ignore[attr-defined]


def test_the_embed_renders_on_another_origin(browser: object, site: str, client_app: str) -> None:
    assert client_app.rsplit(":", 1)[1] != site.rsplit(":", 1)[1]  # two origins
    page, errors = open_page(browser, client_app)
    # the self-contained page, in an iframe
    frame = page.frame_locator("#status")  # type: ignore[attr-defined]
    assert frame.locator("li").all_inner_texts() == [
        "Click and conversion tracking: Operational",
        "Web dashboard: Major outage",
        "Reporting API: Operational",
        "AI insights (beta): Operational",
    ]
    back = frame.locator("a")
    assert back.inner_text() == "Major outage"
    assert back.get_attribute("href") == "https://status.lumentrack.example/"
    # the script widget, reading api/status.json across origins, with the chosen components
    widget = page.locator("#widget")  # type: ignore[attr-defined]
    widget.locator("li").first.wait_for()
    assert widget.locator("li").all_inner_texts() == [
        "Web dashboard: Major outage",
        "Reporting API: Operational",
    ]
    assert widget.locator("li").first.get_attribute("data-component") == "dashboard"
    dot = widget.locator("li span").first.evaluate("e => getComputedStyle(e).backgroundColor")
    assert dot == "rgb(224, 93, 68)"  # the major-outage red, #e05d44
    back = widget.locator("a")
    assert back.inner_text() == "Major outage"
    assert back.get_attribute("href") == "https://status.lumentrack.example/"
    assert errors == []
    page.close()  # type: ignore[attr-defined]
