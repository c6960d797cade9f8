"""What a client reads carries no internal words: no filesystem path, no exclusion rule id,
no configuration key and no ticket id on any public page, in the public status JSON or in
the public PDF reports (issue 13, "plain language").

The SLA report JSON (api/sla/*.json) keeps each exclusion's ``rule`` and ``source`` by
contract, so there only absolute paths are refused. The PDF's methodology appendix names the
rules and settings it applied on purpose; the PDF check reads the pages before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.commands.build import BuildOptions, build_site
from tests.conftest import DEMO_UNTIL, REPO
from tests.i18n_support import yaml_strings

pytestmark = pytest.mark.slow

# Where a path shows itself: a data directory, a temporary or home directory, a source file.
PATH = re.compile(r"\bdata/|/tmp/|/home/|/root/|/work/|\w\.(?:md|ya?ml|csv)\b")
ABSOLUTE_PATH = re.compile(r'"(?:/(?:tmp|home|root|work|var|usr|etc)/|[A-Za-z]:\\\\)')
# Keys of the SLA file a reader would only know from its YAML; single words by their colon.
KEYS_BY_NAME = ("max_gap", "quorum", "covered:", "beta_exclusion")
TICKET = re.compile(r"\bLT-1\d{4}\b")
# Text a reader reads: element text and the attributes a browser shows or speaks.
SPOKEN_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")


class _Text(HTMLParser):
    """Visible text and spoken attributes, with the text of each element kept whole."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.codes: list[str] = []  # text of <code>/<kbd>, and of elements holding one word
        self._skip = 0
        self._stack: list[tuple[str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "template"):
            self._skip += 1
        self.parts.extend(v for k, v in attrs if k in SPOKEN_ATTRIBUTES and v)
        if tag not in ("br", "img", "input", "meta", "link", "hr", "wbr", "source"):
            self._stack.append((tag, []))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "template"):
            self._skip = max(0, self._skip - 1)
        while self._stack:
            open_tag, texts = self._stack.pop()
            whole = "".join(texts).strip()
            if open_tag in ("code", "kbd", "samp") or (whole and " " not in whole):
                self.codes.append(whole)
            if self._stack:
                self._stack[-1][1].extend(texts)
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        self.parts.append(data)
        if self._stack:
            self._stack[-1][1].append(data)


def _sla() -> dict[str, object]:
    loaded = yaml.safe_load((REPO / "data/sla.yml").read_text())
    assert isinstance(loaded, dict)
    return loaded


def _prose(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key != "id":
                yield from _prose(value)
    elif isinstance(node, list):
        for item in node:
            yield from _prose(item)
    elif isinstance(node, str) and " " in node:  # a sentence, not an id or a value
        yield node


RULE_IDS = sorted(str(e["id"]) for e in _sla()["uptime"]["exclusions"])  # type: ignore[index]
SLA_PROSE = " ".join(_prose(_sla())).lower()


def _word(text: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-]){re.escape(text)}(?![\w-])", re.IGNORECASE)


def _config_keys() -> list[str]:
    services = yaml.safe_load((REPO / "data/services.yml").read_text())
    keys = [*yaml_strings(_sla(), keys_only=True), *yaml_strings(services, keys_only=True)]
    snake = {k for k in keys if "_" in k}
    return sorted(snake | set(KEYS_BY_NAME))


def internal_words(text: str, codes: Sequence[str] = ()) -> list[str]:
    """Every internal word in ``text``; ``codes`` are element texts that stand alone."""
    found = [m.group(0) for m in PATH.finditer(text)]
    found += [m.group(0) for m in TICKET.finditer(text)]
    for key in _config_keys():
        pattern = re.compile(re.escape(key), re.I) if ":" in key else _word(key)
        found += [m.group(0) for m in pattern.finditer(text)]
    for rule in RULE_IDS:
        if _word(rule).search(SLA_PROSE):
            # an id that is a word of the SLA's own prose ("beta", "third-party") is an id
            # only where it stands alone, as a label or code
            found += [c for c in codes if c in (rule, f"{rule}:")]
        else:
            found += [m.group(0) for m in _word(rule).finditer(text)]
    return found


def page_text(html: str) -> tuple[str, list[str]]:
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join(parser.parts), parser.codes


@pytest.fixture(scope="module")
def public_site(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("public-text") / "public"
    build_site(BuildOptions(demo_data, site, REPO / "mkdocs.yml", DEMO_UNTIL, pdf=True))
    return site


def test_the_check_finds_each_kind_of_internal_word() -> None:
    # the checker itself, on text written by hand
    assert internal_words("see data/maintenance/2026-08-11-release.md") == [
        "data/",
        "e.md",
    ]
    assert internal_words("rule scheduled-release, max_gap 15 min, LT-10234") == [
        "LT-10234",
        "max_gap",
        "scheduled-release",
    ]
    assert internal_words("Quorum 2", []) == ["Quorum"]
    assert internal_words("Excluded: third-party outage", ["Excluded:"]) == []
    assert internal_words("a beta feature", ["beta"]) == ["beta"]


def test_no_public_page_shows_an_internal_word(public_site: Path) -> None:
    pages = sorted(public_site.rglob("*.html"))
    assert len(pages) > 30
    found = {}
    for page in pages:
        text, codes = page_text(page.read_text())
        words = internal_words(text, codes)
        if words:
            found[str(page.relative_to(public_site))] = sorted(set(words))
    assert found == {}


def test_the_public_status_json_has_no_internal_word(public_site: Path) -> None:
    text = (public_site / "api/status.json").read_text()
    assert internal_words(text) == []


def test_the_sla_report_json_has_no_absolute_path(public_site: Path) -> None:
    reports = sorted((public_site / "api/sla").glob("*.json"))
    assert [p.name for p in reports] == [
        "2025-11.json",
        "2026-02.json",
        "2026-05.json",
        "2026-08.json",
        "2026-11.json",
        "index.json",
    ]
    for report in reports:
        text = report.read_text()
        assert ABSOLUTE_PATH.search(text) is None, report.name
    # by contract the report names its sources relative to the data directory
    august = (public_site / "api/sla/2026-08.json").read_text()
    assert '"source": "maintenance/2026-08-11-release.md"' in august


def test_the_public_pdf_body_has_no_internal_word(public_site: Path) -> None:
    from pypdf import PdfReader

    pdfs = sorted((public_site / "reports").glob("*.pdf"))
    assert len(pdfs) == 5
    found = {}
    for pdf in pdfs:
        body = []
        for page in PdfReader(pdf).pages:
            # the body ends where the methodology appendix starts, on a page of its own or not
            text, appendix, _ = page.extract_text().partition("Appendix A. Methodology")
            body.append(text)
            if appendix:
                break
        # a PDF line holding a label alone ("scheduled-release: ...") is its code context
        text = "\n".join(body)
        # (a word that merely starts a wrapped line is not a label: only "id:" is)
        labels = [
            w for w in (line.split(" ", 1)[0] for line in text.splitlines()) if w.endswith(":")
        ]
        words = internal_words(text, labels)
        if words:
            found[pdf.name] = sorted(set(words))
    assert found == {}
