"""Data downloads: every item of every kind as JSON and CSV, plus the JSON Schema of each kind.

Each JSON record is the validated model dumped back (ids for references, dates as written), plus
its `id` and the `page` path of its page on the site, so a record can be cited and loaded back
into the same model. The CSV files hold the same records one row each, for spreadsheets.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from dataclasses import dataclass
from typing import Any

from .models import MODELS, Entity
from .models.commitment import plain
from .paths import page_url
from .reads import ItemMemo
from .resolve import Graph
from .views import commitments

DATA_DIR = "data"


def export_record(entity: Entity) -> dict[str, Any]:
    record: dict[str, Any] = entity.model_dump(
        mode="json", exclude_none=True, exclude_defaults=True
    )
    record["id"] = entity.id
    return record


def compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _dump(value: Any) -> str:
    """JSON with one record per line: readable and diffable, and written by the C encoder (an
    indented dump goes through the pure-Python one, five times slower on a large corpus)."""
    if isinstance(value, list):
        return "[\n" + ",\n".join(compact(item) for item in value) + "\n]\n"
    return json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


@dataclass(frozen=True)
class DataFile:
    path: str
    description: str


def data_files() -> list[DataFile]:
    """Every download, in the order the Data page lists them."""
    files = [
        DataFile(f"{DATA_DIR}/all.json", "everything, one list per kind"),
        DataFile(f"{DATA_DIR}/commitments.json", "every commitment, one record each"),
        DataFile(f"{DATA_DIR}/commitments.csv", "every commitment, one row each, typed columns"),
        DataFile(
            f"{DATA_DIR}/provisions-matrix.csv",
            "the provisions matrix: one row per agreement, one column per area",
        ),
        DataFile(
            f"{DATA_DIR}/compare.json",
            "one record per agreement with provisions, as the comparison pages read it",
        ),
    ]
    for kind in MODELS:
        files.append(DataFile(f"{DATA_DIR}/{kind}.json", f"{kind}, one record each"))
        files.append(DataFile(f"{DATA_DIR}/{kind}.csv", f"{kind}, one row each"))
        files.append(DataFile(f"{DATA_DIR}/schema/{kind}.schema.json", f"JSON Schema of {kind}"))
    return files


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of a kind's content files (and of its exported records)."""
    schema = MODELS[kind].model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = f"{kind}.schema.json"
    return schema


# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: Any) -> str:
    """Text for one cell: scalars as written, lists of scalars joined by '; ', anything else as
    compact JSON; a leading formula character is defused with an apostrophe."""
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (str, int, float)):
        text = str(value)
    elif isinstance(value, list) and all(isinstance(v, (str, int, float)) for v in value):
        text = "; ".join(str(v) for v in value)
    else:
        text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "'" + text if text.startswith(_FORMULA_START) else text


def _columns(kind: str) -> list[str]:
    fields = [f for f in MODELS[kind].model_fields if f not in ("id", "former_ids")]
    return ["id", "page", *fields, "former_ids"]  # what the item is first, its history last


def csv_line(cells: list[str]) -> str:
    """One CSV row as text, quoted as the csv module quotes it."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(cells)
    return out.getvalue()


def _table(columns: list[str], lines: list[str]) -> str:
    return csv_line(columns) + "".join(lines)


@functools.cache
def _schema_text(kind: str) -> str:
    return _dump(json_schema(kind))


COMMITMENT_COLUMNS = [
    "holder_kind", "holder_id", "holder_page", "by", "by_organisation", "to", "amount", "scale",
    "value", "currency", "period_start", "period_end", "purpose", "stage", "note", "sources",
]  # fmt: skip
"""One column per fact: `amount` as written, `value` the exact amount in units of the currency."""


def commitment_tables(graph: Graph) -> tuple[list[str], list[str]]:
    """Every commitment as a JSON line and as a CSV line, largest first within each currency."""
    lines, cells = [], []
    for row in commitments(graph):
        record = row.commitment.model_dump(mode="json", exclude_none=True)
        record.update(holder_kind=row.holder.KIND, holder_id=row.holder.id,
                      holder_page=page_url(row.holder.page_path),
                      value=plain(row.commitment.value))  # fmt: skip
        lines.append(compact(record))
        cells.append(csv_line([csv_cell(record.get(column)) for column in COMMITMENT_COLUMNS]))
    return lines, cells


Rows = tuple[str, str]
"""One item's JSON line and CSV line: the preview keeps both while the item is unchanged."""


def _rows(entity: Entity) -> Rows:
    record = export_record(entity)
    record["page"] = page_url(entity.page_path)
    return compact(record), csv_line([csv_cell(record.get(c)) for c in _columns(entity.KIND)])


def _item_rows(entity: Entity, _: object) -> Rows:
    return _rows(entity)


def export_data(graph: Graph, memo: ItemMemo[Rows] | None = None) -> dict[str, str]:
    """Path inside the site -> file text: JSON and CSV per kind, all.json, and the schemas.
    With `memo` (the preview), an item's rows are kept while its file is unchanged."""
    files: dict[str, str] = {}
    for kind in MODELS:
        rows = []
        for entity in graph.all(kind):
            if not graph.has_file(entity):
                continue  # a country without a file has no facts beyond its ISO record
            rows.append(memo.get(entity, graph, _item_rows) if memo else _rows(entity))
        files[f"{DATA_DIR}/{kind}.json"] = "[\n" + ",\n".join(line for line, _ in rows) + "\n]\n"
        files[f"{DATA_DIR}/{kind}.csv"] = _table(_columns(kind), [line for _, line in rows])
        files[f"{DATA_DIR}/schema/{kind}.schema.json"] = _schema_text(kind)
    lines, cells = commitment_tables(graph)
    files[f"{DATA_DIR}/commitments.json"] = "[\n" + ",\n".join(lines) + "\n]\n"
    files[f"{DATA_DIR}/commitments.csv"] = _table(COMMITMENT_COLUMNS, cells)
    # all.json holds each kind's list exactly as its own file does: reuse that text.
    parts = [
        f"{compact(kind)}:{files[f'{DATA_DIR}/{kind}.json'].rstrip()}" for kind in sorted(MODELS)
    ]
    files[f"{DATA_DIR}/all.json"] = "{\n" + ",\n".join(parts) + "\n}\n"
    return files


def load_record(kind: str, record: dict[str, Any]) -> Entity:
    """A downloaded record back into its model (`page` is derived, so it is dropped)."""
    fields = {key: value for key, value in record.items() if key != "page"}
    return MODELS[kind].model_validate(fields)
