"""sphinx-gallery's Matplotlib scraper, saving SVG and emitting a plain ``image`` directive.

Not an example (its name starts with "_").  conf.py names it by its dotted path,
``"gallery._scraper.svg"``: a module-level function keeps ``sphinx_gallery_conf``
picklable, which a function defined in conf.py would not be.

Two changes from the stock scraper:

* figures are saved as ``.svg`` (the scripts set ``svg.fonttype = "none"``, so text stays
  text); ``_results.FIG_EXT`` must name the same extension;
* the reST it returns uses Sphinx's own ``.. image::`` instead of sphinx-gallery's
  ``.. image-sg::``.  ``image-sg`` writes its ``<img>`` tag and copies the file itself,
  bypassing Sphinx's image handling, so ``figure_language_filename`` never applies and a
  Spanish build shows the English figure.  With ``.. image::`` the Spanish build picks
  ``sphx_glr_<script>_00<i>.es.svg``, which the scripts save next to the English file.
  ``image-sg`` exists for ``srcset`` (high-DPI PNG variants), which an SVG does not need.
"""

import re

from sphinx_gallery.scrapers import matplotlib_scraper

_SRCSET = re.compile(r"^[ \t]*:srcset:.*\n", re.MULTILINE)


def svg(block, block_vars, gallery_conf, **kwargs):
    """Save each open figure as SVG; return reST that Sphinx localises like any image."""
    rst = matplotlib_scraper(block, block_vars, gallery_conf, format="svg", **kwargs)
    return _SRCSET.sub("", rst).replace(".. image-sg::", ".. image::")
