"""Stage 2, validate: loaded documents into typed models, with every error located in its file."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import Problem, did_you_mean
from .load import Document, Loc
from .models import KINDS, Entity
from .models.base import FieldError
from .models.others import iso_country


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The pydantic model inside an annotation such as `list[Annotated[X, ...]] | None`."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found:
            return found
    return None


def fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """The field names allowed in the mapping at `loc` of a document of `model`."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return []
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        current = _model_in(info.annotation) if info else None
    return sorted(current.model_fields) if current else []


def _describe(value: Any) -> str:
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"'{shown}'"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value)


def _field_name(loc: Loc) -> str:
    return ".".join(str(p) for p in loc)


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
        where = _field_name(loc)
        if kind == "extra_forbidden":
            allowed = fields_at(model, loc[:-1])
            hint = did_you_mean(str(loc[-1]), allowed)
            text = f"unknown field '{loc[-1]}'{hint}; allowed here: {', '.join(allowed)}"
            problems.append(doc.problem(loc, text, key=True))
        elif kind == "missing":
            problems.append(doc.problem(loc[:-1], f"missing required field '{where}'"))
        elif kind == "enum":
            expected = item.get("ctx", {}).get("expected", "")
            problems.append(
                doc.problem(
                    loc, f"{where}: {_describe(item['input'])} is not allowed; use {expected}"
                )
            )
        elif isinstance(item["input"], dict | list) or isinstance(cause, FieldError):
            problems.append(doc.problem(loc, f"{where}: {message}" if where else message))
        else:
            problems.append(doc.problem(loc, f"{where}: {_describe(item['input'])}: {message}"))
    return problems


def validate_document(doc: Document) -> tuple[Entity | None, list[Problem]]:
    """Validate one document into its kind's model and check its id against the file name."""
    model = KINDS[doc.kind]
    try:
        entity = model.model_validate(doc.data)
    except ValidationError as error:
        return None, problems_from(error, doc, model)
    problems = []
    if entity.id is not None and entity.id != doc.id:
        problems.append(
            doc.problem(
                ("id",), f"id '{entity.id}' differs from the file name '{doc.id}': make them equal"
            )
        )
    if doc.kind == "countries" and not iso_country(doc.id):
        problems.append(
            doc.problem(
                (), f"'{doc.id}' is not an ISO 3166 alpha-2 code: name the file e.g. 'pl.yaml'"
            )
        )
    entity.id = doc.id
    entity._source_path = doc.path
    return entity, problems


def validate_documents(docs: list[Document]) -> tuple[list[Entity], list[Problem]]:
    entities: list[Entity] = []
    problems: list[Problem] = []
    for doc in docs:
        entity, found = validate_document(doc)
        problems.extend(found)
        if entity is not None:
            entities.append(entity)
    return entities, problems
