"""Renamed items: their former ids are checked, and their old addresses redirect to the page.

A file renamed from `ua-pl-2024.yaml` to `ua-pl-security-agreement.yaml` lists
`former_ids: [ua-pl-2024]`; the site then serves a small page at the old address that sends the
reader (and any citation or link made before the rename) to the new one. A former id may not be
another item's id of the same kind, nor an id the generator uses, nor claimed by two items.
"""

from __future__ import annotations

from html import escape

from .checks import Named
from .errors import Problem
from .kinds import KINDS
from .load import Document
from .models import Entity
from .paths import reserved_ids
from .resolve import Graph, Known


def former_ids(entity: Entity, doc: Document) -> list[Named]:
    """Each former id, with the item's id as its label and where the former id is written."""
    found = []
    for index, former in enumerate(entity.former_ids):
        line, column = doc.position(("former_ids", index))
        found.append(Named(entity.KIND, former, entity.id or "", doc.path, line, column))
    return found


def reserved_former_id(former: Named) -> Problem | None:
    if former.id == former.label:
        message = f"former_ids: '{former.id}' is the item's own id: remove it"
    elif former.id in reserved_ids(former.kind):
        message = f"former_ids: '{former.id}' is a page the site generates: remove it"
    else:
        return None
    return Problem(former.path, former.line, former.column, message)


def former_id_in_use(former: Named, known: Known) -> Problem | None:
    """A former id that names a current file of the same kind: one address, two pages."""
    if former.id == former.label or former.id not in known.get(former.kind, ()):
        return None
    message = (
        f"former_ids: '{former.id}' is the id of {former.kind}/{former.id}.yaml: an address can "
        "lead to one page only; remove it here, or rename that file"
    )
    return Problem(former.path, former.line, former.column, message)


def former_ids_twice(formers: list[Named]) -> list[Problem]:
    """A former id claimed by two items of one kind: the old address can redirect to one."""
    first: dict[tuple[str, str], str] = {}
    problems = []
    for former in sorted(formers, key=lambda f: (f.kind, f.label, f.id)):
        if former.id == former.label:
            continue  # its own id: reported on its own (`reserved_former_id`)
        key = (former.kind, former.id)
        if key in first:
            message = (
                f"former_ids: '{former.id}' is also a former id of "
                f"{former.kind}/{first[key]}.yaml: keep it on the item the old page was about"
            )
            problems.append(Problem(former.path, former.line, former.column, message))
        else:
            first[key] = former.label
    return problems


def redirect_pages(graph: Graph) -> dict[str, str]:
    """Site path -> the page at each former address, sending readers to the item's page."""
    pages = {}
    for kind in KINDS:
        for item in graph.all(kind):
            for former in item.former_ids:
                pages[f"{kind}/{former}/index.html"] = _redirect(item)
    return pages


def _redirect(item: Entity) -> str:
    target = f"../{item.id}/"  # ids are slugs: safe in a URL and an attribute as they are
    title = escape(item.label)
    return (
        '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>Moved: {title}</title>\n"
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        f'<link rel="canonical" href="{target}">\n<meta name="robots" content="noindex">\n'
        f'</head>\n<body>\n<p>This page has moved: <a href="{target}">{title}</a>.</p>\n'
        "</body>\n</html>\n"
    )
