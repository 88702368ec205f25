"""The names an item is found by: those its contributors wrote, and the spellings readers type.

Search (Pagefind) folds what Unicode decomposes (Nausėda is found as Nauseda, Władysław as
Wladyslaw) but not letters that are letters of their own: Støre is not found as Store. So an
item's page also carries, index-only, each of its names with such letters written in ASCII
(ø as o) and as German and Nordic readers transcribe them (ø as oe), and the words of its id. The
theme weights these like a title, so the item's own page comes first for any of its names.
"""

from __future__ import annotations

import unicodedata
from typing import Any

_OWN_LETTERS = str.maketrans(
    {"ø": "o", "Ø": "O", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ß": "ss", "ł": "l",
     "Ł": "L", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D", "þ": "th", "Þ": "Th", "ı": "i"}
)  # fmt: skip
_TRANSCRIBED = str.maketrans(
    {"ø": "oe", "Ø": "Oe", "å": "aa", "Å": "Aa", "ä": "ae", "Ä": "Ae", "ö": "oe", "Ö": "Oe",
     "ü": "ue", "Ü": "Ue"}
)  # fmt: skip


def _without_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", kept)


def folded(name: str) -> list[str]:
    """The ASCII spellings of a name a reader may type: 'Støre' -> ['Store', 'Stoere']."""
    plain = _without_marks(name.translate(_OWN_LETTERS))
    transcribed = _without_marks(name.translate(_TRANSCRIBED).translate(_OWN_LETTERS))
    # Only Latin spellings: a Cyrillic й without its breve is no spelling anyone writes.
    return [v for v in dict.fromkeys((plain, transcribed)) if v != name and v.isascii()]


def other_names(item: Any) -> list[str]:
    """Every other name an item's contributors wrote, in the order its page lists them."""
    names = [n.name for n in getattr(item, "native_names", [])]
    names += list(getattr(item, "acronyms", [])) + [a.name for a in getattr(item, "aliases", [])]
    return list(dict.fromkeys(names))


def search_names(item: Any) -> list[str]:
    """What search finds the item's own page by first: its name, short title and other names,
    every name folded to ASCII, and the words of its id. Only kinds whose items have names
    (an `aliases` field): a source's or an event's title describes it, and weighting it like a
    name would put every report titled with a person's name above the person."""
    if not hasattr(item, "aliases"):
        return []
    # An agreement's title describes it, like a report's; its names are its short title and
    # aliases (the title is still found, as the page's heading).
    titled = hasattr(item, "short_title")
    short_title = getattr(item, "short_title", None)
    names = [*([] if titled else [item.label]), *([short_title] if short_title else [])]
    names += other_names(item)
    names += [spelling for name in names for spelling in folded(name)]
    names.append((item.id or "").replace("-", " "))
    seen = {item.label.casefold()} if titled else set()
    unique = []
    for name in names:  # search ignores case: 'jonas gahr store' repeats 'Jonas Gahr Store'
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            unique.append(name)
    return unique
