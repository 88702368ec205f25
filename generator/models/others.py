"""People, organisations, countries, events, sources and statements."""

from __future__ import annotations

from enum import StrEnum
from functools import cache
from typing import Annotated, Any, ClassVar

import pycountry
from pydantic import Field, model_validator

from .base import (
    AgreementRef,
    AliasItem,
    Citation,
    Citations,
    Claim,
    CountryRef,
    Entity,
    EventRef,
    Model,
    OrganisationRef,
    PersonRef,
    Text,
    Url,
)
from .commitment import Commitment
from .dates import Date

WikidataId = Annotated[str, Field(pattern=r"^Q[1-9][0-9]*$")]
LangCode = Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]


class NativeName(Model):
    name: Text
    lang: LangCode
    """ISO 639 language code of the name, e.g. 'uk' for Ukrainian."""
    sources: list[Citation] = []
    """Sources that print the name in this script."""


class Position(Model):
    DATE_RANGE = ("start", "end")
    title: Text
    """The office as the source names it, e.g. 'Prime Minister'."""
    organisation: OrganisationRef | None = None
    country: CountryRef | None = None
    start: Date | None = None
    end: Date | None = None
    end_reason: Text | None = None
    """What ended the term, when known."""
    note: Text | None = None
    """What the source says about the term when it gives no date ('had served two years')."""
    sources: Citations


class Person(Entity):
    """A person who signs, negotiates, speaks about or reports on agreements."""

    KIND: ClassVar[str] = "people"
    name: Text
    """The name in its usual English spelling."""
    native_names: list[NativeName] = []
    aliases: list[AliasItem] = []
    """Other spellings and transliterations (Zelensky, Zelenskiy...)."""
    wikidata: WikidataId | None = None
    summary: Text | None = None
    positions: list[Position] = []
    sources: Citations


class OrganisationKind(StrEnum):
    alliance = "alliance"
    union = "union"
    coalition = "coalition"
    international_organisation = "international-organisation"
    military_unit = "military-unit"
    military_centre = "military-centre"
    logistics_centre = "logistics-centre"
    ministry = "ministry"
    government_office = "government-office"
    armed_forces = "armed-forces"
    council = "council"
    agency = "agency"
    company = "company"
    media = "media"
    historical_state = "historical-state"
    other = "other"


class Membership(Model):
    DATE_RANGE = ("start", "end")
    ONE_OF = ("country", "organisation")
    country: CountryRef | None = None
    organisation: OrganisationRef | None = None
    start: Date | None = None
    end: Date | None = None
    role: Text | None = None
    sources: Citations


class Founding(Model):
    date: Date | None = None
    place: Text | None = None
    country: CountryRef | None = None
    note: Text | None = None
    sources: Citations


class Organisation(Entity):
    """An alliance, ministry, military unit, centre, coalition or other body."""

    KIND: ClassVar[str] = "organisations"
    name: Text
    acronyms: list[Text] = []
    aliases: list[AliasItem] = []
    kind: OrganisationKind
    country: CountryRef | None = None
    """The state the organisation belongs to, for national bodies."""
    parent: OrganisationRef | None = None
    members: list[Membership] = []
    founded: Founding | None = None
    dissolved: Date | None = None
    wikidata: WikidataId | None = None
    summary: Text | None = None
    claims: list[Claim] = []
    sources: Citations


@cache
def iso_country(code: str) -> Any:
    """The ISO 3166 record for a lower-case alpha-2 code, or None when there is none (cached:
    country names are printed on most pages)."""
    return pycountry.countries.get(alpha_2=code.upper())


class Country(Entity):
    """Facts about a state beyond its ISO record. The file name is the ISO alpha-2 code."""

    KIND: ClassVar[str] = "countries"
    name: Text | None = None
    """Usual English short name, when ISO's differs ('Russia' for 'Russian Federation')."""
    native_names: list[NativeName] = []
    aliases: list[AliasItem] = []
    wikidata: WikidataId | None = None
    summary: Text | None = None
    claims: list[Claim] = []
    sources: Citations

    @property
    def label(self) -> str:
        if self.name:
            return self.name
        record = iso_country(self.id or "")
        if record is None:
            return self.id or ""
        return str(getattr(record, "common_name", None) or record.name)

    @property
    def iso_name(self) -> str:
        record = iso_country(self.id or "")
        return str(record.name) if record else ""


class Participant(Model):
    ONE_OF = ("person", "organisation", "country")
    person: PersonRef | None = None
    organisation: OrganisationRef | None = None
    country: CountryRef | None = None
    role: Text | None = None
    sources: Citations


class EventKind(StrEnum):
    meeting = "meeting"
    visit = "visit"
    signing = "signing"
    negotiation = "negotiation"
    summit = "summit"
    attack = "attack"
    incident = "incident"
    war = "war"
    election = "election"
    ceremony = "ceremony"
    announcement = "announcement"
    other = "other"


class Event(Entity):
    """Something that happened on a date: a visit, a signing, an attack, a meeting."""

    DATE_RANGE = ("date", "end_date")
    KIND: ClassVar[str] = "events"
    title: Text
    kind: EventKind
    date: Date | None = None
    end_date: Date | None = None
    place: Text | None = None
    country: CountryRef | None = None
    summary: Text | None = None
    """What happened."""
    participants: list[Participant] = []
    agreements: list[AgreementRef] = []
    """Agreements signed, negotiated or discussed at the event."""
    part_of: EventRef | None = None
    commitments: list[Commitment] = []
    """Money pledged, allocated or delivered at the event, outside an agreement."""
    claims: list[Claim] = []
    sources: Citations


class SourceKind(StrEnum):
    news_report = "news-report"
    official_statement = "official-statement"
    agreement_text = "agreement-text"
    analysis = "analysis"
    database = "database"
    encyclopedia = "encyclopedia"
    other = "other"


class Source(Entity):
    """A document that states facts: every fact on the site cites at least one."""

    KIND: ClassVar[str] = "sources"
    title: Text | None = None
    """The headline or title as printed; omit when the document has none."""
    description: Text | None = None
    """What the document is, for one without a title (not a made-up headline)."""
    kind: SourceKind
    """What sort of document it is."""
    publisher: Text | None = None
    """The outlet or body that published it, as the document shows."""
    quoting: list[Text] = []
    """Outlets the document says it reports from or quotes (e.g. 'Daily Record')."""
    authors: list[PersonRef] = []
    author_names: list[Text] = []
    """Authors without a page of their own."""
    url: Url | None = None
    archive_url: Url | None = None
    published: Date | None = None
    retrieved: Date | None = None
    language: LangCode
    """ISO 639 code of the language the document is written in, e.g. 'en', 'uk', 'pl'."""
    note: Text | None = None

    ANY_OF = ("title", "description")

    @model_validator(mode="after")
    def _named(self) -> Source:
        if all(getattr(self, name) is None for name in self.ANY_OF):
            raise ValueError(
                "give 'title' (as printed) or, for an untitled document, 'description'"
            )
        return self

    @property
    def label(self) -> str:
        return self.title or f"[{self.description}]"


class Rendering(Model):
    text: Text
    """The words as this source gives them."""
    lang: LangCode
    sources: Citations


class Statement(Entity):
    """Words attributed to a person or body, in one or more renderings."""

    ONE_OF = ("speaker", "speaker_organisation")

    KIND: ClassVar[str] = "statements"
    speaker: PersonRef | None = None
    """Who said it (id of a file in people/)."""
    speaker_organisation: OrganisationRef | None = None
    date: Date | None = None
    event: EventRef | None = None
    context: Text | None = None
    renderings: list[Rendering] = Field(min_length=1)
    """The quotation; two renderings of the same words from two sources are both kept."""
    agreements: list[AgreementRef] = []
    """Agreements the statement is about."""
    countries: list[CountryRef] = []
    """Countries the statement speaks about."""
    commitments: list[Commitment] = []
    """Money the speaker pledges or announces in these words, outside an agreement."""

    @property
    def label(self) -> str:
        first = self.renderings[0].text
        return first if len(first) <= 80 else first[:77].rstrip() + "…"
