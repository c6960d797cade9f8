"""Every page of the demo site, built in each language statusgen ships, says statusgen's own
words in that language (issue 18): no rendered text is left as a message of the catalogue
untranslated. The company's own content (the SLA's terms, component and monitor names,
incident stories, maintenance notes) stays as written and is set aside first.

The catalogue is the measure, not a hand list: a text node that equals a message, or holds
one of its phrases (two words or more between placeholders), in English fails, naming the
page and the message. A message whose translation is the English word itself ('Beta',
'Status' in German) cannot be told apart and is left out.
"""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.commands.build import BuildOptions, build_site
from generator.compute.support import METHOD
from tests.conftest import DEMO_UNTIL, REPO
from tests.i18n_support import literal_parts, translated_away, yaml_strings

pytestmark = pytest.mark.slow

# labels a person reads without the text being a text node: shown by CSS, said by a screen
# reader, or shown as a tooltip or in place of an image
READ_ATTRIBUTES = ("aria-label", "title", "alt", "data-label", "placeholder", "data-sg-title")
# embed.html is the embeddable widget's page (render/embed.py, translated with the charts)
NOT_THESE_PAGES = ("embed.html",)
# a phrase of a message is looked for when it has two words (not units, not 'p95')
WORD = re.compile(r"\b[^\W\d_]{3,}\b")


def _speaking(data: Path, code: str) -> None:
    sla = data / "sla.yml"
    text = sla.read_text(encoding="utf-8")
    sla.write_text(
        text.replace("company: Lumentrack\n", f"company: Lumentrack\nlanguage: {code}\n", 1),
        encoding="utf-8",
    )


@pytest.fixture(scope="module", params=["uk", "de"])
def built(
    request: pytest.FixtureRequest, demo_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Path, Path]:
    code: str = request.param
    root = tmp_path_factory.mktemp(f"site-{code}")
    data = root / "data"
    shutil.copytree(demo_data, data)
    _speaking(data, code)
    out = root / "out"
    build_site(BuildOptions(data, out, REPO / "mkdocs.yml", DEMO_UNTIL, strict=True, pdf=False))
    return code, data, out


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def company_content(data: Path) -> list[str]:
    """Every text the company wrote: the SLA and services files' values, and the incident
    and maintenance files (front matter and story), line by line; longest first."""
    written: list[str] = []
    for name in ("sla.yml", "services.yml"):
        written.extend(yaml_strings(yaml.safe_load((data / name).read_text(encoding="utf-8"))))
    for path in [*data.glob("incidents/*.md"), *data.glob("maintenance/*.md")]:
        _, front, story = path.read_text(encoding="utf-8").split("---\n", 2)
        written.extend(yaml_strings(yaml.safe_load(front)))
        written.append(story)
    # the support method's explanations are the report model's own words, given as the
    # report JSON gives them (in the PDF too)
    written.extend(METHOD.values())
    found: set[str] = set()
    for text in written:
        found.add(text)
        for line in text.splitlines():
            # markdown (a story, a postmortem): its emphasis splits a line into text nodes
            found.update(re.split(r"\*\*|__|`|\*|_|^\s*#+ |^\s*- ", line))
    return sorted({_squeezed(s) for s in found if len(s.strip()) > 2}, key=len, reverse=True)


class _Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        self.texts.extend(v for k, v in attrs if k in READ_ATTRIBUTES and v)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip and data.strip():
            self.texts.append(data)


def english_left(code: str) -> list[tuple[str, str]]:
    """(the message's English, the phrase of it to look for) of every message translated
    into ``code`` with other words."""
    found = []
    for english in translated_away(code):
        for phrase in literal_parts(english.replace("%%", "%")):
            phrase = phrase.strip(" .,;:()·–")
            if phrase == english.strip(" .,;:()·–") or len(WORD.findall(phrase)) >= 2:
                found.append((english, phrase))
    return found


def untranslated(out: Path, code: str, company: list[str]) -> list[str]:
    phrases = english_left(code)
    whole = {phrase for english, phrase in phrases if phrase == english.strip(" .,;:()·–")}
    # each phrase of two words or more as a whole-word pattern, compiled once: there are more
    # than the 512 patterns re's own cache keeps, so re.search(pattern) compiled every one
    # again for every text of every page (minutes per language); a text is searched only for
    # the phrases it contains
    searched = [
        (english, phrase, re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)"))
        for english, phrase in phrases
        if " " in phrase
    ]
    problems = []
    for page in sorted(out.rglob("*.html")):
        where = str(page.relative_to(out))
        if where in NOT_THESE_PAGES:
            continue
        parser = _Texts()
        parser.feed(page.read_text(encoding="utf-8"))
        for text in parser.texts:
            text = _squeezed(text)
            for own in company:
                if own in text:
                    text = text.replace(own, "\x00")
            bare = text.strip(" .,;:()·–\x00")
            if bare in whole:
                problems.append(f"{where}: {bare!r} is a message left in English")
                continue
            for english, phrase, pattern in searched:
                if phrase in text and pattern.search(text):
                    problems.append(f"{where}: {text!r} holds {english!r} in English")
    return sorted(set(problems))


def test_no_page_says_a_message_in_english(built: tuple[str, Path, Path]) -> None:
    code, data, out = built
    assert untranslated(out, code, company_content(data)) == []


def test_the_check_finds_a_message_left_in_english(
    built: tuple[str, Path, Path], tmp_path: Path
) -> None:
    # the same walk over a page with one heading put back into English must fail
    code, data, out = built
    page = tmp_path / "sla" / "index.html"
    page.parent.mkdir()
    text = (out / "sla" / "index.html").read_text(encoding="utf-8")
    heading = {"uk": "Звіти SLA", "de": "SLA-Berichte"}[code]
    assert f'<h1 class="sg-title">{heading}</h1>' in text
    page.write_text(text.replace(f">{heading}<", ">SLA reports<"), encoding="utf-8")
    assert untranslated(tmp_path, code, company_content(data)) == [
        "sla/index.html: 'SLA reports' is a message left in English"
    ]


# Aug–Oct 2026 of the demo, as its period page writes it (worked from the report JSON:
# uptime 99.9513%, 64.5 min counted of 132 min allowed, objective 99.9%). CLDR's spaces are
# written out: a no-break space (\xa0) before German's % and Ukrainian's dash, a narrow one
# (\u202f) before Ukrainian's 'р.' (рік, the year)
PERIOD_PAGE = {
    "uk": (
        '<h1 class="sg-title">Звіт SLA серп.\xa0— жовт. 2026\u202fр.</h1>',
        "<strong>SLA виконано: доступність 99,95% (ціль — 99,9%); зараховано 1 год 4 хв"
        " простою з дозволених 2 год 12 хв.</strong>",
        '<p class="sg-lead">З 1 серп. 2026\u202fр. до 31 жовт. 2026\u202fр.: як Lumentrack'
        ' дотримувалася <a href="../terms/">Service Level Agreement</a>.</p>',
        'data-figure="uptime.percent">99,9513%</dd>',
        '<span data-figure="uptime.downtime_minutes">64,5</span> хв (',
    ),
    "de": (
        '<h1 class="sg-title">SLA-Bericht Aug.–Okt. 2026</h1>',
        "<strong>SLA erfüllt: 99,95\xa0% Verfügbarkeit bei einem Ziel von 99,9\xa0%; 1 Std. 4 Min."
        " Ausfallzeit angerechnet von 2 Std. 12 Min. erlaubten.</strong>",
        '<p class="sg-lead">Wie Lumentrack sein <a href="../terms/">Service Level Agreement</a>'
        " vom 1. Aug. 2026 bis zum 31. Okt. 2026 eingehalten hat.</p>",
        'data-figure="uptime.percent">99,9513\xa0%</dd>',
        '<span data-figure="uptime.downtime_minutes">64,5</span> Min. (',
    ),
}
TERMS_PAGE = {
    "uk": "квартали, починаючи з 1 лютого (лют.\xa0— квіт., трав.\xa0— лип., серп.\xa0— жовт.,"
    " лист.\xa0— січ.)",
    "de": "Quartale ab dem 1. Februar (Feb.–Apr., Mai–Juli, Aug.–Okt., Nov.–Jan.)",
}
CALENDAR_NAME = {
    "uk": "X-WR-CALNAME:Lumentrack: планові роботи",
    "de": "X-WR-CALNAME:Lumentrack: Wartung",
}
PALETTE = {
    "uk": ("Перейти до світлої теми", "Перейти до темної теми", "Перейти до системної теми"),
    "de": (
        "Zum hellen Modus wechseln",
        "Zum dunklen Modus wechseln",
        "Zur Systemeinstellung wechseln",
    ),
}


def test_figures_and_dates_are_written_the_languages_way(built: tuple[str, Path, Path]) -> None:
    code, _data, out = built
    period = (out / "sla" / "2026-08" / "index.html").read_text(encoding="utf-8")
    for expected in PERIOD_PAGE[code]:
        assert expected in period
    terms = (out / "sla" / "terms" / "index.html").read_text(encoding="utf-8")
    assert TERMS_PAGE[code] in terms
    assert CALENDAR_NAME[code] in (out / "maintenance.ics").read_text(encoding="utf-8")
    home = (out / "index.html").read_text(encoding="utf-8")
    for name in PALETTE[code]:
        assert f'title="{name}"' in home
