"""The whole pipeline as pure functions: content folder in, checked graph or Markdown pages out.

`build_pages` is what both the MkDocs plugin and `python -m generator render` call, so the
Markdown never depends on the MkDocs plugin API.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .checks import check_graph
from .errors import ContentError, Problem, Severity
from .export import export_data
from .load import known_ids, load_content
from .models import KINDS
from .render import Page, render_pages
from .resolve import Graph, raw_reference_problems, resolve
from .validate import validate_documents


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the pipeline runs.

    The pipeline allocates millions of small objects and frees almost none before it ends, so
    each full pass of the collector walks all of them again: with it on, the 10,000-agreement
    corpus took 5 times longer to validate (bench/run.py). Reference counting still frees
    everything that is dropped; only the search for reference cycles waits.

    On the way out the surviving objects are frozen (left out of later collections, which
    would otherwise walk them all once more); on the way in, what an earlier run froze is
    unfrozen and collected, so a long-running `mkdocs serve` does not keep old graphs."""
    enabled = gc.isenabled()
    gc.unfreeze()
    gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


def build_graph(content_dir: Path) -> tuple[Graph, list[Problem]]:
    """Load, validate and resolve all content. Files with errors are left out of the graph,
    so check every problem's severity before trusting it."""
    with collector_paused():
        return _build_graph(content_dir)


def _build_graph(content_dir: Path) -> tuple[Graph, list[Problem]]:
    docs, problems = load_content(content_dir, list(KINDS))
    known = known_ids(content_dir, list(KINDS))
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


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


def build_site(
    content_dir: Path, overrides: Path | None = None
) -> tuple[dict[str, Page], list[Problem]]:
    """All pages, or ContentError carrying every problem when any is an error."""
    with collector_paused():
        graph, problems = _build_graph(content_dir)
        if has_errors(problems):
            raise ContentError(problems)
        pages = render_pages(graph, overrides)
        pages.update({path: Page(text) for path, text in export_data(graph).items()})
    return pages, problems


def build_pages(content_dir: Path, overrides: Path | None = None) -> dict[str, str]:
    """Path inside the docs tree -> text, for every generated page and data download."""
    pages, _ = build_site(content_dir, overrides)
    return {path: page.text for path, page in sorted(pages.items())}
