"""The front matter of a generated page: the one guard for what the theme prints from it.

Themes print front-matter values into HTML as they are, with no escaping: the title into
`<title>` and the header, tags into the tag pills, and the search facets and names into the
attributes and hidden text that search indexes, the description into a meta element
(site_overrides/main.html). So every string that
goes into front matter passes `for_theme` here, and nothing else writes front matter. Keys are
fixed by the generator; only values come from content, and a value cannot add a key (each is one
JSON string).
"""

from __future__ import annotations

import json
import re
from typing import Any

from .escape import escape_inline
from .load import NOT_YAML_PRINTABLE

# A character YAML may not hold (load.NOT_YAML_PRINTABLE) stops the theme's front-matter parser,
# and the page loses its title and tags; validation refuses them in content, and they are
# written as references here in case one slips through.
_QUOTES = str.maketrans({'"': "&#34;", "'": "&#39;"})
# Markup the generator wrote into a heading (a date's <time> element). Content text never holds
# a bare `<` (escape.py writes it as a reference), so every tag here is the generator's own.
_TAG = re.compile(r"<[^<>]*>")


def for_theme(text: str) -> str:
    """Text made safe to print as raw HTML, in element content and in quoted attributes alike.

    `text` may already be escaped Markdown (a page heading): its character references stay
    references, and the quotes an attribute would end on become references too."""
    out = text.translate(_QUOTES)
    return NOT_YAML_PRINTABLE.sub(lambda m: f"&#{ord(m.group())};", out)


def _guarded(value: Any) -> Any:
    if isinstance(value, str):
        return for_theme(value)
    if isinstance(value, list):
        return [_guarded(v) for v in value]
    if isinstance(value, dict):
        return {key: _guarded(v) for key, v in value.items()}
    return value


def with_front_matter(
    text: str,
    tags: list[str] | None = None,
    facets: dict[str, list[str]] | None = None,
    names: list[str] | None = None,
    found_by: list[str] | None = None,
    description: str | None = None,
    structured: dict[str, Any] | None = None,
    indexed: bool = True,
) -> str:
    """The page with front matter repeating its (already escaped) heading as its title, as text.

    A title MkDocs takes from the heading has its character references decoded first, so text
    like `</title><script>` would become markup there; a front-matter title is used as written,
    and its references still display as the literal characters. Tags, facets and names come
    from content and are escaped like any other printed text. `indexed=False` leaves the page
    out of search: listings repeat every name they list, and a name should lead to the item's
    own page."""
    first, _, _ = text.partition("\n")
    if not first.startswith("# "):
        return text
    meta: dict[str, Any] = {"title": _TAG.sub("", first[2:]).strip()}
    if tags:
        meta["tags"] = [escape_inline(tag) for tag in tags]
    if facets:
        meta["facets"] = {facet: [escape_inline(v) for v in values]
                          for facet, values in facets.items()}  # fmt: skip
    if names:
        escaped = [escape_inline(name) for name in names]
        meta["search_names"] = escaped
        # One-word names again on their own, for the one-word query that is a name: 'Poland'
        # ranks the country above the Kingdom of Poland, 'NATO' the alliance above JATEC.
        words = [e for e, name in zip(escaped, names, strict=True) if len(name.split()) == 1]
        if words:
            meta["search_words"] = words
    if found_by:
        meta["found_by"] = [escape_inline(name) for name in dict.fromkeys(found_by)]
    if description:
        meta["description"] = escape_inline(description)
    if not indexed:
        meta["search_index"] = False
    # JSON values are YAML flow values: text from content cannot start YAML syntax here.
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in
             _guarded(meta).items()]  # fmt: skip
    if structured:
        # Printed by the theme inside a JSON-LD script element, through Jinja's `tojson`
        # (which writes <, >, & and ' as \u escapes): it stays data, so it is not escaped for
        # HTML here; ASCII-only JSON holds no character YAML cannot.
        lines.append(f"structured: {json.dumps(structured, ensure_ascii=True)}")
    return "---\n" + "\n".join(lines) + "\n---\n\n" + text


def read_front_matter(text: str) -> tuple[dict[str, Any], str]:
    """What `with_front_matter` wrote, read back: the front matter as data, and the page after
    it. Each value is JSON (a YAML flow value), so it is read as JSON: the same data a YAML
    parser gives, in a fiftieth of the time. A page without front matter has none."""
    if not text.startswith("---\n"):
        return {}, text
    head, _, body = text[4:].partition("\n---\n\n")
    meta = {}
    for line in head.split("\n"):
        key, _, value = line.partition(": ")
        meta[key] = json.loads(value)
    return meta, body
