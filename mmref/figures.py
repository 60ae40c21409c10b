"""Figures in the reader's language: translated text, numbers and tick labels.

A figure is drawn by a function of one argument, ``_``, which translates the figure's text
(``_("matrix size N")``), fills in named values (``_("{rung}: slope {p}", rung=..., p=...)``)
and writes numbers the language's way (``_.number(0.25)``)::

    def draw(_):
        fig, ax = plt.subplots()
        ax.set_xlabel(_("matrix size N"))
        return fig

    fig = figures.figure(draw)

:func:`figure` draws it in the reader's language: the ``MMREF_LANG`` environment variable
(``en`` or ``es``), else the language of the system locale, else English.  It also keeps
``draw``, so that the site's build can draw the same figure in every language.  A script
ends with :func:`show`, which shows its figures to a reader who runs it.  The
translations live in the site's ``figures`` catalogue (``locale/es/LC_MESSAGES/figures.po``,
compiled into this package as ``mmref/locale/es/LC_MESSAGES/figures.mo``).  A translated
text is only ever filled in with named values, never evaluated.
"""

from __future__ import annotations

import gettext
import math
import os
import re
import sys
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
from matplotlib import ticker, transforms
from matplotlib.backends import BackendFilter, backend_registry

from mmref.numbers import LANGUAGES, format_interval, format_number, tick_labels

LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "figures"
_FIELD = re.compile(r"\{(\w*)\}")


def language() -> str:
    """The language figures are drawn in: ``MMREF_LANG``, else the system locale's, else "en".

    >>> import os; os.environ["MMREF_LANG"] = "es"
    >>> from mmref import figures
    >>> figures.language()
    'es'
    >>> del os.environ["MMREF_LANG"]
    """
    wanted = os.environ.get("MMREF_LANG", "")
    if wanted:
        if wanted not in LANGUAGES:
            raise ValueError(f"MMREF_LANG={wanted!r}: use one of {', '.join(LANGUAGES)}")
        return wanted
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        code = os.environ.get(name, "")[:2]
        if code:
            return code if code in LANGUAGES else "en"
    return "en"


def fill(template: str, **values: object) -> str:
    """Replace each ``{name}`` in ``template`` by ``str(values[name])``, and nothing else.

    Unlike :meth:`str.format`, a template cannot reach attributes or items of the values,
    so a translated template is safe to fill.

    >>> from mmref import figures
    >>> figures.fill("gap ×{ratio}", ratio="7210")
    'gap ×7210'
    """

    def value(match: re.Match[str]) -> str:
        if match[1] not in values:
            raise KeyError(f"{template!r} names {{{match[1]}}}, but only {sorted(values)} were given")
        return str(values[match[1]])

    return _FIELD.sub(value, template)


class Text:
    """The text of a figure in one language: call it to translate, ``number`` for numbers."""

    def __init__(self, lang: str):
        if lang not in LANGUAGES:
            raise ValueError(f"no figure text for language {lang!r}; known: {', '.join(LANGUAGES)}")
        self.lang = lang
        catalogue = gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)
        self._gettext = catalogue.gettext
        self._translated = getattr(catalogue, "_catalog", {})
        #: the messages asked for that the catalogue does not translate (shown in English)
        self.missing: list[str] = []

    def __call__(self, message: str, **values: object) -> str:
        """``message`` translated, with its ``{name}`` fields filled in from ``values``."""
        if self.lang != LANGUAGES[0] and message not in self._translated:
            self.missing.append(message)
        return fill(self._gettext(message), **values)

    def number(self, value: float | int, digits: int = 3, decimals: int | None = None) -> str:
        """``value`` written this language's way (see :func:`mmref.numbers.format_number`)."""
        return format_number(value, self.lang, digits, decimals)

    def interval(self, low: float | int, high: float | int, digits: int = 3, decimals: int | None = None,
                 prefix: str = "") -> str:
        """An interval written this language's way (see :func:`mmref.numbers.format_interval`)."""
        return format_interval(low, high, self.lang, digits, decimals, prefix)

    def ticks(self, axis, log: bool = False) -> None:
        """Write ``axis``'s tick labels this language's way (see :func:`mmref.numbers.tick_labels`)."""
        axis.set_major_formatter(_TickFormatter(self.lang, log))
        if log:
            axis.set_minor_locator(ticker.NullLocator())


class _TickFormatter(ticker.Formatter):
    """Matplotlib's hook for :func:`mmref.numbers.tick_labels`: all of an axis's ticks at once."""

    def __init__(self, language: str, log: bool) -> None:
        self.language, self.log = language, log

    def format_ticks(self, values) -> list[str]:
        """Labels for the ticks the axis shows; the locator's ticks beyond its view (a base-2
        axis from 1 to 4096 is also given 0.25) get none, so they cannot add decimals."""
        low, high = sorted(self.axis.get_view_interval()) if self.axis else (-math.inf, math.inf)
        slack = 1e-9 * max(abs(low), abs(high), 1)
        shown = [i for i, v in enumerate(values) if low - slack <= v <= high + slack]
        labels = tick_labels([float(values[i]) for i in shown], self.language, self.log)
        text = [""] * len(values)
        for i, label in zip(shown, labels):
            text[i] = label
        return text

    def __call__(self, x: float, pos: int | None = None) -> str:
        return tick_labels([float(x)], self.language, self.log)[0]


def log_axes(ax, _: Text, x: bool | int = True, y: bool | int = True) -> None:
    """Logarithmic axes whose tick labels are numbers in ``_``'s language.

    ``x=2`` (or ``y=2``) makes a base-2 axis, labelled 16, 32, 64, ...
    """
    for on, axis, set_scale in ((x, ax.xaxis, ax.set_xscale), (y, ax.yaxis, ax.set_yscale)):
        if on:
            set_scale("log", base=2 if on == 2 else 10)
            _.ticks(axis, log=on != 2)
            axis.set_minor_locator(ticker.NullLocator())


def legend_below(ax, **options) -> None:
    """Put ``ax``'s legend below its x axis (tick labels and label), outside the data.

    A legend inside the axes can cover a point that the text quotes, and which point depends
    on the build's measurements; below the axes it covers none.  Call it after the axis
    labels are set; ``options`` go to :meth:`matplotlib.axes.Axes.legend` (``ncols``,
    ``handles``, ...).  With ``layout="constrained"`` the figure makes room for it.

    >>> import matplotlib.pyplot as plt
    >>> from mmref.figures import legend_below
    >>> fig, ax = plt.subplots(layout="constrained")
    >>> _ = ax.plot([1, 2], [1, 4], label="data"); _ = ax.set_xlabel("size")
    >>> legend_below(ax)
    >>> fig.canvas.draw()  # the layout: the legend's top lies below the x label's bottom
    >>> bool(ax.get_legend().get_window_extent().y1 < ax.xaxis.label.get_window_extent().y0)
    True
    >>> plt.close(fig)
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    below_axes = ax.bbox.y0 - ax.xaxis.get_tightbbox(renderer).y0  # pixels under the axes
    offset = transforms.offset_copy(ax.transAxes, fig=fig, units="points",
                                    y=-(below_axes * 72 / fig.dpi + 4))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, 0), bbox_transform=offset, **options)


def fit_titles(fig: plt.Figure) -> None:
    """Wrap each axes title of ``fig`` onto as many lines as it needs to be no wider than its axes.

    Side by side, a title wider than its axes runs into its neighbour's, and how wide a title
    is depends on the language it is drawn in; :func:`figure` calls this on every figure it
    draws.

    >>> import matplotlib.pyplot as plt
    >>> from mmref.figures import fit_titles
    >>> fig, (left, right) = plt.subplots(1, 2, figsize=(6, 3), layout="constrained")
    >>> _ = left.set_title("time per value of k " * 3); _ = right.set_title("slowdown")
    >>> fit_titles(fig)
    >>> left.get_title().count("\\n") >= 1, right.get_title()
    (True, 'slowdown')
    >>> renderer = fig.canvas.get_renderer()
    >>> bool(left.title.get_window_extent(renderer).x1 < right.title.get_window_extent(renderer).x0)
    True
    >>> plt.close(fig)
    """
    fig.draw_without_rendering()  # the layout first: it sets each axes' width
    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        width = ax.get_window_extent(renderer).width

        def fits(line: str) -> bool:
            ax.title.set_text(line)
            return ax.title.get_window_extent(renderer).width <= width

        lines = [part for line in ax.title.get_text().splitlines() for part in wrapped(line, fits)]
        ax.title.set_text("\n".join(lines))


def wrapped(line: str, fits: Callable[[str], bool]) -> list[str]:
    """``line`` cut into lines that ``fits`` accepts: after a comma where it can, else between
    words, never inside ``x = y``; each clause joins the line before it when both fit.

    >>> from mmref.figures import wrapped
    >>> wrapped("Lookup time, n_vocab = 600, D = 64, 9 runs", fits=lambda s: len(s) <= 20)
    ['Lookup time,', 'n_vocab = 600,', 'D = 64, 9 runs']
    """
    lines: list[str] = []
    for clause in re.split(r"(?<=,) ", line):
        if lines and fits(f"{lines[-1]} {clause}"):
            lines[-1] += f" {clause}"
        elif fits(clause):
            lines.append(clause)
        else:
            lines += words(clause, fits)
    return lines


def words(line: str, fits: Callable[[str], bool]) -> list[str]:
    """``line`` cut between words into as few lines as fit, of even lengths, never inside
    ``x = y``.

    >>> from mmref.figures import words
    >>> words("Slowdown of the loop of rank-one updates", fits=lambda s: len(s) <= 30)
    ['Slowdown of the loop', 'of rank-one updates']
    """
    joined = line.replace(" = ", "\N{NO-BREAK SPACE}=\N{NO-BREAK SPACE}")  # textwrap keeps it whole

    def cut(chars: int) -> list[str]:
        return textwrap.wrap(joined, chars, break_on_hyphens=False)

    chars = len(joined)
    while chars > 8 and not all(fits(part) for part in cut(chars)):
        chars -= 1
    count = len(cut(chars))
    while chars > 8 and len(cut(chars - 1)) == count:  # as even as that many lines allow
        chars -= 1
    return [part.replace("\N{NO-BREAK SPACE}", " ") for part in cut(chars)]


def reported(values: Mapping[str, object], key: str) -> bool:
    """Whether ``values`` (a report's machine facts) holds a reported ``key``.

    Facts the system did not report are ``""`` or ``"not_reported"``
    (:func:`mmref.timing.machine_facts`); results written before a fact existed lack it.

    >>> from mmref.figures import reported
    >>> reported({"l2_kib": 1024}, "l2_kib"), reported({"l2_kib": ""}, "l2_kib"), reported({}, "l2_kib")
    (True, False, False)
    """
    return values.get(key, "") not in ("", None, "not_reported")


def cache_size(_: Text, kib: int) -> str:
    """A cache size in KiB, written in MiB from 1 MiB up, in ``_``'s language.

    >>> from mmref.figures import Text, cache_size
    >>> cache_size(Text("en"), 32), cache_size(Text("en"), 32768), cache_size(Text("es"), 1536)
    ('32 KiB', '32 MiB', '1,5 MiB')
    """
    if kib < 1024:
        return _("{size} KiB", size=_.number(kib, decimals=0))
    mib = kib / 1024
    decimals = min(len(f"{mib:g}".partition(".")[2]), 2)  # 32 MiB, 1.5 MiB, 1.25 MiB
    return _("{size} MiB", size=_.number(mib, decimals=decimals))


def per_core(values: Mapping[str, object], level: str) -> bool:
    """Whether cache ``level`` ("l1d", "l2", "l3") serves one physical core only: no more
    logical cores share it than one core runs (:func:`mmref.timing.machine_facts`)."""
    threads = values.get("threads_per_core")
    return reported(values, "threads_per_core") and int(values[f"{level}_shared_by"]) <= int(threads)


def hardware_note(_: Text, values: Mapping[str, object]) -> str:
    """The short note on the hardware a figure's machine line ends with: L2, L3, VM.

    >>> from mmref.figures import Text, hardware_note
    >>> facts = dict(threads_per_core=1, l2_kib=1024, l2_shared_by=1, l3_kib=32768,
    ...              l3_shared_by=2, virtual="virtual")
    >>> hardware_note(Text("en"), facts), hardware_note(Text("es"), facts)
    ('L2 1 MiB/core, L3 32 MiB, VM', 'L2 1 MiB/núcleo, L3 32 MiB, máquina virtual')
    >>> hardware_note(Text("en"), {})
    ''
    """
    parts = []
    if reported(values, "l2_kib"):
        size = cache_size(_, int(values["l2_kib"]))
        parts.append(_("L2 {size}/core", size=size) if per_core(values, "l2") else
                     _("L2 {size} per {count} logical cores", size=size,
                       count=_.number(int(values["l2_shared_by"]))))
    if reported(values, "l3_kib"):
        parts.append(_("L3 {size}", size=cache_size(_, int(values["l3_kib"]))))
    if values.get("virtual") == "virtual":
        parts.append(_("VM"))
    return ", ".join(parts)


def machine_line(fig, _: Text, machine: Mapping[str, object], threads: int | None = None,
                 note: str | None = None) -> None:
    """Name the machine below a figure's axes, as every figure of a timing does.

    ``machine`` holds the ``cpu``, ``cores``, ``numpy`` and ``blas`` a script's
    :class:`mmref.report.Report` recorded, and the cache and hypervisor facts that
    :func:`hardware_note` shortens (those it lacks are left out); ``threads=1`` adds that the
    timings used one BLAS thread.  ``note``, already translated, goes on the line above.
    """
    facts = {key: machine[key] for key in ("cpu", "cores", "numpy", "blas")}
    if threads == 1:
        line = _("Measured on {cpu} (usable logical cores: {cores}), NumPy {numpy}, "
                 "BLAS {blas}, one BLAS thread", **facts)
    else:
        line = _("Measured on {cpu} (usable logical cores: {cores}), NumPy {numpy}, "
                 "BLAS {blas}", **facts)
    hardware = hardware_note(_, machine)
    if hardware:
        line += "\n" + hardware
    fig.supxlabel(line if note is None else f"{note}\n{line}", fontsize="x-small", color="0.3")


def style() -> None:
    """The site's figure defaults: text stays text in SVG, light grid, stable ids."""
    plt.rcParams.update(
        {
            "svg.fonttype": "none",
            "svg.hashsalt": "mmref",
            "figure.figsize": (7.0, 4.2),
            "figure.dpi": 100,
            "axes.grid": True,
            "grid.alpha": 0.3,
            "legend.fontsize": "small",
            "axes.formatter.use_mathtext": False,
            "savefig.bbox": "tight",  # a long label or machine line widens the file, never cut
            "savefig.pad_inches": 0.05,
        }
    )


def figure(draw: Callable[[Text], plt.Figure]) -> plt.Figure:
    """Draw ``draw(_)`` in the reader's language; keep ``draw`` to redraw it in any language.

    The returned figure has a ``redraw(lang)`` method that returns a new figure drawn in
    ``lang``; the site's build uses it to save every language's version.
    """
    style()
    fig = drawn(draw, language())
    fig.redraw = lambda lang: (style(), drawn(draw, lang))[1]
    return fig


def drawn(draw: Callable[[Text], plt.Figure], lang: str) -> plt.Figure:
    """``draw`` in ``lang``; a figure that uses a message ``lang``'s catalogue does not translate
    yet is drawn whole in English, numbers included, not half translated (English words beside
    Spanish decimal commas would misread: 0,346 is 346 to an English reader)."""
    _ = Text(lang)
    fig = draw(_)
    if _.missing:
        plt.close(fig)
        fig = draw(Text(LANGUAGES[0]))
    fit_titles(fig)
    return fig


def show() -> None:
    """Show every open figure; where none can be shown, save each one as a PNG file.

    With a display, the figures open in windows (:func:`matplotlib.pyplot.show`), and in a
    notebook they appear below the cell.  Without one (a server, or ``MPLBACKEND=Agg``:
    matplotlib's non-interactive backends), a window cannot open, so each figure is saved in
    the current folder as ``<script>_<n>.png`` and its name printed.  Call it once, at the
    end of a script.  Nothing is returned, so that a notebook or a gallery page that ends
    with it shows no value.

    >>> import matplotlib.pyplot as plt
    >>> from mmref import figures
    >>> figures.show()  # no figure open: nothing to show or save
    """
    if matplotlib.get_backend().lower() not in backend_registry.list_builtin(BackendFilter.NON_INTERACTIVE):
        plt.show()
        return
    _ = Text(language())
    script = Path(sys.argv[0])
    stem = script.stem if script.suffix == ".py" else "figure"
    for n, number in enumerate(plt.get_fignums(), start=1):
        name = f"{stem}_{n}.png"
        plt.figure(number).savefig(name)
        print(_("figure saved as {name}", name=name))
