"""The contributor's tools: scaffolds, editor schemas, the generated field reference."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.cli import main
from generator.errors import has_errors
from generator.export import json_schema
from generator.models import MODELS
from generator.pipeline import build_graph

from .conftest import ROOT
from .yaml12 import Yaml12Loader

SCHEMAS = ROOT / "schemas"
# What a contributor would write in place of each empty value of a new file.
FILL = {
    "title": "A new item",
    "name": "A new item",
    "kind": {"agreements": "treaty", "organisations": "ministry", "events": "meeting",
             "sources": "news-report"},
    "sources": "report",
    "language": "en",
    "speaker": "donald-tusk",
    "text": "Words as spoken.",
    "lang": "en",
}  # fmt: skip
NEW_ID = {kind: "ua" if kind == "countries" else "a-new-item" for kind in MODELS}


def _fill(text: str, kind: str) -> str:
    def value(match: re.Match[str]) -> str:
        lead, name, empty = match.groups()
        chosen = FILL[name]
        chosen = chosen[kind] if isinstance(chosen, dict) else chosen
        return f"{lead}{name}: [{chosen}]" if empty.startswith("[") else f"{lead}{name}: {chosen}"

    return re.sub(r'^(\s*(?:- )?)(\w+): (""|\[""\])$', value, text, flags=re.MULTILINE)


@pytest.mark.parametrize("kind", list(MODELS))
def test_new_writes_a_skeleton_that_passes_check_once_filled_in(
    kind: str, corpus: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    content = corpus()
    assert main(["new", kind, NEW_ID[kind], "--content", str(content)]) == 0
    path = content / kind / f"{NEW_ID[kind]}.yaml"
    skeleton = path.read_text(encoding="utf-8")
    assert skeleton.startswith(f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json")
    # Unfilled, it is refused: each empty value is named, at its own line.
    _, problems = build_graph(content)
    empties = [p for p in problems if p.path.endswith(path.name)]
    lines = skeleton.splitlines()
    assert empties and all("is empty: fill" in p.message for p in empties)
    assert all('""' in lines[p.line - 1] for p in empties)
    # Filled in, it passes.
    path.write_text(_fill(skeleton, kind), encoding="utf-8")
    _, problems = build_graph(content)
    assert not has_errors(problems), [p.format() for p in problems]
    assert "wrote" in capsys.readouterr().out


def test_new_refuses_an_existing_file_a_bad_id_and_a_non_iso_country(
    corpus: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    content = corpus()
    assert main(["new", "people", "donald-tusk", "--content", str(content)]) == 2
    assert "exists already: edit it instead" in capsys.readouterr().err
    for bad in ("Donald_Tusk", "a--b", "a-", "a b", "../x"):
        assert main(["new", "people", bad, "--content", str(content)]) == 2
        assert "is not a valid id" in capsys.readouterr().err
    assert main(["new", "countries", "xx", "--content", str(content)]) == 2
    assert "not an ISO 3166 alpha-2 code" in capsys.readouterr().err
    assert sorted(p.name for p in (content / "people").iterdir()) == ["donald-tusk.yaml"]


def test_committed_schemas_are_the_models_schemas() -> None:
    for kind in MODELS:
        committed = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
        assert committed == json_schema(kind), f"schemas/ is stale: run 'make docs' ({kind})"
    assert sorted(p.name for p in SCHEMAS.iterdir()) == sorted(f"{k}.schema.json" for k in MODELS)


def test_every_content_file_points_its_editor_at_its_schema() -> None:
    files = sorted((ROOT / "content").glob("*/*.yaml"))
    assert len(files) > 80
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        kind = path.parent.name
        assert first == f"# yaml-language-server: $schema=../../schemas/{kind}.schema.json", path
        assert (path.parent / first.split("=", 1)[1]).resolve() == SCHEMAS / f"{kind}.schema.json"


def _validator(kind: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMAS / f"{kind}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_every_content_file_is_valid_under_the_published_schema() -> None:
    for path in sorted((ROOT / "content").glob("*/*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=Yaml12Loader)
        errors = [error.message for error in _validator(path.parent.name).iter_errors(data)]
        assert errors == [], path


def test_the_published_schema_rejects_a_bad_file() -> None:
    bad = """
        title: Accord
        kind: treatyy
        colour: red
        parties: [{country: PL}]
        signing: {date: 2024-13-01, sources: [report]}
    """
    data = yaml.load(bad, Loader=Yaml12Loader)
    messages = sorted(error.message for error in _validator("agreements").iter_errors(data))
    assert len(messages) == 5, messages
    joined = "\n".join(messages)
    assert "'sources' is a required property" in joined
    assert "'treatyy' is not one of" in joined
    assert "'colour' was unexpected" in joined
    assert "'PL' is not valid" in joined
    assert "'2024-13-01'" in joined


FENCE = re.compile(r'```yaml title="content/([^"]+)"\n(.*?)```', re.DOTALL)


def test_the_guide_is_up_to_date_and_its_examples_pass_check(tmp_path: Path) -> None:
    from generator.fieldref import update_reference

    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert update_reference(guide) == guide, "CONTRIBUTING.md is stale: run 'make docs'"
    examples = FENCE.findall(guide)
    assert len(examples) == 3
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    for path, text in examples:
        (content / path).write_text(text, encoding="utf-8")  # new files, or replacing one
    _, problems = build_graph(content)
    assert [p.format() for p in problems if p.path.endswith(tuple(p for p, _ in examples))] == []
    assert not has_errors(problems)


def test_the_guides_sample_errors_are_what_check_prints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    guide = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    path, text = FENCE.findall(guide)[1]
    sample = re.search(r"for example:\n\n((?:    .*\n)+)", guide)
    assert sample is not None
    expected = [line.strip() for line in sample.group(1).splitlines()]
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    broken = text.replace("person: andrzej-duda", "person: andrzej-dud")
    broken = broken.replace("date: 2024-07-01", "date: 2024-02-30")
    (content / path).write_text(broken, encoding="utf-8")
    assert main(["check", "--content", str(content)]) == 1
    printed = [
        line.replace(str(tmp_path) + "/", "") for line in capsys.readouterr().err.splitlines()
    ]
    assert printed == expected
