"""Errors a user can cause.

Every error that bad input can trigger is a :class:`GeneratorError`. It carries the file,
line and field it concerns, so the CLI can print one line a user can act on and exit
non-zero without a traceback.
"""

from __future__ import annotations

from pathlib import Path


class GeneratorError(Exception):
    """A problem with the user's input or configuration."""

    def __init__(
        self,
        message: str,
        *,
        file: str | Path | None = None,
        line: int | None = None,
        field: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = str(file) if file is not None else None
        self.line = line
        self.field = field

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        field = f"{self.field}: " if self.field else ""
        return f"{where}{field}{self.message}"


class ConfigError(GeneratorError):
    """The SLA file, the services file or an incident/maintenance file is invalid."""


class RecordError(GeneratorError):
    """A probe or ticket record (in an import file or in the store) is invalid."""


class ErrorList(GeneratorError):
    """Several problems found at once, e.g. by ``statusgen check``."""

    def __init__(self, errors: list[GeneratorError]) -> None:
        super().__init__(f"{len(errors)} problem(s) found")
        self.errors = errors

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)
