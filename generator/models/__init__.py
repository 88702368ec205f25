"""Typed models of every content kind; `KINDS` maps each content folder to its model."""

from __future__ import annotations

from .agreement import Agreement, ProvisionCategory, Status
from .base import Entity, Ref
from .dates import FuzzyDate
from .others import Country, Event, Organisation, Person, Source, Statement

KINDS: dict[str, type[Entity]] = {
    model.KIND: model
    for model in (Agreement, Person, Organisation, Country, Event, Source, Statement)
}

__all__ = [
    "KINDS",
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
