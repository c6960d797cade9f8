"""What a client embeds in its own app: shields.io endpoint badges and a small status widget.

- ``badges/<component>.json``: a shields.io endpoint (https://shields.io/badges/endpoint-badge)
  with the same uptime the SVG badge beside it shows; ``badges/<component>-status.json``:
  the component's current status.
- ``embed.html``: a self-contained page (no script, no outside resource) with the status of
  every component as built, for an ``<iframe>`` on any origin.
- ``embed.js``: a script that reads ``api/status.json`` beside it and fills every element
  with ``data-statusgen`` (``data-components="api,web"`` to choose), on any origin that
  may read the site (GitHub Pages allows every origin). Text goes in as text, never HTML.

The words are in the SLA's language; the component names are the company's.
"""

from __future__ import annotations

import json
from html import escape

from generator.compute.status import LABELS, PageStatus
from generator.config.services import Services
from generator.i18n import ENGLISH, Language
from generator.render.badges import GREEN, GREY, ORANGE, RED, YELLOW, colour

STATUS_COLOURS = {
    "operational": GREEN,
    "no_data": GREY,
    "under_maintenance": "#1e88e5",
    "degraded_performance": YELLOW,
    "partial_outage": ORANGE,
    "major_outage": RED,
}


def _endpoint(label: str, message: str, color: str) -> str:
    data = {"schemaVersion": 1, "label": label, "message": message, "color": color}
    return json.dumps(data, ensure_ascii=False) + "\n"


def uptime_endpoint(percent: float | None, objective: float, lang: Language = ENGLISH) -> str:
    label = lang.gettext("uptime")
    return _endpoint(label, lang.pct(percent, 2, strip=True), colour(percent, objective))


def status_endpoint(name: str, status: str, lang: Language = ENGLISH) -> str:
    words = lang.gettext(LABELS[status])
    # a badge's message is lower case in English ('major outage'); German keeps its nouns'
    # capitals, and Ukrainian's labels are lower case after their first word already
    return _endpoint(
        name, words.lower() if lang.code == ENGLISH.code else words, STATUS_COLOURS[status]
    )


def embed_html(
    company: str,
    site_url: str,
    status: PageStatus,
    services: Services,
    lang: Language = ENGLISH,
) -> str:
    _ = lang.gettext
    rows = "".join(
        f'<li><span class="dot" style="background:{STATUS_COLOURS[c.status]}"></span>'
        f"{escape(services.component(c.component).name)}: "
        f'<span class="st">{escape(_(LABELS[c.status]))}</span></li>'
        for c in status.components
    )
    title = _("%(company)s status") % {"company": company}
    return (
        "<!doctype html>\n"
        f'<html lang="{escape(lang.code)}"><head><meta charset="utf-8">'
        f"<title>{escape(title)}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<style>body{font:14px/1.4 system-ui,sans-serif;margin:8px;color:#222}"
        "ul{list-style:none;padding:0;margin:4px 0}li{margin:2px 0}"
        ".dot{display:inline-block;width:.7em;height:.7em;border-radius:50%;margin-right:.4em}"
        "a{color:inherit}</style></head><body>"
        f'<p><strong><a href="{escape(site_url)}" target="_blank" rel="noopener">'
        f"{escape(_(status.description))}</a></strong></p><ul>{rows}</ul></body></html>\n"
    )


EMBED_JS = r"""/* statusgen status widget: <div data-statusgen data-components="api,web"></div>
   <script src="SITE/embed.js" async></script>. Reads api/status.json beside this script. */
(function () {
  var script = document.currentScript;
  var base = new URL(".", script ? script.src : location.href);
  var colours = COLOURS;
  function render(el, data) {
    var wanted = (el.getAttribute("data-components") || "").split(",").filter(Boolean);
    var box = document.createElement("div");
    box.className = "statusgen-embed";
    var head = document.createElement("a");
    head.href = data.page.url;
    head.target = "_blank";
    head.rel = "noopener";
    head.textContent = data.status.description;
    head.style.fontWeight = "bold";
    box.appendChild(head);
    var list = document.createElement("ul");
    list.style.listStyle = "none";
    list.style.padding = "0";
    data.components.forEach(function (c) {
      if (wanted.length && wanted.indexOf(c.id) < 0) return;
      var item = document.createElement("li");
      var dot = document.createElement("span");
      dot.style.cssText = "display:inline-block;width:.7em;height:.7em;border-radius:50%;margin-right:.4em";
      dot.style.background = colours[c.statusgen_status] || "#9f9f9f";
      item.appendChild(dot);
      item.appendChild(document.createTextNode(c.name + ": " + (LABELS[c.statusgen_status] || c.status)));
      item.setAttribute("data-component", c.id);
      list.appendChild(item);
    });
    box.appendChild(list);
    el.replaceChildren(box);
  }
  fetch(new URL("api/status.json", base)).then(function (r) { return r.json(); }).then(function (data) {
    document.querySelectorAll("[data-statusgen]").forEach(function (el) { render(el, data); });
  });
})();
"""


def embed_js(lang: Language = ENGLISH) -> str:
    """The widget's script, its status words in ``lang`` (the description comes from
    api/status.json, in the same language)."""
    labels = {status: lang.gettext(words) for status, words in LABELS.items()}
    # ASCII with \u escapes: a page on any origin may load the script under its own charset
    return EMBED_JS.replace("COLOURS", json.dumps(STATUS_COLOURS, sort_keys=True)).replace(
        "LABELS[", json.dumps(labels, sort_keys=True) + "["
    )
