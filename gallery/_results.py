"""Plumbing shared by the gallery scripts; not an example itself (its name starts with "_").

What it does for a script:

* puts the repository root on ``sys.path``, so ``import mmref`` works without installing it;
* ``FAST`` is True when the environment variable ``MMREF_GALLERY_FAST=1`` is set: the
  scripts then use tiny sizes (the tests run them this way);
* :class:`Output` writes the script's measured numbers to
  ``<out>/results/<script stem>.json`` (a flat object, always with ``machine`` and
  ``mode``) and draws each figure twice from one function and two dicts of labels:
  the Spanish variant is saved as ``<out>/images/sphx_glr_<stem>_00<i>.es.svg`` (and the
  first one also as the Spanish thumbnail) and closed at once, so sphinx-gallery's scraper
  never sees it; the English variant is left open for the scraper, which saves it as
  ``sphx_glr_<stem>_00<i>.svg`` (see ``_scraper.py``).  Outside sphinx-gallery the helper
  saves the English file itself, under the same name;
* :func:`log_axes` and :func:`fmt`: log axes with plain-text tick labels (mathtext costs
  seconds per figure here), and numbers written the way each language writes them.

``<out>`` is ``auto_gallery`` at the repository root, or the directory named by the
environment variable ``MMREF_GALLERY_OUT``; the tests point it at a temporary directory so
that they never overwrite the build's results.

sphinx-gallery runs each script with the gallery directory as the working directory and
appends that directory to ``sys.path``, so ``import _results`` works there; ``python
gallery/plot_x.py`` puts the script's directory first on ``sys.path``, so it works there
too.  Neither gives the script a usable ``__file__`` (sphinx-gallery leaves it unset), so
each script passes its own name: ``Output("plot_01_ladder")``.
"""

from __future__ import annotations

import json
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import matplotlib  # noqa: E402

if "sphinx_gallery" not in sys.modules and not os.environ.get("MPLBACKEND"):
    matplotlib.use("Agg")  # a plain run needs no window
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import ticker  # noqa: E402

from mmref.timing import machine_facts, machine_summary  # noqa: E402

FAST = os.environ.get("MMREF_GALLERY_FAST", "") not in ("", "0")
OUT = Path(os.environ.get("MMREF_GALLERY_OUT") or ROOT / "auto_gallery")
#: Must match the scraper's format in conf.py (``sphinx_gallery_conf["image_scrapers"]``).
FIG_EXT = "svg"


def under_sphinx_gallery() -> bool:
    """True while sphinx-gallery is executing the script (its scraper saves the figures)."""
    return "sphinx_gallery.gen_rst" in sys.modules


def style() -> None:
    """Figure defaults for every script (sphinx-gallery resets rcParams before each one)."""
    plt.rcParams.update(
        {
            "svg.fonttype": "none",  # text stays text in the SVG: small, sharp, searchable
            "svg.hashsalt": "mmref",  # stable element ids from one build to the next
            "figure.figsize": (7.0, 4.2),
            "figure.dpi": 100,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "legend.fontsize": "small",
        }
    )


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def _decade(value: float, _pos: object = None) -> str:
    """Label a power of ten: plain for 0.01 to 1000, as 10 with a superscript otherwise."""
    if value <= 0:
        return ""
    exponent = round(math.log10(value))
    if abs(math.log10(value) - exponent) > 1e-6:
        return ""
    if -2 <= exponent <= 3:
        return f"{10.0**exponent:g}"
    return "10" + str(exponent).translate(_SUPERSCRIPT)


def log_axes(ax, x: bool | int = True, y: bool | int = True) -> None:
    """Log scales with tick labels in plain text (10⁻³), not mathtext.

    Matplotlib's default log labels go through mathtext, which costs seconds per figure
    here; pass ``x=2`` for a base-2 axis labelled with plain integers (16, 32, ...).
    """
    for on, axis, set_scale in ((x, ax.xaxis, ax.set_xscale), (y, ax.yaxis, ax.set_yscale)):
        if not on:
            continue
        if on == 2:
            set_scale("log", base=2)
            axis.set_major_formatter(ticker.FuncFormatter(lambda v, _p: f"{v:g}"))
        else:
            set_scale("log")
            axis.set_major_formatter(ticker.FuncFormatter(_decade))
        axis.set_minor_locator(ticker.NullLocator())  # also saves time: no minor ticks


def fmt(value: float, spec: str, text: dict[str, str]) -> str:
    """Format a number for a figure in the language of ``text`` (Spanish: 14 665 and 1,87)."""
    out = format(value, spec)
    if text.get("lang") == "es":
        out = out.replace(",", "\u202f").replace(".", ",")
    return out


class Output:
    """Results and figures of one gallery script, named after the script's file stem."""

    def __init__(self, stem: str):
        if not stem.startswith("plot_"):
            raise ValueError(f"gallery scripts are named plot_*, not {stem!r}")
        self.stem = stem
        self.figures = 0
        self.results: dict[str, float | int | str] = {"machine": machine_summary(), **machine_facts()}
        self.results["mode"] = "fast" if FAST else "full"
        style()

    def image_path(self, index: int, language: str) -> Path:
        """Where figure ``index`` (1-based) of this script lives, in ``language``."""
        suffix = "" if language == "en" else f".{language}"
        return OUT / "images" / f"sphx_glr_{self.stem}_{index:03d}{suffix}.{FIG_EXT}"

    def figure(
        self, draw: Callable[[dict[str, str]], plt.Figure], labels: dict[str, dict[str, str]]
    ) -> plt.Figure:
        """Draw a figure in every language; return the English one, left open for the scraper.

        ``draw(text)`` builds one figure from a dict of strings in one language;
        ``labels`` maps "en" and "es" to such dicts.  ``text["lang"]`` is added for
        :func:`fmt`.
        """
        missing = set(labels["en"]) ^ set(labels["es"])
        if missing:
            raise KeyError(f"labels differ between en and es: {sorted(missing)}")
        self.figures += 1
        (OUT / "images").mkdir(parents=True, exist_ok=True)
        spanish = draw({**labels["es"], "lang": "es"})
        spanish.savefig(self.image_path(self.figures, "es"))
        if self.figures == 1:  # sphinx-gallery's thumbnail is a copy of the first figure
            thumb = OUT / "images" / "thumb" / f"sphx_glr_{self.stem}_thumb.es.{FIG_EXT}"
            thumb.parent.mkdir(parents=True, exist_ok=True)
            spanish.savefig(thumb)
        plt.close(spanish)
        english = draw({**labels["en"], "lang": "en"})
        if not under_sphinx_gallery():
            english.savefig(self.image_path(self.figures, "en"))
        return english

    def record(self, **values: float | int | str) -> None:
        """Add measured numbers (plain Python numbers or strings) to the results."""
        for name, value in values.items():
            if hasattr(value, "item"):  # a NumPy scalar
                value = value.item()
            if not isinstance(value, (int, float, str)):
                raise TypeError(f"{name}={value!r}: results are numbers or strings")
            self.results[name] = value

    def save(self) -> Path:
        """Write the results as one flat JSON object; return its path."""
        path = OUT / "results" / f"{self.stem}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self.results, indent=1, sort_keys=True) + "\n"
        path.write_text(text, encoding="utf-8")
        return path
