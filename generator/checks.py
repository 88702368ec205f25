"""Checks across files, after resolution: things no single file can show."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .errors import Problem, Severity
from .load import Document, Loc
from .models import Entity
from .models.unicode_rules import skeleton


def _strings(data: Any, loc: Loc = ()) -> Iterator[tuple[Loc, str]]:
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*loc, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*loc, index))


def repair_mojibake(text: str) -> str | None:
    """The text UTF-8 bytes read as Windows-1252 would have been ('WÅ‚adysÅ‚aw' -> 'Władysław')."""
    if text.isascii():
        return None
    for codec in ("cp1252", "latin-1"):
        try:
            repaired = text.encode(codec).decode("utf-8")
        except UnicodeError:
            continue
        if repaired != text:
            return repaired
    return None


def check_encoding(doc: Document) -> list[Problem]:
    if doc.ascii:
        return []
    problems = []
    for loc, text in _strings(doc.data):
        repaired = repair_mojibake(text)
        if repaired:
            line, column = doc.position(loc)
            message = (
                f"'{text}' looks like broken encoding of '{repaired}': write the intended text"
            )
            problems.append(Problem(doc.path, line, column, message, Severity.WARNING))
    return problems


@dataclass(frozen=True)
class Named:
    """An item's name, and where its name field is written, for the same-name check."""

    kind: str
    id: str
    label: str
    path: str
    line: int
    column: int


def named(entity: Entity, doc: Document) -> Named:
    field = "title" if "title" in doc.data else "name"
    line, column = doc.position((field,))
    return Named(entity.KIND, entity.id or "", entity.label, doc.path, line, column)


def start_of(doc: Document) -> Named:
    """Where a file's content starts, for problems about the file as a whole."""
    line, column = doc.position(())
    return Named(doc.kind, doc.id, "", doc.path, line, column)


def same_names(names: list[Named]) -> list[Problem]:
    """Two items of one kind whose names look the same are one item twice: names that differ
    only by case, Unicode form or confusable letters (Latin `a` and Cyrillic `а`)."""
    problems = []
    seen: dict[tuple[str, str, str], str] = {}
    for item in sorted(names, key=lambda n: (n.kind, n.id)):
        folded = unicodedata.normalize("NFKC", item.label).casefold()
        keys = [(item.kind, "case", folded), (item.kind, "looks", skeleton(item.label))]
        first = next((seen[key] for key in keys if key in seen), None)
        if first is not None:
            message = (
                f"'{item.label}' has the same name as '{first}', or one that looks the "
                "same: merge the two files, or make the names tell them apart"
            )
            problems.append(Problem(item.path, item.line, item.column, message))
        else:
            seen.update(dict.fromkeys(keys, item.id or ""))
    return problems


def unused_sources(sources: list[Named], cited: set[str]) -> list[Problem]:
    """Sources no fact cites (`sources` give where each file starts)."""
    problems = []
    for source in sorted(sources, key=lambda s: s.id):
        if source.id not in cited:
            message = f"source '{source.id}' is cited by no fact: cite it or remove the file"
            problems.append(
                Problem(source.path, source.line, source.column, message, Severity.WARNING)
            )
    return problems
