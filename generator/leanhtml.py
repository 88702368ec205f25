"""Lean pages: what the theme repeats on every page, written once.

Two changes to each built page, neither visible to a reader:
- the theme's icons (inline SVG, up to 800 bytes each, a dozen per page) become references into
  one cached sprite file (`<svg><use href="…/icons.svg#i…"/></svg>`);
- runs of whitespace that hold a line break (the theme template's indentation) become one line
  break, outside `<pre>`, `<textarea>`, `<code>`, `<kbd>`, `<samp>`, `<script>` and `<style>`,
  where whitespace is text or code; only ASCII whitespace is layout.

An icon is recognised by its exact opening tag, `<svg xmlns="http://www.w3.org/2000/svg"
viewBox="…">`, which the theme writes and the generator's own diagrams never do.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

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


def lean(html: str, sprite: Sprite, sprite_href: str) -> str:
    """The page with its theme icons referenced from the sprite and its layout whitespace
    collapsed; what a reader sees does not change."""
    html = _ICON.sub(lambda m: sprite.reference(m, sprite_href), html)
    parts = _KEEP.split(html)
    out = []
    # re.split with two groups yields: text, kept element, its tag name, text, ...
    for index in range(0, len(parts), 3):
        out.append(_BREAKS.sub("\n", parts[index]))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out)
