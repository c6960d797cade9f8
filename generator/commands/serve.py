"""statusgen serve: a preview of the status site with live reload, in every language.

It builds what ``statusgen build`` builds, the same tree (``languages: [en, uk, de]`` gives
the first language at the root, each other under its prefix, joined by the switcher), into
a temporary directory, serves it with mkdocs' live-reload server and builds it again when the
data, the templates, the docs directory or the mkdocs configuration change. mkdocs' own
``serve`` builds one mkdocs configuration, so a preview showed the first language only.
"""

from __future__ import annotations

import errno
import logging
import shutil
import signal
import socket
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer

from generator.commands.build import BuildOptions, build_languages, load_mkdocs_config
from generator.errors import ConfigError, GeneratorError

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ServeOptions:
    data_root: Path
    config_file: Path = Path("mkdocs.yml")
    dev_addr: str = "127.0.0.1:8000"
    as_of: int | None = None  # None: now, at every rebuild
    pdf: bool = False  # PDFs take seconds each: off for quick reloads unless asked for


def serve_site(options: ServeOptions, say: Callable[[str], None]) -> None:
    """Preview with live reload until interrupted (Ctrl+C, or a TERM signal); the preview's
    files are removed then. A bad input at the first build is the command's error; at a
    rebuild it is logged in one line and the preview serves on until the input is fixed."""
    if not options.config_file.is_file():
        raise ConfigError("mkdocs configuration not found", file=options.config_file)
    host, port = _free_address(options.dev_addr)
    site_dir = Path(tempfile.mkdtemp(prefix="statusgen-serve-"))
    try:
        with _terminated_as_interrupted():
            _serve(options, say, host, port, site_dir)
    except KeyboardInterrupt:
        pass
    except MkDocsException as exc:
        raise GeneratorError(f"preview failed: {exc}") from None
    finally:
        shutil.rmtree(site_dir, ignore_errors=True)


def _serve(
    options: ServeOptions, say: Callable[[str], None], host: str, port: int, site_dir: Path
) -> None:
    build = BuildOptions(options.data_root, site_dir, options.config_file, pdf=options.pdf)
    # served where the published site is (a project site's path), its links and feeds
    # giving the preview's own address, as mkdocs serve does
    mount_path = urlsplit(load_mkdocs_config(build).site_url or "/").path or "/"
    mount_path = mount_path if mount_path.endswith("/") else mount_path + "/"
    url = f"http://{host}:{port}{mount_path}"

    def build_all() -> tuple[Any, tuple[str, ...]]:
        config = load_mkdocs_config(build)
        config.site_url = url
        as_of = options.as_of if options.as_of is not None else int(time.time())
        languages, _ = build_languages(build, config, site_dir, as_of)
        return config, languages

    def rebuild() -> None:
        try:
            build_all()
        except GeneratorError as exc:  # bad input while editing: said in one line
            log.error("statusgen: the preview was not rebuilt: %s", exc)

    config, languages = build_all()
    server = LiveReloadServer(
        rebuild, host.strip("[]"), port, root=str(site_dir), mount_path=mount_path
    )
    server.error_handler = lambda code: _error_page(site_dir, code)
    server.watch(config.docs_dir)
    server.watch(str(options.config_file))
    # the statusgen plugin watches the data and the templates
    server = config.plugins.on_serve(server, config=config, builder=rebuild)
    for path in config.watch:
        server.watch(path)
    others = ", ".join(f"{url}{code}/" for code in languages[1:])
    say(
        f"Serving the status site at {url}{f' (and {others})' if others else ''} "
        f"(Ctrl+C stops). It rebuilds when {options.data_root}/, templates/, the docs "
        f"directory or {options.config_file} change."
    )
    try:
        server.serve()
    finally:
        server.shutdown()


@contextmanager
def _terminated_as_interrupted() -> Iterator[None]:
    """A TERM signal stops the preview as Ctrl+C does, so its files are removed too."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may handle signals
        return
    previous = signal.signal(signal.SIGTERM, interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _error_page(site_dir: Path, code: int) -> bytes | None:
    page = site_dir / f"{code}.html"
    return page.read_bytes() if code == 404 and page.is_file() else None


def _free_address(dev_addr: str) -> tuple[str, int]:
    """``dev_addr`` as (host, port), if it can be listened on; one line saying why not."""
    host, _, port_text = dev_addr.rpartition(":")
    if not host or not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise GeneratorError(f"--dev-addr: {dev_addr!r} is not an address like 127.0.0.1:8000")
    port = int(port_text)
    try:
        with socket.create_server((host.strip("[]"), port)):
            pass
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            raise GeneratorError(
                f"--dev-addr: {dev_addr} is already in use (another preview?); choose another "
                "port, e.g. -a 127.0.0.1:8001"
            ) from None
        raise GeneratorError(f"--dev-addr: cannot listen on {dev_addr}: {exc.strerror}") from None
    return host, port
