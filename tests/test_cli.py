"""The command line: check, render and schema, with their exit codes and output."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
import yaml

from generator.cli import main

from .conftest import ROOT


def test_check_ok_exits_0(corpus: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--content", str(corpus())]) == 0
    out, err = capsys.readouterr()
    assert "content ok: 0 agreements, 1 people" in out
    assert "0 error(s), 0 warning(s)" in err


def test_check_prints_every_problem_and_exits_1(
    corpus: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    content = corpus(
        {
            "people/a.yaml": "name: A\nsources: [nope]\n",
            "people/b.yaml": "name: B\nname: C\n",
            "sources/s.yaml": "title: S\nkind: analysis\nlanguage: en\n",
        }
    )
    assert main(["check", "--content", str(content)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert [line.split("content/", 1)[-1] for line in lines] == [
        "people/a.yaml:2:11: error: sources[0].source: unknown source 'nope': "
        "add content/sources/nope.yaml or fix the id",
        "people/b.yaml:2:1: error: duplicate key 'name' (first written on line 1): keep one",
        "sources/s.yaml:1:1: warning: source 's' is cited by no fact: cite it or remove the file",
        "2 error(s), 1 warning(s)",
    ]


def test_github_format_annotates_and_cannot_be_hijacked(
    corpus: Callable[..., Path], capsys: pytest.CaptureFixture[str]
) -> None:
    # A value with a newline, '%' and '::' tries to end the annotation and start a command.
    hostile = 'kind: "x\\n::warning file=evil.yaml::pwned 100%,:"\n'
    content = corpus({"sources/report.yaml": hostile})
    assert main(["check", "--content", str(content), "--format", "github"]) == 1
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert all(line.startswith("::error file=") for line in lines), lines
    kind_line = next(line for line in lines if "kind" in line)
    expected = (
        "line=1,col=7,title=content check::kind: 'x%0A::warning file=evil.yaml::pwned 100%25,:'"
    )
    assert expected in kind_line
    assert "\n::warning" not in out
    assert "error(s)" in err  # the summary stays on standard error


def test_github_format_escapes_the_properties() -> None:
    from generator.errors import Problem

    line = Problem("content/a,b:c%.yaml", 3, 4, "m").github()
    assert line == "::error file=content/a%2Cb%3Ac%25.yaml,line=3,col=4,title=content check::m"


def test_render_writes_the_same_pages_as_build_pages(tmp_path: Path) -> None:
    from generator import build_pages
    from generator.chronicle import read_chronicle

    out = tmp_path / "md"
    corpus_dir = ROOT / "tests" / "fixtures" / "corpus"
    assert main(["render", "--content", str(corpus_dir), "--out", str(out)]) == 0
    written = {p.relative_to(out).as_posix(): p.read_text() for p in out.rglob("*") if p.is_file()}
    # with the committed history, as the site (none in a copy without git: then both have none)
    chronicle, _ = read_chronicle(corpus_dir.parent, corpus_dir, None)
    assert written == build_pages(corpus_dir, ROOT / "site_overrides", chronicle)


def test_render_refuses_bad_content(corpus: Callable[..., Path], tmp_path: Path) -> None:
    content = corpus({"people/a.yaml": "name: A\nsources: [nope]\n"})
    assert main(["render", "--content", str(content), "--out", str(tmp_path / "md")]) == 1
    assert not (tmp_path / "md").exists()


class Yaml12Loader(yaml.SafeLoader):
    """Reads YAML as editors do (YAML 1.2 core schema): `NO` and dates stay text."""


Yaml12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in (
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^[-+]?[0-9]+$", "-+0123456789"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    Yaml12Loader.add_implicit_resolver(tag, re.compile(pattern), list(first))


def test_schema_validates_content_and_rejects_bad_files(tmp_path: Path) -> None:
    assert main(["schema", "--out", str(tmp_path)]) == 0
    schemas = {p.name.split(".")[0]: json.loads(p.read_text()) for p in tmp_path.glob("*.json")}
    assert set(schemas) == {
        "agreements", "people", "organisations", "countries", "events", "sources", "statements"
    }  # fmt: skip
    checked = 0
    for folder in (ROOT / "content", ROOT / "tests" / "fixtures" / "corpus"):
        for file in folder.glob("*/*.yaml"):
            data = yaml.load(file.read_text(), Loader=Yaml12Loader)
            jsonschema.validate(data, schemas[file.parent.name])
            checked += 1
    assert checked > 10
    bad = {"name": "X", "sources": ["report"], "positoins": []}
    with pytest.raises(jsonschema.ValidationError, match="positoins"):
        jsonschema.validate(bad, schemas["people"])


def test_usage_error_exits_2() -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["render"])
    assert exit_info.value.code == 2
