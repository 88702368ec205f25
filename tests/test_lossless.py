"""Nothing lost: every value written in every content file reaches the data export, and the
export loads back into equal models. Nothing unexpected: any bytes give located problems only."""

from __future__ import annotations

import json
import tempfile
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.export import export_data, load_record
from generator.load import Document, load_file, parse_yaml
from generator.models import MODELS
from generator.pipeline import build_graph

from .conftest import FIXTURE_CORPUS, ROOT, load_documents

CORPORA = [ROOT / "content", FIXTURE_CORPUS]
# A bare string stands for a mapping with this key (`- report` is `- source: report`).
SHORTHAND_KEYS = ("source", "name")


def leaves(data: Any, loc: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], str]]:
    if isinstance(data, dict):
        return [leaf for key, value in data.items() for leaf in leaves(value, (*loc, key))]
    if isinstance(data, list):
        return [leaf for i, value in enumerate(data) for leaf in leaves(value, (*loc, i))]
    return [(loc, data)]


def exported_at(record: Any, loc: tuple[Any, ...]) -> Any:
    value = record
    for part in loc:
        value = value[part]
    if isinstance(value, dict):
        shorthand = [value[key] for key in SHORTHAND_KEYS if key in value]
        assert shorthand, f"{loc} became a mapping without its shorthand key"
        value = shorthand[0]
    return value


def normalised(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def as_text(value: Any) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


@pytest.mark.parametrize("content", CORPORA, ids=["content", "fixtures"])
def test_every_written_value_reaches_the_export(content: Path) -> None:
    graph, problems = build_graph(content)
    assert not [p for p in problems if p.severity == "error"]
    exported = json.loads(export_data(graph)["data/all.json"])
    records = {(kind, r["id"]): r for kind, items in exported.items() for r in items}
    docs, _ = load_documents(content, list(MODELS))
    checked = 0
    for doc in docs:
        record = records[(doc.kind, doc.id)]
        for loc, value in leaves(doc.data):
            assert as_text(exported_at(record, loc)) == normalised(value), (doc.path, loc)
            checked += 1
    assert checked > 100


@pytest.mark.parametrize("content", CORPORA, ids=["content", "fixtures"])
def test_export_loads_back_into_equal_models(content: Path) -> None:
    graph, _ = build_graph(content)
    exported = json.loads(export_data(graph)["data/all.json"])
    compared = 0
    for kind, records in exported.items():
        for record in records:
            original = graph.items[kind][record["id"]]
            loaded = load_record(kind, record)
            assert type(loaded) is type(original)
            assert loaded.model_dump() == original.model_dump(), f"{kind}/{record['id']}"
            compared += 1
    assert compared == sum(len(r) for r in exported.values()) >= 10


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_give_problems_never_an_exception(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        file = Path(folder) / "fuzz.yaml"
        file.write_bytes(data)
        document, problems = load_file(file, "people", "fuzz.yaml", data)
    assert (document is None) == bool(problems)
    assert all(p.path == "fuzz.yaml" and p.line >= 0 for p in problems)


YAML_ISH = st.text(alphabet=st.sampled_from(list(":-[]{}&*!|>'\"#%@`, \n\tabc01~?")), max_size=120)


@settings(max_examples=400, deadline=None)
@given(YAML_ISH)
def test_yaml_like_text_gives_problems_never_an_exception(text: str) -> None:
    data, _, _, problems = parse_yaml(text, "fuzz.yaml")
    assert problems or data is None or isinstance(data, dict | list | str)


def test_document_positions_cover_every_value() -> None:
    docs, _ = load_documents(ROOT / "content", list(MODELS))
    for doc in docs:
        assert isinstance(doc, Document)
        for loc, _ in leaves(doc.data):
            assert loc in doc.values, (doc.path, loc)


def test_positions_read_from_the_tree_equal_the_located_tables() -> None:
    """A document answers `position` from its composed tree until its tables are built; both
    ways must agree for every value and key, and for locations that do not exist."""
    from generator.load import load_file, parse_yaml_events

    compared = 0
    for path in sorted((ROOT / "content").glob("*/*.yaml")):
        lazy, _ = load_file(path, path.parent.name, path.name, path.read_bytes())
        assert lazy is not None
        if lazy.node is None:
            continue  # read by the event reader (it holds an &, * or !): tables from the start
        compared += 1
        _, values, keys, _ = parse_yaml_events(path.read_text(encoding="utf-8"), path.name)
        for loc, position in values.items():
            assert lazy.position(loc) == position, (path.name, loc)
            assert lazy.position((*loc, "missing", 3)) == position
        for loc, position in keys.items():
            assert lazy.position(loc, key=True) == position, (path.name, loc)
        assert lazy.node is not None  # answered without locating the whole file
    assert compared > 80
