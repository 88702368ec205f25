"""Agreements compared: the provisions matrix and two agreements side by side.

One record per agreement (`compare_record`) feeds both: the static tables of the default
selection, written into the pages so they read without JavaScript, and `data/compare.json`,
from which `assets/atlas/compare.js` draws any other selection (a country's agreements, a party
pair, a year range) in the reader's browser. The matrix is also a CSV download.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from .escape import Markdown, escape_inline
from .export import DATA_DIR, compact, csv_cell, csv_line
from .models.agreement import CATEGORY_INFO, Agreement, ProvisionCategory
from .paths import page_url, relative, relative_url
from .resolve import Graph
from .views import date_of, humanize, party_side

DEFAULT_ROWS = 50
"""The static matrix shows the latest agreements with provisions, at most this many: the page
stays the same size however large the corpus grows; other selections are drawn from the data."""

MATRIX_CSV = f"{DATA_DIR}/provisions-matrix.csv"
COMPARE_JSON = f"{DATA_DIR}/compare.json"


@dataclass(frozen=True)
class Cell:
    """How one agreement covers one provision category: its provisions' texts, and whether
    every one of them is conditional."""

    texts: tuple[str, ...]
    conditional: bool

    @property
    def word(self) -> str:
        return "conditional" if self.conditional else "yes"


def _countries(agreement: Agreement, graph: Graph) -> list[tuple[str, str]]:
    """(id, name) of the states (or organisations) party to it, as country pages count them."""
    found: dict[str, str] = {}
    for party in agreement.parties:
        side = party_side(party, graph)
        if side is not None:
            found.setdefault(side.id or "", side.label)
    return list(found.items())


def bilateral_with_provisions(agreement: Any, graph: Any) -> bool:
    """Whether the matrix's "bilateral only" selection shows the agreement: two sides, as
    country pages count them, and provisions."""
    return bool(agreement.provisions) and len(_countries(agreement, graph)) == 2


def cells_of(agreement: Agreement) -> dict[ProvisionCategory, Cell]:
    """The agreement's provisions by category, in the glossary's order of categories."""
    grouped: dict[ProvisionCategory, list[Any]] = {}
    for provision in agreement.provisions:
        grouped.setdefault(provision.category, []).append(provision)
    return {
        category: Cell(
            tuple(" ".join(p.text.split()) for p in grouped[category]),
            all(p.conditional for p in grouped[category]),
        )
        for category in ProvisionCategory
        if category in grouped
    }


def compare_record(
    agreement: Agreement, graph: Graph, cells: dict[ProvisionCategory, Cell] | None = None
) -> dict[str, Any]:
    """What the matrix and the side-by-side view show of one agreement, as plain data
    (`cells`: its `cells_of`, when the caller has them already)."""
    date = date_of(agreement)
    status = agreement.status[-1].status if agreement.status else None
    sides = _countries(agreement, graph)
    return {
        "id": agreement.id,
        "title": agreement.label,
        "page": page_url(agreement.page_path),
        "parties": [name for _, name in sides],
        "countries": [key for key, _ in sides],
        "year": date.year if date else None,
        "signed": date.human() if date else "",
        "sort": date.iso if date else "",
        "kind": humanize(agreement.kind),
        "status": humanize(status) if status else "",
        "term": agreement.term.description if agreement.term else "",
        "commitments": [str(c) for c in agreement.commitments],
        "provisions": {
            category.value: {"texts": list(cell.texts), "conditional": cell.conditional}
            for category, cell in (cells or cells_of(agreement)).items()
        },
    }


def categories() -> list[tuple[str, str]]:
    """(value, title) of every provision category, in the glossary's order."""
    return [(category.value, CATEGORY_INFO[category][0]) for category in ProvisionCategory]


def with_provisions(graph: Graph) -> list[Agreement]:
    """Agreements that record at least one provision, latest signed first (undated last)."""
    agreements = [a for a in graph.all("agreements") if isinstance(a, Agreement) and a.provisions]

    def newest_first(agreement: Agreement) -> tuple[bool, str, str]:
        date = date_of(agreement)
        return (date is None, "" if date is None else _inverse(date.iso), agreement.id or "")

    return sorted(agreements, key=newest_first)


def _inverse(iso: str) -> str:
    """A key that sorts ISO dates newest first within an ascending sort."""
    return "".join(chr(0x10FFFF - ord(ch)) for ch in iso)


def compare_files(graph: Graph) -> dict[str, str]:
    """`data/compare.json` (one record per agreement with provisions, one per line) and the
    matrix as CSV: one row per agreement, one column per category ('yes', 'conditional', '')."""
    lines = []
    columns = ["id", "title", "page", "signed", "parties", *(value for value, _ in categories())]
    rows = [csv_line(columns)]
    for agreement in with_provisions(graph):
        cells = cells_of(agreement)
        record = compare_record(agreement, graph, cells)
        lines.append(compact(record))
        found = {category.value: cell.word for category, cell in cells.items()}
        values = [record["id"], record["title"], record["page"], record["sort"],
                  record["parties"], *(found.get(v, "") for v, _ in categories())]  # fmt: skip
        rows.append(csv_line([csv_cell(value) for value in values]))
    return {
        COMPARE_JSON: "[\n" + ",\n".join(lines) + "\n]\n",
        MATRIX_CSV: "".join(rows),
    }


def matrix_cell(cell: Cell | None, href: str) -> Markdown:
    """A matrix cell: 'yes' or 'conditional', a link to the agreement's provisions whose text
    shows on hover and focus (and is read with the link); empty when the area is not covered."""
    if cell is None:
        return Markdown("")
    texts = escape_inline(" / ".join(cell.texts))
    return Markdown(
        f'<a class="atlas-cell" href="{escape(href)}">{cell.word}'
        f'<span class="atlas-tip">: {texts}</span></a>'
    )


def matrix_view(graph: Graph, page: str) -> dict[str, Any]:
    """The static matrix: the latest agreements with provisions (at most DEFAULT_ROWS), one
    column per category any of them covers."""
    every = with_provisions(graph)
    agreements = every[:DEFAULT_ROWS]
    cells = [cells_of(a) for a in agreements]
    used = {category for found in cells for category in found}
    columns = [c for c in ProvisionCategory if c in used]
    rows = []
    for agreement, found in zip(agreements, cells, strict=True):
        href = relative_url(page, agreement.page_path) + "#provisions"
        rows.append((agreement, [matrix_cell(found.get(c), href) for c in columns]))
    return {
        "columns": [CATEGORY_INFO[c][0] for c in columns],
        "rows": rows,
        "total": len(every),
        "data": file_url(page, COMPARE_JSON),
        "csv": MATRIX_CSV,
    }


def pair_view(graph: Graph, page: str) -> dict[str, Any]:
    """Two agreements side by side, the two latest with provisions by default: their facts, then
    their provisions aligned by category."""
    agreements = with_provisions(graph)[:2]
    records = [compare_record(a, graph) for a in agreements]
    used = [c for c in ProvisionCategory if any(c.value in r["provisions"] for r in records)]
    areas = [(CATEGORY_INFO[c][0], [r["provisions"].get(c.value) for r in records]) for c in used]
    return {"agreements": agreements, "records": records, "areas": areas,
            "data": file_url(page, COMPARE_JSON)}  # fmt: skip


def file_url(page: str, path: str) -> str:
    """The link from a page's URL to a file of the site (a download), for raw HTML."""
    return relative(page_url(page) + "index", path)


def matrix_controls(data: str) -> Markdown:
    """Where compare.js puts the selection (country, partner, years, bilateral only) and from
    where it loads the records; without the script nothing shows and the static table stays."""
    return Markdown(f'<div class="atlas-matrix" data-src="{escape(data)}"{_titles()}></div>')


def pair_controls(data: str, records: list[dict[str, Any]]) -> Markdown:
    """Where compare.js puts the two agreement choosers; the ids chosen by default."""
    chosen = " ".join(escape(str(r["id"])) for r in records)
    return Markdown(
        f'<div class="atlas-pair" data-src="{escape(data)}" data-ids="{chosen}"{_titles()}></div>'
    )


def _titles() -> str:
    """The categories in order with their titles, for the script (the glossary's, not content)."""
    return f' data-categories="{escape(compact(categories()))}"'


def compare_link(country: Any, count: int) -> Markdown | None:
    """From a country page, a link to the matrix of its bilateral agreements (the selection is
    read by compare.js from the address; a raw link, so the query survives MkDocs)."""
    if count == 0:
        return None
    href = escape(
        f"{relative_url(country.page_path, 'provisions.md')}?country={country.id}&bilateral=1"
    )
    return Markdown(f'<a href="{href}">Compare its bilateral agreements provision by provision</a>')
