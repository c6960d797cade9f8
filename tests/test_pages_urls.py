"""Links between the generated pages (generator/render/pages.py ``Urls``): relative, as
mkdocs places each page, worked out from the paths alone (no working directory)."""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator.render.pages import Urls, _relpath

PART = st.sampled_from(["a", "b", "sla", "2026-11", "index.html", ".", "..", ""])
PATH = st.lists(PART, min_size=1, max_size=4).map("/".join).map(lambda p: p or ".")


@given(PATH, PATH)
def test_a_relative_path_is_what_relpath_says(path: str, start: str) -> None:
    assert _relpath(path, start) == posixpath.relpath(path, start)


@pytest.mark.parametrize(
    ("target", "page", "directory_urls", "link"),
    [
        ("components/api.md", "index.md", True, "components/api/"),
        ("components/api.md", "components/dashboard.md", True, "../api/"),
        ("index.md", "components/api.md", True, "../../"),
        ("index.md", "index.md", True, "./"),
        ("sla/2026-11.md", "sla/index.md", True, "2026-11/"),
        ("charts/c00-downtime.svg", "components/c00.md", True, "../../charts/c00-downtime.svg"),
        ("components/api.md", "components/dashboard.md", False, "api.html"),
        ("sla/index.md", "index.md", False, "sla/index.html"),
        # the home page, from files (--offline): its page, not the directory's listing
        ("index.md", "sla/2026-08.md", False, "../index.html"),
        ("index.md", "index.md", False, "./index.html"),
    ],
)
def test_links_between_pages(target: str, page: str, directory_urls: bool, link: str) -> None:
    assert Urls(directory_urls).relative(target, page) == link


def test_links_do_not_depend_on_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    os.rmdir(tmp_path)  # a build may run where its directory has gone
    assert _relpath("components/api", "sla") == "../components/api"
