"""Commands that make things people read: report, demo, build, serve, init."""

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
    config_file_option,
    main,
    pass_settings,
)
from generator.locales import shipped_languages


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
    help="internal adds ticket-level breach lists (and, with the clients file, the "
    "per-client table); public shows aggregates only.",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write to a file."
)
@click.option(
    "--client",
    "client",
    metavar="ID",
    help="The client's own edition: the service's uptime, its own tickets and the credit it "
    "is owed (needs the clients file).",
)
@clients_option
@click.option(
    "--language",
    type=click.Choice(shipped_languages()),
    help="The PDF's language. Default: the SLA file's language.",
)
@pass_settings
def report(
    settings: Settings,
    period: str,
    as_of: int | date,
    fmt: str,
    audience: str,
    output: Path | None,
    client: str | None,
    clients: Path | None,
    language: str | None,
) -> None:
    """Report SLA attainment for one period (JSON contract documented in the README).

    \b
    Examples:
      statusgen report --period previous --format text
      statusgen report --period 2026-08 --as-of 2026-11-01 > 2026-08.json
      statusgen report --period 2026-08 --format pdf -o 2026-08.pdf
      statusgen report --period 2026-08 --format pdf --language uk -o 2026-08-uk.pdf
      statusgen report --audience internal --format text
      statusgen report --period previous --client 360001234 --clients ~/clients.yml --format pdf -o acme.pdf
    """
    from generator.commands.report import ReportOptions, make_report

    if fmt == "pdf" and output is None and sys.stdout.isatty():
        raise click.UsageError("--format pdf writes binary data: give -o FILE or pipe it")
    if client is not None and audience != "public":
        raise click.UsageError("--client makes the client's own edition: leave out --audience")
    if language is not None and fmt != "pdf":
        raise click.UsageError("--language is the PDF's: use it with --format pdf")
    options = ReportOptions(
        settings.data_root,
        period,
        settings.instant(as_of),
        fmt,
        audience,
        output,
        client=client,
        clients=clients,
        language=language,
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
@click.option(
    "--client-reports",
    "client_reports",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write every client's report (PDF and JSON) for the last completed and the "
    "running period into this private directory; one inside the site is refused.",
)
@clients_option
@pass_settings
def build(
    settings: Settings,
    output: Path,
    as_of: int | date | None,
    config_file: Path,
    strict: bool,
    pdf: bool,
    offline: bool,
    client_reports: Path | None,
    clients: Path | None,
) -> None:
    """Build the status site (pages, SLA reports, JSON API, badges, feed) into OUTPUT.

    \b
    Examples:
      statusgen build
      statusgen build --no-pdf -o /tmp/preview
      statusgen build --offline            # open public/index.html from disk
      statusgen build --as-of 2026-11-20   # the site as it was known that day
      statusgen build --client-reports ../client-reports --clients ~/clients.yml
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
            client_reports=client_reports,
            clients=clients,
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
    from generator.commands.serve import ServeOptions, serve_site

    serve_site(
        ServeOptions(settings.data_root, config_file, dev_addr, _maybe(settings, as_of), pdf),
        say=click.echo,
    )


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
