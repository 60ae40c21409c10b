"""Rules on a whole ``.po`` file: header, charset, obsolete entries, the page it belongs to,
wrapping and sphinx-lint; and the rules of the interface catalogue (``sphinx.po``)."""

from __future__ import annotations

import gettext
import io
import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import polib
from babel.messages.mofile import write_mo
from babel.messages.plurals import get_plural
from babel.messages.pofile import read_po
from sphinxlint.checkers import all_checkers
from sphinxlint.sphinxlint import check_file as lint_file

#: the catalogue of Sphinx's and the theme's own messages (not a page)
UI_CATALOGUE = "sphinx.po"
#: Figure text (titles, labels, legends), drawn by Matplotlib from mmref.figures: plain text
#: whose ``{name}`` fields are filled in by name only, never evaluated.
FIGURE_CATALOGUE = "figures.po"
FIELD_RE = re.compile(r"\{[^{}]*\}")
FIGURE_FORBIDDEN = set("$\\")  # mathtext and its escapes: Matplotlib would parse them
#: a formula of the figure text (Matplotlib's mathtext), which a translation copies unchanged
FIGURE_FORMULA_RE = re.compile(r"\$[^$]*\$")
#: The comments of the code blocks (``_ext/code_comments.py``): plain text that replaces the
#: text of one comment token in the highlighted HTML, never code and never markup.
COMMENT_CATALOGUE = "comments.po"
#: a comment's translation may grow this much: at most twice the English text and 20 characters
COMMENT_GROWTH = (2, 20)
#: reST and HTML markup, shown in a code block as it is: readers would see the characters
COMMENT_FORBIDDEN = set("`*|<>\\")
#: how a comment's translation is lexed, as a comment of each kind of block the site has
COMMENT_PROBES = {"python": "x = 1  # {}\n", "pycon": ">>> x = 1  # {}\n",
                  "console": "$ make html  # {}\n", "make": "# {}\nall:\n"}
#: characters that would make an interface message markup where it is inserted
UI_FORBIDDEN = set("<>\"&'`")
#: every printf conversion (``%(name)-8.2r``, ``%s``, ``%%``), ``${name}`` and ``{name}``
PLACEHOLDER_RE = re.compile(r"%(?:\([^()]*\))?[#0 +-]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[hlL]?"
                            r"[diouxXeEfFgGcrsa%]|\$\{\w+\}|\{[^{}]*\}")
#: a named placeholder filled in with text (``%(copyright)s``: the site's copyright holder)
TEXT_PLACEHOLDER_RE = re.compile(r"%\(\w+\)s")
#: figure text may grow this much: at most twice the English text and 20 characters
FIGURE_GROWTH = (2, 20)


def locale_root(path: Path) -> Path | None:
    """The locale directory a catalogue path lies in (``locale`` for ``locale/es/LC_MESSAGES``),
    as written: a symbolic link is not followed, so the layout rules see it."""
    path = path.absolute()
    for parent in (path, *path.parents):
        if parent.name == "LC_MESSAGES":
            return parent.parent.parent
    return None


def layout_problems(root: Path, languages: tuple[str, ...]) -> Iterator[tuple[Path, str]]:
    """Files of the locale directory ``root`` that the guard does not check but Sphinx or
    gettext could use: anything but ``<language>/LC_MESSAGES/**/*.po`` of a translated
    language and the ``.mo`` Sphinx compiles next to a ``.po``.  (The glossary's rules live
    in ``tools/glossary/``, out of the translators' reach: a glossary here is rejected too.)"""
    for path in sorted(root.rglob("*")):
        if path.is_dir() and not path.is_symlink():
            continue
        parts = path.relative_to(root).parts
        known = (not path.is_symlink() and parts[0] in languages and (
            len(parts) > 2 and parts[1] == "LC_MESSAGES" and (
                path.suffix == ".po" or (path.suffix == ".mo" and path.with_suffix(".po").is_file()))))
        if known:
            continue
        if path.suffix == ".csv":
            yield path, (
                "the glossary's rules are not read from locale/ (translators could switch them "
                "off there): they live in tools/glossary/<language>.csv, which is reviewed like "
                "code; delete this file and propose changes to the glossary there")
        else:
            yield path, (
                f"the guard checks only {', '.join(f'{root.name}/{lang}/LC_MESSAGES/*.po' for lang in languages)}, "
                "but Sphinx or gettext could publish this file unchecked (a catalogue of another "
                "language or locale such as en or es_ES, a hand-made .mo): delete it; a new "
                "language is added to mmref.numbers.LANGUAGES first")


def expected_header(language: str) -> dict[str, str]:
    """The header fields every catalogue of ``language`` must have (plural rule from CLDR)."""
    return {
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": str(get_plural(language)),
    }


#: the header fields a catalogue may have (gettext's, Babel's and sphinx-intl's)
HEADER_FIELDS = ("Project-Id-Version", "Report-Msgid-Bugs-To", "POT-Creation-Date",
                 "PO-Revision-Date", "Last-Translator", "Language-Team", "Language",
                 "MIME-Version", "Content-Type", "Content-Transfer-Encoding", "Plural-Forms",
                 "Generated-By")


def header_problems(po: polib.POFile, language: str) -> Iterator[tuple[str, str]]:
    if "fuzzy" in (po.metadata_is_fuzzy or ()):
        yield "header", ("the header (the first entry, msgid \"\") is marked fuzzy: the tools "
                         "that compile catalogues (pybabel) skip a whole catalogue with a fuzzy "
                         "header, so none of its translations would be shown; delete the "
                         "'#, fuzzy' line above the header")
    # Babel, which compiles the catalogues, reads field names ignoring case and keeps the last
    # copy; polib keeps each spelling apart. A field written twice, or one gettext does not
    # know, would let the compiled catalogue differ from the checked one.
    seen: dict[str, str] = {}
    for name in po.metadata:
        key = name.casefold()
        if key in seen:
            yield "header", (f"header field {name!r} repeats {seen[key]!r} (field names ignore "
                             "case): keep one copy of each field; fix the header")
        seen[key] = name
        if name not in HEADER_FIELDS:
            yield "header", (f"header field {name!r} is not one of {', '.join(HEADER_FIELDS)}; "
                             "remove it")
    for name, expected in expected_header(language).items():
        found = po.metadata.get(name)
        same = found is not None and (found.casefold() == expected.casefold()
                                      if name == "Content-Type" else found == expected)
        if not same:
            rule = "charset" if name == "Content-Type" else "header"
            yield rule, (f"header field {name} is {found!r}, expected {expected!r}"
                         + (" (the language's plural rule from CLDR, never edited by hand)"
                            if name == "Plural-Forms" else "") + "; fix the header")


def extra_headers(po: polib.POFile) -> Iterator[tuple[int, str, str]]:
    """Entries with an empty msgid other than the file's first header (polib's metadata).
    Babel, which compiles the catalogue, takes every entry whose msgid is empty for the header,
    whatever its msgctxt: the last one's Plural-Forms, charset, language and fuzzy flag win."""
    for entry in po:
        if not entry.msgid and not entry.obsolete:
            yield entry.linenum, "header", (
                "a second header: an entry with an empty msgid (here with msgctxt "
                f"{entry.msgctxt!r}) replaces the file's header when the catalogue is compiled "
                "(its Plural-Forms, charset, language and fuzzy flag); only the first entry "
                "has msgid \"\": delete this entry")


#: values of n on which a compiled plural rule must agree with the expected one
PLURAL_PROBES = (*range(0, 220), 1000, 1001, 10**6, 10**6 + 1)


def compiled_problems(path: Path, language: str) -> Iterator[tuple[str, str]]:
    """Compile the catalogue as the build does (Sphinx's ``CatalogInfo.write_mo`` and
    ``pybabel compile``: Babel's ``read_po`` then ``write_mo``) and load the result as Python's
    :mod:`gettext` will: it must load, with the expected header and plural rule.  A catalogue
    that fails to load is dropped by Sphinx without a word, and the page turns English."""
    expected = expected_header(language)
    try:
        with path.open(encoding="utf-8") as po_file:
            babel_catalog = read_po(po_file, language)
    except Exception as error:  # noqa: BLE001 - any failure is the build's failure too
        yield "compile", (f"Babel cannot read the catalogue ({error}); Sphinx would skip it "
                          "and show the page in English: fix the file's syntax")
        return
    babel_view = {"Language": str(babel_catalog.locale or ""),
                  "Content-Type": f"text/plain; charset={babel_catalog.charset}",
                  "Plural-Forms": babel_catalog.plural_forms}
    for name, found in babel_view.items():
        if found.casefold() != expected[name].casefold():
            yield "header", (f"the compiler (Babel) reads header field {name} as {found!r}, "
                             f"expected {expected[name]!r}; fix the header (the first entry, "
                             "msgid \"\") and add no other entry with an empty msgid")
    if babel_catalog.fuzzy:
        yield "header", ("the compiler (Babel) reads the header as fuzzy, so it would drop "
                         "every translation of the file; delete the '#, fuzzy' line of the "
                         "header and any other entry with an empty msgid")
    try:
        compiled = io.BytesIO()
        write_mo(compiled, babel_catalog, use_fuzzy=False)
    except Exception as error:  # noqa: BLE001 - any failure is the build's failure too
        yield "compile", (f"Babel cannot compile the catalogue ({error}); Sphinx would skip it "
                          "and show the page in English: fix the header (charset=UTF-8) and "
                          "add no other entry with an empty msgid")
        return
    try:
        loaded = gettext.GNUTranslations(io.BytesIO(compiled.getvalue()))
    except Exception as error:  # noqa: BLE001 - gettext raises ValueError, SyntaxError, ...
        yield "compile", (f"the compiled catalogue does not load with Python's gettext "
                          f"({type(error).__name__}: {error}); Sphinx would drop it without a "
                          "word and show the page in English: fix the header's Plural-Forms")
        return
    info = loaded.info()
    rule = get_plural(language)
    if (info.get("plural-forms") != expected["Plural-Forms"]
            or [loaded.plural(n) for n in PLURAL_PROBES]
            != [gettext.c2py(rule.plural_expr)(n) for n in PLURAL_PROBES]):
        yield "header", (f"the compiled catalogue's plural rule is {info.get('plural-forms')!r},"
                         f" expected {expected['Plural-Forms']!r} (CLDR's rule for {language}); "
                         "fix the header's Plural-Forms")
    if loaded.charset() != "utf-8" or info.get("language") != language:
        yield "header", (f"the compiled catalogue says charset {loaded.charset()!r} and language "
                         f"{info.get('language')!r}, expected 'utf-8' and {language!r}; fix "
                         "the header")


#: how the build reads each catalogue before compiling it: Sphinx opens the page catalogues in
#: text mode (``CatalogInfo.write_mo``), ``pybabel compile`` (the figure text) in binary mode
READ_MODES = {"text mode, as Sphinx": "r", "binary mode, as pybabel compile": "rb"}


def compiled_catalogue(path: Path, language: str, mode: str) -> dict[object, str]:
    """The messages of the catalogue compiled as the build does (Babel's ``read_po`` on the file
    opened in ``mode``, then ``write_mo``), as Python's :mod:`gettext` loads them: msgid (with
    ``msgctxt\\x04`` before it) or (msgid, form) for plural forms, to the translation."""
    with path.open(mode, **({} if "b" in mode else {"encoding": "utf-8"})) as po_file:
        babel_catalog = read_po(po_file, language)
    compiled = io.BytesIO()
    write_mo(compiled, babel_catalog, use_fuzzy=False)
    loaded = gettext.GNUTranslations(io.BytesIO(compiled.getvalue()))
    return {key: value for key, value in loaded._catalog.items() if key != ""}  # noqa: SLF001


def checked_catalogue(po: polib.POFile) -> dict[object, tuple[str, int]]:
    """What the guard checked, keyed as :func:`compiled_catalogue`: each live translated entry's
    msgstr (an empty plural form falls back to the English text, as Babel compiles it)."""
    found: dict[object, tuple[str, int]] = {}
    for entry in po:
        if entry.obsolete or entry.fuzzy or not entry.msgid:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt is not None else entry.msgid
        if entry.msgid_plural:
            for form, value in entry.msgstr_plural.items():
                english = entry.msgid if int(form) == 0 else entry.msgid_plural
                found[(key, int(form))] = (value or english, entry.linenum)
        elif entry.msgstr:
            found[key] = (entry.msgstr, entry.linenum)
    return found


def compiled_text_problems(path: Path, po: polib.POFile, language: str) -> Iterator[tuple[int, str, str]]:
    """Each compiled translation must be the one the guard checked: a byte that one reader
    takes for the end of a line and another does not (a carriage return) would publish text
    no rule saw."""
    checked = checked_catalogue(po)
    for how, mode in READ_MODES.items():
        try:
            compiled = compiled_catalogue(path, language, mode)
        except Exception:  # noqa: BLE001 - compiled_problems reports why it does not compile
            continue
        for key in sorted(set(compiled) | set(checked), key=str):
            text, line = checked.get(key, (None, 1))
            if compiled.get(key) != text:
                yield line, "compiled", (
                    f"compiled ({how}), the catalogue publishes {compiled.get(key)!r} for "
                    f"{key!r} where the guard read {text!r}: the file is read differently by "
                    "the tools; save it with line feeds only and no control characters "
                    "(`.venv/bin/powrap FILE`)")
                break  # one message per reading is enough to find the place


#: control characters a catalogue may hold: the line feed and the tab (as written, outside
#: strings); every other one (CR, NUL, form feed, ...) ends a line for one reader and not for
#: another (polib and Sphinx read text mode, ``pybabel compile`` binary), so the text checked
#: and the text compiled would differ
CONTROL_ALLOWED = {"\n", "\t"}


def control_problems(path: Path) -> Iterator[tuple[int, str]]:
    """Control characters (C0, DEL, C1, line and paragraph separators) in the raw file, by line
    as ``pybabel compile`` counts lines (line feeds only)."""
    data = path.read_bytes().decode("utf-8", errors="replace")
    for number, line in enumerate(data.split("\n"), start=1):
        bad = sorted({c for c in line if c not in CONTROL_ALLOWED and (
            unicodedata.category(c) == "Cc" or c in "\u2028\u2029")})
        if bad:
            shown = ", ".join(f"U+{ord(c):04X}" for c in bad)
            yield number, (f"the file holds the control character(s) {shown} (CR, NUL, form "
                           "feed...): tools read lines differently around them, so the text "
                           "checked would not be the text published; save the file with line "
                           "feeds only (`.venv/bin/powrap FILE`) and write no control character")


def charset_problems(path: Path) -> Iterator[tuple[str, str]]:
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        yield "charset", f"the file is not valid UTF-8 ({error}); save it as UTF-8"
        return
    if text.startswith("\ufeff"):
        yield "charset", ("the file starts with a byte-order mark (U+FEFF), which msgcat "
                          "rejects; save it as UTF-8 without a BOM")


def duplicate_entries(po: polib.POFile) -> Iterator[tuple[int, str]]:
    """A second live entry for the same (msgctxt, msgid): msgcat rejects the file, and which of
    the two a tool would read is not defined."""
    first: dict[tuple[str | None, str], int] = {}
    for entry in po:
        if entry.obsolete:
            continue
        key = (entry.msgctxt, entry.msgid)
        if key in first:
            yield entry.linenum, (f"this msgid already has an entry at line {first[key]}; a "
                                  "catalogue holds one entry per text: delete one of the two")
        else:
            first[key] = entry.linenum


def catalogue_name(path: Path) -> str | None:
    """The path of ``path`` under its ``LC_MESSAGES`` directory (``theory/02-solutions.po``)."""
    parts = path.resolve().parts
    if "LC_MESSAGES" not in parts:
        return None
    return "/".join(parts[len(parts) - parts[::-1].index("LC_MESSAGES"):])


def language_of(path: Path, default: str) -> str:
    parts = path.resolve().parts
    if "LC_MESSAGES" in parts:
        index = len(parts) - 1 - parts[::-1].index("LC_MESSAGES")
        return parts[index - 1]
    return default


def template_problems(po: polib.POFile, name: str, pot_dir: Path) -> Iterator[tuple[int, str, str]]:
    """A catalogue that matches no page, entries whose English text the page no longer has, and
    texts of the page that have no entry (deleted: the page shows them in English)."""
    pot = pot_dir / (name[:-3] + ".pot")
    if not pot.is_file():
        yield 1, "stray", (f"no page has this catalogue: {pot} does not exist (run `make "
                           "gettext`); delete the file or move it to its page's name")
        return
    english = {(e.msgctxt, e.msgid) for e in polib.pofile(str(pot))}
    for entry in po:
        if not entry.obsolete and entry.msgid and (entry.msgctxt, entry.msgid) not in english:
            yield entry.linenum, "msgid", (
                "the English text (msgid) of this entry is not in the page any more, or was "
                "edited in the .po file; msgids are never edited by hand: run `make update-po`")
    present = {(e.msgctxt, e.msgid) for e in po if not e.obsolete}
    for context, msgid in sorted(english - present, key=lambda key: (key[0] or "", key[1])):
        if msgid:
            shown = " ".join(msgid.split())
            yield 1, "untranslated", (
                f"the page's text {shown[:60]!r}{'...' if len(shown) > 60 else ''} has no entry in "
                "this catalogue (deleted?), so the page shows it in English; run `make update-po` "
                "and translate it")


def sphinx_templates() -> list[Path]:
    """Sphinx's and the theme's message templates (``sphinx.pot``), as installed."""
    import pydata_sphinx_theme
    import sphinx

    return [Path(module.__file__).parent / "locale" / "sphinx.pot"
            for module in (sphinx, pydata_sphinx_theme)]


@cache
def plural_shapes() -> dict[str, str | None]:
    """Each message of Sphinx's and the theme's catalogues, and its English plural (or None)."""
    shapes: dict[str, str | None] = {}
    for template in sphinx_templates():
        if template.is_file():
            for entry in polib.pofile(str(template)):
                shapes.setdefault(entry.msgid, entry.msgid_plural or None)
    return shapes


def ui_plural_problems(entry: polib.POEntry, nplurals: int) -> Iterator[tuple[str, str]]:
    """An interface message has the shape of Sphinx's: plural forms where Sphinx asks for a
    count-dependent message (ngettext), one msgstr where it does not.  A plural message
    translated as one string makes the search page show one character of it."""
    shapes = plural_shapes()
    if entry.msgid not in shapes:
        if entry.msgid_plural:
            yield "plural", ("this message is not in Sphinx's or the theme's catalogue with a "
                             "plural: delete the msgid_plural and msgstr[N] lines, keep one msgstr")
        return
    expected = shapes[entry.msgid]
    if expected and entry.msgid_plural != expected:
        yield "plural", (f"Sphinx asks for this message by count (msgid_plural {expected!r}): "
                         "write it with that msgid_plural and one msgstr[N] per plural form "
                         f"(msgstr[0] to msgstr[{nplurals - 1}]), as Sphinx's catalogue has it")
    elif expected and sorted(entry.msgstr_plural) != list(range(nplurals)):
        yield "plural", (f"the message needs {nplurals} plural forms, msgstr[0] to "
                         f"msgstr[{nplurals - 1}] (found {sorted(entry.msgstr_plural)}); write "
                         "one translation per form")
    elif not expected and entry.msgid_plural:
        yield "plural", ("Sphinx asks for this message without a count: delete the msgid_plural "
                         "and msgstr[N] lines, keep one msgstr")


def ui_problems(entry: polib.POEntry, msgid: str, msgstr: str) -> Iterator[tuple[str, str]]:
    """An interface message is plain text: no markup characters, the same placeholders."""
    bad = sorted({c for c in msgstr if c in UI_FORBIDDEN} - set(msgid))
    if bad:
        yield "ui-text", (f"interface messages are plain text: remove {' '.join(bad)} from the "
                          "translation (write « » or “ ” for quotes, 'y' for &)")
    english, found = PLACEHOLDER_RE.findall(msgid), PLACEHOLDER_RE.findall(msgstr)
    if sorted(english) != sorted(found):
        yield "ui-text", (f"the placeholders {english} of the English message must appear in "
                          f"the translation exactly once each, unchanged (found {found}): "
                          "another conversion shows other text (%r shows Python's repr) or "
                          "stops the build")
    elif "%" in PLACEHOLDER_RE.sub("", msgstr) and "%" in msgid:
        yield "ui-text", ("the translation has a '%' that starts no conversion of the English "
                          "message, which stops the build; write %% for a percent sign")


#: interface messages that tell readers something they must know, and the words (regular
#: expressions, case folded) their translation must contain
PINNED = {"es": {
    # it says the paragraph is not translated: "ya está traducido" has both words
    "This paragraph is not translated yet: it is shown in English.": (
        r"traduc", r"ingl[eé]s", r"(?<!\w)(?:no|sin)(?!\w)"),
    # the label before every block of a script's output (ui_messages.py writes it to CSS)
    "Out:": (r"salida",),
}}
#: words that say none: a count form of a plural message may not hold them
ZERO_WORDS = {"es": re.compile(r"(?<!\w)(?:ningun[oa]s?|ningún|nada|cero|nadie)(?!\w)", re.I),
              "en": re.compile(r"(?<!\w)(?:no|none|nothing|zero|nobody)(?!\w)", re.I)}


def pinned_problems(msgid: str, msgstr: str, language: str) -> Iterator[tuple[str, str]]:
    """A message with a safety meaning must say it: the notice of an untranslated paragraph
    says that it is not translated and shown in English."""
    missing = [w for w in PINNED.get(language, {}).get(msgid, ()) if not re.search(w, msgstr, re.I)]
    if missing:
        yield "pinned", (f"this message tells readers something they must know, so its "
                         f"translation must contain the words {', '.join(missing)} (found "
                         f"{msgstr!r}); translate the whole message")


def counted_problems(msgstr: str, language: str) -> Iterator[tuple[str, str]]:
    """A plural form is shown for a count of one or more: it may not say none."""
    zero = ZERO_WORDS.get(language)
    if zero and zero.search(msgstr):
        yield "number", (f"{zero.search(msgstr)[0]!r} says none, but this form of the message is "
                         "shown for a count of one or more (the English form says how many); "
                         "translate the count as the English text has it")


#: a unit in brackets in figure text, as the axis labels write it: "(s)", "(GFLOP/s)", "(%)"
FIGURE_UNIT_RE = re.compile(r"\([^()]*\)")


def figure_unit_problems(msgid: str, msgstr: str) -> Iterator[tuple[str, str]]:
    """A bracket of a figure label that holds only a unit (and formulas, numbers, fields) is
    copied unchanged: "(s)" stays "(s)", never «(milésimas de s)» or «(k s)»."""
    unit = r"(?:[GMTk]?FLOP/s|[GMTk]?FLOPs?|[KMG]iB|[kKMG]B|[mµμn]?s|%)"
    only_unit = re.compile(rf"\((?:\s*(?:{unit}|\$[^$]*\$|\{{[^{{}}]*\}}|[0-9.,×^·/+-]+))+\s*\)")

    def brackets(text: str) -> list[str]:
        return sorted(re.sub(r"FLOPs\b", "FLOP", m[0]) for m in only_unit.finditer(text))

    if brackets(msgid) != brackets(msgstr):
        yield "unit", (f"the units in brackets {brackets(msgid)} of the English figure text must "
                       f"be copied unchanged (found {brackets(msgstr)}): an axis label's unit "
                       "says the scale of every value; copy them as they are")


def lexed_comments(language: str, source: str) -> list[str]:
    """The comment tokens of ``source`` lexed by Pygments as ``language``."""
    from pygments.lexers import get_lexer_by_name
    from pygments.token import Comment

    return [value for kind, value in get_lexer_by_name(language).get_tokens(source)
            if kind in Comment]


def comment_problems(msgid: str, msgstr: str) -> Iterator[tuple[str, str]]:
    """A comment's translation is one line of plain text that every lexer of the site reads
    as the whole comment: no line break or control character, no doctest directive, no markup."""
    breaks = sorted({repr(c) for c in msgstr if unicodedata.category(c) in {"Cc", "Cf", "Zl", "Zp", "Co", "Cs", "Cn"}})
    if breaks:
        yield "comment-text", (f"the translation of a code comment holds {', '.join(breaks)}: "
                               "it must be one line of text with no control character, or what "
                               "follows would be read as code; write it on one line")
    if "doctest:" in msgstr.casefold() and "doctest:" not in msgid.casefold():
        yield "comment-text", ("the translation of a code comment holds 'doctest:', which "
                               "doctest reads as a directive (it can skip the example or change "
                               "how it is checked); say it without 'doctest:'")
    bad = sorted({c for c in msgstr if c in COMMENT_FORBIDDEN} - set(msgid))
    if bad:
        yield "comment-text", (f"remove {' '.join(bad)} from the translation: a code comment "
                               "is shown as it is written, so markup would show as characters")
    if not breaks:
        for language, probe in COMMENT_PROBES.items():
            found = lexed_comments(language, probe.format(msgstr))
            if len(found) != 1 or found[0].rstrip() != f"# {msgstr}".rstrip():
                yield "comment-text", (f"Pygments does not read '# {msgstr}' as one whole "
                                       f"comment in a {language} block: part of it would show "
                                       "as code; write plain words")
                break
    longest = COMMENT_GROWTH[0] * len(msgid) + COMMENT_GROWTH[1]
    if len(msgstr) > longest:
        yield "comment-text", (f"the translation is {len(msgstr)} characters long, more than "
                               f"{longest} (twice the English comment and 20): keep code "
                               "comments short")


def figure_problems(msgid: str, msgstr: str) -> Iterator[tuple[str, str]]:
    """A figure message is plain text with the same ``{name}`` fields and ``$...$`` formulas as the English one."""
    fields_en, fields_es = sorted(FIELD_RE.findall(msgid)), sorted(FIELD_RE.findall(msgstr))
    if fields_en != fields_es:
        yield "figure-text", (f"the fields {fields_en} of the English text must each appear "
                              f"once in the translation, unchanged (found {fields_es}); the "
                              "figure fills them in by name")
    bad = sorted({c for c in msgstr if c in FIGURE_FORBIDDEN} - set(msgid))
    formulas_en, formulas_es = FIGURE_FORMULA_RE.findall(msgid), FIGURE_FORMULA_RE.findall(msgstr)
    if formulas_en and (formulas_en != formulas_es
                        or set(FIGURE_FORMULA_RE.sub("", msgstr)) & FIGURE_FORBIDDEN):
        yield "figure-text", (f"the formulas {formulas_en} of the English text must appear in the "
                              f"translation unchanged and in the same order (found {formulas_es}), "
                              "with no $ or \\ outside them: Matplotlib draws what lies between "
                              "two $ as math")
    if bad:
        yield "figure-text", (f"remove {' '.join(bad)} from the translation: figure text is "
                              "plain text, and Matplotlib reads $ as the start of a formula")
    if msgstr.count("\n") != msgid.count("\n"):
        yield "figure-text", (f"the translation has {msgstr.count(chr(10))} line break(s) where "
                              f"the English text has {msgid.count(chr(10))}: the figure leaves "
                              "room for that many lines; keep the line breaks of the English text")
    if fields_en == fields_es and FIELD_RE.findall(msgid) != FIELD_RE.findall(msgstr):
        yield "figure-text", (f"the fields come in another order ({FIELD_RE.findall(msgstr)}) "
                              f"than in the English text ({FIELD_RE.findall(msgid)}): each "
                              "would name another value; keep their order")
    if msgstr.lstrip().startswith("_") and not msgid.startswith("_"):
        yield "figure-text", ("the translation starts with '_', which makes Matplotlib leave the "
                              "label out of the legend; start it with a word")
    if fields_en == fields_es:
        yield from _glued_problems(msgid, msgstr)
    longest = FIGURE_GROWTH[0] * len(msgid) + FIGURE_GROWTH[1]
    if len(msgstr) > longest:
        yield "figure-text", (f"the translation is {len(msgstr)} characters long, more than "
                              f"{longest} (twice the English text and 20): it would not fit in "
                              "the figure; say it more briefly")


def _neighbours(text: str) -> dict[str, list[tuple[str, str]]]:
    """The character before and after each ``{field}``, by field.  A space, an end of the
    text or a letter of an ordinary word (two letters or more, no digit) counts as '':
    words may change around a field, glued signs, digits and symbols may not."""
    def plain(word: str, char: str) -> str:
        return "" if not char or char == " " or (len(word) > 1 and word.isalpha()) else char

    found: dict[str, list[tuple[str, str]]] = {}
    for m in FIELD_RE.finditer(text):
        before = re.search(r"\w*$", text[:m.start()])[0]
        after = re.match(r"\w*", text[m.end():])[0]
        pair = (plain(before, text[m.start() - 1:m.start()]), plain(after, text[m.end():m.end() + 1]))
        found.setdefault(m[0], []).append(pair)
    return {name: sorted(pairs) for name, pairs in found.items()}


def _glued_problems(msgid: str, msgstr: str) -> Iterator[tuple[str, str]]:
    """Characters glued to a field that change what its value reads as ("{n}²", "-{n}")."""
    english, spanish = _neighbours(msgid), _neighbours(msgstr)
    for name, pairs in spanish.items():
        if pairs != english.get(name):
            shown = ", ".join(f"{b!r}{name}{a!r}" for b, a in pairs)
            yield "figure-text", (
                f"the field {name} is written next to other characters than in the English "
                f"text ({shown}): a sign, an exponent or a factor glued to a value changes "
                "it; write the field with the characters around it in the English text")


ESCAPE_RE = re.compile(r'\\(.)')
KNOWN_ESCAPES = set('\\"ntr')


def escape_problems(path: Path) -> Iterator[tuple[int, str]]:
    r"""Backslash escapes other than ``\\ \" \n \t \r``: polib and Babel (which compiles the
    catalogue) read the others differently, so the checked text and the published one differ."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.lstrip().startswith("#"):
            continue
        bad = sorted({m[1] for m in ESCAPE_RE.finditer(line)} - KNOWN_ESCAPES)
        if bad:
            shown = ", ".join("\\" + c for c in bad)
            yield number, (f"unknown escape(s) {shown}: a .po file may use only "
                           "\\\\, \\\", \\n, \\t and \\r; write the character itself")


def wrap_problems(path: Path) -> Iterator[tuple[int, str]]:
    """Run ``powrap --check --diff`` (msgcat's wrapping at 79 columns) on the file."""
    powrap = Path(sys.executable).parent / "powrap"
    if not powrap.exists():
        yield 1, f"powrap is not installed next to {sys.executable}; run `make venv`"
        return
    result = subprocess.run([str(powrap), "--check", "--quiet", "--diff", str(path)],
                            capture_output=True, text=True, check=False)
    if result.returncode == 1:
        hunks = re.findall(r"^@@ -(\d+).*\n((?: .*\n)*)", result.stderr, re.M)
        first = int(hunks[0][0]) + hunks[0][1].count("\n") if hunks else 1
        yield first, (f"the file is not wrapped the way powrap writes it ({len(hunks) or 'some'} "
                      "place(s) differ, the first here); run `.venv/bin/powrap FILE` "
                      "(or `make update-po`)")
    elif result.returncode != 0:
        detail = " ".join((result.stderr or result.stdout).split()) or f"exit {result.returncode}"
        yield 1, f"powrap could not check the file ({detail}); fix the file so that msgcat reads it"


def lint_problems(path: Path) -> Iterator[tuple[int, str]]:
    """sphinx-lint's default checks on the msgstr texts (it reads .po files itself)."""
    enabled = {c for c in all_checkers.values() if c.enabled}
    for error in lint_file(str(path), enabled):
        if isinstance(error, str):
            yield 1, f"sphinx-lint could not read the file: {error}"
        else:
            yield error.line_no, (f"{error.msg} (sphinx-lint {error.checker_name}); fix the "
                                  "markup of the translation")
