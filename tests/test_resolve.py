"""Stage 3: ids become objects; unknown ids are located with the closest id; links go both ways."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.models import Agreement, Person, Source
from generator.pipeline import build_graph

AGREEMENT = """
    title: T
    kind: treaty
    parties:
      - country: pl
        signatories:
          - person: {signatory}
            role: Prime Minister
            sources: [report]
      - country: ua
    sources: [report]
"""


def test_unknown_reference_points_at_the_reference_with_closest_id(
    corpus: Callable[..., Path],
) -> None:
    _graph, problems = build_graph(
        corpus({"agreements/t.yaml": AGREEMENT.format(signatory="donald-tusc")})
    )
    assert [p.format().split("content/", 1)[-1] for p in problems] == [
        "agreements/t.yaml:6:17: error: unknown person 'donald-tusc' (did you mean "
        "'donald-tusk'?): add content/people/donald-tusc.yaml or fix the id"
    ]


def test_unknown_country_code(corpus: Callable[..., Path]) -> None:
    files = {"agreements/t.yaml": AGREEMENT.format(signatory="donald-tusk").replace("ua", "zz")}
    _, problems = build_graph(corpus(files))
    assert [p.message for p in problems] == [
        "unknown country code 'zz': use an ISO 3166 alpha-2 code in lower case"
    ]


def test_references_resolve_to_objects_and_back(corpus: Callable[..., Path]) -> None:
    graph, problems = build_graph(
        corpus({"agreements/t.yaml": AGREEMENT.format(signatory="donald-tusk")})
    )
    assert problems == []
    agreement = graph.items["agreements"]["t"]
    tusk = graph.items["people"]["donald-tusk"]
    assert isinstance(agreement, Agreement) and isinstance(tusk, Person)
    assert agreement.parties[0].signatories[0].person.target is tusk
    signed = graph.links_to(tusk, "agreements", "parties")
    assert [(link.owner, link.loc) for link in signed] == [
        (agreement, ("parties", 0, "signatories", 0, "person"))
    ]
    poland = graph.items["countries"]["pl"]
    assert poland.label == "Poland"
    assert {link.owner.id for link in graph.links_to(poland)} == {"t", "donald-tusk"}
    assert [link.owner for link in graph.links_to(poland, "people", "positions")] == [tusk]


def test_source_knows_every_fact_citing_it(corpus: Callable[..., Path]) -> None:
    graph, _ = build_graph(corpus({"agreements/t.yaml": AGREEMENT.format(signatory="donald-tusk")}))
    source = graph.items["sources"]["report"]
    assert isinstance(source, Source)
    facts = {(f.owner.id, f.loc) for f in graph.facts_citing(source)}
    assert facts == {
        ("donald-tusk", ("positions", 0, "sources", 0)),
        ("donald-tusk", ("sources", 0)),
        ("t", ("parties", 0, "signatories", 0, "sources", 0)),
        ("t", ("sources", 0)),
    }


def test_unused_source_is_a_warning(corpus: Callable[..., Path]) -> None:
    files = {"sources/spare.yaml": "title: Spare\nkind: analysis\nlanguage: en\n"}
    _, problems = build_graph(corpus(files))
    assert [p.format().split("content/", 1)[-1] for p in problems] == [
        "sources/spare.yaml:1:1: warning: source 'spare' is cited by no fact: "
        "cite it or remove the file"
    ]
