"""Closed periods' support figures kept between builds (generator/reporting/kept_support.py):
used while every ticket of the period and the support terms are unchanged, worked out
again when any of them changes, and always the figures a cold run gives."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import generator.reporting.period as period_module
import generator.reporting.settled as settled_module
from generator.commands.report import ReportOptions, make_report
from generator.store.layout import DataDir
from generator.store.probes import month_of
from generator.store.tickets import load_tickets, write_tickets
from tests.conftest import DEMO_UNTIL
from tests.contracts import write_clients

QUARTER = "2026-08"  # Aug-Oct 2026, closed as of DEMO_UNTIL


def report(data: Path, audience: str = "public", **options: Any) -> Any:
    asked = ReportOptions(
        data_root=data, period=QUARTER, as_of=DEMO_UNTIL, audience=audience, **options
    )
    return json.loads(make_report(asked))


def cold(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, **options: Any) -> Any:
    """The report with nothing kept: a new, empty cache directory."""
    with monkeypatch.context() as patch:
        patch.setenv("STATUSGEN_CACHE_DIR", str(tmp_path / f"cold-{len(list(tmp_path.iterdir()))}"))
        return report(data, **options)


def fails(*args: object, **kwargs: object) -> Any:
    raise AssertionError("worked out again")


def test_a_closed_periods_support_figures_are_kept_until_a_ticket_of_it_changes(
    demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = report(demo_copy)
    assert first["support"]["tickets"] > 0
    internal = report(demo_copy, "internal")
    kept = sorted(p.name for p in (tmp_path / "cache" / "data" / "support").iterdir())
    assert [name.rsplit("-", 1)[0] for name in kept] == [
        f"{QUARTER}-internal",
        f"{QUARTER}-moments",
        f"{QUARTER}-public",
    ]

    with monkeypatch.context() as patch:
        patch.setattr(period_module, "support_section", fails)
        patch.setattr(settled_module, "_answer_moments", fails)
        # kept: the same figures, and the same stamp, without working anything out
        assert report(demo_copy) == first
        assert report(demo_copy, "internal") == internal
        # a ticket of the quarter answered again, later: its tickets changed
        quarter = [
            t
            for t in load_tickets(DataDir(demo_copy))
            if "2026-08" <= month_of(t.created_at) < "2026-11"
        ]
        answered = next(t for t in quarter if t.first_response_at is not None)
        assert answered.first_response_at is not None
        later = replace(answered, first_response_at=answered.first_response_at + 86400)
        write_tickets(DataDir(demo_copy), [later])
        with pytest.raises(AssertionError, match="worked out again"):
            report(demo_copy)
    changed = report(demo_copy)
    assert changed != first
    assert changed == cold(demo_copy, tmp_path, monkeypatch)
    assert report(demo_copy, "internal") == cold(
        demo_copy, tmp_path, monkeypatch, audience="internal"
    )


def test_other_support_terms_work_the_figures_out_again(
    demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = report(demo_copy)
    sla = demo_copy / "sla.yml"
    text = sla.read_text()
    assert "medium: {within: 5h, clock: business" in text
    sla.write_text(
        text.replace("medium: {within: 5h, clock: business", "medium: {within: 1h, clock: business")
    )
    changed = report(demo_copy)
    assert changed["support"] != first["support"]
    assert changed == cold(demo_copy, tmp_path, monkeypatch)


def test_client_editions_keep_their_own_figures(
    demo_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each contract is terms of its own, each client's tickets its own: one client's kept
    figures are never another's."""
    more = "  - {id: org-4301, fee: 99, currency: EUR, specialist_setup: true}\n"
    clients = write_clients(tmp_path, more)
    ids = ["org-4202", "org-4302", "org-4103", "org-4301"]
    site = report(demo_copy)
    editions = {c: report(demo_copy, client=c, clients=clients) for c in ids}
    table = report(demo_copy, "internal", clients=clients)
    for _ in range(2):  # the second time, from what the first kept
        for client in ids:
            assert report(demo_copy, client=client, clients=clients) == editions[client]
        assert report(demo_copy, "internal", clients=clients) == table
    assert editions["org-4103"]["support"] != editions["org-4301"]["support"]
    # the clients on the site's terms kept their own moments, beside the site's
    with monkeypatch.context() as patch:
        patch.setattr(period_module, "support_section", fails)
        patch.setattr(settled_module, "_answer_moments", fails)
        assert report(demo_copy) == site
    for client in ids:
        assert editions[client] == cold(
            demo_copy, tmp_path, monkeypatch, client=client, clients=clients
        )
