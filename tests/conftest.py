"""Shared fixtures. Tests never write into the repository's data/: they copy it.

Under CI (the environment variable ``CI`` set, as ``.ci/run`` sets it) a skipped test is a
failed test: a missing tool or package would otherwise pass quietly. Locally, a skip stays a
skip and says why.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Generator
from pathlib import Path

import pytest

from generator.timeutil import parse_instant

REPO = Path(__file__).resolve().parent.parent
# A fixed "now" for the demo, so tests are repeatable whatever the date.
DEMO_UNTIL = parse_instant("2026-11-20T12:00:00+03:00")


def _skip_reason(report: pytest.CollectReport | pytest.TestReport) -> str:
    longrepr = report.longrepr
    if isinstance(longrepr, tuple) and len(longrepr) == 3:
        return str(longrepr[2]).removeprefix("Skipped: ")
    return str(longrepr)


def _fail_skip_under_ci(report: pytest.CollectReport | pytest.TestReport) -> None:
    # an expected failure (xfail) is reported as skipped too: it is not a skip
    if os.environ.get("CI") and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"skipped under CI, which must run every test: {_skip_reason(report)}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, None]:
    outcome = yield
    _fail_skip_under_ci(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(
    collector: pytest.Collector,
) -> Generator[None, pytest.CollectReport, None]:
    outcome = yield  # a module-level skip (pytest.skip(allow_module_level=True), importorskip)
    _fail_skip_under_ci(outcome.get_result())


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


@pytest.fixture
def demo_copy(demo_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo data to change, with a cache directory of its own."""
    copy = tmp_path / "data"
    shutil.copytree(demo_data, copy)
    monkeypatch.setenv("STATUSGEN_CACHE_DIR", str(tmp_path / "cache"))
    return copy
