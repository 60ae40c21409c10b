"""The API page's English words in the page's language.

Sphinx's Python domain writes the kind of an object before its signature as a hard-coded
English keyword (``class mmref.timing.Timing``, ``property best``), and napoleon passes a
numpydoc type such as ``int, optional`` on as written, so ``optional`` shows as a type.  On a
translated edition this transform replaces those words with their translation in Sphinx's
catalogue, which the project's ``sphinx.po`` overrides and completes (``class`` is
``clase`` there already; ``optional`` is the project's own entry): the signature reads
``clase mmref.timing.Timing`` and the parameter ``(int, opcional)``.  A word without a
translation stays as it is; type names (``int``, ``ndarray``) are code and are not touched.
"""

from __future__ import annotations

import html
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.locale import _
from sphinx.transforms import SphinxTransform

#: the keywords the Python domain writes before a signature, naming the object's kind
SIGNATURE_WORDS = ("class", "property")
#: the words of a numpydoc type that are no type
TYPE_WORDS = ("optional",)


def translated(word: str) -> str:
    """``word`` in the build's language (the project's messages are kept HTML-escaped in the
    catalogue by ``ui_messages``; the HTML writer escapes the text again)."""
    return html.unescape(_(word))


class TranslateApiWords(SphinxTransform):
    """Runs while the page is read, after the page's own messages are translated."""

    default_priority = 500

    def apply(self, **kwargs: Any) -> None:
        if (self.config.language or "en") == "en":
            return
        for signature in self.document.findall(addnodes.desc_signature):
            for keyword in signature.findall(addnodes.desc_sig_keyword):
                if isinstance(keyword.parent, addnodes.desc_annotation):
                    self.replace(keyword, SIGNATURE_WORDS)
        for field in self.document.findall(nodes.field_body):
            if isinstance(field.parent.parent.parent, addnodes.desc_content):
                for word in field.findall(addnodes.literal_emphasis):
                    self.replace(word, TYPE_WORDS)

    @staticmethod
    def replace(node: nodes.Element, words: tuple[str, ...]) -> None:
        text = node.astext()
        if text in words and len(node.children) == 1 and isinstance(node[0], nodes.Text):
            node[0] = nodes.Text(translated(text))


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_transform(TranslateApiWords)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
