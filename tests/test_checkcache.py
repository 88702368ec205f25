"""The check cache: an unchanged tree is answered from .cache/, any change is checked again."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

import generator.contentcheck as contentcheck
from generator.checkcache import cache_file
from generator.cli import main


def _run(content: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["check", "--content", str(content), *extra])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_unchanged_content_is_answered_from_the_cache(
    corpus: Callable[..., Path], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    content = corpus({"people/a.yaml": "name: A\nsources: [nope]\n"})
    first = _run(content, capsys)
    assert first[0] == 1 and "unknown source 'nope'" in first[1]
    stored = json.loads(cache_file(content).read_text())
    assert stored["problems"] and len(stored["files"]) == 3

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the content was checked again")

    monkeypatch.setattr(contentcheck, "check_content", refuse)
    assert _run(content, capsys) == first  # same output, no check run
    monkeypatch.undo()

    # An edit is seen even when size and time are kept: here the time is restored by hand.
    path = content / "people/a.yaml"
    stat = path.stat()
    path.write_text("name: A\nsources: [report]\n")  # different size
    assert _run(content, capsys)[0] == 0
    path.write_text("name: B\nsources: [report]\n")  # same size, new time
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))
    code, out = _run(content, capsys)
    assert code == 0 and "content ok" in out


def test_a_new_file_or_a_broken_cache_means_a_full_check(
    corpus: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    content = corpus()
    assert _run(content, capsys)[0] == 0
    (content / "people/b.yaml").write_text("name: B\nsources: [nope]\n")
    assert _run(content, capsys)[0] == 1
    cache_file(content).write_text("{not json")
    assert _run(content, capsys)[0] == 1  # a broken cache is ignored, then rewritten
    cache_file(content).unlink()
    assert _run(content, capsys)[0] == 1
    assert _run(content, capsys, "--no-cache")[0] == 1
