"""Generated pages are converted by cmark-gfm (generator/commonmark.py): a reader sees the same
page as with the engine's own Python-Markdown. The real site is built both ways and every page's
visible text, links and icons compared; the markup the theme, scripts and tests rely on (heading
ids and permalinks, footnote ids and back-links, the table of contents) is compared with
Python-Markdown's on documents that hold every construct the templates write."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import markdown
import pytest

from generator import commonmark

from .conftest import ROOT
from .sitebuild import built_both_ways, config_for, mkdocs, seen

# mkdocs.yml's extensions, as MkDocs runs them.
PYTHON_MARKDOWN = ["tables", "footnotes", "md_in_html", "toc"]
EXTENSION_CONFIGS = {"toc": {"permalink": True}}

PAGE = """# Agreement &#40;1&#41; &#38; more

Also written: A&#42;B

| Who | |
|---|---|
| Parties | [Ukraine](../countries/ua.md), [Poland](../countries/pl.md#x)[^1] |
| Signed by | A[^1]; B[^1],[^2] <details class="atlas-fold"><summary>7 people</summary>a</details> |

## When

<details class="atlas-fold" markdown="1">
<summary>8 provisions</summary>

- one <time datetime="2024-07-08">8 July 2024</time>
- two <data value="2500000000">GBP 2.5 billion</data>

</details>

## When

### Sub &#60;heading&#62;

https://bare.example/url and www.bare.example stay text, as ~~does~~ this.

## Sources

[^1]: RBC, [report](../sources/x.md) ([open](<https://e.org/a?b=1&c=2>)): “quote”
[^2]: Second
"""


def _python_markdown(text: str) -> tuple[str, list[dict[str, Any]]]:
    md = markdown.Markdown(extensions=PYTHON_MARKDOWN, extension_configs=EXTENSION_CONFIGS)
    return md.convert(text), md.toc_tokens  # type: ignore[attr-defined]


def _ids(text: str) -> list[str]:
    return re.findall(r'\sid="([^"]*)"', text)


def _decoded(tokens: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Table-of-contents entries as a browser shows them (`&#40;` and `(` are the same)."""
    return [{**token, "name": html.unescape(token["name"]), "html": html.unescape(token["html"]),
             "children": _decoded(token["children"])} for token in tokens]  # fmt: skip


def _text(text: str, path: Path) -> tuple[str, list[str], int]:
    path.write_text(text, encoding="utf-8")
    return seen(path)


def test_a_page_reads_the_same_as_with_python_markdown(tmp_path: Path) -> None:
    expected, tokens = _python_markdown(PAGE)
    converted = commonmark.convert(PAGE)
    assert _text(converted.html, tmp_path / "a.html") == _text(expected, tmp_path / "b.html")
    assert _ids(converted.html) == _ids(expected)  # headings, footnotes, references
    assert _decoded(converted.toc) == _decoded(tokens)
    assert converted.anchors == set(_ids(expected))
    # The markup the theme and the site's scripts select on.
    for markup in ('<div class="footnote">', 'class="footnote-ref" href="#fn:1"',
                   'class="footnote-backref" href="#fnref3:1"', 'class="headerlink"',
                   '<details class="atlas-fold">\n<summary>8 provisions</summary>'):  # fmt: skip
        assert markup in converted.html and markup in expected, markup
    assert 'markdown="1"' not in converted.html


def test_no_autolink_or_strikethrough() -> None:
    page = commonmark.convert(PAGE).html
    assert 'href="https://bare.example' not in page and "www.bare.example" in page
    assert "<del>" not in page and "~~does~~" in page


def test_links_are_found_and_replaced_with_their_addresses() -> None:
    page = commonmark.convert(PAGE).html
    assert list(commonmark.links(page)) == [
        ("../countries/ua.md", ""), ("../countries/pl.md", "#x"), ("../sources/x.md", "")
    ]  # fmt: skip
    relinked = commonmark.relink(page, {"../countries/pl.md": "../../countries/pl/"})
    assert 'href="../../countries/pl/#x"' in relinked
    assert 'href="../countries/ua.md"' in relinked  # no address given: left as written
    assert 'href="https://e.org/a?b=1&amp;c=2"' in relinked


@pytest.fixture(scope="module")
def both_sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The real content converted by cmark-gfm (as always) and by the engine's Python-Markdown."""
    return built_both_ways(tmp_path_factory, "commonmark")


def test_the_real_site_reads_the_same_with_either_converter(both_sites: tuple[Path, Path]) -> None:
    site, engine_site = both_sites
    pages = sorted(p.relative_to(site) for p in site.rglob("index.html"))
    assert len(pages) > 200
    for page in pages:
        assert seen(site / page) == seen(engine_site / page), page
    # The table of contents is the same too (it is part of what `seen` reads, in the sidebar).
    page = "agreements/ua-pl-security-agreement/index.html"
    toc = re.compile(r'<a href="#([^"]+)" class="md-nav__link">')
    assert toc.findall((site / page).read_text()) == toc.findall((engine_site / page).read_text())


@pytest.mark.parametrize("anchor, builds", [("provisions", True), ("nope", False)])
def test_links_into_converted_pages_are_checked_by_the_engine(
    tmp_path: Path, anchor: str, builds: bool
) -> None:
    """A hand-written page (converted by the engine) links to an anchor of a generated one: the
    engine checks it against the anchors the converted page reports."""
    config = config_for(ROOT / "content", tmp_path / "work")
    about = tmp_path / "work" / "docs" / "about.md"
    link = f"\n[x](agreements/ua-pl-security-agreement.md#{anchor})\n"
    about.write_text(about.read_text(encoding="utf-8") + link, encoding="utf-8")
    result = mkdocs(config, tmp_path / "site")
    assert (result.returncode == 0) is builds, result.stderr
    assert ("does not contain an anchor '#nope'" in result.stderr) is not builds


def test_converting_keeps_no_memory() -> None:
    """cmarkgfm's own wrapper leaves each page's tree and HTML allocated (about 175 KB a page
    here); the converter frees both. 2,000 pages may not grow the process by 50 MB."""
    script = (
        "import resource, sys; from generator import commonmark;"
        "text = sys.stdin.read(); commonmark.convert(text);"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss;"
        "any(commonmark.convert(text) is None for _ in range(2000));"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)"
    )
    page = PAGE + "\n".join(f"| row {n} | [x](../x/{n}.md)[^1] |" for n in range(200))
    done = subprocess.run([sys.executable, "-c", script], input=page * 3, text=True,
                          capture_output=True, check=True, cwd=ROOT)  # fmt: skip
    assert int(done.stdout) < 50 * 1024  # KiB


def _blocks(page: Path) -> list[str]:
    """The page's block structure inside its article: headings, paragraphs, lists, tables,
    quotations and folds, in order (what a reader sees as the page's shape)."""
    text = page.read_text(encoding="utf-8")
    article = text[text.find("<article") : text.find("</article>")]
    return re.findall(r"<(h[1-6]|p|ul|ol|li|table|tr|blockquote|details|pre)\b", article)


def test_the_real_site_has_the_same_blocks_with_either_converter(
    both_sites: tuple[Path, Path],
) -> None:
    site, engine_site = both_sites
    pages = sorted(p.relative_to(site) for p in site.rglob("index.html"))
    for page in pages:
        assert _blocks(site / page) == _blocks(engine_site / page), page


def test_broken_links_in_generated_pages_fail_the_build(tmp_path: Path) -> None:
    """A link to no page or file, or to no place on the page, fails a strict build, as it does
    when the engine converts (links the generator writes as final addresses are checked too)."""
    config = config_for(ROOT / "content", tmp_path / "work")
    home = (ROOT / "generator/templates/home.md.j2").read_text(encoding="utf-8")
    broken = "\n[a feed](feeds/no-such-feed.xml), [a folder](countries/nope/), [x](#nowhere)\n"
    (tmp_path / "work/site_overrides/home.md.j2").write_text(home + broken, encoding="utf-8")
    result = mkdocs(config, tmp_path / "site")
    assert result.returncode != 0
    for link in ("feeds/no-such-feed.xml", "countries/nope/", "#nowhere"):
        assert f"contains a link '{link}'" in result.stderr, link
