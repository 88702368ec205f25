"""Links between pages, worked out on the path strings.

`posixpath.relpath` asks the OS for the working folder on every call, and a large site makes
links by the hundred thousand; these give the same answers (property-tested against it).
"""

from __future__ import annotations


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
