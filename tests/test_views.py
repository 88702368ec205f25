"""Derived views: the timeline, a country's partners, page tags, a person's organisations."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import generator.parallel as parallel
from generator.models import Country, Person
from generator.pipeline import build_graph
from generator.views import (
    agreements_of,
    facets_of,
    found_by,
    organisations_of,
    partners_of,
    timeline,
)

FILES = {
    "agreements/pl-ua.yaml": """
        title: Poland–Ukraine accord
        kind: agreement
        parties:
          - country: pl
            actions:
              - {action: ratified, date: 2024-09, sources: [report]}
          - country: ua
        signing: {date: 2024-07-08, place: Warsaw, sources: [report]}
        status:
          - {status: signed, date: 2024-07-08, sources: [report]}
          - {status: in-force, date: 2024, sources: [report]}
        provisions:
          - {category: air-defence, text: Shoot down drones, sources: [report]}
          - {category: training, text: Train troops, sources: [report]}
        sources: [report]
    """,
    "agreements/pl-lt.yaml": """
        title: Poland–Lithuania declaration
        kind: declaration
        parties: [{country: pl}, {country: lt}]
        sources: [report]
    """,
    "agreements/pl-lt-2.yaml": """
        title: Second Poland–Lithuania declaration
        kind: declaration
        parties: [{country: lt}, {country: pl}]
        signing: {date: 2020, sources: [report]}
        sources: [report]
    """,
    "organisations/ministry.yaml": """
        name: Ministry of Defence
        kind: ministry
        country: pl
        sources: [report]
    """,
    "people/donald-tusk.yaml": """
        name: Donald Tusk
        positions:
          - {title: Prime Minister, country: pl, start: 2023-12, sources: [report]}
          - {title: Adviser, organisation: ministry, start: 2010, end: 2011, sources: [report]}
          - {title: Minister, organisation: ministry, start: 2012, sources: [report]}
        sources: [report]
    """,
}


def test_timeline_orders_every_dated_fact_and_says_each_once(corpus: Callable[..., Path]) -> None:
    graph, problems = build_graph(corpus(FILES))
    assert problems == []
    entries = [(str(e.date), e.what, e.item.id) for e in timeline(graph)]
    assert entries == [
        ("2010", "took office", "donald-tusk"),
        ("2011", "left office", "donald-tusk"),
        ("2012", "took office", "donald-tusk"),
        ("2020", "signed", "pl-lt-2"),
        ("2023-12", "took office", "donald-tusk"),
        # a year-only date sorts before the months and days of its year
        ("2024", "entered into force", "pl-ua"),
        ("2024-07-08", "signed", "pl-ua"),  # the signing and the "signed" status: one entry
        ("2024-09", "ratified", "pl-ua"),
    ]
    ratified = timeline(graph)[-1]
    assert [c.id for c in ratified.countries] == ["pl"]  # a party's own action: that party only
    assert [c.id for c in timeline(graph)[-2].countries] == ["pl", "ua"]


def test_partners_count_agreements_by_kind(corpus: Callable[..., Path]) -> None:
    graph, _ = build_graph(corpus(FILES))
    poland = graph.items["countries"]["pl"]
    assert isinstance(poland, Country)
    partners = partners_of(poland, graph)
    assert [(p.entity.id, len(p.agreements), p.kinds) for p in partners] == [
        ("lt", 2, [("declaration", 2)]),
        ("ua", 1, [("agreement", 1)]),
    ]


def test_facets_name_kind_year_countries_categories_and_status(
    corpus: Callable[..., Path],
) -> None:
    graph, _ = build_graph(corpus(FILES))
    assert facets_of(graph.items["agreements"]["pl-ua"], graph) == {
        "kind": ["Agreements"],
        "year": ["2024"],
        "country": ["Poland", "Ukraine"],
        "category": ["Air defence", "Training"],
        "status": ["In force"],  # the latest status
    }
    assert facets_of(graph.items["people"]["donald-tusk"], graph) == {
        "kind": ["People"],
        "country": ["Poland"],
    }
    assert facets_of(graph.items["sources"]["report"], graph) == {"kind": ["Sources"]}
    assert found_by(graph.items["agreements"]["pl-ua"], graph) == ["Poland", "Ukraine"]
    assert found_by(graph.items["people"]["donald-tusk"], graph) == []


def test_a_persons_organisations_with_the_titles_held(corpus: Callable[..., Path]) -> None:
    graph, _ = build_graph(corpus(FILES))
    person = graph.items["people"]["donald-tusk"]
    assert isinstance(person, Person)
    assert [(o.id, titles) for o, titles in organisations_of(person, graph)] == [
        ("ministry", ["Adviser", "Minister"])
    ]


def test_long_listings_are_split_by_year_and_by_initial(
    corpus: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.views as views
    from generator.render import render_pages

    monkeypatch.setattr(views, "LISTING_LIMIT", 2)
    graph, _ = build_graph(corpus(FILES))
    pages = render_pages(graph)
    index = pages["agreements/index.md"].text
    # three agreements: 2024, 2020 and one undated; newest year first, undated last
    assert "[Agreements, 2024](by-year/2024.md) | 1 |" in index
    assert index.index("by-year/2024.md") < index.index("by-year/2020.md")
    assert index.index("by-year/2020.md") < index.index("by-year/undated.md")
    assert "Poland–Lithuania declaration" not in index  # the rows are on the parts
    part = pages["agreements/by-year/2020.md"].text
    assert part.startswith('---\ntitle: "Agreements, 2020"')
    assert "Second Poland–Lithuania declaration" in part and "Poland–Ukraine" not in part
    assert "timeline/by-year/2024.md" in pages and "Timeline" in pages["timeline.md"].text
    assert "[2011](timeline/by-year/2011.md) | 1 |" in pages["timeline.md"].text
    # people and organisations are split by the initial of their name
    assert pages["people/index.md"].text.count("by-name/") == 0  # one person: fits on a page
    monkeypatch.setattr(views, "LISTING_LIMIT", 0)
    names = render_pages(graph)["people/index.md"].text
    assert "[People&#58; D](by-name/d.md) | 1 |" in names


def test_item_pages_rendered_by_worker_processes_are_the_same(
    corpus: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.render as render

    graph, _ = build_graph(corpus(FILES))
    serial = render.render_pages(graph, workers=1)
    monkeypatch.setattr(parallel, "WORTH_FORKING", 1)
    forked = render.render_pages(graph, workers=2)
    assert list(forked) == list(serial) and forked == serial


def test_a_document_ministries_signed_counts_for_their_states(
    corpus: Callable[..., Path],
) -> None:
    files = {
        "organisations/pl-mod.yaml": """
            name: Ministry of National Defence of Poland
            kind: ministry
            country: pl
            sources: [report]
        """,
        "organisations/ua-mod.yaml": """
            name: Ministry of Defence of Ukraine
            kind: ministry
            country: ua
            sources: [report]
        """,
        "agreements/pl-ua-mod.yaml": """
            title: Defence ministries' document
            kind: memorandum
            parties: [{organisation: pl-mod}, {organisation: ua-mod}]
            sources: [report]
        """,
    }
    graph, problems = build_graph(corpus(files))
    assert [p for p in problems if p.severity.value == "error"] == []
    poland = graph.items["countries"]["pl"]
    assert isinstance(poland, Country)
    assert [a.id for a in agreements_of(poland, graph)] == ["pl-ua-mod"]
    assert [p.entity.id for p in partners_of(poland, graph)] == ["ua"]
    document = graph.items["agreements"]["pl-ua-mod"]
    assert facets_of(document, graph)["country"] == ["Poland", "Ukraine"]
    assert found_by(document, graph) == [
        "Ministry of National Defence of Poland", "Ministry of Defence of Ukraine",
        "Poland", "Ukraine",
    ]  # fmt: skip
