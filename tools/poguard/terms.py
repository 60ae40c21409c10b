"""The text of a ``:term:`` link in a translation: the words of the term it links to.

A ``:term:`` link shows its own text, and a reader takes that text for the name of the
glossary entry it opens: «aplicación no lineal» linking to *linear map* would say the
opposite of the definition it leads to.  So the text of each ``:term:`` link of a msgstr may
use only the words of that term's Spanish rendering (the glossary page's translated term in
``glossary.po``, markup stripped), the English term itself (loanwords, acronyms), and the
renderings :file:`tools/glossary/<language>.csv` gives for the English link text or the
term; each word may be singular or plural.  Nothing else, so no «no», «sin», «casi».
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

import polib

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


@cache
def renderings(glossary_po: Path) -> dict[str, str]:
    """Each glossary term (the English msgid) and its Spanish rendering on the glossary page."""
    if not glossary_po.is_file():
        return {}
    return {e.msgid: e.msgstr for e in polib.pofile(str(glossary_po))
            if e.msgstr and not e.fuzzy and not e.obsolete}


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


def allowed_words(target: str, english_texts: Iterable[str], glossary_po: Path,
                  csv_terms: Iterable[tuple[str, str]]) -> set[str]:
    """The words a link to ``target`` may show: the term's rendering on the glossary page, the
    term, and the CSV renderings of the term or of the English link texts ``english_texts``."""
    allowed = set(words(target)) | set(words(renderings(glossary_po).get(target, "")))
    english = [target, *english_texts]
    for row_english, spanish in csv_terms:
        if any(_same_name(e, _names(row_english)) for e in english):
            allowed |= set(words(spanish))
    return allowed


def term_link_problems(msgid: str, msgstr: str, glossary_po: Path,
                       csv_terms: Iterable[tuple[str, str]]) -> Iterator[tuple[str, str]]:
    """Words of a translation's ``:term:`` link text that are not words of the term."""
    csv_terms = list(csv_terms)
    english: dict[str, list[str]] = {}
    for text, target in links(msgid):
        english.setdefault(target, []).append(text)
    for text, target in links(msgstr):
        allowed = {s for w in allowed_words(target, english.get(target, []), glossary_po, csv_terms)
                   for s in singular(w)}
        extra = [w for w in _WORD.findall(text) if not singular(_plain(w)) & allowed]
        if extra:
            rendering = renderings(glossary_po).get(target, target)
            yield "term-link", (
                f"the link text {text!r} to the glossary term {target!r} has the word(s) "
                f"{', '.join(map(repr, extra))}, which are not words of the term (its "
                f"rendering on the glossary page is {rendering!r}): a reader takes the text of "
                "a term link for the name of the entry it opens; write the term's rendering, "
                "singular or plural, and say anything else outside the link")
