"""Show readers what is not translated yet, and translators how far each page has come.

An author may land English text before its translation: ``make update-po`` adds it to the
page's ``.po`` file untranslated, and the build shows it in English.  With
``translation_progress_classes`` (Sphinx >= 7.1), Sphinx marks each such node with the class
``untranslated``; on every edition but the English one this extension then

- puts a notice before each untranslated paragraph or block, in the reader's language: the
  message :data:`NOTICE`, translated in the project's interface catalogue
  (``locale/<language>/LC_MESSAGES/sphinx.po``, plain text checked by ``make check-po``) and
  inserted as text, never as markup.  It is ordinary HTML (a paragraph of class
  ``untranslated-notice``), so it shows without JavaScript and on paper;
- marks the untranslated node ``lang="en"`` (docutils writes a ``language-en`` class as the
  ``lang`` attribute), so a screen reader reads it with an English voice; an image whose
  alternative text waits for its translation is marked so too, without a notice.

The ``translation-status`` directive writes a table of each page's progress in one language,
counted from its ``.po`` files with polib once every page is read (a text the page has and its
file lacks counts as untranslated; a page without one has all its texts untranslated): page (its title, linked,
and its ``.po`` file, which tells apart pages of the same title), entries, translated,
fuzzy, untranslated and the translated share in per cent, numbers written the edition's way
(:func:`mmref.numbers.format_number`).  Its content is a bullet list of the six column
headings, so they are translated with the page::

    .. translation-status:: es

       * Page
       * Entries
       * Translated
       * Fuzzy
       * Untranslated
       * Translated (%)

The page is read again when one of the ``.po`` files changes, or one is added or removed.
"""

from __future__ import annotations

import html
import math
from pathlib import Path

import polib
from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation, get_translator
from sphinx.transforms import SphinxTransform
from sphinx.util.docutils import SphinxDirective
from sphinx.util.i18n import docname_to_domain
from sphinx.util.nodes import extract_messages

from mmref.figures import Text, cache_size
from mmref.numbers import format_interval, format_number

_ = get_translation("sphinx")  # the project's sphinx.po comes first in this catalogue
#: The notice's English text (its translations live in each language's ``sphinx.po``).
NOTICE = "This paragraph is not translated yet: it is shown in English."
SOURCE_LANGUAGE = "en"
COLUMNS = 6

# Parents whose children are body elements, where a notice paragraph may be inserted.
BODY_PARTS = (nodes.list_item, nodes.definition, nodes.entry, nodes.field_body, nodes.description,
              nodes.legend)
NOT_BODY = (nodes.TextElement, nodes.Part, nodes.Sequential, nodes.figure, nodes.table,
            nodes.line_block, nodes.Inline)


#: sphinx-design parts whose text is a title, not a body: a notice there would become the title
TITLE_PARTS = ("card-title", "card-header", "card-footer")


def holds_body(parent: nodes.Node | None) -> bool:
    """Whether ``parent`` may hold a paragraph among its children: not a card's title, nor a
    cell of a table's head (a notice there would widen the column or become the title)."""
    if isinstance(parent, nodes.Element) and parent.get("design_component") in TITLE_PARTS:
        return False
    if isinstance(parent, nodes.entry) and any(isinstance(a, nodes.thead) for a in _ancestors(parent)):
        return False
    return isinstance(parent, BODY_PARTS) or (isinstance(parent, nodes.Element)
                                              and not isinstance(parent, NOT_BODY))


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def notice_place(node: nodes.Element) -> tuple[nodes.Element, int] | None:
    """Where the notice of an untranslated ``node`` goes: (parent, index), or None.

    Before the node itself when it is a block; after a section's (or an admonition's) title;
    at the start of a glossary term's definition; otherwise before the nearest enclosing block
    (a figure for its caption, a table for a cell's text).
    """
    parent = node.parent
    if isinstance(node, nodes.title) and isinstance(parent, (nodes.Structural, nodes.Admonition)):
        return parent, parent.index(node) + 1
    if isinstance(node, nodes.term) and isinstance(parent, nodes.definition_list_item):
        definition = next(iter(parent.findall(nodes.definition)), None)
        return (definition, 0) if definition is not None else None
    anchor = node
    while anchor.parent is not None:
        if not isinstance(anchor, (nodes.title, nodes.subtitle, nodes.Structural)) and holds_body(anchor.parent):
            index = anchor.parent.index(anchor)
            if index == 0 and is_dropdown_title(anchor):
                return anchor.parent, 1  # after the title: sphinx-design shows the first child as it
            return anchor.parent, index
        anchor = anchor.parent
    return None


def is_dropdown_title(node: nodes.Node) -> bool:
    """Whether ``node`` is the title of a sphinx-design dropdown (the first child of its
    container, before the dropdown's HTML transform makes it the summary)."""
    parent = node.parent
    return (isinstance(node, nodes.rubric) and isinstance(parent, nodes.container)
            and parent.get("design_component") == "dropdown" and parent.get("has_title", False))


def notice_text() -> str:
    """The notice in the build's language (ui_messages keeps the catalogue's text HTML-escaped;
    the HTML writer escapes the text node again, so it is unescaped here)."""
    return html.unescape(_(NOTICE))


def translated_entries(srcdir: Path, locale_dirs: list[str], language: str,
                       domain: str) -> list[polib.POEntry]:
    """The translated entries of a page's ``.po`` file, in every locale directory (none when
    the page has no catalogue)."""
    entries: list[polib.POEntry] = []
    for directory in locale_dirs:
        path = Path(srcdir, directory, language, "LC_MESSAGES", domain + ".po")
        if path.is_file():
            entries += [e for e in polib.pofile(str(path)) if not e.obsolete and e.msgid and e.translated()]
    return entries


def interface_texts() -> set[str]:
    """Every text of the build language's interface catalogues (the project's ``sphinx.po``,
    then Sphinx's own): labels that extensions write already translated, such as napoleon's
    "Ejemplos", which no page catalogue holds."""
    texts: set[str] = set()
    translator = get_translator("sphinx")
    while translator is not None:
        for value in getattr(translator, "_catalog", {}).values():
            texts.update(value if isinstance(value, tuple) else [value])
        translator = getattr(translator, "_fallback", None)
    return {t for t in texts if t}


def english_in_spanish(node: nodes.Element) -> None:
    """Write the measured numbers of a node shown in English the English way (the role wrote
    them in the edition's language)."""
    for number in node.findall(nodes.inline):
        if "measured" in number.get("classes", ()) and "number" in number:
            text = format_number(number["number"], SOURCE_LANGUAGE, decimals=number.get("decimals"))
            number.clear()
            number += nodes.Text(text)
        elif "measured" in number.get("classes", ()) and "low" in number:
            number.clear()
            number += nodes.Text(format_interval(number["low"], number["high"], SOURCE_LANGUAGE,
                                                 decimals=number.get("decimals")))
        elif "measured" in number.get("classes", ()) and "kib" in number:
            number.clear()
            number += nodes.Text(cache_size(Text(SOURCE_LANGUAGE), number["kib"]))


class UntranslatedNotice(SphinxTransform):
    """Put a notice before each untranslated paragraph or block; mark it as English text.

    The text waits for its translation when the page's ``.po`` file has no translation of it:
    its entry is empty or fuzzy, or missing (deleted, or the whole catalogue is).  Sphinx also
    marks ``untranslated`` what no catalogue could translate because it is already in the
    edition's language (labels that extensions write, such as napoleon's "Ejemplos", which come
    from the interface catalogues) and images whose alternative text *was* translated; those
    get no notice.
    """

    default_priority = 960  # after Sphinx's AddTranslationClasses (950)

    def apply(self, **kwargs) -> None:
        language = self.config.language or SOURCE_LANGUAGE
        if language == SOURCE_LANGUAGE:
            return
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        entries = translated_entries(self.env.srcdir, self.config.locale_dirs, language, domain)
        done = {e.msgid for e in entries} | interface_texts()
        # Sphinx marks an image "untranslated" even when its alternative text was translated:
        # then its text is a published translation
        published = {e.msgstr for e in entries}
        marked = {id(node): node for node, msg in extract_messages(self.document)
                  if msg not in done and "untranslated" in node.get("classes", ())
                  and not isinstance(node, (addnodes.toctree, nodes.meta))
                  and not (isinstance(node, nodes.image) and node.get("alt") in published)}
        noticed: set[int] = set()
        for node in marked.values():
            node["classes"].append(f"language-{SOURCE_LANGUAGE}")
            if isinstance(node, nodes.image):
                continue  # English alternative text: marked lang="en", no notice in the figure
            english_in_spanish(node)
            place = notice_place(node)
            if place is None:
                continue
            parent, index = place
            anchor = parent[index] if index < len(parent) else None
            if anchor is not None and id(anchor) in noticed:
                continue  # the block already has its notice (a list whose item and term wait)
            notice = nodes.paragraph("", "", nodes.Text(notice_text()), classes=["untranslated-notice"])
            parent.insert(index, notice)
            if anchor is not None:
                noticed.add(id(anchor))


# -- the status table ----------------------------------------------------------------------


def catalogues(srcdir: Path, language: str) -> dict[str, Path]:
    """Every ``.po`` file of ``language``, by the docname of its page (``theory/02-solutions``)."""
    messages = Path(srcdir, "locale", language, "LC_MESSAGES")
    return {p.relative_to(messages).with_suffix("").as_posix(): p for p in sorted(messages.rglob("*.po"))}


def progress(entries: list[polib.POEntry]) -> tuple[int, int, int, int]:
    """(entries, translated, fuzzy, untranslated) of a ``.po`` file's live entries."""
    translated = sum(1 for e in entries if e.translated())
    fuzzy = sum(1 for e in entries if e.fuzzy)
    return len(entries), translated, fuzzy, len(entries) - translated - fuzzy


def percent(translated: int, entries: int) -> int:
    """The translated share in whole per cent, rounded down: 100 only when nothing is missing."""
    return 100 if entries == 0 else math.floor(100 * translated / entries)


class TranslationStatus(SphinxDirective):
    """A table of the translation progress of every page in the language given as argument."""

    required_arguments = 1
    has_content = True

    def run(self) -> list[nodes.Node]:
        language = self.arguments[0]
        headings = self.parse_content_to_nodes()
        cells = [p for p in (headings[0].findall(nodes.paragraph) if headings else [])]
        if len(headings) != 1 or not isinstance(headings[0], nodes.bullet_list) or len(cells) != COLUMNS:
            raise self.error(f"translation-status: write the {COLUMNS} column headings as one bullet "
                             "list (page, entries, translated, fuzzy, untranslated, per cent)")
        found = catalogues(self.env.srcdir, language)
        messages = Path(self.env.srcdir, "locale", language, "LC_MESSAGES")
        if not found:
            raise self.error(f"translation-status: no .po files under locale/{language}/LC_MESSAGES")
        edition = self.config.language or SOURCE_LANGUAGE
        rows = []
        for docname in sorted(self.env.found_docs):
            path = found.get(docname, messages / f"{docname}.po")
            link = addnodes.pending_xref("", nodes.inline("", docname), refdomain="std", reftype="doc",
                                         reftarget="/" + docname, refexplicit=False, refwarn=True)
            # the catalogue's path tells apart pages of the same title (a gallery section and
            # its theory page) and names the file a translator edits
            page = [nodes.paragraph("", "", link),
                    nodes.paragraph("", "", nodes.literal("", path.relative_to(messages).as_posix()))]
            if docname in found:
                self.env.note_dependency(path)
            # counted once every page has been read: a text deleted from the catalogue counts
            numbers = [nodes.paragraph("", "", status_count(docname=docname, column=i,
                                                            catalogue=str(path) if docname in found else ""))
                       for i in range(COLUMNS - 1)]
            rows.append([page, *numbers])
        self.env.translation_status_files = getattr(self.env, "translation_status_files", {})
        self.env.translation_status_files[self.env.docname] = (language, sorted(found), sorted(self.env.found_docs))
        return [table([cells, *rows])]


class status_count(nodes.Inline, nodes.TextElement):
    """A count of the status table, written once every page has been read."""


def page_texts(page: nodes.document, language: str, interface: set[str]) -> set[str]:
    """The English texts a page shows untranslated: in the English edition all its messages
    (as the gettext builder extracts them), in a translated one those Sphinx marked
    ``untranslated``; less the labels of the interface catalogues (``interface``)."""
    return {msg for node, msg in extract_messages(page)
            if language == SOURCE_LANGUAGE or "untranslated" in node.get("classes", ())} - interface


def page_counts(page: nodes.document, catalogue: str, language: str,
                interface: set[str]) -> tuple[int, int, int, int, int]:
    """(entries, translated, fuzzy, untranslated, per cent) of one page: from its ``.po`` file,
    plus the texts the page has and the file no longer does (deleted entries count as
    untranslated); a page without a ``.po`` file (``catalogue`` empty) has all its texts
    untranslated, 0 %."""
    if catalogue:
        po = [e for e in polib.pofile(catalogue) if not e.obsolete and e.msgid]
        entries, translated, fuzzy, untranslated = progress(po)
        # an image whose alternative text was translated is marked too: its text is a published msgstr
        deleted = len(page_texts(page, language, interface) - {e.msgid for e in po}
                      - {e.msgstr for e in po if e.translated()})
    else:
        entries = translated = fuzzy = untranslated = 0
        deleted = len({msg for _node, msg in extract_messages(page)} - interface)
    entries, untranslated = entries + deleted, untranslated + deleted
    return entries, translated, fuzzy, untranslated, percent(translated, entries)


def count_status(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Fill the status table's counts (:func:`page_counts`), once every page has been read."""
    edition = app.config.language or SOURCE_LANGUAGE
    cells = list(doctree.findall(status_count))
    if not cells:
        return
    interface, counts = interface_texts(), {}
    for node in cells:
        page = node["docname"]
        if page not in counts:
            counts[page] = page_counts(app.env.get_doctree(page), node["catalogue"], edition, interface)
        node.replace_self(nodes.Text(format_number(counts[page][node["column"]], edition)))


def table(rows: list[list[nodes.Element | list[nodes.Element]]]) -> nodes.table:
    """A table whose first row is the header; numbers right-aligned.  A cell is a node or a
    list of nodes."""
    group = nodes.tgroup(cols=COLUMNS)
    group += [nodes.colspec(colwidth=3 if i == 0 else 1) for i in range(COLUMNS)]
    head, body = nodes.thead(), nodes.tbody()
    for i, cells in enumerate(rows):
        row = nodes.row()
        for j, cell in enumerate(cells):
            row += nodes.entry("", *(cell if isinstance(cell, list) else [cell]),
                               classes=["text-end"] if i and j else [])
        (body if i else head).append(row)
    group += [head, body]
    return nodes.table("", group, classes=["translation-status"])


def outdated(app: Sphinx, env, added, changed, removed) -> list[str]:
    """The status pages whose list of ``.po`` files or of pages changed (a new page, or its
    catalogue)."""
    recorded = getattr(env, "translation_status_files", {})
    return [docname for docname, (language, names, pages) in recorded.items()
            if docname in env.found_docs
            and (sorted(catalogues(app.srcdir, language)) != names or sorted(env.found_docs) != pages)]


def purge(app: Sphinx, env, docname: str) -> None:
    getattr(env, "translation_status_files", {}).pop(docname, None)


def merge(app: Sphinx, env, docnames, other) -> None:
    env.translation_status_files = getattr(env, "translation_status_files", {})
    env.translation_status_files.update(
        {d: v for d, v in getattr(other, "translation_status_files", {}).items() if d in docnames})


def setup(app: Sphinx) -> dict:
    app.add_transform(UntranslatedNotice)
    app.add_directive("translation-status", TranslationStatus)
    app.add_node(status_count)
    app.connect("doctree-resolved", count_status)
    app.connect("env-get-outdated", outdated)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    return {"version": "1.2", "env_version": 3, "parallel_read_safe": True, "parallel_write_safe": True}
