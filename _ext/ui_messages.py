"""Correct Sphinx's and the theme's interface messages from ``locale/<language>/LC_MESSAGES/sphinx.po``.

Sphinx already prefers a project's ``sphinx.po`` for the messages rendered in HTML, but it
inserts them into the pages unescaped (templates and permalink titles).  A translation is
text, never markup: this extension replaces each of the project's messages in Sphinx's
catalogue by its HTML-escaped text, so ``<``, ``&`` or ``"`` in a translation show as
characters.  The search page's messages come from a JavaScript catalogue shipped with
Sphinx; the project's entries are written as data to ``_static/ui-messages.js``, loaded after
it (the search page inserts them as text).  The plural rule comes from Babel's CLDR data for
the language, never from the catalogue's editable ``Plural-Forms`` header.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import polib
from babel.messages.plurals import get_plural
from sphinx.locale import translators

SPHINX_CATALOGUE = ("general", "sphinx")  # (namespace, catalogue) of Sphinx's and the theme's messages


def catalogue_path(app) -> Path:
    return Path(app.srcdir, "locale", app.config.language or "en", "LC_MESSAGES", "sphinx.po")


def catalogue(app) -> dict | None:
    """The project's messages for the page's JavaScript, with the language's plural rule."""
    path = catalogue_path(app)
    if not path.is_file():
        return None
    messages: dict[str, str | list[str]] = {}
    for entry in polib.pofile(str(path)).translated_entries():
        if entry.msgid_plural:
            messages[entry.msgid] = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
        else:
            messages[entry.msgid] = entry.msgstr
    language = app.config.language or "en"
    # gettext's expression yields 0/1 in C; in JavaScript (n != 1) is a boolean, which is no
    # array index: Number() makes it the form's index, as Sphinx's own catalogues do.
    return {"locale": language, "messages": messages,
            "plural_expr": f"Number({get_plural(language).plural_expr})"}


def escape_catalogue(app) -> None:
    """Make every project message HTML-escaped text in Sphinx's (and the theme's) catalogue."""
    path = catalogue_path(app)
    translator = translators.get(SPHINX_CATALOGUE)
    table = getattr(translator, "_catalog", None)  # gettext.GNUTranslations' message table
    if not path.is_file() or table is None:
        return
    for entry in polib.pofile(str(path)).translated_entries():
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                table[(entry.msgid, int(index))] = html.escape(text)
        else:
            table[entry.msgid] = html.escape(entry.msgstr)


def add_script(app) -> None:
    if app.builder.format == "html" and catalogue(app):
        escape_catalogue(app)
        # conf.py's copyright line is English: the footer shows its translation, if any
        gettext = translators[SPHINX_CATALOGUE].gettext
        app.config.copyright = gettext(app.config.copyright)
        # the theme's search box text is a theme option, not a message: translate its default
        options = app.config.html_theme_options
        options["search_bar_text"] = gettext(options.get("search_bar_text", "Search the docs ..."))
        app.add_js_file("ui-messages.js", priority=600)  # after Sphinx's translations.js


def write_script(app, exception) -> None:
    if exception or app.builder.format != "html":
        return
    data = catalogue(app)
    if data:
        script = f"Documentation.addTranslations({json.dumps(data, ensure_ascii=False, indent=1)});\n"
        Path(app.outdir, "_static", "ui-messages.js").write_text(script, encoding="utf-8")


def setup(app):
    app.connect("builder-inited", add_script)
    app.connect("build-finished", write_script)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
