"""The registry of kinds (generator/kinds.py) agrees with the models and the templates."""

from __future__ import annotations

import typing
from typing import Any

import pytest
from pydantic import BaseModel

from generator.kinds import KINDS, REGISTRY, Incoming
from generator.models import MODELS
from generator.models.base import RefTo
from generator.render import TEMPLATES


def _inner(annotation: Any, metadata: list[Any]) -> tuple[Any, list[Any]]:
    """The model or marker behind `list[Annotated[X, ...]] | None`."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        base, *extra = typing.get_args(annotation)
        return _inner(base, [*extra, *metadata])
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    if args and origin is not None:
        return _inner(args[0], metadata)
    return annotation, metadata


def _walk(model: type[BaseModel], path: str) -> None:
    current: Any = model
    for step in path.split("."):
        names = step.removesuffix("[-1]").split("|")
        for name in names:
            assert name in current.model_fields, f"{model.__name__}: {path}: no field {name}"
        annotation, metadata = _inner(current.model_fields[names[0]].annotation,
                                      list(current.model_fields[names[0]].metadata))  # fmt: skip
        marker = next((m for m in metadata if isinstance(m, RefTo)), None)
        current = MODELS[marker.kind] if marker else annotation


@pytest.mark.parametrize("kind", REGISTRY, ids=lambda k: k.folder)
def test_each_kind_has_its_model_and_template(kind: Any) -> None:
    assert kind.folder == MODELS[kind.folder].KIND
    assert (TEMPLATES / kind.template).is_file()
    assert list(MODELS) == list(KINDS)


@pytest.mark.parametrize("kind", REGISTRY, ids=lambda k: k.folder)
def test_every_registry_path_names_fields_of_the_models(kind: Any) -> None:
    model = MODELS[kind.folder]
    paths: list[str | Incoming] = [path for _, path in kind.facets] + list(kind.found_by)
    paths += [path for group in kind.diagram for path in group.paths]
    paths += [kind.dated_by] if kind.dated_by else []
    for path in paths:
        if isinstance(path, Incoming):
            assert path.field is None or path.field in MODELS[path.kind].model_fields
            for then in path.then:
                _walk(MODELS[path.kind], then)
        else:
            _walk(model, path)


def test_a_misspelt_path_is_caught() -> None:
    with pytest.raises(AssertionError, match="no field sigining"):
        _walk(MODELS["agreements"], "sigining.date")
