"""A site's configuration and hand-written records, loaded and cross-checked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.config.services import Services, load_services
from generator.config.sla import Sla, load_sla
from generator.model.incidents import Incident, load_incidents
from generator.model.maintenance import Maintenance, load_maintenance
from generator.store.layout import DataDir


@dataclass(frozen=True)
class Site:
    data: DataDir
    sla: Sla
    services: Services
    incidents: list[Incident]
    maintenance: list[Maintenance]


def load_site(root: Path) -> Site:
    data = DataDir(root)
    sla = load_sla(data.sla_file)
    services = load_services(data.services_file, sla)
    return Site(
        data=data,
        sla=sla,
        services=services,
        incidents=load_incidents(data.incidents_dir, sla, services),
        maintenance=load_maintenance(data.maintenance_dir, sla, services),
    )
