"""Closed periods' support figures, kept between builds.

A closed period's support section, and the moments at which its tickets change its report
(:mod:`generator.reporting.settled`), are worked out from every ticket created in the
period: its deadline on the business clock, its time to a first response. With a support
desk's history (100,000 tickets a year, say) that was most of every scheduled build,
though a closed period's tickets seldom change. Both are kept under
``<cache root>/support/``, each keyed by everything it is worked out from:

- every field of every ticket created in the period: one answered, corrected or imported
  again with another value since is another key;
- the support terms: the SLA's ``support`` and ``calendars`` sections and its time zone (a
  client's contract is terms of its own), and the release of the public holidays' data;
- the period; for a section also the as-of time it is known at (a closed period's stamp)
  and the audience (the internal one lists breaches by ticket);
- statusgen's code (:func:`generator.reporting.kept.code_digest`).

One entry per period, kind and terms (and for moments, per client edition: a client's
own tickets), replaced when its key changes, so the directory does not grow with builds.
A section is kept only for a period with tickets: an edition given none (a client's
public base) would otherwise replace the site's entry, and is quick to work out. A
client's own section is worked out by its edition (generator/reporting/client.py) from
its few tickets, not kept. Never required: a missing, unreadable or foreign entry is worked out
again; one that cannot be written is only not kept. Only for a period that has ended: the
running one's figures change as time passes.
"""

from __future__ import annotations

import hashlib
import json
import logging
import operator
from collections.abc import Callable, Sequence
from functools import cache as memo
from importlib.metadata import version
from pathlib import Path
from typing import Any

from generator import __version__
from generator.atomic import write_atomic
from generator.compute.periods import Period
from generator.config.sla import Sla
from generator.model.report import to_plain
from generator.model.support_report import InternalSupportSection, SupportSection
from generator.reporting.kept import code_digest, decode
from generator.store.cache import cache_root, digest_of
from generator.store.tickets import TICKET_FIELDS, Ticket

log = logging.getLogger(__name__)

FORMAT = 1  # bump when an entry's shape or the key's inputs change

# every field of a ticket
_FIELDS = operator.attrgetter(*TICKET_FIELDS)


def ticket_moments(
    sla: Sla,
    data_root: Path,
    period: Period,
    client: str,
    tickets: Sequence[Ticket],
    work_out: Callable[[list[Ticket]], list[int]],
) -> list[int]:
    """The moments the tickets created in ended ``period`` change its report at, as
    ``work_out`` gives them from those tickets, or as kept from a build before. ``client``
    names whose tickets they are ("": the site's, all of them), so each edition keeps its
    own: a client on the site's terms would otherwise replace the site's entry."""
    mine, digest = _created_in(tickets, period)
    whose = f"moments-{digest_of(client.encode('utf-8'))[:12]}" if client else "moments"
    slot = _Slot(sla, data_root, period, whose, digest)
    kept = slot.load()
    if isinstance(kept, list) and all(isinstance(m, int) for m in kept):
        return kept
    moments = work_out(mine)
    slot.keep(moments)
    return moments


def support_section(
    sla: Sla,
    data_root: Path,
    period: Period,
    as_of: int,
    internal: bool,
    tickets: Sequence[Ticket],
    work_out: Callable[[list[Ticket]], SupportSection],
) -> SupportSection:
    """The support section of ended ``period`` as known at ``as_of``, as ``work_out``
    gives it from the tickets created in the period, or as kept from a build before."""
    mine, digest = _created_in(tickets, period)
    if not mine:
        # quick to work out, and what an edition without the site's tickets asks for (a
        # client's public base): kept, it would replace the site's entry
        return work_out(mine)
    audience = "internal" if internal else "public"
    slot = _Slot(sla, data_root, period, audience, digest, as_of=as_of)
    kept = slot.load()
    if kept is not None:
        try:
            return _section(kept, internal)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:
            log.debug("%s: kept support section not used: %s", period.id, exc)
    section = work_out(mine)
    # as read back: a build that works it out and one that finds it kept then pass the
    # same values in the same form on (the charts are kept by their inputs' pickled bytes,
    # where two equal strings and one string used twice differ)
    return _section(slot.keep(to_plain(section)), internal)


def _section(plain: Any, internal: bool) -> SupportSection:
    # the internal audience's section lists the breaches too
    section = decode(InternalSupportSection if internal else SupportSection, plain)
    if not isinstance(section, SupportSection):
        raise TypeError(f"not a support section: {type(section).__name__}")
    return section


# The tickets created in a period and their digest, by the ticket list and the period: a
# build asks for each closed period's twice (its stamp, its section), of the same list.
# Two lists are held (the site's, a client edition's own), so an id is never reused; not
# more, as a long-running process (serve) would keep old builds' tickets in memory.
_seen: dict[int, tuple[Sequence[Ticket], dict[tuple[int, int], tuple[list[Ticket], str]]]] = {}
_SEEN_LISTS = 2


def _created_in(tickets: Sequence[Ticket], period: Period) -> tuple[list[Ticket], str]:
    held = _seen.get(id(tickets))
    if held is None or held[0] is not tickets:
        if len(_seen) >= _SEEN_LISTS:
            _seen.clear()
        held = _seen[id(tickets)] = (tickets, {})
    bounds = (period.start, period.end)
    found = held[1].get(bounds)
    if found is None:
        mine = [t for t in tickets if period.start <= t.created_at < period.end]
        text = json.dumps([_FIELDS(t) for t in mine], separators=(",", ":"))
        found = held[1][bounds] = (mine, digest_of(text.encode("utf-8")))
    return found


class _Slot:
    """One kept entry: its file (by period, kind and terms) and the key it must match."""

    def __init__(
        self,
        sla: Sla,
        data_root: Path,
        period: Period,
        kind: str,
        tickets: str,
        as_of: int | None = None,
    ) -> None:
        terms = _terms(sla)
        self.path = cache_root(data_root) / "support" / f"{period.id}-{kind}-{terms[:16]}.json"
        inputs = {
            "format": FORMAT,
            "version": __version__,
            "code": code_digest(),
            "holidays": _holidays_release(),
            "terms": terms,
            "period": [period.id, period.start, period.end],
            "kind": kind,
            "as_of": as_of,
            "tickets": tickets,
        }
        self.key = hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()

    def load(self) -> Any:
        try:
            entry = json.loads(self.path.read_bytes())
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or entry.get("key") != self.key:
            return None
        return entry.get("value")

    def keep(self, value: Any) -> Any:
        """Keep ``value`` (plain JSON values); returns it as :meth:`load` reads it back."""
        content = json.dumps({"key": self.key, "value": value}, separators=(",", ":"))
        try:
            write_atomic(self.path, content.encode("utf-8"))
        except OSError as exc:
            log.debug("%s: not kept: %s", self.path, exc)
        return json.loads(content)["value"]


def _terms(sla: Sla) -> str:
    """The digest of what a support policy is read from (see the module's docstring)."""
    derived = sla.derived
    if "support terms" not in derived:
        terms = [sla.support, sla.calendars, sla.timezone_name]
        text = json.dumps(terms, sort_keys=True, default=str)
        derived["support terms"] = hashlib.sha256(text.encode("utf-8")).hexdigest()
    terms_digest: str = derived["support terms"]
    return terms_digest


@memo
def _holidays_release() -> str:
    """The public holidays' data a calendar naming a country is closed on."""
    return version("holidays")
