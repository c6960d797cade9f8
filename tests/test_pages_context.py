"""What the pages' templates see (generator/render/pages.py ``SitePages._context``) and a
component's days (generator/render/day_bars.py): made once per build and shared by every
page, they say the same on each page, and a site's own template can still use them."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from generator.i18n import language
from generator.model.report import Outage
from generator.render.day_bars import DayBars, day_outages
from generator.render.pages import SitePages, Urls, template_environment
from generator.reporting.site import OutageRow, build_model
from generator.site import load_site
from generator.timeutil import parse_instant

AS_OF = parse_instant("2026-11-20T12:00:00+03:00")


def _outage(start: str, end: str, seconds: int) -> Outage:
    return Outage(start, end, seconds / 60, seconds, False, None, None, False, [])


def test_an_outage_over_midnight_is_listed_on_both_days(demo_data: Path) -> None:
    model = build_model(load_site(demo_data), AS_OF)
    view = dataclasses.replace(
        model.component("dashboard"),
        outages=[
            # newest first, as the model lists them; the second starts the same second
            OutageRow(
                "2026-11",
                "dashboard",
                _outage("2026-11-03T23:50:00+03:00", "2026-11-04T00:20:00+03:00", 1800),
            ),
            OutageRow(
                "2026-11",
                "dashboard",
                _outage("2026-11-03T23:50:00+03:00", "2026-11-03T23:55:00+03:00", 300),
            ),
            OutageRow(
                "2026-10",
                "dashboard",
                _outage("2026-10-31T23:00:00+03:00", "2026-11-02T01:00:00+03:00", 93600),
            ),
        ],
    )
    bars = DayBars(language("en"), lambda _: "none", 60)
    listed = {d.iso: [r.outage.seconds for r in d.outages] for d in bars.days(view) if d.outages}
    assert listed == {
        "2026-10-31": [93600],
        "2026-11-01": [93600],
        "2026-11-02": [93600],
        "2026-11-03": [1800, 300],
        "2026-11-04": [1800],
    }
    # the same as day_outages says of each day, for a site's own templates
    for d in bars.days(view):
        assert list(d.outages) == day_outages(view, d.bar)


def test_the_shared_names_say_the_same_on_every_page(demo_data: Path) -> None:
    model = build_model(load_site(demo_data), AS_OF)
    pages = SitePages(model, template_environment([]), Urls(), {})
    template = pages.env.from_string(
        "{{ when(t) }}|{{ when(t, seconds=True) }}|{{ clock(t, True) }}|{{ day(t) }}|"
        "{{ iso(t) }}|{{ span(t, t2) }}|{{ period_name(period_of(pid)) }}|"
        "{{ incident_title('no-such-incident') }}|{{ url(component_page('api')) }}"
    )
    t, t2 = parse_instant("2026-11-03T23:50:07+03:00"), parse_instant("2026-11-04T00:20:00+03:00")
    pid = model.periods[-1].id
    said = [
        template.render(pages._context(src, t=t, t2=t2, pid=pid)).split("|")
        for src in ("index.md", "components/dashboard.md", "index.md")
    ]
    assert (
        said[0][:-1]
        == said[1][:-1]
        == said[2][:-1]
        == [
            "3 Nov 2026 23:50 UTC+03:00",
            "3 Nov 2026 23:50:07 UTC+03:00",
            "23:50:07",
            "3 Nov 2026",
            "2026-11-03T23:50:07+03:00",
            "3 Nov 2026 23:50 UTC+03:00 – 4 Nov 2026 00:20 UTC+03:00",
            "Nov 2026–Jan 2027",
            "no-such-incident",
        ]
    )
    # links are the page's own
    assert [s[-1] for s in said] == ["components/api/", "../api/", "components/api/"]
