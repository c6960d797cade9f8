"""A component's 90-day bars, worked out once per build (generator/render/day_bars.py): the
home page and the component's page place the same days, each with its colour, its label in
words and, for a day with something to list, its popover."""

from __future__ import annotations

from pathlib import Path

from generator.i18n import language
from generator.render.day_bars import DayBars
from generator.render.pages import SitePages, Urls, template_environment
from generator.reporting.site import build_model
from generator.site import load_site
from generator.timeutil import parse_instant

AS_OF = parse_instant("2026-11-20T12:00:00+03:00")
# the demo's dashboard on 29 Sep 2026: a major incident, 12 min 30 s of counted downtime
FAILOVER_BUTTON = (
    '<button class="sg-day sg-day--partial"'
    ' aria-label="29 Sep 2026: 99.13%, 12 min 30 s down, 1 incident"'
    ' data-sg-day="2026-09-29"></button>'
)


def test_a_days_colour_label_and_outages(demo_data: Path) -> None:
    model = build_model(load_site(demo_data), AS_OF)
    pages = SitePages(model, template_environment([]), Urls(), {})
    days = pages.bars.days(model.component("dashboard"))
    assert len(days) == 90
    assert (days[0].iso, days[-1].iso) == ("2026-08-23", "2026-11-20")
    day = next(d for d in days if d.iso == "2026-09-29")
    assert (day.level, day.label, day.popover) == (
        "partial",
        "29 Sep 2026: 99.13%, 12 min 30 s down, 1 incident",
        True,
    )
    assert [(r.outage.start, r.outage.end) for r in day.outages] == [
        ("2026-09-29T13:37:30+03:00", "2026-09-29T13:50:00+03:00")
    ]
    assert pages.bars.summary(day.bar) == "Uptime 99.13%, 12 min 30 s down."
    quiet = next(d for d in days if d.iso == "2026-09-28")
    assert (quiet.level, quiet.label, quiet.popover, quiet.outages) == (
        "up",
        "28 Sep 2026: 100%, no downtime",
        False,
        (),
    )
    # asked again (the component's page after the home page), the same days
    assert pages.bars.days(model.component("dashboard")) is days


def test_home_and_component_page_show_the_same_day(demo_data: Path) -> None:
    model = build_model(load_site(demo_data), AS_OF)
    pages = SitePages(model, template_environment([]), Urls(), {})
    home = pages.home("index.md")
    component = pages.component("components/dashboard.md")
    assert home.count(FAILOVER_BUTTON) == 1
    assert component.count(FAILOVER_BUTTON) == 1
    assert component.count('<template data-sg-day="2026-09-29" data-sg-title="29 Sep 2026">') == 1


def test_a_day_in_another_language(demo_data: Path) -> None:
    model = build_model(load_site(demo_data), AS_OF)
    impacts = {i.id: i.impact for i in model.site.incidents}
    bars = DayBars(language("de"), lambda ident: impacts.get(ident, "none"), 30)
    day = next(d for d in bars.days(model.component("dashboard")) if d.iso == "2026-09-29")
    # German sets its percent sign off with a no-break space
    assert day.label == "29. Sept. 2026: 99,13\u00a0%, 12 Min. 30 Sek. Ausfall, 1 Vorfall"
    assert bars.summary(day.bar) == "Verfügbarkeit 99,13\u00a0%, 12 Min. 30 Sek. Ausfall."
