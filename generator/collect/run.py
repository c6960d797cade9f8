"""Run every configured source: fetch, write, save the cursor; one failure loses no other.

Each source is fetched in full and normalised before anything of it is written, so a bad
page writes nothing of that source; its records are written before its cursor is saved,
so a crash between the two only means the next run fetches the span again. Whatever goes
wrong with one source (its cursor file, its server, its records) is one line in the report,
and the next source is still fetched.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import requests

from generator.collect import (
    betterstack,
    freshdesk,
    intercom,
    pingdom,
    prometheus,
    uptime_kuma,
    uptimerobot,
    zendesk,
)
from generator.collect.base import CollectContext, Collector
from generator.collect.deadline import mount
from generator.collect.http import Clock, RetryPolicy, Sleep, SourceClient
from generator.collect.state import CursorSpec, load_state, save_state
from generator.config.sources import SourceConfig, load_sources
from generator.errors import GeneratorError
from generator.site import Site
from generator.store.probes import write_intervals, write_samples
from generator.store.tickets import write_tickets

log = logging.getLogger(__name__)

# each collector, and the keys its cursor file must hold
COLLECTORS: dict[str, tuple[Collector, CursorSpec]] = {
    "uptimerobot": (uptimerobot.collect_uptimerobot, uptimerobot.CURSOR),
    "prometheus": (prometheus.collect_prometheus, prometheus.CURSOR),
    "pingdom": (pingdom.collect_pingdom, pingdom.CURSOR),
    "betterstack": (betterstack.collect_betterstack, betterstack.CURSOR),
    "uptime-kuma": (uptime_kuma.collect_uptime_kuma, uptime_kuma.CURSOR),
    "zendesk": (zendesk.collect_zendesk, zendesk.CURSOR),
    "freshdesk": (freshdesk.collect_freshdesk, freshdesk.CURSOR),
    "intercom": (intercom.collect_intercom, intercom.CURSOR),
}


@dataclass(frozen=True)
class SourceOutcome:
    id: str
    type: str
    ok: bool
    message: str

    def line(self) -> str:
        """'zendesk: 12 tickets ...', or 'helpdesk (zendesk): ...' when the id is not the type."""
        name = self.id if self.id == self.type else f"{self.id} ({self.type})"
        return f"{name}: {self.message}"


@dataclass
class CollectReport:
    outcomes: list[SourceOutcome] = field(default_factory=list)

    @property
    def failed(self) -> list[SourceOutcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def ok(self) -> bool:
        return not self.failed


def select_sources(site: Site, wanted: tuple[str, ...]) -> list[SourceConfig]:
    sources = load_sources(site.data.sla_file, site.data.services_file, site.services)
    if wanted:
        known = {s.id: s for s in sources}
        missing = [w for w in wanted if w not in known]
        if missing:
            raise GeneratorError(
                f"no source {', '.join(map(repr, missing))} in services.yml or sla.yml "
                f"(configured: {', '.join(sorted(known)) or 'none'})"
            )
        return [known[w] for w in wanted]
    return [s for s in sources if s.collectable]


def collect_sources(
    site: Site,
    sources: list[SourceConfig],
    *,
    session_factory: Callable[[], requests.Session] = requests.Session,
    sleep: Sleep = time.sleep,
    clock: Clock = time.time,
    policy: RetryPolicy | None = None,
) -> CollectReport:
    report = CollectReport()
    for source in sources:
        if not source.collectable:
            missing = source.missing_for_collect()
            fetch = (
                f"collect needs its {missing} to fetch it"
                if missing
                else f"statusgen collect cannot fetch {source.type}"
            )
            report.outcomes.append(
                SourceOutcome(
                    source.id,
                    source.type,
                    False,
                    f"{fetch}; import its export files "
                    f"with statusgen import {source.kind} FILE --format {source.type}",
                )
            )
            continue
        session = mount(session_factory())  # connections a request's deadline can cut off
        session.headers["User-Agent"] = "statusgen-collect"
        client = SourceClient(source, session, sleep=sleep, clock=clock, policy=policy)
        try:
            message = _collect_one(site, source, client, int(clock()))
            report.outcomes.append(SourceOutcome(source.id, source.type, True, message))
        except GeneratorError as exc:
            report.outcomes.append(
                SourceOutcome(source.id, source.type, False, client.fail(str(exc)).message)
            )
        except (OSError, ValueError, TypeError, KeyError, AttributeError, RecursionError) as exc:
            # a fault no check foresaw: this source fails on one line, the next still runs
            log.debug("%s: unexpected error", source.id, exc_info=True)
            report.outcomes.append(
                SourceOutcome(
                    source.id,
                    source.type,
                    False,
                    client.fail(f"unexpected {type(exc).__name__}: {exc}").message,
                )
            )
        finally:
            session.close()
    return report


def _collect_one(site: Site, source: SourceConfig, client: SourceClient, now: int) -> str:
    collector, cursor = COLLECTORS[source.type]
    state = load_state(site.data, source.id, cursor)
    ctx = CollectContext(site=site, source=source, client=client, state=state, now=now)
    fetched = collector(ctx)
    if source.kind == "probes":
        samples = write_samples(site.data, fetched.probes.samples)
        intervals = write_intervals(site.data, fetched.probes.intervals)
        written = (
            f"samples {samples.added} added, {samples.updated} updated, "
            f"{samples.unchanged} already stored; intervals {intervals.added} added, "
            f"{intervals.updated} updated, {intervals.unchanged} already stored"
        )
    else:
        tickets = write_tickets(site.data, fetched.tickets.tickets)
        written = (
            f"tickets {tickets.added} added, {tickets.updated} updated, "
            f"{tickets.unchanged} already stored"
        )
    save_state(site.data, source.id, fetched.state)
    calls = "request" if client.requests == 1 else "requests"
    return f"{client.requests} {calls}; {written}"
