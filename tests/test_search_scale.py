"""Search on a synthetic site larger than the real one: what a reader's first query fetches.

bench/run.py measures the same at 1,000 and 10,000 agreements; this keeps the mechanism honest
in every test run: the engine loads only on demand, and a query fetches a bounded set of files.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from playwright.sync_api import Browser

from .conftest import ROOT
from .sitebuild import config_for, mkdocs

sys.path.insert(0, str(ROOT / "bench"))
import searchcost  # bench/ is not a package: its folder is put on the path above

AGREEMENTS = 150


def test_a_first_query_fetches_under_300_kb(tmp_path: Path, browser: Browser) -> None:
    content = tmp_path / "content"
    subprocess.run(
        [sys.executable, str(ROOT / "bench/synth.py"), "--agreements", str(AGREEMENTS),
         "--out", str(content)],
        check=True, capture_output=True,
    )  # fmt: skip
    built = mkdocs(config_for(content, tmp_path / "work"), tmp_path / "site")
    assert built.returncode == 0, built.stderr[-2000:]
    pages = sum(1 for _ in (tmp_path / "site").rglob("index.html"))
    assert pages > 2 * AGREEMENTS
    fetched, files = searchcost.first_query_bytes(tmp_path / "site", "drone", browser)
    assert 0 < fetched < 300 * 1024, fetched
    assert 5 <= files <= 30  # engine, entry, metadata, index chunks, result fragments
