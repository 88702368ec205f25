"""Each content file's history from one `git log`: actions, fields, renames, hostile subjects."""

from __future__ import annotations

import os
import subprocess
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.history import Change, History, read_history

START = 1_700_000_000  # the first commit's time; each next commit is a minute later

# Reproducible commits, whatever the machine's git configuration or a surrounding git hook says.
ENV = {
    **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Tester",
    "GIT_AUTHOR_EMAIL": "tester@example.org",
    "GIT_COMMITTER_NAME": "Tester",
    "GIT_COMMITTER_EMAIL": "tester@example.org",
}

AGREEMENT = """\
# yaml-language-server: $schema=../../schemas/agreements.schema.json
title: Poland–Ukraine accord
kind: agreement
summary: A short summary.
provisions:
- category: training
  text: Training of pilots.
- category: air-defence
  text: Air defence.
sources: [report]
"""


class Repo:
    """A throwaway repository with `content/` inside, committing at fixed times."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.content = root / "content"
        self.commits = 0
        root.mkdir(parents=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(self.root), *args], env=self._env(), capture_output=True, check=True
        )
        return done.stdout.decode().strip()

    def _env(self) -> dict[str, str]:
        date = f"{START + 60 * self.commits} +0000"
        return {**ENV, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}

    def write(self, path: str, text: str) -> None:
        file = self.content / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text(textwrap.dedent(text), encoding="utf-8")

    def edit(self, path: str, old: str, new: str) -> None:
        text = (self.content / path).read_text(encoding="utf-8")
        assert old in text
        self.write(path, text.replace(old, new, 1))

    def commit(self, subject: str) -> str:
        self.git("add", "-A")
        self.git("commit", "-q", "--allow-empty-message", "-m", subject)
        self.commits += 1
        return self.git("rev-parse", "HEAD")

    def read(self) -> History:
        found, reason = read_history(self.root, self.content)
        assert reason is None and found is not None
        return found


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    return Repo(tmp_path / "repo")


def time(index: int) -> int:
    return START + 60 * index


def test_a_file_added_edited_and_renamed_keeps_its_history_under_the_new_name(repo: Repo) -> None:
    repo.write("agreements/old.yaml", AGREEMENT)
    added = repo.commit("Add the accord")
    repo.edit("agreements/old.yaml", "title: Poland–Ukraine accord", "title: The accord")
    repo.edit("agreements/old.yaml", "summary: A short summary.", "summary: Longer.")
    edited = repo.commit("Retitle")
    repo.git("mv", "content/agreements/old.yaml", "content/agreements/new.yaml")
    renamed = repo.commit("Rename")

    found = repo.read()

    assert found.head == renamed
    assert found.of("agreements/new.yaml") == (
        Change(renamed, time(2), "Rename", "renamed", (), "agreements/new.yaml"),
        Change(edited, time(1), "Retitle", "changed", ("summary", "title"), "agreements/old.yaml"),
        Change(added, time(0), "Add the accord", "added", (), "agreements/old.yaml"),
    )
    assert found.of("agreements/old.yaml") == ()
    assert list(found.files) == ["agreements/new.yaml"]


def test_a_chain_of_renames_is_followed_to_the_first_commit(repo: Repo) -> None:
    repo.write("agreements/a.yaml", AGREEMENT)
    repo.commit("Add a")
    repo.git("mv", "content/agreements/a.yaml", "content/agreements/b.yaml")
    repo.commit("a to b")
    repo.git("mv", "content/agreements/b.yaml", "content/agreements/c.yaml")
    repo.edit("agreements/c.yaml", "summary: A short summary.", "summary: Edited on the way.")
    repo.commit("b to c, edited")

    changes = repo.read().of("agreements/c.yaml")

    assert [(c.subject, c.action, c.fields, c.path) for c in changes] == [
        ("b to c, edited", "renamed", ("summary",), "agreements/c.yaml"),
        ("a to b", "renamed", (), "agreements/b.yaml"),
        ("Add a", "added", (), "agreements/a.yaml"),
    ]


def test_a_path_used_again_by_another_file_keeps_only_that_files_history(repo: Repo) -> None:
    repo.write("agreements/x.yaml", AGREEMENT)
    repo.write("agreements/gone.yaml", AGREEMENT.replace("accord", "pact"))
    repo.write("agreements/removed.yaml", AGREEMENT.replace("accord", "treaty"))
    repo.commit("Add x and gone")
    repo.git("rm", "-q", "content/agreements/removed.yaml")
    repo.commit("Delete removed")
    repo.edit("agreements/x.yaml", "kind: agreement", "kind: memorandum")
    repo.commit("Edit x")
    repo.git("mv", "content/agreements/x.yaml", "content/agreements/y.yaml")
    repo.git("rm", "-q", "content/agreements/gone.yaml")
    repo.commit("x becomes y; gone deleted")
    repo.write("agreements/x.yaml", AGREEMENT.replace("Poland", "Lithuania"))
    repo.write("agreements/gone.yaml", AGREEMENT.replace("Poland", "Latvia"))
    repo.commit("A new x and a new gone")

    found = repo.read()

    assert sorted(found.files) == ["agreements/gone.yaml", "agreements/x.yaml", "agreements/y.yaml"]
    for path in ("agreements/x.yaml", "agreements/gone.yaml"):
        assert [(c.subject, c.action) for c in found.of(path)] == [
            ("A new x and a new gone", "added")
        ]
    assert [c.subject for c in found.of("agreements/y.yaml")] == [
        "x becomes y; gone deleted",
        "Edit x",
        "Add x and gone",
    ]


def test_a_nested_edit_is_reported_under_its_top_level_key(repo: Repo) -> None:
    repo.write("agreements/a.yaml", AGREEMENT)
    repo.commit("Add")
    repo.edit("agreements/a.yaml", "  text: Air defence.", "  text: Air and missile defence.")
    repo.commit("Nested text")
    repo.edit("agreements/a.yaml", "provisions:\n", "provisions:\n- category: cyber\n  text: C.\n")
    repo.commit("Item inserted right after its key")
    repo.edit("agreements/a.yaml", "summary: A short summary.", "summary: A short\n  summary.")
    repo.commit("Summary on two lines")
    repo.edit("agreements/a.yaml", "  summary.", "  and longer summary.")
    repo.commit("Continuation line only")
    repo.edit("agreements/a.yaml", "# yaml-language-server", "# a comment: not a field\n---\n# y")
    repo.edit("agreements/a.yaml", "kind: agreement\n", "kind: agreement\n# about the kind\n")
    repo.edit("agreements/a.yaml", "sources: [report]\n", "sources: [report]\n...\n")
    repo.commit("Comment and document marker only")

    changes = repo.read().of("agreements/a.yaml")

    assert {c.subject: c.fields for c in changes} == {
        "Comment and document marker only": (),
        "Continuation line only": ("summary",),
        "Summary on two lines": ("summary",),
        "Item inserted right after its key": ("provisions",),
        "Nested text": ("provisions",),
        "Add": (),
    }


def test_a_hostile_subject_survives_exactly_control_characters_become_spaces(
    repo: Repo,
) -> None:
    hostile = "Fix <script>alert('x')</script> | a|b & ünïcödé — 東京 ✓ 🚀 `code` %x1f %s"
    repo.write("agreements/a.yaml", AGREEMENT)
    repo.commit(hostile)
    repo.edit("agreements/a.yaml", "kind: agreement", "kind: memorandum")
    repo.commit("tab\there\x1fand\x1eseparators")
    repo.edit("agreements/a.yaml", "kind: memorandum", "kind: agreement")
    repo.commit("long " * 100)

    subjects = [c.subject for c in repo.read().of("agreements/a.yaml")]

    assert subjects[2] == hostile
    assert subjects[1] == "tab here and separators"
    assert (
        len(subjects[0]) == 200 and subjects[0].startswith("long long") and subjects[0][-1] == "…"
    )


def test_only_yaml_files_inside_the_content_folder_count(repo: Repo) -> None:
    repo.write("agreements/a.yaml", AGREEMENT)
    repo.write("agreements/notes.md", "# notes\n")
    (repo.root / "outside.yaml").write_text("title: outside\n", encoding="utf-8")
    (repo.root / "content-like").mkdir()
    (repo.root / "content-like" / "b.yaml").write_text("title: b\n", encoding="utf-8")
    repo.commit("Add")
    (repo.root / "outside.yaml").write_text("title: changed\n", encoding="utf-8")
    repo.commit("Outside only")

    found = repo.read()

    assert list(found.files) == ["agreements/a.yaml"]
    assert [c.subject for c in found.of("agreements/a.yaml")] == ["Add"]


def test_names_with_spaces_quotes_and_non_ascii_letters_come_out_plain(repo: Repo) -> None:
    names = [
        "agreements/żółw ü.yaml",
        'agreements/a "quoted" name.yaml',
        "agreements/tab\there.yaml",
    ]
    for name in names:
        repo.write(name, AGREEMENT)
    repo.commit("Add")
    for name in names:
        repo.edit(name, "kind: agreement", "kind: memorandum")
    repo.commit("Edit")

    found = repo.read()

    assert sorted(found.files) == sorted(names)
    for name in names:
        assert [(c.action, c.fields, c.path) for c in found.of(name)] == [
            ("changed", ("kind",), name),
            ("added", (), name),
        ]


def test_the_content_folder_may_be_the_top_of_the_repository(tmp_path: Path) -> None:
    repo = Repo(tmp_path / "repo")
    repo.content = repo.root
    repo.write("agreements/a.yaml", AGREEMENT)
    repo.commit("Add")

    assert list(repo.read().files) == ["agreements/a.yaml"]


def test_without_a_repository_or_commits_there_is_a_reason_instead(tmp_path: Path) -> None:
    (tmp_path / "content").mkdir()
    found, reason = read_history(tmp_path, tmp_path / "content")
    assert found is None and reason is not None and "not inside a git work tree" in reason

    repo = Repo(tmp_path / "repo")
    found, reason = read_history(repo.root, repo.content)
    assert found is None and reason is not None and "no commits" in reason

    (repo.root / "README.md").write_text("hello\n", encoding="utf-8")
    repo.commit("Not content")
    found, reason = read_history(repo.root, repo.content)
    assert found is None and reason is not None and "no commit touches" in reason


def test_a_shallow_clone_has_no_history_to_read(repo: Repo, tmp_path: Path) -> None:
    repo.write("agreements/a.yaml", AGREEMENT)
    repo.commit("Add")
    repo.edit("agreements/a.yaml", "kind: agreement", "kind: memorandum")
    repo.commit("Edit")
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", repo.root.as_uri(), str(clone)],
        env=ENV,
        check=True,
    )

    found, reason = read_history(clone, clone / "content")

    assert found is None and reason is not None
    assert "shallow clone" in reason and "git fetch --unshallow" in reason


@pytest.fixture
def commands(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[list[str]]]:
    """Every command started while reading (`subprocess.run` starts its own through Popen)."""
    started: list[list[str]] = []
    real = subprocess.Popen

    def counting(args: list[str], *rest: Any, **options: Any) -> Any:
        started.append(list(args))
        return real(args, *rest, **options)

    monkeypatch.setattr(subprocess, "Popen", counting)  # the module generator.history uses
    yield started


def test_the_whole_folder_is_read_with_one_git_log(repo: Repo, commands: list[list[str]]) -> None:
    for index in range(5):
        repo.write(f"agreements/a{index}.yaml", AGREEMENT)
        repo.write(f"sources/s{index}.yaml", "title: A source\n")
    repo.commit("Add")
    for index in range(5):
        repo.edit(f"agreements/a{index}.yaml", "kind: agreement", "kind: memorandum")
    repo.commit("Edit")
    commands.clear()

    found = repo.read()

    assert len(found.files) == 10
    assert sum("log" in command for command in commands) == 1
    assert len(commands) <= 3


def test_the_same_commits_give_an_equal_history_and_uncommitted_edits_are_not_in_it(
    repo: Repo,
) -> None:
    repo.write("agreements/a.yaml", AGREEMENT)
    repo.write("agreements/b.yaml", AGREEMENT)
    repo.commit("Add")
    repo.edit("agreements/b.yaml", "sources: [report]", "sources: [report, other]")
    repo.commit("Edit b")
    first = repo.read()

    repo.edit("agreements/a.yaml", "kind: agreement", "kind: memorandum")  # not committed
    repo.write("agreements/new.yaml", AGREEMENT)  # not committed either
    second = repo.read()

    assert first == second
    assert first.of("agreements/b.yaml")[0].fields == ("sources",)


def test_without_git_there_is_a_reason_instead(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo.write("agreements/a.yaml", AGREEMENT)
    repo.commit("Add")
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs-here"))

    found, reason = read_history(repo.root, repo.content)

    assert found is None and reason == "history left out: git is not installed"


def test_the_reader_s_git_settings_do_not_change_the_fields(
    repo: Repo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Attributes from the user's configuration (a diff driver whose function context matches
    nothing) or committed (`-diff`: binary) would hide which key a nested line is under."""
    repo.write("agreements/a.yaml", AGREEMENT)
    repo.commit("Add")
    repo.edit("agreements/a.yaml", "  text: Air defence.", "  text: Air and missile defence.")
    repo.commit("Nested text")
    expected = repo.read().of("agreements/a.yaml")[0].fields
    assert expected == ("provisions",)
    attributes = tmp_path / "attributes"
    attributes.write_text("*.yaml diff=odd\n")
    config = tmp_path / "gitconfig"
    config.write_text(
        f'[core]\n\tattributesFile = {attributes}\n[diff "odd"]\n\txfuncname = ^zzz$\n'
    )
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(config))
    assert repo.read().of("agreements/a.yaml")[0].fields == expected
    (repo.root / ".gitattributes").write_text("*.yaml -diff\n")
    repo.commit("Mark YAML binary")
    repo.edit("agreements/a.yaml", "  text: Training of pilots.", "  text: Pilot training.")
    repo.commit("Nested again")
    assert repo.read().of("agreements/a.yaml")[0].fields == ("provisions",)
