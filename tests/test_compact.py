"""Exact compaction (generator/store/compact.py): a closed month's samples become state runs
and latency hours, and every report figure stays what it was."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from generator.compute.latency import percentiles
from generator.reporting import build_report
from generator.reporting.site import build_model, site_periods
from generator.site import load_site
from generator.store.compact import compact_store, month_bounds
from generator.store.layout import DataDir
from generator.store.probes import Sample, load_intervals, load_samples, write_samples
from generator.timeutil import format_utc, parse_instant
from tests.conftest import REPO

T = parse_instant
STEP = 300  # every monitor checks each 5 minutes: max_gap 900 s
SERVICES = """\
components:
  - id: web
    name: Web
    monitors:
      - {id: web-3, interval: 5m, locations: [eu, us, ap]}
  - id: api
    name: API
    monitors:
      - {id: api-1, interval: 5m, locations: [eu]}
      - {id: api-3, interval: 5m, locations: [eu, us, ap]}
"""
FIRST = T("2026-01-20T00:00:00Z")
LAST = T("2026-08-25T00:00:00Z")  # checks stop here (a monitor stopped, or the data ends)
AS_OF = T("2026-11-25T12:00:00+03:00")  # Nov 2026 - Jan 2027 running; 90 days past the cut
PERIODS = ["2026-02", "2026-05", "2026-08", "2026-11"]
OFFSET = {"eu": 0, "us": 90, "ap": 17}  # each location checks at its own second


def down(
    ok: dict[str, np.ndarray], times: dict[str, np.ndarray], where: str, lo: str, hi: str
) -> None:
    t = times[where]
    ok[where][(t >= T(lo)) & (t < T(hi))] = False


def drop(times: dict[str, np.ndarray], ok: dict[str, np.ndarray], where: str, keep) -> None:
    mask = keep(times[where])
    times[where], ok[where] = times[where][mask], ok[where][mask]


def edge_cases(locations: list[str]) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Checks of one three-location monitor with outages at every kind of edge."""
    times = {loc: np.arange(FIRST + OFFSET[loc], LAST, STEP, dtype=np.int64) for loc in locations}
    ok = {loc: np.ones(len(t), bool) for loc, t in times.items()}
    # across the period boundary, 2026-05-01T00:00+03:00 = 2026-04-30T21:00Z (quorum: eu+us)
    down(ok, times, "eu", "2026-04-30T20:40:00Z", "2026-04-30T21:25:00Z")
    down(ok, times, "us", "2026-04-30T20:50:00Z", "2026-04-30T21:40:00Z")
    # across a UTC month boundary (one partition to the next), inside a period
    down(ok, times, "eu", "2026-03-31T23:50:00Z", "2026-04-01T00:20:00Z")
    down(ok, times, "ap", "2026-03-31T23:40:00Z", "2026-04-01T00:05:00Z")
    # at the cut (June is compacted, July is not): eu and us recover with July's first
    # checks, so June's last runs end there and not max_gap later; ap across it
    down(ok, times, "eu", "2026-06-30T23:30:00Z", "2026-07-01T00:00:00Z")
    down(ok, times, "us", "2026-06-30T23:30:00Z", "2026-07-01T00:00:00Z")
    down(ok, times, "ap", "2026-06-30T23:45:00Z", "2026-07-01T00:15:00Z")
    # one location down alone: never a monitor outage
    down(ok, times, "ap", "2026-02-10T10:00:00Z", "2026-02-10T12:00:00Z")
    # two down, the third silent: the quorum holds; then one down, one silent: no data
    down(ok, times, "eu", "2026-03-03T03:00:00Z", "2026-03-03T04:00:00Z")
    down(ok, times, "us", "2026-03-03T03:00:00Z", "2026-03-03T03:30:00Z")
    drop(
        times,
        ok,
        "ap",
        lambda t: (t < T("2026-03-03T02:50:00Z")) | (t >= T("2026-03-03T05:00:00Z")),
    )
    drop(
        times,
        ok,
        "us",
        lambda t: (t < T("2026-03-03T03:30:00Z")) | (t >= T("2026-03-03T05:00:00Z")),
    )
    # max_gap edges: a step of exactly 900 s (covered) and of 905 s (5 s without data)
    drop(
        times,
        ok,
        "eu",
        lambda t: (t != T("2026-03-10T10:05:00Z")) & (t != T("2026-03-10T10:10:00Z")),
    )
    t = times["eu"]
    t[t == T("2026-03-12T10:15:00Z")] = T("2026-03-12T10:15:05Z")
    drop(
        times,
        ok,
        "eu",
        lambda t: (t != T("2026-03-12T10:05:00Z")) & (t != T("2026-03-12T10:10:00Z")),
    )
    # ... and the same for a failed run, with its partner down through it
    down(ok, times, "eu", "2026-03-20T10:00:00Z", "2026-03-20T11:00:00Z")
    down(ok, times, "us", "2026-03-20T10:00:00Z", "2026-03-20T11:00:00Z")
    drop(
        times,
        ok,
        "us",
        lambda t: (t < T("2026-03-20T10:16:00Z")) | (t >= T("2026-03-20T10:31:30Z")),
    )
    # stray single failures
    down(ok, times, "eu", "2026-05-05T05:05:00Z", "2026-05-05T05:05:01Z")
    down(ok, times, "us", "2026-05-05T05:06:30Z", "2026-05-05T05:06:31Z")
    # a location dropping out, down at its last check: from mid-May ap is never heard again
    down(ok, times, "ap", "2026-05-20T11:30:00Z", "2026-05-20T12:10:00Z")
    down(ok, times, "eu", "2026-05-20T11:40:00Z", "2026-05-20T11:50:00Z")
    drop(times, ok, "ap", lambda t: t < T("2026-05-20T12:05:00Z"))
    return times, ok


def write_partitions(data: Path, monitor: str, times: dict, ok: dict) -> None:
    lines: dict[str, list[str]] = {}
    rng = np.random.default_rng(len(monitor))
    for loc in times:
        latency = np.round(rng.lognormal(4.5, 0.3, len(times[loc])), 1)
        for t, good, ms in zip(
            times[loc].tolist(), ok[loc].tolist(), latency.tolist(), strict=True
        ):
            stamp = np.datetime64(t, "s").astype(str) + "Z"
            row = f"{stamp},{loc},{int(good)},{ms if good else ''},{200 if good else 503},"
            lines.setdefault(stamp[:7], []).append(row + ("" if good else "HTTP 503"))
    for month, rows in lines.items():
        path = data / "probes" / "samples" / monitor / f"{month}.csv"
        path.parent.mkdir(parents=True, exist_ok=True)
        rows.sort()  # by time (each location checks at its own second)
        if month == "2026-04":  # a line out of order, and a key stored twice (the last wins)
            rows[10], rows[11] = rows[11], rows[10]
            rows += [rows[20].replace(",1,", ",0,", 1), rows[20]]
        path.write_text(
            "timestamp,location,ok,latency_ms,status_code,error\n" + "\n".join(rows) + "\n"
        )


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three monitors (two with three locations, quorum 2) with every edge, January to
    late August 2026, read only: copy it to change it."""
    data = tmp_path_factory.mktemp("compact") / "data"
    data.mkdir()
    shutil.copy(REPO / "data" / "sla.yml", data / "sla.yml")
    (data / "services.yml").write_text(SERVICES)
    for monitor in ("web-3", "api-3"):
        times, ok = edge_cases(["eu", "us", "ap"])
        if monitor == "api-3":  # the same edges an hour later, against api-1's own
            times = {loc: t + 3600 for loc, t in times.items()}
        write_partitions(data, monitor, times, ok)
    times, ok = edge_cases(["eu", "us", "ap"])
    write_partitions(data, "api-1", {"eu": times["eu"]}, {"eu": ok["eu"]})
    # a state interval stored beside the samples: down wins where it overlaps them
    (data / "probes" / "intervals" / "api-1").mkdir(parents=True)
    (data / "probes" / "intervals" / "api-1" / "2026-04.csv").write_text(
        "start,end,location,state\n2026-04-30T20:00:00Z,2026-04-30T21:10:00Z,eu,down\n"
    )
    return data


def reports(data: Path) -> dict[str, dict]:
    """Every period's whole report (internal audience: the most detail), as JSON."""
    site = load_site(data).known_at(AS_OF)
    periods = site_periods(site, AS_OF)
    assert [p.id for p in periods] == ["2025-11", *PERIODS]
    return {p.id: build_report(site, p, AS_OF, "internal").to_json() for p in periods}


def copy(store: Path, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(store, data)
    return data


def compact(data: Path, before: str = "2026-07") -> None:
    compact_store(DataDir(data), list(load_site(data).services.monitors.values()), before)


def test_compacted_store_reports_identical_figures(store: Path, tmp_path: Path) -> None:
    before = reports(store)
    # the store holds what the edges need: downtime and no data in the closed periods
    web = {p: before[p]["uptime"]["components"][0] for p in PERIODS}
    assert [web[p]["downtime_seconds"] > 0 for p in PERIODS[:2]] == [True, True]
    assert web["2026-02"]["no_data_minutes"] > 0
    data = copy(store, tmp_path)
    summary = compact_store(
        DataDir(data), list(load_site(data).services.monitors.values()), "2026-07"
    )
    assert sorted({m for m, _ in summary.months}) == ["api-1", "api-3", "web-3"]
    assert sorted({month for _, month in summary.months}) == [
        "2026-01",
        "2026-02",
        "2026-03",
        "2026-04",
        "2026-05",
        "2026-06",
    ]
    assert sorted(p.name for p in (data / "probes/samples/web-3").iterdir()) == [
        "2026-07.csv",
        "2026-08.csv",
    ]
    assert summary.runs < summary.samples / 1000
    assert reports(data) == before


def site_figures(data: Path) -> list:
    """What the status site shows of each component, and its status, as of AS_OF."""
    model = build_model(load_site(data), AS_OF, reuse_reports=False)
    return [model.status, [p.id for p in model.periods], model.components]


def test_compacted_store_builds_the_same_site_model(store: Path, tmp_path: Path) -> None:
    before = site_figures(store)
    data = copy(store, tmp_path)
    compact(data)
    assert site_figures(data) == before


def test_a_compaction_cut_short_reads_either_form_and_counts_nothing_twice(
    store: Path, tmp_path: Path
) -> None:
    before = reports(store)
    data = copy(store, tmp_path)
    compact(data)
    # killed after May's runs were written, before its samples were removed: both forms
    shutil.copy(store / "probes/samples/web-3/2026-05.csv", data / "probes/samples/web-3")
    # killed after April's latency hours were written, before its runs
    (data / "probes/compacted/runs/api-3/2026-04.csv").unlink()
    shutil.copy(store / "probes/samples/api-3/2026-04.csv", data / "probes/samples/api-3")
    assert reports(data) == before
    result = run("--data", str(data), "check")
    assert result.exit_code == 0, result.output
    assert (
        "compaction of web-3 2026-05 was cut short: its samples are still read, not its runs "
        "(run statusgen compact again to finish it)"
    ) in result.stdout
    # samples cannot be added to a month that is half done either
    added = run("--data", str(data), "import", "probes", str(one_check(tmp_path, "2026-05-02")))
    assert added.exit_code == 1
    assert "compacted through 2026-06; nothing was changed" in added.stderr
    # running it again finishes both
    compact(data)
    assert not (data / "probes/samples/web-3/2026-05.csv").exists()
    assert not (data / "probes/samples/api-3/2026-04.csv").exists()
    assert (data / "probes/compacted/runs/api-3/2026-04.csv").exists()
    assert reports(data) == before


def run(*args: str):  # type: ignore[no-untyped-def]
    from click.testing import CliRunner

    from generator.cli import main

    return CliRunner().invoke(main, list(args))


def one_check(tmp_path: Path, day: str) -> Path:
    path = tmp_path / f"check-{day}.csv"
    path.write_text(f"timestamp,monitor,location,ok,latency_ms\n{day}T10:00:02Z,web-3,eu,1,80\n")
    return path


def test_samples_cannot_be_added_to_compacted_history(store: Path, tmp_path: Path) -> None:
    data = copy(store, tmp_path)
    compact(data)
    for day in ("2026-03-05", "2025-12-01"):  # a compacted month; a month before them
        result = run("--data", str(data), "import", "probes", str(one_check(tmp_path, day)))
        assert result.exit_code == 1
        assert result.stderr == (
            f"Error: {data}/probes/samples/web-3/{day[:7]}.csv: samples of this month cannot "
            "be added: the monitor's samples are compacted through 2026-06; nothing was "
            "changed\n"
        )
        assert not (data / f"probes/samples/web-3/{day[:7]}.csv").exists()
    # after the cut, samples are added as ever
    result = run("--data", str(data), "import", "probes", str(one_check(tmp_path, "2026-08-26")))
    assert result.exit_code == 0, result.output
    assert "samples 1 added, 0 updated, 0 already stored" in result.stdout


HAND = """\
components:
  - id: web
    name: Web
    monitors:
      - {id: web-1, interval: 5m, locations: [eu]}
"""


@pytest.fixture
def hand(site_dir: Path) -> Path:
    """One location's checks in March 2026, worked by hand: up, up, down, down, then
    silent for 25 minutes (max_gap 15), up, silent 20 minutes, up."""
    (site_dir / "services.yml").write_text(HAND)
    checks = [
        ("2026-03-01T00:00:00Z", True, 100.0),
        ("2026-03-01T00:05:00Z", True, 120.0),
        ("2026-03-01T00:10:00Z", False, None),
        ("2026-03-01T00:15:00Z", False, None),
        ("2026-03-01T00:40:00Z", True, 90.5),
        ("2026-03-01T01:00:00Z", True, None),  # a successful check with no latency
        ("2026-03-01T01:03:00Z", True, 80.25),
    ]
    write_samples(
        DataDir(site_dir),
        [Sample(T(t), "web-1", "eu", ok, ms, 200 if ok else 503) for t, ok, ms in checks],
    )
    return site_dir


def test_runs_and_latency_hours_worked_by_hand(hand: Path) -> None:
    compact(hand, "2026-04")
    runs = (hand / "probes/compacted/runs/web-1/2026-03.csv").read_text()
    assert runs == (
        "first,last,location,state,checks,longest_step\n"
        "2026-03-01T00:00:00Z,2026-03-01T00:05:00Z,eu,up,2,300\n"
        "2026-03-01T00:10:00Z,2026-03-01T00:15:00Z,eu,down,2,300\n"
        "2026-03-01T00:40:00Z,2026-03-01T00:40:00Z,eu,up,1,0\n"
        "2026-03-01T01:00:00Z,2026-03-01T01:03:00Z,eu,up,2,180\n"
    )
    hours = (hand / "probes/compacted/latency/web-1/2026-03.csv").read_text()
    assert hours == (
        "hour,location,checks,failures,measured,p50_ms,p95_ms\n"
        "2026-03-01T00:00:00Z,eu,5,2,3,100,120\n"
        "2026-03-01T01:00:00Z,eu,2,0,1,80.25,80.25\n"
    )
    assert not (hand / "probes/samples/web-1").exists() or not list(
        (hand / "probes/samples/web-1").iterdir()
    )
    # read back as the states the samples made: up to the down check, down until max_gap
    # after the last down check, nothing until 00:40, up max_gap, nothing, up from 01:00
    monitor = load_site(hand).services.monitors["web-1"]
    states = load_intervals(DataDir(hand), monitor, T("2026-03-02T00:00:00Z"))
    assert [
        (format_utc(int(s)), format_utc(int(e)), bool(u))
        for s, e, u in zip(states.start, states.end, states.up, strict=True)
    ] == [
        ("2026-03-01T00:00:00Z", "2026-03-01T00:10:00Z", True),
        ("2026-03-01T00:10:00Z", "2026-03-01T00:30:00Z", False),
        ("2026-03-01T00:40:00Z", "2026-03-01T00:55:00Z", True),
        ("2026-03-01T01:00:00Z", "2026-03-01T01:18:00Z", True),
    ]
    assert (
        len(
            load_samples(
                DataDir(hand), monitor, T("2026-03-01T00:00:00Z"), T("2026-04-01T00:00:00Z")
            )
        )
        == 0
    )


def test_a_later_check_ends_the_last_run_of_a_compacted_month(hand: Path) -> None:
    # the next check, in April (not compacted), comes 5 minutes after March's last
    write_samples(DataDir(hand), [Sample(T("2026-03-31T23:58:00Z"), "web-1", "eu", False)])
    write_samples(DataDir(hand), [Sample(T("2026-04-01T00:03:00Z"), "web-1", "eu", True)])
    compact(hand, "2026-04")
    monitor = load_site(hand).services.monitors["web-1"]
    states = load_intervals(DataDir(hand), monitor, T("2026-04-02T00:00:00Z"))
    assert (T("2026-03-31T23:58:00Z"), T("2026-04-01T00:03:00Z"), False) in list(
        zip(states.start.tolist(), states.end.tolist(), states.up.tolist(), strict=True)
    )


def test_a_shorter_max_gap_than_the_runs_were_made_with_is_refused(hand: Path) -> None:
    compact(hand, "2026-04")
    (hand / "services.yml").write_text(HAND.replace("interval: 5m", "interval: 1m"))
    result = run("--data", str(hand), "report", "--period", "2026-02", "--as-of", "2026-07-01")
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {hand}/probes/compacted/runs/web-1/2026-03.csv:2: longest_step: these "
        "checks were up to 300 s apart, longer than monitor web-1's max_gap (180 s) now: the "
        "runs cannot say where data was missing; restore the samples from git or raise "
        "max_gap\n"
    )
    check = run("--data", str(hand), "check")
    assert check.exit_code == 1
    assert (
        f"Error: {hand}/probes/compacted/runs/web-1/2026-03.csv:2: longest_step: 300 s is "
        "longer than the monitor's max_gap (180 s)\n"
    ) in check.stderr


@pytest.mark.parametrize(
    ("kind", "line", "edit", "error"),
    [
        ("runs", 3, ("down,2,300", "down,1,300"), "3: checks: 1 checks cannot span 300 s"),
        (
            "runs",
            5,
            ("01:00:00Z,2026", "00:39:00Z,2026"),
            "5: first: overlaps the run before it at this location",
        ),
        (
            "runs",
            2,
            ("2026-03-01T00:00:00Z,2026-03-01T00:05", "2026-02-28T23:55:00Z,2026-03-01T00:05"),
            "2: first: 2026-02-28T23:55:00Z is not in 2026-03, the file's month",
        ),
        ("runs", 5, ("up,2,180", "up,2,100"), "5: longest_step: 100 s does not fit 2 checks"),
        ("latency", 2, (",5,2,3,", ",5,2,4,"), "2: measured: 4 is more than the successful checks"),
        (
            "latency",
            3,
            ("80.25,80.25", "80.25,"),
            "3: p95_ms: must be empty exactly when measured is 0",
        ),
        ("latency", 2, ("100,120", "130,120"), "2: p95_ms: is below p50_ms"),
        (
            "latency",
            3,
            ("01:00:00Z", "01:30:00Z"),
            "3: hour: 2026-03-01T01:30:00Z is not the start of an hour",
        ),
    ],
)
def test_check_names_file_line_and_field_of_a_bad_compacted_line(
    hand: Path, kind: str, line: int, edit: tuple[str, str], error: str
) -> None:
    compact(hand, "2026-04")
    path = hand / "probes" / "compacted" / kind / "web-1" / "2026-03.csv"
    lines = path.read_text().splitlines(keepends=True)
    assert edit[0] in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(edit[0], edit[1])
    path.write_text("".join(lines))
    result = run("--data", str(hand), "check")
    assert result.exit_code == 1
    assert result.stderr == f"Error: {path}:{error}\n1 problem found\n"


@pytest.mark.parametrize(
    ("before", "as_of", "error"),
    [
        (
            "2027-02",
            "2026-11-25T12:00:00+03:00",
            "Error: --before 2027-02: the period before it, Nov 2026–Jan 2027, has not ended as "
            "of 2026-11-25T12:00:00+03:00; only closed periods are compacted\n",
        ),
        (
            "2026-11",
            "2026-11-25T12:00:00+03:00",
            "Error: --before 2026-11: its samples from 2026-10-01T03:00:00+03:00 on are still "
            "drawn on the site (latency over the last 90 days, from 2026-08-28T00:00:00+03:00); "
            "compact an earlier period\n",
        ),
        (
            "2026-05",
            "2026-08-01T00:00:00+03:00",
            "Error: the store holds samples after --as-of 2026-08-01T00:00:00+03:00 (the newest "
            "at 2026-08-25T03:56:30+03:00): compact as of now\n",
        ),
    ],
)
def test_compact_refuses_what_is_not_safe(
    store: Path, tmp_path: Path, before: str, as_of: str, error: str
) -> None:
    data = copy(store, tmp_path)
    files = sorted(p.relative_to(data) for p in data.rglob("*"))
    result = run("--data", str(data), "compact", "--before", before, "--as-of", as_of)
    assert result.exit_code == 1
    assert result.stderr == error
    assert sorted(p.relative_to(data) for p in data.rglob("*")) == files


def test_compact_command(store: Path, tmp_path: Path) -> None:
    data = copy(store, tmp_path)
    args = ("--data", str(data), "compact", "--before", "2026-08", "--as-of", "2026-11-25")
    months = sorted(data.glob("probes/samples/*/2026-0[1-6].csv"))
    # every line but the header, less April's key stored twice over (twice per monitor)
    samples = sum(len(p.read_text().splitlines()) - 1 for p in months) - 3 * 2
    result = run(*args)
    assert result.exit_code == 0, result.output
    runs = sum(len(p.read_text().splitlines()) - 1 for p in data.glob("probes/compacted/runs/*/*"))
    hours = sum(
        len(p.read_text().splitlines()) - 1 for p in data.glob("probes/compacted/latency/*/*")
    )
    # 2026-08 starts 2026-07-31T21:00Z: July keeps its samples
    assert result.stdout == (
        f"compacted 2026-01 to 2026-06 of 3 monitors: {samples:,} samples became "
        f"{runs:,} runs and {hours:,} latency hours\n"
    )
    assert (samples, runs) == (302_560, 112)
    again = run(*args)
    assert again.stdout == "nothing to compact: no samples before 2026-07 (UTC months)\n"


def test_latency_hours_hold_the_engines_own_percentiles(store: Path, tmp_path: Path) -> None:
    data = copy(store, tmp_path)
    monitor = load_site(data).services.monitors["web-3"]
    lo, hi = month_bounds("2026-03")
    samples = load_samples(DataDir(data), monitor, lo, hi)
    compact(data)
    path = data / "probes/compacted/latency/web-3/2026-03.csv"
    rows = [line.split(",") for line in path.read_text().splitlines()[1:]]
    edges = np.arange(lo, hi + 1, 3600)
    for index, location in enumerate(monitor.locations):
        mine = samples.location == index
        series = percentiles(
            samples.timestamp[mine], samples.latency_ms[mine], samples.ok[mine], edges
        )
        stored = {T(r[0]): r for r in rows if r[1] == location}
        for start, count, p50, p95 in zip(
            series.starts, series.counts, series.values[50], series.values[95], strict=True
        ):
            if start in stored:
                row = stored[start]
                assert int(row[4]) == count
                assert (float(np.float32(row[5])) if row[5] else None) == p50
                assert (float(np.float32(row[6])) if row[6] else None) == p95
            else:
                assert count == 0
    # the outage at 03:00 on 2026-03-03: eu failed every check that hour
    assert "2026-03-03T03:00:00Z,eu,12,12,0,," in path.read_text().splitlines()


def test_monitors_with_a_latency_threshold_keep_their_samples(hand: Path) -> None:
    services = HAND.replace(
        "locations: [eu]}",
        "locations: [eu], degraded: {latency_ms: 500, percentile: 95, window: 1h}}",
    )
    (hand / "services.yml").write_text(services)
    result = run("--data", str(hand), "compact", "--before", "2026-05", "--as-of", "2026-11-25")
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        "nothing to compact: no samples before 2026-04 (UTC months)\n"
        "kept the samples of monitors with a latency threshold: web-1\n"
    )
    assert (hand / "probes/samples/web-1/2026-03.csv").exists()


def test_the_commented_compaction_step_of_inits_workflow_runs(store: Path, tmp_path: Path) -> None:
    template = REPO / "generator/scaffold/files/status.yml.j2"
    steps = [
        line.split("run: statusgen ", 1)[1].split()
        for line in template.read_text().splitlines()
        if line.strip().startswith("#   run: statusgen compact")
    ]
    assert steps == [["compact", "--before", "previous"]]
    data = copy(store, tmp_path)
    result = run("--data", str(data), *steps[0], "--as-of", "2026-11-25")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("compacted 2026-01 to 2026-06 of 3 monitors: ")
