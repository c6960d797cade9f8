"""The status website as an mkdocs plugin (entry point ``statusgen`` in ``mkdocs.plugins``)."""

from generator.mkdocs_plugin.plugin import StatusgenPlugin

__all__ = ["StatusgenPlugin"]
