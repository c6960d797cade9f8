"""Client contracts for the tests: SLA files beside a clients file, made from the demo's.

``credits.yml`` is the demo's SLA with credit terms (uptime and support tiers, and a clause
that voids them); ``generous.yml`` is the same that also gives 72 h, not 24 h, to answer a
critical or high request out of hours.
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CLAUSE = (
    "Lumentrack may not be liable for the payment reimbursement for service impact in cases "
    "where the service setup was done without Lumentrack Specialist involvement."
)
CREDITS = f"""
credits:
  uptime_tiers:
    - {{below_percent: 99.99, credit_percent: 10}}
    - {{below_percent: 99.9, credit_percent: 25}}
  support_tiers:
    - {{below_percent: 95, credit_percent: 5}}
  voids:
    - when: setup_without_specialist
      quote: {CLAUSE}
"""


def write_contracts(root: Path) -> None:
    """``credits.yml`` and ``generous.yml`` in ``root``, for a clients file there."""
    sla = (REPO / "data" / "sla.yml").read_text(encoding="utf-8")
    (root / "credits.yml").write_text(sla + CREDITS)
    generous = sla.replace("    deadline: 24h\n", "    deadline: 72h\n", 1)
    assert generous != sla
    (root / "generous.yml").write_text(generous + CREDITS)


# three demo clients: on a contract with credits, on one that also gives 72 h out of hours
# (other deadlines), and on the site's SLA
CLIENTS = (
    "clients:\n"
    "  - {id: org-4202, fee: '1200.00', currency: EUR,"
    " specialist_setup: true, sla: credits.yml}\n"
    "  - {id: org-4302, plan: Agency, fee: '333.33', currency: USD,"
    " specialist_setup: true, sla: generous.yml}\n"
    "  - {id: org-4103, fee: 99, currency: EUR, specialist_setup: true}\n"
)


def write_clients(root: Path, more: str = "") -> Path:
    """``clients.yml`` in ``root`` with :data:`CLIENTS` (and ``more`` entries), beside the
    contracts it names; returns its path."""
    write_contracts(root)
    path = root / "clients.yml"
    path.write_text(CLIENTS + more)
    return path
