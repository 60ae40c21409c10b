"""Gallery index thumbnails in the reader's language.

sphinx-gallery writes each thumbnail of a gallery index as raw HTML: a ``tooltip``
attribute with the first paragraph of the script's docstring, and a title ``<div>``.  The
tooltip repeats the page's first paragraph with its formulas as raw TeX (``v_i^\top``), which
a hover box cannot typeset, so this extension drops it in every edition.  Raw HTML never
reaches the translators' catalogues, so on a translated edition the title is rewritten from
the example page's own catalogue (``locale/<lang>/LC_MESSAGES/auto_gallery/<section>/
<script>.po``): the page's title, stripped of markup the way sphinx-gallery strips it.
Thumbnails are on a gallery's index and on the index of each of its sections
(``auto_gallery/<section>/index``).  The translated title is HTML-escaped before it goes
back into the page, with the glossary's loanwords in italics (:mod:`loanwords`).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import polib
from docutils import nodes
from loanwords import italic_html, loanword_pattern
from sphinx_gallery.gen_rst import _sanitize_rst

TOOLTIP = re.compile(r'tooltip="([^"]*)"')
TITLE = re.compile(r'(<div class="sphx-glr-thumbnail-title">)(.*?)(</div>)', re.S)


def plain(text: str) -> str:
    """Text as sphinx-gallery shows it in a thumbnail: one line, markup removed."""
    return _sanitize_rst(" ".join(text.split()))


def translations(srcdir: str, language: str, gallery: str) -> dict[str, str]:
    """Plain English text -> plain translated text, from every example page's catalogue."""
    found = {}
    for path in sorted(Path(srcdir, "locale", language, "LC_MESSAGES", gallery).rglob("*.po")):
        for entry in polib.pofile(str(path)).translated_entries():
            if not entry.fuzzy:
                found[plain(entry.msgid)] = plain(entry.msgstr)
    return found


def translate_thumbnails(app, doctree, docname) -> None:
    language = app.config.language or "en"
    galleries = app.config.sphinx_gallery_conf.get("gallery_dirs", [])
    galleries = [galleries] if isinstance(galleries, str) else galleries
    gallery = next((g for g in galleries
                    if docname.startswith(f"{g}/") and docname.endswith("/index")), None)
    if gallery is None:
        return
    translated = language != "en"
    table = translations(app.srcdir, language, gallery) if translated else {}
    loanwords = loanword_pattern(app.srcdir, language) if translated else None

    def title(match: re.Match[str]) -> str:
        text = table.get(plain(html.unescape(match[2])))
        if not text:
            return match[1] + html.escape(html.unescape(match[2])) + match[3]
        return match[1] + italic_html(html.escape(text), loanwords) + match[3]

    for raw in doctree.findall(nodes.raw):
        if "html" in raw.get("format", "").split():
            rewritten = TOOLTIP.sub("", raw.astext())
            if translated:
                rewritten = TITLE.sub(title, rewritten)
            raw.children = [nodes.Text(rewritten)]

def setup(app):
    app.connect("doctree-resolved", translate_thumbnails)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
