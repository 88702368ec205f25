"""Golden tests: the fixture corpus renders to the committed Markdown, page for page.

Run `pytest tests/test_golden.py --update-golden` after an intended change, and review the diff.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator import build_pages

from .conftest import FIXTURE_CORPUS, ROOT

GOLDEN = ROOT / "tests" / "golden"


@pytest.fixture(scope="module")
def rendered() -> dict[str, str]:
    # No override folder: the golden files pin the packaged templates.
    return build_pages(FIXTURE_CORPUS, overrides=None)


def test_golden_pages(rendered: dict[str, str], request: pytest.FixtureRequest) -> None:
    if request.config.getoption("--update-golden"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        for path, text in rendered.items():
            target = GOLDEN / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    expected = {
        p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(GOLDEN.rglob("*"))
        if p.is_file()
    }
    assert sorted(rendered) == sorted(expected), "pages added or removed: --update-golden"
    for path, text in rendered.items():
        assert text == expected[path], f"{path} differs from tests/golden/{path}"


def test_golden_covers_every_page_kind(rendered: dict[str, str]) -> None:
    folders = {Path(p).parent.as_posix() for p in rendered}
    assert {"agreements", "people", "organisations", "countries", "events", "sources"} <= folders
    assert {"index.md", "glossary.md", "statements/alex-on-accord.md"} <= set(rendered)
