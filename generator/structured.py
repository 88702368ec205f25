"""What a page says about itself to other programs: its description and its structured data.

Link previews, search engines and reference managers read a page's meta description, its Open
Graph tags and its schema.org JSON-LD (site_overrides/main.html prints them from front matter).
The description is the item's summary, or a line made from its facets; the JSON-LD is the
kind's schema.org type with the properties its registry entry names (`Kind.schema`).
"""

from __future__ import annotations

from typing import Any

from .follow import follow
from .kinds import KINDS
from .models import Entity, FuzzyDate
from .resolve import Graph

DESCRIPTION_CHARS = 200
"""Previews cut a description at about this length; a longer summary ends in an ellipsis."""


def description_of(item: Entity, facets: dict[str, list[str]]) -> str:
    """The item's summary, shortened, or its kind, countries and year when it has none."""
    summary = " ".join((getattr(item, "summary", None) or "").split())
    if summary:
        if len(summary) <= DESCRIPTION_CHARS:
            return summary
        return summary[: DESCRIPTION_CHARS - 1].rsplit(" ", 1)[0] + "…"
    kind = KINDS[item.KIND]
    parts = [f"{kind.singular.capitalize()}: {item.label}"]
    parts += [", ".join(facets[facet]) for facet in ("country", "year") if facets.get(facet)]
    return ". ".join(parts) + "."


def _value(value: Any) -> Any:
    if isinstance(value, Entity):
        return {"@type": KINDS[value.KIND].schema_type, "name": value.label}
    if isinstance(value, FuzzyDate):
        return value.iso
    return str(getattr(value, "value", value))


def structured_data(item: Entity, graph: Graph, description: str) -> dict[str, Any]:
    """The item as schema.org JSON-LD: its type, name, description and registry properties."""
    kind = KINDS[item.KIND]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": kind.schema_type,
        "name": item.label,
        "description": description,
    }
    found: dict[str, list[Any]] = {}
    for prop, path in kind.schema:
        for value in follow(item, path, graph):
            converted = _value(value)
            if converted not in found.setdefault(prop, []):
                found[prop].append(converted)
    for prop, values in found.items():
        if values:
            data[prop] = values[0] if len(values) == 1 else values
    return data
