"""JSON Schemas of the SLA file, the services file and the record files.

These schemas validate the files (with line numbers, see :mod:`generator.config.validate`)
and are the single source of the configuration reference in the docs, so the reference
cannot drift from what is accepted. Every property carries a ``description``, and a default
is declared only here: loaders read it with :func:`default_of` (or :func:`defaults_of`).

The schemas live in one module per file they describe (:mod:`~generator.config.schema_sla`,
:mod:`~generator.config.schema_services`, :mod:`~generator.config.schema_records`), built
from the shared types of :mod:`~generator.config.schema_common`; this module gathers them
so that every caller imports from one place.
"""

from __future__ import annotations

from generator.config.schema_common import (
    CHANNELS,
    DATE,
    DURATION,
    HOURS,
    ID,
    IMPACTS,
    PROBE_SOURCE_TYPES,
    TEXT,
    TICKET_SOURCE_TYPES,
    TIMESTAMP,
    TIMEZONE,
    default_of,
    defaults_of,
)
from generator.config.schema_records import INCIDENT_SCHEMA, MAINTENANCE_SCHEMA
from generator.config.schema_services import CHECK, MONITOR, SERVICES_SCHEMA
from generator.config.schema_sla import EMAIL_TARGET, SLA_SCHEMA

__all__ = [
    "CHANNELS",
    "CHECK",
    "DATE",
    "DURATION",
    "EMAIL_TARGET",
    "HOURS",
    "ID",
    "IMPACTS",
    "INCIDENT_SCHEMA",
    "MAINTENANCE_SCHEMA",
    "MONITOR",
    "PROBE_SOURCE_TYPES",
    "SERVICES_SCHEMA",
    "SLA_SCHEMA",
    "TEXT",
    "TICKET_SOURCE_TYPES",
    "TIMESTAMP",
    "TIMEZONE",
    "default_of",
    "defaults_of",
]
