"""The general index in the page's language: Sphinx writes the Python domain's module entries
as ``module; name`` in English whatever the language; this rewrites that word with Sphinx's
own translation of it (``módulo`` in Spanish), read from its catalogue."""

from __future__ import annotations

from typing import Any

from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.transforms import SphinxTransform

#: the English words Sphinx hard-codes at the start of index entries
WORDS = ("module",)


class TranslateIndexWords(SphinxTransform):
    """Runs while the page is read, before the index domain collects its entries."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        if (self.config.language or "en") == "en":
            return
        for node in self.document.findall(addnodes.index):
            entries = []
            for kind, text, *rest in node["entries"]:
                first, sep, tail = text.partition(";")
                if kind == "pair" and sep and first.strip() in WORDS:
                    text = f"{_(first.strip())};{tail}"
                entries.append((kind, text, *rest))
            node["entries"] = entries


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_transform(TranslateIndexWords)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
