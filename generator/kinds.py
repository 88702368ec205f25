"""The registry of content kinds: everything the generator knows about a kind, in one place.

A kind's folder, its names, its page template, the date it is known by, the facets search filters
it by (which also tag its page) and what its connections diagram groups: code asks this registry
and never spells a kind's name. Adding a kind means a model (a subclass of
`models.Entity` whose `KIND` is the folder) and one `Kind` here.

Facts are named by attribute paths on the validated model: `parties.signatories.person` walks
every party, every signatory, and yields each person (lists are flattened, missing values
skipped, references followed to their items; `[-1]` takes the last of a list). `Incoming` names
the items of a kind that refer to this one.

This module imports nothing heavy: `check` answers from its cache before pydantic is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Incoming:
    """The items of `kind` that refer to this one (through `field`, when given), or, with
    `then`, what those items refer to along that path (a country's partners)."""

    kind: str
    field: str | None = None
    then: tuple[str, ...] = ()


@dataclass(frozen=True)
class Group:
    """One labelled group of a connections diagram, and the paths that fill it."""

    title: str
    paths: tuple[str | Incoming, ...]


TAGS = ("country",)
"""The facets an item's page shows as tags, above its title: its countries only (an agreement's
twenty provision categories would push the title down; they are search facets and the
provisions' headings)."""


@dataclass(frozen=True)
class Kind:
    folder: str
    """The content folder and the first segment of the page URLs (`agreements`)."""
    singular: str
    """One item, in prose and in the template's name (`agreement`)."""
    title: str
    """The listing's heading (`Agreements`)."""
    about: str = ""
    """One line on what a file of this kind holds (`new` lists them for an unknown kind)."""
    iso_codes: bool = False
    """Ids are ISO codes, and an item exists for any code, with or without a file."""
    dated_by: str | None = None
    """Path of the date the item is known by: listings split by its year, timelines sort by it."""
    facets: tuple[tuple[str, str], ...] = ()
    """(facet, path) pairs search results can be filtered by, besides the kind and the year of
    `dated_by`; the `TAGS` facets also tag the item's page. A facet may take several paths."""
    found_by: tuple[str, ...] = ()
    """Paths of names search finds the item by, after its own (an agreement by its parties')."""
    schema_type: str = "Thing"
    """The schema.org type of the item's structured data (JSON-LD on its page)."""
    schema: tuple[tuple[str, str], ...] = ()
    """(schema.org property, path) pairs of its structured data, besides name and description."""
    diagram: tuple[Group, ...] = ()
    """The groups of the item's connections diagram, in order; empty groups are left out."""

    @property
    def template(self) -> str:
        return f"{self.singular}.md.j2"


_EVENTS = Group("Events", (Incoming("events"),))
_STATEMENTS = Group("Statements", (Incoming("statements"),))
_PEOPLE = Group("People", (Incoming("people", "positions"),))

# fmt: off
REGISTRY: tuple[Kind, ...] = (
    Kind("agreements", "agreement", "Agreements", dated_by="signing.date",
         about="a treaty, agreement, declaration or memorandum between states or bodies",
         facets=(("country", "parties.country"), ("country", "parties.organisation.country"),
                 ("category", "provisions.category"),
                 ("status", "status[-1].status")),
         found_by=("parties.country|organisation", "parties.organisation.country"),
         schema_type="Legislation",
         schema=(("alternateName", "short_title"), ("alternateName", "aliases.name"),
                 ("legislationDate", "signing.date"), ("legislationType", "kind"),
                 ("legislationJurisdiction", "parties.country"),
                 ("legislationJurisdiction", "parties.organisation.country")),
         diagram=(Group("Parties", ("parties.country|organisation",)),
                  Group("Signed by", ("parties.signatories.person",)),
                  Group("Organisations", ("organisations.organisation",)),
                  Group("Related agreements",
                        ("related.agreement", Incoming("agreements", "related"))),
                  Group("Events", ("events", Incoming("events"))),
                  _STATEMENTS)),
    Kind("people", "person", "People", schema_type="Person",
         schema=(("alternateName", "native_names.name"), ("alternateName", "aliases.name"),
                 ("jobTitle", "positions[-1].title"), ("nationality", "positions.country")),
         about="a person who signs, negotiates or speaks",
         facets=(("country", "positions.country"),),
         diagram=(Group("Countries", ("positions.country",)),
                  Group("Organisations", ("positions.organisation",)),
                  Group("Agreements signed", (Incoming("agreements", "parties"),)),
                  _EVENTS, _STATEMENTS)),
    Kind("organisations", "organisation", "Organisations", schema_type="Organization",
         schema=(("alternateName", "acronyms"), ("alternateName", "aliases.name"),
                 ("parentOrganization", "parent")),
         facets=(("country", "members.country"),),
         about="an alliance, ministry, military unit, centre or coalition",
         diagram=(Group("Members", ("members.country|organisation",)),
                  Group("Part of", ("parent",)),
                  Group("Agreements", (Incoming("agreements"),)),
                  _PEOPLE, _EVENTS)),
    Kind("countries", "country", "Countries", iso_codes=True, schema_type="Country",
         schema=(("alternateName", "native_names.name"),),
         about="a state, by its ISO 3166 code, for facts beyond its ISO record",
         diagram=(Group("Partners", (Incoming("agreements", "parties",
                                             ("parties.country|organisation",)),)),
                  Group("Agreements", (Incoming("agreements", "parties"),)),
                  _PEOPLE,
                  Group("Organisations", (Incoming("organisations"),)),
                  _EVENTS)),
    Kind("events", "event", "Events", dated_by="date", schema_type="Event",
         schema=(("startDate", "date"), ("location", "place"),
                 ("attendee", "participants.person|organisation|country")),
         about="a meeting, visit, signing ceremony or attack",
         facets=(("country", "country"), ("country", "participants.country")),
         diagram=(Group("Taking part", ("participants.person|organisation|country",)),
                  Group("Agreements", ("agreements", Incoming("agreements"))),
                  _STATEMENTS)),
    Kind("sources", "source", "Sources", dated_by="published", schema_type="CreativeWork",
         schema=(("publisher", "publisher"), ("author", "authors"), ("author", "author_names"),
                 ("datePublished", "published"), ("url", "url"), ("inLanguage", "language")),
         about="a document the facts come from"),
    Kind("statements", "statement", "Statements", dated_by="date", schema_type="Quotation",
         schema=(("creator", "speaker|speaker_organisation"), ("dateCreated", "date"),
                 ("text", "renderings[-1].text")),
         about="words said by a person or body, with their source",
         facets=(("country", "countries"),)),
)
# fmt: on
KINDS: dict[str, Kind] = {kind.folder: kind for kind in REGISTRY}
CITED = "sources"
"""The kind every citation names: a fact's support, and a source's page lists the facts."""
COUNTRIES = "countries"
"""The kind whose ids are ISO 3166 codes: any code is an item, with or without a file."""
"""Folder -> kind, in the order pages, downloads and `check` list them."""
FOLDERS: tuple[str, ...] = tuple(KINDS)


def kind_named(name: str) -> Kind | None:
    """The kind a contributor means by its folder or its singular, in any case."""
    wanted = name.strip().lower()
    return next((k for k in REGISTRY if wanted in (k.folder, k.singular)), None)
