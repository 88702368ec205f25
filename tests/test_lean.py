"""Lean pages: the theme's icons written once and layout whitespace dropped change what a page
weighs, not what a reader sees. The real site is built with and without it and every page's
visible text, links and icons compared; the sprite holds every icon a page uses."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.leanhtml import Sprite, lean

from .conftest import ROOT
from .sitebuild import built_both_ways, seen


@pytest.fixture(scope="module")
def two_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The real content built lean (as always) and not, the same way otherwise."""
    return built_both_ways(tmp_path_factory, "lean")


def test_every_page_reads_the_same_lean(two_sites: tuple[Path, Path]) -> None:
    site, plain_site = two_sites
    pages = sorted(p.relative_to(site) for p in site.rglob("index.html"))
    assert len(pages) > 200
    lean_bytes = plain_bytes = 0
    for page in pages:
        assert seen(site / page) == seen(plain_site / page), page
        lean_bytes += (site / page).stat().st_size
        plain_bytes += (plain_site / page).stat().st_size
    assert lean_bytes < 0.8 * plain_bytes  # what it is for: at least a fifth lighter


def test_the_sprite_holds_every_icon_a_page_refers_to(site: Path) -> None:
    symbols = set(
        re.findall(r'<symbol id="(i[0-9a-f]+)"', (site / "assets/atlas/icons.svg").read_text())
    )
    used = set()
    for page in site.rglob("*.html"):
        used |= set(re.findall(r'icons\.svg#(i[0-9a-f]+)"', page.read_text(encoding="utf-8")))
    assert used and used <= symbols


def test_whitespace_that_is_text_is_kept() -> None:
    page = (
        "<div>\n    <a>x</a>\n\n   <b>y</b></div><pre>  a\n\n    b</pre>"
        '<script type="application/ld+json">{"a": "1\\n\\n  2"}</script>'
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24"><path d="M1 2"/></svg>'
    )
    sprite = Sprite()
    out = lean(page, sprite, "../icons.svg")
    assert out.startswith("<div>\n<a>x</a>\n<b>y</b></div><pre>  a\n\n    b</pre>")
    assert '{"a": "1\\n\\n  2"}' in out
    (key,) = sprite.icons
    assert out.endswith(
        f'<svg viewBox="0 0 24 24" aria-hidden="true"><use href="../icons.svg#{key}"/></svg>'
    )
    assert f'<symbol id="{key}" viewBox="0 0 24 24"><path d="M1 2"/></symbol>' in sprite.text()


def test_whitespace_in_code_and_no_break_spaces_is_text() -> None:
    page = "<p>a\n  <code>x\n\n    y</code>\n <kbd>Ctrl\n  C</kbd>\n\u00a0\u00a0b\n\u3000c</p>"
    out = lean(page, Sprite(), "icons.svg")
    assert "<code>x\n\n    y</code>" in out and "<kbd>Ctrl\n  C</kbd>" in out
    assert "\n\u00a0\u00a0b\n\u3000c" in out


def test_item_pages_keep_their_titles_for_the_theme_s_plugins(site: Path) -> None:
    """A build lets go of each page's Markdown once converted; the title stays (MkDocs would
    otherwise work it out from the Markdown, and the tags plugin list pages without one)."""
    found = list(site.rglob("tags.json"))
    assert found
    text = found[0].read_text(encoding="utf-8")
    assert '"title": null' not in text and "Donald Tusk" in text


def test_a_hand_written_tags_listing_is_filled_in(tmp_path: Path) -> None:
    """The theme's tags plugin fills a listing of tags into a hand-written page after every
    page is converted: such a page keeps its HTML in memory (only generated pages wait on
    disk, memory.Spool)."""
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
