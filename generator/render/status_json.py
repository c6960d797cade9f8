"""``api/status.json``: the current status, shaped like Statuspage's ``summary.json``.

Keys follow Statuspage (page, status with indicator and description, components,
incidents, scheduled_maintenances) so tools that read Statuspage read this; statusgen adds
``last_checked`` and ``stale_monitors`` so a reader can tell how fresh the status is.
The keys and machine values are Statuspage's (English); the page's ``description`` is
for people, in the SLA's language.
"""

from __future__ import annotations

import json
from datetime import tzinfo
from typing import Any

from generator.compute.status import MAINTENANCE, NO_DATA, PageStatus
from generator.config.services import Services
from generator.i18n import ENGLISH, Language
from generator.model.incidents import Incident
from generator.model.maintenance import Maintenance
from generator.timeutil import format_instant

# statusgen's no_data is not a Statuspage status; Statuspage readers get the nearest one.
_STATUSPAGE_COMPONENT = {NO_DATA: "operational", MAINTENANCE: "under_maintenance"}


def _incident(incident: Incident, tz: tzinfo, url: str) -> dict[str, Any]:
    last = incident.updates[-1] if incident.updates else None
    return {
        "id": incident.id,
        "name": incident.title,
        "status": last.status if last else "investigating",
        "impact": incident.impact,
        "created_at": format_instant(incident.started, tz),
        "started_at": format_instant(incident.started, tz),
        "updated_at": format_instant(last.at if last else incident.started, tz),
        "resolved_at": None,
        "shortlink": url,
        "components": list(incident.components),
        "incident_updates": [
            {"status": u.status, "body": u.message, "created_at": format_instant(u.at, tz)}
            for u in reversed(incident.updates)
        ],
    }


def _maintenance(window: Maintenance, now: int, tz: tzinfo) -> dict[str, Any]:
    return {
        "id": window.id,
        "name": window.title,
        "status": "in_progress" if window.state(now) == "in progress" else "scheduled",
        "scheduled_for": format_instant(window.start, tz),
        "scheduled_until": format_instant(window.end, tz),
        "components": list(window.components),
        "releases": window.releases,
    }


def status_json(
    status: PageStatus,
    services: Services,
    company: str,
    tz: tzinfo,
    site_url: str,
    incident_url: dict[str, str],
    lang: Language = ENGLISH,
) -> str:
    groups = {g.id: g.name for g in services.groups}
    components = []
    for position, component in enumerate(services.components, start=1):
        current = status.component(component.id)
        components.append(
            {
                "id": component.id,
                "name": component.name,
                "description": component.description or None,
                "status": _STATUSPAGE_COMPONENT.get(current.status, current.status),
                "statusgen_status": current.status,
                "position": position,
                "group_id": component.group,
                "group_name": groups.get(component.group) if component.group else None,
                "beta": component.beta,
                "covered": component.covered,
            }
        )
    data = {
        "schema_version": 1,  # the contract: generator/schemas/status.schema.json
        "page": {
            "id": company.lower().replace(" ", "-"),
            "name": company,
            "url": site_url,
            "time_zone": format_instant(status.now, tz)[-6:],
            "updated_at": format_instant(status.now, tz),
        },
        "status": {
            "indicator": status.indicator,
            "description": lang.gettext(status.description),
        },
        "last_checked": format_instant(status.last_checked, tz) if status.last_checked else None,
        "stale_monitors": [
            {
                "monitor": f.monitor,
                "component": f.component,
                "newest": format_instant(f.newest, tz) if f.newest else None,
                "max_gap_seconds": f.max_gap,
            }
            for f in status.stale
        ],
        "components": components,
        "incidents": [_incident(i, tz, incident_url[i.id]) for i in status.active_incidents],
        "scheduled_maintenances": [
            _maintenance(w, status.now, tz)
            for w in (*status.maintenance_in_progress, *status.upcoming_maintenance)
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
