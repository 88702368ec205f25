"""Stage 2: models accept what sources say and refuse the rest with a located, helpful message."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator.models.dates import parse_date
from generator.pipeline import build_graph


def problems_for(make: Callable[..., Path], files: dict[str, str | None]) -> list[str]:
    _, problems = build_graph(make(files))
    return [p.format().split("content/", 1)[-1] for p in problems]


@pytest.mark.parametrize(
    ("written", "precision", "human"),
    [
        ("2024", "year", "2024"),
        ("2024-07", "month", "July 2024"),
        ("2024-07-08", "day", "8 July 2024"),
        ("2024-07~", "month", "about July 2024"),
        ("2024?", "year", "2024 (uncertain)"),
        ("2025-09-18T17:17", "minute", "18 September 2025, 17:17"),
        ("2024-02-29", "day", "29 February 2024"),
    ],
)
def test_dates_keep_their_precision(written: str, precision: str, human: str) -> None:
    date = parse_date(written)
    assert (date.precision, date.human(), str(date)) == (precision, human, written)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("2024-02-30", "February 2024 has 29 days"),
        ("2023-02-29", "February 2023 has 28 days"),
        ("2024-13-01", "has no month 13"),
        ("8 July 2024", "write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2024-7-8", "write YYYY, YYYY-MM or YYYY-MM-DD"),
        ("2024-07-08T25:00", "no such time of day"),
    ],
)
def test_impossible_dates_refused_with_hint(written: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        parse_date(written)


def test_errors_are_located_and_collected_in_one_run(corpus: Callable[..., Path]) -> None:
    found = problems_for(
        corpus,
        {
            "people/a.yaml": """
                name: A
                positoins: []
                sources: [report]
            """,
            "people/b.yaml": """
                name: B
                positions:
                  - title: Minister
                    start: 2024-02-30
                    sources: [report]
                sources: [report]
            """,
            "people/c.yaml": """
                positions: []
                sources: [report]
            """,
        },
    )
    assert found == [
        "people/a.yaml:2:1: error: unknown field 'positoins' (did you mean 'positions'?); "
        "allowed here: aliases, former_ids, id, name, native_names, positions, sources, summary, "
        "wikidata",
        "people/b.yaml:4:12: error: positions[0].start: '2024-02-30' is not a date: "
        "February 2024 has 29 days",
        "people/c.yaml:1:1: error: missing required field 'name' (The name in its usual English "
        "spelling): add 'name:' with its value",
    ]


def test_reversed_dates_refused(corpus: Callable[..., Path]) -> None:
    found = problems_for(
        corpus,
        {
            "people/a.yaml": """
                name: A
                positions:
                  - title: Minister
                    start: 2024-05
                    end: 2024-04-30
                    sources: [report]
                sources: [report]
            """,
            "agreements/x.yaml": """
                title: X
                kind: treaty
                signing: {date: 2024-05-01, sources: [report]}
                entry_into_force: {date: 2024-04, sources: [report]}
                sources: [report]
            """,
        },
    )
    assert (
        "people/a.yaml:5:10: error: positions[0].end: "
        "position ends (2024-04-30) before it starts (2024-05)"
    ) in found
    assert (
        "agreements/x.yaml:4:26: error: entry_into_force.date: "
        "entry into force (2024-04) is before signing (2024-05-01)"
    ) in found


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("url", "javascript:alert(1)", "not an allowed address"),
        ("url", "JavaScript:alert(1)", "not an allowed address"),
        ("url", "HTTPS://example.org", "not an allowed address"),
        ("url", "https://exa mple.org", "not an allowed address"),
        ("url", "data:text/html,<b>", "not an allowed address"),
        ("title", "Zero\u200bwidth", "invisible or control character U+200B"),
        ("title", "Bidi \u202eoverride", "U+202E"),
        ("title", "BOM \ufeff inside", "U+FEFF"),
        ("language", "english", "should match pattern"),
    ],
)
def test_unsafe_values_refused(
    corpus: Callable[..., Path], field: str, value: str, message: str
) -> None:
    source = {"title": "T", "kind": "news-report", "language": "en", field: value}
    text = "\n".join(f'{k}: "{v}"' for k, v in source.items()) + "\n"
    found = problems_for(corpus, {"sources/s.yaml": text})
    assert any("sources/s.yaml" in f and message in f for f in found), found


def test_text_is_nfc_normalised(corpus: Callable[..., Path]) -> None:
    graph, _problems = build_graph(corpus({"sources/report.yaml": (
        "title: Nause\u0307da\nkind: news-report\nlanguage: lt\n"
    )}))  # fmt: skip
    assert graph.items["sources"]["report"].title == "Nausėda"  # type: ignore[attr-defined]


def test_yaml_11_values_reach_the_model_as_written(corpus: Callable[..., Path]) -> None:
    _graph, problems = build_graph(
        corpus(
            {
                "agreements/x.yaml": """
                    title: NO
                    kind: treaty
                    parties:
                      - country: no
                    provisions:
                      - category: other
                        text: off
                        conditional: yes
                        sources: [report]
                    sources: [report]
                """
            }
        )
    )
    messages = [p.message for p in problems]
    assert messages == [
        "provisions[0].conditional: 'yes' is not true or false: write true or false"
    ]


def test_id_must_match_file_name_and_country_codes_must_exist(corpus: Callable[..., Path]) -> None:
    found = problems_for(
        corpus,
        {
            "people/a.yaml": "id: b\nname: A\nsources: [report]\n",
            "countries/xx.yaml": "sources: [report]\n",
            "countries/pl.yaml": "sources: [report]\n",
        },
    )
    assert (
        "people/a.yaml:1:5: error: id 'b' differs from the file name 'a': make them equal" in found
    )
    assert any(
        "countries/xx.yaml:1:1: error: 'xx' is not an ISO 3166 alpha-2 code" in f for f in found
    )
    assert not any("countries/pl.yaml" in f for f in found)


def test_enum_error_lists_the_allowed_values(corpus: Callable[..., Path]) -> None:
    found = problems_for(corpus, {"sources/s.yaml": "title: T\nkind: blog\nlanguage: en\n"})
    assert found[0].startswith("sources/s.yaml:2:7: error: kind: 'blog' is not allowed; use ")
    assert "'news-report'" in found[0]


def test_names_differing_only_by_case_or_form_are_one_item_twice(
    corpus: Callable[..., Path],
) -> None:
    found = problems_for(corpus, {"people/tusk-2.yaml": "name: DONALD TUSK\nsources: [report]\n"})
    assert any(
        "tusk-2.yaml:1:7: error: 'DONALD TUSK' has the same name as 'donald-tusk'" in f
        for f in found
    )


def test_broken_encoding_is_a_warning_naming_the_intended_text(corpus: Callable[..., Path]) -> None:
    found = problems_for(
        corpus, {"people/k.yaml": "name: WÅ‚adysÅ‚aw Kosiniak-Kamysz\nsources: [report]\n"}
    )
    assert found == [
        "people/k.yaml:1:7: warning: 'WÅ‚adysÅ‚aw Kosiniak-Kamysz' looks like broken encoding "
        "of 'Władysław Kosiniak-Kamysz': write the intended text"
    ]


def test_a_party_is_a_country_or_an_organisation_not_both(corpus: Callable[..., Path]) -> None:
    found = problems_for(
        corpus,
        {
            "agreements/x.yaml": """
                title: X
                kind: treaty
                parties:
                  - country: pl
                    organisation: nato
                  - signatories: []
                sources: [report]
            """
        },
    )
    assert found == [
        "agreements/x.yaml:4:5: error: parties[0]: give exactly one of 'country' or 'organisation'",
        # the file is invalid, yet its references are still checked in the same run
        "agreements/x.yaml:5:19: error: parties[0].organisation: unknown organisation 'nato': "
        "add content/organisations/nato.yaml or fix the id",
        "agreements/x.yaml:6:5: error: parties[1]: give exactly one of 'country' or 'organisation'",
    ]
