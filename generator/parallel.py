"""Work split over forked processes, the one way the generator uses more than one core.

The work's inputs are set before the workers are forked, so they inherit them instead of
receiving them pickled; each task carries two numbers. Below `WORTH_FORKING` items a second
process costs more than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
WORTH_FORKING = 1500

_INHERITED: dict[int, tuple[Callable[[Any], Any], list[Any]]] = {}


def cores() -> int:
    """The processor cores this process may use."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1  # pragma: no cover - platforms without affinity masks


def workers_for(count: int, wanted: int | None = None) -> int:
    """How many processes `count` items are worth (1: do them here)."""
    return 1 if count < WORTH_FORKING else max(1, min(wanted or cores(), 8))


def _run_slice(key: int, first: int, step: int) -> list[Any]:
    func, items = _INHERITED[key]
    return [func(item) for item in items[first::step]]


def _run_range(key: int, start: int, stop: int) -> list[Any]:
    func, items = _INHERITED[key]
    return [func(item) for item in items[start:stop]]


@contextmanager
def _inherited(func: Callable[[Item], Result], items: list[Item]) -> Iterator[int]:
    key = id(items)
    _INHERITED[key] = (func, items)
    try:
        yield key
    finally:
        del _INHERITED[key]


def fork_map(func: Callable[[Item], Result], items: list[Item], workers: int) -> list[Result]:
    """`[func(item) for item in items]` on `workers` processes: this one takes every n-th item
    and n - 1 forked workers the others (interleaved, so each share holds some heavy items and
    this share needs no pickling)."""
    if workers < 2:
        return [func(item) for item in items]
    with _inherited(func, items) as key:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers - 1, mp_context=context) as pool:
            others = [pool.submit(_run_slice, key, first, workers) for first in range(1, workers)]
            parts = [_run_slice(key, 0, workers), *(future.result() for future in others)]
    return [parts[index % workers][index // workers] for index in range(len(items))]


class Ahead(Generic[Item, Result]):
    """`func` over `items` in one forked worker, in order and in chunks, while this process
    does other work; `result(i)` waits only for the chunk holding item i."""

    CHUNK = 200

    def __init__(self, func: Callable[[Item], Result], items: list[Item]) -> None:
        self._done: dict[int, list[Result]] = {}
        self._left: dict[int, int] = {}
        with _inherited(func, items) as key:  # the worker is forked at the first submit
            self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
            self._chunks: list[Future[list[Result]] | None] = [
                self._pool.submit(_run_range, key, start, start + self.CHUNK)
                for start in range(0, len(items), self.CHUNK)
            ]

    def result(self, index: int) -> Result:
        """Item `index`'s result. Each is handed out once: a chunk is let go when its last
        item has been taken, so the results do not pile up (MkDocs keeps its own copy)."""
        chunk = index // self.CHUNK
        if chunk not in self._done:
            future = self._chunks[chunk]
            if future is None:
                raise RuntimeError(f"result {index} was already handed out")
            self._done[chunk] = future.result()
            self._left[chunk] = len(self._done[chunk])
        found = self._done[chunk][index % self.CHUNK]
        self._left[chunk] -= 1
        if self._left[chunk] == 0:
            del self._done[chunk]
            self._chunks[chunk] = None
            if not any(self._chunks):  # the last result is out: the worker's memory goes too
                self.close()
        return found

    def close(self) -> None:
        self._pool.shutdown(cancel_futures=True)
