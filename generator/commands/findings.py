"""What ``statusgen check`` found, shared by the modules that check each kind of file."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.errors import ErrorList, GeneratorError


@dataclass
class CheckResult:
    found: list[str] = field(default_factory=list)
    problems: list[GeneratorError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def collect_problem(result: CheckResult, exc: GeneratorError) -> None:
    if isinstance(exc, ErrorList):
        result.problems.extend(exc.errors)
    else:
        result.problems.append(exc)
