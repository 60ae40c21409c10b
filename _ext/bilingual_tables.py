"""Text in another language than the page's says which language it is in.

A screen reader reads a word in the voice of the page's language unless its element says
otherwise, and a browser hyphenates and spell-checks it by that language too.  The
translator's guide shows words of both languages in both editions, so this extension marks
them:

- the roles ``:en:`` and ``:es:`` set a word or phrase of that language in italics, with the
  class ``language-en`` or ``language-es`` (``:es:`cinco```).  A translation keeps each of
  them, as ``make check-po`` checks for every class of inline markup;
- the body cells of every table with the class ``bilingual`` get the class ``language-en``
  (first column) or ``language-es`` (second); a header cell gets its column's class when it
  names that language in that language ("Español"); in a Spanish cell, a word in italics is
  an English loanword (as Spanish sets foreign words) and is marked ``language-en``.

The HTML writer turns a ``language-xx`` class into the attribute ``lang="xx"``.

>>> node = language_role("es")("es", ":es:`cinco`", "cinco", 1, None)[0][0]
>>> node.astext(), node["classes"]
('cinco', ['language-es'])
"""

from __future__ import annotations

from typing import Any, Callable

from docutils import nodes
from docutils.utils import unescape
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

COLUMN_LANGUAGES = ("en", "es")
#: each column language's name for itself: a header cell that says it is in that language
ENDONYMS = {"en": "English", "es": "Español"}


def language_role(language: str) -> Callable:
    """A role that sets its text in italics, marked as written in ``language``."""

    def role(name, rawtext, text, lineno, inliner, options=None, content=()):
        return [nodes.emphasis(rawtext, unescape(text), classes=[f"language-{language}"])], []

    return role


class MarkColumnLanguages(SphinxTransform):
    default_priority = 800  # after translation, on the text the page shows

    def apply(self, **kwargs: Any) -> None:
        for table in self.document.findall(nodes.table):
            if "bilingual" not in table["classes"]:
                continue
            for head in table.findall(nodes.thead):
                for row in head.findall(nodes.row):
                    for entry, language in zip(row.findall(nodes.entry), COLUMN_LANGUAGES):
                        if entry.astext().strip() == ENDONYMS[language]:
                            entry["classes"].append(f"language-{language}")
            for body in table.findall(nodes.tbody):
                for row in body.findall(nodes.row):
                    for entry, language in zip(row.findall(nodes.entry), COLUMN_LANGUAGES):
                        entry["classes"].append(f"language-{language}")
                        if language == "es":
                            for word in entry.findall(nodes.emphasis):
                                if not any(c.startswith("language-") for c in word["classes"]):
                                    word["classes"].append("language-en")


def setup(app: Sphinx) -> dict[str, Any]:
    for language in COLUMN_LANGUAGES:
        app.add_role(language, language_role(language))
    app.add_transform(MarkColumnLanguages)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
