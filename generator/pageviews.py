"""View models: the plain data each page prints, collected before its template runs.

A page's template only formats: it gets `item` (the validated item, with every reference
already followed to the item it names) and `view` (what the page shows besides the item's own
fields: who links to it, its diagram, its rows grouped and sorted). Both are built here through
a `Reader`, the pages' only way into the graph, which records every item a page read, every
item whose incoming links it listed, and every kind it listed whole. The live preview re-renders
exactly the pages whose recorded reads an edit touches (incremental.py).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pycountry
from pydantic import BaseModel

from .chronicle import history_view
from .compare import bilateral_with_provisions, compare_link
from .diagram import connections
from .feeds import country_feed
from .kinds import KINDS
from .models import Entity, Ref
from .models.agreement import CATEGORY_INFO, INVERSE, PartyAction, ProvisionCategory
from .models.base import CitationFields
from .models.others import Source, SourceKind
from .reads import Reader
from .resolve import Fact, Link, references
from .spellings import other_names
from .views import (
    agreements_of,
    commitments,
    commitments_of,
    date_of,
    humanize,
    organisations_of,
    partners_of,
    party_side,
)


class Resolved:
    """A validated model seen through a `Reader`: a reference reads as the item it names, a
    nested model as another `Resolved`, anything else as it is."""

    __slots__ = ("_model", "_reader")

    def __init__(self, model: BaseModel, reader: Reader) -> None:
        self._model = model
        self._reader = reader

    def __getattr__(self, name: str) -> Any:
        return resolved(getattr(self._model, name), self._reader)


def resolved(value: Any, reader: Reader) -> Any:
    if isinstance(value, Ref):
        return reader.target(value)
    if isinstance(value, list):
        return [resolved(item, reader) for item in value]
    if isinstance(value, BaseModel) and not isinstance(value, Entity):
        return Resolved(value, reader)
    return value


def chronological(items: Iterable[Any]) -> list[Any]:
    """Oldest first, undated last; each item once; ties by label for a stable order."""
    unique = {id(item): item for item in items}.values()

    def key(item: Any) -> tuple[bool, tuple[int, int, int, str], str]:
        found = date_of(item)
        return (found is None, found.sort_key if found else (0, 0, 0, ""), item.label)

    return sorted(unique, key=key)


def latest(items: Iterable[Any], count: int) -> list[Any]:
    """The `count` most recent dated items, newest first."""
    return [item for item in chronological(items) if date_of(item)][::-1][:count]


def group_claims(claims: list[Any]) -> list[tuple[str, list[Any], bool]]:
    """Claims grouped by property, in order of first mention; True where values differ."""
    groups: dict[str, list[Any]] = {}
    for claim in claims:
        groups.setdefault(claim.property, []).append(claim)
    return [(prop, items, len({c.value for c in items}) > 1) for prop, items in groups.items()]


def _fact_field(fact: Fact) -> str:
    """The field a citation supports, as a reader names it ('provisions', 'date of signing')."""
    path = [humanize(p.replace("_", "-")) for p in fact.loc[:-2] if isinstance(p, str)]
    field = path[-1] if path else "the item as a whole"
    if field == "related":
        field = "related agreements"
    return f"date of {field}" if "date_sources" in fact.loc else field


def _fact_detail(fact: Fact, reader: Reader) -> str:
    """Which entry of the field: a provision's text, a claim's value, the other side of a
    relation ('part of series: Agreement on ...'), shortened to one line."""
    holder: Any = fact.holder
    if holder is fact.owner:
        return ""
    detail = ""
    # Asked of the model's fields: a failed attribute lookup on a model raises, slowly.
    fields = holder.__dict__
    for attribute in ("text", "title", "name", "role", "description"):
        value = fields.get(attribute)
        if isinstance(value, str):
            detail = value
            break
    if "property" in fields and "value" in fields:
        detail = f"{holder.property}: {holder.value}"
    elif "status" in fields:
        detail = humanize(holder.status)
    elif "action" in fields:
        detail = humanize(holder.action)
    elif "relation" in fields:
        other = reader.target(holder.agreement)
        detail = f"{humanize(holder.relation)}: {other.label if other else holder.agreement.id}"
    if len(detail) > 90:
        detail = detail[:87].rstrip() + "…"
    return detail


def _held(links: list[Link], field: str) -> list[tuple[Entity, Any]]:
    """(item linking here, a field of the part of it that links) for each link."""
    return [(link.owner, getattr(link.holder, field)) for link in links]


def _common(item: Entity, reader: Reader, page: str) -> dict[str, Any]:
    return {
        "diagram": connections(item, reader, page),  # type: ignore[arg-type]
        "referenced_by": reader.owners(item),
        "claims": group_claims(resolved(getattr(item, "claims", []), reader)),
        "spellings": other_names(item),
        "history": history_view(item, reader.graph),
    }


def _agreement(item: Any, reader: Reader) -> dict[str, Any]:
    groups: dict[ProvisionCategory, list[Any]] = {}
    for provision in resolved(item.provisions, reader):
        groups.setdefault(provision.category, []).append(provision)
    events = [reader.target(ref) for ref in item.events] + reader.owners(item, "events")
    return {
        "texts": _texts(item, reader),
        "participants": _participants(item, reader),
        "provisions": [(CATEGORY_INFO[c][0], groups[c]) for c in ProvisionCategory if c in groups],
        "related": _related_groups(item, reader),
        "events": chronological(e for e in events if e is not None),
        "statements": reader.owners(item, "statements"),
    }


def _related_groups(item: Any, reader: Reader) -> list[tuple[str, str | None, list[Any]]]:
    """Related agreements both ways, one group per relation as this page reads it and note:
    (relation, note, [(agreement, entry with its citations)]). Sixteen agreements 'in the same
    series' with one note read as one line listing them, not sixteen lines."""
    groups: dict[tuple[str, str | None], list[tuple[Any, Any]]] = {}
    for own in item.related:
        key = (humanize(own.relation), own.note)
        groups.setdefault(key, []).append((reader.target(own.agreement), Resolved(own, reader)))
    for link in reader.links_to(item, "agreements", "related"):
        other: Any = link.holder
        key = (INVERSE[other.relation], other.note)
        groups.setdefault(key, []).append((link.owner, Resolved(other, reader)))
    return [(relation, note, entries) for (relation, note), entries in groups.items()]


def _participants(item: Any, reader: Reader) -> dict[str, Any] | None:
    """Each party's own dates, as the UN Treaty Collection lists participants: one column per
    kind of action any party took. None when no party's action has a date or note of its own:
    the record at a glance already says who signed."""
    actions = [a for p in item.parties for a in p.actions]
    if not any(a.date or a.note for a in actions):
        return None
    kinds = [k for k in PartyAction if any(a.action == k for a in actions)]
    rows = []
    for party in resolved(item.parties, reader):
        cells = [[a for a in party.actions if a.action == kind] for kind in kinds]
        rows.append((party, cells))
    return {"columns": [humanize(kind).capitalize() for kind in kinds], "rows": rows}


def _texts(item: Any, reader: Reader) -> list[tuple[Any, str]]:
    """Where the agreement's text is published: the sources of kind `agreement-text` it cites,
    each with the name of its language ('Polish'), as a treaty record lists its texts."""
    found: dict[str, Any] = {}
    for _, citation, _ in references(item):
        if isinstance(citation, CitationFields):
            source = reader.target(citation.source)
            if isinstance(source, Source) and source.kind == SourceKind.agreement_text:
                found.setdefault(source.id or "", source)
    return [(source, language_name(source.language)) for source in found.values()]


def language_name(code: str) -> str:
    """'Polish' for 'pl' (ISO 639), or the code itself when it names no language known."""
    base = code.split("-")[0].lower()
    language = pycountry.languages.get(**{"alpha_2" if len(base) == 2 else "alpha_3": base})
    return str(language.name) if language else code


def _person(item: Any, reader: Reader) -> dict[str, Any]:
    organisations = organisations_of(item, reader)  # type: ignore[arg-type]
    signed = []
    for link in reader.links_to(item, "agreements", "parties"):
        agreement: Any = link.owner
        party = agreement.parties[link.loc[1]]
        signing = agreement.signing.date if agreement.signing else None
        who = reader.target(party.country or party.organisation)
        signed.append((agreement, who, Resolved(link.holder, reader), signing))
    return {
        "organisations": [(org, list(dict.fromkeys(titles))) for org, titles in organisations],
        "signed": signed,
        "statements": [
            Resolved(statement, reader)
            for statement in chronological(reader.owners(item, "statements", "speaker"))
        ],
        "events": chronological(reader.owners(item, "events", "participants")),
    }


def _country(item: Any, reader: Reader) -> dict[str, Any]:
    partners = [(p.entity, len(p.agreements), p.kinds, latest(p.agreements, 1))
                for p in partners_of(item, reader)]  # type: ignore[arg-type]  # fmt: skip
    agreements = []
    for agreement in chronological(agreements_of(item, reader)):  # type: ignore[arg-type]
        sides = [party_side(p, reader) for p in agreement.parties]  # type: ignore[arg-type]
        others = [side for side in sides if side is not None and side.id != item.id]
        agreements.append((agreement, others))
    return {
        "partners": partners,
        "agreements": agreements,
        "people": _held(reader.links_to(item, "people", "positions"), "title"),
        "events": chronological(reader.owners(item, "events")),
        "commitments": commitments_of(item, reader),  # type: ignore[arg-type]
        "signed_here": chronological(reader.owners(item, "agreements", "signing")),
        "matrix": compare_link(
            item, sum(1 for a, _ in agreements if bilateral_with_provisions(a, reader))
        ),
        "feed": country_feed(item.id) if reader.graph.chronicle else None,
    }


def _organisation(item: Any, reader: Reader) -> dict[str, Any]:
    agreements: dict[str | None, tuple[Entity, bool]] = {}
    for link in reader.links_to(item, "agreements"):
        agreements.setdefault(link.owner.id, (link.owner, link.loc[0] == "parties"))
    return {
        "children": reader.owners(item, "organisations", "parent"),
        "agreements": list(agreements.values()),
        "people": _held(reader.links_to(item, "people", "positions"), "title"),
    }


def _source(item: Any, reader: Reader) -> dict[str, Any]:
    """The facts the source supports, grouped by the item they belong to (one row each) and
    within it by field: (item, facts, [(field, facts, [(entry, quote) naming something])])."""
    grouped: dict[tuple[str, str], tuple[Entity, dict[str, list[tuple[str, str | None]]]]] = {}
    for fact in reader.facts_citing(item):
        key = (fact.owner.KIND, fact.owner.id or "")
        fields = grouped.setdefault(key, (fact.owner, {}))[1]
        entry = (_fact_detail(fact, reader), fact.citation.quote)
        fields.setdefault(_fact_field(fact), []).append(entry)
    rows = []
    for owner, fields in grouped.values():
        count = sum(len(entries) for entries in fields.values())
        shown = [(f, len(e), [x for x in e if any(x)]) for f, e in fields.items()]
        rows.append((owner, count, shown))
    return {"facts": rows}


VIEWS: dict[str, Callable[[Any, Reader], dict[str, Any]]] = {
    "agreement": _agreement,
    "person": _person,
    "country": _country,
    "organisation": _organisation,
    "source": _source,
}
"""Singular -> what that kind's page shows beyond `_common` (kinds.py names the singular)."""


def item_view(item: Entity, reader: Reader, page: str) -> tuple[Resolved, dict[str, Any]]:
    """The item as its template reads it, and its view."""
    reader.reads.add(("item", item.KIND, item.id or ""))
    view = _common(item, reader, page)
    extra = VIEWS.get(KINDS[item.KIND].singular)
    if extra:
        view.update(extra(item, reader))
    return Resolved(item, reader), view


def commitment_rows(reader: Reader) -> list[tuple[Entity, Resolved]]:
    """Every commitment with the item holding it, largest first within each currency."""
    return [(row.holder, Resolved(row.commitment, reader)) for row in commitments(reader.graph)]


def home_view(reader: Reader) -> dict[str, Any]:
    """What the home page shows: counts per kind, the latest agreements and events."""
    return {
        "counts": [(k.folder, k.title, len(reader.all(k.folder))) for k in KINDS.values()],
        "latest_agreements": latest(reader.all("agreements"), 10),
        "latest_events": latest(reader.all("events"), 10),
    }


def listing_rows(kind: str, items: list[Any], reader: Reader) -> list[Any]:
    """The rows of a listing in the order it shows them (dated kinds oldest first, countries by
    name), each item seen through the reader."""
    if kind in KINDS and KINDS[kind].dated_by:
        items = chronological(items)
    elif kind in KINDS and KINDS[kind].iso_codes:
        items = sorted(items, key=lambda item: item.label)
    for item in items:
        if isinstance(item, Entity):
            reader.reads.add(("item", item.KIND, item.id or ""))
        else:  # a timeline entry
            reader.reads.add(("item", item.item.KIND, item.item.id or ""))
    return [Resolved(item, reader) if isinstance(item, Entity) else item for item in items]


__all__ = ["Resolved", "chronological", "home_view", "item_view", "listing_rows"]
