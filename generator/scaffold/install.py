"""How a new site installs statusgen: a requirement a GitHub runner can resolve today.

A site's workflows run ``pip install -r requirements.txt`` on a fresh runner, so the line
must name a statusgen that runner can get. Which one that is depends on where the statusgen
running ``init`` came from, which pip records in the installed distribution's
``direct_url.json`` (PEP 610):

- no ``direct_url.json``: installed from a package index, so ``statusgen==VERSION``;
- a VCS URL (``pip install git+https://...``): the same repository at the same commit;
- a local directory, an editable checkout or a local archive: nothing outside this machine
  has that statusgen, so a wheel of it is put into the site (``vendor/``) and the
  requirement names that file. ``statusgen init --upgrade`` replaces it with the running
  statusgen's wheel.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

import generator
from generator import __version__
from generator.errors import GeneratorError

DISTRIBUTION = "statusgen"
VENDOR = "vendor"


@dataclass(frozen=True)
class Requirement:
    """The statusgen line of a site's requirements.txt, and why it is that line."""

    line: str
    reason: str
    wheel: Path | None = None  # a wheel to copy into the site's vendor/ directory


def direct_url() -> dict[str, Any] | None:
    """The running statusgen's PEP 610 record, or None when it came from an index.

    Several statusgen distributions can be visible at once (an installed one, and the
    ``statusgen.egg-info`` a build leaves in a checkout on sys.path); the one that counts is
    the installation whose files are the ``generator`` package running now.
    """
    running = Path(generator.__file__).resolve()
    for dist in metadata.distributions(name=DISTRIBUTION):
        if not dist.read_text("INSTALLER"):
            continue  # metadata left by a build, not an installation
        origin = _parse(dist.read_text("direct_url.json"))
        if origin is not None and _is_source_of(origin, running):
            return origin
        if Path(str(dist.locate_file("generator/__init__.py"))).resolve() == running:
            return origin
    # not installed: run from a checkout on sys.path, which is a local directory too
    return {"url": running.parent.parent.as_uri(), "dir_info": {}}


def _parse(text: str | None) -> dict[str, Any] | None:
    try:
        data = json.loads(text or "null")
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _is_source_of(origin: dict[str, Any], running: Path) -> bool:
    """Whether ``running`` lies in the directory ``origin`` installed from (editable)."""
    parsed = urlparse(str(origin.get("url", "")))
    if parsed.scheme != "file" or "dir_info" not in origin:
        return False
    return running.is_relative_to(Path(unquote(parsed.path)).resolve())


def requirement(origin: dict[str, Any] | None, workdir: Path) -> Requirement:
    """The requirement for a statusgen installed as ``origin`` says; wheels go to ``workdir``."""
    if origin is None:
        return Requirement(
            f"{DISTRIBUTION}=={__version__}",
            "The statusgen release this site is built with, from PyPI; Dependabot proposes "
            "new releases.",
        )
    url = str(origin.get("url", ""))
    vcs = origin.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs") == "git" and not url.startswith("file:"):
        commit = vcs.get("commit_id", "")
        return Requirement(
            f"{DISTRIBUTION} @ git+{url}@{commit}",
            f"statusgen from its git repository, at the commit init ran ({commit[:12]}).",
        )
    archive = origin.get("archive_info")
    if isinstance(archive, dict) and url.startswith(("https://", "http://")):
        return Requirement(
            f"{DISTRIBUTION} @ {url}", "statusgen from the archive it was installed from."
        )
    wheel = _local_wheel(url, workdir)
    return Requirement(
        f"./{VENDOR}/{wheel.name}",
        "statusgen was installed from a local copy, which no runner can reach, so a wheel of "
        f"it is kept in {VENDOR}/. 'statusgen init --upgrade .' replaces it with the "
        "statusgen you run.",
        wheel,
    )


def _local_wheel(url: str, workdir: Path) -> Path:
    """A wheel of the local statusgen at ``url``: the wheel itself, or one built from source."""
    parsed = urlparse(url)
    if parsed.scheme != "file":
        raise GeneratorError(f"cannot tell where statusgen was installed from ({url!r})")
    source = Path(unquote(parsed.path))
    if source.is_file() and source.suffix == ".whl":
        return source
    if not (source / "pyproject.toml").is_file():
        raise GeneratorError(
            f"statusgen was installed from {source}, which is gone; give the site's "
            "requirement with --requirement"
        )
    return build_wheel(source, workdir)


def build_wheel(source: Path, workdir: Path) -> Path:
    """A wheel of the statusgen checkout at ``source``, built into ``workdir``."""
    # Build from a copy: a build writes build/ and *.egg-info beside its sources, which must
    # not appear in the owner's checkout, nor collide with another build running there.
    copy = workdir / "source"
    copy.mkdir()
    for item in source.iterdir():
        if item.is_file():
            shutil.copy2(item, copy / item.name)
    shutil.copytree(  # links (templates, the demo's files) become the files they point to
        source / "generator",
        copy / "generator",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    command = [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(workdir)]
    done = subprocess.run(
        [*command, str(copy)], capture_output=True, text=True, timeout=600, check=False
    )
    wheels = sorted(workdir.glob(f"{DISTRIBUTION}-*.whl"))
    if done.returncode != 0 or not wheels:
        last = (done.stderr.strip().splitlines() or ["no wheel was written"])[-1]
        raise GeneratorError(f"could not build a wheel of statusgen from {source}: {last}")
    return wheels[-1]


def resolve(spec: str | None) -> tuple[Requirement, tempfile.TemporaryDirectory[str]]:
    """The requirement to write: ``spec`` if given, else the running statusgen's.

    The returned directory holds a built wheel until the caller has copied it.
    """
    workdir = tempfile.TemporaryDirectory(prefix="statusgen-wheel-")
    if spec is not None:
        spec = spec.strip()
        if not spec or "\n" in spec:
            raise GeneratorError("--requirement: one requirement line, e.g. statusgen==0.2.0")
        return Requirement(spec, "Given to statusgen init --requirement."), workdir
    return requirement(direct_url(), Path(workdir.name)), workdir


def requirements_text(req: Requirement) -> str:
    lines = ["# " + part for part in _wrap(req.reason)]
    return "\n".join([*lines, req.line]) + "\n"


def _wrap(text: str, width: int = 88) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line] if line else lines


def vendor_files(req: Requirement) -> dict[str, bytes]:
    """``vendor/<wheel>`` for a vendored requirement; nothing otherwise."""
    if req.wheel is None:
        return {}
    return {f"{VENDOR}/{req.wheel.name}": req.wheel.read_bytes()}


def copy_wheel(wheel: Path, target: Path) -> None:
    shutil.copyfile(wheel, target)
