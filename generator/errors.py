"""Problems found in content, and the one exception that carries them.

Every stage collects problems instead of stopping at the first, so a contributor sees all of
them in one run. A problem always names a file and, where it can, the line and column.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


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
        return f"{self.path}:{self.line}:{self.column}: {self.severity.value}: {self.message}"

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


def closest(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate nearest in spelling to `word`, or None when nothing is near."""
    matches = difflib.get_close_matches(word, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A hint suffix such as " (did you mean 'donald-tusk'?)", or '' when nothing is near."""
    match = closest(word, candidates)
    return f" (did you mean '{match}'?)" if match else ""
