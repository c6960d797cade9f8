"""Turn an Upptime repository's status history into statusgen state intervals (CSV).

Upptime keeps one file per site, ``history/<slug>.yml``, holding only the *current* state
(``status``, ``code``, ``responseTime``, ``lastUpdated``, ``startTime``) and commits it when
the status changes (and periodically, for the response time). The history is therefore the
git log of that file: each version says which state the site was in from its
``lastUpdated`` on. This script reads those versions oldest first and writes the spans
between state changes in statusgen's interval format::

    python upptime_history.py PATH/TO/UPPTIME-REPO SLUG MONITOR > upptime.csv
    statusgen import probes upptime.csv

``SLUG`` is the file name without ``.yml``; ``MONITOR`` is the monitor id in services.yml,
which must list the location (``--location``, default ``upptime``). ``degraded`` (slow,
but answering) is up, as statusgen counts a slow but successful check. The last state ends
at ``--until`` (default: the time of the repository's newest commit), so nothing is
claimed past what Upptime saw. Needs only Python and git.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

STATES = {"up": "up", "degraded": "up", "down": "down"}


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], check=True, capture_output=True, text=True
    ).stdout


def _fields(text: str) -> dict[str, str]:
    """The ``key: value`` lines of a history file (older Upptime wrote them as a list)."""
    out = {}
    for line in text.splitlines():
        key, sep, value = line.removeprefix("- ").partition(":")
        if sep:
            out[key.strip()] = value.strip().strip("'\"")
    return out


def _instant(text: str) -> datetime:
    value = datetime.fromisoformat(text.replace("Z", "+00:00"))
    if value.tzinfo is None:
        raise ValueError(f"{text!r} has no UTC offset")
    return value.astimezone(UTC).replace(microsecond=0)


def _iso(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def state_changes(repo: Path, slug: str) -> list[tuple[datetime, str]]:
    """(time, up|down) at each change of state, oldest first, from the file's git log."""
    path = f"history/{slug}.yml"
    log = _git(repo, "log", "--reverse", "--format=%H %cI", "--", path)
    changes: list[tuple[datetime, str]] = []
    for line in log.splitlines():
        commit, committed = line.split(" ", 1)
        try:
            text = _git(repo, "show", f"{commit}:{path}")
        except subprocess.CalledProcessError:
            continue  # the commit deleted the file
        fields = _fields(text)
        state = STATES.get(fields.get("status", "").lower())
        if state is None:
            raise SystemExit(f"{path} at {commit[:10]}: unknown status {fields.get('status')!r}")
        at = _instant(fields.get("lastUpdated") or committed)
        if not changes or changes[-1][1] != state:
            changes.append((at, state))
    return changes


def intervals(
    changes: list[tuple[datetime, str]], until: datetime
) -> list[tuple[datetime, datetime, str]]:
    spans = []
    for (start, state), (end, _) in zip(changes, [*changes[1:], (until, "")], strict=True):
        if end > start:
            spans.append((start, end, state))
    return spans


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", type=Path, help="a clone of the Upptime repository")
    parser.add_argument("slug", help="the site's history file name, without .yml")
    parser.add_argument("monitor", help="the monitor id in statusgen's services.yml")
    parser.add_argument("--location", default="upptime", help="location to store under")
    parser.add_argument("--until", help="end of the last state (ISO 8601 with offset)")
    args = parser.parse_args(argv)
    changes = state_changes(args.repo, args.slug)
    if not changes:
        print(f"no history/{args.slug}.yml in the log of {args.repo}", file=sys.stderr)
        return 1
    until = _instant(args.until or _git(args.repo, "log", "-1", "--format=%cI").strip())
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["monitor", "location", "start", "end", "state"])
    for start, end, state in intervals(changes, until):
        writer.writerow([args.monitor, args.location, _iso(start), _iso(end), state])
    return 0


if __name__ == "__main__":
    sys.exit(main())
