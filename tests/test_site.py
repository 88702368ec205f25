"""End to end: `mkdocs build --strict` of the real content, checked on the built HTML."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.kinds import FOLDERS

from .conftest import ROOT
from .sitebuild import config_for, mkdocs

HREF = re.compile(r'(?:href|src)="([^"]+)"')


def content_ids(kind: str) -> list[str]:
    return sorted(p.stem for p in (ROOT / "content" / kind).glob("*.yaml"))


def test_every_content_file_has_a_page_at_a_stable_url(site: Path) -> None:
    for kind in ("agreements", "people", "organisations", "events", "sources", "statements"):
        assert (site / kind / "index.html").is_file()
        for item in content_ids(kind):
            assert (site / kind / item / "index.html").is_file(), f"{kind}/{item}"
    assert (site / "index.html").is_file()
    assert (site / "countries" / "pl" / "index.html").is_file()


def test_every_internal_link_resolves(site: Path) -> None:
    broken = []
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        for target in HREF.findall(page.read_text(encoding="utf-8")):
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            if page.name == "404.html" and target.startswith("/"):
                continue  # the 404 page is served from any depth, so MkDocs links it from root
            resolved = (page.parent / unquote(parts.path)).resolve()
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.exists():
                broken.append(f"{page.relative_to(site)} -> {target}")
    assert broken == []


def test_links_go_both_ways(site: Path) -> None:
    agreement = (site / "agreements/ua-pl-security-agreement/index.html").read_text()
    person = (site / "people/donald-tusk/index.html").read_text()
    assert 'href="../../people/donald-tusk/"' in agreement
    assert 'href="../../agreements/ua-pl-security-agreement/"' in person


def test_edit_link_opens_the_yaml_file(site: Path) -> None:
    page = (site / "people/donald-tusk/index.html").read_text()
    assert re.search(r'href="[^"]*/edit/main/content/people/donald-tusk\.yaml"', page)


def test_entity_pages_stay_out_of_the_navigation(site: Path) -> None:
    page = (site / "agreements/index.html").read_text()
    start = page.index('class="md-nav md-nav--primary"')
    nav = page[start : page.index("</nav>", start)]
    assert "agreements/" in nav  # the section index is listed
    assert "ua-pl-security-agreement" not in nav  # its entities are not


def test_builds_are_byte_identical(site: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    assert mkdocs(ROOT / "mkdocs.yml", again).returncode == 0
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    differing = [str(path) for path in first if first[path] != second[path]]
    assert differing == []


def test_content_error_fails_the_build_with_the_check_message(
    corpus: object, tmp_path: Path
) -> None:
    content = corpus({"people/broken.yaml": "name: Broken\nsources: [no-such-source]\n"})  # type: ignore[operator]
    result = mkdocs(config_for(content, tmp_path / "work"), tmp_path / "site")
    assert result.returncode != 0
    assert (
        "people/broken.yaml:2:11: error: sources[0].source: unknown source 'no-such-source'"
        in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_data_downloads_are_in_the_site_and_linked(site: Path) -> None:
    everything = json.loads((site / "data/all.json").read_text(encoding="utf-8"))
    ids = {record["id"] for record in everything["agreements"]}
    assert {path.stem for path in (ROOT / "content/agreements").glob("*.yaml")} == ids
    data_page = (site / "data/index.html").read_text(encoding="utf-8")
    for kind in ("agreements", "people", "organisations", "countries", "events", "sources"):
        for name in (f"{kind}.json", f"{kind}.csv", f"schema/{kind}.schema.json"):
            assert f'href="{name}"' in data_page, name
            assert (site / "data" / name).is_file(), name
    assert 'href="all.json"' in data_page
    # every field of every kind is documented, down to nested ones
    assert "<code>parties[].signatories[].role</code>" in html.unescape(data_page)
    assert "The signatory's office at the time of signing" in data_page
    assert 'href="../data/"' in (site / "about/index.html").read_text(encoding="utf-8")


def test_hostile_text_in_content_stays_text_in_the_html(tmp_path: Path) -> None:
    from .conftest import FIXTURE_CORPUS

    site = tmp_path / "site"
    result = mkdocs(config_for(FIXTURE_CORPUS, tmp_path / "work"), site)
    assert result.returncode == 0, result.stderr
    page = (site / "agreements/xa-xb-accord/index.html").read_text(encoding="utf-8")
    body = page[page.index("<article") : page.index("</article>")]
    assert "<script>alert" not in body and 'href="https://evil.example"' not in body
    assert "&lt;script&gt;alert(1)" in body  # shown, as text
    assert "{{ not jinja }}" in body and '<h1 id="not-a-heading"' not in body
    # The source's title holds "</title><script>": it must stay text in <title> and headers too.
    for html_file in site.rglob("*.html"):
        text = html_file.read_text(encoding="utf-8")
        assert "<script>alert" not in text and "<b>bold</b>" not in text, html_file


# A data block (the theme's JSON config, a page's JSON-LD) is not run; anything else would be.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>")


def test_every_page_forbids_inline_script_and_other_hosts_and_has_none(site: Path) -> None:
    # 'wasm-unsafe-eval' only: search compiles its WebAssembly module (served from the site).
    policy = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'"
    for html_file in site.rglob("*.html"):
        text = html_file.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text:
            continue  # a redirect stub
        assert "Content-Security-Policy" in text, html_file
        assert policy in text or policy.replace("'", "&#39;") in text, html_file
        assert INLINE_SCRIPT.findall(text) == [], html_file
        assert "fonts.googleapis.com" not in text and "unpkg.com" not in text, html_file


def test_pages_are_tagged_by_country(site: Path) -> None:
    page = (site / "agreements/ua-pl-security-agreement/index.html").read_text(encoding="utf-8")
    tags = re.findall(r'<span class="md-tag">([^<]*)</span>', page)
    assert "Poland" in tags and "Ukraine" in tags
    assert "Air defence" not in tags  # categories are search facets, not pills above the title
    # No page lists every tagged item: it would grow with the whole corpus.
    assert not (site / "tags").exists()


def test_search_indexes_every_item_page_with_its_facets_and_names(site: Path) -> None:
    entry = json.loads((site / "pagefind/pagefind-entry.json").read_text(encoding="utf-8"))
    indexed = sum(1 for p in site.rglob("index.html") if "data-pagefind-body" in p.read_text())
    assert entry["languages"]["en"]["page_count"] == indexed
    items = sum(1 for folder in FOLDERS for _ in (ROOT / "content" / folder).glob("*.yaml"))
    assert indexed > items  # every item page (and the countries without a file), no listing
    for listing in ("people/index.html", "timeline/index.html", "index.html"):
        assert "data-pagefind-body" not in (site / listing).read_text()
    person = (site / "people/volodymyr-zelenskyy/index.html").read_text()
    assert 'data-pagefind-filter="kind[data-value]" data-value="People"' in person
    assert 'data-pagefind-filter="country[data-value]" data-value="Ukraine"' in person
    names = re.search(r'data-pagefind-meta="names\[data-value\]" data-value="([^"]*)"', person)
    assert names and "Зеленський" in names.group(1) and "Zelensky" in names.group(1)
    store = (site / "people/jonas-gahr-store/index.html").read_text()
    assert "Jonas Gahr Store · Jonas Gahr Stoere" in store  # ø folded, for a reader's keyboard
    # Pagefind's own interfaces are not served: the theme's search box is used.
    assert not list((site / "pagefind").glob("pagefind-*ui*"))
    assert not (site / "search/items.json").exists()


LD_JSON = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)
SCHEMA_TYPES = {"agreements": "Legislation", "people": "Person", "organisations": "Organization",
                "countries": "Country", "events": "Event", "sources": "CreativeWork",
                "statements": "Quotation"}  # fmt: skip


def test_item_pages_describe_themselves_for_previews_and_programs(site: Path) -> None:
    descriptions: dict[str, list[str]] = {}
    checked = 0
    for kind, schema_type in SCHEMA_TYPES.items():
        for file in sorted((ROOT / "content" / kind).glob("*.yaml"))[:5]:
            page = (site / kind / file.stem / "index.html").read_text(encoding="utf-8")
            found = LD_JSON.findall(page)
            assert len(found) == 1, file
            data = json.loads(found[0])
            assert data["@context"] == "https://schema.org" and data["@type"] == schema_type
            assert data["name"] and data["description"]
            description = re.search(r'<meta name="description" content="([^"]*)"', page)
            assert description and description.group(1) != "", file
            descriptions.setdefault(description.group(1), []).append(file.stem)
            checked += 1
            assert '<meta property="og:title"' in page and '<meta property="og:description"' in page
    # every page its own, not the site's
    assert len(descriptions) == checked > 25, [d for d in descriptions.items() if len(d[1]) > 1]
    agreement = json.loads(
        LD_JSON.findall((site / "agreements/ua-pl-security-agreement/index.html").read_text())[0]
    )
    assert agreement["legislationDate"] == "2024-07-08"
    assert {"@type": "Country", "name": "Poland"} in agreement["legislationJurisdiction"]
    person = json.loads(
        LD_JSON.findall((site / "people/volodymyr-zelenskyy/index.html").read_text())[0]
    )
    assert (
        "Зеленський" in person["alternateName"] or "Володимир Зеленський" in person["alternateName"]
    )


EDITOR_WORDS = re.compile(r"report 00\d|seed 00\d|\bUntitled\b|\.yaml\b", re.I)


def test_pages_speak_reader_words_only(site: Path) -> None:
    """No editor's label reaches a reader: 'report 001', 'Untitled', file names. (The Data page
    and the About page explain the content files, by name, on purpose.)"""
    for html_file in site.rglob("*.html"):
        if html_file.relative_to(site).parts[0] in ("data", "about"):
            continue
        page = html_file.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in page:
            continue
        article = page[page.find("<article") : page.find("</article>")]
        text = re.sub(r"<[^>]+>", " ", article)  # what a reader sees, not the edit link
        found = EDITOR_WORDS.findall(text)
        assert not found, (html_file.relative_to(site), found)
