"""Data downloads beyond JSON: CSV per kind, JSON Schemas, and the field reference."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import jsonschema
import yaml

from generator.export import csv_cell, export_data
from generator.fieldref import field_reference
from generator.models import MODELS
from generator.pipeline import build_graph
from generator.resolve import Graph

from .conftest import ROOT
from .yaml12 import Yaml12Loader


def test_csv_has_one_row_per_item_and_keeps_nested_values_as_json(content_graph: Graph) -> None:
    graph = content_graph
    files = export_data(graph)
    rows = list(csv.DictReader(io.StringIO(files["data/agreements.csv"])))
    assert len(rows) == len(graph.items["agreements"])
    row = next(r for r in rows if r["id"] == "ua-pl-security-agreement")
    assert row["page"] == "agreements/ua-pl-security-agreement/"
    assert row["kind"] == "agreement"
    parties = json.loads(row["parties"])
    assert [p["country"] for p in parties] == ["ua", "pl"]
    assert list(rows[0])[:3] == ["id", "page", "title"]


def test_csv_cells_cannot_run_as_spreadsheet_formulas() -> None:
    assert csv_cell('=HYPERLINK("http://evil.example")') == '\'=HYPERLINK("http://evil.example")'
    assert csv_cell("+1") == "'+1" and csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell("-2+3") == "'-2+3"
    assert csv_cell("Warsaw") == "Warsaw" and csv_cell(None) == ""
    assert csv_cell(["pl", "ua"]) == "pl; ua"
    assert csv_cell([{"source": "a"}]) == '[{"source":"a"}]'


def test_hostile_text_in_csv_is_defused(corpus: Callable[..., Path]) -> None:
    graph, _ = build_graph(
        corpus({"sources/report.yaml": "title: '=cmd|calc'\nkind: other\nlanguage: en\n"})
    )
    rows = list(csv.DictReader(io.StringIO(export_data(graph)["data/sources.csv"])))
    assert rows[0]["title"] == "'=cmd|calc"


def test_published_schemas_accept_every_content_file(content_graph: Graph) -> None:
    graph = content_graph
    files = export_data(graph)
    checked = 0
    for kind in MODELS:
        schema = json.loads(files[f"data/schema/{kind}.schema.json"])
        validator = jsonschema.Draft202012Validator(schema)
        for path in sorted((ROOT / "content" / kind).glob("*.yaml")):
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)
            errors = [e.message for e in validator.iter_errors(data)]
            assert errors == [], path.name
            checked += 1
    assert checked == len(list((ROOT / "content").glob("*/*.yaml")))


def test_field_reference_documents_every_field_of_every_model() -> None:
    reference = {kind.kind: kind for kind in field_reference()}
    assert set(MODELS) <= set(reference) and {"citation", "spelling"} <= set(reference)
    for kind, model in MODELS.items():
        paths = {f.path for f in reference[kind].fields}
        assert set(model.model_fields) <= paths, kind
    agreement = {f.path: f for f in reference["agreements"].fields}
    role = agreement["parties[].signatories[].role"]
    assert role.required and role.type == "text"
    assert role.description.startswith("The signatory's office at the time of signing")
    assert agreement["parties[].signatories[].person"].type == "id of an item in people/"
    assert agreement["sources"].type == "list of citation"
    assert agreement["signing.date"].type.startswith("date")
    assert "legally-binding" in agreement["legal_nature"].type
