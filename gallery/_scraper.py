"""The site's figure scraper for sphinx-gallery: every figure, in every language, as SVG.

Not an example (its name starts with "_"); conf.py names it by its dotted path,
``"gallery._scraper.svg"`` (a module-level function keeps ``sphinx_gallery_conf``
picklable).

The scripts draw their figures with :func:`mmref.figures.figure`, which remembers how to
redraw a figure in any language.  For each open figure this scraper saves the English
drawing as ``sphx_glr_<script>_00<i>.svg`` and each other language's as
``..._00<i>.<lang>.svg`` (plus the Spanish thumbnail of the first figure), and returns
Sphinx's own ``.. image::`` directive, which ``figure_language_filename`` localises.
(sphinx-gallery's ``image-sg`` copies the file itself and would bypass that.)  The ``alt``
text is the English title; ``_ext/figure_text.py`` translates it on other editions.
"""

import re
from pathlib import Path

import matplotlib.pyplot as plt
from sphinx_gallery.scrapers import figure_rst

from mmref.numbers import LANGUAGES


def _title(fig) -> str:
    if fig._suptitle is not None and fig._suptitle.get_text():
        return fig._suptitle.get_text()
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    return "; ".join(titles)


def svg(block, block_vars, gallery_conf, **kwargs):
    """Save each open figure as SVG in every language; return reST for the English page."""
    paths, titles = [], []
    for number in plt.get_fignums():
        fig = plt.figure(number)
        path = Path(next(block_vars["image_path_iterator"])).with_suffix(".svg")
        redraw = getattr(fig, "redraw", None)
        if redraw is None and "_results" in __import__("sys").modules:  # TEMPORARY: old scripts
            fig.redraw = redraw = lambda lang, fig=fig: fig
        if redraw is None:
            raise RuntimeError(f"{block_vars.get('src_file')}: draw figures with "
                               "mmref.figures.figure(draw) so that every language gets one")
        for lang in LANGUAGES:
            drawn = redraw(lang)
            suffix = "" if lang == "en" else f".{lang}"
            drawn.savefig(path.with_name(f"{path.stem}{suffix}.svg"))
            if lang == "en":
                titles.append(_title(drawn))
            elif path.stem.endswith("_001"):  # the thumbnail is a copy of the first figure
                thumb = path.parent / "thumb" / f"{path.stem[:-4]}_thumb.{lang}.svg"
                thumb.parent.mkdir(parents=True, exist_ok=True)
                drawn.savefig(thumb)
            plt.close(drawn)
        paths.append(path)
    plt.close("all")
    rst = "".join(figure_rst([p], gallery_conf["src_dir"], t) for p, t in zip(paths, titles))
    rst = re.sub(r"^[ \t]*:srcset:.*\n", "", rst, flags=re.MULTILINE)  # image has no srcset
    return rst.replace(".. image-sg::", ".. image::")
