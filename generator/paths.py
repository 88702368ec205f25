"""Links between pages, worked out on the path strings.

`posixpath.relpath` asks the OS for the working folder on every call, and a large site makes
links by the hundred thousand; these give the same answers (property-tested against it).
"""

from __future__ import annotations

import re
import unicodedata


def relative(from_page: str, to_page: str) -> str:
    """Relative link from one page's file to another's (both relative to the docs folder)."""
    here = from_page.split("/")[:-1]
    there = to_page.split("/")
    shared = 0
    while shared < len(here) and shared < len(there) - 1 and here[shared] == there[shared]:
        shared += 1
    return "/".join([".."] * (len(here) - shared) + there[shared:])


def page_url(page_path: str) -> str:
    """The directory URL MkDocs gives a page: `agreements/x.md` -> `agreements/x/`."""
    stem = page_path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def relative_url(from_page: str, to_page: str) -> str:
    """The link from one page's URL to another's, both directory URLs (`people/x/`), for raw
    HTML, where MkDocs does not rewrite links to Markdown files."""
    return relative(page_url(from_page) + "index", page_url(to_page)) or "./"


# Letters NFKD does not take apart into a Latin letter and a mark.
_LATIN = str.maketrans({"ø": "o", "æ": "ae", "ł": "l", "đ": "d", "ß": "ss", "œ": "oe",
                        "þ": "th", "ı": "i", "ð": "d"})  # fmt: skip


def slug(text: str) -> str:
    """The id a name would have: 'Jonas Gahr Støre' -> 'jonas-gahr-store', 'NO' -> 'no'."""
    folded = unicodedata.normalize("NFKD", text.lower().translate(_LATIN))
    letters = "".join(c for c in folded if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "-", letters).strip("-")


# Pages the generator writes inside a kind's folder besides the items' own pages. The URL space
# of a kind folder belongs to the generator: the ids reserved there are derived from these
# functions (`reserved_ids`), so a path added here is reserved without a second list to edit.
LISTING_GROUPS = ("by-year", "by-name")
"""How a long listing is split: by year for dated kinds, else by initial."""


def listing_path(kind: str) -> str:
    """The listing page of a kind (or of the timeline)."""
    return f"{kind}/index.md" if kind != "timeline" else "timeline.md"


def listing_part_path(kind: str, group: str, key: str) -> str:
    """One page of a split listing: `agreements/by-year/2024.md`."""
    return f"{kind}/{group}/{key}.md"


def _first_segment(kind: str, path: str) -> str:
    return path.removeprefix(f"{kind}/").split("/")[0].removesuffix(".md")


def reserved_ids(kind: str) -> frozenset[str]:
    """Ids an item of `kind` may not take: its page would land on (or inside) a page the
    generator writes in the same folder, such as the listing (`index`) or a listing part."""
    written = [listing_path(kind)] + [listing_part_path(kind, g, "x") for g in LISTING_GROUPS]
    return frozenset(_first_segment(kind, path) for path in written)
