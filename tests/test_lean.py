"""Lean pages: the theme's icons written once and layout whitespace dropped change what a page
weighs, not what a reader sees. The real site is built with and without it and every page's
visible text, links and icons compared; the sprite holds every icon a page uses."""

from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urljoin

import jinja2
import pytest
from playwright.sync_api import Browser

from generator.leanhtml import Sprite, lean, make_lean

from .browser import served, watch
from .conftest import ROOT
from .sitebuild import built_both_ways, chrome_parts, seen, with_chrome

watching = contextmanager(watch)


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The real content built lean (as always) and not, the same way otherwise."""
    return built_both_ways(tmp_path_factory, "lean")


def test_every_page_reads_the_same_lean(two_sites: tuple[Path, Path]) -> None:
    """Every page, with its shared chrome written in as chrome.js writes it (the browser test
    below shows the script does just that), reads as the page built without it."""
    site, plain_site = two_sites
    parts, _ = chrome_parts(site)
    pages = sorted(p.relative_to(site) for p in site.rglob("index.html"))
    assert len(pages) > 200
    lean_bytes = plain_bytes = 0
    own_frame = set()
    for page in pages:
        html = (site / page).read_text(encoding="utf-8")
        written_in = with_chrome(html, parts)
        if written_in == html and 'http-equiv="refresh"' not in html:  # not a renamed item's
            own_frame.add(page.parent.as_posix())
        assert resolved(page, seen(site / page, written_in)) == resolved(
            page, seen(plain_site / page)
        ), page
        lean_bytes += (site / page).stat().st_size
        plain_bytes += (plain_site / page).stat().st_size
    # Every page renders the shared frame but those the navigation lists.
    assert own_frame == {_address(path) for path in _listed(ROOT / "mkdocs.yml")}
    assert lean_bytes < 0.6 * plain_bytes  # what it is for: at least 40 % lighter


def _listed(config: Path) -> list[str]:
    """The Markdown files mkdocs.yml's navigation lists."""
    text = config.read_text(encoding="utf-8")
    block = text[text.index("\nnav:\n") : text.index("\n\n", text.index("\nnav:\n") + 1)]
    return re.findall(r":\s+(\S+\.md)$", block, re.M)


def _address(markdown: str) -> str:
    """A page's folder in the site ("about.md" -> "about", "agreements/index.md" ->
    "agreements", "index.md" -> ".")."""
    folder = markdown.removesuffix(".md").removesuffix("index").rstrip("/")
    return folder or "."


def resolved(page: Path, found: tuple[str, list[str], int]) -> tuple[str, list[str], int]:
    """What a page shows, its links as the addresses they reach ("../" and "../../agreements/"
    are one address from an agreement's page)."""
    address = "http://site/" + page.parent.as_posix() + "/"
    return found[0], [urljoin(address, link) for link in found[1]], found[2]


@pytest.mark.browser
def test_an_item_page_is_the_same_page_in_a_browser(
    two_sites: tuple[Path, Path], browser: Browser
) -> None:
    """chrome.js leaves an item page as the theme would have written it: the same text, links,
    form controls and theme configuration, no error; the palette toggle and search work."""
    pages = ["agreements/ua-pl-security-agreement/", "people/donald-tusk/", "countries/pl/"]
    seen_in: list[list[dict[str, object]]] = []
    for site in two_sites:
        with served(site) as url, watching(browser, url) as watched:
            found = []
            for path in pages:
                page = watched.open(path)
                found.append(page.evaluate(_DOM).replace(url, "/"))
            seen_in.append(found)
            assert watched.errors == [] and watched.foreign_requests == []
    assert seen_in[0] == seen_in[1]
    with served(two_sites[0]) as url, watching(browser, url) as watched:
        page = watched.open(pages[1])
        before = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        page.locator("form[data-md-component=palette] label:not([hidden])").click()
        after = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert {before, after} == {"default", "slate"}
        page = watched.open(pages[0])  # the choice is kept on the next page
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == after
        page.keyboard.press("/")
        page.keyboard.type("Zelensky")
        page.locator(".md-search-result__item").first.wait_for()
        assert watched.errors == []


# The page as a reader and the theme's script meet it, as JSON (addresses as written by the
# browser, absolute, so the two sites' ports are replaced by the caller).
_DOM = """() => JSON.stringify({
  text: document.body.innerText,
  links: [...document.links].map(a => a.href),
  controls: [...document.querySelectorAll("input, label, button")].map(
    e => [e.tagName, e.id, e.getAttribute("for"), e.hidden, e.checked === true]),
  icons: document.querySelectorAll("svg").length,
  config: JSON.parse(document.getElementById("__config").textContent),
})"""


def test_the_sprite_holds_every_icon_a_page_refers_to(site: Path) -> None:
    symbols = set(
        re.findall(r'<symbol id="(i[0-9a-f]+)"', (site / "assets/atlas/icons.svg").read_text())
    )
    used = set()
    for page in [*site.rglob("*.html"), *site.glob("assets/atlas/chrome.*.js")]:
        # In the script's JSON a quote is written \"
        used |= set(re.findall(r'icons\.svg#(i[0-9a-f]+)\\?"', page.read_text(encoding="utf-8")))
    assert used and used <= symbols
    assert any(re.findall(r'icons\.svg#(i[0-9a-f]+)\\"', p.read_text()) for p in
               site.glob("assets/atlas/chrome.*.js"))  # fmt: skip


def test_whitespace_that_is_text_is_kept() -> None:
    page = (
        "<div>\n    <a>x</a>\n\n   <b>y</b></div><pre>  a\n\n    b</pre>"
        '<script type="application/ld+json">{"a": "1\\n\\n  2"}</script>'
    )
    out = lean(page)
    assert out.startswith("<div>\n<a>x</a>\n<b>y</b></div><pre>  a\n\n    b</pre>")
    assert '{"a": "1\\n\\n  2"}' in out


def test_whitespace_in_code_and_no_break_spaces_is_text() -> None:
    page = "<p>a\n  <code>x\n\n    y</code>\n <kbd>Ctrl\n  C</kbd>\n\u00a0\u00a0b\n\u3000c</p>"
    out = lean(page)
    assert "<code>x\n\n    y</code>" in out and "<kbd>Ctrl\n  C</kbd>" in out
    assert "\n\u00a0\u00a0b\n\u3000c" in out


def test_templates_load_lean_and_icons_become_references_per_page() -> None:
    """The theme's templates are made lean once, when loaded: an icon it includes is a
    reference into the sprite, addressed from each page (the theme's `url` filter)."""
    icon = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M1 2"/></svg>'
    env = jinja2.Environment(
        loader=jinja2.DictLoader({
            ".icons/x.svg": icon,
            "page.html": "<nav>\n    {% if on %}\n      <a>{% include '.icons/x.svg' %}</a>\n"
                         "    {% endif %}\n</nav>\n<pre>  keep\n    this</pre>",
        })
    )  # fmt: skip
    env.filters["url"] = lambda path: "../../" + path
    sprite = Sprite()
    make_lean(env, sprite)
    out = env.get_template("page.html").render(on=True, page="a page")
    (key,) = sprite.icons
    assert out == (
        f'<nav>\n<a><svg viewBox="0 0 24 24" aria-hidden="true"><use '
        f'href="../../assets/atlas/icons.svg#{key}"/></svg></a>\n</nav>\n'
        "<pre>  keep\n    this</pre>"
    )
    assert f'<symbol id="{key}" viewBox="0 0 24 24"><path d="M1 2"/></symbol>' in sprite.text()
    # Imported without the page's context (the theme does so to put an icon into a CSS `data:`
    # address, where a reference could not load), an icon stays inline.
    imported = env.from_string("{% import '.icons/x.svg' as icon %}{{ icon | string }}")
    assert imported.render(page="a page") == icon


def test_the_tags_export_nobody_reads_is_not_written(site: Path) -> None:
    """The theme's tags plugin would write every tag and page to tags.json; nothing on the site
    reads it (mkdocs.yml turns it off)."""
    assert not list(site.rglob("tags.json"))
    assert (site / "people/donald-tusk/index.html").exists()


def test_a_hand_written_tags_listing_is_filled_in(tmp_path: Path) -> None:
    """The theme's tags plugin fills a listing of tags into a hand-written page after every
    page is converted: such a page keeps its HTML in memory (only generated pages wait on
    disk, memory.Spool). A build lets go of each page's Markdown once converted; the title
    stays (MkDocs would otherwise work it out from the Markdown, and the listing shows pages
    without one)."""
    from .sitebuild import config_for, mkdocs

    config = config_for(ROOT / "content", tmp_path / "work")
    (tmp_path / "work/docs/tags.md").write_text("# Tags\n\n<!-- material/tags -->\n", "utf-8")
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("not_in_nav: |\n", "not_in_nav: |\n  /tags.md\n"), "utf-8")
    result = mkdocs(config, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/tags/index.html").read_text(encoding="utf-8")
    assert "material/tags" not in page and "tags.md:" not in page
    assert page.count('href="../agreements/') > 10
    assert re.search(r">\s*Donald Tusk\s*<", page) and not re.search(r">\s*None\s*<", page)
