"""Hostile content and repositories at the file boundaries: hints stay cheap, and `diff`, the
check cache and `new` never follow a link, write outside their folder or read a device."""

from __future__ import annotations

import difflib
import io
import json
import os
import random
import tarfile
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

import generator.contentcheck as contentcheck
import generator.errors as errors
from generator.checkcache import CheckCache, cache_file
from generator.cli import main
from generator.diffpages import RevisionError, _extract
from generator.errors import closest, did_you_mean

from .conftest import _git

# --- did-you-mean hints -----------------------------------------------------------------------

SYLLABLES = ["ka", "no", "wak", "tusk", "ma", "rin", "lo", "pe", "sto", "vic", "an", "dre", "el"]


def _ids(count: int, seed: int = 0) -> list[str]:
    """Plausible ids: two or three invented words and sometimes a year."""
    rng = random.Random(seed)
    found: set[str] = {"donald-tusk"}
    while len(found) < count:
        words = ["".join(rng.choices(SYLLABLES, k=rng.randint(1, 3))) for _ in range(2)]
        if rng.random() < 0.3:
            words.append(str(rng.randint(1950, 2024)))
        found.add("-".join(words))
    return sorted(found)


def _typos(word: str, rng: random.Random) -> list[str]:
    i = rng.randrange(1, len(word) - 1)
    return [
        word[:i] + "x" + word[i + 1 :],  # substitution
        word[:i] + word[i + 1 :],  # deletion
        word[:i] + "q" + word[i:],  # insertion
        word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :],  # transposition
    ]


def test_hints_among_many_ids_are_the_ones_difflib_gives() -> None:
    ids = _ids(5000)
    rng = random.Random(1)
    words = ["donald-tusc", "donlad-tusk", "zzzzzz-qqqq", "x"]
    for known in rng.sample(ids, 40):
        words += _typos(known, rng)
    for word in words:
        expected = difflib.get_close_matches(word, ids, n=1, cutoff=0.6)
        assert closest(word, ids) == (expected[0] if expected else None), word
    assert did_you_mean("donald-tusc", ids) == " (did you mean 'donald-tusk'?)"
    assert did_you_mean("zzzzzz-qqqq", ids) == ""


def test_short_candidate_lists_such_as_enum_values_are_compared_directly() -> None:
    kinds = ["news-report", "official-document", "press-release", "treaty-text"]
    assert closest("news-reprot", kinds) == "news-report"
    assert closest("sources", ["sources", "name", "positions"]) == "sources"
    assert closest("sorces", iter(["sources", "name"])) == "sources"  # any iterable
    assert closest("nothing-like-it", kinds) is None


def test_many_unknown_references_cost_a_bounded_number_of_comparisons(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ids = set(_ids(5000))
    compared = 0
    original = difflib.SequenceMatcher.set_seq1

    def counting(self: difflib.SequenceMatcher[str], a: str) -> None:
        nonlocal compared
        compared += 1
        original(self, a)

    monkeypatch.setattr(difflib.SequenceMatcher, "set_seq1", counting)
    errors._index.cache_clear()
    rng = random.Random(2)
    population = sorted(ids)
    words = [rng.choice(_typos(rng.choice(population), rng)) for _ in range(1500)]
    for word in words:
        did_you_mean(word, sorted(ids))  # a fresh list each time, as resolve.py passes it
    # Comparing every word with every id would be 7,500,000 comparisons.
    assert compared <= 1500 * errors._SHORTLIST
    assert errors._index.cache_info().misses == 1  # the 5,000 ids were indexed once
    compared = 0
    assert closest("a" * 100_000, population) is None  # a huge value is not cut up
    assert compared == 0


# --- diff REV (the `repo` fixture is in conftest.py) ------------------------------------------


def test_links_in_the_old_tree_are_left_out_without_a_traceback(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = repo.parent
    # Were the link followed, the old tree would hold a valid source 'y' and show it removed.
    (root / "outside.yaml").write_text("title: Outside\nkind: news-report\nlanguage: en\n")
    (repo / "sources/x.yaml").symlink_to("/etc/passwd")
    (repo / "sources/y.yaml").symlink_to("../../outside.yaml")
    (repo / "events").symlink_to("/etc")
    _git(root, "add", "content")
    _git(root, "commit", "-qm", "links")
    for link in ("sources/x.yaml", "sources/y.yaml", "events"):
        (repo / link).unlink()
    assert main(["diff", "HEAD", "--content", str(repo)]) == 0
    assert capsys.readouterr().out == "0 added, 0 removed, 0 changed, compared with HEAD\n"


def test_a_revision_that_looks_like_an_option_is_refused(
    repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    written = tmp_path / "written"
    for revision in (f"--output={written}", "-x", f"--remote={written}"):
        assert main(["diff", "--content", str(repo), "--", revision]) == 2
        assert "cannot start with '-'" in capsys.readouterr().err
    with pytest.raises(SystemExit) as refused:  # argparse itself refuses an unknown option
        main(["diff", f"--output={written}", "--content", str(repo)])
    assert refused.value.code == 2
    assert not written.exists()


def _member(name: str, kind: bytes = tarfile.REGTYPE, data: bytes = b"") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    info.linkname = "/etc/passwd" if kind in (tarfile.SYMTYPE, tarfile.LNKTYPE) else ""
    return info


def test_only_regular_files_and_folders_are_extracted(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        tar.addfile(_member("content", tarfile.DIRTYPE))
        tar.addfile(_member("content/a.yaml", data=b"name: A\n"), io.BytesIO(b"name: A\n"))
        for name, kind in (
            ("content/link.yaml", tarfile.SYMTYPE),
            ("content/hard.yaml", tarfile.LNKTYPE),
            ("content/fifo.yaml", tarfile.FIFOTYPE),
            ("content/device.yaml", tarfile.CHRTYPE),
        ):
            tar.addfile(_member(name, kind))
    buffer.seek(0)
    into = tmp_path / "old"
    into.mkdir()
    with tarfile.open(fileobj=buffer) as tar:
        for member in tar:
            _extract(tar, member, into)
    assert sorted(p.name for p in (into / "content").iterdir()) == ["a.yaml"]
    assert (into / "content/a.yaml").read_bytes() == b"name: A\n"
    with tarfile.open(fileobj=io.BytesIO(), mode="w") as empty:
        for bad in ("/etc/cron.d/x", "content/../../x", "../x"):
            with pytest.raises(RevisionError, match="outside the content folder"):
                _extract(empty, _member(bad), into)
    assert not (tmp_path / "x").exists()


# --- the check cache --------------------------------------------------------------------------


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    target = tmp_path / "elsewhere" / "precious.txt"
    target.parent.mkdir()
    target.write_text("precious\n")
    return target


def _check(content: Path, capsys: pytest.CaptureFixture[str]) -> int:
    code = main(["check", "--content", str(content)])
    capsys.readouterr()
    return code


@pytest.mark.parametrize("name", [".gitignore", "check.tmp", "check.json"])
def test_the_cache_never_writes_through_a_link_in_its_folder(
    name: str, corpus: Callable[..., Path], outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = corpus()
    folder = cache_file(content).parent
    folder.mkdir()
    (folder / name).symlink_to(outside)
    assert _check(content, capsys) == 0
    assert outside.read_text() == "precious\n"
    assert not cache_file(content).is_symlink()  # the rename replaced a link, not its target
    assert json.loads(cache_file(content).read_text())["counts"]["people"] == 1
    assert _check(content, capsys) == 0
    assert outside.read_text() == "precious\n"
    if name == ".gitignore":
        assert (folder / name).is_symlink()  # left alone, never written through


def test_a_cache_folder_that_is_a_link_or_a_file_is_not_used(
    corpus: Callable[..., Path], outside: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = corpus()
    folder = cache_file(content).parent
    folder.symlink_to(outside.parent, target_is_directory=True)
    assert _check(content, capsys) == 0
    assert sorted(p.name for p in outside.parent.iterdir()) == ["precious.txt"]
    folder.unlink()
    folder.write_text("not a folder\n")
    assert _check(content, capsys) == 0
    assert folder.read_text() == "not a folder\n"


def test_a_cache_file_that_is_a_link_is_not_read(
    corpus: Callable[..., Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    content = corpus()
    assert _check(content, capsys) == 0
    stored = tmp_path / "elsewhere.json"
    cache_file(content).rename(stored)
    cache_file(content).symlink_to(stored)
    checked: list[Path] = []
    real = contentcheck.check_content

    def counted(content_dir: Path, digests: dict[str, str] | None = None) -> object:
        checked.append(content_dir)
        return real(content_dir, digests)

    monkeypatch.setattr(contentcheck, "check_content", counted)
    assert _check(content, capsys) == 0
    assert checked == [content]  # a full check: the linked record was not trusted


def _finishes(action: Callable[[], object], seconds: float = 20) -> None:
    worker = threading.Thread(target=action, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), "blocked reading a device or a FIFO"


def test_the_cache_does_not_read_links_devices_or_fifos(
    corpus: Callable[..., Path], outside: Path
) -> None:
    content = corpus()
    (content / "people/zero.yaml").symlink_to("/dev/zero")
    (content / "people/away.yaml").symlink_to(outside)
    os.mkfifo(content / "people/pipe.yaml")
    (content / "events").symlink_to(outside.parent, target_is_directory=True)
    cache = CheckCache(content)
    _finishes(lambda: cache.save([], {}))
    files = json.loads(cache_file(content).read_text())["files"]
    assert files["people/zero.yaml"] == [0, 0, "link:/dev/zero"]
    assert files["people/away.yaml"] == [0, 0, f"link:{outside}"]
    assert files["people/pipe.yaml"] == [0, 0, "special file"]
    assert files["events"] == [0, 0, "not a folder:link:" + str(outside.parent)]
    assert files["people/donald-tusk.yaml"][2] not in (None, "")
    # A FIFO in place of the cache record is not waited on either.
    cache_file(content).unlink()
    os.mkfifo(cache_file(content))
    _finishes(lambda: CheckCache(content))


# --- new KIND ID ------------------------------------------------------------------------------


@pytest.mark.parametrize("item_id", ["index", "by-year", "by-name"])
def test_new_refuses_ids_reserved_for_generated_pages(
    item_id: str, corpus: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    content = corpus()
    assert main(["new", "agreements", item_id, "--content", str(content)]) == 2
    assert capsys.readouterr().err == (
        f"error: '{item_id}' is reserved for a page the site generates (the agreements "
        "listing): choose another id\n"
    )
    assert not (content / "agreements" / f"{item_id}.yaml").exists()


def test_new_never_writes_through_a_link(
    corpus: Callable[..., Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    content = corpus()
    target = tmp_path / "elsewhere" / "created.yaml"
    target.parent.mkdir()
    (content / "people/x.yaml").symlink_to(target)  # dangling: nothing there yet
    assert main(["new", "people", "x", "--content", str(content)]) == 2
    assert "is a link" in capsys.readouterr().err
    assert not target.exists()
    (content / "events").symlink_to(target.parent, target_is_directory=True)
    assert main(["new", "events", "x", "--content", str(content)]) == 2
    assert "is a link" in capsys.readouterr().err
    assert list(target.parent.iterdir()) == []
    assert main(["new", "people", "y", "--content", str(content)]) == 0  # a plain one works
    assert (content / "people/y.yaml").stat().st_mode & 0o777 == 0o644 & ~_umask()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
