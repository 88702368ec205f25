"""Generated pages converted by cmark-gfm, GitHub's C implementation of CommonMark.

The generator writes engine-neutral Markdown (CommonMark with GFM tables and footnotes; content
text is escaped by escape.py, so every tag in it is the generator's own). Python-Markdown takes
about 7 ms to convert such a page, cmark-gfm about 0.2 ms. The HTML is then given the markup the
site's theme, scripts and tests expect from MkDocs' Python-Markdown setup (mkdocs.yml: `toc`
with permalinks, `footnotes`, `md_in_html`), so a reader sees the same page either way:

- each heading gets the `toc` extension's id (same slugify, same de-duplication) and permalink;
- footnotes get Python-Markdown's ids (`fn:1`, `fnref2:1`), classes and back-links (a note
  cited twice or more has its references numbered in the order they are written; Python-Markdown
  numbers them in the order it happens to reach them, table cells after the text below them);
- `markdown="1"` (which tells Python-Markdown to parse inside a fold) is dropped.

Relative links stay as written (`../countries/ua.md#x`, `../feeds/ua.xml`): the engine
adapter resolves them to addresses (`links`, `relink`). GFM's autolinks, strikethrough and task
lists stay off: Python-Markdown has none of them, and an autolink would turn a URL in content
text into a link.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import cffi
import cmarkgfm
from cmarkgfm.cmark import Options
from markdown.extensions.toc import nest_toc_tokens, slugify, strip_tags, unique

from .frontmatter import read_front_matter

# Raw HTML is kept (content text reaches the Markdown escaped, so raw HTML is the generator's).
_OPTIONS = Options.CMARK_OPT_UNSAFE | Options.CMARK_OPT_FOOTNOTES

# cmark-gfm's C API, called on the library cmarkgfm ships. cmarkgfm's own wrapper never frees
# the document tree nor the HTML it renders (about 175 KB per page here: a build of 26,000
# pages grew by 3.2 GB), and its bindings leave out the two calls that would; cmark.h says the
# caller frees both. Pointers are opaque here.
_FFI = cffi.FFI()
_FFI.cdef("""
    typedef struct { void *(*calloc)(size_t, size_t); void *(*realloc)(void *, size_t);
                     void (*free)(void *); } cmark_mem;
    void cmark_gfm_core_extensions_ensure_registered(void);
    void *cmark_find_syntax_extension(const char *name);
    void *cmark_parser_new(int options);
    int cmark_parser_attach_syntax_extension(void *parser, void *extension);
    void cmark_parser_feed(void *parser, const char *buffer, size_t len);
    void *cmark_parser_finish(void *parser);
    void *cmark_parser_get_syntax_extensions(void *parser);
    char *cmark_render_html(void *root, int options, void *extensions);
    void cmark_node_free(void *node);
    void cmark_parser_free(void *parser);
    cmark_mem *cmark_get_default_mem_allocator(void);
""")
_CMARK: Any = _FFI.dlopen(cmarkgfm._cmark.__file__)
_CMARK.cmark_gfm_core_extensions_ensure_registered()
_TABLE = _CMARK.cmark_find_syntax_extension(b"table")
_FREE = _CMARK.cmark_get_default_mem_allocator().free


def _cmark_html(markdown: str) -> str:
    """`markdown` as HTML, by cmark-gfm with its table extension and `_OPTIONS`."""
    data = markdown.encode("utf-8")
    parser = _CMARK.cmark_parser_new(_OPTIONS)
    try:
        _CMARK.cmark_parser_attach_syntax_extension(parser, _TABLE)
        _CMARK.cmark_parser_feed(parser, data, len(data))
        root = _CMARK.cmark_parser_finish(parser)
        try:
            extensions = _CMARK.cmark_parser_get_syntax_extensions(parser)
            rendered = _CMARK.cmark_render_html(root, _OPTIONS, extensions)
            try:
                return str(_FFI.string(rendered).decode("utf-8"))
            finally:
                _FREE(rendered)
        finally:
            _CMARK.cmark_node_free(root)
    finally:
        _CMARK.cmark_parser_free(parser)


_HEADING = re.compile(r"<h([1-6])>(.*?)</h\1>", re.S)
_REF = re.compile(
    r'<sup class="footnote-ref"><a href="#fn-([^"]+)" id="fnref-\1(?:-(\d+))?" '
    r"data-footnote-ref>(\d+)</a></sup>"
)
_NOTE = re.compile(r'<li id="fn-([^"]+)">')
_BACKREFS = re.compile(
    r'(?: <a href="#fnref-([^"]+?)(?:-\d+)?" class="footnote-backref"[^>]*>↩'
    r'(?:<sup class="footnote-ref">\d+</sup>)?</a>)+'
)
_FOOTNOTES = re.compile(r'<section class="footnotes" data-footnotes>\n(.*)</section>\n?', re.S)
# A relative address: no scheme, not from the site's root, not only a fragment.
_HREF = re.compile(r'href="(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^"?#]+)([?#][^"]*)?"')
_ID = re.compile(r'\sid="([^"]*)"')
_SAME_PAGE = re.compile(r'href="#([^"]*)"')


@dataclass
class Prepared:
    """A generated page as the engine would have it after reading and converting it: its front
    matter as data and its HTML (made in MkDocs' process as each page arrives from the render
    worker)."""

    meta: dict[str, Any]
    converted: Converted


def prepare(text: str) -> Prepared:
    meta, body = read_front_matter(text)
    return Prepared(meta, convert(body))


@dataclass
class Converted:
    """A page's HTML, its headings for the table of contents (Python-Markdown's `toc_tokens`,
    nested), and every id in it (the anchors other pages may link to)."""

    html: str
    toc: list[dict[str, Any]] = field(default_factory=list)
    anchors: set[str] = field(default_factory=set)


def convert(markdown: str) -> Converted:
    text = _cmark_html(markdown)
    text = text.replace('<details class="atlas-fold" markdown="1">', '<details class="atlas-fold">')
    text, tokens = _headings(text)
    text = _footnotes(text)
    anchors = {html.unescape(found) for found in _ID.findall(text)}
    return Converted(text, nest_toc_tokens(tokens), anchors)


def _headings(text: str) -> tuple[str, list[dict[str, Any]]]:
    used: set[str] = set()
    counters: dict[str, int] = {}
    tokens: list[dict[str, Any]] = []

    def anchored(found: re.Match[str]) -> str:
        level, inner = found.group(1), found.group(2)
        name = strip_tags(_REF.sub("", inner))
        slug = unique(slugify(html.unescape(name), "-"), used, counters)
        tokens.append({"level": int(level), "id": slug, "name": name, "html": inner,
                       "data-toc-label": "", "children": []})  # fmt: skip
        permalink = f'<a class="headerlink" href="#{slug}" title="Permanent link">&para;</a>'
        return f'<h{level} id="{slug}">{inner}{permalink}</h{level}>'

    return _HEADING.sub(anchored, text), tokens


def _footnotes(text: str) -> str:
    numbers: dict[str, str] = {}

    def reference(found: re.Match[str]) -> str:
        label, repeat, number = found.groups()
        numbers[label] = number
        return (f'<sup id="fnref{repeat or ""}:{label}">'
                f'<a class="footnote-ref" href="#fn:{label}">{number}</a></sup>')  # fmt: skip

    def backrefs(found: re.Match[str]) -> str:
        label = found.group(1)
        count = found.group(0).count('class="footnote-backref"')
        title = f"Jump back to footnote {numbers.get(label, label)} in the text"
        links = (f'<a class="footnote-backref" href="#fnref{n if n > 1 else ""}:{label}" '
                 f'title="{title}">&#8617;</a>' for n in range(1, count + 1))  # fmt: skip
        return "&#160;" + "".join(links)

    def section(found: re.Match[str]) -> str:
        notes = _NOTE.sub(lambda note: f'<li id="fn:{note.group(1)}">', found.group(1))
        return f'<div class="footnote">\n<hr />\n{_BACKREFS.sub(backrefs, notes)}</div>\n'

    text = _REF.sub(reference, text)
    return _FOOTNOTES.sub(section, text)


def links(text: str) -> Iterator[tuple[str, str]]:
    """Each relative link in `text`: (path as written, `?query#fragment` as written or '')."""
    for found in _HREF.finditer(text):
        yield found.group(1), found.group(2) or ""


def same_page_links(text: str) -> Iterator[str]:
    """The fragment of each link in `text` to a place on the same page."""
    return (html.unescape(found) for found in _SAME_PAGE.findall(text))


def relink(text: str, url: dict[str, str]) -> str:
    """`text` with the path of each relative link replaced by `url[path as written]` (links
    with no entry are left as they are)."""
    return _HREF.sub(lambda m: f'href="{url.get(m.group(1), m.group(1))}{m.group(2) or ""}"', text)
