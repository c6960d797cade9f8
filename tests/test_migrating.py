"""docs/migrating.md's Upptime converter: an Upptime history's git log to state intervals."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "docs" / "upptime_history.py"


def commit(repo: Path, slug: str, text: str | None, when: str) -> None:
    """Write (or, with ``text`` None, delete) history/<slug>.yml and commit at ``when``."""
    (repo / "history").mkdir(exist_ok=True)
    file = repo / "history" / f"{slug}.yml"
    if text is None:
        file.unlink()
    else:
        file.write_text(text)
    env = {**os.environ, "GIT_COMMITTER_DATE": when, "GIT_AUTHOR_DATE": when}
    for args in (["add", "-A", "."], ["commit", "--quiet", "-m", f"{slug} at {when}"]):
        subprocess.run(
            ["git", "-c", "user.name=Upptime Bot", "-c", "user.email=bot@example", *args],
            cwd=repo,
            env=env,
            check=True,
        )


def history(status: str, updated: str, *, listed: bool = False) -> str:
    fields = [
        "url: https://api.acme.example",
        f"status: {status}",
        "code: 200",
        "responseTime: 120",
        f"lastUpdated: {updated}",
        "startTime: 2026-07-01T00:00:00.000Z",
        "generator: Upptime <https://github.com/upptime/upptime>",
    ]
    return "".join(("- " if listed else "") + f + "\n" for f in fields)


# What the upptime/upptime template ships as history/google.yml (its state at the time the
# copy was made), as a repository made from the template inherits it: the template's url,
# lastUpdated and startTime, the latter in JavaScript's Date.toString() form as some copies
# carry it (e.g. wakira/my-upptime at caa960f16e400d8093029a9c368a7f4a653c5078). The other
# versions are what uptime-monitor's src/update.ts writes: the seven fields, lastUpdated
# from new Date().toISOString(). Written here.
TEMPLATE_COPY = """url: https://www.google.com
status: up
code: 200
responseTime: 98
lastUpdated: 2024-05-30T23:09:11.460Z
startTime: Mon Aug 10 2020 07:54:39 GMT+0000 (Coordinated Universal Time)
generator: Upptime <https://github.com/upptime/upptime>
"""


@pytest.fixture
def upptime(tmp_path: Path) -> Path:
    repo = tmp_path / "upptime"
    repo.mkdir()
    subprocess.run(["git", "init", "--quiet", str(repo)], check=True)
    # "Use this template": the first commit copies the template, history files included
    commit(repo, "api", TEMPLATE_COPY, "2026-07-31T23:00:00Z")
    # Older Upptime wrote the fields as a YAML list; both forms are read.
    commit(
        repo, "api", history("up", "2026-08-01T00:00:12.345Z", listed=True), "2026-08-01T00:01:00Z"
    )
    commit(repo, "api", history("up", "2026-08-01T06:00:00.000Z"), "2026-08-01T06:01:00Z")
    commit(repo, "api", history("down", "2026-08-02T10:05:07.000Z"), "2026-08-02T10:06:00Z")
    commit(repo, "api", history("degraded", "2026-08-02T10:20:00.000Z"), "2026-08-02T10:21:00Z")
    commit(repo, "other", history("down", "2026-08-03T00:00:00.000Z"), "2026-08-03T00:01:00Z")
    commit(repo, "other", None, "2026-08-03T01:00:00Z")  # removed from .upptimerc.yml
    commit(repo, "api", history("up", "2026-08-04T00:00:00.000Z"), "2026-08-05T00:00:00Z")
    commit(repo, "readme", history("up", "2026-08-20T00:00:00.000Z"), "2026-08-20T00:01:00Z")
    return repo


def convert(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *args], capture_output=True, text=True, check=False
    )


def test_state_changes_become_intervals_up_to_the_files_last_change(upptime: Path) -> None:
    done = convert(str(upptime), "api", "api-public")
    assert done.returncode == 0, done.stderr
    assert list(csv.reader(io.StringIO(done.stdout))) == [
        ["monitor", "location", "start", "end", "state"],
        # the template's version (lastUpdated 2024-05-30) is skipped: this repository
        # began on 2026-07-31
        ["api-public", "upptime", "2026-08-01T00:00:12Z", "2026-08-02T10:05:07Z", "up"],
        ["api-public", "upptime", "2026-08-02T10:05:07Z", "2026-08-02T10:20:00Z", "down"],
        # degraded is up: slow but answering; the up after it is no change of state, and
        # the state ends at the file's last change, not at the newest commit (2026-08-20)
        ["api-public", "upptime", "2026-08-02T10:20:00Z", "2026-08-05T00:00:00Z", "up"],
    ]


def test_a_deleted_site_ends_at_its_deletion(upptime: Path) -> None:
    done = convert(str(upptime), "other", "api-public")
    assert done.returncode == 0, done.stderr
    assert list(csv.reader(io.StringIO(done.stdout)))[1:] == [
        ["api-public", "upptime", "2026-08-03T00:00:00Z", "2026-08-03T01:00:00Z", "down"],
    ]  # not down for the 17 days up to the newest commit


def test_a_site_with_only_the_templates_version_has_no_history(tmp_path: Path) -> None:
    repo = tmp_path / "upptime"
    repo.mkdir()
    subprocess.run(["git", "init", "--quiet", str(repo)], check=True)
    commit(repo, "google", TEMPLATE_COPY, "2026-07-31T23:00:00Z")
    commit(repo, "api", history("up", "2026-08-01T00:00:12.345Z"), "2026-08-01T00:01:00Z")
    done = convert(str(repo), "google", "api-public")
    assert done.returncode == 1
    assert done.stderr.strip() == f"no history/google.yml in the log of {repo}"


def test_until_ends_the_last_state_and_the_csv_imports(upptime: Path, site_dir: Path) -> None:
    done = convert(
        str(upptime), "api", "api-public", "--location", "eu-central", "--until",
        "2026-08-03T00:00:00+00:00",
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows[-1][3] == "2026-08-03T00:00:00Z"
    file = site_dir.parent / "upptime.csv"
    file.write_text(done.stdout)
    result = CliRunner().invoke(main, ["--data", str(site_dir), "import", "probes", str(file)])
    assert result.exit_code == 0, result.output
    stored = (site_dir / "probes/intervals/api-public/2026-08.csv").read_text().splitlines()
    assert stored[1:] == [
        "2026-08-01T00:00:12Z,2026-08-02T10:05:07Z,eu-central,up",
        "2026-08-02T10:05:07Z,2026-08-02T10:20:00Z,eu-central,down",
        "2026-08-02T10:20:00Z,2026-08-03T00:00:00Z,eu-central,up",
    ]
    # check reports the store's span up to the last interval's end, not its start
    checked = CliRunner().invoke(main, ["--data", str(site_dir), "check"])
    assert checked.exit_code == 0, checked.output
    assert (
        "probe records from 2026-08-01T03:00:12+03:00 to 2026-08-03T03:00:00+03:00"
        in checked.output
    )


def test_a_site_without_history_is_a_clear_error(upptime: Path) -> None:
    done = convert(str(upptime), "nope", "api-public")
    assert done.returncode == 1
    assert done.stderr.strip() == f"no history/nope.yml in the log of {upptime}"
