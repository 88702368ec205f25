"""Connections diagrams: what each page kind shows, links that resolve, labels that stay text."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.diagram import MAX_PER_GROUP, connections, groups_of
from generator.paths import relative_url
from generator.pipeline import build_graph


def _agreement(parties: list[str], title: str = "Accord") -> str:
    listed = ", ".join(f"{{country: {code}}}" for code in parties)
    return f"title: '{title}'\nkind: treaty\nparties: [{listed}]\nsources: [report]\n"


def test_relative_urls_between_directory_pages() -> None:
    assert relative_url("agreements/a.md", "people/b.md") == "../../people/b/"
    assert relative_url("agreements/a.md", "agreements/c.md") == "../c/"
    assert relative_url("index.md", "countries/pl.md") == "countries/pl/"


def test_agreement_diagram_groups_and_links(corpus: Callable[..., Path]) -> None:
    files = {
        "agreements/accord.yaml": _agreement(["pl", "ua"])
        + "related: [{agreement: older, relation: supersedes, sources: [report]}]\n",
        "agreements/older.yaml": _agreement(["pl"], "Older"),
    }
    graph, problems = build_graph(corpus(files))
    assert problems == []
    accord = graph.items["agreements"]["accord"]
    assert [(g.title, [m.id for m in g.members]) for g in groups_of(accord, graph)] == [
        ("Parties", ["pl", "ua"]),
        ("Related agreements", ["older"]),
    ]
    older = graph.items["agreements"]["older"]  # the link is drawn from the other end too
    assert [(g.title, [m.id for m in g.members]) for g in groups_of(older, graph)] == [
        ("Parties", ["pl"]),
        ("Related agreements", ["accord"]),
    ]
    html = connections(accord, graph, "agreements/accord.md")
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert hrefs == ["../../countries/pl/", "../../countries/ua/", "../older/"]
    assert "\n\n" not in html  # one HTML block for every Markdown engine


def test_labels_are_escaped_and_the_svg_is_well_formed(corpus: Callable[..., Path]) -> None:
    hostile = '</text><script>alert(1)</script> & "quotes"'
    graph, problems = build_graph(corpus({"agreements/accord.yaml": _agreement(["pl"], hostile)}))
    assert problems == []
    html = connections(graph.items["countries"]["pl"], graph, "countries/pl.md")
    assert "<script>" not in html
    figure = ElementTree.fromstring(html)  # parses: nothing broke out of its element
    texts = "".join(figure.itertext())
    assert "</text><script>alert(1)</script>" in texts.replace("\n", "")


def test_a_large_group_shows_a_few_and_counts_the_rest(corpus: Callable[..., Path]) -> None:
    count = MAX_PER_GROUP + 3
    files = {f"agreements/a{n:02d}.yaml": _agreement(["pl"], f"Accord {n}") for n in range(count)}
    graph, _ = build_graph(corpus(files))
    html = connections(graph.items["countries"]["pl"], graph, "countries/pl.md")
    # MAX_PER_GROUP agreements, then the one person of the minimal corpus
    assert html.count('class="node"') == MAX_PER_GROUP + 1
    assert "and 3 more" in html


def test_an_item_linked_to_nothing_has_no_diagram(corpus: Callable[..., Path]) -> None:
    graph, _ = build_graph(corpus())
    assert connections(graph.items["sources"]["report"], graph, "sources/report.md") == ""


@given(
    st.lists(st.sampled_from(["a", "b", "people", "x"]), min_size=0, max_size=3),
    st.lists(st.sampled_from(["a", "b", "people", "y"]), min_size=0, max_size=3),
)
@settings(max_examples=300)
def test_relative_urls_equal_posixpath(source: list[str], target: list[str]) -> None:
    import posixpath

    from generator.paths import page_url

    from_page, to_page = "/".join([*source, "p.md"]), "/".join([*target, "q.md"])
    here, there = page_url(from_page) or ".", page_url(to_page) or "."
    assert relative_url(from_page, to_page) == posixpath.relpath(there, here).rstrip("/") + "/"


@given(st.text(alphabet="ab -", max_size=60), st.integers(min_value=3, max_value=20))
def test_wrapping_keeps_every_word_and_width(text: str, width: int) -> None:
    from generator.diagram import _wrap

    lines = _wrap(text, width)
    assert all(0 < len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
