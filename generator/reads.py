"""What a page or a record read of the graph, so the preview redoes only what an edit touched.

A `Reader` is the graph as views see it: each read is recorded. An `ItemMemo` keeps one result
per item between preview builds, and reuses it while the item is the same object (its file did
not change) and nothing it read changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from .models import Entity, Ref
from .resolve import Fact, Graph, Link

Value = TypeVar("Value")

Read = tuple[str, str, str]
"""("item" | "incoming" | "facts" | "all", kind, id): one thing a page read."""


@dataclass
class Reader:
    """The graph as pages see it: every read is recorded in `reads`."""

    graph: Graph
    reads: set[Read] = field(default_factory=set)

    def target(self, ref: Ref) -> Entity | None:
        self.reads.add(("item", ref.kind, ref.id))
        return self.graph.target(ref)

    def links_to(
        self, entity: Entity, kind: str | None = None, fld: str | None = None
    ) -> list[Link]:
        self.reads.add(("incoming", entity.KIND, entity.id or ""))
        return self.graph.links_to(entity, kind, fld)

    def facts_citing(self, source: Entity) -> list[Fact]:
        self.reads.add(("facts", source.KIND, source.id or ""))
        return self.graph.facts_citing(source)

    def all(self, kind: str) -> list[Entity]:
        self.reads.add(("all", kind, ""))
        return self.graph.all(kind)

    def owners(self, entity: Entity, kind: str | None = None, fld: str | None = None) -> list[Any]:
        """The items linking to `entity`, each once, in the order of the links."""
        links = self.links_to(entity, kind, fld)
        found = {(link.owner.KIND, link.owner.id): link.owner for link in links}
        return list(found.values())


@dataclass
class ItemMemo(Generic[Value]):
    """One result per item, kept between preview builds (see the module docstring)."""

    kept: dict[tuple[str, str], tuple[Entity, frozenset[Read], Value]] = field(default_factory=dict)
    changed: set[Read] = field(default_factory=set)
    """What the edit since the previous build changed."""

    def get(self, item: Entity, graph: Graph, make: Callable[[Entity, Reader], Value]) -> Value:
        key = (item.KIND, item.id or "")
        old = self.kept.get(key)
        if old is not None and old[0] is item and not old[1] & self.changed:
            return old[2]
        reader = Reader(graph)
        value = make(item, reader)
        self.kept[key] = (item, frozenset(reader.reads), value)
        return value
