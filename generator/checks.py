"""Checks across files, after resolution: things no single file can show."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from .errors import Problem, Severity
from .load import Document, Loc
from .resolve import Graph


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


def check_names(graph: Graph, docs: dict[tuple[str, str], Document]) -> list[Problem]:
    """Two items of one kind whose names differ only by case or Unicode form are one item twice."""
    problems = []
    for kind, items in graph.items.items():
        seen: dict[str, str] = {}
        for key in sorted(items):
            entity = items[key]
            if (kind, key) not in docs:
                continue
            folded = unicodedata.normalize("NFKC", entity.label).casefold()
            if folded in seen:
                doc = docs[(kind, key)]
                message = (
                    f"'{entity.label}' has the same name as '{seen[folded]}': "
                    "merge the two files, or make the names tell them apart"
                )
                field = "title" if "title" in doc.data else "name"
                problems.append(doc.problem((field,), message))
            else:
                seen[folded] = key
    return problems


def check_sources_used(graph: Graph, docs: dict[tuple[str, str], Document]) -> list[Problem]:
    problems = []
    for key in sorted(graph.items["sources"]):
        if not graph.facts_citing(graph.items["sources"][key]):
            doc = docs[("sources", key)]
            line, column = doc.position(())
            message = f"source '{key}' is cited by no fact: cite it or remove the file"
            problems.append(Problem(doc.path, line, column, message, Severity.WARNING))
    return problems


def check_graph(graph: Graph, docs: dict[tuple[str, str], Document]) -> list[Problem]:
    problems: list[Problem] = []
    for doc in docs.values():
        problems += check_encoding(doc)
    problems += check_names(graph, docs)
    problems += check_sources_used(graph, docs)
    return problems
