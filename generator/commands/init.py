"""statusgen init: scaffold a new status-site repository.

Writes the SLA file (the reference SLA, a comment on every value), a services file with one
example monitor, mkdocs.yml and the theme files, the workflows, a README for the site's
owner, requirements.txt and .gitignore (see :func:`generator.scaffold.site_files`). The new
site builds at once: ``cd DIR && statusgen build``.

Nothing is overwritten unless asked: without ``force`` a single existing file stops the
command before anything is written; with it, the files that had other content are named.
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import GeneratorError
from generator.scaffold import site_files

log = logging.getLogger(__name__)

DEFAULT_COMPANY = "Example Company"
MAX_NAME = 100


@dataclass(frozen=True)
class InitOptions:
    directory: Path
    company: str = DEFAULT_COMPANY
    force: bool = False


@dataclass
class InitResult:
    directory: Path
    company: str
    written: list[str] = field(default_factory=list)  # new files
    overwritten: list[str] = field(default_factory=list)  # existing files given new content
    unchanged: list[str] = field(default_factory=list)  # existing files with the same content


def company_name(text: str) -> str:
    """The name as it will be shown: one line, single spaces, not empty, not too long."""
    name = " ".join(text.split())
    if not name:
        raise GeneratorError("--name: the company name is empty")
    if len(name) > MAX_NAME:
        raise GeneratorError(f"--name: {len(name)} characters; at most {MAX_NAME}")
    return name


def init_site(options: InitOptions) -> InitResult:
    company = company_name(options.company)
    root = options.directory
    if root.exists() and not root.is_dir():
        raise GeneratorError(f"{root} exists and is not a directory")
    files = site_files(company)
    result = InitResult(root, company)
    existing = []
    for name in files:
        path = root / name
        if path.is_dir() or (path.exists() and not path.is_file()):
            raise GeneratorError(f"{path} exists and is not a file; nothing was written")
        if path.exists():
            existing.append(name)
    if existing and not options.force:
        listed = ", ".join(existing)
        raise GeneratorError(
            f"{root} already has {listed}; nothing was written "
            "(use --force to overwrite these files)"
        )
    for name, content in files.items():
        path = root / name
        if path.exists():
            if path.read_bytes() == content:
                result.unchanged.append(name)
                continue
            result.overwritten.append(name)
        else:
            result.written.append(name)
        _write(path, content)
    log.info("init: %d files written under %s", len(result.written), root)
    return result


def _write(path: Path, content: bytes) -> None:
    """Write through a temporary file, so an interrupted init never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(content)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
