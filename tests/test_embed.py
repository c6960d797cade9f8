"""The embeddable status and the shields.io endpoints."""

from __future__ import annotations

import json

from generator.compute.status import ComponentStatus, PageStatus
from generator.config.services import Component, Services
from generator.render.embed import embed_html, embed_js, status_endpoint, uptime_endpoint


def test_shields_endpoints() -> None:
    assert json.loads(uptime_endpoint(99.95123, 99.9)) == {
        "schemaVersion": 1,
        "label": "uptime",
        "message": "99.95%",
        "color": "#4c1",
    }
    assert json.loads(uptime_endpoint(None, 99.9))["message"] == "no data"
    assert json.loads(status_endpoint("API", "degraded_performance")) == {
        "schemaVersion": 1,
        "label": "API",
        "message": "degraded performance",
        "color": "#dfb317",
    }


def test_the_embed_page_is_self_contained_and_escapes_names() -> None:
    services = Services(
        "services.yml",
        (Component("web", "<b>Web</b> & co", "", None, True, False, ()),),
    )
    current = ComponentStatus("web", "major_outage", "down", 0, (), ())
    status = PageStatus(
        0, "major_outage", "critical", "major outage", "Major outage", (current,),
        None, (), (), (), (),
    )  # fmt: skip
    page = embed_html("Acme", "https://status.example.com/", status, services)
    assert '&lt;b&gt;Web&lt;/b&gt; &amp; co: <span class="st">Major outage</span>' in page
    assert "<script" not in page and "http" not in page.replace("https://status.example.com/", "")


def test_the_embed_script_writes_text_never_html() -> None:
    script = embed_js()
    assert "innerHTML" not in script
    assert '"major_outage": "Major outage"' in script
    assert 'new URL("api/status.json", base)' in script
