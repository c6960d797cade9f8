"""statusgen build / serve: the status site, through mkdocs and the statusgen plugin.

``build`` renders into a temporary directory beside the output and swaps it in only when
mkdocs finished without error, so a failed build leaves the previous site untouched.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from generator.errors import ConfigError, GeneratorError
from generator.timeutil import format_instant

log = logging.getLogger(__name__)

PLUGIN = "statusgen"


@dataclass(frozen=True)
class BuildOptions:
    data_root: Path
    output: Path = Path("public")
    config_file: Path = Path("mkdocs.yml")
    as_of: int | None = None  # None: now (the wall clock at build time)
    strict: bool = False
    pdf: bool = True  # write reports/<period>.pdf


@dataclass(frozen=True)
class BuildResult:
    output: Path
    pages: int  # generated pages
    files: int  # JSON API, badges, feed
    charts: int
    pdfs: int
    seconds: float

    def describe(self) -> str:
        pdfs = f", {self.pdfs} PDF reports" if self.pdfs else ""
        return (
            f"built {self.output}: {self.pages} generated pages, {self.charts} charts, "
            f"{self.files} API, badge and feed files{pdfs} in {self.seconds:.1f} s"
        )


def _load(options: BuildOptions, **overrides: Any) -> Any:
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
    plugin = config.plugins[PLUGIN]
    plugin.config.data_dir = str(options.data_root.resolve())
    plugin.config.pdf = options.pdf
    if options.as_of is not None:
        plugin.config.as_of = format_instant(options.as_of, UTC)
    return config


def build_site(options: BuildOptions) -> BuildResult:
    started = time.perf_counter()
    output = options.output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{output.name}-building-", dir=output.parent))
    try:
        config = _load(options, site_dir=str(staging), strict=options.strict)
        plugin = config.plugins[PLUGIN]
        try:
            with _quiet_plugin_errors():
                mkdocs_build(config)
        except MkDocsException as exc:
            if plugin.error is not None:  # bad input: the error names its file, line, field
                raise plugin.error from None
            raise GeneratorError(f"site build failed: {exc}") from None
        generated = plugin.generated
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    pages = sum(1 for src in generated if src.endswith(".md"))
    _replace(output, staging)
    return BuildResult(
        options.output,
        pages,
        len(generated) - pages,
        plugin.chart_count,
        plugin.pdf_count,
        time.perf_counter() - started,
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


@dataclass(frozen=True)
class ServeOptions:
    data_root: Path
    config_file: Path = Path("mkdocs.yml")
    dev_addr: str = "127.0.0.1:8000"
    as_of: int | None = None
    pdf: bool = False  # PDFs take seconds each: off for quick reloads unless asked for


def serve_site(options: ServeOptions) -> None:
    """Preview with live reload; rebuilds when the data, templates or site sources change.

    mkdocs reloads its configuration for every rebuild, so the data directory and the as-of
    time reach the plugin through its environment variables.
    """
    from mkdocs.commands.serve import serve

    if not options.config_file.is_file():
        raise ConfigError("mkdocs configuration not found", file=options.config_file)
    os.environ["STATUSGEN_DATA"] = str(options.data_root.resolve())
    if options.as_of is not None:
        os.environ["STATUSGEN_AS_OF"] = format_instant(options.as_of, UTC)
    os.environ["STATUSGEN_PDF"] = "1" if options.pdf else "0"
    try:
        serve(config_file=str(options.config_file), dev_addr=options.dev_addr, livereload=True)
    except MkDocsException as exc:
        raise GeneratorError(f"preview failed: {exc}") from None
