"""The two steps every run takes: one per file, then one across files.

`check_file` reads, parses and validates one content file, runs the checks a file can answer on
its own, and checks its references against the folder listing (which every file can read for
itself). `link` then puts the valid items of all files into the graph and runs the checks that
need several files. The full build, `check` and the live preview differ only in which files
they hand to `check_file` and where they keep the results:

- `pipeline.build_graph`: every file, in order, in this process;
- `contentcheck.check_content`: every file, on every core, answered from a cache when nothing
  changed (it needs the problems only, so it skips the graph: `cross_file_problems`);
- `incremental.IncrementalSite`: the files whose size or time changed since the last edit.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .checks import (
    Named,
    Pairing,
    check_encoding,
    named,
    pairings,
    repeated_signing,
    same_names,
    start_of,
    unused_sources,
    written_twice,
)
from .errors import Problem
from .files import read_regular_file
from .kinds import CITED, COUNTRIES
from .load import Document, Loc, load_file
from .models import Entity
from .models.base import CitationFields
from .renames import former_id_in_use, former_ids, former_ids_twice, reserved_former_id
from .resolve import (
    Graph,
    Known,
    link_graph,
    raw_reference_problems,
    raw_references,
    references,
    unknown_reference,
)
from .validate import validate_document


@dataclass
class FileResult:
    """What one file gives the run: its item (when valid), its problems, and what the checks
    across files need from it."""

    kind: str
    problems: list[Problem] = field(default_factory=list)
    ref_problems: list[Problem] = field(default_factory=list)
    """References to nothing in the folder listing (see `reference_problems`)."""
    document: Document | None = None
    entity: Entity | None = None
    refs: list[tuple[Loc, Any, BaseModel]] = field(default_factory=list)
    """Every reference and citation of the item (`resolve.references`), walked once."""
    name: Named | None = None
    """The item's name and where it is written, for the same-name check."""
    source: Named | None = None
    """Where a valid source's file starts, for the unused-source check."""
    pairs: list[Pairing] = field(default_factory=list)
    """Relations that could be written on the other item too (checks.TWO_SIDED)."""
    cited: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    """ISO codes the file refers to (the count `check` prints includes them)."""
    digest: str = ""
    """sha256 of the file's bytes, for the check cache."""
    formers: list[Named] = field(default_factory=list)
    """The item's former ids and where each is written, for the check across files."""

    def without_item(self) -> FileResult:
        """The result without the parsed file and item, cheap to send between processes."""
        return FileResult(self.kind, self.problems + self.ref_problems, [], None, None, [],
                          self.name, self.source, self.pairs, self.cited, self.countries,
                          self.digest, self.formers)  # fmt: skip


def check_file(kind: str, file: Path, shown: str, known: Known) -> FileResult:
    """Load, validate and check one file on its own; references against the listing `known`."""
    result = FileResult(kind)
    raw, result.problems = read_regular_file(file, shown)
    if raw is None:
        return result
    result.digest = hashlib.sha256(raw).hexdigest()
    doc, result.problems = load_file(file, kind, shown, raw)
    if doc is None:
        return result
    result.document = doc
    entity, found = validate_document(doc)
    result.problems += found + check_encoding(doc)
    if entity is None:
        # Its citations still count: a source it cites is not "cited by no fact" (the hint
        # would have a contributor delete a valid source because of an unrelated error).
        result.cited = {ref_id for _, kind, ref_id in raw_references(doc) if kind == CITED}
    else:
        result.entity = entity
        result.name = named(entity, doc)
        result.problems += repeated_signing(entity, doc)
        result.pairs = pairings(entity, doc)
        result.refs = list(references(entity))
        for _, ref, _ in result.refs:
            if isinstance(ref, CitationFields):
                result.cited.add(ref.source.id)
            elif ref.kind == COUNTRIES:
                result.countries.add(ref.id)
        if kind == CITED:
            result.source = start_of(doc)
        result.formers = former_ids(entity, doc)
        result.problems += [p for p in (reserved_former_id(f) for f in result.formers) if p]
    result.ref_problems = reference_problems(result, known)
    return result


def reference_problems(result: FileResult, known: Known) -> list[Problem]:
    """The file's references to nothing in the listing `known` (the preview asks again when a
    file comes or goes, without reading the file again)."""
    doc = result.document
    if doc is None:
        return []
    if result.entity is None:
        return raw_reference_problems(doc, known)
    found = [unknown_reference(doc, loc, ref.kind, ref.id, known)
             for loc, ref, _ in result.refs if not isinstance(ref, CitationFields)]  # fmt: skip
    found += [former_id_in_use(former, known) for former in result.formers]
    return [problem for problem in found if problem]


def cross_file_problems(results: list[FileResult]) -> list[Problem]:
    """What no single file can show: two items with one name, sources no fact cites, one former
    id claimed twice."""
    cited = set().union(*(r.cited for r in results))
    names = [r.name for r in results if r.name]
    problems = same_names(names) + unused_sources([r.source for r in results if r.source], cited)
    problems += former_ids_twice([former for r in results for former in r.formers])
    return problems + written_twice([pair for r in results for pair in r.pairs])


def link(results: list[FileResult]) -> tuple[Graph, list[Problem]]:
    """The graph of every valid item, and every problem of the run, sorted."""
    graph = link_graph([(r.entity, r.refs) for r in results if r.entity is not None])
    problems = [p for r in results for p in [*r.problems, *r.ref_problems]]
    problems += cross_file_problems(results)
    return graph, sorted(problems)
