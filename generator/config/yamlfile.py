"""YAML loading that remembers where every value came from.

PyYAML returns plain objects without positions, but a user who mistypes a value deserves
the line it is on. We compose the node tree ourselves and record the line of every key and
item under its path (a tuple of keys and indexes). Dates stay strings so the schema can
check them, and duplicate keys are an error instead of silently keeping the last one.

Every document is bounded before it is built: its size, its nesting depth and the number of
values it holds once aliases are expanded. A few lines of nested aliases (a "billion laughs")
otherwise expand to billions of values and exhaust memory, and an incident file in a pull
request is enough to stop the site's checks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from generator.errors import ConfigError

Path_ = tuple[str | int, ...]

# A services file for hundreds of components holds a few thousand values; these limits are
# far above any real SLA, services, incident or maintenance file and far below harm.
MAX_BYTES = 2 * 1024 * 1024
MAX_VALUES = 200_000  # after aliases and merge keys are expanded
MAX_DEPTH = 64


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves ISO dates and timestamps as strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_LOADER: type[yaml.SafeLoader] = _Loader
if yaml.__with_libyaml__:  # PyYAML's wheels carry it; without, the loader above is the same
    from yaml._yaml import CParser

    class _CLoader(Composer, CParser, SafeConstructor, Resolver):
        """_Loader with libyaml's scanner and parser, about five times faster (check reads
        every incident and maintenance file). The composer stays PyYAML's Python one:
        libyaml's recurses in C, so a file nested a hundred thousand levels deep crashed the
        process instead of raising the RecursionError reported as too deep. Its events carry
        the same line marks."""

        yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            Composer.__init__(self)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)

    _LOADER = _CLoader  # type: ignore[assignment]


@dataclass
class YamlDocument:
    data: Any
    file: str
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """The line of ``path``, or of its nearest recorded ancestor."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())

    def error(self, path: Path_, message: str) -> ConfigError:
        return ConfigError(
            message, file=self.file, line=self.line_of(path), field=dotted(path) or None
        )


def dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_yaml_text(text: str, file: str, first_line: int = 1) -> YamlDocument:
    """Parse ``text``; ``first_line`` is the file line the text starts on (front matter)."""
    if len(text.encode("utf-8", errors="replace")) > MAX_BYTES:
        raise ConfigError(f"larger than {MAX_BYTES // (1024 * 1024)} MB", file=file)
    offset = first_line - 1
    try:
        try:
            return _compose(_LOADER, text, file, offset)
        except yaml.YAMLError:
            if _LOADER is _Loader:
                raise
            # libyaml refused it: PyYAML's own parser reads it again, so an error is told in
            # the words statusgen has always used, and the few documents only libyaml refuses
            # (a "\ud800" escape, which the text check then names with its field) still load
            return _compose(_Loader, text, file, offset)
    except RecursionError:  # PyYAML's parser and composer recurse once per nesting level
        raise ConfigError(f"nested more than {MAX_DEPTH} levels deep", file=file) from None
    except yaml.reader.ReaderError as exc:  # a control character
        raise _unreadable(exc, text, file, offset) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else None
        raise ConfigError(f"not valid YAML: {exc.problem or exc}", file=file, line=line) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"not valid YAML: {exc}", file=file) from None


def _compose(
    loader_class: type[yaml.SafeLoader], text: str, file: str, offset: int
) -> YamlDocument:
    doc = YamlDocument(data=None, file=file)
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return doc
        doc.lines[()] = node.start_mark.line + 1 + offset
        _check_expansion(node, file, offset)
        doc.data = _build(loader, node, (), doc, offset)
    finally:
        loader.dispose()
    return doc


def _unreadable(exc: yaml.reader.ReaderError, text: str, file: str, offset: int) -> ConfigError:
    """A character YAML does not allow (a NUL, a bell), on the line of its first occurrence:
    the two readers count its position differently (characters, UTF-8 bytes)."""
    if not isinstance(exc.character, int):  # bytes input, which load_yaml never passes
        return ConfigError(f"not valid YAML: {exc.reason}", file=file)
    line = text.count("\n", 0, max(text.find(chr(exc.character)), 0)) + 1 + offset
    return ConfigError(
        f"not valid YAML: the character U+{exc.character:04X} is not allowed", file=file, line=line
    )


def load_yaml(path: Path) -> YamlDocument:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("file not found", file=path) from None
    except UnicodeDecodeError:
        raise ConfigError("not UTF-8 text", file=path) from None
    except OSError as exc:  # a directory in its place, no permission, an I/O error
        raise ConfigError(f"cannot be read: {exc.strerror or exc}", file=path) from None
    return load_yaml_text(text, str(path))


def _check_expansion(root: yaml.Node, file: str, offset: int) -> None:
    """Refuse a node graph that is too deep, recursive, or too large once expanded.

    An alias is the same node object as its anchor, so counting each node once per reference
    counts the expanded document; the count of a node is remembered, so this takes time
    linear in the file however large the expansion would be.
    """
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: yaml.Node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if depth > MAX_DEPTH:
            raise ConfigError(
                f"nested more than {MAX_DEPTH} levels deep", file=file, line=_line(node, offset)
            )
        if key in open_nodes:
            raise ConfigError("an alias refers to itself", file=file, line=_line(node, offset))
        total = 1
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
            open_nodes.add(key)
            children: list[yaml.Node] = []
            for item in node.value:
                children.extend(item if isinstance(item, tuple) else (item,))
            for child in children:
                total += size(child, depth + 1)
                if total > MAX_VALUES:  # named at the innermost value that crosses the limit
                    raise ConfigError(
                        f"holds more than {MAX_VALUES:,} values once its aliases are expanded",
                        file=file,
                        line=_line(node, offset),
                    )
            open_nodes.discard(key)
        sizes[key] = total
        return total

    size(root, 0)


def _line(node: yaml.Node, offset: int) -> int:
    return int(node.start_mark.line) + 1 + offset


def _build(
    loader: SafeConstructor, node: yaml.Node, path: Path_, doc: YamlDocument, offset: int
) -> Any:
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            line = key_node.start_mark.line + 1 + offset
            if not isinstance(key, str | int | float | bool) or key is None:
                raise ConfigError("keys must be plain text", file=doc.file, line=line)
            key = str(key)
            if key in result:
                raise ConfigError(
                    "duplicate key (the earlier value would be silently lost)",
                    file=doc.file,
                    line=line,
                    field=dotted((*path, key)),
                )
            doc.lines[(*path, key)] = line
            result[key] = _build(loader, value_node, (*path, key), doc, offset)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            doc.lines[(*path, index)] = item.start_mark.line + 1 + offset
            items.append(_build(loader, item, (*path, index), doc, offset))
        return items
    value = loader.construct_object(node, deep=True)
    if isinstance(value, float) and not math.isfinite(value):
        # .nan and .inf pass every "minimum"/"maximum" a schema sets, then break arithmetic
        raise ConfigError(
            f"{value!r} is not a finite number",
            file=doc.file,
            line=_line(node, offset),
            field=dotted(path) or None,
        )
    return value


def split_front_matter(text: str, file: str) -> tuple[YamlDocument, str, int]:
    """Split a markdown file into its YAML front matter and body.

    Returns the front matter document, the body, and the file line the body starts on.
    """
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise ConfigError(
            "must start with YAML front matter between '---' lines", file=file, line=1
        )
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            front = "".join(lines[1:index])
            body = "".join(lines[index + 1 :])
            return load_yaml_text(front, file, first_line=2), body, index + 2
    raise ConfigError("front matter is not closed by a '---' line", file=file, line=1)
