"""What search indexes for each item: its names in every spelling, its title and a short summary.

Item pages are left out of the theme's own full-text index (which grows with every provision,
footnote and table cell: 13.7 MB for 1,000 agreements) and indexed from these records instead,
a few hundred bytes each. The records are engine-neutral data (`search/items.json`); the MkDocs
adapter merges them into the theme's index. Every text is HTML-escaped here, because search
results are shown as HTML.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from html import escape
from typing import Any

from .follow import follow
from .kinds import KINDS
from .models import Entity, FuzzyDate
from .models.commitment import Commitment
from .paths import page_url
from .reads import ItemMemo
from .resolve import Graph
from .views import tags_of

ITEMS_FILE = "search/items.json"
SUMMARY_CHARS = 100
# A search record stays within a few hundred bytes, so that the index a reader downloads before
# the first result stays under 5 MB for 10,000 agreements (bench/run.py measures it).


def _short(text: str | None) -> str:
    if not text:
        return ""
    flat = " ".join(text.split())
    return flat if len(flat) <= SUMMARY_CHARS else flat[: SUMMARY_CHARS - 1].rstrip() + "…"


def spellings(item: Entity) -> list[str]:
    """Every other name an item goes by, in the order its page lists them."""
    names: list[str] = [n.name for n in getattr(item, "native_names", [])]
    names += list(getattr(item, "acronyms", []))
    names += [a.name for a in getattr(item, "aliases", [])]
    short_title = getattr(item, "short_title", None)
    if short_title:
        names.insert(0, short_title)
    return list(dict.fromkeys(n for n in names if n != item.label))


def _details(item: Entity, graph: Graph) -> Iterable[str]:
    """What the record shows after the names: the kind's `search` paths (kinds.py)."""
    for path in KINDS[item.KIND].search:
        for value in follow(item, path, graph):
            if isinstance(value, FuzzyDate):
                yield value.human()
            elif isinstance(value, Commitment):
                yield value.summary()
            elif isinstance(value, Entity):
                yield value.label
            else:
                yield _short(str(value))


# The theme ranks a match in a record's title far above one in its text: an item's short other
# names go into its title, so that its own page comes before the pages that merely mention it
# (a search for "Zelensky" finds the person before the reports with the name in their titles).
TITLE_NAMES, TITLE_NAME_CHARS = 3, 30


def search_record(item: Entity, graph: Graph) -> dict[str, Any]:
    names = spellings(item)
    parts = [*names, *_details(item, graph)]
    text = escape(" · ".join(part for part in parts if part))
    short = [name for name in names if len(name) <= TITLE_NAME_CHARS][:TITLE_NAMES]
    title = f"{item.label} ({', '.join(short)})" if short else item.label
    record: dict[str, Any] = {
        "location": page_url(item.page_path),
        "title": escape(title),
        "text": text,
    }
    shown = KINDS[item.KIND].tags_in_search
    tags = [escape(tag) for tag in tags_of(item, graph)] if shown else []
    if tags:
        record["tags"] = tags
    return record


def search_records(
    graph: Graph, kinds: Iterable[str], memo: ItemMemo[dict[str, Any]] | None = None
) -> str:
    """The records of every item with a page, as the JSON text of `search/items.json`. With
    `memo` (the preview), a record is kept while nothing it shows changed."""
    records = [
        memo.get(item, graph, search_record)  # type: ignore[arg-type]
        if memo else search_record(item, graph)
        for kind in kinds for item in graph.all(kind)
    ]  # fmt: skip
    return json.dumps(records, ensure_ascii=False, separators=(",", ":")) + "\n"
