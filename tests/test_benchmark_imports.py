"""The benchmark scripts import statusgen's own names inside their functions (after the
arguments are read, so ``--help`` stays quick) and in the code they run in new processes; a
renamed function would surface only when someone next runs the benchmark. Every name they
import from ``generator`` must exist."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

BENCHMARKS = sorted((Path(__file__).resolve().parent.parent / "benchmarks").glob("*.py"))


def _imports(path: Path) -> list[tuple[int, str, str]]:
    """(line, module, name) of every ``from generator... import name`` in the script, and in
    the code it runs in other processes (``python -c CODE``: a string that parses as Python,
    given the line where the string starts)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = _from_generator(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            try:
                code = ast.parse(node.value)
            except SyntaxError:
                continue
            found += [(node.lineno, module, name) for _, module, name in _from_generator(code)]
    return found


def _from_generator(tree: ast.AST) -> list[tuple[int, str, str]]:
    return [
        (node.lineno, node.module or "", alias.name)
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("generator")
        for alias in node.names
    ]


def test_benchmarks_are_found() -> None:
    assert len(BENCHMARKS) >= 9  # bench_site, bench_pdf, bench_report, bench_import, ...


@pytest.mark.parametrize("path", BENCHMARKS, ids=lambda p: p.name)
def test_every_statusgen_name_a_benchmark_imports_exists(path: Path) -> None:
    missing = [
        f"{path.name}:{line}: {module}.{name}"
        for line, module, name in _imports(path)
        if not _exists(module, name)
    ]
    assert missing == []


def _exists(module: str, name: str) -> bool:
    """``name`` is an attribute of ``module``, or a submodule of it when it is a package."""
    imported = importlib.import_module(module)
    if hasattr(imported, name):
        return True
    return (
        hasattr(imported, "__path__") and importlib.util.find_spec(f"{module}.{name}") is not None
    )
