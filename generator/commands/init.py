"""statusgen init: scaffold a new status-site repository.

Writes the SLA file (the reference SLA, a comment on every value), a services file with one
example monitor, mkdocs.yml and the theme files, the workflows, a README for the site's
owner, requirements.txt and .gitignore (see :func:`generator.scaffold.site_files`). The new
site builds at once: ``cd DIR && statusgen build``.

Nothing is overwritten unless asked: without ``force`` a single existing file stops the
command before anything is written; with it, the files that had other content are named.

``upgrade`` rewrites, in an existing site, only the files that come from statusgen itself
(how it is installed, the theme, the configuration reference), never the site's own data,
configuration or README.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

from generator.atomic import write_atomic
from generator.errors import GeneratorError
from generator.scaffold import NewSite, demo_site_files, site_files, upgradable_files
from generator.scaffold.install import DISTRIBUTION, VENDOR, Requirement, resolve

log = logging.getLogger(__name__)

DEFAULT_COMPANY = "Example Company"
MAX_NAME = 100
# Which files statusgen wrote and may replace on upgrade, with their content's hash: a file
# whose content differs from what statusgen wrote was changed by the site's owner, and an
# upgrade keeps it (unless --force).
MANIFEST = ".statusgen-files.json"
MANIFEST_NOTE = (
    "Written by statusgen init: the files 'statusgen init --upgrade' may replace, as "
    "statusgen wrote them. A file you change is kept by upgrades."
)


@dataclass(frozen=True)
class InitOptions:
    directory: Path
    company: str = DEFAULT_COMPANY
    force: bool = False
    today: date | None = None  # the day the new agreement starts; None: today, locally
    site_url: str | None = None
    requirement: str | None = None  # the statusgen requirement line; None: the running one
    upgrade: bool = False
    demo: bool = False  # the demo site (its SLA and services), for statusgen demo


@dataclass
class InitResult:
    directory: Path
    company: str
    written: list[str] = field(default_factory=list)  # new files
    overwritten: list[str] = field(default_factory=list)  # existing files given new content
    unchanged: list[str] = field(default_factory=list)  # existing files with the same content
    removed: list[str] = field(default_factory=list)  # superseded statusgen wheels (upgrade)
    kept: list[str] = field(default_factory=list)  # changed by the site's owner (upgrade)


def company_name(text: str) -> str:
    """The name as it will be shown: one line, single spaces, not empty, not too long."""
    name = " ".join(text.split())
    if not name:
        raise GeneratorError("--name: the company name is empty")
    if len(name) > MAX_NAME:
        raise GeneratorError(f"--name: {len(name)} characters; at most {MAX_NAME}")
    return name


def site_address(text: str) -> str:
    """The site's published address: an absolute http(s) URL with a host."""
    url = text.strip()
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc or any(c.isspace() for c in url):
        raise GeneratorError(
            f"--site-url: {text!r} is not an address like https://OWNER.github.io/REPOSITORY/"
        )
    return url


def init_site(options: InitOptions) -> InitResult:
    company = company_name(options.company)
    root = options.directory
    if root.exists() and not root.is_dir():
        raise GeneratorError(f"{root} exists and is not a directory")
    site_url = site_address(options.site_url) if options.site_url is not None else None
    requirement, workdir = resolve(options.requirement)
    with workdir:
        if options.upgrade:
            return _upgrade(root, company, requirement, options.force)
        today = options.today or date.today()
        if options.demo:
            files = demo_site_files(requirement)
        else:
            files = site_files(NewSite(company, today, site_url, requirement))
        result = _write_new(root, company, files, options.force)
        _write_manifest(root, {n: _digest(c) for n, c in upgradable_files(requirement).items()})
        return result


def _upgrade(root: Path, company: str, requirement: Requirement, force: bool) -> InitResult:
    if not (root / "data" / "sla.yml").is_file():
        raise GeneratorError(
            f"{root} is not a statusgen site (no data/sla.yml); nothing was written "
            "(statusgen init without --upgrade makes a new one)"
        )
    files = upgradable_files(requirement)
    for name in files:
        if (root / name).is_dir():
            raise GeneratorError(f"{root / name} exists and is not a file; nothing was written")
    written = _manifest(root)
    result = InitResult(root, company)
    for name, content in files.items():
        path = root / name
        current = path.read_bytes() if path.is_file() else None
        # a file the site's owner changed since statusgen wrote it is theirs now
        if current not in (None, content) and not force and written.get(name) != _digest(current):
            result.kept.append(name)
            continue
        _record(result, root, name, content)
    # wheels of the statusgen the site used before: requirements.txt no longer names them
    vendor = root / VENDOR
    for wheel in sorted(vendor.glob(f"{DISTRIBUTION}-*.whl")) if vendor.is_dir() else []:
        name = f"{VENDOR}/{wheel.name}"
        if name not in files and name not in result.kept:
            wheel.unlink()
            result.removed.append(name)
    kept = {name: written[name] for name in result.kept if name in written}
    _write_manifest(root, {**{n: _digest(c) for n, c in files.items()}, **kept})
    log.info("init --upgrade: %d files replaced under %s", len(result.overwritten), root)
    return result


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _manifest(root: Path) -> dict[str, str]:
    """What statusgen last wrote of the files it may upgrade: path -> sha256."""
    try:
        data = json.loads((root / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}  # a site made before the manifest existed: every file counts as changed
    files = data.get("files") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in files.items()} if isinstance(files, dict) else {}


def _write_manifest(root: Path, files: dict[str, str]) -> None:
    text = json.dumps({"note": MANIFEST_NOTE, "files": dict(sorted(files.items()))}, indent=1)
    _write(root / MANIFEST, (text + "\n").encode("utf-8"))


def _record(result: InitResult, root: Path, name: str, content: bytes) -> None:
    """Write one file, noting whether it is new, changed or the same."""
    path = root / name
    if path.exists():
        if path.read_bytes() == content:
            result.unchanged.append(name)
            return
        result.overwritten.append(name)
    else:
        result.written.append(name)
    _write(path, content)


def _write_new(root: Path, company: str, files: dict[str, bytes], force: bool) -> InitResult:
    result = InitResult(root, company)
    existing = []
    for name in files:
        path = root / name
        if path.is_dir() or (path.exists() and not path.is_file()):
            raise GeneratorError(f"{path} exists and is not a file; nothing was written")
        if path.exists():
            existing.append(name)
    if existing and not force:
        listed = ", ".join(existing)
        raise GeneratorError(
            f"{root} already has {listed}; nothing was written "
            "(use --force to overwrite these files, or --upgrade to take a new statusgen)"
        )
    for name, content in files.items():
        _record(result, root, name, content)
    log.info("init: %d files written under %s", len(result.written), root)
    return result


def _write(path: Path, content: bytes) -> None:
    """Write through a temporary file, so an interrupted init never leaves half a file."""
    write_atomic(path, content, mode=0o644)
