"""A component's 90-day bars as the site's pages show them: each day's colour, label and
popover, worked out once per build.

The home page and the component's own page show the same bars, and each day's label says
its figures in words (a percentage, durations, the date): written once here, each page only
places them. The pages' templates read these rows (``days(view)``), so a bar costs the
template a few attribute look-ups instead of four calls through Jinja's runtime; the 90
buttons themselves are written once per component (``day_buttons(view)``), the same markup
on both pages, instead of through a Jinja loop on each.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from generator.compute.windows import DayBar, day_level
from generator.i18n import Language
from generator.render.words import bar_label, day_summary
from generator.reporting.site import ComponentView, OutageRow
from generator.timeutil import parse_instant

# each outage is looked at once per day of the 90-day bars: its instants are parsed once
_instant = functools.lru_cache(maxsize=8192)(parse_instant)


@dataclass(frozen=True)
class Day:
    """One day of a component's bars: the bar itself and what the pages say of it."""

    bar: DayBar
    iso: str  # the day's date, as the button and its popover's template name it
    level: str  # the bar's colour (compute.windows.day_level)
    label: str  # the button's label: the day and its figures in words
    outages: tuple[OutageRow, ...]  # the component's outage pieces that overlap the day

    @property
    def popover(self) -> bool:
        """Whether the day has a popover of its own (a quiet day's is made from its label)."""
        return bool(self.bar.incidents or self.outages)


def day_outages(view: ComponentView, bar: DayBar) -> list[OutageRow]:
    """The component's outage pieces that overlap the day, oldest first."""
    found = [
        (_instant(r.outage.start), r)
        for r in view.outages
        if _instant(r.outage.start) < bar.end and _instant(r.outage.end) > bar.start
    ]
    return [r for _, r in sorted(found, key=lambda pair: pair[0])]


def _outages_by_day(view: ComponentView) -> list[tuple[OutageRow, ...]]:
    """:func:`day_outages` of each of the view's days (oldest first, each one ending where
    the next starts), in one pass over its outages instead of one per day."""
    starts = [bar.start for bar in view.bars]
    ends = [bar.end for bar in view.bars]
    found: list[list[OutageRow]] = [[] for _ in view.bars]
    pieces = sorted(
        ((_instant(r.outage.start), _instant(r.outage.end), r) for r in view.outages),
        key=lambda piece: piece[0],
    )
    for start, end, row in pieces:
        # the days that end after the piece starts and start before it ends
        for k in range(bisect.bisect_right(ends, start), bisect.bisect_left(starts, end)):
            found[k].append(row)
    return [tuple(rows) for rows in found]


class DayBars:
    """Every component's days, each worked out the first time a page asks for it."""

    def __init__(self, lang: Language, impact_of: Callable[[str], str], blip_under: int) -> None:
        self.lang = lang
        self._impact_of = impact_of
        self._blip_under = blip_under
        self._days: dict[str, list[Day]] = {}  # component id -> its days, oldest first
        self._buttons: dict[str, Markup] = {}  # component id -> its days' buttons
        self._labels: dict[DayBar, str] = {}
        self._summaries: dict[DayBar, str] = {}
        # a bar's date, colour, label and button: quiet days are the same bar on many
        # components, so each is worked out once
        self._said: dict[DayBar, tuple[str, str, str, str]] = {}

    def days(self, view: ComponentView) -> list[Day]:
        ident = view.component.id
        days = self._days.get(ident)
        if days is None:
            days = self._days[ident] = [
                Day(bar, *self._bar(bar)[:3], found)
                for bar, found in zip(view.bars, _outages_by_day(view), strict=True)
            ]
        return days

    def buttons(self, view: ComponentView) -> Markup:
        """The component's day buttons, one line each, escaped as the templates escape."""
        ident = view.component.id
        markup = self._buttons.get(ident)
        if markup is None:
            markup = self._buttons[ident] = Markup(
                "".join(self._bar(d.bar)[3] for d in self.days(view))
            )
        return markup

    def _bar(self, bar: DayBar) -> tuple[str, str, str, str]:
        said = self._said.get(bar)
        if said is None:
            iso, level, label = bar.date.isoformat(), self.level(bar), self.label(bar)
            button = (
                f'<button class="sg-day sg-day--{escape(level)}"'
                f' aria-label="{escape(label)}" data-sg-day="{escape(iso)}"></button>\n'
            )
            said = self._said[bar] = (iso, level, label, button)
        return said

    def level(self, bar: DayBar) -> str:
        impacts: Sequence[str] = [self._impact_of(i) for i in bar.incidents]
        return day_level(bar, impacts, self._blip_under)

    def label(self, bar: DayBar) -> str:
        text = self._labels.get(bar)
        if text is None:
            text = self._labels[bar] = bar_label(bar, self.lang)
        return text

    def summary(self, bar: DayBar) -> str:
        text = self._summaries.get(bar)
        if text is None:
            text = self._summaries[bar] = day_summary(bar, self.lang)
        return text
