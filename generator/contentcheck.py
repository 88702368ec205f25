"""`check` without building the graph, so it can use every core.

Each file is read, validated and has its references checked on its own: references are checked
against the folder listing (`known_ids`), which every worker reads for itself. What crosses
files (two items with the same name, sources nobody cites) is then worked out from small
per-file results. The problems are the ones `build_graph` reports (a test holds them equal);
rendering still builds the whole graph.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from .checks import Named, check_encoding, named, same_names, start_of, unused_sources
from .errors import Problem
from .kinds import CITED, COUNTRIES
from .load import content_files, known_ids, load_file, read_regular_file
from .memory import collector_paused, cores
from .models import MODELS
from .models.base import CitationFields
from .resolve import Known, raw_reference_problems, references, unknown_reference
from .validate import validate_document

# Below this many files a second process costs more than it saves.
PARALLEL_FROM = 2000


@dataclass
class FileResult:
    """What one file contributes to the checks across files."""

    kind: str
    problems: list[Problem] = field(default_factory=list)
    name: Named | None = None
    source: Named | None = None
    """Where a valid source's file starts, for the unused-source check."""
    cited: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    """ISO codes the file refers to (the count `check` prints includes them)."""
    valid: bool = False
    digest: str = ""
    """sha256 of the file's bytes, for the check cache."""


def check_file(kind: str, file: Path, shown: str, known: Known) -> FileResult:
    result = FileResult(kind)
    raw, result.problems = read_regular_file(file, shown)
    if raw is None:
        return result
    result.digest = hashlib.sha256(raw).hexdigest()
    doc, result.problems = load_file(file, kind, shown, raw)
    if doc is None:
        return result
    entity, found = validate_document(doc)
    result.problems += found
    result.problems += check_encoding(doc)
    if entity is None:
        result.problems += raw_reference_problems(doc, known)
        return result
    result.valid = True
    result.name = named(entity, doc)
    for loc, ref, _ in references(entity):
        if isinstance(ref, CitationFields):
            result.cited.add(ref.source.id)
            continue
        if ref.kind == COUNTRIES:
            result.countries.add(ref.id)
        problem = unknown_reference(doc, loc, ref.kind, ref.id, known)
        if problem:
            result.problems.append(problem)
    if kind == CITED:
        result.source = start_of(doc)
    return result


def _check_chunk(chunk: list[tuple[str, Path, str]], known: Known) -> list[FileResult]:
    with collector_paused():
        return [check_file(kind, file, shown, known) for kind, file, shown in chunk]


# The file list and the listing, set before the worker processes are forked: they inherit them,
# so only two numbers travel to each task instead of thousands of paths and ids.
_SHARED: tuple[list[tuple[str, Path, str]], Known] = ([], {})


def _check_slice(first: int, step: int) -> list[FileResult]:
    files, known = _SHARED
    return _check_chunk(files[first::step], known)


def _workers(files: int) -> int:
    return 1 if files < PARALLEL_FROM else max(1, min(cores(), 8))


def check_content(
    content_dir: Path, digests: dict[str, str] | None = None
) -> tuple[list[Problem], dict[str, int]]:
    """Every problem in the content, and the number of valid items per kind; `digests`, when
    given, receives the sha256 of each content file read ("kind/name.yaml" -> hex)."""
    kinds = list(MODELS)
    files, problems = content_files(content_dir, kinds)
    known = known_ids(content_dir, kinds)
    workers = _workers(len(files))
    if workers == 1:
        results = _check_chunk(files, known)
    else:
        global _SHARED
        _SHARED = (files, known)
        # This process takes every n-th file and n - 1 forked workers the others, so each
        # share holds some of the heavy agreements, and half the results need no pickling.
        context = multiprocessing.get_context("fork")
        try:
            with ProcessPoolExecutor(workers - 1, mp_context=context) as pool:
                others = [pool.submit(_check_slice, first, workers) for first in range(1, workers)]
                parts = [_check_slice(0, workers), *(future.result() for future in others)]
        finally:
            _SHARED = ([], {})
        results = [parts[index % workers][index // workers] for index in range(len(files))]
    counts = dict.fromkeys(kinds, 0)
    cited: set[str] = set()
    countries: set[str] = set()
    for (kind, file, _), result in zip(files, results, strict=True):
        if digests is not None:
            digests[f"{kind}/{file.name}"] = result.digest
        problems += result.problems
        counts[result.kind] += result.valid
        cited |= result.cited
        countries |= result.countries
    problems += same_names([r.name for r in results if r.name])
    problems += unused_sources([r.source for r in results if r.source], cited)
    valid_files = {r.name.id for r in results if r.name and r.kind == COUNTRIES}
    counts[COUNTRIES] = len(valid_files | countries)
    return sorted(problems), counts
