"""A renamed item: its former ids redirect to its page, and are checked like ids."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Browser

from generator.contentcheck import check_content
from generator.pipeline import build_pages

from .browser import served
from .conftest import FIXTURE_CORPUS
from .sitebuild import config_for, mkdocs

RENAMED = """
    title: Poland–Ukraine accord
    kind: agreement
    former_ids: [pl-ua-2024, {former}]
    parties: [{{country: pl}}, {{country: ua}}]
    sources: [report]
"""


def _messages(content: Path) -> list[str]:
    problems, _ = check_content(content)
    return [p.format() for p in problems]


def test_a_former_id_may_not_be_a_current_id_reserved_own_or_claimed_twice(
    corpus: Callable[..., Path],
) -> None:
    files = {
        "agreements/pl-ua.yaml": RENAMED.format(former="pl-lt"),
        "agreements/pl-lt.yaml": """
            title: Poland–Lithuania accord
            kind: agreement
            former_ids: [pl-ua-2024, pl-lt, by-year]
            parties: [{country: pl}, {country: lt}]
            sources: [report]
        """,
    }
    messages = _messages(corpus(files))
    assert any("pl-ua.yaml:3:26: error: former_ids: 'pl-lt' is the id of agreements/pl-lt.yaml"
               in m for m in messages), messages  # fmt: skip
    assert any("pl-lt.yaml:3:26: error: former_ids: 'pl-lt' is the item's own id" in m
               for m in messages), messages  # fmt: skip
    assert any("pl-lt.yaml:3:33: error: former_ids: 'by-year' is a page the site generates" in m
               for m in messages), messages  # fmt: skip
    assert any("former_ids: 'pl-ua-2024' is also a former id of agreements/" in m
               for m in messages), messages  # fmt: skip


def test_the_old_address_is_a_page_that_redirects_to_the_new_one() -> None:
    pages = build_pages(FIXTURE_CORPUS)
    stub = pages["agreements/no-pl-accord/index.html"]
    assert '<meta http-equiv="refresh" content="0; url=../xa-xb-accord/">' in stub
    assert '<a href="../xa-xb-accord/">Accord between Norway and Poland</a>' in stub


def test_a_reader_following_an_old_link_lands_on_the_page(browser: Browser, tmp_path: Path) -> None:
    built = mkdocs(config_for(FIXTURE_CORPUS, tmp_path / "work"), tmp_path / "site")
    assert built.returncode == 0, built.stderr[-2000:]
    with served(tmp_path / "site") as base:
        page = browser.new_page()
        page.goto(base + "agreements/no-pl-accord/")
        page.wait_for_url(base + "agreements/xa-xb-accord/")
        assert page.locator("h1").first.inner_text().startswith("Accord between Norway")
        page.close()
