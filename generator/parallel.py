"""Work split over forked processes, the one way the generator uses more than one core.

The work's inputs are set before the workers are forked, so they inherit them instead of
receiving them pickled; each task carries two numbers. Below `WORTH_FORKING` items a second
process costs more than it saves.
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

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


class Streamed:
    """`produce(send)` in one forked worker; this process reads what it sends, in order.

    The worker starts from this process's state as it is (no input is pickled) and works on
    while this process does something else; it blocks while a message waits to be read, so it
    runs about one message ahead and what it sends does not pile up. What the worker raises is
    raised by `receive`; when `produce` returns the worker ends, and its memory goes with it."""

    def __init__(self, produce: Callable[[Callable[[Any], None]], None]) -> None:
        context = multiprocessing.get_context("fork")
        self._receiver, sender = context.Pipe(duplex=False)
        self._worker = context.Process(
            target=_stream, args=(produce, sender, self._receiver), daemon=True
        )
        self._worker.start()
        sender.close()

    def receive(self) -> Any:
        try:
            kind, value = self._receiver.recv()
        except EOFError:
            raise RuntimeError("the worker stopped without saying why") from None
        if kind == "raised":
            raise value
        return value

    def close(self) -> None:
        self._receiver.close()
        self._worker.join(timeout=5)
        if self._worker.is_alive():  # stopped early: nothing will read what it has left
            self._worker.kill()
            self._worker.join()


def _stream(produce: Callable[[Callable[[Any], None]], None], sender: Any, receiver: Any) -> None:
    # The reading end is the parent's alone: were the parent to die, sending fails (a broken
    # pipe) and the worker ends, instead of waiting for ever on a reader that is itself.
    receiver.close()
    try:
        produce(lambda value: sender.send(("sent", value)))
    except BaseException as error:  # handed to the reader, whatever it is
        try:
            sender.send(("raised", error))
        except Exception:  # an exception that does not pickle: its text, then
            sender.send(("raised", RuntimeError(traceback.format_exc())))
    finally:
        sender.close()
