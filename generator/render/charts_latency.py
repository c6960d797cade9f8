"""The response-time chart: p50 and p95 latency of the checks, per hour or per day."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta, tzinfo

from generator.i18n import ENGLISH, Language
from generator.render.chart_frame import chart_id as _chart_id
from generator.render.chart_frame import frame as _frame
from generator.render.charts_draw import (
    BLUE,
    INK,
    ORANGE,
    Number,
    day_ticks,
    figure_text,
    fill_between,
    floats,
    line,
)


def _instant(value: int | float | str | datetime, tz: tzinfo) -> datetime:
    if isinstance(value, datetime):
        return value.astimezone(tz)
    if isinstance(value, str):
        return datetime.fromisoformat(value).astimezone(tz)
    return datetime.fromtimestamp(int(value), tz)


def response_time_svg(
    starts: Sequence[int | float | str | datetime],
    p50: Sequence[Number | None],
    p95: Sequence[Number | None],
    *,
    bucket: str = "hour",
    tz: tzinfo = UTC,
    unit: str | None = None,
    title: str | None = None,
    ink: str = INK,
    size: tuple[float, float] = (7.0, 2.4),
    lang: Language = ENGLISH,
) -> str:
    """p50 (solid, with its band up to p95) and p95 (dashed) per bucket.

    ``starts`` are bucket start times (epoch seconds, ISO strings or datetimes), shown in
    ``tz``; ``bucket`` is ``hour`` or ``day``. A None value is a bucket without data: a gap.
    ``unit`` is the values' (milliseconds, as ``lang`` writes them, by default). Every word
    and figure is in ``lang``.
    """
    _ = lang.gettext
    title = _("Response time") if title is None else title
    unit = _("ms") if unit is None else unit
    if bucket not in ("hour", "day"):
        raise ValueError("bucket must be 'hour' or 'day'")
    if not len(starts) == len(p50) == len(p95):
        raise ValueError("starts, p50 and p95 differ in length")
    moments = [_instant(s, tz) for s in starts]
    low, high = floats(p50), floats(p95)
    seen = [v for v in low + high if not math.isnan(v)]
    step = 3600 if bucket == "hour" else 86400
    if seen:
        desc = _describe(moments, low, high, bucket, unit, lang)
    else:
        desc = _("No response-time data.")
    chart_id = _chart_id("response-time", title, desc)
    with _frame(size, chart_id, lang) as frame:
        ax = frame.ax
        frame.title(title)
        if not seen:
            frame.no_data(_("No response-time data"))
            return frame.svg(chart_id, title, desc, ink)
        origin = moments[0]
        # x in buckets from the first start; bucket i is drawn at its middle
        xs = [(m - origin).total_seconds() / step + 0.5 for m in moments]
        fill_between(ax, xs, low, high, color=BLUE, alpha=0.15, linewidth=0)
        handles = [
            line(ax, xs, low, color=BLUE, linewidth=1.5, label=_("p50 (median)")),
            line(
                ax,
                xs,
                high,
                color=ORANGE,
                linewidth=1.3,
                linestyle=(0, (4, 2)),
                label="p95",
                marker="." if bucket == "day" else None,
                markersize=3,
            ),
        ]
        total = xs[-1] + 0.5
        ax.set_xlim(0, total)
        ax.set_ylim(0, max(seen) * 1.12)
        frame.y_ticks(unit=unit)
        ticks, labels = [], []
        first_day = origin.date()
        last_day = moments[-1].date()
        day_count = (last_day - first_day).days + 1
        if bucket == "hour":
            day = first_day
            while day <= last_day + timedelta(days=1):
                local = datetime(day.year, day.month, day.day, tzinfo=tz)
                x = (local - origin).total_seconds() / step
                if 0 <= x <= total:
                    ticks.append(x)
                    labels.append(lang.day_month(day))
                day += timedelta(days=1)
        else:
            pos, text = day_ticks(first_day, day_count, lang)
            for p, t in zip(pos, text, strict=True):
                local = datetime.combine(first_day + timedelta(days=int(p)), origin.timetz())
                ticks.append((local - origin).total_seconds() / step + 0.5)
                labels.append(t)
        frame.x_ticks(ticks, labels)
        frame.legend(handles)
        return frame.svg(chart_id, title, desc, ink)


def _describe(
    moments: list[datetime],
    low: list[float],
    high: list[float],
    bucket: str,
    unit: str,
    lang: Language,
) -> str:
    """The chart's figures in words: the range of each percentile and the gaps. English
    has always given the times in ISO form; another language writes them out."""
    _ = lang.gettext
    english = lang.code == ENGLISH.code
    first, last = (m.isoformat() if english else lang.when(m) for m in (moments[0], moments[-1]))
    if bucket == "hour":
        head = _("Response time per hour from %(first)s to %(last)s:")
    else:
        head = _("Response time per day from %(first)s to %(last)s:")
    clauses = []
    for values, clause in (
        (low, _("p50 between %(low)s and %(high)s %(unit)s")),
        (high, _("p95 between %(low)s and %(high)s %(unit)s")),
    ):
        valid = [v for v in values if not math.isnan(v)]
        if valid:
            low_text, high_text = (figure_text(v, 1, lang) for v in (min(valid), max(valid)))
            clauses.append(clause % {"low": low_text, "high": high_text, "unit": unit})
    desc = f"{head % {'first': first, 'last': last}} {'; '.join(clauses)}."
    gaps = sum(1 for a, b in zip(low, high, strict=True) if math.isnan(a) and math.isnan(b))
    if gaps:
        if bucket == "hour":
            sentence = lang.ngettext(
                "%(num)d hour without data.", "%(num)d hours without data.", gaps
            )
        else:
            sentence = lang.ngettext(
                "%(num)d day without data.", "%(num)d days without data.", gaps
            )
        desc += " " + sentence % {"num": gaps}
    return desc
