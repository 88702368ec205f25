"""`check`: `stage.check_file` on every core, then the checks across files.

`check` needs the problems only, so it never links the graph: each file is checked against the
folder listing (`known_ids`), which every worker reads for itself, and what crosses files comes
from the small per-file results (`stage.cross_file_problems`). The problems are the ones
`pipeline.build_graph` reports, by construction (both run the same two functions).
"""

from __future__ import annotations

from pathlib import Path

from .errors import Problem
from .files import content_files, known_ids
from .kinds import COUNTRIES, FOLDERS
from .parallel import fork_map, workers_for
from .stage import FileResult, check_file, cross_file_problems


def check_content(
    content_dir: Path, digests: dict[str, str] | None = None
) -> tuple[list[Problem], dict[str, int]]:
    """Every problem in the content, and the number of valid items per kind; `digests`, when
    given, receives the sha256 of each content file read ("kind/name.yaml" -> hex)."""
    kinds = list(FOLDERS)
    files, problems = content_files(content_dir, kinds)
    known = known_ids(content_dir, kinds)

    def checked(entry: tuple[str, Path, str]) -> FileResult:
        return check_file(*entry, known).without_item()

    results = fork_map(checked, files, workers_for(len(files)))
    counts = dict.fromkeys(kinds, 0)
    for (kind, file, _), result in zip(files, results, strict=True):
        if digests is not None:
            digests[f"{kind}/{file.name}"] = result.digest
        problems += result.problems
        counts[kind] += result.name is not None
    problems += cross_file_problems(results)
    files_of_countries = {r.name.id for r in results if r.name and r.kind == COUNTRIES}
    counts[COUNTRIES] = len(files_of_countries.union(*(r.countries for r in results)))
    return sorted(problems), counts
