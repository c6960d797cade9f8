"""Notifications in the SLA's language (issue 18): the same sequence as test_notify's, with
``language: uk`` in the SLA file, worded in Ukrainian for both audiences (times, durations
and plural forms by the language's rules), the company's own words kept as written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.notify.events import Event
from generator.notify.run import NotifyOptions, notify
from generator.site import load_site
from generator.store.probes import write_samples
from tests.test_i18n_charts import english_in
from tests.test_notify import INCIDENT_HEAD, MAINTENANCE, MIN, RESOLVED, SERVICES, T, checks

NNBSP = "\u202f"  # CLDR keeps "2026 р." together
DAY = f"1 серп. 2026{NNBSP}р."
STATUS = "Стан: https://status.example.com/"
MAINT = "Стан: https://status.example.com/maintenance/"
INCIDENT = "Стан: https://status.example.com/incidents/website-errors/"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    root.mkdir()
    shutil.copy(Path(__file__).resolve().parent.parent / "data" / "sla.yml", root / "sla.yml")
    with (root / "sla.yml").open("a", encoding="utf-8") as sla:
        sla.write("\nlanguage: uk\n")
    (root / "services.yml").write_text(SERVICES, encoding="utf-8")
    write_samples(load_site(root).data, checks())
    return root


def events(data: Path, minutes: int) -> list[Event]:
    # no channel URL is set: the events are worded and queued, and nothing is sent
    return list(notify(NotifyOptions(data, T + minutes * MIN, {}, sleep=lambda _s: None)).events)


def said(found: list[Event], audience: str = "public") -> list[tuple[str, str]]:
    return [(m.title, m.body) for e in found if (m := e.message(audience)) is not None]


def test_a_sequence_of_states_is_announced_in_ukrainian(data: Path) -> None:
    assert events(data, 30) == []  # the baseline

    (data / "maintenance").mkdir()
    (data / "maintenance" / "db-upgrade.md").write_text(MAINTENANCE, encoding="utf-8")
    (data / "incidents").mkdir()
    incident = INCIDENT_HEAD.format(resolved="") + "---\nErrors on the website.\n"
    (data / "incidents" / "website-errors.md").write_text(incident, encoding="utf-8")
    found = events(data, 50)
    assert said(found) == [
        (
            "Оголошено планові роботи: Database upgrade",
            f"{DAY} 13:00–14:00 UTC+03:00\nЗачіпає: Website.\n{MAINT}",
        ),
        (
            "Інцидент: Website errors",
            f"Розслідується ({DAY} 10:48 UTC+03:00): We are looking into errors.\n"
            f"Зачіпає: Website.\n{INCIDENT}",
        ),
        ("Website: Серйозний збій", f"Website: Серйозний збій з {DAY} 10:45 UTC+03:00.\n{STATUS}"),
    ]
    team = said(found, "internal")
    assert team[1][1].endswith(f"Вплив: значний\n{INCIDENT}")
    assert team[2][1] == (
        f"Website: Серйозний збій з {DAY} 10:45 UTC+03:00.\n"
        f"Монітори: Website check (web-check)\n{STATUS}"
    )

    resolved = INCIDENT_HEAD.format(resolved="resolved: 2026-08-01T11:20:00+03:00\n")
    (data / "incidents" / "website-errors.md").write_text(
        resolved + RESOLVED + "---\nErrors on the website.\n", encoding="utf-8"
    )
    found = events(data, 80)
    assert said(found) == [
        ("Усунено: Website errors", f"Усунено ({DAY} 11:20 UTC+03:00): All fine.\n{INCIDENT}"),
        (
            "Website: Працює",
            f"Website знову працює: серйозний збій тривав з {DAY} 10:45 UTC+03:00.\n{STATUS}",
        ),
    ]

    # 13:05: the window has begun; 14:05: it ended with 10 minutes down against 10 s allowed
    assert said(events(data, 185))[0][0] == "Планові роботи розпочато: Database upgrade"
    ended = said(events(data, 245))
    assert ended == [
        (
            "Планові роботи завершено: Database upgrade",
            f"Завершено {DAY} 14:00 UTC+03:00.\n"
            "Простій перевищив зобов’язання: виміряно 10 хв, дозволено 10 с.\n"
            f"Зачіпає: Website.\n{MAINT}",
        )
    ]
    for title, body in said(found) + ended:
        for line in (title, *body.split("\n")):
            assert english_in(line, "uk") == [], line
