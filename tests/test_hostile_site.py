"""Hostile text and missing data on the site, the feed and the incident and maintenance
files (issue 10, items 9, 10, 13 and 14): no percentage without measured time, a feed that
stays XML, ids that make plain URLs, and one line naming the file for every bad file."""

from __future__ import annotations

import hashlib
import json
import re
import xml.etree.ElementTree as ET
from datetime import UTC
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from generator.cli import main
from generator.model.incidents import Incident, IncidentUpdate
from generator.model.maintenance import Maintenance
from generator.render.badges import GREY
from generator.render.feeds import atom_feed
from generator.render.pages import Urls

pytestmark = pytest.mark.slow

AS_OF = "2026-11-20T15:00:00+03:00"
ATOM = "{http://www.w3.org/2005/Atom}"


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A fresh ``statusgen init`` site with no records (one component: website)."""
    root = tmp_path / "status"
    result = run("init", str(root))
    assert result.exit_code == 0, result.output
    return root


def build(site: Path, out: Path) -> Result:
    return run(
        "--data", str(site / "data"), "build", "-o", str(out), "-f", str(site / "mkdocs.yml"),
        "--as-of", AS_OF, "--no-pdf", "--strict",
    )  # fmt: skip


def check(site: Path) -> Result:
    return run("--data", str(site / "data"), "check")


def text_of(html: str) -> str:
    """The page's main content as text, tags removed."""
    html = html[html.index('data-md-component="content"') :]
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def windows(html: str) -> list[str]:
    """The figures of the home page's uptime windows (24 hours ... this SLA period)."""
    return [
        re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", dd))).strip()
        for dd in re.findall(r"<dd>(.*?)</dd>", html, flags=re.S)
    ]


def snapshot(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


INCIDENT = (
    "---\n"
    "title: {title}\n"
    "components: [website]\n"
    "impact: minor\n"
    "started: 2026-11-19T10:00:00+03:00\n"
    "updates:\n"
    "  - at: 2026-11-19T10:05:00+03:00\n"
    "    status: investigating\n"
    "    message: {message}\n"
    "---\n"
    "\n"
    "{body}\n"
)


def incident(title: str = "Slow pages", message: str = "Looking into it", body: str = "") -> str:
    return INCIDENT.format(title=title, message=message, body=body)


MAINTENANCE = (
    "---\n"
    "title: {title}\n"
    "components: [website]\n"
    "start: 2026-11-25T10:00:00+03:00\n"
    "end: 2026-11-25T11:00:00+03:00\n"
    "---\n"
    "\n"
    "{body}\n"
)


# --- no public number from no data (item 9) ---------------------------------------------


def test_a_site_with_no_records_claims_no_percentage(site: Path, tmp_path: Path) -> None:
    out = tmp_path / "public"
    result = build(site, out)
    assert result.exit_code == 0, result.output

    home = (out / "index.html").read_text()
    assert windows(home) == ["no data"] * 5  # 24 hours, 7, 30, 90 days, this SLA period
    home_text = text_of(home)
    assert "100%" not in home_text and "100.0" not in home_text
    assert (
        "No data yet: no probe results were recorded for the covered components so far, "
        "so no uptime can be stated against the 99.9% objective."
    ) in home_text

    component = text_of((out / "components/website/index.html").read_text())
    table = component[component.index("Window Uptime") : component.index("Windows end")]
    assert "%" not in table
    assert table.count(" no data ") == 5
    assert "Last 90 days no data 0 s 0 s" in table

    # every day of the 90 is grey, and says why
    assert home.count('<button class="sg-day sg-day--no-data"') == 90
    assert 'aria-label="20 Nov 2026: no data"' in home

    badge = (out / "badges/website.svg").read_text()
    assert 'aria-label="uptime: no data"' in badge and f'fill="{GREY}"' in badge
    assert "<title>Website: no uptime data, Nov 2026–Jan 2027 to date</title>" in badge
    ET.fromstring(badge)

    index = json.loads((out / "api/sla/index.json").read_text())
    assert [(p["uptime_percent"], p["met"]) for p in index["periods"]] == [(None, None)]
    status = json.loads((out / "api/status.json").read_text())
    assert status["status"]["description"] == "Status unknown: no recent checks"
    assert status["components"][0]["statusgen_status"] == "no_data"

    period = text_of((out / "sla/2026-11/index.html").read_text())
    assert "No data yet: no probe results were recorded" in period
    assert "Uptime to date no data objective 99.9%" in period
    verdict = period.split("Downtime used vs allowance")[0]
    assert "On track" not in verdict and "met" not in verdict
    assert "Period Verdict Uptime" in text_of((out / "sla/index.html").read_text())


def test_a_figure_over_a_mostly_unmeasured_window_says_how_much_was_measured(
    site: Path, tmp_path: Path
) -> None:
    # nine hours of checks, all up, on the last day: the only data the site has
    rows = ["timestamp,monitor,location,ok,latency_ms,status_code,error"]
    rows += [
        f"2026-11-20T{h:02d}:{m:02d}:00Z,website-https,github-actions,1,120,200,"
        for h in range(3, 12)
        for m in range(0, 60, 5)
    ]
    checks = tmp_path / "checks.csv"
    checks.write_text("\n".join(rows) + "\n")
    assert run("--data", str(site / "data"), "import", "probes", str(checks)).exit_code == 0
    out = tmp_path / "public"
    result = build(site, out)
    assert result.exit_code == 0, result.output

    home = (out / "index.html").read_text()
    assert windows(home) == ["100% 9 h 00 min measured"] * 5
    assert (
        "On track: 100% uptime so far over 9 h 00 min measured against the 99.9% objective"
        in text_of(home)
    )
    component = text_of((out / "components/website/index.html").read_text())
    assert "Last 90 days 100% over 9 h 00 min measured" in component
    period = text_of((out / "sla/2026-11/index.html").read_text())
    assert (
        "On track: 100% uptime so far over 9 h 00 min measured against the 99.9% objective"
        in period
    )
    badge = (out / "badges/website.svg").read_text()
    assert (
        "<title>Website: 100% uptime, Nov 2026–Jan 2027 to date (9 h 00 min measured)</title>"
    ) in badge


# --- control characters (item 10) -------------------------------------------------------


ONE_LINE = "one line of text"


@pytest.mark.parametrize(
    ("kind", "text", "where", "code", "what"),
    [
        ("incidents", incident(title='"Bad\\vtitle"'), "2: title", "000B", ONE_LINE),
        ("incidents", incident(title='"Two\\nlines"'), "2: title", "000A", ONE_LINE),
        ("incidents", incident(message='"a\\0b"'), "9: updates[0].message", "0000", "text"),
        ("incidents", incident(message='"\\ud800"'), "9: updates[0].message", "D800", "text"),
        ("incidents", incident(body="one\n\ntwo\x1bthree"), "14: body", "001B", "the text"),
        (
            "maintenance",
            MAINTENANCE.format(title='"Upgrade\\e[31m"', body=""),
            "2: title",
            "001B",
            ONE_LINE,
        ),
        (
            "maintenance",
            MAINTENANCE.format(title="Upgrade", body="\x7f"),
            "8: body",
            "007F",
            "the text",
        ),
    ],
)
def test_control_characters_are_refused_with_file_line_and_field(
    site: Path, tmp_path: Path, kind: str, text: str, where: str, code: str, what: str
) -> None:
    directory = site / "data" / kind
    directory.mkdir()
    (directory / "bad.md").write_text(text)
    expected = (
        f"Error: {directory / 'bad.md'}:{where}: control character U+{code} "
        f"is not allowed in {what}\n"
    )
    result = check(site)
    assert result.exit_code == 1
    assert expected in result.stderr
    before = snapshot(site)
    result = build(site, tmp_path / "public")
    assert (result.exit_code, result.stderr) == (1, expected)
    assert not (tmp_path / "public").exists()
    assert snapshot(site) == before


def test_tabs_and_newlines_are_fine_in_multi_line_text(site: Path, tmp_path: Path) -> None:
    incidents = site / "data/incidents"
    incidents.mkdir()
    (incidents / "2026-11-19-slow.md").write_text(
        incident(title='"Slow pages – café ✓"', message='"line one\\n\\tline two"', body="a\tb")
    )
    result = check(site)
    assert result.exit_code == 0, result.output
    assert "incidents: 1" in result.stdout
    out = tmp_path / "public"
    assert build(site, out).exit_code == 0
    feed = ET.parse(out / "feed.xml").getroot()
    (entry,) = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Slow pages – café ✓"
    assert "line one\n\tline two" in (entry.findtext(f"{ATOM}content") or "")


def _incident(ident: str, title: str, message: str) -> Incident:
    return Incident(
        id=ident,
        file=f"data/incidents/{ident}.md",
        title=title,
        components=("website",),
        impact="minor",
        started=1_795_000_000,
        resolved=None,
        updates=(IncidentUpdate(1_795_000_300, "investigating", message),),
        body="",
        postmortem="",
        excluded=False,
        exclusion=None,
        exclusion_note="",
    )


def test_the_feed_drops_what_xml_cannot_carry() -> None:
    # defence in depth: records that got past the loader still give a well-formed feed
    hostile = "a\x0bb\x00c\ud800d\ufffee\x1bf & <g>"
    window = Maintenance(
        id="upgrade",
        file="data/maintenance/upgrade.md",
        title="Up\x07grade",
        components=("website",),
        start=1_795_100_000,
        end=1_795_103_600,
        releases=1,
        cancelled=False,
        body="Body\x0c text",
    )
    feed = atom_feed(
        "Acme\x08 status",
        "https://status.example.com/",
        [_incident("2026-11-19-x", hostile, hostile)],
        [window],
        {"2026-11-19-x": "https://status.example.com/incidents/2026-11-19-x/",
         "maintenance": "https://status.example.com/maintenance/"},
        {"website": "Web\x01site"},
        UTC,
        1_795_200_000,
    )  # fmt: skip
    root = ET.fromstring(feed.encode("utf-8"))
    assert root.findtext(f"{ATOM}title") == "Acme status"
    titles = [e.findtext(f"{ATOM}title") for e in root.findall(f"{ATOM}entry")]
    assert titles == ["Maintenance: Upgrade", "abcdef & <g>"]
    contents = "".join(e.findtext(f"{ATOM}content") or "" for e in root.findall(f"{ATOM}entry"))
    assert "abcdef &amp; &lt;g&gt;" in contents and "Body text" in contents
    assert "Affected: Website." in contents


# --- ids and URLs (item 14) -------------------------------------------------------------


@pytest.mark.parametrize("kind", ["incidents", "maintenance"])
@pytest.mark.parametrize("name", ["a b?c#d.md", "Upper.md", "-dash.md", "caf\u00e9.md"])
def test_an_id_outside_the_safe_alphabet_is_refused(
    site: Path, tmp_path: Path, kind: str, name: str
) -> None:
    directory = site / "data" / kind
    directory.mkdir()
    text = incident() if kind == "incidents" else MAINTENANCE.format(title="Upgrade", body="")
    (directory / name).write_text(text)
    what = "incident" if kind == "incidents" else "maintenance window"
    expected = (
        f"Error: {directory / name}: the file name is the {what}'s id and URL: use lowercase "
        "letters, digits, '-', '_' and '.' (starting with a letter or digit, at most 100), "
        "then '.md'\n"
    )
    result = check(site)
    assert result.exit_code == 1 and expected in result.stderr
    before = snapshot(site)
    result = build(site, tmp_path / "public")
    assert (result.exit_code, result.stderr) == (1, expected)
    assert not (tmp_path / "public").exists() and snapshot(site) == before


def test_links_built_from_an_id_are_percent_encoded() -> None:
    urls = Urls()
    assert urls.of("incidents/a b?c#d.md") == "incidents/a%20b%3Fc%23d/"
    assert urls.relative("incidents/a b?c#d.md", "index.md") == "incidents/a%20b%3Fc%23d/"
    assert Urls(directory_urls=False).of("incidents/a b.md") == "incidents/a%20b.html"
    feed = atom_feed(
        "Acme status",
        "https://status.example.com/",
        [_incident("a b?c#d", "Title", "Message")],
        [],
        {"a b?c#d": "https://status.example.com/" + urls.of("incidents/a b?c#d.md"),
         "maintenance": "https://status.example.com/maintenance/"},
        {},
        UTC,
        1_795_200_000,
    )  # fmt: skip
    entry = ET.fromstring(feed).find(f"{ATOM}entry")
    assert entry is not None
    assert entry.findtext(f"{ATOM}id") == "https://status.example.com/#incident-a%20b%3Fc%23d"
    link = entry.find(f"{ATOM}link")
    assert link is not None
    assert link.get("href") == "https://status.example.com/incidents/a%20b%3Fc%23d/"


def test_a_safe_id_with_dots_and_underscores_builds_plain_links(site: Path, tmp_path: Path) -> None:
    incidents = site / "data/incidents"
    incidents.mkdir()
    (incidents / "2026.11.19_slow-pages.md").write_text(incident())
    out = tmp_path / "public"
    assert build(site, out).exit_code == 0
    home = (out / "index.html").read_text()
    assert 'href="incidents/2026.11.19_slow-pages/"' in home
    assert (out / "incidents/2026.11.19_slow-pages/index.html").is_file()


# --- files that cannot be read (item 13) ------------------------------------------------


@pytest.mark.parametrize("kind", ["incidents", "maintenance"])
def test_unreadable_files_are_one_line_naming_the_file(
    site: Path, tmp_path: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = site / "data" / kind
    directory.mkdir()
    (directory / "latin1.md").write_bytes(b"---\ntitle: caf\xe9\n---\n")
    (directory / "folder.md").mkdir()
    (directory / "dangling.md").symlink_to(tmp_path / "nowhere.md")
    (directory / ".#editing.md").symlink_to(tmp_path / "lock")  # an editor's lock: skipped
    expected = [
        f"Error: {directory / 'dangling.md'}: cannot be read: No such file or directory",
        f"Error: {directory / 'folder.md'}: a directory, not a file: move or rename it",
        f"Error: {directory / 'latin1.md'}:2: not UTF-8 text (byte 0xe9)",
    ]
    result = check(site)
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if str(directory) in line] == expected
    assert "Traceback" not in result.output

    before = snapshot(site)
    result = build(site, tmp_path / "public")
    assert (result.exit_code, result.stderr) == (1, expected[0] + "\n")
    assert not (tmp_path / "public").exists() and snapshot(site) == before

    # a file without read permission (the tests may run as root, who can read anything)
    (directory / "dangling.md").unlink()
    (directory / "folder.md").rmdir()
    (directory / "latin1.md").unlink()
    (directory / "locked.md").write_text("---\n")
    real_open = Path.open

    def deny(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self.name == "locked.md":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", deny)
    result = check(site)
    assert result.exit_code == 1
    assert f"Error: {directory / 'locked.md'}: cannot be read: Permission denied\n" in (
        result.stderr
    )


def test_data_incidents_as_a_file_is_named(site: Path, tmp_path: Path) -> None:
    (site / "data/incidents").write_text("not a directory\n")
    expected = f"Error: {site / 'data/incidents'}: not a directory: it should hold the .md files\n"
    result = check(site)
    assert result.exit_code == 1 and expected in result.stderr
    result = build(site, tmp_path / "public")
    assert (result.exit_code, result.stderr) == (1, expected)
