"""YAML loading that remembers where every value came from.

PyYAML returns plain objects without positions, but a user who mistypes a value deserves
the line it is on. We compose the node tree ourselves and record the line of every key and
item under its path (a tuple of keys and indexes). Dates stay strings so the schema can
check them, and duplicate keys are an error instead of silently keeping the last one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from generator.errors import ConfigError

Path_ = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    """SafeLoader that leaves ISO dates and timestamps as strings."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


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
    loader = _Loader(text)
    doc = YamlDocument(data=None, file=file)
    offset = first_line - 1
    try:
        node = loader.get_single_node()
        if node is None:
            doc.data = None
            return doc
        doc.lines[()] = node.start_mark.line + 1 + offset
        doc.data = _build(loader, node, (), doc, offset)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 + offset if mark else None
        raise ConfigError(f"not valid YAML: {exc.problem or exc}", file=file, line=line) from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"not valid YAML: {exc}", file=file) from None
    finally:
        loader.dispose()
    return doc


def load_yaml(path: Path) -> YamlDocument:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError("file not found", file=path) from None
    except UnicodeDecodeError:
        raise ConfigError("not UTF-8 text", file=path) from None
    return load_yaml_text(text, str(path))


def _build(loader: _Loader, node: yaml.Node, path: Path_, doc: YamlDocument, offset: int) -> Any:
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
    return loader.construct_object(node, deep=True)


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
