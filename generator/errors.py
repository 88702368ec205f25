"""Problems found in content, and the one exception that carries them.

Every stage collects problems instead of stopping at the first, so a contributor sees all of
them in one run. A problem always names a file and, where it can, the line and column.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One located message about content. Line and column are 1-based; 0 means unknown."""

    path: str
    line: int
    column: int
    message: str
    severity: Severity = Severity.ERROR

    def format(self) -> str:
        """One line of text output (`check`, the MkDocs log). Content is untrusted: a newline
        or another control character in a value is shown escaped, so nothing from content
        starts a line, where a CI runner would read `::error` or `::add-mask::` as a command."""
        text = f"{self.path}:{self.line}:{self.column}: {self.severity.value}: {self.message}"
        text = _CONTROLS.sub(lambda m: repr(m.group())[1:-1], text)
        return "./" + text if text.startswith("::") else text

    def github(self) -> str:
        """A GitHub Actions workflow command that shows the problem on the pull request's diff.

        Content is untrusted: the message and path are escaped as the runner expects, so a value
        holding a newline, `%`, `,` or `::` cannot end the command and start another."""
        fields = [f"file={_escape_property(self.path)}"]
        if self.line:
            fields.append(f"line={self.line}")
        if self.column:
            fields.append(f"col={self.column}")
        fields.append(f"title={_escape_property('content check')}")
        return f"::{self.severity.value} {','.join(fields)}::{_escape_data(self.message)}"


# Controls and the characters some terminals and runners take for line ends (NEL, U+2028/9).
_CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def has_errors(problems: Iterable[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)


class ContentError(Exception):
    """Raised when content has at least one error; carries every problem found."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems)
        errors = sum(1 for p in self.problems if p.severity is Severity.ERROR)
        super().__init__(f"{errors} error(s) in content")

    def __reduce__(self) -> tuple[type[ContentError], tuple[list[Problem]]]:
        # Raised in the build's worker process and again in the one that started it.
        return (ContentError, (self.problems,))


# Below this many candidates (enum values, field names) every one is compared; above it, only
# the few that the deletion index offers, so a hint costs the same against 50 ids or 50,000.
_COMPARE_ALL_BELOW = 50
_SHORTLIST = 32


class _DeletionIndex:
    """Candidates keyed by themselves and by each of their one-character deletions.

    A word and a candidate share a key when they are one insertion, deletion, substitution or
    transposition apart (and in some two-edit cases), so the near candidates of a word are found
    with len(word) + 1 dictionary lookups instead of a comparison with every candidate."""

    def __init__(self, candidates: frozenset[str]) -> None:
        self.keys: dict[str, list[str]] = {}
        for candidate in sorted(candidates):  # sorted: the shortlist does not depend on hashing
            for key in dict.fromkeys(_deletions(candidate)):
                self.keys.setdefault(key, []).append(candidate)
        self.longest = max(map(len, candidates), default=0)

    def near(self, word: str) -> list[str]:
        # A key is at most one character shorter than its string: a much longer word matches
        # nothing, and is not cut into deletions (a hostile value may be very long).
        if len(word) > self.longest + 1:
            return []
        found: dict[str, None] = {}
        for key in _deletions(word):
            for candidate in self.keys.get(key, ()):
                found[candidate] = None
                if len(found) == _SHORTLIST:
                    return list(found)
        return list(found)


def _deletions(word: str) -> list[str]:
    return [word] + [word[:i] + word[i + 1 :] for i in range(len(word))]


@lru_cache(maxsize=16)
def _index(candidates: frozenset[str]) -> _DeletionIndex:
    # Keyed by the set's content: callers pass a fresh list of the same ids for every unknown
    # reference, and each distinct set is indexed once per process.
    return _DeletionIndex(candidates)


class TemplateError(Exception):
    """A page template failed: a bug in code (generator/templates/ or site_overrides/), not in
    content. Carries the problem located in the template file."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(problem.format())

    def __reduce__(self) -> tuple[type[TemplateError], tuple[Problem]]:
        return (TemplateError, (self.problem,))  # raised in worker processes, sent back


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate nearest in spelling to `word` (difflib's ratio, at least 0.6), or None when
    nothing is near. Among many candidates only those a few edits away are considered."""
    pool = candidates if isinstance(candidates, frozenset) else frozenset(candidates)
    # sorted: which of two equally near candidates is named must not depend on hashing
    shortlist = sorted(pool) if len(pool) < _COMPARE_ALL_BELOW else _index(pool).near(word)
    if not shortlist:
        return None
    # Of the equally near, the one with the same letters wins: a typo that swaps two letters
    # ('GPB') means 'GBP', not 'PAB'. Then, as difflib, the greater string.
    matcher = difflib.SequenceMatcher(b=word)
    best: tuple[float, bool, str] | None = None
    for candidate in shortlist:
        matcher.set_seq1(candidate)
        if matcher.real_quick_ratio() < 0.6 or matcher.quick_ratio() < 0.6:
            continue
        ratio = matcher.ratio()
        score = (ratio, sorted(candidate) == sorted(word), candidate)
        if ratio >= 0.6 and (best is None or score > best):
            best = score
    return best[2] if best else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A hint suffix such as " (did you mean 'donald-tusk'?)", or '' when nothing is near."""
    match = closest(word, candidates)
    return f" (did you mean '{match}'?)" if match else ""
