"""The support chart: attainment per channel and impact (or per plan) against the target."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from matplotlib.patches import Patch

from generator.i18n import ENGLISH, Language
from generator.locales import N_
from generator.model.support_report import SupportGroup, SupportPlan
from generator.render.chart_frame import SENTINEL as _SENTINEL
from generator.render.chart_frame import Frame, text_scale_now, tick_percent
from generator.render.chart_frame import chart_id as _chart_id
from generator.render.chart_frame import frame as _frame
from generator.render.charts_draw import (
    BLUE,
    GREY,
    INK,
    ORANGE,
    PURPLE,
    Number,
    draw_bars,
    percent_text,
    reference_key,
)
from generator.render.words import CHANNEL_WORDS, SUPPORT_CHANNEL_WORDS, SUPPORT_IMPACT_WORDS

_CHANNEL_STYLE = {  # colour and hatch per channel, so the bars read in black and white
    "chat": (BLUE, ""),
    "email": (ORANGE, "////"),
    "other": (PURPLE, "\\\\\\\\"),
}


# The SLA's own words for a ticket's channel and impact, as the PDF's chart writes them
# (a plan's name is the company's and stays as written); and a group naming none.
_WORDS = {**SUPPORT_CHANNEL_WORDS, **SUPPORT_IMPACT_WORDS}
_NONE = {"channel": N_("no channel"), "impact": N_("no impact"), "plan": N_("no plan")}


def _label(group: SupportGroup | SupportPlan, key: str) -> str:
    """The group's value of ``key`` as given (the chart's styles and order key on it)."""
    value = getattr(group, key)
    return _NONE.get(key, f"no {key}") if value is None else str(value)


def _said(value: str, key: str, lang: Language) -> str:
    """A group's value of ``key`` in ``lang``: the channel and impact words translated."""
    if key == "plan" and value != _NONE["plan"]:
        return value  # the company's own name for its plan
    return lang.gettext(_WORDS.get(value, value))


def _styles(keys: Sequence[str]) -> dict[str, tuple[str, str]]:
    """Colour and hatch per key: a channel's own, any other key the next of the palette."""
    palette = [BLUE, ORANGE, PURPLE, GREY]
    hatches = ["", "////", "\\\\\\\\", "xx"]
    return {k: _CHANNEL_STYLE.get(k, (palette[i % 4], hatches[i % 4])) for i, k in enumerate(keys)}


def _legend(
    frame: Frame,
    style: dict[str, tuple[str, str]],
    labels: dict[str, str],
    target_percent: Number | None,
    lang: Language,
) -> None:
    """A key per group, in ``labels``' words, and the target's when there is one."""
    handles: list[Any] = [
        Patch(
            facecolor=style[k][0],
            hatch=style[k][1],
            edgecolor=_SENTINEL if style[k][1] else style[k][0],
            lw=0,
            label=label,
        )
        for k, label in labels.items()
    ]
    if target_percent is not None:
        share = percent_text(float(target_percent), 4, lang)
        handles.append(reference_key(lang.gettext("target %(share)s") % {"share": share}))
    frame.legend(handles)


def support_attainment_svg(
    groups: Sequence[SupportGroup] | Sequence[SupportPlan],
    *,
    by: Sequence[str] = ("channel", "impact"),
    target_percent: Number | None = 100.0,
    title: str | None = None,
    ink: str = INK,
    size: tuple[float, float] = (7.0, 2.8),
    lang: Language = ENGLISH,
) -> str:
    """One bar per group (attainment %, labelled met/counted), the target line dashed.

    ``groups`` are ``support.groups`` (``by=("channel", "impact")``) or ``support.plans``
    (``by=("plan",)``). A group with no counted ticket (all pending) has no bar and says so.
    The first ``by`` key picks the bar's colour and hatch. Every word and figure is in
    ``lang``.
    """
    _ = lang.gettext
    title = _("Support attainment") if title is None else title
    rows = [g for g in groups if g.tickets]
    counted = [(g, g.met + g.breached) for g in rows]
    label_parts = [[_said(_label(g, k), k, lang) for k in by] for g in rows]
    if rows:
        parts = []
        for (g, n), label in zip(counted, label_parts, strict=True):
            att = g.attainment_percent
            group = " ".join(label)
            if att is None:
                parts.append(_("%(group)s: no counted tickets") % {"group": group})
            else:
                share = percent_text(float(att), 4, lang)
                parts.append(
                    _("%(group)s: %(share)s (%(met)d of %(counted)d met)")
                    % {"group": group, "share": share, "met": g.met, "counted": n}
                )
        desc = _("Share of requests answered within target.") + " " + "; ".join(parts) + "."
    else:
        desc = _("No support requests in this period.")
    chart_id = _chart_id("support", title, desc)
    with _frame(size, chart_id, lang) as frame:
        ax = frame.ax
        frame.title(title)
        if not rows:
            frame.no_data(_("No support requests in this period"))
            return frame.svg(chart_id, title, desc, ink)
        keys = sorted({_label(g, by[0]) for g in rows})
        style = _styles(keys)
        bars: dict[str, tuple[list[int], list[float]]] = {k: ([], []) for k in keys}
        for i, (g, _n) in enumerate(counted):
            att = g.attainment_percent
            if att is None:
                ax.text(i, 3, _("pending\nonly"), ha="center", va="bottom", fontsize=6.5)
                continue
            bars[_label(g, by[0])][0].append(i)
            bars[_label(g, by[0])][1].append(float(att))
        for key, (xs, tops) in bars.items():
            colour, hatch = style[key]
            draw_bars(
                ax,
                xs,
                tops,
                0.0,
                width=0.7,
                color=colour,
                hatch=hatch or None,
                edgecolor=_SENTINEL if hatch else colour,
            )
        if target_percent is not None:
            ax.axhline(
                float(target_percent),
                color=_SENTINEL,
                linestyle=(0, (5, 3)),
                linewidth=1.1,
            )
        ax.set_ylim(0, 104)
        frame.y_ticks(
            [0, 25, 50, 75, 100], [tick_percent(t, 0, lang) for t in (0, 25, 50, 75, 100)]
        )
        ax.set_xlim(-0.6, len(rows) - 0.4)
        label_size = 6.5 if len(rows) > 10 else 7.5
        # a label wider than its bar's slot is broken with a hyphen (DejaVu: ~0.62 em a char)
        slot = (size[0] - 0.8) * 72 / len(rows)
        fit = max(4, int(slot / (0.62 * label_size)))
        frame.x_ticks(
            range(len(rows)),
            [
                "\n".join([*(_fit(part, fit) for part in parts), f"{g.met}/{n}"])
                for parts, (g, n) in zip(label_parts, counted, strict=True)
            ],
            marks=False,
            fontsize=label_size,
        )
        _legend(frame, style, {k: _said(k, by[0], lang) for k in keys}, target_percent, lang)
        return frame.svg(chart_id, title, desc, ink)


def _fit(word: str, chars: int) -> str:
    """``word`` in lines of at most ``chars`` characters, broken with hyphens."""
    lines = []
    while len(word) > chars:
        lines.append(word[: chars - 1] + "-")
        word = word[chars - 1 :]
    return "\n".join([*lines, word])


def support_rows_svg(
    groups: Sequence[SupportGroup] | Sequence[SupportPlan],
    *,
    by: Sequence[str] = ("channel", "impact"),
    target_percent: Number | None = None,
    title: str | None = None,
    ink: str = INK,
    width: float = 7.0,
    lang: Language = ENGLISH,
) -> str:
    """The status site's support chart: one horizontal bar per group (the share answered
    on time), its name and met/counted written out on its left, so the labels are whole
    words at any width (the PDF's column chart breaks them to fit). The height follows the
    number of groups and the text scale. ``target_percent`` None: no target line. Every
    word and figure is in ``lang``."""
    _ = lang.gettext
    title = _("Support attainment") if title is None else title
    rows = [g for g in groups if g.tickets]
    counted = [(g, g.met + g.breached) for g in rows]
    names = [", ".join(_row_word(_label(g, k), k, lang) for k in by) for g in rows]
    labels = [
        _("%(group)s: pending only") % {"group": name}
        if g.attainment_percent is None
        else _("%(group)s: %(met)d of %(counted)d") % {"group": name, "met": g.met, "counted": n}
        for name, (g, n) in zip(names, counted, strict=True)
    ]
    if rows:
        shares = [
            f"{label} ({percent_text(float(g.attainment_percent), 4, lang)})"
            if g.attainment_percent is not None
            else label
            for label, g in zip(labels, rows, strict=True)
        ]
        desc = _("Share of requests answered within target.") + " " + "; ".join(shares) + "."
    else:
        desc = _("No support requests in this period.")
    scale = text_scale_now()
    # narrow (a phone's): each group's words on a line of their own above its bar
    above = width < 5.0
    # a row per group, a line and a half of text high (two and a half with the words
    # above), and room for the title and legend
    height = (1.2 + (0.55 if above else 0.34) * max(len(rows), 1)) * scale
    chart_id = _chart_id("support-rows", title, desc)
    with _frame((width, height), chart_id, lang) as frame:
        ax = frame.ax
        frame.title(title)
        if not rows:
            frame.no_data(_("No support requests in this period"))
            return frame.svg(chart_id, title, desc, ink)
        keys = sorted({_label(g, by[0]) for g in rows})
        style = _styles(keys)
        for i, g in enumerate(rows):
            att = g.attainment_percent
            if att is None:
                continue
            colour, hatch = style[_label(g, by[0])]
            ax.barh(
                i + (0.2 if above else 0.0),
                float(att),
                height=0.45 if above else 0.62,
                color=colour,
                hatch=hatch or None,
                edgecolor=_SENTINEL if hatch else colour,
                linewidth=0,
            )
            ax.text(
                float(att) + 1.5,
                i + (0.2 if above else 0.0),
                percent_text(float(att), 1, lang),
                va="center",
                ha="left",
                fontsize=frame.font_size,
            )
        if target_percent is not None:
            ax.axvline(float(target_percent), color=_SENTINEL, linestyle=(0, (5, 3)), lw=1.1)
        ax.set_xlim(0, 122)  # room after a full bar for its figure
        ax.set_ylim(len(rows) - 0.5, -0.5)  # the first group on top
        if above:
            for i, label in enumerate(labels):
                ax.text(0, i - 0.22, label, va="center", ha="left", fontsize=frame.font_size)
            frame.x_ticks([0, 50, 100], [tick_percent(t, 0, lang) for t in (0, 50, 100)])
            frame.y_ticks([], [])
        else:
            ticks = [0, 25, 50, 75, 100]
            frame.x_ticks(ticks, [tick_percent(t, 0, lang) for t in ticks])
            frame.y_ticks(list(range(len(rows))), labels)
        _legend(frame, style, {k: _row_word(k, by[0], lang) for k in keys}, target_percent, lang)
        return frame.svg(chart_id, title, desc, ink)


def _row_word(value: str, key: str, lang: Language) -> str:
    """A group's value in the site's chart: a channel by its full name ('Live chat')."""
    if key == "channel" and value in CHANNEL_WORDS:
        return lang.gettext(CHANNEL_WORDS[value])
    return _said(value, key, lang)
