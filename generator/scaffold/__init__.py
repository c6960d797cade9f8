"""The files of a new status site, and the demo's status workflow, rendered from package data.

``statusgen init`` writes what :func:`site_files` returns. The statusgen repository's own
``.github/workflows/status.yml`` is :func:`render_status_workflow` with ``demo=True``: the
same template as the one every new site gets, so the two cannot drift apart (a test checks
the committed file against it; ``python -m generator.regenerate`` rewrites it).

Templates use ``<% %>`` and ``<< >>`` as Jinja delimiters, because GitHub's expressions are
``${{ }}``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
import yaml

from generator import __version__
from generator.config.schema import SERVICES_SCHEMA, SLA_SCHEMA
from generator.reference_docs import PUBLISHED_README, render_configuration_reference
from generator.scaffold.commented_yaml import dump_commented
from generator.scaffold.install import Requirement, requirements_text, vendor_files

HERE = Path(__file__).resolve().parent
FILES = HERE / "files"
# The demo site's mkdocs.yml and theme files (site/: stylesheet, script, logo, favicon,
# overrides), linked into the package: a new site starts from exactly what the demo uses.
DEMO = HERE / "demo"

PYTHON = "3.12"

# Every action the workflows use, pinned to the full commit of a release (a tag can be
# moved; a commit cannot). The comment names the release, for readers and for Dependabot,
# which updates both together.
ACTIONS = {
    "checkout": "actions/checkout@df4cb1c069e1874edd31b4311f1884172cec0e10 # v6.0.3",
    "setup_python": "actions/setup-python@a309ff8b426b58ec0e2a45f0f869d46889d02405 # v6.2.0",
    "cache": "actions/cache@9255dc7a253b0ccc959486e2bca901246202afeb # v5.0.1",
    "configure_pages": "actions/configure-pages@45bfe0192ca1faeb007ade9deae92b16b8254a0d # v6.0.0",
    "upload_pages_artifact": (
        "actions/upload-pages-artifact@fc324d3547104276b827a68afc52ff2a11cc49c9 # v5.0.0"
    ),
    "deploy_pages": "actions/deploy-pages@368f82528645a54fb793d4d04e342629a3f51346 # v5.0.1",
    "upload_artifact": "actions/upload-artifact@bbbca2ddaa5d8feaa63e36b76fdaad77386f024f # v7.0.0",
}

COMPANY_PLACEHOLDER = "{company}"


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(FILES),
        block_start_string="<%",
        block_end_string="%>",
        variable_start_string="<<",
        variable_end_string=">>",
        comment_start_string="<#",
        comment_end_string="#>",
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # YAML, Markdown and text, never HTML
    )
    env.filters["yaml"] = _yaml_scalar
    return env


def _yaml_scalar(value: Any) -> str:
    """A value written so YAML reads it back unchanged (a name with a colon stays a name)."""
    text = yaml.safe_dump(value, default_flow_style=True, width=1_000_000, allow_unicode=True)
    return text.removesuffix("\n").removesuffix("\n...")


def _render(name: str, **context: Any) -> str:
    return (
        _environment()
        .get_template(name)
        .render(actions=ACTIONS, python=PYTHON, version=__version__, **context)
    )


def render_status_workflow(*, demo: bool) -> str:
    """The scheduled status workflow: a new site's, or (demo) this repository's demo site's."""
    if demo:
        # The demo is statusgen's own checkout, installed from source.
        return _render(
            "status.yml.j2",
            demo=True,
            install="python -m pip install .",
            requirements="pyproject.toml",
        )
    return _render(
        "status.yml.j2",
        demo=False,
        install="python -m pip install -r requirements.txt",
        requirements="requirements.txt",
    )


def _values(name: str) -> tuple[dict[str, Any], dict[str, str]]:
    document = yaml.safe_load((HERE / name).read_text(encoding="utf-8"))
    return document["values"], document.get("notes", {})


def _replace(value: Any, placeholders: dict[str, str]) -> Any:
    if isinstance(value, str):
        for placeholder, text in placeholders.items():
            value = value.replace(placeholder, text)
        return value
    if isinstance(value, list):
        return [_replace(v, placeholders) for v in value]
    if isinstance(value, dict):
        return {k: _replace(v, placeholders) for k, v in value.items()}
    return value


def _in_words(day: date) -> str:
    """'March 1, 2021', as the reference SLA writes its effective date."""
    return f"{day:%B} {day.day}, {day.year}"


def _a_year_on(day: date) -> date:
    return day.replace(year=day.year + 1, day=28 if (day.month, day.day) == (2, 29) else day.day)


SLA_HEADER = """\
# The service level agreement of {company}: its terms, and every rule statusgen applies to
# compute uptime and support-response attainment per SLA period. Pre-filled with the
# reference SLA (99.9% uptime per quarter from February, GMT+3, chat and email response
# targets); change what your agreement says differently. The comment above each key says
# what it means; docs/configuration.md in statusgen lists every key. `statusgen check`
# validates this file and names the line of any problem.

"""

SERVICES_HEADER = """\
# What the status page shows, and what watches it: components (as clients see them) and
# the monitors whose results decide whether each is up. `statusgen probe` runs the checks
# below from the status workflow; records can also come from other tools (see sources in
# statusgen's docs/configuration.md). `statusgen check` validates this file.

"""


def render_sla(company: str, today: date, site_url: str | None = None) -> str:
    """The SLA file of a new agreement between ``company`` and its clients, starting ``today``."""
    values, notes = _values("sla.yml")
    terms = values["terms"]
    terms["effective_date"] = terms["last_review"] = today
    terms["next_review"] = _a_year_on(today)
    data = _replace(values, {COMPANY_PLACEHOLDER: company, "{effective}": _in_words(today)})
    if site_url is not None:
        data = {"site_url": site_url, **data}
    return dump_commented(
        data, SLA_SCHEMA, notes=notes, header=SLA_HEADER.replace("{company}", company)
    )


def render_services() -> str:
    values, notes = _values("services.yml")
    return dump_commented(values, SERVICES_SCHEMA, notes=notes, header=SERVICES_HEADER)


def _site_url_line(site_url: str | None) -> str:
    if site_url is None:
        return (
            "# site_url: https://OWNER.github.io/REPOSITORY/   "
            "# the published address: feeds, badges and the sitemap use it"
        )
    return f"site_url: {_yaml_scalar(site_url.rstrip('/') + '/')}"


# The lines of the demo's mkdocs.yml that name the demo's company or address, and what a new
# site has instead: (company, site_url) -> line.
MKDOCS_SITE_LINES: dict[str, Callable[[str, str | None], str]] = {
    "site_name": lambda company, _: f"site_name: {_yaml_scalar(company + ' status')}",
    "site_url": lambda _, site_url: _site_url_line(site_url),
    "site_description": lambda company, _: (
        "site_description: "
        + _yaml_scalar(f"Current status, incident history and SLA reports of {company}.")
    ),
}


def render_mkdocs(company: str, site_url: str | None = None) -> str:
    """The demo's mkdocs.yml with the new site's name, so both configure the same theme."""
    lines = (DEMO / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    out = []
    replaced = set()
    for line in lines:
        key = line.split(":", 1)[0]
        if key in MKDOCS_SITE_LINES and ":" in line:
            out.append(MKDOCS_SITE_LINES[key](company, site_url))
            replaced.add(key)
        else:
            out.append(line)
    missing = set(MKDOCS_SITE_LINES) - replaced
    if missing:
        raise RuntimeError(f"the demo's mkdocs.yml has no top-level {', '.join(sorted(missing))}")
    return "\n".join(out) + "\n"


def theme_files() -> dict[str, bytes]:
    """The demo's docs directory (site/): the theme's stylesheet, script, images, overrides."""
    root = DEMO / "site"
    return {
        f"site/{path.relative_to(root).as_posix()}": path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


@dataclass(frozen=True)
class NewSite:
    """What a new site is made of: whose it is, when it starts, where it is published."""

    company: str
    today: date
    site_url: str | None
    requirement: Requirement


def site_files(site: NewSite) -> dict[str, bytes]:
    """Every file of a new site: its path relative to the site's root, and its content."""
    texts = {
        "data/sla.yml": render_sla(site.company, site.today, site.site_url),
        "data/services.yml": render_services(),
        "mkdocs.yml": render_mkdocs(site.company, site.site_url),
        ".github/workflows/status.yml": render_status_workflow(demo=False),
        ".github/workflows/check.yml": _render("check.yml.j2"),
        ".github/dependabot.yml": _render("dependabot.yml.j2"),
        ".gitignore": _render("gitignore.j2"),
        "README.md": _render(
            "README.md.j2",
            company=site.company,
            site_url=site.site_url,
            vendored=site.requirement.wheel is not None,
        ),
    }
    files = {name: text.encode("utf-8") for name, text in texts.items()}
    return {**files, **upgradable_files(site.requirement)}


def demo_site_files(requirement: Requirement) -> dict[str, bytes]:
    """The demo site, to try statusgen on: the demo's SLA, services and mkdocs.yml, whose
    records ``statusgen demo`` then generates (no workflows: nothing here is probed)."""
    return {
        "data/sla.yml": (DEMO / "sla.yml").read_bytes(),
        "data/services.yml": (DEMO / "services.yml").read_bytes(),
        "mkdocs.yml": (DEMO / "mkdocs.yml").read_bytes(),
        ".gitignore": _render("gitignore.j2").encode("utf-8"),
        **upgradable_files(requirement),
    }


def upgradable_files(requirement: Requirement) -> dict[str, bytes]:
    """The files that come from statusgen itself, which ``init --upgrade`` replaces: how
    statusgen is installed, and the theme (stylesheet, script, images, overrides)."""
    return {
        "requirements.txt": requirements_text(requirement).encode("utf-8"),
        "docs/configuration.md": render_configuration_reference(PUBLISHED_README).encode("utf-8"),
        **vendor_files(requirement),
        **theme_files(),
    }
