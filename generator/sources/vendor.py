"""What the vendor formats share: reading their JSON, their timestamps, and mapping their
monitors, priorities and channels onto ours.

Vendor files carry no line numbers that mean anything to a user (an API response is one
line), so errors name the JSON path of the bad value instead: ``monitors[2].logs[0].type``.
"""

from __future__ import annotations

import json
import logging
import math
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from generator.config.schema import IMPACTS
from generator.config.sources import SourceConfig, load_sources, source_for_format
from generator.config.support import Mappings, normal_name, support_policy
from generator.errors import RecordError
from generator.sources.base import SourceContext, check_monitor_location, default_location
from generator.store.fields import FieldError
from generator.timeutil import TimeFormatError, parse_instant

log = logging.getLogger(__name__)

# Unix times before 2000 or after 2100 are a unit mix-up (milliseconds) or garbage.
_EPOCH_LO, _EPOCH_HI = 946_684_800, 4_102_444_800


class VendorError(RecordError):
    """A vendor file or API response that does not have the documented shape."""


def load_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise VendorError("not UTF-8 text", file=path) from None
    except OSError as exc:
        raise VendorError(f"cannot be read: {exc.strerror or exc}", file=path) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise VendorError(f"not valid JSON: {exc.msg}", file=path, line=exc.lineno) from None
    except RecursionError:
        raise VendorError("not valid JSON: nested too deeply", file=path) from None
    except ValueError:  # an integer of more than 4,300 digits, Python's limit
        raise VendorError("not valid JSON: a number has too many digits", file=path) from None


def obj(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise FieldError(where, f"expected a JSON object, found {_kind(value)}")
    return value


def array(value: Any, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise FieldError(where, f"expected a JSON array, found {_kind(value)}")
    return value


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    return {dict: "an object", list: "an array", str: "text", bool: "true/false"}.get(
        type(value), "a number"
    )


def epoch(value: Any, where: str) -> int:
    """Unix seconds (an integer, a float, or digits as text)."""
    if isinstance(value, bool) or value is None:
        raise FieldError(where, f"{value!r} is not a Unix time in seconds")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise FieldError(where, f"{value!r} is not a Unix time in seconds") from None
    if not math.isfinite(number) or not _EPOCH_LO <= number < _EPOCH_HI:
        raise FieldError(where, f"{value!r} is not a Unix time in seconds (2000-2100)")
    return int(number // 1)


def iso(value: Any, where: str, *, optional: bool = False) -> int | None:
    if value is None or value == "":
        if optional:
            return None
        raise FieldError(where, "is required")
    if not isinstance(value, str):
        raise FieldError(where, f"{value!r} is not an ISO 8601 timestamp")
    try:
        return parse_instant(value)
    except TimeFormatError as exc:
        raise FieldError(where, str(exc)) from None


def seconds(value: Any, where: str) -> float:
    if isinstance(value, bool) or value is None:
        raise FieldError(where, f"{value!r} is not a number of seconds")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise FieldError(where, f"{value!r} is not a number of seconds") from None
    if not math.isfinite(number) or number < 0:
        raise FieldError(where, f"{value!r} is not a number of seconds >= 0")
    return number


def configured_source(context: SourceContext, fmt: str) -> SourceConfig | None:
    """The source configured for this format: the collector's, or the first of its type."""
    if context.source is not None:
        return context.source
    sla_file, services_file = Path(context.sla.file), Path(context.services.file)
    if not (sla_file.is_file() and services_file.is_file()):
        return None
    return source_for_format(load_sources(sla_file, services_file, context.services), fmt)


class MonitorMap:
    """Vendor monitors -> our monitors and locations, counting what it had to skip.

    A vendor account usually watches more than the SLA covers, so an unmapped vendor monitor
    is skipped, never an error, but never silently either: :meth:`warn` logs every one.
    """

    def __init__(self, context: SourceContext, fmt: str, path: Path) -> None:
        self.context = context
        self.fmt = fmt
        self.path = path
        self.source = configured_source(context, fmt)
        self.skipped: Counter[str] = Counter()

    def monitor(self, *keys: object, label: str) -> str | None:
        """Our monitor id for the vendor monitor known by ``keys`` (id first, then name)."""
        if self.context.monitor:
            return self.context.monitor
        if self.source is not None:
            found = self.source.resolve_monitor(*keys)
            if found:
                return found
        for key in keys:
            if key is not None and str(key).strip() in self.context.services.monitors:
                return str(key).strip()
        self.skipped[label] += 1
        return None

    def location(self, monitor: str, where: str, given: str = "") -> str:
        """The location to store under: ``given``, the source's, or the monitor's only one."""
        if not given and self.source is not None and self.source.location:
            given = self.source.location
        try:
            location = default_location(self.context, monitor, given)
            check_monitor_location(self.context, monitor, location)
        except FieldError as exc:
            hint = "; set location: on the source in services.yml" if not given else ""
            raise VendorError(
                f"{exc.field} {exc.message}{hint}", file=self.path, field=where
            ) from None
        return location

    def warn(self) -> None:
        if not self.skipped:
            return
        names = ", ".join(f"{name!r} ({count})" for name, count in sorted(self.skipped.items()))
        where = f"sources[].monitors of the {self.fmt} source in services.yml"
        log.warning(
            "%s: skipped records of %d %s monitor(s) that map to no monitor: %s; map them in %s",
            self.path,
            len(self.skipped),
            self.fmt,
            names,
            where,
        )


class TicketMapping:
    """The SLA file's ``support.mappings`` (read once, by :mod:`generator.config.support`),
    applied the way vendor exports need: several candidate names, tags before priority."""

    def __init__(self, context: SourceContext) -> None:
        policy = support_policy(context.sla)
        self.mappings = policy.mappings if policy else Mappings({}, {})

    def channel(self, *names: str | None) -> str:
        """The first of ``names`` that is mapped or already ours; ``other`` if none is."""
        for name in names:
            if name and (channel := self.mappings.channel(name)):
                return channel
        return "other"

    def impact(self, priority: str | None, tags: Iterable[str], where: str) -> str:
        """Feature-request tags win over priority; an unmapped priority is an error."""
        if self.mappings.is_feature_request(tags):
            return "feature"
        key = normal_name(priority) if priority else "none"
        impact = self.mappings.impact(key)
        if impact:
            return impact
        known = ", ".join(sorted(set(self.mappings.impacts) | set(IMPACTS)))
        if key == "none":
            raise FieldError(
                where,
                "the ticket has no priority; map it with 'none: <impact>' under "
                f"support.mappings.impacts in the SLA file (mapped: {known})",
            )
        raise FieldError(
            where,
            f"priority {priority!r} maps to no impact; add it to support.mappings.impacts "
            f"in the SLA file (mapped: {known})",
        )


def field_error(path: Path | str, exc: FieldError) -> VendorError:
    return VendorError(exc.message, file=path, field=exc.field)
