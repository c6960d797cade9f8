"""The status website as an mkdocs plugin (entry point ``statusgen`` in ``mkdocs.plugins``)."""

from __future__ import annotations

from typing import Any

__all__ = ["StatusgenPlugin"]


def __getattr__(name: str) -> Any:
    # Loaded on first use, so that importing a module of this package (the model, from
    # generator.render.pages) does not import the plugin, which imports the render modules.
    if name == "StatusgenPlugin":
        from generator.mkdocs_plugin.plugin import StatusgenPlugin

        return StatusgenPlugin
    raise AttributeError(name)
