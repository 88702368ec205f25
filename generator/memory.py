"""The garbage-collector policy of a run over the whole corpus, for the command line and the
MkDocs adapter to apply (library functions leave the process's collector alone)."""

from __future__ import annotations

import gc
import json
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


@contextmanager
def collector_paused(collect: bool = True) -> Iterator[None]:
    """Pause Python's cyclic garbage collector while the pipeline runs.

    The pipeline allocates millions of small objects and frees almost none before it ends, so
    each full pass of the collector walks all of them again: with it on, the 10,000-agreement
    corpus took 5 times longer to validate (bench/run.py). Reference counting still frees
    everything that is dropped; only the search for reference cycles waits.

    On the way out the surviving objects are frozen (left out of later collections, which
    would otherwise walk them all once more); on the way in, with `collect`, what an earlier
    run froze is unfrozen and collected, so a long-running `mkdocs serve` does not keep old
    graphs (the preview collects only every few rebuilds: a collection costs 0.5 s on 1,000
    agreements, and what an edit replaces is freed by reference counting anyway)."""
    enabled = gc.isenabled()
    if collect:
        gc.unfreeze()
        gc.collect()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if enabled:
            gc.enable()


class Spool:
    """Pages' HTML (and the front matter only their template reads) held in one temporary file
    from conversion to their template, not in memory.

    MkDocs converts every page before it renders any (a page's navigation may need the others'
    titles), so a build would hold all of them: about 20 KB of HTML and 5 KB of front matter a
    page, 650 MB at 26,000 pages. Both are written here when the page is converted and read back
    once, for its template."""

    def __init__(self) -> None:
        # Kept open for the whole build (closed by `close`); the system removes it then.
        self._file = tempfile.TemporaryFile()  # noqa: SIM115
        self._held: dict[str, tuple[int, int]] = {}

    def put(self, key: str, html: str, meta: dict[str, Any]) -> None:
        data = json.dumps([html, meta], ensure_ascii=False).encode("utf-8")
        self._held[key] = (self._file.seek(0, os.SEEK_END), len(data))
        self._file.write(data)

    def take(self, key: str) -> tuple[str, dict[str, Any]] | None:
        """The HTML and front matter put under `key`, once; None if there are none."""
        found = self._held.pop(key, None)
        if found is None:
            return None
        self._file.seek(found[0])
        html, meta = json.loads(self._file.read(found[1]).decode("utf-8"))
        return html, meta

    def close(self) -> None:
        self._file.close()
