"""The built site in a real browser: search, tables, diagrams, accessibility, phone layout.

Chromium is Debian's (/usr/bin/chromium, installed by `make test`), driven by Playwright, against
the site served on localhost. Each page's console errors and requests to other hosts are caught
by the fixtures in `tests/browser.py`.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from generator.compare import compare_record
from generator.diagram import MAX_PER_GROUP, groups_of
from generator.views import commitments, timeline

from .browser import ARTIFACTS, Watched
from .conftest import ROOT

AGREEMENT = "agreements/ua-pl-security-agreement/"
# One page of every kind, the listings and the hand-written pages.
PAGES = [
    "",
    "agreements/",
    "people/",
    "organisations/",
    "countries/",
    "events/",
    "statements/",
    "sources/",
    AGREEMENT,
    "people/volodymyr-zelenskyy/",
    "organisations/jatec/",
    "countries/pl/",
    "events/kosiniak-kamysz-visit-to-kyiv-2025/",
    "statements/kosiniak-kamysz-lessons-learned-and-jatec/",
    "sources/ukraine-and-poland-sign-security-guarantees-agreement/",
    "timeline/",
    "provisions/",
    "compare/",
    "changes/",
    "data/",
    "glossary/",
    "about/",
]


@pytest.fixture
def graph(content_graph):  # type: ignore[no-untyped-def]
    return content_graph


@pytest.mark.parametrize("path", PAGES)
def test_page_is_clean_self_contained_and_accessible(reader: Watched, path: str) -> None:
    page = reader.open(path)
    assert page.locator("article h1").count() == 1
    assert reader.errors == []  # includes Content-Security-Policy violations
    assert reader.foreign_requests == []
    assert reader.accessibility_violations() == []
    # An item page's structured data parses where a program reads it: in the page.
    blocks = page.locator('script[type="application/ld+json"]')
    if path.count("/") == 2:  # an item page
        assert blocks.count() == 1
        data = blocks.evaluate("b => JSON.parse(b.textContent)")
        assert data["@context"] == "https://schema.org" and data["name"]


def _search(page, query: str) -> list[str]:  # type: ignore[no-untyped-def]
    """Type `query` into the theme's search box as a reader does; the paths of the results."""
    box = page.get_by_role("textbox", name="Search")
    box.click()
    box.fill("")
    box.press_sequentially(query, delay=20)
    page.wait_for_function(
        "q => document.querySelector('.md-search-result__meta').textContent.includes('match')"
        " && document.querySelector('[name=q]').value === q",
        arg=query,
    )
    page.wait_for_timeout(200)  # the first batch of results is drawn
    hrefs = page.locator(".md-search-result__item > a").evaluate_all("els => els.map(e => e.href)")
    return [urlsplit(h).path for h in hrefs]


# (query, page expected, at most this place): the table, then a query per kind.
SEARCHES = [
    ("ceasefire", "events/eu-defence-ministers-meeting/", 1),  # a word of a page's text
    ("troops", "sources/report-poland-rules-out-troops-for-ukraine-kyiv-post/", 3),
    ("Zełenski", "people/volodymyr-zelenskyy/", 1),  # Polish spelling
    ("Zelensky", "people/volodymyr-zelenskyy/", 1),
    ("Зеленський", "people/volodymyr-zelenskyy/", 1),  # native script
    ("Шмигаль", "people/denys-shmyhal/", 1),
    ("Store", "people/jonas-gahr-store/", 1),  # ø typed as o
    ("Stoere", "people/jonas-gahr-store/", 1),  # ø typed as oe
    ("Nauseda", "people/gitanas-nauseda/", 1),  # ė typed as e
    ("Wladyslaw", "people/wladyslaw-kosiniak-kamysz/", 1),  # ł typed as l
    ("drones", "agreements/pl-ua-defence-ministries-drone-capabilities-2025/", 2),  # plural
    ("Poland Ukraine agreement", "agreements/ua-pl-security-agreement/", 2),
    ("JATEC", "organisations/jatec/", 1),  # an acronym
    ("NATO", "organisations/nato/", 1),  # not the JATEC centre named after it
    ("LitPolUkrBrig", "organisations/litpolukrbrig/", 1),
    ("Lithuania", "countries/lt/", 1),
    ("2.5 billion", "agreements/ua-gb-security-agreement/", 3),  # a pledge, by its amount
    ("Nausėda state visit Lublin", "events/nauseda-state-visit-to-poland-lublin/", 1),
    (
        "Kyiv Independent Finland",
        "sources/fi-kyivindependent-ukraine-finland-sign-long-term-security-agreement/",
        1,
    ),
    ("lessons learned JATEC", "statements/kosiniak-kamysz-lessons-learned-and-jatec/", 2),
]


@pytest.mark.parametrize(("query", "expected", "place"), SEARCHES)
def test_search_finds_every_word_by_any_spelling(
    reader: Watched, query: str, expected: str, place: int
) -> None:
    page = reader.open("about/")
    found = _search(page, query)
    assert f"/{expected}" in found[:place], found[:5]
    hit = page.locator(".md-search-result__item").nth(found.index(f"/{expected}"))
    assert hit.locator("p mark").count() > 0  # the passage that matched, marked
    hit.locator("a").click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == f"/{expected}"
    assert reader.errors == []


def test_agreements_rank_above_statements_and_reports_on_their_parties(reader: Watched) -> None:
    found = _search(reader.open("about/"), "Poland Ukraine agreement")
    first_agreement = found.index("/agreements/ua-pl-security-agreement/")
    assert not any(p.startswith(("/statements/", "/sources/")) for p in found[:first_agreement])


def test_search_facets_filter_the_results(reader: Watched, graph) -> None:  # type: ignore[no-untyped-def]
    page = reader.open("about/")
    everything = _search(page, "security")
    page.get_by_role("button", name="Filter by kind, country, year, provision, status").click()
    kinds = page.get_by_label("Filter by kind")
    kinds.wait_for()
    kinds.select_option("Agreements")
    page.wait_for_function(
        "() => /^\\d+ pages? match/.test("
        "document.querySelector('.md-search-result__meta').textContent)"
    )
    page.wait_for_timeout(300)
    agreements = page.locator(".atlas-search-kind").all_inner_texts()
    assert agreements and set(agreements) == {"Agreements"}
    page.get_by_label("Filter by country").select_option("Lithuania")
    page.wait_for_timeout(500)
    shown = [urlsplit(h).path for h in page.locator(".md-search-result__item > a").evaluate_all(
        "els => els.map(e => e.href)")]  # fmt: skip
    with_lt = {f"/agreements/{a.id}/" for a in graph.all("agreements")
               if any(p.country and p.country.id == "lt" for p in a.parties)}  # fmt: skip
    assert shown and set(shown) <= with_lt
    assert len(shown) < len(everything)
    assert reader.errors == []


def test_search_keyboard_highlight_and_links_from_the_home_page(reader: Watched) -> None:
    page = reader.open("about/")
    page.keyboard.press("/")  # the theme's shortcut opens the search box
    assert page.evaluate("document.getElementById('__search').checked")
    page.keyboard.type("Zelensky")
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("ArrowDown")  # arrows walk the results
    assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    found = _search(page, "ceasefire")
    page.locator(".md-search-result__item a").first.click()
    page.wait_for_load_state()
    assert "highlight=ceasefire" in page.url
    page.locator("mark.atlas-highlight").first.wait_for()  # the word marked on the page
    assert found and reader.errors == []


def test_home_page_search_box_opens_the_results(reader: Watched) -> None:
    page = reader.open("")
    page.get_by_role("searchbox", name="Search people, agreements, organisations").fill("Zelensky")
    page.get_by_role("button", name="Search", exact=True).click()
    page.wait_for_load_state()
    results = page.locator(".md-search-result__item > a")
    results.first.wait_for()
    hrefs = [urlsplit(h).path for h in results.evaluate_all("els => els.map(e => e.href)")]
    assert hrefs[0] == "/people/volodymyr-zelenskyy/"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_search_dialog_is_accessible_on_a_phone_in_both_schemes(
    phone: Watched, scheme: str
) -> None:
    page = phone.page
    page.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    phone.open("about/")
    page.locator("label.md-header__button[for=__search]").click()
    page.keyboard.type("Poland")
    page.locator(".md-search-result__item").first.wait_for()
    page.get_by_role("button", name="Filter by kind, country, year, provision, status").click()
    page.get_by_label("Filter by kind").wait_for()
    assert page.locator(".md-search-result__item").first.is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert phone.accessibility_violations() == []
    assert phone.errors == []


def _visible_rows(page, table: str):  # type: ignore[no-untyped-def]
    return page.locator(f"{table} tbody tr:not([hidden])")


def test_agreements_table_sorts_and_filters(reader: Watched, graph) -> None:  # type: ignore[no-untyped-def]
    page = reader.open("agreements/")
    table = "#atlas-table-0"
    total = len(list((ROOT / "content/agreements").glob("*.yaml")))
    assert _visible_rows(page, table).count() == total
    assert page.get_by_role("status").first.inner_text() == f"{total} rows"

    def signed() -> list[str | None]:
        return _visible_rows(page, table).evaluate_all(
            "rows => rows.map(r => { const t = r.cells[3].querySelector('time');"
            " return t ? t.getAttribute('datetime') : null; })"
        )

    page.get_by_role("button", name="Signed").click()
    ascending = signed()
    dated = [d for d in ascending if d]
    assert dated == sorted(dated) and ascending[len(dated) :] == [None] * (total - len(dated))
    assert dated[0] < dated[-1]
    page.get_by_role("button", name="Signed").click()
    descending = [d for d in signed() if d]
    assert descending == sorted(dated, reverse=True)

    page.get_by_role("searchbox", name="Filter").fill("Lithuania")
    matching = _visible_rows(page, table)
    assert 0 < matching.count() < total
    assert all("Lithuania" in text for text in matching.all_inner_texts())
    page.get_by_role("searchbox", name="Filter").fill("")

    with_lt = [
        a
        for a in graph.all("agreements")
        if any(p.country and p.country.id == "lt" for p in a.parties)
    ]
    page.get_by_label("Parties").select_option("Lithuania")
    assert _visible_rows(page, table).count() == len(with_lt) > 0
    assert page.get_by_role("status").first.inner_text() == f"{len(with_lt)} of {total} rows"


def test_timeline_is_in_date_order_and_filters_by_country(reader: Watched, graph) -> None:  # type: ignore[no-untyped-def]
    page = reader.open("timeline/")
    table = "#atlas-table-0"
    entries = timeline(graph)
    assert _visible_rows(page, table).count() == len(entries)
    shown = _visible_rows(page, table).evaluate_all(
        "rows => rows.map(r => r.cells[0].querySelector('time').getAttribute('datetime'))"
    )
    assert shown == [e.date.iso for e in entries]
    assert shown[0] < shown[-1]
    page.locator("select[name=Countries]").select_option("Lithuania")
    expected = [e for e in entries if any(c.id == "lt" for c in e.countries)]
    rows = _visible_rows(page, table)
    assert rows.count() == len(expected) > 0
    assert all("Lithuania" in text for text in rows.all_inner_texts())


@pytest.mark.parametrize(
    "path",
    [
        AGREEMENT,
        "people/volodymyr-zelenskyy/",
        "countries/pl/",
        "organisations/jatec/",
        "events/kosiniak-kamysz-visit-to-kyiv-2025/",
    ],
)
def test_connections_diagram_renders_and_links(reader: Watched, graph, path: str) -> None:  # type: ignore[no-untyped-def]
    page = reader.open(path)
    fold = page.locator("details.atlas-graph-fold")
    if fold.count():  # a large diagram opens from its count
        assert fold.evaluate("d => !d.open")
        fold.locator("summary").click()
    figure = page.locator("figure.atlas-graph")
    svg = figure.locator("svg")
    assert svg.is_visible()
    box = svg.bounding_box()
    assert box is not None and box["width"] > 400 and box["height"] > 50
    kind, item_id = path.strip("/").split("/")
    groups = groups_of(graph.items[kind][item_id], graph)
    nodes = figure.locator("a.node")
    assert nodes.count() == sum(min(len(g.members), MAX_PER_GROUP) for g in groups)
    for group in groups:
        assert svg.get_by_text(group.title, exact=True).count() == 1
    first = groups[0].members[0]
    nodes.first.click()
    page.wait_for_load_state()
    assert urlsplit(page.url).path == "/" + first.page_path.removesuffix(".md") + "/"


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", header[16:24])
    return width, height


@pytest.mark.parametrize("path", PAGES)
def test_no_page_scrolls_sideways_on_a_phone(phone: Watched, path: str) -> None:
    page = phone.open(path)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
    wide = page.evaluate(
        "[...document.querySelectorAll('.md-typeset__scrollwrap, figure')]"
        ".filter(e => e.scrollWidth > e.clientWidth + 1).length"
    )
    assert wide == 0, path  # no table or diagram scrolls inside its box either
    assert phone.errors == []


def test_agreement_page_reads_on_a_phone(phone: Watched) -> None:
    page = phone.open(AGREEMENT)
    page.locator("details.atlas-graph-fold > summary").click()
    # Nothing wider than the screen: wide tables and the diagram scroll or shrink inside it.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.locator("article h1").is_visible()
    # The diagram scales to the screen; wide tables are one block per row, cells labelled.
    figure = page.locator("figure.atlas-graph")
    assert figure.evaluate("f => f.scrollWidth <= f.clientWidth")
    assert page.locator("figure.atlas-graph svg").bounding_box()["width"] <= 390  # type: ignore[index]
    table = page.locator("table[data-atlas-stacks]").first
    stacked = table.locator("tbody tr").first
    assert stacked.evaluate("r => getComputedStyle(r).display") == "block"
    label = stacked.locator("td[data-label]").first.evaluate(
        "c => getComputedStyle(c, '::before').content"
    )
    assert label.strip('"') == table.locator("thead th").first.text_content().strip()
    assert phone.accessibility_violations() == []
    assert phone.errors == [] and phone.foreign_requests == []
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "agreement-phone.png"
    shot.unlink(missing_ok=True)
    page.screenshot(path=str(shot), full_page=True)
    width, height = _png_size(shot)
    assert width == 390 * 2 and height > 844 * 2


def test_commitments_sort_by_amount_within_a_currency(reader: Watched, graph) -> None:  # type: ignore[no-untyped-def]
    page = reader.open("commitments/")
    table = "#atlas-table-0"
    rows = [row for row in commitments(graph)]
    assert _visible_rows(page, table).count() == len(rows) > 10
    assert reader.accessibility_violations() == []
    page.get_by_label("Currency").select_option("EUR")
    euros = sorted(r.commitment.value for r in rows if r.commitment.currency == "EUR")

    def amounts() -> list[float]:
        return _visible_rows(page, table).evaluate_all(
            "rows => rows.map(r => Number(r.cells[0].querySelector('data').value))"
        )

    page.get_by_role("button", name="Amount").click()
    assert amounts() == [float(v) for v in euros]  # numerically: 8.5 billion after 977 million
    page.get_by_role("button", name="Amount").click()
    assert amounts() == [float(v) for v in reversed(euros)]
    assert page.get_by_role("status").first.inner_text() == f"{len(euros)} of {len(rows)} rows"


def test_cite_this_page_downloads_citations_that_parse(reader: Watched) -> None:
    import bibtexparser
    import rispy
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    page = reader.open(AGREEMENT)
    cite = page.locator(".atlas-cite")
    url = reader.base_url + AGREEMENT
    assert url in cite.inner_text() and "Version of" in cite.inner_text()
    title = "Bilateral security guarantees agreement between Ukraine and Poland"

    def download(name: str) -> str:
        with page.expect_download() as event:
            cite.get_by_role("button", name=name).click()
        return Path(event.value.path()).read_text(encoding="utf-8")

    bib = bibtexparser.parse_string(download("BibTeX"))
    assert not bib.failed_blocks and len(bib.entries) == 1
    entry = bib.entries[0]
    assert entry["url"] == url and title in entry["title"]
    (ris,) = rispy.loads(download("RIS"))
    assert ris["type_of_reference"] == "ELEC" and ris["title"] == title and ris["urls"] == [url]
    records = json.loads(download("CSL-JSON"))
    # A CSL processor reads the record and formats it with a style it ships.
    source = CiteProcJSON(records)
    style = CitationStylesStyle("harvard-cite-them-right", validate=False)
    bibliography = CitationStylesBibliography(style, source, formatter.plain)
    bibliography.register(Citation([CitationItem(records[0]["id"])]))
    formatted = str(bibliography.bibliography()[0])
    assert title in formatted and "Security Agreements Atlas" in formatted
    assert reader.errors == []


# The Ukraine–Poland page before its long lists folded and its provisions became one table, at
# 1280 x 900 in Chromium: 6,846 px when the issue was filed, 6,162 px before this change.
AGREEMENT_HEIGHT_BEFORE = 6846


def test_agreement_page_is_half_as_tall_with_nothing_removed(reader: Watched, graph) -> None:  # type: ignore[no-untyped-def]
    page = reader.open(AGREEMENT)
    folded = page.evaluate("document.documentElement.scrollHeight")
    assert folded <= AGREEMENT_HEIGHT_BEFORE / 2
    # Each fold says how many items it holds, and holds them.
    for fold in page.locator("details.atlas-fold").all():
        count, noun = fold.locator("summary").text_content().split(" ", 1)  # type: ignore[union-attr]
        inside = fold.locator("tbody tr" if fold.locator("table").count() else "li").count()
        assert inside == int(count), noun
    # Nothing removed: opened, every provision, related agreement and organisation is there.
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    text = page.locator("article").inner_text()
    item = graph.items["agreements"]["ua-pl-security-agreement"]
    for provision in item.provisions:
        assert " ".join(provision.text.split()) in text
    for organisation in item.organisations:
        assert graph.target(organisation.organisation).label in text
    related = [graph.target(r.agreement) for r in item.related]
    related += [link.owner for link in graph.links_to(item, "agreements", "related")]
    assert len(related) == 16
    for agreement in related:
        assert agreement.label in text
    opened = page.evaluate("document.documentElement.scrollHeight")
    assert opened > folded * 1.5


def test_a_footnote_back_link_into_a_fold_opens_it(reader: Watched) -> None:
    page = reader.open(AGREEMENT)
    target = page.locator("details.atlas-fold [id^=fnref]").first
    anchor = target.get_attribute("id")
    assert target.evaluate("t => !t.closest('details').open")
    page.locator(f'a.footnote-backref[href="#{anchor}"]').click()
    assert target.evaluate("t => t.closest('details').open")
    assert target.is_visible()


def test_every_table_keeps_the_theme_s_table_style(reader: Watched) -> None:
    """tables.js marks tables to stack on a phone with an attribute, not a class: the theme
    styles only tables without a class."""
    for path in (AGREEMENT, "countries/ua/", "sources/"):
        page = reader.open(path)
        borders = page.locator(".md-typeset table").evaluate_all(
            "ts => ts.map(t => getComputedStyle(t).borderTopStyle)"
        )
        assert borders and set(borders) == {"solid"}, path


def test_the_ukraine_page_opens_the_matrix_of_its_bilateral_agreements(
    reader: Watched, graph
) -> None:  # type: ignore[no-untyped-def]
    page = reader.open("countries/ua/")
    page.get_by_text("Compare its bilateral agreements").click()
    page.wait_for_selector(".atlas-compare__status:not(:empty)")
    assert "country=ua" in page.url and "bilateral=1" in page.url
    titles = page.locator("article table tbody tr td:first-child a").all_text_contents()
    sides = {a.label: compare_record(a, graph)["countries"] for a in graph.all("agreements")}
    with_provisions = {a.label for a in graph.all("agreements") if a.provisions}
    # a ministry counts for its state: the defence ministries' documents are Ukraine's too
    expected = [t for t in with_provisions if "ua" in sides[t] and len(sides[t]) == 2]
    assert sorted(titles) == sorted(expected) and len(titles) > 10
    # a cell's provision shows on focus, and the selection narrows by year
    cell = page.locator("article table a.atlas-cell").first
    cell.focus()
    assert cell.locator(".atlas-tip").bounding_box()["width"] > 100  # type: ignore[index]
    page.fill("input[name=from]", "2025")
    page.locator("input[name=from]").dispatch_event("change")
    rows = page.locator("article table tbody tr")
    assert rows.count() < len(titles)
    assert reader.errors == [] and reader.accessibility_violations() == []


def test_two_agreements_side_by_side(reader: Watched) -> None:
    page = reader.open("compare/")
    page.wait_for_selector(".atlas-pair select")
    page.select_option("select[name=b]", "ua-gb-security-agreement")
    assert "b=ua-gb-security-agreement" in page.url
    head = page.locator("article table thead").inner_text()
    assert "Ukraine and Poland" in head and "UK-Ukraine" in head
    rows = {
        r.locator("td").first.inner_text(): r.locator("td").all_inner_texts()[1:]
        for r in page.locator("article table tbody tr").all()
    }
    assert rows["Air defence"][1] == "not covered" and "Intercepting" in rows["Air defence"][0]
    assert rows["Parties"] == ["Ukraine, Poland", "Ukraine, United Kingdom"]
    assert reader.errors == [] and reader.accessibility_violations() == []


def test_the_changes_page_filters_by_kind_and_country(reader: Watched) -> None:
    """The site built from this repository lists its own history, newest first."""
    page = reader.open("changes/")
    table = "#atlas-table-0"
    rows = _visible_rows(page, table)
    total = rows.count()
    assert total > 50  # this repository's content has a history
    dates = rows.evaluate_all("rs => rs.map(r => r.cells[0].querySelector('time').dateTime)")
    assert dates == sorted(dates, reverse=True)
    page.locator("select[name=Kind]").select_option("Agreements")
    assert 0 < rows.count() < total
    assert set(rows.evaluate_all("rs => rs.map(r => r.cells[2].textContent)")) == {"Agreements"}
    page.locator("select[name=Countries]").select_option("Lithuania")
    assert rows.count() > 0
    assert all("Lithuania" in cells for cells in rows.evaluate_all(
        "rs => rs.map(r => r.cells[4].textContent)"))  # fmt: skip
    assert reader.errors == []


def test_an_unknown_id_in_the_address_selects_nothing_and_says_so(reader: Watched) -> None:
    page = reader.open("provisions/?country=zz")
    page.wait_for_selector(".atlas-compare__status:not(:empty)")
    assert page.locator("article table tbody tr").count() == 0
    assert page.locator(".atlas-compare__status").inner_text().startswith("0 of ")
    assert page.url.endswith("?country=zz")  # the address is kept
    page = reader.open("compare/?a=nosuch&b=ua-gb-security-agreement")
    page.wait_for_selector(".atlas-pair select")
    status = page.locator(".atlas-pair .atlas-compare__status")
    assert status.inner_text() == "No agreement with the id nosuch"
    assert reader.errors == []
