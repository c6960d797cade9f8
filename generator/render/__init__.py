"""Rendering the report model: text, pages, charts, feeds, badges, PDF."""
