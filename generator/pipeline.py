"""The whole pipeline as pure functions: content folder in, checked graph or Markdown pages out.

`build_pages` is what `python -m generator render` and `diff` call; the MkDocs adapter calls
`build_site_streamed`, which gives the same pages (tested) while a worker renders ahead. Neither
depends on the MkDocs plugin API, so another engine can build the same pages.

Garbage-collector policy is the caller's (the command line and the MkDocs adapter pause it,
see memory.py): library functions do not touch the process's collector.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from .chronicle import Chronicle
from .compare import compare_files
from .errors import ContentError, Problem, has_errors
from .export import Rows, export_data
from .feeds import feed_files
from .files import content_files, known_ids
from .kinds import FOLDERS
from .parallel import Streamed, workers_for
from .reads import ItemMemo, Read
from .renames import redirect_pages
from .render import Page, overview_and_items, render_pages, source_of
from .resolve import Graph, Known
from .stage import FileResult, check_file, link
from .views import TimelineEntry


def build_graph(content_dir: Path) -> tuple[Graph, list[Problem]]:
    """Every file through `stage.check_file`, in order, then `stage.link`. Files with errors
    are left out of the graph, so check every problem's severity before trusting it."""
    files, problems = content_files(content_dir, list(FOLDERS))
    known = known_ids(content_dir, list(FOLDERS))
    graph, found = link([_checked(kind, file, shown, known) for kind, file, shown in files])
    return graph, sorted(problems + found)


def _checked(kind: str, file: Path, shown: str, known: Known) -> FileResult:
    """`check_file`, without the parsed file: where each value is written is needed only for
    the file's own problems, and kept for every file it was most of a build's memory."""
    result = check_file(kind, file, shown, known)
    result.document = None
    return result


@dataclass
class DownloadMemos:
    """What the preview keeps of the downloads between builds (reads.ItemMemo)."""

    rows: ItemMemo[Rows] = field(default_factory=ItemMemo)
    timeline: ItemMemo[list[TimelineEntry]] = field(default_factory=ItemMemo)

    def edited(self, changed: set[Read]) -> None:
        self.rows.changed = self.timeline.changed = changed


def downloads(graph: Graph, memos: DownloadMemos | None = None) -> dict[str, Page]:
    """The files beside the pages: data downloads, schemas, and the pages at renamed items'
    former addresses."""
    rows = memos.rows if memos else None
    files = {**export_data(graph, rows), **compare_files(graph), **feed_files(graph)}
    files.update(redirect_pages(graph))
    return {path: Page(text) for path, text in files.items()}


def _checked_graph(content_dir: Path, chronicle: Chronicle | None) -> tuple[Graph, list[Problem]]:
    graph, problems = build_graph(content_dir)
    if has_errors(problems):
        raise ContentError(problems)
    graph.chronicle = chronicle
    return graph, problems


def build_site(
    content_dir: Path,
    overrides: Path | None = None,
    workers: int | None = None,
    chronicle: Chronicle | None = None,
) -> tuple[dict[str, Page], list[Problem]]:
    """All pages, or ContentError carrying every problem when any is an error. `workers`:
    processes rendering item pages on a large corpus (default: one per core); `chronicle`: the
    content's history, for the history sections, the Changes page and the feeds."""
    graph, problems = _checked_graph(content_dir, chronicle)
    pages = render_pages(graph, overrides, workers)
    pages.update(downloads(graph))
    return pages, problems


CHUNK = 200
"""Item pages the worker sends at a time."""


class PendingPages:
    """Item pages a forked worker is still rendering, handed out in chunks as it sends them.

    Each page is handed out once; a chunk is let go when its last page is taken, and the worker
    ends when it has sent the last one."""

    def __init__(self, stream: Streamed, items: list[tuple[str, str]]) -> None:
        self.items = items
        """(page path, content file) of each page, in the order the worker renders them."""
        self._stream = stream
        self._chunks: dict[int, list[Any]] = {}
        self._left: dict[int, int] = {}
        self._received = 0

    def text(self, index: int) -> Any:
        """Page `index` (its Markdown), waiting for it."""
        chunk = index // CHUNK
        while self._received <= chunk:
            self._chunks[self._received] = self._stream.receive()
            self._left[self._received] = len(self._chunks[self._received])
            self._received += 1
            if self._received * CHUNK >= len(self.items):
                self.close()  # all sent: the worker has ended
        if chunk not in self._chunks:
            raise RuntimeError(f"page {index} was already handed out")
        found = self._chunks[chunk][index % CHUNK]
        self._left[chunk] -= 1
        if self._left[chunk] == 0:
            del self._chunks[chunk]
        return found

    def close(self) -> None:
        self._stream.close()


def build_site_streamed(
    content_dir: Path,
    overrides: Path | None = None,
    chronicle: Chronicle | None = None,
) -> tuple[dict[str, Page], PendingPages | None, list[Problem]]:
    """`build_site` for the MkDocs adapter. On a large corpus a forked worker builds the graph
    and every page, and this process receives them: the overview pages and downloads at once,
    the item pages in order as the worker renders them. The graph never exists in this process,
    which the engine keeps busy, and goes with the worker when it has sent the last page."""
    files, _ = content_files(content_dir, list(FOLDERS))
    if workers_for(len(files)) < 2:
        pages, problems = build_site(content_dir, overrides, workers=1, chronicle=chronicle)
        return pages, None, problems
    stream = Streamed(partial(_send_site, content_dir, overrides, chronicle))
    try:
        pages, items, problems = stream.receive()
    except BaseException:
        stream.close()
        raise
    return pages, PendingPages(stream, items), problems


def _send_site(
    content_dir: Path,
    overrides: Path | None,
    chronicle: Chronicle | None,
    send: Callable[[Any], None],
) -> None:
    """In the worker: the site, then its item pages in chunks of CHUNK."""
    graph, problems = _checked_graph(content_dir, chronicle)
    pages, entities, renderer = overview_and_items(graph, overrides)
    pages.update(downloads(graph))
    # What a page read of the graph is for the preview, which does not stream.
    pages = {path: Page(page.text, page.source_path) for path, page in pages.items()}
    send((pages, [(e.page_path, source_of(e, graph)) for e in entities], problems))
    del pages  # sent: the downloads alone are 100 MB at 10,000 agreements
    for start in range(0, len(entities), CHUNK):
        send([renderer.item_page(e).text for e in entities[start : start + CHUNK]])


def build_pages(
    content_dir: Path, overrides: Path | None = None, chronicle: Chronicle | None = None
) -> dict[str, str]:
    """Path inside the docs tree -> text, for every generated page and data download."""
    pages, _ = build_site(content_dir, overrides, chronicle=chronicle)
    return {path: page.text for path, page in sorted(pages.items())}
