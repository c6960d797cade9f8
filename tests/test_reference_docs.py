"""The configuration reference (docs/configuration.md) and the other documentation pages."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from generator.config.schema import (
    INCIDENT_SCHEMA,
    MAINTENANCE_SCHEMA,
    SERVICES_SCHEMA,
    SLA_SCHEMA,
)
from generator.reference_docs import describe_type, render_configuration_reference, rows

REPO = Path(__file__).resolve().parent.parent
DOCS = REPO / "docs"


def schema_paths(schema: dict[str, Any], prefix: str = "") -> list[str]:
    """Every key the schema accepts, written as the reference writes its paths."""
    out = []
    for key, prop in schema.get("properties", {}).items():
        path = f"{prefix}{key}"
        out.append(path)
        if "properties" in prop:
            out += schema_paths(prop, f"{path}.")
        values = prop.get("additionalProperties")
        if isinstance(values, dict) and "properties" in values:
            out += schema_paths(values, f"{path}.<")  # the map's key name follows
        items = prop.get("items")
        if isinstance(items, dict) and "properties" in items:
            out += schema_paths(items, f"{path}[].")
    return out


def test_the_committed_reference_is_the_generated_one() -> None:
    committed = (DOCS / "configuration.md").read_text(encoding="utf-8")
    assert committed == render_configuration_reference(), "run python -m generator.regenerate"


@pytest.mark.parametrize(
    "schema", [SLA_SCHEMA, SERVICES_SCHEMA, INCIDENT_SCHEMA, MAINTENANCE_SCHEMA], ids=str
)
def test_every_key_of_the_schema_has_a_row(schema: dict[str, Any]) -> None:
    documented = [r.path for r in rows(schema)]
    expected = schema_paths(schema)
    assert len(documented) == len(expected)
    for path, want in zip(documented, expected, strict=True):
        # map entries are written <id>, <impact> ...: compare up to the placeholder
        assert path.startswith(want.split("<")[0]), (path, want)


def test_rows_say_type_requirement_default_and_meaning() -> None:
    by_path = {r.path: r for r in rows(SERVICES_SCHEMA)}
    timeout = by_path["components[].monitors[].check.timeout"]
    assert (timeout.type, timeout.required, timeout.default) == ("duration", False, "`10s`")
    assert timeout.description == "Give up after this long (a timeout is down)."
    interval = by_path["components[].monitors[].interval"]
    assert interval.required
    sla = {r.path: r for r in rows(SLA_SCHEMA)}
    assert sla["periods.months"].type == "one of `1`, `2`, `3`, `4`, `6`, `12`"
    assert sla["uptime.objective_percent"].type == "number (> 0, ≤ 100)"
    assert sla["calendars"].type == "map of `<id>` to object"
    assert "support.channels.email.targets.<impact>.within" in sla
    assert sla["terms.effective_date"].type == "date (YYYY-MM-DD)"


def test_type_names() -> None:
    assert describe_type({"type": "array", "items": {"type": "string"}, "minItems": 1}) == (
        "list of text, at least 1"
    )
    assert describe_type({"type": "boolean"}) == "true or false"
    assert describe_type({"type": "string", "pattern": "^https?://"}) == "URL"


def test_regenerate_check_reports_a_stale_file(tmp_path: Path) -> None:
    from generator.regenerate import GENERATED, stale

    assert set(stale(tmp_path)) == set(GENERATED)  # nothing generated there yet
    for name, render in GENERATED.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(render(), encoding="utf-8")
    assert stale(tmp_path) == []
    result = subprocess.run(
        [sys.executable, "-m", "generator.regenerate", "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def github_anchor(heading: str) -> str:
    """The fragment GitHub gives a Markdown heading."""
    text = heading.strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def anchors(markdown: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", markdown.read_text(encoding="utf-8"), flags=re.S)
    return {github_anchor(m) for m in re.findall(r"^#{1,6} (.+)$", text, flags=re.M)}


@pytest.mark.parametrize("page", ["configuration.md", "migrating.md"])
def test_links_between_the_docs_and_the_readme_resolve(page: str) -> None:
    text = (DOCS / page).read_text(encoding="utf-8")
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    checked = 0
    for link in links:
        if link.startswith(("http://", "https://")):
            continue
        target, _, fragment = link.partition("#")
        path = (DOCS / target).resolve() if target else DOCS / page
        assert path.is_file(), f"{page}: {link}"
        if fragment:
            assert fragment in anchors(path), f"{page}: {link}"
        checked += 1
    assert checked >= 2


def test_the_readme_links_the_docs() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "docs/configuration.md" in readme
    assert "docs/migrating.md" in readme
    assert "statusgen init" in readme
