"""statusgen build: the status site, through mkdocs and the statusgen plugin.

``build`` renders into a temporary directory beside the output and swaps it in only when
mkdocs finished without error, so a failed build leaves the previous site untouched.

It replaces only a directory that is new, empty, or holds a previous build: every build
writes a marker file (:data:`MARKER`) into its output, and any other directory is refused,
as is any output that is or holds the data, the docs directory, the templates, the mkdocs
configuration, a git repository or the current directory. One build at a time per output:
a lock file beside it serialises builds, so the staging directories left by a killed build
can be removed safely at the next one.
"""

from __future__ import annotations

import fcntl
import logging
import os
import re
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from generator import __version__
from generator.commands.client_reports import (
    check_private_dir,
    needed_clients_file,
    write_client_reports,
)
from generator.errors import ConfigError, GeneratorError
from generator.mkdocs_plugin.languages import Edition, add_languages_plugin, in_language
from generator.mkdocs_plugin.plugin import RunSettings, running
from generator.render.formatting import plural
from generator.reporting.site import build_model
from generator.site import load_site

log = logging.getLogger(__name__)

PLUGIN = "statusgen"

# A dotfile: mkdocs never copies hidden files from the docs directory nor deletes them from
# the site directory, so only a statusgen build puts it there and a plain `mkdocs build` into
# the same directory keeps it; a Pages artifact (a tar of the directory) carries it too.
MARKER = ".statusgen-build"
MARKER_TEXT = (
    f"Built by statusgen {__version__}. `statusgen build` replaces this directory as a whole;\n"
    "it refuses any directory without this file.\n"
)
LOCK_WAIT = 600.0  # seconds a build waits for another build into the same output


@dataclass(frozen=True)
class BuildOptions:
    data_root: Path
    output: Path = Path("public")
    config_file: Path = Path("mkdocs.yml")
    as_of: int | None = None  # None: now (the wall clock at build time)
    strict: bool = False
    pdf: bool = True  # write reports/<period>.pdf
    lock_wait: float = LOCK_WAIT
    offline: bool = False  # a site that works opened from disk (file://), search included
    client_reports: Path | None = None  # every client's report, never inside the output
    clients: Path | None = None  # the private clients file; None: $STATUSGEN_CLIENTS


@dataclass(frozen=True)
class BuildResult:
    output: Path
    pages: int  # generated pages
    files: int  # JSON API, badges, feed
    charts: int
    pdfs: int
    seconds: float
    client_reports: list[Path] = field(default_factory=list)  # private, outside the output
    languages: tuple[str, ...] = ()  # when several: one site each, the first at the root

    def describe(self) -> str:
        pdfs = f", {plural(self.pdfs, 'PDF report')}" if self.pdfs else ""
        languages = ""
        if self.languages:
            languages = f" in {len(self.languages)} languages ({', '.join(self.languages)})"
        private = ""
        if self.client_reports:
            where = self.client_reports[0].parent.parent
            private = f"; {plural(len(self.client_reports), 'client report file')} in {where}"
        return (
            f"built {self.output}: {plural(self.pages, 'generated page')}, "
            f"{plural(self.charts, 'chart')}, "
            f"{plural(self.files, 'API, badge and feed file')}{pdfs}{languages} "
            f"in {self.seconds:.1f} s"
            f"{private}"
        )


def load_mkdocs_config(options: BuildOptions, **overrides: Any) -> Any:
    if not options.config_file.is_file():
        raise ConfigError("mkdocs configuration not found", file=options.config_file)
    try:
        config = load_config(config_file=str(options.config_file), **overrides)
    except MkDocsException as exc:
        raise ConfigError(str(exc), file=options.config_file) from None
    if PLUGIN not in config.plugins:
        raise ConfigError(
            "the statusgen plugin is not enabled (add '- statusgen' under plugins)",
            file=options.config_file,
            field="plugins",
        )
    if options.offline:
        _add_offline_plugin(config)
    return config


OFFLINE = "material/offline"


def _add_offline_plugin(config: Any) -> None:
    """Material's offline plugin: page links to files (``page/index.html``, not ``page/``)
    and the search index inlined, so a browser opening the files from disk follows every
    link and searches without a server."""
    if OFFLINE in config.plugins:
        return
    (entry,) = entry_points(group="mkdocs.plugins", name=OFFLINE)
    plugin = entry.load()()
    errors, _ = plugin.load_config({}, config_file_path=config.config_file_path)
    if errors:  # pragma: no cover - the plugin's own defaults
        raise GeneratorError(f"the offline plugin refused its defaults: {errors}")
    config.plugins[OFFLINE] = plugin  # registers its event handlers
    config.use_directory_urls = False


def build_site(options: BuildOptions) -> BuildResult:
    started = time.perf_counter()
    config = load_mkdocs_config(options, strict=options.strict)
    output = options.output.resolve()
    guarded = _guarded_paths(options, config)
    # Checked before anything is written, so a refused build changes nothing.
    _check_output(options.output, output, guarded)
    if options.client_reports is not None:
        published = [
            (options.output, "the site output"),
            (Path(config.docs_dir), "the docs directory"),
        ]
        check_private_dir(options.client_reports, published)
        needed_clients_file(options.data_root, options.clients)
    output.parent.mkdir(parents=True, exist_ok=True)
    with _build_lock(options.output, output, options.lock_wait):
        # Again under the lock: the build that held it may have just made the output.
        _check_output(options.output, output, guarded)
        _remove_leftovers(output)
        staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-building-", dir=output.parent))
        try:
            # First, so that a staging directory left by a killed build is known to be ours.
            (staging / MARKER).write_text(MARKER_TEXT)
            as_of = options.as_of if options.as_of is not None else int(time.time())
            languages, counts = build_languages(options, config, staging, as_of)
        except BaseException:
            shutil.rmtree(staging, ignore_errors=True)
            raise
        _replace(output, staging)
    client_files = []
    if options.client_reports is not None:
        client_files = write_client_reports(
            options.data_root, options.client_reports, options.clients, as_of
        )
    return BuildResult(
        options.output,
        counts.pages,
        counts.files,
        counts.charts,
        counts.pdfs,
        time.perf_counter() - started,
        client_files,
        languages if len(languages) > 1 else (),
    )


def build_languages(
    options: BuildOptions, config: Any, site_dir: Path, as_of: int
) -> tuple[tuple[str, ...], _Counts]:
    """Every language's site into ``site_dir`` (the first at its root, each other under its
    prefix), with ``config`` loaded for the first; the languages and what they made."""
    # One status model for every language: the figures are the same, only words differ
    model = build_model(load_site(options.data_root.resolve()), as_of)
    languages = model.site.sla.languages
    root_url = config.site_url or model.site.sla.site_url
    counts = _Counts()
    for code in languages:
        edition = Edition(code, languages, _slashed(root_url) if root_url else None)
        if code != languages[0]:  # mkdocs changes the configuration it builds
            config = load_mkdocs_config(options, strict=options.strict)
        _build_language(
            config,
            site_dir / edition.prefix(),
            edition,
            RunSettings(options.data_root.resolve(), as_of, options.pdf, in_language(model, code)),
            counts,
        )
    return languages, counts


@dataclass
class _Counts:
    """What the builds of every language made, together."""

    pages: int = 0
    files: int = 0
    charts: int = 0
    pdfs: int = 0


def _slashed(url: str) -> str:
    return url if url.endswith("/") else url + "/"


def _build_language(
    config: Any, site_dir: Path, edition: Edition, settings: RunSettings, counts: _Counts
) -> None:
    """mkdocs into ``site_dir``: the site in one language, with the others linked."""
    config.site_dir = str(site_dir)
    if len(edition.languages) > 1:
        # feeds, JSON and sitemap give this site's own addresses, below the prefix
        config.site_url = edition.site_url() if edition.prefix() else config.site_url
        add_languages_plugin(config, edition)
    plugin = config.plugins[PLUGIN]
    try:
        with _quiet_plugin_errors(), running(settings):
            mkdocs_build(config)
    except MkDocsException as exc:
        if plugin.error is not None:  # bad input: the error names its file, line, field
            raise plugin.error from None
        raise GeneratorError(f"site build failed: {exc}") from None
    except jinja2.TemplateSyntaxError as exc:
        raise GeneratorError(
            f"template syntax error: {exc.message}",
            file=_shown(Path(exc.filename)) if exc.filename else exc.name,
            line=exc.lineno,
        ) from None
    pages = sum(1 for src in plugin.generated if src.endswith(".md"))
    counts.pages += pages
    counts.files += len(plugin.generated) - pages
    counts.charts += plugin.chart_count
    counts.pdfs += plugin.pdf_count


# --- where a build may write ------------------------------------------------------------


@dataclass(frozen=True)
class _Guarded:
    path: Path  # resolved
    what: str  # "the data directory"
    inside_too: bool  # an output inside it is refused as well


def _guarded_paths(options: BuildOptions, config: Any) -> list[_Guarded]:
    """What a build must never replace, resolved (a symlink to the data is the data)."""
    base = Path(config.config_file_path or options.config_file).resolve().parent
    templates = Path(config.plugins[PLUGIN].config.templates)
    guarded = [
        _Guarded(options.data_root.resolve(), "the data directory", True),
        _Guarded(options.config_file.resolve(), "the mkdocs configuration", False),
        _Guarded(Path(config.docs_dir).resolve(), "the docs directory", True),
        _Guarded((base / templates).resolve(), "the templates directory", True),
        _Guarded(Path.cwd().resolve(), "the current directory", False),
    ]
    custom_dir = config.theme.custom_dir
    if custom_dir:
        guarded.append(_Guarded(Path(custom_dir).resolve(), "the theme overrides", True))
    return guarded


def _check_output(shown: Path, output: Path, guarded: list[_Guarded]) -> None:
    """Refuse, with one line, an output that is not ours to replace."""
    for item in guarded:
        if output == item.path:
            relation = "is"
        elif output in item.path.parents:
            relation = "contains"
        elif item.inside_too and item.path in output.parents:
            relation = "is inside"
        else:
            continue
        where = "" if str(_shown(item.path)) == str(shown) else f" ({_shown(item.path)})"
        raise GeneratorError(
            f"{relation} {item.what}{where}; refusing to build there. Choose another --output",
            file=shown,
        )
    if (output / ".git").exists():
        raise GeneratorError(
            "is a git repository; refusing to build there. Choose another --output", file=shown
        )
    if not output.exists():
        return
    if not output.is_dir():
        raise GeneratorError(
            "is not a directory; refusing to replace it. Choose another --output", file=shown
        )
    marker = output / MARKER
    if marker.is_file() and not marker.is_symlink():
        return
    if any(output.iterdir()):
        raise GeneratorError(
            f"not a statusgen build output (no {MARKER} marker); refusing to replace it. "
            "Remove it yourself or choose another --output",
            file=shown,
        )


def _shown(path: Path) -> Path:
    """A path as short as it is clear: relative to the current directory when inside it."""
    try:
        return path.relative_to(Path.cwd().resolve())
    except ValueError:
        return path


@contextmanager
def _build_lock(shown: Path, output: Path, wait: float) -> Iterator[None]:
    """Hold ``.<output>.lock`` beside the output for the build; wait at most ``wait`` s.

    The lock file is removed on release. A waiting build may have opened the file just
    removed, so after locking it checks that the path still names what it locked.
    """
    path = output.parent / f".{output.name}.lock"
    deadline = time.monotonic() + wait
    waiting = False
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            if time.monotonic() >= deadline:
                raise GeneratorError(
                    f"another build into it is still running after {wait:.0f} s "
                    f"(it holds {_shown(path)}); try again later",
                    file=shown,
                ) from None
            if not waiting:
                log.warning("waiting for another build into %s to finish", shown)
                waiting = True
            time.sleep(0.2)
            continue
        try:
            held, named = os.fstat(fd), os.stat(path)
            if (held.st_dev, held.st_ino) == (named.st_dev, named.st_ino):
                break
        except FileNotFoundError:
            pass
        os.close(fd)
    try:
        yield
    finally:
        path.unlink(missing_ok=True)
        # Unlocked explicitly: forked chart workers may still hold a copy of the descriptor.
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _remove_leftovers(output: Path) -> None:
    """Remove staging and retired directories a killed build left beside the output.

    Called under the build lock, so no running build owns them. Only a directory with our
    name pattern that holds the marker (or nothing at all) is removed.
    """
    pattern = re.compile(rf"\.{re.escape(output.name)}-(?:building|old)-[a-z0-9_]{{8}}")
    for entry in sorted(output.parent.iterdir()):
        if not pattern.fullmatch(entry.name) or entry.is_symlink() or not entry.is_dir():
            continue
        if (entry / MARKER).is_file() or not any(entry.iterdir()):
            shutil.rmtree(entry)
            log.info("removed %s, left by an interrupted build", _shown(entry))
        else:
            log.warning(
                "kept %s: named like a build's leftover, but without a marker", _shown(entry)
            )


class _DropStatusgenErrors(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("statusgen: ")


@contextmanager
def _quiet_plugin_errors() -> Iterator[None]:
    """mkdocs logs a plugin's error before aborting; statusgen reports it once, itself."""
    target = logging.getLogger("mkdocs.commands.build")
    dropper = _DropStatusgenErrors()
    target.addFilter(dropper)
    try:
        yield
    finally:
        target.removeFilter(dropper)


def _replace(output: Path, staging: Path) -> None:
    """Put ``staging`` where ``output`` is, keeping the old one until the new one is there."""
    staging.chmod(0o755)
    if not output.exists():
        staging.rename(output)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{output.name}-old-", dir=output.parent))
    retired.rmdir()
    output.rename(retired)
    try:
        staging.rename(output)
    except BaseException:
        retired.rename(output)
        raise
    shutil.rmtree(retired, ignore_errors=True)
