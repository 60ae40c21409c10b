"""No English on a Spanish page, no Spanish on an English one: every string a reader meets.

In the browser, every page of each edition gives up its reader-facing strings: the text
outside code and formulas and the comments inside code (hidden menus included: a screen
reader reads them), the page
title and description, and the ``alt``, ``title``, ``aria-label``, ``placeholder`` and
``tooltip`` attributes.  The Spanish figures' SVG text is read from the files.  Each string
is searched for common words of the other language; names that are the same in both
languages are allowed, and listed here for review.  The API signatures are code, but the
keyword that names an object's kind (``class``, ``property``) is read as a word.

The Spanish edition also speaks in one voice: the reader is *tú* (no *usted*), the words the
glossary (``tools/glossary/es.csv``) rejects appear nowhere (not only in the catalogues the
guard reads, but in everything a page shows), the loanwords it writes in italics are in
italics wherever a reader meets them, and no number is written with digits before «mil
millones».  The messages that JavaScript writes are searched too: the search page's, after a
search, and the link that hides the matches on a page opened from its results.  And the
translation status table tells every page apart.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from browser import CHROMIUM, launch, serve
from helpers import LANGUAGES, ROOT
from playwright.sync_api import sync_playwright

# Words that only the other language uses (short function words and interface words).
FOREIGN = {
    "es": {"the", "and", "of", "to", "with", "this", "that", "is", "are", "for", "from", "on",
           "search", "link", "page", "next", "previous", "source", "download", "copy", "show",
           "hide", "menu", "toggle", "section", "navigation", "skip", "back", "top",
           "contents", "close", "heading", "light", "dark", "created", "using", "built",
           "theme", "copyright", "authors", "results", "found", "please", "enable", "time",
           "times", "by", "at", "per", "each", "when", "which", "loop", "rows", "threads",
           "module", "optional", "class", "property", "code", "formula", "table"},
    "en": {"el", "los", "las", "del", "que", "para", "con", "una", "por", "según", "también",
           "página", "siguiente", "anterior", "buscar", "enlace", "sección", "descargar",
           "código", "este", "esta", "cada", "veces", "hilos", "filas", "mediana", "tiempo"},
}
# Names and terms that are written the same in both editions (reviewed).  Identifiers
# (``lookup_by_index``) are code, and skipped as such.
ALLOWED = {"Español", "English"}
# Words of the other register: the Spanish edition addresses the reader as tú.
FORMAL = {"es": {"usted", "ustedes", "asegúrese", "favor"}, "en": set()}
GLOSSARY = ROOT / "tools" / "glossary" / "es.csv"
#: a word the glossary writes in italics (``*one-hot*``), or a foreign name of several words
ITALIC_WORD = re.compile(r"\*([^\W\d_][\w-]*(?: [^\W\d_][\w-]*)*)\*")
#: digits before «mil millones»: Spanish counts such numbers in millions (2100 millones)
DIGITS_BEFORE_MIL_MILLONES = re.compile(r"[0-9][0-9\s,]*\smil\s+millones", re.IGNORECASE)
STRINGS_JS = """() => {
    // Code, formulas, API signatures and parameter names, and the translator's glossary
    // table (which shows both languages on purpose) are not prose; a signature's keyword
    // (class, property) is.  Text in English on purpose (lang="en") or in italics is
    // reported apart, for the italics check.
    const skip = 'pre, code, kbd, samp, script, style, noscript, math, .math, svg, .sig, ' +
                 '.field-list strong, .bilingual';
    const skipped = (el) => el.closest(skip) && !el.closest('.sig .k');
    const out = [document.title];
    const upright = [];
    const meta = document.querySelector('meta[name="description"]');
    if (meta) out.push(meta.content);
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (!n.data.trim() || skipped(n.parentElement)) continue;
        out.push(n.data);
        if (!n.parentElement.closest('em, i, [lang="en"]')) upright.push(n.data);
    }
    // Code is skipped, but not its comments, which are shown in the reader's language.
    for (const el of document.body.querySelectorAll('pre .c, pre .c1, pre .cm, pre .cs')) {
        if (el.textContent.trim().startsWith('#')) out.push(el.textContent);
    }
    // A box of code or a formula is skipped for its text, not for its own name (a region's label).
    for (const el of document.body.querySelectorAll('[alt], [title], [aria-label], [placeholder], [tooltip]')) {
        if (skipped(el) && !(el.getAttribute('role') === 'region' && !skipped(el.parentElement))) continue;
        for (const a of ['alt', 'title', 'aria-label', 'placeholder', 'tooltip']) {
            const v = el.getAttribute(a);
            if (v) out.push(v);
        }
    }
    return {strings: out, upright: upright};
}"""
# The search page after a search: its title and the status line that JavaScript writes.
SEARCHES = {"en": "matrix", "es": "matriz"}
NO_MATCH = "qzxqzxq"
WORD = re.compile(r"[\w'’-]+")


def foreign_words(strings: list[str], language: str) -> list[str]:
    """The strings that contain a word of the other language (with that word)."""
    found = []
    for text in strings:
        words = {part for w in WORD.findall(text)
                 if w not in ALLOWED and "_" not in w and not any(c.isdigit() for c in w)
                 for part in re.split(r"[-'’]", w)}
        bad = sorted({w for w in words if w.lower() in FOREIGN[language] | FORMAL[language]})
        if bad:
            found.append(f"{bad}: {' '.join(text.split())[:120]!r}")
    return found


@pytest.fixture(scope="module")
def strings(site):
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make browser installs it)")
    collected = {}
    with serve(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        for language in LANGUAGES:
            for path in sorted((site / language).rglob("*.html")):
                relative = path.relative_to(site / language).as_posix()
                page.goto(f"{base}/{language}/{relative}", wait_until="load")
                collected[language, relative] = page.evaluate(STRINGS_JS)
        for language in LANGUAGES:
            # the messages the search page writes (not its results: excerpts of pages, code
            # included), then a page opened after a search, which offers to hide the matches
            for query in (SEARCHES[language], NO_MATCH):
                page.goto(f"{base}/{language}/search.html?q={query}", wait_until="load")
                summary = page.wait_for_selector("#search-results .search-summary:not(:empty)")
                collected[language, f"search.html?q={query}"] = {
                    "strings": [page.inner_text("#search-results h2"), summary.inner_text()],
                    "upright": []}
            page.evaluate("() => localStorage.clear()")
            page.goto(f"{base}/{language}/glossary.html?highlight={SEARCHES[language]}", wait_until="load")
            page.wait_for_selector(".highlight-link")
            collected[language, "glossary.html after a search"] = page.evaluate(STRINGS_JS)
        browser.close()
    return collected


def of_language(strings: dict, language: str, kind: str = "strings") -> list[tuple[str, list[str]]]:
    return [(page, found[kind]) for (lang, page), found in sorted(strings.items()) if lang == language]


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_word_of_the_other_language(strings, language):
    report = []
    for page, texts in of_language(strings, language):
        report += [f"{page}: {leak}" for leak in foreign_words(texts, language)]
    assert not report, f"{len(report)} string(s):\n" + "\n".join(report)


def glossary() -> list[dict[str, str]]:
    with GLOSSARY.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def rejected_renderings(strings: list[str]) -> list[str]:
    """The strings that use a rendering the glossary rejects (with the preferred one); a
    name of the code (``mmref.flops.matmul``, ``array_like``) is no rendering."""
    found = []
    for row in glossary():
        for rejected in filter(None, (r.strip() for r in row["rejected"].split("|"))):
            pattern = re.compile(rf"(?<![\w.]){re.escape(rejected)}(?!\w|\.\w)", re.IGNORECASE)
            found += [f"{rejected!r} (write {row['spanish']!r}): {' '.join(text.split())[:120]!r}"
                      for text in strings if pattern.search(text)]
    return found


def loanwords() -> re.Pattern[str]:
    """The words the glossary writes in italics, and their plurals in -s."""
    words = {w for row in glossary() for w in ITALIC_WORD.findall(row["spanish"])}
    assert {"kernel", "softmax", "doctest", "one-hot"} <= words, words
    # a word, not part of a name of the code (mmref.kernels, one_hot)
    alternatives = "|".join(r"\s+".join(map(re.escape, w.split())) for w in words)
    return re.compile(rf"(?<![\w.-])(?:{alternatives})s?(?![\w-]|\.\w)", re.IGNORECASE)


def upright_loanwords(strings: list[str], pattern: re.Pattern[str]) -> list[str]:
    return [f"{sorted(set(pattern.findall(t)))}: {' '.join(t.split())[:120]!r}"
            for t in strings if pattern.search(t)]


def test_spanish_uses_the_glossary_words(strings, site):
    report = []
    for page, texts in of_language(strings, "es"):
        report += [f"{page}: {problem}" for problem in rejected_renderings(texts)]
    for svg in sorted((site / "es" / "_images").glob("*.es.svg")):
        texts = re.findall(r"<text\b[^>]*>(.*?)</text>", svg.read_text(encoding="utf-8"), re.S)
        report += [f"{svg.name}: {problem}" for problem in rejected_renderings(texts)]
    assert not report, f"{len(report)} string(s):\n" + "\n".join(report)


def test_spanish_loanwords_are_in_italics(strings):
    pattern = loanwords()
    report = []
    for page, texts in of_language(strings, "es", "upright"):
        report += [f"{page}: {problem}" for problem in upright_loanwords(texts, pattern)]
    assert not report, f"{len(report)} text(s) not in italics:\n" + "\n".join(report)


def test_spanish_large_numbers_are_counted_in_millions(strings):
    report = [f"{page}: {m[0]!r}" for page, texts in of_language(strings, "es")
              for text in texts for m in DIGITS_BEFORE_MIL_MILLONES.finditer(text)]
    assert not report, "write 2100 millones, not 2,1 mil millones:\n" + "\n".join(report)


@pytest.mark.parametrize("language", LANGUAGES)
def test_status_rows_are_told_apart(site, language):
    """Two pages may share a title (a gallery section and its theory page): each row of the
    translation status table still reads differently."""
    html = (site / language / "translation-status.html").read_text(encoding="utf-8")
    table = html[html.index('<table class="translation-status'):html.index("</table>")]
    rows = [" ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<tr[^>]*>\s*<td[^>]*>(.*?)</td>", table, re.S)]
    assert len(rows) > 10
    twice = sorted({row for row in rows if rows.count(row) > 1})
    assert not twice, f"rows that read the same: {twice}"


def test_spanish_figures_have_no_english(site):
    report = []
    for svg in sorted((site / "es" / "_images").glob("*.es.svg")):
        texts = re.findall(r"<text\b[^>]*>(.*?)</text>", svg.read_text(encoding="utf-8"), re.S)
        report += [f"{svg.name}: {leak}" for leak in foreign_words(texts, "es")]
    assert not report, "\n".join(report)


def test_the_check_finds_english_in_spanish():
    assert foreign_words(["Busca en la documentación", "Search the docs"], "es") == [
        "['Search', 'the']: 'Search the docs'"]
    assert foreign_words(["Lee la página siguiente"], "en")
    assert foreign_words(["Por favor, asegúrese de que", "Comprueba que"], "es") == [
        "['asegúrese', 'favor']: 'Por favor, asegúrese de que'"]


def test_the_checks_find_the_glossary_words_italics_and_numbers():
    assert rejected_renderings(["un array de ceros", "un arreglo de ceros", "array_like",
                                "mmref.flops.matmul", "unos FLOPs."]) == [
        "'FLOPs' (write 'FLOP'): 'unos FLOPs.'", "'array' (write 'arreglo'): 'un array de ceros'"]
    assert upright_loanwords(["la función softmax", "los kernels.", "un núcleo", "mmref.kernels",
                              "mmref.embedding.one_hot"], loanwords()) == [
        "['softmax']: 'la función softmax'", "['kernels']: 'los kernels.'"]
    assert upright_loanwords(["BLAS (Basic Linear Algebra\nSubprograms)"], loanwords()) == [
        "['Basic Linear Algebra\\nSubprograms']: 'BLAS (Basic Linear Algebra Subprograms)'"]
    assert [m[0] for m in DIGITS_BEFORE_MIL_MILLONES.finditer(
        "unos mil millones de veces y unos 2,1 mil millones; 2100 millones")] == ["2,1 mil millones"]


def test_the_check_reads_the_names_of_code_boxes_and_formulas(tmp_path):
    """A box of code or a formula is skipped for its text, yet its name is read."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make browser installs it)")
    (tmp_path / "page.html").write_text(
        '<html lang="es"><body><p>Una tabla</p>'
        '<pre tabindex="0" role="region" aria-label="Code">the code</pre>'
        '<div class="math" tabindex="0" role="region" aria-label="Formula"><math><mi>x</mi></math></div>'
        '<div class="pst-scrollable-table-container" tabindex="0" role="region" aria-label="Table">'
        '<table><tr><td>1</td></tr></table></div></body></html>', encoding="utf-8")
    with serve(tmp_path) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page()
        page.goto(f"{base}/page.html")
        found = page.evaluate(STRINGS_JS)["strings"]
        browser.close()
    assert foreign_words(found, "es") == ["['Code']: 'Code'", "['Formula']: 'Formula'", "['Table']: 'Table'"]
