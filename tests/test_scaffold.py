"""What `statusgen init` writes: commented configuration, mkdocs.yml and theme, workflows."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.config.schema import SERVICES_SCHEMA, SLA_SCHEMA
from generator.config.services import load_services
from generator.config.sla import load_sla
from generator.scaffold import (
    COMPANY_PLACEHOLDER,
    DEMO,
    NewSite,
    render_mkdocs,
    render_services,
    render_sla,
    site_files,
)
from generator.scaffold.commented_yaml import dump_commented
from generator.scaffold.install import requirement

REPO = Path(__file__).resolve().parent.parent
KEY = re.compile(r"^(?P<indent>\s*)(?P<dash>- )?(?P<key>[A-Za-z_][\w-]*):(?: |$)")


def uncommented_keys(text: str) -> list[str]:
    """Block keys with neither a comment above them nor a line in their list's comment.

    A key of a list item is described once, in the comment above the list ("Each entry:"
    and one line per field); every other key has its own comment right above it.
    """
    lines = text.splitlines()
    problems = []
    open_flow = 0  # a flow collection wrapped over several lines is one value
    for i, line in enumerate(lines):
        continued = open_flow > 0
        if not line.lstrip().startswith("#"):
            open_flow += line.count("{") + line.count("[") - line.count("}") - line.count("]")
        match = KEY.match(line)
        if continued or not match:
            continue
        indent = len(match["indent"]) + (2 if match["dash"] else 0)
        above = lines[i - 1].strip() if i else ""
        if above.startswith("#") and not match["dash"]:
            continue
        if match["dash"] and above.startswith("#") and not _in_list(lines, i, indent):
            continue
        owner = _list_owner(lines, i, indent)
        if owner is not None and any(
            re.match(rf"#\s+{re.escape(match['key'])}:", c) for c in _comment_above(lines, owner)
        ):
            continue
        problems.append(f"{i + 1}: {line.strip()}")
    return problems


def _in_list(lines: list[str], i: int, indent: int) -> bool:
    return _list_owner(lines, i, indent) is not None


def _list_owner(lines: list[str], i: int, indent: int) -> int | None:
    """The line of the key whose list item line ``i`` is in, if any."""
    item = None
    for j in range(i, -1, -1):
        text = lines[j]
        if not text.strip() or text.lstrip().startswith("#"):
            continue
        width = len(text) - len(text.lstrip())
        if text.lstrip().startswith("- ") and width + 2 == indent:
            item = width
            break
        if width < indent and not text.lstrip().startswith("- "):
            return None
    if item is None:
        return None
    for j in range(i - 1, -1, -1):
        text = lines[j]
        width = len(text) - len(text.lstrip())
        if text.strip() and not text.lstrip().startswith(("#", "- ")) and width < item + 1:
            return j
    return None


def _comment_above(lines: list[str], j: int) -> list[str]:
    out = []
    for k in range(j - 1, -1, -1):
        if not lines[k].lstrip().startswith("#"):
            break
        out.append(lines[k].strip())
    return out


@pytest.mark.parametrize(
    "render",
    [lambda: render_sla("Acme", date(2026, 11, 20)), render_services],
    ids=["sla", "services"],
)
def test_every_value_has_a_comment(render: Any) -> None:
    assert uncommented_keys(render()) == []


def test_the_checker_catches_a_missing_comment() -> None:
    assert uncommented_keys("# a\na: 1\nb: 2\n") == ["3: b: 2"]
    listed = "# Each entry:\n#   id: x\nitems:\n  - id: 1\n    name: y\n"
    assert uncommented_keys(listed) == ["5: name: y"]


def test_comments_come_from_the_schema_descriptions() -> None:
    text = render_sla("Acme", date(2026, 11, 20))
    objective = SLA_SCHEMA["properties"]["uptime"]["properties"]["objective_percent"]
    assert f"  # {objective['description']}\n" in text
    assert '  # Reference SLA: "Our commitment is to maintain at least 99.9% Uptime."\n' in text
    services = render_services()
    check = SERVICES_SCHEMA["properties"]["components"]["items"]["properties"]["monitors"]
    timeout = check["items"]["properties"]["check"]["properties"]["timeout"]["description"]
    assert f"# {timeout}\n" in services


def test_the_sla_file_is_valid_and_company_is_filled_in(tmp_path: Path) -> None:
    company = 'Acme: "Q" & Co #1'  # YAML-significant characters stay text
    path = tmp_path / "sla.yml"
    path.write_text(render_sla(company, date(2026, 11, 20)), encoding="utf-8")
    sla = load_sla(path)
    assert sla.company == company
    assert COMPANY_PLACEHOLDER not in path.read_text(encoding="utf-8")
    assert f"is made by {company} and" in yaml.safe_load(path.read_text())["terms"]["introduction"]


def test_the_sla_file_is_the_reference_sla_the_demo_implements() -> None:
    """Value for value the demo's SLA, but for the demo's own holidays, windows and URL."""
    new = yaml.safe_load(render_sla("Lumentrack", date(2021, 3, 1)))
    demo = yaml.safe_load((REPO / "data" / "sla.yml").read_text(encoding="utf-8"))
    for data in (new, demo):
        data.pop("site_url", None)
        for key in ("last_review", "next_review"):  # a new agreement was never reviewed
            data["terms"].pop(key)
        data["support"].pop("high_load")
        for calendar in data["calendars"].values():
            calendar.pop("holidays")
    assert new == demo


def test_the_services_file_has_one_example_monitor_with_an_http_check(tmp_path: Path) -> None:
    (tmp_path / "sla.yml").write_text(render_sla("Acme", date(2026, 11, 20)), encoding="utf-8")
    (tmp_path / "services.yml").write_text(render_services(), encoding="utf-8")
    services = load_services(tmp_path / "services.yml", load_sla(tmp_path / "sla.yml"))
    monitors = list(services.monitors.values())
    assert len(monitors) == 1
    assert monitors[0].locations == ("github-actions",) or list(monitors[0].locations) == [
        "github-actions"
    ]
    assert monitors[0].check is not None
    assert yaml.safe_load(render_services())["components"][0]["monitors"][0]["check"]["type"] == (
        "http"
    )


def test_a_new_agreement_starts_the_day_init_runs_and_is_reviewed_a_year_on() -> None:
    terms = yaml.safe_load(render_sla("Acme", date(2028, 2, 29)))["terms"]
    assert terms["effective_date"] == date(2028, 2, 29)
    assert terms["last_review"] == date(2028, 2, 29)
    assert terms["next_review"] == date(2029, 2, 28)
    assert terms["introduction"].startswith(
        "This Service-Level Agreement, effective as of February 29, 2028, is made by Acme"
    )


def test_the_site_url_is_written_to_the_sla_file_and_mkdocs_yml() -> None:
    sla = yaml.safe_load(render_sla("Acme", date(2026, 11, 20), "https://acme.github.io/status"))
    assert sla["site_url"] == "https://acme.github.io/status"
    mkdocs = yaml.safe_load(render_mkdocs("Acme", "https://acme.github.io/status"))
    assert mkdocs["site_url"] == "https://acme.github.io/status/"


def test_mkdocs_yml_is_the_demos_with_the_new_name() -> None:
    new = yaml.safe_load(render_mkdocs("Acme: Inc"))
    demo = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    assert new.pop("site_name") == "Acme: Inc status"
    assert new.pop("site_description") == (
        "Current status, incident history and SLA reports of Acme: Inc."
    )
    assert "site_url" not in new  # left for the owner to set (commented out)
    for key in ("site_name", "site_description", "site_url"):
        demo.pop(key, None)
    assert new == demo


def test_the_theme_files_are_the_demos() -> None:
    files = site_files(NewSite("Acme", date(2026, 11, 20), None, requirement(None, Path())))
    theme = {name: content for name, content in files.items() if name.startswith("site/")}
    demo = {
        f"site/{p.relative_to(REPO / 'site').as_posix()}": p.read_bytes()
        for p in (REPO / "site").rglob("*")
        if p.is_file()
    }
    assert theme == demo
    assert (DEMO / "mkdocs.yml").resolve() == (REPO / "mkdocs.yml").resolve()


def test_the_new_site_commits_its_data_and_pins_statusgen() -> None:
    files = site_files(NewSite("Acme", date(2026, 11, 20), None, requirement(None, Path())))
    ignored = [line for line in files[".gitignore"].decode().splitlines() if line[:1] == "/"]
    assert ignored == ["/public/", "/.public*"]
    from generator import __version__

    assert f"statusgen=={__version__}\n" in files["requirements.txt"].decode()
    readme = files["README.md"].decode()
    for needed in ("Source: GitHub Actions", "288 runs a day", "60 days", "UPTIMEROBOT_API_KEY"):
        assert needed in readme


def test_a_value_the_schema_does_not_know_is_refused() -> None:
    with pytest.raises(ValueError, match="not a key of the schema"):
        dump_commented({"compnay": "x"}, SLA_SCHEMA)


def test_a_key_without_description_or_note_is_refused() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "integer"}}}
    with pytest.raises(ValueError, match="a: no description"):
        dump_commented({"a": 1}, schema)
    assert dump_commented({"a": 1}, schema, notes={"a": "A number."}) == "# A number.\na: 1\n"


def test_long_text_is_folded_and_loads_back_unchanged() -> None:
    schema = {"type": "object", "properties": {"t": {"type": "string", "description": "T."}}}
    text = "word " * 60 + "end: with a colon, # and a hash"
    out = dump_commented({"t": text}, schema)
    assert "t: >-\n" in out
    assert yaml.safe_load(out) == {"t": text}
    assert max(len(line) for line in out.splitlines()) <= 96
