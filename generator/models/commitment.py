"""Money a party commits, as the sources state it: pledges, allocations and deliveries.

Amounts are exact decimals written with the digits 0-9 (`2.5` with scale `billion`), in an ISO
4217 currency; amounts in different currencies are never converted or added together.
"""

from __future__ import annotations

import re
from decimal import MAX_EMAX, MAX_PREC, MIN_EMIN, Context, Decimal
from enum import StrEnum
from functools import cache
from typing import Annotated

import pycountry
from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

from ..errors import did_you_mean
from .base import Citations, CountryRef, Model, OrganisationRef, Text
from .dates import Date

_AMOUNT = re.compile(r"(0|[1-9][0-9]*)(\.[0-9]+)?")


def _amount(value: object) -> Decimal:
    if isinstance(value, Decimal):
        return value
    if not isinstance(value, str) or not _AMOUNT.fullmatch(value):
        raise ValueError(
            f"'{value}' is not an amount: write digits 0-9 with an optional decimal point, "
            "e.g. '2.5' with scale: billion (no spaces, commas or currency signs)"
        )
    return Decimal(value)


Amount = Annotated[
    Decimal,
    PlainValidator(_amount),
    PlainSerializer(str, return_type=str),  # Decimal keeps the digits as written ("2.50")
    WithJsonSchema({"type": "string", "pattern": r"^(0|[1-9][0-9]*)(\.[0-9]+)?$"}),
]


@cache
def currency_codes() -> frozenset[str]:
    return frozenset(currency.alpha_3 for currency in pycountry.currencies)


def _currency(value: object) -> str:
    if isinstance(value, str) and value in currency_codes():
        return value
    hint = did_you_mean(str(value).upper(), currency_codes())
    raise ValueError(f"'{value}' is not an ISO 4217 currency code{hint}: e.g. GBP, EUR, USD")


Currency = Annotated[
    str, PlainValidator(_currency), WithJsonSchema({"type": "string", "pattern": "^[A-Z]{3}$"})
]


class Scale(StrEnum):
    thousand = "thousand"
    million = "million"
    billion = "billion"


EXACT = Context(prec=MAX_PREC, Emax=MAX_EMAX, Emin=MIN_EMIN)
"""Arithmetic that never rounds: amounts and their totals stay exact at any length."""
FACTOR = {Scale.thousand: 10**3, Scale.million: 10**6, Scale.billion: 10**9}
EXPONENT = {Scale.thousand: 3, Scale.million: 6, Scale.billion: 9}


def plain(value: Decimal) -> str:
    """An exact decimal without exponent or trailing zeros: 2500000000, 0.5."""
    return format(value.normalize(EXACT), "f")


def written(currency: str, value: Decimal) -> str:
    """A total as a reader writes it: 'GBP 2.5 billion', 'EUR 750 million', 'USD 1200'."""
    for scale in (Scale.billion, Scale.million):
        if value >= FACTOR[scale]:
            return f"{currency} {plain(value.scaleb(-EXPONENT[scale], EXACT))} {scale.value}"
    return f"{currency} {plain(value)}"


class Purpose(StrEnum):
    """What the money is for."""

    military = "military"
    financial = "financial"
    humanitarian = "humanitarian"
    reconstruction = "reconstruction"
    other = "other"


class Stage(StrEnum):
    """How far the money has gone: announced as a pledge, allocated, or delivered."""

    pledge = "pledge"
    allocation = "allocation"
    delivery = "delivery"


class Commitment(Model):
    """An amount of money a state or organisation commits, as a source states it."""

    ONE_OF = ("by", "by_organisation")
    DATE_RANGE = ("period_start", "period_end")

    by: CountryRef | None = None
    """The state that gives it (ISO code)."""
    by_organisation: OrganisationRef | None = None
    """The organisation that gives it, when not a state."""
    to: CountryRef | None = None
    """The state that receives it, when the source says."""
    amount: Amount
    """The amount in digits as the source gives it, e.g. '2.5' (with scale: billion)."""
    scale: Scale | None = None
    """Thousand, million or billion, when the source writes the amount so ('2.5 billion')."""
    currency: Currency
    """ISO 4217 code: GBP, EUR, USD, JPY, NOK..."""
    period_start: Date | None = None
    """The period the money covers: a year (2024), or where a range starts."""
    period_end: Date | None = None
    """Where the period ends, for a range ('2024-2025')."""
    purpose: Purpose
    stage: Stage
    note: Text | None = None
    sources: Citations

    @property
    def value(self) -> Decimal:
        """The exact amount in units of the currency (`amount` times the scale)."""
        # scaleb moves the decimal point: exact at any length (a product would round at 28 digits)
        return self.amount.scaleb(EXPONENT[self.scale], EXACT) if self.scale else self.amount

    def __str__(self) -> str:
        """'GBP 2.5 billion': the amount as the source writes it."""
        return f"{self.currency} {self.amount}" + (f" {self.scale.value}" if self.scale else "")

    def summary(self) -> str:
        """'GBP 2.5 billion, military pledge, 2024': what a search record and a row say."""
        text = f"{self}, {self.purpose.value} {self.stage.value}"
        return f"{text}, {self.period()}" if self.period() else text

    def year(self) -> str:
        """The year the money is for: where its period starts. A commitment whose source gives
        no period is not put in a year (the year of its agreement is not the year it covers)."""
        return str(self.period_start.year) if self.period_start else "period not stated"

    def period(self) -> str:
        if self.period_start and self.period_end:
            return f"{self.period_start.human()} to {self.period_end.human()}"
        return self.period_start.human() if self.period_start else ""
