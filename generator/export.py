"""Data downloads: every item of every kind as JSON, in the shape of its content file.

Each record is the validated model dumped back (ids for references, dates as written), plus its
`id` and the `page` path of its page on the site, so a record can be cited and loaded back into
the same model.
"""

from __future__ import annotations

import json
from typing import Any

from .models import KINDS, Entity
from .resolve import Graph

DATA_DIR = "data"


def export_record(entity: Entity) -> dict[str, Any]:
    record: dict[str, Any] = entity.model_dump(
        mode="json", exclude_none=True, exclude_defaults=True
    )
    record["id"] = entity.id
    return record


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def export_data(graph: Graph) -> dict[str, str]:
    """Path inside the site -> file text: one JSON file per kind and one with everything."""
    everything: dict[str, list[dict[str, Any]]] = {}
    files: dict[str, str] = {}
    for kind in KINDS:
        records = []
        for entity in graph.all(kind):
            if kind == "countries" and not entity._source_path:
                continue  # a country without a file has no facts beyond its ISO record
            record = export_record(entity)
            record["page"] = f"{kind}/{entity.id}/"
            records.append(record)
        everything[kind] = records
        files[f"{DATA_DIR}/{kind}.json"] = _dump(records)
    files[f"{DATA_DIR}/all.json"] = _dump(everything)
    return files


def load_record(kind: str, record: dict[str, Any]) -> Entity:
    """A downloaded record back into its model (`page` is derived, so it is dropped)."""
    fields = {key: value for key, value in record.items() if key != "page"}
    return KINDS[kind].model_validate(fields)
