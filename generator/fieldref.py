"""The field reference: every field of every content kind, read from the models' JSON Schemas.

The Data page (and the contributor guide) print this table, so the documentation of a field is
its docstring in `generator/models/` and cannot drift from what `check` accepts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .models import MODELS
from .models.dates import DATE_PATTERN

# Shapes used in many places, documented once rather than under every field that holds them.
SHARED = {"CitationFields": "citation", "Alias": "spelling"}


_CITATIONS = "Where the facts come from: source ids, or citations with a locator and quote."
# Descriptions that a schema node carries for its type, not for the field.
_SAYS_ONLY_TYPE = ("id of an item in", "EDTF date:")


@dataclass(frozen=True)
class FieldDoc:
    path: str
    """Dotted path inside a file; `[]` marks a list, e.g. `parties[].signatories[].person`."""
    type: str
    required: bool
    description: str


@dataclass(frozen=True)
class KindDoc:
    kind: str
    description: str
    fields: list[FieldDoc]


def _shared(node: dict[str, Any]) -> str | None:
    name: str = node.get("$ref", "").rsplit("/", 1)[-1]
    return SHARED.get(name)


def _resolve(node: dict[str, Any], defs: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = defs[node["$ref"].rsplit("/", 1)[-1]]
    return node


def _variants(node: dict[str, Any]) -> list[dict[str, Any]]:
    """The non-null alternatives of a schema node."""
    options = node.get("anyOf", [node])
    return [o for o in options if o.get("type") != "null"]


def _type_name(node: dict[str, Any], defs: dict[str, Any]) -> str:
    names = []
    options = _variants(node)
    shared = [name for name in map(_shared, options) if name]
    if shared:  # a shared shape, or its short form as plain text: name the shape only
        return shared[0]
    for option in options:
        target = _resolve(option, defs)
        if "enum" in target:
            names.append("one of: " + ", ".join(str(v) for v in target["enum"]))
        elif "x-refers-to" in target:
            names.append(f"id of an item in {target['x-refers-to']}/")
        elif target.get("pattern") == DATE_PATTERN or any(
            o.get("pattern") == DATE_PATTERN for o in target.get("anyOf", [])
        ):
            names.append("date (YYYY, YYYY-MM or YYYY-MM-DD; ~ about, ? uncertain)")
        elif target.get("type") == "array":
            names.append("list of " + _type_name(target.get("items", {}), defs))
        elif target.get("type") == "object":
            names.append("object (fields below)")
        elif target.get("format") == "uri" or target.get("type") == "string":
            names.append("URL" if target.get("format") == "uri" else "text")
        elif target.get("type") in ("integer", "boolean"):
            names.append("true or false" if target["type"] == "boolean" else "whole number")
        else:
            names.append("text")
    unique = list(dict.fromkeys(names))
    return " or ".join(unique) if unique else "text"


def _objects_inside(node: dict[str, Any], defs: dict[str, Any]) -> list[dict[str, Any]]:
    """Object schemas reachable from a field (through lists and alternatives)."""
    found = []
    for option in _variants(node):
        if _shared(option):
            continue
        target = _resolve(option, defs)
        if target.get("type") == "array":
            found += _objects_inside(target.get("items", {}), defs)
        elif target.get("type") == "object" and "properties" in target:
            found.append(target)
    return found


def _fields(schema: dict[str, Any], defs: dict[str, Any], prefix: str) -> list[FieldDoc]:
    docs = []
    required = set(schema.get("required", []))
    for name, node in schema.get("properties", {}).items():
        path = f"{prefix}{name}"
        is_list = any(_resolve(o, defs).get("type") == "array" for o in _variants(node))
        described = [node] + [_resolve(o, defs) for o in _variants(node)]
        description = next((d["description"] for d in described if d.get("description")), "")
        if description.startswith(_SAYS_ONLY_TYPE):
            description = ""  # the type column already says it
        if not description and _type_name(node, defs) == "list of citation":
            description = _CITATIONS
        docs.append(FieldDoc(path, _type_name(node, defs), name in required, description))
        for inner in _objects_inside(node, defs):
            docs += _fields(inner, defs, f"{path}{'[]' if is_list else ''}.")
    return docs


def field_reference() -> list[KindDoc]:
    """One entry per content kind, its fields in the order a file lists them, then one entry
    per shared shape (a citation, a spelling)."""
    kinds = []
    shared: dict[str, KindDoc] = {}
    for kind, model in MODELS.items():
        schema = model.model_json_schema()
        defs = schema.get("$defs", {})
        kinds.append(KindDoc(kind, (model.__doc__ or "").strip(), _fields(schema, defs, "")))
        for name, label in SHARED.items():
            if name in defs and label not in shared:
                doc = (defs[name].get("description") or "").strip()
                shared[label] = KindDoc(label, doc, _fields(defs[name], defs, ""))
    return kinds + [shared[label] for label in SHARED.values() if label in shared]


FIELDS_START = "<!-- field-reference:start (generated by `make docs`; do not edit by hand) -->"
FIELDS_END = "<!-- field-reference:end -->"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def reference_markdown() -> str:
    """The field reference as Markdown tables, one per kind, for CONTRIBUTING.md."""
    parts = []
    for kind in field_reference():
        parts.append(f"### {kind.kind}\n")
        if kind.description:
            parts.append(f"{kind.description}\n")
        parts.append("| Field | Type | Required | Meaning |\n|---|---|---|---|")
        for f in kind.fields:
            required = "yes" if f.required else ""
            parts.append(f"| `{f.path}` | {_cell(f.type)} | {required} | {_cell(f.description)} |")
        parts.append("")
    return "\n".join(parts)


def update_reference(text: str) -> str:
    """`text` with the part between the field-reference markers regenerated."""
    start, end = text.find(FIELDS_START), text.find(FIELDS_END)
    if start < 0 or end < start:
        raise ValueError(f"markers not found: add {FIELDS_START} and {FIELDS_END}")
    head, tail = text[: start + len(FIELDS_START)], text[end:]
    return f"{head}\n\n{reference_markdown()}\n{tail}"
