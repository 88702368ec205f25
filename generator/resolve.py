"""Stage 3, resolve: turn every id into the object it names, and record every link backwards.

Runs once, after every file is loaded and validated, so files may refer to each other in any
order. Each `Ref` gets its `target`; each target learns who refers to it (`Link`), and each
source learns every fact that cites it (`Fact`).
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from pydantic import BaseModel

from .errors import Problem, did_you_mean
from .kinds import COUNTRIES, KINDS
from .load import Document, Loc, field_name
from .models import MODELS, Country, Entity, Ref
from .models.base import CitationFields
from .models.others import iso_country


@dataclass(frozen=True)
class Link:
    """`owner` refers to the target at `loc` inside `owner` (e.g. ('parties', 0, 'country'))."""

    owner: Entity
    loc: Loc
    holder: BaseModel


@dataclass(frozen=True)
class Fact:
    """A fact of `owner`, held by `holder` at `loc`, supported by one citation."""

    owner: Entity
    loc: Loc
    holder: BaseModel
    citation: CitationFields


@dataclass
class Graph:
    """Every content item by kind and id, with references resolved both ways."""

    items: dict[str, dict[str, Entity]] = field(default_factory=lambda: {k: {} for k in MODELS})
    files: set[tuple[str, str]] = field(default_factory=set)
    """(kind, id) of the items that come from a content file (not countries known from ISO)."""
    incoming: dict[tuple[str, str], list[Link]] = field(default_factory=dict)
    facts: dict[str, list[Fact]] = field(default_factory=dict)
    chronicle: Any = None
    """The content's history (chronicle.Chronicle) when the build read it from git."""

    def all(self, kind: str) -> list[Entity]:
        return [self.items[kind][key] for key in sorted(self.items[kind])]

    def links_to(
        self, entity: Entity, kind: str | None = None, fld: str | None = None
    ) -> list[Link]:
        """Links pointing at `entity`, optionally only from one kind and top-level field."""
        links = self.incoming.get((entity.KIND, entity.id or ""), [])
        return [
            link
            for link in links
            if (kind is None or kind == link.owner.KIND) and (fld is None or link.loc[0] == fld)
        ]

    def target(self, ref: Ref) -> Entity | None:
        """The item a reference names, if it is in the graph."""
        return self.items[ref.kind].get(ref.id)

    def has_file(self, entity: Entity) -> bool:
        return (entity.KIND, entity.id or "") in self.files

    def facts_citing(self, source: Entity) -> list[Fact]:
        return self.facts.get(source.id or "", [])


def _can_link(annotation: Any) -> bool:
    """Whether a field of this type can hold a reference or a model (which may hold one)."""
    if annotation is Ref or (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
        return True
    return any(_can_link(arg) for arg in typing.get_args(annotation))


@cache
def _linking_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model worth walking: text, dates and enums never hold references, and
    skipping them halves the time resolve takes on a large corpus."""
    return tuple(name for name, info in model.model_fields.items() if _can_link(info.annotation))


def _walk(obj: Any, loc: Loc, holder: BaseModel) -> Iterator[tuple[Loc, Any, BaseModel]]:
    """Every Ref and citation inside `obj`, with its loc and the model object holding it."""
    if isinstance(obj, Ref):
        yield loc, obj, holder
    elif isinstance(obj, BaseModel):
        if isinstance(obj, CitationFields):
            yield loc, obj, holder
        for name in _linking_fields(type(obj)):
            value = getattr(obj, name)
            if value is not None and value != []:
                yield from _walk(value, (*loc, name), obj)
    elif isinstance(obj, list):
        for index, item in enumerate(obj):
            yield from _walk(item, (*loc, index), holder)


def _country(code: str) -> Country | None:
    if iso_country(code) is None:
        return None
    return Country.model_construct(
        id=code, name=None, native_names=[], aliases=[], claims=[], sources=[]
    )


Known = dict[str, frozenset[str]]
"""Kind -> ids of the files in its folder, whatever their state (see `load.known_ids`)."""


def unknown_reference(
    doc: Document, loc: Loc, kind: str, ref_id: str, known: Known
) -> Problem | None:
    """The problem for a reference to nothing, or None when the id names a file (a file with
    errors of its own reports them itself) or, for countries, an ISO 3166 code."""
    if not ref_id or ref_id in known.get(kind, ()):
        return None  # an empty id is reported by validation already
    if kind == COUNTRIES and iso_country(ref_id):
        return None
    return doc.problem(loc, f"{field_name(loc)}: {_unknown(kind, ref_id, known)}")


def references(entity: Entity) -> Iterator[tuple[Loc, Any, BaseModel]]:
    """Every reference and citation of a validated item: (loc, Ref or citation, holder)."""
    return _walk(entity, (), entity)


def link_graph(items: list[tuple[Entity, list[tuple[Loc, Any, BaseModel]]]]) -> Graph:
    """Index the items, point every reference at its item, and build the back-references.

    A reference to nothing is left without a target: `stage.check_file` has reported it already
    (or the file it names has errors, which that file reports itself)."""
    graph = Graph()
    for entity, _ in items:
        graph.items[entity.KIND][entity.id or ""] = entity
        graph.files.add((entity.KIND, entity.id or ""))
    for entity, refs in items:  # each item's references, as `references(entity)` walked them
        for loc, found, holder in refs:
            if isinstance(found, CitationFields):
                graph.facts.setdefault(found.source.id, []).append(Fact(entity, loc, holder, found))
                continue
            target = graph.items[found.kind].get(found.id)
            if target is None and found.kind == COUNTRIES:
                target = _country(found.id)
                if target is not None:
                    graph.items[COUNTRIES][found.id] = target
            if target is not None:
                graph.incoming.setdefault((found.kind, found.id), []).append(
                    Link(entity, loc, holder)
                )
    return graph


def _unknown(kind: str, ref_id: str, known: Known) -> str:
    singular = KINDS[kind].singular
    if kind == COUNTRIES:
        return f"unknown country code '{ref_id}': use an ISO 3166 alpha-2 code in lower case"
    hint = did_you_mean(ref_id, known.get(kind, frozenset()))
    return f"unknown {singular} '{ref_id}'{hint}: add content/{kind}/{ref_id}.yaml or fix the id"


@cache
def _schema(kind: str) -> tuple[dict[str, Any], dict[str, Any]]:
    schema = MODELS[kind].model_json_schema()
    return schema, schema.get("$defs", {})


def _fits(value: Any, node: dict[str, Any]) -> bool:
    wanted = {"string": str, "object": dict, "array": list}.get(node.get("type", ""))
    return wanted is not None and isinstance(value, wanted)


def _raw_refs(
    value: Any, node: dict[str, Any], defs: dict[str, Any], loc: Loc
) -> Iterator[tuple[Loc, str, str]]:
    """(loc, kind, id) of every reference in plain loaded data, found through the JSON Schema."""
    while "$ref" in node:
        node = defs[node["$ref"].rsplit("/", 1)[-1]]
    if "x-refers-to" in node:
        if isinstance(value, str):
            yield loc, node["x-refers-to"], value
        return
    options = node.get("anyOf", [])
    for option in options:
        if "x-shorthand-for" in option and isinstance(value, str):
            # `- report` stands for `- source: report`: walk it as the long form (its position
            # is the short form's, the nearest one written).
            longer = next(o for o in options if o is not option)
            yield from _raw_refs({option["x-shorthand-for"]: value}, longer, defs, loc)
            return
    for option in options:
        while "$ref" in option:
            option = defs[option["$ref"].rsplit("/", 1)[-1]]
        if "x-refers-to" in option or _fits(value, option):
            yield from _raw_refs(value, option, defs, loc)
            return
    if isinstance(value, dict):
        properties = node.get("properties", {})
        for key, item in value.items():
            if key in properties:
                yield from _raw_refs(item, properties[key], defs, (*loc, key))
    elif isinstance(value, list) and "items" in node:
        for index, item in enumerate(value):
            yield from _raw_refs(item, node["items"], defs, (*loc, index))


def raw_references(doc: Document) -> list[tuple[Loc, str, str]]:
    """(loc, kind, id) of every reference in a file that failed validation: such a file has no
    model to walk, so its references are found in the plain data instead."""
    schema, defs = _schema(doc.kind)
    return list(_raw_refs(doc.data, schema, defs, ()))


def raw_reference_problems(doc: Document, known: Known) -> list[Problem]:
    """Unknown ids in a file that failed validation, so one run reports every problem."""
    found = (unknown_reference(doc, loc, kind, ref_id, known)
             for loc, kind, ref_id in raw_references(doc))  # fmt: skip
    return [problem for problem in found if problem]
