"""statusgen collect: fetch new records from every configured source's HTTP API."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests

from generator.collect.http import RetryPolicy
from generator.collect.run import CollectReport, collect_sources, select_sources
from generator.site import load_site


@dataclass(frozen=True)
class CollectOptions:
    data_root: Path
    sources: tuple[str, ...] = ()  # source ids; empty: every source collect can fetch
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.time
    session_factory: Callable[[], requests.Session] = requests.Session
    policy: RetryPolicy | None = None


def collect(options: CollectOptions) -> CollectReport:
    site = load_site(options.data_root)
    sources = select_sources(site, options.sources)
    return collect_sources(
        site,
        sources,
        session_factory=options.session_factory,
        sleep=options.sleep,
        clock=options.clock,
        policy=options.policy,
    )
