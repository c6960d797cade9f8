"""The reader's language (generator/i18n.py): figures, dates and durations written in
English, Ukrainian and German, each expected string written out by hand."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import jinja2
import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.compute.windows import DayBar
from generator.i18n import compiled, language
from generator.locales import shipped_languages
from generator.render import formatting as fmt
from generator.render.words import bar_label, day_summary

NBSP = "\u00a0"
NNBSP = "\u202f"  # narrow no-break space: CLDR keeps "2026 р." together
KYIV_SUMMER = timezone(timedelta(hours=3))


def test_english_ukrainian_and_german_are_shipped() -> None:
    assert shipped_languages() == ("en", "de", "uk")


def test_a_language_without_a_catalogue_is_refused() -> None:
    with pytest.raises(ValueError, match="no catalogue for language 'fr'"):
        language("fr")


@pytest.mark.parametrize(
    ("code", "value", "shown"),
    [
        ("en", 99.9951, "99.99%"),
        ("uk", 99.9951, "99,99%"),
        ("de", 99.9951, f"99,99{NBSP}%"),
        # truncated, never rounded up: 99.99999 is not 100
        ("en", 99.99999, "99.99%"),
        ("uk", 99.99999, "99,99%"),
        ("de", 99.99999, f"99,99{NBSP}%"),
        ("en", 100, "100%"),
        ("uk", 100, "100%"),
        ("de", 100, f"100{NBSP}%"),
        ("en", 99.9, "99.90%"),
        ("de", 99.9, f"99,90{NBSP}%"),
        ("en", 12.3456, "12.34%"),
        ("en", None, "no data"),
        ("uk", None, "немає даних"),
        ("de", None, "keine Daten"),
    ],
)
def test_percentages_follow_the_display_policy_in_every_language(
    code: str, value: float | None, shown: str
) -> None:
    assert language(code).pct(value) == shown


def test_a_stripped_percentage_drops_its_trailing_zeros() -> None:
    assert language("en").pct(99.9, strip=True) == "99.9%"
    assert language("uk").pct(99.0, strip=True) == "99%"
    assert language("de").pct(99.25, strip=True) == f"99,25{NBSP}%"


@given(st.floats(min_value=0, max_value=101, allow_nan=False), st.integers(0, 4), st.booleans())
def test_english_percentages_read_as_they_always_have(
    value: float, places: int, strip: bool
) -> None:
    # the English site must not change by going through Babel
    assert language("en").pct(value, places, strip=strip) == fmt.pct(value, places, strip=strip)


@pytest.mark.parametrize(
    ("code", "value", "shown"),
    [
        ("en", 64.5, "64.5"),
        ("uk", 64.5, "64,5"),
        ("de", 64.5, "64,5"),
        ("de", 3.0, "3"),
        ("uk", 1234.5678, "1234,5678"),
    ],
)
def test_numbers_take_the_languages_decimal_sign(code: str, value: float, shown: str) -> None:
    assert language(code).number(value) == shown


@pytest.mark.parametrize(
    ("seconds", "en", "uk", "de"),
    [
        (42, "42 s", "42 с", "42 Sek."),
        (750, "12 min 30 s", "12 хв 30 с", "12 Min. 30 Sek."),
        (3900, "1 h 05 min", "1 год 5 хв", "1 Std. 5 Min."),
        (3600, "1 h 00 min", "1 год", "1 Std."),
        (187200, "2 d 4 h", "2 дн. 4 год", "2 Tg. 4 Std."),
        (86400, "1 d", "1 дн.", "1 Tg."),
        (7948.8, "2 h 12 min", "2 год 12 хв", "2 Std. 12 Min."),
        (0, "0 s", "0 с", "0 Sek."),
    ],
)
def test_durations_in_human_units(seconds: float, en: str, uk: str, de: str) -> None:
    assert language("en").duration(seconds) == en
    assert language("uk").duration(seconds) == uk
    assert language("de").duration(seconds) == de


@pytest.mark.parametrize(
    ("code", "shown"),
    [("en", "12 Aug 2026"), ("uk", f"12 серп. 2026{NNBSP}р."), ("de", "12. Aug. 2026")],
)
def test_days_are_written_with_the_months_name(code: str, shown: str) -> None:
    assert language(code).day(date(2026, 8, 12)) == shown


def test_months_have_their_names_in_each_language() -> None:
    assert [language(c).month(5) for c in ("en", "uk", "de")] == ["May", "травень", "Mai"]
    assert language("en").month_year(2026, 8) == "August 2026"
    assert language("uk").month_year(2026, 8) == f"серпень 2026{NNBSP}р."
    assert language("de").month_year(2026, 3) == "März 2026"


def test_times_keep_a_24_hour_clock_and_the_offset() -> None:
    moment = datetime(2026, 8, 12, 14, 5, 7, tzinfo=KYIV_SUMMER)
    assert language("en").when(moment) == "12 Aug 2026 14:05 UTC+03:00"
    assert language("uk").when(moment) == f"12 серп. 2026{NNBSP}р. 14:05 UTC+03:00"
    assert language("de").when(moment, seconds=True) == "12. Aug. 2026 14:05:07 UTC+03:00"
    assert language("de").clock(moment) == "14:05"


UKRAINIAN_PO = """\
msgid ""
msgstr ""
"Language: uk\\n"
"Plural-Forms: nplurals=3; plural=n % 10 == 1 && n % 100 != 11 ? 0 : n % "
"10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14) ? 1 : 2;\\n"
"Content-Type: text/plain; charset=utf-8\\n"

msgid "%(num)d incident"
msgid_plural "%(num)d incidents"
msgstr[0] "%(num)d інцидент"
msgstr[1] "%(num)d інциденти"
msgstr[2] "%(num)d інцидентів"

#, fuzzy
msgid "Uptime"
msgstr "Доступність"
"""


def test_a_catalogue_is_compiled_with_its_plural_rule(tmp_path: Path) -> None:
    po = tmp_path / "statusgen.po"
    po.write_text(UKRAINIAN_PO, encoding="utf-8")
    translations = compiled(po, "uk")
    forms = [
        translations.ngettext("%(num)d incident", "%(num)d incidents", n)
        for n in (1, 2, 5, 11, 21, 22, 25, 111)
    ]
    assert [f % {"num": n} for f, n in zip(forms, (1, 2, 5, 11, 21, 22, 25, 111), strict=True)] == [
        "1 інцидент",
        "2 інциденти",
        "5 інцидентів",
        "11 інцидентів",
        "21 інцидент",
        "22 інциденти",
        "25 інцидентів",
        "111 інцидентів",
    ]
    # a fuzzy translation is a guess nobody confirmed: English is shown until it is
    assert translations.gettext("Uptime") == "Uptime"


def test_templates_speak_the_language_they_are_given() -> None:
    env = jinja2.Environment(autoescape=True)
    language("de").install(env)
    assert env.from_string('{{ _("no data") }}').render() == "keine Daten"


def _bar(downtime: int, excluded: int, no_data: int, incidents: int) -> DayBar:
    ids = tuple(f"incident-{n}" for n in range(incidents))
    return DayBar(date(2026, 9, 29), 0, 86400, downtime, excluded, no_data, ids)


def test_a_days_bar_is_labelled_in_the_language() -> None:
    # 750 s down of 86,400: 99.1319...%, cut to 99.13
    bar = _bar(750, 42, 0, 2)
    assert bar_label(bar) == (
        "29 Sep 2026: 99.13%, 12 min 30 s down, 42 s excluded from the SLA, 2 incidents"
    )
    assert bar_label(bar, language("uk")) == (
        f"29 вер. 2026{NNBSP}р.: 99,13%, простій 12 хв 30 с, 42 с виключено з SLA, 2 інциденти"
    )
    assert bar_label(bar, language("de")) == (
        f"29. Sept. 2026: 99,13{NBSP}%, 12 Min. 30 Sek. Ausfall, 42 Sek. vom SLA ausgenommen,"
        " 2 Vorfälle"
    )
    assert bar_label(_bar(0, 0, 0, 5), language("uk")) == (
        f"29 вер. 2026{NNBSP}р.: 100%, без простоїв, 5 інцидентів"
    )
    assert bar_label(_bar(0, 0, 0, 1), language("de")) == (
        f"29. Sept. 2026: 100{NBSP}%, keine Ausfallzeit, 1 Vorfall"
    )


def test_a_days_popover_opens_with_its_figures_in_the_language() -> None:
    assert day_summary(_bar(1020, 0, 0, 0), language("uk")) == "Доступність 98,81%, простій 17 хв."
    assert day_summary(_bar(0, 0, 86400, 0), language("de")) == (
        "Den ganzen Tag keine Überwachungsdaten."
    )
    assert day_summary(_bar(0, 0, 3600, 0)) == "Uptime 100%, no downtime, 1 h 00 min without data."
