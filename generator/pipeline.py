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
from pathlib import Path
from typing import Any

from .chronicle import Chronicle
from .compare import compare_files
from .errors import ContentError, Problem, has_errors
from .export import Rows, export_data
from .feeds import feed_files
from .files import content_files, known_ids
from .kinds import FOLDERS
from .reads import ItemMemo, Read
from .renames import redirect_pages
from .render import Page, PendingPages, render_pages, start_rendering
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


def build_site_streamed(
    content_dir: Path,
    overrides: Path | None = None,
    chronicle: Chronicle | None = None,
    prepare: Callable[[str], Any] = str,
) -> tuple[dict[str, Page], PendingPages | None, list[Problem]]:
    """`build_site` for the MkDocs adapter: on a large corpus it returns before the item pages
    are rendered, with `PendingPages` handing them out in order as a worker renders them (and
    applies `prepare` to each: what the engine would do next, on the worker's core)."""
    graph, problems = _checked_graph(content_dir, chronicle)
    pages, pending = start_rendering(graph, overrides, prepare)
    pages.update(downloads(graph))
    return pages, pending, problems


def build_pages(
    content_dir: Path, overrides: Path | None = None, chronicle: Chronicle | None = None
) -> dict[str, str]:
    """Path inside the docs tree -> text, for every generated page and data download."""
    pages, _ = build_site(content_dir, overrides, chronicle=chronicle)
    return {path: page.text for path, page in sorted(pages.items())}
