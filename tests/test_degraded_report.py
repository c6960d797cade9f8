"""Degraded performance in the period report: time a component was up but slower than a
monitor's latency threshold, by the very rule the status uses, counted apart and never as
downtime. Figures are worked by hand from the checks below."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.compute.intervals import Intervals
from generator.compute.latency import is_slow, slow_spans, window_latency
from generator.config.services import LatencyThreshold
from generator.render.pages import SitePages, Urls, template_environment
from generator.reporting.site import build_model
from generator.site import load_site
from generator.store.probes import Sample, write_samples
from generator.timeutil import parse_instant

REPO = Path(__file__).resolve().parent.parent
P0 = parse_instant("2026-08-01T00:00:00+03:00")  # the start of period 2026-08
MIN = 60

SERVICES = """\
components:
  - id: api
    name: Reporting API
    monitors:
      - id: api-check
        name: API check
        interval: 5m
        locations: [eu]
        degraded: {latency_ms: 500, percentile: 95, window: 10m}
"""


def checks() -> list[Sample]:
    """One check every 5 minutes from 23:50 the day before to 02:00, 100 ms each, except:
    900 ms at 00:30, 00:35, 00:40, 01:05 and 01:15; at 01:10 the check fails (2000 ms)."""
    slow = {30, 35, 40, 65, 75}
    out = []
    for minute in range(-10, 121, 5):
        if minute == 70:
            out.append(Sample(P0 + minute * MIN, "api-check", "eu", False, 2000.0))
        else:
            latency = 900.0 if minute in slow else 100.0
            out.append(Sample(P0 + minute * MIN, "api-check", "eu", True, latency))
    return out


def make_data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    root.mkdir()
    shutil.copy(REPO / "data" / "sla.yml", root / "sla.yml")
    (root / "services.yml").write_text(SERVICES, encoding="utf-8")
    write_samples(load_site(root).data, checks())
    return root


def test_slow_spans_by_hand() -> None:
    # The 10-minute window at the end of second t holds the checks of (t - 600, t]: two
    # 5-minute checks, so the 95th percentile (nearest rank: the 2nd of 2) is the slower
    # one. Slow from 00:30 (the 00:30 check enters) to 00:50 (00:40 leaves): 1200 s.
    # Then from 01:05 to 01:25 (01:15 leaves); the failed 01:10 check has no latency, so
    # in [01:10, 01:15) the window holds 01:05 alone, still slow: 1200 s.
    samples = checks()
    timestamp = np.array([s.timestamp for s in samples], dtype=np.int64)
    latency = np.array([s.latency_ms for s in samples], dtype=np.float64)
    ok = np.array([s.ok for s in samples])
    threshold = LatencyThreshold(latency_ms=500, percentile=95, window=600)
    spans = slow_spans(timestamp, latency, ok, threshold, P0, P0 + 120 * MIN)
    assert spans.pairs() == [(P0 + 1800, P0 + 3000), (P0 + 3900, P0 + 5100)]
    # at the median (the 1st of 2) both checks must be slow: 00:35-00:45; and 01:10-01:20,
    # while the window holds one check with a latency (01:05, then 01:15), a slow one
    threshold = LatencyThreshold(latency_ms=500, percentile=50, window=600)
    spans = slow_spans(timestamp, latency, ok, threshold, P0, P0 + 120 * MIN)
    assert spans.pairs() == [(P0 + 2100, P0 + 2700), (P0 + 4200, P0 + 4800)]
    # clipped to the span asked for
    assert slow_spans(timestamp, latency, ok, threshold, P0 + 2400, P0 + 2500).pairs() == [
        (P0 + 2400, P0 + 2500)
    ]


@settings(max_examples=150, deadline=None)
@given(
    checks=st.lists(
        st.tuples(st.integers(0, 120), st.booleans(), st.sampled_from([10.0, 50.0, 90.0])),
        max_size=14,
    ),
    percentile=st.sampled_from([50, 90, 95, 99]),
    window=st.integers(1, 40),
)
def test_slow_spans_is_the_status_rule_at_every_second(
    checks: list[tuple[int, bool, float]], percentile: int, window: int
) -> None:
    timestamp = np.array([c[0] for c in checks], dtype=np.int64)
    ok = np.array([c[1] for c in checks], dtype=bool)
    latency = np.array([c[2] for c in checks], dtype=np.float64)
    threshold = LatencyThreshold(latency_ms=50, percentile=percentile, window=window)
    spans = slow_spans(timestamp, latency, ok, threshold, 10, 130)
    for t in range(10, 130):
        shown = is_slow(window_latency(timestamp, latency, ok, threshold, t + 1), threshold)
        assert (spans & Intervals.of([(t, t + 1)])).total() == int(shown), t


def test_the_report_counts_degraded_time_apart_from_downtime(tmp_path: Path) -> None:
    # Slow 00:30-00:50 and 01:05-01:25 (above); down 01:10-01:15 (the failed check, one
    # location), which is downtime and so not degraded: 1200 + 1200 - 300 = 2100 s.
    data = make_data(tmp_path)
    runner = CliRunner()
    args = ["report", "--data", str(data), "--period", "2026-08"]
    args += ["--as-of", "2026-08-01T02:00:00+03:00"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    (api,) = json.loads(result.output)["uptime"]["components"]
    assert api["degraded_seconds"] == 2100
    assert api["degraded_minutes"] == 35.0
    assert api["downtime_seconds"] == 300
    assert api["percent"] == 95.8333  # 1 - 300 / 7200, slowness not counted

    text = runner.invoke(main, [*args, "--format", "text"])
    assert text.exit_code == 0, text.output
    assert "  Degraded performance, not counted as downtime: api 35 min\n" in text.output


def test_the_period_page_says_degraded_time_is_not_downtime(tmp_path: Path) -> None:
    data = make_data(tmp_path)
    model = build_model(load_site(data), P0 + 120 * MIN, reuse_reports=False)
    (api,) = model.reports["2026-08"].uptime.components
    assert (api.degraded_seconds, api.downtime_seconds) == (2100, 300)
    pages = SitePages(model, template_environment([]), Urls(), charts={}).sources()
    assert (
        "<p>Degraded performance (up, but slower than its latency threshold) is not counted "
        "as downtime: Reporting API 35 min.</p>"
    ) in pages["sla/2026-08.md"]


def test_without_a_threshold_nothing_is_degraded(tmp_path: Path) -> None:
    data = make_data(tmp_path)
    services = data / "services.yml"
    services.write_text(
        SERVICES.replace("        degraded: {latency_ms: 500, percentile: 95, window: 10m}\n", ""),
        encoding="utf-8",
    )
    model = build_model(load_site(data), P0 + 120 * MIN, reuse_reports=False)
    (api,) = model.reports["2026-08"].uptime.components
    assert (api.degraded_seconds, api.downtime_seconds) == (0, 300)
    pages = SitePages(model, template_environment([]), Urls(), charts={}).sources()
    assert "Degraded performance" not in pages["sla/2026-08.md"]


def slow_before_the_period(tmp_path: Path) -> Path:
    """A 20-minute latency window, longer than the 15 minutes a 5-minute check's state may
    hold; fast checks around 2026-08's start but one slow check at 23:43 the evening before."""
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(REPO / "data" / "sla.yml", data / "sla.yml")
    (data / "services.yml").write_text(
        SERVICES.replace("window: 10m", "window: 20m"), encoding="utf-8"
    )
    fast = [Sample(P0 + m * MIN, "api-check", "eu", True, 100.0) for m in range(-30, 31, 5)]
    write_samples(
        load_site(data).data, [*fast, Sample(P0 - 17 * MIN, "api-check", "eu", True, 900.0)]
    )
    return data


def test_a_window_longer_than_max_gap_looks_back_before_the_period(tmp_path: Path) -> None:
    # a 20-minute window, longer than the 15 minutes a 5-minute check's state may hold: the
    # one slow check, at 23:43 the evening before, keeps the period's first seconds slow
    # until 00:03 (23:43 + 20 min): 180 s
    data = slow_before_the_period(tmp_path)
    args = ["report", "--data", str(data), "--period", "2026-08"]
    result = CliRunner().invoke(main, [*args, "--as-of", "2026-08-01T00:30:00+03:00"])
    assert result.exit_code == 0, result.output
    (api,) = json.loads(result.output)["uptime"]["components"]
    assert (api["degraded_seconds"], api["downtime_seconds"]) == (180, 0)


def test_the_site_looks_back_as_far_as_the_report_after_a_kept_period(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The same checks as above, built by the site late in the quarter. A second build keeps
    # 2026-05's report, so its timelines start at 2026-08's start: the checks it loads must
    # still reach back over the latency window (20 min), not only max_gap (15 min).
    monkeypatch.setenv("STATUSGEN_CACHE_DIR", str(tmp_path / "cache"))
    data = slow_before_the_period(tmp_path)
    as_of = parse_instant("2026-10-31T12:00:00+03:00")  # 90 days shown start after P0
    cold = build_model(load_site(data), as_of)
    warm = build_model(load_site(data), as_of)
    assert (cold.reused, warm.reused) == ([], ["2026-05"])
    for model in (cold, warm):
        (api,) = model.reports["2026-08"].uptime.components
        assert api.degraded_seconds == 180
