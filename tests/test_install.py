"""A new site installs a statusgen that GitHub's runners can get (issue 14).

The requirement `init` writes depends on how the running statusgen was installed (PEP 610's
direct_url.json). The end-to-end tests make a site from (a) this editable checkout and
(b) an installed wheel, install the site's requirements.txt into a fresh virtual
environment with the package index switched off (the dependencies come from this
machine's site-packages, as a runner's pip cache would give them), and run the site's
workflow steps (probe a local server, build) with the statusgen installed there.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import threading
import venv
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from generator.cli import main
from generator.errors import GeneratorError
from generator.scaffold.install import build_wheel, requirement

REPO = Path(__file__).resolve().parent.parent


def test_from_an_index_the_site_pins_the_release() -> None:
    req = requirement(None, Path())
    assert req.line == "statusgen==0.1.0"
    assert req.wheel is None


def test_from_git_the_site_installs_the_same_commit() -> None:
    origin = {
        "url": "https://github.com/acme/statusgen.git",
        "vcs_info": {"vcs": "git", "commit_id": "0123456789abcdef0123456789abcdef01234567"},
    }
    req = requirement(origin, Path())
    assert req.line == (
        "statusgen @ git+https://github.com/acme/statusgen.git"
        "@0123456789abcdef0123456789abcdef01234567"
    )
    assert req.wheel is None


def test_from_a_remote_archive_the_site_installs_that_archive() -> None:
    url = "https://example.com/dist/statusgen-0.1.0-py3-none-any.whl"
    req = requirement({"url": url, "archive_info": {}}, Path())
    assert req.line == f"statusgen @ {url}"


def test_from_a_local_wheel_the_site_keeps_a_copy(tmp_path: Path) -> None:
    wheel = tmp_path / "statusgen-0.1.0-py3-none-any.whl"
    wheel.write_bytes(b"PK wheel")
    req = requirement({"url": wheel.as_uri(), "archive_info": {}}, tmp_path)
    assert req.line == "./vendor/statusgen-0.1.0-py3-none-any.whl"
    assert req.wheel == wheel


def test_from_a_directory_that_is_gone_init_says_what_to_do(tmp_path: Path) -> None:
    gone = tmp_path / "checkout"
    with pytest.raises(GeneratorError) as caught:
        requirement({"url": gone.as_uri(), "dir_info": {"editable": True}}, tmp_path)
    assert str(caught.value) == (
        f"statusgen was installed from {gone}, which is gone; give the site's requirement "
        "with --requirement"
    )


def test_a_given_requirement_is_written_as_given(tmp_path: Path) -> None:
    site = tmp_path / "site"
    result = CliRunner().invoke(
        main, ["init", str(site), "--requirement", "statusgen @ git+https://x.example/s@v1"]
    )
    assert result.exit_code == 0, result.output
    assert (site / "requirements.txt").read_text() == (
        "# Given to statusgen init --requirement.\nstatusgen @ git+https://x.example/s@v1\n"
    )
    assert not (site / "vendor").exists()


def test_a_requirement_of_two_lines_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", str(tmp_path), "--requirement", "a\nb"])
    assert result.exit_code == 1
    assert result.stderr == ("Error: --requirement: one requirement line, e.g. statusgen==0.2.0\n")
    assert list(tmp_path.iterdir()) == []


def test_a_site_url_that_is_not_an_address_is_refused(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["init", str(tmp_path), "--site-url", "acme.github.io", *PYPI]
    )
    assert result.exit_code == 1
    assert result.stderr == (
        "Error: --site-url: 'acme.github.io' is not an address like "
        "https://OWNER.github.io/REPOSITORY/\n"
    )


PYPI = ("--requirement", "statusgen==0.1.0")


def test_upgrade_replaces_what_statusgen_wrote_and_keeps_what_the_owner_changed(
    tmp_path: Path,
) -> None:
    site = tmp_path / "site"
    assert CliRunner().invoke(main, ["init", str(site), *PYPI]).exit_code == 0
    stylesheet = site / "site/assets/statusgen.css"
    logo = site / "site/assets/logo.svg"
    stylesheet.write_text("/* an old statusgen's stylesheet */\n")  # as if from a release
    manifest = (site / ".statusgen-files.json").read_text()
    old = manifest.split('"site/assets/statusgen.css": "')[1][:64]
    new_manifest = manifest.replace(
        old, hashlib.sha256(b"/* an old statusgen's stylesheet */\n").hexdigest()
    )
    (site / ".statusgen-files.json").write_text(new_manifest)
    logo.write_text("<svg>the owner's logo</svg>\n")
    (site / "data/sla.yml").write_text((site / "data/sla.yml").read_text() + "# mine\n")
    sla_before = (site / "data/sla.yml").read_bytes()

    result = CliRunner().invoke(
        main, ["init", "--upgrade", str(site), "--requirement", "statusgen==0.2.0"]
    )

    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert f"replaced {site / 'requirements.txt'}" in lines
    assert f"replaced {site / 'site/assets/statusgen.css'}" in lines
    assert (
        f"kept {site / 'site/assets/logo.svg'} (changed since statusgen wrote it; "
        "--force replaces it)"
    ) in lines
    assert (site / "requirements.txt").read_text().endswith("\nstatusgen==0.2.0\n")
    assert logo.read_text() == "<svg>the owner's logo</svg>\n"
    assert (site / "data/sla.yml").read_bytes() == sla_before  # the site's own files: never
    assert stylesheet.read_bytes() == (REPO / "site/assets/statusgen.css").read_bytes()


def test_upgrade_outside_a_site_writes_nothing(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["init", "--upgrade", str(tmp_path), *PYPI])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: {tmp_path} is not a statusgen site (no data/sla.yml); nothing was written "
        "(statusgen init without --upgrade makes a new one)\n"
    )
    assert list(tmp_path.iterdir()) == []


# --- end to end: a fresh environment installs the site's requirements.txt --------------


@pytest.fixture
def health_server() -> Iterator[str]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = b"ok"
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/health"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def fresh_env(root: Path) -> Path:
    """A new virtual environment that sees this machine's packages but not its statusgen.

    Its own site-packages come first, so the statusgen installed into it is the one it
    runs; the rest (matplotlib, WeasyPrint, ...) resolve from the machine's site-packages,
    so nothing needs the package index.
    """
    venv.EnvBuilder(system_site_packages=True, with_pip=False).create(root)
    return root / "bin" / "python"


def runner_env(**extra: str) -> dict[str, str]:
    """A runner's environment: nothing that points Python or statusgen at this checkout."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("STATUSGEN_") and k not in ("PYTHONPATH", "PYTHONHOME")
    }
    return {**env, **extra}


def pip_offline(python: Path, *args: str, cwd: Path) -> None:
    env = runner_env(PIP_NO_INDEX="1", PIP_DISABLE_PIP_VERSION_CHECK="1")
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def statusgen(python: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(python), "-m", "generator", *args],
        cwd=cwd,
        env=runner_env(NO_MKDOCS_2_WARNING="1"),
        capture_output=True,
        text=True,
        check=False,
    )


def installed_from(python: Path, cwd: Path) -> str:
    done = subprocess.run(
        [str(python), "-c", "import generator; print(generator.__file__)"],
        cwd=cwd,
        env=runner_env(),
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def run_site_workflow(site: Path, python: Path, url: str) -> None:
    """What the site's status workflow does after installing: probe, then build."""
    services_file = site / "data/services.yml"
    services = yaml.safe_load(services_file.read_text(encoding="utf-8"))
    services["components"][0]["monitors"][0]["check"].update(url=url, keyword="ok")
    services_file.write_text(yaml.safe_dump(services, sort_keys=False), encoding="utf-8")

    probe = statusgen(python, "probe", cwd=site)
    assert probe.returncode == 0, probe.stderr
    assert "samples 1 added, 0 updated, 0 already stored" in probe.stdout
    build = statusgen(python, "build", "--no-pdf", cwd=site)
    assert build.returncode == 0, build.stderr
    assert (site / "public/index.html").is_file()
    assert (site / "public/api/status.json").is_file()


@pytest.mark.slow
def test_a_site_made_by_an_editable_checkout_installs_and_runs_without_the_index(
    tmp_path: Path, health_server: str
) -> None:
    site = tmp_path / "acme-status"
    result = CliRunner().invoke(main, ["init", str(site), "--name", "Acme"])
    assert result.exit_code == 0, result.output
    requirements = (site / "requirements.txt").read_text()
    assert requirements.endswith("\n./vendor/statusgen-0.1.0-py3-none-any.whl\n")
    assert (site / "vendor/statusgen-0.1.0-py3-none-any.whl").is_file()

    python = fresh_env(tmp_path / "runner")
    pip_offline(python, "-r", "requirements.txt", cwd=site)
    where = installed_from(python, site)
    assert where.startswith(str(tmp_path / "runner")), where
    run_site_workflow(site, python, health_server)


@pytest.mark.slow
def test_a_site_made_by_an_installed_wheel_vendors_that_wheel(
    tmp_path: Path, health_server: str
) -> None:
    dist = tmp_path / "dist"
    dist.mkdir()
    wheel = build_wheel(REPO, dist)
    maker = fresh_env(tmp_path / "maker")
    pip_offline(maker, str(wheel), cwd=tmp_path)
    assert installed_from(maker, tmp_path).startswith(str(tmp_path / "maker"))

    site = tmp_path / "acme-status"
    made = statusgen(maker, "init", str(site), "--name", "Acme", cwd=tmp_path)
    assert made.returncode == 0, made.stderr
    assert (site / "vendor" / wheel.name).read_bytes() == wheel.read_bytes()

    python = fresh_env(tmp_path / "runner")
    pip_offline(python, "-r", "requirements.txt", cwd=site)
    assert installed_from(python, site).startswith(str(tmp_path / "runner"))
    run_site_workflow(site, python, health_server)
