"""Text as readers see it: characters, numbers and the glossary.

Numbers are read with :mod:`mmref.numbers`, the site's one definition of how each language
writes them; this module only decides which numbers of a translation a reader sees and
whether the English text has each of them.
"""

from __future__ import annotations

import csv
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

import confusable_homoglyphs
import regex

from poguard.quantity import quantities, unit_mentions
from mmref.numbers import SCALE_WORDS, read_numbers, scaled_numbers, write_decimal, written_out

#: Unicode categories a reader cannot see: format (bidi controls, zero-width), control,
#: private use, unassigned, surrogates, line and paragraph separators
INVISIBLE_CATEGORIES = {"Cf", "Cc", "Co", "Cn", "Cs", "Zl", "Zp"}
BIDI = set("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
#: characters that draw nothing although Unicode calls them letters or symbols: the Hangul
#: fillers and the blank braille pattern (any other default-ignorable code point is caught by
#: its Unicode property, :data:`IGNORABLE`)
BLANK_LETTERS = set("\u115f\u1160\u3164\uffa0\u2800")
#: Unicode's default-ignorable code points: what a renderer draws as nothing
IGNORABLE = regex.compile(r"\p{Default_Ignorable_Code_Point}")
#: the spaces a translation may use: space, no-break space, narrow no-break space
SPACES = set(" \u00a0\u202f")
#: letters of no Latin name that Spanish writes (ordinal indicators: 1.º, 2.ª)
SPANISH_NON_LATIN = set("ºª")
#: zeros and ones named as values ("a vector of zeros with a single one", "I₂ · ones"); in
#: Spanish «un», «una» and «unos» are articles too, so «uno» counts after «un», «único» or
#: «solo», and «unos» only where no word follows it
BINARY_WORDS = {
    "en": [(r"(?:non)?zero(?:s|ed)?|null", "0"),
           (r"(?<=\bof )ones|(?<=\ball )ones|(?<=[·*@=(] )ones|^ones|ones(?= matri| vector)", "1"),
           (r"(?<=\ba )one|(?<=\bsingle )one", "1")],
    "es": [(r"ceros?|nul[oa]s?", "0"), (r"(?<=\bun )uno|(?<=\búnico )uno|(?<=\bsolo )uno", "1"),
           (r"unos(?=\s*(?:[^\w\s]|$))", "1")],
}
#: capital letters that read as digits or Roman numerals ("IOO" for 100, "XII" for 12)
NUMERAL_LOOKALIKE = re.compile(r"(?<!\w)[IVXLCDMOl]{2,}(?!\w)")
#: the units the site writes after numbers (µ is folded to the Greek mu, as NFKC does)
UNIT_RE = re.compile(r"(?<![\w/'’.-])(GFLOP/s|MFLOP/s|TFLOP/s|FLOP/s|GFLOPs?|MFLOPs?|FLOPs?"
                     r"|KiB|MiB|GiB|kB|KB|MB|GB|ms|[µμ]s|ns|s|%)(?![\w/])")
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
        elif (category in INVISIBLE_CATEGORIES or char in BLANK_LETTERS or IGNORABLE.match(char)
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


@cache
def _confusables() -> dict[str, list[str]]:
    """Unicode's confusables (UTS #39, as the confusable-homoglyphs package ships them): each
    character and the characters it can be mistaken for."""
    path = Path(confusable_homoglyphs.__file__).parent / "confusables.json"
    table = json.loads(path.read_text(encoding="utf-8"))
    return {char: [glyph["c"] for glyph in glyphs] for char, glyphs in table.items() if len(char) == 1}


@cache
def digit_lookalike_table() -> dict[str, str]:
    """Characters other than ASCII that Unicode lists as confusable with a digit 0-9 (``Ʒ``
    for 3, ``Ƽ`` for 5), with the other case of each such letter (``ʒ``, ``ꝛ``), and the
    digit each looks like."""
    found = {}
    for char, glyphs in _confusables().items():
        digits = [g for g in glyphs if g in "0123456789"]
        if digits and not char.isascii():
            found[char] = digits[0]
    for char, digit in list(found.items()):
        for other in (char.lower(), char.upper()):
            if len(other) == 1 and not other.isascii():
                found.setdefault(other, digit)
    return found


def digit_lookalikes(english: str, text: str) -> Iterator[tuple[str, str]]:
    """Letters and symbols that read as a digit (``rango Ʒ`` for "rank 3") that the English
    text does not have."""
    table = digit_lookalike_table()
    for char in dict.fromkeys(text):
        if char in table and char not in english:
            yield "number", (f"the translation writes {char!r} (U+{ord(char):04X} "
                             f"{unicodedata.name(char, 'unnamed')}), which reads as the digit "
                             f"{table[char]} and is not in the English text; write numbers as "
                             "the English text does, with the digits 0-9 or in words")


def _is_full_stop(char: str) -> bool:
    return char != "." and ("FULL STOP" in unicodedata.name(char, "")
                            or "." in _confusables().get(char, ()))


def dots_as_points(text: str) -> str:
    """``text`` with every full stop of another script or width (``。``, ``．``, ``｡``) and every
    character Unicode lists as confusable with ``.`` written as ``.``: a reader takes
    ``datos。example。org`` for an address."""
    return "".join("." if _is_full_stop(c) else c for c in unicodedata.normalize("NFKC", text))


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
    english, text = dots_as_points(english), dots_as_points(text)
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


#: formulas written in plain prose (docstrings, figure text): tuples ``(M, K)``, words with an
#: operator or a call (``A(Bx)``, ``M*K*N``, ``x[i]``, ``->``, ``σ₁ ≥ σ₂``, ``‖A − A_r‖``), an
#: operator standing alone (``2*M*K*N - M*N``), short differences (``N-1``), names with a
#: subscript (``σ₁``, ``W₂``, ``x_i``, ``n_batch``), and capital letters that name something
#: (not the vowels and ``Y``, which are words in English or Spanish: see :func:`formula_words`)
OPERATORS = r"\[\]@*/+=<>^|~÷×·∝≈≤≥±∓−≠≡‖"
SUBSCRIPTS = "\u2080-\u209c\u1d62-\u1d6a"
_ITEM = r"\s*(?:[\w*+-]{1,2}|[\w*+-]*[\d_*][\w*+-]*)\s*"
_TUPLE = rf"\((?:{_ITEM},)+(?:{_ITEM})?\)"
_WORD = (rf"[^\s()]*(?:[{OPERATORS}]|\w\()[^\s]*?(?=[.,;:]?(?:\s|$))|->"
         r"|(?<![\w-])[A-Za-z0-9]{1,2}-[A-Za-z0-9]{1,2}(?![\w-])"
         rf"|(?<!\w)(?=\w*(?:[{SUBSCRIPTS}]|[^\W_]_[^\W_]))\w+"
         r"|(?<!\w)[B-DF-HJ-NP-TV-XZ](?!\w)"
         r"|(?<![\w'’])[b-df-hj-np-tv-xz](?![\w'’])")
_FORMULA = re.compile(f"{_TUPLE}|{_WORD}")
#: a hyphen standing alone is a minus (``2*M*K*N - M*N``) when an operand stands next to it (a
#: number, a name of one or two letters, a formula), and a dash between words otherwise
#: ("timed - the rest")
_DASH = re.compile(r"(?<!\S)-(?!\S)")
_OPERAND = re.compile(rf"[(\[]*(?:[^\W\d_]{{1,2}}|\S*[\d{OPERATORS}()]\S*)[.,;:)\]]*")
#: capital vowels standing alone, which name matrices (``A``, ``E``, ``U``) as often as they are
#: words (English "A", Spanish «A», «E», «O», «U»)
_VOWEL = re.compile(r"(?<![\w'’])[AEIOU](?![\w'’])")
#: where a sentence (or a title after a colon) starts: there a capital vowel is a word
_SENTENCE_START = re.compile(r"(?:^|[.!?:;][)\]»”’\"']*\s+|[¿¡«“\"(]\s*|\n)$")


def letter_names(prose: str, letters: str | None = None) -> list[tuple[int, str]]:
    """The capital vowels of ``prose`` that stand alone inside a sentence (``de A y toda B``),
    with their places; with ``letters``, only those letters."""
    return [(m.start(), m[0]) for m in _VOWEL.finditer(prose)
            if (letters is None or m[0] in letters)
            and not _SENTENCE_START.search(prose[:m.start()])]


def formula_words(prose: str, letters: str = "") -> list[str]:
    """The formulas and names of ``prose`` written in plain text, in reading order; capital
    vowels standing alone inside a sentence count as names when they are in ``letters`` (the
    vowels the English text uses as names)."""
    # a word inside a formula may be translated (``c·count^p``, ``c·número^p``): runs of three
    # letters or more stand for any word; names of one or two letters must stay
    prose = re.sub(r"\s*([×·])\s*", r"\1", prose)  # 600×512 and 600 × 512 are one formula
    prose = re.sub(r"(?<=\d),(?=\d)", ".", prose)  # a decimal comma is the same number
    prose = prose.replace("\u2212", "-")  # the minus sign is a hyphen-minus in a formula
    found = [(m.start(), m[0]) for m in _FORMULA.finditer(prose)]
    for dash in _DASH.finditer(prose):
        before, after = prose[:dash.start()].split()[-1:], prose[dash.end():].split()[:1]
        if before and after and any(_OPERAND.fullmatch(w) for w in (before[0], after[0])):
            found.append((dash.start(), "-"))
    taken = [range(start, start + len(word)) for start, word in found]
    if letters:
        found += [(start, name) for start, name in letter_names(prose, letters)
                  if not any(start in span for span in taken)]
    words = [re.sub(r"[^\W\d_]{3,}", "…", " ".join(word.split())) for _, word in sorted(found)]
    # a word joined to a name may be written apart ("rank-r" is «rango r»)
    return [re.sub(r"^…-(?=\w)", "", word) for word in words]


def plain_formulas(english: str, text: str) -> Iterator[tuple[str, str]]:
    """Formulas written in plain text (docstrings: ``x -> A(Bx)``, ``N-1 adds``, ``σ₁ ≥ σ₂``,
    ``x @ W₁``, ``fila i de A``) must come over unchanged and in their order: a letter, an
    operator or an operand moved changes what they say."""
    letters = "".join(sorted({name for _, name in letter_names(english)}))
    en, es = formula_words(english, letters), formula_words(text, letters)
    if en != es:
        yield "formula", (f"the formulas and names written in the text ({' '.join(en) or 'none'}) "
                          f"are not carried over as they are and in their order "
                          f"({' '.join(es) or 'none'} here); copy them unchanged")


#: a word with digits that names something (``float32``, ``AVX-512``, ``plot_01``, ``W1``,
#: ``mmref-0.1.0-py3-none-any.whl``); a number with a superscript (``10⁴``) is a number
_IDENTIFIER = re.compile(r"(?<![\w.-])(?=[\w.+-]*[^\W\d_])(?=[\w.+-]*[0-9])\w(?:[\w.+-]*\w)?")
#: an English word and a number written as one (``rank-1``, ``64-bit``, ``256th``): the
#: translation may write them apart, in its own words ("rango 1", "de 64 bits")
_SPELLED_OUT = re.compile(r"[A-Za-z][a-z]+-[0-9]+|[0-9]+-[a-z]+|[0-9]+(?:st|nd|rd|th)")


def identifiers(prose: str) -> list[str]:
    """The words with digits of ``prose`` that name something, in reading order."""
    return [w for w in _IDENTIFIER.findall(prose) if not re.fullmatch(r"[0-9.,⁰¹²³⁴⁵⁶⁷⁸⁹⁻]+", w)]


def identifier_problems(english: str, text: str) -> Iterator[tuple[str, str]]:
    """Names with digits (``float32``, ``AVX2``, ``plot_01``) come over as many times and in
    the order of the English text: exchanged, each would describe the other.  Only an English
    word with a number (``rank-1``) may be written another way."""
    en, es = identifiers(english), identifiers(text)
    kept = [w for w in en if not (_SPELLED_OUT.fullmatch(w) and w not in es)]
    if es != kept and sorted(set(es)) == sorted(set(kept)):
        yield "identifier", (
            f"the names with digits ({', '.join(kept)} in the English text) come in another "
            f"order or number here ({', '.join(es) or 'none'}): each would describe something "
            "else; write each name where the English text has it")
    elif es != kept:
        missing = [w for w in dict.fromkeys(kept) if w not in es]
        if missing:
            yield "identifier", (
                f"the names {', '.join(missing)} of the English text are missing from the "
                "translation; copy names with digits unchanged")


#: what reads as a minus sign: the hyphen-minus, the hyphens and dashes U+2010-U+2015 (the
#: figure dash U+2012 among them), the minus sign and its small and fullwidth forms
MINUS_SIGNS = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d"
#: what a sign can stand before: a digit, an inline formula (U+E000), an inline literal
#: (U+E001) or a figure field (U+E000 in figure text); a computed value is the digit 1
SIGNED = "0-9\ue000\ue001"
_SIGN_RE = re.compile(rf"(?<!\w)[{MINUS_SIGNS}]\s*(?=[{SIGNED}])")


def signed_numbers(english: str, text: str) -> Iterator[tuple[str, str]]:
    """A minus sign or a dash before a value, with or without spaces of any width between
    them (``«−10»``, ``‒\u202f10 ms``, ``− :math:`10^{-4}```, ``−\\ ``2``, ``− {p}``) that the
    English text does not have: readers take it for a negative value."""
    if len(_SIGN_RE.findall(text)) > len(_SIGN_RE.findall(english)):
        yield "number", ("the translation puts a minus sign or a dash before a number, formula, "
                         "literal or value where the English text has none; carry every value "
                         "over with its sign (write a dash between words, never before a value)")


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


#: a lower-case Roman numeral ("xii", "iv") of two letters or more
LOWER_ROMAN = re.compile(r"(?<![\w-])(?=[ivxlcdm]{2,}(?![\w-]))m{0,4}(?:cm|cd|d?c{0,3})(?:xc|xl|l?x{0,3})"
                         r"(?:ix|iv|v?i{0,3})(?![\w-])")
#: lower-case words that are Roman numerals too: Spanish words («mi», «di», «vi»), Greek
#: letters (xi), units (mm, cm, ml, dl, cc)
ROMAN_WORDS = {"mi", "di", "vi", "xi", "mix", "mm", "cm", "cc", "cd", "dc", "dm", "li", "mil"}


def numeral_lookalikes(english: str, text: str) -> Iterator[tuple[str, str]]:
    """Words of capital I, V, X, L, C, D, M, O (and l) that read as numbers ("IOO", "XII"),
    and lower-case Roman numerals ("xii", "iv")."""
    lower = [w for w in LOWER_ROMAN.findall(text) if w not in ROMAN_WORDS]
    for word in dict.fromkeys(NUMERAL_LOOKALIKE.findall(text) + lower):
        if not re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", english):
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
    # cardinals in words (two, «doscientas», twenty-three): :mod:`poguard.quantity`
    found += [Value(Decimal(q.value), "", q.text, q.start, True)
              for q in quantities(text, language) if q.kind == "cardinal"]
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
        # a raya opens and closes an aside («de 1 ÷ 1,1 —unos 0,91— a 1,1»); one before a value
        # reads as a minus, which signed_numbers reports
        core = word.lstrip(_LEADING + "\u2014").rstrip(_TRAILING + "\u2014")
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


#: digits grouped by threes with a space or a no-break space, as the translator typed them
_LOOSE_GROUPS = re.compile(r"(?<![0-9,])[0-9]{1,3}(?:[ \u00a0][0-9]{3})+(?:\u202f[0-9]{3})*(?![0-9])"
                           r"|(?<![0-9,])[0-9]{1,3}(?:\u202f[0-9]{3})+(?:[ \u00a0][0-9]{3})+(?![0-9])")


def loose_groups(spanish: str) -> Iterator[tuple[str, str]]:
    """Numbers whose groups of three are separated by a space or a no-break space: a line
    may break inside the first, and both look wider than the site's other numbers."""
    for match in _LOOSE_GROUPS.finditer(spanish):
        spaces = sorted({f"U+{ord(c):04X}" for c in match[0] if c in " \u00a0"})
        yield "number", (f"number {match[0]!r} groups its digits with {' and '.join(spaces)}: "
                         "separate the groups of three with a narrow no-break space, U+202F")


def number_problems(english: str, spanish: str) -> Iterator[tuple[str, str]]:
    """Numbers of the Spanish prose that are not numbers of the English one, or are
    not written the Spanish way, or come in another order, with other scale words or
    units; and English numbers the translation lost."""
    english, spanish = ascii_digits(english), ascii_digits(spanish)
    yield from loose_groups(spanish)
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
        # read_numbers folds the text with NFKC, which turns every group space into a space;
        # which space the translation typed is checked on its own text (loose_groups)
        written = number.text.replace("\u2212", "-").replace(" ", "\u202f")
        if written != expected.replace("\u2212", "-"):
            yield "number", (f"number {number.text} is not written the Spanish way: write "
                             f"{expected} (decimal comma; groups of three separated by a narrow "
                             "no-break space, U+202F, from 10 000 on, none below)")
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
    yield from quantity_words(english, spanish)
    yield from binary_words(english, spanish)
    yield from unit_problems(english, spanish)


def unit_problems(english: str, spanish: str) -> Iterator[tuple[str, str]]:
    """The units named, as symbols or words, must be the same in both texts
    (:func:`poguard.quantity.unit_mentions`): "ms" may become «milisegundos», never
    «segundos»; "megabytes" never «kilobytes»."""
    en, es = unit_mentions(english, "en"), unit_mentions(spanish, "es")
    counted_en, counted_es = Counter(u for u, _ in en), Counter(u for u, _ in es)
    if counted_en == counted_es:
        return
    extra, missing = counted_es - counted_en, counted_en - counted_es

    def shown(found: list[tuple[str, str]], wanted: Counter[str]) -> str:
        return ", ".join(f"{written!r} ({unit})" for unit, written in found if unit in wanted)

    parts = []
    if extra:
        parts.append(f"the translation names {shown(es, extra)}, which the English text does not")
    if missing:
        parts.append(f"the English text names {shown(en, missing)}, which the translation does not")
    yield "unit", ("; ".join(parts) + " (units compared as symbols and words: s, second, "
                   "«segundo»; ms, millisecond, «milisegundo»; MB, MiB, megabyte): a unit or "
                   "its prefix changes the value it follows; carry every unit over unchanged, "
                   "as a symbol or as a word")


def stated_quantities(text: str, language: str) -> Counter[tuple[str, int | str]]:
    """The ordinals, fractions, multiples, collective numbers, powers and percentages written
    in words in ``text`` (:mod:`poguard.quantity`), as (kind, value) counts.  A text may name
    a word of the other language as a word (the translator's guide does: «decenas»): such a
    word counts too, where no word of the text's own language stands."""
    found = quantities(text, language)
    taken = {q.start for q in found}
    other = "es" if language == "en" else "en"
    named = [q for q in quantities(text, other) if q.start not in taken]
    return Counter((q.kind, q.value) for q in found + named if q.kind != "cardinal")


_KIND_NAMES = {"part": "ordinal or fraction", "multiple": "multiple", "collective": "count",
               "power": "power", "percent": "percentage"}


def quantity_words(english: str, spanish: str) -> Iterator[tuple[str, str]]:
    """Ordinals, fractions, multiples, collective numbers, powers and percentages written in
    words must state the same values in both texts: «un tercio» is not "half", «undécima» is
    not "first", and "half" may not vanish from the translation."""
    en, es = stated_quantities(english, "en"), stated_quantities(spanish, "es")
    words_es = {(q.kind, q.value): q.text for q in quantities(spanish, "es")}
    words_en = {(q.kind, q.value): q.text for q in quantities(english, "en")}
    for (kind, value), count in (es - en).items():
        yield "number", (
            f"{words_es.get((kind, value), value)!r} states a quantity ({_KIND_NAMES[kind]} "
            f"{value}) that the English text does not state ({count}×): an ordinal, a fraction, "
            "a multiple or a count («tercio», «undécima», «doble», «veintena», «centenas») says "
            "a number; carry every quantity over unchanged, and add none next to a number, a "
            "value or a unit")
    for (kind, value), count in (en - es).items():
        yield "number", (
            f"{words_en.get((kind, value), value)!r} of the English text states a quantity "
            f"({_KIND_NAMES[kind]} {value}) that the translation does not state ({count}×); "
            "translate it with a word of the same value (half: «mitad», «medio»; first: "
            "«primero»; twice: «doble»; dozens: «docenas»)")


def _binary(text: str, language: str) -> list[tuple[int, str]]:
    found = []
    # the English text may name the Spanish words themselves (the translator's guide does)
    for pattern, value in BINARY_WORDS[language] + (BINARY_WORDS["es"] if language == "en" else []):
        found += [(m.start(), value) for m in re.finditer(rf"(?<![\w-])(?:{pattern})(?![\w-])",
                                                            text, re.I)]
    return sorted(found)


def binary_words(english: str, spanish: str) -> Iterator[tuple[str, str]]:
    """Zeros and ones named as values (:data:`BINARY_WORDS`) must come over as they are and in
    their order: a vector of zeros with a single one is not a vector of ones with a zero."""
    en = [v for _, v in _binary(english, "en")]
    es = [v for _, v in _binary(spanish, "es")]
    if en != es:
        yield "number", (
            f"the zeros and ones named in words ({' '.join(en) or 'none'} in the English text: "
            f"zero, zeros, ones, a single one) are not those of the translation "
            f"({' '.join(es) or 'none'}: cero, ceros, nulo, unos, un único uno); keep each "
            "where the English text has it")


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
               f"restore it (git checkout -- {path})")
        return
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        rows = list(reader)
    if reader.fieldnames != GLOSSARY_COLUMNS:
        yield f"{path}: the columns must be {','.join(GLOSSARY_COLUMNS)}, not {reader.fieldnames}"
    elif not rows:
        yield f"{path} has no terms: restore its rows (git checkout -- {path})"
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
