"""Correct Sphinx's and the theme's interface messages from ``locale/<language>/LC_MESSAGES/sphinx.po``.

Sphinx already prefers a project's ``sphinx.po`` for the messages rendered in HTML, but it
inserts them into the pages unescaped (templates and permalink titles).  A translation is
text, never markup: this extension replaces each of the project's messages in Sphinx's
catalogue by its HTML-escaped text, so ``<``, ``&`` or ``"`` in a translation show as
characters.  The search page's messages come from a JavaScript catalogue shipped with
Sphinx; the project's entries are written as data to ``_static/ui-messages.js``, loaded after
it (the search page inserts them as text); both load right after ``doctools.js``, before the
scripts that show a message (:func:`messages_first`).  Labels that a stylesheet writes (CSS
``content``, such as sphinx-gallery's "Out:") go to ``_static/ui-messages.css`` as strings of
hex escapes only, so no translation can end the string or add a rule.  The plural rule comes
from Babel's CLDR data for the language, never from the catalogue's editable ``Plural-Forms`` header.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

import polib
from babel.messages.plurals import get_plural
from sphinx.builders.html._assets import _JavaScript
from sphinx.locale import translators

SPHINX_CATALOGUE = ("general", "sphinx")  # (namespace, catalogue) of Sphinx's and the theme's messages
#: labels that stylesheets write before an element, and where: sphinx-gallery's stylesheet
#: puts "Out:" before every block of script output
CSS_LABELS = {"Out:": ".sphx-glr-script-out::before"}


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


def css_string(text: str) -> str:
    r"""``text`` as a CSS string made of hex escapes only (``"\00004f..."``).

    >>> css_string('Sal"}')
    '"\\000053\\000061\\00006c\\000022\\00007d"'
    """
    return '"' + "".join(f"\\{ord(c):06x}" for c in text) + '"'


def stylesheet(data: dict) -> str:
    """The CSS rules that write the translated labels of :func:`catalogue`'s ``data`` (empty
    when none is translated)."""
    messages = data["messages"]
    return "".join(f"{selector} {{ content: {css_string(messages[msgid])}; }}\n"
                   for msgid, selector in CSS_LABELS.items()
                   if isinstance(messages.get(msgid), str) and messages[msgid])


def add_script(app) -> None:
    data = catalogue(app) if app.builder.format == "html" else None
    if data:
        if stylesheet(data):
            app.add_css_file("ui-messages.css", priority=900)  # after sphinx-gallery's sheet
        escape_catalogue(app)
        # conf.py's copyright line is English: the footer shows its translation, if any
        gettext = translators[SPHINX_CATALOGUE].gettext
        app.config.copyright = gettext(app.config.copyright)
        # the theme's search box text is a theme option, not a message: translate its default
        options = app.config.html_theme_options
        options["search_bar_text"] = gettext(options.get("search_bar_text", "Search the docs ..."))
        app.add_js_file("ui-messages.js", priority=600)  # after Sphinx's translations.js


#: the scripts that hold the messages, and the script every other one needs first
MESSAGE_SCRIPTS = ("translations.js", "ui-messages.js")
DOCTOOLS = "doctools.js"


def messages_first(app, pagename, templatename, context, doctree) -> None:
    """Load the messages right after ``doctools.js``, before any script that shows one.

    Deferred scripts (``light_pages`` defers them all) run in the page's order once it is
    parsed, and a script's "when the page is ready" then means "now": ``sphinx_highlight.js``
    would write its "Hide Search Matches" link before Sphinx's ``translations.js`` (and this
    extension's ``ui-messages.js``) had given it the translation.
    """
    scripts = [s for s in context.get("script_files") or [] if isinstance(s, _JavaScript)]
    names = [Path(str(s.filename or "")).name for s in scripts]
    if DOCTOOLS not in names or not set(MESSAGE_SCRIPTS) & set(names):
        return
    doctools = scripts[names.index(DOCTOOLS)]
    # Sphinx sorts the scripts by priority (a stable sort) after this event: the messages
    # take doctools.js's priority and follow it
    messages = [_JavaScript(s.filename, priority=doctools.priority, **s.attributes)
                for s, name in zip(scripts, names) if name in MESSAGE_SCRIPTS]
    others = [s for s, name in zip(scripts, names) if name not in MESSAGE_SCRIPTS]
    at = others.index(doctools) + 1
    context["script_files"] = others[:at] + messages + others[at:]


def write_script(app, exception) -> None:
    if exception or app.builder.format != "html":
        return
    data = catalogue(app)
    if data:
        script = f"Documentation.addTranslations({json.dumps(data, ensure_ascii=False, indent=1)});\n"
        Path(app.outdir, "_static", "ui-messages.js").write_text(script, encoding="utf-8")
        rules = stylesheet(data)
        if rules:
            Path(app.outdir, "_static", "ui-messages.css").write_text(rules, encoding="utf-8")


def setup(app):
    app.connect("builder-inited", add_script)
    app.connect("build-finished", write_script)
    app.connect("html-page-context", messages_first, priority=950)  # after light_pages (900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
