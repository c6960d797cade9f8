"""statusgen import probes: the generic CSV and JSONL contract, through the CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

HEADER = "timestamp,monitor,location,ok,latency_ms,status_code,error\n"


def run(site_dir: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["--data", str(site_dir), *args])
    return result.exit_code, result.stdout, result.stderr


def stored(site_dir: Path) -> dict[str, str]:
    return (
        {
            str(p.relative_to(site_dir)): p.read_text()
            for p in sorted((site_dir / "probes").rglob("*.csv"))
        }
        if (site_dir / "probes").exists()
        else {}
    )


def test_csv_import_then_again_adds_nothing(site_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "checks.csv"
    source.write_text(
        HEADER
        + "2026-08-12T10:00:00Z,tracking-edge,eu-central,true,81.2,200,\n"
        + "2026-08-12T13:05:00+03:00,tracking-edge,us-east,DOWN,,503,HTTP 503\n"
        + "2026-08-12T10:10:00Z,api-public,,1,40,,\n"  # single-location monitor: location may be empty
    )
    code, out, err = run(site_dir, "import", "probes", str(source))
    assert code == 0, err
    assert "samples 3 added, 0 updated, 0 already stored" in out
    files = stored(site_dir)
    assert files["probes/samples/tracking-edge/2026-08.csv"].splitlines()[1:] == [
        "2026-08-12T10:00:00Z,eu-central,1,81.2,200,",
        "2026-08-12T10:05:00Z,us-east,0,,503,HTTP 503",
    ]
    code, out, _ = run(site_dir, "import", "probes", str(source))
    assert code == 0
    assert "samples 0 added, 0 updated, 3 already stored" in out
    assert stored(site_dir) == files


def test_jsonl_samples_and_intervals(site_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "checks.jsonl"
    lines = [
        {
            "timestamp": "2026-08-12T10:00:00Z",
            "monitor": "dashboard-web",
            "location": "eu-central",
            "ok": False,
        },
        {
            "monitor": "api-deploys",
            "start": "2026-08-12T10:00:00Z",
            "end": "2026-08-12T10:00:07Z",
            "state": "down",
        },
        {"monitor": "api-deploys", "start": "2026-08-12T10:00:07Z", "state": "up"},
    ]
    source.write_text("\n".join(json.dumps(x) for x in lines) + "\n")
    code, out, err = run(site_dir, "import", "probes", str(source), "--format", "jsonl")
    assert code == 0, err
    assert "samples 1 added" in out and "intervals 2 added" in out
    assert stored(site_dir)["probes/intervals/api-deploys/2026-08.csv"].splitlines() == [
        "start,end,location,state",
        "2026-08-12T10:00:00Z,2026-08-12T10:00:07Z,deploy-watch,down",
        "2026-08-12T10:00:07Z,,deploy-watch,up",
    ]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (
            "2026-08-12T10:05:00,tracking-edge,eu-central,1,,,",
            ":3: timestamp: '2026-08-12T10:05:00' has no UTC offset",
        ),
        (
            "2026-08-12T10:05:00Z,tracking-egde,eu-central,1,,,",
            ":3: monitor: 'tracking-egde' is not a monitor in the services file",
        ),
        (
            "2026-08-12T10:05:00Z,tracking-edge,mars,1,,,",
            ":3: location: 'mars' is not one of monitor tracking-edge's locations",
        ),
        (
            "2026-08-12T10:05:00Z,tracking-edge,eu-central,maybe,,,",
            ":3: ok: 'maybe' is not one of true/false/1/0/up/down",
        ),
        (
            "2026-08-12T10:05:00Z,tracking-edge,eu-central,1,fast,,",
            ":3: latency_ms: 'fast' is not a number",
        ),
        (
            "2026-08-12T10:05:00Z,tracking-edge,eu-central,1,,99,",
            ":3: status_code: '99' is not a whole number from 100 to 599",
        ),
        (",tracking-edge,eu-central,1,,,", ":3: timestamp: is required"),
        (
            "2026-08-12T10:05:00Z,tracking-edge,,1,,,",
            ":3: location: is required: monitor tracking-edge has several locations",
        ),
        ("2026-08-12T10:00:00Z,tracking-edge,eu-central,0,,,", ":3: conflicts with line 2"),
    ],
)
def test_one_bad_row_imports_nothing_and_names_the_row(
    site_dir: Path, tmp_path: Path, row: str, expected: str
) -> None:
    source = tmp_path / "checks.csv"
    source.write_text(
        HEADER
        + "2026-08-12T10:00:00Z,tracking-edge,eu-central,1,,,\n"
        + row
        + "\n"
        + "2026-08-12T10:10:00Z,tracking-edge,eu-central,1,,,\n"
    )
    code, _, err = run(site_dir, "import", "probes", str(source))
    assert code == 1
    assert err.startswith(f"Error: {source}{expected}")
    assert len(err.strip().splitlines()) == 1
    assert stored(site_dir) == {}


def test_unknown_columns_and_formats_are_errors(site_dir: Path, tmp_path: Path) -> None:
    source = tmp_path / "checks.csv"
    source.write_text("timestamp,monitor,ok,latency\n2026-08-12T10:00:00Z,api-public,1,4\n")
    code, _, err = run(site_dir, "import", "probes", str(source))
    assert code == 1 and ":1: latency: unknown column 'latency' in the header" in err
    code, _, err = run(site_dir, "import", "probes", str(source), "--format", "nagios")
    assert code == 2 and "Invalid value for '--format': 'nagios' is not one of 'csv'," in err


def test_a_missing_file_is_a_clear_error(site_dir: Path, tmp_path: Path) -> None:
    code, _, err = run(site_dir, "import", "probes", str(tmp_path / "nope.csv"))
    assert code == 1 and "nope.csv: file not found" in err


# --- the columnar reader: the same store, byte for byte, as the row-by-row reference -----

COLUMNAR_CASES = {
    "plain": HEADER
    + "2026-08-12T10:00:00Z,tracking-edge,eu-central,true,81.2,200,\n"
    + "2026-08-12T13:05:00+03:00,tracking-edge,us-east,DOWN,,503,HTTP 503\n"
    + "2026-08-12T10:10:00Z,api-public,,1,40,,\n",
    "quoting and spaces": HEADER
    + '2026-08-12T10:00:00Z, tracking-edge ,eu-central, Yes ,  81.20 , 200 ,"a, b ""c"""\n'
    + '2026-08-12T10:01:00Z,tracking-edge,eu-central,no,0.0004,404,"line one\nline two"\n'
    + "2026-08-31T23:59:59-00:30,tracking-edge,us-east,OK,1e2,299, trailing \n"
    + "2026-08-12T10:02:00Z,tracking-edge,eu-central,0,12.3456,,\u00e9\u00e8\n",
    "odd numbers": HEADER
    + "2026-08-12T10:00:00Z,api-public,eu-central,1,1_000,2_00,\n"
    + "2026-08-12T10:01:00Z,api-public,eu-central,1,0.1,200.0,\n"
    + "2026-08-12T10:02:00Z,api-public,eu-central,1,86400000,599,\n",
    "latency forms": HEADER
    + "".join(
        f"2026-08-12T10:{minute:02d}:00Z,api-public,eu-central,1,{latency},200,\n"
        for minute, latency in enumerate(
            ["0", "0.5", "081", "81.20", "12.3456", "100.000", "7", "0.125", "0.0005", "00"]
        )
    ),
    "codes and errors": HEADER
    + "".join(
        f"2026-08-12T11:{minute:02d}:00Z,api-public,eu-central,0,,{code},{error}\n"
        for minute, (code, error) in enumerate(
            [
                ("100", ""),
                ("199", "HTTP 199"),
                ("204", ""),
                ("301", "\u0442\u0430\u0439\u043c-\u0430\u0443\u0442"),
                ("404", "x"),
                ("599", ""),
                ("", "refused"),
            ]
        )
    ),
    "repeats": HEADER
    + "2026-08-12T10:00:00Z,api-public,eu-central,1,40,200,\n"
    + "2026-08-12T10:00:00Z,api-public,eu-central,1,40.0,200,\n"
    + "2026-09-01T00:00:00Z,api-public,eu-central,0,,,timeout\n",
    "reordered columns": "ok,monitor,timestamp\n"
    + "1,api-public,2026-08-12T10:00:00Z\n"
    + "0,api-public,2026-07-31T23:00:00-03:00\n",
    "intervals": "monitor,location,start,end,state\n"
    + "api-public,eu-central,2026-08-12T10:00:00Z,2026-08-12T10:05:00Z,DOWN\n"
    + "tracking-edge,us-east,2026-08-12T10:00:00+03:00,,up\n"
    + "api-public,,2026-08-13T10:00:00Z, ,Up\n",
}


def import_both_ways(
    site_dir: Path, tmp_path: Path, content: str, monkeypatch: pytest.MonkeyPatch
) -> tuple[tuple[str, dict[str, str]], tuple[str, dict[str, str]]]:
    import shutil

    from generator.commands import importing

    source = tmp_path / "checks.csv"
    source.write_text(content)
    reference = tmp_path / "reference"
    shutil.copytree(site_dir, reference)
    code, fast_out, err = run(site_dir, "import", "probes", str(source))
    assert code == 0, err
    with monkeypatch.context() as patch:
        patch.setattr(importing, "read_csv_columnar", lambda *a: None)
        code, slow_out, err = run(reference, "import", "probes", str(source))
    assert code == 0, err
    return (fast_out, stored(site_dir)), (slow_out, stored(reference))


@pytest.mark.parametrize("case", sorted(COLUMNAR_CASES))
def test_columnar_import_stores_what_the_reference_stores(
    site_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
) -> None:
    # stored first: some of the file's rows update or repeat stored ones
    seed = tmp_path / "seed.csv"
    seed.write_text(
        HEADER
        + "2026-08-12T10:00:00Z,api-public,eu-central,0,40,500,was down\n"
        + "2026-08-12T10:00:00Z,tracking-edge,eu-central,1,81.2,200,\n"
    )
    assert run(site_dir, "import", "probes", str(seed))[0] == 0
    fast, slow = import_both_ways(site_dir, tmp_path, COLUMNAR_CASES[case], monkeypatch)
    assert fast == slow
    assert fast[1]  # something was stored


def test_a_clean_file_takes_the_columnar_path(
    site_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from generator.sources import generic

    def refuse(*args: object) -> None:
        raise AssertionError("the row-by-row reader was used")

    monkeypatch.setattr(generic, "_read", refuse)
    source = tmp_path / "checks.csv"
    source.write_text(COLUMNAR_CASES["plain"])
    code, out, err = run(site_dir, "import", "probes", str(source))
    assert code == 0, err
    assert "samples 3 added, 0 updated, 0 already stored" in out
    code, out, err = run(site_dir, "import", "probes", str(source))
    assert "samples 0 added, 0 updated, 3 already stored" in out


def test_the_columnar_strip_removes_what_python_strip_removes() -> None:
    from generator.store.columnar import PYTHON_WHITESPACE

    assert "".join(c for c in map(chr, range(0x110000)) if c.isspace()) == PYTHON_WHITESPACE
