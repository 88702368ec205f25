"""Text from content is data: escape it so no Markdown engine reads it as markup.

Characters that can start Markdown, HTML, extension or template syntax are written as numeric
character references (`&#35;` for `#`). CommonMark and Python-Markdown both decode those to the
literal character and never parse them as syntax, so the output does not depend on the engine
or on which extensions are on. Trusted markup built by the generator (links, tables) is wrapped
in `Markdown` so the template finalizer passes it through.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote

# Everything here starts some syntax: emphasis, code, links, HTML, headings, lists, tables,
# attribute lists, admonitions, definitions, strike/mark/caret, Jinja and snippet markers.
_SPECIAL = set("\\`*_{}[]()<>#!|~^=:&$")
# Hyphens and plus signs are common in names; they are syntax only at the start of a line
# ("- item", "+ item") or in runs ("---", "-->", "++").
_LIST_OR_RUN = re.compile(r"^[-+]|(?<=[-+])[-+]|[-+](?=[-+])")
_LEADING_NUMBER = re.compile(r"^(\d+)([.)])")


class Markdown(str):
    """Markdown the generator built itself; the template finalizer does not escape it."""

    __slots__ = ()


# One C-level pass replaces every special character (str.translate), not a Python loop per
# character: escaping was a fifth of the time spent rendering a large corpus.
_REFERENCES = str.maketrans({ch: f"&#{ord(ch)};" for ch in _SPECIAL})


def escape_inline(text: str) -> Markdown:
    """Escape text for use inside one line: a table cell, a list item, a link label."""
    # The same names, titles and labels are printed on many pages (nine calls in ten at 1,000
    # agreements): short texts are cached, long ones (descriptions, quotations) are not.
    return _escape_short(text) if len(text) <= SHORT else _escape(text)


SHORT = 200
"""Texts up to this length are cached once escaped."""


@lru_cache(maxsize=1 << 16)
def _escape_short(text: str) -> Markdown:
    return _escape(text)


def _escape(text: str) -> Markdown:
    flat = " ".join(text.split())
    out = flat.translate(_REFERENCES)
    out = _LIST_OR_RUN.sub(lambda m: f"&#{ord(m.group())};", out)
    # "1. " or "1) " at the start would begin an ordered list.
    out = _LEADING_NUMBER.sub(lambda m: f"{m.group(1)}&#{ord(m.group(2))};", out)
    return Markdown(out)


def escape_block(text: str) -> Markdown:
    """Escape multi-paragraph text: paragraphs (split on blank lines) stay paragraphs."""
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return Markdown("\n\n".join(escape_inline(p) for p in paragraphs if p.strip()))


def safe_url(url: str) -> str:
    """Percent-encode what could end a Markdown link destination early or break out of it."""
    return quote(url, safe="/:?#[]@!$&'*+,;=%~.-_")


def link(label: str, target: str) -> Markdown:
    """A Markdown link with an escaped label; `target` is built by the generator from ids."""
    return Markdown(f"[{escape_inline(label)}]({target})")


def external_link(label: str, url: str) -> Markdown:
    """A link to a validated http(s)/mailto URL."""
    return Markdown(f"[{escape_inline(label)}](<{safe_url(url)}>)")


def time_element(iso: str, human: str) -> Markdown:
    """A date as `<time>`: readers see `human`, scripts and machines read `iso` (digits only)."""
    if not re.fullmatch(r"\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2})?)?)?", iso):
        raise ValueError(f"not an ISO date: {iso!r}")
    return Markdown(f'<time datetime="{iso}">{escape_inline(human)}</time>')


def amount_element(value: str, label: str) -> Markdown:
    """An amount as `<data>`: readers see `label` ('GBP 2.5 billion'), scripts sort by `value`
    (the exact amount in units, digits only)."""
    if not re.fullmatch(r"[0-9]+(\.[0-9]+)?", value):
        raise ValueError(f"not an amount: {value!r}")
    return Markdown(f'<data value="{value}">{escape_inline(label)}</data>')


def table_controls(facets: list[str]) -> Markdown:
    """An empty block placed before a table: the site's script fills it with a filter box and
    one drop-down per `facets` column, and makes the headers sort. Without the script, nothing
    shows and the table reads as written."""
    names = ",".join(escape_inline(name) for name in facets)
    return Markdown(f'<div class="atlas-table" data-facets="{names}"></div>')


LONG_LIST = 6
"""A list of more items than this folds behind its count, so a page opens on its facts."""


def fold(count: int, noun: str, cell: bool = False, limit: int = LONG_LIST) -> Markdown:
    """Opens the fold around a long list: a `<details>` element whose summary says how many
    `noun` it holds (nothing for a short list; `end_fold` closes it). The list inside stays
    Markdown: Python-Markdown parses it for `markdown="1"` (md_in_html), a CommonMark engine
    because blank lines end the HTML blocks around it. In a table `cell` the fold is inline;
    `limit`: the longest list left open."""
    if count <= limit:
        return Markdown("")
    summary = f"<summary>{escape_inline(f'{count} {noun}')}</summary>"
    if cell:
        return Markdown(f'<details class="atlas-fold">{summary}')
    return Markdown(f'<details class="atlas-fold" markdown="1">\n{summary}\n')


def end_fold(count: int, cell: bool = False, limit: int = LONG_LIST) -> Markdown:
    """Closes what `fold` opened for the same count and limit."""
    if count <= limit:
        return Markdown("")
    return Markdown("</details>" if cell else "\n</details>")
