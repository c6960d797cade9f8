"""Raw HTML blocks kept out of the Markdown conversion, and put back after it.

statusgen's pages are mostly HTML it wrote itself (tables, day bars, banners) inside
Markdown (headings, prose, admonitions). Python-Markdown passes a raw HTML block through
untouched, but finds where it ends with an HTML parser that reads every tag, and mkdocs
parses the whole page again for the ids its links may target: two thirds of a page's
conversion, for output that is the block's text as it was.

So a page's Markdown goes to mkdocs with each raw HTML block replaced by an empty element
of the same tag (``<div data-statusgen-aside="3"></div>``), which Markdown passes through
just as it would the block, and the page's HTML gets the blocks back in their places. The
conversion is otherwise the same: the same stash of raw blocks in the same order, the same
paragraphs, headings, table of contents and links; the ids of the blocks are added to the
page's anchors as mkdocs would have collected them.

That holds only where the blocks are found exactly as Markdown finds them, so
:func:`set_aside` reads the page as Python-Markdown's HTML extractor does (a block-level
start tag at a line's start, or right after a block's end, opens a block; it ends when its
stack of open tags is empty, an end tag closing every tag above its own) and gives up on a
page holding anything it does not model: comments, declarations, processing instructions,
``script``/``style``, a tag it cannot read, a ``markdown`` attribute, an empty block-level
tag at a line's start, text after a block on the same line, a code fence, tabs or carriage
returns, a whitespace-only line or an unterminated character reference inside a block. Such
a page is converted as it is. :func:`converts_alike` checks once per build that the
Markdown configured has no other pre- or postprocessor that reads raw HTML.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass
from typing import Any

import markdown  # type: ignore[import-untyped]
from markdown.extensions import md_in_html  # type: ignore[import-untyped]
from markdown.postprocessors import RawHtmlPostprocessor  # type: ignore[import-untyped]
from markdown.preprocessors import HtmlBlockPreprocessor  # type: ignore[import-untyped]
from mkdocs.config.defaults import MkDocsConfig

log = logging.getLogger(__name__)

MARK = "data-statusgen-aside"
# what Markdown runs on the text before and after its tree (all else reads the tree, where a
# block is one placeholder either way)
KNOWN_PREPROCESSORS = {"normalize_whitespace", "fenced_code_block", "html_block"}
KNOWN_POSTPROCESSORS = {"raw_html", "amp_substitute"}
# elements whose content the HTML parser reads as text (CDATA and RCDATA), in any Python
RAW_TEXT = {"script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes"}
RAW_TEXT |= {"noscript", "plaintext"}
EXTRACTORS = (HtmlBlockPreprocessor, md_in_html.HtmlBlockPreprocessor)  # the ones read as above
EMPTY = {"hr"}  # the extractor's tags that never open a block's stack

_START = re.compile(
    r"""<([a-zA-Z][a-zA-Z0-9-]*)"""
    r"""((?:\s+[^\s"'<>/=`]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(/?)>"""
)
_END = re.compile(r"</([a-zA-Z][-.a-zA-Z0-9:_]*)\s*>")
_ATTRIBUTE = re.compile(r"""([^\s"'<>/=`]+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s"'=<>`]+))?""")
_FENCE = re.compile(r"^(?:~{3,}|`{3,})", re.MULTILINE)
_BAD_CHARREF = re.compile(r"&#(?![0-9]+;|[xX][0-9a-fA-F]+;)")
_WHITESPACE_LINE = re.compile(r"\n +\n")
_PLACEHOLDER = re.compile(rf'<([a-zA-Z][a-zA-Z0-9-]*) {MARK}="([0-9]+)"></\1>')


@dataclass(frozen=True)
class SetAside:
    markdown: str  # the page's Markdown, a placeholder in each block's place
    blocks: list[str]  # the blocks' text, in order
    anchors: set[str]  # the ids in the blocks, as mkdocs collects a page's anchors


def converts_alike(md: markdown.Markdown) -> bool:
    """Whether ``md`` (the site's Markdown) treats a raw HTML block only as the stash of
    Markdown itself does (its extractor, its postprocessor), so a placeholder converts alike."""
    pre = {p.name for p in md.preprocessors._priority}  # the names registered, in order
    post = {p.name for p in md.postprocessors._priority}
    return (
        pre <= KNOWN_PREPROCESSORS
        and post <= KNOWN_POSTPROCESSORS
        and "html_block" in pre
        and "raw_html" in post
        and type(md.preprocessors["html_block"]) in EXTRACTORS
        and isinstance(md.postprocessors["raw_html"], RawHtmlPostprocessor)
    )


def set_aside(text: str, block_tags: frozenset[str]) -> SetAside | None:
    """``text`` with its raw HTML blocks set aside, or None when it holds anything the
    reading above does not model (the page is then converted as it is)."""
    if MARK in text or _FENCE.search(text) or any(c in text for c in "\t\r\x02\x03"):
        return None
    spans: list[tuple[int, int, str]] = []  # start, end, the start tag's name as written
    stack: list[str] = []
    start = 0
    name = ""
    tail = -1  # where a block ended with more on its line: only a new block may start there
    in_tail = False  # a block opened there, no newline read since (the extractor's intail)
    last = 0  # where the token before ended
    pos = text.find("<")
    while pos != -1:
        if in_tail and "\n" in text[last:pos]:
            in_tail = False
        following = text[pos + 1 : pos + 2]
        if following in ("!", "?"):
            return None
        if following == "/" and text[pos + 2 : pos + 3].isalpha():
            end = _END.match(text, pos)
            if end is None or tail != -1:
                return None
            tag = end.group(1).lower()
            if tag in RAW_TEXT:
                return None
            if tag in stack:
                while stack.pop() != tag:
                    pass
                if not stack:
                    last = end.end()
                    spans.append((start, last, name))
                    after = text[last : last + 1]
                    if after == "<":
                        tail = last
                    elif after not in ("\n", ""):
                        return None
            last = end.end()
            pos = text.find("<", last)
            continue
        if not following.isalpha():  # text, as the parser reads '<' without a tag name
            if tail != -1:
                return None
            pos = text.find("<", pos + 1)
            continue
        tag_match = _START.match(text, pos)
        if tag_match is None:
            return None
        written, attributes, closed = tag_match.groups()
        tag = written.lower()
        if tag in RAW_TEXT or "markdown" in attributes.lower():
            return None
        empty = bool(closed) or tag in EMPTY
        if stack:
            if not empty:
                if in_tail and tag in block_tags:
                    return None  # the extractor adds a line break to the page here
                stack.append(tag)
        elif tag in block_tags and (pos == tail or _at_line_start(text, pos)):
            if empty or text[pos + 1 + len(written)] not in " >":
                return None  # a block of its own the extractor reads another way
            stack.append(tag)
            start, name, in_tail = pos, written, pos == tail
        elif tail != -1:
            return None
        tail = -1
        last = tag_match.end()
        pos = text.find("<", last)
    if stack or tail != -1:
        return None
    blocks = [text[a:b] for a, b, _ in spans]
    if any(_BAD_CHARREF.search(b) or _WHITESPACE_LINE.search(b) for b in blocks):
        return None
    parts: list[str] = []
    last = 0
    for n, (a, b, written) in enumerate(spans):
        parts.append(text[last:a])
        parts.append(f'<{written} {MARK}="{n}"></{written}>')
        last = b
    parts.append(text[last:])
    return SetAside("".join(parts), blocks, _anchors(blocks))


def put_back(converted: str, aside: SetAside) -> str | None:
    """The page's HTML with its blocks in their places; None unless each placeholder was
    found once, in order (then the page must be converted again, as it is)."""
    seen: list[int] = []

    def block(match: re.Match[str]) -> str:
        seen.append(int(match.group(2)))
        return aside.blocks[int(match.group(2))] if seen[-1] < len(aside.blocks) else ""

    result = _PLACEHOLDER.sub(block, converted)
    if seen != list(range(len(aside.blocks))):
        return None
    return result


def _at_line_start(text: str, pos: int) -> bool:
    """As the extractor's at_line_start: at most three blanks before the tag on its line."""
    column = pos - (text.rfind("\n", 0, pos) + 1)
    return column == 0 or (column <= 3 and text[pos - column : pos].strip() == "")


def _anchors(blocks: list[str]) -> set[str]:
    """The ids mkdocs reads from raw HTML: every ``id``, and ``name`` on an ``a``."""
    found: set[str] = set()
    for block in blocks:
        if "id" not in block and "name" not in block:
            continue
        for tag in _START.finditer(block):
            attributes = tag.group(2)
            if "id" not in attributes.lower() and "name" not in attributes.lower():
                continue
            for key, value in _ATTRIBUTE.findall(attributes):
                key = key.lower()
                if key == "id" or (key == "name" and tag.group(1).lower() == "a"):
                    found.add(html.unescape(_unquoted(value)))
    return found


def _unquoted(value: str) -> str:
    if value[:1] in ("'", '"') and value[:1] == value[-1:]:
        return value[1:-1]
    return value


class RawBlocks:
    """One build's pages: blocks set aside before conversion and put back after it."""

    def __init__(self, config: MkDocsConfig) -> None:
        md = markdown.Markdown(
            extensions=config.markdown_extensions, extension_configs=config.mdx_configs or {}
        )
        self._enabled = converts_alike(md)
        self._block_tags = frozenset(md.block_level_elements)
        self._pages: dict[str, tuple[str, SetAside]] = {}  # src_uri -> Markdown, set aside
        self.set_aside = 0  # pages converted without their blocks

    def markdown(self, text: str, src_uri: str) -> str:
        if not self._enabled or not text:
            return text
        aside = set_aside(text, self._block_tags)
        if aside is None or not aside.blocks:
            return text
        self._pages[src_uri] = (text, aside)
        return aside.markdown

    def content(self, converted: str, page: Any, config: MkDocsConfig, files: Any) -> str:
        kept = self._pages.pop(page.file.src_uri, None)
        if kept is None:
            return converted
        text, aside = kept
        result = put_back(converted, aside)
        if result is None:
            log.debug("%s: a placeholder went astray; converted again", page.file.src_uri)
            page.markdown = text
            page.render(config, files)
            return str(page.content)
        self.set_aside += 1
        page.present_anchor_ids = (page.present_anchor_ids or set()) | aside.anchors
        return result
