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


class Channel:
    """What a streamed worker sends through: `send`, on its lane; `split` forks the worker
    into one process per lane, each of which then sends on its own."""

    def __init__(self, senders: list[Any]) -> None:
        self._senders = senders
        self.lane = 0
        self.children: list[int] = []

    @property
    def lanes(self) -> int:
        return len(self._senders)

    def send(self, value: Any) -> None:
        self._senders[self.lane].send(("sent", value))

    def raised(self, error: BaseException) -> None:
        try:
            self._senders[self.lane].send(("raised", error))
        except Exception:  # an exception that does not pickle: its text, then
            self._senders[self.lane].send(("raised", RuntimeError(traceback.format_exc())))

    def split(self) -> int:
        """Fork a process for each lane but the first; this process's lane in each."""
        for lane in range(1, self.lanes):
            child = os.fork()
            if child == 0:
                self.lane, self.children = lane, []
                return lane
            self.children.append(child)
        return 0

    def close(self) -> None:
        for sender in self._senders:
            sender.close()


class Streamed:
    """`produce(channel)` in a forked worker; this process reads what it sends, in order.

    The worker starts from this process's state as it is (no input is pickled) and works on
    while this process does something else; it blocks while a message waits to be read, so it
    runs about one message ahead and what it sends does not pile up. With `lanes` > 1 the worker
    may `split` into one process per lane, each sending on its own pipe (`receive(lane)`), so
    the work after the split runs on as many cores. What a worker raises is raised by
    `receive` of its lane; when `produce` returns the worker ends, and its memory goes with it."""

    def __init__(self, produce: Callable[[Channel], None], lanes: int = 1) -> None:
        context = multiprocessing.get_context("fork")
        pipes = [context.Pipe(duplex=False) for _ in range(lanes)]
        self._receivers = [receiver for receiver, _ in pipes]
        senders = [sender for _, sender in pipes]
        self._worker = context.Process(
            target=_stream, args=(produce, senders, self._receivers), daemon=True
        )
        self._worker.start()
        for sender in senders:
            sender.close()

    @property
    def lanes(self) -> int:
        return len(self._receivers)

    def receive(self, lane: int = 0) -> Any:
        try:
            kind, value = self._receivers[lane].recv()
        except EOFError:
            raise RuntimeError("the worker stopped without saying why") from None
        if kind == "raised":
            raise value
        return value

    def close(self) -> None:
        for receiver in self._receivers:
            receiver.close()
        self._worker.join(timeout=5)
        if self._worker.is_alive():  # stopped early: nothing will read what it has left
            self._worker.kill()
            self._worker.join()


def _stream(produce: Callable[[Channel], None], senders: list[Any], receivers: list[Any]) -> None:
    # The reading ends are the parent's alone: were the parent to die, sending fails (a broken
    # pipe) and the worker ends, instead of waiting for ever on a reader that is itself.
    for receiver in receivers:
        receiver.close()
    channel = Channel(senders)
    try:
        produce(channel)
    except BaseException as error:  # handed to the reader, whatever it is
        channel.raised(error)
    finally:
        channel.close()
        for child in channel.children:
            os.waitpid(child, 0)
        if channel.lane:  # a forked lane ends here, not in the code that forked its parent
            os._exit(0)
