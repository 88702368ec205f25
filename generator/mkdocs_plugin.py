"""The MkDocs adapter: a thin layer that feeds the pipeline's pages into the build.

Everything it does besides calling the pure pipeline is MkDocs plumbing, through public API
only: adding the pages as generated files, pointing their edit links at the YAML they come
from, reporting problems through MkDocs' logger (so `--strict` fails on warnings), indexing the
built site for search (search.py; the theme's own index is left empty), watching `content/`
under serve, and the garbage-collector policy of the run (memory.py).
"""

from __future__ import annotations

import logging
import posixpath
import threading
from html import unescape
from pathlib import Path
from typing import Any, cast
from urllib.parse import unquote

from mkdocs.commands.build import get_context
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page as MkDocsPage
from mkdocs.structure.toc import get_toc

from . import chrome, commonmark
from .chronicle import Chronicle, read_chronicle
from .errors import ContentError, Problem, Severity, TemplateError
from .incremental import IncrementalSite
from .leanhtml import SPRITE, Sprite, make_lean
from .markdown_runs import EscapedRunsExtension
from .memory import Spool, collector_paused
from .pipeline import PendingPages, build_site_streamed
from .render import Page
from .search import BODY, Indexer, SearchIndexError, index_site

log = logging.getLogger("mkdocs.plugins.facts")
COLLECT_EVERY = 20
"""Preview rebuilds between two full garbage collections."""
TEMPLATE_META = ("structured", "description", "facets", "search_names", "search_words",
                 "found_by")  # fmt: skip
"""Front matter that only a generated page's template reads (site_overrides/main.html): the
other plugins read the title and tags when the page is converted."""


class FactsConfig(Config):
    content = config_options.Type(str, default="content")
    """Folder of YAML fact files, relative to mkdocs.yml."""
    overrides = config_options.Type(str, default="site_overrides")
    """Folder whose page templates replace the packaged ones."""
    lean = config_options.Type(bool, default=True)
    """Write the theme's icons once, and its frame of item pages once (chrome.py), and drop
    layout whitespace (leanhtml.py); off only to compare what readers see with and without it."""
    search_index = config_options.Type(bool, default=True)
    """Index the built site for search (search.py); off only to measure what indexing adds."""
    commonmark = config_options.Type(bool, default=True)
    """Convert generated pages with cmark-gfm (commonmark.py) instead of the engine's own
    Markdown; off only to compare what readers see with and without it."""


def _log(problems: list[Problem]) -> None:
    for problem in problems:
        level = logging.ERROR if problem.severity is Severity.ERROR else logging.WARNING
        log.log(level, problem.format())


class _GeneratedPage(File):
    """A generated page that tells `mkdocs serve --dirty` whether its text changed and, during
    a full build, whose Markdown a worker process may still be rendering: MkDocs reads it
    through the public `content_string`, which waits only when MkDocs gets to the page."""

    modified = True
    pending: PendingPages | None = None
    index = 0
    converted: commonmark.Converted | None = None
    """The page converted by cmark-gfm, from its Markdown event to its content event."""

    def is_modified(self) -> bool:
        return self.modified

    prepared: commonmark.Prepared | None = None
    """The page read and converted as it arrives from the render worker (on_page_markdown takes
    it)."""
    read: Any = None
    """What reads a page from the worker: `commonmark.prepare`, or None to leave it to MkDocs."""

    @property
    def content_string(self) -> str:
        if self.pending is not None:
            # Kept from here on: the worker hands each page out once.
            found = self.pending.text(self.index)
            if self.read is not None:
                found = self.read(found)
            if isinstance(found, commonmark.Prepared):
                self.prepared, found = found, ""  # nothing left for the engine to read
            self.content_string = found
        return super().content_string

    @content_string.setter
    def content_string(self, value: str) -> None:
        self.pending = None
        File.content_string.fset(self, value)  # type: ignore[attr-defined]


class _ConvertedPage(MkDocsPage):
    """A generated page the navigation does not list. When cmark-gfm converted it (its Markdown
    event left nothing to convert), `render` does not build MkDocs' Python-Markdown converter,
    with every extension, to convert nothing: 0.2 ms a page, 5 s of a build of 10,000
    agreements. The content event gives the page its HTML, contents and anchors."""

    def render(self, config: MkDocsConfig, files: Files) -> None:
        file = self.file
        if self.markdown or not isinstance(file, _GeneratedPage) or file.converted is None:
            super().render(config, files)
            return
        self.content, self.toc = "", get_toc([])
        self.present_anchor_ids, self.links_to_anchors = set(), {}


class FactsPlugin(BasePlugin[FactsConfig]):
    docs_prefix = "docs"
    serving = False
    rebuilds = 0
    site: IncrementalSite | None = None
    """The preview's incremental state."""
    chronicle: Chronicle | None = None
    history_read = False
    sprite: Sprite
    previous: dict[str, str] | None = None
    """Path -> text of the pages the previous preview build gave MkDocs."""
    pending: PendingPages | None = None
    """Item pages a worker is still rendering, during a full build."""
    spool: Spool | None = None
    """Each page's HTML from conversion to its template, during a full build."""
    indexer: Indexer | None = None
    """The search index, made in shards as pages are written, during a full build."""
    written: tuple[Path, bool] | None = None
    """The page MkDocs wrote last (it writes a page after its post-page event), and whether it
    marks content for search."""

    chrome: tuple[str, str] | None = None
    """The frame item pages share: where its script goes in the site, and the script."""
    nav: Navigation | None = None
    listed: frozenset[str] = frozenset()
    """The pages the navigation lists: they render their own chrome (it marks them active)."""

    def __init__(self) -> None:
        super().__init__()
        self.sprite = Sprite()  # the icons of every page built, written once (leanhtml.py)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # Defining on_startup also makes MkDocs keep this instance across the preview's
        # rebuilds, so the incremental state survives from one edit to the next.
        self.serving = command == "serve"

    def _pages(self, content: Path, overrides: Path) -> tuple[dict[str, Page], list[Problem]]:
        if not self.serving:
            # With cmark-gfm, this process reads each item page's front matter and converts it as
            # it arrives: MkDocs reads every page before it renders any template, and waits for
            # the worker then (so the worker, which only renders, keeps ahead of it sooner).
            with collector_paused():
                pages, self.pending, problems = build_site_streamed(
                    content, overrides, self.chronicle
                )
            return pages, problems
        # Preview: redo only what an edit touches, in this process (the preview server runs
        # threads, and forking worker processes from it is avoided).
        if self.site is None or self.site.content_dir != content:
            self.site = IncrementalSite(content, overrides, self.chronicle)
        self.rebuilds += 1
        with collector_paused(collect=self.rebuilds % COLLECT_EVERY == 1):
            return self.site.build()

    def _root(self, config: MkDocsConfig) -> Path:
        return Path(config.config_file_path or ".").resolve().parent

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # Edit links are built against the repository root (mkdocs.yml's `edit_uri`), so the
        # hand-written pages need their docs folder in front.
        docs = Path(config.docs_dir).resolve()
        self.docs_prefix = docs.relative_to(self._root(config)).as_posix()
        # Escaped content text converts in linear time (see generator/markdown_runs.py).
        config.markdown_extensions.append(EscapedRunsExtension())
        # The history is the committed one: read once per build (one pass over the git log),
        # and once per preview session (an edit in the preview is not a commit).
        if not (self.serving and self.history_read):
            root = self._root(config)
            content = root / self.config.content
            self.chronicle, reason = read_chronicle(root, content, config.repo_url)
            self.history_read = True
            if reason:
                log.info("%s", reason)
        return config

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        root = self._root(config)
        try:
            pages, problems = self._pages(root / self.config.content, root / self.config.overrides)
        except ContentError as error:
            _log(error.problems)
            raise PluginError(f"{error}: run 'python -m generator check' for the list") from None
        except TemplateError as error:
            raise PluginError(f"a page template failed: {error}") from None
        _log(problems)
        for file in list(files):
            if file.src_uri.endswith(".j2"):  # page templates in the theme folder are not assets
                files.remove(file)
            elif file.is_documentation_page():
                file.edit_uri = f"{self.docs_prefix}/{file.src_uri}"
        for path, page in pages.items():
            generated = self._add(files, config, path, page.text, page.source_path)
            generated.modified = self.previous is None or self.previous.get(path) != page.text
        if self.pending is not None:
            for index, (path, source) in enumerate(self.pending.items):
                waiting = self._add(files, config, path, "", source)
                waiting.pending, waiting.index = self.pending, index
                waiting.read = commonmark.prepare if self.config.commonmark else None
        # The preview compares each rebuild's pages with the last; a build has no next one.
        self.previous = {path: page.text for path, page in pages.items()} if self.serving else {}
        return files

    def _add(
        self, files: Files, config: MkDocsConfig, path: str, text: str, source: str
    ) -> _GeneratedPage:
        if files.get_file_from_path(path) is not None:
            raise PluginError(f"docs/{path} clashes with a generated page: rename it")
        generated = _GeneratedPage.generated(config, path, content=text)
        assert isinstance(generated, _GeneratedPage)
        # The edit link opens the YAML file the page comes from, not generated Markdown.
        content_uri = self.config.content.strip("/")
        generated.edit_uri = f"{content_uri}/{source}" if source else None
        files.append(generated)
        return generated

    def on_build_error(self, *, error: Exception) -> None:
        self._close()
        if self.indexer is not None:  # a failed build's search shards
            self.indexer.close()
        self.indexer = self.written = None

    def _close(self) -> None:
        if self.pending is not None:
            self.pending.close()
            self.pending = None
        if self.spool is not None:
            self.spool.close()
            self.spool = None

    # First: the other plugins (tags) read the front matter this sets.
    @event_priority(100)
    def on_page_markdown(
        self, markdown: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        file = page.file
        if isinstance(file, _GeneratedPage) and file.prepared is not None:
            # Read and converted as it arrived (`_GeneratedPage.read`): nothing left to convert.
            prepared, file.prepared = file.prepared, None
            page.meta, file.converted, markdown = prepared.meta, prepared.converted, ""
        elif isinstance(file, _GeneratedPage) and self.config.commonmark:
            file.converted, markdown = commonmark.convert(markdown), ""
        # The theme's search box is kept, but its index is not used (Pagefind indexes the built
        # site), so the theme's search plugin is told to skip every page rather than parse it.
        page.meta["search"] = {"exclude": True}
        return markdown

    def on_page_content(
        self, html: str, *, page: MkDocsPage, config: MkDocsConfig, files: Files
    ) -> str:
        if isinstance(page.file, _GeneratedPage) and page.file.converted is not None:
            html = self._converted(page, files)
        # A build keeps every page's HTML until it writes them all; the Markdown it came from
        # is not read again, so it is let go (the preview keeps it for its next rebuild).
        if not self.serving:
            page.title = page.title  # kept: MkDocs works the title out from the Markdown
            page.markdown = None
        if not self.serving and isinstance(page.file, _GeneratedPage):
            page.file.content_string = ""
            # Held on disk until the page's template runs (on_page_context), with the front
            # matter only the template reads. (Not a hand-written page: the theme's tags plugin
            # may fill a listing of tags into one before that.)
            if self.spool is None:
                self.spool = Spool()
            held = {key: page.meta.pop(key) for key in TEMPLATE_META if key in page.meta}
            self.spool.put(page.file.src_uri, html, held)
            return ""
        return html

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        self.nav, self.listed = nav, frozenset(page.file.src_uri for page in nav.pages)
        # The generated pages the navigation does not list get a page of this plugin's kind in
        # place of the plain one MkDocs made (after it checked which files the navigation
        # leaves out, and before anything else holds that page).
        for file in files:
            generated = isinstance(file, _GeneratedPage) and file.page is not None
            if generated and file.src_uri not in self.listed:
                _ConvertedPage(None, file, config)
        return nav

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        self.chrome = None
        if self.config.lean:
            make_lean(env, self.sprite)
            chrome.with_slots(env)
            if self.nav is not None:  # the frame item pages share, before any page uses it
                parts = chrome.parts(env, dict(get_context(self.nav, files, config)))
                text = chrome.script(*parts)
                self.chrome = chrome.script_path(text), text
        return env

    def on_page_context(
        self, context: Any, *, page: MkDocsPage, config: MkDocsConfig, nav: Any
    ) -> Any:
        listed = page.file.src_uri in self.listed
        context["atlas_chrome"] = self.chrome[0] if self.chrome and not listed else False
        held = self.spool.take(page.file.src_uri) if self.spool else None
        if held is not None:
            page.content, meta = held
            page.meta.update(meta)
        return context

    def _converted(self, page: MkDocsPage, files: Files) -> str:
        """A page cmark-gfm converted, given what the engine's own conversion gives a page: its
        links resolved to page addresses (a missing page is a warning, so `--strict` fails), its
        table of contents, its anchors, and its links into other pages for MkDocs to check."""
        file = page.file
        assert isinstance(file, _GeneratedPage) and file.converted is not None
        converted, file.converted = file.converted, None
        folder = posixpath.dirname(file.src_uri)
        urls: dict[str, str] = {}
        targets: dict[str, File | None] = {}  # a page links to the same few pages many times
        to_anchors: dict[File, dict[str, str]] = {}
        for written, rest in commonmark.links(converted.html):
            if written not in targets:
                path = posixpath.normpath(posixpath.join(folder, unquote(unescape(written))))
                targets[written] = target = files.get_file_from_path(path)
                if target is not None:
                    urls[written] = target.url_relative_to(file)
                elif not self._is_address(written, page, files):  # raw HTML's are final
                    log.warning("Doc file '%s' contains a link '%s', but the target '%s' is "
                                "not found among documentation files.", file.src_uri, written,
                                path)  # fmt: skip
            target = targets[written]
            if target is not None and "#" in rest:
                anchor = unquote(unescape(rest.split("#", 1)[1]))
                to_anchors.setdefault(target, {})[anchor] = written + rest
        for anchor in commonmark.same_page_links(converted.html):
            if anchor and unquote(anchor) not in converted.anchors:
                log.warning("Doc file '%s' contains a link '#%s', but there is no such anchor "
                            "on this page.", file.src_uri, anchor)  # fmt: skip
        # Python-Markdown's toc_tokens, as MkDocs takes them.
        page.toc = get_toc(cast(Any, converted.toc))
        page.present_anchor_ids = converted.anchors
        page.links_to_anchors = to_anchors
        return commonmark.relink(converted.html, urls)

    _addresses: tuple[Files, set[str]] | None = None

    def _is_address(self, written: str, page: MkDocsPage, files: Files) -> bool:
        """Whether `written`, relative to `page`'s address, is the address of a page or file of
        the site: the generator writes final addresses in raw HTML (diagrams, the comparison
        pages), and MkDocs leaves those links alone."""
        if self._addresses is None or self._addresses[0] is not files:
            self._addresses = files, {posixpath.normpath(f.url or ".") for f in files}
        folder = page.url if page.url.endswith("/") or not page.url else posixpath.dirname(page.url)
        address = posixpath.normpath(posixpath.join(folder or ".", unquote(unescape(written))))
        return address in self._addresses[1]

    def on_post_page(self, output: str, *, page: MkDocsPage, config: MkDocsConfig) -> str:
        if self.spool is not None:
            page.content = None  # written out: a build does not read it again
        if not self.serving and self.config.search_index:
            # The page before this one is on disk now: the search index takes it.
            if self.indexer is None:
                self.indexer = Indexer(Path(config.site_dir))
            if self.written is not None:
                self.indexer.add(*self.written)
            self.written = Path(page.file.abs_dest_path), BODY in output
        return output

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._close()
        site = Path(config.site_dir)
        if self.config.lean:
            if self.chrome is not None:
                script = site / self.chrome[0]
                script.parent.mkdir(parents=True, exist_ok=True)
                script.write_text(self.chrome[1], encoding="utf-8")
            sprite = site / SPRITE
            sprite.parent.mkdir(parents=True, exist_ok=True)
            sprite.write_text(self.sprite.text(), encoding="utf-8")
        if not self.config.search_index:
            return
        if not self.serving:
            indexer, self.indexer, written, self.written = self.indexer, None, self.written, None
            try:
                indexer = indexer or Indexer(site)
                if written is not None:
                    indexer.add(*written)
                indexer.finish()
            except SearchIndexError as error:
                raise PluginError(f"search index: {error}") from None
            return
        # Preview: the page an edit changed is served at once; the search index follows a
        # moment later (one indexer at a time).
        threading.Thread(target=self._index, args=(site,), daemon=True).start()

    _indexing = threading.Lock()

    def _index(self, site: Path) -> None:
        with self._indexing:
            try:
                index_site(site)
            except SearchIndexError as error:
                if not self.serving:
                    raise PluginError(f"search index: {error}") from None
                log.warning("search index not updated: %s", error)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        server.watch(str(self._root(config) / self.config.content))
        return server
