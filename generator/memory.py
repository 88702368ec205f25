"""The garbage-collector policy of a run over the whole corpus, for the command line and the
MkDocs adapter to apply (library functions leave the process's collector alone)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


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
