"""
Drill 5: a loop of rank-1 updates versus one matmul
===================================================

``A @ B`` equals the sum over k of column k of A times row k of B, so a Python loop that
adds these outer products one at a time, ``C += A[:, k:k+1] @ B[k:k+1, :]``, computes the
same matrix. It is also many times slower. This script measures by how much, then takes one
step of the loop apart, timing its parts inside the loop itself so that they add up to the
step, and lets the measurements say which part costs the most.

Set ``MMREF_QUICK=1`` to run it in seconds with tiny sizes.
"""

# %%
# Setup
# -----
# All matrices are float32. Both versions run on one BLAS thread, so the comparison is
# between algorithms, not between core counts.

from time import perf_counter

import matplotlib.pyplot as plt
import numpy as np
from threadpoolctl import threadpool_limits  # installed with mmref

from mmref import figures, flops, outer_product_sum, report, stats
from mmref.numbers import round_parts
from mmref.printout import growth_phrase, machine, say
from mmref.report import Report
from mmref.timing import machine_summary, measure, measure_in_turns

THREADS = 1  # the BLAS threads every timing below uses
out = Report("plot_03_outer_product_loop")
out.record(machine=machine_summary(threads=THREADS))
say(lambda _: machine(_, out.values, threads=THREADS))

rng = np.random.default_rng(0)
DTYPE = np.float32
SIZES = [32, 128] if report.quick() else [64, 128, 256, 512]
REF_N = 256 if 256 in SIZES else SIZES[-1]  # the size the solution of drill 5 quotes
REPEAT = 5 if report.quick() else 9
MIN_TIME = 0.002 if report.quick() else 0.03


def inputs(n):
    return (rng.standard_normal((n, n), dtype=DTYPE), rng.standard_normal((n, n), dtype=DTYPE))


def seconds(call, threads=THREADS):
    """All runs of ``call`` (seconds per call), on ``threads`` BLAS threads."""
    return measure(call, repeat=REPEAT, min_time=MIN_TIME, threads=threads).runs


def seconds_taking_turns(*calls):
    """All runs of each of ``calls`` (seconds per call), on ``THREADS`` BLAS threads, the calls
    taking turns run by run (:func:`mmref.timing.measure_in_turns`)."""
    timings = measure_in_turns(calls, repeat=REPEAT, min_time=MIN_TIME, threads=[THREADS] * len(calls))
    return [timing.runs for timing in timings]


# %%
# The loop
# --------
# ``rank1_loop`` is the loop of the drill; it computes ``A @ B``.


def rank1_loop(a, b):
    c = np.zeros((a.shape[0], b.shape[1]), dtype=a.dtype)
    for k in range(a.shape[1]):
        c += a[:, k : k + 1] @ b[k : k + 1, :]
    return c


a, b = inputs(64)
assert np.allclose(rank1_loop(a, b), a @ b, rtol=1e-4, atol=1e-4)

# %%
# How much slower
# ---------------
# Each timing is repeated; the slowdown is the ratio of the two medians, with a 95 %
# bootstrap interval (:func:`mmref.stats.ratio`).

results = {}
for n in SIZES:
    a, b = inputs(n)
    loop, blas = seconds(lambda: rank1_loop(a, b)), seconds(lambda: a @ b)
    results[n] = {"loop": loop, "blas": blas, "slowdown": stats.ratio(loop, blas)}
    q = results[n]["slowdown"]
    say(lambda _: _("N = {n}: loop {loop} ms, A @ B {blas} ms (medians), slowdown ×{slowdown} "
                    "{interval}", n=_.number(n).rjust(4),
                    loop=_.number(float(np.median(loop) * 1e3)).rjust(8),
                    blas=_.number(float(np.median(blas) * 1e3)).rjust(7),
                    slowdown=_.number(q.value),
                    interval=_.interval(q.low, q.high)))

# %%
# Taking one step apart, inside the loop
# --------------------------------------
# A step does three things, and ``step_parts`` reads the clock between them, in the loop
# itself:
#
# * **slicing**: Python takes column k of A and row k of B (two views, no copying);
# * **outer product**: one NumPy call, ``tmp = col @ row``, allocates a new N×N array and
#   writes N² products into it;
# * **accumulate**: one more call, ``c += tmp``, reads the running result ``c`` and the
#   temporary ``tmp`` and writes ``c`` back.
#
# The parts of a step add up to the step as timed here, in every run. The lines below show
# the **median run**: of the runs, the one whose whole step took the median time
# (:func:`mmref.stats.median_run`), with that run's three parts, rounded so that, as
# written, they add up to the step (:func:`mmref.numbers.round_parts`). The medians of the
# parts, each taken over the runs, need not add up to the median step, so they are not
# shown. Each line also gives the loop timed whole, without clock readings, divided by N
# (the median of its runs). The two are separate measurements. The solution of drill 5
# compares them at one size: the N of the line "shares of the median run's step", in the next
# section. When they differ there by more than a fifth, it says which of the two times is
# longer and by how much. Reading the clock does not explain
# much of such a difference: a whole step on 2×2 matrices, below, with the same clock
# readings, bounds what they cost.


def step_parts(a, b):
    """Seconds per step spent in each part, averaged over the N steps of one loop."""
    n = a.shape[1]
    c = np.zeros((a.shape[0], b.shape[1]), dtype=a.dtype)
    spent = np.zeros(3)
    for k in range(n):
        t0 = perf_counter()
        col, row = a[:, k : k + 1], b[k : k + 1, :]
        t1 = perf_counter()
        tmp = col @ row
        t2 = perf_counter()
        c += tmp
        t3 = perf_counter()
        spent += (t1 - t0, t2 - t1, t3 - t2)
    return spent / n


PARTS = ("slicing", "outer", "accumulate")


def time_parts(a, b):
    """``REPEAT`` runs of :func:`step_parts`, each averaging enough loops to last MIN_TIME."""
    loops = max(1, int(MIN_TIME / (np.sum(step_parts(a, b)) * a.shape[1])))
    with threadpool_limits(limits=THREADS, user_api="blas"):
        runs = [np.mean([step_parts(a, b) for _ in range(loops)], axis=0) for _ in range(REPEAT)]
    return {part: [run[i] for run in runs] for i, part in enumerate(PARTS)}


DECIMALS = 1  # µs, in these lines and on the page of solutions


def median_run_us(r):
    """The median run of a step in µs: {"step", *PARTS}, the parts rounded to DECIMALS so that
    they add up to the step as written."""
    i = stats.median_run(r["step"])
    shown = dict(zip(PARTS, round_parts([r[p][i] * 1e6 for p in PARTS], DECIMALS)))
    return {"step": sum(shown.values()), **shown}


for n, r in results.items():
    a, b = inputs(n)
    r.update(time_parts(a, b))
    r["step"] = [sum(parts) for parts in zip(*(r[p] for p in PARTS))]
    r["loop_step"] = [t / n for t in r["loop"]]
    r["median_run_us"] = m = median_run_us(r)
    say(lambda _: _("N = {n}: one step, median run {step} µs = slicing {slicing} + outer product "
                    "{outer} + accumulate {accumulate} (the loop without clock readings: "
                    "{loop} µs per step)", n=_.number(n).rjust(4),
                    step=_.number(float(m["step"]), decimals=DECIMALS).rjust(7),
                    **{p: _.number(float(m[p]), decimals=DECIMALS) for p in PARTS},
                    loop=_.number(float(round_parts([float(np.median(r["loop_step"]) * 1e6)], DECIMALS)[0]),
                                  decimals=DECIMALS)))

# %%
# The fixed cost of a step is what a step costs when there is almost no work: the same
# three parts on 2×2 matrices.

tiny = inputs(2)
fixed = time_parts(*tiny)
fixed_step = [sum(parts) for parts in zip(*(fixed[p] for p in PARTS))]
say(lambda _: _("fixed cost of one step (2×2): {time} µs",
                time=_.number(float(np.median(fixed_step) * 1e6))))

# %%
# Which part dominates, and how a step grows
# ------------------------------------------
# A part is named the dominant one only when the 95 % interval of its time divided by the
# next largest part's lies above 1. The growth of a step's time with N comes from a power
# law fitted to the medians, time ≈ :math:`cN^p` (:func:`mmref.stats.power_law`), named by
# :func:`mmref.stats.growth_word`, which names a power only when its interval, widened by
# 0.15, allows no other, and the fitted exponent lies within 0.15 of it.


def dominant_part(parts):
    """The part whose runs are clearly the slowest (a name in ``parts``), or "none"."""
    ranked = sorted(parts, key=lambda p: np.median(parts[p]), reverse=True)
    top, second = ranked[0], ranked[1]
    return top if stats.ratio(parts[top], parts[second]).above(1) else "none"



ref = results[REF_N]
dominant = dominant_part({p: ref[p] for p in PARTS})
growth = stats.power_law(SIZES, [results[n]["step"] for n in SIZES])
step_growth = stats.growth_word(growth.exponent)


def part_name(_, part: str) -> str:
    """A part of a step (or "none"), in ``_``'s language."""
    return {"slicing": _("slicing"), "outer": _("outer product"), "accumulate": _("accumulate"),
            "none": _("none clearly")}[part]


e = growth.exponent
say(lambda _: _("N = {n}: the largest part of a step: {part}; a step grows as N^{p} {interval} "
                "({growth})", n=_.number(REF_N), part=part_name(_, dominant),
                p=_.number(e.value), interval=_.interval(e.low, e.high),
                growth=growth_phrase(_, e)))
shares = {p: float(100 * ref["median_run_us"][p] / ref["median_run_us"]["step"]) for p in PARTS}
say(lambda _: _("N = {n}: shares of the median run's step: slicing {slicing} %, outer product {outer} %, "
                "accumulate {accumulate} %", n=_.number(REF_N),
                **{p: _.number(share) for p, share in shares.items()}))

# %%
# What the outer product spends its time on
# -----------------------------------------
# The outer product both obtains a new N×N array and fills it. The two loops below do only
# the outer products, timed whole, without clock readings: one into a new array each time,
# one into an array allocated before the loop (``np.matmul(col, row, out=buffer)``). The
# ratio is new ÷ reused: above 1 when reusing the array is faster. It does not isolate the
# cost of obtaining an array, since ``np.matmul`` with ``out=`` may take another path
# inside NumPy; when reusing is slower, that is all it shows.


def outer_products(a, b, buffer=None):
    """The N outer products of the loop, each into a new array or into ``buffer``."""
    for k in range(a.shape[1]):
        np.matmul(a[:, k : k + 1], b[k : k + 1, :], out=buffer)


a, b = inputs(REF_N)
buffer = np.empty((REF_N, REF_N), dtype=a.dtype)
fresh, reused = ([t / REF_N for t in runs] for runs in
                 seconds_taking_turns(lambda: outer_products(a, b), lambda: outer_products(a, b, buffer)))
allocation = stats.ratio(fresh, reused)


def reuse_effect(ratio):
    """How reusing one array changed the outer products, from the ratio new ÷ reused, in the
    pages' words (:func:`mmref.stats.comparison`): "faster" when its whole 95 % interval lies
    above 1 and reaches beyond the 10 % band, "faster_beyond_band" when it lies wholly above
    the band (above 1.1), "slightly_faster" when it lies inside the band; "slower",
    "slower_beyond_band" and "slightly_slower" the same way below 1; "unclear" when it
    contains 1."""
    effect = {"longer": "faster", "slightly_longer": "slightly_faster", "not_clear": "unclear",
              "slightly_shorter": "slightly_slower", "shorter": "slower"}[stats.comparison(ratio)]
    if (effect == "faster" and ratio.above(1.1)) or (effect == "slower" and ratio.below(1 / 1.1)):
        return f"{effect}_beyond_band"
    return effect


def breakdown_agrees(step, loop_step, margin=0.2):
    """"yes" when the step timed in parts and the loop timed whole (medians) agree within
    ``margin``; otherwise "parts_longer" or "parts_shorter", as the step in parts compares."""
    ratio = np.median(step) / np.median(loop_step)
    if abs(ratio - 1) <= margin:
        return "yes"
    return "parts_longer" if ratio > 1 else "parts_shorter"


# %%
# The ladder's loop over k, :func:`mmref.outer_product_sum`, writes the same sum with
# ``np.outer`` instead of a matrix product whose inner dimension is 1. Timed per step, taking
# turns run by run with the drill's loop timed once more, it shows how the step changes when
# ``np.outer`` replaces the ``@`` call (the two also receive different slices:
# two-dimensional ones for ``@``, one-dimensional ones for ``np.outer``).

loop_again, kernel = ([t / REF_N for t in runs] for runs in
                      seconds_taking_turns(lambda: rank1_loop(a, b), lambda: outer_product_sum(a, b)))
outer_vs_matmul = stats.ratio(loop_again, kernel)


def faster_form(ratio):
    """"np_outer" when the @ loop is clearly slower than np.outer, "matmul" when it is clearly
    faster, "same" otherwise; "clearly" as everywhere on the site: the ratio's 95 % interval
    excludes 1."""
    if ratio.above(1):
        return "np_outer"
    if ratio.below(1):
        return "matmul"
    return "same"


def interval(_, ratio) -> dict[str, str]:
    """A ratio and its interval, three significant digits as the pages print them, in
    ``_``'s language."""
    return dict(ratio=_.number(ratio.value), interval=_.interval(ratio.low, ratio.high))


def form_verdict(_, form: str) -> str:
    """What :func:`faster_form` found, in ``_``'s language."""
    return {"np_outer": _("np.outer is faster"), "matmul": _("the loop above is faster"),
            "same": _("no clear difference")}[form]


def reuse_verdict(_, effect: str) -> str:
    """What :func:`reuse_effect` found, in ``_``'s language."""
    return {"faster": _("reusing is faster"), "slightly_faster": _("reusing is slightly faster"),
            "faster_beyond_band": _("reusing is faster"), "slower_beyond_band": _("reusing is slower"),
            "slower": _("reusing is slower"), "slightly_slower": _("reusing is slightly slower"),
            "unclear": _("no clear difference")}[effect]


say(lambda _: _("N = {n}: a step of mmref.outer_product_sum (np.outer) {time} µs; the loop "
                "above against np.outer, ×{ratio} {interval}: {verdict}", n=_.number(REF_N),
                time=_.number(float(np.median(kernel) * 1e6)),
                verdict=form_verdict(_, faster_form(outer_vs_matmul)),
                **interval(_, outer_vs_matmul)))
say(lambda _: _("N = {n}: outer product into a new array {fresh} µs, into one reused array "
                "{reused} µs: new ÷ reused {ratio} {interval}: {verdict}", n=_.number(REF_N),
                fresh=_.number(float(np.median(fresh) * 1e6)),
                reused=_.number(float(np.median(reused) * 1e6)),
                verdict=reuse_verdict(_, reuse_effect(allocation)), **interval(_, allocation)))

# %%
# Memory traffic
# --------------
# A step does 2N² FLOPs (N² multiplies, N² adds). With float32 (4 bytes a number) it writes
# the N×N temporary and reads it back, reads and writes C, and reads a column and a row:
# about 16N² bytes, so one FLOP for every 8 bytes. One call to ``A @ B`` needs to read A
# and B and write C only once, so it can do N/6 FLOPs per byte
# (:func:`mmref.flops.ideal_intensity`); BLAS keeps blocks of its operands in cache and
# registers to come close.

itemsize = np.dtype(DTYPE).itemsize
flop_per_step = 2 * REF_N * REF_N
bytes_per_step = (4 * REF_N * REF_N + 2 * REF_N) * itemsize
intensity_step = flop_per_step / bytes_per_step
say(lambda _: _("N = {n}: {flops} FLOPs and {bytes} bytes per step ({intensity} FLOP/byte); "
                "A @ B at best {best} FLOP/byte", n=_.number(REF_N), flops=_.number(flop_per_step),
                bytes=_.number(bytes_per_step), intensity=_.number(intensity_step),
                best=_.number(float(flops.ideal_intensity(REF_N, REF_N, REF_N, itemsize)))))

# %%
# Time per step against size
# --------------------------
# Left: the median run of a step timed in parts and its three parts, as printed above
# (whiskers: fastest to slowest run of each), the loop timed whole divided by N, the fixed
# cost measured on 2×2 matrices, and the time ``A @ B`` spends per value of k (its median
# divided by N). Right: the slowdown, the loop timed whole divided by ``A @ B`` (medians),
# with its 95 % interval; the left panel's two lines of the loop and of ``A @ B`` give it.
# Below the panels: the machine they were measured on.


def whiskers(ax, xs, runs, shown, style, label, **kw):
    """Points at ``shown`` (one value per x), whiskers from the fastest to the slowest run."""
    shown = np.asarray(shown, dtype=float)
    err = [shown - [min(r) for r in runs], [max(r) for r in runs] - shown]
    ax.errorbar(xs, shown, yerr=err, fmt=style, capsize=2, ms=4, label=label, **kw)


def draw(_):
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.5, 5.6), layout="constrained")
    ns = SIZES
    for part, style, color, label, lw in (
            ("step", "o-", "C1", _("one step timed in parts (sum of its parts)"), 1.8),
            ("outer", "^--", "C4", _("part: outer product (new N×N array)"), 1),
            ("accumulate", "v--", "C2", _("part: accumulation, c += tmp"), 1),
            ("slicing", "x--", "C7", _("part: slicing"), 1)):
        runs = [results[n][part] for n in ns]
        median_run = [r[stats.median_run(results[n]["step"])] for n, r in zip(ns, runs)]
        whiskers(left, ns, runs, median_run, style, label, color=color, lw=lw)
    loop_step = [results[n]["loop_step"] for n in ns]
    whiskers(left, ns, loop_step, [np.median(r) for r in loop_step], "D-",
             _("the loop timed whole ÷ N"), color="C3", lw=1.8)
    blas_per_k = [[t / n for t in results[n]["blas"]] for n in ns]
    whiskers(left, ns, blas_per_k, [np.median(r) for r in blas_per_k], "s-",
             _("A @ B: time ÷ N"), color="C0")
    left.axhline(np.median(fixed_step), ls=":", color="0.3", label=_("fixed cost of a step (2×2)"))
    figures.log_axes(left, _, x=2, y=True)
    left.set(xlabel=_("matrix size N"), ylabel=_("time (s): median run, whiskers min–max"),
             title=_("Time per value of k, {n} runs", n=_.number(REPEAT)))
    figures.legend_below(left, fontsize="x-small")
    q = [results[n]["slowdown"] for n in ns]
    value = np.array([x.value for x in q])
    right.errorbar(ns, value, yerr=[value - [x.low for x in q], [x.high for x in q] - value],
                   fmt="o-", color="C3", capsize=3)
    for n, x in zip(ns, q):
        right.annotate("×" + _.number(x.value), (n, x.value), textcoords="offset points",
                       xytext=(7, 0), ha="left", va="center", fontsize="small")
    figures.log_axes(right, _, x=2, y=False)
    _.ticks(right.yaxis)
    right.set_ylim(0, 1.25 * max(x.high for x in q))
    right.set(xlabel=_("matrix size N"), ylabel=_("loop timed whole ÷ A @ B (medians)"),
              title=_("Slowdown of the loop of rank-one updates, bars = 95 % bootstrap interval"))
    right.title.set_fontsize("medium")  # so that the long title fits the panel
    figures.machine_line(fig, _, out.values, threads=THREADS)
    return fig


fig = figures.figure(draw)

# %%
# Results
# -------
# The numbers and facts the solution of drill 5 quotes.

# The step and its parts are the median run's, as printed above: the page quotes them with
# the same decimals, so that there too the parts add up to the step.
slow = ref["slowdown"]
shown = ref["median_run_us"]
slowdowns = {n: r["slowdown"] for n, r in results.items()}
least, least_rival = stats.extreme(slowdowns, lowest=True)
most, most_rival = stats.extreme(slowdowns, lowest=False)
out.record(
    ref_n=REF_N,
    runs=REPEAT,
    # the size of each extreme, so that the page ties each number to its N, and the size
    # whose interval overlaps it (itself when none does: then only the extreme is quoted)
    size_slowdown_min=least, size_slowdown_max=most,
    size_slowdown_min_rival=least_rival or least, size_slowdown_max_rival=most_rival or most,
    size_min=min(SIZES), size_max=max(SIZES),
    outer_fresh_us_ref=float(np.median(fresh) * 1e6),
    outer_reused_us_ref=float(np.median(reused) * 1e6),
    allocation_ratio=allocation.value, allocation_ratio_low=allocation.low,
    allocation_ratio_high=allocation.high,
    np_outer_step_us_ref=float(np.median(kernel) * 1e6),
    matmul_over_np_outer=outer_vs_matmul.value, matmul_over_np_outer_low=outer_vs_matmul.low,
    matmul_over_np_outer_high=outer_vs_matmul.high,
    loop_ms_ref=float(np.median(ref["loop"]) * 1e3),
    blas1_ms_ref=float(np.median(ref["blas"]) * 1e3),
    **{f"{p}_share_pct_ref": share for p, share in shares.items()},
    step_overhead_us=float(np.median(fixed_step) * 1e6),
    step_exponent=growth.exponent.value,
    step_exponent_low=growth.exponent.low,
    step_exponent_high=growth.exponent.high,
    itemsize=itemsize,
    flop_per_step_ref=flop_per_step,
    bytes_per_step_ref=bytes_per_step,
    intensity_step=intensity_step,
    intensity_blas_ideal_ref=flops.ideal_intensity(REF_N, REF_N, REF_N, itemsize),
)
out.record_fixed(DECIMALS, **{f"{p}_us_ref": shown[p] for p in ("step", *PARTS)})
out.record(slowdown_ref=slow.value, slowdown_ref_low=slow.low, slowdown_ref_high=slow.high,
           slowdown_min=slowdowns[least].value, slowdown_max=slowdowns[most].value,
           slowdown_min_rival=slowdowns[least_rival or least].value,
           slowdown_max_rival=slowdowns[most_rival or most].value)
# The loop timed whole, and its difference from the step in parts, from the numbers as quoted.
loop_shown = round_parts([float(np.median(ref["loop_step"]) * 1e6)], DECIMALS)[0]
gap_shown = abs(shown["step"] - loop_shown)
out.record_fixed(DECIMALS, loop_step_us_ref=loop_shown, breakdown_gap_us=gap_shown)
out.record(breakdown_gap_pct=float(100 * gap_shown / loop_shown))
out.fact("slowdown_min_alone", "yes" if least_rival is None else "no", choices=("yes", "no"))
out.fact("slowdown_max_alone", "yes" if most_rival is None else "no", choices=("yes", "no"))
out.fact("dominant_step_part", dominant, choices=(*PARTS, "none"))
# Whether C and the temporary fit together in the L2 cache one core uses (the drill's answer
# asks whether the step can keep them in cache).
operands_kib = 2 * REF_N * REF_N * itemsize // 1024
fits_l2 = ("unknown" if not figures.reported(out.values, "l2_kib") else
           "yes" if operands_kib <= int(out.values["l2_kib"]) else "no")
out.record(operands_kib_ref=operands_kib)
out.fact("fits_l2", fits_l2, choices=("yes", "no", "unknown"))
out.fact("reuse", reuse_effect(allocation),
         choices=("faster_beyond_band", "faster", "slightly_faster", "unclear", "slightly_slower",
                  "slower", "slower_beyond_band"))
out.fact("faster_form", faster_form(outer_vs_matmul), choices=("np_outer", "matmul", "same"))
out.fact("breakdown_agrees", breakdown_agrees(ref["step"], ref["loop_step"]), choices=("yes", "parts_longer", "parts_shorter"))
out.fact("step_growth", step_growth,
         choices=("sublinear", "linear", "between", "quadratic", "cubic", "faster", "unclear"))
out.save()

# %%
# Run as a script, ``figures.show()`` opens the figures in windows, or saves them as PNG
# files where no window can open; a notebook shows each figure below the cell that draws it.

figures.show()
