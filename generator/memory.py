"""Memory management for runs over the whole corpus."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager


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


def cores() -> int:
    """The processor cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - platforms without affinity masks
