"""The search index made in shards and merged (generator/searchmerge.py) is the index one
Pagefind run makes: every word's pages and locations, every filter, every page's fragment and
word count, compared by page address; and the bundle a reader loads is one bundle."""

from __future__ import annotations

import gzip
import json
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from generator import search
from generator.search import BODY, BUNDLE, index_site
from generator.searchmerge import (
    WORD_RANGES,
    SearchMergeError,
    _chunks,
    _opened,
    _Part,
    _word_ranges,
    encoded,
    read,
)


def _canonical(bundle: Path) -> dict[str, Any]:
    """The index as data keyed by page address, whatever order its pages are numbered in."""
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = read(bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta")
    fragments = [
        json.loads(gzip.decompress((bundle / "fragment" / f"{name}.pf_fragment").read_bytes())[12:])
        for name, _ in meta[1]
    ]
    urls = [fragment["url"] for fragment in fragments]
    fields = meta[5]

    def postings(found: list[Any]) -> dict[str, Any]:
        page, out = 0, {}
        for posting in found:
            page += posting[0]
            named = [fields[-1 - at] if at < 0 else at for at in posting[2]]
            out[urls[page]] = (posting[1], named)
        return out

    words = {}
    for _, _, name in meta[2]:
        for word in read(bundle / "index" / f"{name}.pf_index")[0]:
            assert word[0] not in words
            words[word[0]] = (postings(word[1]), {v[0]: postings(v[1]) for v in word[2]})
    filters = {}
    for filter_name, name in meta[3]:
        _, values = read(bundle / "filter" / f"{name}.pf_filter")
        filters[filter_name] = {value: sorted(urls[p] for p in pages) for value, pages in values}
    counts = [count for _, count in meta[1]]
    return {
        "pages": dict(zip(urls, zip(counts, fragments, strict=True), strict=True)),
        "words": words,
        "filters": filters,
        "count": entry["languages"]["en"]["page_count"],
        "fields": sorted(fields),
    }


@pytest.fixture(scope="module")
def indexed(site: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The real site indexed by one Pagefind run (its own bundle, not merged) and in shards of
    40 pages, merged."""
    one = tmp_path_factory.mktemp("one") / "site"
    shutil.copytree(site, one, ignore=shutil.ignore_patterns(BUNDLE))
    sharded = tmp_path_factory.mktemp("indexed") / "site"
    shutil.copytree(site, sharded, ignore=shutil.ignore_patterns(BUNDLE))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(search, "cores", lambda: 3)  # words merged on other processes
        index_site(sharded, 40)
    return search._pagefind(one), sharded / BUNDLE


def test_the_merged_index_is_the_index_of_one_run(indexed: tuple[Path, Path]) -> None:
    one, merged = _canonical(indexed[0]), _canonical(indexed[1])
    assert one["count"] > 5 * 40  # pages enough for several shards
    assert merged == one


def test_a_reader_loads_one_bundle(indexed: tuple[Path, Path]) -> None:
    _, merged = indexed
    assert sorted(p.name for p in merged.iterdir() if p.is_file()) == sorted(
        ["pagefind-entry.json", "pagefind.js", "pagefind-highlight.js", "pagefind-worker.js",
         "wasm.en.pagefind", next(merged.glob("pagefind.en_*.pf_meta")).name]
    )  # fmt: skip
    fragments = sorted(p.stem for p in (merged / "fragment").iterdir())
    assert fragments[:2] == ["en_0", "en_1"]  # named by place, as before
    assert not list(merged.parent.parent.glob(".pagefind-*"))  # the shards are gone


def test_merging_twice_gives_the_same_bytes(
    indexed: tuple[Path, Path], tmp_path: Path, site: Path
) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns(BUNDLE))
    index_site(copy, 40)
    assert _files(copy / BUNDLE) == _files(indexed[1])


def test_the_bytes_do_not_depend_on_how_many_processes_merged_them(
    indexed: tuple[Path, Path], tmp_path: Path, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns(BUNDLE))
    monkeypatch.setattr(search, "cores", lambda: 1)
    index_site(copy, 40)
    assert _files(copy / BUNDLE) == _files(indexed[1])


def test_words_are_merged_in_ranges_that_split_the_index(tmp_path: Path, site: Path) -> None:
    copy = tmp_path / "site"
    shutil.copytree(site, copy, ignore=shutil.ignore_patterns(BUNDLE))
    indexer = search.Indexer(copy, 40)
    for page in sorted(copy.rglob("*.html")):
        indexer.add(page)
    if indexer._batch:
        indexer._flush()
    shards = _opened([future.result() for future in indexer._shards], "en")
    ranges = _word_ranges(shards)
    indexer.close()
    assert 2 <= len(ranges) <= WORD_RANGES  # bounds where shards' chunks start, each once
    assert ranges[0][0] == "" and ranges[-1][1] is None
    assert all(low < high for low, high in ranges[:-1])
    assert all(ranges[at][1] == ranges[at + 1][0] for at in range(len(ranges) - 1))


def _bundle(folder: Path, chunks: list[list[str]]) -> Path:
    """A shard's bundle holding only index chunks of `chunks` words, with the `from` and `to`
    Pagefind writes: the first word's shortest prefix above the chunk before, and the last
    word's shortest prefix below the next chunk (the last chunk's whole)."""

    def prefix_between(lower: str, upper: str) -> str:
        common = 0
        while common < min(len(lower), len(upper)) and lower[common] == upper[common]:
            common += 1
        return upper[: common + 1]

    (folder / "index").mkdir(parents=True)
    listed = []
    for at, words in enumerate(chunks):
        name = f"en_{at}"
        entries = [[word, [[0, [1], []]], []] for word in words]
        (folder / "index" / f"{name}.pf_index").write_bytes(encoded([entries])[1])
        first = prefix_between(chunks[at - 1][-1], words[0]) if at else words[0][:1]
        last = prefix_between(chunks[at + 1][0], words[-1]) if at + 1 < len(chunks) else words[-1]
        listed.append([first, last, name])
    (folder / "pagefind.en_0.pf_meta").write_bytes(
        encoded(["1.5.2", [["en_x", 1]], listed, [], [], []])[1]
    )
    entry = {"version": "1.5.2", "languages": {"en": {"hash": "en_0"}}}
    (folder / "pagefind-entry.json").write_text(json.dumps(entry), encoding="utf-8")
    return folder


def test_every_word_is_merged_in_exactly_one_range(tmp_path: Path) -> None:
    """A chunk's `to` may sort before its last word ('apple' in a chunk followed by 'b...' is
    written 'a'): the ranges must still hold every word once."""
    shards = [
        [["aa", "ab"], ["apple", "apricot"], ["b", "ba"], ["bz"], ["c"]],
        [["ab", "ac"], ["appeal", "apple"], ["b", "bb"], ["bc", "zz"]],
    ]
    bundles = [_bundle(tmp_path / str(at), chunks) for at, chunks in enumerate(shards)]
    opened = _opened(bundles, "en")
    assert opened[0].meta[2][1][1] == "a"  # 'apple'...'apricot' is written up to 'a'
    ranges = _word_ranges(opened)
    assert len(ranges) > 2
    found = [word[0] for words in ranges for chunk in _chunks(opened, words) for word in chunk]
    everything = sorted({word for chunks in shards for words in chunks for word in words})
    assert found == everything


def _files(bundle: Path) -> dict[Path, bytes]:
    return {p.relative_to(bundle): p.read_bytes() for p in bundle.rglob("*") if p.is_file()}


def test_a_build_indexes_its_pages_in_shards_as_it_writes_them(
    indexed: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The MkDocs adapter hands each written page to the indexer (shards of 40 here, in the
    order MkDocs writes them): the index is the one of a single run, and no shard is left."""
    from mkdocs.commands.build import build

    import generator.search as search

    from .test_plugin import plugin_and_config

    monkeypatch.setattr(search, "SHARD_PAGES", 40)
    _, config = plugin_and_config()
    config.site_dir = str(tmp_path / "site")
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    assert _canonical(tmp_path / "site" / BUNDLE) == _canonical(indexed[0])
    assert not list(tmp_path.glob(".pagefind-*"))


def test_pages_that_mark_nothing_for_search_stay_out_whatever_their_shard(tmp_path: Path) -> None:
    """One Pagefind run leaves out the pages without `data-pagefind-body` (the 404 page,
    listings) because other pages have it; a shard of only such pages would index them all.
    The indexer leaves them out itself: shards of 2 here, the last one only a listing."""
    site = tmp_path / "site"
    for name in ("a", "b"):
        (site / name).mkdir(parents=True)
        (site / name / "index.html").write_text(
            f'<html lang="en"><head><title>{name}</title></head><body><main data-pagefind-body>'
            f"<h1>{name}</h1><p>drones over {name}</p></main></body></html>",
            encoding="utf-8",
        )
    (site / "zz").mkdir()
    (site / "zz" / "index.html").write_text(
        '<html lang="en"><head><title>All</title></head><body><p>drones: a, b</p></body></html>',
        encoding="utf-8",
    )
    index_site(site, 2)
    assert sorted(_canonical(site / BUNDLE)["pages"]) == ["/a/", "/b/"]


def test_shards_left_by_an_interrupted_index_are_removed_on_exit(tmp_path: Path) -> None:
    """A preview stopped with Ctrl-C while it indexes in the background: its shards go too."""
    import subprocess
    import sys

    site = tmp_path / "site"
    site.mkdir()
    script = (
        "import pathlib, sys; from generator.search import Indexer;"
        "Indexer(pathlib.Path(sys.argv[1]));"
        "raise KeyboardInterrupt"
    )
    subprocess.run([sys.executable, "-c", script, str(site)], capture_output=True, check=False)
    assert not list(tmp_path.glob(".pagefind-*"))


def test_a_merging_process_that_fails_says_why(tmp_path: Path) -> None:
    part = _Part([tmp_path / "no-such-shard"], tmp_path, "en", [("", None)], elsewhere=True)
    with pytest.raises(SearchMergeError, match=r"(?s)exit 1\): .*no-such-shard"):
        part.result()


def test_shards_still_queued_when_the_last_page_is_written_run_on_every_core(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    running, most, merged = [0], [0], []
    lock = threading.Lock()
    first_started, three_at_once = threading.Event(), threading.Event()

    def pagefind(folder: Path) -> Path:
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
            if running[0] == 3:
                three_at_once.set()
        if folder.name == "0":  # the background run: busy until the spare runs are going
            first_started.set()
            three_at_once.wait(timeout=30)
        else:
            time.sleep(0.2)
        with lock:
            running[0] -= 1
        return folder

    monkeypatch.setattr(search, "_pagefind", pagefind)
    monkeypatch.setattr(search, "merge", lambda bundles, *_, **__: merged.extend(bundles))
    monkeypatch.setattr(search, "cores", lambda: 3)
    site = tmp_path / "site"
    site.mkdir()
    indexer = search.Indexer(site, 1)
    for number in range(6):  # six shards, queued behind the first while pages are written
        page = site / f"{number}.html"
        page.write_text(f"<div {BODY}>{number}</div>", encoding="utf-8")
        indexer.add(page)
        first_started.wait(timeout=30)
    indexer.finish()
    assert most[0] == 3  # the background run and two more
    assert [folder.name for folder in merged] == [str(number) for number in range(6)]
