"""Correct Sphinx's own interface messages from ``locale/<language>/LC_MESSAGES/sphinx.po``.

Sphinx already prefers a project's ``sphinx.po`` for the messages rendered in HTML.  The
search page's messages, however, come from a JavaScript catalogue shipped with Sphinx, and
Sphinx 9's Spanish one leaves "Search finished, found N pages" empty.  This extension
writes the project's own entries as ``_static/ui-messages.js``, loaded after Sphinx's
catalogue, so translators fix both sides in the same ``.po`` file.
"""

import json
import re
from pathlib import Path

import polib


def catalogue(app) -> dict | None:
    path = Path(app.srcdir, "locale", app.config.language or "en", "LC_MESSAGES", "sphinx.po")
    if not path.is_file():
        return None
    po = polib.pofile(str(path))
    messages = {}
    for entry in po.translated_entries():
        if entry.msgid_plural:
            messages[entry.msgid] = [entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural)]
        else:
            messages[entry.msgid] = entry.msgstr
    plural = re.search(r"plural=\((.*)\);?", po.metadata.get("Plural-Forms", ""))
    return {"locale": app.config.language, "messages": messages,
            "plural_expr": plural.group(1) if plural else "n == 1 ? 0 : 1"}


def add_script(app) -> None:
    if app.builder.format == "html" and catalogue(app):
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
