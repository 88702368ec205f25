"""Stage 2, validate: loaded documents into typed models, with every error located in its file."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic.fields import FieldInfo

from .errors import Problem, did_you_mean
from .kinds import COUNTRIES
from .load import Document, Loc, field_name
from .models import MODELS, Entity
from .models.base import FieldError
from .models.others import iso_country
from .paths import reserved_ids


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation such as `list[Annotated[X, ...]] | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found:
            return found
    return None


def model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model of the mapping at `loc` inside a document of `model` (list indexes skipped)."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        current = _model_in(info.annotation) if info else None
    return current


def fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names allowed in the mapping at `loc` of a document of `model`."""
    current = model_at(model, loc)
    return sorted(current.model_fields) if current else []


def field_info(model: type[BaseModel], loc: Loc) -> FieldInfo | None:
    """The declaration of the field at `loc` (the last name in it), for its docs and defaults."""
    names = [i for i, part in enumerate(loc) if isinstance(part, str)]
    if not names:
        return None
    holder = model_at(model, loc[: names[-1]])
    return holder.model_fields.get(str(loc[names[-1]])) if holder else None


def _fix_for(model: type[BaseModel], loc: Loc, kind: str, message: str, value: Any) -> str:
    """The sentence telling the contributor what to write instead."""
    info = field_info(model, loc)
    required = info is not None and info.is_required()
    if value == "" or message.startswith("empty text"):
        return "is empty: fill it in" if required else "is empty: fill it in or delete the line"
    if kind == "too_short" and loc and loc[-1] == "sources":
        return "cites nothing: list at least one source id, e.g. sources: [report-id]"
    if kind == "too_short":
        return "is empty: give at least one item or delete the field"
    if kind in ("string_type", "model_type", "list_type", "dict_type"):
        wanted = {"string_type": "text", "model_type": "a mapping of fields",
                  "list_type": "a list", "dict_type": "a mapping of fields"}[kind]  # fmt: skip
        return f"should be {wanted}"
    return message


def _describe(value: Any) -> str:
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"'{shown}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def problems_from(error: ValidationError, doc: Document, model: type[Entity]) -> list[Problem]:
    """Translate pydantic's errors into located problems with hints."""
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(
            p for p in item["loc"] if not (isinstance(p, str) and p.startswith("function-"))
        )
        kind = item["type"]
        message = str(item["msg"]).removeprefix("Value error, ")
        cause = item.get("ctx", {}).get("error")
        if isinstance(cause, FieldError):
            loc = (*loc, *cause.loc)
        where = field_name(loc)
        if kind == "extra_forbidden":
            allowed = fields_at(model, loc[:-1])
            hint = did_you_mean(str(loc[-1]), allowed)
            text = f"unknown field '{loc[-1]}'{hint}; allowed here: {', '.join(allowed)}"
            problems.append(doc.problem(loc, text, key=True))
        elif kind == "missing":
            info = field_info(model, loc)
            about = f" ({info.description.rstrip('.')})" if info and info.description else ""
            text = f"missing required field '{where}'{about}: add '{loc[-1]}:' with its value"
            problems.append(doc.problem(loc[:-1], text))
        elif kind == "enum":
            expected = item.get("ctx", {}).get("expected", "")
            allowed = [part.strip(" '") for part in expected.replace(" or ", ", ").split(",")]
            hint = did_you_mean(str(item["input"]), allowed)
            text = f"{where}: {_describe(item['input'])} is not allowed{hint}; use {expected}"
            if item["input"] == "":
                text = f"{where}: '' is empty: fill in one of {expected}"
            problems.append(doc.problem(loc, text))
        elif isinstance(cause, FieldError):
            problems.append(doc.problem(loc, f"{where}: {message}" if where else message))
        elif isinstance(item["input"], dict | list):
            fix = _fix_for(model, loc, kind, message, item["input"])
            fix = f"[] {fix}" if item["input"] == [] else fix
            problems.append(doc.problem(loc, f"{where}: {fix}" if where else fix))
        else:
            shown = _describe(item["input"])
            fix = _fix_for(model, loc, kind, message, item["input"])
            # Validators quote the value themselves ('2024-02-30' is not a date: ...).
            text = (
                fix
                if fix.startswith(shown)
                else f"{shown} {fix}"
                if fix.startswith("is ")
                else f"{shown}: {fix}"
            )
            problems.append(doc.problem(loc, f"{where}: {text}"))
    return problems


def validate_document(doc: Document) -> tuple[Entity | None, list[Problem]]:
    """Validate one document into its kind's model and check its id against the file name."""
    model = MODELS[doc.kind]
    if doc.id in reserved_ids(doc.kind):
        # Checked before the fields, so the file is never taken into the graph at all.
        message = (
            f"'{doc.id}' is reserved for a page the site generates in {doc.kind}/ "
            "(its listing or a part of it): rename the file"
        )
        return None, [doc.problem((), message)]
    try:
        entity = model.model_validate(doc.data, context={"file_id": doc.id})
    except ValidationError as error:
        return None, problems_from(error, doc, model)
    if entity.id != doc.id:
        message = f"id '{entity.id}' differs from the file name '{doc.id}': make them equal"
        return None, [doc.problem(("id",), message)]
    if doc.kind == COUNTRIES and not iso_country(doc.id):
        message = f"'{doc.id}' is not an ISO 3166 alpha-2 code: name the file e.g. 'pl.yaml'"
        return None, [doc.problem((), message)]
    return entity, []
