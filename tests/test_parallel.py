"""`parallel.Streamed`: what a worker sends, in order, what it raises, and the worker gone after;
`memory.Spool`: a page's HTML and front matter held on disk, given back once."""

from __future__ import annotations

import os
from functools import partial

import pytest

from generator.errors import ContentError
from generator.parallel import Channel, Streamed


def _count_to(last: int, channel: Channel) -> None:
    for number in range(last + 1):
        channel.send(number)
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


def _in_lanes(channel: Channel) -> None:
    channel.send(("before the split", os.getpid()))
    lane = channel.split()
    for number in range(lane, 9, channel.lanes):
        channel.send((number, os.getpid()))
    if lane == 2:
        raise ContentError([])


def test_a_split_worker_sends_on_every_lane_from_processes_of_their_own() -> None:
    stream = Streamed(_in_lanes, lanes=3)
    first, worker = stream.receive(0)
    assert first == "before the split"
    got = [stream.receive(number % 3) for number in range(9)]
    assert [number for number, _ in got] == list(range(9))
    pids = {number % 3: pid for number, pid in got}
    assert pids[0] == worker and len(set(pids.values())) == 3
    with pytest.raises(ContentError):  # what lane 2 raised, on lane 2
        stream.receive(2)
    stream.close()
    assert not stream._worker.is_alive()
    for pid in (pids[1], pids[2]):  # the forked lanes have ended and been reaped
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


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


def _endless(channel: Channel) -> None:
    while True:
        channel.send("x" * 10_000)


def test_the_worker_ends_when_nobody_is_left_to_read() -> None:
    """Were the process that reads to die, the worker's next send fails and it ends (it holds
    no reading end of its own to wait on for ever)."""
    stream = Streamed(_endless)
    assert stream.receive() == "x" * 10_000
    stream._receivers[0].close()  # what the reader's death does to the pipe
    stream._worker.join(timeout=10)
    assert not stream._worker.is_alive()
