"""Search indexes made in parts, merged into one: Pagefind's memory bounded, readers unchanged.

Pagefind keeps what it indexes in memory until it writes the index: about 125 KB a page here,
3.3 GB at 26,000 pages, with no setting to lower it (pagefind#842). So the site is indexed in
shards of a few thousand pages each (search.py), and the shards' bundles are merged here into
the one bundle a reader's browser loads: one entry file, one metadata file, one WebAssembly
module (Pagefind's own `mergeIndex` would fetch each shard's module and metadata again, 72 KB
and more per shard, on a reader's first query).

The files are Pagefind's (version 1.5.2, pinned): gzip of `pagefind_dcd` and CBOR.
- metadata: [version, pages ([fragment, word count]), index chunks ([from, to, file]), filters
  ([name, file]), sorts, metadata fields]; a page's number is its place here; a chunk's `from`
  is a prefix of its first word and its `to` is, but for a shard's last chunk, only as much of
  its last word as tells it from the next chunk's first (so it may sort before that last word:
  the next chunk's `from` is what bounds a chunk's words);
- index chunk: [words], each [word, postings, variants]; a posting is [page, locations, metadata
  locations] with pages as differences from the posting before (the first from 0); metadata
  locations are pairs of a field (-1 for the first of the metadata fields the shard lists,
  -2 for the second...) and a position; a variant (the word with its diacritics) is
  [spelling, postings];
- filter: [name, [[value, pages (absolute, ascending)]]];
- fragments: a page's text and metadata (no page number), one file each.

Merging renumbers: shard k's pages follow the pages of shards 0..k-1, and its metadata fields
are renumbered in the merged list (every shard's fields, sorted, as Pagefind lists them; a
shard with no one-word names has no `name_words`). Words are merged in
order from each shard's chunks (read one chunk at a time), a word's postings concatenated in
shard order with the first difference of each shard's run re-based; filters are concatenated
per value. The words are merged in up to WORD_RANGES ranges that split the shards' chunks about
evenly, on up to one fresh interpreter per core (none on one core), while this process moves
the fragments (10.0 -> 5.2 s at 10,000 agreements on two cores); a chunk ends where its range
does, and the ranges come from the shards alone, so the bytes are the same on any machine.
The output is then named as `search.py` always named it: fragments by their page's place
(en_0, en_1, ... in base 36), every other file after its bytes, so the same site gives
the same bytes.
"""

from __future__ import annotations

import gzip
import hashlib
import heapq
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any, cast

import cbor2

from .memory import collector_paused

_HEADER = b"pagefind_dcd"
WordRange = tuple[str, str | None]
"""Words from the first (inclusive) to the second (exclusive; None: to the end)."""
WORD_RANGES = 4
"""Ranges of words merged apart (a chunk ends where its range does)."""
CHUNK_BYTES = 48_000
"""Encoded size at which an index chunk is closed (Pagefind's own are 20-120 KB unpacked)."""
ASSETS = ("pagefind.js", "pagefind-highlight.js", "pagefind-worker.js")


class SearchIndexError(RuntimeError):
    """Pagefind, or the merge of its shards, failed; the message says why."""


class SearchMergeError(SearchIndexError):
    """A shard's bundle is not what this merge reads, or a merging process failed."""


def read(path: Path) -> Any:
    data = gzip.decompress(path.read_bytes())
    if not data.startswith(_HEADER):
        raise SearchMergeError(f"{path.name}: not a Pagefind index file")
    return cbor2.loads(data[len(_HEADER) :])


def encoded(value: Any) -> tuple[str, bytes]:
    """`value` as a Pagefind file's bytes, and the digest of them its name is made from."""
    data = _HEADER + cbor2.dumps(value)
    # Level 6, not gzip's 9: a third of the time for 1-2 % more bytes.
    return hashlib.sha256(data).hexdigest(), gzip.compress(data, compresslevel=6, mtime=0)


def base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, digit = divmod(number, 36)
        text = digits[digit] + text
        if number == 0:
            return text


class _Shard:
    """One shard's bundle, for one language, and where its pages start in the merged index."""

    def __init__(self, bundle: Path, language: str, first_page: int) -> None:
        entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
        about = entry["languages"][language]
        self.bundle, self.entry, self.first_page = bundle, entry, first_page
        self.meta = read(bundle / f"pagefind.{about['hash']}.pf_meta")
        if self.meta[0] != entry["version"] or self.meta[4]:
            raise SearchMergeError(f"{bundle}: an index this merge does not read")
        self.fields: list[str] = self.meta[5]
        self._field_markers: dict[int, int] | None = None
        """Old marker -> merged marker, or None when the shard's fields are the merged ones."""

    def renumber_fields(self, merged: list[str]) -> None:
        """Write this shard's metadata fields by their place in `merged` (every shard's)."""
        if self.fields != merged[: len(self.fields)]:
            self._field_markers = {-1 - at: -1 - merged.index(field)
                                   for at, field in enumerate(self.fields)}  # fmt: skip

    def words(self, words: WordRange) -> Iterator[tuple[str, int, list[Any]]]:
        """(word, this shard's first page, the word's entry) for the words in `words`, in word
        order; only the chunks that may hold them are read."""
        low, high = words
        chunks = self.meta[2]
        for at, (first, last, name) in enumerate(chunks):
            # Above every word of the chunk: the next chunk's `from`, or the last word itself.
            above = chunks[at + 1][0] if at + 1 < len(chunks) else None
            if (above <= low if above is not None else last < low) or (
                high is not None and first >= high
            ):
                continue
            for word in read(self.bundle / "index" / f"{name}.pf_index")[0]:
                if low <= word[0] and (high is None or word[0] < high):
                    yield word[0], self.first_page, self._renumbered(word)

    def _renumbered(self, word: list[Any]) -> list[Any]:
        markers = self._field_markers
        if markers is None:
            return word
        for postings in (word[1], *(variant[1] for variant in word[2])):
            for posting in postings:
                posting[2] = [markers[at] if at < 0 else at for at in posting[2]]
        return word


def _rebased(postings: list[Any], first_page: int, last: int) -> tuple[list[Any], int]:
    """`postings` (page differences from 0 within a shard) continued after page `last` of the
    merged list; returns them and their last page."""
    page = first_page + sum(posting[0] for posting in postings)
    start = first_page + postings[0][0]
    return [[start - last, *postings[0][1:]], *postings[1:]], page


def _merged_postings(runs: list[tuple[int, list[Any]]]) -> list[Any]:
    merged: list[Any] = []
    last = 0
    for first_page, postings in runs:
        if postings:
            rebased, last = _rebased(postings, first_page, last)
            merged += rebased
    return merged


def _merged_word(entries: list[tuple[int, list[Any]]]) -> list[Any]:
    """One word's entries from several shards, in shard order, as one."""
    word = entries[0][1][0]
    postings = _merged_postings([(first, entry[1]) for first, entry in entries])
    spellings: dict[str, list[tuple[int, list[Any]]]] = {}
    for first, entry in entries:
        for spelling, runs in entry[2]:
            spellings.setdefault(spelling, []).append((first, runs))
    variants = [[spelling, _merged_postings(spellings[spelling])] for spelling in sorted(spellings)]
    return [word, postings, variants]


def _chunks(shards: list[_Shard], words: WordRange) -> Iterator[list[Any]]:
    """The merged words in `words`, in word order, in chunks of about CHUNK_BYTES."""
    streams = [shard.words(words) for shard in shards]
    merged = heapq.merge(*streams, key=lambda found: (found[0], found[1]))
    chunk: list[Any] = []
    size = 0
    pending: list[tuple[int, list[Any]]] = []
    for word, first_page, entry in merged:
        if pending and pending[0][1][0] != word:
            chunk, size = _add(chunk, size, _merged_word(pending))
            if size >= CHUNK_BYTES:
                yield chunk
                chunk, size = [], 0
            pending = []
        pending.append((first_page, entry))
    if pending:
        chunk, size = _add(chunk, size, _merged_word(pending))
    if chunk:
        yield chunk


def _add(chunk: list[Any], size: int, word: list[Any]) -> tuple[list[Any], int]:
    """`word` added to `chunk`, and the chunk's size reckoned (about two bytes a number: encoding
    each word to measure it took longer than the rest of the merge)."""
    chunk.append(word)
    runs = [word[1], *(variant[1] for variant in word[2])]
    numbers = sum(3 + len(posting[1]) + len(posting[2]) for run in runs for posting in run)
    return chunk, size + len(word[0]) + 2 * numbers


def merge(bundles: list[Path], out: Path, language: str = "en", processes: int = 1) -> None:
    """Merge the Pagefind bundles `bundles` (shards of one site, in page order) into `out`.

    The words are merged in up to WORD_RANGES ranges: with `processes` above 1, on up to that
    many processes besides this one (which moves the fragments and merges the filters
    meanwhile), else here; the ranges come from the shards alone, so the bytes written do not
    depend on how many processes merged them."""
    shutil.rmtree(out, ignore_errors=True)
    for folder in ("index", "filter", "fragment"):
        (out / folder).mkdir(parents=True)
    shards = _opened(bundles, language)
    ranges = _word_ranges(shards)
    processes = min(processes, len(ranges))
    parts: list[_Part] = []
    try:
        # Started first: the other processes merge words while this one moves the fragments.
        for at in range(processes):
            parts.append(_Part(bundles, out, language, ranges[at::processes], processes > 1))
        pages = _move_fragments(shards, out, language)
        filters = _filters(shards, out, language)
        done = [part.result() for part in parts]  # part p merged ranges p, p + processes, ...
    except BaseException:
        for part in parts:  # none writes on into a site whose build has failed
            part.stop()
        raise
    in_order = [done[at % processes][at // processes] for at in range(len(ranges))]
    index_chunks = [chunk for part in in_order for chunk in part]
    meta = [shards[0].meta[0], pages, index_chunks, filters, [], _merged_fields(shards)]
    digest, data = encoded(meta)
    entry = shards[0].entry
    entry["languages"] = {language: {"hash": f"{language}_{digest[:10]}", "wasm": language,
                                     "page_count": len(pages)}}  # fmt: skip
    (out / f"pagefind.{language}_{digest[:10]}.pf_meta").write_bytes(data)
    (out / "pagefind-entry.json").write_text(
        json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8"
    )
    for name in (*ASSETS, f"wasm.{language}.pagefind"):
        if (bundles[0] / name).is_file():
            shutil.copyfile(bundles[0] / name, out / name)


def _opened(bundles: list[Path], language: str) -> list[_Shard]:
    """Each bundle's shard, with its first page and its metadata fields renumbered."""
    shards: list[_Shard] = []
    first_page = 0
    for bundle in bundles:
        shard = _Shard(bundle, language, first_page)
        shards.append(shard)
        first_page += len(shard.meta[1])
    merged_fields = _merged_fields(shards)
    for shard in shards:
        shard.renumber_fields(merged_fields)
    return shards


def _merged_fields(shards: list[_Shard]) -> list[str]:
    """Every shard's metadata fields, sorted, as Pagefind lists them."""
    return sorted({field for shard in shards for field in shard.fields})


def _word_ranges(shards: list[_Shard]) -> list[WordRange]:
    """WORD_RANGES ranges of words holding about as many of the shards' index chunks each."""
    starts = sorted(first for shard in shards for first, _, _ in shard.meta[2])
    # No word sorts before the first start: a bound there would make an empty range.
    bounds = sorted({starts[len(starts) * at // WORD_RANGES] for at in range(1, WORD_RANGES)}
                    - {starts[0]} if starts else set())  # fmt: skip
    lows, highs = ["", *bounds], [*bounds, None]
    return [(low, high) for low, high in zip(lows, highs, strict=True) if low != high]


def _index_parts(
    bundles: list[Path], out: Path, language: str, ranges: list[WordRange]
) -> list[Any]:
    """The merged index chunks of the words in each range, written to `out`; for each range, its
    chunks' meta entries."""
    with collector_paused(collect=False):  # millions of small lists and no cycle
        shards = _opened(bundles, language)
        parts = []
        for words in ranges:
            listed = []
            for chunk in _chunks(shards, words):
                digest, data = encoded([chunk])
                name = f"{language}_{digest[:7]}"
                (out / "index" / f"{name}.pf_index").write_bytes(data)
                listed.append([chunk[0][0], chunk[-1][0], name])
            parts.append(listed)
        return parts


class _Part:
    """`_index_parts` for some ranges: started now on a new interpreter when `elsewhere` (not a
    fork: a fork of the engine's process would be as large as it), else run here when its
    result is asked for. The interpreter takes the call as JSON in its arguments and answers on
    its output; it finds this package first on its path, whatever the working folder."""

    def __init__(
        self, bundles: list[Path], out: Path, language: str, ranges: list[WordRange],
        elsewhere: bool,
    ) -> None:  # fmt: skip
        self._here = None if elsewhere else partial(_index_parts, bundles, out, language, ranges)
        self._process: subprocess.Popen[bytes] | None = None
        if elsewhere:
            request = [[str(bundle) for bundle in bundles], str(out), language, ranges]
            package_root = str(Path(__file__).resolve().parent.parent)
            boot = f"import sys; sys.path.insert(0, sys.argv[1]); import {__name__} as m; m._main()"
            self._process = subprocess.Popen(
                [sys.executable, "-P", "-c", boot, package_root, json.dumps(request)],
                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            )  # fmt: skip

    def result(self) -> list[Any]:
        if self._here is not None:
            return self._here()
        assert self._process is not None
        answer, errors = self._process.communicate()
        if self._process.returncode != 0:
            why = errors.decode("utf-8", "replace").strip()
            raise SearchMergeError(f"a merging process failed (exit {self._process.returncode})"
                                   + (f": {why}" if why else ""))  # fmt: skip
        return cast(list[Any], json.loads(answer))

    def stop(self) -> None:
        if self._process is None:
            return
        if self._process.poll() is None:
            self._process.kill()
        self._process.communicate()


def _main() -> None:
    bundles, out, language, ranges = json.loads(sys.argv[2])
    parts = _index_parts([Path(b) for b in bundles], Path(out), language,
                         [(low, high) for low, high in ranges])  # fmt: skip
    sys.stdout.write(json.dumps(parts))


def _move_fragments(shards: list[_Shard], out: Path, language: str) -> list[Any]:
    """Each page's fragment moved to `out`, named by its page's place; the merged page list."""
    pages: list[Any] = []
    for shard in shards:
        renamed: dict[str, str] = {}
        for fragment, words in shard.meta[1]:
            if fragment not in renamed:  # two pages with the same text share one fragment
                renamed[fragment] = f"{language}_{base36(len(pages))}"
                source = shard.bundle / "fragment" / f"{fragment}.pf_fragment"
                shutil.move(source, out / "fragment" / f"{renamed[fragment]}.pf_fragment")
            pages.append([renamed[fragment], words])
    return pages


def _filters(shards: list[_Shard], out: Path, language: str) -> list[Any]:
    """Every filter's values, pages renumbered, written to `out`; the metadata's filter list."""
    values: dict[str, dict[str, list[int]]] = {}
    for shard in shards:
        for _, file in shard.meta[3]:
            name, found = read(shard.bundle / "filter" / f"{file}.pf_filter")
            merged = values.setdefault(name, {})
            for value, pages in found:
                merged.setdefault(value, []).extend(shard.first_page + page for page in pages)
    listed = []
    for name in sorted(values):
        rows = [[value, pages] for value, pages in sorted(values[name].items())]
        digest, data = encoded([name, rows])
        file = f"{language}_{digest[:7]}"
        (out / "filter" / f"{file}.pf_filter").write_bytes(data)
        listed.append([name, file])
    return listed
