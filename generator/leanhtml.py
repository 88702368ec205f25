"""Lean pages: what the theme repeats on every page, written once.

Two changes to the theme's templates as they are loaded (once per build, not on every page),
neither visible to a reader:
- the theme's icons (inline SVG, up to 800 bytes each, a dozen per page) become references into
  one cached sprite file (`<svg><use href="…/icons.svg#i…"/></svg>`);
- runs of whitespace that hold a line break (the templates' indentation) become one line break,
  outside `<pre>`, `<textarea>`, `<code>`, `<kbd>`, `<samp>`, `<script>` and `<style>`, where
  whitespace is text or code (only ASCII whitespace is layout), and a line of Jinja tags alone
  leaves no line behind.

An icon is a template under `.icons/` (the theme includes each by that name) whose text opens
with `<svg xmlns="http://www.w3.org/2000/svg" viewBox="…">`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jinja2

SPRITE = "assets/atlas/icons.svg"
_ICON = re.compile(
    r'<svg xmlns="http://www\.w3\.org/2000/svg" viewBox="([0-9. ]+)">(.*?)</svg>', re.S
)
# Elements whose whitespace is text (`pre`, `textarea`; the theme shows `code`, `kbd` and
# `samp` with `white-space: pre-wrap`) or code (`script`, `style`).
_KEEP = re.compile(r"(<(pre|textarea|code|kbd|samp|script|style)\b.*?</\2>)", re.S | re.I)
_BREAKS = re.compile(r"[ \t\r]*\n[ \t\r\n]*")  # ASCII only: a no-break space is text


@dataclass
class Sprite:
    """The icons seen so far, by id: the sprite file holds them all."""

    icons: dict[str, tuple[str, str]] = field(default_factory=dict)
    """Id -> (viewBox, inner markup)."""

    def reference(self, match: re.Match[str], href: str) -> str:
        view_box, inner = match.group(1), match.group(2)
        key = "i" + hashlib.sha256(f"{view_box}|{inner}".encode()).hexdigest()[:10]
        self.icons.setdefault(key, (view_box, inner))
        return f'<svg viewBox="{view_box}" aria-hidden="true"><use href="{href}#{key}"/></svg>'

    def text(self) -> str:
        """The sprite file: one `<symbol>` per icon, sorted, so the file is the same each run."""
        symbols = "".join(
            f'<symbol id="{key}" viewBox="{view_box}">{inner}</symbol>'
            for key, (view_box, inner) in sorted(self.icons.items())
        )
        return f'<svg xmlns="http://www.w3.org/2000/svg">{symbols}</svg>\n'


class LeanLoader(jinja2.BaseLoader):
    """The theme's templates, made lean as they are loaded, once per build instead of on every
    page: layout whitespace dropped from their source (outside the elements above), and each
    icon (`.icons/...svg`, which the theme includes) a reference into the sprite, its address
    worked out per page by the theme's `url` filter."""

    def __init__(self, inner: jinja2.BaseLoader, sprite: Sprite) -> None:
        self.inner, self.sprite = inner, sprite

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = self.inner.get_source(environment, template)
        if template.startswith(".icons/"):
            return self._icon(source), filename, uptodate
        # Line breaks are kept, so an error in a template names its line in the file.
        return lean(source, keep_lines=True), filename, uptodate

    def _icon(self, source: str) -> str:
        # A page includes an icon with its context; the theme also imports some without one,
        # into CSS `data:` addresses, where a reference could not load: those stay inline.
        href = "{{ '" + SPRITE + "' | url }}"
        referenced = _ICON.sub(lambda m: self.sprite.reference(m, href), source)
        if referenced == source:
            return source
        inline = "{% raw %}" + source + "{% endraw %}"
        return "{% if page is defined %}" + referenced + "{% else %}" + inline + "{% endif %}"

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()


def lean(html: str, keep_lines: bool = False) -> str:
    """`html` (or a template's source) with runs of layout whitespace as one line break, or,
    with `keep_lines`, as the line breaks they hold."""
    parts = _KEEP.split(html)
    out = []
    breaks: Any = (lambda m: "\n" * m.group().count("\n")) if keep_lines else "\n"
    # re.split with two groups yields: text, kept element, its tag name, text, ...
    for index in range(0, len(parts), 3):
        out.append(_BREAKS.sub(breaks, parts[index]))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out)


def make_lean(env: jinja2.Environment, sprite: Sprite) -> None:
    """Load `env`'s templates lean (`LeanLoader`), with no line left by a line of Jinja tags
    alone (`trim_blocks`, `lstrip_blocks`)."""
    if env.loader is None:
        raise ValueError("the theme's Jinja environment has no loader")
    env.loader = LeanLoader(env.loader, sprite)
    env.trim_blocks = env.lstrip_blocks = True
