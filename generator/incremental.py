"""Rebuilds for the live preview: after an edit, redo only what the edit touches.

`IncrementalSite.build()` gives the same pages as `build_site` (a test holds them equal), but
keeps what it can between calls:

- a file whose size and modification time are unchanged is not read or validated again;
- the graph is linked again (cheap), and the checks across files run again;
- an item page is rendered again only when its item, or an item it links to or is linked from,
  changed; so is a part of a split listing (a year of the timeline, say); the other overview
  pages, the downloads and the search records are always made again.

A page two links away from an edit can show a stale name until the next full build: a person's
list of agreements, say, shows each agreement's parties. `mkdocs build` never uses this module.
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .checks import check_encoding, cross_file_checks
from .errors import ContentError, Problem, has_errors
from .load import Document, content_files, known_ids, load_file
from .memory import collector_paused
from .models import MODELS, Entity, Ref
from .pipeline import downloads
from .render import Page, Renderer, add_page
from .resolve import Graph, raw_reference_problems, references, resolve
from .validate import validate_document
from .views import ListingPart

Key = tuple[str, str]
COLLECT_EVERY = 20  # rebuilds between full garbage collections


@dataclass
class _Read:
    """One file as last read: its stamp, document, item (when valid) and own problems."""

    stamp: tuple[int, int]
    document: Document | None
    entity: Entity | None
    problems: list[Problem]


def _neighbours(graph: Graph, key: Key) -> set[Key]:
    """Items linked from or to the item `key` in `graph`."""
    kind, item_id = key
    entity = graph.items.get(kind, {}).get(item_id)
    if entity is None:
        return set()
    found = {(link.owner.KIND, link.owner.id or "") for link in graph.links_to(entity)}
    # Its references, the sources its citations name among them (a source page lists the facts
    # citing it).
    return found | {(ref.kind, ref.id) for _, ref, _ in references(entity) if isinstance(ref, Ref)}


def _keys_of(item: Any) -> set[Key]:
    """The items a listing row is about (a timeline row is about one item)."""
    entity = getattr(item, "item", item)
    return {(entity.KIND, entity.id or "")}


class _ReusingRenderer(Renderer):
    """Renders a part of a split listing again only when one of its rows may have changed."""

    def __init__(self, site: IncrementalSite, graph: Graph, stale: set[Key] | None) -> None:
        super().__init__(graph, site.overrides)
        self.site, self.stale = site, stale

    def listing_part(self, template: str, kind: str, part: ListingPart) -> Page:
        keys = set().union(*(_keys_of(item) for item in part.items))
        old = self.site.parts.get(part.path)
        if self.stale is not None and old is not None and old[0] == keys and not keys & self.stale:
            return old[1]
        page = super().listing_part(template, kind, part)
        self.site.parts[part.path] = (keys, page)
        return page


@dataclass
class IncrementalSite:
    content_dir: Path
    overrides: Path | None = None
    reads: dict[Path, _Read] = field(default_factory=dict)
    graph: Graph | None = None
    pages: dict[str, Page] = field(default_factory=dict)
    parts: dict[str, tuple[set[Key], Page]] = field(default_factory=dict)
    builds: int = 0

    def _read(self, kind: str, file: Path, shown: str) -> tuple[_Read, bool]:
        stat = file.stat(follow_symlinks=False)
        stamp = (stat.st_mtime_ns, stat.st_size)
        old = self.reads.get(file)
        if old is not None and old.stamp == stamp:
            return old, False
        document, problems = load_file(file, kind, shown)
        entity = None
        if document is not None:
            entity, found = validate_document(document)
            problems += found + check_encoding(document)
        read = _Read(stamp, document, entity, problems)
        self.reads[file] = read
        return read, True

    def build(self) -> tuple[dict[str, Page], list[Problem]]:
        """Every page, as `build_site` makes them; ContentError when there is an error."""
        self.builds += 1
        if self.builds % COLLECT_EVERY == 1:
            with collector_paused():  # unfreezes and collects what earlier rebuilds left
                return self._build()
        # In between, the collector only stays off: what an edit replaces is freed by
        # reference counting, and a full collection (0.5 s on 1,000 agreements) waits.
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._build()
        finally:
            gc.freeze()
            if enabled:
                gc.enable()

    def _build(self) -> tuple[dict[str, Page], list[Problem]]:
        kinds = list(MODELS)
        files, problems = content_files(self.content_dir, kinds)
        known = known_ids(self.content_dir, kinds)
        changed: set[Key] = set()
        docs: dict[Key, Document] = {}
        entities: list[Entity] = []
        present = set()
        for kind, file, shown in files:
            read, fresh = self._read(kind, file, shown)
            present.add(file)
            key = (kind, file.name.removesuffix(".yaml"))
            if fresh:
                changed.add(key)
            problems += read.problems
            if read.document is not None:
                docs[key] = read.document
                if read.entity is not None:
                    entities.append(read.entity)
                else:
                    problems += raw_reference_problems(read.document, known)
        for gone in set(self.reads) - present:
            changed.add((gone.parent.name, gone.name.removesuffix(".yaml")))
            del self.reads[gone]
        graph, found = resolve(entities, docs, known)
        problems += found + cross_file_checks(graph, docs)
        problems.sort()
        if has_errors(problems):
            raise ContentError(problems)
        self._render(graph, changed)
        return dict(self.pages), problems

    def _render(self, graph: Graph, changed: set[Key]) -> None:
        old_graph, self.graph = self.graph, graph
        if old_graph is None:
            stale: set[Key] | None = None  # first build: everything
        else:
            stale = set(changed)
            for key in changed:
                stale |= _neighbours(graph, key) | _neighbours(old_graph, key)
        renderer = _ReusingRenderer(self, graph, stale)
        pages = renderer.overview_pages()
        for kind in MODELS:
            for entity in graph.all(kind):
                key = (kind, entity.id or "")
                if stale is None or key in stale or entity.page_path not in self.pages:
                    add_page(pages, entity.page_path, renderer.item_page(entity))
                else:
                    add_page(pages, entity.page_path, self.pages[entity.page_path])
        pages.update(downloads(graph))
        self.pages = pages
