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
but answering) is up, as statusgen counts a slow but successful check.

Nothing is claimed past what Upptime saw: the last state ends at the file's last change,
and a deleted file (a site removed from ``.upptimerc.yml``) ends its site's history at the
commit that deleted it (``--until`` ends it earlier). A repository made from the Upptime
template starts with the template's own history files, whose ``lastUpdated`` is the
template's, from before the repository existed; such versions, written before the
repository's first commit, are skipped. Needs only Python and git.
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


def _first_commit(repo: Path) -> datetime:
    """When the repository began (its oldest root commit, e.g. the copy of the template)."""
    roots = _git(repo, "log", "--max-parents=0", "--format=%cI", "HEAD").split()
    return min(_instant(root) for root in roots)


def history(
    repo: Path, slug: str, until: datetime | None = None
) -> list[tuple[datetime, datetime, str]]:
    """(start, end, up|down) spans of one site, oldest first, from its file's git log."""
    path = f"history/{slug}.yml"
    born = _first_commit(repo)
    log = _git(repo, "log", "--reverse", "--format=%H %cI", "--", path)
    spans: list[tuple[datetime, datetime, str]] = []
    current: tuple[datetime, str] | None = None  # the state in force, since when
    last_change = born
    for line in log.splitlines():
        commit, committed = line.split(" ", 1)
        changed = _instant(committed)
        try:
            text = _git(repo, "show", f"{commit}:{path}")
        except subprocess.CalledProcessError:  # the commit deleted the file: the site ends
            if current is not None:
                spans.append((current[0], changed, current[1]))
            current = None
            continue
        fields = _fields(text)
        state = STATES.get(fields.get("status", "").lower())
        if state is None:
            raise SystemExit(f"{path} at {commit[:10]}: unknown status {fields.get('status')!r}")
        at = _instant(fields.get("lastUpdated") or committed)
        if at < born:
            continue  # inherited from the template: not seen by this repository
        if current is None:
            current = (at, state)
        elif current[1] != state:
            spans.append((current[0], at, current[1]))
            current = (at, state)
        last_change = changed
    if current is not None:
        spans.append((current[0], last_change, current[1]))
    if until is not None:
        spans = [(start, min(end, until), state) for start, end, state in spans]
    return [(start, end, state) for start, end, state in spans if end > start]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", type=Path, help="a clone of the Upptime repository")
    parser.add_argument("slug", help="the site's history file name, without .yml")
    parser.add_argument("monitor", help="the monitor id in statusgen's services.yml")
    parser.add_argument("--location", default="upptime", help="location to store under")
    parser.add_argument("--until", help="end the history earlier (ISO 8601 with offset)")
    args = parser.parse_args(argv)
    spans = history(args.repo, args.slug, _instant(args.until) if args.until else None)
    if not spans:
        print(f"no history/{args.slug}.yml in the log of {args.repo}", file=sys.stderr)
        return 1
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["monitor", "location", "start", "end", "state"])
    for start, end, state in spans:
        writer.writerow([args.monitor, args.location, _iso(start), _iso(end), state])
    return 0


if __name__ == "__main__":
    sys.exit(main())
