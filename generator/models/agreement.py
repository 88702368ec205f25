"""An agreement between states or organisations, and everything it commits its parties to."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar

from pydantic import Field, model_validator

from .base import (
    DIGITS_ONLY,
    AgreementRef,
    AliasItem,
    Citation,
    Citations,
    Claim,
    CountryRef,
    Entity,
    EventRef,
    FieldError,
    Flag,
    Model,
    OrganisationRef,
    PersonRef,
    Text,
)
from .commitment import Commitment
from .dates import Date, earliest_end_before_start


class AgreementKind(StrEnum):
    """The form of the document, as its title or the sources name it."""

    treaty = "treaty"
    agreement = "agreement"
    declaration = "declaration"
    joint_statement = "joint-statement"
    memorandum = "memorandum"
    letter_of_intent = "letter-of-intent"
    protocol = "protocol"
    exchange_of_letters = "exchange-of-letters"
    programme = "programme"
    union = "union"
    other = "other"


class LegalNature(StrEnum):
    """Whether the document binds its parties in international law or only politically."""

    legally_binding = "legally-binding"
    politically_binding = "politically-binding"


class Status(StrEnum):
    """Stages in an agreement's life (see the glossary page for each definition)."""

    announced = "announced"
    negotiating = "negotiating"
    initialled = "initialled"
    signed = "signed"
    ratified = "ratified"
    provisionally_applied = "provisionally-applied"
    in_force = "in-force"
    suspended = "suspended"
    expired = "expired"
    terminated = "terminated"
    withdrawn = "withdrawn"
    superseded = "superseded"
    discussed = "discussed"


class PartyAction(StrEnum):
    """What one party did with the agreement, each on its own date (UN treaty practice)."""

    signed = "signed"
    ratified = "ratified"
    accepted = "accepted"
    approved = "approved"
    acceded = "acceded"
    provisionally_applied = "provisionally-applied"
    entered_into_force = "entered-into-force"
    withdrew = "withdrew"
    denounced = "denounced"
    suspended = "suspended"


class ProvisionCategory(StrEnum):
    """What a provision commits the parties to. Definitions are on the glossary page."""

    defence_commitment = "defence-commitment"
    consultation = "consultation"
    military_cooperation = "military-cooperation"
    non_aggression = "non-aggression"
    air_defence = "air-defence"
    military_assistance = "military-assistance"
    training = "training"
    military_units = "military-units"
    defence_industry = "defence-industry"
    logistics = "logistics"
    intelligence = "intelligence"
    cyber_security = "cyber-security"
    maritime_security = "maritime-security"
    information_security = "information-security"
    critical_infrastructure = "critical-infrastructure"
    recovery_reconstruction = "recovery-reconstruction"
    border_transit = "border-transit"
    political_cooperation = "political-cooperation"
    sanctions = "sanctions"
    accountability = "accountability"
    eu_membership = "eu-membership"
    nato_membership = "nato-membership"
    financial_support = "financial-support"
    humanitarian = "humanitarian"
    arms_control = "arms-control"
    term_and_termination = "term-and-termination"
    other = "other"


class Signatory(Model):
    person: PersonRef
    """Who signed for the party."""
    role: Text
    """The signatory's office at the time of signing, e.g. 'Prime Minister of Poland'."""
    sources: Citations


class Action(Model):
    action: PartyAction
    date: Date | None = None
    """When the party took the action; omit when unknown."""
    date_sources: list[Citation] = []
    """Sources for the date alone, when another source than the entry's states it (the
    entry's `sources` then cite the rest); the page shows them beside the date."""
    note: Text | None = None
    sources: Citations


class Party(Model):
    ONE_OF = ("country", "organisation")
    country: CountryRef | None = None
    """A state party (ISO code); give this or `organisation`."""
    organisation: OrganisationRef | None = None
    """An organisation or historical state that is a party."""
    signatories: list[Signatory] = []
    actions: list[Action] = []
    """The party's own dated actions: signature, ratification, withdrawal..."""


class Signing(Model):
    date: Date | None = None
    date_sources: list[Citation] = []
    """Sources for the date alone, when another source than the entry's states it (the
    entry's `sources` then cite the rest); the page shows them beside the date."""
    place: Text | None = None
    """City or venue where the agreement was signed."""
    country: CountryRef | None = None
    """Country of the place of signing."""
    sources: Citations


class EntryIntoForce(Model):
    date: Date | None = None
    date_sources: list[Citation] = []
    """Sources for the date alone, when another source than the entry's states it (the
    entry's `sources` then cite the rest); the page shows them beside the date."""
    note: Text | None = None
    sources: Citations


class Term(Model):
    years: Annotated[int, Field(ge=1, le=1000), DIGITS_ONLY] | None = None
    """Duration in years, when a fixed term is stated."""
    description: Text
    """The term as stated, e.g. '10 years, or until Ukraine joins NATO'."""
    sources: Citations


class StatusChange(Model):
    status: Status
    date: Date | None = None
    date_sources: list[Citation] = []
    """Sources for the date alone, when another source than the entry's states it (the
    entry's `sources` then cite the rest); the page shows them beside the date."""
    party: CountryRef | None = None
    """The party concerned, for changes by one party (e.g. a withdrawal)."""
    note: Text | None = None
    sources: Citations


class Provision(Model):
    category: ProvisionCategory
    text: Text
    """What the provision commits the parties to, in the source's terms."""
    conditional: Flag | None = None
    """True when the obligation applies only under a condition (ATOP coding)."""
    sources: Citations


class RelationKind(StrEnum):
    amends = "amends"
    supersedes = "supersedes"
    implements = "implements"
    complements = "complements"
    commemorates = "commemorates"
    part_of_series = "part-of-series"
    related = "related"


INVERSE: dict[RelationKind, str] = {
    RelationKind.amends: "amended by",
    RelationKind.supersedes: "superseded by",
    RelationKind.implements: "implemented by",
    RelationKind.complements: "complemented by",
    RelationKind.commemorates: "commemorated by",
    RelationKind.part_of_series: "in the same series as",
    RelationKind.related: "related to",
}
"""How a relation reads from the other agreement's page ('superseded by X')."""


class Related(Model):
    agreement: AgreementRef
    relation: RelationKind = RelationKind.related
    note: Text | None = None
    sources: Citations


class Involvement(Model):
    organisation: OrganisationRef
    role: Text
    """What the organisation does under the agreement."""
    sources: Citations


class Stance(Model):
    """A state's or organisation's stated position on the agreement, e.g. on sending troops."""

    ONE_OF = ("country", "organisation")

    country: CountryRef | None = None
    organisation: OrganisationRef | None = None
    stance: Text
    sources: Citations


class Agreement(Entity):
    """A treaty, agreement, declaration or other document between parties."""

    KIND: ClassVar[str] = "agreements"
    title: Text
    """Full title, as officially given or as the sources describe it."""
    short_title: Text | None = None
    aliases: list[AliasItem] = []
    kind: AgreementKind
    legal_nature: LegalNature | None = None
    summary: Text | None = None
    parties: list[Party] = Field(default_factory=list)
    signing: Signing | None = None
    entry_into_force: EntryIntoForce | None = None
    term: Term | None = None
    status: list[StatusChange] = []
    """Dated history of the agreement's status, oldest first."""
    provisions: list[Provision] = []
    related: list[Related] = []
    organisations: list[Involvement] = []
    commitments: list[Commitment] = []
    """Money the agreement commits: pledges, allocations, deliveries."""
    events: list[EventRef] = []
    """Events in the agreement's life (negotiation rounds, signing ceremony...)."""
    stances: list[Stance] = []
    """Positions states or organisations have taken on it (for agreements under discussion)."""
    claims: list[Claim] = []
    """Further facts, possibly disputed between sources."""
    sources: Citations

    @model_validator(mode="after")
    def _dates_in_order(self) -> Agreement:
        signed = self.signing.date if self.signing else None
        in_force = self.entry_into_force.date if self.entry_into_force else None
        if earliest_end_before_start(signed, in_force):
            raise FieldError(
                ("entry_into_force", "date"),
                f"entry into force ({in_force}) is before signing ({signed})",
            )
        return self


CATEGORY_INFO: dict[ProvisionCategory, tuple[str, str]] = {
    ProvisionCategory.defence_commitment: (
        "Defence commitment",
        "A party will come to the other's defence if it is attacked (ATOP 'defence').",
    ),
    ProvisionCategory.consultation: (
        "Consultation",
        "The parties will consult each other, for example within 24 hours of an attack.",
    ),
    ProvisionCategory.military_cooperation: (
        "Military cooperation",
        "General cooperation between armed forces or defence ministries.",
    ),
    ProvisionCategory.non_aggression: ("Non-aggression", "The parties will not attack each other."),
    ProvisionCategory.air_defence: (
        "Air defence",
        "Protecting airspace: detecting and intercepting missiles, drones and aircraft.",
    ),
    ProvisionCategory.military_assistance: (
        "Military assistance",
        "Weapons, equipment, munitions or other military aid from one party to another.",
    ),
    ProvisionCategory.training: ("Training", "Training of personnel, exercises and education."),
    ProvisionCategory.military_units: (
        "Military units",
        "Creating, hosting or staffing units and formations (legions, brigades, centres).",
    ),
    ProvisionCategory.defence_industry: (
        "Defence industry",
        "Joint production, investment and industrial cooperation in defence.",
    ),
    ProvisionCategory.logistics: ("Logistics", "Logistics hubs, transport and supply of forces."),
    ProvisionCategory.intelligence: ("Intelligence", "Sharing intelligence and assessments."),
    ProvisionCategory.cyber_security: ("Cyber security", "Cooperation against cyber threats."),
    ProvisionCategory.maritime_security: ("Maritime security", "Security at sea and of shipping."),
    ProvisionCategory.information_security: (
        "Information security",
        "Countering disinformation and protecting information.",
    ),
    ProvisionCategory.critical_infrastructure: (
        "Critical infrastructure",
        "Protecting energy, transport and other critical infrastructure.",
    ),
    ProvisionCategory.recovery_reconstruction: (
        "Recovery and reconstruction",
        "Economic recovery and rebuilding after war damage.",
    ),
    ProvisionCategory.border_transit: (
        "Border and transit",
        "Border infrastructure, crossings and transit capacity.",
    ),
    ProvisionCategory.political_cooperation: (
        "Political cooperation",
        "Coordination of policy: European integration, peace plans and diplomacy.",
    ),
    ProvisionCategory.sanctions: (
        "Sanctions",
        "Sanctions against an aggressor and their enforcement.",
    ),
    ProvisionCategory.accountability: (
        "Accountability",
        "Compensation for damage and holding the aggressor accountable.",
    ),
    ProvisionCategory.eu_membership: (
        "EU membership",
        "Support for membership of the European Union.",
    ),
    ProvisionCategory.nato_membership: ("NATO membership", "Support for membership of NATO."),
    ProvisionCategory.financial_support: ("Financial support", "Budget, loans and financial aid."),
    ProvisionCategory.humanitarian: ("Humanitarian", "Aid to civilians, refugees and the wounded."),
    ProvisionCategory.arms_control: ("Arms control", "Limits on weapons, such as landmine bans."),
    ProvisionCategory.term_and_termination: (
        "Term and termination",
        "How long the agreement lasts and how it ends.",
    ),
    ProvisionCategory.other: ("Other", "Commitments that fit no other category."),
}

STATUS_INFO: dict[Status, str] = {
    Status.announced: "A government has said the agreement will be made.",
    Status.negotiating: "The parties are negotiating the text.",
    Status.initialled: "Negotiators have initialled the agreed text; it is not yet signed.",
    Status.signed: "Representatives of the parties have signed it.",
    Status.ratified: "A party has ratified it under its own law.",
    Status.provisionally_applied: "Applied before formally entering into force.",
    Status.in_force: "It binds (or, if political, applies to) its parties.",
    Status.suspended: "Its application is suspended.",
    Status.expired: "Its term has ended.",
    Status.terminated: "The parties ended it.",
    Status.withdrawn: "A party withdrew from it (the party is named).",
    Status.superseded: "Another agreement replaced it.",
    Status.discussed: "Discussed between states, with no agreed text known.",
}
