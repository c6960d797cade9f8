"""A language keeps each figure it has written (generator/i18n.py): the same value asked
again is the same text, and a value asked with other places, another type or in another
language is written for what it is."""

from __future__ import annotations

from datetime import date

import pytest

from generator import i18n
from generator.i18n import language


def test_a_figure_asked_again_reads_the_same() -> None:
    en = language("en")
    assert [en.pct(99.999), en.pct(99.999)] == ["99.99%", "99.99%"]
    assert en.pct(99.999, 3) == "99.999%"
    assert en.pct(99.5, 2, strip=True) == "99.5%"
    assert en.pct(99.5) == "99.50%"
    assert [en.pct(100), en.pct(100.0)] == ["100%", "100%"]
    assert en.pct(None) == "no data"
    assert [en.duration(3900), en.duration(3900)] == ["1 h 05 min", "1 h 05 min"]
    assert en.day(date(2026, 8, 12)) == "12 Aug 2026"
    assert en.number(64.5) == "64.5"


def test_each_language_writes_its_own() -> None:
    assert language("en").pct(99.95) == "99.95%"
    assert language("de").pct(99.95) == "99,95\u00a0%"
    assert language("uk").pct(99.95) == "99,95%"
    assert language("de").duration(3900) == "1 Std. 5 Min."
    assert language("de").day(date(2026, 8, 12)) == "12. Aug. 2026"
    assert language("de").pct(None) == "keine Daten"


def test_the_kept_figures_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n, "MEMO_LIMIT", 10)
    en = language("en")
    written = [en.duration(60 * n) for n in range(1, 26)]
    assert written[0] == "1 min" and written[24] == "25 min"
    assert len(en._written) <= 10
    assert en.duration(60) == "1 min"
