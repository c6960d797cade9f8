"""Service credits: the tier a period reached, and what each client is owed, exactly.

Pure: figures in, a decision out; nothing here opens a file or reads the clock.

The rules (every number from the SLA file's ``credits`` section, see
:mod:`generator.config.credits`):

- **Tier reached.** A tier applies when its figure is strictly *below* its threshold; of the
  tiers that apply, the one with the lowest threshold (the largest credit) is reached. The
  comparison is exact, on whole seconds and whole tickets, never on a rounded percentage:
  uptime is below T% when ``100 x (elapsed - downtime) < T x elapsed``, support attainment
  when ``100 x met < T x (met + breached)``. A period in which nothing was measured reaches
  no uptime tier; a client with no ticket met or breached reaches no support tier.
- **Credit.** The uptime and support credits (in percent of the client's fee for the
  period) are added, or only the larger one counts (``combine``), then capped at
  ``cap_percent``.
- **Money.** fee x percent / 100 in exact decimal arithmetic, then rounded once, half up,
  to the currency's smallest unit (``money_places``, 2: cents). 333.33 x 12.5% = 41.66625
  is 41.67; 0.125 at 2 places is 0.13.
- **Voids.** A credit is not owed when a void condition of the SLA holds for the client
  (``setup_without_specialist``: the client's setup was done without a specialist); the
  decision quotes the SLA's own words.
- **Running period.** No credit is owed before the period ends: the tier reached so far is
  shown, the amount is decided when the period closes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from generator.config.clients import Client
from generator.config.credits import SETUP_WITHOUT_SPECIALIST, CreditPolicy, CreditTier
from generator.model.client_report import CreditTierReached, CreditTiers

OWED, NONE, VOIDED, PENDING = "owed", "none", "voided", "pending"
HUNDRED = Decimal(100)


def number_text(value: Decimal) -> str:
    """A configured percentage as the SLA file writes it: 99.9, 10, 12.5."""
    return f"{value.normalize():f}"


def below(part: int, whole: int, threshold: Decimal) -> bool:
    """Whether 100 x part / whole < threshold, decided on integers (whole > 0)."""
    return HUNDRED * part < threshold * whole


def tier_reached(tiers: tuple[CreditTier, ...], part: int, whole: int) -> CreditTier | None:
    """The reached tier for the figure part / whole: the lowest threshold it is below."""
    if whole <= 0:
        return None
    reached = None
    for tier in tiers:  # highest threshold first
        if below(part, whole, tier.below_percent):
            reached = tier
    return reached


def uptime_tier(
    policy: CreditPolicy, downtime_seconds: int, elapsed_seconds: int, measured: bool
) -> CreditTier | None:
    """The uptime tier a period reached; None when nothing was measured or none applies."""
    if not measured:
        return None
    return tier_reached(policy.uptime_tiers, elapsed_seconds - downtime_seconds, elapsed_seconds)


def support_tier(policy: CreditPolicy, met: int, breached: int) -> CreditTier | None:
    """The support tier a client's attainment reached; None without counted tickets."""
    return tier_reached(policy.support_tiers, met, met + breached)


def money(amount: Decimal, places: int) -> Decimal:
    """``amount`` rounded half up to ``places`` decimals: the one rounding of a credit."""
    return amount.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def support_verdict(met: int, breached: int, objective: Decimal | None) -> str:
    """Support attainment against the SLA's optional objective, decided on whole tickets:
    met, missed, "no objective set", or "nothing counted" (no ticket met or breached)."""
    if objective is None:
        return "no objective set"
    if met + breached == 0:
        return "nothing counted"
    return "missed" if below(met, met + breached, objective) else "met"


@dataclass(frozen=True)
class Credit:
    """What one client is owed for one period, or why nothing is."""

    status: str  # owed | none | voided | pending
    uptime_tier: CreditTier | None
    support_tier: CreditTier | None
    percent: Decimal  # of the fee, after combining and the cap (0 when no tier)
    capped: bool
    amount: Decimal | None  # rounded money; None unless owed
    currency: str
    reason: str  # in words a client reads
    clause: str | None = None  # the SLA's words a voided credit rests on


def _voiding(policy: CreditPolicy, client: Client) -> str | None:
    for void in policy.voids:
        if void.when == SETUP_WITHOUT_SPECIALIST and not client.specialist_setup:
            return void.quote
    return None


def _tier_words(uptime: CreditTier | None, support: CreditTier | None) -> str:
    parts = []
    if uptime is not None:
        parts.append(
            f"uptime below {number_text(uptime.below_percent)}% gives "
            f"{number_text(uptime.credit_percent)}% of the fee"
        )
    if support is not None:
        parts.append(
            f"support attainment below {number_text(support.below_percent)}% gives "
            f"{number_text(support.credit_percent)}%"
        )
    return "; ".join(parts)


def assess_credit(
    policy: CreditPolicy,
    client: Client,
    *,
    downtime_seconds: int,
    elapsed_seconds: int,
    measured: bool,
    met: int,
    breached: int,
    closed: bool,
) -> Credit:
    """The credit ``client`` is owed for a period with these figures.

    ``downtime_seconds`` and ``elapsed_seconds`` are the service's counted downtime and the
    time measured against (the whole period once it has ended); ``met`` and ``breached`` are
    the client's own tickets; ``closed`` says the period has ended.
    """
    up = uptime_tier(policy, downtime_seconds, elapsed_seconds, measured)
    sup = support_tier(policy, met, breached)
    credits = [t.credit_percent for t in (up, sup) if t is not None]
    combined = (
        sum(credits, Decimal(0)) if policy.combine == "sum" else max(credits, default=Decimal(0))
    )
    percent = min(combined, policy.cap_percent)
    capped = combined > policy.cap_percent

    def decided(
        status: str, reason: str, amount: Decimal | None = None, clause: str | None = None
    ) -> Credit:
        return Credit(status, up, sup, percent, capped, amount, client.currency, reason, clause)

    if not credits:
        first = number_text(policy.uptime_tiers[0].below_percent)
        if not measured:
            why = "nothing was measured, so no uptime tier applies"
        else:
            why = f"uptime was not below {first}%"
        if policy.support_tiers:
            why += (
                f" and support attainment was not below "
                f"{number_text(policy.support_tiers[0].below_percent)}%"
                if met + breached
                else " and no request of the client's was counted"
            )
        so_far = " so far" if not closed else ""
        return decided(NONE, f"No credit{so_far}: {why}.")
    words = _tier_words(up, sup)
    cap = f", capped at {number_text(policy.cap_percent)}%" if capped else ""
    if not closed:
        return decided(
            PENDING,
            f"So far {words}{cap}: {number_text(percent)}%. The period is still running; "
            "a credit is decided when it ends.",
        )
    quote = _voiding(policy, client)
    if quote is not None:
        return decided(
            VOIDED,
            f"No credit is owed: {words}{cap}, but the setup was done without a "
            "specialist's involvement, and the SLA says so voids it.",
            clause=quote,
        )
    amount = money(client.fee * percent / HUNDRED, policy.money_places)
    return decided(
        OWED,
        f"{words[0].upper()}{words[1:]}{cap}: {number_text(percent)}% of {client.fee} "
        f"{client.currency}.",
        amount,
    )


def tier_reached_model(tier: CreditTier | None) -> CreditTierReached | None:
    """A tier as the report publishes it (numbers, not Decimals)."""
    if tier is None:
        return None
    return CreditTierReached(float(tier.below_percent), float(tier.credit_percent))


def published_tiers(
    policy: CreditPolicy, downtime_seconds: int, elapsed_seconds: int, measured: bool, closed: bool
) -> CreditTiers:
    """The credit tiers and the uptime tier the period reached, for the public report."""
    return CreditTiers(
        uptime_tiers=[
            CreditTierReached(float(t.below_percent), float(t.credit_percent))
            for t in policy.uptime_tiers
        ],
        support_tiers=[
            CreditTierReached(float(t.below_percent), float(t.credit_percent))
            for t in policy.support_tiers
        ],
        uptime_tier=tier_reached_model(
            uptime_tier(policy, downtime_seconds, elapsed_seconds, measured)
        ),
        final=closed,
    )
