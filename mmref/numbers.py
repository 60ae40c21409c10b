"""How the site writes and reads numbers, in English and in Spanish: one rule per language.

Both languages group the integer digits of a number by threes only from five digits up, as
ISO 80000-1 and the RAE write them, so that a size reads the same in the prose, in a
formula and in code: ``N = 1024`` everywhere, never ``1,024`` beside ``1024``.

English writes ``76,800`` and ``2.1``: a comma between the groups, a point before the
decimals.

Spanish writes ``76 800`` and ``2,1``: a narrow no-break space (U+202F) between the groups,
a decimal comma.  When reading Spanish, a plain or no-break space is accepted as
the group separator too (translators type them), but a point never is.

A negative number starts with the minus sign, U+2212 (``−0.0251``), in both languages, as in
the formulas; when reading, a hyphen-minus is accepted too.

An interval is written between brackets, its ends separated by a comma in English
(``[2.94, 3.09]``) and, as ISO 80000-2 asks where the comma marks the decimals, by a semicolon
in Spanish (``[2,94; 3,09]``): :func:`format_interval` and :data:`INTERVAL`.

Every place that shows a number uses :func:`format_number` (the measured values quoted in
the prose, the figures' labels), :func:`tick_labels` (the figures' tick labels) or
:func:`write_decimal` (the translation guard's idea of how an English number is carried over),
and :func:`read_numbers` is its inverse.  Parts written beside their sum are rounded with
:func:`round_parts`, so that, as written, they add up to it.

A number may come with a scale word: "2.1 billion" and "2100 millones" are one number,
which :func:`written_out` writes in full.  Spanish counts a large number written with digits
in millions (``2100 millones``): digits never come before *mil millones* (which is a billion
written in words), so a Spanish ``2,1 mil millones`` is read, and reported by the translation
guard, as the mistake it is.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from collections.abc import Sequence
from decimal import ROUND_FLOOR, ROUND_HALF_EVEN, Decimal

LANGUAGES = ("en", "es")
NARROW_NBSP = "\u202f"
#: the minus sign (U+2212) that every written negative number starts with, as in the formulas
MINUS = "\u2212"
#: (group separator, decimal mark, smallest number of integer digits that is grouped)
STYLE = {"en": (",", ".", 5), "es": (NARROW_NBSP, ",", 5)}
SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
#: how each language writes an interval, its ends as fields (a figure message's too)
INTERVAL = {"en": "[{low}, {high}]", "es": "[{low}; {high}]"}


def _style(language: str) -> tuple[str, str, int]:
    if language not in STYLE:
        raise ValueError(f"no number style for language {language!r}; known: {', '.join(STYLE)}")
    return STYLE[language]


def _group(whole: str, language: str) -> str:
    """Insert the language's group separator into a string of digits (sign allowed), and
    write a sign as the minus sign."""
    sep, _, min_digits = _style(language)
    sign, digits = (MINUS, whole[1:]) if whole[:1] in ("-", MINUS) else ("", whole)
    if len(digits) < min_digits:
        return sign + digits
    head = len(digits) % 3 or 3
    parts = [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    return sign + sep.join(parts)


def write_decimal(value: Decimal | int | str, language: str = "en") -> str:
    """An exact decimal number written the language's way, keeping every digit given.

    >>> write_decimal(Decimal("76800"), "es"), write_decimal(Decimal("2.10"), "es")
    ('76\u202f800', '2,10')
    >>> write_decimal("1200", "en"), write_decimal("12000", "en")
    ('1200', '12,000')
    >>> write_decimal("-0.0251", "es") == "\u22120,0251"   # the minus sign, not a hyphen
    True
    """
    _, mark, _ = _style(language)
    text = format(Decimal(value), "f")
    whole, _, frac = text.partition(".")
    return _group(whole, language) + (mark + frac if frac else "")


def _decimals_for(value: float, digits: int) -> int:
    """The decimal places that leave ``value`` with ``digits`` significant digits, once
    rounded: 99.97 rounds to 100, which needs one decimal fewer than 99.97 (``100``, not
    ``100.0``).

    >>> _decimals_for(99.97, 3), _decimals_for(99.94, 3), _decimals_for(0.09996, 3)
    (0, 1, 3)
    """
    if value == 0:
        return 0
    places = digits - 1 - math.floor(math.log10(abs(value)))
    rounded = round(abs(value), places)
    if rounded and math.floor(math.log10(rounded)) > math.floor(math.log10(abs(value))):
        places -= 1  # rounding carried into a new leading digit
    return places


def as_printed(value: float, digits: int = 3) -> float:
    """``value`` rounded as :func:`format_number` prints it, so that a rule applied to it
    agrees with the number a reader sees.

    Examples
    --------
    >>> as_printed(2.8493), as_printed(0.84512), as_printed(1234.5)
    (2.85, 0.845, 1230.0)
    """
    return round(value, _decimals_for(value, digits)) if math.isfinite(value) else value


def format_number(
    value: float | int, language: str = "en", digits: int = 3, decimals: int | None = None
) -> str:
    """``value`` written the language's way: ``digits`` significant digits, or ``decimals``.

    Integers (counts: rows, threads, FLOPs) are written in full.  A float keeps ``digits``
    significant digits unless ``decimals`` fixes the number of decimal places.

    Examples
    --------
    >>> format_number(76800), format_number(76800, "es")
    ('76,800', '76\u202f800')
    >>> format_number(14283.19), format_number(2.0974, "es"), format_number(0.01234)
    ('14,300', '2,10', '0.0123')
    >>> format_number(1024), format_number(7212.0)
    ('1024', '7210')
    >>> format_number(99.97), format_number(9.996, "es"), format_number(0.09996)
    ('100', '10,0', '0.100')
    >>> format_number(7212.0, "es"), format_number(0.5, "es", decimals=2)
    ('7210', '0,50')
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"format_number needs an int or a float, not {value!r}")
    if isinstance(value, int):
        return write_decimal(value, language)
    if not math.isfinite(value):
        return str(value)
    if decimals is None:
        decimals = _decimals_for(value, digits)
    rounded = round(value, decimals)
    text = f"{rounded:.{max(decimals, 0)}f}"
    if text.lstrip("-").strip("0.") == "":
        text = text.lstrip("-")  # no "-0.0"
    return write_decimal(text, language)


def format_interval(low: float | int, high: float | int, language: str = "en", digits: int = 3,
                    decimals: int | None = None, prefix: str = "") -> str:
    """The interval from ``low`` to ``high`` written the language's way (see :data:`INTERVAL`),
    each end with :func:`format_number` and after ``prefix`` (``"×"`` for factors).

    Examples
    --------
    >>> format_interval(2.94, 3.09, decimals=2), format_interval(2.94, 3.09, "es", decimals=2)
    ('[2.94, 3.09]', '[2,94; 3,09]')
    >>> format_interval(10_000, 100_000, "es", prefix="×")
    '[×10 000; ×100 000]'
    """
    _style(language)
    ends = (prefix + format_number(v, language, digits, decimals) for v in (low, high))
    return INTERVAL[language].format(low=next(ends), high=next(ends))


def round_parts(parts: Sequence[float], decimals: int) -> list[Decimal]:
    """``parts`` rounded to ``decimals`` places so that, as written, they add up to their sum.

    Rounding each part to the nearest can make the rounded parts add up to a little more or
    less than the rounded sum (0.14 + 0.14 + 0.14 -> 0.1 + 0.1 + 0.1 = 0.3, but 0.42 -> 0.4).
    Here the sum is rounded to the nearest, and the parts are rounded down and then the
    missing units go, one each, to the parts that lost the most (the largest-remainder
    method): ``sum(round_parts(parts, d))`` is always ``sum(parts)`` rounded to ``d`` places,
    and each part differs from its value by less than one unit of the last place.

    Examples
    --------
    >>> round_parts([0.14, 0.14, 0.14], 1), round(0.14 + 0.14 + 0.14, 1)
    ([Decimal('0.2'), Decimal('0.1'), Decimal('0.1')], 0.4)
    >>> parts = round_parts([1.3649, 133.276, 9.368], 1)     # they add up to 144.0089
    >>> parts, sum(parts)
    ([Decimal('1.3'), Decimal('133.3'), Decimal('9.4')], Decimal('144.0'))
    """
    if decimals < 0:
        raise ValueError(f"round_parts needs 0 or more decimals, got {decimals}")
    unit = Decimal(1).scaleb(-decimals)
    exact = [Decimal(repr(float(p))) / unit for p in parts]  # in units of the last place
    floors = [e.to_integral_value(rounding=ROUND_FLOOR) for e in exact]
    missing = int(sum(exact).to_integral_value(rounding=ROUND_HALF_EVEN) - sum(floors))
    by_remainder = sorted(range(len(parts)), key=lambda i: exact[i] - floors[i], reverse=True)
    for i in by_remainder[:missing]:
        floors[i] += 1
    return [(f * unit).quantize(unit) for f in floors]


def tick_labels(values: list[float], language: str = "en", log: bool = False) -> list[str]:
    """The labels of one axis's ticks, exact and written alike, in the language's way.

    A linear axis writes every tick with the fewest decimals that show all of them exactly
    (``0.25, 0.50, 0.75``, never ``0.2`` for 0.25).  A logarithmic axis labels the powers of
    ten only: as plain numbers while they all lie between 0.01 and 10,000, otherwise all as
    powers (``10⁻³, 10⁻², 10⁻¹``), so one axis never mixes the two.

    Examples
    --------
    >>> tick_labels([0, 0.25, 0.5, 1], "es")
    ['0,00', '0,25', '0,50', '1,00']
    >>> tick_labels([1000, 1500, 2000]), tick_labels([10000, 20000], "es")
    (['1000', '1500', '2000'], ['10\u202f000', '20\u202f000'])
    >>> tick_labels([0.01, 0.03, 0.1, 1], "es", log=True)
    ['0,01', '', '0,1', '1']
    >>> tick_labels([0.001, 0.01, 0.1], log=True)
    ['10⁻³', '10⁻²', '10⁻¹']
    """
    if log:
        exponents = [round(math.log10(v)) if v > 0 and abs(math.log10(v) - round(math.log10(v))) < 1e-6
                     else None for v in values]
        shown = [e for e in exponents if e is not None]
        powers = any(not -2 <= e <= 4 for e in shown)
        return ["" if e is None
                else "10" + str(e).translate(_TO_SUPERSCRIPT) if powers
                else format_number(10**e, language) if e >= 0
                else format_number(10.0**e, language, decimals=-e)
                for e in exponents]
    scale = max((abs(v) for v in values), default=0) or 1
    decimals = next((d for d in range(12) if all(abs(round(v, d) - v) <= 1e-9 * scale for v in values)), 12)
    if decimals == 0:
        return [format_number(int(round(v)), language) for v in values]
    return [format_number(float(v), language, decimals=decimals) for v in values]


_TO_SUPERSCRIPT = str.maketrans("-0123456789", "⁻" + SUPERSCRIPTS)


@dataclass(frozen=True)
class Number:
    """A number found in text: its exact value, decimals written, superscript and text."""

    value: Decimal
    decimals: int
    superscript: str
    text: str
    start: int


_GROUP_READ = {"en": ",", "es": " \u00a0" + NARROW_NBSP}
_IDENT_RE = re.compile(r"[\w./-]+")


def _number_re(language: str) -> re.Pattern[str]:
    _, mark, _ = _style(language)
    groups = re.escape(_GROUP_READ[language])
    return re.compile(
        rf"(?P<sign>(?:^|(?<=[\s(\[]))[-\u2212])?"
        rf"(?<![\w.,])(?P<num>[0-9]{{1,3}}(?:[{groups}][0-9]{{3}})+(?![0-9])(?:{re.escape(mark)}[0-9]+)?"
        rf"|[0-9]+(?:{re.escape(mark)}[0-9]+)?)(?P<sup>[{SUPERSCRIPTS}]*)"
    )


def read_numbers(text: str, language: str = "en") -> list[Number]:
    """The numbers a reader sees in ``text``, read the language's way.

    The text is first normalised (Unicode NFKC folds other scripts' digits and
    compatibility forms to ASCII digits, but keeps superscripts such as ``10⁴`` apart).
    Digits inside identifiers (``float64``, ``plot_01``, ``sec-2``: a word that starts with
    a letter or an underscore) are not numbers.  A minus sign (``-`` or U+2212) at the start
    of the text, after a space or after ``(`` belongs to the number.

    >>> [(str(n.value), n.text) for n in read_numbers("76,800 and 2.1 or 10⁴ in float64")]
    [('76800', '76,800'), ('2.1', '2.1'), ('10', '10⁴')]
    >>> [str(n.value) for n in read_numbers("76 800, 7680 y 2,1", "es")]
    ['76800', '7680', '2.1']
    >>> [str(n.value) for n in read_numbers("(-500 y \u22122,1; a-5)", "es")]
    ['-500', '-2.1']
    >>> [str(n.value) for n in read_numbers("[-0.209, 4.83]")]
    ['-0.209', '4.83']
    >>> [str(n.value) for n in read_numbers("(600×512)", "es")]  # a shape, not 600 512
    ['600', '512']
    """
    sep_mark = _style(language)[1]
    sups = {c: f"\x00{i}" for i, c in enumerate(SUPERSCRIPTS)}
    protected = "".join(sups.get(c, c) for c in text)
    normal = unicodedata.normalize("NFKC", protected)
    normal = re.sub("\x00([0-9])", lambda m: SUPERSCRIPTS[int(m[1])], normal)
    normal = re.sub(r"(?<=[0-9])[x×](?=[0-9])", ";", normal)  # 600×512: two numbers, not one grouped
    normal = _IDENT_RE.sub(
        lambda m: " " * len(m[0]) if m[0][0].isalpha() or m[0][0] == "_" or "_" in m[0]
        or "/" in m[0] else m[0], normal)
    found = []
    for m in _number_re(language).finditer(normal):
        raw = m["num"]
        digits = "".join(c for c in raw if c.isdigit() or c == sep_mark).replace(sep_mark, ".")
        whole, _, frac = digits.partition(".")
        value = -Decimal(digits) if m["sign"] else Decimal(digits)
        found.append(Number(value, len(frac), m["sup"], m[0], m.start()))
    return found


#: scale words and their powers of ten; longer phrases first ("mil millones" before "mil")
SCALE_WORDS = {
    "en": [(r"thousands?", 3), (r"millions?", 6), (r"billions?", 9), (r"trillions?", 12),
           (r"quadrillions?", 15), (r"quintillions?", 18), (r"septillions?", 24)],
    "es": [(r"mil\s+millones", 9), (r"mill[oó]n|millones", 6), (r"bill[oó]n|billones", 12),
           (r"trill[oó]n|trillones", 18), (r"cuatrill[oó]n|cuatrillones", 24),
           (r"millardos?", 9), (r"millar|millares", 3), (r"mil|miles", 3)],
}
#: a number written the language's way (groups of three, its decimal mark)
_WRITTEN = {
    "en": r"(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?",
    "es": r"(?:[0-9]{1,3}(?:[ \u00a0\u202f][0-9]{3})+|[0-9]+)(?:,[0-9]+)?",
}


@dataclass(frozen=True)
class Scaled:
    """A number and the scale word after it, as found in a text."""

    value: Decimal  # the whole number: 2100000000 for "2.1 billion"
    power: int  # the scale word's power of ten: 9 for "billion" or "mil millones"
    text: str
    start: int
    end: int


def scaled_numbers(text: str, language: str = "en") -> list[Scaled]:
    """The numbers of ``text`` that a scale word follows, each read as one whole number.

    >>> [(str(n.value), n.power) for n in scaled_numbers("2.1 billion and 33.6 million")]
    [('2100000000', 9), ('33600000', 6)]
    >>> [(str(n.value), n.power) for n in scaled_numbers("2100 millones y 2,1 mil millones", "es")]
    [('2100000000', 6), ('2100000000', 9)]
    """
    _, mark, _ = _style(language)
    groups = _GROUP_READ[language]
    words = [(re.compile(pattern, re.I), power) for pattern, power in SCALE_WORDS[language]]
    alternatives = "|".join(pattern for pattern, _ in SCALE_WORDS[language])
    scaled = re.compile(rf"(?<![\w.,])({_WRITTEN[language]})[ \u00a0\u202f]+({alternatives})(?!\w)",
                        re.I)
    found = []
    for m in scaled.finditer(text):
        digits = "".join(c for c in m[1] if c not in groups).replace(mark, ".")
        power = next(p for word, p in words if word.fullmatch(m[2]))
        value = Decimal(digits) * 10**power
        if value == value.to_integral_value():
            value = value.quantize(Decimal(1))  # 2100000000, not 2100000000.0
        found.append(Scaled(value, power, m[0], m.start(), m.end()))
    return found


def written_out(text: str, language: str = "en") -> tuple[str, set[Decimal]]:
    """``text`` with every number that a scale word follows written out in full
    (:func:`write_decimal`), and the values so written.

    >>> written_out("about 2.1 billion FLOPs")[0]
    'about 2,100,000,000 FLOPs'
    >>> written_out("unos 2100 millones y mil millones", "es")[0]
    'unos 2\u202f100\u202f000\u202f000 y mil millones'
    """
    parts, last, values = [], 0, set()
    for number in scaled_numbers(text, language):
        parts += [text[last:number.start], write_decimal(number.value, language)]
        last = number.end
        values.add(number.value)
    return "".join(parts) + text[last:], values
