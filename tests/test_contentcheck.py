"""`check` reads files in parallel without building the graph: it must find the same problems."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import generator.parallel as parallel
from generator.contentcheck import check_content
from generator.pipeline import build_graph

from .conftest import FIXTURE_CORPUS, ROOT

BROKEN = {
    "people/a.yaml": "name: A\nsources: [nope]\ncolour: red\n",
    "people/b.yaml": "name: A\nsources: [report]\n",  # same name as a
    "people/c.yaml": "name: C\nname: D\nsources: [report]\n",  # duplicate key
    "people/d.yaml": "name: D\npositions: [{title: X, country: zz, sources: [repotr]}]\n",
    "sources/unused.yaml": "title: Unused\nkind: analysis\nlanguage: en\n",
    "agreements/bad.yaml": "title: Bad\nkind: treatyy\nparties: [{country: pl}]\nsources: [b]\n",
    "events/e.yaml": "title: E\nkind: meeting\ndate: 2024-02-30\nsources: [report]\n",
}


@pytest.mark.parametrize("forked", [False, True])
def test_check_finds_what_the_full_pipeline_finds(
    forked: bool, corpus: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    if forked:
        monkeypatch.setattr(parallel, "WORTH_FORKING", 1)
    for content in (corpus(BROKEN), FIXTURE_CORPUS, ROOT / "content"):
        problems, counts = check_content(content)
        graph, expected = build_graph(content)
        assert problems == expected, content
        assert counts == {kind: len(items) for kind, items in graph.items.items()}
    assert any("unknown source 'nope'" in p.message for p in check_content(corpus(BROKEN))[0])
