"""Commands that check and gather records: check, import, collect, probe, notify, compact."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import click

from generator.cli.base import (
    INSTANT,
    PERIOD,
    Settings,
    _maybe,
    _plural,
    clients_option,
    main,
    pass_settings,
)
from generator.formats import PROBE_FORMAT_NAMES, TICKET_FORMAT_NAMES


@main.command()
@clients_option
@pass_settings
def check(settings: Settings, clients: Path | None) -> None:
    """Validate the SLA file, the services file and every record under data/, and the
    clients file when one is named.

    Prints what was found, or one line per problem (file, line, field) and exits 1.

    \b
    Examples:
      statusgen check
      statusgen check --data ../acme-status/data
      statusgen check --clients ~/clients.yml
    """
    from generator.commands.check import check_site

    result = check_site(settings.data_root, clients)
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
@click.option(
    "--before",
    "before",
    type=PERIOD,
    required=True,
    help="Compact the periods before this one (YYYY-MM, or previous); it must have started.",
)
@click.option(
    "--as-of",
    type=INSTANT,
    default="now",
    help="The present the closed periods are judged against (ISO 8601). Default: now.",
)
@pass_settings
def compact(settings: Settings, before: str, as_of: int | date) -> None:
    """Turn the probe samples of closed periods into state runs and hourly latency.

    Each whole UTC month before the period's start becomes, per monitor and location, one
    line per run of checks in one state (data/probes/compacted/runs/) and one line per
    hour (data/probes/compacted/latency/: checks, failures, measured, exact p50 and p95),
    and its samples file is removed; git history keeps the samples.

    Every uptime and report figure stays exactly what it was. What changes: each check's
    own latency, status code and error text are no longer in the files, and a period's
    latency percentiles cannot be derived exactly from the hourly ones (the reports and
    the site read no latency older than 90 days; later months are refused). Monitors with
    a latency threshold keep their samples. Samples can no longer be added to a compacted
    month. A compaction cut short is finished by running it again.

    \b
    Examples:
      statusgen compact --before 2026-05
      statusgen compact --before previous
    """
    from generator.commands.compact import CompactOptions
    from generator.commands.compact import compact as run

    result = run(CompactOptions(settings.data_root, before, settings.instant(as_of)))
    summary = result.summary
    if not summary.months:
        click.echo(f"nothing to compact: no samples before {result.cut_month} (UTC months)")
    else:
        months = sorted({month for _, month in summary.months})
        monitors = len({monitor for monitor, _ in summary.months})
        click.echo(
            f"compacted {months[0]} to {months[-1]} of {_plural(monitors, 'monitor')}: "
            f"{summary.samples:,} samples became {summary.runs:,} runs and "
            f"{summary.hours:,} latency hours"
        )
    if result.kept:
        click.echo(
            f"kept the samples of monitors with a latency threshold: {', '.join(result.kept)}"
        )
