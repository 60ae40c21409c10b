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

from mmref.numbers import SCALE_WORDS, read_numbers, scaled_numbers, write_decimal, written_out

#: Unicode categories a reader cannot see: format (bidi controls, zero-width), control,
#: private use, unassigned, surrogates, line and paragraph separators
INVISIBLE_CATEGORIES = {"Cf", "Cc", "Co", "Cn", "Cs", "Zl", "Zp"}
BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: letters that draw nothing (Hangul fillers): invisible although Unicode calls them letters
BLANK_LETTERS = set("\u115f\u1160\u3164\uffa0")
#: the spaces a translation may use: space, no-break space, narrow no-break space
SPACES = set(" \u00a0\u202f")
#: letters of no Latin name that Spanish writes (ordinal indicators: 1.º, 2.ª)
SPANISH_NON_LATIN = set("ºª")
#: number words from two to nineteen, the tens and a hundred (``one``/``un``/``una`` are
#: articles too, and ``zero`` is mostly an adjective: "all zero", "puesta a cero")
_TENS = (20, 30, 40, 50, 60, 70, 80, 90)
NUMBER_WORDS = {
    "en": {**dict(zip("two three four five six seven eight nine ten eleven twelve thirteen "
                      "fourteen fifteen sixteen seventeen eighteen nineteen".split(), range(2, 20))),
           **dict(zip("twenty thirty forty fifty sixty seventy eighty ninety".split(), _TENS)),
           "hundred": 100},
    "es": {**dict(zip("dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce "
                      "quince dieciséis diecisiete dieciocho diecinueve".split(), range(2, 20))),
           **dict(zip("veinte treinta cuarenta cincuenta sesenta setenta ochenta noventa".split(),
                      _TENS)),
           **dict(zip("veintiuno veintidós veintitrés veinticuatro veinticinco veintiséis "
                      "veintisiete veintiocho veintinueve".split(), range(21, 30))),
           **dict(zip("doscientos trescientos cuatrocientos quinientos seiscientos setecientos "
                      "ochocientos novecientos".split(), range(200, 1000, 100))),
           "cien": 100, "ciento": 100},
}
#: capital letters that read as digits or Roman numerals ("IOO" for 100, "XII" for 12)
NUMERAL_LOOKALIKE = re.compile(r"(?<!\w)[IVXLCDMOl]{2,}(?!\w)")
#: the units the site writes after numbers (µ is folded to the Greek mu, as NFKC does)
UNIT_RE = re.compile(r"(?<![\w/'’.-])(GFLOP/s|MFLOP/s|TFLOP/s|FLOP/s|GFLOPs?|MFLOPs?|FLOPs?"
                     r"|KiB|MiB|GiB|kB|KB|MB|GB|ms|[µμ]s|ns|s|%)(?![\w/])")
#: the group separators a Spanish reader accepts for the narrow no-break space
SPANISH_GROUP_SPACES = (" ", "\u00a0")
#: punctuation that may surround a number in a sentence (never "." or "-" in front)
_LEADING, _TRAILING = "([{«“‘\"'¿¡", ".,;:!?)]}»”’\"'…"


def hidden_characters(text: str) -> Iterator[tuple[str, str]]:
    """Characters of ``text`` a reader cannot see, as (rule, message).

    Format and control characters, spaces other than the space, the no-break space and the
    narrow no-break space, letters that draw nothing (Hangul fillers) and combining marks
    that compose with nothing (``text`` is NFC, so a mark left over attaches to a letter
    without changing how it reads, e.g. U+034F in "Us\u034fted").
    """
    for char in dict.fromkeys(text):
        if char in "\n\t":
            continue
        category = unicodedata.category(char)
        name = unicodedata.name(char, "unnamed")
        if char in BIDI:
            yield "bidi", (f"the translation contains the bidirectional control U+{ord(char):04X} "
                           f"{name}, which reorders what readers see; delete it")
        elif (category in INVISIBLE_CATEGORIES or char in BLANK_LETTERS
              or (category == "Zs" and char not in SPACES) or category[0] == "M"):
            kind = ("combining mark" if category[0] == "M" else "space" if category == "Zs"
                    else "invisible character")
            yield "invisible", (f"the translation contains the {kind} U+{ord(char):04X} {name}, "
                                "which readers cannot see or tell apart; delete it (write "
                                "accented letters as one character, spaces as U+0020)")


def normal_form(text: str) -> Iterator[tuple[str, str]]:
    if not unicodedata.is_normalized("NFC", text):
        yield "invisible", ("the translation is not in Unicode NFC form (a letter and a "
                            "combining accent where one accented character belongs); save "
                            "it NFC-normalised, e.g. retype the accented letters")


def foreign_letters(english: str, text: str) -> Iterator[tuple[str, str]]:
    """Letters of another script than Latin (Cyrillic "ѕ" for "s") the English text lacks."""
    for char in dict.fromkeys(text):
        if (char.isalpha() and char not in english and char not in SPANISH_NON_LATIN
                and char not in BLANK_LETTERS
                and not unicodedata.name(char, "").startswith("LATIN")):
            yield "script", (f"the translation contains the letter {char!r} (U+{ord(char):04X} "
                             f"{unicodedata.name(char, 'unnamed')}), which is not a Latin "
                             "letter and not in the English text; write it with Latin letters")


def foreign_digits(text: str, english: str = "") -> Iterator[tuple[str, str]]:
    """Digits that are not 0-9 (fullwidth, Arabic-Indic, ...) and number characters (No, Nl:
    superscripts, Roman numerals, fractions) the English text does not have."""
    for char in dict.fromkeys(text):
        category = unicodedata.category(char)
        if (category == "Nd" and not char.isascii()) or (category in ("No", "Nl")
                                                          and char not in english):
            yield "number", (f"the translation writes the number character {char!r} "
                             f"(U+{ord(char):04X} {unicodedata.name(char, 'unnamed')}), which "
                             "the English text does not have; write digits as 0-9")


def html_tags(english: str, text: str) -> Iterator[tuple[str, str]]:
    """More HTML-tag-like text ("<" then a letter, "/" or "!") than the English text has."""
    tag = re.compile(r"<[A-Za-z/!]")
    if len(tag.findall(text)) > len(tag.findall(english)):
        yield "html", ("the translation contains HTML-like text ('<' followed by a letter, '/' "
                       "or '!') that the English text does not have; remove it (write « » "
                       "for quotes)")


#: what reads as a web or mail address even without a scheme: ``host.tld/path``, ``a@b``
ADDRESS_RE = re.compile(r"[\w.+-]*\w@\w[\w.-]*|(?<![\w@.])[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b(?:/\S*)?")


def shown_addresses(english: str, text: str) -> Iterator[tuple[str, str]]:
    """Web and mail addresses written in the text (a link text that shows another address,
    or an address to copy) that the English text does not write."""
    for mark in ("://", "www."):
        if text.count(mark) > english.count(mark):
            yield "link", (f"the translation writes {mark!r} more often than the English text: "
                           "a link text must not show a web address the link does not go to; "
                           "keep the addresses of the English text only")
    for address in dict.fromkeys(ADDRESS_RE.findall(text)):
        if address not in english:
            yield "link", (f"the translation writes {address!r}, which reads as a web or mail "
                           "address and is not in the English text; keep the addresses of the "
                           "English text only")


def glued_to_formulas(english: str, text: str, formula: str = "\ue000") -> Iterator[tuple[str, str]]:
    """Signs, digits or letters glued to an inline formula (``-:math:`x```, ``:math:`x`\\ 0``)
    that the English text does not glue to one: they change the value a reader sees."""
    def glued(prose: str) -> set[str]:
        words = (w.lstrip(_LEADING).rstrip(_TRAILING) for w in re.split(r"[ \t\n\u00a0\u202f]+", prose))
        return {w for w in words if formula in w and w.strip(formula)}
    for word in sorted(glued(text) - glued(english)):
        shown = word.replace(formula, "(formula)")
        yield "math", (f"{shown!r}: the translation glues characters to a formula that the "
                       "English text does not; keep a space or punctuation around formulas")


#: formulas written in plain prose (docstrings): tuples ``(M, K)``, words with an operator or a
#: call (``A(Bx)``, ``M*K*N``, ``x[i]``, ``->``), short differences (``N-1``), and capital
#: letters that name something (not the vowels and ``Y``, which are words in English or Spanish)
_ITEM = r"\s*(?:[\w*+-]{1,2}|[\w*+-]*[\d_*][\w*+-]*)\s*"
_TUPLE = rf"\((?:{_ITEM},)+(?:{_ITEM})?\)"
_WORD = (r"[^\s()]*(?:[\[\]@*/+=<>^|~÷×·∝≈]|\w\()[^\s]*?(?=[.,;:]?(?:\s|$))|->"
         r"|(?<![\w-])[A-Za-z0-9]{1,2}-[A-Za-z0-9]{1,2}(?![\w-])|(?<!\w)[B-DF-HJ-NP-TV-XZ](?!\w)"
         r"|(?<![\w'’])[b-df-hj-np-tv-xz](?![\w'’])")
_FORMULA = re.compile(f"{_TUPLE}|{_WORD}")


def formula_words(prose: str) -> list[str]:
    """The formulas and names of ``prose`` written in plain text, in reading order."""
    # a word inside a formula may be translated (``c·count^p``, ``c·número^p``): runs of three
    # letters or more stand for any word; names of one or two letters must stay
    prose = re.sub(r"\s*([×·])\s*", r"\1", prose)  # 600×512 and 600 × 512 are one formula
    prose = re.sub(r"(?<=\d),(?=\d)", ".", prose)  # a decimal comma is the same number
    return [re.sub(r"[^\W\d_]{3,}", "…", " ".join(m.split())) for m in _FORMULA.findall(prose)]


def plain_formulas(english: str, text: str) -> Iterator[tuple[str, str]]:
    """Formulas written in plain text (docstrings: ``x -> A(Bx)``, ``N-1 adds``) must come over
    unchanged and in their order: a letter or an operand moved changes what they say."""
    en, es = formula_words(english), formula_words(text)
    if en != es:
        yield "formula", (f"the formulas and names written in the text ({' '.join(en) or 'none'}) "
                          f"are not carried over as they are and in their order "
                          f"({' '.join(es) or 'none'} here); copy them unchanged")


def signed_numbers(english: str, text: str) -> Iterator[tuple[str, str]]:
    """A minus sign before a number after any punctuation (``«−10»``, ``[-3``): the number
    checks read a sign only after a space, so signs are counted here."""
    sign = re.compile(r"(?<!\w)[-\u2212]\s?(?=\d)")
    if len(sign.findall(text)) > len(sign.findall(english)):
        yield "number", ("the translation puts a minus sign before a number where the English "
                         "text has none; carry every number over with its sign")


def no_words(english: str, text: str) -> Iterator[tuple[str, str]]:
    """A translation without a letter where the English text has words: it hides them."""
    if any(c.isalpha() for c in english) and not any(c.isalpha() for c in text):
        yield "hidden", ("the translation has no words where the English text has some (an "
                         "escaped, blank or empty text hides it); translate the text")


def classifier_separators(english: str, text: str) -> Iterator[tuple[str, str]]:
    """" : " splits a glossary term from its classifier: the reader sees only the part before."""
    if text.count(" : ") > english.count(" : "):
        yield "hidden", ("' : ' (a colon between spaces) cuts a term short where Sphinx reads a "
                         "classifier; write the colon without a space before it")


def numeral_lookalikes(english: str, text: str) -> Iterator[tuple[str, str]]:
    """Words of capital I, V, X, L, C, D, M, O (and l) that read as numbers: "IOO", "XII"."""
    for word in dict.fromkeys(NUMERAL_LOOKALIKE.findall(text)):
        if word not in english:
            yield "number", (f"{word!r} reads as a number (Roman numerals, or letters that look "
                             "like digits) that the English text does not have; write numbers "
                             "as the English text does")


def ascii_digits(text: str) -> str:
    """``text`` with every decimal digit of any script replaced by its ASCII digit."""
    return "".join(str(unicodedata.digit(c)) if unicodedata.category(c) == "Nd" else c
                   for c in text)


def _is_identifier(word: str) -> bool:
    return word[0].isalpha() or "_" in word or "/" in word


def _identifier_digits(english: str, spanish: str = "") -> Counter[Decimal]:
    """Digit runs in identifiers (``rank-1``, ``plot_01``) of English prose that the
    translation does not write as they are.

    A translation may spell ``rank-1`` out as "rango 1": these values may appear in it as
    numbers. An identifier it keeps (``AVX-512``) lends it no number ("512 veces").
    """
    allowed: Counter[Decimal] = Counter()
    kept = set(re.findall(r"[\w./-]+", spanish))
    for word in re.findall(r"[\w./-]+", english):
        if _is_identifier(word) and word not in kept:
            allowed.update(Decimal(d) for d in re.findall(r"[0-9]+", word))
    return allowed


@dataclass(frozen=True)
class Value:
    """A number a reader sees: written in digits or as a word."""

    value: Decimal
    superscript: str
    text: str
    start: int
    word: bool = False


def values(text: str, language: str) -> list[Value]:
    """The numbers of ``text`` in the order they are read, digits and number words."""
    found = [Value(n.value, n.superscript, n.text, n.start) for n in read_numbers(text, language)]
    words = NUMBER_WORDS[language]
    found += [Value(Decimal(words[m[0].casefold()]), "", m[0], m.start(), True)
              for m in re.finditer(rf"(?<!\w)(?:{'|'.join(words)})(?!\w)", text, re.I)]
    return sorted(found, key=lambda v: v.start)


def scales(text: str, language: str) -> Counter[int]:
    found: Counter[int] = Counter()
    for pattern, power in SCALE_WORDS[language]:
        regex = re.compile(rf"(?<!\w)(?:{pattern})(?!\w)", re.I)
        found[power] += len(regex.findall(text))
        text = regex.sub(" ", text)
    return +found


def spanish_scale_words(spanish: str) -> Iterator[tuple[str, str]]:
    """Digits before «mil millones» («2,1 mil millones», «12 mil millones»): «mil» is part of
    a numeral, not a noun like «millones», so Spanish counts such numbers in millions."""
    for number in scaled_numbers(spanish, "es"):
        if number.power == 9:  # «mil millones»
            millions = write_decimal(number.value / 10**6, "es")
            yield "scale", (f"{' '.join(number.text.split())!r}: Spanish does not put digits before "
                            f"«mil millones»; write {millions} millones (2.1 billion is 2100 "
                            "millones; a billion alone is «mil millones»)")


def units(text: str) -> Counter[str]:
    """The unit symbols of ``text`` (``FLOPs`` counts as ``FLOP``, µ as μ)."""
    return Counter(re.sub(r"FLOPs$", "FLOP", u.replace("µ", "μ")) for u in UNIT_RE.findall(text))


def digit_tokens(english: str, spanish: str) -> Iterator[tuple[str, str]]:
    """Words with a digit that are not a number the Spanish way and not words of the English
    text (``3/4``, ``.5``, ``1200e3``, ``1200k``, ``x10``, ``l000``, ``10.000``)."""
    number = re.compile(rf"[-\u2212]?(?:{_SPANISH_NUMBER.pattern})")
    english_words = {w.lstrip(_LEADING).rstrip(_TRAILING) for w in english.split()}
    # words end at spaces; a no-break space between two digits groups them, elsewhere it ends a
    # word too ("56,25\u00a0%")
    for word in re.split(r"[ \t\n]+|(?<![0-9])[\u00a0\u202f]|[\u00a0\u202f](?![0-9])", spanish):
        core = word.lstrip(_LEADING).rstrip(_TRAILING)
        if not any(unicodedata.numeric(c, None) is not None for c in core) or (
                core in english_words):
            continue  # no digit, or a word of the English text (a file name, a version)
        if re.search(r"[0-9]\.[0-9]", core):
            yield "number", (f"{core!r}: a point between digits is never Spanish (decimal comma, "
                             "groups of three with a narrow no-break space); write the number "
                             "the Spanish way")
        elif not number.fullmatch(core):
            yield "number", (f"{core!r} has digits but is not a number written the Spanish way "
                             "nor a word of the English text; write the number as the English "
                             "text has it, the Spanish way")


_SPANISH_NUMBER = re.compile(r"(?:[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+|[0-9]+)(?:,[0-9]+)?"
                             r"[⁰¹²³⁴⁵⁶⁷⁸⁹]*")


def number_problems(english: str, spanish: str) -> Iterator[tuple[str, str]]:
    """Numbers of the Spanish prose that are not numbers of the English one, or are
    not written the Spanish way, or come in another order, with other scale words or
    units; and English numbers the translation lost."""
    english, spanish = ascii_digits(english), ascii_digits(spanish)
    yield from digit_tokens(english, spanish)
    yield from spanish_scale_words(spanish)
    english, scaled_en = written_out(english, "en")
    spanish, scaled_es = written_out(spanish, "es")
    en, es = values(english, "en"), values(spanish, "es")
    english_values = Counter((n.value, n.superscript) for n in en)
    spare = _identifier_digits(english, spanish)
    extra = Counter((n.value, n.superscript) for n in es) - english_values
    kept: list[Value] = []
    for number in es:
        key = (number.value, number.superscript)
        if extra[key] > 0:
            extra[key] -= 1
            if not number.superscript and not number.word and spare[number.value] > 0:
                spare[number.value] -= 1
                continue
            if number.value in scaled_es:
                yield "scale", (f"number {number.text} (a number and its scale word) in the "
                                "translation is not in the English text: keep the magnitude of "
                                "every number (2.1 billion is 2100 millones)")
            else:
                yield "number", (f"number {number.text} in the translation is not in the English "
                                 "text; carry every number over unchanged")
            continue
        kept.append(number)
        if number.word or re.match(r"[-\u2212]?0[0-9]", number.text):
            continue  # a word, a code or an exponent (1,2e-07): kept as written
        expected = write_decimal(number.value, "es") + number.superscript
        written = number.text.replace("\u2212", "-")
        for space in SPANISH_GROUP_SPACES:
            written = written.replace(space, "\u202f")
        if written != expected:
            yield "number", (f"number {number.text} is not written the Spanish way: write "
                             f"{expected} (decimal comma; groups of three with a narrow "
                             "no-break space from 10 000 on, none below)")
    spanish_values = Counter((n.value, n.superscript) for n in kept)
    for (value, sup), count in (english_values - spanish_values).items():
        shown = next(n.text for n in en if (n.value, n.superscript) == (value, sup))
        if value in scaled_en:
            yield "scale", (f"number {shown} of the English text (a number and its scale word) "
                            f"is missing from the translation ({count}×); keep its magnitude: "
                            + (f"{write_decimal(Decimal(value) / 10**6, 'es')} millones"
                               if value >= 10**6 else write_decimal(Decimal(value), "es")))
            continue
        yield "number", (f"number {shown} of the English text is missing from the translation "
                         f"({count}×); write it the Spanish way: "
                         f"{write_decimal(Decimal(value), 'es')}{sup}")
    in_order = [(n.value, n.superscript) for n in en]
    if len(en) > 1 and spanish_values == english_values and [
            (n.value, n.superscript) for n in kept] != in_order:
        yield "number-order", (
            f"the numbers come in another order than in the English text ({', '.join(n.text for n in en)}"
            f" there; {', '.join(n.text for n in kept)} here): a number would describe "
            "something else; keep the order of the English text")
    if scales(english, "en") != scales(spanish, "es"):
        yield "scale", ("the scale words of the translation (mil, millones, mil millones) do "
                        "not match the English ones (thousand, million, billion): a billion is "
                        "mil millones, 2.1 billion is 2100 millones; keep the magnitude of "
                        "every number")
    if units(english) != units(spanish):
        yield "unit", (f"the units of the translation {sorted(units(spanish).elements())} are "
                       f"not those of the English text {sorted(units(english).elements())}; "
                       "carry every unit over unchanged (s, ms, MiB, GFLOP/s, %)")


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
        reader = csv.DictReader(f)
        rows = list(reader)
    if reader.fieldnames != GLOSSARY_COLUMNS:
        return []  # reported by glossary_file_problems
    return [Term(r["english"], r["spanish"],
                 tuple(x.strip() for x in r["rejected"].split("|") if x.strip()), r["note"])
            for r in rows]


GLOSSARY_COLUMNS = ["english", "spanish", "rejected", "note"]


def glossary_file_problems(path: Path) -> Iterator[str]:
    """What makes the glossary file at `path` unusable: missing, other columns, no terms, or a
    term without its rendering. (An emptied glossary would switch its rules off silently.)"""
    if not path.is_file():
        yield (f"{path} is missing: the glossary holds the terminology rules of the translation; "
               "restore it (git checkout -- locale)")
        return
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    if reader.fieldnames != GLOSSARY_COLUMNS:
        yield f"{path}: the columns must be {','.join(GLOSSARY_COLUMNS)}, not {reader.fieldnames}"
    elif not rows:
        yield f"{path} has no terms: restore its rows (git checkout -- {path.name})"
    for line, row in enumerate(rows, start=2):
        if not all((row.get(column) or "").strip() for column in ("english", "spanish")):
            yield f"{path}:{line}: a term needs its English text and its rendering"


def glossary_problems(prose: str, glossary: list[Term]) -> Iterator[tuple[str, str]]:
    for term in glossary:
        for rejected in term.rejected:
            match = term.pattern(rejected).search(prose)
            if match:
                yield "glossary", (
                    f"{match[0]!r} is not the glossary's rendering of {term.english!r}: write "
                    f"{term.spanish!r}" + (f" ({term.note})" if term.note else ""))
