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

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ContentError, Problem, has_errors
from .kinds import FOLDERS
from .load import content_files, known_ids
from .models import Ref
from .pipeline import downloads
from .render import Page, Renderer, add_page
from .resolve import Graph, Known, references
from .stage import FileResult, check_file, link
from .views import ListingPart

Key = tuple[str, str]


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
    reads: dict[Path, tuple[tuple[int, int], FileResult]] = field(default_factory=dict)
    graph: Graph | None = None
    pages: dict[str, Page] = field(default_factory=dict)
    parts: dict[str, tuple[set[Key], Page]] = field(default_factory=dict)

    def _read(self, kind: str, file: Path, shown: str, known: Known) -> tuple[FileResult, bool]:
        """The file's result: kept while its size and time are unchanged, else checked again.
        (References are checked against the listing: a file added or removed elsewhere makes
        the next full build, not the preview, report a reference it breaks or mends.)"""
        stat = file.stat(follow_symlinks=False)
        stamp = (stat.st_mtime_ns, stat.st_size)
        old = self.reads.get(file)
        if old is not None and old[0] == stamp:
            return old[1], False
        result = check_file(kind, file, shown, known)
        self.reads[file] = (stamp, result)
        return result, True

    def build(self) -> tuple[dict[str, Page], list[Problem]]:
        """Every page, as `build_site` makes them; ContentError when there is an error."""
        files, problems = content_files(self.content_dir, list(FOLDERS))
        known = known_ids(self.content_dir, list(FOLDERS))
        changed: set[Key] = set()
        results = []
        for kind, file, shown in files:
            result, fresh = self._read(kind, file, shown, known)
            if fresh:
                changed.add((kind, file.name.removesuffix(".yaml")))
            results.append(result)
        present = {file for _, file, _ in files}
        for gone in set(self.reads) - present:
            changed.add((gone.parent.name, gone.name.removesuffix(".yaml")))
            del self.reads[gone]
        graph, found = link(results)
        problems = sorted(problems + found)
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
        for kind in FOLDERS:
            for entity in graph.all(kind):
                key = (kind, entity.id or "")
                if stale is None or key in stale or entity.page_path not in self.pages:
                    add_page(pages, entity.page_path, renderer.item_page(entity))
                else:
                    add_page(pages, entity.page_path, self.pages[entity.page_path])
        pages.update(downloads(graph))
        self.pages = pages
