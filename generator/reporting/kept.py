"""What kept derived data is keyed and read back by: statusgen's own code, by the digest
of its files, and a report's JSON (or a part of it) decoded back into its typed records.
Shared by the kept reports and PDFs (:mod:`generator.reporting.reuse`), the kept support
figures (:mod:`generator.reporting.kept_support`) and the kept pages."""

from __future__ import annotations

import hashlib
import types
import typing
from collections.abc import Callable
from dataclasses import fields, is_dataclass
from functools import cache as memo
from pathlib import Path
from typing import Any


def decode(kind: Any, value: Any) -> Any:
    """``value`` (as ``to_json`` wrote it) back into ``kind``; values are kept as loaded,
    so the report's JSON is written again exactly as it was."""
    return _decoder(kind)(value)


@memo
def _decoder(kind: Any) -> Callable[[Any], Any]:
    """What :func:`decode` does for ``kind``, worked out once per type (a kept report has
    tens of thousands of values, and reading a type's hints each time was most of a
    rebuild's reuse)."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        members: list[Any] = [a for a in typing.get_args(kind) if a is not type(None)]
        classes: list[Any] = [m for m in members if is_dataclass(m)]
        if classes:
            first = _decoder(classes[0])

            def union(value: Any) -> Any:
                if value is None:
                    return None
                if isinstance(value, dict):
                    return first(value)
                return _decoder(members[0])(value) if len(members) == 1 else value

            return union
        if len(members) == 1:
            only = members[0]
            return lambda value: None if value is None else _decoder(only)(value)
        return _as_loaded
    if origin is list:
        (item,) = typing.get_args(kind)
        each = _Later(item)

        def items(value: Any) -> Any:
            if value is None:
                return None
            decode = each()
            return list(value) if decode is _as_loaded else [decode(v) for v in value]

        return items
    if origin is dict:
        _, item = typing.get_args(kind)
        each = _Later(item)

        def mapping(value: Any) -> Any:
            if value is None:
                return None
            decode = each()
            return dict(value) if decode is _as_loaded else {k: decode(v) for k, v in value.items()}

        return mapping
    if isinstance(kind, type) and is_dataclass(kind):
        hints = _hints(kind)
        known = {f.name for f in fields(kind)}
        members = [(name, _Later(hints[name])) for name in sorted(known)]

        def dataclass(value: Any) -> Any:
            if value is None:
                return None
            if not known.issuperset(value):
                raise ValueError(f"unknown fields in {kind.__name__}")
            return kind(**{name: each()(value.get(name)) for name, each in members})

        return dataclass
    return _as_loaded


class _Later:
    """The decoder of ``kind``, worked out on its first use (not when the decoder of a type
    holding it is made, so a type may hold itself), then kept."""

    def __init__(self, kind: Any) -> None:
        self._kind = kind
        self._decoder: Callable[[Any], Any] | None = None

    def __call__(self) -> Callable[[Any], Any]:
        if self._decoder is None:
            self._decoder = _decoder(self._kind)
        return self._decoder


def _as_loaded(value: Any) -> Any:
    return value


@memo
def code_digest() -> str:
    """The package's own files (:func:`package_files`), so that an editable install's
    changed rules or wording are never answered by what its earlier code kept (the version
    alone changes only on release)."""
    digest = hashlib.sha256()
    for name, path in package_files():
        digest.update(name.encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def package_files() -> list[tuple[str, Path]]:
    """Every file of the package by its name in it: the source, and the templates and
    stylesheet the pages and PDFs are made with (linked in as ``templates`` in a source
    checkout, where a plain walk would not enter them)."""
    package = Path(__file__).resolve().parent.parent
    roots = [(package, "")]
    if (package / "templates").is_symlink():
        roots.append(((package / "templates").resolve(), "templates/"))
    files = []
    for root, prefix in roots:
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                files.append((prefix + path.relative_to(root).as_posix(), path))
    return files


@memo
def _hints(kind: type) -> dict[str, Any]:
    return typing.get_type_hints(kind)
