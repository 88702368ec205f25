"""The hostile tree of tests/payloads.py in Chromium: what only a browser shows.

A `<meta http-equiv="refresh">` that reached a page would send the reader elsewhere, an
`<img onerror>` would fire or be blocked by the policy (a console error), a script would open a
dialog. Every page of the hostile site is opened and must stay where it is, quietly.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from .browser import Watched, served, watch
from .payloads import FORMER_ID, IDS, hostile_text, write_tree
from .sitebuild import config_for, mkdocs


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    base = tmp_path_factory.mktemp("hostile-browser")
    write_tree(base / "content", hostile_text)
    result = mkdocs(config_for(base / "content", base / "work"), base / "site")
    assert result.returncode == 0, result.stderr
    with served(base / "site") as url:
        yield url, base / "site"


def _desktop(browser: Browser, base_url: str, dialogs: list[str]) -> Iterator[Watched]:
    """The hostile site in a desktop browser page that records every dialog a script opens."""
    for watched in watch(browser, base_url, viewport={"width": 1280, "height": 900}):
        watched.page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        yield watched


def test_no_hostile_page_redirects_runs_script_or_breaks_the_policy(
    browser: Browser, hostile_site: tuple[str, Path]
) -> None:
    base_url, site = hostile_site
    paths = sorted(p.parent.relative_to(site).as_posix() for p in site.rglob("index.html"))
    assert len(paths) >= 15
    dialogs: list[str] = []
    for watched in _desktop(browser, base_url, dialogs):
        for path in paths:
            target = base_url + ("" if path == "." else path + "/")
            if path.endswith("/" + FORMER_ID):  # a renamed item's old address: it redirects
                target = target.replace(FORMER_ID, IDS[path.split("/")[0]])
            watched.page.goto(base_url + ("" if path == "." else path + "/"))
            watched.page.wait_for_timeout(300)  # a refresh of 0 s would have fired by now
            assert watched.page.url == target, f"{path}: the page went to {watched.page.url}"
            # The payload is on the page as text, not as an element.
            assert watched.page.locator("img[onerror], meta[http-equiv=refresh]").count() == 0
        assert dialogs == []
        assert watched.errors == []
        assert watched.foreign_requests == []


def test_search_results_show_hostile_text_as_text(
    browser: Browser, hostile_site: tuple[str, Path]
) -> None:
    base_url, _ = hostile_site
    dialogs: list[str] = []
    for watched in _desktop(browser, base_url, dialogs):
        page = watched.page
        page.goto(base_url + "about/")
        box = page.get_by_role("textbox", name="Search")
        box.fill("onerror")
        results = page.locator(".md-search-result__item")
        results.first.wait_for(timeout=10_000)
        assert results.count() >= 7  # the payload is in a page of every kind
        page.get_by_role("button", name="Filter by kind, country, year, provision, status").click()
        page.locator(".atlas-search-facets select").first.wait_for()
        # Titles, excerpts and filter values hold the payload as text, never as elements.
        tags = page.locator(".md-search-dialog, .atlas-search-dialog").evaluate(
            "d => [...d.querySelectorAll('.md-search-result *, .atlas-search-facets *')]"
            ".map(e => e.tagName.toLowerCase())"
        )
        assert set(tags) <= {"li", "a", "article", "span", "h1", "p", "mark", "label",
                             "select", "option", "div", "ol", "button"}, set(tags)  # fmt: skip
        assert (
            "<img src=x onerror"
            in results.first.inner_text() + page.locator(".atlas-search-facets").inner_text()
        )
        active = "img[onerror], meta[http-equiv=refresh], script:not([src]):not([type])"
        assert page.locator(active).count() == 0
        assert dialogs == [] and watched.errors == [] and watched.foreign_requests == []


def test_the_comparison_pages_draw_hostile_text_as_text(
    browser: Browser, hostile_site: tuple[str, Path]
) -> None:
    """compare.js draws the matrix from data/compare.json: content as text."""
    base_url, _ = hostile_site
    dialogs: list[str] = []
    for watched in _desktop(browser, base_url, dialogs):
        page = watched.page
        page.goto(base_url + "provisions/?from=1")  # a selection: the script draws the table
        page.wait_for_selector(".atlas-compare__status:not(:empty)")
        table = page.locator("article table")
        assert "<img src=x onerror" in table.inner_text()
        assert table.locator("img, script, iframe").count() == 0
        page.locator("article table a.atlas-cell").first.focus()
        assert dialogs == [] and watched.errors == [] and watched.foreign_requests == []
