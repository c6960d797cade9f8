"""Source formats: one module per format, one registry (see :mod:`generator.sources.base`)."""

from generator.sources import generic  # noqa: F401  (registers the formats)
from generator.sources.base import PROBE_FORMATS, TICKET_FORMATS

__all__ = ["PROBE_FORMATS", "TICKET_FORMATS"]
