"""Helpers for the vendor-format and collector tests: fixtures, sources config, contexts."""

from __future__ import annotations

from pathlib import Path

from generator.site import load_site
from generator.sources.base import SourceContext

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def add_sources(data: Path, yaml_block: str, *, file: str = "services.yml") -> None:
    """Append a ``sources:`` section (YAML text, without the key) to a site's file."""
    path = data / file
    path.write_text(
        path.read_text(encoding="utf-8") + "\nsources:\n" + yaml_block, encoding="utf-8"
    )


def context(data: Path, **kwargs: object) -> SourceContext:
    site = load_site(data)
    return SourceContext(site.sla, site.services, **kwargs)  # type: ignore[arg-type]
