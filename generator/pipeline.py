"""The whole pipeline as pure functions: content folder in, checked graph or Markdown pages out.

`build_pages` is what both the MkDocs plugin and `python -m generator render` call, so the
Markdown never depends on the MkDocs plugin API.
"""

from __future__ import annotations

from pathlib import Path

from .checks import check_graph
from .errors import ContentError, Problem, has_errors
from .export import export_data
from .load import known_ids, load_content
from .memory import collector_paused
from .models import MODELS
from .render import Page, PendingPages, render_pages, start_rendering
from .resolve import Graph, raw_reference_problems, resolve
from .searchindex import ITEMS_FILE, search_records
from .validate import validate_documents


def build_graph(content_dir: Path) -> tuple[Graph, list[Problem]]:
    """Load, validate and resolve all content. Files with errors are left out of the graph,
    so check every problem's severity before trusting it."""
    with collector_paused():
        return _build_graph(content_dir)


def _build_graph(content_dir: Path) -> tuple[Graph, list[Problem]]:
    docs, problems = load_content(content_dir, list(MODELS))
    known = known_ids(content_dir, list(MODELS))
    entities, found = validate_documents(docs)
    problems += found
    by_key = {(doc.kind, doc.id): doc for doc in docs}
    graph, found = resolve(entities, by_key, known)
    problems += found
    valid = {(entity.KIND, entity.id) for entity in entities}
    for doc in docs:
        if (doc.kind, doc.id) not in valid:
            problems += raw_reference_problems(doc, known)
    problems += check_graph(graph, by_key)
    return graph, sorted(problems)


def downloads(graph: Graph) -> dict[str, Page]:
    """The files beside the pages: data downloads, schemas, and the search records."""
    files = {path: Page(text) for path, text in export_data(graph).items()}
    files[ITEMS_FILE] = Page(search_records(graph, MODELS))
    return files


def build_site(
    content_dir: Path, overrides: Path | None = None, workers: int | None = None
) -> tuple[dict[str, Page], list[Problem]]:
    """All pages, or ContentError carrying every problem when any is an error. `workers`:
    processes rendering item pages on a large corpus (default: one per core)."""
    with collector_paused():
        graph, problems = _build_graph(content_dir)
        if has_errors(problems):
            raise ContentError(problems)
        pages = render_pages(graph, overrides, workers)
        pages.update(downloads(graph))
    return pages, problems


def build_site_streamed(
    content_dir: Path, overrides: Path | None = None
) -> tuple[dict[str, Page], PendingPages | None, list[Problem]]:
    """`build_site` for the MkDocs adapter: on a large corpus it returns before the item pages
    are rendered, with `PendingPages` handing them out in order as a worker renders them."""
    with collector_paused():
        graph, problems = _build_graph(content_dir)
        if has_errors(problems):
            raise ContentError(problems)
        pages, pending = start_rendering(graph, overrides)
        pages.update(downloads(graph))
    return pages, pending, problems


def build_pages(content_dir: Path, overrides: Path | None = None) -> dict[str, str]:
    """Path inside the docs tree -> text, for every generated page and data download."""
    pages, _ = build_site(content_dir, overrides)
    return {path: page.text for path, page in sorted(pages.items())}
