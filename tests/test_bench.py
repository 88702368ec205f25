"""The benchmark's synthetic corpus is valid content, so the benchmark measures real work."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.contentcheck import check_content

from .conftest import ROOT


def test_synthetic_corpus_passes_check_with_every_reference_valid(tmp_path: Path) -> None:
    out = tmp_path / "content"
    command = [
        sys.executable,
        str(ROOT / "bench/synth.py"),
        "--agreements",
        "60",
        "--out",
        str(out),
    ]
    subprocess.run(command, check=True, capture_output=True)
    problems, counts = check_content(out)
    assert problems == []  # not even an unused source: every source is cited
    assert counts["agreements"] == 60 and counts["people"] == 30 and counts["sources"] == 30
    again = tmp_path / "again"
    subprocess.run([*command[:-1], str(again)], check=True, capture_output=True)
    for path in sorted(out.rglob("*.yaml")):  # the same N and seed give the same files
        assert (again / path.relative_to(out)).read_bytes() == path.read_bytes()
