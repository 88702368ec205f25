"""`parallel.Streamed`: what a worker sends, in order, what it raises, and the worker gone after;
`memory.Spool`: a page's HTML and front matter held on disk, given back once."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pytest

from generator.errors import ContentError
from generator.parallel import Streamed


def _count_to(last: int, send: Callable[[Any], None]) -> None:
    for number in range(last + 1):
        send(number)
    if last == 3:
        raise ContentError([])


def test_a_stream_hands_out_what_its_worker_sends_and_the_worker_ends() -> None:
    stream = Streamed(partial(_count_to, 5))
    assert [stream.receive() for _ in range(6)] == [0, 1, 2, 3, 4, 5]
    stream.close()
    assert not stream._worker.is_alive()  # the worker process itself


def test_what_the_worker_raises_is_raised_here() -> None:
    stream = Streamed(partial(_count_to, 3))
    assert [stream.receive() for _ in range(4)] == [0, 1, 2, 3]
    with pytest.raises(ContentError, match="0 error"):
        stream.receive()
    stream.close()


def test_the_spool_gives_each_page_back_once() -> None:
    from generator.memory import Spool

    spool = Spool()
    spool.put("a.md", "<p>Zełenski – Зеленський</p>", {"names": ["Зеленський"], "n": {"x": 1}})
    spool.put("b.md", "", {})
    assert spool.take("a.md") == (
        "<p>Zełenski – Зеленський</p>",
        {"names": ["Зеленський"], "n": {"x": 1}},
    )
    assert spool.take("b.md") == ("", {})
    assert spool.take("a.md") is None
    spool.close()


def _endless(send: Callable[[Any], None]) -> None:
    while True:
        send("x" * 10_000)


def test_the_worker_ends_when_nobody_is_left_to_read() -> None:
    """Were the process that reads to die, the worker's next send fails and it ends (it holds
    no reading end of its own to wait on for ever)."""
    stream = Streamed(_endless)
    assert stream.receive() == "x" * 10_000
    stream._receiver.close()  # what the reader's death does to the pipe
    stream._worker.join(timeout=10)
    assert not stream._worker.is_alive()
