"""Guard the Spanish translations (sphinx-intl ``.po`` files) before Sphinx publishes them.

Threat model: a ``.po`` file is untrusted input.  Translators edit the msgstr text, and Sphinx
parses it as reStructuredText and publishes it without a warning, whatever it says.  So a
translation could carry a ``javascript:``/``data:`` link, raw HTML, a new directive (``raw``,
``include``), a silently changed number, formula, code literal or cross-reference target, or
broken markup that swallows the rest of a paragraph.  This script checks every entry against
its English msgid and fails (exit 1) on any of that, as well as on untranslated or fuzzy
entries and on files that are not wrapped the way ``powrap`` writes them.

Usage: ``python tools/check_po.py locale/es/LC_MESSAGES [more dirs or .po files]``.
Output: one ``path:line: [rule] message`` line per problem, then a summary line.
"""

from __future__ import annotations

import argparse
import html
import io
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

import polib
from docutils import nodes
from docutils.frontend import Values, get_default_settings
from docutils.parsers.rst import Parser, roles
from docutils.utils import new_document
from docutils.utils.urischemes import schemes as DOCUTILS_URI_SCHEMES
from sphinxlint.checkers import all_checkers
from sphinxlint.sphinxlint import check_file as lint_file

SAFE_SCHEMES = {"http", "https", "mailto"}
DANGEROUS_SCHEMES = {"javascript", "vbscript", "livescript", "data", "file", "jar", "mhtml"}
LINKABLE_SCHEMES = set(DOCUTILS_URI_SCHEMES) | DANGEROUS_SCHEMES
NUMBER_HINT = "carry numbers over unchanged, written the Spanish way (76 800, 2,1)"


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: [{self.rule}] {self.message}"


# --- reST constructs ----------------------------------------------------------------------

LITERAL_RE = re.compile(r"``(.+?)``", re.S)
ROLE_RE = re.compile(
    r"(?<![\w\\]):(?P<name>[A-Za-z0-9]+(?:[-_.:+][A-Za-z0-9]+)*):`(?P<content>(?:[^`\\]|\\.)+)`"
)
EXPLICIT_TITLE_RE = re.compile(r"^(?P<title>.*?)\s*<(?P<target>[^<>]+)>$", re.S)
LINK_RE = re.compile(r"`(?P<text>(?:[^`\\<]|\\.)*?)\s*<(?P<target>[^<>`]+)>`__?")
TARGET_DEF_RE = re.compile(
    r"^[ \t]*(?:\.\.[ \t]+_(?:`[^`]*`|[^:\n]*):|__(?=[ \t]))"  # .. _name: or __
    r"(?P<target>[ \t]*\S.*(?:\n[ \t]+\S.*)*)",  # the target, maybe on indented lines
    re.M,
)
DIRECTIVE_RE = re.compile(
    r"^[ \t]*\.\.[ \t]+(?:\|(?P<sub>[^|\n]+)\|[ \t]+)?(?P<name>[\w:+.-]+)[ \t]*::", re.M
)
SUBST_REF_RE = re.compile(r"(?<![\w|\\])\|(?![\s|])(?P<name>[^|\n]*?[^\s|\\])\|(?![\w|])")
URI_RE = re.compile(r"(?<![\w.+-])(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*):(?P<rest>[^\s<>`\"']+)")
HTML_RE = re.compile(
    r"<\s*/?\s*(?:script|iframe|img|a|style|object|embed|svg|link|meta|form|input|base|frame"
    r"|frameset|body|html|video|audio|source|button|textarea|template)\b|\bon[a-z]+\s*=",
    re.I,
)


def squash(text: str) -> str:
    """Collapse runs of whitespace (msgids keep the line breaks of the English source)."""
    return " ".join(text.split())


@dataclass
class Markup:
    """The constructs of one message that must survive translation, and the prose left over."""

    literals: list[str] = field(default_factory=list)
    maths: list[str] = field(default_factory=list)
    roles: list[str] = field(default_factory=list)  # ":name:`target`" (title dropped)
    links: list[str] = field(default_factory=list)  # hyperlink targets (URIs, paths, names)
    directives: list[str] = field(default_factory=list)
    substitutions: list[str] = field(default_factory=list)
    prose: str = ""


def parse_markup(text: str) -> Markup:
    """Pull inline literals, roles, links, directives and substitutions out of ``text``."""
    found = Markup()

    def literal(m: re.Match[str]) -> str:
        found.literals.append(squash(m[1]))
        return " "

    def role(m: re.Match[str]) -> str:
        name, content = m["name"].lower(), m["content"]
        if name == "math":
            found.maths.append(squash(content))
        else:
            titled = EXPLICIT_TITLE_RE.match(content)
            target = titled["target"] if titled and titled["title"] else content
            found.roles.append(f":{name}:`{squash(target)}`")
        return " "

    def link(m: re.Match[str]) -> str:  # docutils drops whitespace inside a link target
        found.links.append("".join(m["target"].split()))
        return m.groupdict().get("text") or " "  # keep a link's text, it is prose

    def directive(m: re.Match[str]) -> str:
        name = m["name"].lower()
        found.directives.append(f"|{m['sub']}| {name}" if m["sub"] else name)
        return " "

    text = LITERAL_RE.sub(literal, text)
    text = ROLE_RE.sub(role, text)
    text = LINK_RE.sub(link, text)
    text = TARGET_DEF_RE.sub(link, text)
    text = DIRECTIVE_RE.sub(directive, text)
    found.substitutions = [m["name"] for m in SUBST_REF_RE.finditer(text)]
    for m in URI_RE.finditer(text):
        if m["scheme"].lower() in DOCUTILS_URI_SCHEMES:
            found.links.append(m[0].rstrip(".,;:!?)]}»”'"))
    found.prose = text
    return found


def compare(english: list[str], spanish: list[str]) -> tuple[list[str], list[str]]:
    """Items of ``english`` missing from ``spanish``, and items only ``spanish`` has."""
    en, es = Counter(english), Counter(spanish)
    return list((en - es).elements()), list((es - en).elements())


# --- numbers -------------------------------------------------------------------------------

SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
GROUP_SPACES = " \u00a0\u202f\u2009"
_TAIL = rf"(?![0-9])(?P<sup>[{SUPERSCRIPTS}]*)"
EN_NUMBER_RE = re.compile(  # 76,800 or (SI style) 76 800; decimal point
    rf"(?P<num>[0-9]{{1,3}}(?:,[0-9]{{3}})+(?![0-9])(?:\.[0-9]+)?"
    rf"|[0-9]{{1,3}}(?:[{GROUP_SPACES}][0-9]{{3}})+(?![0-9])(?:\.[0-9]+)?"
    rf"|[0-9]+(?:\.[0-9]+)?){_TAIL}"
)
ES_NUMBER_RE = re.compile(
    rf"(?P<num>[0-9]{{1,3}}(?:[{GROUP_SPACES}][0-9]{{3}})+(?![0-9])(?:,[0-9]+)?"
    rf"|[0-9]{{1,3}}(?:\.[0-9]{{3}})+(?![0-9])(?:,[0-9]+)?"
    rf"|[0-9]+(?:,[0-9]+)?){_TAIL}"
)
WORD_RE = re.compile(r"[\w./-]+")


def numbers(prose: str, spanish: bool) -> list[tuple[tuple[Decimal, str], str]]:
    """The numbers of some prose as ((value, superscripts), text as written).

    Words that start with a letter or hold ``_`` or ``/`` are identifiers (``sec-2-1``,
    ``plot_01_ladder``, ``float64``); their digits are not numbers.

    >>> [text for _, text in numbers("76,800 and 2.1 or 10⁴ in sec-2-1", spanish=False)]
    ['76,800', '2.1', '10⁴']
    >>> [str(value) for (value, _), _ in numbers("about 128 000 in all", spanish=False)]
    ['1.28E+5']
    >>> [str(value) for (value, _), _ in numbers("76 800, 76.800, 7680 y 2,1", spanish=True)]
    ['7.68E+4', '7.68E+4', '7.68E+3', '2.1']
    """
    prose = re.sub(r"(?<=[0-9])[x×](?=[0-9])", " × ", prose)
    prose = WORD_RE.sub(
        lambda m: " " if not m[0][0].isdigit() or "_" in m[0] or "/" in m[0] else m[0], prose
    )
    pattern, group, decimal = (ES_NUMBER_RE, ".", ",") if spanish else (EN_NUMBER_RE, ",", ".")
    found = []
    for m in pattern.finditer(prose):
        digits = m["num"].replace(group, "")
        digits = "".join(c for c in digits if c not in GROUP_SPACES).replace(decimal, ".")
        found.append(((Decimal(digits).normalize(), m["sup"]), m[0]))
    return found


# --- rules on one entry: each yields (rule, message) ---------------------------------------


def check_translated(entry: polib.POEntry) -> Iterator[tuple[str, str]]:
    if not entry.msgstr:
        yield "untranslated", (
            "the entry has no translation (empty msgstr), so the Spanish page would show the "
            "English text; write the Spanish text in msgstr"
        )
    if entry.fuzzy:
        yield "fuzzy", (
            "the entry is marked fuzzy (its English text changed since it was translated) and "
            "Sphinx ignores it; update the translation, then delete the '#, fuzzy' line"
        )


@cache
def _docutils_settings() -> Values:
    settings = get_default_settings(Parser)
    settings.report_level = 5  # print nothing ...
    settings.halt_level = 5  # ... and never stop: the messages are collected below
    settings.warning_stream = io.StringIO()
    settings.file_insertion_enabled = False  # never read files named by a translation
    settings.raw_enabled = False
    return settings


def _any_role(
    name: str, rawtext: str, text: str, lineno: int, inliner: object,
    options: dict | None = None, content: list[str] | None = None,
) -> tuple[list[nodes.Node], list[nodes.system_message]]:
    """Stand-in for Sphinx's roles (:ref:, :doc:, :math:, :measured: ...), which docutils lacks."""
    return [nodes.literal(rawtext, text)], []


def rest_errors(text: str) -> list[str]:
    """docutils' warnings and errors for ``text`` parsed alone (no Sphinx, no transforms)."""
    for m in ROLE_RE.finditer(text):
        roles.register_local_role(m["name"].lower(), _any_role)
    document = new_document("<msgstr>", _docutils_settings())
    found: list[str] = []

    def collect(message: nodes.system_message) -> None:
        if message["level"] >= 2:
            detail = message.children[0].astext() if message.children else message.astext()
            found.append(f"{detail} ({message['type'].lower()})")

    document.reporter.attach_observer(collect)
    Parser().parse(text, document)
    return found


def check_rest(entry: polib.POEntry) -> Iterator[tuple[str, str]]:
    if entry.msgstr and not rest_errors(entry.msgid):
        for error in rest_errors(entry.msgstr):
            yield "rest", (
                f"the translation is not valid reST: {error}; fix its markup to match the "
                "English text (every ** * `` ` that opens must close)"
            )


def identifier_numbers(prose: str) -> Counter[Decimal]:
    """Values of the digit runs inside identifier-like words (``rank-1`` gives 1).

    A translation may spell such a word out ("rango 1"), so these numbers may appear in it.
    """
    words = (m[0] for m in WORD_RE.finditer(prose) if not m[0][0].isdigit() or "_" in m[0] or "/" in m[0])
    return Counter(Decimal(d).normalize() for w in words for d in re.findall(r"[0-9]+", w))


def check_numbers(entry: polib.POEntry) -> Iterator[tuple[str, str]]:
    if not entry.msgstr:
        return
    english_prose = parse_markup(entry.msgid).prose
    english = numbers(english_prose, spanish=False)
    spanish = numbers(parse_markup(entry.msgstr).prose, spanish=True)
    en_text, es_text = dict(english), dict(spanish)
    missing, extra = compare([k for k, _ in english], [k for k, _ in spanish])
    spelled_out = identifier_numbers(english_prose)
    for key in list(extra):
        if not key[1] and spelled_out[key[0]] > 0:
            spelled_out[key[0]] -= 1
            extra.remove(key)
    found = "; ".join(es_text[k] for k in extra) or "nothing in its place"
    for key in missing:
        yield "number", (
            f"number {en_text[key]} in the English text is missing from the translation "
            f"(found: {found}); {NUMBER_HINT}"
        )
    if not missing:
        for key in extra:
            yield "number", (
                f"number {es_text[key]} in the translation is not in the English text; "
                + NUMBER_HINT
            )


def check_constructs(entry: polib.POEntry) -> Iterator[tuple[str, str]]:
    """Inline literals, inline math, role targets and link targets must be carried over verbatim."""
    if not entry.msgstr:
        return
    en, es = parse_markup(entry.msgid), parse_markup(entry.msgstr)
    kinds = [
        ("literal", "inline literal", en.literals, es.literals, "``{}``",
         "copy inline literals (code) unchanged"),
        ("math", "inline math", en.maths, es.maths, ":math:`{}`",
         "copy formulas unchanged"),
        ("target", "cross-reference target", en.roles, es.roles, "{}",
         "translate only the title in :role:`Title <target>`, keep the target unchanged"),
        ("target", "link target", en.links, es.links, "<{}>",
         "translate only the link text in `Text <target>`_, keep the target unchanged"),
    ]
    for rule, what, english, spanish, shape, advice in kinds:
        missing, extra = compare(english, spanish)
        found = "; ".join(shape.format(x) for x in extra) or "nothing in its place"
        for item in missing:
            yield rule, (
                f"{what} {shape.format(item)} in the English text is missing from the "
                f"translation (found: {found}); {advice}"
            )
        if not missing:
            for item in extra:
                yield rule, f"{what} {shape.format(item)} is in the translation only; {advice}"


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


def check_link_schemes(entry: polib.POEntry) -> Iterator[tuple[str, str]]:
    markup = parse_markup(entry.msgstr)
    prose = html.unescape(markup.prose)
    bare = [m[0] for m in URI_RE.finditer(prose) if m["scheme"].lower() in LINKABLE_SCHEMES]
    for target in dict.fromkeys(markup.links + bare):
        if scheme := unsafe_scheme(target):
            yield "link-scheme", (
                f"the translation links to {target!r} ({scheme}: link); only http, https, "
                "mailto and relative links are allowed: use the link target of the English text"
            )


def check_raw_html(entry: polib.POEntry) -> Iterator[tuple[str, str]]:
    en, es = parse_markup(entry.msgid), parse_markup(entry.msgstr)
    advice = "translations may not add markup that changes the page; remove it"
    raw = [f"'.. {d}::' directive" for d in es.directives if d.split()[-1] == "raw"]
    raw += [f"{r.split('`')[0]} role" for r in es.roles if r.startswith(":raw")]
    for item in raw:
        yield "raw-html", f"the translation injects raw output (a {item}); {advice}"
    for item in compare(en.directives, es.directives)[1]:
        if item.split()[-1] != "raw":
            yield "raw-html", f"the translation adds a directive '.. {item}::'; {advice}"
    for item in compare(en.substitutions, es.substitutions)[1]:
        yield "raw-html", f"the translation adds a substitution reference |{item}|; {advice}"
    for m in HTML_RE.finditer(html.unescape(es.prose)):
        yield "raw-html", f"the translation contains HTML ({m[0]!r}); {advice}"


ENTRY_RULES = [
    check_translated,
    check_rest,
    check_numbers,
    check_constructs,
    check_link_schemes,
    check_raw_html,
]


# --- rules on a whole file -------------------------------------------------------------------


def check_wrap(path: Path) -> Iterator[tuple[int, str]]:
    """Run ``powrap --check --diff`` (msgcat's wrapping at 79 columns) on the file."""
    powrap = Path(sys.executable).parent / "powrap"
    if not powrap.exists():
        yield 1, f"powrap is not installed next to {sys.executable}; run `make venv`"
        return
    result = subprocess.run(
        [str(powrap), "--check", "--quiet", "--diff", str(path)],
        capture_output=True, text=True, check=False,
    )
    if result.returncode == 1:
        hunks = re.findall(r"^@@ -(\d+).*\n((?: .*\n)*)", result.stderr, re.M)
        # the first changed line: the first hunk's start plus its leading context lines
        first = int(hunks[0][0]) + hunks[0][1].count("\n") if hunks else 1
        yield first, (
            f"the file is not wrapped the way powrap writes it ({len(hunks) or 'some'} place(s) "
            "differ, the first here); run `.venv/bin/powrap FILE` (or `make update-po`)"
        )
    elif result.returncode != 0:
        detail = squash(result.stderr or result.stdout) or f"exit status {result.returncode}"
        yield 1, f"powrap could not check the file ({detail}); fix the file so that msgcat reads it"


def check_sphinx_lint(path: Path) -> Iterator[tuple[int, str]]:
    """sphinx-lint's default checks on the msgstr texts (it reads .po files itself)."""
    enabled = {c for c in all_checkers.values() if c.enabled}
    for error in lint_file(str(path), enabled):
        if isinstance(error, str):
            yield 1, f"sphinx-lint could not read the file: {error}"
        else:
            yield error.line_no, (
                f"{error.msg} (sphinx-lint {error.checker_name}); fix the markup of the translation"
            )


# --- driver -----------------------------------------------------------------------------------


def plural_forms(entry: polib.POEntry) -> list[polib.POEntry]:
    """A plural entry as one entry per form (form 0 against the singular English text)."""
    if not entry.msgid_plural:
        return [entry]
    forms = entry.msgstr_plural or {0: ""}
    return [
        polib.POEntry(msgid=entry.msgid if i == 0 else entry.msgid_plural, msgstr=text,
                      flags=entry.flags, linenum=entry.linenum)
        for i, text in sorted(forms.items())
    ]


def check_file(path: Path) -> tuple[list[Problem], int]:
    """All problems of one .po file, and its number of (live, non-header) entries."""
    shown = str(path)
    try:
        po = polib.pofile(str(path))
    except (OSError, ValueError) as error:
        return [Problem(shown, 1, "syntax", f"cannot read the file ({error}); fix its syntax")], 0
    entries = [e for e in po if not e.obsolete and e.msgid]
    problems = [Problem(shown, n, "wrap", msg) for n, msg in check_wrap(path)]
    starts = sorted(e.linenum for e in entries)
    for n, msg in check_sphinx_lint(path):
        # sphinx-lint numbers the msgstr lines from the msgid's line on; report the entry
        entry_line = max((s for s in starts if s <= n), default=n)
        problems.append(Problem(shown, entry_line, "rest", msg))
    for entry in entries:
        for form in plural_forms(entry):
            for rule_fn in ENTRY_RULES:
                problems += [Problem(shown, entry.linenum, r, m) for r, m in rule_fn(form)]
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", help="directories (searched for *.po) or .po files")
    args = parser.parse_args(argv)
    try:
        files = po_files(args.paths)
    except FileNotFoundError as error:
        print(error, file=sys.stderr)
        return 2
    problems: list[Problem] = []
    entries = 0
    for path in files:
        found, count = check_file(path)
        problems += found
        entries += count
    for problem in problems:
        print(problem)
    verdict = f"{len(problems)} problem(s)" if problems else "no problems"
    print(f"check-po: {len(files)} files, {entries} entries, {verdict}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
