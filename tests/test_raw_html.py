"""Raw HTML blocks set aside before Markdown and put back after it convert exactly as the
page itself does (generator/mkdocs_plugin/raw_html.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page, _RawHTMLPreprocessor

from generator.commands.build import BuildOptions, build_site
from generator.mkdocs_plugin import raw_html
from generator.mkdocs_plugin.raw_html import RawBlocks, SetAside, put_back, set_aside
from tests.conftest import DEMO_UNTIL, REPO
from tests.test_incremental import assert_same_files

# the site's Markdown as mkdocs.yml configures it (mkdocs adds toc, tables, fenced_code)
EXTENSIONS = ["toc", "tables", "fenced_code", "attr_list", "md_in_html", "admonition"]
CONFIGS = {"toc": {"permalink": True}}
BLOCK_TAGS = frozenset(markdown.Markdown(extensions=EXTENSIONS).block_level_elements)


def convert(text: str) -> tuple[str, set[str], list[object]]:
    """The page's HTML, the anchors mkdocs reads from its raw HTML, its table of contents."""
    md = markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS)
    anchors = _RawHTMLPreprocessor()
    anchors._register(md)
    html = md.convert(text)
    return html, anchors.present_anchor_ids, md.toc_tokens  # type: ignore[attr-defined]


def converted_aside(aside: SetAside) -> tuple[str | None, set[str], list[object]]:
    html, anchors, toc = convert(aside.markdown)
    return put_back(html, aside), anchors | aside.anchors, toc


PAGE = (
    '<h1 class="t">Service &amp; API</h1>\n'
    '<p class="lead">Lead</p><p class="muted">\nCovered.\n</p>\n'
    "\n"
    "## Uptime {: #uptime }\n"
    "\n"
    '<div class="sg" id="day-c01"><table><tr><td>99.9%</td></tr></table><br></div>\n'
    "\n"
    "Some *prose*.\n"
)


def test_each_block_is_set_aside_as_an_empty_element_of_its_tag() -> None:
    aside = set_aside(PAGE, BLOCK_TAGS)
    assert aside is not None
    assert aside.markdown == (
        '<h1 data-statusgen-aside="0"></h1>\n'
        '<p data-statusgen-aside="1"></p><p data-statusgen-aside="2"></p>\n'
        "\n"
        "## Uptime {: #uptime }\n"
        "\n"
        '<div data-statusgen-aside="3"></div>\n'
        "\n"
        "Some *prose*.\n"
    )
    assert aside.blocks == [
        '<h1 class="t">Service &amp; API</h1>',
        '<p class="lead">Lead</p>',
        '<p class="muted">\nCovered.\n</p>',
        '<div class="sg" id="day-c01"><table><tr><td>99.9%</td></tr></table><br></div>',
    ]
    assert aside.anchors == {"day-c01"}


def test_a_page_converts_to_the_same_html_with_its_blocks_set_aside() -> None:
    aside = set_aside(PAGE, BLOCK_TAGS)
    assert aside is not None
    expected = (
        '<h1 class="t">Service &amp; API</h1>\n'
        '<p class="lead">Lead</p>\n'
        '<p class="muted">\nCovered.\n</p>\n'
        "\n"  # a block followed by a blank line keeps one line break of it
        '<h2 id="uptime">Uptime<a class="headerlink" href="#uptime" title="Permanent link">'
        "&para;</a></h2>\n"
        '<div class="sg" id="day-c01"><table><tr><td>99.9%</td></tr></table><br></div>\n'
        "\n"
        "<p>Some <em>prose</em>.</p>"
    )
    assert convert(PAGE)[0] == expected
    assert converted_aside(aside)[0] == expected
    assert converted_aside(aside)[1] == convert(PAGE)[1] == {"day-c01"}


@pytest.mark.parametrize(
    "page",
    [
        "<div><!-- a comment --></div>\n",
        "<div><script>let a = '<div>';</script></div>\n",
        "<div>\ttabbed</div>\n",
        "<div>\r\n</div>\n",
        "<div><p>never closed</div\n",
        "<div>text</div> and more on its line\n",
        "<hr>\n<div>x</div>\n",
        '<div markdown="1">*x*</div>\n',
        "```\n<div>x</div>\n```\n",
        "<div>&#39 unterminated</div>\n",
        "<div>\n   \n</div>\n",
        '<div data-statusgen-aside="0"></div>\n',
        "<div\nclass='x'>y</div>\n",
        "<div class=a'b>y</div>\n",
    ],
)
def test_a_page_with_what_the_reading_does_not_model_is_left_as_it_is(page: str) -> None:
    assert set_aside(page, BLOCK_TAGS) is None


def test_a_placeholder_gone_astray_asks_for_the_page_to_be_converted_again() -> None:
    aside = set_aside("<div>a</div>\n\n<p>b</p>\n", BLOCK_TAGS)
    assert aside is not None
    assert put_back('<div data-statusgen-aside="0"></div>\n', aside) is None
    assert put_back(
        '<div data-statusgen-aside="0"></div>\n<p data-statusgen-aside="1"></p>', aside
    ) == ("<div>a</div>\n<p>b</p>")


# Pages put together at random from elements (nested, sometimes left open or closed
# twice), Markdown lines and the odd piece the reading gives up on, joined by line breaks,
# blank lines or nothing: where set_aside takes a page, its conversion is the page's own,
# byte for byte, with the same anchors and table of contents.
TAGS = ["div", "p", "section", "span", "a", "td", "h2", "details", "em", "ul", "li"]
TEXT = ["text", "*em*", "&amp;", "&#39;", " < ", "</ >", "\n", "\n\n", "  ", "<br>", "<hr>"]
TEXT += ["<img src='a.png'/>", "## Heading {: #h2 }\n", "- item\n", "&#39", "<!-- c -->"]
ATTRIBUTES = ["", ' class="a"', ' id="x1"', " id='x&amp;2'", ' name="n1"', ' class="b"\nid="y"']
LINES = ["## Title\n", "Some *prose*.\n", "- item\n", "    code\n", "!!! note\n    inside\n"]


@st.composite
def element(draw: st.DrawFn, depth: int = 0) -> str:
    tag = draw(st.sampled_from(TAGS))
    opened = f"<{tag}{draw(st.sampled_from(ATTRIBUTES))}>"
    inner = []
    for _ in range(draw(st.integers(0, 3))):
        if depth < 3 and draw(st.booleans()):
            inner.append(draw(element(depth + 1)))
        else:
            inner.append(draw(st.sampled_from(TEXT)))
    closing = draw(st.sampled_from([f"</{tag}>"] * 8 + ["", f"</{tag}></{tag}>", "</p>"]))
    return opened + "".join(inner) + closing


page_parts = st.lists(
    st.tuples(
        st.one_of(element(), st.sampled_from(LINES)),
        st.sampled_from(["\n", "\n\n", "", " ", "\n   "]),
    ),
    max_size=8,
)


@settings(max_examples=500, deadline=None)
@given(page_parts)
def test_set_aside_converts_alike_wherever_it_takes_a_page(parts: list[tuple[str, str]]) -> None:
    page = "".join(part + joint for part, joint in parts)
    aside = set_aside(page, BLOCK_TAGS)
    if aside is None:
        return
    assert converted_aside(aside) == convert(page)


@pytest.mark.slow
def test_the_demo_site_builds_byte_identical_with_its_blocks_set_aside(
    demo_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    shutil.copytree(demo_data, data)
    taken: list[int] = []
    real = raw_html.set_aside

    def counted(text: str, block_tags: frozenset[str]) -> SetAside | None:
        aside = real(text, block_tags)
        taken.append(0 if aside is None else 1)
        return aside

    monkeypatch.setattr(raw_html, "set_aside", counted)
    outputs = {}
    for name, alike in (("aside", True), ("as-is", False)):
        if not alike:
            monkeypatch.setattr(raw_html, "converts_alike", lambda md: False)
        monkeypatch.setenv("STATUSGEN_CACHE_DIR", str(tmp_path / f"cache-{name}"))
        options = BuildOptions(data, tmp_path / name, REPO / "mkdocs.yml", DEMO_UNTIL, pdf=False)
        build_site(options)
        outputs[name] = tmp_path / name
    # every generated page of the first build was set aside, none of the second
    assert len(taken) > 30 and all(taken)
    assert_same_files(outputs["aside"], outputs["as-is"])


def test_a_page_whose_placeholder_went_astray_is_converted_again_as_it_is(
    tmp_path: Path,
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "page.md").write_text(PAGE, encoding="utf-8")
    config = load_config(
        config_file=None,
        site_name="x",
        docs_dir=str(tmp_path / "docs"),
        site_dir=str(tmp_path / "out"),
        markdown_extensions=["attr_list", "md_in_html"],
    )
    file = File("page.md", config.docs_dir, config.site_dir, config.use_directory_urls)
    files = Files([file])
    page = Page(None, file, config)
    page.read_source(config)
    blocks = RawBlocks(config)
    page.markdown = blocks.markdown(str(page.markdown), "page.md")
    assert page.markdown.startswith('<h1 data-statusgen-aside="0"></h1>')
    page.render(config, files)
    # another plugin dropped the first placeholder
    dropped = str(page.content).replace('<h1 data-statusgen-aside="0"></h1>', "", 1)
    html = blocks.content(dropped, page, config, files)
    assert html.startswith('<h1 class="t">Service &amp; API</h1>\n<p class="lead">Lead</p>')
    assert "data-statusgen-aside" not in html
    assert page.markdown == PAGE
    assert blocks.set_aside == 0
