"""No English on a Spanish page, no Spanish on an English one: every string a reader meets.

In the browser, every page of each edition gives up its reader-facing strings: the text
outside code and formulas (hidden menus included: a screen reader reads them), the page
title and description, and the ``alt``, ``title``, ``aria-label``, ``placeholder`` and
``tooltip`` attributes.  The Spanish figures' SVG text is read from the files.  Each string
is searched for common words of the other language; names that are the same in both
languages are allowed, and listed here for review.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from browser import CHROMIUM, launch, serve
from helpers import LANGUAGES
from playwright.sync_api import sync_playwright

# Words that only the other language uses (short function words and interface words).
FOREIGN = {
    "es": {"the", "and", "of", "to", "with", "this", "that", "is", "are", "for", "from", "on",
           "search", "link", "page", "next", "previous", "source", "download", "copy", "show",
           "hide", "menu", "toggle", "section", "navigation", "skip", "back", "top",
           "contents", "close", "heading", "light", "dark", "created", "using", "built",
           "theme", "copyright", "authors", "results", "found", "please", "enable", "time",
           "times", "by", "at", "per", "each", "when", "which", "loop", "rows", "threads",
           "module"},
    "en": {"el", "los", "las", "del", "que", "para", "con", "una", "por", "según", "también",
           "página", "siguiente", "anterior", "buscar", "enlace", "sección", "descargar",
           "código", "este", "esta", "cada", "veces", "hilos", "filas", "mediana", "tiempo"},
}
# Names and terms that are written the same in both editions (reviewed).  Identifiers
# (``lookup_by_index``) are code, and skipped as such.
ALLOWED = {"Español", "English"}
STRINGS_JS = """() => {
    // Code, formulas, API signatures and parameter names, and the translator's glossary
    // table (which shows both languages on purpose) are not prose.
    const skip = 'pre, code, kbd, samp, script, style, noscript, math, .math, svg, .sig, ' +
                 '.field-list strong, .bilingual';
    const out = [document.title];
    const meta = document.querySelector('meta[name="description"]');
    if (meta) out.push(meta.content);
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        if (n.data.trim() && !n.parentElement.closest(skip)) out.push(n.data);
    }
    for (const el of document.body.querySelectorAll('[alt], [title], [aria-label], [placeholder], [tooltip]')) {
        if (el.closest(skip)) continue;
        for (const a of ['alt', 'title', 'aria-label', 'placeholder', 'tooltip']) {
            const v = el.getAttribute(a);
            if (v) out.push(v);
        }
    }
    return out;
}"""
WORD = re.compile(r"[\w'’-]+")


def foreign_words(strings: list[str], language: str) -> list[str]:
    """The strings that contain a word of the other language (with that word)."""
    found = []
    for text in strings:
        words = {part for w in WORD.findall(text)
                 if w not in ALLOWED and "_" not in w and not any(c.isdigit() for c in w)
                 for part in re.split(r"[-'’]", w)}
        bad = sorted({w for w in words if w.lower() in FOREIGN[language]})
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
        browser.close()
    return collected


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_word_of_the_other_language(strings, language):
    report = []
    for (lang, page), texts in sorted(strings.items()):
        if lang == language:
            report += [f"{page}: {leak}" for leak in foreign_words(texts, language)]
    assert not report, f"{len(report)} string(s):\n" + "\n".join(report)


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
