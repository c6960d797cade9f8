"""Charts, feeds, the status JSON, badges, the embed and notifications in the reader's
language (issue 18): every chart kind drawn in Ukrainian and German leaves none of
statusgen's English in its text, title or description (checked against the catalogue's
own msgids, not a hand list), and its ticks are written as each language writes dates and
numbers (expected strings written out by hand)."""

from __future__ import annotations

import dataclasses
import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from datetime import UTC, date, timedelta, timezone
from functools import cache
from pathlib import Path

import pytest

from generator.compute.periods import period_by_id
from generator.compute.status import ComponentStatus, PageStatus
from generator.config.services import Component, Services
from generator.config.sla import PeriodRule
from generator.i18n import Language, language
from generator.model.incidents import Incident, IncidentUpdate
from generator.model.maintenance import Maintenance
from generator.render import charts
from generator.render.badges import to_date, uptime_badge
from generator.render.chart_frame import text_scale
from generator.render.embed import embed_html, embed_js, status_endpoint, uptime_endpoint
from generator.render.feeds import atom_feed, feed_title
from generator.render.site_charts import chart_jobs, draw
from generator.render.status_json import status_json
from generator.reporting.site import build_model
from generator.site import load_site
from generator.timeutil import parse_instant
from tests.conftest import DEMO_UNTIL
from tests.i18n_support import literal_parts, translated_away
from tests.test_charts import groups, hourly, plans
from tests.test_charts_downtime import DATES
from tests.test_charts_downtime import per_day as downtime_days

SVG = "{http://www.w3.org/2000/svg}"
ATOM = "{http://www.w3.org/2005/Atom}"
NBSP = "\u00a0"
NNBSP = "\u202f"
KYIV = timezone(timedelta(hours=3))
TRANSLATED = ("uk", "de")


# --- the catalogue's English -------------------------------------------------------------


@cache
def english(code: str) -> tuple[re.Pattern[str], ...]:
    """Every message ``code`` says in other words, as a pattern its English would match
    with its placeholders filled."""
    patterns = []
    for msgid in translated_away(code):
        literal = literal_parts(msgid)
        if len(re.sub(r"[^A-Za-z]", "", "".join(literal))) < 3:
            continue  # placeholders joined by 'in' or 'of': no telling English by it
        patterns.append(re.compile(".+?".join(re.escape(part) for part in literal)))
    return tuple(patterns)


def english_in(text: str, code: str) -> list[str]:
    """The msgids whose English makes up ``text`` whole, or (a long one) a part of it."""
    found = []
    for pattern in english(code):
        if pattern.fullmatch(text) or (
            len(pattern.pattern) >= 16 and pattern.search(text) is not None
        ):
            found.append(pattern.pattern)
    return found


def test_the_check_finds_english_left_in_a_chart() -> None:
    # the check itself: a chart drawn in English is full of what it looks for
    _, _, texts = words(charts.allowance_svg(*ALLOWANCE, **ALLOWANCE_OPTIONS))  # type: ignore[arg-type]
    assert any(english_in(text, "uk") for text in texts)
    assert "left\\ .+?" in english_in("left 1 h 07 min", "de")
    assert english_in("Ziel 99,9 %", "de") == []


# --- every chart kind, in each language -------------------------------------------------

ALLOWANCE = (
    ["2026-08-01", "2026-08-02"],
    [100, 150],
    132.48,
)
ALLOWANCE_OPTIONS = {"period_start": "2026-08-01", "period_days": 92, "projected_minutes": 6900}


def per_day(lang: Language, **options: object) -> str:
    """test_charts_downtime's five days in ``lang``."""
    return downtime_days(lang=lang, **options)


def every_chart(lang: Language) -> dict[str, str]:
    starts, p50, p95 = hourly()
    six_days = [f"2026-08-0{d}" for d in range(1, 7)]
    made: dict[str, Callable[[], str]] = {
        "per-day": lambda: per_day(lang),
        "per-day-outside-sla": lambda: per_day(lang, counted=False),
        "per-day-quiet": lambda: charts.downtime_per_day_svg(
            DATES[:2], [0, 0], [0, 0], ["up", "up"], [[], []], lang=lang
        ),
        "per-day-empty": lambda: charts.downtime_per_day_svg([], [], [], [], [], lang=lang),
        "allowance": lambda: charts.allowance_svg(
            six_days,
            [0, 0, 35, 35, 52, 64.5],
            132.48,
            period_start="2026-08-01",
            period_days=92,
            lang=lang,
        ),
        "allowance-over": lambda: charts.allowance_svg(
            *ALLOWANCE,
            **ALLOWANCE_OPTIONS,  # type: ignore[arg-type]
            lang=lang,
        ),
        "allowance-empty": lambda: charts.allowance_svg(
            [], [], 132.48, period_start="2026-08-01", period_days=92, lang=lang
        ),
        "support": lambda: charts.support_attainment_svg(groups(), target_percent=99.9, lang=lang),
        "support-plans": lambda: charts.support_attainment_svg(plans(), by=("plan",), lang=lang),
        "support-empty": lambda: charts.support_attainment_svg([], lang=lang),
        "support-rows": lambda: charts.support_rows_svg(groups(), target_percent=95, lang=lang),
        "support-rows-empty": lambda: charts.support_rows_svg([], lang=lang),
        "hourly": lambda: charts.response_time_svg(starts, p50, p95, tz=KYIV, lang=lang),
        "daily": lambda: charts.response_time_svg(
            starts[::24], p50[::24], p95[::24], bucket="day", tz=KYIV, lang=lang
        ),
        "response-empty": lambda: charts.response_time_svg([], [], [], lang=lang),
    }
    drawn = {name: make() for name, make in made.items()}
    with text_scale(1.5):  # a phone's rendition: the legend and group labels laid out anew
        drawn["support-rows-narrow"] = charts.support_rows_svg(
            groups(), target_percent=95, width=4.0, lang=lang
        )
    return drawn


def words(svg: str) -> tuple[str, str, list[str]]:
    """The chart's <title>, <desc> and every <text>."""
    root = ET.fromstring(svg)
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    texts = [t.text or "" for t in root.iter(f"{SVG}text")]
    return title.text or "", desc.text or "", texts


@pytest.mark.parametrize("code", TRANSLATED)
def test_no_chart_text_is_left_in_english(code: str) -> None:
    left = {}
    for name, svg in every_chart(language(code)).items():
        title, desc, texts = words(svg)
        for text in (title, desc, *texts):
            for line in text.split("\n"):
                if found := english_in(line, code):
                    left[f"{name}: {line!r}"] = found
    assert left == {}


def test_german_ticks_legends_and_figures() -> None:
    de = language("de")
    _, desc, texts = words(per_day(de))
    # the days by their German abbreviations, the axis in German
    days = [t for t in texts if t.endswith("Aug.")]
    assert days == ["1. Aug.", "2. Aug.", "3. Aug.", "4. Aug.", "5. Aug."]
    assert "Minuten" in texts and "bis 30 Min., gezählt" in texts
    assert desc == (
        "Ausfallzeit pro Tag vom 1. Aug. 2026 bis 5. Aug. 2026: 2 Tage mit gezählter"
        " Ausfallzeit, insgesamt 52 Min. 30 Sek., am meisten 40 Min. am 5. Aug. 2026."
        " 3 Min. 3 Sek. an 2 Tagen vom SLA ausgenommen. 2 Tage mit einem erfassten Vorfall."
        " 1 Tag ohne Daten."
    )
    _, _, texts = words(charts.support_attainment_svg(groups(), target_percent=99.9, lang=de))
    assert [f"0{NBSP}%", f"25{NBSP}%", f"50{NBSP}%", f"75{NBSP}%", f"100{NBSP}%"] == [
        t for t in texts if t.endswith("%") and not t.startswith("Ziel")
    ]
    assert f"Ziel 99,9{NBSP}%" in texts and "Chat" in texts


def test_ukrainian_ticks_legends_and_figures() -> None:
    uk = language("uk")
    _, desc, texts = words(
        charts.allowance_svg(*ALLOWANCE, **ALLOWANCE_OPTIONS, lang=uk)  # type: ignore[arg-type]
    )
    # September's first day gets its tick over a 92-day period; 150 - 132.48 = 17.52 min over
    assert [t for t in texts if t.startswith("1 ")] == ["1 серп.", "1 вер.", "1 жовт."]
    assert "виміряно до 2 серп." in texts and "допуск 2 год 12 хв" in texts
    assert desc == (
        "Врахований простій: використано 2 год 30 хв із 2 год 12 хв, допустимих за період"
        f" (113,2% допуску), станом на 2 серп. 2026{NNBSP}р.; допуск перевищено на 17 хв 31 с."
        " За нинішнього темпу: 4 дн. 19 год до кінця періоду."
    )
    # three plural forms: 1 day, 2 days ("дні"), 5 days ("днів")
    _, desc, _ = words(per_day(uk))
    assert "2 дні із врахованим простоєм" in desc and "1 день без даних." in desc
    _, _, texts = words(charts.support_rows_svg(groups(), lang=uk))
    assert "Онлайн-чат, критичний: 9 з 10" in texts and "90%" in texts


def test_automatic_axis_ticks_take_the_decimal_comma() -> None:
    # 2 days at 0.5 and 1.5 ms: the y axis steps by a quarter, written 0,25 in German
    svg = charts.response_time_svg(
        [0, 86400], [0.5, 1.5], [1.0, 2.0], bucket="day", tz=UTC, lang=language("de")
    )
    _, desc, texts = words(svg)
    assert "0,5" in texts and "ms" in texts
    assert "p50 zwischen 0,5 und 1,5 ms; p95 zwischen 1 und 2 ms." in desc
    english_ticks = words(
        charts.response_time_svg([0, 86400], [0.5, 1.5], [1.0, 2.0], bucket="day")
    )
    assert "0.5" in english_ticks[2]


def test_english_charts_stay_as_they_were() -> None:
    en = language("en")
    assert per_day(en) == downtime_days()
    _, _, texts = words(per_day(en))
    assert [t for t in texts if t.endswith("Aug")] == ["1 Aug", "2 Aug", "3 Aug", "4 Aug", "5 Aug"]


@pytest.mark.slow
def test_the_demo_sites_charts_speak_its_language(demo_data: Path) -> None:
    site = load_site(demo_data)
    german = dataclasses.replace(site, sla=dataclasses.replace(site.sla, language="de"))
    jobs = chart_jobs(build_model(german, DEMO_UNTIL))
    titles = {key: kwargs["title"] for key, _, _, kwargs in jobs}
    assert titles["sla-2026-08-allowance"] == (
        "Verbrauchte und erlaubte Ausfallzeit, Aug.–Okt. 2026"
    )
    assert titles["sla-2026-11-downtime"] == "Ausfallzeit pro Tag, Nov. 2026\u2009–\u2009Jan. 2027"
    assert titles["component-tracking-latency-hourly"] == (
        "Antwortzeit: Click and conversion tracking, pro Stunde, letzte 7 Tage"
    )
    # one of each chart function the site draws, as a pool worker draws it (by the code)
    drawn: dict[str, str] = {}
    for job in jobs:
        if job[1] not in drawn and not job[0].endswith("-narrow"):
            drawn[job[1]] = draw(job)[1]
    assert sorted(drawn) == [
        "allowance_svg",
        "downtime_per_day_svg",
        "response_time_svg",
        "support_rows_svg",
    ]
    for name, svg in drawn.items():
        title, desc, texts = words(svg)
        for text in (title, desc, *texts):
            assert english_in(text, "de") == [], (name, text)


@pytest.mark.parametrize(
    ("rule", "ids"),
    [
        (PeriodRule(3, 2), ("2026-08", "2026-11", "2027-02")),
        (PeriodRule(1, 1), ("2026-03", "2026-12")),
        (PeriodRule(12, 7), ("2026-07",)),
    ],
)
def test_a_period_is_named_in_english_as_its_label(rule: PeriodRule, ids: tuple[str]) -> None:
    en = language("en")
    for period_id in ids:
        period = period_by_id(period_id, rule, KYIV)
        assert en.months(period.first_day, period.last_day) == period.label


def test_a_period_is_named_in_each_language() -> None:
    quarter = period_by_id("2026-11", PeriodRule(3, 2), KYIV)  # Nov 2026-Jan 2027
    assert language("en").months(quarter.first_day, quarter.last_day) == "Nov 2026–Jan 2027"
    assert language("de").months(quarter.first_day, quarter.last_day) == (
        "Nov. 2026\u2009–\u2009Jan. 2027"  # CLDR's thin spaces around a dash between years
    )
    assert language("uk").months(date(2026, 8, 1), date(2026, 10, 31)) == (
        f"серп.{NBSP}— жовт. 2026{NNBSP}р."
    )
    assert language("de").months(date(2026, 3, 1), date(2026, 3, 31)) == "März 2026"


# --- feeds, the status JSON, badges and the embed ----------------------------------------

SERVICES = Services(
    "services.yml", (Component("web", "Вебсайт", "Сайт компанії", None, True, False, ()),)
)


def _status() -> PageStatus:
    current = ComponentStatus("web", "partial_outage", "down", 0, (), ())
    return PageStatus(
        0, "partial_outage", "major", "partial outage", "Partial outage", (current,),
        None, (), (), (), (),
    )  # fmt: skip


def _feed(code: str) -> ET.Element:
    at = parse_instant("2026-08-12T14:05:00+03:00")
    incident = Incident(
        "2026-08-12-web", "incidents/2026-08-12-web.md", "Сайт недоступний", ("web",), "major",
        at, at + 3600,
        (IncidentUpdate(at, "investigating", "Шукаємо причину"),
         IncidentUpdate(at + 3600, "resolved", "Працює")),
        "", "", False, None, "",
    )  # fmt: skip
    window = Maintenance(
        "2026-08-20-db", "maintenance/2026-08-20-db.md", "Оновлення бази", ("web",),
        at + 8 * 86400, at + 8 * 86400 + 1800, 1, False, "",
    )  # fmt: skip
    lang = language(code)
    feed = atom_feed(
        feed_title("Acme", lang),
        "https://status.example.com/",
        [incident],
        [window],
        {
            incident.id: "https://status.example.com/i/",
            "maintenance": "https://status.example.com/m/",
        },
        {"web": "Вебсайт"},
        KYIV,
        at + 2 * 86400,
        lang,
    )
    return ET.fromstring(feed)


def test_the_feed_speaks_ukrainian() -> None:
    root = _feed("uk")
    said = [e.text or "" for e in root.iter() if e.tag in (f"{ATOM}title", f"{ATOM}content")]
    assert said[0] == "Стан сервісів Acme"
    assert "Планові роботи: Оновлення бази" in said
    incident = next(s for s in said if "Шукаємо причину" in s)
    assert (
        f"<p><strong>Розслідується</strong> (12 серп. 2026{NNBSP}р. 14:05 UTC+03:00):"
        " Шукаємо причину</p>"
    ) in incident
    assert "<p>Зачіпає: Вебсайт. Вплив: значний.</p>" in incident
    upcoming = next(s for s in said if "Заплановано:" in s)
    assert upcoming.startswith(f"<p>Заплановано: з 20 серп. 2026{NNBSP}р. 14:05 UTC+03:00 до")
    for text in said:
        for part in re.split(r"<[^>]+>", text):
            assert english_in(part, "uk") == [], part


def test_the_english_feed_is_unchanged() -> None:
    root = _feed("en")
    # the maintenance window first: the entries are newest first, and it starts later
    window, incident = [e.text or "" for e in root.iter(f"{ATOM}content")]
    assert "<p>Affected: Вебсайт. Impact: major.</p>" in incident
    assert "<strong>Investigating</strong> (2026-08-12T14:05:00+03:00)" in incident
    assert window == (
        "<p>Upcoming: 2026-08-20T14:05:00+03:00 to 2026-08-20T14:35:00+03:00."
        " Affected: Вебсайт.</p>"
    )


def test_the_status_json_describes_in_ukrainian_and_keeps_its_keys() -> None:
    data = json.loads(
        status_json(_status(), SERVICES, "Acme", KYIV, "https://s.example/", {}, language("uk"))
    )
    assert data["status"] == {"indicator": "major", "description": "Частковий збій"}
    assert data["components"][0]["status"] == "partial_outage"  # a machine value
    assert data["components"][0]["description"] == "Сайт компанії"  # the company's words
    assert english_in(data["status"]["description"], "uk") == []
    english_data = json.loads(status_json(_status(), SERVICES, "Acme", KYIV, "https://s/", {}))
    assert english_data["status"]["description"] == "Partial outage"


def test_badges_and_the_embed_in_german_and_ukrainian() -> None:
    de, uk = language("de"), language("uk")
    window = to_date(de.months(date(2026, 8, 1), date(2026, 10, 31)), de)
    assert window == "Aug.–Okt. 2026 bis heute"
    badge = uptime_badge("API", 99.95123, 99.9, window, "9 Std.", de)
    assert f'aria-label="Verfügbarkeit: 99,95{NBSP}%"' in badge
    assert (
        f"<title>API: 99,95{NBSP}% Verfügbarkeit, Aug.–Okt. 2026 bis heute (9 Std. gemessen)</title>"
    ) in badge
    assert json.loads(uptime_endpoint(None, 99.9, uk))["message"] == "немає даних"
    assert json.loads(status_endpoint("API", "major_outage", de))["message"] == "Schwere Störung"
    page = embed_html("Acme", "https://s.example/", _status(), SERVICES, uk)
    assert '<html lang="uk">' in page and "<title>Стан сервісів Acme</title>" in page
    assert 'Вебсайт: <span class="st">Частковий збій</span>' in page
    script = embed_js(uk)
    assert script.isascii()  # whatever charset the embedding page loads it under
    labels = re.search(r"(\{[^{}]*\})\[c\.statusgen_status\]", script)
    assert labels is not None
    assert json.loads(labels.group(1))["partial_outage"] == "Частковий збій"
