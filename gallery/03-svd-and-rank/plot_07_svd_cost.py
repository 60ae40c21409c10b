r"""
The cost of an SVD
==================

Computing the SVD of an :math:`(M, N)` matrix takes of the order of :math:`MN \min(M, N)`
floating-point operations: for a square :math:`N \times N` matrix, about :math:`cN^3` for
some constant :math:`c` that depends on the algorithm and on whether :math:`U` and
:math:`V` are wanted. That is an order of growth, not an exact count. We
time ``np.linalg.svd`` on square float32 matrices of a few sizes, fit how the time grows,
and set it beside the time of one matrix product of the same size.

Set ``MMREF_QUICK=1`` to run it in seconds with tiny sizes.
"""

# %%
# Setup
# -----
# Square float32 matrices with standard normal entries; ``np.linalg.svd`` with
# ``full_matrices=False`` returns :math:`U`, the singular values and :math:`V^\top` (LAPACK's divide-and-conquer
# routine). Times are for one BLAS thread, so that the growth is not mixed with how well
# the work splits over cores: the first line of output gives the BLAS's own thread count,
# and the one the timings use.

import matplotlib.pyplot as plt
import numpy as np

from mmref import figures, flops, lowrank, report, stats
from mmref.printout import machine, say, table
from mmref.report import Report
from mmref.timing import machine_summary, measure

THREADS = 1
out = Report("plot_07_svd_cost")
out.record(machine=machine_summary(threads=THREADS))
say(lambda _: machine(_, out.values, threads=THREADS))

rng = np.random.default_rng(0)
SIZES = [16, 32, 64, 128] if report.quick() else [64, 128, 256, 512]
REPEAT = 5 if report.quick() else 9
MIN_TIME = 0.002 if report.quick() else 0.05


def svd_of(n):
    a = rng.standard_normal((n, n), dtype=np.float32)
    return lambda: np.linalg.svd(a, full_matrices=False)


def product_of(n):
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    return lambda: a @ b


# %%
# Time against size
# -----------------
# Every timing is repeated and all runs are kept. One run is one timing loop, and its number
# of calls is set first, by calibration: loops of 1, 2, 4, ... calls are timed until one
# lasts at least ``MIN_TIME`` (50 ms), and every run then makes that many calls (so a run
# can be shorter or longer than the calibrating loop). A run records the time per call: at
# the smallest size it is the mean of several SVDs; at a size where one SVD alone lasts 50 ms
# or more, it is that one SVD.
# The table printed below gives, at each size, the calls per run, the median run and the
# fastest and slowest runs of the SVD, the same for one ``a @ b`` of the same size
# (:math:`2N^3` FLOPs), and the speed of that product at its median run.

svd_timings = {n: measure(svd_of(n), repeat=REPEAT, min_time=MIN_TIME, threads=THREADS)
               for n in SIZES}
svd_runs = {n: t.runs for n, t in svd_timings.items()}
product_runs = {n: measure(product_of(n), repeat=REPEAT, min_time=MIN_TIME, threads=THREADS).runs
                for n in SIZES}


def timing_table(_) -> str:
    """The SVD's and the product's timings at every size, as a table in ``_``'s language."""
    header = [_("N"), _("SVD calls/run"), _("SVD median run, ms"), _("fastest"), _("slowest"),
              _("a @ b median run, ms"), _("fastest"), _("slowest"), _("a @ b GFLOP/s")]
    rows = []
    for n in SIZES:
        s, p = svd_runs[n], product_runs[n]
        rows.append([_.number(n), _.number(svd_timings[n].number),
                     *(_.number(float(f(s)) * 1e3) for f in (np.median, min, max)),
                     *(_.number(float(f(p)) * 1e3) for f in (np.median, min, max)),
                     _.number(float(flops.matmul(n, n, n) / np.median(p) / 1e9))])
    lines = table(header, rows).split("\n")
    widths = [max(len(c) for c in column) for column in zip(header, *rows)]
    rule = "  ".join("-" * w for w in widths)
    return "\n".join([lines[0], rule, *lines[1:]])


say(timing_table)

# %%
# How the time grows
# ------------------
# A power law, time :math:`\approx cN^p`, is fitted to the medians
# (:func:`mmref.stats.power_law`), with a 95 % bootstrap interval for :math:`p`. The leading
# term of the operation count grows as :math:`N^3`. Over a range of sizes, :math:`p` is pulled
# below 3 when the speed achieved (operations per second) rises with :math:`N`, and when work
# that grows more slowly (:math:`N^2` terms, the fixed cost of each call) weighs more at the
# small sizes; it is pushed above 3 when the speed falls with :math:`N`. Both can happen at
# once, and :math:`p` shows only which outweighs the other. A fixed fraction of slower work at
# every size changes :math:`c`, not :math:`p`. This script measures the speed
# of ``a @ b`` at each size (the table above), not the SVD's speed in each of its phases.
#
# The interval is a percentile bootstrap interval, widened if needed to hold the estimate: it
# need not be centred on :math:`p`, which can lie at or near one end of it.
#
# The interval covers the noise from run to run, not how far the medians lie from one
# straight line on a log-log plot. The exponent between each two successive sizes shows
# that, each with its own 95 % bootstrap interval (:func:`mmref.stats.step_intervals`: the
# logarithm, to the base of the ratio of the sizes, of how many times longer the runs at
# the larger size took, from :func:`mmref.stats.ratio`). The step between the two largest
# sizes lies above or below the fit only when its whole interval does
# (:func:`mmref.stats.interval_position`); the steps steepen or flatten only when the last
# step's interval lies wholly above, or below, the first one's (:func:`mmref.stats.step_trend`).
# A whole power is named only when the interval of :math:`p`, widened by 0.15, allows that power and
# no other, :math:`p` itself lies within 0.15 of it, and the top step overlaps the fit
# (:func:`mmref.stats.growth_fact`).


def growth_of(sizes, runs):
    """The fitted power law, the step exponents, and the facts they decide: where the top step
    lies against the fit, how the steps move, and the growth the page may name."""
    fit = stats.power_law(sizes, runs)
    steps = stats.step_intervals(sizes, runs)
    top = stats.interval_position(steps[-1], fit.exponent)
    return fit, steps, top, stats.step_trend(steps), stats.growth_fact(fit.exponent, top)


svd_by_size = [svd_runs[n] for n in SIZES]
fit, steps, top_place, trend, growth = growth_of(SIZES, svd_by_size)
p = fit.exponent


def interval(_, estimate) -> dict[str, str]:
    """An exponent and its interval, three significant digits as the pages print them, in
    ``_``'s language."""
    return dict(p=_.number(estimate.value), interval=_.interval(estimate.low, estimate.high))


say(lambda _: _("power law fitted to the medians: exponent p = {p} {interval}",
                **interval(_, p)))
for (a, b), step in zip(zip(SIZES, SIZES[1:]), steps):
    say(lambda _: _("from N = {a} to {b}: exponent {p} {interval}", a=_.number(a),
                    b=_.number(b), **interval(_, step)))


def growth_sentences(_) -> str:
    """Where the last step lies, how the steps move and the growth named, in ``_``'s language."""
    place = {"above": _("the interval of the exponent between the two largest sizes lies "
                        "above the fit's"),
             "below": _("the interval of the exponent between the two largest sizes lies "
                        "below the fit's"),
             "overlaps": _("the interval of the exponent between the two largest sizes overlaps "
                           "the fit's")}[top_place]
    moves = {"steepening": _("the last step's exponent lies clearly above the first's"),
             "flattening": _("the last step's exponent lies clearly below the first's"),
             "unclear": _("the last step's exponent is not clearly above or below the first's")}[trend]
    named = {"linear": _("linear"), "quadratic": _("quadratic"), "cubic": _("cubic"),
             "between": _("between two whole powers"), "sublinear": _("slower than linear"),
             "faster": _("faster than cubic"), "unclear": _("unclear"),
             "below_cubic": _("slower than cubic, with no single whole power"),
             "no_single_power": _("no single power")}[growth]
    return "\n".join([place, moves, _("growth: {growth}", growth=named)])


say(growth_sentences)

# %%
# Against a matrix product
# ------------------------
# At the largest size, how many times longer the SVD took than one product of two
# matrices of the same size, with the 95 % interval of that ratio (:func:`mmref.stats.ratio`).
# From it, an estimate of how many uses pay an SVD back: kept at rank :math:`r = N/8`, the
# factors apply to :math:`N` vectors in :math:`4N^2 r = N^3/2` FLOPs instead of
# :math:`2N^3`, saving three quarters of one product; if their thin products ran as fast as
# the full one, the SVD's time would be recovered after the ratio divided by 3/4 such
# uses, rounded up to a whole number (:func:`mmref.lowrank.payback_uses`).

largest = SIZES[-1]
versus = stats.ratio(svd_runs[largest], product_runs[largest])
say(lambda _: _("N = {n}: the SVD took {ratio} {interval} times as long as a matmul",
                n=_.number(largest), ratio=_.number(versus.value),
                interval=_.interval(versus.low, versus.high)))
payback = lowrank.payback_uses(versus.value, rank_fraction=1 / 8)
payback_range = [lowrank.payback_uses(end, rank_fraction=1 / 8) for end in (versus.low, versus.high)]
say(lambda _: _("estimated uses to recover one SVD (factors of rank N/8 applied to {n} vectors): "
                "about {count} {interval} (from the ends of the ratio's interval)", n=_.number(largest),
                count=_.number(payback, decimals=0),
                interval=_.interval(*payback_range, decimals=0)))

# %%
# What the theory page quotes from the numbers above: the range of uses that pay an SVD
# back, from the ends of the ratio's interval, and how the speed of ``a @ b`` changed
# between the smallest and the largest size, taken as a whole
# (:func:`mmref.stats.speed_ratio`, with its 95 % interval): the theory page says the speed
# rose, or fell, only when the whole interval lies above, or below, 1. The inner
# steps are placed against the fit as the top one is (:func:`mmref.stats.interval_position`).

product_gflops = {n: flops.matmul(n, n, n) / float(np.median(product_runs[n])) / 1e9 for n in SIZES}
speed = stats.speed_ratio(product_runs[SIZES[0]], product_runs[largest],
                          work_ratio=flops.matmul(largest, largest, largest)
                          / flops.matmul(SIZES[0], SIZES[0], SIZES[0]))
say(lambda _: _("a @ b: {high} GFLOP/s at N = {n_high} against {low} GFLOP/s at N = {n_low}, speed ratio "
                "{ratio} {interval}", high=_.number(product_gflops[largest]), n_high=_.number(largest),
                low=_.number(product_gflops[SIZES[0]]), n_low=_.number(SIZES[0]),
                ratio=_.number(speed.value), interval=_.interval(speed.low, speed.high)))


def speed_change(ratio):
    """"rises" when the whole interval of the speed ratio lies above 1, "falls" when below."""
    return {"below": "rises", "above": "falls"}.get(stats.position(1.0, ratio), "unclear")


inner_places = [stats.interval_position(step, p) for step in steps[:-1]]

# %%
# Figure
# ------
# Median times (whiskers: fastest to slowest run; one run is one timing loop, whose number of
# calls, SVDs or products, is the first of 1, 2, 4, ... for which a calibrating loop lasted
# at least 50 ms) on log-log axes, with the power law fitted to the SVD's medians (an
# estimate). Dotted segments join the SVD's medians, each labelled with its step exponent,
# the slope of that segment, and its 95 % interval in brackets (the legend says so).


def whiskers(ax, runs, style, color, label):
    med = np.array([np.median(runs[n]) for n in SIZES])
    low = med - np.array([min(runs[n]) for n in SIZES])
    high = np.array([max(runs[n]) for n in SIZES]) - med
    ax.errorbar(SIZES, med, yerr=[low, high], fmt=style, color=color, capsize=2, ms=5,
                label=label)


def draw_cost(_):
    fig, ax = plt.subplots(figsize=(7.0, 5.6), layout="constrained")
    whiskers(ax, svd_runs, "o", "C0", _(r"np.linalg.svd ($U$, singular values, $V^\top$)"))
    grid = np.geomspace(SIZES[0], SIZES[-1], 50)
    ax.plot(grid, [fit(x) for x in grid], "-", color="C0", lw=1, alpha=0.7,
            label=_("fitted to the medians (an estimate): time ∝ $N^p$, $p$ = {p} {interval} "
                    "(95 %)", **interval(_, p)))
    medians = [float(np.median(svd_runs[n])) for n in SIZES]
    ax.plot(SIZES, medians, ":", color="C0", lw=1,
            label=_("step exponent between successive sizes: p [interval, 95 %]"))
    for (a, b), (ta, tb), step in zip(zip(SIZES, SIZES[1:]), zip(medians, medians[1:]), steps):
        ax.annotate(_("{p} {interval}", **interval(_, step)),
                    (np.sqrt(a * b), np.sqrt(ta * tb)),
                    textcoords="offset points", xytext=(-4, 6), ha="right", fontsize="x-small",
                    color="C0")
    whiskers(ax, product_runs, "s", "C1", _("a @ b, same $N$ ($2N^3$ FLOPs)"))
    figures.log_axes(ax, _, x=2, y=True)
    ax.set(xlabel=_(r"matrix size $N$ ($N \times N$, float32)"),
           ylabel=_("time per call (s):\nmedian run, whiskers min–max"),
           title=_("Time of an SVD and of a product a @ b against size, one BLAS thread,\n"
                   "{n} runs at each size", 
                   n=_.number(REPEAT)))
    figures.legend_below(ax, fontsize="x-small")
    figures.machine_line(fig, _, out.values, threads=THREADS)
    return fig


fig = figures.figure(draw_cost)

# %%
# Results
# -------
# The numbers and facts the theory page quotes.

out.record(
    runs=REPEAT,
    calls_per_run_min=svd_timings[SIZES[0]].number,
    calls_per_run_max=svd_timings[largest].number,
    size_min=SIZES[0],
    size_second=SIZES[1],
    size_max=largest,
    exponent=p.value,
    exponent_low=p.low,
    exponent_high=p.high,
    exponent_top=steps[-1].value,
    exponent_top_low=steps[-1].low,
    exponent_top_high=steps[-1].high,
    **{f"exponent_step{i}{end}": getattr(step, name)
       for i, step in enumerate(steps, 1)
       for end, name in (("", "value"), ("_low", "low"), ("_high", "high"))},
    size_below_max=SIZES[-2],
    svd_ms_max=float(np.median(svd_runs[largest])) * 1e3,
    svd_ms_max_low=min(svd_runs[largest]) * 1e3,
    svd_ms_max_high=max(svd_runs[largest]) * 1e3,
    matmul_ms_max=float(np.median(product_runs[largest])) * 1e3,
    svd_to_matmul=versus.value,
    svd_to_matmul_low=versus.low,
    svd_to_matmul_high=versus.high,
    gflops_min=product_gflops[SIZES[0]],
    gflops_max=product_gflops[largest],
    speed_ratio=speed.value,
    speed_ratio_low=speed.low,
    speed_ratio_high=speed.high,
    power_below=int(np.floor(p.value)),
    power_above=int(np.floor(p.value)) + 1,
)
out.record(min_time_ms=round(MIN_TIME * 1000))
# Whole uses: the ratio is quoted with three digits, and its range is wide.
out.record_fixed(0, payback_products=payback, payback_low=payback_range[0],
                 payback_high=payback_range[1])
out.fact("growth", growth,
         choices=("sublinear", "linear", "between", "quadratic", "cubic", "faster", "unclear",
                  "below_cubic", "no_single_power"))
# why no growth is named, when none is: several whole powers fit, or one fits but p lies far from it
out.fact("unclear_reason", stats.unnamed_reason(p) if growth == "unclear" else "named",
         choices=("several", "far", "named"))
out.fact("top_step", top_place, choices=("below", "overlaps", "above"))
for i, place in enumerate(inner_places, 1):
    out.fact(f"step{i}_position", place, choices=("below", "overlaps", "above"))
out.fact("product_speed", speed_change(speed), choices=("rises", "falls", "unclear"))
out.fact("step_trend", trend, choices=("steepening", "flattening", "unclear"))
# every step against the cubic term: which kind of cause a steepening growth fits
out.fact("steps_vs_cubic", stats.steps_against(steps, 3), choices=("below", "above", "mixed"))
out.save()

# %%
# Run as a script, ``figures.show()`` opens the figures in windows, or saves them as PNG
# files where no window can open; a notebook shows each figure below the cell that draws it.

figures.show()
