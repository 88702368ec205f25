"""Templates: overrides take precedence, and a template mistake is an error, never a blank."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from generator import build_pages
from generator.errors import TemplateError


@pytest.fixture
def person_override(tmp_path: Path) -> Callable[[str], Path]:
    """An override folder whose person.md.j2 holds the given template text."""

    def make(text: str) -> Path:
        overrides = tmp_path / "overrides"
        overrides.mkdir(exist_ok=True)
        (overrides / "person.md.j2").write_text(text)
        return overrides

    return make


def test_override_folder_replaces_a_packaged_template(
    corpus: Callable[..., Path], person_override: Callable[[str], Path]
) -> None:
    pages = build_pages(corpus(), person_override("# {{ item.name }} (custom)\n"))
    assert pages["people/donald-tusk.md"].endswith("\n# Donald Tusk (custom)\n")
    assert "\n# Agreements\n" in pages["agreements/index.md"]  # others unchanged


def test_undefined_field_is_an_error(
    corpus: Callable[..., Path], person_override: Callable[[str], Path]
) -> None:
    overrides = person_override("# {{ item.nmae }}\n")
    with pytest.raises(TemplateError) as error:
        build_pages(corpus(), overrides)
    problem = error.value.problem.format()
    assert problem.startswith(f"{overrides / 'person.md.j2'}:1:0: error: template failed")
    assert "'item.nmae'" not in problem and "has no attribute 'nmae'" in problem


def test_printing_none_is_an_error(
    corpus: Callable[..., Path], person_override: Callable[[str], Path]
) -> None:
    with pytest.raises(TemplateError, match="printed None"):
        build_pages(corpus(), person_override("# {{ item.summary }}\n"))


def test_template_syntax_error_is_located(
    corpus: Callable[..., Path], person_override: Callable[[str], Path]
) -> None:
    overrides = person_override("# ok\n{% if %}\n")
    with pytest.raises(TemplateError) as error:
        build_pages(corpus(), overrides)
    assert error.value.problem.format().startswith(f"{overrides / 'person.md.j2'}:2:0: error:")


def test_a_template_bug_is_not_reported_as_a_content_error(
    corpus: Callable[..., Path],
    person_override: Callable[[str], Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from generator.cli import main

    overrides = person_override("# {{ item.nmae }}\n")
    code = main(["render", "--content", str(corpus()), "--out", str(tmp_path / "out"),
                 "--overrides", str(overrides)])  # fmt: skip
    assert code == 3
    err = capsys.readouterr().err
    assert "person.md.j2:1:0: error: template failed" in err and "error(s)" not in err
