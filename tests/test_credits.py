"""Service credits: the SLA file's credit terms, the clients file, and the credit each
client is owed, with every figure worked by hand.

The period in these tests is Aug-Oct 2026: 92 days = 7,948,800 s. The reference objective
99.9% allows 7,948.8 s of downtime in it.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from generator.compute.credits import (
    NONE,
    OWED,
    PENDING,
    VOIDED,
    assess_credit,
    money,
    support_verdict,
    uptime_tier,
)
from generator.config.clients import Client, clients_file, load_clients
from generator.config.credits import CreditPolicy, CreditTier, credit_policy
from generator.config.sla import load_sla
from generator.errors import ConfigError

REPO = Path(__file__).resolve().parent.parent
PERIOD = 92 * 86400  # Aug-Oct 2026
SPECIALIST_CLAUSE = (
    "Lumentrack may not be liable for the payment reimbursement for service impact in cases "
    "where the service setup was done without Lumentrack Specialist involvement."
)
CREDITS = """
credits:
  uptime_tiers:
    - {below_percent: 99.9, credit_percent: 10}
    - {below_percent: 95.0, credit_percent: 50}
    - {below_percent: 99.0, credit_percent: 25}
  support_tiers:
    - {below_percent: 90, credit_percent: 2.5}
  cap_percent: 30
  voids:
    - when: setup_without_specialist
      quote: >-
        Lumentrack may not be liable for the payment reimbursement for service impact in
        cases where the service setup was done without Lumentrack Specialist involvement.
"""
# another contract: stricter uptime tiers, more generous credits, its own email targets
CONTRACT_CREDITS = """
credits:
  uptime_tiers:
    - {below_percent: 99.95, credit_percent: 5}
    - {below_percent: 99.9, credit_percent: 15}
    - {below_percent: 99.85, credit_percent: 30}
"""


def sla_file(tmp_path: Path, extra: str = CREDITS, name: str = "sla.yml") -> Path:
    path = tmp_path / name
    path.write_text((REPO / "data" / "sla.yml").read_text(encoding="utf-8") + extra)
    return path


def policy_of(path: Path) -> CreditPolicy:
    policy = credit_policy(load_sla(path))
    assert policy is not None
    return policy


def client(
    fee: str = "1200.00", *, specialist: bool = True, currency: str = "EUR", id: str = "acme"
) -> Client:
    return Client(
        id=id, name="Acme", fee=Decimal(fee), currency=currency, specialist_setup=specialist
    )


def assess(
    policy: CreditPolicy,
    who: Client,
    downtime: int,
    *,
    met: int = 10,
    breached: int = 0,
    closed: bool = True,
    measured: bool = True,
):  # type: ignore[no-untyped-def]
    return assess_credit(
        policy,
        who,
        downtime_seconds=downtime,
        elapsed_seconds=PERIOD,
        measured=measured,
        met=met,
        breached=breached,
        closed=closed,
    )


# -- the SLA file's credit terms ------------------------------------------------------------


def test_tiers_are_read_exactly_and_ordered_by_threshold(tmp_path: Path) -> None:
    policy = policy_of(sla_file(tmp_path))
    assert policy.uptime_tiers == (
        CreditTier(Decimal("99.9"), Decimal("10")),
        CreditTier(Decimal("99.0"), Decimal("25")),
        CreditTier(Decimal("95.0"), Decimal("50")),
    )
    assert policy.support_tiers == (CreditTier(Decimal("90"), Decimal("2.5")),)
    assert (policy.combine, policy.cap_percent, policy.money_places) == ("sum", Decimal(30), 2)
    assert [v.quote for v in policy.voids] == [SPECIALIST_CLAUSE]


def test_an_sla_without_credits_promises_none() -> None:
    assert credit_policy(load_sla(REPO / "data" / "sla.yml")) is None


def test_a_void_must_quote_the_sla_verbatim(tmp_path: Path) -> None:
    path = sla_file(
        tmp_path,
        "credits:\n  uptime_tiers: [{below_percent: 99.9, credit_percent: 10}]\n"
        "  voids:\n    - when: setup_without_specialist\n"
        "      quote: Lumentrack is never liable for anything.\n",
    )
    with pytest.raises(ConfigError) as caught:
        credit_policy(load_sla(path))
    lines = path.read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "never liable" in text)
    assert str(caught.value) == (
        f"{path}:{line}: credits.voids[0].quote: is not the SLA's own words: quote it "
        "verbatim from terms.exceptions"
    )


def test_a_lower_threshold_must_give_a_larger_credit(tmp_path: Path) -> None:
    path = sla_file(
        tmp_path,
        "credits:\n  uptime_tiers:\n    - {below_percent: 99.9, credit_percent: 25}\n"
        "    - {below_percent: 99.0, credit_percent: 10}\n",
    )
    with pytest.raises(ConfigError) as caught:
        credit_policy(load_sla(path))
    lines = path.read_text().splitlines()
    line = next(i for i, text in enumerate(lines, 1) if "99.0, credit_percent: 10" in text)
    assert str(caught.value) == (
        f"{path}:{line}: credits.uptime_tiers[1].credit_percent: below 99.0% must give more "
        "than the 25% given below 99.9%"
    )


def test_an_unknown_credit_key_is_an_error(tmp_path: Path) -> None:
    path = sla_file(
        tmp_path,
        "credits:\n  uptime_tiers: [{below_percent: 99.9, credit_percent: 10}]\n  cap: 5\n",
    )
    with pytest.raises(ConfigError) as caught:
        load_sla(path)
    line = len(path.read_text().splitlines())
    assert str(caught.value) == f"{path}:{line}: credits.cap: unknown key ('cap' was unexpected)"


# -- tier reached: exact at the threshold ------------------------------------------------------


def test_the_first_tier_starts_one_second_past_the_allowance(tmp_path: Path) -> None:
    policy = policy_of(sla_file(tmp_path))
    # 7,948 s down: 100 x 7,940,852 = 794,085,200 >= 99.9 x 7,948,800 = 794,085,120: not below
    assert uptime_tier(policy, 7948, PERIOD, True) is None
    # 7,949 s down: 794,085,100 < 794,085,120: below 99.9%
    assert uptime_tier(policy, 7949, PERIOD, True) == CreditTier(Decimal("99.9"), Decimal(10))
    # below 99.0% from 79,489 s (1% of the period is 79,488 s)
    assert uptime_tier(policy, 79488, PERIOD, True) == CreditTier(Decimal("99.9"), Decimal(10))
    assert uptime_tier(policy, 79489, PERIOD, True) == CreditTier(Decimal("99.0"), Decimal(25))
    assert uptime_tier(policy, 0, PERIOD, False) is None  # nothing measured: no tier


def test_one_period_crosses_two_tiers_for_two_contracts(tmp_path: Path) -> None:
    # 3 h down: uptime 99.8641%: below 99.9 (not 99.0) for the reference tiers, 10%;
    # below 99.9 (not 99.85) for the other contract's, 15%. Fee 1,200.00: 120.00 and 180.00.
    site = policy_of(sla_file(tmp_path))
    contract = policy_of(sla_file(tmp_path, CONTRACT_CREDITS, "contract.yml"))
    a = assess(site, client("1200.00"), 3 * 3600)
    b = assess(contract, client("1200.00", id="globex"), 3 * 3600)
    assert (a.status, a.percent, a.amount) == (OWED, Decimal(10), Decimal("120.00"))
    assert (b.status, b.percent, b.amount) == (OWED, Decimal(15), Decimal("180.00"))
    assert a.reason == "Uptime below 99.9% gives 10% of the fee: 10% of 1200.00 EUR."
    assert b.reason == "Uptime below 99.9% gives 15% of the fee: 15% of 1200.00 EUR."


def test_money_is_rounded_once_half_up_to_the_cent(tmp_path: Path) -> None:
    policy = policy_of(sla_file(tmp_path))
    # uptime tier 10% + support tier 2.5% (8 met of 10: 80% < 90%) = 12.5%;
    # 333.33 x 12.5 / 100 = 41.66625 -> 41.67
    credit = assess(policy, client("333.33"), 3 * 3600, met=8, breached=2)
    assert (credit.percent, credit.amount) == (Decimal("12.5"), Decimal("41.67"))
    assert credit.reason == (
        "Uptime below 99.9% gives 10% of the fee; support attainment below 90% gives 2.5%: "
        "12.5% of 333.33 EUR."
    )
    assert money(Decimal("0.125"), 2) == Decimal("0.13")
    assert money(Decimal("0.124999"), 2) == Decimal("0.12")
    assert money(Decimal("1234.5"), 0) == Decimal("1235")


def test_the_cap_limits_the_combined_credit(tmp_path: Path) -> None:
    policy = policy_of(sla_file(tmp_path))
    # 25% (1 day down: 99.9% > uptime 98.91% > 99.0%? no: 86,400 s > 79,488 s: below 99.0)
    # + 2.5% support = 27.5% (under the 30% cap); 5 days down: 50% + 2.5% -> capped at 30%
    day = assess(policy, client("1000"), 86400, met=1, breached=1)
    assert (day.percent, day.capped, day.amount) == (Decimal("27.5"), False, Decimal("275.00"))
    week = assess(policy, client("1000"), 5 * 86400, met=1, breached=1)
    assert (week.percent, week.capped, week.amount) == (Decimal(30), True, Decimal("300.00"))
    assert week.reason == (
        "Uptime below 95% gives 50% of the fee; support attainment below 90% gives 2.5%, "
        "capped at 30%: 30% of 1000 EUR."
    )


def test_a_voided_credit_quotes_its_clause(tmp_path: Path) -> None:
    policy = policy_of(sla_file(tmp_path))
    credit = assess(policy, client(specialist=False), 3 * 3600)
    assert (credit.status, credit.amount, credit.percent) == (VOIDED, None, Decimal(10))
    assert credit.clause == SPECIALIST_CLAUSE
    assert credit.reason == (
        "No credit is owed: uptime below 99.9% gives 10% of the fee, but the setup was done "
        "without a specialist's involvement, and the SLA says so voids it."
    )


def test_a_client_with_no_tickets_gets_the_uptime_credit_only(tmp_path: Path) -> None:
    policy = policy_of(sla_file(tmp_path))
    credit = assess(policy, client("900"), 3 * 3600, met=0, breached=0)
    assert (credit.status, credit.support_tier, credit.amount) == (OWED, None, Decimal("90.00"))
    quiet = assess(policy, client("900"), 60, met=0, breached=0)
    assert (quiet.status, quiet.amount) == (NONE, None)
    assert quiet.reason == (
        "No credit: uptime was not below 99.9% and no request of the client's was counted."
    )


def test_no_credit_is_owed_before_the_period_ends(tmp_path: Path) -> None:
    policy = policy_of(sla_file(tmp_path))
    credit = assess(policy, client(), 3 * 3600, closed=False)
    assert (credit.status, credit.amount, credit.percent) == (PENDING, None, Decimal(10))
    assert credit.reason == (
        "So far uptime below 99.9% gives 10% of the fee: 10%. The period is still running; "
        "a credit is decided when it ends."
    )


def test_support_verdict_is_decided_on_whole_tickets() -> None:
    # 19 of 20 = 95% exactly: met; 18 of 19 = 94.7%: missed
    assert support_verdict(19, 1, Decimal(95)) == "met"
    assert support_verdict(18, 1, Decimal(95)) == "missed"
    assert support_verdict(18, 1, None) == "no objective set"
    assert support_verdict(0, 0, Decimal(95)) == "nothing counted"


# -- the clients file -------------------------------------------------------------------------


def test_clients_file_with_a_contract_of_its_own(tmp_path: Path) -> None:
    site = load_sla(sla_file(tmp_path))
    sla_file(tmp_path, CONTRACT_CREDITS, "globex-sla.yml")
    path = tmp_path / "clients.yml"
    path.write_text(
        "clients:\n"
        "  - {id: 360001, name: Acme Corp, plan: Pro, fee: '1200.50', currency: EUR,"
        " specialist_setup: true}\n"
        "  - {id: globex, fee: 99.99, currency: USD, specialist_setup: false,"
        " sla: globex-sla.yml}\n"
    )
    clients = load_clients(path, site)
    acme, globex = clients.clients
    assert (acme.id, acme.name, acme.plan, acme.fee, acme.sla) == (
        "360001",
        "Acme Corp",
        "Pro",
        Decimal("1200.50"),
        None,
    )
    assert (globex.name, globex.fee, globex.currency, globex.specialist_setup) == (
        "globex",  # no name: the id
        Decimal("99.99"),
        "USD",
        False,
    )
    assert globex.sla is not None and globex.sla.file == str(tmp_path / "globex-sla.yml")
    assert clients.get("360001") is acme and clients.get("nobody") is None


def test_clients_file_errors_name_file_line_and_field(tmp_path: Path) -> None:
    site = load_sla(sla_file(tmp_path))
    path = tmp_path / "clients.yml"
    path.write_text(
        "clients:\n"
        "  - {id: acme, fee: 10, currency: EUR, specialist_setup: true}\n"
        "  - {id: acme, fee: 20, currency: EUR, specialist_setup: true}\n"
    )
    with pytest.raises(ConfigError) as caught:
        load_clients(path, site)
    assert str(caught.value) == f"{path}:3: clients[1].id: client 'acme' is listed twice"
    path.write_text("clients:\n  - {id: acme, fee: 1e3, currency: EUR, specialist_setup: true}\n")
    with pytest.raises(ConfigError) as caught:
        load_clients(path, site)
    assert str(caught.value) == (
        f"{path}:2: clients[0].fee: '1e3' is not valid: expected What the client pays per SLA "
        "period: a number with at most 4 decimals, e.g. 1200 or '1200.50'."
    )
    path.write_text("clients:\n  - {id: acme, fee: 10, currency: EUR}\n")
    with pytest.raises(ConfigError) as caught:
        load_clients(path, site)
    assert str(caught.value) == (f"{path}:2: clients[0]: 'specialist_setup' is a required property")
    with pytest.raises(ConfigError) as caught:
        load_clients(tmp_path / "missing.yml", site)
    assert str(caught.value) == f"{tmp_path / 'missing.yml'}: clients file not found"


def test_a_contract_must_cut_time_as_the_site_does(tmp_path: Path) -> None:
    site = load_sla(sla_file(tmp_path))
    other = tmp_path / "other.yml"
    other.write_text(
        (REPO / "data" / "sla.yml")
        .read_text(encoding="utf-8")
        .replace('timezone: "+03:00"', 'timezone: "+02:00"', 1)
    )
    path = tmp_path / "clients.yml"
    path.write_text(
        "clients:\n  - {id: acme, fee: 10, currency: EUR, specialist_setup: true, sla: other.yml}\n"
    )
    with pytest.raises(ConfigError) as caught:
        load_clients(path, site)
    assert str(caught.value) == (
        f"{other}:6: timezone: is not the same as in {site.file}; a contract's SLA file must "
        "cut time as the site's does (the service's uptime is the same for every client)"
    )


def test_the_clients_file_comes_from_the_option_or_the_environment(tmp_path: Path) -> None:
    assert clients_file(Path("a.yml"), {"STATUSGEN_CLIENTS": "b.yml"}) == Path("a.yml")
    assert clients_file(None, {"STATUSGEN_CLIENTS": "b.yml"}) == Path("b.yml")
    assert clients_file(None, {"STATUSGEN_CLIENTS": " "}) is None
    assert clients_file(None, {}) is None


def test_a_contract_must_know_the_sites_exclusions(tmp_path: Path) -> None:
    site = load_sla(sla_file(tmp_path))
    text = (REPO / "data" / "sla.yml").read_text(encoding="utf-8")
    start = text.index("    - id: third-party")
    end = text.index("    - id:", start + 1)
    other = tmp_path / "other.yml"
    other.write_text(text[:start] + text[end:])
    path = tmp_path / "clients.yml"
    path.write_text(
        "clients:\n  - {id: acme, fee: 10, currency: EUR, specialist_setup: true, sla: other.yml}\n"
    )
    with pytest.raises(ConfigError) as caught:
        load_clients(path, site)
    line = other.read_text().splitlines().index("  exclusions:") + 1
    assert str(caught.value) == (
        f"{other}:{line}: uptime.exclusions: lacks the exclusion(s) third-party of "
        f"{site.file}, which incidents, maintenance and beta components may cite"
    )
