"""Every file one build generates: pages (Markdown), charts, JSON API, badges and feed."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.i18n import language
from generator.mkdocs_plugin.template_cache import bytecode_cache
from generator.notify.state import calendar_sequences
from generator.render.badges import to_date, uptime_badge
from generator.render.calendar import maintenance_calendar
from generator.render.embed import embed_html, embed_js, status_endpoint, uptime_endpoint
from generator.render.feeds import atom_feed, feed_title
from generator.render.formatting import measured
from generator.render.pages import SitePages, Urls, incident_page, template_environment
from generator.render.site_charts import chart_path
from generator.render.status_json import status_json
from generator.reporting.site import StatusModel


@dataclass(frozen=True)
class Generated:
    pages: dict[str, str]  # src_uri -> Markdown
    files: dict[str, str]  # src_uri -> text of a static file (JSON, SVG, XML)


def _json(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def generate(
    model: StatusModel,
    template_dirs: list[Path],
    urls: Urls,
    site_url: str,
    charts: list[str],
    downloads: dict[str, str] | None = None,
    data_root: Path | None = None,
) -> Generated:
    """``charts`` are the keys of the charts that will be drawn (by the caller); the
    templates' compiled code is kept in ``data_root``'s cache, when one is given."""
    files: dict[str, str] = {}
    lang = language(model.site.sla.language)
    env = template_environment(template_dirs, lang)
    if data_root is not None:
        env.bytecode_cache = bytecode_cache(data_root, env)
    pages = SitePages(
        model,
        env,
        urls,
        {key: chart_path(key) for key in charts},
        downloads,
    ).sources()

    sla = model.site.sla
    tz = sla.timezone
    absolute = site_url if site_url.endswith("/") else site_url + "/"

    def link(src: str) -> str:
        return absolute + urls.of(src)

    files["api/status.json"] = status_json(
        model.status,
        model.site.services,
        sla.company,
        tz,
        absolute,
        {i.incident.id: link(incident_page(i.incident.id)) for i in model.incidents},
        lang,
    )
    index = []
    for period in reversed(model.periods):
        report = model.reports[period.id]
        files[f"api/sla/{period.id}.json"] = _json(report.to_json())
        u = report.uptime
        index.append(
            {
                "id": period.id,
                "label": period.label,
                "start": report.period.start,
                "end": report.period.end,
                "to_date": report.period.to_date,
                "uptime_percent": u.percent,
                "objective_percent": u.objective_percent,
                "met": u.met,
                "report": f"{period.id}.json",
                "page": link(f"sla/{period.id}.md"),
            }
        )
    files["api/sla/index.json"] = _json(
        {
            "company": sla.company,
            "generated_at": model.reports[model.current.id].generated_at,
            "periods": index,
        }
    )

    objective = float(sla.uptime.objective_percent)
    running = to_date(lang.months(model.current.first_day, model.current.last_day), lang)
    for view in model.components:
        window = next(w for w in view.windows if w.key == "period")
        said = measured(window.no_data_seconds, window.seconds, objective)
        files[f"badges/{view.component.id}.svg"] = uptime_badge(
            view.component.name,
            window.percent,
            objective,
            running,
            lang.duration(window.seconds - window.no_data_seconds) if said else None,
            lang,
        )
        # shields.io endpoints beside the SVG: the same uptime, and the current status
        files[f"badges/{view.component.id}.json"] = uptime_endpoint(window.percent, objective, lang)
        files[f"badges/{view.component.id}-status.json"] = status_endpoint(
            view.component.name, view.status.status, lang
        )

    names = {c.id: c.name for c in model.site.services.components}
    links = {i.incident.id: link(incident_page(i.incident.id)) for i in model.incidents}
    links["maintenance"] = link("maintenance/index.md")
    files["feed.xml"] = atom_feed(
        feed_title(sla.company, lang),
        absolute,
        [v.incident for v in model.incidents],
        list(model.site.maintenance),
        links,
        names,
        tz,
        model.as_of,
        lang,
    )
    # Subscriptions without a server: one feed per component, the maintenance calendar,
    # and the status to embed in a client's own app.
    sequences = calendar_sequences(model.site.data)
    for component in model.site.services.components:
        feed = atom_feed(
            feed_title(sla.company, lang, component.name),
            absolute,
            [v.incident for v in model.incidents if component.id in v.incident.components],
            [w for w in model.site.maintenance if component.id in w.components],
            links,
            names,
            tz,
            model.as_of,
            lang,
        )
        own = f"{absolute}feeds/{component.id}.xml"
        feed = feed.replace(f"<id>{absolute}</id>", f"<id>{own}</id>", 1)
        feed = feed.replace(f'href="{absolute}feed.xml"', f'href="{own}"', 1)
        files[f"feeds/{component.id}.xml"] = feed
    files["maintenance.ics"] = maintenance_calendar(
        sla.company,
        absolute,
        list(model.site.maintenance),
        links["maintenance"],
        names,
        sequences,
        model.as_of,
        language(sla.language),
    ).decode("utf-8")
    for planned in model.site.maintenance:  # "add to calendar": one window's event
        files[f"calendar/{planned.id}.ics"] = maintenance_calendar(
            sla.company,
            absolute,
            [planned],
            links["maintenance"],
            names,
            sequences,
            model.as_of,
            language(sla.language),
        ).decode("utf-8")
    files["embed.html"] = embed_html(sla.company, absolute, model.status, model.site.services, lang)
    files["embed.js"] = embed_js(lang)
    return Generated(pages, files)
