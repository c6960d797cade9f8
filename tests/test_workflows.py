"""The GitHub workflows: this repository's and the ones `statusgen init` writes.

actionlint and zizmor run on every workflow (skipped where they are not installed, except
on CI, where the test extra installs them). The rest reads the workflows as YAML and checks
what the status workflow promises: schedule, concurrency, least privilege per job, secrets
only where collected, pinned actions, and that the committed demo workflow is the template.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.regenerate import stale
from generator.scaffold import ACTIONS, NewSite, render_status_workflow, site_files
from generator.scaffold.install import requirement

REPO = Path(__file__).resolve().parent.parent
WORKFLOWS = REPO / ".github" / "workflows"
PINNED = re.compile(r"^(?P<action>[\w.-]+/[\w./-]+)@(?P<sha>[0-9a-f]{40}) # v\d+(\.\d+)*$")


def tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs {name} (pip install -e '.[test]' installs it)")
        pytest.skip(f"{name} is not installed")
    return path


@pytest.fixture(scope="module")
def new_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The files of a new site, as `statusgen init` writes them."""
    root = tmp_path_factory.mktemp("site")
    for name, content in site_files(
        NewSite("Acme", date(2026, 11, 20), None, requirement(None, Path()))
    ).items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return root


def load(text: str) -> dict[str, Any]:
    # YAML 1.1 reads the key `on` as true; GitHub reads it as "on".
    data = yaml.safe_load(text)
    if True in data:
        data["on"] = data.pop(True)
    return dict(data)


def all_workflow_files(new_site: Path) -> list[Path]:
    return sorted(WORKFLOWS.glob("*.yml")) + sorted((new_site / ".github/workflows").glob("*.yml"))


def test_the_repository_has_ci_and_the_demo_status_workflow() -> None:
    assert sorted(p.name for p in WORKFLOWS.glob("*.yml")) == [
        "ci.yml",
        "release.yml",
        "status.yml",
    ]


def test_a_version_tag_publishes_the_checked_wheel_by_trusted_publishing() -> None:
    release = load((WORKFLOWS / "release.yml").read_text(encoding="utf-8"))
    assert release["on"] == {"push": {"tags": ["v*"]}}
    assert release["permissions"] == {}
    jobs = release["jobs"]
    build, pypi, github = jobs["build"], jobs["pypi"], jobs["github-release"]
    assert build["permissions"] == {"contents": "read"}
    script = "\n".join(s.get("run", "") for s in build["steps"])
    for needed in ("python -m build", "twine check --strict", "statusgen init", "statusgen build"):
        assert needed in script
    # the publishing job holds only the OIDC permission and runs only the two actions
    assert pypi["needs"] == "build"
    assert pypi["permissions"] == {"id-token": "write"}
    assert pypi["environment"]["name"] == "pypi"
    assert [s["uses"].split("@")[0] for s in pypi["steps"]] == [
        "actions/download-artifact",
        "pypa/gh-action-pypi-publish",
    ]
    assert "with" not in pypi["steps"][1]  # no password: trusted publishing
    assert github["permissions"] == {"contents": "write"}
    assert "gh release create" in github["steps"][-1]["run"]


def test_actionlint_passes_on_every_workflow(new_site: Path) -> None:
    actionlint = tool("actionlint")
    files = all_workflow_files(new_site)
    result = subprocess.run(
        [actionlint, "-no-color", *map(str, files)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("where", ["repository", "new site"])
def test_zizmor_finds_nothing_of_high_severity(new_site: Path, where: str) -> None:
    zizmor = tool("zizmor")
    root = REPO / ".github" if where == "repository" else new_site
    result = subprocess.run(
        [zizmor, "--offline", "--collect=all", "--min-severity=high", "--format=json", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() in ("[]", ""), result.stdout


def test_every_action_is_pinned_to_a_commit_with_its_release_named(new_site: Path) -> None:
    seen: dict[str, set[str]] = {}
    for path in all_workflow_files(new_site):
        for line in path.read_text(encoding="utf-8").splitlines():
            match = re.match(r"\s*(?:- )?uses: (.+)$", line)
            if not match:
                continue
            pinned = PINNED.match(match.group(1))
            assert pinned, f"{path.name}: {match.group(1)} is not pinned to a commit"
            seen.setdefault(pinned["action"], set()).add(pinned["sha"])
    assert {a for a, shas in seen.items() if len(shas) > 1} == set(), seen
    for ref in ACTIONS.values():
        assert PINNED.match(ref), ref


def test_the_committed_generated_files_are_up_to_date() -> None:
    assert stale() == [], "run python -m generator.regenerate"


# --- the status workflow a new site gets ------------------------------------------------


@pytest.fixture(scope="module")
def status() -> dict[str, Any]:
    return load(render_status_workflow(demo=False))


def steps(job: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {s.get("id") or s.get("uses") or s["name"]: s for s in job["steps"]}


def test_status_runs_every_5_minutes_and_by_hand(status: dict[str, Any]) -> None:
    assert status["on"]["schedule"] == [{"cron": "*/5 * * * *"}]
    assert "workflow_dispatch" in status["on"]
    assert status["on"]["push"] == {"branches": ["main"]}


def test_status_runs_never_overlap_nor_cancel_each_other(status: dict[str, Any]) -> None:
    assert status["concurrency"] == {"group": "status", "cancel-in-progress": False}


def test_status_jobs_have_only_the_permissions_they_need(status: dict[str, Any]) -> None:
    assert status["permissions"] == {}
    jobs = status["jobs"]
    assert {name: job["permissions"] for name, job in jobs.items()} == {
        "update": {"contents": "write"},
        "build": {"contents": "read"},
        "deploy": {"pages": "write", "id-token": "write"},
    }
    assert jobs["build"]["needs"] == "update"
    assert jobs["deploy"]["needs"] == ["update", "build"]
    assert jobs["deploy"]["environment"]["name"] == "github-pages"
    for job in jobs.values():
        for step in job["steps"]:
            if str(step.get("uses", "")).startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def test_status_probes_collects_commits_builds_and_deploys(status: dict[str, Any]) -> None:
    update, build, deploy = (steps(status["jobs"][n]) for n in ("update", "build", "deploy"))
    assert update["probe"]["run"] == "statusgen probe"
    assert update["probe"]["env"] == {"STATUSGEN_LOCATION": "github-actions"}
    assert update["collect"]["run"] == "statusgen collect"
    assert update["collect"]["continue-on-error"] is True
    assert "git diff --cached --quiet" in update["commit"]["run"]
    # with the clients secrets, the private client reports too (tests/test_client_privacy.py)
    assert build["build"]["run"].endswith("else\n  statusgen build -o public\nfi\n")
    uses = [s.get("uses", "").split("@")[0] for j in status["jobs"].values() for s in j["steps"]]
    assert {"actions/upload-pages-artifact", "actions/configure-pages", "actions/deploy-pages"} <= (
        set(uses)
    )
    assert "deployment" in deploy


def test_secrets_reach_only_the_collect_step_as_environment_variables(
    status: dict[str, Any],
) -> None:
    for name, job in status["jobs"].items():
        for step in job["steps"]:
            mentions = re.findall(r"secrets\.(\w+)", yaml.safe_dump(step))
            if step.get("id") == "collect":
                assert set(mentions) == {
                    "UPTIMEROBOT_API_KEY",
                    "PROMETHEUS_TOKEN",
                    "ZENDESK_API_TOKEN",
                    "FRESHDESK_API_KEY",
                    "PINGDOM_API_TOKEN",
                    "BETTERSTACK_API_TOKEN",
                    "INTERCOM_ACCESS_TOKEN",
                    "KUMA_PROXY_TOKEN",
                }
                assert all(step["env"][m] == f"${{{{ secrets.{m} }}}}" for m in mentions)
            elif step.get("id") == "notify":  # the channels' URLs, for statusgen notify only
                assert set(mentions) == {"NOTIFY_SLACK_URL", "NOTIFY_EMAIL_URL"}
                assert all(step["env"][m] == f"${{{{ secrets.{m} }}}}" for m in mentions)
            elif step.get("id") == "build":  # the private clients file and its reports' key
                assert set(mentions) == {"STATUSGEN_CLIENTS_YAML", "CLIENT_REPORTS_PASSPHRASE"}
                assert all(step["env"][m] == f"${{{{ secrets.{m} }}}}" for m in mentions)
            else:
                assert mentions == [], f"{name}: {step}"


def test_pip_is_cached_in_every_job_that_installs(status: dict[str, Any]) -> None:
    for name in ("update", "build"):
        setup = next(
            s for s in status["jobs"][name]["steps"] if "setup-python" in s.get("uses", "")
        )
        assert setup["with"]["cache"] == "pip"
        assert setup["with"]["cache-dependency-path"] == "requirements.txt"


def test_the_build_restores_the_derived_cache_before_it_builds(status: dict[str, Any]) -> None:
    build = status["jobs"]["build"]["steps"]
    names = [s.get("id") or s.get("uses", "").split("@")[0] for s in build]
    assert names.index("cache") < names.index("build")
    assert build[names.index("cache")]["uses"].startswith("actions/cache@")
    restore = build[names.index("cache")]["with"]
    assert restore["path"] == ".statusgen-cache"  # where statusgen keeps it beside data/
    # one save a day under a new key; every run restores the newest by the prefix
    assert restore["key"] == "statusgen-${{ runner.os }}-${{ steps.day.outputs.day }}"
    assert restore["restore-keys"] == "statusgen-${{ runner.os }}-"


def test_github_expressions_never_reach_a_shell_script(new_site: Path) -> None:
    """Values go through env:, so nothing from an event can be injected into a script."""
    for path in all_workflow_files(new_site):
        for job in load(path.read_text(encoding="utf-8"))["jobs"].values():
            for step in job["steps"]:
                assert "${{" not in step.get("run", ""), f"{path.name}: {step.get('name')}"


# --- the demo's status workflow -----------------------------------------------------------


def test_the_demo_generates_its_records_instead_of_probing_and_commits_nothing() -> None:
    demo = load((WORKFLOWS / "status.yml").read_text(encoding="utf-8"))
    assert set(demo["jobs"]) == {"build", "deploy"}
    build = steps(demo["jobs"]["build"])
    assert build["demo"]["run"] == "statusgen demo"
    assert build["build"]["run"] == "statusgen build -o public"
    assert demo["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert "secrets." not in (WORKFLOWS / "status.yml").read_text(encoding="utf-8")
    assert demo["on"]["schedule"] == [{"cron": "*/5 * * * *"}]
    assert demo["concurrency"] == {"group": "status", "cancel-in-progress": False}


# --- CI -------------------------------------------------------------------------------------


def test_ci_runs_the_same_script_as_every_ci_on_push_and_pull_request() -> None:
    ci = load((WORKFLOWS / "ci.yml").read_text(encoding="utf-8"))
    assert {"push", "pull_request"} <= set(ci["on"])
    assert ci["permissions"] == {}
    job = ci["jobs"]["test"]
    assert job["permissions"] == {"contents": "read"}
    assert job["steps"][-1]["run"] == "bash .ci/run"
    cache = next(s for s in job["steps"] if "actions/cache@" in s.get("uses", ""))
    assert cache["with"]["path"] == "~/.cache/pip"
    assert "hashFiles('pyproject.toml')" in cache["with"]["key"]


def test_the_new_site_has_a_pull_request_check_and_dependabot(new_site: Path) -> None:
    check = load((new_site / ".github/workflows/check.yml").read_text(encoding="utf-8"))
    assert list(check["on"]) == ["pull_request"]
    runs = [s.get("run") for s in check["jobs"]["check"]["steps"]]
    assert "statusgen check" in runs and "statusgen build -o public" in runs
    dependabot = yaml.safe_load((new_site / ".github/dependabot.yml").read_text())
    assert {u["package-ecosystem"] for u in dependabot["updates"]} == {"github-actions", "pip"}
