"""Fixes seen on the built site: relations read from both sides, one note per source, and a
source cited by a broken file is not called unused."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.pipeline import build_graph, build_pages

SERIES = """
    title: {title}
    kind: agreement
    sources: [report]
"""


def test_the_other_side_of_a_relation_reads_right_with_its_note_and_source(
    corpus: Callable[..., Path],
) -> None:
    content = corpus({
        "agreements/old.yaml": SERIES.format(title="Old accord"),
        "agreements/new.yaml": SERIES.format(title="New accord") + """
    related:
      - agreement: old
        relation: supersedes
        note: from 2024
        sources:
          - source: report
            quote: replaces the old accord
    """,
    })  # fmt: skip
    old = build_pages(content)["agreements/old.md"]
    assert "Superseded by (from 2024):\n\n\n- [New accord](new.md)[^1]" in old
    assert "“replaces the old accord”" in old and "supersedes this agreement" not in old


def test_one_note_per_source_lists_every_passage_and_marks_stay_apart(
    corpus: Callable[..., Path],
) -> None:
    content = corpus({
        "sources/other.yaml": "title: Other\nkind: news-report\nlanguage: en\n",
        "people/anna.yaml": """
            name: Anna
            positions:
              - title: Minister
                sources:
                  - source: report
                    quote: Anna, the minister
                  - other
            sources: [report]
        """,
    })  # fmt: skip
    page = build_pages(content)["people/anna.md"]
    assert page.count("](../sources/report.md)") == 1  # one note, not one per quote
    note = "[^1]: [A report](../sources/report.md) (address not known): “Anna, the minister”"
    assert note in page
    assert "[^1],[^2]" in page  # "¹,²", not "¹²"


def test_a_source_cited_by_a_file_with_an_error_is_not_unused(
    corpus: Callable[..., Path],
) -> None:
    content = corpus({
        "sources/cited.yaml": "title: Cited\nkind: news-report\nlanguage: en\n",
        "people/broken.yaml": "name: Broken\nunknown_field: x\nsources: [cited]\n",
    })  # fmt: skip
    _, problems = build_graph(content)
    messages = [p.format() for p in problems]
    assert any("unknown field 'unknown_field'" in m for m in messages)
    assert not any("cited by no fact" in m for m in messages), messages


AGREEMENT = """
    title: Accord
    kind: agreement
    parties:
      - country: pl
        actions:
          - {action: signed, date: 2024-07-08, sources: [report]}
      - country: ua
        actions:
          - {action: signed, date: 2024-07-10, sources: [report]}
    signing: {date: 2024-07-08, place: Warsaw, country: pl, sources: [report]}
    events: [ceremony]
    sources: [report]
"""
EVENT = """
    title: Ceremony
    kind: signing
    date: 2024-07-08
    agreements: [accord]
    sources: [report]
"""


def test_a_fact_written_on_both_sides_is_a_warning_naming_the_side_to_keep(
    corpus: Callable[..., Path],
) -> None:
    content = corpus({"agreements/accord.yaml": AGREEMENT, "events/ceremony.yaml": EVENT})
    _, problems = build_graph(content)
    warnings = [p.format() for p in problems]
    assert len(warnings) == 2, warnings
    repeated = next(w for w in warnings if "repeats the agreement's signing date" in w)
    assert "agreements/accord.yaml:6:9: warning: parties[0].actions[0]: 'signed' on" in repeated
    both = next(w for w in warnings if "both sides" in w)
    assert "agreements/accord.yaml:11:10: warning: events: 'ceremony' is written" in both
    assert "keep it in events/ceremony.yaml (agreements)" in both


def test_one_timeline_row_per_signing_and_the_place_of_signing_says_so(
    corpus: Callable[..., Path],
) -> None:
    agreement = AGREEMENT.replace("    events: [ceremony]\n", "")
    pages = build_pages(
        corpus({"agreements/accord.yaml": agreement, "events/ceremony.yaml": EVENT})
    )
    rows = [line for line in pages["timeline.md"].splitlines() if "| signed |" in line]
    # the signing, and Ukraine's own signature two days later: not a row per party
    assert [row.split("|")[1].strip() for row in rows] == [
        '<time datetime="2024-07-08">8 July 2024</time>',
        '<time datetime="2024-07-10">10 July 2024</time>',
    ]
    assert "## Signed here" in pages["countries/pl.md"]
    assert "## Signed here" not in pages["countries/ua.md"]


def test_a_date_can_cite_another_source_than_its_entry(corpus: Callable[..., Path]) -> None:
    content = corpus({
        "sources/dated.yaml": "title: Dated\nkind: news-report\nlanguage: en\n",
        "agreements/accord.yaml": """
            title: Accord
            kind: agreement
            status:
              - status: signed
                date: 2024-07-08
                date_sources:
                  - source: dated
                    quote: signed on 8 July
                sources: [report]
            sources: [report]
        """,
    })  # fmt: skip
    pages = build_pages(content)
    lines = pages["agreements/accord.md"].splitlines()
    row = next(line for line in lines if line.startswith("| <time") and "signed" in line)
    assert "</time>[^2] | signed[^1] |" in row  # the date's own source, beside the date
    assert "Date of status: signed: “signed on 8 July”" in pages["sources/dated.md"]


def test_an_agreement_links_its_text_and_a_note_names_outlet_date_and_address(
    corpus: Callable[..., Path],
) -> None:
    content = corpus({
        "sources/text.yaml": """
            title: Full text of the accord
            kind: agreement-text
            publisher: Gazette
            url: https://example.org/accord
            published: 2024-07-08
            language: en
        """,
        "agreements/accord.yaml": """
            title: Accord
            kind: agreement
            signing: {date: 2024-07-08, sources: [text]}
            sources: [report]
        """,
    })  # fmt: skip
    page = build_pages(content)["agreements/accord.md"]
    # the text by its language and outlet, as a treaty record lists its texts
    text = "English: [Gazette](../sources/text.md) ([open](<https://example.org/accord>))"
    assert f"| Text | {text} |" in page
    assert ("Gazette, [Full text of the accord](../sources/text.md), "
            '<time datetime="2024-07-08">8 July 2024</time> ([open](<https://example.org/accord>))'
            in page)  # fmt: skip


def test_agreements_in_one_relation_with_one_note_read_as_one_line(
    corpus: Callable[..., Path],
) -> None:
    series = """
    related:
      - agreement: hub
        relation: part-of-series
        note: one of the bilateral agreements
        sources: [report]
"""
    files = {"agreements/hub.yaml": SERIES.format(title="Hub accord")}
    for name in ("a", "b", "c"):
        files[f"agreements/{name}.yaml"] = SERIES.format(title=f"Accord {name}") + series
    page = build_pages(corpus(files))["agreements/hub.md"]
    lines = "\n".join(f"- [Accord {n}]({n}.md)[^1]" for n in "abc")
    assert f"In the same series as (one of the bilateral agreements):\n\n\n{lines}\n" in page
    assert page.count("the same series as") == 1
    assert "<details" not in page  # three are not a long list


def test_a_long_list_folds_behind_its_count(corpus: Callable[..., Path]) -> None:
    series = """
    related:
      - agreement: hub
        relation: part-of-series
        sources: [report]
"""
    files = {"agreements/hub.yaml": SERIES.format(title="Hub accord")}
    for name in "abcdefg":
        files[f"agreements/{name}.yaml"] = SERIES.format(title=f"Accord {name}") + series
    page = build_pages(corpus(files))["agreements/hub.md"]
    lines = "\n".join(f"- [Accord {n}]({n}.md)[^1]" for n in "abcdefg")
    folded = '<details class="atlas-fold" markdown="1">\n<summary>7 agreements</summary>\n\n'
    assert f"In the same series as:\n\n{folded}{lines}\n\n</details>" in page


def test_participants_are_listed_only_when_a_party_has_dates_of_its_own(
    corpus: Callable[..., Path],
) -> None:
    plain = SERIES.format(title="Plain accord") + "    parties: [{country: pl}, {country: ua}]\n"
    dated = (
        SERIES.format(title="Dated accord")
        + """
    parties:
      - country: pl
        actions: [{action: ratified, date: 2024-09, sources: [report]}]
      - country: ua
"""
    )
    undated = SERIES.format(title="Undated accord") + (
        "    parties: [{country: pl, actions: [{action: signed, sources: [report]}]}]\n"
    )
    files = {"agreements/plain.yaml": plain, "agreements/dated.yaml": dated}
    pages = build_pages(corpus(files | {"agreements/undated.yaml": undated}))
    assert "## Participants" not in pages["agreements/plain.md"]  # the glance says who
    assert "## Participants" not in pages["agreements/undated.md"]  # "signed, date unknown"
    page = pages["agreements/dated.md"]
    assert "| Party | Signed by | Ratified | " in page
    assert (
        '| [Poland](../countries/pl.md) |  | <time datetime="2024-09">September 2024</time>' in page
    )
