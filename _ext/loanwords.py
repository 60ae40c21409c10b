"""Unadapted loanwords in italics, everywhere a reader of a translated edition meets them.

A language's glossary (``tools/glossary/<language>.csv``) writes the English words that the
translation keeps unadapted in italics: ``*kernel*``, ``la función *softmax*``, and the
foreign names of several words: ``*Basic Linear Algebra Subprograms*``.  Spanish
typography sets such a word in italics wherever it stands; but Sphinx draws some texts from
titles without their markup (links to a page or a glossary term, the general index, the
gallery's thumbnails), and a translator may forget the asterisks.  On an edition whose
glossary has such words, this extension sets each of them, and its plural in -s, in italics,
marked as English (``lang="en"``, so that a screen reader reads it in that voice):

- in the text of every page (titles included, so the navigation shows them too), outside
  code, formulas, computed values and text already in italics (a loanword already in italics
  is only marked as English), and outside passages shown
  in English (an untranslated paragraph, class ``language-en``) or in both languages (class
  ``bilingual``, such as the translator's glossary table);
- in the link texts Sphinx writes when it resolves references;
- in the entries of the general index, and (through :func:`italic_html`) in the gallery's
  thumbnail titles, which ``gallery_i18n`` writes as HTML.

The English edition has no glossary, and is left as it is.
"""

from __future__ import annotations

import csv
import functools
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from markupsafe import Markup, escape
from sphinx import addnodes
from sphinx.application import Sphinx

#: nodes whose text is code, a formula, a target or already in italics
SKIP_NODES = (nodes.FixedTextElement, nodes.literal, nodes.math, nodes.emphasis, nodes.target,
              nodes.system_message, addnodes.desc_signature, addnodes.literal_strong,
              addnodes.pending_xref)
#: classes of passages left as they are: computed values, English text, both languages
SKIP_CLASSES = {"measured", "language-en", "bilingual"}
#: the language the loanwords come from: the HTML writer turns the class into lang="en", so a
#: screen reader reads them in that language's voice
SOURCE = "en"
LANGUAGE_CLASS = f"language-{SOURCE}"
#: words the glossary writes in italics: ``*one-hot*`` (hyphens allowed), or a foreign name of
#: several words, ``*Basic Linear Algebra Subprograms*``, ``*single instruction, multiple data*``
ITALIC_WORD = re.compile(r"\*([^\W\d_][\w-]*(?:,? [^\W\d_][\w-]*)*)\*")


def glossary_path(srcdir: str | Path, language: str) -> Path:
    return Path(srcdir, "tools", "glossary", f"{language}.csv")


@functools.lru_cache(maxsize=None)
def _pattern(path: Path, mtime: float) -> re.Pattern[str] | None:
    with path.open(encoding="utf-8", newline="") as f:
        words = {word for row in csv.DictReader(f)
                 for word in ITALIC_WORD.findall(row.get("spanish") or "")}
    if not words:
        return None
    # the words of a name may be split across lines in the text
    alternatives = "|".join(r"\s+".join(map(re.escape, w.split()))
                            for w in sorted(words, key=len, reverse=True))
    # a word, not part of a name of the code (mmref.kernels, one_hot, embedding.py)
    return re.compile(rf"(?<![\w.-])(?:{alternatives})s?(?![\w-]|\.\w)", re.IGNORECASE)


def loanword_pattern(srcdir: str | Path, language: str) -> re.Pattern[str] | None:
    """The words the glossary of ``language`` writes in italics, and their plurals; None
    when the language has no glossary or the glossary no such word."""
    path = glossary_path(srcdir, language)
    return _pattern(path, path.stat().st_mtime) if path.is_file() else None


def italic_html(escaped: str, pattern: re.Pattern[str] | None) -> str:
    """HTML-escaped text with its loanwords in ``<em>``.

    >>> italic_html("B&amp;squeda de embeddings", re.compile("embeddings?"))
    'B&amp;squeda de <em lang="en">embeddings</em>'
    """
    return pattern.sub(lambda m: f'<em lang="{SOURCE}">{m[0]}</em>', escaped) if pattern else escaped


def _skipped(node: nodes.Element) -> bool:
    """Whether ``node`` is code, a formula, a value, in italics, English or bilingual text."""
    return (isinstance(node, SKIP_NODES) or bool(SKIP_CLASSES & set(node.get("classes", ())))
            or node.tagname == "code_links_block")  # sphinx-gallery's code, one node a token


def italicize(node: nodes.Element, pattern: re.Pattern[str]) -> None:
    """Set every loanword of the text under ``node`` in italics (an ``emphasis`` node), marked
    as English; mark a loanword the translation already set in italics as English too."""
    for child in list(node.children):
        if isinstance(child, nodes.emphasis) and pattern.fullmatch(child.astext()):
            if not any(c.startswith("language-") for c in child["classes"]):
                child["classes"].append(LANGUAGE_CLASS)
            continue
        if not isinstance(child, nodes.Text):
            if not _skipped(child):
                italicize(child, pattern)
            continue
        parts: list[nodes.Node] = []
        last = 0
        for match in pattern.finditer(child):
            parts += [nodes.Text(child[last:match.start()]),
                      nodes.emphasis(match[0], match[0], classes=[LANGUAGE_CLASS])]
            last = match.end()
        if parts:
            parts.append(nodes.Text(child[last:]))
            node.replace(child, [part for part in parts if part.astext()])


def _language(app: Sphinx) -> str:
    return app.config.language or "en"


def on_doctree_read(app: Sphinx, doctree: nodes.document) -> None:
    """The page's own text, before the titles are collected for the navigation."""
    pattern = loanword_pattern(app.srcdir, _language(app))
    if pattern is not None:
        app.env.note_dependency(str(glossary_path(app.srcdir, _language(app))))
        italicize(doctree, pattern)


def on_doctree_resolved(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The link texts that Sphinx wrote from titles while resolving references."""
    pattern = loanword_pattern(app.srcdir, _language(app))
    if pattern is not None:
        italicize(doctree, pattern)


def on_page_context(app: Sphinx, pagename: str, templatename: str, context: dict,
                    doctree: nodes.Node | None) -> None:
    """The general index: its entries are plain text in the template (escaped there, unless
    they are already markup)."""
    pattern = loanword_pattern(app.srcdir, _language(app))
    if pattern is None or "genindexentries" not in context:
        return

    def name(text: str) -> Markup:
        return Markup(italic_html(str(escape(text)), pattern))

    context["genindexentries"] = [
        (key, [(name(entry), (links, [(name(sub), sub_links) for sub, sub_links in subitems],
                              category))
               for entry, (links, subitems, category) in entries])
        for key, entries in context["genindexentries"]]


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("doctree-read", on_doctree_read, priority=400)  # before the toc collectors (500)
    app.connect("doctree-resolved", on_doctree_resolved, priority=600)  # after gallery_i18n
    app.connect("html-page-context", on_page_context)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
