"""A Python-Markdown extension that keeps escaped text linear to convert.

The generator writes every special character of content text as a numeric character reference
(`&#60;` for `<`, see escape.py). Python-Markdown handles each reference as one inline match, and
each match rebuilds the whole text of its element: a paragraph holding n references costs
O(n^2) (a 500 KB summary of `<` took minutes). This extension matches a whole run of text and
references as one match and stores it as the raw HTML it already is, so a paragraph costs one
match per piece of Markdown syntax the generator wrote, whatever the content holds.

The Markdown is unchanged (another engine reads the same references), and so is the HTML: a
run holds no `<`, `>` or bare `&`, so passing it through raw is what the serializer would have
written (tests/test_markdown_runs.py compares every page of the site with and without it).
"""

from __future__ import annotations

import re

from markdown import Extension, Markdown
from markdown.inlinepatterns import InlineProcessor

# Text that no inline pattern of Python-Markdown can start in: no brackets, parentheses,
# emphasis or code marks, backslashes, HTML, line breaks or placeholders; references are
# numeric only, as escape.py writes them. Content text is all of this kind after escaping.
_RUN = r"(?:&#[0-9]{1,7};|[^\[\]()<>&*_`!\\\n\x02\x03])+"

# After every pattern that can make elements (links, HTML, line breaks: 90 and above), before
# the entity pattern (80), which would otherwise take the references one by one.
PRIORITY = 85


class _RunProcessor(InlineProcessor):
    def handleMatch(self, m: re.Match[str], data: str) -> tuple[str | None, int | None, int | None]:
        run = m.group(0)
        if "&#" not in run:
            return None, None, None  # plain text: the serializer writes it as it is
        return self.md.htmlStash.store(run), m.start(0), m.end(0)


class EscapedRunsExtension(Extension):
    """Converts runs of escaped text in one inline match each (see the module docstring)."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.inlinePatterns.register(_RunProcessor(_RUN, md), "escaped_runs", PRIORITY)
