"""The gallery's printed output in the reader's language.

The gallery runs once, in the English build, and its pages show what each script printed
(literal blocks with the class ``sphx-glr-script-out``).  The scripts print with
:func:`mmref.printout.say`, which records every printed text in every language in
``auto_gallery/results/printed/printed.json``.  On a translated edition this extension
replaces each printed text of those blocks by its recorded translation, and warns (so a
``-W`` build fails) about any line of an output block that no recorded text accounts for:
English output cannot reach a translated page unnoticed.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

from docutils import nodes
from sphinx.util import logging

from mmref.printout import RECORD

logger = logging.getLogger(__name__)
RESULTS = Path("auto_gallery", "results")
OUTPUT_CLASS = "sphx-glr-script-out"


def load(srcdir: str | Path) -> dict[str, dict[str, str]]:
    """Every recorded English text and its translations (empty before the gallery runs)."""
    path = Path(srcdir, RESULTS, RECORD)
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _key(lines: list[str]) -> tuple[str, ...]:
    return tuple(line.strip() for line in lines)


def translate_output(text: str, recorded: dict[str, dict[str, str]], language: str) -> tuple[str, list[str]]:
    """``text`` (one output block) with each recorded English text replaced by its
    ``language`` version, and the lines that no recorded text accounts for.

    Texts are matched line by line, the longest first, ignoring the spaces around each line
    (the page's block is dedented as a whole); the result is dedented the same way.

    >>> recorded = {"76800 rows\\nso": {"es": "76\u202f800 filas\\nasí"}, "so": {"es": "así"}}
    >>> translate_output("76800 rows\\nso\\nso\\nhello", recorded, "es")
    ('76\u202f800 filas\\nasí\\nasí\\nhello', ['hello'])
    """
    table = {_key(english.split("\n")): texts.get(language) for english, texts in recorded.items()}
    longest = max((len(k) for k in table), default=0)
    lines = text.split("\n")
    out, unknown, i = [], [], 0
    while i < len(lines):
        for size in range(min(longest, len(lines) - i), 0, -1):
            found = table.get(_key(lines[i:i + size]))
            if found is not None:
                out.append(found)
                i += size
                break
        else:
            if lines[i].strip():
                unknown.append(lines[i])
            out.append(lines[i])
            i += 1
    return textwrap.dedent("\n".join(out)), unknown


def _is_output(node: nodes.Element) -> bool:
    return any(OUTPUT_CLASS in parent.get("classes", [])
               for parent in (node, node.parent) if isinstance(parent, nodes.Element))


def translate_printed(app, doctree, docname) -> None:
    language = app.config.language or "en"
    if language == "en":
        return
    recorded = app.printed_output
    for block in doctree.findall(nodes.literal_block):
        if not _is_output(block):
            continue
        text, unknown = translate_output(block.astext(), recorded, language)
        if unknown:
            logger.warning("output of a gallery script with no %s text recorded: %r. Print it "
                           "with mmref.printout.say() and translate its messages in "
                           "locale/%s/LC_MESSAGES/figures.po", language, unknown[0], language,
                           location=block)
        block.rawsource = text
        block.children = [nodes.Text(text)]


def load_recorded(app) -> None:
    app.printed_output = load(app.srcdir)  # after the gallery ran (it runs at builder-inited)


def setup(app):
    app.connect("builder-inited", load_recorded, priority=900)
    app.connect("doctree-resolved", translate_printed)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
