"""Rewrite the committed files that are generated, or (--check) list those that are stale.

    python -m generator.regenerate          # rewrite them
    python -m generator.regenerate --check  # exit 1 if one differs from what it should be

- ``docs/configuration.md``: the configuration reference, from the JSON Schemas;
- ``.github/workflows/status.yml``: the demo's status workflow, from the template every
  ``statusgen init`` site gets;
- ``docs/report.schema.json``, ``docs/status.schema.json``: the JSON contract, copied from
  the schemas the package ships (``generator/schemas/``).

The tests run the same comparison, so a schema or template change that is not regenerated
fails the suite.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from generator.contract import schema_text
from generator.reference_docs import render_configuration_reference
from generator.scaffold import render_status_workflow

REPO = Path(__file__).resolve().parent.parent

GENERATED: dict[str, Callable[[], str]] = {
    "docs/configuration.md": render_configuration_reference,
    ".github/workflows/status.yml": lambda: render_status_workflow(demo=True),
    "docs/report.schema.json": lambda: schema_text("report"),
    "docs/status.schema.json": lambda: schema_text("status"),
}


def stale(root: Path = REPO) -> list[str]:
    """The generated files under ``root`` whose content is not what they are generated as."""
    out = []
    for name, render in GENERATED.items():
        path = root / name
        if not path.is_file() or path.read_text(encoding="utf-8") != render():
            out.append(name)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.regenerate", description=__doc__)
    parser.add_argument("--check", action="store_true", help="only report stale files")
    args = parser.parse_args(argv)
    names = stale()
    if args.check:
        for name in names:
            print(f"{name} is stale: run python -m generator.regenerate", file=sys.stderr)
        return 1 if names else 0
    for name in names:
        path = REPO / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(GENERATED[name](), encoding="utf-8")
        print(f"wrote {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
