"""Text from content never becomes markup: checked by rendering with the site's Markdown setup."""

from __future__ import annotations

import html
import re
from collections.abc import Callable

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator import commonmark
from generator.escape import escape_block, escape_inline, external_link, link

# The extensions mkdocs.yml turns on, plus the ones most likely to be added later.
EXTENSIONS = ["tables", "footnotes", "toc", "attr_list", "admonition", "def_list", "md_in_html"]


def to_html(text: str) -> str:
    return markdown.markdown(text, extensions=EXTENSIONS)


def to_html_by_cmark(text: str) -> str:
    """As the site converts generated pages (generator/commonmark.py)."""
    return commonmark.convert(text).html.strip()


ENGINES = pytest.mark.parametrize("convert", [to_html, to_html_by_cmark])


def visible_text(rendered: str) -> str:
    """The text a reader sees: the HTML without its one wrapping paragraph, entities decoded."""
    inner = re.fullmatch(r"<p>(.*)</p>", rendered, re.DOTALL)
    assert inner, f"not a single paragraph: {rendered!r}"
    assert "<" not in inner.group(1), f"markup produced: {rendered!r}"
    return html.unescape(inner.group(1))


ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "![x](https://evil.example/x.png)",
    "# heading",
    "- list item",
    "1. ordered",
    "> quote",
    "| a | b |",
    "**bold** _em_ `code`",
    "text {: .class #id onclick=x }",
    "!!! note",
    '--8<-- "/etc/passwd"',
    "{{ config }} {% include 'x' %}",
    "Term\n: definition",
    "<https://auto.link>",
    "&amp; &#60; &lt;",
    "line one  \nline two",
    "    indented code",
    "***",
    "[^1]: footnote",
]


@ENGINES
@pytest.mark.parametrize("text", ATTACKS)
def test_attacks_render_as_literal_text(convert: Callable[[str], str], text: str) -> None:
    assert visible_text(convert(escape_inline(text))) == " ".join(text.split())


# Printable text as a model would pass it: no control or invisible characters, trimmed.
content_text = (
    st.text(
        alphabet=st.characters(
            blacklist_categories=("Cc", "Cf", "Cs", "Zl", "Zp"), blacklist_characters="\u00a0"
        ),
        min_size=1,
        max_size=80,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


@ENGINES
@settings(max_examples=300, deadline=None)
@given(content_text)
def test_escaped_text_renders_back_to_itself(convert: Callable[[str], str], text: str) -> None:
    assert visible_text(convert(escape_inline(text))) == text


def test_block_keeps_paragraphs_and_nothing_else() -> None:
    rendered = to_html(escape_block("# one\n\n<b>two</b>\nstill two"))
    assert rendered == "<p>&#35; one</p>\n<p>&#60;b&#62;two&#60;/b&#62; still two</p>"


def test_links_escape_their_labels() -> None:
    assert link("a](x) [b", "../people/x.md") == "[a&#93;&#40;x&#41; &#91;b](../people/x.md)"
    rendered = to_html(external_link("site", "https://example.org/a(b)c d"))
    assert rendered == '<p><a href="https://example.org/a%28b%29c%20d">site</a></p>'


segment = st.sampled_from(["a", "b", "agreements", "by-year", "2024", "x"])


@given(
    st.lists(segment, min_size=0, max_size=3),
    st.lists(segment, min_size=0, max_size=3),
    st.sampled_from(["index.md", "p.md", "all.json"]),
    st.sampled_from(["index.md", "q.md"]),
)
@settings(max_examples=300)
def test_relative_links_equal_posixpath_relpath(
    source: list[str], target: list[str], to_name: str, from_name: str
) -> None:
    import posixpath

    from generator.paths import relative

    from_page = "/".join([*source, from_name])
    to_page = "/".join([*target, to_name])
    expected = posixpath.relpath(to_page, posixpath.dirname(from_page) or ".")
    assert relative(from_page, to_page) == expected
