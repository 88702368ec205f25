"""Templates: overrides take precedence, and a template mistake is an error, never a blank."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator import build_pages
from generator.errors import ContentError


def test_override_folder_replaces_a_packaged_template(
    corpus: Callable[..., Path], tmp_path: Path
) -> None:
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "person.md.j2").write_text("# {{ item.name }} (custom)\n")
    pages = build_pages(corpus(), overrides)
    assert pages["people/donald-tusk.md"].endswith("\n# Donald Tusk (custom)\n")
    assert "\n# Agreements\n" in pages["agreements/index.md"]  # others unchanged


def test_undefined_field_is_an_error(corpus: Callable[..., Path], tmp_path: Path) -> None:
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "person.md.j2").write_text("# {{ item.nmae }}\n")
    with pytest.raises(ContentError) as error:
        build_pages(corpus(), overrides)
    problem = error.value.problems[0].format()
    assert problem.startswith(f"{overrides / 'person.md.j2'}:1:0: error: template failed")
    assert "'item.nmae'" not in problem and "has no attribute 'nmae'" in problem


def test_printing_none_is_an_error(corpus: Callable[..., Path], tmp_path: Path) -> None:
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "person.md.j2").write_text("# {{ item.summary }}\n")
    with pytest.raises(ContentError, match="content"):
        build_pages(corpus(), overrides)


def test_template_syntax_error_is_located(corpus: Callable[..., Path], tmp_path: Path) -> None:
    overrides = tmp_path / "overrides"
    overrides.mkdir()
    (overrides / "person.md.j2").write_text("# ok\n{% if %}\n")
    with pytest.raises(ContentError) as error:
        build_pages(corpus(), overrides)
    assert error.value.problems[0].format().startswith(f"{overrides / 'person.md.j2'}:2:0: error:")
