"""
Lab 01: the performance gap on your own machine
===============================================

The :ref:`performance section <performance-gap>` of the theory page quotes the timing of one matrix product
four ways, from three Python loops to ``A @ B``, on the machine that built this site. This lab
times the same four rungs on yours, in about a minute, and prints your ladder beside the
site's.

What to install
---------------

Python ``3.11`` or later, with NumPy, Matplotlib and ``mmref``, the site's reference package.
Download the wheel `mmref-0.1.0-py3-none-any.whl <../wheel/mmref-0.1.0-py3-none-any.whl>`_
from the site and, in the folder where you saved it, create a virtual environment and install
the three:

.. code-block:: console

   $ python -m venv lab-env
   $ source lab-env/bin/activate
   $ python -m pip install numpy matplotlib mmref-0.1.0-py3-none-any.whl

(On Windows, activate it with ``lab-env\\Scripts\\activate``. Where the first command finds no
``python``, write ``python3`` in it; inside the environment, ``python`` is there.)

What to run
-----------

Save this lab's script or notebook (both are offered at the bottom of its page on the site)
and the site's own ladder, :download:`plot_01_ladder.json
</auto_gallery/results/plot_01_ladder.json>`, in the same folder. Then run the script: it
prints your ladder beside the site's and opens its figure in a window (without a display, it
saves the figure as ``lab_01_gap_1.png`` instead).

.. code-block:: console

   $ python lab_01_gap.py

Or run the notebook. Two more packages, in the same environment, execute it and turn it into
a web page, ``lab_01_gap.html``, with what each cell printed and drew below it; open that
file in your browser.

.. code-block:: console

   $ python -m pip install nbconvert ipykernel
   $ jupyter nbconvert --to html --execute lab_01_gap.ipynb

Two environment variables change what the script and the notebook do. ``MMREF_QUICK=1`` runs
them with tiny sizes, in seconds, to check that everything is installed. ``MMREF_LANG``, ``en``
or ``es``, sets the language of everything they print (the machine line, the tables and the
messages) and of the figure's text, numbers included. Without it, the first of ``LC_ALL``,
``LC_MESSAGES`` and ``LANG`` that is set decides: a value that starts with ``es``, such as
``es_ES.UTF-8``, gives Spanish, any other value English; with none set, English. For example,
``MMREF_QUICK=1 MMREF_LANG=es python lab_01_gap.py``.

On the site, this page shows what the script printed and drew on the machine that built the
site, whose own ladder comes from the gallery's first example, :doc:`From Python loops to BLAS
</auto_gallery/02-matmul-as-composition/plot_01_ladder>`.
"""

# %%
# Sizes and inputs
# ----------------
# The ladder is timed at four sizes, up to N = 1024, where the site quotes its gap. The
# triple loop is too slow to finish there in a minute, so above N = 128 it is estimated:
# a few rows of C are computed with all of B and the time is scaled up
# (:func:`mmref.ladder.estimate_rung`). The loop over k is estimated the same way above
# N = 256, from some of its N steps. Each timing is repeated. The table below gives each
# median with its 95 % interval (:func:`mmref.stats.median`); the figure gives each median
# with whiskers from the fastest to the slowest run, which show the spread of the runs
# rather than an interval for the median.

import json
import os
from pathlib import Path
from typing import NamedTuple

import matplotlib.pyplot as plt
import numpy as np

from mmref import figures, flops, ladder, report, stats
from mmref.printout import machine, say, table, threads_verdict
from mmref.timing import machine_facts, run_counts, usable_cores

here = machine_facts()
say(lambda _: machine(_, here))

QUICK = report.quick()  # MMREF_QUICK=1: tiny sizes, to check the set-up
SIZES = [16, 32, 64] if QUICK else [128, 256, 512, 1024]
FULL_LIMIT = {"naive": 32 if QUICK else 128, "kloop": 64 if QUICK else 256}
ROWS, STEPS = 4, (16 if QUICK else 64)  # rows of C, steps over k, timed for an estimate
REPEAT, MIN_TIME = (3, 0.001) if QUICK else (7, 0.05)
rng = np.random.default_rng(0)

# %%
# Timing the four rungs
# ---------------------
# ``timings[rung][n]`` keeps every run, in seconds per product, so that the medians and
# their intervals come from the same data as the figure.

timings = {rung: {} for rung in ladder.RUNGS}
estimated = {rung: [] for rung in ladder.RUNGS}
for n in SIZES:
    a, b = ladder.inputs(n, rng)
    for rung in ladder.RUNGS:
        if n > FULL_LIMIT.get(rung, n):
            part = ROWS if rung == "naive" else STEPS
            timings[rung][n] = ladder.estimate_rung(rung, a, b, part=part, repeat=REPEAT)
            estimated[rung].append(n)
        else:
            timings[rung][n] = ladder.time_rung(rung, a, b, repeat=REPEAT, min_time=MIN_TIME)

N = SIZES[-1]
medians = {rung: stats.median(timings[rung][N].runs) for rung in ladder.RUNGS}

# %%
# The same product in float64
# ---------------------------
# The triple loop computes in float64 (Python floats), the other rungs in float32. To see
# what the precision alone does to BLAS, ``A @ B`` on one thread is timed once more, at
# N = 1024 (or the largest size), on the same matrices converted to float64 (``a`` and ``b``
# are still those of the last size timed above).

blas1_float64 = ladder.time_rung("blas1", a.astype(np.float64), b.astype(np.float64),
                                 repeat=REPEAT, min_time=MIN_TIME)
precision = stats.ratio(blas1_float64.runs, timings["blas1"][N].runs)

# %%
# The site's ladder
# -----------------
# The site's numbers are read from ``plot_01_ladder.json``: the copy you downloaded into
# this folder, or, while the site is being built, the gallery's own results. They are the
# median seconds per product at N = 1024 on the machine that built the site, with the
# number of runs each median was taken over, and which rungs the site estimated there.

SITE_N = 1024
SITE_KEYS = {"naive": ("naive_seconds_1024", 1.0), "kloop": ("kloop_seconds_1024", 1.0),
             "blas1": ("blas1_ms_1024", 1e-3), "blas": ("blas_ms_1024", 1e-3)}


class Site(NamedTuple):
    """The site's ladder: median seconds per product for each rung, its machine, its runs,
    and the rungs it estimated from part of the work."""

    seconds: dict[str, float]
    machine: dict
    runs: int
    estimated: list[str]


def site_ladder():
    """The site's ladder, read from plot_01_ladder.json; None if the file is not found."""
    places = [Path("plot_01_ladder.json")]
    if os.environ.get("MMREF_RESULTS_DIR"):
        places.append(Path(os.environ["MMREF_RESULTS_DIR"], "plot_01_ladder.json"))
    for path in places:
        if path.is_file():
            data = json.loads(path.read_text(encoding="utf-8"))
            seconds = {rung: data[key] * scale for rung, (key, scale) in SITE_KEYS.items()}
            site_estimated = [rung for rung in data["estimated_1024"].split(",") if rung]
            return Site(seconds, data, data["repeats"], site_estimated)
    say(lambda _: _("plot_01_ladder.json not found: download it from the lab's page into this folder"))
    return None


site = site_ladder()

# %%
# Your ladder beside the site's
# -----------------------------
# Each row gives a rung's median time with its 95 % interval and its speed (a product of
# two N×N matrices costs 2N³ floating-point operations, :func:`mmref.flops.matmul`). The
# first three ratios below the table compare neighbouring rungs, each step removing one layer
# between Python and BLAS (a step can change more than one thing: the questions below say
# what); the fourth, ``naive / blas``, is the whole gap, from the triple loop to ``A @ B``
# on every thread, and the fifth, ``blas1 float64 / float32``, is the subject of question 4.
# Their intervals come from resampling both rungs' runs (:func:`mmref.stats.ratio`).

work = flops.matmul(N, N, N)
STEPS_OF_GAP = [("naive", "kloop"), ("kloop", "blas1"), ("blas1", "blas"), ("naive", "blas")]
ratios = {(slow, fast): stats.ratio(timings[slow][N].runs, timings[fast][N].runs)
          for slow, fast in STEPS_OF_GAP}


def ladder_tables(_) -> str:
    """Your rungs and the ratios between them, beside the site's, as tables in ``_``'s language."""
    title = (_("your machine, N = {n}", n=_.number(N)) if site is None else
             _("your machine, N = {n}; the site's machine, N = {site_n}", n=_.number(N),
               site_n=_.number(SITE_N)))
    header = [_("rung"), _("median, s"), _("interval (95 %)"), _("GFLOP/s"),
              _("measured or estimated")]
    rows = []
    for rung in ladder.RUNGS:
        m = medians[rung]
        rows.append([rung, _.number(float(m.value)), _.interval(m.low, m.high),
                     _.number(work / m.value / 1e9),
                     _("estimated") if N in estimated[rung] else _("measured")])
        if site is not None:
            rows[-1] += [_.number(float(site.seconds[rung])),
                         "×" + _.number(float(m.value / site.seconds[rung]))]
    if site is not None:
        header += [_("site, s"), _("yours ÷ site")]
    ratio_header = [_("ratio of times"), _("median"), _("interval (95 %)")]
    ratio_rows = []
    for (slow, fast), r in ratios.items():
        ratio_rows.append([f"{slow} / {fast}", "×" + _.number(float(r.value)),
                           _.interval(r.low, r.high)])
        if site is not None:
            ratio_rows[-1].append("×" + _.number(float(site.seconds[slow] / site.seconds[fast])))
    ratio_rows.append([_("blas1 float64 / float32"), "×" + _.number(float(precision.value)),
                       _.interval(precision.low, precision.high)]
                      + ([""] if site is not None else []))
    if site is not None:
        ratio_header.append(_("site"))
    return "\n".join([title, table(header, rows, left=1), "", table(ratio_header, ratio_rows, left=1)])


say(ladder_tables)
speedup = ratios[("blas1", "blas")]
threads_here = ladder.threads_fact(speedup, usable_cores(), int(here["blas_threads"]))
say(lambda _: _("threads on your machine (usable cores in the first line): blas1 / blas "
                "×{speedup} {interval}: {verdict}", speedup=_.number(float(speedup.value)),
                interval=_.interval(speedup.low, speedup.high),
                verdict=threads_verdict(_, threads_here)))
if site is not None:
    say(lambda _: _("site's machine: {machine}; medians of {runs} runs",
                    machine=machine(_, site.machine), runs=_.number(site.runs)))
if site is not None and site.estimated:
    say(lambda _: _("the site estimated from part of the work, at N = {n}: {rungs}",
                    n=_.number(SITE_N), rungs=", ".join(site.estimated)))

# %%
# The figure
# ----------
# As in the gallery, filled markers are your medians, with whiskers from the fastest to the
# slowest run (often smaller than the marker), and hollow markers are estimates. Crosses at
# N = 1024 are the site's ladder, hollow where the site estimated the rung. The legend says
# over how many runs each median was taken, on each machine. On the site itself, "your"
# machine is the one that built it.

COLORS = {"naive": "C3", "kloop": "C1", "blas1": "C0", "blas": "C2"}


def draw(_):
    names = {"naive": _("Python triple loop (float64 lists)"), "kloop": _("Python loop over k (float32)"),
             "blas1": _("A @ B, one BLAS thread (float32)"), "blas": _("A @ B, all BLAS threads (float32)")}
    fig, ax = plt.subplots(figsize=(7.5, 6.2), layout="constrained")
    for rung in ladder.RUNGS:
        ns = sorted(timings[rung])
        med = np.array([timings[rung][n].median for n in ns])
        low = med - [timings[rung][n].spread[0] for n in ns]
        high = [timings[rung][n].spread[1] for n in ns] - med
        ax.errorbar(ns, med, yerr=[low, high], fmt="-", color=COLORS[rung],
                    label=names[rung], capsize=3)
        for n, m in zip(ns, med):
            if n in estimated[rung]:
                ax.plot([n], [m], "o", mfc="white", mec=COLORS[rung], zorder=3)
            else:
                ax.plot([n], [m], "o", color=COLORS[rung], zorder=3)
        if site is not None and rung in site.estimated:  # a hollow cross, like a hollow circle
            ax.plot([SITE_N], [site.seconds[rung]], "X", mfc="white", mec=COLORS[rung], mew=1.5,
                    ms=14, zorder=2)
        elif site is not None:
            ax.plot([SITE_N], [site.seconds[rung]], "x", color=COLORS[rung], mew=1.5, ms=14,
                    zorder=2)  # behind your circle, its arms reaching past it
    yours = run_counts(t for by_n in timings.values() for t in by_n.values())
    ax.plot([], [], "o", color="0.3", label=_("your machine: median of {n} runs", n=yours))
    ax.plot([], [], "o", mfc="white", mec="0.3", label=_("estimated from part of the work"))
    if site is not None:
        ax.plot([], [], "x", color="0.3", mew=2, ms=11,
                label=_("the site's machine, N = {n}: median of {runs} runs",
                        n=_.number(SITE_N), runs=_.number(site.runs)))
        if site.estimated:
            ax.plot([], [], "X", mfc="white", mec="0.3", mew=1.5, ms=11,
                    label=_("the site's machine: estimated from part of the work"))
    ax.set(xlabel=_("matrix size N"),
           ylabel=_("time per product (s): median, whiskers min–max"),
           title=_("Your ladder (circles) and the site's (crosses)"))
    figures.log_axes(ax, _, x=2, y=True)
    figures.legend_below(ax, ncols=2, fontsize="small")
    figures.machine_line(fig, _, here)
    return fig


fig = figures.figure(draw)

# %%
# Questions
# ---------
# Read your table and your figure, then open each answer.
#
# **1. Interpreter overhead.** Which ratio of your table comes closest to the cost of the
# Python interpreter, and why is it not the whole of that cost?
#
# .. dropdown:: Show the answer
#
#    ``naive / kloop``. The triple loop runs N³ Python iterations; the loop over k runs only
#    N, and hands each step to NumPy. The ratio is not the interpreter alone: the triple
#    loop reads Python float objects, float64 numbers each stored on its own, where each
#    NumPy step works on float32 arrays (a row of B, its numbers side by side, and a column
#    of A, its numbers N apart) and computes with vector instructions, and the N remaining
#    Python steps still cost something (the solutions to drill 5 of the theory page quote
#    what the gallery measured).
#
# **2. SIMD and cache blocking.** ``kloop / blas1`` compares two programs on one core that
# both do their arithmetic in compiled code: the Python loop over k makes at least two calls
# to NumPy per step (the outer product, then the sum into C), where ``A @ B`` makes one call. Where does the rest of the gap come from,
# and can your timings tell SIMD and cache blocking apart?
#
# .. dropdown:: Show the answer
#
#    Every one of the loop's N steps does what one product does only once: it obtains and
#    fills an N×N array and streams all of C through memory, about one FLOP for every eight
#    bytes moved. Here C alone holds 4 MiB of float32 numbers (N = 1024); at drill 5's
#    N = 256 it holds 256 KiB, which the caches of most machines can keep, and the
#    solutions to drill 5 quote which part of a step cost most at that size. BLAS
#    cuts the matrices into blocks that stay in the caches and keeps the vector units busy
#    on them. The two effects live inside the same BLAS kernel, and timing it from outside
#    cannot separate them.
#
# **3. Threads.** Compare ``blas1 / blas`` with the number of usable cores printed at the
# top. Why can the speed-up be smaller than that number?
#
# .. dropdown:: Show the answer
#
#    The cores share the memory bus and the last level of cache, a processor may lower its
#    clock when every core is busy, other programs take their share of the machine, and
#    BLAS may decide to use fewer threads for a given size. A speed-up above the number of
#    cores means that the two runs differ in more than the shared arithmetic (other work
#    during the one-thread run, or the extra cache of the other cores): look at the interval.
#
# **4. float64 lists.** The matrices are float32, but the triple loop works on nested lists.
# What precision does it compute in, and what does that mean for the gap?
#
# .. dropdown:: Show the answer
#
#    Python floats are 64-bit, so the triple loop computes in float64 whatever the arrays
#    were, while the BLAS rungs compute in float32. A vector register holds twice as many
#    float32 numbers as float64 numbers, so BLAS can do up to twice as many operations per
#    instruction in float32. How much that changes the time on your machine is the line
#    ``blas1 float64 / float32`` of your table: ``A @ B`` on one thread, timed again on the
#    same matrices in float64. A ratio clearly above 2 is more than the vector width
#    explains; float64 matrices also take twice the bytes, so fewer of their blocks fit in
#    each cache, which is one candidate for the rest. Were ``A @ B`` to compute in float64
#    too, the one-thread gap would be the one you measured (the ``naive`` time of your table
#    over the ``blas1`` time) divided by this ratio.
#
# **5. Your machine and the site's.** Which rung differs most between the two machines?
#
# .. dropdown:: Show the answer
#
#    Read the ratio of your time to the site's, rung by rung, in the column "yours ÷ site"
#    of the printed table. The rungs that run in compiled code depend on the width of the
#    vector instructions, the caches, the memory and the number of cores; the triple loop
#    depends mostly on the clock and the Python version. On this page as built, both
#    ladders come from the machine that built the site, run at two different moments, and a
#    rung that one of them estimates at N = 1024 the other may have timed whole: their
#    differences there show how much the same machine varies from one measurement to the
#    next, and how much the two ways of timing a rung differ.

# %%
# Results
# -------
# When the site is built, the lab saves its numbers beside the gallery's.

out = report.Report("lab_01")
out.record(n=N, **{f"{rung}_seconds": medians[rung].value for rung in ladder.RUNGS},
           **{f"{slow}_over_{fast}": r.value for (slow, fast), r in ratios.items()},
           **{f"{slow}_over_{fast}_low": r.low for (slow, fast), r in ratios.items()},
           **{f"{slow}_over_{fast}_high": r.high for (slow, fast), r in ratios.items()},
           blas1_float64_over_float32=precision.value,
           blas1_float64_over_float32_low=precision.low, blas1_float64_over_float32_high=precision.high)


def float64_time(ratio: stats.Estimate) -> str:
    """float64 over float32 in the site's words (clearly, slightly), or "more_than_twice" when
    the whole interval lies above 2: more than the vector width explains."""
    return "more_than_twice" if ratio.above(2) else stats.comparison(ratio)


out.fact("float64_time", float64_time(precision), choices=stats.COMPARISONS + ("more_than_twice",))
# where this run's whole gap lies against the site's ladder's (overlapping or not)
gap = ratios[("naive", "blas")]
site_gap = None if site is None else [site.machine.get(k) for k in ("gap", "gap_low", "gap_high")]
out.fact("gap_vs_site", "no_site" if site_gap is None or None in site_gap else stats.interval_position(
    gap, stats.Estimate(*site_gap)), choices=("overlaps", "below", "above", "no_site"))
# where this run's thread speed-up lies against the site's ladder's
site_speedup = None if site is None else [site.machine.get(k) for k in
                                          ("thread_speedup", "thread_speedup_low", "thread_speedup_high")]
out.fact("threads_vs_site", "no_site" if site_speedup is None or None in site_speedup else
         stats.interval_position(speedup, stats.Estimate(*site_speedup)),
         choices=("overlaps", "below", "above", "no_site"))
# what every thread did against one in this run, described as the ladder describes its threads
out.fact("threads", threads_here,
         choices=("one_core", "helps", "slightly_faster", "no_gain", "slightly_slower",
                  "slower", "above_cores", "reaches_cores"))
out.save()

# %%
# Run as a script, ``figures.show()`` opens the figures in windows, or saves them as PNG
# files where no window can open; a notebook shows each figure below the cell that draws it.

figures.show()
