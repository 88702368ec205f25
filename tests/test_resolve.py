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
        "agreements/t.yaml:6:17: error: parties[0].signatories[0].person: "
        "unknown person 'donald-tusc' (did you mean 'donald-tusk'?): "
        "add content/people/donald-tusc.yaml or fix the id"
    ]


def test_unknown_country_code(corpus: Callable[..., Path]) -> None:
    files = {"agreements/t.yaml": AGREEMENT.format(signatory="donald-tusk").replace("ua", "zz")}
    _, problems = build_graph(corpus(files))
    assert [p.message for p in problems] == [
        "parties[1].country: unknown country code 'zz': use an ISO 3166 alpha-2 code in lower case"
    ]


def test_references_resolve_to_objects_and_back(corpus: Callable[..., Path]) -> None:
    graph, problems = build_graph(
        corpus({"agreements/t.yaml": AGREEMENT.format(signatory="donald-tusk")})
    )
    assert problems == []
    agreement = graph.items["agreements"]["t"]
    tusk = graph.items["people"]["donald-tusk"]
    assert isinstance(agreement, Agreement) and isinstance(tusk, Person)
    assert graph.target(agreement.parties[0].signatories[0].person) is tusk
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


def test_references_in_an_invalid_file_are_still_checked(corpus: Callable[..., Path]) -> None:
    files = {
        "people/jan.yaml": """
            name: Jan
            colour: red
            positions:
              - {title: Minister, country: zz, organisation: no-such-body, sources: [report]}
            sources: [report, repotr]
        """
    }
    _, problems = build_graph(corpus(files))
    assert [(p.line, p.message) for p in problems] == [
        (2, "unknown field 'colour'; allowed here: aliases, former_ids, id, name, native_names, "
            "positions, sources, summary, wikidata"),
        (4, "positions[0].country: unknown country code 'zz': use an ISO 3166 alpha-2 code "
            "in lower case"),
        (4, "positions[0].organisation: unknown organisation 'no-such-body': "
            "add content/organisations/no-such-body.yaml or fix the id"),
        # the short form `- repotr` of a citation is checked like `- source: repotr`
        (5, "sources[1].source: unknown source 'repotr' (did you mean 'report'?): "
            "add content/sources/repotr.yaml or fix the id"),
    ]  # fmt: skip


def test_a_reference_to_a_file_with_errors_is_not_called_unknown(
    corpus: Callable[..., Path],
) -> None:
    files = {
        "people/broken.yaml": "name: Broken\nsources: []\n",
        "agreements/t.yaml": AGREEMENT.format(signatory="broken"),
    }
    _, problems = build_graph(corpus(files))
    assert [p.format().split("content/", 1)[-1] for p in problems] == [
        "people/broken.yaml:2:10: error: sources: [] cites nothing: list at least one source id, "
        "e.g. sources: [report-id]"
    ]
