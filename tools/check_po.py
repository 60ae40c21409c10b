"""Guard the translations (sphinx-intl ``.po`` files) before Sphinx publishes them.

Threat model: a ``.po`` file is untrusted input.  Sphinx parses each msgstr as
reStructuredText with the build's roles and directives and publishes the first node of the
result without a warning, whatever it says.  So the guard parses each msgid and its msgstr
the same way (:mod:`poguard.rest`) and compares the trees: a translation may change words and
their order, never what the page links to, downloads, shows as code or math, nor add markup,
blocks or directives.  Numbers are compared as readers see them (:mod:`poguard.text`, with
:mod:`mmref.numbers`), invisible and bidirectional characters are rejected, and whole files
are checked too: header and plural rule, charset, obsolete entries, the page each file belongs
to and its current English text (with ``--pot``), wrapping and sphinx-lint
(:mod:`poguard.catalog`).  The interface catalogue ``sphinx.po`` holds plain text only, and so
does ``comments.po`` (the comments of code blocks): each of its msgstrs must stay one comment
line, read as a comment by the block's lexer, and never a doctest directive.

No rule can read the sense of a sentence (an antonym, left for right, a dropped «no» keep every
structure), so meaning is checked by a maintainer's review, and the guard checks that the
review happened (:mod:`poguard.review`): every published translation of every catalogue must
be the reviewed text recorded in ``tools/poguard/reviewed.json`` (rule ``review``).
``--show-unreviewed`` (``make po-review``) prints each other one beside its English and the
text reviewed before; ``--record-reviewed`` (``make po-reviewed``) records the current
translations, and refuses while any other rule fails.  The rules on words (polarity, term
links) stay as a first line that catches mistakes before review.  The glossary page's term
headings must be the renderings of ``tools/glossary/<language>.csv``, which ``:term:`` link
texts are checked against (:mod:`poguard.terms`).

A missing translation is no danger: the page shows its English text, with a notice
(``_ext/translation_progress.py``).  So untranslated and fuzzy entries, and pages without a
catalogue (with ``--pot``), are reported as warnings and do not fail the check; ``--strict``
(``make check-po-strict``, before a release) makes them errors.

Usage: ``python tools/check_po.py [--strict | --show-unreviewed | --record-reviewed]
[--pot _build/gettext] locale/es/LC_MESSAGES [more]``.
Output: one ``path:line: [rule] message`` line per problem (``warning:`` first when it does not
fail the check), then a summary line.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import polib

sys.path.insert(0, str(Path(__file__).resolve().parent))
from poguard import catalog, polarity, rest, review, terms, text  # noqa: E402

from mmref.numbers import LANGUAGES  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SAFE_SCHEMES = {"http", "https", "mailto"}
DEFAULT_LANGUAGE = "es"
#: the languages with catalogues under locale/: the site's languages (mmref.numbers) but English
TRANSLATED = tuple(language for language in LANGUAGES if language != "en")
#: rules that only say a translation is missing: warnings, errors with --strict
COMPLETENESS_RULES = {"untranslated", "fuzzy"}

ADVICE = {
    "math": "copy formulas unchanged",
    "literal": "copy inline literals (code) unchanged",
    "link": "translate only the text of a link or reference, keep its target and add none",
    "measured": "keep each :measured: key of the English text",
    "raw": "translations may not add raw output",
    "markup": "use the inline markup of the English text (as many **, *, roles), in any order",
    "structure": "a translation is one block of text like its English: no new directive, "
                 "list, target or paragraph",
}


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: [{self.rule}] {self.message}"


@cache
def parser() -> rest.MessageParser:
    return rest.MessageParser(ROOT)


#: the terminology rules of each language: outside locale/, out of the translators' reach,
#: reviewed like code
GLOSSARIES = ROOT / "tools" / "glossary"
#: the glossary page's catalogue: each term heading must be the glossary CSV's rendering
GLOSSARY_PAGE = "glossary.po"


def glossary_path(language: str) -> Path:
    return GLOSSARIES / f"{language}.csv"


@cache
def glossary(language: str) -> list[text.Term]:
    path = glossary_path(language)
    return text.read_glossary(path) if path.is_file() else []


def unsafe_scheme(target: str) -> str | None:
    """The scheme of a link target unless it is http, https, mailto or none (a relative path).

    >>> unsafe_scheme(" JaVa\\nScRipt:alert(1)"), unsafe_scheme("&#106;avascript:x")
    ('javascript', 'javascript')
    >>> unsafe_scheme("https://example.org"), unsafe_scheme("../page.html")
    (None, None)
    """
    for _ in range(5):  # &amp;#106; and friends: unescape until nothing changes
        target, before = html.unescape(target), target
        if target == before:
            break
    target = "".join(c for c in target if c != "\\" and unicodedata.category(c)[0] not in "CZ")
    scheme = re.match(r"([a-z][a-z0-9+.-]*):", target.casefold())
    return scheme[1] if scheme and scheme[1] not in SAFE_SCHEMES else None


#: a page's translation may be at most this many times as long as its English text, plus this
#: many characters (the real catalogues stay under 1.8 times the English text from 40
#: characters on, and under 20 characters for shorter texts: "Timing", «Medición de tiempos»)
LENGTH_GROWTH = (3, 40)


def max_length(msgid: str) -> int:
    return LENGTH_GROWTH[0] * len(msgid) + LENGTH_GROWTH[1]


def values_in_order(parsed: rest.Parsed, language: str) -> list[str]:
    """The numbers of the prose and the formulas, literals and computed values between them,
    in reading order: what each number stands next to."""
    shown: list[str] = []
    cuts = [*parsed.offsets, len(parsed.plain)]
    start = 0
    for cut, token in zip(cuts, [*parsed.sequence, None]):
        shown += [f"{n.value.normalize():f}{n.superscript}" for n in text.values(
            text.ascii_digits(parsed.plain[start:cut]), language) if not n.word]
        if token is not None:
            shown.append(str(token))
            # a computed value stands in the prose as a digit, which is not a number of its own
            start = cut + (len(rest.MEASURED_IN_PROSE) if token.kind == "measured" else 0)
    return shown


def same_pairing(en: rest.Parsed, es: rest.Parsed) -> bool:
    """Whether the numbers both texts write stand between the same formulas, literals and
    computed values (numbers only one of them writes are reported by the number rules)."""
    english, spanish = values_in_order(en, "en"), values_in_order(es, "es")
    common = Counter(english) & Counter(spanish)
    tokens = {str(t) for t in en.sequence}

    def shared(items: list[str]) -> list[str]:
        left = Counter(common)
        kept = []
        for item in items:
            if item in tokens or left[item] > 0:
                left[item] -= item not in tokens
                kept.append(item)
        return kept

    return shared(english) == shared(spanish)


def reference_name(token: rest.Token) -> str:
    names = dict(item for item in token.key if isinstance(item, tuple))
    return str(names.get("reftarget") or names.get("refuri") or names.get("refname") or token)


# --- rules on one entry: each yields (rule, message) ---------------------------------------


def check_translated(entry: polib.POEntry, msgstr: str) -> Iterator[tuple[str, str]]:
    if not msgstr:
        yield "untranslated", (
            "the entry has no translation (empty msgstr), so the Spanish page would show the "
            "English text; write the Spanish text in msgstr")
    if entry.fuzzy:
        yield "fuzzy", (
            "the entry is marked fuzzy (its English text changed since it was translated) and "
            "Sphinx ignores it; update the translation, then delete the '#, fuzzy' line")


def check_characters(msgid: str, msgstr: str) -> Iterator[tuple[str, str]]:
    """Rules on the characters of any message: what readers cannot see or tell apart."""
    yield from text.hidden_characters("".join(c for c in msgstr if c not in msgid))
    yield from text.normal_form(msgstr)
    yield from text.foreign_digits(msgstr, msgid)
    yield from text.foreign_letters(msgid, msgstr)
    yield from text.digit_lookalikes(msgid, msgstr)


def check_structure(msgid: str, msgstr: str, docname: str,
                    language: str) -> Iterator[tuple[str, str]]:
    """Parse both texts as Sphinx does and compare what they contain; the text of each
    ``:term:`` link must be the words of its term (:mod:`poguard.terms`, with the glossary
    CSV)."""
    en = parser().parse(rest.publishable(msgid), docname)
    es = parser().parse(rest.publishable(text.ascii_digits(msgstr)), docname)
    for error in es.errors:
        if error not in en.errors:
            disabled = re.match(r'"([\w:-]+)" directive disabled', error)
            if disabled:
                yield "structure", (f"the translation adds a '.. {disabled[1]}::' directive; "
                                    + ADVICE["structure"])
            else:
                yield "rest", (f"the translation is not valid reST: {error}; fix its markup to "
                               "match the English text (every ** * `` ` that opens must close)")
    if list(en.blocks) != ["paragraph"]:
        yield "source", (
            f"the English text, parsed alone as Sphinx parses it, is {', '.join(en.blocks) or 'nothing'}"
            " and not one paragraph (a line that starts with «C.» or «1.» reads as a list item), "
            "so Sphinx drops any translation of it and shows the English: reword the English "
            "source, then run `make update-po`")
    if es.blocks != en.blocks:
        yield "structure", (
            f"the translation is {len(es.blocks)} block(s) ({', '.join(es.blocks) or 'none'}) "
            f"where the English text is {len(en.blocks)} ({', '.join(en.blocks) or 'none'}); "
            "Sphinx publishes only the first block of a translation: " + ADVICE["structure"])
    missing, extra = en.tokens - es.tokens, es.tokens - en.tokens
    # Spanish italicises foreign words (RAE): added emphasis is allowed, removed is not; a
    # word marked as written in a language (:en:, :es:) is neither added nor changed
    extra = +Counter({t: n for t, n in extra.items() if t.kind != "emphasis" or t.language})
    for token in extra:
        yield token.rule, (f"the translation adds {token}, which the English text does not have"
                           f" ({extra[token]}×); {ADVICE[token.rule]}")
    for token in missing:
        yield token.rule, (f"{token} of the English text is missing from the translation "
                           f"({missing[token]}×); {ADVICE[token.rule]}")
    # added emphasis is allowed (above), so the orders are compared whatever else is extra
    if Counter(es.sequence) == Counter(en.sequence) and es.sequence != en.sequence:
        yield "order", (
            "the formulas, literals and computed values come in another order than in the "
            f"English text ({', '.join(map(str, en.sequence))} there; "
            f"{', '.join(map(str, es.sequence))} here): each would describe something else; "
            "keep the order of the English text")
    elif Counter(es.sequence) == Counter(en.sequence) and not same_pairing(en, es):
        yield "order", (
            "the numbers stand between other formulas, literals and computed values than in "
            f"the English text ({' '.join(values_in_order(en, 'en'))} there; "
            f"{' '.join(values_in_order(es, 'es'))} here): a number would be paired with "
            "something else; keep each number next to what it describes in the English text")
    if Counter(es.references) == Counter(en.references) and es.references != en.references:
        yield "order", (
            "the links and references come in another order than in the English text "
            f"({', '.join(map(reference_name, en.references))} there; "
            f"{', '.join(map(reference_name, es.references))} here): each text would lead to "
            "what the other one names; keep every reference where the English text has it")
    if es.titled_links > en.titled_links:
        yield "link", ("the translation writes its own title for a page or section link that "
                       "shows the target's title in the English text: readers would see words "
                       "that need not name the page it goes to; keep the link as the English has it")
    if es.empty_links > en.empty_links:
        yield "hidden", ("the translation leaves the text of a link or reference empty: "
                         "readers would see nothing to click; translate its text")
    for target, title in Counter(es.code_titles) - Counter(en.code_titles):
        yield "link", (
            f"the translation writes the title {title!r} for a reference shown as code (to "
            f"{target!r}): readers would see the name of something else; write the role as "
            "the English text does (``:func:`name```), with no title of its own")
    if len(msgstr) > max_length(msgid):
        yield "length", (
            f"the translation is {len(msgstr)} characters long, more than {max_length(msgid)} "
            f"({LENGTH_GROWTH[0]} times the English text and {LENGTH_GROWTH[1]} characters): "
            "it would not fit where the page shows it; say it more briefly")
    yield from text.no_words(en.plain, es.plain)
    yield from text.glued_to_formulas(en.plain, es.plain, rest.FORMULA_IN_PROSE)
    yield from text.plain_formulas(en.plain, es.plain)
    yield from text.identifier_problems(en.plain, es.plain)
    yield from text.signed_numbers(en.prose, es.prose)
    yield from text.classifier_separators(msgid, msgstr)
    for target in dict.fromkeys(es.links):
        if scheme := unsafe_scheme(target):
            yield "link-scheme", (
                f"the translation links to {target!r} ({scheme}: link); only http, https, "
                "mailto and relative links are allowed: use the link target of the English text")
    yield from text.html_tags(en.plain, es.plain)  # prose: `title <target>` is not a tag
    yield from text.shown_addresses(en.plain, es.plain)
    yield from text.number_problems(en.plain, es.plain)
    yield from text.numeral_lookalikes(en.plain, es.plain)
    yield from text.glossary_problems(es.plain, glossary(language))
    yield from polarity.polarity_problems(en.plain, es.plain, msgid, msgstr)
    yield from terms.term_link_problems(msgid, msgstr,
                                        [(t.english, t.spanish) for t in glossary(language)])


def raw_messages(docname: str) -> set[str]:
    """The messages of the page ``docname`` that Sphinx publishes as they are, not parsed as
    reST: the alternative text of images and figures (``:alt:``, written into ``alt="..."``)
    and the content of ``.. meta::`` fields (its source, whitespace joined as Sphinx does)."""
    source = ROOT / f"{docname}.rst"
    if not source.is_file():
        return set()
    found = set()
    lines = source.read_text(encoding="utf-8").splitlines()
    meta_indent = None
    for number, line in enumerate(lines):
        indent = len(line) - len(line.lstrip())
        if meta_indent is not None and line.strip() and indent <= meta_indent:
            meta_indent = None
        if re.match(r"\s*\.\. meta::", line):
            meta_indent = indent
        option = re.match(r"(\s*):alt:\s*(.*)", line) or (
            re.match(r"(\s*):[\w -]+:\s*(.*)", line) if meta_indent is not None else None)
        if option:
            value = [option[2]]
            for following in lines[number + 1:]:
                if not following.strip() or len(following) - len(following.lstrip()) <= len(option[1]):
                    break
                value.append(following)
            found.add(" ".join(" ".join(value).split()))
    return found


def check_raw_entry(msgid: str, msgstr: str, language: str) -> Iterator[tuple[str, str]]:
    """A message Sphinx publishes as it is (alternative text, meta content): read as raw text,
    the way readers and screen readers get it, never as reST."""
    if "\\" in msgstr:
        yield "raw-text", ("this text (an image's alternative text or a meta field) is published "
                           "as it is, not as reST: a backslash would be read aloud and shown, "
                           "and it hides what the words say from the checks; remove it")
    yield from text.no_words(msgid, msgstr)
    yield from text.html_tags(msgid, msgstr)
    yield from text.shown_addresses(msgid, msgstr)
    yield from text.number_problems(msgid, msgstr)
    yield from text.numeral_lookalikes(msgid, msgstr)
    yield from text.glossary_problems(msgstr, glossary(language))


def check_ui_entry(msgid: str, msgstr: str, language: str = DEFAULT_LANGUAGE,
                   plural: bool = False) -> Iterator[tuple[str, str]]:
    """Interface text: plain text, the same placeholders, words, numbers and addresses."""
    yield from catalog.ui_problems(None, msgid, msgstr)
    yield from catalog.pinned_problems(msgid, msgstr, language)
    if plural:
        yield from catalog.counted_problems(msgstr, language)
    plain = catalog.PLACEHOLDER_RE.sub(" ", msgid), catalog.PLACEHOLDER_RE.sub(" ", msgstr)
    # a named text placeholder is words the reader sees: the footer's "© %(copyright)s."
    yield from text.no_words(*(catalog.PLACEHOLDER_RE.sub(" ", catalog.TEXT_PLACEHOLDER_RE.sub(" text ", m))
                               for m in (msgid, msgstr)))
    yield from text.number_problems(*plain)
    yield from text.numeral_lookalikes(*plain)
    yield from text.shown_addresses(*plain)


def check_figure_entry(msgid: str, msgstr: str, language: str) -> Iterator[tuple[str, str]]:
    """Figure text: plain text, the same fields, the same numbers, the glossary's words."""
    yield from catalog.figure_problems(msgid, msgstr)
    yield from text.no_words(catalog.FIELD_RE.sub(" ", msgid), catalog.FIELD_RE.sub(" ", msgstr))
    yield from text.html_tags(msgid, msgstr)
    yield from text.shown_addresses(msgid, msgstr)
    plain = catalog.FIELD_RE.sub(" ", msgid), catalog.FIELD_RE.sub(" ", text.ascii_digits(msgstr))
    yield from text.number_problems(*plain)
    yield from text.numeral_lookalikes(*plain)
    # a field stands for a value: a sign before it is seen like one before a number
    marked = (catalog.FIELD_RE.sub(rest.FORMULA_IN_PROSE, t) for t in (msgid, text.ascii_digits(msgstr)))
    yield from text.signed_numbers(*marked)
    yield from catalog.figure_unit_problems(msgid, msgstr)
    yield from text.plain_formulas(msgid, msgstr)
    yield from text.identifier_problems(*plain)
    yield from text.glossary_problems(plain[1], glossary(language))
    yield from polarity.polarity_problems(*plain, msgid, msgstr)


def check_comment_entry(msgid: str, msgstr: str, language: str) -> Iterator[tuple[str, str]]:
    """A code comment: one line of plain text (:func:`poguard.catalog.comment_problems`), the
    same numbers, formulas, names and addresses, the glossary's words."""
    yield from catalog.comment_problems(msgid, msgstr)
    yield from text.no_words(msgid, msgstr)
    yield from text.html_tags(msgid, msgstr)
    yield from text.shown_addresses(msgid, msgstr)
    plain = msgid, text.ascii_digits(msgstr)
    yield from text.number_problems(*plain)
    yield from text.numeral_lookalikes(*plain)
    yield from text.signed_numbers(*plain)
    yield from text.plain_formulas(*plain)
    yield from text.identifier_problems(*plain)
    yield from text.glossary_problems(plain[1], glossary(language))
    yield from polarity.polarity_problems(*plain, msgid, msgstr)


def glossary_terms(docname: str) -> set[str]:
    """The terms of the ``.. glossary::`` directives of the page ``docname`` (its source)."""
    source = ROOT / f"{docname}.rst"
    terms: set[str] = set()
    if not source.is_file():
        return terms
    indent = None
    inside = False
    for line in source.read_text(encoding="utf-8").splitlines():
        if re.match(r"\.\. glossary::", line):
            inside, indent = True, None
        elif inside and line.strip() and not line[0].isspace():
            inside = False
        elif inside and line.strip() and not line.strip().startswith(":"):
            depth = len(line) - len(line.lstrip())
            indent = depth if indent is None else indent
            if depth == indent:
                terms.add(line.strip())
    return terms


def duplicate_terms(entries: list[polib.POEntry], docname: str) -> Iterator[tuple[int, str, str]]:
    """Glossary terms that two entries make the same text: the Spanish build stops on it
    ("duplicate term description") and a :term: reference could lead to either."""
    terms = glossary_terms(docname)
    seen: dict[str, polib.POEntry] = {}
    for entry in sorted((e for e in entries if e.msgid in terms), key=lambda e: e.linenum):
        shown = " ".join((entry.msgstr if entry.msgstr and not entry.fuzzy else entry.msgid).split())
        other = seen.setdefault(shown.casefold(), entry)
        if other is not entry:
            yield entry.linenum, "glossary-term", (
                f"the glossary term {entry.msgid!r} is translated {shown!r}, the text of the term "
                f"{other.msgid!r} (line {other.linenum}) too: two terms with one text stop the "
                "Spanish build (duplicate term description) and a reference could lead to "
                "either; give each term its own translation")


def heading_problems(entries: list[polib.POEntry], docname: str,
                     language: str) -> Iterator[tuple[int, str, str]]:
    """The glossary page's translated term headings that are not the glossary CSV's rendering
    of their term (:func:`poguard.terms.heading_problems`)."""
    headings = glossary_terms(docname)
    csv_terms = [(t.english, t.spanish) for t in glossary(language)]
    for entry in entries:
        if entry.msgid in headings and entry.msgstr and not entry.fuzzy:
            for rule, message in terms.heading_problems(entry.msgid, entry.msgstr, csv_terms):
                yield entry.linenum, rule, message


# --- driver -----------------------------------------------------------------------------------


def forms(entry: polib.POEntry) -> list[tuple[str, str]]:
    """(English, translation) of each form of an entry (plural forms against msgid_plural)."""
    if not entry.msgid_plural:
        return [(entry.msgid, entry.msgstr)]
    texts = entry.msgstr_plural or {0: ""}
    return [(entry.msgid if i == 0 else entry.msgid_plural, t) for i, t in sorted(texts.items())]


#: no-break spaces (U+00A0, U+202F, U+2007, one or more) between two letters: text that cannot
#: wrap, invisible in a diff
NBSP_BETWEEN_WORDS = re.compile(r"[^\W\d_][\u00a0\u202f\u2007]+[^\W\d_]")


def check_file(path: Path, pot_dir: Path | None = None,
               language: str = DEFAULT_LANGUAGE) -> tuple[list[Problem], int]:
    """All problems of one .po file, and its number of (live, non-header) entries."""
    shown = str(path)
    language = catalog.language_of(path, language)
    problems = [Problem(shown, 1, r, m) for r, m in catalog.charset_problems(path)]
    if problems:
        return problems, 0
    problems = [Problem(shown, n, "control", m) for n, m in catalog.control_problems(path)]
    try:
        po = polib.pofile(str(path))
    except (OSError, ValueError) as error:
        return [Problem(shown, 1, "syntax", f"cannot read the file ({error}); fix its syntax")], 0
    name = catalog.catalogue_name(path) or path.name
    # the interface and figure catalogues sit at the top of LC_MESSAGES; a file of the same
    # name elsewhere is a page's catalogue (and no page has that name)
    ui = catalog.catalogue_name(path) == catalog.UI_CATALOGUE
    figure = catalog.catalogue_name(path) == catalog.FIGURE_CATALOGUE
    comment = catalog.catalogue_name(path) == catalog.COMMENT_CATALOGUE
    problems += [Problem(shown, 1, r, m) for r, m in catalog.header_problems(po, language)]
    problems += [Problem(shown, n, r, m) for n, r, m in catalog.extra_headers(po)]
    problems += [Problem(shown, 1, r, m) for r, m in catalog.compiled_problems(path, language)]
    problems += [Problem(shown, n, r, m) for n, r, m in catalog.compiled_text_problems(path, po, language)]
    problems += [Problem(shown, n, "duplicate", m) for n, m in catalog.duplicate_entries(po)]
    problems += [Problem(shown, n, "wrap", m) for n, m in catalog.wrap_problems(path)]
    problems += [Problem(shown, n, "escape", m) for n, m in catalog.escape_problems(path)]
    if pot_dir is not None and not ui:
        problems += [Problem(shown, n, r, m) for n, r, m in catalog.template_problems(po, name, pot_dir)]
    problems += [Problem(shown, e.linenum, "obsolete",
                         "obsolete entry (#~): the page no longer has this text; delete the "
                         "entry (`msgattrib --no-obsolete` or by hand)")
                 for e in po if e.obsolete]
    entries = [e for e in po if not e.obsolete and e.msgid]
    starts = sorted(e.linenum for e in entries)
    if not ui and not figure and not comment:
        for n, msg in catalog.lint_problems(path):
            entry_line = max((s for s in starts if s <= n), default=n)
            problems.append(Problem(shown, entry_line, "rest", msg))
    docname = name[:-3]
    raw = set() if ui or figure or comment else raw_messages(docname)
    record = review.reviewed(language, name)
    if not ui and not figure and not comment:
        problems += [Problem(shown, n, r, m) for n, r, m in duplicate_terms(entries, docname)]
    if name == GLOSSARY_PAGE:
        problems += [Problem(shown, n, r, m) for n, r, m in heading_problems(entries, docname, language)]
    for entry in entries:
        if entry.msgid_plural and not ui:
            # Sphinx looks pages' and figures' messages up by their msgid alone; a plural entry is
            # compiled under other keys, so the page would silently show the English text.
            problems.append(Problem(shown, entry.linenum, "plural",
                                    "only the interface catalogue (sphinx.po) has plural entries: "
                                    "delete the msgid_plural and msgstr[N] lines, keep one msgstr"))
            continue
        problems += [Problem(shown, entry.linenum, r, m) for r, m in review.review_problems(entry, record)]
        if ui and entry.msgctxt is not None:
            # Sphinx and the theme ask for no context, but the interface patch keys messages by
            # msgid alone: a context entry would replace the reviewed one of the same msgid
            problems.append(Problem(shown, entry.linenum, "context", (
                f"interface messages have no context (msgctxt {entry.msgctxt!r}): Sphinx and the "
                "theme never ask for one, and this entry would replace the one without it; "
                "delete the msgctxt line and keep one entry per msgid")))
        if NBSP_BETWEEN_WORDS.search(entry.msgstr) and not NBSP_BETWEEN_WORDS.search(entry.msgid):
            problems.append(Problem(shown, entry.linenum, "nbsp", (
                "a no-break space (U+00A0, U+202F or U+2007) joins two words: the line cannot "
                "wrap there, and the review's word diff does not show it; write an ordinary "
                "space (a no-break space belongs next to a number or a symbol, as in «95 %»)")))
        if ui and entry.msgid and not review.published(entry):
            # an interface message without a published translation falls back to Sphinx's or
            # the theme's own Spanish, not to English: the project overrides those for a reason
            problems.append(Problem(shown, entry.linenum, "review", (
                "an interface message must be translated and not fuzzy: without it Sphinx "
                "shows its own Spanish, which this catalogue overrides (its «Muestra» for "
                "'Raises' reads 'Shows'); translate it, then a maintainer reviews it")))
        if ui:
            problems += [Problem(shown, entry.linenum, r, m) for r, m in catalog.ui_plural_problems(
                entry, catalog.get_plural(language).num_plurals)]
        if ui and entry.msgid_plural:
            bad = sorted({c for c in entry.msgid_plural if c in catalog.UI_FORBIDDEN} - set(entry.msgid))
            if bad:
                problems.append(Problem(shown, entry.linenum, "ui-text", (
                    f"the plural English text has {' '.join(bad)}, which its singular lacks: "
                    "interface messages are plain text; copy msgid_plural from Sphinx's catalogue")))
        for msgid, msgstr in forms(entry):
            found = list(check_translated(entry, msgstr))
            if msgstr:
                found += check_characters(msgid, msgstr)
                found += (check_ui_entry(msgid, msgstr, language, bool(entry.msgid_plural)) if ui
                          else check_figure_entry(msgid, msgstr, language) if figure
                          else check_comment_entry(msgid, msgstr, language) if comment
                          else check_structure(msgid, msgstr, docname, language))
                if " ".join(msgid.split()) in raw:
                    found += check_raw_entry(msgid, msgstr, language)
            problems += [Problem(shown, entry.linenum, r, m) for r, m in found]
    if ui:
        problems += [Problem(shown, 1, "review", message) for message in missing_ui_entries(entries, record)]
    unique = dict.fromkeys(problems)  # each message once per entry, in the order found
    return sorted(unique, key=lambda p: p.line), len(entries)


def po_files(paths: Sequence[str]) -> list[Path]:
    files: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            files += sorted(path.rglob("*.po"))
        elif path.is_file():
            files.append(path)
        else:
            raise FileNotFoundError(f"check-po: no such file or directory: {name}")
    return files


def missing_ui_entries(entries: Sequence[polib.POEntry], record: dict[str, review.Value]) -> list[str]:
    """The reviewed interface messages the catalogue no longer has.  Without its entry Sphinx
    shows its own Spanish (or English), which this catalogue overrides for a reason; the
    interface catalogue has no template to compare with, so the review record is the list."""
    present = {review.key(e) for e in entries}
    return [f"the interface message {shown!r} was reviewed but has no entry here any more: "
            "without it Sphinx shows its own Spanish (its «Muestra» for 'Raises' reads "
            "'Shows') or English; restore the entry (git checkout -- FILE)"
            for shown in sorted(set(record) - present)]


#: the catalogues that are no page's (no template lists their texts), and what losing one does
SHARED_CATALOGUES = {
    catalog.UI_CATALOGUE: "every message of the site's interface would be Sphinx's own Spanish or English",
    catalog.COMMENT_CATALOGUE: "every comment of the code would be English, on the pages and in the downloads",
    catalog.FIGURE_CATALOGUE: "every figure and printed line would be English",
}


def missing_shared_catalogues(roots: Sequence[Path]) -> list[Problem]:
    """A language folder without one of the :data:`SHARED_CATALOGUES` whose reviewed record
    has entries: unlike a page's, nothing else would report its texts as untranslated."""
    found = []
    for root in roots:
        for language, catalogues in review.read().items():
            for name, loss in SHARED_CATALOGUES.items():
                path = root / language / "LC_MESSAGES" / name
                if catalogues.get(name) and (root / language).is_dir() and not path.is_file():
                    found.append(Problem(os.path.relpath(path), 1, "review", (
                        f"the reviewed catalogue {name} is missing: {loss}; restore it "
                        "(git checkout -- FILE)")))
    return found


def missing_catalogues(pot_dir: Path, files: Sequence[Path]) -> list[Problem]:
    """A page of the .pot directory that has no .po file in the directories checked."""
    names = {catalog.catalogue_name(f) for f in files}
    languages = sorted({catalog.language_of(f, DEFAULT_LANGUAGE) for f in files}) or [DEFAULT_LANGUAGE]
    found = []
    for pot in sorted(pot_dir.rglob("*.pot")):
        name = pot.relative_to(pot_dir).with_suffix(".po").as_posix()
        if name not in names and name not in SHARED_CATALOGUES:  # those: missing_shared_catalogues
            found += [Problem(f"locale/{language}/LC_MESSAGES/{name}", 1, "untranslated",
                              f"the page {name[:-3]} has no catalogue yet, so it is shown in "
                              "English; run `make update-po` and translate it") for language in languages]
    return found


def all_problems(paths: Sequence[str], files: Sequence[Path],
                 pot_dir: Path | None) -> tuple[list[Problem], int]:
    """Every problem of the catalogues ``files`` (found under ``paths``), and their entries."""
    problems: list[Problem] = []
    roots = dict.fromkeys(r for r in map(catalog.locale_root, map(Path, paths)) if r)
    for root in roots:
        problems += [Problem(str(path), 1, "layout", message)
                     for path, message in catalog.layout_problems(root, TRANSLATED)]
    problems += missing_shared_catalogues(list(roots))
    problems += [Problem(str(glossary_path(language).relative_to(ROOT)), 1, "glossary", message)
                 for language in TRANSLATED
                 for message in text.glossary_file_problems(glossary_path(language))]
    entries = 0
    for path in files:
        found, count = check_file(path, pot_dir)
        problems += found
        entries += count
    if pot_dir is not None and all(Path(p).is_dir() for p in paths):  # whole catalogues
        problems += missing_catalogues(pot_dir, files)
    return problems, entries


def show_unreviewed(files: Sequence[Path]) -> int:
    """Print each published translation that is not the reviewed one, beside its English."""
    shown = 0
    for path in files:
        name = catalog.catalogue_name(path) or path.name
        language = catalog.language_of(path, DEFAULT_LANGUAGE)
        record = review.reviewed(language, name)
        for entry in review.unreviewed(polib.pofile(str(path)), record):
            print(review.show(str(path), entry, record), end="\n\n")
            shown += 1
    print(f"check-po: {shown} unreviewed translation(s)" + (
        "; read each against its English, fix what says something else, then run "
        "`make po-reviewed`" if shown else ""))
    return 0


def record_reviewed(paths: Sequence[str], files: Sequence[Path], pot_dir: Path | None) -> int:
    """Record the current translations of ``files`` as reviewed, if no other rule fails."""
    problems, _ = all_problems(paths, files, pot_dir)
    blocking = [p for p in problems if p.rule not in COMPLETENESS_RULES | {"review"}]
    if blocking:
        for problem in blocking:
            print(problem)
        print(f"check-po: nothing recorded: {len(blocking)} problem(s) besides review; a "
              "translation is recorded as reviewed only once every other rule passes: fix "
              "them, then run `make po-reviewed` again", file=sys.stderr)
        return 1
    records: dict[str, dict[str, dict[str, review.Value]]] = {}
    for path in files:
        name = catalog.catalogue_name(path) or path.name
        language = catalog.language_of(path, DEFAULT_LANGUAGE)
        records.setdefault(language, {})[name] = review.catalogue_record(
            polib.pofile(str(path)), review.reviewed(language, name))
    whole = all(Path(p).is_dir() and Path(p).name == "LC_MESSAGES" for p in paths)
    review.write(records, whole)
    changed = sum(p.rule == "review" for p in problems)
    count = sum(map(len, (c for r in records.values() for c in r.values())))
    print(f"check-po: recorded {count} reviewed translation(s) of {len(files)} file(s) in "
          f"{review.RECORD_NAME} ({changed} new or changed)")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser_ = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser_.add_argument("paths", nargs="+", help="directories (searched for *.po) or .po files")
    parser_.add_argument("--pot", type=Path, help="the current .pot files (`make gettext`): "
                         "reject catalogues of no page and entries whose English text changed")
    parser_.add_argument("--strict", action="store_true", help="fail on untranslated and fuzzy "
                         "entries too (a release needs every page translated)")
    action = parser_.add_mutually_exclusive_group()
    action.add_argument("--show-unreviewed", action="store_true", help="print each translation "
                        "that is not the reviewed one beside its English, and what changed "
                        "(`make po-review`)")
    action.add_argument("--record-reviewed", action="store_true", help="record the current "
                        f"translations as reviewed in {review.RECORD_NAME} (`make po-reviewed`, "
                        "after a maintainer has read them); refused while another rule fails")
    args = parser_.parse_args(argv)
    try:
        files = po_files(args.paths)
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        return 2
    if args.pot is not None and not args.pot.is_dir():
        print(f"check-po: no .pot directory {args.pot}; run `make gettext`", file=sys.stderr)
        return 2
    if args.show_unreviewed:
        return show_unreviewed(files)
    if args.record_reviewed:
        return record_reviewed(args.paths, files, args.pot)
    problems, entries = all_problems(args.paths, files, args.pot)
    missing = [p for p in problems if p.rule in COMPLETENESS_RULES and not args.strict]
    errors = [p for p in problems if p not in missing]
    for problem in problems:
        print(f"warning: {problem}" if problem in missing else problem)
    verdict = f"{len(errors)} problem(s)" if errors else "no problems"
    if missing:
        verdict += (f"; {len(missing)} translation(s) missing (untranslated or fuzzy: shown in "
                    "English, a page's text after a notice, a figure or a printed line whole; "
                    "`make check-po-strict` fails on them)")
    print(f"check-po: {len(files)} files, {entries} entries, {verdict}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
