"""History from git on item pages, the Changes page and the Atom feeds, from a throwaway
repository where a file is added, edited and renamed."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import feedparser
import pytest

from generator.chronicle import read_chronicle
from generator.pipeline import build_pages

from .conftest import _git

REPO_URL = "https://example.org/atlas"
HOSTILE = "Rename <script>alert(1)</script> | [x](javascript:alert(1)) `code` &amp;"


def _commit(root: Path, message: str, when: str) -> None:
    env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "PATH": "/usr/bin:/bin"}
    subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "add", "-A"],
                   cwd=root, check=True, env=env)  # fmt: skip
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "-qm", message],
        cwd=root, check=True, env=env,
    )  # fmt: skip


@pytest.fixture
def history(repo: Path) -> tuple[Path, dict[str, str]]:
    """The `repo` fixture's content (committed now, as added), then an edit and a rename with
    a hostile commit subject, dated later so they are the newest."""
    root = repo.parent
    person = repo / "people" / "jan-nowak.yaml"
    person.write_text("name: Jan Nowak\nsummary: A minister.\nsources: [report]\n")
    (repo / "agreements").mkdir(exist_ok=True)
    (repo / "agreements" / "accord.yaml").write_text(
        "title: Accord\nkind: agreement\nparties: [{country: pl}]\nsources: [report]\n"
    )
    _commit(root, "Jan Nowak: a summary", "2030-01-02T10:00:00Z")
    person.rename(repo / "people" / "jan-k-nowak.yaml")
    (repo / "people" / "jan-k-nowak.yaml").write_text(
        "name: Jan Nowak\nsummary: A minister.\nsources: [report]\nformer_ids: [jan-nowak]\n"
    )
    _commit(root, HOSTILE, "2030-02-03T10:00:00Z")
    chronicle, reason = read_chronicle(root, repo, REPO_URL)
    assert reason is None and chronicle is not None
    return repo, build_pages(repo, chronicle=chronicle)


def test_an_item_page_shows_its_history_through_a_rename(history: Any) -> None:
    _, pages = history
    page = pages["people/jan-k-nowak.md"]
    section = page[page.index("## History") :]
    assert 'Last updated <time datetime="2030-02-03">3 February 2030</time>: renamed' in section
    assert "<summary>3 latest changes</summary>" in section  # folded: the page opens on facts
    rows = [line for line in section.splitlines() if line.startswith("| <time")]
    assert len(rows) == 3  # renamed, edited, added: the rename keeps the file's history
    assert "| renamed former ids |" in rows[0]
    assert "| changed summary |" in rows[1] and "Jan Nowak&#58; a summary" in rows[1]
    assert "| added |" in rows[2]
    assert f"]({REPO_URL}/commit/" in rows[0].replace("(<", "(")
    # the hostile subject is text: no raw tag, link or code span reaches the Markdown
    assert "<script" not in page and "](javascript" not in page and "`code`" not in page
    assert "Every change to this record" in section and "(3 in all)" in section


def test_the_changes_page_lists_the_newest_first(history: Any) -> None:
    _, pages = history
    rows = [line for line in pages["changes.md"].splitlines() if line.startswith("| <time")]
    assert rows[0].startswith('| <time datetime="2030-02-03">')
    assert "[Jan Nowak](people/jan-k-nowak.md)" in rows[0] and "| People |" in rows[0]
    assert "feeds/changes.xml" in pages["changes.md"]


def test_the_feeds_are_valid_atom_and_say_what_changed(history: Any) -> None:
    _, pages = history
    changes = feedparser.parse(pages["feeds/changes.xml"])
    assert not changes.bozo, changes.get("bozo_exception")
    assert changes.version == "atom10"
    first = changes.entries[0]
    assert first.title == "Jan Nowak: renamed former ids"
    assert first.link == "../people/jan-k-nowak/"
    assert HOSTILE in first.summary  # the subject arrives as text, exactly
    assert first.updated == "2030-02-03T10:00:00Z"
    ids = [entry.id for entry in changes.entries]
    assert len(ids) == len(set(ids))
    country = feedparser.parse(pages["feeds/countries/pl.xml"])
    assert not country.bozo and country.feed.title == "Changes concerning Poland"
    agreements = feedparser.parse(pages["feeds/agreements.xml"])
    assert not agreements.bozo
    assert [e.title for e in agreements.entries] == ["Accord: added"]
    assert [e.title for e in country.entries] == ["Accord: added", "Donald Tusk: added"]
    assert "[Atom feed](../feeds/countries/pl.xml)" in pages["countries/pl.md"]


def test_the_same_commit_gives_the_same_pages(history: Any) -> None:
    repo, pages = history
    chronicle, _ = read_chronicle(repo.parent, repo, REPO_URL)
    assert build_pages(repo, chronicle=chronicle) == pages


def test_a_shallow_clone_builds_without_history_and_says_so(history: Any, tmp_path: Path) -> None:
    repo, _ = history
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo.parent}", str(clone))
    chronicle, reason = read_chronicle(clone, clone / "content", REPO_URL)
    assert chronicle is None and reason is not None and "shallow clone" in reason
    pages = build_pages(clone / "content", chronicle=chronicle)
    assert "## History" not in pages["people/jan-k-nowak.md"]
    assert "without the repository's history" in pages["changes.md"]
    assert not any(path.startswith("feeds/") for path in pages)
