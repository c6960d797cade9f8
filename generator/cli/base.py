"""The command line's frame: the ``statusgen`` group, its run settings, the option types and
the one boundary where statusgen's errors become the command line's. The commands live in
:mod:`generator.cli.records` and :mod:`generator.cli.site`. Only this package imports click.

Loading the command line loads click and statusgen's command-line modules, and none of the
libraries or standard modules only a running command needs, so ``statusgen --help`` and a
command's ``--help`` come at the speed of a prompt. What a command needs, it imports when
it runs; logging is set up then, not before (tests/test_cli_startup.py).
"""

from __future__ import annotations

import inspect
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from generator import __version__
from generator.errors import ErrorList, GeneratorError

F = TypeVar("F", bound=Callable[..., Any])

if TYPE_CHECKING:  # click's ParamType is generic only in recent releases
    _TextParam = click.ParamType[str]
    _InstantParam = click.ParamType[int | date]
else:
    _TextParam = _InstantParam = click.ParamType


class PeriodType(_TextParam):
    """``YYYY-MM``, ``current`` or ``previous``; the month is checked against the SLA later."""

    name = "period"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from generator.period_ids import PeriodIdError, parse_period_text

        text = str(value).strip().lower()
        if text in ("current", "previous"):
            return text
        try:
            parse_period_text(text)
        except PeriodIdError as exc:
            self.fail(f"{exc} (or current, or previous)", param, ctx)
        return text


class InstantType(_InstantParam):
    """An ISO 8601 timestamp with an offset, ``now``, or a date alone (``2026-11-20``: its
    midnight in the SLA's time zone, which :meth:`Settings.instant` resolves)."""

    name = "time"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> int | date:
        from generator.timeutil import END_YEAR, FIRST_YEAR, TimeFormatError, parse_instant

        if isinstance(value, int | date):
            return value
        text = str(value).strip()
        if text.lower() == "now":
            return int(time.time())
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            try:
                day = date.fromisoformat(text)
            except ValueError:
                self.fail(f"{text!r} is not a date", param, ctx)
            if not FIRST_YEAR <= day.year < END_YEAR:
                self.fail(f"{text!r} is outside the supported years", param, ctx)
            return day
        try:
            return parse_instant(text)
        except TimeFormatError as exc:
            self.fail(str(exc), param, ctx)


PERIOD = PeriodType()
INSTANT = InstantType()

config_file_option = click.option(
    "-f",
    "--config-file",
    type=click.Path(dir_okay=False, path_type=Path),
    default="mkdocs.yml",
    show_default=True,
    help="The site's mkdocs configuration.",
)

# every command that reads the private clients file names it the same way
clients_option = click.option(
    "--clients",
    "clients",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The private clients file (names, fees, contracts); default: $STATUSGEN_CLIENTS.",
)


class UserErrors(click.ClickException):
    """One or more problems a user can fix: one 'Error: ...' line each, exit status 1."""

    def __init__(self, errors: list[GeneratorError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors

    def show(self, file: Any = None) -> None:
        for error in self.errors:
            click.echo(f"Error: {error}", err=True)


class StatusgenCommand(click.Command):
    """A command that sets up logging (to stderr, ``-v``: from INFO) when it runs: after its
    arguments are read, so ``--help`` and a usage error never load the logging module."""

    def invoke(self, ctx: click.Context) -> Any:
        import logging

        settings = ctx.find_object(Settings)
        verbose = settings is not None and settings.verbose
        logging.basicConfig(
            level=logging.INFO if verbose else logging.WARNING,
            format="%(levelname)s %(name)s: %(message)s",
        )
        if verbose:  # -v after the command name, or basicConfig's handler set up before
            logging.getLogger().setLevel(logging.INFO)
        return super().invoke(ctx)


class StatusgenGroup(click.Group):
    """The command group, and the one place where statusgen's errors become the CLI's.

    Bad input anywhere below arrives as a GeneratorError; here it becomes click's own
    exceptions, so every command prints it the same way: a malformed period id is a usage
    error (exit 2), anything else one line per problem (exit 1), never a traceback.
    """

    command_class = StatusgenCommand
    group_class = type  # a group of commands (``import``) is one of these too

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except ErrorList as exc:
            raise UserErrors(exc.errors) from None
        except GeneratorError as exc:
            raise UserErrors([exc]) from None
        except ValueError as exc:
            from generator.period_ids import PeriodIdError

            if isinstance(exc, PeriodIdError):
                raise click.BadParameter(str(exc), param_hint="'--period'") from None
            raise


@dataclass
class Settings:
    """What every command runs with: the data directory and how much to log."""

    data_root: Path
    verbose: bool = False

    def instant(self, value: int | date) -> int:
        """An ``--as-of``/``--until`` value as an instant: a date alone is its midnight in
        the SLA's time zone."""
        if isinstance(value, int):
            return value
        from generator.config.sla import load_sla  # only for a date: reads the SLA file
        from generator.timeutil import local_midnight

        tz = load_sla(self.data_root / "sla.yml").timezone
        return local_midnight(value, tz)


pass_settings = click.make_pass_decorator(Settings)


def _plural(count: int, word: str) -> str:
    # imported when a count is printed: --help loads nothing of the pipeline
    from generator.render.formatting import plural

    return plural(count, word)


def _maybe(settings: Settings, value: int | date | None) -> int | None:
    return None if value is None else settings.instant(value)


def _set_data_root(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.ensure_object(Settings).data_root = value


def _set_verbose(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value:
        ctx.ensure_object(Settings).verbose = True


DATA_HELP = "The site's data directory (sla.yml, services.yml, records)."


def common_options(command: click.Command) -> None:
    """``--data`` and ``-v`` after the subcommand too, where people type them; and the
    examples a command's docstring ends with shown last, after its options."""
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            common_options(sub)
        return
    help_text = inspect.cleandoc(command.help or "")
    marker = "\b\nExamples:"
    if marker in help_text:
        body, examples = help_text.split(marker, 1)
        command.help = body.rstrip()
        command.epilog = marker + examples
    command.params += [
        click.Option(
            ["--data", "data_root"],
            type=click.Path(file_okay=False, path_type=Path),
            expose_value=False,
            callback=_set_data_root,
            help=DATA_HELP + " Default: data, or $STATUSGEN_DATA.",
        ),
        click.Option(
            ["-v", "--verbose"],
            is_flag=True,
            expose_value=False,
            callback=_set_verbose,
            help="Log progress to stderr.",
        ),
    ]


@click.group(cls=StatusgenGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="statusgen")
@click.option(
    "--data",
    "data_root",
    type=click.Path(file_okay=False, path_type=Path),
    default="data",
    show_default=True,
    envvar="STATUSGEN_DATA",
    help=DATA_HELP,
)
@click.option("-v", "--verbose", is_flag=True, help="Log progress to stderr.")
@click.pass_context
def main(ctx: click.Context, data_root: Path, verbose: bool) -> None:
    """statusgen: status pages and SLA reports from one SLA file.

    Collect probe results and support tickets into data/, compute how well each SLA
    promise was kept per period, and publish a status site and PDF reports.
    """
    ctx.obj = Settings(data_root, verbose)
