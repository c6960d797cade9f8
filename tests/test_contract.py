"""The published contract: the report JSON and api/status.json follow their JSON Schemas.

Real outputs of the demo data are validated with Draft202012Validator: periods past, running,
not started and without data, both audiences, and the status of two site builds (a quiet
one, and one with an open incident, maintenance in progress and monitors gone quiet). Then
the schemas are shown to be strict: a valid document with an unknown key, a missing key, a
wrong type or a null where none is allowed fails, with the message given here literally.
"""

from __future__ import annotations

import copy
import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator

from generator.cli import main
from generator.contract import (
    ContractError,
    problems,
    report_schema,
    schema_text,
    status_schema,
    validate_report,
    validate_status,
)
from tests.conftest import REPO

AS_OF = "2026-11-20T12:00:00+03:00"  # the demo fixture's "now"


def report(data: Path, period: str, audience: str, as_of: str = AS_OF) -> dict[str, Any]:
    args = ["report", "--period", period, "--as-of", as_of, "--audience", audience]
    result = CliRunner().invoke(main, ["--data", str(data), *args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def build(data: Path, output: Path, as_of: str) -> Path:
    args = ["build", "--no-pdf", "--as-of", as_of, "-f", str(REPO / "mkdocs.yml")]
    result = CliRunner().invoke(main, ["--data", str(data), *args, "-o", str(output)])
    assert result.exit_code == 0, result.output
    return output


def validator(schema: dict[str, Any]) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def errors(schema: dict[str, Any], document: Any) -> list[str]:
    return [e.message for e in validator(schema).iter_errors(document)]


# ------------------------------------------------------------------------ the schemas


def test_the_schemas_are_draft_2020_12_with_stable_ids() -> None:
    report_, status = report_schema(), status_schema()
    for schema in (report_, status):
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert (report_["$id"], report_["title"]) == (
        "urn:statusgen:schema:report:1",
        "statusgen SLA report",
    )
    assert (status["$id"], status["title"]) == (
        "urn:statusgen:schema:status:1",
        "statusgen current status",
    )
    assert report_["properties"]["schema_version"]["const"] == 1
    assert status["properties"]["schema_version"]["const"] == 1
    assert "schema_version" in report_["required"] and "schema_version" in status["required"]


def objects(schema: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every object schema (one with ``properties``) inside ``schema``, with where it is;
    the audience rule (if/then/else: breaches for the internal report only) is not one."""
    if isinstance(schema, dict):
        if "properties" in schema:
            yield where or "/", schema
        for key, value in schema.items():
            if not (where == "" and key in ("if", "then", "else")):
                yield from objects(value, f"{where}/{key}")
    elif isinstance(schema, list):
        for i, value in enumerate(schema):
            yield from objects(value, f"{where}/{i}")


# The only keys a reader may not find: everything else is always present.
OPTIONAL = {
    "report": {
        "/": ["support", "client", "clients", "credit_tiers"],  # by SLA file and edition
        "/$defs/support": ["breaches"],  # internal audience only
        "/$defs/support_calendar/properties/hours": [  # open days only
            "mon",
            "tue",
            "wed",
            "thu",
            "fri",
            "sat",
            "sun",
        ],
    },
    "status": {},
}


@pytest.mark.parametrize("name", ["report", "status"])
def test_every_object_is_closed_and_every_key_described(name: str) -> None:
    schema = json.loads(schema_text(name))
    found = dict(objects(schema))
    assert len(found) == (28 if name == "report" else 8)
    optional = {}
    for where, obj in found.items():
        assert obj["additionalProperties"] is False, where
        assert "object" in obj["type"], where
        keys = list(obj["properties"])
        missing = [k for k in keys if k not in obj["required"]]
        if missing:
            optional[where] = missing
        for key, prop in obj["properties"].items():
            if prop is not False:
                assert prop.get("description"), f"{where}/properties/{key}"
    assert optional == OPTIONAL[name]


def test_the_docs_copies_are_the_packaged_schemas() -> None:
    # regenerate --check (test_workflows) says the same; this names the contract's files
    for name in ("report", "status"):
        assert (REPO / "docs" / f"{name}.schema.json").read_text(encoding="utf-8") == (
            schema_text(name)
        )


def property_names(schema: Any) -> Iterator[str]:
    if isinstance(schema, dict):
        yield from schema.get("properties", {})
        for value in schema.values():
            yield from property_names(value)
    elif isinstance(schema, list):
        for value in schema:
            yield from property_names(value)


def test_every_report_key_is_named_in_the_readme() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Report JSON") : readme.index("## How uptime is computed")]
    schema = report_schema()
    # documented as a whole: "how each figure is computed, in words", "hours per weekday"
    del schema["$defs"]["support"]["properties"]["method"]
    del schema["$defs"]["support_calendar"]["properties"]["hours"]
    names = sorted(set(property_names(schema)))
    assert len(names) == 133
    named = re.compile(r"[`.]({})(?=(\[\])?[`.])".format("|".join(map(re.escape, names))))
    assert sorted(set(names) - {m.group(1) for m in named.finditer(section)}) == []


# ------------------------------------------------------------------------ real reports


@pytest.fixture(scope="module")
def reports(demo_data: Path) -> dict[tuple[str, str], dict[str, Any]]:
    out = {}
    for period in ("2025-08", "2026-08", "2026-11", "2027-02"):
        for audience in ("public", "internal"):
            out[period, audience] = report(demo_data, period, audience)
    return out


# period -> (to_date, uptime.percent is null, projection is null, elapsed minutes)
CASES = {
    "2025-08": (False, True, True, 132480.0),  # past, before the demo's records begin
    "2026-08": (False, False, True, 132480.0),  # past and complete, with breaches
    "2026-11": (True, False, False, 28080.0),  # running: 19 days 12 hours so far
    "2027-02": (True, True, True, 0.0),  # not started yet
}


@pytest.mark.parametrize("audience", ["public", "internal"])
@pytest.mark.parametrize("period", list(CASES))
def test_report_follows_the_contract(
    reports: dict[tuple[str, str], dict[str, Any]], period: str, audience: str
) -> None:
    data = reports[period, audience]
    assert errors(report_schema(), data) == []
    validate_report(data)
    assert (data["schema_version"], data["audience"], data["period"]["id"]) == (
        1,
        audience,
        period,
    )
    to_date, no_percent, no_projection, elapsed = CASES[period]
    u = data["uptime"]
    assert data["period"]["to_date"] is to_date
    assert (u["percent"] is None, u["met"] is None) == (no_percent, no_percent)
    assert (u["projection"] is None) is no_projection
    assert u["elapsed_minutes"] == elapsed
    assert ("breaches" in data["support"]) is (audience == "internal")


def test_the_nulls_the_schema_allows_are_the_ones_the_demo_gives(
    reports: dict[tuple[str, str], dict[str, Any]],
) -> None:
    no_data = reports["2025-08", "public"]
    assert {c["percent"] for c in no_data["uptime"]["components"]} == {None}
    assert {c["observed_percent"] for c in no_data["uptime"]["components"]} == {None}
    assert {d["percent"] for d in no_data["uptime"]["daily"]} == {None}
    assert len(no_data["uptime"]["daily"]) == 92
    s = no_data["support"]
    assert (s["tickets"], s["attainment_percent"], s["median_response_minutes"]) == (0, None, None)
    assert reports["2027-02", "public"]["uptime"]["daily"] == []  # not a day has begun

    complete = reports["2026-08", "internal"]
    assert {o["rule"] for c in complete["uptime"]["components"] for o in c["outages"]} >= {
        None,
        "third-party",
    }
    unanswered = [b for b in complete["support"]["breaches"] if b["first_response"] is None]
    assert unanswered and {b["response_minutes"] for b in unanswered} == {None}
    calendars = {g["calendar"] for g in complete["support"]["groups"]}
    assert calendars == {None, "support"}  # calendar-time targets have no business clock


def test_a_review_not_yet_due_is_null_and_valid(demo_data: Path) -> None:
    # before the demo's next review date (2024-11-20), and before any record: running, no data
    data = report(demo_data, "2024-08", "internal", as_of="2024-09-01T00:00:00+03:00")
    validate_report(data)
    assert (data["terms"]["review_overdue"], data["terms"]["review_overdue_since"]) == (
        False,
        None,
    )
    assert (data["period"]["to_date"], data["uptime"]["percent"], data["uptime"]["projection"]) == (
        True,
        None,
        None,
    )


# ------------------------------------------------------------------------ api/status.json


@pytest.fixture(scope="module")
def quiet_site(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(demo_data, tmp_path_factory.mktemp("contract") / "public", AS_OF)


OPEN_INCIDENT = """\
---
title: Tracking requests failing
components: [tracking]
impact: major
started: 2026-11-21T10:00:00+03:00
updates:
  - at: 2026-11-21T10:05:00+03:00
    status: investigating
    message: We are looking into failing tracking requests.
  - at: 2026-11-21T10:30:00+03:00
    status: identified
    message: A faulty deploy; it is being rolled back.
---

Tracking requests failed after a deploy.
"""

MAINTENANCE_NOW = """\
---
title: Database upgrade
components: [dashboard]
start: 2026-11-21T11:00:00+03:00
end: 2026-11-21T13:00:00+03:00
releases: 0
---

The dashboard's database is upgraded.
"""


@pytest.fixture(scope="module")
def busy_site(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A day after the demo's last record: every monitor quiet, an incident open, a
    maintenance window under way, a component without description and one without group."""
    root = tmp_path_factory.mktemp("busy")
    data = root / "data"
    shutil.copytree(demo_data, data)
    (data / "incidents" / "2026-11-21-tracking-failing.md").write_text(OPEN_INCIDENT)
    (data / "maintenance" / "2026-11-21-database.md").write_text(MAINTENANCE_NOW)
    services = (data / "services.yml").read_text()
    services = services.replace(
        "    description: REST API for reports and campaign management\n", ""
    )
    services = services.replace("    group: labs\n", "")
    (data / "services.yml").write_text(services)
    return build(data, root / "public", "2026-11-21T12:00:00+03:00")


def test_status_json_follows_the_contract(quiet_site: Path) -> None:
    status = json.loads((quiet_site / "api/status.json").read_text(encoding="utf-8"))
    assert errors(status_schema(), status) == []
    validate_status(status)
    assert status["schema_version"] == 1
    assert (status["incidents"], status["stale_monitors"]) == ([], [])
    assert [(m["id"], m["status"]) for m in status["scheduled_maintenances"]] == [
        ("2026-12-08-release", "scheduled")
    ]


def test_every_published_report_follows_the_contract(quiet_site: Path) -> None:
    published = sorted(p.name for p in (quiet_site / "api/sla").glob("*.json"))
    assert published == [
        "2025-11.json",
        "2026-02.json",
        "2026-05.json",
        "2026-08.json",
        "2026-11.json",
        "index.json",
    ]
    for name in published[:-1]:
        data = json.loads((quiet_site / "api/sla" / name).read_text(encoding="utf-8"))
        assert problems("report", data) == [], name
        assert data["audience"] == "public" and "breaches" not in data["support"]


def test_status_json_with_an_incident_maintenance_and_quiet_monitors(busy_site: Path) -> None:
    status = json.loads((busy_site / "api/status.json").read_text(encoding="utf-8"))
    assert errors(status_schema(), status) == []
    assert status["status"] == {"indicator": "major", "description": "Partial outage"}
    (incident,) = status["incidents"]
    assert (incident["id"], incident["status"], incident["impact"], incident["resolved_at"]) == (
        "2026-11-21-tracking-failing",
        "identified",
        "major",
        None,
    )
    assert [u["status"] for u in incident["incident_updates"]] == ["identified", "investigating"]
    assert [(m["id"], m["status"]) for m in status["scheduled_maintenances"]] == [
        ("2026-11-21-database", "in_progress"),
        ("2026-12-08-release", "scheduled"),
    ]
    # api-deploys reads a state log whose last state is ongoing: it counts as current
    assert [m["monitor"] for m in status["stale_monitors"]] == [
        "tracking-edge",
        "dashboard-web",
        "api-public",
        "insights-web",
    ]
    # the newest sample, not the as-of time api-deploys' ongoing state reaches
    assert status["last_checked"] == "2026-11-20T11:57:30+03:00"
    assert all(isinstance(m["newest"], str) for m in status["stale_monitors"])
    components = {c["id"]: c for c in status["components"]}
    assert components["api"]["description"] is None
    assert (components["insights"]["group_id"], components["insights"]["group_name"]) == (
        None,
        None,
    )
    assert components["dashboard"]["status"] == "under_maintenance"


# ------------------------------------------------------------------------ strictness

Mutation = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = doc
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        target[last] = value

    return mutate


def _delete(path: str) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = doc
        for part in parents:
            target = target[int(part)] if isinstance(target, list) else target[part]
        del target[last]

    return mutate


def _all(*mutations: Mutation) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        for m in mutations:
            m(doc)

    return mutate


# case -> (mutation, the problems found), made on the complete period's internal report
REPORT_BREAKS: dict[str, tuple[Mutation, list[str]]] = {
    "an unknown top-level key": (
        _set("extra", 1),
        ["(top level): Additional properties are not allowed ('extra' was unexpected)"],
    ),
    "an unknown key in a component": (
        _set("uptime.components.0.colour", "red"),
        ["uptime.components[0]: Additional properties are not allowed ('colour' was unexpected)"],
    ),
    "a required key removed": (
        _delete("uptime.downtime_seconds"),
        ["uptime: 'downtime_seconds' is a required property"],
    ),
    "a required key removed from a support group": (
        _delete("support.groups.0.pending"),
        ["support.groups[0]: 'pending' is a required property"],
    ),
    "a string where a number belongs": (
        _set("uptime.downtime_minutes", "12.5"),
        ["uptime.downtime_minutes: '12.5' is not of type 'number'"],
    ),
    "a fraction where whole seconds belong": (
        _set("uptime.downtime_seconds", 12.5),
        ["uptime.downtime_seconds: 12.5 is not of type 'integer'"],
    ),
    "a null where a number belongs": (
        _set("period.period_minutes", None),
        ["period.period_minutes: None is not of type 'number'"],
    ),
    "a null where a boolean belongs": (
        _set("period.to_date", None),
        ["period.to_date: None is not of type 'boolean'"],
    ),
    "a negative duration": (
        _set("uptime.components.0.no_data_minutes", -1.0),
        ["uptime.components[0].no_data_minutes: -1.0 is less than the minimum of 0"],
    ),
    "a percentage above 100": (
        _set("uptime.percent", 100.5),
        ["uptime.percent: 100.5 is greater than the maximum of 100"],
    ),
    "another schema version": (
        _set("schema_version", 2),
        ["schema_version: 1 was expected"],
    ),
    "an unknown audience": (
        _all(_set("audience", "partner"), _set("support.breaches", [])),
        [
            "audience: 'partner' is not one of ['public', 'internal', 'client']",
            "support: False schema does not allow []",  # only the internal one lists breaches
        ],
    ),
    "a time without its offset": (
        _set("period.start", "2026-08-01T00:00:00"),
        [
            "period.start: '2026-08-01T00:00:00' does not match "
            "'^\\\\d{4}-\\\\d{2}-\\\\d{2}T\\\\d{2}:\\\\d{2}:\\\\d{2}[+-]\\\\d{2}:\\\\d{2}(:\\\\d{2})?$'"
        ],
    ),
    "an internal report without its breach list": (
        _delete("support.breaches"),
        ["support: 'breaches' is a required property"],
    ),
    "a public report with a breach list, even an empty one": (
        _all(_set("audience", "public"), _set("support.breaches", [])),
        ["support: False schema does not allow []"],
    ),
}


@pytest.mark.parametrize("case", list(REPORT_BREAKS))
def test_the_report_schema_is_strict(
    reports: dict[tuple[str, str], dict[str, Any]], case: str
) -> None:
    document = copy.deepcopy(reports["2026-08", "internal"])
    mutate, expected = REPORT_BREAKS[case]
    assert problems("report", document) == []
    mutate(document)
    assert problems("report", document) == expected


def test_a_report_that_breaks_the_contract_is_one_clear_error(
    reports: dict[tuple[str, str], dict[str, Any]],
) -> None:
    document = copy.deepcopy(reports["2026-11", "public"])
    document["uptime"]["met"] = "yes"
    del document["terms"]
    with pytest.raises(ContractError) as caught:
        validate_report(document)
    assert str(caught.value) == (
        "report JSON does not follow its schema (report.schema.json):\n"
        "  (top level): 'terms' is a required property\n"
        "  uptime.met: 'yes' is not of type 'boolean', 'null'"
    )


STATUS_BREAKS: dict[str, tuple[Mutation, list[str]]] = {
    "no schema version": (
        _delete("schema_version"),
        ["(top level): 'schema_version' is a required property"],
    ),
    "an unknown key in the page": (
        _set("page.logo", "x.png"),
        ["page: Additional properties are not allowed ('logo' was unexpected)"],
    ),
    "a null where a name belongs": (
        _set("components.0.name", None),
        ["components[0].name: None is not of type 'string'"],
    ),
    "a string where a position belongs": (
        _set("components.0.position", "1"),
        ["components[0].position: '1' is not of type 'integer'"],
    ),
    "a status Statuspage does not know": (
        _set("components.0.status", "no_data"),
        [
            "components[0].status: 'no_data' is not one of ['operational', "
            "'under_maintenance', 'degraded_performance', 'partial_outage', 'major_outage']"
        ],
    ),
}


@pytest.mark.parametrize("case", list(STATUS_BREAKS))
def test_the_status_schema_is_strict(quiet_site: Path, case: str) -> None:
    document = json.loads((quiet_site / "api/status.json").read_text(encoding="utf-8"))
    mutate, expected = STATUS_BREAKS[case]
    mutate(document)
    assert problems("status", document) == expected
    with pytest.raises(ContractError, match=re.escape(expected[0])):
        validate_status(document)
