"""Security-agreement facts: strict YAML content rendered into a cross-linked Markdown site."""

from __future__ import annotations

from typing import Any

__all__ = ["build_graph", "build_pages", "build_site"]


def __getattr__(name: str) -> Any:
    # Imported on first use, so `python -m generator check` does not load the renderer.
    if name in __all__:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(name)
