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
from pathlib import Path
from typing import Any

import jinja2
import yaml

from generator import __version__
from generator.config.schema import SERVICES_SCHEMA, SLA_SCHEMA
from generator.scaffold.commented_yaml import dump_commented

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
    "configure_pages": "actions/configure-pages@45bfe0192ca1faeb007ade9deae92b16b8254a0d # v6.0.0",
    "upload_pages_artifact": (
        "actions/upload-pages-artifact@fc324d3547104276b827a68afc52ff2a11cc49c9 # v5.0.0"
    ),
    "deploy_pages": "actions/deploy-pages@368f82528645a54fb793d4d04e342629a3f51346 # v5.0.1",
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


def _replace_company(value: Any, company: str) -> Any:
    if isinstance(value, str):
        return value.replace(COMPANY_PLACEHOLDER, company)
    if isinstance(value, list):
        return [_replace_company(v, company) for v in value]
    if isinstance(value, dict):
        return {k: _replace_company(v, company) for k, v in value.items()}
    return value


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


def render_sla(company: str) -> str:
    values, notes = _values("sla.yml")
    data = _replace_company(values, company)
    return dump_commented(
        data, SLA_SCHEMA, notes=notes, header=SLA_HEADER.replace("{company}", company)
    )


def render_services() -> str:
    values, notes = _values("services.yml")
    return dump_commented(values, SERVICES_SCHEMA, notes=notes, header=SERVICES_HEADER)


# The lines of the demo's mkdocs.yml that name the demo's company, and what a new site has.
MKDOCS_SITE_LINES: dict[str, Callable[[str], str]] = {
    "site_name": lambda company: f"site_name: {_yaml_scalar(company + ' status')}",
    "site_url": lambda company: (
        "# site_url: https://OWNER.github.io/REPOSITORY/   "
        "# the published address: feeds, badges and the sitemap use it"
    ),
    "site_description": lambda company: (
        "site_description: "
        + _yaml_scalar(f"Current status, incident history and SLA reports of {company}.")
    ),
}


def render_mkdocs(company: str) -> str:
    """The demo's mkdocs.yml with the new site's name, so both configure the same theme."""
    lines = (DEMO / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    out = []
    replaced = set()
    for line in lines:
        key = line.split(":", 1)[0]
        if key in MKDOCS_SITE_LINES and ":" in line:
            out.append(MKDOCS_SITE_LINES[key](company))
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


def site_files(company: str) -> dict[str, bytes]:
    """Every file of a new site: its path relative to the site's root, and its content."""
    texts = {
        "data/sla.yml": render_sla(company),
        "data/services.yml": render_services(),
        "mkdocs.yml": render_mkdocs(company),
        ".github/workflows/status.yml": render_status_workflow(demo=False),
        ".github/workflows/check.yml": _render("check.yml.j2"),
        ".github/dependabot.yml": _render("dependabot.yml.j2"),
        "requirements.txt": _render("requirements.txt.j2"),
        ".gitignore": _render("gitignore.j2"),
        "README.md": _render("README.md.j2", company=company),
    }
    files = {name: text.encode("utf-8") for name, text in texts.items()}
    return {**files, **theme_files()}
