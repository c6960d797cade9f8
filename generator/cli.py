"""The statusgen command line. The only module that imports click.

Each command parses its options, builds one options object and calls one function in
:mod:`generator.commands`. Errors a user can cause arrive as GeneratorError and are printed
as one line per problem, with a non-zero exit and no traceback.
"""

from __future__ import annotations

import inspect
import logging
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from generator import __version__
from generator.errors import ErrorList, GeneratorError
from generator.formats import PROBE_FORMAT_NAMES, TICKET_FORMAT_NAMES
from generator.period_ids import PeriodIdError, parse_period_text
from generator.timeutil import (
    END_YEAR,
    FIRST_YEAR,
    TimeFormatError,
    local_midnight,
    parse_instant,
)

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


class UserErrors(click.ClickException):
    """One or more problems a user can fix: one 'Error: ...' line each, exit status 1."""

    def __init__(self, errors: list[GeneratorError]) -> None:
        super().__init__("; ".join(str(e) for e in errors))
        self.errors = errors

    def show(self, file: Any = None) -> None:
        for error in self.errors:
            click.echo(f"Error: {error}", err=True)


class StatusgenGroup(click.Group):
    """The command group, and the one place where statusgen's errors become the CLI's.

    Bad input anywhere below arrives as a GeneratorError; here it becomes click's own
    exceptions, so every command prints it the same way: a malformed period id is a usage
    error (exit 2), anything else one line per problem (exit 1), never a traceback.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except PeriodIdError as exc:
            raise click.BadParameter(str(exc), param_hint="'--period'") from None
        except ErrorList as exc:
            raise UserErrors(exc.errors) from None
        except GeneratorError as exc:
            raise UserErrors([exc]) from None


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
        logging.getLogger().setLevel(logging.INFO)


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
    logging.basicConfig(
        level=logging.INFO if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
    )
    ctx.obj = Settings(data_root, verbose)


@main.command()
@pass_settings
def check(settings: Settings) -> None:
    """Validate the SLA file, the services file and every record under data/.

    Prints what was found, or one line per problem (file, line, field) and exits 1.

    \b
    Examples:
      statusgen check
      statusgen check --data ../acme-status/data
    """
    from generator.commands.check import check_site

    result = check_site(settings.data_root)
    for line in result.found:
        click.echo(line)
    if not result.ok:
        for problem in result.problems:
            click.echo(f"Error: {problem}", err=True)
        click.echo(f"{_plural(len(result.problems), 'problem')} found", err=True)
        sys.exit(1)
    click.echo("OK: no problems found")


@main.group("import")
def import_() -> None:
    """Add records from a file to the store (idempotent: a second import adds nothing)."""


@import_.command("probes")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(PROBE_FORMAT_NAMES),
    help="The file's format. Default: told from its name and contents (.csv, .jsonl, a "
    "vendor's JSON export, an Uptime Kuma database).",
)
@click.option("--location", help="Location for records that carry none.")
@click.option(
    "--monitor",
    help="Monitor id the whole file belongs to, for vendor files that name none (pingdom).",
)
@pass_settings
def import_probes(
    settings: Settings, file: Path, fmt: str | None, location: str | None, monitor: str | None
) -> None:
    """Import probe samples or state intervals from FILE.

    Formats: csv, jsonl (statusgen's own); uptimerobot, pingdom, uptime-kuma, prometheus,
    betterstack (vendor exports, mapped through the services file's sources). A file with
    one bad row imports nothing; the error names the row and field.

    \b
    Examples:
      statusgen import probes checks-2026-08.csv
      statusgen import probes uptimerobot-logs.json
      statusgen import probes kuma.db --format uptime-kuma
      statusgen import probes pingdom-results.json --monitor api-public
    """
    from generator.commands.importing import ImportOptions
    from generator.commands.importing import import_probes as run

    result = run(ImportOptions(settings.data_root, file, fmt, location, monitor))
    click.echo(f"{file}: {result.describe()}")


@import_.command("tickets")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(TICKET_FORMAT_NAMES),
    help="The file's format. Default: told from its name and contents (.csv, .jsonl, a "
    "helpdesk's JSON or CSV export).",
)
@pass_settings
def import_tickets(settings: Settings, file: Path, fmt: str | None) -> None:
    """Import support tickets from FILE.

    Formats: csv, jsonl (statusgen's own); zendesk (incremental export JSON or the ticket
    CSV export), freshdesk, intercom (helpdesk exports, mapped through the SLA file's
    support mappings). A file with one bad row imports nothing; the error names the row and
    field. A ticket imported again with the same id replaces the stored one (it has since
    been answered).

    \b
    Examples:
      statusgen import tickets tickets.csv
      statusgen import tickets zendesk-export.json
    """
    from generator.commands.import_tickets import TicketImportOptions
    from generator.commands.import_tickets import import_tickets as run

    result = run(TicketImportOptions(settings.data_root, file, fmt))
    click.echo(f"{file}: {result.describe()}")


@main.command()
@click.option(
    "--period",
    type=PERIOD,
    default="current",
    show_default=True,
    help="Period id (YYYY-MM of its first month), current or previous.",
)
@click.option(
    "--as-of",
    "as_of",
    type=INSTANT,
    default="now",
    show_default=True,
    help="Report as known at this time: ISO 8601 with offset (2026-11-20T12:00:00+03:00), a "
    "date alone (its midnight in the SLA's time zone), or now.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "text", "pdf"]),
    default="json",
    show_default=True,
    help="pdf: the A4 report (needs -o FILE, or a pipe).",
)
@click.option(
    "--audience",
    type=click.Choice(["public", "internal"]),
    default="public",
    show_default=True,
    help="internal adds ticket-level breach lists; public shows aggregates only.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file."
)
@pass_settings
def report(
    settings: Settings,
    period: str,
    as_of: int | date,
    fmt: str,
    audience: str,
    output: Path | None,
) -> None:
    """Report SLA attainment for one period (JSON contract documented in the README).

    \b
    Examples:
      statusgen report --period previous --format text
      statusgen report --period 2026-08 --as-of 2026-11-01 > 2026-08.json
      statusgen report --period 2026-08 --format pdf -o 2026-08.pdf
      statusgen report --audience internal --format text
    """
    from generator.commands.report import ReportOptions, make_report

    if fmt == "pdf" and output is None and sys.stdout.isatty():
        raise click.UsageError("--format pdf writes binary data: give -o FILE or pipe it")
    options = ReportOptions(
        settings.data_root, period, settings.instant(as_of), fmt, audience, output
    )
    content = make_report(options)
    if output is not None:
        output.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            output.write_bytes(content)
        else:
            output.write_text(content, encoding="utf-8")
        click.echo(f"wrote {output}", err=True)
    elif isinstance(content, bytes):
        sys.stdout.buffer.write(content)
    else:
        click.echo(content, nl=False)


@main.command()
@click.option(
    "--until",
    type=INSTANT,
    default="now",
    show_default=True,
    help="Generate records up to this time: ISO 8601 with offset, a date alone (midnight in "
    "the SLA's time zone), or now.",
)
@click.option("--seed", type=int, default=2026, show_default=True, help="Random seed.")
@pass_settings
def demo(settings: Settings, until: int | date, seed: int) -> None:
    """Generate the demo site's records (seeded and repeatable) into the data directory.

    Probe samples, state intervals, incidents, maintenance windows and tickets from the
    start of the period a year before --until up to --until. Running it again later only
    adds what is new: the same seed always gives the same records for the same time.

    \b
    Examples:
      statusgen init --demo demo-site && cd demo-site && statusgen demo
      statusgen demo --until 2026-11-20
    """
    from generator.demo import DemoOptions, generate_demo

    summary = generate_demo(DemoOptions(settings.data_root, settings.instant(until), seed))
    click.echo(summary)


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    default="public",
    show_default=True,
    help="Directory to build into: a new or empty one, or a previous build (it holds a "
    ".statusgen-build marker); replaced only when the build succeeds. The data, the site "
    "sources, a repository or the current directory are refused.",
)
@click.option(
    "--as-of",
    "as_of",
    type=INSTANT,
    default=None,
    help="Build the site as known at this time: ISO 8601 with offset, or a date alone "
    "(midnight in the SLA's time zone). Default: now. The same data and --as-of build "
    "byte-identical files.",
)
@config_file_option
@click.option("--strict", is_flag=True, help="Fail on any mkdocs warning.")
@click.option(
    "--pdf/--no-pdf",
    default=True,
    show_default=True,
    help="Write each period's PDF report to reports/<period>.pdf.",
)
@click.option(
    "--offline",
    is_flag=True,
    help="A site to open from disk (file://): links name their index.html and search works "
    "without a server. For publishing, build without it.",
)
@pass_settings
def build(
    settings: Settings,
    output: Path,
    as_of: int | date | None,
    config_file: Path,
    strict: bool,
    pdf: bool,
    offline: bool,
) -> None:
    """Build the status site (pages, SLA reports, JSON API, badges, feed) into OUTPUT.

    \b
    Examples:
      statusgen build
      statusgen build --no-pdf -o /tmp/preview
      statusgen build --offline            # open public/index.html from disk
      statusgen build --as-of 2026-11-20   # the site as it was known that day
    """
    from generator.commands.build import BuildOptions, build_site

    result = build_site(
        BuildOptions(
            settings.data_root,
            output,
            config_file,
            _maybe(settings, as_of),
            strict,
            pdf,
            offline=offline,
        )
    )
    click.echo(result.describe())


@main.command()
@click.option(
    "-a",
    "--dev-addr",
    default="127.0.0.1:8000",
    show_default=True,
    help="Address (IP:PORT) to serve the preview on.",
)
@click.option(
    "--as-of",
    "as_of",
    type=INSTANT,
    default=None,
    help="Preview the site as known at this time: ISO 8601 with offset, or a date alone "
    "(midnight in the SLA's time zone). Default: now, at every rebuild.",
)
@config_file_option
@click.option(
    "--pdf/--no-pdf",
    default=False,
    show_default=True,
    help="Also write the PDF reports at every rebuild (slow).",
)
@pass_settings
def serve(
    settings: Settings, dev_addr: str, as_of: int | date | None, config_file: Path, pdf: bool
) -> None:
    """Preview the status site with live reload: it rebuilds when the data directory, the
    templates, the docs directory (site/) or mkdocs.yml change.

    \b
    Examples:
      statusgen serve
      statusgen serve -a 127.0.0.1:8001 --as-of 2026-11-20
    """
    from generator.commands.build import ServeOptions, serve_site

    serve_site(
        ServeOptions(settings.data_root, config_file, dev_addr, _maybe(settings, as_of), pdf),
        say=click.echo,
    )


@main.command()
@click.option(
    "--source",
    "sources",
    multiple=True,
    help="Fetch only this source id (repeatable). Default: every source collect can fetch.",
)
@pass_settings
def collect(settings: Settings, sources: tuple[str, ...]) -> None:
    """Fetch new records from the HTTP APIs of the sources in services.yml and sla.yml.

    Each source resumes from its cursor in data/state/. Tokens come from the environment
    variables the sources name. Prints one line per source; if any failed, the others' records
    are still kept and the command exits 1 with one line per failed source.

    \b
    Examples:
      statusgen collect
      UPTIMEROBOT_API_KEY=... statusgen collect --source uptimerobot
    """
    from generator.commands.collect import CollectOptions
    from generator.commands.collect import collect as run

    report = run(CollectOptions(settings.data_root, sources))
    if not report.outcomes:
        click.echo("no sources to collect: add sources: to services.yml or sla.yml")
    for outcome in report.outcomes:
        if outcome.ok:
            click.echo(outcome.line())
    for outcome in report.failed:
        click.echo(f"Error: source {outcome.line()}", err=True)
    if not report.ok:
        sys.exit(1)


@main.command()
@click.option(
    "--location",
    help="Where this runs (one of the monitors' locations). Default: $STATUSGEN_LOCATION, "
    "the platform's region variable, or each monitor's only location.",
)
@click.option("--monitor", "monitors", multiple=True, help="Check only this monitor (repeatable).")
@pass_settings
def probe(settings: Settings, location: str | None, monitors: tuple[str, ...]) -> None:
    """Run the services file's http and tcp checks once, concurrently, and store the samples.

    A failed check is a result, not an error: the command exits 0 and prints one line per check.

    \b
    Examples:
      statusgen probe
      statusgen probe --location eu-central --monitor api-public
    """
    from generator.commands.probe import ProbeOptions
    from generator.commands.probe import probe as run

    result = run(ProbeOptions(settings.data_root, location, monitors))
    for check in result.results:
        click.echo(check.describe())
    for skipped in result.skipped:
        click.echo(f"skipped {skipped}")
    w = result.written
    click.echo(f"samples {w.added} added, {w.updated} updated, {w.unchanged} already stored")


@main.command()
@click.option(
    "--as-of",
    type=INSTANT,
    help="Compare the status at this time instead of now (ISO 8601, or a date alone: its "
    "midnight in the SLA's time zone).",
)
@pass_settings
def notify(settings: Settings, as_of: int | date | None) -> None:
    """Tell the channels in services.yml (notifications:) what changed since the last run.

    Status changes, incidents, maintenance windows, error budget thresholds, SLA reviews and
    (internal channels) support attainment, each sent once: what was announced is kept in
    data/state/notify.json. Channel URLs come from the environment variables the channels
    name and are never printed. Prints one line per channel; if any failed, its messages
    wait for the next run and the command exits 1.
    """
    from generator.commands.notify import NotifyOptions
    from generator.commands.notify import notify as run

    result = run(NotifyOptions(settings.data_root, _maybe(settings, as_of)))
    if result.baseline:
        click.echo("first run: recorded the current status; nothing sent")
    else:
        click.echo(f"{_plural(len(result.events), 'change')} since the last run")
    for delivery in result.deliveries:
        if delivery.error is None:
            click.echo(f"{delivery.channel}: sent {_plural(len(delivery.sent), 'message')}")
    for delivery in result.deliveries:
        if delivery.error is not None:
            left = result.pending.get(delivery.channel, 0)
            click.echo(
                f"Error: channel {delivery.channel}: {delivery.error}; "
                f"{_plural(left, 'message')} kept for the next run",
                err=True,
            )
    if not result.ok:
        sys.exit(1)


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--name",
    "company",
    default="Example Company",
    show_default=True,
    help="The company whose SLA and status the site shows (data/sla.yml, mkdocs.yml).",
)
@click.option(
    "--site-url",
    help="The site's published address, e.g. https://OWNER.github.io/REPOSITORY/ "
    "(feeds, badges and the sitemap need it).",
)
@click.option(
    "--requirement",
    help="The requirements.txt line that installs statusgen (default: the statusgen running "
    "now: its release, its git commit, or a wheel of it in vendor/).",
)
@click.option("--force", is_flag=True, help="Overwrite files that already exist, and list them.")
@click.option(
    "--demo",
    is_flag=True,
    help="Write the demo site instead (the demo's SLA and services files), to try "
    "statusgen demo and statusgen build on.",
)
@click.option(
    "--upgrade",
    is_flag=True,
    help="In an existing site, replace only what comes from statusgen (requirements.txt, "
    "vendor/, the theme in site/, docs/configuration.md) with the running statusgen's; files "
    "you changed are kept unless --force.",
)
def init(
    directory: Path,
    company: str,
    site_url: str | None,
    requirement: str | None,
    force: bool,
    demo: bool,
    upgrade: bool,
) -> None:
    """Scaffold a new status-site repository in DIRECTORY.

    Writes data/sla.yml (the reference SLA, a comment on every value, starting today),
    data/services.yml (one example monitor), mkdocs.yml and the theme files, the GitHub
    workflows (scheduled probe, collect, build and Pages deploy; pull-request check), a README
    for the site's owner, requirements.txt (a statusgen that GitHub's runners can install),
    the configuration reference and .gitignore. Refuses to overwrite an existing file unless
    --force.

    \b
    Examples:
      statusgen init acme-status --name "Acme Inc" --site-url https://acme.github.io/status/
      statusgen init --demo demo-site && cd demo-site && statusgen demo && statusgen build
      statusgen init --upgrade .
    """
    from generator.commands.init import InitOptions, init_site

    options = InitOptions(
        directory,
        company,
        force,
        site_url=site_url,
        requirement=requirement,
        upgrade=upgrade,
        demo=demo,
    )
    result = init_site(options)
    for name in result.written:
        click.echo(f"created {directory / name}")
    for name in result.overwritten:
        click.echo(f"{'replaced' if upgrade else 'overwrote'} {directory / name}")
    for name in result.removed:
        click.echo(f"removed {directory / name}")
    for name in result.kept:
        click.echo(
            f"kept {directory / name} (changed since statusgen wrote it; --force replaces it)"
        )
    if upgrade:
        click.echo(f"{_plural(len(result.unchanged), 'file')} already up to date")
        return
    for name in result.unchanged:
        click.echo(f"unchanged {directory / name}")
    here = directory.resolve() == Path.cwd().resolve()
    step = "statusgen demo && statusgen build" if demo else "statusgen build"
    step = step if here else f"cd {directory} && {step}"
    where = "" if demo else " (README.md says how to publish it on GitHub)"
    click.echo(f"Next: {step}{where}")


common_options(main)
