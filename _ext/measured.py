"""The ``:measured:`` role: quote a number the gallery measured while building this site.

The gallery scripts write ``auto_gallery/results/<script>.json``.  In the text,
``:measured:`plot_01_ladder.gap_1024``` becomes that value, written the way the page's
language writes numbers (three significant digits).  A key that the gallery did not
produce is a build error, so the prose cannot quote a figure that was not measured.
"""

import difflib
import json
from pathlib import Path

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole

from mmref.numbers import format_number

logger = logging.getLogger(__name__)

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
