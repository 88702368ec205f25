"""Where content leaves the generator: reserved ids, one page per path, what the loader reads,
reader positions, text and digit rules, log lines, linear Markdown runs and front matter."""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import generator.views as views
from generator.cli import main
from generator.errors import ContentError, Problem
from generator.escape import escape_block
from generator.files import known_ids
from generator.frontmatter import read_front_matter, with_front_matter
from generator.load import parse_yaml
from generator.markdown_runs import EscapedRunsExtension, _RunProcessor
from generator.models import MODELS
from generator.models.agreement import Term
from generator.models.dates import parse_date
from generator.paths import reserved_ids
from generator.pipeline import build_graph, build_pages
from generator.render import Page, add_page

from .conftest import FIXTURE_CORPUS, MINIMAL, ROOT

Corpus = Callable[..., Path]
PERSON = MINIMAL["people/donald-tusk.yaml"]
AGREEMENT = """
title: Test accord
kind: agreement
parties:
  - country: pl
term: {years: %s, description: Ten years, sources: [report]}
sources: [report]
"""


def check(content: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str, str]:
    code = main(["check", "--no-cache", "--content", str(content), *extra])
    out, err = capsys.readouterr()
    return code, out, err


def person(name: str) -> dict[str, str]:
    """The minimal corpus with Donald Tusk's name replaced by `name` (YAML as written)."""
    return {"people/donald-tusk.yaml": PERSON.replace("name: Donald Tusk", f"name: {name}")}


# --- reserved ids and one page per path -------------------------------------------------------


@pytest.mark.parametrize(
    ("rel", "text"),
    [("people/index.yaml", PERSON), ("agreements/by-year.yaml", AGREEMENT % 10)],
)
def test_ids_of_generated_pages_are_reserved(
    corpus: Corpus, capsys: pytest.CaptureFixture[str], rel: str, text: str
) -> None:
    content = corpus({rel: text})
    code, _, err = check(content, capsys)
    assert code == 1
    kind, name = rel.removesuffix(".yaml").split("/")
    expected = (
        f"{rel}:1:1: error: '{name}' is reserved for a page the site generates in {kind}/ "
        "(its listing or a part of it): rename the file"
    )
    assert any(line.endswith(expected) for line in err.splitlines()), err


def test_reserved_ids_cover_every_page_written_beside_the_items(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(views, "LISTING_LIMIT", 1)  # every listing of two or more items splits
    pages = build_pages(FIXTURE_CORPUS)
    graph, _ = build_graph(FIXTURE_CORPUS)
    items = {entity.page_path for kind in MODELS for entity in graph.all(kind)}
    files = {f"{f.parent.name}/{f.stem}.md" for f in FIXTURE_CORPUS.glob("*/*.yaml")}
    assert files <= items
    generated = []
    formers = {(k, old) for k in MODELS for e in graph.all(k) for old in e.former_ids}
    for kind in [*MODELS, "timeline"]:
        for path in pages:
            if path.startswith(f"{kind}/") and path not in items:
                generated.append(path)
                first = path.removeprefix(f"{kind}/").split("/")[0].removesuffix(".md")
                # a renamed item's old address, which `check` keeps clear of current ids
                assert first in reserved_ids(kind) or (kind, first) in formers, path
    assert any("/by-year/" in path for path in generated), generated
    assert any("/by-name/" in path for path in generated), generated


def test_a_second_page_at_one_path_is_refused() -> None:
    pages: dict[str, Page] = {}
    add_page(pages, "people/x.md", Page("first", "people/x.yaml"))
    with pytest.raises(ContentError) as raised:
        add_page(pages, "people/x.md", Page("second", "people/x.yaml"))
    assert any("people/x.md" in p.message for p in raised.value.problems)
    assert pages["people/x.md"].text == "first"


# --- the loader reads regular files only ------------------------------------------------------

SECRET = "Qzx-outside-secret"
# If it were read, its refused name would be echoed in the error message.
LEAK = f'name: "{SECRET}\\u00ad"\nsources: [report]\n'


def _outside(root: Path) -> Path:
    folder = root.parent / "outside"
    (folder / "kind").mkdir(parents=True, exist_ok=True)
    (folder / "leak.yaml").write_text(LEAK, encoding="utf-8")
    (folder / "kind" / "leak.yaml").write_text(LEAK, encoding="utf-8")
    return folder


LINK = "is a symbolic link"
ENTRIES = {  # case: (entry in the content folder, what it is, the error)
    "file-link": ("people/x.yaml", "leak.yaml", LINK),
    "kind-link": ("events", "kind", LINK),
    "dangling": ("people/x.yaml", "missing.yaml", LINK),
    "dev-zero": ("people/x.yaml", "/dev/zero", LINK),
    "fifo": ("people/x.yaml", "fifo", "is a device, FIFO or socket"),
    "subfolder": ("people/sub", "folder", "folders inside a kind folder are not read"),
}


@pytest.mark.parametrize("case", list(ENTRIES))
def test_links_devices_and_folders_are_located_errors(
    corpus: Corpus, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    shown, what, message = ENTRIES[case]
    content = corpus()
    entry = content / shown
    if what == "fifo":
        os.mkfifo(entry)
    elif what == "folder":
        entry.mkdir()
    else:
        os.symlink(_outside(content) / what, entry)  # "/dev/zero" stays absolute
    found: list[tuple[int, str, str]] = []
    # A FIFO opened for reading would wait for a writer: run in a thread, never hang the suite.
    worker = threading.Thread(target=lambda: found.append(check(content, capsys)), daemon=True)
    worker.start()
    worker.join(60)
    assert not worker.is_alive(), "check blocked reading the content"
    code, out, err = found[0]
    assert code == 1
    assert f"content/{shown}:1:1: error: {message}" in err
    assert SECRET not in out + err


def test_build_pages_does_not_publish_a_linked_file(corpus: Corpus, tmp_path: Path) -> None:
    outside = tmp_path / "valid.yaml"
    outside.write_text(f"name: {SECRET.replace('-', ' ')}\nsources: [report]\n")
    content = corpus()
    os.symlink(outside, content / "people" / "x.yaml")
    with pytest.raises(ContentError) as raised:
        build_pages(content)
    assert any("symbolic link" in p.message for p in raised.value.problems)


def test_known_ids_leave_out_links(corpus: Corpus, tmp_path: Path) -> None:
    content = corpus()
    (tmp_path / "x.yaml").write_text(PERSON)
    os.symlink(tmp_path / "x.yaml", content / "people" / "x.yaml")
    assert known_ids(content, ["people"])["people"] == {"donald-tusk"}


def test_a_hidden_file_is_a_warning(corpus: Corpus, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = check(corpus({"people/.notes.yaml": "name: Notes\n"}), capsys)
    assert code == 0
    expected = (
        "content/people/.notes.yaml:1:1: warning: hidden files are not read: "
        "remove it, or name it like the other files"
    )
    assert expected in err
    assert "0 error(s), 1 warning(s)" in err
    assert "content ok" in out


# --- reader positions -------------------------------------------------------------------------


@pytest.mark.parametrize(("char", "code"), [("\x01", "U+0001"), ("\ufffe", "U+FFFE")])
def test_a_refused_character_is_located_exactly(char: str, code: str) -> None:
    text = f"name: A\nsummary: B\nnote: ab{char}c\n"
    problems = parse_yaml(text, "f.yaml")[3]
    assert [(p.path, p.line, p.column) for p in problems] == [("f.yaml", 3, 9)]
    assert code in problems[0].message


# --- text rules -------------------------------------------------------------------------------

HIDDEN = [0x00AD, 0x034F, 0x180E, 0x3164, 0xFFF9, 0xE0041, 0xFFFE, 0xFFFF, 0xFDD0, 0x200B]


@pytest.mark.parametrize("point", HIDDEN, ids=[f"U+{p:04X}" for p in HIDDEN])
def test_hidden_characters_in_a_name_are_refused(
    corpus: Corpus, capsys: pytest.CaptureFixture[str], point: int
) -> None:
    code, _, err = check(corpus(person(f'"Don\\U{point:08X}ald Tusk"')), capsys)
    assert code == 1
    line = next(line for line in err.splitlines() if "donald-tusk.yaml" in line)
    assert "error: name:" in line
    assert f"character U+{point:04X} " in line


def test_a_mixed_script_name_is_refused(corpus: Corpus, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = check(corpus(person("Don\u0430ld Tusk")), capsys)
    assert code == 1
    assert "mixes scripts (U+0430 CYRILLIC SMALL LETTER A)" in err


@pytest.mark.parametrize(
    "name",
    ["Zełenski", "Зеленський", "Jonas Gahr Støre", "Gitanas Nausėda", "Władysław Kosiniak-Kamysz"],
)
def test_names_in_one_script_pass(
    corpus: Corpus, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    code, out, err = check(corpus(person(name)), capsys)
    assert code == 0, err
    assert "0 error(s), 0 warning(s)" in err
    assert "1 people" in out


@pytest.mark.parametrize(
    ("lookalike", "latin"),
    [
        ("\u0410\u0421 Example", "AC Example"),  # Cyrillic А С
        ("\u0410\u0412\u0421 Example", "ABC Example"),  # Cyrillic А В С
        ("DONALD TUSK", "Donald Tusk"),  # case alone
    ],
)
def test_names_that_look_the_same_are_one_item_twice(
    corpus: Corpus, capsys: pytest.CaptureFixture[str], lookalike: str, latin: str
) -> None:
    files = {
        "people/a.yaml": f"name: {lookalike}\nsources: [report]\n",
        "people/b.yaml": f"name: {latin}\nsources: [report]\n",
    }
    code, _, err = check(corpus(files), capsys)
    assert code == 1
    assert f"people/b.yaml:1:7: error: '{latin}' has the same name as 'a'" in err


# --- digits -----------------------------------------------------------------------------------


@pytest.mark.parametrize("value", ["２０２４-０７-０８", "٢٠٢٤", "2024\n", "2024-07-08\n"])
def test_dates_take_ascii_digits_and_nothing_after(value: str) -> None:
    with pytest.raises(ValueError, match="is not a date"):
        parse_date(value)


@pytest.mark.parametrize("years", ["1_0", "٢٠", "010", "１０", " 10"])
def test_term_years_refuse_other_digits(years: str) -> None:
    with pytest.raises(ValueError, match="is not a whole number: write digits 0-9 only"):
        Term.model_validate({"years": years, "description": "Ten years", "sources": ["r"]})


@pytest.mark.parametrize(("years", "code"), [("1_0", 1), ('"٢٠"', 1), ("010", 1), ("10", 0)])
def test_term_years_in_a_file(
    corpus: Corpus, capsys: pytest.CaptureFixture[str], years: str, code: int
) -> None:
    content = corpus({"agreements/test-accord.yaml": AGREEMENT % years})
    found, _, err = check(content, capsys)
    assert found == code, err
    assert ("term.years:" in err) == (code == 1)


# --- log lines --------------------------------------------------------------------------------

HIJACK = person('"Tusk\\u00ad\\n::error file=x::pwned\\n::add-mask::secret"')


def test_text_output_never_starts_a_workflow_command(
    corpus: Corpus, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = check(corpus(HIJACK), capsys)
    assert code == 1
    assert "pwned" in err  # the value is shown, escaped onto the problem's own line
    assert not [line for line in (out + err).splitlines() if line.startswith("::")]


def test_github_output_has_one_command_per_problem(
    corpus: Corpus, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = check(corpus(HIJACK), capsys, "--format", "github")
    assert code == 1
    counts = re.search(r"(\d+) error\(s\), (\d+) warning\(s\)", err)
    assert counts
    commands = [line for line in out.splitlines() if line.startswith("::")]
    assert all(line.startswith(("::error file=", "::warning file=")) for line in commands)
    assert len(commands) == int(counts[1]) + int(counts[2]) >= 1


def test_a_problem_line_never_starts_with_two_colons() -> None:
    assert not Problem("::x", 1, 1, "m").format().startswith("::")


# --- Markdown runs ----------------------------------------------------------------------------

EXTENSIONS: list[str | markdown.Extension] = ["tables", "footnotes", "toc"]


def _body(text: str) -> str:
    return text.split("\n---\n", 1)[1] if text.startswith("---\n") else text


@pytest.mark.parametrize("root", [ROOT / "content", FIXTURE_CORPUS], ids=["content", "fixture"])
def test_escaped_runs_leave_the_html_unchanged(root: Path) -> None:
    pages = {p: _body(t) for p, t in build_pages(root).items() if p.endswith(".md")}
    assert len(pages) > 10
    for path, text in pages.items():
        plain = markdown.markdown(text, extensions=EXTENSIONS)
        runs = markdown.markdown(text, extensions=[*EXTENSIONS, EscapedRunsExtension()])
        assert runs == plain, path


def test_a_long_escaped_run_is_one_match(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    original = _RunProcessor.handleMatch

    def counted(self: _RunProcessor, m: re.Match[str], data: str) -> object:
        calls.append(m.end(0) - m.start(0))
        return original(self, m, data)

    monkeypatch.setattr(_RunProcessor, "handleMatch", counted)
    html = markdown.markdown(escape_block("<" * 20000), extensions=[EscapedRunsExtension()])
    assert html.count("&#60;") == 20000
    assert 1 <= len(calls) < 5, len(calls)


# --- front matter -----------------------------------------------------------------------------


def test_front_matter_values_are_text_for_the_theme() -> None:
    text = '# A <time datetime="2024">2024</time> &#60;b&#62;\n\ntext'
    page = with_front_matter(text, tags=['Poland"><img src=x>', "x\ufffey"])
    assert page.startswith("---\n")
    meta_text, body = page[4:].split("\n---\n", 1)
    meta = yaml.safe_load(meta_text)
    assert "<" not in meta["title"] and '"' not in meta["title"]
    assert meta["title"].startswith("A 2024")
    assert len(meta["tags"]) == 2
    for tag in meta["tags"]:
        assert not {"<", '"', "\ufffe"} & set(tag), tag
    assert body == "\n" + text


def _paired(value: Any) -> Any:
    """`value` with the UTF-16 surrogate pairs PyYAML leaves apart (from the JSON-LD's `\\u`
    escapes of characters beyond the BMP) joined, as JSON joins them."""
    if isinstance(value, str):
        return value.encode("utf-16", "surrogatepass").decode("utf-16")
    if isinstance(value, list):
        return [_paired(v) for v in value]
    if isinstance(value, dict):
        return {_paired(k): _paired(v) for k, v in value.items()}
    return value


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.text(min_size=1, max_size=30), max_size=4),
    st.text(max_size=60),
    st.dictionaries(st.text(min_size=1, max_size=8), st.text(max_size=20), max_size=3),
)
def test_front_matter_reads_back_as_yaml_reads_it(
    tags: list[str], description: str, structured: dict[str, str]
) -> None:
    """The worker reads generated front matter as JSON (frontmatter.read_front_matter): it gives
    what the engine's YAML parser gives, for any text, and the page after it unchanged."""
    body = "# Title &#60;x&#62;\n\ntext\n"
    page = with_front_matter(body, tags=tags, names=tags, found_by=tags,
                             description=description or None, structured=structured)  # fmt: skip
    meta, rest = read_front_matter(page)
    assert meta == _paired(yaml.safe_load(page[4:].split("\n---\n", 1)[0]))
    assert rest == body
    assert read_front_matter(body) == ({}, body)


@pytest.mark.parametrize(
    "name", ["ウクライナ国防省", "日本国とウクライナの間の協定", "ゼレンスキー大統領", "국방부漢字"]
)
def test_scripts_one_language_writes_together_are_one_script(name: str) -> None:
    from generator.models.base import clean_text

    assert clean_text(name) == name  # Japanese: Han, Hiragana, Katakana; Korean: Han, Hangul
