"""Derived views of the graph that pages show: the timeline, a country's partners, page tags.

Pure functions over the resolved graph, kept apart from the Jinja plumbing in `render.py` so
each can be tested on its own.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import Enum
from typing import Any

from .follow import follow
from .kinds import KINDS
from .models import Agreement, Country, Entity, Event, FuzzyDate, Organisation, Person, Ref
from .models.agreement import CATEGORY_INFO, ProvisionCategory, Status
from .models.commitment import EXACT, Commitment
from .models.others import Source, Statement
from .paths import listing_part_path
from .resolve import Graph


@dataclass(frozen=True)
class TimelineEntry:
    """One dated happening: `what` happened to `item` on `date`, concerning `countries`."""

    date: FuzzyDate
    what: str
    item: Entity
    countries: tuple[Country, ...] = ()
    detail: str = ""

    @property
    def sort_key(self) -> tuple[tuple[int, int, int, str], str, str]:
        return (self.date.sort_key, self.item.label, self.what)


def humanize(value: Enum | str) -> str:
    """An enum value or slug as readers write it: 'in-force' -> 'in force'."""
    text = value.value if isinstance(value, Enum) else value
    return str(text).replace("-", " ")


def _countries(graph: Graph, items: Iterable[object]) -> tuple[Country, ...]:
    found: dict[str, Country] = {}
    for item in items:
        target = graph.target(item) if isinstance(item, Ref) else item
        if isinstance(target, Country):
            found.setdefault(target.id or "", target)
    return tuple(sorted(found.values(), key=lambda c: c.label))


def _commitment_entries(item: Any, graph: Graph) -> list[TimelineEntry]:
    """A row per commitment, on the date the item is known by (else where its period starts)."""
    entries = []
    for commitment in getattr(item, "commitments", []):
        date = date_of(item) or commitment.period_start
        if date:
            where = _countries(graph, [commitment.by, commitment.to])
            what = f"{commitment.stage.value}: {commitment}"
            entries.append(TimelineEntry(date, what, item, where, commitment.purpose.value))
    return entries


def party_side(party: Any, graph: Graph) -> Entity | None:
    """Who a party is, as a country page counts it: a state, the state a national body (a
    ministry, an army) belongs to, or else the organisation itself (an alliance)."""
    if party.country is not None:
        return graph.target(party.country)
    organisation = graph.target(party.organisation) if party.organisation else None
    if isinstance(organisation, Organisation) and organisation.country is not None:
        return graph.target(organisation.country) or organisation
    return organisation


def _agreement_entries(agreement: Agreement, graph: Graph) -> list[TimelineEntry]:
    parties = _countries(graph, [party_side(p, graph) for p in agreement.parties])
    entries = []
    if agreement.signing and agreement.signing.date:
        entries.append(TimelineEntry(agreement.signing.date, "signed", agreement, parties))
    if agreement.entry_into_force and agreement.entry_into_force.date:
        date = agreement.entry_into_force.date
        entries.append(TimelineEntry(date, "entered into force", agreement, parties))
    already = {(e.what, e.date) for e in entries}
    for change in agreement.status:
        what = humanize(change.status).replace("in force", "entered into force")
        if change.date and (what, change.date) not in already:  # said once, not twice
            who = _countries(graph, [change.party]) if change.party else parties
            entries.append(TimelineEntry(change.date, what, agreement, who))
    for party in agreement.parties:
        for action in party.actions:
            text = humanize(action.action)
            # one row per signing, unless a party signed on another date
            if action.date and (text, action.date) not in already:
                who = _countries(graph, [party_side(party, graph)]) or parties
                entries.append(TimelineEntry(action.date, text, agreement, who))
    return entries


def _person_entries(person: Person, graph: Graph) -> list[TimelineEntry]:
    entries = []
    for position in person.positions:
        where = _countries(graph, [position.country]) if position.country else ()
        if position.start:
            entries.append(
                TimelineEntry(position.start, "took office", person, where, position.title)
            )
        if position.end:
            entries.append(
                TimelineEntry(position.end, "left office", person, where, position.title)
            )
    return entries


def _event_entries(event: Event, graph: Graph) -> list[TimelineEntry]:
    if not event.date:
        return []
    where = _countries(graph, [event.country, *(p.country for p in event.participants)])
    return [TimelineEntry(event.date, humanize(event.kind), event, where)]


def _statement_entries(statement: Statement, graph: Graph) -> list[TimelineEntry]:
    if not statement.date:
        return []
    where = _countries(graph, statement.countries)
    return [TimelineEntry(statement.date, "statement", statement, where)]


def _organisation_entries(organisation: Organisation, graph: Graph) -> list[TimelineEntry]:
    entries = []
    founded = organisation.founded
    if founded and founded.date:
        where = _countries(graph, [founded.country or organisation.country])
        entries.append(TimelineEntry(founded.date, "founded", organisation, where))
    if organisation.dissolved:
        where = _countries(graph, [organisation.country])
        entries.append(TimelineEntry(organisation.dissolved, "dissolved", organisation, where))
    return entries


def _source_entries(source: Source, graph: Graph) -> list[TimelineEntry]:
    return [TimelineEntry(source.published, "published", source)] if source.published else []


ENTRIES: dict[str, Callable[[Any, Graph], list[TimelineEntry]]] = {
    "agreement": _agreement_entries,
    "person": _person_entries,
    "event": _event_entries,
    "statement": _statement_entries,
    "organisation": _organisation_entries,
    "source": _source_entries,
}
"""Singular (kinds.py) -> the dated facts an item of that kind puts on the timeline."""


def timeline_entries(item: Entity, graph: Graph) -> list[TimelineEntry]:
    make = ENTRIES.get(KINDS[item.KIND].singular)
    return (make(item, graph) if make else []) + _commitment_entries(item, graph)


def timeline(
    graph: Graph, entries_of: Callable[[Entity], list[TimelineEntry]] | None = None
) -> list[TimelineEntry]:
    """Every dated fact of every item, oldest first (a year-only date before its months).
    `entries_of` gives an item's entries (the preview keeps them between edits)."""
    entries: list[TimelineEntry] = []
    for kind in KINDS:
        for item in graph.all(kind):
            entries += entries_of(item) if entries_of else timeline_entries(item, graph)
    return sorted(entries, key=lambda e: e.sort_key)


@dataclass
class Partner:
    """A country or organisation that is party to agreements together with the page's country."""

    entity: Entity
    agreements: list[Agreement] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)

    @property
    def kinds(self) -> list[tuple[str, int]]:
        counts = Counter(humanize(a.kind) for a in self.agreements)
        return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))


def agreements_of(country: Country, graph: Graph) -> list[Agreement]:
    """The agreements the country is a party to, itself or through a national body of its (a
    document its ministry signed)."""
    found: dict[str, Agreement] = {}
    bodies = [link.owner for link in graph.links_to(country, "organisations", "country")]
    for party in [country, *bodies]:
        for link in graph.links_to(party, "agreements", "parties"):
            if isinstance(link.owner, Agreement):
                found.setdefault(link.owner.id or "", link.owner)
    return list(found.values())


def partners_of(country: Country, graph: Graph) -> list[Partner]:
    """Everyone the country shares an agreement with, most agreements first."""
    partners: dict[tuple[str, str], Partner] = {}
    for agreement in agreements_of(country, graph):
        for party in agreement.parties:
            target = party_side(party, graph)
            if target is None or target is country:
                continue
            partner = partners.setdefault((target.KIND, target.id or ""), Partner(target))
            # the last one added is this agreement's when the partner is a party twice: a set of
            # ids, not a scan of the list (pydantic's equality), keeps a country page linear
            if agreement.id not in partner.ids:
                partner.agreements.append(agreement)
                partner.ids.add(agreement.id or "")
    return sorted(partners.values(), key=lambda p: (-len(p.agreements), p.entity.label))


def organisations_of(person: Person, graph: Graph) -> list[tuple[Entity, list[str]]]:
    """The organisations a person held positions in, with the titles held there."""
    found: dict[str, tuple[Entity, list[str]]] = {}
    for position in person.positions:
        org = graph.target(position.organisation) if position.organisation else None
        if org is not None:
            found.setdefault(org.id or "", (org, []))[1].append(position.title)
    return list(found.values())


def facets_of(item: Entity, graph: Graph) -> dict[str, list[str]]:
    """What search results can be filtered by: the item's kind, the year it is known by, and
    its kind's `facets` (kinds.py), each facet's labels sorted; the `kinds.TAGS` facets also
    tag its page."""
    kind = KINDS[item.KIND]
    found: dict[str, set[str]] = {"kind": {kind.title}}
    date = date_of(item)
    if date is not None:
        found["year"] = {str(date.year)}
    for facet, path in kind.facets:
        found.setdefault(facet, set()).update(_label(value) for value in follow(item, path, graph))
    return {facet: sorted(labels) for facet, labels in found.items() if labels}


def found_by(item: Entity, graph: Graph) -> list[str]:
    """The names search finds the item by besides its own (`Kind.found_by`: an agreement's
    parties)."""
    paths = KINDS[item.KIND].found_by
    return list(dict.fromkeys(v.label for path in paths for v in follow(item, path, graph)))


def _label(value: Any) -> str:
    if isinstance(value, ProvisionCategory):
        return CATEGORY_INFO[value][0]
    if isinstance(value, Status):
        return humanize(value).capitalize()
    return str(value.label)


LISTING_LIMIT = 500
"""Rows one listing page may hold; longer listings are split by year or by initial."""


@dataclass
class ListingPart:
    """One page of a split listing: the items of one year (or one initial)."""

    key: str
    title: str
    path: str
    items: list[Any] = field(default_factory=list)


def date_of(item: Any) -> FuzzyDate | None:
    """The date an item is known by (`Kind.dated_by`: signing for agreements, publication for
    sources...); a timeline entry's own date."""
    path = KINDS[item.KIND].dated_by if isinstance(item, Entity) else "date"
    found: Any = item
    for name in path.split(".") if path else []:  # a kind known by no date has no path
        found = getattr(found, name, None)
    return found if isinstance(found, FuzzyDate) else None


@dataclass(frozen=True)
class CommitmentRow:
    """One commitment where it is written: the item holding it, and the money."""

    holder: Entity
    commitment: Commitment


def commitments(graph: Graph) -> list[CommitmentRow]:
    """Every commitment of every item, largest first within each currency."""
    rows = [CommitmentRow(item, c) for kind in KINDS for item in graph.all(kind)
            for c in getattr(item, "commitments", [])]  # fmt: skip
    return sorted(rows, key=lambda r: (r.commitment.currency, -r.commitment.value))


def commitments_of(country: Country, graph: Graph) -> list[tuple[Any, ...]]:
    """What the country gives or receives, summed per giver, recipient, currency, year and
    stage: (giver, recipient, year, stage, currency, total, count). Amounts in different
    currencies are never added together, nor pledges to deliveries."""
    totals: dict[tuple[Any, ...], list[Any]] = {}
    for link in graph.links_to(country):
        holder = link.holder
        if not isinstance(holder, Commitment) or link.loc[-1] not in ("by", "to"):
            continue
        c = holder
        giver = graph.target(c.by or c.by_organisation)  # type: ignore[arg-type]
        to = graph.target(c.to) if c.to else None
        year = c.year()
        key = ((giver.label if giver else ""), (to.label if to else ""), year, c.stage, c.currency)
        if key not in totals:
            totals[key] = [giver, to, year, c.stage, c.currency, Decimal(0), set()]
        if id(c) not in totals[key][6]:  # a commitment by and to the country counts once
            totals[key][6].add(id(c))
            totals[key][5] = EXACT.add(totals[key][5], c.value)  # exact, whatever its length
    return [(g, t, y, s, cur, total, len(seen))
            for (g, t, y, s, cur, total, seen) in (totals[k] for k in sorted(totals))]  # fmt: skip


def split_listing(kind: str, items: list[Any], what: str) -> list[ListingPart]:
    """The parts of a listing too long for one page: dated kinds by year (newest first), the
    others by the initial of their name. Empty when the listing fits on one page."""
    if len(items) <= LISTING_LIMIT:
        return []
    parts: dict[str, ListingPart] = {}
    dated = kind == "timeline" or KINDS[kind].dated_by is not None
    for item in items:
        if dated:
            date = date_of(item)
            key = f"{date.year:04d}" if date else "undated"
            title = f"{what}, {key}" if date else f"{what}, date unknown"
            path = listing_part_path(kind, "by-year", key)
        else:
            first = unicodedata.normalize("NFKD", item.label)[:1].upper()
            key = first if first.isascii() and first.isalpha() else "other"
            title = f"{what}: {key}" if key != "other" else f"{what}: other initials"
            path = listing_part_path(kind, "by-name", key.lower())
        parts.setdefault(key, ListingPart(key, title, path)).items.append(item)
    order = sorted(parts, reverse=dated)
    if "undated" in parts:
        order.remove("undated")
        order.append("undated")
    return [parts[key] for key in order]
