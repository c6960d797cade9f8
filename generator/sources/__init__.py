"""Source formats: one module per format, one registry (see :mod:`generator.sources.base`)."""

# Importing a format module registers its formats.
from generator.sources import (  # noqa: F401
    betterstack,
    freshdesk,
    generic,
    generic_tickets,
    intercom,
    pingdom,
    prometheus,
    uptime_kuma,
    uptimerobot,
    zendesk,
)
from generator.sources.base import PROBE_FORMATS, TICKET_FORMATS

__all__ = ["PROBE_FORMATS", "TICKET_FORMATS"]
