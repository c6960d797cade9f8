"""The statusgen mkdocs plugin: the status site's pages and files, generated per build.

``mkdocs.yml`` is the site's only configuration::

    plugins:
      - search
      - statusgen:
          data_dir: data      # the data directory (default: $STATUSGEN_DATA or data/)
          as_of: ""           # ISO time the site is built as of (default: $STATUSGEN_AS_OF, else now)
          templates: templates  # a directory of templates overriding the shipped ones
          pdf: true           # write reports/<period>.pdf (also $STATUSGEN_PDF=0 turns it off)

``statusgen build`` and ``statusgen serve`` hand the plugin their run settings (data
directory, as-of time, PDFs) as one :class:`RunSettings` through :func:`running`, which
wins over ``mkdocs.yml``: ``statusgen --data elsewhere serve`` previews ``elsewhere``
whatever ``data_dir`` the configuration names. Run by mkdocs itself, the plugin reads its
configuration, then the environment variables.

Generated pages are virtual files (``File.generated``): nothing is written into the docs
directory. A hand-written page at the same path wins over the generated one. Every page's
update date (sitemap ``lastmod`` and the sitemap's gzip time) is the as-of date, so the
same data and as-of time give the same output.
"""

from __future__ import annotations

import functools
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from generator.atomic import write_atomic
from generator.errors import GeneratorError
from generator.i18n import language
from generator.mkdocs_plugin.chart_pool import ChartPool, new_file_mode
from generator.mkdocs_plugin.outputs import generate
from generator.mkdocs_plugin.page_reuse import PageReuse, RenderReuse
from generator.mkdocs_plugin.pdf_pool import PdfPool, report_pool
from generator.mkdocs_plugin.raw_html import RawBlocks
from generator.mkdocs_plugin.template_cache import bytecode_cache
from generator.model.report import Report
from generator.render.pages import Urls, site_navigation
from generator.render.site_charts import chart_jobs
from generator.render.words import translate_palette
from generator.reporting.reuse import ChartReuse, PdfReuse
from generator.reporting.site import StatusModel, build_model
from generator.site import load_site
from generator.store import cache
from generator.timeutil import TimeFormatError, parse_instant, to_datetime

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RunSettings:
    """What ``statusgen build`` or ``serve`` was asked for, handed to every (re)build."""

    data_root: Path
    as_of: int | None  # None: now, at each rebuild
    pdf: bool
    # built once by statusgen build for all its languages (as of as_of), in this one's
    model: StatusModel | None = None


_RUN: RunSettings | None = None


@dataclass
class _PdfPlan:
    """One build's PDF reports: the pool drawing ``drawn``, and the closed periods' kept."""

    pool: PdfPool
    drawn: list[Report]
    ready: dict[str, bytes]  # period id -> kept PDF
    closed: set[str]
    kept: PdfReuse
    titles: dict[str, str]


@contextmanager
def running(settings: RunSettings) -> Iterator[None]:
    """Builds inside this block use ``settings``. mkdocs creates a new plugin from
    ``mkdocs.yml`` for every rebuild of ``serve``, so the settings cannot travel in the
    plugin's configuration; they live here for the duration of the command."""
    global _RUN
    previous, _RUN = _RUN, settings
    try:
        yield
    finally:
        _RUN = previous


class StatusgenConfig(Config):  # type: ignore[no-untyped-call]
    data_dir = c.Type(str, default="")
    as_of = c.Type(str, default="")
    templates = c.Type(str, default="templates")
    charts = c.Type(bool, default=True)
    chart_workers = c.Type(int, default=0)  # processes drawing charts; 0: one per CPU
    pdf = c.Type(bool, default=True)


class StatusgenPlugin(BasePlugin[StatusgenConfig]):  # type: ignore[no-untyped-call]
    """Adds the status pages, SLA pages, charts, JSON API, badges and feed to the build."""

    def __init__(self) -> None:
        self.model: StatusModel | None = None
        self.error: GeneratorError | None = None  # what stopped the build, for statusgen build
        self.generated: dict[str, str] = {}
        self._default_nav = False
        self._as_of = 0
        self._data = Path("data")
        self._templates: list[Path] = []
        self._pdf = False
        self._charts: ChartPool | None = None
        self._pdfs: _PdfPlan | None = None
        self._kept_charts: ChartReuse | None = None
        self._pages: PageReuse | None = None
        self._rendered: RenderReuse | None = None
        self._raw: RawBlocks | None = None
        self._nav: Navigation | None = None
        self.chart_count = 0
        self.pdf_count = 0

    # --- configuration ----------------------------------------------------------------

    def data_root(self, config: MkDocsConfig) -> Path:
        if _RUN is not None:
            return _RUN.data_root
        value = self.config.data_dir or os.environ.get("STATUSGEN_DATA") or "data"
        path = Path(value)
        if not path.is_absolute():
            path = Path(config.config_file_path or ".").resolve().parent / path
        return path

    def as_of(self) -> int:
        if _RUN is not None:
            return _RUN.as_of if _RUN.as_of is not None else int(time.time())
        value = self.config.as_of or os.environ.get("STATUSGEN_AS_OF") or ""
        if not value or value.strip().lower() == "now":
            return int(time.time())
        try:
            return parse_instant(value)
        except TimeFormatError as exc:
            raise PluginError(f"statusgen: as_of: {exc}") from None

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self._data = self.data_root(config)
        self._as_of = self.as_of()
        base = Path(config.config_file_path or ".").resolve().parent
        templates = Path(self.config.templates)
        self._templates = [templates if templates.is_absolute() else base / templates]
        self._default_nav = config.nav is None
        return config

    def on_build_error(self, *, error: Exception) -> None:
        self._pages = None
        self._raw = None
        if self._rendered is not None:
            self._rendered.close()
            self._rendered = None
        if self._charts is not None:
            self._charts.close()
            self._charts = None
        if self._pdfs is not None:
            self._pdfs.pool.close()
            self._pdfs = None

    # --- generation -----------------------------------------------------------------

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        started = time.perf_counter()
        try:
            if _RUN is not None and _RUN.model is not None:
                self.model = _RUN.model
            else:
                self.model = build_model(load_site(self._data), self._as_of)
            site = self.model.site
        except GeneratorError as exc:
            self.error = exc
            raise PluginError(f"statusgen: {exc}") from None
        site_url = config.site_url or site.sla.site_url or ""
        # Material's own words (search, navigation, footer) and <html lang> in the SLA's
        # language; read when pages are rendered, after this event
        config.theme["language"] = site.sla.language
        translate_palette(config.theme.get("palette"), site.sla.language)
        if _RUN is not None:
            self._pdf = _RUN.pdf
        else:
            self._pdf = self.config.pdf and os.environ.get("STATUSGEN_PDF", "1") not in (
                "0",
                "false",
            )
        if self._pdf and not pdf_available():
            log.warning("statusgen: the PDF reports need WeasyPrint; building without them")
            self._pdf = False
        downloads = {p.id: f"reports/{p.id}.pdf" for p in self.model.periods} if self._pdf else {}
        jobs = chart_jobs(self.model) if self.config.charts else []
        # a chart a build before drew from the very same job is placed, not drawn again
        self._kept_charts = kept = ChartReuse(self._data)
        ready = []
        todo, keep = [], []
        for job in jobs:
            place = kept.path(job)
            if kept.load(place) is None:
                todo.append(job)
                keep.append(place)
            else:
                ready.append((job, place))
        cache.flush()  # its writer thread done: the chart workers are forked
        self._charts = ChartPool(todo, self.config.chart_workers, keep, ready)
        # the PDF reports too, drawn by their own workers while mkdocs renders the pages
        self._pdfs = self._start_pdfs(self.model) if self._pdf else None
        output = generate(
            self.model,
            self._templates,
            Urls(config.use_directory_urls),
            site_url,
            [job[0] for job in jobs],
            downloads,
            self._data,
        )
        self.generated = {}
        for src_uri, text in [*output.pages.items(), *output.files.items()]:
            if files.get_file_from_path(src_uri) is not None:
                log.info("statusgen: %s is hand-written in the docs directory; kept", src_uri)
                continue
            files.append(File.generated(config, src_uri, content=text))
            self.generated[src_uri] = text
        if self._default_nav:
            config.nav = default_nav(self.model)
        if self._rendered is not None:
            self._rendered.close()
        # a page's Markdown converted by a build before is not converted again
        self._rendered = RenderReuse(self._data)
        # the HTML statusgen wrote is not read again by Markdown's HTML parser
        self._raw = RawBlocks(config)
        log.info(
            "statusgen: %d pages and %d files generated in %.2f s",
            len(output.pages),
            len(output.files),
            time.perf_counter() - started,
        )
        return files

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self._nav = nav
        return nav

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        # the theme overrides (site/overrides) speak the SLA's language too: _() there
        if self.model is not None:
            language(self.model.site.sla.language).install(env)
        # the theme's templates compiled by a build before are not compiled again
        env.bytecode_cache = bytecode_cache(self._data, env)
        # every page's content is rendered, none written: a page whose output a build
        # before made from the same content, navigation and configuration is reused
        self._pages = None
        if self.model is not None and self._nav is not None:
            self._pages = PageReuse(self._data, config)
            self._pages.decide(env, config, files, self._nav)
        return env

    @event_priority(100)  # before the search plugin reads the page
    def on_page_context(
        self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> Any:
        if self._pages is not None:
            self._pages.before_search(page)
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        return self._pages.output(output, page) if self._pages is not None else output

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        if self.model is not None:
            page.update_date = (
                to_datetime(self._as_of, self.model.site.sla.timezone).date().isoformat()
            )
        if self._rendered is not None:
            markdown = self._rendered.markdown(markdown, page, config, files)
        if self._raw is not None and page.file.src_uri in self.generated:
            markdown = self._raw.markdown(markdown, page.file.src_uri)
        return markdown

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if self._raw is not None:
            html = self._raw.content(html, page, config, files)
        return self._rendered.content(html, page, files) if self._rendered is not None else html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        cache.prune(self._data)  # the entries of partitions compaction removed
        if self._rendered is not None:
            self._rendered.keep()
            self._rendered.close()
        if self._pages is not None:
            self._pages.keep()
            log.info(
                "statusgen: %d pages kept from a build before (%d converted pages)",
                self._pages.reused,
                self._rendered.reused if self._rendered is not None else 0,
            )
            self._pages = None
        self._rendered = None
        self._raw = None
        if self._charts is not None:
            started = time.perf_counter()
            count = self._charts.write(Path(config.site_dir))
            self.chart_count = count
            self._charts = None
            reused = 0
            if self._kept_charts is not None:
                self._kept_charts.prune()
                reused = len(self._kept_charts.used)
            log.info(
                "statusgen: %d charts in %.2f s (%d kept from a build before)",
                count,
                time.perf_counter() - started,
                reused,
            )
        if self._pdfs is None or self.model is None:
            return
        started = time.perf_counter()
        plan, self._pdfs = self._pdfs, None
        out_dir = Path(config.site_dir) / "reports"
        mode = new_file_mode(out_dir)  # readable as the site's other files (not mkstemp's 0600)
        for period_id, data in plan.ready.items():
            write_atomic(out_dir / f"{period_id}.pdf", data, mode=mode)
        for report, data in zip(plan.drawn, plan.pool.results(), strict=True):
            write_atomic(out_dir / f"{report.period.id}.pdf", data, mode=mode)
            if report.period.id in plan.closed:
                plan.kept.keep(report, plan.titles, data)
        plan.kept.prune()
        self.pdf_count = len(self.model.periods)
        log.info(
            "statusgen: %d PDF reports in %.2f s (%d kept from a build before)",
            self.pdf_count,
            time.perf_counter() - started,
            len(plan.kept.reused),
        )

    def _start_pdfs(self, model: StatusModel) -> _PdfPlan:
        """Each period's PDF: a closed period's kept from a build of the same report, the
        others drawn by a :class:`PdfPool`."""
        from generator.render.pdf import incident_titles_of, published_pdf

        titles = incident_titles_of(model.site)
        kept = PdfReuse(model.site)
        closed = {p.id for p in model.periods if p.end < model.as_of}
        ready: dict[str, bytes] = {}
        drawn = []
        for period in model.periods:
            report = model.reports[period.id]
            data = kept.load(report, titles) if period.id in closed else None
            if data is None:
                drawn.append(report)
            else:
                ready[period.id] = data
        inputs: dict[str, Any] = {
            "sla": model.site.sla,
            "incident_titles": titles,
            "site": model.site,
        }
        render = functools.partial(published_pdf, **inputs)
        pool = report_pool(drawn, render, **inputs)
        return _PdfPlan(pool, drawn, ready, closed, kept, titles)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self._data))
        for path in self._templates:
            if path.is_dir():
                server.watch(str(path))
        return server


def pdf_available() -> bool:
    try:
        import weasyprint  # noqa: F401

        import generator.render.pdf  # noqa: F401
    except ImportError:
        return False
    return True


def default_nav(model: StatusModel) -> list[Any]:
    return site_navigation(model)
