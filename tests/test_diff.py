"""`python -m generator diff REV`: what a change does to the pages, against a git revision."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main


def test_diff_lists_added_removed_and_changed_pages(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "people/jan-nowak.yaml").unlink()
    (repo / "people/anna-kowalska.yaml").write_text("name: Anna Kowalska\nsources: [report]\n")
    tusk = repo / "people/donald-tusk.yaml"
    tusk.write_text(tusk.read_text().replace("Prime Minister", "Prime Minister of Poland"))
    assert main(["diff", "HEAD", "--content", str(repo)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "added    people/anna-kowalska.md",
        "removed  people/jan-nowak.md",
        # Tusk's new title shows wherever his position is listed, and in the downloads
        "changed  countries/pl.md  (+1 -1)",
        "changed  data/all.json  (+2 -2)",
        "changed  data/people.csv  (+2 -2)",
        "changed  data/people.json  (+2 -2)",
        "changed  people/donald-tusk.md  (+2 -2)",  # and its structured data (jobTitle)
        "changed  people/index.md  (+2 -2)",
        "changed  sources/report.md  (+2 -2)",
        "changed  timeline.md  (+1 -1)",
        "1 added, 1 removed, 8 changed, compared with HEAD",
    ]


def test_diff_of_an_unchanged_tree_is_empty_and_unified_shows_lines(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff", "HEAD", "--content", str(repo)]) == 0
    assert capsys.readouterr().out == "0 added, 0 removed, 0 changed, compared with HEAD\n"
    tusk = repo / "people/donald-tusk.yaml"
    tusk.write_text(tusk.read_text().replace("Donald Tusk", "Donald F. Tusk"))
    assert main(["diff", "HEAD", "--content", str(repo), "--unified"]) == 0
    out = capsys.readouterr().out
    assert "--- a/people/donald-tusk.md" in out and "+# Donald F. Tusk" in out


def test_diff_refuses_an_unknown_revision(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "no-such-branch", "--content", str(repo)]) == 2
    assert "no-such-branch" in capsys.readouterr().err
