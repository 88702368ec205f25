"""Building blocks shared by every content kind: text, ids, references, citations, claims."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    PlainValidator,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema

from ..load import ID_PATTERN
from .dates import Date, earliest_end_before_start
from .unicode_rules import describe, invisible_character, mixed_script_word


def clean_text(value: str) -> str:
    """NFC-normalise and trim; refuse what a reader would not see, or would misread (see
    unicode_rules). The one place text is normalised."""
    hidden = invisible_character(value)
    if hidden:
        raise ValueError(f"invisible or control character {describe(hidden)} in text: delete it")
    if not value.isascii():  # ASCII text is already in NFC: skip the (slower) normalisation
        value = unicodedata.normalize("NFC", value)
    value = value.strip()
    if not value:
        raise ValueError("empty text: omit the field when the fact is unknown")
    mixed = mixed_script_word(value)
    if mixed:
        word, letter = mixed
        raise ValueError(
            f"the word '{word}' mixes scripts ({describe(letter)}): write it in one script"
        )
    return value


Text = Annotated[str, AfterValidator(clean_text)]
Id = Annotated[str, Field(pattern=ID_PATTERN)]

_URL_RE = re.compile(
    r"^(https?://[A-Za-z0-9.-]+(:[0-9]+)?(/[^\s<>\"'`]*)?|mailto:[^\s<>\"'`:/]+@[A-Za-z0-9.-]+)$"
)


def check_url(value: str) -> str:
    """Allow only http(s) and mailto addresses written plainly, in lower-case schemes."""
    if not _URL_RE.fullmatch(value):
        raise ValueError(
            f"'{value}' is not an allowed address: write an http://, https:// or mailto: URL"
        )
    return value


def _flag(value: object) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise ValueError(f"'{value}' is not true or false: write true or false")


Flag = Annotated[bool, PlainValidator(_flag), WithJsonSchema({"type": "boolean"})]


def _whole_number(value: object) -> object:
    # int() and pydantic's lax mode also take "1_0", " 10", "٢٠" or "１０", and the export would
    # then show a number the file does not hold: only the ASCII digits 0-9 are numbers here.
    if isinstance(value, str) and not re.fullmatch("0|[1-9][0-9]*", value):
        raise ValueError(f"'{value}' is not a whole number: write digits 0-9 only, e.g. 10")
    return value


DIGITS_ONLY = BeforeValidator(_whole_number)
"""Annotation for an int field: written with the ASCII digits 0-9 and no leading zero (after
the field's own constraints in the Annotated list, so they stay in the JSON Schema)."""
"""A yes/no fact, written exactly `true` or `false` (YAML 1.1's yes/no/on/off are refused)."""

Url = Annotated[str, AfterValidator(clean_text), AfterValidator(check_url)]


class Model(BaseModel):
    """Strict base: unknown fields are errors; values are validated, never silently coerced."""

    model_config = ConfigDict(extra="forbid", frozen=False, use_attribute_docstrings=True)
    ONE_OF: ClassVar[tuple[str, ...]] = ()
    """Fields of which exactly one must be given (a party is a country or an organisation)."""
    ANY_OF: ClassVar[tuple[str, ...]] = ()
    """Fields of which at least one must be given (the model's own validator says so)."""
    DATE_RANGE: ClassVar[tuple[str, str] | None] = None
    """Start and end date fields; an end certainly before its start is refused, at the end."""

    @model_validator(mode="after")
    def _shared_checks(self) -> Self:
        if self.ONE_OF:
            exactly_one(self, *self.ONE_OF)
        if self.DATE_RANGE:
            start_field, end_field = self.DATE_RANGE
            start, end = getattr(self, start_field), getattr(self, end_field)
            if earliest_end_before_start(start, end):
                what = type(self).__name__.lower()
                raise FieldError((end_field,), f"{what} ends ({end}) before it starts ({start})")
        return self


class Ref:
    """A reference to another content item by id; `Graph.target` finds the item it names."""

    __slots__ = ("id", "kind")

    def __init__(self, kind: str, id: str) -> None:
        self.kind = kind
        self.id = id

    def __repr__(self) -> str:
        return f"Ref({self.kind}:{self.id})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Ref) and (self.kind, self.id) == (other.kind, other.id)

    def __hash__(self) -> int:
        return hash((self.kind, self.id))


COUNTRY_PATTERN = r"^[a-z]{2}$"
_COUNTRY_RE = re.compile(COUNTRY_PATTERN)


_ID_RE = re.compile(ID_PATTERN)


@dataclass(frozen=True)
class RefTo:
    """Annotation marker: the field holds an id of an item of `kind`, resolved later."""

    kind: str

    @property
    def pattern(self) -> str:
        return COUNTRY_PATTERN if self.kind == "countries" else ID_PATTERN

    def validate(self, value: object) -> Ref:
        if isinstance(value, Ref):
            return value
        matcher = _COUNTRY_RE if self.kind == "countries" else _ID_RE
        if not isinstance(value, str) or not matcher.match(value):
            if self.kind == "countries":
                raise ValueError(
                    f"'{value}' is not a lower-case ISO 3166 alpha-2 code such as 'pl'"
                )
            raise ValueError(f"'{value}' is not an id: use lower-case letters, digits, hyphens")
        return Ref(self.kind, value)

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_plain_validator_function(
            self.validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda ref: ref.id, return_schema=core_schema.str_schema()
            ),
        )

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {
            "type": "string",
            "pattern": self.pattern,
            "description": f"id of an item in {self.kind}/",
            "x-refers-to": self.kind,  # an annotation validators ignore; the field docs read it
        }


AgreementRef = Annotated[Ref, RefTo("agreements")]
PersonRef = Annotated[Ref, RefTo("people")]
OrganisationRef = Annotated[Ref, RefTo("organisations")]
CountryRef = Annotated[Ref, RefTo("countries")]
EventRef = Annotated[Ref, RefTo("events")]
SourceRef = Annotated[Ref, RefTo("sources")]
StatementRef = Annotated[Ref, RefTo("statements")]


@dataclass(frozen=True)
class Shorthand:
    """Annotation marker: a plain string stands for a mapping with that string under `key`
    (`- some-source` means `- source: some-source`); the JSON Schema allows both forms."""

    key: str
    string_schema: tuple[tuple[str, str], ...] = ()

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        def expand(value: object) -> object:
            return {self.key: value} if isinstance(value, str) else value

        return core_schema.no_info_before_validator_function(expand, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        short = {"type": "string", **dict(self.string_schema), "x-shorthand-for": self.key}
        return {"anyOf": [short, handler(schema)]}


class CitationFields(Model):
    """Where a fact comes from: a source id, or the id with a locator and the exact quote."""

    source: SourceRef
    """The source that states the fact (id of a file in sources/)."""
    locator: Text | None = None
    """Where in the source: a page, paragraph or section."""
    quote: Text | None = None
    """The words of the source that support the fact, quoted exactly."""


Citation = Annotated[CitationFields, Shorthand("source", (("pattern", ID_PATTERN),))]
Citations = Annotated[list[Citation], Field(min_length=1)]


class Alias(Model):
    """Another name an item is known by: plain text, or the name with its language and sources."""

    name: Text
    """Another spelling, transliteration, translation or former name."""
    lang: Annotated[str, Field(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$")] | None = None
    """Language of this spelling (ISO 639 code such as 'uk', 'pl', 'en')."""
    sources: list[Citation] = []
    """Sources that use this spelling."""


AliasItem = Annotated[Alias, Shorthand("name")]


class Claim(Model):
    """One value for one property, as a source states it. Several claims on the same property
    with different values make a disputed fact; all are kept and shown side by side."""

    property: Text
    """What the value is about, e.g. 'drones that entered Polish airspace'."""
    value: Text
    """The value as the source gives it."""
    note: Text | None = None
    """Qualifier or context of the value."""
    countries: list[CountryRef] = []
    """Countries the fact concerns, so their pages can list it."""
    sources: Citations
    """Sources that state this value."""


class Entity(Model):
    """A content item stored in one file; its id is the file name."""

    KIND: ClassVar[str] = ""
    id: Id | None = None
    """Optional; when written it must equal the file name (without .yaml)."""
    former_ids: list[Id] = []
    """Ids the item had before its file was renamed: their addresses redirect to its page, so
    links and citations to the old address keep working."""

    @model_validator(mode="before")
    @classmethod
    def _id_from_file_name(cls, data: Any, info: ValidationInfo) -> Any:
        # The id is the file name: validation sets it (models are not changed afterwards).
        file_id = (info.context or {}).get("file_id")
        if file_id and isinstance(data, dict) and "id" not in data:
            return {**data, "id": file_id}
        return data

    @property
    def label(self) -> str:
        # The fields' values by name: a model without `name` would raise AttributeError, which
        # pydantic makes slowly (the label is asked for 25 times a page).
        fields = self.__dict__
        return str(fields.get("name") or fields.get("title") or self.id)

    @property
    def page_path(self) -> str:
        """Path of the item's Markdown page inside the site."""
        return f"{self.KIND}/{self.id}.md"


class FieldError(ValueError):
    """A model-level check that blames one field, so the error points at that field's line."""

    def __init__(self, loc: tuple[str, ...], message: str) -> None:
        super().__init__(message)
        self.loc = loc


def exactly_one(model: BaseModel, *fields: str) -> None:
    given = [name for name in fields if getattr(model, name) is not None]
    if len(given) != 1:
        names = " or ".join(f"'{name}'" for name in fields)
        raise ValueError(f"give exactly one of {names}")


__all__ = [
    "Alias",
    "AliasItem",
    "Claim",
    "Date",
    "Entity",
    "Model",
    "model_validator",
]
