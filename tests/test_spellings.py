"""The names search finds an item by: folded spellings, one-word names, titles left out."""

from __future__ import annotations

from types import SimpleNamespace

from generator.spellings import folded, search_names


def test_letters_unicode_does_not_decompose_are_written_as_readers_type_them() -> None:
    assert folded("Støre") == ["Store", "Stoere"]
    assert folded("Władysław") == ["Wladyslaw"]
    assert folded("Nausėda") == ["Nauseda"]
    assert folded("Ærø") == ["Aero", "Aeroe"]
    assert folded("Zelensky") == []  # nothing to fold
    assert folded("Зеленський") == []  # another script is no ASCII spelling


def _named(**fields: object) -> SimpleNamespace:
    return SimpleNamespace(**{"native_names": [], "acronyms": [], "aliases": [], **fields})


def test_an_items_names_are_its_name_other_names_folds_and_id_words() -> None:
    person = _named(label="Jonas Gahr Støre", id="jonas-gahr-store")
    assert search_names(person) == ["Jonas Gahr Støre", "Jonas Gahr Store", "Jonas Gahr Stoere"]
    alliance = _named(label="North Atlantic Treaty Organization", id="nato", acronyms=["NATO"])
    assert search_names(alliance) == ["North Atlantic Treaty Organization", "NATO"]  # id = acronym


def test_titles_are_not_names() -> None:
    # An agreement's title describes it: its names are its short title and aliases.
    agreement = _named(label="Agreement on Security Cooperation", short_title="UK–Ukraine deal",
                       id="ua-gb-security-agreement")  # fmt: skip
    assert search_names(agreement) == ["UK–Ukraine deal", "ua gb security agreement"]
    # A report or an event has no names at all.
    assert search_names(SimpleNamespace(label="Zelensky arrives in Portugal", id="x")) == []
