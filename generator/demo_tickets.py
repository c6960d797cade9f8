"""Demo support tickets (filled in by the support-SLA work)."""

from __future__ import annotations

from generator.site import Site


def generate_demo_tickets(site: Site, lo: int, until: int, seed: int) -> str:
    return "no demo tickets yet"
