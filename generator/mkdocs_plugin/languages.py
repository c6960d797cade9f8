"""One site per language, from ``languages: [en, uk, de]`` in the SLA file.

``statusgen build`` runs mkdocs once per language from one status model: the first language
at the output's root, each other under its own prefix (``uk/``, ``de/``), so each is a whole
site whose relative links (pages, charts, PDFs, JSON) stay inside it. Each of those builds
gets a :class:`LanguagesPlugin` besides the statusgen plugin, for what joins the sites: a
language switcher (Material's ``extra.alternate``) whose links lead to the same page in every
language, and hreflang alternates of every page, plus an ``x-default`` to the first
language's, in each language's ``sitemap.xml``. The same docs directory and data make the
same pages in every language, so "the same page" is the same path under another prefix.

The hreflang alternates are in the sitemaps, not in the pages' heads: Material's JavaScript
takes every ``<link rel="alternate">`` of a page for the root of another version of the site
and fetches ``sitemap.xml`` below it, so a page's own alternates
(``/uk/sla/terms/sitemap.xml``) answered 404 on every page load. Search engines read hreflang
from a sitemap as from a head.
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, replace
from typing import Any

import jinja2
from babel import Locale
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from generator.reporting.site import StatusModel

NAME = "statusgen/languages"  # its key among a build's plugins
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"


@dataclass(frozen=True)
class Edition:
    """The site in ``language``, one of ``languages`` (the root's first)."""

    language: str
    languages: tuple[str, ...]
    root_url: str | None = None  # the root site's public address, ending in /

    def prefix(self, code: str | None = None) -> str:
        """Where the site in ``code`` (default: this one) sits below the root: '', 'uk/'."""
        code = code or self.language
        return "" if code == self.languages[0] else f"{code}/"

    def site_url(self) -> str:
        """This site's own address: the root's, or '/' when unknown, with the prefix."""
        return (self.root_url or "/") + self.prefix()


def in_language(model: StatusModel, code: str) -> StatusModel:
    """The same figures, told in ``code``: only the SLA's language differs."""
    site = model.site
    return replace(model, site=replace(site, sla=replace(site.sla, language=code)))


def language_name(code: str) -> str:
    """The language's name for itself, as a menu item starts: 'Deutsch', 'Українська'."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def href(target: str, here: str) -> str:
    """The link from the page at ``here`` to ``target`` (both paths below the root site,
    as mkdocs writes page URLs: '', 'sla/', 'uk/sla/terms.html')."""
    directory = here.rpartition("/")[0] or "."
    link = posixpath.relpath(target.rstrip("/") or ".", directory)
    if target == "" or target.endswith("/"):
        return "./" if link == "." else link + "/"
    return link


class Exact(str):
    """A link already relative to its page, which mkdocs' ``url`` filter must leave alone:
    the filter mangles links that leave the site ('../sla/' from 'sla/' becomes '.././')."""


class _NoOptions(Config):  # type: ignore[no-untyped-call]
    """The build hands the plugin its edition; mkdocs.yml names no option of it."""


class LanguagesPlugin(BasePlugin[_NoOptions]):  # type: ignore[no-untyped-call]
    def __init__(self, edition: Edition) -> None:
        self.edition = edition

    def alternates(self, url: str) -> list[dict[str, str]]:
        """The page at ``url`` in every language, linked from itself in this one."""
        here = self.edition.prefix() + url
        return [
            {
                "name": language_name(code),
                "link": Exact(href(self.edition.prefix(code) + url, here)),
                "lang": code,
            }
            for code in self.edition.languages
        ]

    def homes(self) -> list[dict[str, str]]:
        """Each language's home, by its address (or from the host's root)."""
        root = self.edition.root_url or "/"
        return [
            {
                "name": language_name(code),
                "link": Exact(root + self.edition.prefix(code)),
                "lang": code,
            }
            for code in self.edition.languages
        ]

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Every page's switcher depends on the languages built, so they are part of the
        # configuration: a page kept from a build before (page_reuse.py keys pages by the
        # configuration) is reused only for the same languages.
        config.extra["alternate"] = self.homes()
        return config

    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        normalize = env.filters["url"]

        @jinja2.pass_context
        def url(context: Any, value: Any) -> Any:
            return value if isinstance(value, Exact) else normalize(context, value)

        env.filters["url"] = url
        return env

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        # Read by Material's switcher and head as this page is rendered, right after
        config.extra["alternate"] = self.alternates(page.url)
        return context

    def on_template_context(self, context: Any, *, template_name: str, config: MkDocsConfig) -> Any:
        # 404.html is served at any depth: each language's home by its address
        config.extra["alternate"] = self.homes()
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return self._without_head_alternates(output, self.alternates(page.url))

    def on_post_template(
        self, output_content: str, *, template_name: str, config: MkDocsConfig
    ) -> str:
        if template_name == "sitemap.xml":
            return self.sitemap_with_alternates(output_content)
        return self._without_head_alternates(output_content, self.homes())

    def _without_head_alternates(self, output: str, alternates: list[dict[str, str]]) -> str:
        """The page without the ``<link rel="alternate" hreflang>`` lines Material's head
        makes of the switcher's links (see the module's docstring)."""
        for alt in alternates:
            shown = f'<link rel="alternate" href="{alt["link"]}" hreflang="{alt["lang"]}">'
            output = re.sub(rf"\n[ \t]*{re.escape(shown)}(?=\n)", "", output, count=1)
        return output

    def sitemap_with_alternates(self, sitemap: str) -> str:
        """Each page of the sitemap with its address in every language, and an
        ``x-default`` naming the first language's. Sitemaps need whole addresses, so without
        the site's address (no ``site_url``) the sitemap is left as mkdocs wrote it."""
        root = self.edition.root_url
        if root is None:
            return sitemap
        own = self.edition.site_url()

        def alternates(match: re.Match[str]) -> str:
            entry, indent, url = match.group(0), match.group(1), html.unescape(match.group(2))
            if not url.startswith(own):
                return entry
            page = url.removeprefix(own)
            languages = self.edition.languages
            named = [*((code, code) for code in languages), ("x-default", languages[0])]
            links = "".join(
                f'{indent}<xhtml:link rel="alternate" hreflang="{name}" '
                f'href="{html.escape(root + self.edition.prefix(code) + page)}"/>'
                for name, code in named
            )
            # after the sitemap's own elements, as its schema orders them
            end = entry.rindex("\n")
            return entry[:end] + links + entry[end:]

        sitemap = sitemap.replace(
            f'<urlset xmlns="{SITEMAP}">',
            f'<urlset xmlns="{SITEMAP}" xmlns:xhtml="http://www.w3.org/1999/xhtml">',
            1,
        )
        url = r"(\n[ \t]*)<loc>([^<]*)</loc>.*?\n[ \t]*</url>"
        return re.sub(url, alternates, sitemap, flags=re.DOTALL)


def add_languages_plugin(config: MkDocsConfig, edition: Edition) -> None:
    """``edition``'s switcher and hreflang links in the build of ``config``."""
    plugin = LanguagesPlugin(edition)
    plugin.load_config({}, config_file_path=config.config_file_path)
    config.plugins[NAME] = plugin  # registers its event handlers
