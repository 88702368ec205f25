"""Commitments: money as the sources state it, validated, shown, summed per currency, exported."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from generator.models.commitment import EXACT, Commitment, plain, written
from generator.pipeline import build_graph, build_pages
from generator.views import commitments_of

from .conftest import FIXTURE_CORPUS

PLEDGE = {
    "by": "gb", "to": "ua", "amount": "2.5", "scale": "billion", "currency": "GBP",
    "period_start": "2024", "purpose": "military", "stage": "pledge", "sources": ["report"],
}  # fmt: skip


def _problems(corpus: Callable[..., Path], **changes: object) -> list[str]:
    pledge = {**PLEDGE, **changes}
    text = "title: T\nkind: agreement\nsources: [report]\ncommitments:\n  - " + json.dumps(pledge)
    _, problems = build_graph(corpus({"agreements/t.yaml": text}))
    return [p.format() for p in problems]


def test_a_valid_pledge_is_exact_and_reads_as_written(corpus: Callable[..., Path]) -> None:
    assert _problems(corpus) == []
    pledge = Commitment.model_validate(PLEDGE)
    assert pledge.value == Decimal("2500000000") and str(pledge) == "GBP 2.5 billion"
    assert pledge.summary() == "GBP 2.5 billion, military pledge, 2024"
    assert written("EUR", Decimal("750000000")) == "EUR 750 million"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"currency": "GPB"}, "'GPB' is not an ISO 4217 currency code (did you mean 'GBP'?)"),
        ({"currency": "gbp"}, "(did you mean 'GBP'?)"),
        ({"amount": "2,5"}, "'2,5' is not an amount"),
        ({"amount": "٢"}, "is not an amount"),
        ({"amount": "£2.5bn"}, "is not an amount"),
        ({"stage": "promised"}, "'promised' is not allowed"),
        ({"by_organisation": "nato"}, "give exactly one of 'by' or 'by_organisation'"),
        ({"period_start": "2025", "period_end": "2024"}, "ends (2024) before it starts (2025)"),
    ],
)
def test_a_wrong_commitment_is_a_located_error_with_the_fix(
    corpus: Callable[..., Path], changes: dict[str, object], message: str
) -> None:
    problems = _problems(corpus, **changes)
    assert any((message in p and p.startswith("content/agreements/t.yaml:")) or message in p
               for p in problems), problems  # fmt: skip
    assert all(":0:0:" not in p for p in problems)


def test_country_totals_never_add_currencies_or_stages() -> None:
    graph, _ = build_graph(FIXTURE_CORPUS)
    rows = commitments_of(graph.items["countries"]["no"], graph)  # type: ignore[arg-type]
    shown = [(g.id, t.id, year, str(stage), currency, total, count)
             for g, t, year, stage, currency, total, count in rows]  # fmt: skip
    assert shown == [
        ("no", "pl", "2024", "pledge", "NOK", Decimal("3000000000"), 2),
        ("pl", "no", "2024", "allocation", "EUR", Decimal("100000000"), 1),
    ]


def test_commitments_are_listed_shown_found_and_downloaded() -> None:
    pages = build_pages(FIXTURE_CORPUS)
    listing = pages["commitments.md"]
    # largest first within each currency, the amount sortable by its exact value
    assert listing.index("EUR 100 million") < listing.index("NOK 2.5 billion")
    assert listing.index("NOK 2.5 billion") < listing.index("NOK 500 million")
    assert '<data value="2500000000">NOK 2.5 billion</data>' in listing
    assert "| Commitments | " in pages["agreements/xa-xb-accord.md"]
    # found by search: the page is indexed whole, its commitments table included
    assert "NOK 2.5 billion" in pages["agreements/xa-xb-accord.md"]
    rows = list(csv.DictReader(io.StringIO(pages["data/commitments.csv"])))
    assert [(r["amount"], r["scale"], r["value"], r["currency"]) for r in rows][:2] == [
        ("100", "million", "100000000", "EUR"),
        ("2.5", "billion", "2500000000", "NOK"),
    ]
    assert json.loads(pages["data/commitments.json"])[1]["value"] == "2500000000"
    assert "pledge&#58; NOK 2.5 billion" in pages["timeline.md"]


def test_amounts_and_totals_stay_exact_at_any_length() -> None:
    long = Commitment.model_validate({**PLEDGE, "amount": "12345678901234567890123456789"})
    assert plain(long.value) == "12345678901234567890123456789000000000"
    assert plain(EXACT.add(long.value, Decimal(1))) == "12345678901234567890123456789000000001"
