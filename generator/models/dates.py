"""Dates as sources state them: year, month or day precision, maybe approximate or uncertain.

The written forms follow EDTF (ISO 8601-2) level 1: `2024`, `2024-07`, `2024-07-08`, with `~`
for approximate and `?` for uncertain. A source's publication time may add `T17:17`. An unknown
date is simply left out: no precision is ever invented.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import PlainSerializer, PlainValidator, WithJsonSchema

_DATE_RE = re.compile(
    r"^(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2})"
    r"(?:T(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}))?)?)?(?P<qualifier>[~?%])?$"
)
# For editors: months 01-12 and days 01-31 (the models also check each month's length).
DATE_PATTERN = (
    r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01])(T([01]\d|2[0-3]):[0-5]\d)?)?)?[~?%]?$"
)
DATE_HINT = "write YYYY, YYYY-MM or YYYY-MM-DD, with ~ if approximate or ? if uncertain"
_MONTHS = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]  # fmt: skip


@dataclass(frozen=True, order=True)
class FuzzyDate:
    """A date known to some precision. Orders by its earliest possible moment."""

    year: int
    month: int | None = None
    day: int | None = None
    time: str | None = None
    approximate: bool = False
    uncertain: bool = False

    @property
    def precision(self) -> str:
        if self.time:
            return "minute"
        if self.day:
            return "day"
        return "month" if self.month else "year"

    @property
    def sort_key(self) -> tuple[int, int, int, str]:
        return (self.year, self.month or 0, self.day or 0, self.time or "")

    @property
    def iso(self) -> str:
        """The known part as an HTML `datetime` value: `2024`, `2024-07`, `2024-07-08T17:17`."""
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text + (f"T{self.time}" if self.time else "")

    def __str__(self) -> str:
        text = self.iso
        if self.approximate and self.uncertain:
            return text + "%"
        return text + ("~" if self.approximate else "?" if self.uncertain else "")

    def human(self) -> str:
        """Reader-facing form that shows exactly the known precision: '8 July 2024', 'July 2024'."""
        parts = [str(self.year)]
        if self.month:
            parts.insert(0, _MONTHS[self.month - 1])
        if self.day:
            parts.insert(0, str(self.day))
        text = " ".join(parts)
        if self.time:
            text += f", {self.time}"
        if self.approximate:
            text = "about " + text
        if self.uncertain:
            text += " (uncertain)"
        return text


def parse_date(value: object) -> FuzzyDate:
    """Parse the written form; raise ValueError with a hint when it is not a real date."""
    if isinstance(value, FuzzyDate):
        return value
    if not isinstance(value, str):
        raise ValueError(f"a date is text: {DATE_HINT}")
    match = _DATE_RE.fullmatch(value)  # ASCII digits only, nothing after (no newline)
    if not match:
        raise ValueError(f"'{value}' is not a date: {DATE_HINT}")
    year = int(match["year"])
    month = int(match["month"]) if match["month"] else None
    day = int(match["day"]) if match["day"] else None
    if month is not None and not 1 <= month <= 12:
        raise ValueError(f"'{value}' has no month {month}: {DATE_HINT}")
    if day is not None and month is not None:
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            raise ValueError(
                f"'{value}' is not a date: {_MONTHS[month - 1]} {year} has {last} days"
            )
    time = None
    if match["hour"]:
        if int(match["hour"]) > 23 or int(match["minute"]) > 59:
            raise ValueError(f"'{value}' has no such time of day: write THH:MM, 00:00 to 23:59")
        time = f"{match['hour']}:{match['minute']}"
    qualifier = match["qualifier"] or ""
    return FuzzyDate(
        year,
        month,
        day,
        time,
        qualifier in "~%" and bool(qualifier),
        qualifier in "?%" and bool(qualifier),
    )


def _serialize(value: FuzzyDate) -> str:
    return str(value)


# Editors read a bare `2024` as a number, so the schema they use accepts a four-digit year too.
_SCHEMA: dict[str, Any] = {
    "anyOf": [
        {"type": "string", "pattern": DATE_PATTERN},
        {"type": "integer", "minimum": 1000, "maximum": 9999},
    ],
    "description": "EDTF date: YYYY, YYYY-MM or YYYY-MM-DD; ~ approximate, ? uncertain",
}

Date = Annotated[
    FuzzyDate,
    PlainValidator(parse_date),
    PlainSerializer(_serialize, return_type=str),
    WithJsonSchema(_SCHEMA),
]


def earliest_end_before_start(start: FuzzyDate | None, end: FuzzyDate | None) -> bool:
    """True when `end` is certainly before `start` at the precision both share."""
    if start is None or end is None:
        return False
    shared = min(
        len([x for x in (start.month, start.day) if x]), len([x for x in (end.month, end.day) if x])
    )
    return end.sort_key[: 1 + shared] < start.sort_key[: 1 + shared]
