"""The sources sections of the services and SLA files."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.config.sources import load_sources
from generator.errors import ConfigError, GeneratorError
from generator.site import load_site
from tests.vendor_helpers import add_sources


def sources(data: Path):  # type: ignore[no-untyped-def]
    site = load_site(data)
    return load_sources(site.data.sla_file, site.data.services_file, site.services)


def test_both_files_typed_with_defaults(site_dir: Path) -> None:
    add_sources(
        site_dir,
        "  - id: ur\n    type: uptimerobot\n    token_env: UR_KEY\n    location: eu-central\n"
        "    monitors: {'42': api-public}\n"
        "  - id: prom\n    type: prometheus\n    url: http://127.0.0.1:9090/\n"
        "    query: probe_success\n    step: 15s\n    chunk: 2h\n",
    )
    add_sources(
        site_dir,
        "  - id: zd\n    type: zendesk\n    url: https://x.zendesk.com\n    user: a@x.example\n"
        "    token_env: ZD_TOKEN\n    start: 2026-08-01T00:00:00+03:00\n",
        file="sla.yml",
    )
    ur, prom, zd = sources(site_dir)
    assert (ur.kind, ur.url, ur.monitors, ur.location) == (
        "probes",
        "https://api.uptimerobot.com/v2",
        {"42": "api-public"},
        "eu-central",
    )
    assert (prom.url, prom.step, prom.chunk, prom.monitor_label) == (
        "http://127.0.0.1:9090",
        15,
        7200,
        "instance",
    )
    assert (zd.kind, zd.start, zd.lookback, zd.timeout) == ("tickets", 1785531600, 604800, 30)
    assert all(s.collectable for s in (ur, prom, zd))


@pytest.mark.parametrize(
    ("block", "message"),
    [
        (
            "  - id: ur\n    type: uptimerobot\n    token_env: K\n    monitors: {'1': nope}\n",
            "sources[0].monitors.1: 'nope' is not a monitor in this file",
        ),
        (
            "  - id: p\n    type: prometheus\n    url: http://127.0.0.1:9090\n",
            "sources[0]: a prometheus source needs query",
        ),
        ("  - id: ur\n    type: uptimerobot\n", "sources[0]: a uptimerobot source needs token_env"),
        (
            "  - id: ur\n    type: uptimerobot\n    token_env: K\n    location: mars\n"
            "    monitors: {'1': api-public}\n",
            "sources[0].location: 'mars' is not one of monitor api-public's locations",
        ),
        (
            "  - id: ur\n    type: uptimerobot\n    token_env: K\n  - id: ur\n    type: pingdom\n",
            "sources[1].id: duplicate source id 'ur'",
        ),
    ],
)
def test_mistakes_name_file_line_and_field(site_dir: Path, block: str, message: str) -> None:
    add_sources(site_dir, block)
    with pytest.raises(ConfigError) as err:
        sources(site_dir)
    assert message in str(err.value)
    assert str(err.value).startswith(str(site_dir / "services.yml") + ":")


def test_schema_rejects_unknown_keys_and_types(site_dir: Path) -> None:
    add_sources(site_dir, "  - id: x\n    type: nagios\n")
    with pytest.raises(GeneratorError, match="sources"):
        load_site(site_dir)


def test_check_lists_sources_and_their_problems(site_dir: Path) -> None:
    add_sources(
        site_dir, "  - id: ur\n    type: uptimerobot\n    token_env: K\n    monitors: {'1': nope}\n"
    )
    result = CliRunner().invoke(main, ["--data", str(site_dir), "check"])
    assert result.exit_code == 1
    assert "'nope' is not a monitor in this file" in result.output


def test_a_missing_token_names_the_variable(
    site_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("UR_KEY", raising=False)
    add_sources(site_dir, "  - id: ur\n    type: uptimerobot\n    token_env: UR_KEY\n")
    (source,) = sources(site_dir)
    with pytest.raises(ConfigError, match="environment variable UR_KEY is not set"):
        source.token()
    monkeypatch.setenv("UR_KEY", " abc \n")
    assert source.token() == "abc"


def test_collect_without_sources_says_so(site_dir: Path) -> None:
    result = CliRunner().invoke(main, ["--data", str(site_dir), "collect"])
    assert result.exit_code == 0
    assert result.output == "no sources to collect: add sources: to services.yml or sla.yml\n"
    unknown = CliRunner().invoke(main, ["--data", str(site_dir), "collect", "--source", "x"])
    assert unknown.exit_code == 1
    assert "no source 'x' in services.yml or sla.yml (configured: none)" in unknown.output


def test_a_source_configured_for_imports_alone_is_not_collected(site_dir: Path) -> None:
    """Pingdom, Better Stack, Intercom and Kuma sources may hold only a monitor mapping for
    imports; collect takes them once they name a token (Kuma: its status page)."""
    add_sources(
        site_dir,
        "  - id: kuma-db\n    type: uptime-kuma\n    monitors: {'1': api-public}\n"
        "  - id: kuma\n    type: uptime-kuma\n    url: http://kuma.internal:3001\n"
        "    status_page: sla\n"
        "  - id: pingdom\n    type: pingdom\n    token_env: PINGDOM_API_TOKEN\n"
        "    monitors: {'85975': api-public}\n",
    )
    kuma_db, kuma, pingdom = sources(site_dir)
    assert (kuma_db.collectable, kuma_db.missing_for_collect()) == (False, "status_page")
    assert (kuma.collectable, kuma.url, kuma.status_page) == (
        True,
        "http://kuma.internal:3001",
        "sla",
    )
    assert (pingdom.collectable, pingdom.url) == (True, "https://api.pingdom.com/api/3.1")
    asked = CliRunner().invoke(main, ["--data", str(site_dir), "collect", "--source", "kuma-db"])
    assert asked.exit_code == 1
    assert asked.output == (
        "Error: source kuma-db (uptime-kuma): collect needs its status_page to fetch it; "
        "import its export files with statusgen import probes FILE --format uptime-kuma\n"
    )


def test_a_kuma_status_page_needs_its_address(site_dir: Path) -> None:
    add_sources(site_dir, "  - id: kuma\n    type: uptime-kuma\n    status_page: sla\n")
    with pytest.raises(ConfigError, match="sources\\[0\\]: a uptime-kuma source needs url"):
        sources(site_dir)
