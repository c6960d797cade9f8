"""The clients file: names, plans and contract facts, kept out of the public repository.

Tickets carry only an opaque client id (the helpdesk's organization or company id). Who that
is, what the client pays per period and whether its setup was done with a specialist live in
this file, which a public repository need not hold: ``--clients FILE`` or the environment
variable :data:`CLIENTS_ENV` name it. A client whose contract has its own SLA file (other
targets, other credit terms) names it; that file must cut time the same way (time zone and
periods), since the service's uptime is the same for every client.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from generator.config.schema_clients import CLIENTS_SCHEMA
from generator.config.sla import Sla, load_sla, require_file
from generator.config.validate import validate
from generator.config.yamlfile import load_yaml
from generator.errors import ConfigError

CLIENTS_ENV = "STATUSGEN_CLIENTS"


@dataclass(frozen=True)
class Client:
    id: str
    name: str  # the id when the file gives no name
    fee: Decimal  # per SLA period, exact
    currency: str
    specialist_setup: bool
    plan: str = ""
    sla: Sla | None = None  # the contract's own SLA file; None: the site's


@dataclass(frozen=True)
class Clients:
    file: str
    clients: tuple[Client, ...]

    def get(self, client_id: str) -> Client | None:
        for client in self.clients:
            if client.id == client_id:
                return client
        return None

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.clients]


def clients_file(option: Path | None, environ: Mapping[str, str] = os.environ) -> Path | None:
    """The clients file named by ``--clients``, else by $STATUSGEN_CLIENTS, else None."""
    if option is not None:
        return option
    value = environ.get(CLIENTS_ENV, "").strip()
    return Path(value) if value else None


def load_clients(path: Path, sla: Sla) -> Clients:
    """The clients file at ``path``; ``sla`` is the site's SLA, which contracts must match."""
    require_file(path, "clients file")
    doc = load_yaml(path)
    validate(doc, CLIENTS_SCHEMA, "clients file")
    clients: list[Client] = []
    seen: set[str] = set()
    contracts: dict[Path, Sla] = {}
    for index, raw in enumerate(doc.data["clients"]):
        client_id = str(raw["id"])
        if client_id in seen:
            raise doc.error(("clients", index, "id"), f"client {client_id!r} is listed twice")
        seen.add(client_id)
        contract = None
        if "sla" in raw:
            contract_path = (path.parent / raw["sla"]).resolve()
            if contract_path not in contracts:
                if not contract_path.is_file():
                    raise doc.error(("clients", index, "sla"), f"{raw['sla']} not found")
                contracts[contract_path] = _contract(load_sla(contract_path), sla)
            contract = contracts[contract_path]
        clients.append(
            Client(
                id=client_id,
                name=raw.get("name", client_id),
                fee=Decimal(str(raw["fee"])),
                currency=raw["currency"],
                specialist_setup=raw["specialist_setup"],
                plan=raw.get("plan", ""),
                sla=contract,
            )
        )
    return Clients(file=str(path), clients=tuple(clients))


def _contract(contract: Sla, site: Sla) -> Sla:
    """A contract's SLA file, if it cuts time as the site's does."""
    for key, mine, theirs in (
        ("timezone", contract.timezone_name, site.timezone_name),
        ("periods", contract.periods, site.periods),
    ):
        if mine != theirs:
            raise ConfigError(
                f"is not the same as in {site.file}; a contract's SLA file must cut time "
                "as the site's does (the service's uptime is the same for every client)",
                file=contract.file,
                line=contract.document.line_of((key,)) if contract.document else None,
                field=key,
            )
    missing = [
        e.id
        for e in site.uptime.exclusions
        if e.id not in {e.id for e in contract.uptime.exclusions}
    ]
    if missing:
        raise ConfigError(
            f"lacks the exclusion(s) {', '.join(missing)} of {site.file}, which incidents, "
            "maintenance and beta components may cite",
            file=contract.file,
            line=contract.document.line_of(("uptime", "exclusions")) if contract.document else None,
            field="uptime.exclusions",
        )
    return contract
