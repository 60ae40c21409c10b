"""Text as readers see it: characters, numbers and the glossary.

Numbers are read with :mod:`mmref.numbers`, the site's one definition of how each language
writes them; this module only decides which numbers of a translation a reader sees and
whether the English text has each of them.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from mmref.numbers import read_numbers, write_decimal

#: Unicode categories a reader cannot see: format (bidi controls, zero-width), control,
#: private use, unassigned, line and paragraph separators
INVISIBLE_CATEGORIES = {"Cf", "Cc", "Co", "Cn", "Cs", "Zl", "Zp"}
BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: English number words: a translation may write them as digits
NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}
#: the group separators a Spanish reader accepts for the narrow no-break space
SPANISH_GROUP_SPACES = (" ", "\u00a0")


def hidden_characters(text: str) -> Iterator[tuple[str, str]]:
    """Characters of ``text`` a reader cannot see, as (rule, message)."""
    for char in dict.fromkeys(text):
        if char in "\n\t" or unicodedata.category(char) not in INVISIBLE_CATEGORIES:
            continue
        name = unicodedata.name(char, "unnamed")
        if char in BIDI:
            yield "bidi", (f"the translation contains the bidirectional control U+{ord(char):04X} "
                           f"{name}, which reorders what readers see; delete it")
        else:
            yield "invisible", (f"the translation contains the invisible character "
                                f"U+{ord(char):04X} {name}; delete it")


def foreign_digits(text: str) -> Iterator[tuple[str, str]]:
    """Digits that are not 0-9 (fullwidth, Arabic-Indic, ...): one message per kind."""
    for char in dict.fromkeys(c for c in text if unicodedata.category(c) == "Nd" and not c.isascii()):
        yield "number", (f"the translation writes the digit {char!r} (U+{ord(char):04X} "
                         f"{unicodedata.name(char, 'unnamed')}); write digits as 0-9")


def ascii_digits(text: str) -> str:
    """``text`` with every decimal digit of any script replaced by its ASCII digit."""
    return "".join(str(unicodedata.digit(c)) if unicodedata.category(c) == "Nd" else c
                   for c in text)


def _identifier_digits(english: str) -> Counter[Decimal]:
    """Digit runs in identifiers (``rank-1``) and number words (``three``) of English prose.

    A translation may spell ``rank-1`` out as "rango 1" or write "three" as 3: these values
    may appear in it as numbers.
    """
    allowed: Counter[Decimal] = Counter()
    for word in re.findall(r"[\w./-]+", english):
        if word.casefold() in NUMBER_WORDS:
            allowed[Decimal(NUMBER_WORDS[word.casefold()])] += 1
        elif not word[0].isdigit() or "_" in word or "/" in word:
            allowed.update(Decimal(d) for d in re.findall(r"[0-9]+", word))
    return allowed


def number_problems(english: str, spanish: str) -> Iterator[tuple[str, str]]:
    """Numbers of the Spanish prose that are not numbers of the English one, or are
    not written the Spanish way, and English numbers the translation lost."""
    en = read_numbers(ascii_digits(english), "en")
    es = read_numbers(ascii_digits(spanish), "es")
    english_values = Counter((n.value, n.superscript) for n in en)
    spanish_values = Counter((n.value, n.superscript) for n in es)
    spare = _identifier_digits(english)
    extra = spanish_values - english_values
    for number in es:
        key = (number.value, number.superscript)
        if extra[key] > 0:
            extra[key] -= 1
            if not number.superscript and spare[number.value] > 0:
                spare[number.value] -= 1
                continue
            yield "number", (f"number {number.text} in the translation is not in the English "
                             "text; carry every number over unchanged")
            continue
        if re.match(r"0[0-9]", number.text):
            continue  # a code or an exponent (1,2e-07): leading zeros are kept as written
        expected = write_decimal(number.value, "es") + number.superscript
        written = number.text
        for space in SPANISH_GROUP_SPACES:
            written = written.replace(space, "\u202f")
        if written != expected:
            yield "number", (f"number {number.text} is not written the Spanish way: write "
                             f"{expected} (decimal comma; groups of three with a narrow "
                             "no-break space from 10 000 on, none below)")
    for (value, sup), count in (english_values - spanish_values).items():
        shown = next(n.text for n in en if (n.value, n.superscript) == (value, sup))
        yield "number", (f"number {shown} of the English text is missing from the translation "
                         f"({count}×); write it the Spanish way: "
                         f"{write_decimal(Decimal(value), 'es')}{sup}")


# --- glossary ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    english: str
    spanish: str
    rejected: tuple[str, ...]
    note: str

    def pattern(self, rejected: str) -> re.Pattern[str]:
        return re.compile(rf"(?<!\w){re.escape(rejected)}(?!\w)", re.IGNORECASE)


def read_glossary(path: Path) -> list[Term]:
    """The glossary CSV: English term, Spanish rendering, rejected renderings (``|``), note."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    return [Term(r["english"], r["spanish"],
                 tuple(x.strip() for x in r["rejected"].split("|") if x.strip()), r["note"])
            for r in rows]


def glossary_problems(prose: str, glossary: list[Term]) -> Iterator[tuple[str, str]]:
    for term in glossary:
        for rejected in term.rejected:
            match = term.pattern(rejected).search(prose)
            if match:
                yield "glossary", (
                    f"{match[0]!r} is not the glossary's rendering of {term.english!r}: write "
                    f"{term.spanish!r}" + (f" ({term.note})" if term.note else ""))
