"""The provisions matrix and the side-by-side comparison: cells match each agreement's
provisions, the downloads parse, and the static pages show the default selection."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from generator.compare import COMPARE_JSON, DEFAULT_ROWS, MATRIX_CSV, compare_files
from generator.models.agreement import Agreement, ProvisionCategory
from generator.pipeline import build_pages

from .conftest import ROOT


def _agreements(graph: Any) -> list[Agreement]:
    return [a for a in graph.all("agreements") if a.provisions]


def test_every_matrix_cell_matches_the_agreement_s_provisions(content_graph: Any) -> None:
    files = compare_files(content_graph)
    records = {r["id"]: r for r in json.loads(files[COMPARE_JSON])}
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(files[MATRIX_CSV]))}
    agreements = _agreements(content_graph)
    assert len(agreements) > 20 and set(records) == set(rows) == {a.id for a in agreements}
    for agreement in agreements:
        by_category: dict[str, list[Any]] = {}
        for provision in agreement.provisions:
            by_category.setdefault(provision.category.value, []).append(provision)
        record, row = records[agreement.id], rows[agreement.id]
        assert set(record["provisions"]) == set(by_category)
        for category, provisions in by_category.items():
            cell = record["provisions"][category]
            assert cell["texts"] == [" ".join(p.text.split()) for p in provisions]
            conditional = all(p.conditional for p in provisions)
            assert cell["conditional"] is conditional
            assert row[category] == ("conditional" if conditional else "yes")
        others = [c.value for c in ProvisionCategory if c.value not in by_category]
        assert all(row[c] == "" for c in others)


def test_a_party_s_agreements_are_selected_by_country_pair_and_year(content_graph: Any) -> None:
    records = json.loads(compare_files(content_graph)[COMPARE_JSON])
    ua_pl = next(r for r in records if r["id"] == "ua-pl-security-agreement")
    assert ua_pl["countries"] == ["ua", "pl"] and ua_pl["year"] == 2024
    assert ua_pl["parties"] == ["Ukraine", "Poland"]
    # newest first, as the static table shows them
    dates = [r["sort"] for r in records if r["sort"]]
    assert dates == sorted(dates, reverse=True)


def test_the_static_pages_show_the_default_selection(content_graph: Any) -> None:
    pages = build_pages(ROOT / "content")
    matrix = pages["provisions.md"]
    shown = min(DEFAULT_ROWS, len(_agreements(content_graph)))
    assert matrix.count("\n| [") == shown
    assert (
        '<a class="atlas-cell" href="../agreements/ua-pl-security-agreement/#provisions">'
        'conditional<span class="atlas-tip">: Intercepting missiles and drones' in matrix
    )
    pair = pages["compare.md"]
    assert "| Air defence | Intercepting missiles" in pair
    ukraine = pages["countries/ua.md"]
    assert 'href="../../provisions/?country=ua&amp;bilateral=1"' in ukraine


def test_a_country_links_the_matrix_only_when_it_has_bilateral_agreements(
    corpus: Any,
) -> None:
    """A three-party agreement is not bilateral: the link would open an empty matrix."""
    content = corpus({
        "agreements/three.yaml": """
            title: Three-party accord
            kind: agreement
            parties: [{country: pl}, {country: ua}, {country: de}]
            provisions: [{category: training, text: Training., sources: [report]}]
            sources: [report]
        """,
        "agreements/two.yaml": """
            title: Two-party accord
            kind: agreement
            parties: [{country: pl}, {country: ua}]
            provisions: [{category: training, text: Training., sources: [report]}]
            sources: [report]
        """,
    })  # fmt: skip
    pages = build_pages(content)
    assert "Compare its bilateral agreements" not in pages["countries/de.md"]
    assert "Compare its bilateral agreements" in pages["countries/pl.md"]


def test_a_text_s_language_is_named_from_a_two_or_three_letter_code() -> None:
    from generator.pageviews import language_name

    assert [language_name(c) for c in ("pl", "ukr", "pt-BR", "qqq")] == [
        "Polish", "Ukrainian", "Portuguese", "qqq",
    ]  # fmt: skip
