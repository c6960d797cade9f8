"""Imports run one way, downward (the README's "Layers"), with no cycles and nothing hidden.

Every import statement of every module under generator/ is read with ast, wherever it
stands (a function-level import hiding a cycle is still an import), and resolved to a
module of the package. Two rules follow:

- a module never imports a layer above its own (compute, model, store, config, timeutil
  never import render, the mkdocs plugin, commands or the CLI, and so on down);
- the module graph has no cycle.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "generator"

# Highest first. A module may import its own layer and any layer below it. The first
# prefix that matches a module's dotted name decides its layer.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("cli", ("generator.cli", "generator.__main__")),
    (
        "commands",
        (
            "generator.commands",
            "generator.demo",
            "generator.demo_tickets",
            "generator.regenerate",
            "generator.scaffold",
            "generator.reference_docs",
        ),
    ),
    ("plugin", ("generator.mkdocs_plugin",)),
    ("collect", ("generator.collect", "generator.probe")),
    ("notify", ("generator.notify",)),
    ("render", ("generator.render", "generator.i18n")),
    ("reporting", ("generator.reporting", "generator.contract")),
    ("sources", ("generator.sources",)),
    ("compute", ("generator.compute",)),
    ("model", ("generator.model", "generator.site")),
    ("store", ("generator.store",)),
    ("config", ("generator.config",)),
    ("base", ("generator.timeutil", "generator.errors", "generator")),
]
RANK = {name: rank for rank, (name, _) in enumerate(LAYERS)}

# Layers that sit side by side rather than one above the other: neither may import the other.
APART = {frozenset({"render", "sources"}), frozenset({"collect", "render"})}


def layer_of(module: str) -> str:
    for name, prefixes in LAYERS:
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return name
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS")


def modules() -> dict[str, Path]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = modules()


def imports(module: str, path: Path) -> Iterator[tuple[str, int]]:
    """The package modules ``module`` imports, with the line of each import."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield from _resolve(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                if candidate in MODULES:
                    yield candidate, node.lineno
                else:
                    yield from _resolve(base, node.lineno)


def _resolve(name: str, line: int) -> Iterator[tuple[str, int]]:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    if name.startswith("generator"):
        yield name, line


GRAPH = {
    module: sorted({target for target, _ in imports(module, path) if target != module})
    for module, path in MODULES.items()
}


def test_every_module_has_a_layer() -> None:
    for module in MODULES:
        layer_of(module)


def upward_imports() -> list[str]:
    found = []
    for module, path in MODULES.items():
        if module == "generator":
            continue
        mine = layer_of(module)
        for target, line in imports(module, path):
            theirs = layer_of(target)
            if target == "generator" or theirs == mine:
                continue
            if RANK[theirs] < RANK[mine] or frozenset({mine, theirs}) in APART:
                found.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {mine} imports {target}")
    return found


def test_no_module_imports_a_layer_above_its_own() -> None:
    assert upward_imports() == []


def cycles() -> list[list[str]]:
    """Every strongly connected component of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in GRAPH.get(node, []):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in GRAPH:
        if node not in index:
            visit(node)
    return sorted(found)


def test_there_is_no_import_cycle() -> None:
    # a package's __init__ that re-exports its modules is not a cycle with them
    real = [c for c in cycles() if not (len(c) == 2 and c[1].startswith(c[0] + "."))]
    assert real == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import generator.render.pages\n", ["generator.render.pages"]),
        ("from generator.render import pages\n", ["generator.render.pages"]),
        (
            "def f():\n    from generator.render import formatting as fmt\n",
            ["generator.render.formatting"],
        ),
    ],
)
def test_the_reader_sees_every_kind_of_import(
    source: str, expected: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "m.py"
    path.write_text(source, encoding="utf-8")
    assert [t for t, _ in imports("generator.compute.m", path)] == expected
