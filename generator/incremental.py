"""Rebuilds for the live preview: after an edit, redo only what the edit touches.

`IncrementalSite.build()` gives the same pages as `build_site` (a test holds them equal), but
keeps what it can between calls:

- a file whose size and modification time are unchanged is not checked again
  (`stage.check_file` runs on the edited files only), and the graph is linked again (cheap);
- a page is rendered again only when it read something the edit changed: every page records
  what it read of the graph (`pageviews.Reader`): the items it showed, the items whose incoming
  links it listed, the sources whose facts it listed, the kinds it listed whole. An edit of a
  file changes its item, the incoming links of every item it referred to before or after the
  edit, the facts of every source it cited, and its kind's list;
- the overview pages and the downloads are made again on every edit.

`mkdocs build` never uses this module.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .chronicle import Chronicle
from .errors import ContentError, Problem, has_errors
from .files import content_files, known_ids
from .kinds import CITED, FOLDERS
from .models import Entity
from .pipeline import DownloadMemos, downloads
from .reads import Read, Reader
from .render import Page, Renderer, add_page, row_keys
from .resolve import Graph, Known, references
from .stage import FileResult, check_file, link, reference_problems
from .views import ListingPart, TimelineEntry, timeline, timeline_entries

Key = tuple[str, str]


def _changed_reads(kind: str, item_id: str, versions: list[FileResult | None]) -> set[Read]:
    """What an edit of one file changes, given its result before and after the edit."""
    touched: set[Read] = {("item", kind, item_id), ("all", kind, "")}
    for result in versions:
        if result is None or result.entity is None:
            continue
        for _, ref, _ in references(result.entity):
            source = getattr(ref, "source", None)
            if source is not None:  # a citation: the source's page lists the facts citing it
                touched.add(("facts", CITED, source.id))
            else:
                touched.add(("incoming", ref.kind, ref.id))
    return touched


def _entries(item: Entity, reader: Reader) -> list[TimelineEntry]:
    return timeline_entries(item, reader)  # type: ignore[arg-type]


class _ReusingRenderer(Renderer):
    """Renders a part of a split listing again only when it read something that changed."""

    def __init__(self, site: IncrementalSite, graph: Graph, changed: set[Read] | None) -> None:
        super().__init__(graph, site.overrides)
        self.site, self.changed = site, changed

    def timeline(self) -> list[TimelineEntry]:
        memo = self.site.memos.timeline
        return timeline(self.graph, lambda item: memo.get(item, self.graph, _entries))

    def listing_part(self, template: str, kind: str, part: ListingPart) -> Page:
        old = self.site.pages.get(part.path)
        unchanged = old is not None and old.rows == row_keys(part.items)  # no row came or went
        if self.changed is not None and unchanged and not old.reads & self.changed:  # type: ignore[union-attr]
            return old  # type: ignore[return-value]
        return super().listing_part(template, kind, part)


@dataclass
class IncrementalSite:
    content_dir: Path
    overrides: Path | None = None
    chronicle: Chronicle | None = None
    """The content's history as committed (read once: the preview shows uncommitted edits)."""
    results: dict[Path, tuple[tuple[int, int], FileResult]] = field(default_factory=dict)
    pages: dict[str, Page] = field(default_factory=dict)
    memos: DownloadMemos = field(default_factory=DownloadMemos)
    known: Known | None = None
    """The folder listing of the last build: when a file comes or goes, every file's
    references are checked again (one may now name nothing, or something again)."""
    pending: set[Read] = field(default_factory=set)
    """What edits changed since the last build that succeeded (a failed build renders
    nothing, so its edits wait for the next one)."""
    rendered: int = 0
    """Item pages rendered by the last build (the others were kept), for tests and the bench."""

    def _read(self, kind: str, file: Path, shown: str, known: Known) -> FileResult | None:
        """The file's new result when its size or time changed since the last build, else None.
        (References are checked against the listing: a file added or removed elsewhere makes
        the next full build, not the preview, report a reference it breaks or mends.)"""
        stat = file.stat(follow_symlinks=False)
        stamp = (stat.st_mtime_ns, stat.st_size)
        old = self.results.get(file)
        if old is not None and old[0] == stamp:
            return None
        result = check_file(kind, file, shown, known)
        self.results[file] = (stamp, result)
        return result

    def build(self) -> tuple[dict[str, Page], list[Problem]]:
        """Every page, as `build_site` makes them; ContentError when there is an error."""
        files, problems = content_files(self.content_dir, list(FOLDERS))
        known = known_ids(self.content_dir, list(FOLDERS))
        if self.known is not None and known != self.known:
            # A file came or went: every file's references are checked against the new listing
            # (one may now name nothing, or something again), without reading the files again.
            for _, result in self.results.values():
                result.ref_problems = reference_problems(result, known)
        self.known = known
        first = not self.pages
        changed = self.pending
        for kind, file, shown in files:
            before = self.results.get(file)
            after = self._read(kind, file, shown, known)
            if after is not None:
                item_id = file.name.removesuffix(".yaml")
                changed |= _changed_reads(kind, item_id, [before[1] if before else None, after])
        present = {file for _, file, _ in files}
        for gone in set(self.results) - present:
            item_id = gone.name.removesuffix(".yaml")
            changed |= _changed_reads(gone.parent.name, item_id, [self.results.pop(gone)[1]])
        # linked in the order of the listing, as a full build links them (pages list what links
        # to an item in that order)
        graph, found = link([self.results[file][1] for _, file, _ in files])
        problems = sorted(problems + found)
        if has_errors(problems):
            raise ContentError(problems)
        graph.chronicle = self.chronicle
        self._render(graph, None if first else changed)
        self.pending = set()
        return dict(self.pages), problems

    def _render(self, graph: Graph, changed: set[Read] | None) -> None:
        self.memos.edited(changed or set())
        renderer = _ReusingRenderer(self, graph, changed)
        pages = renderer.overview_pages()
        self.rendered = 0
        for kind in FOLDERS:
            for entity in graph.all(kind):
                old = self.pages.get(entity.page_path)
                if changed is None or old is None or old.reads & changed:
                    old = renderer.item_page(entity)
                    self.rendered += 1
                add_page(pages, entity.page_path, old)
        pages.update(downloads(graph, self.memos))
        self.pages = pages
