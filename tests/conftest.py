from __future__ import annotations

import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

# Real-browser fixtures (Chromium through Playwright), for tests/test_browser.py.
from .browser import base_url, browser, phone, reader  # noqa: F401

ROOT = Path(__file__).resolve().parent.parent
FIXTURE_CORPUS = ROOT / "tests" / "fixtures" / "corpus"

# A minimal valid corpus: one source and one person citing it. Tests add or replace files.
MINIMAL = {
    "sources/report.yaml": """
        title: A report
        kind: news-report
        language: en
    """,
    "people/donald-tusk.yaml": """
        name: Donald Tusk
        positions:
          - title: Prime Minister
            country: pl
            start: 2023-12
            sources: [report]
        sources: [report]
    """,
}


def load_documents(root: Path, kinds: list[str]) -> tuple[list[Any], list[Any]]:
    """Every content file under `root` read and parsed (not validated), with the problems."""
    from generator.files import content_files
    from generator.load import load_file

    files, problems = content_files(root, kinds)
    documents = []
    for kind, file, shown in files:
        document, found = load_file(file, kind, shown, file.read_bytes())
        problems += found
        documents += [document] if document else []
    return documents, problems


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the expected Markdown in tests/golden/ from the current output",
    )


@pytest.fixture
def corpus(tmp_path: Path) -> Callable[..., Path]:
    """Write a content tree: MINIMAL plus `files` (path -> YAML text; None deletes)."""

    def make(files: dict[str, str | None] | None = None, *, base: bool = True) -> Path:
        root = tmp_path / "content"
        merged: dict[str, str | None] = dict(MINIMAL) if base else {}
        merged.update(files or {})
        for rel, text in merged.items():
            if text is None:
                continue
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        root.mkdir(exist_ok=True)
        return root

    return make


# Tests by cost, so a quick run can leave out the slow ones: `pytest -m "not slow"` (no
# MkDocs build, no browser, no tool run in a subprocess); `make test` runs them all.
SLOW_MODULES = {"test_site", "test_lean", "test_payload_site", "test_payload_browser",
                "test_browser", "test_workflows", "test_bench", "test_plugin",
                "test_search_scale", "test_renames"}  # fmt: skip
BROWSER_MODULES = {"test_browser", "test_payload_browser", "test_search_scale", "test_renames"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        module = item.module.__name__.rsplit(".", 1)[-1] if item.module else ""
        if module in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)
        if module in BROWSER_MODULES:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def content_graph() -> Any:
    """The real content's graph, built once for every test that reads it (never changed)."""
    from generator.pipeline import build_graph

    graph, problems = build_graph(ROOT / "content")
    assert [p.format() for p in problems] == []
    return graph


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(corpus: Callable[..., Path]) -> Path:
    """A content tree committed to a new git repository (for `diff`)."""
    content = corpus({"people/jan-nowak.yaml": "name: Jan Nowak\nsources: [report]\n"})
    _git(content.parent, "init", "-q")
    _git(content.parent, "add", "content")
    _git(content.parent, "commit", "-qm", "content")
    return content


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real content built once by `mkdocs build --strict`, shared by the site tests."""
    from .sitebuild import mkdocs

    out = tmp_path_factory.mktemp("site")
    result = mkdocs(ROOT / "mkdocs.yml", out)
    assert result.returncode == 0, result.stderr
    return out
