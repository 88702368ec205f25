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

from .models import Agreement, Entity, Event, Organisation, Person, Source, Statement
from .paths import page_url
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


def _details(item: Entity) -> Iterable[str]:
    if isinstance(item, Agreement):
        yield _short(item.summary)  # the parties are in the title, and on the page
    elif isinstance(item, Person):
        if item.positions:
            yield item.positions[-1].title
        yield _short(item.summary)
    elif isinstance(item, Organisation):
        yield _short(item.summary)
    elif isinstance(item, Event):
        yield item.date.human() if item.date else ""
        yield item.place or ""
        yield _short(item.summary)
    elif isinstance(item, Statement):  # its title is already the opening of its words
        speaker = item.speaker or item.speaker_organisation
        yield speaker.target.label if speaker is not None and speaker.target else ""
        yield item.date.human() if item.date else ""
    elif isinstance(item, Source):
        yield item.publisher or ""
    else:
        yield _short(getattr(item, "summary", None))


def search_record(item: Entity) -> dict[str, Any]:
    parts = [*spellings(item), *_details(item)]
    text = escape(" · ".join(part for part in parts if part))
    record: dict[str, Any] = {
        "location": page_url(item.page_path),
        "title": escape(item.label),
        "text": text,
    }
    # Agreements' tags (their parties, what they commit to) are on their pages; in the index they
    # would double the size of the largest group of records.
    tags = [] if isinstance(item, Agreement) else [escape(tag) for tag in tags_of(item)]
    if tags:
        record["tags"] = tags
    return record


def search_records(graph: Graph, kinds: Iterable[str]) -> str:
    """The records of every item with a page, as the JSON text of `search/items.json`."""
    records = [search_record(item) for kind in kinds for item in graph.all(kind)]
    return json.dumps(records, ensure_ascii=False, separators=(",", ":")) + "\n"
