"""The text of a ``:term:`` link in a translation: the words of the term it links to.

A ``:term:`` link shows its own text, and a reader takes that text for the name of the
glossary entry it opens: «aplicación no lineal» linking to *linear map* would say the
opposite of the definition it leads to.  So the text of each ``:term:`` link of a msgstr may
use only the words of that term's Spanish rendering in :file:`tools/glossary/<language>.csv`
(outside locale/, reviewed like code), the English term itself (loanwords, acronyms), and the
renderings the CSV gives for the English link text; each word may be singular or plural.
Nothing else, so no «no», «sin», «casi».

The glossary page's catalogue (``glossary.po``) is a translator's file like any other, so
its term headings are not trusted either: each must be the CSV rendering of its English
term, markup stripped (:func:`heading_problems`), and a term without a row is an error.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator

#: a term link and its text: ``:term:`text <target>``` or ``:term:`target```
TERM_RE = re.compile(r":term:`([^`]*)`", re.S)
_WORD = re.compile(r"[^\W\d_]+")


def _plain(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word.casefold())
                   if unicodedata.category(c) != "Mn")


def words(text: str) -> list[str]:
    """The words of ``text``, case folded and without accents (markup and digits dropped)."""
    return [_plain(w) for w in _WORD.findall(text)]


def singular(word: str) -> set[str]:
    """``word`` and the singulars it may be the plural of (aplicaciones, ortonormales, FLOPs)."""
    found = {word}
    if word.endswith("es"):
        found.add(word[:-2])
    if word.endswith("s"):
        found.add(word[:-1])
    return found


def links(text: str) -> list[tuple[str, str]]:
    """(shown text, target term) of each ``:term:`` link of ``text``."""
    found = []
    for match in TERM_RE.finditer(text):
        inner = " ".join(match[1].split())
        explicit = re.fullmatch(r"(.*?)\s*<([^<>]*)>", inner)
        found.append((explicit[1], explicit[2]) if explicit else (inner, inner))
    return found


def _names(english: str) -> set[str]:
    """The names a glossary CSV row's English column gives: comma-separated, with and without
    what a bracket says ("matmul (in prose), matrix product" names matmul and matrix product)."""
    found = set()
    for part in english.split(","):
        for name in (re.sub(r"\([^()]*\)", "", part), re.sub(r"[()]", "", part)):
            if name.strip():
                found.add(" ".join(words(name)))
    return found


def _same_name(english: str, names: set[str]) -> bool:
    wanted = words(english)
    return any(len(wanted) == len(n.split()) and all(
        singular(w) & singular(x) for w, x in zip(wanted, n.split())) for n in names)


def _exact_names(english: str) -> set[str]:
    """The names of a CSV row's English column, exactly as written (case and spaces folded)."""
    return {" ".join(name.casefold().split()) for part in english.split(",")
            for name in (re.sub(r"\([^()]*\)", "", part), re.sub(r"[()]", "", part)) if name.strip()}


def rendering(term: str, csv_terms: Iterable[tuple[str, str]]) -> str | None:
    """The CSV rendering of the English ``term`` (a row that names exactly this term), if any."""
    wanted = " ".join(term.casefold().split())
    return next((spanish for english, spanish in csv_terms if wanted in _exact_names(english)), None)


def unmarked(text: str) -> str:
    """``text`` without inline markup characters (``*``, ``` ` ```), spaces folded."""
    return " ".join(re.sub(r"[*`]", "", text).split())


def heading_problems(term: str, msgstr: str,
                     csv_terms: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """The glossary page's heading of ``term`` is not the CSV rendering of the term."""
    wanted = rendering(term, csv_terms)
    if wanted is None:
        yield "glossary-heading", (
            f"the glossary term {term!r} has no row in the glossary CSV "
            "(tools/glossary/<language>.csv): its Spanish name, which every link to it shows, "
            "is fixed there, out of the translators' reach; a maintainer adds the row "
            f"{term},<rendering>,, and the heading must then be that rendering")
    elif unmarked(msgstr) != unmarked(wanted):
        yield "glossary-heading", (
            f"the glossary term {term!r} is translated {msgstr!r}, not its rendering "
            f"{wanted!r} in the glossary CSV (tools/glossary/<language>.csv): a term's name is "
            "fixed there, out of the translators' reach, and every link to the term relies on "
            "it; write the CSV rendering (a maintainer changes the CSV if it should change)")


def allowed_words(target: str, english_texts: Iterable[str],
                  csv_terms: Iterable[tuple[str, str]]) -> set[str]:
    """The words a link to ``target`` may show: the term, its CSV rendering, and the CSV
    renderings of the English link texts ``english_texts``."""
    csv_terms = list(csv_terms)
    allowed = set(words(target)) | set(words(rendering(target, csv_terms) or ""))
    english = [target, *english_texts]
    for row_english, spanish in csv_terms:
        if any(_same_name(e, _names(row_english)) for e in english):
            allowed |= set(words(spanish))
    return allowed


def term_link_problems(msgid: str, msgstr: str,
                       csv_terms: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """Words of a translation's ``:term:`` link text that are not words of the term."""
    csv_terms = list(csv_terms)
    english: dict[str, list[str]] = {}
    for text, target in links(msgid):
        english.setdefault(target, []).append(text)
    for text, target in links(msgstr):
        allowed = {s for w in allowed_words(target, english.get(target, []), csv_terms)
                   for s in singular(w)}
        extra = [w for w in _WORD.findall(text) if not singular(_plain(w)) & allowed]
        if extra:
            shown = rendering(target, csv_terms) or target
            yield "term-link", (
                f"the link text {text!r} to the glossary term {target!r} has the word(s) "
                f"{', '.join(map(repr, extra))}, which are not words of the term (its "
                f"rendering in the glossary CSV is {shown!r}): a reader takes the text of "
                "a term link for the name of the entry it opens; write the term's rendering, "
                "singular or plural, and say anything else outside the link")
