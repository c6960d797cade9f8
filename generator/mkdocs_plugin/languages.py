"""One site per language, from ``languages: [en, uk, de]`` in the SLA file.

``statusgen build`` runs mkdocs once per language from one status model: the first language
at the output's root, each other under its own prefix (``uk/``, ``de/``), so each is a whole
site whose relative links (pages, charts, PDFs, JSON) stay inside it. Each of those builds
gets a :class:`LanguagesPlugin` besides the statusgen plugin, for what joins the sites: a
language switcher (Material's ``extra.alternate``) and ``<link rel="alternate" hreflang>``
in every page's head, both to the same page in every language, plus an ``x-default`` to the
first. The same docs directory and data make the same pages in every language, so "the same
page" is the same path under another prefix.
"""

from __future__ import annotations

import posixpath
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
        """Search engines want hreflang addresses whole: made so when the site's address
        is known (the switcher keeps relative links, which work in any copy). An
        ``x-default`` names the root language's page for readers of any other language."""
        links = []
        for alt in self.alternates(page.url):
            shown = f'<link rel="alternate" href="{alt["link"]}" hreflang="{alt["lang"]}">'
            whole = alt["link"]
            if self.edition.root_url is not None:
                whole = self.edition.root_url + self.edition.prefix(alt["lang"]) + page.url
            output = output.replace(
                shown, f'<link rel="alternate" href="{whole}" hreflang="{alt["lang"]}">', 1
            )
            links.append(whole)
        default = f'<link rel="alternate" href="{links[0]}" hreflang="x-default">'
        return output.replace("</head>", f"  {default}\n  </head>", 1)


def add_languages_plugin(config: MkDocsConfig, edition: Edition) -> None:
    """``edition``'s switcher and hreflang links in the build of ``config``."""
    plugin = LanguagesPlugin(edition)
    plugin.load_config({}, config_file_path=config.config_file_path)
    config.plugins[NAME] = plugin  # registers its event handlers
