"""Typed models of every content kind; `MODELS` maps each content folder to its model.

A model says which kind it is with its `KIND` (the folder); the order and everything else about
kinds comes from the registry in `generator/kinds.py`.
"""

from __future__ import annotations

from ..kinds import FOLDERS
from .agreement import Agreement, ProvisionCategory, Status
from .base import Entity, Ref
from .dates import FuzzyDate
from .others import Country, Event, Organisation, Person, Source, Statement


def _entity_models() -> dict[str, type[Entity]]:
    found: dict[str, type[Entity]] = {}
    waiting = list(Entity.__subclasses__())
    while waiting:
        model = waiting.pop()
        found[model.KIND] = model
        waiting += model.__subclasses__()
    return found


_BY_KIND = _entity_models()
MODELS: dict[str, type[Entity]] = {folder: _BY_KIND[folder] for folder in FOLDERS}

__all__ = [
    "MODELS",
    "Agreement",
    "Country",
    "Entity",
    "Event",
    "FuzzyDate",
    "Organisation",
    "Person",
    "ProvisionCategory",
    "Ref",
    "Source",
    "Statement",
    "Status",
]
