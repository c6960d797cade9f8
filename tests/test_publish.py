"""The status workflow's commands, run as the workflow runs them, on a new site.

`statusgen init` makes a site; a copy of it becomes a git repository with a bare "origin".
The run steps of the site's own .github/workflows/status.yml are executed with bash, as
GitHub does, with the step's env (secrets filled in from a dict): probe against an HTTP
server on 127.0.0.1, collect from a fake Prometheus on the same server, commit and push the
data, then build from a fresh clone of the pushed commit, as the build job does. The output
must be a deployable site: index.html, api/status.json and a PDF report.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.timeutil import format_instant

pytestmark = pytest.mark.slow

SECRETS = {"PROMETHEUS_TOKEN": "s3cret-prometheus-token"}
GITHUB_TOKEN = "ghs_test-token"
BOT = "github-actions[bot]"
# Steps that prepare the runner (install statusgen, install Pango with sudo apt), which the
# test environment has already; every other run step of the two jobs is executed.
PREPARATION = {"Install statusgen", "Install the PDF renderer's libraries"}


@dataclass
class Server:
    """One local HTTP server: the service the monitor checks, and a fake Prometheus."""

    url: str
    authorizations: list[str] = field(default_factory=list)


@pytest.fixture
def server() -> Iterator[Server]:
    state = Server("")

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlparse(self.path)
            if url.path == "/health":
                self._send(200, "text/plain", b"ok")
            elif url.path == "/api/v1/query_range":
                state.authorizations.append(self.headers.get("Authorization", ""))
                self._send(200, "application/json", query_range(parse_qs(url.query)))
            else:
                self._send(404, "text/plain", b"not found")

        def _send(self, status: int, kind: str, body: bytes) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def query_range(query: dict[str, list[str]]) -> bytes:
    """probe_success = 1 at every step of the asked range."""
    start, end, step = (int(float(query[k][0])) for k in ("start", "end", "step"))
    values = [[t, "1"] for t in range(start - start % step + step, end + 1, step)]
    result = [{"metric": {"instance": "https://example.com/"}, "values": values}]
    return json.dumps(
        {"status": "success", "data": {"resultType": "matrix", "result": result}}
    ).encode()


@pytest.fixture(scope="module")
def initialised(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("init") / "acme-status"
    result = CliRunner().invoke(main, ["init", str(site), "--name", "Acme"])
    assert result.exit_code == 0, result.output
    return site


def git(cwd: Path, *args: str) -> str:
    identity = ["-c", "user.name=Site Owner", "-c", "user.email=owner@acme.example"]
    done = subprocess.run(
        ["git", *identity, *args], cwd=cwd, capture_output=True, text=True, check=True
    )
    return done.stdout


def point_at(site: Path, server: Server) -> None:
    """The example monitor checks the local server; a Prometheus source feeds a second one."""
    path = site / "data/services.yml"
    services = yaml.safe_load(path.read_text(encoding="utf-8"))
    component = services["components"][0]
    component["monitors"][0]["check"].update(url=f"{server.url}/health", keyword="ok")
    component["monitors"].append(
        {"id": "website-prometheus", "interval": "1m", "locations": ["prometheus"]}
    )
    start = format_instant(int(time.time()) - 1800, UTC)
    services["sources"] = [
        {
            "id": "blackbox",
            "type": "prometheus",
            "url": server.url,
            "token_env": "PROMETHEUS_TOKEN",
            "query": "probe_success",
            "step": "1m",
            "location": "prometheus",
            "start": start,
            "monitors": {"https://example.com/": "website-prometheus"},
        }
    ]
    path.write_text(yaml.safe_dump(services, sort_keys=False), encoding="utf-8")


@dataclass
class Runner:
    """Runs a workflow step's script as GitHub does: bash -e, with the step's env."""

    cwd: Path
    output: Path

    def env(self, step: dict[str, Any]) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "STATUSGEN_"))}
        env.update(
            PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}",
            GITHUB_OUTPUT=str(self.output),
            GITHUB_REF_NAME="main",
            GITHUB_SERVER_URL="https://github.com",
            GITHUB_REPOSITORY="acme/acme-status",
            GITHUB_RUN_ID="4242",
        )
        for name, value in step.get("env", {}).items():
            env[name] = expand(str(value))
        return env

    def run(self, step: dict[str, Any]) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            ["bash", "-e", "-c", step["run"]],
            cwd=self.cwd,
            env=self.env(step),
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert done.returncode == 0, f"{step['name']}:\n{done.stdout}\n{done.stderr}"
        return done


# the build step's: the client reports are made on a manual run and a day's first run
CLIENT_REPORTS_DUE = (
    "github.event_name == 'workflow_dispatch' || steps.cache.outputs.cache-hit != 'true'"
)


def expand(value: str) -> str:
    """The GitHub expressions a step's env may hold; any other is a test to update."""

    def one(match: re.Match[str]) -> str:
        expression = match.group(1).strip()
        if expression == "github.token":
            return GITHUB_TOKEN
        if expression.startswith("secrets."):
            return SECRETS.get(expression.removeprefix("secrets."), "")
        if expression == CLIENT_REPORTS_DUE:
            return "true"  # a day's first run (its cache is not today's yet), as this one is
        raise AssertionError(f"unexpected expression {expression!r} in a step's env")

    return re.sub(r"\$\{\{(.*?)\}\}", one, value)


def run_steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in job["steps"] if "run" in s and s["name"] not in PREPARATION]


def outputs(path: Path) -> dict[str, str]:
    return dict(line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)


def test_the_workflow_commands_publish_a_deployable_site(
    initialised: Path, server: Server, tmp_path: Path
) -> None:
    site = tmp_path / "acme-status"
    shutil.copytree(initialised, site)
    point_at(site, server)
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(origin))
    git(site, "init", "--quiet", "--initial-branch=main")
    git(site, "add", ".")
    git(site, "commit", "--quiet", "-m", "New status site")
    git(site, "remote", "add", "origin", str(origin))
    git(site, "push", "--quiet", "origin", "main")
    first = git(origin, "rev-parse", "main").strip()

    workflow = yaml.safe_load((site / ".github/workflows/status.yml").read_text())
    update, build = workflow["jobs"]["update"], workflow["jobs"]["build"]
    assert [s.get("id") for s in run_steps(update)] == [
        "probe",
        "collect",
        "commit",
        "notify",
        "announced",
    ]
    assert [s.get("id") for s in run_steps(build)] == ["day", "build"]
    steps = {s["id"]: s for s in run_steps(update) + run_steps(build)}

    # The update job: probe, collect, commit.
    runner = Runner(site, tmp_path / "update-output")
    probed = runner.run(steps["probe"])
    assert "website-https from github-actions: up, HTTP 200" in probed.stdout
    collected = runner.run(steps["collect"])
    assert collected.stdout.startswith("blackbox (prometheus): 1 request; samples ")
    assert server.authorizations == [f"Bearer {SECRETS['PROMETHEUS_TOKEN']}"]
    committed = runner.run(steps["commit"])
    assert "Committed " in committed.stdout
    sha = outputs(runner.output)["sha"]
    assert git(origin, "rev-parse", "main").strip() == sha != first
    subject, author = git(origin, "log", "-1", "--format=%s%n%an", "main").splitlines()
    assert subject.startswith("Status data: probe and collect results, ")
    assert author == BOT
    changed = git(origin, "show", "--name-only", "--format=", "main").split()
    assert "data/state/blackbox.json" in changed
    assert any(p.startswith("data/probes/samples/website-https/") for p in changed)
    assert any(p.startswith("data/probes/samples/website-prometheus/") for p in changed)
    assert GITHUB_TOKEN not in (site / ".git/config").read_text()

    # Nothing new: no commit.
    again = Runner(site, tmp_path / "again-output")
    quiet = again.run(steps["commit"])
    assert quiet.stdout.strip() == "No new data: nothing to commit."
    assert outputs(again.output)["sha"] == sha
    assert git(origin, "rev-parse", "main").strip() == sha

    # Notify: the first run records what it would announce from now on, and that record
    # is committed; a quiet run changes nothing, so commits nothing.
    notified = runner.run(steps["notify"])
    assert notified.stdout == "first run: recorded the current status; nothing sent\n"
    announced = runner.run(steps["announced"])
    assert git(origin, "log", "-1", "--format=%s", "main").startswith(
        "Status notifications: what was announced, "
    )
    assert git(origin, "show", "--name-only", "--format=", "main").split() == [
        "data/state/notify.json"
    ], announced.stdout
    quiet_notify = again.run(steps["notify"])
    assert quiet_notify.stdout == "0 changes since the last run\n"
    assert again.run(steps["announced"]).stdout.strip() == "Nothing announced: nothing to commit."

    # The build job: a fresh checkout of the pushed commit, as actions/checkout gives it.
    checkout = tmp_path / "build"
    git(tmp_path, "clone", "--quiet", str(origin), str(checkout))
    git(checkout, "checkout", "--quiet", sha)
    builder = Runner(checkout, tmp_path / "build-output")
    builder.run(steps["day"])  # names the day's cache (actions/cache restores it, not run here)
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", outputs(builder.output)["day"])
    built = builder.run(steps["build"])
    assert built.stdout.startswith("built ")
    public = checkout / "public"
    upload = next(s for s in build["steps"] if "upload-pages-artifact" in s.get("uses", ""))
    assert upload["with"]["path"] == "public"
    assert (
        (public / "index.html")
        .read_text(encoding="utf-8")
        .lstrip()
        .lower()
        .startswith("<!doctype html>")
    )
    status = json.loads((public / "api/status.json").read_text(encoding="utf-8"))
    assert status["page"]["name"] == "Acme"
    assert [(c["id"], c["status"]) for c in status["components"]] == [("website", "operational")]
    pdfs = sorted((public / "reports").glob("*.pdf"))
    assert pdfs and all(p.read_bytes().startswith(b"%PDF-") for p in pdfs)
    assert not (checkout / "public").is_symlink()
