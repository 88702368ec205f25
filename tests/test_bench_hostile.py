"""The benchmark's hostile corpora are what their rows claim, so the ratios measure the right
thing. Built at a tiny size, and never timed here (timings are bench/run.py's job)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bench import hostile
from generator.contentcheck import check_content
from generator.errors import Severity
from generator.load import MAX_FILE_BYTES


def test_summary_of_lt_is_that_many_lt_and_the_baseline_is_words_of_the_same_size(
    tmp_path: Path,
) -> None:
    lt = hostile.write_summary_corpus(tmp_path / "lt", kib=2, hostile=True)
    words = hostile.write_summary_corpus(tmp_path / "words", kib=2, hostile=False)
    assert lt.read_text(encoding="utf-8").count("<") == 2048
    assert yaml.safe_load(lt.read_text(encoding="utf-8"))["summary"] == "<" * 2048
    summary = yaml.safe_load(words.read_text(encoding="utf-8"))["summary"]
    assert len(summary) == 2048 and "<" not in summary and "ipsum" in summary
    assert lt.stat().st_size == words.stat().st_size  # the one file differs in content only
    for content in (lt.parent.parent, words.parent.parent):
        problems, counts = check_content(content)
        assert problems == []
        assert counts["agreements"] == 21  # the synthetic 20 and the one with the long summary


def test_the_default_summary_fits_the_loader_cap_and_a_larger_one_is_refused(
    tmp_path: Path,
) -> None:
    path = hostile.write_summary_corpus(tmp_path / "content", kib=500, hostile=True)
    assert path.stat().st_size <= MAX_FILE_BYTES
    with pytest.raises(ValueError, match="cap"):
        hostile.write_summary_corpus(tmp_path / "content", kib=512, hostile=True)


def test_unknown_references_are_each_one_error_and_the_baseline_has_none(tmp_path: Path) -> None:
    unknown = hostile.write_references_corpus(tmp_path / "u", 30, sources=100, unknown=True)
    known = hostile.write_references_corpus(tmp_path / "k", 30, sources=100, unknown=False)
    cited = yaml.safe_load(unknown.read_text(encoding="utf-8"))["sources"]
    ids = {citation["source"] for citation in cited}
    assert len(cited) == len(ids) == 30
    assert not ids & {p.stem for p in (tmp_path / "u/content/sources").glob("*.yaml")}
    assert unknown.stat().st_size == known.stat().st_size  # ids of one length

    problems, counts = check_content(unknown.parent.parent)
    assert counts["sources"] == 100
    assert all(p.severity is Severity.ERROR for p in problems)
    assert all(p.path.endswith(f"{hostile.REFERENCES_AGREEMENT}.yaml") for p in problems)
    reported = {p.message.split("'")[1] for p in problems if "unknown source" in p.message}
    assert len(problems) == 30 and reported == ids

    problems, counts = check_content(known.parent.parent)
    assert problems == []
    assert counts["sources"] == 100 and counts["agreements"] == 1
