"""Write a configuration file as YAML with a comment on every value, taken from its schema.

A new site's SLA and services files explain themselves: above each key is the schema's
description of it (the same text docs/configuration.md shows), plus an optional note (where
the value comes from in the reference SLA, or what to change). For a list of objects the
comment lists the fields of its items once, instead of repeating it on every item.

The output is checked to load back to exactly the data it was written from, so the layout
choices below (flow style for short items, folded text for long ones) can never change a
value.
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from typing import Any

import yaml

WIDTH = 96  # columns, comments and folded text included


class _Writer:
    def __init__(self, notes: Mapping[str, str]) -> None:
        self.notes = notes
        self.lines: list[str] = []

    def comment(self, indent: int, paragraphs: list[str]) -> None:
        prefix = " " * indent + "# "
        width = max(40, WIDTH - len(prefix))
        for paragraph in paragraphs:
            for line in paragraph.split("\n"):
                # The field lines of a list's summary are indented under "Each entry:".
                first, rest = ("  ", "    ") if line.startswith("  ") else ("", "")
                wrapped = textwrap.wrap(
                    line.strip(),
                    width=width,
                    initial_indent=first,
                    subsequent_indent=rest,
                    break_long_words=False,
                    break_on_hyphens=False,
                )
                self.lines += [prefix + text for text in wrapped]

    def about(self, schema: dict[str, Any], path: str, *, own: bool, fields: bool) -> list[str]:
        """What to say about the key at ``path``: its description, its note, its items' fields."""
        out = []
        if own and schema.get("description"):
            out.append(" ".join(str(schema["description"]).split()))
        if path in self.notes:
            out.append(" ".join(self.notes[path].split()))
        item_fields = _item_fields(schema) if fields else {}
        if item_fields:
            lines = ["Each entry:"]
            for name, field in item_fields.items():
                text = field.get("description") or self.notes.get(f"{path}[].{name}", "")
                lines.append(f"  {name}: {' '.join(str(text).split())}".rstrip())
            out.append("\n".join(lines))
        if not out:
            raise ValueError(f"{path}: no description in the schema and no note")
        return out

    def mapping(
        self,
        data: Mapping[str, Any],
        schema: dict[str, Any],
        indent: int,
        path: str,
        *,
        commented: bool = True,
        spaced: bool = False,
    ) -> None:
        """A mapping's keys; ``commented`` is false for list items (the list describes them)."""
        for n, (key, value) in enumerate(data.items()):
            child, entry = _child_schema(schema, key, path)
            child_path = f"{path}.{key}" if path else str(key)
            if spaced and n:
                self.lines.append("")
            text_key = _flow(key)
            block = _is_block(value, child, entry=entry, column=indent + len(text_key) + 2)
            if commented or (block and isinstance(value, (dict, list))):
                # A list's items are never commented one by one, so its comment lists their
                # fields; a map's comment does unless every entry is written in block, with
                # its own comments.
                fields = not (
                    block and isinstance(value, dict) and _all_block(value, child, indent)
                )
                self.comment(indent, self.about(child, child_path, own=not entry, fields=fields))
            self.value(text_key, value, child, indent, child_path, block=block)

    def value(
        self, key: str, value: Any, schema: dict[str, Any], indent: int, path: str, *, block: bool
    ) -> None:
        pad = " " * indent
        if block and isinstance(value, dict):
            self.lines.append(f"{pad}{key}:")
            # Named fields each have a comment, and so do the entries of a map of objects
            # (one calendar, one target); a map of plain values (channel names to
            # channels) is described once, above it.
            named = "properties" in schema or not all(_flat(v) for v in value.values())
            self.mapping(value, schema, indent + 2, path, commented=named)
        elif block and isinstance(value, list):
            self.lines.append(f"{pad}{key}:")
            self.sequence(value, schema.get("items", {}), indent + 2, path)
        elif isinstance(value, str) and _foldable(value, indent + len(key) + 2):
            self.lines.append(f"{pad}{key}: >-")
            self.folded(value, indent + 2)
        else:
            self.lines += _flow_lines(f"{pad}{key}: ", value, indent + 2)

    def sequence(self, items: list[Any], schema: dict[str, Any], indent: int, path: str) -> None:
        pad = " " * indent
        # Items of one list share a style: all on one line each, or all in block.
        block = any(
            isinstance(item, dict) and _is_block(item, schema, entry=True, column=indent + 2)
            for item in items
        )
        for item in items:
            if isinstance(item, dict) and item and block:
                start = len(self.lines)
                self.mapping(item, schema, indent + 2, f"{path}[]", commented=False)
                first = next(
                    i
                    for i in range(start, len(self.lines))
                    if not self.lines[i].lstrip().startswith("#")
                )
                self.lines[first] = pad + "- " + self.lines[first][indent + 2 :]
            elif isinstance(item, str) and _foldable(item, indent + 2):
                self.lines.append(f"{pad}- >-")
                self.folded(item, indent + 2)
            else:
                self.lines.append(f"{pad}- {_flow(item)}")

    def folded(self, text: str, indent: int) -> None:
        for line in textwrap.wrap(
            text, width=WIDTH - indent, break_long_words=False, break_on_hyphens=False
        ):
            self.lines.append(" " * indent + line)


def _all_block(value: dict[str, Any], schema: dict[str, Any], indent: int) -> bool:
    values = schema.get("additionalProperties")
    if not isinstance(values, dict):
        return True  # an object with named fields: each field has its own comment
    return all(
        _is_block(v, values, entry=True, column=indent + 2 + len(_flow(k)) + 2)
        for k, v in value.items()
    )


def _is_block(value: Any, schema: dict[str, Any], *, entry: bool, column: int) -> bool:
    """Whether a non-empty container is written over several lines.

    An object with named fields is always written in block, with a comment on each field,
    unless it is a list item or a map entry (e.g. one email target), which go on one line
    when they are flat and fit.
    """
    if not isinstance(value, (dict, list)) or not value:
        return False
    if isinstance(value, dict) and "properties" in schema and not entry:
        return True
    return not _fits_flow(value, column) and not _wrappable(value)


def _wrappable(value: Any) -> bool:
    """Short plain entries (channel names, tags) read best as a flow list over a few lines."""
    if isinstance(value, dict):
        parts = [_flow({k: v}) for k, v in value.items() if not isinstance(v, (dict, list))]
        return len(parts) == len(value) and all(len(p) <= 42 for p in parts)
    if isinstance(value, list):
        parts = [_flow([v]) for v in value if not isinstance(v, (dict, list))]
        return len(parts) == len(value) and all(len(p) <= 42 for p in parts)
    return False


def _flow_lines(head: str, value: Any, indent: int) -> list[str]:
    """``head`` and the value in flow style, wrapped between entries to fit the width."""
    text = _flow(value)
    if len(head) + len(text) <= WIDTH or not isinstance(value, (dict, list)) or not value:
        return [head + text]
    if isinstance(value, dict):
        parts = [_flow({k: v})[1:-1] for k, v in value.items()]
        opening, closing = "{", "}"
    else:
        parts = [_flow([v])[1:-1] for v in value]
        opening, closing = "[", "]"
    lines = [head + opening]
    for n, part in enumerate(parts):
        piece = part + (closing if n == len(parts) - 1 else ",")
        if len(lines[-1]) + 1 + len(piece) > WIDTH and not lines[-1].endswith(opening):
            lines.append(" " * indent + piece)
        else:
            sep = "" if lines[-1].endswith(opening) else " "
            lines[-1] += sep + piece
    return lines


def _child_schema(schema: dict[str, Any], key: str, path: str) -> tuple[dict[str, Any], bool]:
    """The schema of ``key``, and whether it is an entry of a map (described by the map)."""
    properties = schema.get("properties", {})
    if key in properties:
        return properties[key], False
    values = schema.get("additionalProperties")
    if isinstance(values, dict):
        return values, "description" not in values
    raise ValueError(f"{path}.{key}: not a key of the schema")


def _item_fields(schema: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The fields of a list's items, or of a map's entries, when those are objects."""
    for inner in (schema.get("items"), schema.get("additionalProperties")):
        if isinstance(inner, dict) and "properties" in inner:
            return dict(inner["properties"])
    return {}


class _Dumper(yaml.SafeDumper):
    """SafeDumper that double-quotes times and offsets ("+03:00", "09:00-21:00").

    PyYAML knows such text is no number and may leave it bare, but a reader (or a YAML 1.1
    tool reading +03:00 as a base-60 number) should not have to.
    """


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if value[:1] in "+-0123456789" and ":" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def _flow(value: Any) -> str:
    """A value on one line, as YAML (flow style for containers)."""
    text = yaml.dump(
        value,
        Dumper=_Dumper,
        default_flow_style=True,
        width=1_000_000,
        allow_unicode=True,
        sort_keys=False,
    )
    return text.removesuffix("\n").removesuffix("\n...")


def _fits_flow(value: Any, column: int) -> bool:
    """Short scalars, lists of scalars and flat mappings go on one line."""
    if isinstance(value, dict):
        flat = all(_flat(v) for v in value.values())
    elif isinstance(value, list):
        flat = all(_flat(v) for v in value)
    else:
        return True
    return flat and column + len(_flow(value)) <= WIDTH


def _flat(value: Any) -> bool:
    if isinstance(value, list):
        return all(not isinstance(v, (dict, list)) for v in value)
    return not isinstance(value, dict)


def _foldable(text: str, indent: int) -> bool:
    """Long single-line text reads better folded; only text that folding cannot alter."""
    simple = text == " ".join(text.split()) and "\t" not in text
    return simple and indent + len(text) > WIDTH - 20


def dump_commented(
    data: Mapping[str, Any],
    schema: dict[str, Any],
    *,
    notes: Mapping[str, str] | None = None,
    header: str = "",
) -> str:
    """``data`` as YAML, each key under a comment from ``schema`` (and ``notes``)."""
    writer = _Writer(notes or {})
    writer.mapping(data, schema, 0, "", spaced=True)
    text = header + "\n".join(writer.lines) + "\n"
    if yaml.safe_load(text) != data:
        raise ValueError("the commented YAML does not load back to its data")
    return text
