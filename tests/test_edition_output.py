"""The Spanish edition adds nothing to the English one but words: checked on the built HTML.

The translation guard (``make check-po``) compares each entry before the build; this test
compares what the build produced, page by page, so that an edit no guard rule foresaw still
shows up.  For every page of the English edition and its Spanish twin:

* links (``href``), scripts, style sheets, images, frames, forms and event handlers are the
  same, apart from the language switcher (which points at the other edition) and the two
  scripts that carry Spanish interface messages;
* no ``style`` attribute, inline script or ``on*`` handler appears only in Spanish;
* the formulas have the same TeX sources;
* every number a reader sees (outside code) is a number of the English page, written the
  Spanish way;
* the files published under ``_downloads`` and ``_images`` are the same (figures have a
  ``.es`` twin).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from mmref.numbers import read_numbers, written_out

ALLOWED_SPANISH_ONLY = {"script:_static/translations.js", "script:_static/ui-messages.js",
                        "link.href:_static/ui-messages.css"}  # the interface messages, translated
CODE_TAGS = {"pre", "code", "kbd", "samp", "script", "style", "math", "annotation"}
ACTIVE_TAGS = {"iframe", "object", "embed", "form", "frame", "applet", "base", "portal"}


class Page(HTMLParser):
    """What a page contains besides its words."""

    def __init__(self, language: str):
        super().__init__(convert_charrefs=True)
        self.other = {"en": "es", "es": "en"}[language]
        self.resources: Counter[str] = Counter()
        self.inline: Counter[str] = Counter()
        self.math: Counter[str] = Counter()
        self.text: list[str] = []
        self._skip = 0
        self._script = False
        self._math_tex = None

    def _resource(self, kind: str, url: str) -> None:
        url = re.sub(r"\?(v|digest)=[0-9a-f]+", "", url)
        url = re.sub(rf"^(\.\./)*{self.other}/", "EDITION/", url)
        url = re.sub(r"^(\.\./)+", "", url)
        url = re.sub(r"\.es(\.\w+)$", r"\1", url)  # a figure's Spanish twin
        self.resources[f"{kind}:{url}"] += 1

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src", "action", "data", "poster", "srcset", "formaction"):
            if attrs.get(name):
                self._resource(f"{tag}.{name}" if tag != "script" else "script", attrs[name])
        for name, value in attrs.items():
            if name.startswith("on") or name == "style":
                # the build's own style: a figure box's legible width, from each edition's figure
                value = re.sub(r"^--legible-width: \d+px$", "--legible-width: (px)", value or "")
                self.inline[f"{tag}[{name}]={value}"] += 1
        if tag in ACTIVE_TAGS:
            self.inline[f"<{tag}>"] += 1
        if tag == "meta" and (attrs.get("http-equiv") or "").lower() == "refresh":
            self.inline[f"meta refresh {attrs.get('content')}"] += 1
        if tag == "annotation" and attrs.get("encoding") == "application/x-tex":
            self._math_tex = ""
        if tag == "span" and "math" in (attrs.get("class") or "").split():
            self._math_tex = ""
        if tag == "script":
            self._script = True
        if tag in CODE_TAGS:
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("annotation", "span") and self._math_tex is not None:
            self.math[" ".join(self._math_tex.split())] += 1
            self._math_tex = None
        if tag == "script":
            self._script = False
        if tag in CODE_TAGS and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if self._math_tex is not None:
            self._math_tex += data
            return
        if self._script and data.strip():
            self.inline[f"script:{data.strip()}"] += 1
        if not self._skip:
            self.text.append(data)


def read(path: Path, language: str) -> Page:
    page = Page(language)
    page.feed(path.read_text(encoding="utf-8"))
    return page


# The general index lists the glossary's terms in each language, so its letters and anchors
# differ by design; it holds no translated prose of its own.
GENERATED = {"genindex.html"}
VERSION = re.compile(r"\b\d+(?:\.\d+){2,}\b")  # 9.0.4 is a version, not three numbers


def pages(site):
    return sorted(p.relative_to(site / "en") for p in (site / "en").rglob("*.html"))


def seen_numbers(page: Page, language: str):
    """The numbers of the page's text; a number and its scale word are one ("2.1 billion" is
    "2100 millones")."""
    return read_numbers(written_out(VERSION.sub(" ", " ".join(page.text)), language)[0], language)


def test_both_editions_have_the_same_pages(site):
    english = set(pages(site))
    spanish = {p.relative_to(site / "es") for p in (site / "es").rglob("*.html")}
    assert english == spanish


def differences(site, relative):
    en, es = read(site / "en" / relative, "en"), read(site / "es" / relative, "es")
    problems = []
    added = (es.resources - en.resources)
    added = [r for r in added if r not in ALLOWED_SPANISH_ONLY]
    lost = list(en.resources - es.resources)
    if added:
        problems.append(f"links or resources only in Spanish: {sorted(added)}")
    if lost:
        problems.append(f"links or resources missing from Spanish: {sorted(lost)}")
    if extra := list(es.inline - en.inline):
        problems.append(f"style, script, handler or active element only in Spanish: {extra}")
    if es.math != en.math:
        problems.append(f"formulas differ: only Spanish {sorted(es.math - en.math)}, "
                        f"only English {sorted(en.math - es.math)}")
    english_numbers = {n.value for n in seen_numbers(en, "en")}
    foreign = sorted({n.text for n in seen_numbers(es, "es") if n.value not in english_numbers})
    if foreign:
        problems.append(f"numbers that the English page does not have: {foreign}")
    return problems


def test_spanish_pages_add_nothing_but_words(site):
    report = {str(p): d for p in pages(site)
              if str(p) not in GENERATED and (d := differences(site, p))}
    assert not report, "\n".join(f"{p}: {'; '.join(d)}" for p, d in report.items())


@pytest.mark.parametrize("folder", ["_downloads", "_images"])
def test_the_same_files_are_published(site, folder):
    def names(language):
        root = site / language / folder
        return {re.sub(r"\.es(\.\w+)$", r"\1", str(p.relative_to(root)))
                for p in root.rglob("*") if p.is_file()}

    assert names("es") <= names("en"), sorted(names("es") - names("en"))


@pytest.mark.parametrize("language", ["en", "es"])
def test_no_page_shows_a_path_of_the_build_machine(site, language):
    """Script output, tracebacks and links must not carry the build's own folders."""
    from helpers import ROOT

    leaks = [str(p.relative_to(site)) for p in (site / language).rglob("*.html")
             if str(ROOT) in p.read_text(encoding="utf-8")]
    assert not leaks, f"pages that show {ROOT}: {leaks}"


@pytest.mark.parametrize("language", ["en", "es"])
def test_gallery_cards_carry_no_raw_tex_tooltip(site, language):
    """sphinx-gallery's card tooltips repeat a page's first paragraph with its formulas as raw
    TeX (``v_i^\\top``); the gallery_i18n extension drops them in every edition."""
    indexes = sorted((site / language / "auto_gallery").rglob("index.html"))
    assert indexes, f"no gallery index in {site / language}"
    for path in indexes:
        html = path.read_text(encoding="utf-8")
        assert "sphx-glr-thumbcontainer" in html or path.parent.name != "auto_gallery", path
        found = re.findall(r'\btooltip="([^"]*)"', html)
        assert not found, f"{path.relative_to(site)}: card tooltips left: {found[:1]}"


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_term_table_marks_the_language_of_each_column(site, language):
    """The translator's guide lists each term in English and in Spanish in both editions; a
    screen reader reads each column in its own language only if its cells say which one."""
    html = (site / language / "translating.html").read_text(encoding="utf-8")
    table = BeautifulSoup(html, "html.parser").select_one("table.bilingual")
    rows = table.select("tbody tr")
    assert len(rows) > 10, f"{language}/translating.html: the term table has {len(rows)} rows"
    for row in rows:
        assert [cell.get("lang") for cell in row.find_all("td")] == ["en", "es"], row
    loanwords = [em for row in rows for em in row.find_all("td")[1].find_all("em")]
    assert {"broadcasting", "one-hot"} <= {em.get_text() for em in loanwords}, loanwords
    assert all(em.get("lang") == "en" for em in loanwords), [str(em) for em in loanwords if em.get("lang") != "en"]
    header = [th.get_text(strip=True) for th in table.select("thead th")]
    if language == "en":  # the header names each language in itself: "English", "Español"
        assert [th.get("lang") for th in table.select("thead th")] == ["en", "es"], header


@pytest.mark.parametrize("language", ["en", "es"])
def test_example_words_of_either_language_say_which_it_is(site, language):
    """The guide's example words (*cinco*, *five*, *tú*) keep their language on both
    editions' pages, marked by the roles :es: and :en: (a screen reader reads them in their
    own voice)."""
    html = (site / language / "translating.html").read_text(encoding="utf-8")
    marked = {(em.get("lang"), em.get_text())
              for em in BeautifulSoup(html, "html.parser").select("article em[lang]")}
    assert {("es", "cinco"), ("en", "five"), ("es", "tú"), ("es", "estira")} <= marked, marked


def test_the_gallery_output_label_is_in_the_pages_language(site):
    """sphinx-gallery's stylesheet writes "Out:" before each block of script output, text no
    template or script translates: the Spanish edition overrides it from sphinx.po, as a CSS
    string of hex escapes only, in a stylesheet linked after sphinx-gallery's."""
    import polib
    from helpers import ROOT

    label = next(e.msgstr for e in polib.pofile(str(ROOT / "locale/es/LC_MESSAGES/sphinx.po"))
                 if e.msgid == "Out:")
    css = (site / "es" / "_static" / "ui-messages.css").read_text(encoding="utf-8")
    found = re.fullmatch(r'\.sphx-glr-script-out::before \{ content: "((?:\\[0-9a-f]{6})+)"; \}\n', css)
    assert found, css
    assert "".join(chr(int(h, 16)) for h in re.findall(r"\\([0-9a-f]{6})", found[1])) == label
    page = (site / "es" / "auto_gallery" / "02-matmul-as-composition" / "plot_01_ladder.html").read_text(
        encoding="utf-8")
    sheets = re.findall(r'<link rel="stylesheet"[^>]*href="[^"]*?([\w.-]+\.css)', page)
    assert sheets.index("ui-messages.css") > sheets.index("sg_gallery.css"), sheets
    assert not (site / "en" / "_static" / "ui-messages.css").exists()


# -- Script output ----------------------------------------------------------------------
# The gallery runs once, in English; the Spanish edition shows what the scripts printed in
# Spanish (mmref.printout, _ext/printout_i18n.py).  A word of the English output may appear in
# the Spanish output only if a Spanish translation of the figures catalogue uses it or it names
# the machine or a rung (AMD, OpenBLAS, naive); numbers are written the Spanish way.
WORD = re.compile(r"(?<![^\W\d_])[A-Za-z]{3,}(?![^\W\d_])")  # a whole word of 3+ ASCII letters
ENGLISH_DECIMAL = re.compile(r"\d\.\d")                               # 2.5, not 2,5
UNGROUPED = re.compile(r"(?<![\d\u202f,])\d{5,}")                     # 76800, not 76 800
GROUPED_FOUR = re.compile(r"(?<![\d\u202f])\d\u202f\d{3}(?![\d\u202f])")  # 7 680, not 7680


def output_blocks(path: Path) -> list[str]:
    """The text of each block of script output (sphinx-gallery's ``sphx-glr-script-out``)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    return [pre.get_text() for block in soup.select(".sphx-glr-script-out") for pre in block.select("pre")]


def machine_strings() -> list[str]:
    """The text values the scripts recorded (the CPU's name as the system reports it, the BLAS
    build): the system's own strings, which the Spanish output quotes unchanged, clock rate
    (``@ 2.80GHz``) included."""
    import json

    from helpers import ROOT

    return sorted({value for path in (ROOT / "auto_gallery" / "results").glob("*.json")
                   for value in json.loads(path.read_text(encoding="utf-8")).values()
                   if isinstance(value, str) and value}, key=len, reverse=True)


def allowed_words() -> set[str]:
    """Words the Spanish output may share with the English one: those of the Spanish figures
    catalogue, of the machine facts the scripts recorded, and the rungs' names."""
    import polib
    from helpers import ROOT

    from mmref.ladder import RUNGS

    words = set(RUNGS)
    for entry in polib.pofile(str(ROOT / "locale" / "es" / "LC_MESSAGES" / "figures.po")):
        words |= set(WORD.findall(re.sub(r"\{\w*\}", " ", entry.msgstr)))
    for value in machine_strings():
        words |= set(WORD.findall(value))
    return {w.lower() for w in words}


def output_problems(site: Path, relative: Path, allowed: set[str], quoted: list[str] = ()) -> list[str]:
    """What the Spanish output blocks of one page show that is English; ``quoted`` are the
    system's strings, whose numbers are the system's and are not checked."""
    english, spanish = output_blocks(site / "en" / relative), output_blocks(site / "es" / relative)
    if len(english) != len(spanish):
        return [f"{len(english)} output blocks in English, {len(spanish)} in Spanish"]
    english_words = {w.lower() for block in english for w in WORD.findall(block)}
    problems = []
    for block in spanish:
        left = sorted({w for w in WORD.findall(block) if w.lower() in english_words - allowed})
        if left:
            problems.append(f"English words {left[:8]} in: {block.splitlines()[0][:80]!r}")
        numbers = VERSION.sub(" ", functools.reduce(lambda text, q: text.replace(q, " "), quoted, block))
        for rule, what in ((ENGLISH_DECIMAL, "a decimal point"), (UNGROUPED, "five digits ungrouped"),
                           (GROUPED_FOUR, "four digits grouped")):
            if found := rule.search(numbers):
                line = numbers[numbers.rfind("\n", 0, found.start()) + 1:].split("\n")[0]
                problems.append(f"{what} ({found[0]!r}) in: {line[:80]!r}")
    return problems


def test_spanish_script_output_is_spanish(site):
    relatives = [p for p in pages(site) if p.parts[0] in ("auto_gallery", "auto_lab")
                 and output_blocks(site / "en" / p)]
    assert len(relatives) >= 8, f"gallery and lab pages with output: {relatives}"
    allowed, quoted = allowed_words(), machine_strings()
    report = {str(p): d for p in relatives if (d := output_problems(site, p, allowed, quoted))}
    assert not report, "\n".join(f"{p}: {'; '.join(d)}" for p, d in report.items())


ENGLISH_GROUPED_FOUR = re.compile(r"(?<![\d,.])\d,\d{3}(?!\d|,\d{3})")  # 1,024, not 1024


def test_english_numbers_group_from_five_digits(site):
    """The English edition writes a four-digit number as its formulas and code do (1024), in
    the script output and in the measured values of the pages."""
    from bs4 import BeautifulSoup

    problems = []
    for relative in pages(site):
        path = site / "en" / relative
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        texts = [pre.get_text() for block in soup.select(".sphx-glr-script-out") for pre in block.select("pre")]
        texts += [span.get_text() for span in soup.select("span.measured")]
        for text in texts:
            if found := ENGLISH_GROUPED_FOUR.search(text):
                problems.append(f"{relative}: {found[0]!r} in {text[max(0, found.start() - 40):found.end() + 20]!r}")
    assert not problems, "four digits grouped in English:\n" + "\n".join(problems[:20])
