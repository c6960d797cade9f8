"""Prometheus query_range matrices -> samples."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.errors import RecordError
from generator.sources import PROBE_FORMATS
from tests.vendor_helpers import FIXTURES, add_sources, context

FIXTURE = FIXTURES / "prometheus" / "query_range.json"


def test_each_point_is_a_sample(site_dir: Path) -> None:
    add_sources(
        site_dir,
        "  - id: blackbox\n    type: prometheus\n    url: http://127.0.0.1:9090\n"
        "    query: probe_success\n"
        "    monitors: {'https://api.lumentrack.example/v1/health': api-public}\n",
    )
    batch = PROBE_FORMATS["prometheus"](FIXTURE, context(site_dir))
    assert [(s.timestamp - 1786528740, s.ok) for s in batch.samples] == [
        (0, True),
        (30, True),
        (60, False),
        (90, False),
        (120, True),
    ]  # NaN is no data; the unmapped series is skipped
    assert {(s.monitor, s.location) for s in batch.samples} == {("api-public", "eu-central")}


def test_an_error_answer_and_a_vector_are_refused(site_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "error.json"
    path.write_text(
        json.dumps({"status": "error", "errorType": "bad_data", "error": "parse error"})
    )
    with pytest.raises(RecordError, match="status 'error': bad_data parse error"):
        PROBE_FORMATS["prometheus"](path, context(site_dir))
    path.write_text(
        json.dumps({"status": "success", "data": {"resultType": "vector", "result": []}})
    )
    with pytest.raises(RecordError, match=r"data\.resultType: 'vector': expected matrix"):
        PROBE_FORMATS["prometheus"](path, context(site_dir))
