"""Negation and direction words: a translation may not add a «no» or turn "more" into «menos».

No rule can read the sense of a sentence, but two small sets of words turn it around: negations
(«contiene» → «no contiene») and words of a downward comparison («más rápido» → «más lento»,
«veces más» → «veces menos», «mayor» → «menor»).  Spanish uses negation more than English
(double negation: "none" is «no ... ninguno»; "nothing but" is «no es más que»), so only
negations a translation adds beyond every negation of the English text count, after a few
fixed phrases are set aside; downward words count the same way.  The few correct translations
that still write more of them are recorded, by the hash of their English and Spanish text, in
:data:`REVIEWED` (outside locale/, reviewed like code): a changed translation is checked again.

Statistics: «mediana» is the median, «media» and «promedio» the mean (a half in «hora y media»,
«media página», see :mod:`poguard.quantity`); a translation may name a statistic only if its
English text names that statistic.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from poguard.quantity import quantities

#: the correct translations that write more negations or downward words than their English,
#: by :func:`entry_key`, with a note saying why; out of the translators' reach
REVIEWED = Path(__file__).resolve().parent / "polarity_reviewed.json"

_B, _E = r"(?<![\w'’-])(?:", r")(?![\w'’-])"
#: words that deny: English (with its negative affixes) and Spanish
NEGATIONS = {
    "en": re.compile(_B + r"not|no|never|neither|nor|none|nothing|nobody|nowhere|without|cannot"
                     r"|\w+n['’]t|non\w*|(?!under|unit|union|uniq|univers|unif)un\w{4,}|in(?:valid|visible|dependent)"
                     r"|\w+less|except|aside|instead|rather|offline|fails?|failing|missing|lacks?"
                     r"|absent|differs?|outgrows?|only" + _E, re.I),
    "es": re.compile(_B + r"no|nunca|jamás|sin|tampoco|ni|ningun[oa]s?|ningún|nada|nadie" + _E, re.I),
}
#: words of a comparison downward (less, fewer, slower, smaller, lower, below)
DOWNWARD = {
    "en": re.compile(_B + r"less|least|fewer|fewest|smaller|smallest|lower|lowest|below|under"
                     r"|slower|slowest|shorter|shortest|as slow|down to|within|fell|falls?|drops?" + _E, re.I),
    "es": re.compile(_B + r"menos|menor|menores|por debajo|inferior|inferiores"
                     r"|más lent[oa]s?|más baj[oa]s?|más pequeñ[oa]s?|más cort[oa]s?" + _E, re.I),
}
#: fixed phrases whose negation or comparison is no negation or comparison of the sentence
IDIOMS = {
    "en": re.compile(_B + r"more or less|no-break|non-breaking|nothing but" + _E, re.I),
    "es": re.compile(_B + r"más o menos|no es más que|no son más que|de no separación"
                     r"|no nul[oa]s?|no negativ[oa]s?"
                     r"|de mayor a menor|de menor a mayor|sin traducir|de orden inferior|de órdenes inferiores" + _E, re.I),
}
#: «no lineal» negates "linear" («aplicación no lineal» for "linear map"): it is set aside,
#: as a term of its own, only where the English text says "non-linear" or "nonlinear"
NONLINEAR = {"en": re.compile(_B + r"non-?linear\w*" + _E, re.I),
             "es": re.compile(_B + r"no linealidad(?:es)?|no lineal(?:es)?" + _E, re.I)}
#: the statistics, by the words that name them
STATISTICS = {
    "en": {"median": re.compile(_B + r"medians?|middle" + _E, re.I),
           "mean": re.compile(_B + r"means?|averages?|averaged|averaging|arithmetic mean" + _E, re.I)},
    "es": {"median": re.compile(_B + r"medianas?" + _E, re.I),
           "mean": re.compile(_B + r"medias?|promedios?|promedia\w*" + _E, re.I)},
}


def entry_key(msgid: str, msgstr: str) -> str:
    """The key of one translation in :data:`REVIEWED`: SHA-256 of its English and Spanish text."""
    return hashlib.sha256(f"{msgid}\0{msgstr}".encode()).hexdigest()


@cache
def reviewed(path: Path = REVIEWED) -> dict[str, str]:
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def _plain(text: str, language: str) -> str:
    return IDIOMS[language].sub(" ", text)


#: Spanish negative concord: a negative word after «no», «sin», «nunca» in the same clause
#: repeats that negation ("not counted" is «no se cuentan ni ... ni ...», "does none" is «no
#: hace ninguna»), so it is not counted again
_CONCORD = re.compile(r"ni|ningun[oa]s?|ningún|nada|nadie|nunca|jamás|tampoco", re.I)
_CLAUSE_END = re.compile(r"[.;:!?()]")


def found(pattern: dict[str, re.Pattern[str]], text: str, language: str) -> list[str]:
    """The words of ``pattern`` in ``text`` that count (Spanish negative concord counted once)."""
    text = _plain(text, language)
    words, last = [], None
    for match in pattern[language].finditer(text):
        concord = (pattern is NEGATIONS and language == "es" and _CONCORD.fullmatch(match[0])
                   and last is not None and not _CLAUSE_END.search(text, last, match.start()))
        if pattern is NEGATIONS:
            last = match.end()
        if not concord:
            words.append(match[0])
    return words


def count(pattern: dict[str, re.Pattern[str]], text: str, language: str) -> int:
    return len(found(pattern, text, language))


def statistics(text: str, language: str) -> set[str]:
    """The statistics ``text`` names («media» as a half, «hora y media», is no statistic)."""
    halves = {q.start for q in quantities(text, language) if q.kind == "part"}
    return {name for name, pattern in STATISTICS[language].items()
            if any(m.start() not in halves for m in pattern.finditer(text))}


def polarity_problems(english: str, spanish: str, msgid: str, msgstr: str) -> Iterator[tuple[str, str]]:
    """Negations and downward words the translation adds, and statistics it names that the
    English text does not (``english``, ``spanish``: the prose, formulas and literals set
    aside; ``msgid``, ``msgstr``: the entry, for :data:`REVIEWED`)."""
    if NONLINEAR["en"].search(english):
        spanish = NONLINEAR["es"].sub(" ", spanish)
    for name, pattern, example in (("negation", NEGATIONS, "«no», «sin», «nunca»"),
                                   ("downward comparison", DOWNWARD, "«menos», «menor», «más lento»")):
        en, es = count(pattern, english, "en"), count(pattern, spanish, "es")
        if es > en and entry_key(msgid, msgstr) not in reviewed():
            yield "polarity", (
                f"the translation has {es} word(s) of {name} "
                f"({', '.join(map(repr, found(pattern, spanish, 'es')))}) "
                f"where the English text has {en}: words like {example} turn a sentence "
                "around; translate the sense of the English text.  If this translation is "
                "correct, a maintainer reviews it and adds its key "
                f"{entry_key(msgid, msgstr)} to tools/poguard/{REVIEWED.name}, with a note "
                "saying why")
    # the raw texts: a statistic is often the text of a :term: link, which the prose sets aside
    extra = statistics(msgstr, "es") - statistics(msgid, "en")
    if extra:
        yield "statistic", (
            f"the translation names the {', '.join(sorted(extra))} ("
            + ", ".join(repr(m[0]) for s in sorted(extra) for m in STATISTICS["es"][s].finditer(msgstr))
            + f"), which the English text does not name (it names {', '.join(sorted(statistics(english, 'en'))) or 'none'}): "
            "«mediana» is the median, «media» and «promedio» the mean; name the statistic of "
            "the English text")
