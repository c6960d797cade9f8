"""Markdown from the site's records (incident bodies, postmortems) rendered safely.

Incident and maintenance files are written by people, and their markdown is published on a
public page: raw HTML in them is shown as text, never interpreted, and links may only point
to http(s), mailto or relative addresses.
"""

from __future__ import annotations

import threading
import xml.etree.ElementTree as etree
from urllib.parse import urlparse

import markdown  # type: ignore[import-untyped]
from markdown.extensions import Extension  # type: ignore[import-untyped]
from markdown.treeprocessors import Treeprocessor  # type: ignore[import-untyped]

SAFE_SCHEMES = ("", "http", "https", "mailto")


class _EscapeHtml(Extension):  # type: ignore[misc]
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeLinks(md), "safe_links", 0)


class _SafeLinks(Treeprocessor):  # type: ignore[misc]
    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and urlparse(value.strip()).scheme.lower() not in SAFE_SCHEMES:
                    element.set(attribute, "#")


_parsers = threading.local()


def render_markdown(text: str) -> str:
    """HTML from untrusted markdown: inline and block HTML are escaped, unsafe links cut.

    One parser per thread serves every text, reset before each (its link references,
    stashed HTML and extensions' state cleared): a site has an incident body, update and
    postmortem per page, and making a parser with its extensions was most of rendering one."""
    md = getattr(_parsers, "md", None)
    if md is None:
        md = _parsers.md = markdown.Markdown(extensions=[_EscapeHtml(), "tables", "sane_lists"])
    md.reset()
    return str(md.convert(text))
