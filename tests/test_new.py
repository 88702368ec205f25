"""`new KIND ID` understands what a contributor types: singular kinds, names for ids."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.cli import main
from generator.files import check_file_name


@pytest.mark.parametrize("kind", ["agreement", "agreements", "Agreement"])
def test_a_kind_is_its_folder_or_its_singular(kind: str, tmp_path: Path) -> None:
    assert main(["new", kind, "ua-jp-x", "--content", str(tmp_path)]) == 0
    assert (tmp_path / "agreements/ua-jp-x.yaml").is_file()


def test_an_unknown_kind_lists_the_kinds_with_their_meaning(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "accord", "x", "--content", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "unknown kind 'accord'" in err
    assert "agreement    a treaty, agreement, declaration" in err and "statement " in err


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("jonas-gahr-støre", "jonas-gahr-store"),
        ("NO", "no"),
        ("Gitanas Nausėda", "gitanas-nauseda"),
    ],
)
def test_an_id_with_capitals_or_accents_gets_its_slug(
    typed: str, meant: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new", "person", typed, "--content", str(tmp_path)]) == 2
    assert f"did you mean '{meant}'?" in capsys.readouterr().err
    problem = check_file_name(Path(f"{typed}.yaml"), f"{typed}.yaml")
    assert problem is not None and f"'{meant}.yaml'" in problem.message
