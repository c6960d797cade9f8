"""``languages: [en, uk, de]`` in the SLA file: one whole site per language from one build,
the first at the root and each other under its prefix, joined by a language switcher and
hreflang links that lead to the same page in every language."""

from __future__ import annotations

import gzip
import os
import shutil
import socket
import subprocess
import sys
import time
from html.parser import HTMLParser
from pathlib import Path
from subprocess import PIPE
from urllib.parse import unquote, urlsplit
from urllib.request import urlopen
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

import generator.commands.build as build_command
from generator.cli import main
from generator.commands.build import MARKER, BuildOptions, build_site
from generator.errors import ConfigError
from generator.reporting.site import StatusModel
from generator.site import Site, load_site
from tests.conftest import DEMO_UNTIL, REPO

pytestmark = pytest.mark.slow
CONFIG = REPO / "mkdocs.yml"
SITE_URL = "https://status.lumentrack.example/"
LANGUAGES = ("en", "uk", "de")
NOT_PAGES = ("404.html", "embed.html")  # served anywhere; a status badge to embed
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"


def speaking(data: Path, line: str) -> Path:
    """``data`` with ``line`` (e.g. 'languages: [en, uk, de]') in its SLA file, line 4."""
    sla = data / "sla.yml"
    text = sla.read_text(encoding="utf-8")
    assert (
        text.count("company: Lumentrack\n") == 1 and text.splitlines()[2] == "company: Lumentrack"
    )
    sla.write_text(text.replace("company: Lumentrack\n", f"company: Lumentrack\n{line}\n"))
    return data


@pytest.fixture(scope="module")
def built(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo site in English, Ukrainian and German (PDFs left to the smaller site below)."""
    data = tmp_path_factory.mktemp("languages") / "data"
    shutil.copytree(demo_data, data)
    speaking(data, "languages: [en, uk, de]")
    output = data.parent / "public"
    build_site(BuildOptions(data, output, CONFIG, DEMO_UNTIL, strict=True, pdf=False))
    return output


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang = ""
        self.hreflang: dict[str, str] = {}  # language -> href, from <link rel="alternate">
        self.switcher: list[tuple[str, str]] = []  # (language, href) of the menu's links
        self.names: list[str] = []  # the menu's words
        self.links: list[str] = []  # every other href and src
        self._in_switcher = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        elif tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            assert a["hreflang"] not in self.hreflang, f"two links for {a['hreflang']}"
            self.hreflang[a["hreflang"]] = a["href"]
        elif tag == "a" and "md-select__link" in a.get("class", ""):
            self.switcher.append((a["hreflang"], a["href"]))
            self._in_switcher = True
        else:
            for key in ("href", "src"):
                if key in a:
                    self.links.append(a[key])

    def handle_endtag(self, tag: str) -> None:
        self._in_switcher = False

    def handle_data(self, data: str) -> None:
        if self._in_switcher and data.strip():
            self.names.append(data.strip())


def parsed(html: Path) -> Page:
    page = Page()
    page.feed(html.read_text(encoding="utf-8"))
    return page


def pages_of(root: Path) -> list[str]:
    """The site's pages below ``root``, leaving out the other languages' sites."""
    return sorted(
        str(p.relative_to(root))
        for p in root.rglob("*.html")
        if p.relative_to(root).parts[0] not in LANGUAGES
    )


def target_of(html: Path, link: str) -> Path:
    path = (html.parent / unquote(urlsplit(link).path)).resolve()
    return path / "index.html" if link.endswith("/") or path.is_dir() else path


def test_one_build_makes_a_whole_site_in_each_language(built: Path) -> None:
    english = pages_of(built)
    assert "sla/terms/index.html" in english and "404.html" in english
    assert len(english) > 30
    assert pages_of(built / "uk") == english
    assert pages_of(built / "de") == english
    assert parsed(built / "index.html").lang == "en"
    assert parsed(built / "uk/index.html").lang == "uk"
    assert parsed(built / "de/sla/terms/index.html").lang == "de"
    assert '<h2 id="recent">Past incidents</h2>' in (built / "index.html").read_text()
    assert '<h2 id="recent">Минулі інциденти</h2>' in (built / "uk/index.html").read_text()
    assert '<h2 id="recent">Vergangene Vorfälle</h2>' in (built / "de/index.html").read_text()
    assert (built / MARKER).is_file() and not (built / "uk" / MARKER).exists()
    # the same figures in each: the exact JSON report is the same file three times
    for period in ("2026-08", "2026-11"):
        english_json = (built / f"api/sla/{period}.json").read_text()
        assert (built / f"uk/api/sla/{period}.json").read_text() == english_json
        assert (built / f"de/api/sla/{period}.json").read_text() == english_json


def sitemap_alternates(sitemap: Path) -> dict[str, dict[str, str]]:
    """Each address in ``sitemap`` -> its hreflang alternates (language -> address)."""
    return sitemap_alternates_of(sitemap.read_text(encoding="utf-8"))


def sitemap_alternates_of(sitemap: str) -> dict[str, dict[str, str]]:
    xhtml = "{http://www.w3.org/1999/xhtml}link"
    urls = ElementTree.fromstring(sitemap)
    return {
        url.findtext(f"{{{SITEMAP}}}loc", ""): {
            link.attrib["hreflang"]: link.attrib["href"] for link in url.iter(xhtml)
        }
        for url in urls.iter(f"{{{SITEMAP}}}url")
    }


def test_every_page_names_itself_in_each_language_in_the_sitemaps(built: Path) -> None:
    """hreflang alternates in each language's sitemap, none in the pages' heads: Material's
    JavaScript fetches sitemap.xml below every <link rel="alternate"> of a page."""
    uk = sitemap_alternates(built / "uk/sitemap.xml")
    assert uk["https://status.lumentrack.example/uk/sla/terms/"] == {
        "en": "https://status.lumentrack.example/sla/terms/",
        "uk": "https://status.lumentrack.example/uk/sla/terms/",
        "de": "https://status.lumentrack.example/de/sla/terms/",
        "x-default": "https://status.lumentrack.example/sla/terms/",
    }
    assert sitemap_alternates(built / "sitemap.xml")["https://status.lumentrack.example/"] == {
        "en": "https://status.lumentrack.example/",
        "uk": "https://status.lumentrack.example/uk/",
        "de": "https://status.lumentrack.example/de/",
        "x-default": "https://status.lumentrack.example/",
    }
    missing = []
    for root in (built, built / "uk", built / "de"):
        prefix = str(root.relative_to(built)).removeprefix(".")
        sitemap = sitemap_alternates(root / "sitemap.xml")
        with gzip.open(root / "sitemap.xml.gz") as packed:
            assert packed.read() == (root / "sitemap.xml").read_bytes()
        assert parsed(root / "404.html").hreflang == {}
        for name in pages_of(root):
            if name in NOT_PAGES:
                continue
            assert parsed(root / name).hreflang == {}, f"{root}/{name}"
            url = name.removesuffix("index.html")
            alternates = sitemap[f"{SITE_URL}{prefix}{'/' if prefix else ''}{url}"]
            assert set(alternates) == {*LANGUAGES, "x-default"}, name
            for code, link in alternates.items():
                other = "" if code in ("en", "x-default") else f"{code}/"
                assert link == f"{SITE_URL}{other}{url}", f"{root}/{name}: {code}"
                if not (built / other / name).is_file():
                    missing.append(f"{root}/{name}: {link}")
    assert not missing, "\n".join(missing[:10])


def test_the_switcher_leads_to_the_same_page_in_each_language(built: Path) -> None:
    terms = parsed(built / "uk/sla/terms/index.html")
    assert terms.switcher == [
        ("en", "../../../sla/terms/"),
        ("uk", "./"),
        ("de", "../../../de/sla/terms/"),
    ]
    assert terms.names == ["English", "Українська", "Deutsch"]
    home = parsed(built / "index.html")
    assert home.switcher == [("en", "./"), ("uk", "uk/"), ("de", "de/")]
    wrong = []
    for root in (built, built / "uk", built / "de"):
        for name in pages_of(root):
            if name in NOT_PAGES:
                continue
            html = root / name
            for code, link in parsed(html).switcher:
                prefix = "" if code == "en" else f"{code}/"
                if target_of(html, link) != (built / prefix / name).resolve():
                    wrong.append(f"{html.relative_to(built)}: {code} {link}")
    assert not wrong, "\n".join(wrong[:10])


def test_each_language_links_within_itself(built: Path) -> None:
    """Pages, charts, assets: every relative link of a prefixed site stays in it and
    exists; its feed and JSON give its own addresses."""
    broken = []
    for code in ("uk", "de"):
        root = (built / code).resolve()
        for name in pages_of(root):
            if name in NOT_PAGES:  # written for any depth: their links start at the host
                continue
            html = root / name
            for link in parsed(html).links:
                parts = urlsplit(link)
                if parts.scheme or link.startswith(("//", "#", "/", "mailto:")):
                    continue
                target = target_of(html, link)
                if root not in target.parents or not target.is_file():
                    broken.append(f"{code}/{name}: {link}")
    assert not broken, "\n".join(broken[:10])
    assert (
        'src="../../assets/charts/sla-2026-08-allowance.svg"'
        in (built / "uk/sla/2026-08/index.html").read_text()
    )
    index = (built / "de/api/sla/index.json").read_text()
    assert '"page": "https://status.lumentrack.example/de/sla/2026-11/"' in index
    feed = (built / "uk/feed.xml").read_text()
    assert (
        '<link rel="self" type="application/atom+xml" '
        'href="https://status.lumentrack.example/uk/feed.xml"/>'
    ) in feed
    assert "https://status.lumentrack.example/incidents/" not in feed


def test_every_language_is_built_from_one_status_model(
    site_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    computed: list[int] = []
    build_model = build_command.build_model

    def counted(site: Site, as_of: int) -> StatusModel:
        computed.append(as_of)
        return build_model(site, as_of)

    monkeypatch.setattr(build_command, "build_model", counted)
    speaking(site_dir, "languages: [de, en]")
    output = tmp_path / "public"
    result = build_site(BuildOptions(site_dir, output, CONFIG, DEMO_UNTIL, strict=True, pdf=True))
    assert computed == [DEMO_UNTIL]
    assert result.languages == ("de", "en")
    assert result.pdfs == 2
    # German at the root now, English below en/; each period page links its own PDF
    assert parsed(output / "index.html").lang == "de"
    assert parsed(output / "en/index.html").lang == "en"
    for root in (output, output / "en"):
        page = root / "sla/2026-11/index.html"
        assert 'href="../../reports/2026-11.pdf"' in page.read_text()
        assert (root / "reports/2026-11.pdf").read_bytes().startswith(b"%PDF-")


def test_language_alone_still_builds_one_site_without_a_switcher(
    site_dir: Path, tmp_path: Path
) -> None:
    speaking(site_dir, "language: uk")
    assert load_site(site_dir).sla.languages == ("uk",)
    output = tmp_path / "public"
    build_site(BuildOptions(site_dir, output, CONFIG, DEMO_UNTIL, strict=True, pdf=False))
    home = parsed(output / "index.html")
    assert home.lang == "uk" and home.hreflang == {} and home.switcher == []
    assert not (output / "uk").exists() and not (output / "en").exists()


def test_a_language_without_a_catalogue_is_refused_and_changes_nothing(
    site_dir: Path, tmp_path: Path
) -> None:
    speaking(site_dir, "languages: [en, fr]")
    output = tmp_path / "public"
    output.mkdir()
    (output / MARKER).write_text("a previous build")
    (output / "index.html").write_text("the previous site")
    result = CliRunner().invoke(
        main, ["--data", str(site_dir), "build", "-o", str(output), "-f", str(CONFIG)]
    )
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {site_dir}/sla.yml:4: languages[1]: statusgen has no catalogue for 'fr' "
        "(it speaks en, de, uk)\n"
    )
    assert sorted(p.name for p in output.iterdir()) == [MARKER, "index.html"]
    assert (output / "index.html").read_text() == "the previous site"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".public")]


@pytest.mark.parametrize(
    ("line", "message"),
    [
        (
            "language: de\nlanguages: [de, en]",
            "sla.yml:5: languages: give language or languages, not both "
            "(language: de is languages: [de])",
        ),
        ("languages: [en, uk, en]", "sla.yml:4: languages[2]: 'en' is listed twice"),
        ("languages: []", "sla.yml:4: languages: "),
    ],
)
def test_languages_are_checked_where_they_are_written(
    site_dir: Path, line: str, message: str
) -> None:
    speaking(site_dir, line)
    with pytest.raises(ConfigError) as caught:
        load_site(site_dir)
    assert message in str(caught.value)


def test_a_language_added_reaches_the_pages_a_build_before_made(
    site_dir: Path, tmp_path: Path
) -> None:
    """Pages kept from a build before are reused only for the same languages: each page's
    switcher names the languages built now."""
    speaking(site_dir, "languages: [en, uk]")
    output = tmp_path / "public"
    build_site(BuildOptions(site_dir, output, CONFIG, DEMO_UNTIL, strict=True, pdf=False))
    assert [code for code, _ in parsed(output / "sla/terms/index.html").switcher] == ["en", "uk"]
    sla = site_dir / "sla.yml"
    sla.write_text(sla.read_text().replace("languages: [en, uk]", "languages: [en, uk, de]"))
    build_site(BuildOptions(site_dir, output, CONFIG, DEMO_UNTIL, strict=True, pdf=False))
    for root, prefix in ((output, ""), (output / "uk", "uk/")):
        page = parsed(root / "sla/terms/index.html")
        assert [code for code, _ in page.switcher] == ["en", "uk", "de"]
        alternates = sitemap_alternates(root / "sitemap.xml")
        assert set(alternates[f"{SITE_URL}{prefix}sla/terms/"]) == {"en", "uk", "de", "x-default"}
    # and built again from the pages just kept, the same bytes
    made = {p: p.read_bytes() for p in output.rglob("*.html")}
    build_site(BuildOptions(site_dir, output, CONFIG, DEMO_UNTIL, strict=True, pdf=False))
    assert {p: p.read_bytes() for p in output.rglob("*.html")} == made


def test_serve_previews_every_language_and_stops_on_a_term_signal(
    site_dir: Path, tmp_path: Path
) -> None:
    """statusgen serve, as a user runs it: the same tree as build (each language under its
    prefix, with the preview's own addresses), and its files removed when it is stopped."""
    speaking(site_dir, "languages: [en, uk, de]")
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/"
    command = [sys.executable, "-m", "generator", "--data", str(site_dir), "serve"]
    command += ["-a", f"127.0.0.1:{port}", "-f", str(CONFIG), "--as-of", "2026-11-20"]
    path = os.pathsep.join([str(REPO), *filter(None, [os.environ.get("PYTHONPATH")])])
    environment = {**os.environ, "PYTHONPATH": path, "TMPDIR": str(tmp_path)}  # its files
    server = subprocess.Popen(
        command, cwd=tmp_path, env=environment, stdout=PIPE, stderr=PIPE, text=True
    )
    try:
        home = served(url + "uk/", server)
        assert '<html lang="uk"' in home and "Минулі інциденти" in home
        assert '<html lang="de"' in served(url + "de/sla/terms/", server)
        assert '<html lang="en"' in served(url + "sla/terms/", server)
        assert [path.name for path in tmp_path.glob("statusgen-serve-*/de/index.html")] == [
            "index.html"
        ]
        sitemap = sitemap_alternates_of(served(url + "uk/sitemap.xml", server))
        assert sitemap[f"{url}uk/sla/terms/"] == {
            "en": f"{url}sla/terms/",
            "uk": f"{url}uk/sla/terms/",
            "de": f"{url}de/sla/terms/",
            "x-default": f"{url}sla/terms/",
        }
    finally:
        server.terminate()
        stdout, stderr = server.communicate(timeout=60)
    assert server.returncode == 0, stderr
    assert stdout == (
        f"Serving the status site at {url} (and {url}uk/, {url}de/) (Ctrl+C stops). "
        f"It rebuilds when {site_dir}/, templates/, the docs directory or {CONFIG} change.\n"
    )
    assert list(tmp_path.glob("statusgen-serve-*")) == []


def served(url: str, server: subprocess.Popen[str], wait: float = 180.0) -> str:
    """The page at ``url`` once the preview answers (it builds first)."""
    deadline = time.monotonic() + wait
    while True:
        assert server.poll() is None, server.communicate()
        try:
            with urlopen(url, timeout=10) as response:
                return str(response.read().decode("utf-8"))
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)
