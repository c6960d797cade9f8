"""Compiled templates kept between builds: statusgen's page templates and the theme's.

Jinja compiles every template it loads to Python code, in each new environment, and a build
makes two (statusgen's pages, and mkdocs' theme with its overrides): some sixty templates,
parsed and compiled again on every build though they rarely change. Jinja's own bytecode
cache keeps the code under ``<cache root>/templates/<environment>/``, one file per template
name and path.

A kept file is only used for the same template text (Jinja checks the source's checksum
and its own bytecode format on load), and only in an environment that compiles a template
to the same code: the directory is named by a digest of the Jinja and Python versions and
of every setting of the environment the generated code depends on (the syntax, whitespace
handling, autoescaping, extensions, gettext style, the names of its filters and tests). An
environment whose autoescaping is decided per template by a function gets no cache: what it
decides cannot be keyed. Files are written to a temporary name and renamed (Jinja's own
way), so concurrent builds never read a half-written one; a directory that cannot be
written only means templates are compiled.
"""

from __future__ import annotations

import hashlib
import json
import logging
import sys
from importlib.metadata import version
from pathlib import Path

import jinja2
from jinja2.bccache import Bucket

from generator.store.cache import cache_root

log = logging.getLogger(__name__)

# what an environment's generated code depends on, besides the template's text
COMPILE_SETTINGS = (
    "block_start_string",
    "block_end_string",
    "variable_start_string",
    "variable_end_string",
    "comment_start_string",
    "comment_end_string",
    "line_statement_prefix",
    "line_comment_prefix",
    "trim_blocks",
    "lstrip_blocks",
    "newline_sequence",
    "keep_trailing_newline",
    "optimized",
    "is_async",
    "autoescape",
)


class KeptTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's file cache, in a directory named when the first template is loaded: by then
    every plugin has set the environment up (added its filters and extensions)."""

    def __init__(self, root: Path, env: jinja2.Environment) -> None:
        super().__init__(str(root))
        self.root = root
        self.env = env
        self._usable: bool | None = None

    def _ready(self) -> bool:
        if self._usable is None:
            digest = environment_digest(self.env)
            self._usable = False
            if digest is not None:
                directory = self.root / digest
                try:
                    directory.mkdir(parents=True, exist_ok=True)
                except OSError as exc:
                    log.debug("%s: compiled templates not kept: %s", directory, exc)
                else:
                    self.directory = str(directory)
                    self._usable = True
        return self._usable

    def load_bytecode(self, bucket: Bucket) -> None:
        if self._ready():
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        if not self._ready():
            return
        try:
            super().dump_bytecode(bucket)
        except OSError as exc:
            log.debug("%s: compiled template not kept: %s", bucket.key, exc)


def bytecode_cache(data_root: Path, env: jinja2.Environment) -> KeptTemplates:
    """A cache of ``env``'s compiled templates in ``data_root``'s cache directory."""
    return KeptTemplates(cache_root(data_root) / "templates", env)


def environment_digest(env: jinja2.Environment) -> str | None:
    """A digest of what ``env``'s generated code depends on, or None when it cannot be known."""
    if not isinstance(env.autoescape, bool):
        return None
    settings = {name: getattr(env, name) for name in COMPILE_SETTINGS}
    finalize = env.finalize
    inputs = {
        "jinja": version("jinja2"),
        "python": sys.version,
        "settings": settings,
        "finalize": None if finalize is None else _name(finalize),
        "extensions": sorted(_name(type(ext)) for ext in env.extensions.values()),
        # a filter or test missing when a template is compiled is compiled to a failure
        "filters": sorted(env.filters),
        "tests": sorted(env.tests),
        "newstyle_gettext": getattr(env, "newstyle_gettext", None),
        "code_generator": _name(env.code_generator_class),
        "context": _name(env.context_class),
    }
    return hashlib.sha256(json.dumps(inputs, sort_keys=True).encode()).hexdigest()[:32]


def _name(thing: object) -> str:
    return f"{getattr(thing, '__module__', '')}.{getattr(thing, '__qualname__', type(thing).__qualname__)}"
