"""A content tree generated from the models, with a chosen text in every free-text field.

Every field of every kind is filled in (one item per list, the first of each "exactly one of"
group), so a field added to a model is in the tree without editing any test. Free text gets
`text(n)`; ids, dates, numbers, flags, URLs and enum values get valid values. Tests build the
tree twice, once hostile and once with harmless text of the same shape, and compare.
"""

from __future__ import annotations

import enum
import json
import types
import typing
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from generator.checks import TWO_SIDED
from generator.models import MODELS
from generator.models.base import DIGITS_ONLY, RefTo, check_url, clean_text
from generator.models.commitment import _amount, _currency
from generator.models.dates import parse_date

# Each kind's one item; countries are named by ISO code.
IDS = {kind: ("pl" if kind == "countries" else f"payload-{kind}") for kind in MODELS}
URL = "https://example.org/a/b?c=1&d=2#e"
# Values for the plain strings with a pattern (language codes, Wikidata ids, former ids).
FORMER_ID = "an-old-id"
BY_PATTERN = {"^[a-z]{2,3}$": "uk", "^[a-z]{2,3}(-[A-Za-z0-9]+)?$": "uk", "^Q[1-9][0-9]*$": "Q36",
              "^[a-z0-9]+(-[a-z0-9]+)*$": FORMER_ID}  # fmt: skip

HOSTILE = (
    '<img src=x onerror=alert(1)><meta http-equiv="refresh" content="0;url=https://evil.example/">'
    "</title><script>alert(1)</script> \" ' & &amp; &#60; {{ 7*7 }} {% raw %} [x](javascript:1) "
    "*em* _u_ `code` | a | ~~s~~ ==m== ^^c^^ --8<-- x.md !!! note {: .cls } # h ::error ::x:: 1. "
    "<!-- c --> ]]> javascript:alert(1) data:text/html,<b>b</b> \\ $x$ +++ ---"
)


def harmless(text: str) -> str:
    """`text` with every character that could be markup replaced by a letter: same length, same
    words, so pages lay out the same (the diagram wraps labels by length)."""
    return "".join(c if c.isalnum() or c.isspace() else "x" for c in text)


def _pattern(metadata: list[Any]) -> str | None:
    for item in metadata:
        for inner in getattr(item, "metadata", [item]):
            pattern = getattr(inner, "pattern", None)
            if pattern:
                return str(pattern)
    return None


def _validators(metadata: list[Any]) -> list[Callable[..., Any]]:
    return [getattr(m, "func", None) for m in metadata if hasattr(m, "func")]  # type: ignore[misc]


def _value(annotation: Any, metadata: list[Any], text: Callable[[], str]) -> Any:
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        return _value(base, [*extra, *metadata], text)
    if origin in (typing.Union, types.UnionType):
        arm = next(a for a in typing.get_args(annotation) if a is not type(None))
        return _value(arm, metadata, text)
    if origin is list:
        return [_value(typing.get_args(annotation)[0], [], text)]
    for marker in metadata:
        if isinstance(marker, RefTo):
            return IDS[marker.kind]
    funcs = _validators(metadata)
    if check_url in funcs:
        return URL
    if _amount in funcs:
        return "2.5"
    if _currency in funcs:
        return "GBP"
    if parse_date in funcs:
        return _next_date()
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return document(annotation, text)
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return next(iter(annotation)).value
    if annotation is bool:
        return "true"
    if annotation is int or DIGITS_ONLY in metadata:
        return "5"
    if clean_text in funcs:
        return text()
    pattern = _pattern(metadata)
    if annotation is str and pattern in BY_PATTERN:
        return BY_PATTERN[pattern]
    raise AssertionError(f"tests/payloads.py cannot fill {annotation} {metadata}: teach it")


def _dates() -> Iterator[str]:
    return iter(f"2024-{month:02d}-{day:02d}" for month in range(1, 13) for day in range(1, 29))


_DATES = _dates()


def _next_date() -> str:
    """A later date for every date field, so no two facts fall on one day (a party's `signed`
    on the signing date is a fact written twice) and every range ends after it starts."""
    return next(_DATES)


# The second side of a relation written on either item (checks.TWO_SIDED) stays empty: a fact
# written on both sides is a warning, and the strict build would fail on it.
_OTHER_SIDES = {(other_kind, other_field) for _, _, other_kind, other_field in TWO_SIDED}


def document(model: type[BaseModel], text: Callable[[], str]) -> dict[str, Any]:
    """Every field of `model`, filled in; of an "exactly one of" group, only the first."""
    skipped = set(getattr(model, "ONE_OF", ())[1:]) | {"id"}
    kind = getattr(model, "KIND", "")
    skipped |= {fld for other_kind, fld in _OTHER_SIDES if other_kind == kind}
    data: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        if name not in skipped:
            data[name] = _value(info.annotation, list(_metadata(info)), text)
    return data


def _metadata(info: FieldInfo) -> list[Any]:
    return list(info.metadata)


def write_tree(root: Path, make_text: Callable[[int], str]) -> dict[str, str]:
    """Write one item of every kind under `root`, each free-text field holding
    `make_text(n)` for a number n unique to the field; return n -> the text written."""
    global _DATES
    _DATES = _dates()  # each tree has the same dates
    written: dict[str, str] = {}

    def text() -> str:
        value = make_text(len(written) + 1)
        written[str(len(written) + 1)] = value
        return value

    for kind, model in MODELS.items():
        data = document(model, text)
        path = root / kind / f"{IDS[kind]}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        # JSON is YAML: every value is one double-quoted scalar, whatever it holds.
        path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return written


def hostile_text(number: int) -> str:
    return f"P{number} {HOSTILE}"


def harmless_text(number: int) -> str:
    return harmless(hostile_text(number))
