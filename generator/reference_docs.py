"""The configuration reference (docs/configuration.md), rendered from the JSON Schemas.

The schemas in :mod:`generator.config.schema` decide what the files accept, so the
reference is written from them and never by hand: a key, a type, a default or a
description changes in one place. ``python -m generator.regenerate`` rewrites the committed
file, and a test fails when the committed file differs from what this module renders.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from generator.config.schema import (
    DATE,
    DURATION,
    HOURS,
    ID,
    IMPACTS,
    INCIDENT_SCHEMA,
    MAINTENANCE_SCHEMA,
    SERVICES_SCHEMA,
    SLA_SCHEMA,
    TIMESTAMP,
)
from generator.config.schema_clients import CLIENTS_SCHEMA

GENERATED_NOTE = (
    "<!-- Generated from generator/config/schema.py by `python -m generator.regenerate`. "
    "Do not edit: change the schema and regenerate. -->"
)


@dataclass(frozen=True)
class Row:
    """One key of a file: where it is, what it takes, and what it means."""

    path: str
    type: str
    required: bool
    default: str
    description: str


def describe_type(schema: dict[str, Any]) -> str:
    """A reader's name for what a value may be: 'duration', 'list of text', 'one of ...'."""
    if "enum" in schema:
        return "one of " + ", ".join(f"`{_flow(v)}`" for v in schema["enum"])
    if schema.get("anyOf") == DURATION["anyOf"]:
        return "duration"
    if schema.get("anyOf") == HOURS["anyOf"]:
        return "hours"
    kind = str(schema.get("type", ""))
    if kind == "string":
        return _string_type(schema)
    if kind in ("integer", "number"):
        return kind + _range(schema)
    if kind == "boolean":
        return "true or false"
    if kind == "array":
        items = schema.get("items", {})
        inner = "object" if items.get("type") == "object" else describe_type(items)
        text = f"list of {inner}"
        if schema.get("minItems"):
            text += f", at least {schema['minItems']}"
        if schema.get("uniqueItems"):
            text += ", no repeats"
        return text
    if kind == "object":
        if "properties" in schema:
            return "object"
        values = schema.get("additionalProperties")
        if isinstance(values, dict):
            inner = "object" if values.get("type") == "object" else describe_type(values)
            keys = schema.get("propertyNames", {}).get("enum")
            allowed = f" ({', '.join(keys)})" if keys else ""
            return f"map of `{_key_name(schema)}`{allowed} to {inner}"
        return "object"
    return "value"


def _string_type(schema: dict[str, Any]) -> str:
    pattern = schema.get("pattern")
    if pattern == DATE["pattern"]:
        return "date (YYYY-MM-DD)"
    if pattern == TIMESTAMP["pattern"]:
        return "timestamp with offset"
    if pattern == ID["pattern"]:
        return "id (a-z, 0-9, - and _)"
    if pattern == "^https?://":
        return "URL"
    if pattern:
        return f"text matching `{pattern}`"
    return "text"


def _range(schema: dict[str, Any]) -> str:
    bounds = []
    if "exclusiveMinimum" in schema:
        bounds.append(f"> {schema['exclusiveMinimum']}")
    if "minimum" in schema:
        bounds.append(f"≥ {schema['minimum']}")
    if "maximum" in schema:
        bounds.append(f"≤ {schema['maximum']}")
    return f" ({', '.join(bounds)})" if bounds else ""


def _key_name(schema: dict[str, Any]) -> str:
    """How a map's keys are shown in paths: <impact>, <days>, <id>, <name>."""
    names = schema.get("propertyNames")
    if isinstance(names, dict):
        if names.get("enum") == IMPACTS:
            return "<impact>"
        if names.get("enum"):
            return "<key>"
        if names.get("pattern") == ID["pattern"]:
            return "<id>"
        if "mon|tue" in str(names.get("pattern", "")):
            return "<days>"
    return "<name>"


def _flow(value: Any) -> str:
    """A value as it is written in YAML, on one line."""
    text = yaml.safe_dump(value, default_flow_style=True, width=10_000, allow_unicode=True)
    return text.removesuffix("\n").removesuffix("\n...")


def rows(schema: dict[str, Any], prefix: str = "") -> Iterator[Row]:
    """Every key of ``schema``, depth first in the schema's order, with its dotted path."""
    required = set(schema.get("required", []))
    for key, prop in schema.get("properties", {}).items():
        path = f"{prefix}{key}"
        yield Row(
            path=path,
            type=describe_type(prop),
            required=key in required,
            default=f"`{_flow(prop['default'])}`" if "default" in prop else "",
            description=str(prop.get("description", "")),
        )
        yield from _children(prop, path)


def _children(prop: dict[str, Any], path: str) -> Iterator[Row]:
    if prop.get("type") == "object" and "properties" in prop:
        yield from rows(prop, f"{path}.")
    elif prop.get("type") == "object" and isinstance(prop.get("additionalProperties"), dict):
        values = prop["additionalProperties"]
        entry = f"{path}.{_key_name(prop)}"
        if values.get("type") == "object" and "properties" in values:
            yield from rows(values, f"{entry}.")
    elif prop.get("type") == "array" and isinstance(prop.get("items"), dict):
        items = prop["items"]
        if items.get("type") == "object" and "properties" in items:
            yield from rows(items, f"{path}[].")


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table(schema: dict[str, Any], prefix: str = "") -> list[str]:
    lines = ["| key | type | required | default | meaning |", "| --- | --- | --- | --- | --- |"]
    for row in rows(schema, prefix):
        lines.append(
            f"| `{_cell(row.path)}` | {_cell(row.type)} | {'yes' if row.required else ''} | "
            f"{_cell(row.default)} | {_cell(row.description)} |"
        )
    return lines


def _sections(schema: dict[str, Any]) -> list[str]:
    """One table for the top-level values, then one per top-level section."""
    scalars = {
        k: v for k, v in schema["properties"].items() if v.get("type") not in ("object", "array")
    }
    out: list[str] = []
    if scalars:
        top = {**schema, "properties": scalars}
        out += ["### Top level", "", *table(top), ""]
    for key, prop in schema["properties"].items():
        if key in scalars:
            continue
        required = " (required)" if key in schema.get("required", []) else ""
        out += [f"### `{key}`{required}", ""]
        out += [*table({"properties": {key: prop}, "required": schema.get("required", [])}), ""]
    return out


INTRO = """\
# Configuration reference

{note}

A status site is configured by two YAML files in its data directory (`data/` unless
`--data` or `$STATUSGEN_DATA` says otherwise), plus one Markdown file with YAML front matter
per incident and per maintenance window. `statusgen init` writes the two files with a comment
on every value; `statusgen check` validates everything and names the file, line and key of
each problem.

How to read the tables: a path like `terms.definitions[].term` is the `term` key of each
item of the `terms.definitions` list; `calendars.<id>.hours` is the `hours` key of each
entry of the `calendars` map. A **duration** is seconds as a number, or text such as `90s`,
`5m`, `1h30m`, `1d`. **hours** is `HH:MM-HH:MM`, a list of such ranges, or `closed`.
Timestamps carry their UTC offset (`2026-08-12T10:02:00+03:00`).

How the values are used to compute each figure is described in statusgen's README:
[How uptime is computed]({readme}#how-uptime-is-computed) and
[How support attainment is computed]({readme}#how-support-attainment-is-computed).

## Contents

- [The SLA file (`sla.yml`)](#the-sla-file-slayml)
- [The services file (`services.yml`)](#the-services-file-servicesyml)
- [Incidents (`incidents/<id>.md`)](#incidents-incidentsidmd)
- [Maintenance windows (`maintenance/<id>.md`)](#maintenance-windows-maintenanceidmd)
- [The clients file (private)](#the-clients-file-private)
"""

SLA_INTRO = """\
## The SLA file (`sla.yml`)

The agreement's terms and every rule statusgen applies: the review dates, the periods, the
uptime objective and its exclusions, the business-hours calendars, and the support targets.
The same file drives the computation and the published terms, so no number is written twice.
"""

SERVICES_INTRO = """\
## The services file (`services.yml`)

The components of the service as clients see them on the status page, and the monitors
that watch them. A component is down while any of its monitors is down; a monitor is down
while `quorum` of its locations see it down.
"""

INCIDENT_INTRO = """\
## Incidents (`incidents/<id>.md`)

One Markdown file per incident: YAML front matter between `---` lines with the keys below,
then the incident's story in Markdown. The file name without `.md` is the incident's id.
"""

MAINTENANCE_INTRO = """\
## Maintenance windows (`maintenance/<id>.md`)

One Markdown file per declared maintenance window, like an incident: front matter with the
keys below, then a description. Downtime inside a window is excluded under the SLA's
scheduled-downtime rule and compared with its commitment (releases x `per_release`).
"""

CLIENTS_INTRO = """\
## The clients file (private)

Who the clients are and what their contracts say: the id their tickets carry, the fee per
SLA period, whether the setup was done with a specialist, and a contract's own SLA file. It
names a company's customers and their fees, so it stays out of the public repository (any
path will do): `--clients FILE` or `$STATUSGEN_CLIENTS` names it to
`statusgen report --client`, `statusgen build --client-reports` and `statusgen check`.
"""


# Where a site made by ``statusgen init`` finds statusgen's README (it has its own README).
PUBLISHED_README = "https://pypi.org/project/statusgen/"


def render_configuration_reference(readme: str = "../README.md") -> str:
    """The whole of docs/configuration.md, linking to statusgen's README at ``readme``."""
    parts = [INTRO.format(note=GENERATED_NOTE, readme=readme)]
    parts += [SLA_INTRO, *_sections(SLA_SCHEMA)]
    parts += [SERVICES_INTRO, *_sections(SERVICES_SCHEMA)]
    parts += [INCIDENT_INTRO, *table(INCIDENT_SCHEMA), ""]
    parts += [MAINTENANCE_INTRO, *table(MAINTENANCE_SCHEMA), ""]
    parts += [CLIENTS_INTRO, *_sections(CLIENTS_SCHEMA)]
    return "\n".join(parts).rstrip("\n") + "\n"
