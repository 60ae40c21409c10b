"""Display math is not offered for translation, like code and doctest blocks.

Sphinx extracts the TeX of every ``.. math::`` block into the catalogues, and the Spanish
edition would publish whatever formula a translator wrote there.  A formula reads the same in
every language, so this transform marks each display-math node untranslatable before Sphinx
extracts or translates messages (its ``Locale`` transform runs at priority 20).
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.transforms import SphinxTransform


class KeepMathBlocks(SphinxTransform):
    default_priority = 10  # before sphinx.transforms.i18n.Locale

    def apply(self, **kwargs: Any) -> None:
        for node in self.document.findall(nodes.math_block):
            node["translatable"] = False


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_transform(KeepMathBlocks)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
