"""`parallel.Ahead`: results in order, each handed out once, and the worker gone with the last;
`memory.Spool`: a page's HTML held on disk, given back once."""

from __future__ import annotations

import pytest

from generator.parallel import Ahead


def _square(n: int) -> int:
    return n * n


def test_the_worker_ends_when_the_last_result_is_taken() -> None:
    items = list(range(2 * Ahead.CHUNK + 5))
    ahead = Ahead(_square, items)
    assert [ahead.result(i) for i in items[:-1]] == [n * n for n in items[:-1]]
    workers = list(ahead._pool._processes.values())  # the worker processes themselves
    assert workers and all(worker.is_alive() for worker in workers)
    assert ahead.result(items[-1]) == items[-1] ** 2
    for worker in workers:
        worker.join(timeout=10)
        assert not worker.is_alive()
    with pytest.raises(RuntimeError, match="already handed out"):
        ahead.result(0)


def test_the_spool_gives_each_page_back_once() -> None:
    from generator.memory import Spool

    spool = Spool()
    spool.put("a.md", "<p>Zełenski – Зеленський</p>")
    spool.put("b.md", "")
    assert spool.take("a.md") == "<p>Zełenski – Зеленський</p>"
    assert spool.take("b.md") == ""
    assert spool.take("a.md") is None
    spool.close()
