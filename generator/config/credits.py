"""Service credits: the SLA file's optional ``credits`` section, as typed objects.

The schema (:data:`generator.config.schema_sla.CREDITS`) checks the shape; this module checks
what a schema cannot: that a lower threshold gives a larger credit (so "the tier reached" is
one tier), that a threshold is not given twice, and that every void quotes the SLA's own
words verbatim from ``terms.exceptions``. Errors name the SLA file, line and key.

Percentages are kept as :class:`~decimal.Decimal` made from the number as the file writes it,
so ``99.9`` is exactly 99.9 and every comparison and every amount is exact.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from generator.config.schema import SLA_SCHEMA, default_of
from generator.config.sla import Sla
from generator.config.yamlfile import Path_, dotted
from generator.errors import ConfigError

SETUP_WITHOUT_SPECIALIST = "setup_without_specialist"


@dataclass(frozen=True)
class CreditTier:
    below_percent: Decimal  # the figure is strictly below this
    credit_percent: Decimal  # of the client's fee for the period


@dataclass(frozen=True)
class CreditVoid:
    when: str  # setup_without_specialist
    quote: str  # the SLA's own words, verbatim from terms.exceptions


@dataclass(frozen=True)
class CreditPolicy:
    file: str
    uptime_tiers: tuple[CreditTier, ...]  # highest threshold first
    support_tiers: tuple[CreditTier, ...]  # highest threshold first; () when none
    combine: str  # sum | highest
    cap_percent: Decimal
    money_places: int
    voids: tuple[CreditVoid, ...] = ()
    description: str = ""
    publish_tiers: bool = False  # the tiers and the tier reached in the public report


def _error(sla: Sla, path: Path_, message: str) -> ConfigError:
    if sla.document is not None:
        return sla.document.error(path, message)
    return ConfigError(message, file=sla.file, field=dotted(path) or None)


def _decimal(value: Any) -> Decimal:
    # str() of the YAML number: 99.9 stays 99.9, never its binary neighbour
    return Decimal(str(value))


def _tiers(sla: Sla, key: str, raw: list[dict[str, Any]]) -> tuple[CreditTier, ...]:
    tiers = [
        (index, CreditTier(_decimal(t["below_percent"]), _decimal(t["credit_percent"])))
        for index, t in enumerate(raw)
    ]
    ordered = sorted(tiers, key=lambda item: item[1].below_percent, reverse=True)
    for (_, higher), (index, lower) in itertools.pairwise(ordered):
        path = ("credits", key, index, "below_percent")
        if lower.below_percent == higher.below_percent:
            raise _error(sla, path, f"{lower.below_percent} is given twice")
        if lower.credit_percent <= higher.credit_percent:
            raise _error(
                sla,
                ("credits", key, index, "credit_percent"),
                f"below {lower.below_percent}% must give more than the "
                f"{higher.credit_percent}% given below {higher.below_percent}%",
            )
    return tuple(tier for _, tier in ordered)


def credit_policy(sla: Sla) -> CreditPolicy | None:
    """The SLA file's credit terms, or None when it promises no credits."""
    raw = sla.credits
    if raw is None:
        return None
    voids = []
    for index, void in enumerate(raw.get("voids", ())):
        quote = " ".join(void["quote"].split())
        if not any(quote in " ".join(text.split()) for text in sla.terms.exceptions):
            raise _error(
                sla,
                ("credits", "voids", index, "quote"),
                "is not the SLA's own words: quote it verbatim from terms.exceptions",
            )
        voids.append(CreditVoid(void["when"], quote))
    return CreditPolicy(
        file=sla.file,
        uptime_tiers=_tiers(sla, "uptime_tiers", raw["uptime_tiers"]),
        support_tiers=_tiers(sla, "support_tiers", raw.get("support_tiers", [])),
        combine=raw.get("combine", default_of(SLA_SCHEMA, "credits", "combine")),
        cap_percent=_decimal(
            raw.get("cap_percent", default_of(SLA_SCHEMA, "credits", "cap_percent"))
        ),
        money_places=int(
            raw.get("money_places", default_of(SLA_SCHEMA, "credits", "money_places"))
        ),
        voids=tuple(voids),
        description=raw.get("description", ""),
        publish_tiers=bool(
            raw.get("publish_tiers", default_of(SLA_SCHEMA, "credits", "publish_tiers"))
        ),
    )
