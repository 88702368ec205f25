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


def repeated_signing(entity: Entity, doc: Document) -> list[Problem]:
    """A party's `signed` action on the agreement's own signing date says the fact twice."""
    signing = getattr(entity, "signing", None)
    if signing is None or signing.date is None:
        return []
    problems = []
    for p, party in enumerate(getattr(entity, "parties", [])):
        for a, action in enumerate(party.actions):
            if action.action.value == "signed" and action.date == signing.date:
                line, column = doc.position(("parties", p, "actions", a))
                message = (
                    f"parties[{p}].actions[{a}]: 'signed' on {action.date} repeats the "
                    "agreement's signing date: keep it in `signing` and remove this action "
                    "(write a party's own 'signed' only when it signed on another date)"
                )
                problems.append(Problem(doc.path, line, column, message, Severity.WARNING))
    return problems


@dataclass(frozen=True)
class Pairing:
    """One side of a relation that may be written on either of two items (see TWO_SIDED)."""

    key: tuple[str, str, str, str]
    """(kept kind, kept id, other kind, other id): the relation, whichever side wrote it."""
    kept_side: bool
    where: Named


TWO_SIDED = (("events", "agreements", "agreements", "events"),)
"""(kind, field) written on that kind's items = (kind, field) the same relation on the other's:
the first side is the one to keep (an event names the agreements signed or discussed at it)."""


def pairings(entity: Entity, doc: Document) -> list[Pairing]:
    found = []
    for kept_kind, kept_field, other_kind, other_field in TWO_SIDED:
        for side, fld, other in ((kept_kind, kept_field, True), (other_kind, other_field, False)):
            if side != entity.KIND:
                continue
            for index, ref in enumerate(getattr(entity, fld, [])):
                line, column = doc.position((fld, index))
                named_here = Named(entity.KIND, entity.id or "", fld, doc.path, line, column)
                key = ((kept_kind, entity.id or "", other_kind, ref.id) if other
                       else (kept_kind, ref.id, other_kind, entity.id or ""))  # fmt: skip
                found.append(Pairing(key, other, named_here))
    return found


def written_twice(pairs: list[Pairing]) -> list[Problem]:
    """A relation written on both sides: a warning at the side to remove, naming the other."""
    kept = {p.key for p in pairs if p.kept_side}
    problems = []
    for pair in pairs:
        if not pair.kept_side and pair.key in kept:
            kind, item_id, _, _ = pair.key
            field = next(t[1] for t in TWO_SIDED if t[0] == kind)
            message = (
                f"{pair.where.label}: '{item_id}' is written on both sides: keep it in "
                f"{kind}/{item_id}.yaml ({field}) and remove it here (the page shows it anyway)"
            )
            w = pair.where
            problems.append(Problem(w.path, w.line, w.column, message, Severity.WARNING))
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
