"""What text may hold: characters a reader sees, in one script per word.

Content is untrusted, and a name that displays as "Donald Tusk" must be "Donald Tusk": hidden
characters (controls, format characters such as the soft hyphen or tag characters, fillers,
variation selectors, non-characters, private-use and unassigned code points) and words that mix
scripts (a Cyrillic `а` inside a Latin word) are refused, with the code point named. Scripts
come from the Unicode data shipped by `confusable_homoglyphs`, which also gives the confusable
skeleton that finds two names that look the same (`skeleton`).
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from confusable_homoglyphs import categories

# Control characters, bidirectional controls, zero-width characters and byte-order marks: the
# ASCII-range part is checked even in ASCII text (the fast path skips the rest).
HIDDEN = re.compile(
    "[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]"
)
# General categories no reader can see or that hold no character: controls, format characters
# (U+00AD, U+180E, U+FFF9, the U+E0000 tag block...), surrogates, private use, unassigned (this
# includes the non-characters U+FDD0-U+FDEF and U+xFFFE, U+xFFFF), line and paragraph separators.
_INVISIBLE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
# Default-ignorable code points of other categories: the combining grapheme joiner, Hangul
# fillers, Khmer inherent vowels, Mongolian variation selectors, variation selectors.
_IGNORABLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u180f\u3164\ufe00-\ufe0f\uffa0"
    "\U000e0100-\U000e01ef]"
)
_WORD = re.compile(r"\w+")
# Scripts that mix with any other: punctuation, digits, combining marks.
_SHARED_SCRIPTS = {"COMMON", "INHERITED"}
# Scripts one language writes together in a word (Unicode TR39's "highly restrictive" sets):
# Japanese mixes Han, Hiragana and Katakana; Korean Han and Hangul; Chinese Han and Bopomofo.
_WRITTEN_TOGETHER = (
    frozenset({"HAN", "HIRAGANA", "KATAKANA"}),
    frozenset({"HAN", "HANGUL"}),
    frozenset({"HAN", "BOPOMOFO"}),
)


def describe(char: str) -> str:
    """`U+0430 CYRILLIC SMALL LETTER A`: how a message names a code point."""
    code = ord(char)
    noncharacter = 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE
    name = unicodedata.name(char, "(a non-character)" if noncharacter else "(unassigned)")
    return f"U+{code:04X} {name}"


def invisible_character(text: str) -> str | None:
    """The first character of `text` that a reader would not see, if any."""
    found = HIDDEN.search(text)
    if found:
        return found.group()
    if text.isascii():
        return None
    if not text.isprintable():  # C speed; only then look for which character it is
        for char in text:
            if unicodedata.category(char) in _INVISIBLE_CATEGORIES:
                return char
    ignorable = _IGNORABLE.search(text)
    return ignorable.group() if ignorable else None


def mixed_script_word(text: str) -> tuple[str, str] | None:
    """(word, the first letter of another script than the word's first) for the first word
    that mixes scripts, such as 'Donаld' with a Cyrillic `а`."""
    if text.isascii():
        return None
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        seen: set[str] = set()
        for char in word:
            script = categories.alias(char)
            if script in _SHARED_SCRIPTS or script in seen:
                continue
            seen.add(script)
            if len(seen) > 1 and not any(seen <= group for group in _WRITTEN_TOGETHER):
                return word, char
    return None


@cache
def _prototypes() -> dict[str, str]:
    """Character -> the one character its confusables group is written as (ASCII first)."""
    from confusable_homoglyphs.confusables import confusables_data

    table: dict[str, str] = {}
    for char, glyphs in confusables_data.items():
        if len(char) != 1:
            continue  # sequences: the skeleton folds single letters only
        group = [char, *(g["c"] for g in glyphs if len(g["c"]) == 1)]
        table[char] = min(group, key=lambda c: (not c.isascii(), ord(c)))
    return table


@cache  # every preview rebuild compares every name again
def skeleton(text: str) -> str:
    """What `text` looks like: compatibility forms and confusable letters folded, so that
    'Donald Tusk' and 'Donаld Tusk' (Cyrillic а) have one skeleton (Unicode TR39; case is kept,
    as there: folding case first would make Cyrillic В a small-capital ʙ, not a B)."""
    table = _prototypes()
    return "".join(table.get(c, c) for c in unicodedata.normalize("NFKD", text))
