"""Pages mkdocs wrote in a build before, reused while everything they are made of is the same.

A page's HTML file is the theme's template rendered with the page (its rendered content,
table of contents, title, metadata, URL and update date), the navigation (every entry's
title and URL: the menu, the tabs, the previous and next links), the configuration, the
theme's templates and statusgen's and mkdocs' code. Its search entries are a function of
the page alone. So a page's output and search entries are kept under a digest of exactly
those (``<cache root>/pages/``), and a later build whose page has the same digest writes the
kept output instead of rendering the template, and adds the kept entries to the search
index instead of parsing the page again: in a rebuild after one new probe line, all but the
handful of pages whose content changed.

Before that, :class:`RenderReuse` spares the Markdown conversion: a page's rendered
content, table of contents, title and anchors are a function of its Markdown, its place,
the other files (links are resolved against them), the configuration and the code, and are
kept under a digest of those (``<cache root>/rendered/``); a kept page is converted from no
text and its kept rendering put back. A page whose conversion logged a warning (a broken
link, in strict mode an error) is never kept, so a rebuild warns as a cold build does.

How it hooks in (the plugin's events call these, in mkdocs' order):

- :meth:`PageReuse.decide` (``on_env``, after every page's content is rendered and before
  any is written): each page's key; a page whose entry exists gets an empty template.
- :meth:`PageReuse.before_search` (``on_page_context``, before the search plugin's): a
  reused page's kept search entries go into the index and its content is emptied, so the
  search plugin has nothing left to parse; a page made afresh has its place noted.
- :meth:`PageReuse.output` (``on_post_page``): a reused page's kept output replaces the
  empty one; a fresh page's output and its new search entries are noted.
- :meth:`PageReuse.keep` (``on_post_build``): the fresh pages' entries are written, and
  entries no build used lately are removed.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Link, Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents

from generator.atomic import write_atomic
from generator.mkdocs_plugin.search_lean import lean_search
from generator.reporting.kept import code_digest
from generator.reporting.reuse import FORMAT, prune_unused
from generator.store.cache import cache_root

log = logging.getLogger(__name__)

REUSED_TEMPLATE = "statusgen-reused.html"  # renders nothing: the kept output replaces it
KEEP_UNUSED = 600  # seconds an entry no build used is kept
OWN_PLUGINS = ("statusgen", "search", "material/search")  # state not part of a page's output


@dataclass
class _Fresh:
    key: str
    search_from: int = 0
    output: str = ""
    entries: list[Any] = field(default_factory=list)


class PageReuse:
    def __init__(self, data_root: Path, config: MkDocsConfig) -> None:
        self.root = cache_root(data_root) / "pages"
        self._search = _search_index(config)
        lean_search(self._search)  # the day bars' buttons are not parsed for it
        self._kept: dict[str, dict[str, Any]] = {}  # src_uri -> kept entry, for reused pages
        self._fresh: dict[str, _Fresh] = {}  # src_uri -> what a fresh page made
        self._used: set[str] = set()
        self.reused = 0

    def decide(
        self, env: jinja2.Environment, config: MkDocsConfig, files: Files, nav: Navigation
    ) -> None:
        site = _site_digest(config, nav_digest(nav))
        for file in files.documentation_pages():
            page = file.page
            if page is None or page.content is None:
                continue
            key = _page_key(site, page)
            entry = _load(self.root / f"{key}.json", ("output", "search"))
            if entry is None:
                self._fresh[file.src_uri] = _Fresh(key)
                continue
            self._kept[file.src_uri] = entry
            self._used.add(f"{key}.json")
            page.meta = {**page.meta, "template": REUSED_TEMPLATE}
        if self._kept:
            env.loader = jinja2.ChoiceLoader(
                [jinja2.DictLoader({REUSED_TEMPLATE: ""}), *([env.loader] if env.loader else [])]
            )

    def before_search(self, page: Page) -> None:
        kept = self._kept.get(page.file.src_uri)
        if kept is not None:
            if self._search is not None:
                self._search.entries.extend(kept["search"])
            page.content = ""  # nothing for the search plugin to parse
        elif page.file.src_uri in self._fresh and self._search is not None:
            self._fresh[page.file.src_uri].search_from = len(self._search.entries)

    def output(self, output: str, page: Page) -> str:
        kept = self._kept.get(page.file.src_uri)
        if kept is not None:
            self.reused += 1
            return str(kept["output"])
        fresh = self._fresh.get(page.file.src_uri)
        if fresh is not None:
            fresh.output = output
            if self._search is not None:
                fresh.entries = list(self._search.entries[fresh.search_from :])
        return output

    def keep(self) -> None:
        made = {
            fresh.key: {"output": fresh.output, "search": fresh.entries}
            for fresh in self._fresh.values()
            if fresh.output
        }
        _keep(self.root, made, self._used)


class RenderReuse:
    """Pages' Markdown conversions kept between builds (see the module's docstring)."""

    def __init__(self, data_root: Path) -> None:
        self.root = cache_root(data_root) / "rendered"
        self._shared: str | None = None
        self._kept: dict[str, dict[str, Any]] = {}
        self._fresh: dict[str, str] = {}  # src_uri -> key
        self._made: dict[str, dict[str, Any]] = {}  # key -> entry to write
        self._used: set[str] = set()
        self._warnings = _WarningCount()
        logging.getLogger().addHandler(self._warnings)
        self.reused = 0

    def close(self) -> None:
        logging.getLogger().removeHandler(self._warnings)

    def markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """The Markdown mkdocs is to convert: none for a page whose conversion is kept."""
        if self._shared is None:
            listed = sorted([f.src_uri, f.dest_uri, f.url] for f in files)
            self._shared = _digest({"site": _site_digest(config, ""), "files": listed})
        key = _digest(
            {
                "shared": self._shared,
                "src": page.file.src_uri,
                "url": page.url,
                "markdown": _text_digest(markdown),
            }
        )
        entry = _load(self.root / f"{key}.json", ("content", "toc", "title", "anchors", "links"))
        self._warnings.count = 0
        if entry is None:
            self._fresh[page.file.src_uri] = key
            return markdown
        self._kept[page.file.src_uri] = entry
        self._used.add(f"{key}.json")
        return ""

    def content(self, html: str, page: Page, files: Files) -> str:
        """The page's HTML: its kept rendering put back, or the fresh one noted."""
        src = page.file.src_uri
        kept = self._kept.pop(src, None)
        if kept is not None:
            self.reused += 1
            page.toc = TableOfContents(_anchors(kept["toc"]))
            if page.toc.items:
                page.toc.items[0].active = True  # type: ignore[attr-defined]  # as get_toc does
            page._title_from_render = kept["title"]  # what Page.render sets
            page.present_anchor_ids = set(kept["anchors"])
            links = {}
            for target, anchors in kept["links"]:
                file = files.get_file_from_path(target)  # there: the files are in the key
                if file is not None:
                    links[file] = dict(anchors)
            page.links_to_anchors = links
            return str(kept["content"])
        key = self._fresh.pop(src, None)
        if key is not None and self._warnings.count == 0:
            self._made[key] = {
                "content": html,
                "toc": _toc_tree(page.toc),
                "title": page._title_from_render,
                "anchors": sorted(page.present_anchor_ids or ()),
                "links": sorted(
                    [f.src_uri, sorted(a.items())] for f, a in (page.links_to_anchors or {}).items()
                ),
            }
        return html

    def keep(self) -> None:
        _keep(self.root, self._made, self._used)


class _WarningCount(logging.Handler):
    """Counts the warnings logged while one page is converted."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _toc_tree(items: Any) -> list[Any]:
    return [[i.title, i.id, i.level, _toc_tree(i.children)] for i in items]


def _anchors(tree: list[Any]) -> list[AnchorLink]:
    links = []
    for title, id, level, children in tree:
        link = AnchorLink(title, id, level)
        link.children = _anchors(children)
        links.append(link)
    return links


def _digest(inputs: Any) -> str:
    return hashlib.sha256(json.dumps(inputs, default=_plain, sort_keys=True).encode()).hexdigest()


def _text_digest(text: str) -> str:
    """A page's text in a key by its digest: hashing its bytes is a tenth of the cost of
    writing it out as JSON first (the 50-component home page's content is 600 KB)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _search_index(config: MkDocsConfig) -> Any:
    """The search plugin's index (Material's or mkdocs' own), or None without one."""
    for plugin in config.plugins.values():
        index = getattr(plugin, "search_index", None)
        if index is not None and isinstance(getattr(index, "entries", None), list):
            return index
    return None


def nav_digest(nav: Navigation) -> str:
    """Every navigation entry's kind, title and URL, in order: what one page shows of the
    others (the menu, the tabs, the previous and next links)."""

    def walk(items: list[Any]) -> list[Any]:
        out: list[Any] = []
        for item in items:
            if isinstance(item, Section):
                out.append(["section", item.title, walk(item.children)])
            elif isinstance(item, Link):
                out.append(["link", item.title, item.url])
            else:
                out.append(["page", item.title, item.url, item.file.src_uri])
        return out

    return hashlib.sha256(json.dumps(walk(nav.items)).encode()).hexdigest()


def _site_digest(config: MkDocsConfig, nav: str) -> str:
    """What every page's output shares: the navigation, the configuration (as loaded, and
    as the plugins left it: the theme's language), the docs directory's files (the theme's
    overrides, hand-written pages), and the code of statusgen, mkdocs and the theme."""
    docs = Path(config.docs_dir)
    # the theme's overrides too where they are not in the docs directory (the theme's own
    # templates are its version's)
    custom = config.theme.custom_dir
    roots = [docs, *([Path(custom)] if custom and docs not in Path(custom).parents else [])]
    tree = [
        [str(root), p.relative_to(root).as_posix(), hashlib.sha256(p.read_bytes()).hexdigest()]
        for root in roots
        for p in sorted(root.rglob("*"))
        if p.is_file()
    ]
    # not the output directory: statusgen build writes into a new temporary one each time
    settings = {k: v for k, v in config.items() if k not in ("plugins", "nav", "site_dir")}
    # every plugin's options, and the state of those beside statusgen and search (the
    # languages' edition: which switcher and hreflang links a page gets)
    plugins = [
        [
            name,
            type(plugin).__qualname__,
            dict(plugin.config),
            {} if name in OWN_PLUGINS else {k: v for k, v in vars(plugin).items() if k != "config"},
        ]
        for name, plugin in config.plugins.items()
    ]
    inputs = {
        "format": FORMAT,
        "code": code_digest(),
        "versions": [version("mkdocs"), version("mkdocs-material"), version("markdown")],
        "config": json.dumps(settings, default=_plain, sort_keys=True),
        "plugins": json.dumps(plugins, default=_plain, sort_keys=True),
        "docs": tree,
        "nav": nav,
    }
    return _digest(inputs)


def _plain(value: Any) -> Any:
    """A JSON form of a configuration value that is the same in every process: containers
    and simple values as they are, anything else by its type (its repr may hold an address)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value, key=str)
    if isinstance(value, os.PathLike):
        return os.fspath(value)
    items = getattr(value, "items", None)
    if callable(items):
        return {str(k): v for k, v in items()}
    return type(value).__qualname__


def _page_key(site: str, page: Page) -> str:
    inputs = {
        "site": site,
        "src": page.file.src_uri,
        "url": page.url,
        "dest": page.file.dest_uri,
        "title": page.title,
        "meta": page.meta,
        "update_date": page.update_date,
        "content": _text_digest(page.content or ""),
        "toc": _toc(page.toc),
        "homepage": page.is_homepage,
        "canonical": page.canonical_url,
        "edit": page.edit_url,
    }
    return _digest(inputs)


def _toc(items: Any) -> list[Any]:
    return [[i.title, i.url, i.level, _toc(i.children)] for i in items]


def _load(path: Path, fields: tuple[str, ...]) -> dict[str, Any] | None:
    try:
        entry = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or any(name not in entry for name in fields):
        return None
    return entry


def _keep(root: Path, made: dict[str, dict[str, Any]], used: set[str]) -> None:
    """Write this build's new entries (key -> entry), then prune the directory."""
    for key, entry in made.items():
        path = root / f"{key}.json"
        used.add(path.name)
        try:
            write_atomic(path, json.dumps(entry).encode("utf-8"))
        except OSError as exc:
            log.debug("%s: not kept: %s", path, exc)
    prune_unused(root, used, ".json", KEEP_UNUSED)
