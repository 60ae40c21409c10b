"""The two columns of a ``bilingual`` table say which language they are in.

The translator's guide lists each term in English and in Spanish, side by side, in both
editions.  A screen reader reads a word in the voice of the page's language unless its element
says otherwise, so this transform gives the body cells of every table with the class
``bilingual`` the class ``language-en`` (first column) or ``language-es`` (second), which the
HTML writer turns into ``lang`` attributes.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform

COLUMN_LANGUAGES = ("en", "es")


class MarkColumnLanguages(SphinxTransform):
    default_priority = 800  # after translation, on the text the page shows

    def apply(self, **kwargs: Any) -> None:
        for table in self.document.findall(nodes.table):
            if "bilingual" not in table["classes"]:
                continue
            for body in table.findall(nodes.tbody):
                for row in body.findall(nodes.row):
                    for entry, language in zip(row.findall(nodes.entry), COLUMN_LANGUAGES):
                        entry["classes"].append(f"language-{language}")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_transform(MarkColumnLanguages)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
