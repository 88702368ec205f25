"""Rebuilds for the live preview: after an edit, redo only what the edit touches.

`IncrementalSite.build()` gives the same pages as `build_site` (a test holds them equal), but
keeps what it can between calls:

- a file whose size and modification time are unchanged is not read or validated again;
- the graph is linked again (cheap), and the checks across files run again;
- an item page is rendered again only when its item, or an item it links to or is linked from,
  changed; the overview pages (home, listings, timeline), the downloads and the search records
  are always made again.

A page two links away from an edit can show a stale name until the next full build: a person's
list of agreements, say, shows each agreement's parties. `mkdocs build` never uses this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .checks import check_encoding, named, same_names, start_of, unused_sources
from .errors import ContentError, Problem, has_errors
from .export import export_data
from .load import Document, content_files, known_ids, load_file
from .memory import collector_paused
from .models import KINDS, Entity
from .render import Page, Renderer
from .resolve import Graph, raw_reference_problems, resolve
from .searchindex import ITEMS_FILE, search_records
from .validate import validate_document

Key = tuple[str, str]


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
    for (target_kind, target_id), links in graph.incoming.items():
        if any(link.owner is entity for link in links):
            found.add((target_kind, target_id))
    return found


@dataclass
class IncrementalSite:
    content_dir: Path
    overrides: Path | None = None
    reads: dict[Path, _Read] = field(default_factory=dict)
    graph: Graph | None = None
    pages: dict[str, Page] = field(default_factory=dict)

    def _read(self, kind: str, file: Path, shown: str) -> tuple[_Read, bool]:
        stat = file.stat()
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
        with collector_paused():
            return self._build()

    def _build(self) -> tuple[dict[str, Page], list[Problem]]:
        kinds = list(KINDS)
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
        problems += found
        problems += same_names([named(e, docs[(e.KIND, e.id or "")]) for e in entities])
        sources = [start_of(docs[("sources", e.id or "")]) for e in graph.all("sources")]
        problems += unused_sources(sources, set(graph.facts))
        problems.sort()
        if has_errors(problems):
            raise ContentError(problems)
        self._render(graph, changed)
        return dict(self.pages), problems

    def _render(self, graph: Graph, changed: set[Key]) -> None:
        renderer = Renderer(graph, self.overrides)
        old_graph, self.graph = self.graph, graph
        if old_graph is None:
            stale: set[Key] | None = None  # first build: everything
        else:
            stale = set(changed)
            for key in changed:
                stale |= _neighbours(graph, key) | _neighbours(old_graph, key)
        pages = renderer.overview_pages()
        for kind in KINDS:
            for entity in graph.all(kind):
                key = (kind, entity.id or "")
                if stale is None or key in stale or entity.page_path not in self.pages:
                    pages[entity.page_path] = renderer.item_page(entity)
                else:
                    pages[entity.page_path] = self.pages[entity.page_path]
        pages.update({path: Page(text) for path, text in export_data(graph).items()})
        pages[ITEMS_FILE] = Page(search_records(graph, KINDS))
        self.pages = pages
