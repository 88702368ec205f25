"""Stage 1: the strict loader keeps text as written and locates every problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.load import MAX_FILE_BYTES, parse_yaml

from .conftest import load_documents


def messages(text: str) -> list[str]:
    return [f"{p.line}:{p.column}: {p.message}" for p in parse_yaml(text, "f.yaml")[3]]


@pytest.mark.parametrize(
    "written", ["NO", "off", "yes", "1:20", "010", "1.10", "2024-13-01", "0x1F", "True", ".inf"]
)
def test_yaml_11_implicit_values_stay_text(written: str) -> None:
    data, _, _, problems = parse_yaml(f"value: {written}\n", "f.yaml")
    assert problems == []
    assert data == {"value": written}


def test_positions_of_values_and_keys_are_one_based() -> None:
    data, values, keys, _ = parse_yaml("a: x\nlist:\n  - b: y\n", "f.yaml")
    assert data == {"a": "x", "list": [{"b": "y"}]}
    assert values[("a",)] == (1, 4)
    assert keys[("list", 0, "b")] == (3, 5)
    assert values[("list", 0, "b")] == (3, 8)


def test_duplicate_key_names_both_lines() -> None:
    assert messages("a: 1\nb: 2\na: 3\n") == [
        "3:1: duplicate key 'a' (first written on line 1): keep one"
    ]


def test_anchor_and_alias_refused_without_expansion() -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    found = messages(bomb)
    assert found[0].startswith("1:4: anchor '&a' is not allowed")
    assert any("alias '*a' is not allowed" in m for m in found)


@pytest.mark.parametrize(
    "text", ["a: !!python/object/apply:os.system [echo hi]\n", "a: !custom x\n", "a: !!str 1\n"]
)
def test_tags_refused(text: str) -> None:
    found = messages(text)
    assert found and "tag" in found[0] and "is not allowed" in found[0]


def test_empty_value_refused_with_hint() -> None:
    assert messages("a:\nb: ~\nc: ''\n") == [
        "1:3: empty value: omit the field when the fact is unknown "
        "(write it in quotes if the text is meant literally)",
        "2:4: empty value: omit the field when the fact is unknown "
        "(write it in quotes if the text is meant literally)",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "1:1: empty file: write a mapping of fields"),
        ("a: 1\n---\nb: 2\n", "2:1: several YAML documents: one file holds one"),
        ("a:\n\t- b\n", "(indent with spaces, not tabs)"),
        ("a: [1, 2\n", "YAML syntax"),
        ("{a: 1}: b\n", "a key must be plain text"),
        ("a: " + "[" * 40 + "]" * 40 + "\n", "nesting deeper than"),
    ],
)
def test_located_syntax_errors(text: str, expected: str) -> None:
    found = messages(text)
    assert found and expected in found[0]


def write(root: Path, rel: str, data: bytes) -> None:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def test_load_content_checks_names_folders_size_and_encoding(tmp_path: Path) -> None:
    root = tmp_path / "content"
    write(root, "people/Donald_Tusk.yaml", b"name: x\n")
    write(root, "people/ok.yml", b"name: x\n")
    write(root, "people/big.yaml", b"a: " + b"x" * MAX_FILE_BYTES + b"\n")
    write(root, "people/latin1.yaml", "name: Wałęsa\n".encode("utf-16"))
    write(root, "people/list.yaml", b"- a\n- b\n")
    write(root, "stuff/x.yaml", b"a: b\n")
    write(root, "people/good.yaml", b"name: Good\n")
    docs, problems = load_documents(root, ["people"])
    text = "\n".join(p.format() for p in problems)
    assert [d.id for d in docs] == ["good"]
    assert "file name 'Donald_Tusk' is not an id" in text and "'donald-tusk.yaml'" in text
    assert "ok.yml:1:1: error: content files end in .yaml" in text
    assert "file too large" in text
    assert "not UTF-8 text" in text
    assert "list.yaml:1:1: error: the file holds a list: write a mapping" in text
    assert "stuff: error: " not in text and "not a content kind folder" in text


def test_alias_bomb_and_deep_nesting_stop_quickly_with_bounded_memory() -> None:
    import time
    import tracemalloc

    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 30)]
    bomb = "\n".join(levels) + "\n"  # 10^30 strings if expanded
    deep = "a: " + "[" * 5000 + "]" * 5000 + "\n"
    tracemalloc.start()
    started = time.perf_counter()
    for text in (bomb, deep):
        _, _, _, problems = parse_yaml(text, "f.yaml")
        assert problems
    elapsed = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert elapsed < 1.0
    assert peak < 5_000_000
