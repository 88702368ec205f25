"""The MkDocs adapter: watches content under serve; adds generated pages with YAML edit links."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files

import generator.parallel as parallel
from generator import commonmark
from generator.mkdocs_plugin import FactsPlugin, _GeneratedPage

from .conftest import ROOT


class FakeServer:
    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str) -> None:
        self.watched.append(path)


def plugin_and_config() -> tuple[FactsPlugin, Any]:
    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = config.plugins["facts"]
    assert isinstance(plugin, FactsPlugin)
    plugin.on_config(config)
    return plugin, config


def test_serve_watches_the_content_folder() -> None:
    plugin, config = plugin_and_config()
    server = FakeServer()
    plugin.on_serve(server, config=config, builder=None)
    assert server.watched == [str(ROOT / "content")]


def test_files_gain_generated_pages_and_lose_template_assets() -> None:
    _, config = plugin_and_config()
    template = File("person.md.j2", str(ROOT / "site_overrides"), str(ROOT / "site"), False)
    about = File("about.md", str(ROOT / "docs"), str(ROOT / "site"), True)
    files = config.plugins.on_files(Files([template, about]), config=config)
    paths = {f.src_uri: f for f in files}
    assert "person.md.j2" not in paths
    assert paths["about.md"].edit_uri == "docs/about.md"
    tusk = paths["people/donald-tusk.md"]
    assert tusk.generated_by == "facts"
    assert tusk.edit_uri == "content/people/donald-tusk.yaml"
    assert paths["agreements/index.md"].edit_uri is None
    assert Path(tusk.abs_src_path or "").name != "donald-tusk.yaml"  # not the YAML itself


def test_no_markdown_extension_that_reads_files_or_evaluates_templates() -> None:
    _, config = plugin_and_config()
    enabled = {str(name) for name in config.markdown_extensions}
    # md_in_html (folded lists) is not here: it reads no file, and the escaping property tests
    # (test_escape.py) run with it on.
    dangerous = {"pymdownx.snippets", "markdown_include.include", "mkdocs_macros"}
    assert enabled & dangerous == set()
    assert "macros" not in config.plugins


def test_large_builds_hand_item_pages_to_mkdocs_while_a_worker_renders_them(
    monkeypatch: Any, tmp_path: Path
) -> None:
    """On a large corpus MkDocs gets the item pages before they are rendered; each one's text
    is the text a plain build renders, fetched when MkDocs reads it."""
    from generator.pipeline import build_site

    monkeypatch.setattr(parallel, "WORTH_FORKING", 1)
    plugin, config = plugin_and_config()
    config.plugins.on_startup(command="build", dirty=False)
    config.site_dir = str(tmp_path / "site")
    files = config.plugins.on_files(Files([]), config=config)
    assert plugin.pending is not None
    expected, _ = build_site(ROOT / "content", ROOT / "site_overrides", chronicle=plugin.chronicle)
    person = files.get_file_from_path("people/donald-tusk.md")
    assert isinstance(person, _GeneratedPage) and person.pending is not None
    assert person.edit_uri == "content/people/donald-tusk.yaml"
    # Each page is read and converted as it arrives from the worker (commonmark.prepare):
    # MkDocs is handed nothing to parse.
    assert person.content_string == "" and person.prepared == commonmark.prepare(
        expected["people/donald-tusk.md"].text
    )
    pages = [f for f in files if f.src_uri.endswith(".md")]
    assert all(f.content_string == "" for f in pages if isinstance(f, _GeneratedPage) and f.pending)
    got = {f.src_uri: f.prepared or f.content_string for f in pages}
    assert got == {
        path: commonmark.prepare(page.text) if isinstance(got[path], commonmark.Prepared)
        else page.text for path, page in expected.items() if path.endswith(".md")
    }  # fmt: skip
    plugin.on_post_build(config=config)
    assert plugin.pending is None


def test_without_cmark_the_worker_hands_out_the_markdown(monkeypatch: Any) -> None:
    from generator.pipeline import build_site

    monkeypatch.setattr(parallel, "WORTH_FORKING", 1)
    plugin, config = plugin_and_config()
    plugin.config.commonmark = False
    config.plugins.on_startup(command="build", dirty=False)
    files = config.plugins.on_files(Files([]), config=config)
    expected, _ = build_site(ROOT / "content", ROOT / "site_overrides", chronicle=plugin.chronicle)
    pages = [f for f in files if f.src_uri.endswith(".md")]
    assert {f.src_uri: f.content_string for f in pages} == {
        path: page.text for path, page in expected.items() if path.endswith(".md")
    }
    plugin.on_post_build(config=config)


def test_pages_prepared_as_they_arrive_read_the_same(monkeypatch: Any, tmp_path: Path) -> None:
    """A strict build whose item pages were read and converted as they arrived from the worker
    (commonmark.prepare), against one where MkDocs
    read them and Python-Markdown converted them: every page reads the same, with the same
    tags (read from the front matter); the downloads are those of a build in one process."""
    import markdown
    from mkdocs.commands.build import build

    from .sitebuild import seen

    monkeypatch.setattr(parallel, "WORTH_FORKING", 1)
    converters = []  # a Python-Markdown converter is built for each page MkDocs converts
    original = markdown.Markdown.__init__
    monkeypatch.setattr(markdown.Markdown, "__init__",
                        lambda md, **kw: converters.append(1) or original(md, **kw))  # fmt: skip
    sites, built = [], []
    for cmark in (True, False):
        plugin, config = plugin_and_config()
        plugin.config.commonmark = cmark
        config.site_dir = str(tmp_path / str(cmark))
        config.plugins.on_startup(command="build", dirty=False)
        converters.clear()
        build(config)  # strict: any warning aborts
        sites.append(tmp_path / str(cmark))
        built.append(len(converters))
        listed = len(plugin.listed)
    fast, engine = sites
    pages = sorted(p.relative_to(fast) for p in fast.rglob("index.html"))
    assert len(pages) > 200
    # With cmark-gfm, only the pages the navigation lists (and hand-written ones) get one.
    hand_written = len(list((ROOT / "docs").rglob("*.md")))
    assert built[1] >= len(pages) and 0 < built[0] <= listed + hand_written
    for page in pages:
        assert seen(fast / page) == seen(engine / page), page
    tagged = [page for page in pages if 'class="md-tag"' in (fast / page).read_text("utf-8")]
    assert len(tagged) > 50  # the tags shown are part of what `seen` compares
    # The downloads the worker sent are published as a build in one process makes them.
    from generator.export import data_files
    from generator.pipeline import build_site

    expected, _ = build_site(ROOT / "content", ROOT / "site_overrides", chronicle=plugin.chronicle)
    for download in data_files():
        text = (fast / download.path).read_text(encoding="utf-8")
        assert text == expected[download.path].text and len(text) > 2, download.path


def test_split_listings_build_strictly(monkeypatch: Any, tmp_path: Path) -> None:
    """Listings split by year or initial (as on a large corpus) are pages MkDocs accepts in a
    strict build: reachable from their listing, kept out of the navigation on purpose."""
    from mkdocs.commands.build import build

    import generator.views as views

    monkeypatch.setattr(views, "LISTING_LIMIT", 3)
    _, config = plugin_and_config()
    config.site_dir = str(tmp_path / "site")
    config.plugins.on_startup(command="build", dirty=False)
    build(config)  # strict: any warning aborts
    assert (tmp_path / "site/agreements/by-year/2024/index.html").is_file()
    assert (tmp_path / "site/timeline/by-year/2025/index.html").is_file()


def test_a_hand_written_page_clashing_with_a_generated_one_is_refused(tmp_path: Path) -> None:
    import pytest
    from mkdocs.exceptions import PluginError

    _, config = plugin_and_config()
    config.plugins.on_startup(command="build", dirty=False)
    (tmp_path / "people").mkdir()
    (tmp_path / "people/donald-tusk.md").write_text("# Mine\n")
    clash = File("people/donald-tusk.md", str(tmp_path), str(tmp_path / "site"), True)
    with pytest.raises(PluginError, match=r"docs/people/donald-tusk\.md clashes with a generated"):
        config.plugins.on_files(Files([clash]), config=config)


def test_search_index_off_leaves_the_index_out(tmp_path_factory: pytest.TempPathFactory) -> None:
    """`search_index: false` (for the benchmark's row on what indexing adds) builds every page
    and no index, and leaves no search shard beside the site."""
    from .sitebuild import built_with

    site = built_with(tmp_path_factory, {"search_index": False})
    assert (site / "agreements/ua-pl-security-agreement/index.html").is_file()
    assert not (site / "pagefind").exists()
    assert not list(site.parent.glob(".pagefind-*"))
