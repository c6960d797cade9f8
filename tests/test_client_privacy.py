"""Client reports stay private: statusgen build --client-reports writes every client's report
outside the published site, and nothing published names a client or a credit amount.

One build of the demo (tests/conftest.py) as of 20 Nov 2026 with PDFs, a clients file naming
two of the demo's clients (opaque ids in the ticket store) with a fee whose credit is
distinctive (10% of 98,765.43 = 9,876.54), and their reports in a private directory.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.commands.build import BuildOptions, build_site
from generator.compute.periods import period_by_id
from generator.config.clients import load_clients
from generator.errors import GeneratorError
from generator.render.pdf import incident_titles_of, render_pdf
from generator.reporting import build_report
from generator.reporting.client import client_report
from generator.scaffold import render_status_workflow
from generator.site import load_site
from generator.store.layout import DataDir
from generator.store.tickets import load_tickets
from tests.conftest import DEMO_UNTIL

REPO = Path(__file__).resolve().parent.parent
CONFIG = REPO / "mkdocs.yml"
CLIENT_IDS = (
    "org-4101",
    "org-4102",
    "org-4103",
    "org-4201",
    "org-4202",
    "org-4301",
    "org-4302",
    "org-4401",
)
NAMES = ("Acme Affiliates Ltd", "Globex Media")
AMOUNT = "9876.54"


def clients_file(root: Path) -> Path:
    sla = (REPO / "data" / "sla.yml").read_text(encoding="utf-8")
    (root / "contract.yml").write_text(
        sla + "\ncredits:\n  uptime_tiers:\n    - {below_percent: 99.99, credit_percent: 10}\n"
    )
    path = root / "clients.yml"
    path.write_text(
        "clients:\n"
        "  - {id: org-4301, name: Acme Affiliates Ltd, fee: '98765.43', currency: EUR,"
        " specialist_setup: true, sla: contract.yml}\n"
        "  - {id: org-4302, name: Globex Media, fee: '98765.43', currency: EUR,"
        " specialist_setup: true, sla: contract.yml}\n"
    )
    return path


@pytest.fixture(scope="module")
def built(demo_data: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("private")
    public, private = root / "public", root / "client-reports"
    build_site(
        BuildOptions(
            demo_data,
            public,
            CONFIG,
            DEMO_UNTIL,
            strict=True,
            pdf=True,
            client_reports=private,
            clients=clients_file(root),
        )
    )
    return public, private


def test_every_clients_report_is_written_privately(built: tuple[Path, Path]) -> None:
    _, private = built
    assert sorted(str(p.relative_to(private)) for p in private.rglob("*.*")) == [
        "2026-08/org-4301.json",
        "2026-08/org-4301.pdf",
        "2026-08/org-4302.json",
        "2026-08/org-4302.pdf",
        "2026-11/org-4301.json",
        "2026-11/org-4301.pdf",
        "2026-11/org-4302.json",
        "2026-11/org-4302.pdf",
    ]
    assert oct(private.stat().st_mode & 0o777) == "0o700"
    assert oct((private / "2026-08" / "org-4301.pdf").stat().st_mode & 0o777) == "0o600"
    report = json.loads((private / "2026-08" / "org-4301.json").read_text())
    # 3,870 s down of 7,948,800 s: below 99.99%: 10% of 98,765.43 = 9,876.543 -> 9,876.54
    assert (report["client"]["name"], report["client"]["credit"]["amount"]) == (NAMES[0], AMOUNT)
    running = json.loads((private / "2026-11" / "org-4301.json").read_text())
    # the running period (19.5 days so far) has had no counted downtime yet
    assert running["uptime"]["downtime_seconds"] == 0
    assert (running["client"]["credit"]["status"], running["client"]["credit"]["reason"]) == (
        "none",
        "No credit so far: uptime was not below 99.99%.",
    )


def test_each_clients_pdf_is_the_one_its_report_draws(
    demo_data: Path, built: tuple[Path, Path]
) -> None:
    """The clients' PDFs are drawn by forked workers (as the site's are): each file is the PDF
    its own report draws in-process, under its own client's and period's name."""
    _, private = built
    site = load_site(demo_data).known_at(DEMO_UNTIL)
    clients = load_clients(private.parent / "clients.yml", site.sla).clients
    tickets = load_tickets(site.data)
    titles = incident_titles_of(site)
    for period_id in ("2026-08", "2026-11"):
        period = period_by_id(period_id, site.sla.periods, site.sla.timezone)
        base = build_report(site, period, DEMO_UNTIL, "public", tickets=[])
        for client in clients:
            report = client_report(site, period, DEMO_UNTIL, client, tickets, base=base)
            drawn = render_pdf(
                report, sla=client.sla or site.sla, incident_titles=titles, site=site
            )
            assert (private / period_id / f"{client.id}.pdf").read_bytes() == drawn


def test_a_clients_report_holds_only_its_own_tickets(
    demo_data: Path, built: tuple[Path, Path]
) -> None:
    _, private = built
    owner = {t.id: t.client for t in load_tickets(DataDir(demo_data))}
    for path in private.rglob("*.json"):
        report = json.loads(path.read_text())
        ids = [t["id"] for t in report["client"]["tickets"]]
        assert {owner[i] for i in ids} <= {path.stem}, path
        text = path.read_text()
        assert [i for i, c in owner.items() if c != path.stem and f'"{i}"' in text] == []


def public_texts(public: Path) -> dict[str, str]:
    texts = {}
    for path in sorted(public.rglob("*")):
        if not path.is_file():
            continue
        name = str(path.relative_to(public))
        if path.suffix == ".pdf":
            texts[name] = subprocess.run(
                ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
            ).stdout
        elif path.suffix in (".png", ".woff", ".woff2", ".ico", ".gz", ".ttf", ".jpg"):
            continue
        else:
            texts[name] = path.read_text(encoding="utf-8", errors="replace")
    return texts


def test_nothing_published_names_a_client_or_a_credit(built: tuple[Path, Path]) -> None:
    public, _ = built
    texts = public_texts(public)
    kinds = {Path(name).suffix for name in texts}
    assert {".html", ".json", ".xml", ".svg", ".pdf"} <= kinds  # pages, API, feeds, badges, PDFs
    assert any(name.startswith("badges/") for name in texts)
    assert any(name.startswith("reports/") and name.endswith(".pdf") for name in texts)
    leaks = [
        (name, word)
        for name, text in texts.items()
        for word in (*CLIENT_IDS, *NAMES, AMOUNT)
        if word in text
    ]
    assert leaks == []
    assert not (public / "client-reports").exists()


def test_the_client_pdf_is_addressed_to_its_client(built: tuple[Path, Path]) -> None:
    _, private = built
    text = subprocess.run(
        ["pdftotext", "-layout", str(private / "2026-08" / "org-4302.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "Prepared for Globex Media" in text
    assert "Your requests" in text and "Acme" not in text


def test_client_reports_inside_the_site_are_refused(demo_data: Path, tmp_path: Path) -> None:
    public = tmp_path / "public"
    for inside, what in (
        (public / "private", "the site output"),
        (REPO / "site" / "x", "the docs directory"),
    ):
        with pytest.raises(GeneratorError) as caught:
            build_site(
                BuildOptions(
                    demo_data,
                    public,
                    CONFIG,
                    DEMO_UNTIL,
                    pdf=False,
                    client_reports=inside,
                    clients=clients_file(tmp_path),
                )
            )
        assert str(caught.value).startswith(f"{inside}: is inside {what} (")
        assert str(caught.value).endswith(
            "client reports are private: choose a directory outside the published site"
        )
    assert not public.exists() and not (REPO / "site" / "x").exists()  # nothing was built


def test_client_reports_need_the_clients_file(
    demo_data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("STATUSGEN_CLIENTS", raising=False)
    with pytest.raises(GeneratorError) as caught:
        build_site(
            BuildOptions(
                demo_data,
                tmp_path / "public",
                CONFIG,
                DEMO_UNTIL,
                pdf=False,
                client_reports=tmp_path / "c",
            )
        )
    assert str(caught.value) == (
        "--client-reports needs the clients file: give --clients FILE or set STATUSGEN_CLIENTS"
    )
    assert not (tmp_path / "public").exists()


def test_the_workflow_keeps_client_reports_as_an_encrypted_artifact() -> None:
    workflow = render_status_workflow(demo=False)
    step = workflow[
        workflow.index("      - name: Build\n") : workflow.index("upload-pages-artifact")
    ]
    assert '--client-reports "$RUNNER_TEMP/client-reports"' in step
    assert "gpg --batch --yes --symmetric" in step
    assert "path: ${{ runner.temp }}/client-reports.tar.gz.gpg" in step
    assert "actions/upload-artifact@" in step
    pages = workflow[workflow.index("upload-pages-artifact") :].split("\n", 3)
    assert pages[1:3] == ["        with:", "          path: public"]


@pytest.mark.parametrize("due", [True, False])
def test_the_workflow_makes_client_reports_once_a_day_not_every_run(
    tmp_path: Path, due: bool
) -> None:
    """Every 5 minutes, each run's reports (an artifact kept 90 days) would fill a private
    repository's artifact storage within days, and a full storage fails the upload: the
    reports are made on the day's first run (its cache is not today's yet) and on a manual
    run only, and a failed upload does not stop the site."""
    workflow = yaml.safe_load(render_status_workflow(demo=False))
    steps = workflow["jobs"]["build"]["steps"]
    cache = next(s for s in steps if s.get("id") == "cache")
    assert cache["uses"].startswith("actions/cache@")
    assert cache["with"]["key"].endswith("${{ steps.day.outputs.day }}")  # saved once a day
    step = next(s for s in steps if s.get("id") == "build")
    assert step["env"]["CLIENT_REPORTS_DUE"] == (
        "${{ github.event_name == 'workflow_dispatch' || steps.cache.outputs.cache-hit != 'true' }}"
    )
    upload = next(s for s in steps if str(s.get("name", "")).startswith("Keep the client"))
    assert upload["continue-on-error"] is True

    # the step's script as the runner runs it, with statusgen and gpg stood in for
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "statusgen").write_text(
        '#!/bin/sh\necho "$@" >> "$RUNNER_TEMP/statusgen.log"\n'
        'while [ "$#" -gt 0 ]; do\n'
        '  if [ "$1" = --client-reports ]; then mkdir -p "$2" && echo pdf > "$2/report.pdf"; fi\n'
        "  shift\ndone\n"
    )
    (bin_dir / "gpg").write_text(
        '#!/bin/sh\nwhile [ "$#" -gt 0 ]; do [ "$1" = -o ] && out="$2"; shift; done\ncat > "$out"\n'
    )
    for tool in bin_dir.iterdir():
        tool.chmod(0o755)
    script = tmp_path / "build.sh"
    script.write_text(step["run"])
    env = {
        "PATH": f"{bin_dir}:/usr/bin:/bin",
        "RUNNER_TEMP": str(tmp_path),
        "STATUSGEN_CLIENTS_YAML": "clients: []",
        "CLIENT_REPORTS_PASSPHRASE": "a passphrase",
        "CLIENT_REPORTS_DUE": "true" if due else "false",
    }
    bash = ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)]
    subprocess.run(bash, env=env, cwd=tmp_path, check=True)
    calls = (tmp_path / "statusgen.log").read_text().splitlines()
    if due:
        clients = f"--clients {tmp_path}/clients.yml --client-reports {tmp_path}/client-reports"
        assert calls == [f"build -o public {clients}"]
        assert (tmp_path / "client-reports.tar.gz.gpg").stat().st_size > 0
    else:
        assert calls == ["build -o public"]
        assert not (tmp_path / "client-reports.tar.gz.gpg").exists()
    # neither the clients file nor the reports are left unencrypted on the runner
    assert not (tmp_path / "clients.yml").exists()
    assert not (tmp_path / "client-reports").exists()
