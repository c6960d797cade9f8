"""Shared fixtures. Tests never write into the repository's data/: they copy it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.timeutil import parse_instant

REPO = Path(__file__).resolve().parent.parent
# A fixed "now" for the demo, so tests are repeatable whatever the date.
DEMO_UNTIL = parse_instant("2026-11-20T12:00:00+03:00")


@pytest.fixture
def site_dir(tmp_path: Path) -> Path:
    """A data directory with the demo's SLA and services files and no records."""
    data = tmp_path / "data"
    data.mkdir()
    for name in ("sla.yml", "services.yml"):
        shutil.copy(REPO / "data" / name, data / name)
    return data


@pytest.fixture(scope="session")
def demo_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The full demo data set generated up to DEMO_UNTIL (built once per test session).

    Treat it as read-only; copy it (shutil.copytree) before changing anything.
    """
    from generator.demo import DemoOptions, generate_demo

    data = tmp_path_factory.mktemp("demo") / "data"
    data.mkdir()
    for name in ("sla.yml", "services.yml"):
        shutil.copy(REPO / "data" / name, data / name)
    generate_demo(DemoOptions(data, DEMO_UNTIL, 2026))
    return data
