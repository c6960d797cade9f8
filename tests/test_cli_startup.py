"""The command line starts at the speed of a prompt: its help loads click and statusgen's
command-line modules, not the pipeline's libraries nor standard modules only a running
command needs; logging is set up when a command runs, with ``-v`` before or after its name.
Each case runs in a new interpreter, as a user's ``statusgen`` does (benchmarks/bench_cli.py
times it)."""

from __future__ import annotations

import subprocess
import sys

import pytest

# what --help must not load: the pipeline's libraries, and what only a running command needs
NOT_AT_HELP = (
    "matplotlib",
    "weasyprint",
    "jsonschema",
    "pyarrow",
    "numpy",
    "mkdocs",
    "jinja2",
    "yaml",
    "logging",
    "json",
    "zoneinfo",
)

LOADED = """
import sys
from generator.cli import main
try:
    main(sys.argv[1:])
except SystemExit:
    pass
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""


@pytest.mark.parametrize(
    "args",
    [("--help",), ("report", "--help"), ("import", "probes", "--help"), ("build", "-h")],
    ids=" ".join,
)
def test_help_loads_nothing_a_command_needs(args: tuple[str, ...]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", LOADED, *args], capture_output=True, text=True, check=True
    )
    lines = result.stdout.splitlines()
    assert "Usage: " in lines[0]
    loaded = set(lines[-1].split())
    assert "click" in loaded  # the check sees what the interpreter loaded
    assert sorted(loaded.intersection(NOT_AT_HELP)) == []


# a command that logs, added to statusgen's own group as the others are
LOGS = """
import logging, sys
from generator.cli import common_options, main

@main.command("hello")
def hello():
    logging.getLogger("statusgen.test").info("info line")
    logging.getLogger("statusgen.test").warning("warning line")

common_options(main.commands["hello"])
main(sys.argv[1:])
"""


@pytest.mark.parametrize(
    ("args", "lines"),
    [
        (("hello",), ["WARNING statusgen.test: warning line"]),
        (
            ("-v", "hello"),
            ["INFO statusgen.test: info line", "WARNING statusgen.test: warning line"],
        ),
        (
            ("hello", "-v"),
            ["INFO statusgen.test: info line", "WARNING statusgen.test: warning line"],
        ),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, tuple) else "",
)
def test_a_running_command_logs_to_stderr_from_warning_or_with_v_from_info(
    args: tuple[str, ...], lines: list[str]
) -> None:
    result = subprocess.run(
        [sys.executable, "-c", LOGS, *args], capture_output=True, text=True, check=True
    )
    assert result.stderr.splitlines() == lines


def test_every_command_sets_up_logging_when_it_runs() -> None:
    """Every command below ``statusgen`` is one that sets logging up (the group's command
    class), nested groups (``import``) and theirs included."""
    from generator.cli import main
    from generator.cli.base import StatusgenCommand, StatusgenGroup

    def kinds(group: StatusgenGroup, prefix: str = "") -> dict[str, str]:
        found = {}
        for name, command in group.commands.items():
            found[prefix + name] = type(command).__name__
            if isinstance(command, StatusgenGroup):
                found.update(kinds(command, f"{prefix}{name} "))
        return found

    found = kinds(main)
    assert "import probes" in found and "build" in found
    assert {
        name
        for name, kind in found.items()
        if kind not in (StatusgenCommand.__name__, StatusgenGroup.__name__)
    } == set()
