"""
From Python loops to BLAS
=========================

One product of two square float32 matrices, computed four ways: three nested Python
loops, a Python loop over k that adds one outer product per step, NumPy's ``A @ B`` on one
BLAS thread, and ``A @ B`` on every thread. We time each rung of this ladder for growing N,
read how fast each one grows, and measure how far apart the bottom and the top rung are at
N = 1024.
"""

# %%
# The machine and the settings
# ----------------------------
# Every number here was measured on the machine described in the first line of output.
# Each timing is repeated; we show the **median** of the runs, with the fastest and the
# slowest run as its spread, and every ratio with a 95 % bootstrap interval
# (:mod:`mmref.stats`). ``MMREF_QUICK=1`` in the environment runs tiny sizes in seconds.

import matplotlib.pyplot as plt
from matplotlib.patches import Patch
import numpy as np

from mmref import figures, flops, ladder, report, stats
from mmref.printout import growth_phrase, machine, say, table, threads_verdict
from mmref.timing import run_counts, usable_cores

out = report.Report("plot_01_ladder")
say(lambda _: machine(_, out.values))

QUICK = report.quick()
SIZES = [16, 32, 64] if QUICK else [16, 32, 64, 128, 256, 512, 1024]
BIG = 1024        # the size at which the gap is measured
LIMIT = 1.5       # seconds: a Python loop is not run in full once one product would take longer
FIT_FROM = 64     # the smallest size the growth is fitted on; every rung is timed at least up to twice it
REPEAT = 3 if QUICK else 5
rng = np.random.default_rng(0)

# %%
# The four rungs
# --------------
# :mod:`mmref.ladder` defines them. ``naive`` is :func:`mmref.naive_matmul`, three ``for``
# loops over nested lists; ``kloop`` is :func:`mmref.outer_product_sum`, a Python loop over
# k whose every step adds one outer product with NumPy; ``blas1`` and ``blas`` are
# ``A @ B`` on one BLAS thread and on all of them. The first three use one core.
#
# The two Python loops are timed at growing N while one product is predicted to take less
# than ``LIMIT`` seconds (the prediction multiplies the last time by 8, as the work grows as
# N³), and in any case up to N = 128, so that every rung has two sizes to fit its growth on
# (below). The BLAS rungs are timed at every size up to N = 1024, however slow the machine,
# and at each size the two take turns, run by run, so that a change in the machine's state
# reaches both alike: their ratio, the threads' speed-up, compares runs a moment apart.
# The lines below give the median time of one product: in seconds for the two Python loops,
# in milliseconds for the BLAS rungs, as the theory page quotes them.

BLAS_RUNGS = [rung for rung in ladder.RUNGS if rung.startswith("blas")]


timings = {rung: {} for rung in ladder.RUNGS}
for rung in ladder.RUNGS:
    if rung in BLAS_RUNGS:
        continue
    guess = 0.0
    for n in SIZES:
        if guess > LIMIT and n > 2 * FIT_FROM:
            break
        a, b = ladder.inputs(n, rng)
        timings[rung][n] = ladder.time_rung(rung, a, b, repeat=REPEAT, min_time=0.01)
        guess = timings[rung][n].median * 8
for n in SIZES + ([BIG] if BIG not in SIZES else []):
    a, b = ladder.inputs(n, rng)
    for rung, timing in ladder.time_rungs_in_turns(BLAS_RUNGS, a, b, repeat=REPEAT,
                                                   min_time=0.01).items():
        timings[rung][n] = timing
for rung in ladder.RUNGS:
    say(lambda _: f"{rung:6s} " + "  ".join(
        _("N = {n}: {time} ms", n=_.number(n), time=_.number(t.median * 1e3)) if rung.startswith("blas")
        else _("N = {n}: {time} s", n=_.number(n), time=_.number(t.median))
        for n, t in timings[rung].items()))

# %%
# Estimating the slow rungs at N = 1024
# -------------------------------------
# A Python loop whose time at N = 1024, predicted as above, exceeds ``LIMIT`` is not run
# whole there; it is estimated instead. For the triple loop: row i of C needs row i of A and all of
# B, so timing a few complete rows of C, with the full B, and scaling by 1024 over the
# number of rows estimates the whole product at the real size, cache effects included. The
# loop over k is estimated the same way if it was too slow to run: a few of its 1024 steps,
# scaled up.

ROWS, STEPS = (1, 8) if QUICK else (4, 64)
a_big, b_big = ladder.inputs(BIG, rng)
at_big, estimated = {}, set()
for rung in ladder.RUNGS:
    if BIG in timings[rung]:
        at_big[rung] = timings[rung][BIG]
    else:
        part = ROWS if rung == "naive" else STEPS
        at_big[rung] = ladder.estimate_rung(rung, a_big, b_big, part, repeat=REPEAT)
        estimated.add(rung)
        say(lambda _: (_("{rung} at N = {n}: {time} s, estimated from {part} of its {n} rows of C",
                         rung=rung, n=_.number(BIG), time=_.number(at_big[rung].median),
                         part=_.number(part))
                       if rung == "naive" else
                       _("{rung} at N = {n}: {time} s, estimated from {part} of its {n} steps over k",
                         rung=rung, n=_.number(BIG), time=_.number(at_big[rung].median),
                         part=_.number(part))))

# %%
# How fast each rung grows
# ------------------------
# A time that grows as :math:`N^p` is a straight line of slope p on a log-log plot. We fit p to each
# rung's medians from N = 64 up (at the smallest sizes fixed costs per call may outweigh the
# work that grows with N), with a bootstrap interval. That interval measures only the noise
# between runs. A pure power law leaves out the lower-order terms of the cost and the effects
# of the caches, which change from one size to the next, so before naming a growth we widen the interval by
# 0.15: an allowance we chose, not a measured one. A rung is "consistent with cubic growth
# within the allowance" when the widened interval allows p = 3 and no other whole power and
# the fitted p itself lies within 0.15 of 3; "faster than cubic" or "slower than linear" when
# the widened interval lies wholly above 3 or wholly below 1; "between" two whole powers when
# it allows none and lies between 1 and 3; and it names "no single whole power" when the
# widened interval allows several, or allows one while the fitted p lies further than 0.15
# from it. Nor does it name one when the time clearly fell from one size to the next
# (:func:`mmref.stats.first_fall`): then something besides the work changed between those
# runs, and no power law describes them.


def fitted_sizes(times):
    return [n for n in times if n >= FIT_FROM] if len(times) > 2 and not QUICK else list(times)


def fit(times):
    ns = fitted_sizes(times)
    return stats.power_law(ns, [times[n].runs for n in ns])


fits = {rung: fit(times) for rung, times in timings.items() if len(times) >= 2}


def fall(times):
    ns = fitted_sizes(times)
    return stats.first_fall(ns, stats.step_intervals(ns, [times[n].runs for n in ns]))


falls = {rung: fall(timings[rung]) for rung in fits}


def growth(_, rung):
    if falls[rung] is None:
        return growth_phrase(_, fits[rung].exponent)
    small, large = falls[rung]
    return _("no whole power named, as the time fell from N = {small} to N = {large}",
             small=_.number(small), large=_.number(large))


for rung, f in fits.items():
    e = f.exponent
    say(lambda _: f"{rung:6s} " + _("fitted exponent p = {p} {interval}: {growth}",
                                    p=_.number(e.value),
                                    interval=_.interval(e.low, e.high),
                                    growth=growth(_, rung)))

# %%
# The fitted power law of the triple loop, extended to N = 1024, is a second estimate. The
# two disagree when the small sizes behave differently from the large one, in either
# direction, and a power law extended far beyond the sizes it was fitted on is the less
# reliable of the two. This script does not measure why they differ. One candidate when the
# estimate from rows is the higher: at N = 1024, for each row of C, the loop reads all of B,
# a million Python float objects, tens of megabytes, a working set that grows as N² and is
# larger than the L1 and L2 caches of common processors (this machine's L2 and L3 sizes are
# listed under each figure).

naive_fit = fits["naive"](BIG)
estimate_over_fit = at_big["naive"].median / naive_fit
say(lambda _: _("naive at N = {n}: {rows} s from rows, {fit} s from the fitted power law "
                "(ratio {ratio})", n=_.number(BIG), rows=_.number(at_big["naive"].median),
                fit=_.number(naive_fit), ratio=_.number(estimate_over_fit)))

# %%
# Speed, and the gap
# ------------------
# A product of two N×N matrices costs 2N³ floating-point operations
# (:func:`mmref.flops.matmul`); dividing by the median time at N = 1024 (measured or
# estimated) gives each rung's speed there. The gap is the ratio of two rungs' times.

gflops = {rung: flops.matmul(BIG, BIG, BIG) / t.median / 1e9 for rung, t in at_big.items()}
ratio = {
    "gap": stats.ratio(at_big["naive"].runs, at_big["blas"].runs),
    "gap_one_thread": stats.ratio(at_big["naive"].runs, at_big["blas1"].runs),
    "factor_interpreter": stats.ratio(at_big["naive"].runs, at_big["kloop"].runs),
    "factor_kernel": stats.ratio(at_big["kloop"].runs, at_big["blas1"].runs),
    "thread_speedup": stats.ratio(at_big["blas1"].runs, at_big["blas"].runs),
}
say(lambda _: table([_("rung"), _("GFLOP/s at N = {n}", n=_.number(BIG))],
                    [[rung, _.number(g)] for rung, g in gflops.items()], left=1))


def ratio_label(_, name: str) -> str:
    """The printed name of one of the ``ratio`` entries, in ``_``'s language."""
    return {
        "gap": _("gap, naive / blas"),
        "gap_one_thread": _("gap on one thread, naive / blas1"),
        "factor_interpreter": _("interpreter factor, naive / kloop"),
        "factor_kernel": _("kernel factor, kloop / blas1"),
        "thread_speedup": _("thread speed-up, blas1 / blas"),
    }[name]


say(lambda _: table([_("ratio of times"), _("median"), _("interval (95 %)")],
                    [[ratio_label(_, name), "×" + _.number(r.value),
                      _.interval(r.low, r.high)]
                     for name, r in ratio.items()], left=1))

# %%
# What the threads gave
# ---------------------
# One BLAS thread against all of them separates the thread factor. With c cores it is at
# most about c, unless something besides the thread count differs between the two runs: a
# one-thread run slowed by other work on the machine, or the caches of the extra cores,
# which hold more of the matrices. The output below says which case this build is in.

cores = usable_cores()
threads = int(out.values["blas_threads"])
speedup = ratio["thread_speedup"]
threads_fact = ladder.threads_fact(speedup, cores, threads)


say(lambda _: _("usable cores: {cores}, BLAS threads: {threads}; all threads against one: "
                "×{speedup}, {verdict}",
                cores=_.number(cores), threads=_.number(threads),
                speedup=_.number(speedup.value),
                verdict=threads_verdict(_, threads_fact)))

# %%
# The threads at every size
# -------------------------
# The same speed-up at each size timed on both BLAS rungs, time on one thread ÷ time on every
# thread, as in the table above: below 1, the threads made the product slower; above the
# number of cores, faster than sharing the arithmetic among the cores alone explains. Waking
# the extra threads and dividing the work among them takes time of its own, which a small
# product may not repay. At the smallest sizes OpenBLAS may run on one thread whatever the
# setting: there the ratio compares two runs of the same work, and shows the noise between
# them.

speedups = {n: stats.ratio(timings["blas1"][n].runs, timings["blas"][n].runs)
            for n in timings["blas"] if n in timings["blas1"]}
thread_cost_fact = ladder.threads_cost_fact(speedups, cores, threads)
slower_at = ladder.slower_sizes(speedups)
beyond_cores_at = [] if thread_cost_fact == "one_core" else ladder.faster_than_cores(speedups, cores)
worst_n = min(slower_at or speedups, key=lambda n: speedups[n].value)  # the page quotes it if slower
worst = speedups[worst_n]
worst_slowdown = worst.inverse()
# whether the worst size's slowdown is slight (inside the 10 % band), and whether its interval
# lies below every other size's, as printed
worst_band = "inside" if stats.comparison(worst) == "slightly_shorter" else "beyond"
worst_alone = all(stats.interval_position(worst, other) == "below"
                  for n, other in speedups.items() if n != worst_n)
say(lambda _: table([_("N"), _("thread speed-up, blas1 / blas"), _("interval (95 %)")],
                    [[_.number(n), "×" + _.number(s.value),
                      _.interval(s.low, s.high)] for n, s in speedups.items()]))

# %%
# The claimed breakdown
# ---------------------
# The notes this site grew out of claim a gap of 10⁴ to 10⁵ at N = 1024, made of four
# factors: interpreter overhead ×100, no SIMD ×8, no cache blocking ×40 and one thread
# instead of four ×4. Those multiply to 128,000, which is itself above the claimed range.
# The ladder separates three steps, which are not the same split. The triple loop to the
# k-loop removes most of the interpreter's work, but also changes the numbers: Python float
# objects, each a float64 boxed on its own, become float32 NumPy arrays (each step reads a
# column of A, whose numbers lie N apart in memory, and a row of B, whose numbers lie side by
# side), and NumPy computes on them with SIMD instructions. The k-loop to one BLAS thread
# brings cache blocking, register reuse and fuller use of SIMD, which cannot be told apart
# from outside the library, and drops the costs the k-loop pays outside the library: a
# temporary N×N array per step, a pass of all of C through memory, the fixed cost of each
# call. The last step is the threads.

CLAIMED = {"interpreter": 100, "simd": 8, "blocking": 40, "threads": 4}
claimed_product = int(np.prod(list(CLAIMED.values())))
gap = ratio["gap"]
gap_fact = ladder.range_fact(gap, 1e4, 1e5)
estimate_fact = ladder.estimate_fact(at_big["naive"], naive_fit)


def claim_verdict(_, fact: str) -> str:
    """Where :func:`mmref.ladder.range_fact` put the gap against the claim, in ``_``'s language."""
    return {
        "below": _("below the claimed range"),
        "inside": _("inside the claimed range"),
        "edge": _("its interval across an end of the claimed range"),
        "above": _("above the claimed range"),
    }[fact]


def claim_values(_) -> dict[str, str]:
    """The claimed product, this build's gap and where it lies, in ``_``'s language."""
    return dict(claimed=_.number(claimed_product), gap=_.number(gap.value),
                verdict=claim_verdict(_, gap_fact))


say(lambda _: _("product of the claimed factors ×{claimed}; this build's gap, estimated, ×{gap}, "
                "{verdict}, 10⁴ to 10⁵", **claim_values(_)) if "naive" in estimated else
    _("product of the claimed factors ×{claimed}; this build's gap ×{gap}, {verdict}, 10⁴ to 10⁵",
      **claim_values(_)))

# %%
# Time against size
# -----------------
# Filled markers are medians of measured runs, with whiskers from the fastest to the slowest
# run; hollow markers at N = 1024 are the estimates described above; the dashed line is the
# triple loop's fitted power law, drawn from the smallest size it was fitted on and extended
# to N = 1024. The inputs are float32 arrays; the triple loop converts them to lists of
# Python floats and computes in float64. Below the axes: the machine.

COLORS = {"naive": "C3", "kloop": "C1", "blas1": "C0", "blas": "C2"}
all_timings = [*at_big.values(), *(t for by_n in timings.values() for t in by_n.values())]


def rung_label(_, rung):
    names = {"naive": _("Python triple loop (float64 lists)"),
             "kloop": _("Python loop over k, NumPy step"),
             "blas1": _("A @ B, one BLAS thread"), "blas": _("A @ B, every BLAS thread")}
    return names[rung]


def draw_ladder(_):
    fig, ax = plt.subplots(figsize=(7.5, 6.2), layout="constrained")
    for rung, times in timings.items():
        ns = sorted(times)
        med = np.array([times[n].median for n in ns])
        lo = med - [times[n].spread[0] for n in ns]
        hi = [times[n].spread[1] for n in ns] - med
        label = rung_label(_, rung)
        if rung in fits and falls[rung] is not None:  # no power law describes a fall
            small, large = falls[rung]
            label = _("{rung}: no p, the time fell from N = {small} to N = {large}", rung=label,
                      small=_.number(small), large=_.number(large))
        elif rung in fits:
            p = fits[rung].exponent
            label = _("{rung}: p = {p} {interval}", rung=label, p=_.number(p.value),
                      interval=_.interval(p.low, p.high))
        ax.errorbar(ns, med, yerr=[lo, hi], fmt="o-", color=COLORS[rung], capsize=2,
                    label=label)
        if rung in estimated:
            ax.plot([BIG], [at_big[rung].median], "o", mfc="white", mec=COLORS[rung], ms=8)
    ns = np.geomspace(min(fitted_sizes(timings["naive"])), BIG, 20)
    ax.plot(ns, fits["naive"](ns), "--", lw=0.8, color=COLORS["naive"],
            label=_("triple loop: fitted power law, extended"))
    ax.plot([], [], "o", mfc="white", mec="0.3", label=_("estimated from part of the work"))
    ax.set(xlabel=_("matrix size N"),
           ylabel=_("time per product (s),\nmedian of {n} runs", n=run_counts(all_timings)),
           title=_("Square matmul of float32 arrays, four ways\n(the triple loop in float64)"))
    figures.log_axes(ax, _, x=2, y=True)
    figures.legend_below(ax, fontsize="x-small", title_fontsize="x-small",
                         title=_("p: fitted exponent of time ∝ N^p, with its interval (95 %); "
                                 "cubic growth gives p = 3"))
    figures.machine_line(fig, _, out.values)
    return fig


fig = figures.figure(draw_ladder)

# %%
# The gap, factor by factor
# -------------------------
# Each factor is a bar from 1 on a logarithmic axis: the claimed one above, the one measured
# here (a ratio of medians) below, with a whisker across its 95 % interval, printed beside
# it. The claimed bar of the whole gap is the product of the
# four claimed factors, 128,000; the gap the source claims, 10⁴ to 10⁵, is the shaded band.
# The factors that involve a rung estimated at N = 1024 (the triple loop always, the loop over
# k when it was too slow to run whole) rest on that estimate: their bars are hatched and
# labelled as estimated. The source's thread factor
# was for four cores, which need not be this machine's count. A factor below 1 (a rung that
# was slower than the one before it) points left.
#
# The two splits are not the same, as the note below the axes says: the claimed SIMD factor
# is set against the k-loop to BLAS step, but the k-loop's NumPy steps already use SIMD, and
# the first measured step also changes how the numbers are stored and their precision.

CLAIMED_GROUPS = {"loops": CLAIMED["interpreter"], "kernel": CLAIMED["simd"] * CLAIMED["blocking"],
                  "threads": CLAIMED["threads"], "total": claimed_product}
MEASURED = {"loops": ratio["factor_interpreter"], "kernel": ratio["factor_kernel"],
            "threads": ratio["thread_speedup"], "total": ratio["gap"]}
RUNGS_OF = {"loops": ("naive", "kloop"), "kernel": ("kloop", "blas1"), "threads": ("blas1", "blas"),
            "total": ("naive", "blas")}
ESTIMATED = {k for k, rungs in RUNGS_OF.items() if estimated.intersection(rungs)}


def draw_factors(_):
    names = {"loops": _("triple loop to the k-loop\n(claimed: the interpreter)"),
             "kernel": _("k-loop to one BLAS thread\n(claimed: SIMD and\ncache blocking)"),
             "threads": _("one BLAS thread to all\n(claimed: {claimed} cores; here: {cores})",
                          claimed=_.number(CLAIMED["threads"]), cores=_.number(cores)),
             "total": _("the whole gap\n(claimed: the product\nof the claimed factors)")}
    fig, ax = plt.subplots(figsize=(7.5, 5.4), layout="constrained")
    rows = np.arange(len(names))[::-1]
    ax.fill_betweenx([rows[-1] - 0.45, rows[-1] + 0.45], 1e4, 1e5, color="0.85", zorder=0,
                     label=_("the gap the source claims, 10⁴ to 10⁵"))
    swatches = []
    for offset, (values, label, color) in enumerate(
            ((CLAIMED_GROUPS, _("claimed"), "0.6"), (MEASURED, _("measured here"), "C0"))):
        y = rows + (0.2 if offset == 0 else -0.2)
        measured = offset == 1
        widths = [values[k].value if measured else values[k] for k in names]
        hatched = [measured and k in ESTIMATED for k in names]
        swatches.append(Patch(color=color, label=label))  # the legend's swatch, unhatched
        bars = ax.barh(y, [w - 1 for w in widths], left=1, height=0.38, color=color)
        for bar, h in zip(bars, hatched):
            bar.set(hatch="//" if h else "", edgecolor="white")
        for yi, w, h, k in zip(y, widths, hatched, names):
            end = w
            if measured:
                q = values[k]
                ax.errorbar(w, yi, xerr=[[w - q.low], [q.high - w]], fmt="none", ecolor="0.15",
                            elinewidth=1, capsize=3)
                end = q.high
                factor = _.number(w) + " " + _.interval(q.low, q.high)
            else:
                factor = _.number(w)
            text = (_("×{factor}, estimated", factor=factor) if h else _("×{factor}", factor=factor))
            # right of the bar's end (or its whisker's), or, for a bar that points left
            # (below 1), right of the line at 1, clear of the row names
            ax.text(max(end, 1) * 1.15, yi, text, va="center", ha="left", fontsize="small")
    if ESTIMATED:
        swatches.append(Patch(facecolor="C0", hatch="//", edgecolor="white",
                              label=_("measured here, resting on an estimated rung")))
    figures.log_axes(ax, _, x=True, y=False)
    ax.set_xlim(0.1, 1e7)
    ax.axvline(1, color="0.3", lw=0.8)
    ax.set_yticks(rows, [names[k] for k in names])
    ax.set(xlabel=_("factor (log scale; 1 means no change)"),
           title=_("Where the gap at N = {n} comes from", n=BIG))
    ax.grid(axis="y", visible=False)
    figures.legend_below(ax, handles=[*ax.get_legend_handles_labels()[0], *swatches],
                         ncols=2, fontsize="x-small")
    figures.machine_line(
        fig, _, out.values,
        note=_("Not the same split: the k-loop's NumPy steps already use SIMD, and the first step "
               "also turns\nPython float64 objects into float32 NumPy arrays (a row of B contiguous, "
               "a column of A strided)."))
    return fig


fig = figures.figure(draw_factors)

# %%
# What the page quotes
# --------------------
# The theory page quotes these numbers and chooses its sentences from these facts.

out.record(
    big=BIG, naive_rows_timed=ROWS, kloop_steps_timed=STEPS, estimated_1024=",".join(sorted(estimated)),
    naive_seconds_1024=at_big["naive"].median,
    naive_seconds_1024_low=at_big["naive"].spread[0],
    naive_seconds_1024_high=at_big["naive"].spread[1],
    naive_seconds_1024_fit=naive_fit, naive_estimate_over_fit=estimate_over_fit,
    kloop_seconds_1024=at_big["kloop"].median,
    blas1_ms_1024=at_big["blas1"].median * 1e3,
    blas1_ms_1024_low=at_big["blas1"].spread[0] * 1e3,
    blas1_ms_1024_high=at_big["blas1"].spread[1] * 1e3,
    blas_ms_1024=at_big["blas"].median * 1e3,
    blas_ms_1024_low=at_big["blas"].spread[0] * 1e3,
    blas_ms_1024_high=at_big["blas"].spread[1] * 1e3,
    repeats=REPEAT, claimed_product=claimed_product,
    **{f"gflops_{rung}_1024": g for rung, g in gflops.items()},
    **{f"{name}": r.value for name, r in ratio.items()},
    **{f"{name}_low": r.low for name, r in ratio.items()},
    **{f"{name}_high": r.high for name, r in ratio.items()},
    **{f"slope_{rung}": f.exponent.value for rung, f in fits.items()},
    **{f"slope_{rung}_low": f.exponent.low for rung, f in fits.items()},
    **{f"slope_{rung}_high": f.exponent.high for rung, f in fits.items()},
    naive_fit_sizes=len(fitted_sizes(timings["naive"])),
    naive_fit_max=max(fitted_sizes(timings["naive"])),
)
out.fact("threads", threads_fact,
         choices=("one_core", "helps", "slightly_faster", "no_gain", "slightly_slower",
                  "slower", "above_cores", "reaches_cores"))
out.record(threads_compared_sizes=len(speedups), threads_slower_sizes=len(slower_at),
           threads_worst_n=worst_n,
           threads_worst_times=worst_slowdown.value, threads_worst_times_low=worst_slowdown.low,
           threads_worst_times_high=worst_slowdown.high,
           threads_beyond_cores_sizes=len(beyond_cores_at))
out.fact("threads_beyond_cores", "some" if beyond_cores_at else "none", choices=("some", "none"))
out.fact("threads_worst_band", worst_band, choices=("inside", "beyond"))
out.fact("threads_worst_alone", "yes" if worst_alone else "no", choices=("yes", "no"))
out.fact("threads_slower_count", {0: "none", 1: "one"}.get(len(slower_at), "several"),
         choices=("none", "one", "several"))
out.fact("threads_cost", thread_cost_fact, choices=("one_core", "slower_somewhere", "never_slower"))
out.fact("gap_vs_claim", gap_fact, choices=("below", "inside", "edge", "above"))
out.fact("naive_estimate_vs_fit", estimate_fact, choices=("above", "below", "close"))
out.fact("naive_kloop_estimated", "yes" if "kloop" in estimated else "no", choices=("yes", "no"))
out.fact("naive_growth", ladder.cubic_fact(fits["naive"].exponent),
         choices=("cubic", "not_cubic", "several_powers", "far_from_3"))
out.save()

# %%
# Run as a script, ``figures.show()`` opens the figures in windows, or saves them as PNG
# files where no window can open; a notebook shows each figure below the cell that draws it.

figures.show()
