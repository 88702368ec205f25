"""Security-agreement facts: strict YAML content rendered into a cross-linked Markdown site."""

from .pipeline import build_graph, build_pages, build_site

__all__ = ["build_graph", "build_pages", "build_site"]
