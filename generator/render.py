"""Stage 4, render: the resolved graph into Markdown pages, one Jinja template per page kind.

Templates are looked up first in the override folder (`site_overrides/` by default), then in
`generator/templates/`: a file of the same name in the override folder replaces the packaged one.
Every value a template prints passes the finalizer, which escapes it unless the generator built
it as `Markdown`; an undefined name or a printed None is an error, never a blank.
"""

from __future__ import annotations

import functools
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

import jinja2

from .chronicle import changes_view
from .compare import matrix_controls, matrix_view, pair_controls, pair_view
from .errors import ContentError, Problem, TemplateError
from .escape import (
    Markdown,
    amount_element,
    end_fold,
    escape_block,
    escape_inline,
    external_link,
    fold,
    link,
    table_controls,
    time_element,
)
from .export import data_files
from .fieldref import field_reference
from .frontmatter import with_front_matter
from .kinds import KINDS, REGISTRY, TAGS
from .models import Entity, FuzzyDate
from .models.agreement import CATEGORY_INFO, STATUS_INFO
from .models.commitment import plain, written
from .pageviews import Resolved, commitment_rows, home_view, item_view, listing_rows
from .parallel import fork_map, workers_for
from .paths import listing_path, relative
from .reads import Read, Reader
from .resolve import Graph
from .spellings import search_names
from .structured import description_of, structured_data
from .views import (
    ListingPart,
    TimelineEntry,
    facets_of,
    found_by,
    humanize,
    split_listing,
    timeline,
)

TEMPLATES = Path(__file__).parent / "templates"
_LISTING = {"indexed": False}
"""Listings are left out of search: they repeat every name they list."""


@dataclass
class Page:
    """One generated Markdown page and its content file, relative to the content folder."""

    text: str
    source_path: str = ""
    reads: frozenset[Read] = frozenset()
    """What the page read of the graph (pageviews.Reader), for the preview's rebuilds."""
    rows: frozenset[tuple[str, str]] = frozenset()
    """The items a part of a split listing lists: one that gains or loses a row is stale."""


@dataclass
class Citer:
    """Numbers the citations of one page as Markdown footnotes: one note per source, listing
    every passage of it the page cites (a bare citation adds nothing a quote already says)."""

    page: str
    notes: dict[str, int] = field(default_factory=dict)
    """Source id -> footnote number."""
    sources: dict[str, Any] = field(default_factory=dict)
    """Source id -> the source, for the footnote text."""
    passages: dict[str, dict[tuple[str, str], None]] = field(default_factory=dict)
    """Source id -> the distinct (locator, quote) cited, in order."""

    def cite(self, citations: Iterable[Any]) -> Markdown:
        """Marks for resolved citations (`pageviews.Resolved`: `source` is the source item)."""
        marks: dict[str, None] = {}
        for citation in citations:
            source = citation.source
            self.sources[source.id] = source
            number = self.notes.setdefault(source.id, len(self.notes) + 1)
            passage = (citation.locator or "", citation.quote or "")
            if any(passage):
                self.passages.setdefault(source.id, {})[passage] = None
            marks[f"[^{number}]"] = None
        # Two marks side by side would read as one number ("¹²"): a comma keeps them apart.
        return Markdown(",".join(marks))

    def _named(self, source: Any) -> str:
        """A source as a reader looks it up: outlet, title (a link to its page), date, and its
        address, or that none is known."""
        parts = [escape_inline(source.publisher)] if source.publisher else []
        parts.append(link(source.label, relative(self.page, source.page_path)))
        if source.published:
            parts.append(time_element(source.published.iso, source.published.human()))
        opened = external_link("open", str(source.url)) if source.url else "address not known"
        return ", ".join(parts) + f" ({opened})"

    def definitions(self) -> Markdown:
        lines = []
        for source_id, number in self.notes.items():
            text = f"[^{number}]: {self._named(self.sources[source_id])}"
            quoted = []
            for locator, quote in self.passages.get(source_id, {}):
                words = f"“{escape_inline(quote)}”" if quote else ""
                quoted.append(", ".join(x for x in (escape_inline(locator), words) if x))
            if quoted:
                text += ": " + "; ".join(quoted)
            lines.append(text)
        return Markdown("\n".join(lines))


def add_page(pages: dict[str, Page], path: str, page: Page) -> None:
    """Add a page, refusing to write one path twice: a page would silently replace another.
    Ids that would collide are refused earlier (`paths.reserved_ids`); this is the backstop."""
    if path in pages:
        where = page.source_path or pages[path].source_path or path
        message = f"two pages would be written to {path}: rename one of the files"
        raise ContentError([Problem(where, 1, 1, message)])
    pages[path] = page


def source_of(entity: Entity, graph: Graph) -> str:
    """The content file a page comes from, relative to the content folder ('' for a country
    known only from ISO 3166)."""
    return f"{entity.KIND}/{entity.id}.yaml" if graph.has_file(entity) else ""


def _finalize(value: Any) -> str:
    if isinstance(value, Markdown):
        return value
    if value is None:
        raise ValueError("a template printed None: test the field before printing it")
    if isinstance(value, Enum):
        return escape_inline(humanize(value))
    if isinstance(value, FuzzyDate):
        return time_element(value.iso, value.human())
    return escape_inline(str(value))


def _template_problem(error: Exception, template: str, page: str) -> Problem:
    """Locate a rendering failure in the template file, from the traceback Jinja rewrites."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename.endswith(".j2")]
    where, line = (frames[-1].filename, frames[-1].lineno or 0) if frames else (template, 0)
    return Problem(where, line, 0, f"template failed rendering {page}: {error}")


@functools.cache
def _environment(paths: tuple[str, ...]) -> jinja2.Environment:
    """One Jinja environment per template path, kept for the process: the preview renders with
    it after every edit without compiling the templates again (a changed template file is
    still read again: the loader checks its time)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(paths),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        extensions=["jinja2.ext.do"],
    )
    env.globals.update(
        link=jinja2.pass_context(_link),
        cite=jinja2.pass_context(lambda ctx, sources: ctx["citer"].cite(sources)),
        footnotes=jinja2.pass_context(lambda ctx: ctx["citer"].definitions()),
        para=escape_block,
        external=external_link,
        link_page=jinja2.pass_context(
            lambda ctx, path, title: link(title, relative(ctx["page"], path))
        ),
        humanize=humanize,
        moment=lambda d: time_element(d.iso, d.human),
        fold=fold,
        end_fold=end_fold,
        table_controls=table_controls,
        amount=_amount,
        total=_total,
        # Fixed tables of the glossary, the Data page and the home page (no content).
        category_info=CATEGORY_INFO,
        status_info=STATUS_INFO,
        kind_titles={kind.folder: kind.title for kind in REGISTRY},
        data_files=data_files,
        matrix_controls=matrix_controls,
        pair_controls=pair_controls,
    )
    return env


class Renderer:
    """Holds the Jinja environment and the graph; renders every page."""

    def __init__(self, graph: Graph, overrides: Path | None = None) -> None:
        self.graph = graph
        paths = [str(p) for p in (overrides, TEMPLATES) if p is not None and p.is_dir()]
        self.env = _environment(tuple(paths))

    def render(
        self,
        template: str,
        page: str,
        front: dict[str, Any] | None = None,
        **values: Any,
    ) -> str:
        """The page's Markdown; `front`: what `with_front_matter` adds besides the title."""
        citer = Citer(page)
        try:
            text = self.env.get_template(template).render(page=page, citer=citer, **values)
            return with_front_matter(text, **(front or {}))
        except jinja2.TemplateSyntaxError as error:
            where = error.filename or template
            problem = Problem(where, error.lineno, 0, f"template: {error.message}")
            raise TemplateError(problem) from None
        except (jinja2.TemplateError, ValueError, TypeError, AttributeError) as error:
            raise TemplateError(_template_problem(error, template, page)) from error

    def _listing(
        self, pages: dict[str, Page], kind: str, template: str, path: str, items: list[Any]
    ) -> None:
        """A listing page, split into one page per year or initial when it is long, so that no
        page grows with the whole corpus."""
        title = KINDS[kind].title if kind in KINDS else "Timeline"
        parts = split_listing(kind, items, title)
        reader = Reader(self.graph)
        rows = [] if parts else listing_rows(kind, items, reader)
        text = self.render(template, path, _LISTING, kind=kind, heading=title, parts=parts,
                           items=rows)  # fmt: skip
        add_page(pages, path, Page(text))
        for part in parts:
            add_page(pages, part.path, self.listing_part(template, kind, part))

    def listing_part(self, template: str, kind: str, part: ListingPart) -> Page:
        """One page of a split listing (the preview reuses those its edit did not touch)."""
        reader = Reader(self.graph)
        rows = listing_rows(kind, part.items, reader)
        text = self.render(template, part.path, _LISTING, kind=kind, heading=part.title,
                           parts=[], items=rows)  # fmt: skip
        return Page(text, reads=frozenset(reader.reads), rows=row_keys(part.items))

    def overview_pages(self) -> dict[str, Page]:
        """The pages that are not one item's: home, glossary, data, timeline, listings."""
        home = home_view(Reader(self.graph))
        pages = {
            "index.md": Page(self.render("home.md.j2", "index.md", _LISTING, view=home)),
            "glossary.md": Page(self.render("glossary.md.j2", "glossary.md")),
            "data.md": Page(self.render("data.md.j2", "data.md", reference=field_reference())),
        }
        rows = commitment_rows(Reader(self.graph))
        text = self.render("commitments.md.j2", "commitments.md", _LISTING, rows=rows)
        pages["commitments.md"] = Page(text)
        view = changes_view(self.graph)
        pages["changes.md"] = Page(self.render("changes.md.j2", "changes.md", _LISTING, view=view))
        for name, view_of in (("provisions", matrix_view), ("compare", pair_view)):
            view = view_of(self.graph, f"{name}.md")
            pages[f"{name}.md"] = Page(
                self.render(f"{name}.md.j2", f"{name}.md", _LISTING, view=view)
            )
        self._listing(pages, "timeline", "timeline.md.j2", listing_path("timeline"),
                      self.timeline())  # fmt: skip
        for kind in KINDS:
            items = self.graph.all(kind)
            self._listing(pages, kind, "index.md.j2", listing_path(kind), items)
        return pages

    def timeline(self) -> list[TimelineEntry]:
        return timeline(self.graph)

    def item_page(self, entity: Entity) -> Page:
        reader = Reader(self.graph)
        item, view = item_view(entity, reader, entity.page_path)
        graph: Any = reader  # reads through the Reader, which records them
        facets = facets_of(entity, graph)
        description = description_of(entity, facets)
        front = {
            "tags": [tag for facet in TAGS for tag in facets.get(facet, [])],
            "facets": facets,
            "names": search_names(entity),
            "found_by": found_by(entity, graph),
            "description": description,
            "structured": structured_data(entity, graph, description),
        }
        text = self.render(KINDS[entity.KIND].template, entity.page_path, front,
                           item=item, view=view)  # fmt: skip
        return Page(text, source_of(entity, self.graph), frozenset(reader.reads))


def _amount(commitment: Any) -> Markdown:
    """A commitment's amount as the source writes it ('GBP 2.5 billion')."""
    model: Any = commitment._model if isinstance(commitment, Resolved) else commitment
    return amount_element(plain(model.value), str(model))


def _total(currency: str, total: Decimal) -> Markdown:
    """A sum of amounts in one currency, as a reader writes it ('EUR 478 million')."""
    return amount_element(plain(total), written(currency, total))


def row_keys(items: list[Any]) -> frozenset[tuple[str, str]]:
    """(kind, id) of the items a listing's rows are about (a timeline row is about its item)."""
    entities = (getattr(item, "item", item) for item in items)
    return frozenset((entity.KIND, entity.id or "") for entity in entities)


def _link(ctx: Any, item: Any, label: str | None = None) -> Markdown:
    """A link to an item's page, from the page being rendered."""
    entity = item._model if isinstance(item, Resolved) else item
    if not isinstance(entity, Entity):
        raise ValueError(f"link() takes an item, not {entity!r}")
    return link(label or entity.label, relative(ctx["page"], entity.page_path))


def _item_pages(renderer: Renderer, entities: list[Entity], workers: int) -> dict[str, Page]:
    pages: dict[str, Page] = {}
    for entity, page in zip(entities, fork_map(renderer.item_page, entities, workers), strict=True):
        add_page(pages, entity.page_path, page)
    return pages


def overview_and_items(
    graph: Graph, overrides: Path | None = None
) -> tuple[dict[str, Page], list[Entity], Renderer]:
    """The overview pages, the items whose pages are still to render (`Renderer.item_page`),
    in page order, and the renderer; an item page at an overview page's path is refused."""
    renderer = Renderer(graph, overrides)
    entities = [entity for kind in KINDS for entity in graph.all(kind)]
    overview = renderer.overview_pages()
    for entity in entities:
        if entity.page_path in overview:
            add_page(overview, entity.page_path, Page("", source_of(entity, graph)))  # raises
    return overview, entities, renderer


def render_pages(
    graph: Graph, overrides: Path | None = None, workers: int | None = None
) -> dict[str, Page]:
    """Every page of the site as Markdown, keyed by its path inside the docs tree. On a large
    corpus, item pages are rendered by `workers` processes (by default one per core); the pages
    are the same either way."""
    renderer = Renderer(graph, overrides)
    entities = [entity for kind in KINDS for entity in graph.all(kind)]
    pages = renderer.overview_pages()
    for path, page in _item_pages(renderer, entities, workers_for(len(entities), workers)).items():
        add_page(pages, path, page)
    return pages
