"""Follow a registry path (`parties.signatories.person`, see kinds.py) from an item.

The values are read from the validated item; a reference is followed to the item it names in
the graph, lists are flattened, missing values are skipped, `[-1]` takes a list's last value,
and `a|b` the first of `a` and `b` that is there.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .kinds import Incoming
from .models import Entity, Ref
from .resolve import Graph


def _step(value: Any, name: str, graph: Graph) -> Iterator[Any]:
    if "|" in name:  # the first of the alternatives that is there: `country|organisation`
        for alternative in name.split("|"):
            first = list(_step(value, alternative, graph))
            if first:
                yield from first
                return
        return
    last = name.endswith("[-1]")
    found: Any = getattr(value, name.removesuffix("[-1]"), None)
    if isinstance(found, list):
        for item in found[-1:] if last else found:
            yield from _resolved(item, graph)
    elif found is not None:
        yield from _resolved(found, graph)


def _resolved(value: Any, graph: Graph) -> Iterator[Any]:
    if isinstance(value, Ref):
        target = graph.target(value)
        if target is not None:
            yield target
    else:
        yield value


def follow(item: Entity, path: str | Incoming, graph: Graph) -> list[Any]:
    """Every value at `path` from `item`, in the order written."""
    if isinstance(path, Incoming):
        owners = [link.owner for link in graph.links_to(item, path.kind, path.field)]
        if not path.then:
            return owners
        return [value for owner in owners for then in path.then
                for value in follow(owner, then, graph)]  # fmt: skip
    values: list[Any] = [item]
    for name in path.split("."):
        values = [found for value in values for found in _step(value, name, graph)]
    return values
