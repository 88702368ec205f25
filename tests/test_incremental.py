"""The preview's incremental rebuild gives the pages a full build gives, and redoes less."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.incremental import IncrementalSite
from generator.kinds import FOLDERS
from generator.pipeline import build_site

from .test_views import FILES


def _touch(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))  # a later time


def test_every_rebuild_equals_a_full_build(corpus: Callable[..., Path]) -> None:
    content = corpus(FILES)
    site = IncrementalSite(content)
    pages, problems = site.build()
    assert pages == build_site(content)[0] and problems == build_site(content)[1]
    untouched = pages["agreements/pl-lt-2.md"]

    tusk = content / "people/donald-tusk.yaml"
    _touch(tusk, tusk.read_text().replace("Donald Tusk", "Donald F. Tusk"))
    pages, _ = site.build()
    assert pages == build_site(content)[0]
    assert "Donald F. Tusk" in pages["people/donald-tusk.md"].text
    assert "Donald F. Tusk" in pages["people/index.md"].text
    assert pages["agreements/pl-lt-2.md"] is untouched  # not linked to Tusk: not rendered again

    (content / "agreements/pl-lt.yaml").unlink()
    pages, _ = site.build()
    assert "agreements/pl-lt.md" not in pages and pages == build_site(content)[0]


def test_a_rebuild_reports_errors_like_a_full_build(corpus: Callable[..., Path]) -> None:
    content = corpus(FILES)
    site = IncrementalSite(content)
    site.build()
    _touch(content / "people/donald-tusk.yaml", "name: Donald Tusk\nsources: [nope]\n")
    with pytest.raises(ContentError) as incremental:
        site.build()
    with pytest.raises(ContentError) as full:
        build_site(content)
    assert incremental.value.problems == full.value.problems


def test_split_listings_are_reused_only_when_untouched(
    corpus: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.views as views

    monkeypatch.setattr(views, "LISTING_LIMIT", 1)
    content = corpus(FILES)
    site = IncrementalSite(content)
    first, _ = site.build()
    year_2020 = first["agreements/by-year/2020.md"]
    agreement = content / "agreements/pl-ua.yaml"
    _touch(agreement, agreement.read_text().replace("Poland–Ukraine accord", "PL–UA accord"))
    pages, _ = site.build()
    assert pages == build_site(content)[0]
    assert "PL–UA accord" in pages["agreements/by-year/2024.md"].text
    assert pages["agreements/by-year/2020.md"] is year_2020  # no row of it changed


def test_a_page_two_links_away_is_rendered_again_and_nothing_else(
    corpus: Callable[..., Path],
) -> None:
    """A person's page shows, for each agreement signed, the party signed for: renaming that
    party (an alliance) changes the person's page, which is not linked to the edited file."""
    files = dict(FILES)
    files["organisations/alliance.yaml"] = "name: The Alliance\nkind: alliance\nsources: [report]\n"
    files["agreements/pl-ua.yaml"] = files["agreements/pl-ua.yaml"].replace(
        "          - country: ua\n",
        "          - organisation: alliance\n"
        "            signatories: [{person: donald-tusk, role: PM, sources: [report]}]\n",
    )
    content = corpus(files)
    site = IncrementalSite(content)
    first, _ = site.build()
    items = [p for p in first if p.split("/")[0] in FOLDERS and not p.endswith("/index.md")]
    assert site.rendered == len(items) == 9  # the first build renders every item page
    alliance = content / "organisations/alliance.yaml"
    _touch(alliance, alliance.read_text().replace("The Alliance", "The Renamed Alliance"))
    pages, _ = site.build()
    assert pages == build_site(content)[0]
    assert "The Renamed Alliance" in pages["people/donald-tusk.md"].text  # two links away
    # The alliance; the agreement, the person and Poland (a partner of it) that show its name;
    # and the report, whose page lists the facts citing it.
    assert site.rendered == 5
    assert pages["agreements/pl-lt-2.md"] is first["agreements/pl-lt-2.md"]


def _same_as_full_build(site: IncrementalSite, content: Path) -> None:
    pages, _ = site.build()
    full, _ = build_site(content)
    assert {p: page.text for p, page in pages.items()} == {p: page.text for p, page in full.items()}


def test_a_new_file_is_linked_in_listing_order_like_a_full_build(
    corpus: Callable[..., Path],
) -> None:
    """Pages list what links to an item in the order of the files: a file added during the
    preview is linked where a full build links it, not last."""
    meeting = (
        "title: {} meeting\nkind: meeting\ndate: 2024-01\nagreements: [pl-ua]\n"
        "participants: [{{person: donald-tusk, sources: [report]}}]\nsources: [report]\n"
    )
    content = corpus({**FILES, "events/zz-meeting.yaml": meeting.format("Z")})
    site = IncrementalSite(content)
    site.build()
    (content / "events/aa-meeting.yaml").write_text(meeting.format("A"))
    _same_as_full_build(site, content)


def test_a_split_listing_part_gains_an_item_moved_into_its_year(
    corpus: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    import generator.views as views

    monkeypatch.setattr(views, "LISTING_LIMIT", 1)
    content = corpus(FILES)
    site = IncrementalSite(content)
    site.build()
    agreement = content / "agreements/pl-lt.yaml"
    _touch(agreement, agreement.read_text() + "signing: {date: 2020-05, sources: [report]}\n")
    _same_as_full_build(site, content)


def test_edits_made_while_the_content_has_an_error_are_not_lost(
    corpus: Callable[..., Path],
) -> None:
    content = corpus(FILES)
    site = IncrementalSite(content)
    site.build()
    tusk, ministry = content / "people/donald-tusk.yaml", content / "organisations/ministry.yaml"
    _touch(tusk, tusk.read_text().replace("Donald Tusk", "Donald F. Tusk"))
    _touch(ministry, ministry.read_text() + "bogus: 1\n")
    with pytest.raises(ContentError):
        site.build()
    _touch(ministry, ministry.read_text().replace("bogus: 1\n", ""))
    _same_as_full_build(site, content)
    assert "Donald F. Tusk" in site.pages["people/donald-tusk.md"].text


def test_a_file_that_comes_or_goes_rechecks_every_reference(
    corpus: Callable[..., Path],
) -> None:
    content = corpus(FILES)
    site = IncrementalSite(content)
    site.build()
    (content / "organisations/ministry.yaml").unlink()  # still named by Tusk's positions
    with pytest.raises(ContentError) as removed:
        site.build()  # a content error, as a full build reports it: not a template failure
    assert any("unknown organisation 'ministry'" in p.message for p in removed.value.problems)
    (content / "organisations/ministry.yaml").write_text(
        "name: Ministry of Defence\nkind: ministry\ncountry: pl\nsources: [report]\n"
    )
    _same_as_full_build(site, content)  # mended by adding the file back
