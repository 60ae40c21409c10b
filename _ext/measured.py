"""The ``:measured:`` role: quote a number the gallery measured while building this site.

The gallery scripts write ``auto_gallery/results/<script>.json``.  In the text,
``:measured:`plot_01_ladder.gap_1024``` becomes that value, written the way the page's
language writes numbers (three significant digits).  A key that the gallery did not
produce is a build error, so the prose cannot quote a figure that was not measured.
"""

import difflib
import json
import math
from pathlib import Path

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

logger = logging.getLogger(__name__)

# Thousands separator and decimal mark per language (Spanish: RAE/ISO, 76 800 and 2,1).
SEPARATORS = {"en": (",", "."), "es": ("\u202f", ",")}


def format_number(value: float, language: str = "en", digits: int = 3) -> str:
    """``value`` rounded to ``digits`` significant digits, written the language's way.

    Integers (counts such as a number of rows or threads) are written in full.

    >>> format_number(76800), format_number(76800, "es")
    ('76,800', '76\u202f800')
    >>> format_number(14283.19), format_number(2.0974, "es"), format_number(0.01234)
    ('14,300', '2,10', '0.0123')
    >>> format_number(7212.0, "es")  # Spanish leaves four-digit numbers ungrouped
    '7210'
    """
    group, decimal = SEPARATORS.get(language, SEPARATORS["en"])
    if isinstance(value, int):
        text = f"{value:,}"
    elif value == 0 or not math.isfinite(value):
        text = f"{value:g}"
    else:
        places = digits - 1 - math.floor(math.log10(abs(value)))
        text = f"{round(value, places):,.{max(places, 0)}f}"
    whole, _, frac = text.partition(".")
    if language == "es" and len(whole.lstrip("-").replace(",", "")) <= 4:
        whole = whole.replace(",", "")
    whole = whole.replace(",", group)
    return whole + (decimal + frac if frac else "")


def load_results(app) -> None:
    results = {}
    for path in sorted(Path(app.srcdir, "auto_gallery", "results").glob("*.json")):
        for key, value in json.loads(path.read_text(encoding="utf-8")).items():
            results[f"{path.stem}.{key}"] = (value, str(path))
    app.env.measured_results = results


class MeasuredRole(SphinxRole):
    def run(self):
        key = self.text.strip()
        results = getattr(self.env, "measured_results", {})
        if key not in results:
            close = difflib.get_close_matches(key, results, n=3)
            msg = (
                f"no measured value {key!r}: the gallery did not write it. Fix the key"
                f"{' (did you mean ' + ', '.join(close) + '?)' if close else ''}, or re-run the "
                f"gallery if a script now writes it (make clean-gallery html)"
            )
            logger.warning(msg, location=self.get_location())
            return [nodes.problematic(self.rawtext, self.rawtext)], []
        value, source = results[key]
        self.env.note_dependency(source)  # re-read this page when the gallery re-measures
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = format_number(value, self.config.language or "en")
        node = nodes.inline(self.rawtext, str(value), classes=["measured"])
        return [node], []


def setup(app):
    # After sphinx-gallery (priority 500) has run the scripts.
    app.connect("builder-inited", load_results, priority=900)
    app.add_role("measured", MeasuredRole())
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
