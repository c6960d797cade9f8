"""Days that tell the truth (issue 13): the home page's "Past incidents" (the last 14 days,
quiet days saying so, as Statuspage does) and each day's popover in a real Chromium: it
opens by click and by keyboard, lists the day's incident with a working link and its
outage, and closes with Escape, focus returning to the day.
"""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path

import pytest

from generator.config.services import load_services
from generator.config.sla import load_sla
from generator.errors import GeneratorError
from generator.render.pages import SitePages, Urls, template_environment
from generator.reporting.site import build_model
from generator.site import load_site
from generator.timeutil import parse_instant
from tests.conftest import REPO
from tests.test_site_browser import browser, open_page, server  # noqa: F401 (fixtures)

# the demo's minor incident "Slow dashboard reports" started 17 Oct 2026 21:08 +03:00
AS_OF_AFTER_17_OCT = parse_instant("2026-10-20T12:00:00+03:00")


def _text(markup: str) -> str:
    # the words a reader sees (the impact tag's " impact" is added by the style sheet)
    blocks = re.sub(r"</(p|li|h3|ul|div)>", " ", markup)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", blocks))).strip()


def _home(data: Path, as_of: int) -> str:
    model = build_model(load_site(data), as_of)
    return SitePages(model, template_environment([]), Urls(), {}).home("index.md")


def test_past_incidents_are_the_last_14_days_quiet_ones_included(demo_data: Path) -> None:
    home = _home(demo_data, AS_OF_AFTER_17_OCT)
    section = home[home.index('<h2 id="recent">') : home.index("Incident history</a>")]
    days = re.findall(r'<h3 class="sg-past__date" id="past-([0-9-]+)">([^<]+)</h3>', section)
    # today first, then each day back to 13 days before
    assert [d for d, _ in days] == [f"2026-10-{n:02d}" for n in range(20, 6, -1)]
    assert days[0][1] == "20 Oct 2026" and days[-1][1] == "7 Oct 2026"
    entries = [_text(part) for part in re.split(r'<div class="sg-past__day[^"]*">', section)[1:]]
    # quiet days are marked as such (one line each)
    assert section.count('<div class="sg-past__day sg-past__day--quiet">') == 13
    assert len(entries) == 14
    assert entries[3] == (
        "17 Oct 2026 Slow dashboard reports Minor"
        " Resolved: This incident has been resolved."
        " 17 Oct 2026 21:08 UTC+03:00, resolved after 1 h 35 min · Web dashboard"
    )
    quiet = [e for i, e in enumerate(entries) if i != 3]
    assert all(e.endswith(" No incidents reported.") for e in quiet)
    assert quiet[0] == "20 Oct 2026 No incidents reported."
    # the link goes to the incident's page
    assert 'href="incidents/2026-10-17-slow-dashboard-reports/"' in section


def test_a_quiet_fortnight_says_so_for_each_day(demo_data: Path) -> None:
    # the demo's last incident before 20 Nov 2026 started on 17 Oct
    home = _home(demo_data, parse_instant("2026-11-20T12:00:00+03:00"))
    section = home[home.index('<h2 id="recent">') : home.index("Incident history</a>")]
    assert section.count("No incidents reported.") == 14
    assert section.count('<h3 class="sg-past__date"') == 14


def test_each_day_carries_its_incidents_and_outages(demo_data: Path) -> None:
    home = _home(demo_data, parse_instant("2026-11-20T12:00:00+03:00"))
    # a template for each day with something to list: on 29 Sep only the dashboard's;
    # quiet days are told by their label alone
    assert home.count('<template data-sg-day="2026-09-29"') == 1
    assert home.count("<template data-sg-day=") == 6  # the six marked days
    dashboard = home[home.index('id="component-dashboard"') :]
    day = dashboard[dashboard.index('<template data-sg-day="2026-09-29"') :]
    day = day[: day.index("</template>")]
    assert _text(day[day.index(">") + 1 :]) == (
        "Uptime 99.13%, 12 min 30 s down."
        " 1 incident Dashboard unavailable after database failover Major"
        " 1 outage detected 13:37:30–13:50:00 · 12 min 30 s · Counted"
        " · Dashboard unavailable after database failover"
    )


def _popover_state(page: object, component: str, day: str) -> dict[str, object]:
    return page.evaluate(  # type: ignore[attr-defined,no-any-return]
        """([component, date]) => {
          const pop = document.querySelector('#day-' + component);
          const day = document.querySelector(
            '#component-' + component + ' button.sg-day[data-sg-day="' + date + '"]');
          return {open: !pop.hidden && pop.offsetParent !== null,
                  expanded: day.getAttribute('aria-expanded'),
                  focus: document.activeElement.id || document.activeElement.getAttribute('data-sg-day'),
                  title: pop.querySelector('.sg-pop__title').textContent};
        }""",
        [component, day],
    )


# At 1280 px: the dashboard's failover day (its incident links to the incident page).
# At 390 px (all 90 days, each bar about 3 px): a release's 3 excluded seconds on the API, whose
# outage links to the period report's outage list.
CASES = {
    1280: (
        "dashboard",
        "2026-09-29",
        "29 Sep 2026",
        ["Uptime 99.13%, 12 min 30 s down.", "13:37:30–13:50:00 · 12 min 30 s · Counted"],
        "Dashboard unavailable after database failover",
        "incidents/2026-09-29-dashboard-unavailable-after-database-failover/",
        "Dashboard unavailable after database failover",
    ),
    390: (
        "api",
        "2026-11-10",
        "10 Nov 2026",
        [
            "Uptime 100%, no downtime, 3 s excluded from the SLA.",
            "02:06:59–02:07:02 · 3 s · Excluded: planned release",
        ],
        "Nov 2026–Jan 2027 report",
        "sla/2026-11/#outages",
        "SLA report Nov 2026–Jan 2027 to date",
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 390])
def test_a_days_popover_by_click_and_keyboard(
    browser: object,  # noqa: F811
    server: str,  # noqa: F811
    width: int,
) -> None:
    component, date, title, lines, link_text, link_path, heading = CASES[width]
    popover = f"#day-{component}"
    day = f'#component-{component} button.sg-day[data-sg-day="{date}"]'
    page, errors = open_page(browser, server, width=width)
    assert page.locator(popover).is_hidden()  # type: ignore[attr-defined]
    assert page.locator(day).get_attribute("aria-haspopup") == "dialog"  # type: ignore[attr-defined]

    # a click (a tap on a phone) opens it; focus moves into it
    page.locator(day).click()  # type: ignore[attr-defined]
    assert _popover_state(page, component, date) == {
        "open": True,
        "expanded": "true",
        "focus": f"day-{component}",
        "title": title,
    }
    assert page.locator(popover).get_attribute("role") == "dialog"  # type: ignore[attr-defined]
    body = page.locator(popover + " [data-sg-body]").inner_text()  # type: ignore[attr-defined]
    for line in lines:
        assert line in body
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")  # type: ignore[attr-defined]
    assert overflow <= 0
    inside = page.evaluate(  # type: ignore[attr-defined]
        """(sel) => { const p = document.querySelector(sel).getBoundingClientRect();
                      return p.left >= 0 && p.right <= window.innerWidth; }""",
        popover,
    )
    assert inside

    # Escape closes it and gives focus back to the day
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    state = _popover_state(page, component, date)
    assert (state["open"], state["expanded"], state["focus"]) == (False, "false", date)

    # by keyboard: Enter on the focused day opens it again; Tab reaches the close button,
    # then the link, which works
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert _popover_state(page, component, date)["open"] is True
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    assert page.evaluate("document.activeElement.getAttribute('aria-label')") == "Close"  # type: ignore[attr-defined]
    page.keyboard.press("Tab")  # type: ignore[attr-defined]
    link = page.evaluate("[document.activeElement.textContent, document.activeElement.href]")  # type: ignore[attr-defined]
    assert link == [link_text, server + link_path]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    page.wait_for_url(server + link_path)  # type: ignore[attr-defined]
    assert page.locator("h1").first.inner_text() == heading  # type: ignore[attr-defined]
    if "#" in link_path:  # the anchor is on the page
        assert page.locator("#" + link_path.split("#")[1]).count() == 1  # type: ignore[attr-defined]
    assert errors == []
    page.close()  # type: ignore[attr-defined]


@pytest.mark.slow
def test_one_popover_at_a_time_and_a_click_elsewhere_closes_it(
    browser: object,  # noqa: F811
    server: str,  # noqa: F811
) -> None:
    page, errors = open_page(browser, server)
    page.locator('#component-dashboard button.sg-day[data-sg-day="2026-09-29"]').click()  # type: ignore[attr-defined]
    assert page.locator(".sg-pop:visible").count() == 1  # type: ignore[attr-defined]
    page.locator("h2#components").click()  # type: ignore[attr-defined]
    assert page.locator(".sg-pop:visible").count() == 0  # type: ignore[attr-defined]
    # the popover covers the bars under it; moving to another component's day by keyboard
    # closes it, and that day opens its own
    page.locator('#component-dashboard button.sg-day[data-sg-day="2026-09-29"]').click()  # type: ignore[attr-defined]
    page.locator('#component-api button.sg-day[data-sg-day="2026-09-13"]').focus()  # type: ignore[attr-defined]
    page.keyboard.press("Enter")  # type: ignore[attr-defined]
    assert page.locator(".sg-pop:visible").count() == 1  # type: ignore[attr-defined]
    assert page.locator("#day-api .sg-pop__title").inner_text() == "13 Sep 2026"  # type: ignore[attr-defined]
    assert "No incidents reported." not in page.locator("#day-api").inner_text()  # type: ignore[attr-defined]
    page.keyboard.press("Escape")  # type: ignore[attr-defined]
    # a quiet day says so
    page.locator('#component-tracking button.sg-day[data-sg-day="2026-11-01"]').click()  # type: ignore[attr-defined]
    assert page.locator("#day-tracking [data-sg-body]").inner_text().split("\n") == [  # type: ignore[attr-defined]
        "Uptime 100%, no downtime.",
        "",
        "No incidents reported.",
    ]
    assert errors == []
    page.close()  # type: ignore[attr-defined]


def test_the_blip_threshold_is_read_from_the_services_file(tmp_path: Path) -> None:
    sla = load_sla(REPO / "data/sla.yml")
    assert load_services(REPO / "data/services.yml", sla).blip_under == 60  # the default
    services = tmp_path / "services.yml"
    base = (REPO / "data/services.yml").read_text(encoding="utf-8").rstrip("\n")
    lines = base.count("\n") + 1
    services.write_text(base + "\nstatus_page:\n  blip_under: 2m\n", encoding="utf-8")
    assert load_services(services, sla).blip_under == 120
    services.write_text(base + "\nstatus_page:\n  blip_under: soon\n", encoding="utf-8")
    with pytest.raises(GeneratorError) as error:
        load_services(services, sla)
    message = str(error.value)
    assert message.startswith(
        f"{services}:{lines + 2}: status_page.blip_under: 'soon' is not valid"
    )
    assert "\n" not in message


def _levels(data: Path, blip_under: int) -> dict[str, str]:
    site = load_site(data)
    site = dataclasses.replace(
        site, services=dataclasses.replace(site.services, blip_under=blip_under)
    )
    model = build_model(site, parse_instant("2026-11-20T12:00:00+03:00"))
    home = SitePages(model, template_environment([]), Urls(), {}).home("index.md")
    api = home[home.index('id="component-api"') : home.index('id="component-insights"')]
    found = re.findall(r'class="sg-day sg-day--([a-z-]+)"[^>]*data-sg-day="([0-9-]+)"', api)
    return {day: level for level, day in found}


def test_a_blip_is_excluded_downtime_under_the_threshold(demo_data: Path) -> None:
    # the API's releases: 42 s excluded on 8 Sep, 3 s on 6 Oct and 10 Nov
    default = _levels(demo_data, 60)
    assert [default[d] for d in ("2026-09-08", "2026-10-06", "2026-11-10")] == ["blip"] * 3
    lower = _levels(demo_data, 30)
    assert [lower[d] for d in ("2026-09-08", "2026-10-06", "2026-11-10")] == [
        "excluded",
        "blip",
        "blip",
    ]


def test_an_incidents_updates_give_the_date_once_then_times(demo_data: Path) -> None:
    model = build_model(load_site(demo_data), parse_instant("2026-11-20T12:00:00+03:00"))
    page = SitePages(model, template_environment([]), Urls(), {}).incident(
        "incidents/2026-09-29-dashboard-unavailable-after-database-failover.md"
    )
    heads = [_text(h) for h in re.findall(r'<p class="sg-timeline__head">(.*?)</p>', page)]
    assert heads == [
        "Resolved 29 Sep 2026 13:53 UTC+03:00",
        "Monitoring 13:47",
        "Identified 13:46",
        "Investigating 13:36",
    ]


@pytest.mark.slow
@pytest.mark.parametrize("theme", ["light", "dark"])
def test_axe_finds_nothing_serious_with_a_popover_open(
    browser: object,  # noqa: F811
    server: str,  # noqa: F811
    theme: str,
) -> None:
    from tests.test_site_a11y import _go_dark, _serious

    page, errors = open_page(browser, server)
    if theme == "dark":
        _go_dark(page)
    page.locator('#component-dashboard button.sg-day[data-sg-day="2026-09-29"]').click()  # type: ignore[attr-defined]
    assert page.locator("#day-dashboard").is_visible()  # type: ignore[attr-defined]
    assert _serious(page) == []
    assert errors == []
    page.close()  # type: ignore[attr-defined]


def test_the_history_gives_an_incidents_date_once(demo_data: Path) -> None:
    model = build_model(load_site(demo_data), parse_instant("2026-11-20T12:00:00+03:00"))
    page = SitePages(model, template_environment([]), Urls(), {}).history("history/index.md")
    text = _text(page)
    # the same day: the date once, then the two times; across midnight: both in full
    assert "17 Oct 2026 21:08–22:43 UTC+03:00 (1 h 35 min) · Web dashboard" in text
    assert (
        "19 Aug 2026 23:22 UTC+03:00 – 20 Aug 2026 00:03 UTC+03:00 (41 min)"
        " · Click and conversion tracking"
    ) in text


def test_an_upcoming_window_gives_its_date_once(demo_data: Path) -> None:
    model = build_model(load_site(demo_data), parse_instant("2026-11-20T12:00:00+03:00"))
    pages = SitePages(model, template_environment([]), Urls(), {})
    for page in (pages.home("index.md"), pages.maintenance("maintenance/index.md")):
        # the demo's next release window, 8 Dec 2026 02:00 to 02:30 +03:00
        assert "8 Dec 2026 02:00–02:30 UTC+03:00 · " in _text(page)
