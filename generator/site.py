"""A site's configuration and hand-written records, loaded and cross-checked."""

from __future__ import annotations

from dataclasses import dataclass, replace
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

    def known_at(self, as_of: int) -> Site:
        """The site as it was known at ``as_of``: incidents that had started, with the
        updates written by then, and resolved only if they had been. A build or report as
        of an earlier day on newer records must not tell what had not happened yet."""
        known = []
        for incident in self.incidents:
            if incident.started > as_of:
                continue
            resolved = incident.resolved
            if resolved is not None and resolved > as_of:
                resolved = None
            updates = tuple(u for u in incident.updates if u.at <= as_of)
            if (resolved, updates) != (incident.resolved, incident.updates):
                incident = replace(incident, resolved=resolved, updates=updates)
            known.append(incident)
        return replace(self, incidents=known)


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
