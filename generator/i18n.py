"""The reader's language: translated messages and how numbers, dates and durations are
written in it.

Messages come from the gettext catalogues shipped under ``generator/locale`` (see
:mod:`generator.locales`), read as ``.po`` files and compiled in memory when a language is
first asked for, so no compiled ``.mo`` file is ever kept in the repository. Numbers, month
names, dates and duration units come from Babel's locale data (CLDR).

The display policy stays one policy (:mod:`generator.render.formatting` owns it): a
percentage is cut, never rounded up, and reads 100 only when nothing was lost; a duration is
said in its two largest units. A language only decides how those figures are written:
"99,95 %" in German, "2 дн. 4 год" in Ukrainian. English is written exactly as the display
policy always has ("99.95%", "12 Aug 2026", "1 h 05 min"): its day-month-year dates and
short units are statusgen's own, where CLDR's English would say "Aug 12, 2026" and "1 hr".
"""

from __future__ import annotations

import functools
import gettext
import io
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import jinja2
from babel import Locale
from babel.dates import format_date, format_interval, format_time, get_month_names
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent
from babel.units import format_unit
from jinja2.nodes import EvalContext
from markupsafe import Markup

from generator.locales import DOMAIN, SOURCE_LANGUAGE, catalogue_path, shipped_languages
from generator.render import formatting as fmt

# statusgen's own English date, kept as it has always been written (day first)
ENGLISH_DAY = "d MMM y"
# figures a language keeps written (a site's 90-day bars say the same few thousand again
# on every page and build); past this many it starts afresh, so a long `serve` stays small
MEMO_LIMIT = 65536


@dataclass(frozen=True)
class Language:
    """One language's messages and formats. Get one with :func:`language`."""

    code: str
    locale: Locale
    translations: gettext.NullTranslations
    # each figure as written, by its value: Babel parses its pattern again on every call
    _written: dict[Hashable, str] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def _memo(self, key: Hashable, write: Callable[[], str]) -> str:
        text = self._written.get(key)
        if text is None:
            if len(self._written) >= MEMO_LIMIT:
                self._written.clear()
            text = self._written[key] = write()
        return text

    # --- messages ---------------------------------------------------------------------

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        """The form for ``count`` by the language's plural rules (Ukrainian has three)."""
        return self.translations.ngettext(singular, plural, count)

    def words(self, table: Mapping[str, str]) -> dict[str, str]:
        """A table of labels (marked with :func:`generator.locales.N_`) in this language."""
        return {key: self.gettext(label) for key, label in table.items()}

    def install(self, env: jinja2.Environment) -> None:
        """Jinja's i18n extension on ``env``, speaking this language: ``{% trans %}`` and
        ``_()`` in templates (new style: placeholders by name, autoescaped)."""
        env.add_extension("jinja2.ext.i18n")
        env.install_gettext_translations(self.translations, newstyle=True)  # type: ignore[attr-defined]
        gettext, ngettext = _said_once(self.translations)
        env.globals.update(gettext=gettext, _=gettext, ngettext=ngettext)

    # --- figures ------------------------------------------------------------------------

    def number(self, value: float | int) -> str:
        """The report's number as given (up to 4 decimals, no trailing zeros), with the
        language's decimal sign: '64.5', '64,5'."""
        return self._memo(("number", type(value), value), lambda: self._number(value))

    def _number(self, value: float | int) -> str:
        return format_decimal(Decimal(fmt.number(value)), format="0.####", locale=self.locale)

    def pct(self, value: float | None, places: int = 2, *, strip: bool = False) -> str:
        """A percentage under the display policy ('99.95%', '99,95 %'); 'no data' in the
        language for a figure with nothing measured behind it."""
        key = ("pct", type(value), value, places, strip)
        return self._memo(key, lambda: self._pct(value, places, strip))

    def _pct(self, value: float | None, places: int, strip: bool) -> str:
        if value is None:
            return self.gettext("no data")
        shown = fmt.pct_figure(value, places)
        if shown == 100:
            places = 0
        return format_percent(
            Decimal(repr(shown)) / 100,
            format=self._percent_pattern(places, strip),
            locale=self.locale,
        )

    def _percent_pattern(self, places: int, strip: bool) -> str:
        pattern = str(self.locale.percent_formats[None].pattern)
        digits = ("#" if strip else "0") * places
        return pattern.replace("#,##0", f"#,##0.{digits}" if places else "#,##0", 1)

    def duration(self, seconds: float) -> str:
        """'1 h 05 min' in English, '1 Std. 5 Min.' in German: the units the display policy
        picks (:func:`generator.render.formatting.duration_parts`), written with the
        language's short unit names (CLDR's), a zero after the first left unsaid."""
        return self._memo(("duration", type(seconds), seconds), lambda: self._duration(seconds))

    def _duration(self, seconds: float) -> str:
        if self.code == SOURCE_LANGUAGE:
            return fmt.duration(seconds)
        parts = fmt.duration_parts(seconds)
        # '1 Std.', not '1 Std. 0 Min.': English's '1 h 00 min' is a typesetting habit
        return " ".join(
            format_unit(count, f"duration-{unit}", length="short", locale=self.locale)
            for index, (count, unit) in enumerate(parts)
            if count or not index
        )

    # --- dates and times ----------------------------------------------------------------

    def day(self, value: date) -> str:
        """'12 Aug 2026', '12 серп. 2026 р.', '12. Aug. 2026'."""
        return self._memo(
            ("day", type(value), value),
            lambda: format_date(value, self._day_pattern, locale=self.locale),
        )

    @functools.cached_property
    def _day_pattern(self) -> str:
        if self.code == SOURCE_LANGUAGE:
            return ENGLISH_DAY
        return str(self.locale.datetime_skeletons["yMMMd"].pattern)

    def month(self, month: int) -> str:
        """The month's name standing alone, as a heading: 'August', 'серпень'."""
        return str(get_month_names("wide", context="stand-alone", locale=self.locale)[month])

    def month_year(self, year: int, month: int) -> str:
        """'August 2026', 'серпень 2026 р.', as a calendar's heading."""
        pattern = str(self.locale.datetime_skeletons["yMMMM"].pattern)
        return format_date(date(year, month, 1), pattern, locale=self.locale)

    def day_month(self, value: date) -> str:
        """'12 Aug', '12 серп.', '12. Aug.': a day in a year the reader already knows (a
        chart's axis)."""
        if self.code == SOURCE_LANGUAGE:
            return f"{value.day} {format_date(value, 'MMM', locale=self.locale)}"
        pattern = str(self.locale.datetime_skeletons["MMMd"].pattern)
        return format_date(value, pattern, locale=self.locale)

    def months(self, first: date, last: date) -> str:
        """A period of whole months from ``first``'s to ``last``'s: 'Aug–Oct 2026',
        'серп. — жовт. 2026 р.', 'Aug.–Okt. 2026' (English as statusgen has always
        labelled its periods; other languages by CLDR's interval formats)."""
        one_month = (first.year, first.month) == (last.year, last.month)
        if self.code != SOURCE_LANGUAGE:
            if one_month:
                pattern = str(self.locale.datetime_skeletons["yMMM"].pattern)
                return format_date(first, pattern, locale=self.locale)
            return str(format_interval(first, last, "yMMM", locale=self.locale))
        if one_month:
            return format_date(first, "MMM y", locale=self.locale)
        head = format_date(first, "MMM" if first.year == last.year else "MMM y", locale=self.locale)
        return f"{head}–{format_date(last, 'MMM y', locale=self.locale)}"

    def clock(self, moment: datetime, *, seconds: bool = False) -> str:
        """'14:05': a 24-hour clock in every language statusgen speaks."""
        return format_time(moment, "HH:mm:ss" if seconds else "HH:mm", locale=self.locale)

    def when(self, moment: datetime, *, seconds: bool = False) -> str:
        """'12 Aug 2026 14:05 UTC+03:00': the date, the clock and the offset written out."""
        return (
            f"{self.day(moment.date())} {self.clock(moment, seconds=seconds)}"
            f" {fmt.offset_text(moment)}"
        )


@functools.cache
def language(code: str) -> Language:
    """The language ``code`` (one of :func:`generator.locales.shipped_languages`), its
    catalogue read once per process."""
    if code not in shipped_languages():
        raise ValueError(f"statusgen has no catalogue for language {code!r}")
    translations: gettext.NullTranslations
    if code == SOURCE_LANGUAGE:
        translations = gettext.NullTranslations()
    else:
        translations = compiled(catalogue_path(code), code)
    return Language(code, Locale.parse(code), translations)


def compiled(po_file: Path, code: str) -> gettext.GNUTranslations:
    """The catalogue compiled to .mo in memory and read back (fuzzy entries are left out,
    as msgfmt leaves them out; the plural rule is the file's Plural-Forms)."""
    with po_file.open("rb") as source:
        catalog = read_po(source, locale=code, domain=DOMAIN)
    mo = io.BytesIO()
    write_mo(mo, catalog)
    mo.seek(0)
    return gettext.GNUTranslations(mo)


# The language statusgen's messages are written in: the default reader of every output.
ENGLISH = language(SOURCE_LANGUAGE)


def _said_once(
    translations: gettext.NullTranslations,
) -> tuple[Callable[..., str], Callable[..., str]]:
    """Jinja's new-style ``gettext`` (also ``_``) and ``ngettext``, saying exactly what the
    i18n extension's say, for less: a message is looked up in the catalogue once per
    environment, and one without placeholders is worked out once (the pages say "Uptime"
    and "Downtime" thousands of times); they take the evaluation context, not the whole
    one, so a call in a loop does not copy every variable the page can see (Jinja's own
    take the context, and ``_`` calls ``gettext`` through it again)."""
    said: dict[tuple[str, bool], str] = {}  # (message, autoescaped) -> its text, formatted
    found: dict[tuple[str, bool], str] = {}  # (message, autoescaped) -> its translation

    def translated(message: str, autoescape: bool) -> str:
        key = (message, autoescape)
        text = found.get(key)
        if text is None:
            text = translations.gettext(message)
            text = found[key] = Markup(text) if autoescape else text
        return text

    @jinja2.pass_eval_context
    def gettext(eval_ctx: EvalContext, message: str, /, **variables: object) -> str:
        if variables:
            return translated(message, eval_ctx.autoescape) % variables
        key = (message, eval_ctx.autoescape)
        text = said.get(key)
        if text is None:
            # formatted even without placeholders, as Jinja's: "100%%" says "100%"
            text = said[key] = translated(message, eval_ctx.autoescape) % {}
        return text

    @jinja2.pass_eval_context
    def ngettext(
        eval_ctx: EvalContext, singular: str, plural: str, num: int, /, **variables: object
    ) -> str:
        variables.setdefault("num", num)
        text = translations.ngettext(singular, plural, num)
        if eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return gettext, ngettext
