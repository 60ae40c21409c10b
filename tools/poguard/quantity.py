"""Quantities written in words, in English and Spanish: what each word says and how much.

The vocabulary is generated, not typed: num2words writes the cardinals and ordinals of each
language from 2 to 999 (its ordinals from 1), and the fractions, multiples and collective
numbers are derived from them by each language's rules (Spanish ``-avo`` fractions from
eleven on, «veintena» from «veinte», English ``-fold`` multiples), with the few irregular
words each language has (half, «medio», «tercio», twice, «doble», dozen, «docena», ...).

Each word or phrase maps to a :class:`Quantity`: a *kind* and a *value*.

- ``cardinal``: a number (two, «doscientas»); compared with the digits of the other text.
- ``part``: an ordinal or a fraction, whose value is the denominator (third, «tercero»,
  «tercio», «tercera parte» are all 3; half and «medio», «mitad» are 2): English writes
  both with one word, so the two kinds are one.
- ``multiple``: twice, double, triple, «doble», «quíntuple», «décuplo», tenfold.
- ``collective``: a count of items (pair, dozen, tens, hundreds; «par», «docena»,
  «decena», «veintena», «centena», «centenar», «cientos»).
- ``power`` (squared, cubed; «al cuadrado», «al cubo») and ``percent`` (per cent,
  «por ciento»).

Thousands, millions and billions are scale words (:data:`mmref.numbers.SCALE_WORDS`), counted
apart; zero and one are articles or adjectives as often as numbers (``BINARY_WORDS``).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from num2words import num2words

#: the longest phrase of the vocabulary, in words («vigésimas octavas partes»)
_LONGEST = 6
_WORD = re.compile(r"[^\W\d_]+")
#: what may stand between the words of one phrase: spaces and hyphens
_JOINER = re.compile(r"[\s\u00a0\u202f-]+")


@dataclass(frozen=True)
class Quantity:
    """A quantity written in words: its kind, its value, the text and where it starts."""

    kind: str
    value: int | str
    text: str
    start: int


def _plain(word: str) -> str:
    """``word`` without its accents («dieciséis» → «dieciseis»)."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


def _key(phrase: str) -> str:
    return " ".join(_JOINER.split(phrase.casefold().strip()))


def _feminine(phrase: str) -> str:
    """The feminine of a Spanish numeral phrase (doscientos uno → doscientas una)."""
    words = [re.sub(r"ientos$", "ientas", re.sub(r"o$", "a", w)) if w not in ("y",) else w
             for w in phrase.split()]
    return " ".join(words)


def _plural(phrase: str) -> str:
    return " ".join(w if w == "y" else w + ("es" if w[-1] in "dlnr" else "s") for w in phrase.split())


def _spanish() -> Iterator[tuple[str, str, int | str]]:
    for n in range(2, 1000):
        word = num2words(n, lang="es")
        yield word, "cardinal", n
        yield re.sub(r"\buno$", "una", re.sub(r"ientos\b", "ientas", word)), "cardinal", n
        if word.endswith("uno"):
            yield word[:-1], "cardinal", n  # veintiún, treinta y un
            yield word.replace("veintiuno", "veintiún"), "cardinal", n
        if " " in word:  # written in one word: treintaiuno (RAE), cientocincuenta, cientouna
            glued = word.replace(" y ", "i").replace(" ", "")
            yield glued, "cardinal", n
            yield re.sub(r"uno$", "una", re.sub(r"ientos", "ientas", glued)), "cardinal", n
    for n in range(2, 1000):  # «dosmil», «diezmil»: thousands in one word
        word = num2words(n, lang="es").replace(" y ", "i").replace(" ", "")
        yield re.sub(r"uno$", "ún", word) + "mil", "cardinal", n * 1000
        yield word + "mil", "cardinal", n * 1000
    yield "ciento", "cardinal", 100
    for n in range(1, 1000):
        ordinal = num2words(n, lang="es", to="ordinal")
        forms = {ordinal, re.sub(r"(prim|terc)ero$", r"\1er", ordinal),
                 re.sub(r"^décimo\s*", "decimo", ordinal)}  # decimotercero (RAE)
        forms |= {re.sub(r"(prim|terc)ero$", r"\1er", f) for f in forms}
        if n in (11, 12):
            forms |= {("undécimo", "duodécimo")[n - 11]}
        if " " in ordinal:  # vigesimoprimero, trigesimosegunda (RAE): one word
            fused = _plain(ordinal.split()[0]) + "".join(ordinal.split()[1:])
            forms |= {fused, re.sub(r"(prim|terc)ero$", r"\1er", fused)}
        for form in forms:
            yield form, "part", n
            yield _feminine(form), "part", n
            yield _plural(form), "part", n
            yield _plural(_feminine(form)), "part", n
    # fractions from eleven on: the cardinal and -avo (onceavo, dieciseisavo, veintavo)
    for n in range(11, 1000):
        if n in (100, 1000):
            continue
        cardinal = _plain(num2words(n, lang="es")).replace(" ", "")
        for stem in {cardinal, cardinal[:-1]}:
            for ending in ("avo", "ava", "avos", "avas"):
                yield stem + ending, "part", n
    for word, n in (("medio", 2), ("media", 2), ("medios", 2), ("medias", 2), ("mitad", 2),
                    ("mitades", 2), ("tercio", 3), ("tercios", 3)):
        yield word, "part", n
    # «milésimo» and up: the thousandth, ten-thousandth (diezmilésima), millionth
    for prefix, factor in (("", 1), ("diez", 10), ("cien", 100), ("mil", 1000)):
        for stem, power in (("milésim", 3), ("millonésim", 6), ("milmillonésim", 9),
                            ("billonésim", 12), ("trillonésim", 18)):
            for ending in ("o", "a", "os", "as"):
                if not (prefix == "mil" and stem == "milésim"):
                    yield prefix + stem + ending, "part", factor * 10**power
    for word in ("enésimo", "enésima", "enésimos", "enésimas"):
        yield word, "part", "n"
    for stem, n in (("dobl", 2), ("tripl", 3), ("cuádrupl", 4), ("quíntupl", 5), ("séxtupl", 6),
                    ("séptupl", 7), ("óctupl", 8), ("nónupl", 9), ("décupl", 10),
                    ("céntupl", 100), ("dupl", 2), ("undécupl", 11), ("duodécupl", 12)):
        for ending in ("e", "es", "o", "a", "os", "as"):
            yield stem + ending, "multiple", n
    # the verbs (duplicar ... centuplicar) in every tense: matched by stem, see _STEMS
    # collective numbers: par, docena, decena, veintena (from «veinte»), centena, centenar
    # English calls three indices (i, k, j) a triple, the word of the multiple: «terna»
    for word in ("terna", "ternas", "trío", "tríos"):
        yield word, "multiple", 3
    collective = {"par": 2, "decena": 10, "docena": 12, "quincena": 15,
                  "centena": 100, "centenar": 100, "cientos": 100, "cientas": 100}
    for tens in range(20, 100, 10):
        collective[re.sub(r"[ae]$", "", num2words(tens, lang="es")) + "ena"] = tens
    # counts of items and of years: «cuarteto», «dúo», «década», «lustro», «siglo»
    collective |= {"dúo": 2, "trío": 3, "cuarteto": 4, "quinteto": 5, "sexteto": 6,
                   "septeto": 7, "octeto": 8, "noneto": 9, "década": 10, "decenio": 10,
                   "lustro": 5, "quinquenio": 5, "bienio": 2, "trienio": 3, "cuatrienio": 4,
                   "sexenio": 6, "siglo": 100, "centuria": 100, "milenio": 1000}
    for word, n in collective.items():
        yield word, "collective", n
        if word not in ("cientos", "cientas"):
            yield _plural(word), "collective", n
    # the square and the cube of a value (and «raíz cuadrada», square root)
    for word in ("al cuadrado", "cuadrado", "cuadrada", "cuadrados", "cuadradas"):
        yield word, "power", 2
    for word in ("al cubo", "cubo", "cubos"):
        yield word, "power", 3
    for word in ("cuadrático", "cuadrática", "cuadráticos", "cuadráticas"):
        yield word, "power", 2
    for word in ("cúbico", "cúbica", "cúbicos", "cúbicas"):
        yield word, "power", 3
    yield "por ciento", "percent", 100
    yield "porcentaje", "percent", 100
    yield "porcentajes", "percent", 100


def _english() -> Iterator[tuple[str, str, int | str]]:
    for n in range(2, 1000):
        word = num2words(n, lang="en")
        for form in {word, word.replace(" and ", " ")}:
            yield form, "cardinal", n
            if form.startswith("one hundred"):
                yield form.replace("one hundred", "a hundred", 1), "cardinal", n
                yield form.replace("one hundred", "hundred", 1), "cardinal", n
    for n in range(1, 1001):
        ordinal = num2words(n, lang="en", to="ordinal")
        for form in {ordinal, ordinal.replace(" and ", " "), re.sub(r"^one ", "", ordinal)}:
            yield form, "part", n
            yield form + "s", "part", n
    for word, n in (("half", 2), ("halves", 2), ("halved", 2), ("halve", 2), ("halving", 2),
                    ("quarter", 4), ("quarters", 4), ("quartered", 4), ("nth", "n"),
                    ("millionth", 10**6), ("millionths", 10**6), ("billionth", 10**9),
                    ("billionths", 10**9), ("trillionth", 10**12), ("trillionths", 10**12),
                    ("n th", "n")):
        yield word, "part", n
    for word, n in (("twice", 2), ("double", 2), ("doubles", 2), ("doubled", 2),
                    ("doubling", 2), ("duplicate", 2), ("duplicates", 2), ("duplicated", 2),
                    ("thrice", 3), ("triple", 3), ("triples", 3), ("tripled", 3),
                    ("tripling", 3), ("quadruple", 4), ("quadruples", 4), ("quadrupled", 4),
                    ("quintuple", 5), ("quintupled", 5), ("sextuple", 6), ("decuple", 10)):
        yield word, "multiple", n
    for n in range(2, 101):
        word = num2words(n, lang="en").replace("one hundred", "hundred")
        if " " not in word and "-" not in word:
            yield word + "fold", "multiple", n
            yield word + "-fold", "multiple", n
    for word, n in (("pair", 2), ("pairs", 2), ("pairwise", 2), ("couple", 2), ("couples", 2),
                    ("dozen", 12), ("dozens", 12), ("tens", 10), ("hundreds", 100),
                    ("quarantine", 40), ("duo", 2), ("duos", 2), ("trio", 3), ("trios", 3),
                    ("quartet", 4), ("quartets", 4), ("quintet", 5), ("quintets", 5),
                    ("sextet", 6), ("sextets", 6), ("octet", 8), ("octets", 8),
                    ("decade", 10), ("decades", 10), ("century", 100), ("centuries", 100),
                    ("millennium", 1000), ("millennia", 1000)):
        yield word, "collective", n
    for word, n in (("square", 2), ("squares", 2), ("squared", 2), ("squaring", 2),
                    ("quadratic", 2), ("quadratically", 2), ("cube", 3), ("cubes", 3),
                    ("cubed", 3), ("cubic", 3), ("cubically", 3)):
        yield word, "power", n
    for word in ("percent", "per cent", "percentage", "percentages"):
        yield word, "percent", 100


def _after_determiner(text: str, start: int, language: str) -> bool:
    """Whether a determiner stands before ``start``, with a number or a formula between."""
    before = text[:start]
    between = re.search(r"(?:^|[\s\u00a0])([^\s\u00a0]+)[\s\u00a0]+$", before)
    if between and (re.fullmatch(r"[0-9\ue000-\uf8ff]+|[^\W\d_]", between[1])
                    or vocabulary(language).get(_key(between[1]), ("",))[0] == "cardinal"):
        before = before[:between.start(1)]
    return bool(_DETERMINER[language].search(before))


@cache
def vocabulary(language: str) -> dict[str, tuple[str, int | str]]:
    """Every quantity phrase of ``language`` (spaces and hyphens as one space, case folded,
    Spanish also without accents) and its kind and value."""
    found: dict[str, tuple[str, int | str]] = {}
    for phrase, kind, value in (_spanish() if language == "es" else _english()):
        for form in {phrase, _plain(phrase)} if language == "es" else {phrase}:
            found.setdefault(_key(form), (kind, value))
    del found[_TIME[language]]
    return found


#: «medio» and «media» are a half after «y» («10 ms y medio», «dos y media») or before a
#: unit, a scale word or a number word («medio segundo», «media hora», «medio millón»);
#: elsewhere they are "middle", "means" and "mean" («la media»)
_HALF_BEFORE = re.compile(r"[\s\u00a0]+(?:ms|s|[µμ]s|ns|segundos?|minutos?|horas?|d[ií]as?|"
                          r"mill[oó]n|millones|mil|millar|docena|kilo\w*|mega\w*|giga\w*|"
                          r"vez|veces|punto|grados?|p[aá]ginas?|bits?|bytes?)(?!\w)", re.I)
#: first and second (primero, segundo) count only after a determiner, with at most a number
#: or a formula between ("the first line", "the first r terms", «los r primeros»): without
#: one they are adverbs of order ("apply g first and f second", «aplica primero g») or the
#: unit of time ("a few seconds", «unos segundos», "of a second", «de segundo»)
_ORDER_WORDS = {"first", "second", "primero", "primer", "primera", "primeros", "primeras",
                "segundo", "segunda", "segundas"}
#: the plural of the unit of time, never an ordinal ("a few seconds", «los segundos por producto»)
_TIME = {"en": "seconds", "es": "segundos"}
_THE = r"(?<![\w-])(?:{})[\s\u00a0]+$"
_DETERMINER = {
    "en": re.compile(_THE.format("the|its|their|his|her|our|your|my|this|that|these|those"
                                 r"|whose|\w+['’]s"), re.I),
    "es": re.compile(_THE.format("el|la|los|las|lo|al|del|su|sus|mi|mis|tu|tus|este|esta"
                                 "|estos|estas|ese|esa|esos|esas|cuyo|cuya"), re.I),
}
_HALF_AFTER = re.compile(r"(?:^|[\s\u00a0])y[\s\u00a0]+$", re.I)


#: words matched by stem, in every tense and form (duplicó, triplicaremos, cuadruplique)
_STEMS = {"es": [(re.compile(rf"{stem}pli[cq]\w*", re.I), "multiple", n) for stem, n in (
    ("du", 2), ("tri", 3), ("cuadru", 4), ("quintu", 5), ("sextu", 6), ("septu", 7),
    ("octu", 8), ("nonu", 9), ("decu", 10), ("undecu", 11), ("duodecu", 12), ("centu", 100))],
    "en": []}
#: «medio», «media» directly before a noun are a half («medio producto», «media página»),
#: unless a determiner or a preposition stands before them («la media», «en medio», «por
#: medio de») or the next word is a preposition, a conjunction or names the statistic
_NOT_HALF_BEFORE = re.compile(r"(?<![\w-])(?:el|la|los|las|lo|un|una|unos|unas|su|sus|mi|tu|"
                              r"en|por|de|del|al|a|este|esta|estos|estas|ese|esa|cuyo|cuya|"
                              r"otra|otro|cada)[\s\u00a0]+$", re.I)
_NOT_A_NOUN = {"de", "del", "y", "e", "o", "u", "en", "que", "es", "son", "con", "para", "por",
               "a", "al", "se", "como", "geométrica", "aritmética", "armónica", "ponderada",
               "móvil", "cuadrática", "muestral", "geometrica", "aritmetica", "armonica",
               "movil", "cuadratica", "entre", "sobre", "más", "mas", "menos", "no", "ni"}


def _half_before_noun(text: str, start: int, end: int) -> bool:
    after = re.match(r"[\s\u00a0]+([^\W\d_]+)", text[end:])
    return bool(after and after[1].casefold() not in _NOT_A_NOUN
                and not _NOT_HALF_BEFORE.search(text[:start]))


def quantities(text: str, language: str) -> list[Quantity]:
    """The quantities written in words in ``text``, longest phrase first, in reading order."""
    words = list(_WORD.finditer(text))
    table = vocabulary(language)
    found: list[Quantity] = []
    i = 0
    while i < len(words):
        for j in range(min(len(words), i + _LONGEST), i, -1):
            gaps = (text[words[k].end():words[k + 1].start()] for k in range(i, j - 1))
            if not all(_JOINER.fullmatch(gap) for gap in gaps):
                continue
            phrase = text[words[i].start():words[j - 1].end()]
            # accents as written or not («treintaidós», «veintidos»)
            hit = table.get(_key(phrase)) or (table.get(_key(_plain(phrase))) if language == "es" else None)
            if hit is None or (language == "es" and _key(_plain(phrase)) in ("medio", "media", "medios", "medias")
                               and not (_HALF_AFTER.search(text[:words[i].start()])
                                        or _HALF_BEFORE.match(text, words[j - 1].end())
                                        or _half_before_noun(text, words[i].start(), words[j - 1].end()))):
                continue
            if _key(phrase) in _ORDER_WORDS and not _after_determiner(text, words[i].start(), language):
                continue  # "g first, f second", «primero g»: the order of steps, not a rank
            found.append(Quantity(hit[0], hit[1], phrase, words[i].start()))
            i = j
            break
        else:
            stem = next(((kind, value) for pattern, kind, value in _STEMS[language]
                         if pattern.fullmatch(_plain(words[i][0]))), None)
            if stem:
                found.append(Quantity(stem[0], stem[1], words[i][0], words[i].start()))
            i += 1
    return found


# --- units written as words ---------------------------------------------------------------

#: each unit the site writes, by its canonical symbol: the symbols and the words (English,
#: Spanish; singular and plural are both listed or derived) that name it.  A symbol and a word
#: of one unit are interchangeable ("ms" and «milisegundos»); a prefix makes another unit
#: (kilobyte is not byte, millisecond is not second).
UNITS: dict[str, dict[str, tuple[str, ...]]] = {
    "s": {"symbol": ("s",), "en": ("second", "seconds", "sec", "secs"),
          "es": ("segundo", "segundos")},
    "min": {"symbol": (), "en": ("minute", "minutes"), "es": ("minuto", "minutos")},
    "h": {"symbol": (), "en": ("hour", "hours"), "es": ("hora", "horas")},
    "ms": {"symbol": ("ms",), "en": ("millisecond", "milliseconds", "msec"),
           "es": ("milisegundo", "milisegundos")},
    "μs": {"symbol": ("μs", "µs"), "en": ("microsecond", "microseconds"),
           "es": ("microsegundo", "microsegundos")},
    "ns": {"symbol": ("ns",), "en": ("nanosecond", "nanoseconds"),
           "es": ("nanosegundo", "nanosegundos")},
    "bit": {"symbol": (), "en": ("bit", "bits"), "es": ("bit", "bits")},
    "B": {"symbol": (), "en": ("byte", "bytes"), "es": ("byte", "bytes", "octeto", "octetos")},
    "kB": {"symbol": ("kB", "KB", "KiB"), "en": ("kilobyte", "kilobytes", "kibibyte", "kibibytes"),
           "es": ("kilobyte", "kilobytes", "kibibyte", "kibibytes")},
    "MB": {"symbol": ("MB", "MiB"), "en": ("megabyte", "megabytes", "mebibyte", "mebibytes"),
           "es": ("megabyte", "megabytes", "mebibyte", "mebibytes")},
    "GB": {"symbol": ("GB", "GiB"), "en": ("gigabyte", "gigabytes", "gibibyte", "gibibytes"),
           "es": ("gigabyte", "gigabytes", "gibibyte", "gibibytes")},
    "TB": {"symbol": ("TB", "TiB"), "en": ("terabyte", "terabytes", "tebibyte", "tebibytes"),
           "es": ("terabyte", "terabytes", "tebibyte", "tebibytes")},
    "FLOP": {"symbol": ("FLOP", "FLOPs"), "en": ("flop", "flops"), "es": ("flop", "flops")},
    "MFLOP": {"symbol": ("MFLOP", "MFLOPs"), "en": ("megaflop", "megaflops"),
              "es": ("megaflop", "megaflops")},
    "GFLOP": {"symbol": ("GFLOP", "GFLOPs"), "en": ("gigaflop", "gigaflops"),
              "es": ("gigaflop", "gigaflops")},
    "TFLOP": {"symbol": ("TFLOP", "TFLOPs"), "en": ("teraflop", "teraflops"),
              "es": ("teraflop", "teraflops")},
    "FLOP/s": {"symbol": ("FLOP/s",), "en": (), "es": ()},
    "MFLOP/s": {"symbol": ("MFLOP/s",), "en": (), "es": ()},
    "GFLOP/s": {"symbol": ("GFLOP/s", "GFLOPS"), "en": (), "es": ()},
    "TFLOP/s": {"symbol": ("TFLOP/s",), "en": (), "es": ()},
    "%": {"symbol": ("%",), "en": (), "es": ()},
}
#: a unit symbol: case-sensitive, not part of a longer word, path or number ("ms" in "forms",
#: "s" in "it's" are no units)
_SYMBOL = re.compile(r"(?<![\w/'’.-])(" + "|".join(sorted(
    (re.escape(s) for unit in UNITS.values() for s in unit["symbol"]), key=len, reverse=True))
    + r")(?![\w/])")
#: a singular "second", «segundo» is the unit after a number, "per", "of a", «por», «de»; after
#: an article it is the unit only when no noun follows ("a second pass" and «un segundo paso»
#: are ordinals; "in a second," and «un segundo y medio» are time)
_UNIT_SECOND_BEFORE = {
    "en": re.compile(r"(?:(?<![\w-])(?:per|of an?|of|each|every|half a|a|one)|[0-9])"
                     r"[\s\u00a0\u202f-]+$", re.I),
    "es": re.compile(r"(?:(?<![\w-])(?:por|de|cada|medio|un)|[0-9])"
                     r"[\s\u00a0\u202f-]+$", re.I),
}
_ARTICLE = re.compile(r"(?<![\w-])(?:a|one|un)[\s\u00a0\u202f-]+$", re.I)
_AFTER_UNIT = re.compile(r"[\s\u00a0\u202f]+(?:and|or|y|o|e|u|de|of|per|por|más|menos|more|less"
                         r"|than|que|in|en|to|a|for|para|on)(?!\w)|(?![\s\u00a0\u202f]*[^\W\d_])", re.I)


@cache
def unit_words(language: str) -> dict[str, str]:
    """Each unit word of ``language`` (case folded) and its canonical unit."""
    return {word.casefold(): unit for unit, names in UNITS.items() for word in names[language]}


def unit_mentions(text: str, language: str) -> list[tuple[str, str]]:
    """The units ``text`` names, as symbols or as words, in reading order: (canonical unit, as
    written).  "ms", "millisecond" and «milisegundos» are all ``ms``."""
    symbols = {s: unit for unit, names in UNITS.items() for s in names["symbol"]}
    found = [(m.start(), symbols[m[1]], m[1]) for m in _SYMBOL.finditer(text)]
    taken = {start for start, _, _ in found}
    words = unit_words(language)
    for match in _WORD.finditer(text):
        unit = words.get(match[0].casefold())
        if unit is None or match.start() in taken:
            continue  # "FLOPs" is the symbol, counted above
        if match[0].casefold() in ("second", "segundo"):
            before = text[:match.start()]
            if not _UNIT_SECOND_BEFORE[language].search(before) or (
                    _ARTICLE.search(before) and not _AFTER_UNIT.match(text, match.end())):
                continue  # the ordinal: "the second column", «el segundo lugar»
        found.append((match.start(), unit, match[0]))
    return [(unit, written) for _, unit, written in sorted(found)]
