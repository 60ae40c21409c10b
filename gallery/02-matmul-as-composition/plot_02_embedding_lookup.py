"""
Embedding lookup: indexing versus a one-hot matmul
==================================================

Fetching rows of an embedding table E (n_vocab = 600 rows of D = 64 numbers) can be written
as a matrix product, ``one_hot(idx) @ E``, or done directly as ``E[idx]``. The product spends
2·n_vocab = 1200 floating-point operations on every number it returns, the indexing none.
We time both for batches of 1 to 4096 token identifiers, compare the time ratio with that
operation count, and split the matmul path into its two parts.

Set ``MMREF_QUICK=1`` to run it in seconds with tiny sizes.
"""

# %%
# Setup
# -----
# The table and the token identifiers are random; only their sizes matter here.

from time import perf_counter

import matplotlib.pyplot as plt
import numpy as np
from threadpoolctl import threadpool_limits  # installed with mmref

from mmref import figures, flops, lookup_by_index, lookup_by_matmul, one_hot, report, stats
from mmref.numbers import round_parts
from mmref.printout import machine, say, table
from mmref.report import Report
from mmref.timing import machine_summary

THREADS = 1  # the product runs on one BLAS thread
out = Report("plot_02_embedding_lookup")
out.record(machine=machine_summary(threads=THREADS))
say(lambda _: machine(_, out.values, threads=THREADS))

rng = np.random.default_rng(0)
N_VOCAB, D = 600, 64
E = rng.standard_normal((N_VOCAB, D), dtype=np.float32)
BATCHES = [1, 8, 64] if report.quick() else [1, 8, 64, 512, 4096]
REPEAT = 5 if report.quick() else 9
MIN_TIME = 0.002 if report.quick() else 0.03


# %%
# What each method computes
# -------------------------
# :func:`mmref.lookup_by_matmul` builds a (batch, n_vocab) matrix of one-hot rows with
# :func:`mmref.one_hot` and multiplies it by E; :func:`mmref.lookup_by_index` asks NumPy for
# the rows directly. Both return the same (batch, D) array, which we check before timing.

idx = rng.integers(0, N_VOCAB, size=8)
assert np.array_equal(lookup_by_index(E, idx), lookup_by_matmul(E, idx))

# %%
# Counting the arithmetic
# -----------------------
# One row through the matmul costs 2·n_vocab·D FLOPs (:func:`mmref.flops.embedding_onehot`):
# a multiply and an add for each of the n_vocab entries of the one-hot, for each of the D
# output numbers. Indexing copies each output number once and computes nothing.

flop_per_row = flops.embedding_onehot(N_VOCAB, D)
flop_ratio = flop_per_row // D
say(lambda _: _("{flops} FLOPs per looked-up row; {ratio} per number returned",
                flops=_.number(flop_per_row), ratio=_.number(flop_ratio)))

# %%
# Timing the parts inside the same calls
# --------------------------------------
# Timing the two parts of the matmul path in separate loops does not give times that add
# up to the whole: a part timed alone reuses memory and caches in a way it cannot inside
# the whole path. So ``time_stages`` runs the whole path, call after call, and reads the
# clock between its parts: building the one-hot matrix, then multiplying it by E. The parts
# of every run add up to the whole path's time in that run (the clock readings, a fraction
# of a microsecond, included). Indexing is timed the same way, as a path of one part.
# Each run averages enough calls to last a few hundredths of a second, and we keep every
# run. The product runs on one BLAS thread, so neither method gets more cores than the
# other.


def time_stages(start, stages, repeat=REPEAT, min_time=MIN_TIME):
    """Seconds per call of each stage of a pipeline, one list of ``repeat`` runs per stage.

    ``stages`` are functions; the first takes ``start``, each next one the previous output.
    BLAS may use one thread.
    """
    with threadpool_limits(limits=THREADS, user_api="blas"):
        return _time_stages(start, stages, repeat, min_time)


def _time_stages(start, stages, repeat, min_time):
    def one_call(spent):
        value = start
        for i, stage in enumerate(stages):
            t0 = perf_counter()
            value = stage(value)
            spent[i] += perf_counter() - t0

    number = 1
    while True:  # calibrate: enough calls for one run to last min_time
        t0 = perf_counter()
        for _ in range(number):
            one_call([0.0] * len(stages))
        if perf_counter() - t0 >= min_time:
            break
        number *= 2
    runs = [[] for _ in stages]
    for _ in range(repeat):  # each run: `number` calls
        spent = [0.0] * len(stages)
        for _ in range(number):
            one_call(spent)
        for i, s in enumerate(spent):
            runs[i].append(s / number)
    return runs


rows = []
for batch in BATCHES:
    ids = rng.integers(0, N_VOCAB, size=batch)
    (index,) = time_stages(ids, [lambda i: lookup_by_index(E, i)])
    build, product = time_stages(ids, [lambda i: one_hot(i, N_VOCAB), lambda hot: hot @ E])
    whole = [b + p for b, p in zip(build, product)]
    rows.append({"batch": batch, "index": index, "build": build, "product": product,
                 "whole": whole, "ratio": stats.ratio(whole, index)})

# %%
# The median run
# --------------
# Every time shown below, in the table, the figure and the theory page, is the **median
# run**: of the runs, the one whose whole one-hot path took the median time
# (:func:`mmref.stats.median_run`), with that run's two parts. For indexing, a path of one
# part, that is its median. The parts of one run add up to its whole; the medians of the
# parts, each taken over the runs, need not add up to the median of the whole, so they are
# not shown. The table writes the parts rounded so that, as written, they add up to the
# whole (:func:`mmref.numbers.round_parts`); the time ratio is the ratio of the two medians.

DECIMALS = 1  # µs, in the table and on the theory page


def median_run_us(row):
    """The median run of ``row``'s one-hot path in µs: {"whole", "build", "product"}, the parts
    rounded to DECIMALS so that they add up to the whole as written."""
    i = stats.median_run(row["whole"])
    build, product = round_parts([row["build"][i] * 1e6, row["product"][i] * 1e6], DECIMALS)
    return {"whole": build + product, "build": build, "product": product}


for r in rows:
    r["median_run_us"] = median_run_us(r)


def timing_table(_) -> str:
    """The timings of every batch as a table, in ``_``'s language."""
    cells = []
    for r in rows:
        m, q = r["median_run_us"], r["ratio"]
        cells.append([_.number(r["batch"]), _.number(float(np.median(r["index"]) * 1e6)),
                      _.number(float(m["whole"]), decimals=DECIMALS), "=",
                      _.number(float(m["build"]), decimals=DECIMALS), "+",
                      _.number(float(m["product"]), decimals=DECIMALS), "×" + _.number(q.value),
                      _.interval(q.low, q.high)])
    header = [_("batch"), _("index"), _("one-hot path"), "=", _("build"), "+", _("product"),
              _("time ratio"), _("interval (95 %)")]
    return (_("µs per call: indexing, its median; the one-hot path, its median run, "
              "with that run's parts") + "\n" + table(header, cells))


say(timing_table)

# %%
# Which part of the matmul path costs more
# ----------------------------------------
# The decision is a ratio of two sets of runs with its 95 % bootstrap interval
# (:func:`mmref.stats.ratio`): a part is named larger only when the whole interval says so.
# It divides the median of each part, taken over all the runs, not the parts of the median
# run in the table above; the table and the decision can disagree, even when the table's
# parts lie far apart, most when the runs vary a lot, so each line gives the ratio that
# decided. A part took "slightly" longer when the interval excludes 1 and lies wholly inside
# the 10 % band around 1 (:func:`mmref.stats.comparison`).


def larger_part(q):
    """"build" or "product" when the interval of build ÷ product, ``q``, excludes 1;
    "build_slightly" or "product_slightly" when it also lies inside the 10 % band; "similar"
    when it contains 1."""
    return {"longer": "build", "slightly_longer": "build_slightly",
            "shorter": "product", "slightly_shorter": "product_slightly",
            "not_clear": "similar"}[stats.comparison(q)]


def against_flops(ratio, flop_ratio):
    """How the time ratio's interval compares with the FLOPs per number returned: "far_below"
    (under a tenth of them), "between" (below them and above their tenth), "below" (below
    them, and their tenth inside the interval), or "not_below"."""
    if ratio.below(flop_ratio / 10):
        return "far_below"
    if ratio.below(flop_ratio):
        return "between" if ratio.above(flop_ratio / 10) else "below"
    return "not_below"


small, large = rows[0], rows[-1]
largest_ratio = max((r["ratio"] for r in rows), key=lambda q: q.value)
# build ÷ product at each end, one bootstrap each: the page quotes the interval that decided
build_over_product = {"small": stats.ratio(small["build"], small["product"]),
                      "large": stats.ratio(large["build"], large["product"])}
facts = {
    "larger_part_small": larger_part(build_over_product["small"]),
    "larger_part_large": larger_part(build_over_product["large"]),
    "time_vs_flop_ratio": against_flops(largest_ratio, flop_ratio),
}


def larger_part_sentence(_, batch: int, part: str, q) -> str:
    """Which part of the one-hot path took longer at ``batch``, and the ratio that decided,
    ``q`` (build ÷ product), in ``_``'s language."""
    b = _.number(batch)
    verdict = {
        "build": _("batch of {batch}: building the one-hot matrix took longer than the product",
                   batch=b),
        "product": _("batch of {batch}: the product took longer than building the one-hot matrix",
                     batch=b),
        "build_slightly": _("batch of {batch}: building the one-hot matrix took slightly longer "
                            "than the product, by less than 10 %", batch=b),
        "product_slightly": _("batch of {batch}: the product took slightly longer than building "
                              "the one-hot matrix, by less than 10 %", batch=b),
        "similar": _("batch of {batch}: neither building the one-hot matrix nor the product "
                     "clearly took longer", batch=b),
    }[part]
    return _("{verdict} (build ÷ product, medians over all runs: ×{ratio} {interval})",
             verdict=verdict, ratio=_.number(q.value), interval=_.interval(q.low, q.high))


def against_flops_sentence(_, fact: str) -> str:
    """How the largest time ratio compares with the FLOPs per number returned, in ``_``'s language."""
    values = dict(ratio=_.number(largest_ratio.value), flops=_.number(flop_ratio),
                  interval=_.interval(largest_ratio.low, largest_ratio.high))
    return {
        "far_below": _("largest time ratio ×{ratio} {interval}: under a tenth of the {flops} "
                       "FLOPs per number returned", **values),
        "between": _("largest time ratio ×{ratio} {interval}: below the {flops} FLOPs per number "
                     "returned and above a tenth of them", **values),
        "below": _("largest time ratio ×{ratio} {interval}: below the {flops} FLOPs per number "
                   "returned, not clearly under a tenth of them", **values),
        "not_below": _("largest time ratio ×{ratio} {interval}: not below the {flops} FLOPs per "
                       "number returned", **values),
    }[fact]


say(lambda _: "\n".join([larger_part_sentence(_, small["batch"], facts["larger_part_small"],
                                              build_over_product["small"]),
                         larger_part_sentence(_, large["batch"], facts["larger_part_large"],
                                              build_over_product["large"]),
                         against_flops_sentence(_, facts["time_vs_flop_ratio"])]))

# %%
# At the largest batch, the product's speed against what indexing spends on each number it
# returns (each the median of its own runs).

product_gflops_large = float(flops.matmul(large["batch"], N_VOCAB, D) / np.median(large["product"]) / 1e9)
index_ns_per_number_large = float(np.median(large["index"]) / (large["batch"] * D) * 1e9)
number_over_flop_large = index_ns_per_number_large * product_gflops_large  # one FLOP takes 1/GFLOP/s ns
say(lambda _: _("batch of {batch}: the product ran at {gflops} GFLOP/s; indexing took {ns} ns per "
                "number returned, {ratio} times one FLOP of the product", batch=_.number(large["batch"]),
                gflops=_.number(product_gflops_large), ns=_.number(index_ns_per_number_large),
                ratio=_.number(number_over_flop_large)))

# %%
# Why the time ratio need not follow the FLOP count
# -------------------------------------------------
# Four likely reasons. The table above times each path and the parts of the one-hot path;
# it does not measure each reason's share, which would need a profiler:
#
# * Every NumPy call has a fixed cost (checking arguments, allocating the result). The
#   lookup is one call; the matmul path makes several: a range check on the identifiers, a
#   comparison against every column, a conversion to float32, then the product. For a
#   handful of rows these fixed costs, rather than arithmetic, may well take most of the
#   building's time; the table does not tell them apart from the rest of each part.
# * Whatever the batch, the product reads the whole table E: 600 · 64 float32 numbers,
#   153,600 bytes (:func:`mmref.flops.matmul_bytes` counts the bytes a product moves). For
#   a batch of one row that is 600 times the 256 bytes the row holds, and at that batch both
#   reading E and the fixed cost of the product's single call count; the table does not tell
#   which of the two is larger.
# * For large batches the lookup is pure memory traffic: D float32 numbers (256 bytes) per
#   row. The matmul path moves more memory: its one-hot matrix has n_vocab = 600 entries
#   per row, 9.4 times as many as the output row, written once as booleans and again as
#   float32 before the product reads it.
# * The product's extra arithmetic runs in an optimised BLAS kernel, which can do many FLOPs
#   per nanosecond, so the FLOP count may overstate what that arithmetic costs in time.

# %%
# Time and arithmetic side by side
# --------------------------------
# Left: the median run of each method, with the two parts of the one-hot path in that run;
# the whiskers reach from the fastest to the slowest run of each. Right: the time ratio
# with its 95 % interval, and a reference line at the FLOPs the product spends on each number
# it returns (a count, not a ratio of times). Below the panels: the machine they were
# measured on.


def draw(_):
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.5, 5.2), layout="constrained")
    batch = [r["batch"] for r in rows]
    lines = (("index", "o-", _("E[idx] (indexing)")),
             ("whole", "s-", _("one_hot(idx) @ E (build + product)")),
             ("build", "^--", _("part: building the one-hot")),
             ("product", "v--", _("part: the product")))
    for key, style, label in lines:
        shown = np.array([r[key][stats.median_run(r["index" if key == "index" else "whole"])]
                          for r in rows])
        low = shown - np.array([min(r[key]) for r in rows])
        high = np.array([max(r[key]) for r in rows]) - shown
        left.errorbar(batch, shown, yerr=[low, high], fmt=style, capsize=2, label=label,
                      lw=1 if "--" in style else 1.8, ms=4)
    figures.log_axes(left, _, x=2, y=True)
    left.set(xlabel=_("batch size (token identifiers per call)"),
             ylabel=_("time per call (s):\nmedian run, whiskers min–max"),
             title=_("Lookup time, n_vocab = {v}, D = {d}, {n} runs",
                     v=_.number(N_VOCAB), d=_.number(D), n=_.number(REPEAT)))
    figures.legend_below(left, fontsize="x-small")
    right.axhline(flop_ratio, ls="--", color="k",
                  label=_("reference count (not a time ratio): FLOPs the product\n"
                          "spends per number returned, 2·n_vocab = {r}",
                          r=_.number(flop_ratio)))
    q = [r["ratio"] for r in rows]
    value = np.array([x.value for x in q])
    right.errorbar(batch, value, yerr=[value - [x.low for x in q], [x.high for x in q] - value],
                   fmt="o-", color="C1", capsize=3,
                   label=_("time ratio: medians, bars = 95 % bootstrap interval"))
    figures.log_axes(right, _, x=2, y=True)
    right.set_ylim(1, 5 * flop_ratio)
    right.set(xlabel=_("batch size (token identifiers per call)"),
              ylabel=_("one-hot path time\n÷ indexing time"),
              title=_("Extra arithmetic versus extra time"))
    figures.legend_below(right, fontsize="x-small")
    figures.machine_line(fig, _, out.values, threads=THREADS)
    return fig


fig = figures.figure(draw)

# %%
# Results
# -------
# The numbers and facts the theory page quotes.

# The times are those of the median run, as the table writes them: the theory page quotes
# them with the same decimals, so that there too the parts add up to the whole.
ratios = [r["ratio"].value for r in rows]
shown = {k: r["median_run_us"] for k, r in (("small", small), ("large", large))}
out.record(
    flop_ratio=flop_ratio,
    flops_per_row_onehot=flop_per_row,
    vocab=N_VOCAB,
    dim=D,
    runs=REPEAT,
    batch_small=small["batch"],
    batch_large=large["batch"],
    time_ratio_min=min(ratios),
    time_ratio_max=largest_ratio.value,
    time_ratio_max_low=largest_ratio.low,
    time_ratio_max_high=largest_ratio.high,
    time_ratio_large=large["ratio"].value,
    time_ratio_large_low=large["ratio"].low,
    time_ratio_large_high=large["ratio"].high,
    build_share_large=float(shown["large"]["build"] / shown["large"]["whole"]),
    build_share_small=float(shown["small"]["build"] / shown["small"]["whole"]),
    index_us_large=float(np.median(large["index"]) * 1e6),
    # At the largest batch: the product's speed, the time indexing took per number it
    # returned, and how many times longer that was than one FLOP of the product.
    product_gflops_large=product_gflops_large,
    index_ns_per_number_large=index_ns_per_number_large,
    number_over_flop_large=number_over_flop_large,
    # At the largest batch, each part over the other, with the 95 % interval that decides
    # which part took longer.
    **{f"{name}{end}": value
       for name, q in (("build_over_product_large", build_over_product["large"]),
                       ("product_over_build_large", build_over_product["large"].inverse()))
       for end, value in (("", q.value), ("_low", q.low), ("_high", q.high))},
)
out.record_fixed(DECIMALS, **{f"{part}_us_{size}": shown[size][part]
                              for size in ("small", "large")
                              for part in ("whole", "build", "product")})
out.fact("larger_part_small", facts["larger_part_small"],
         choices=("build", "build_slightly", "product", "product_slightly", "similar"))
out.fact("larger_part_large", facts["larger_part_large"],
         choices=("build", "build_slightly", "product", "product_slightly", "similar"))
out.fact("time_vs_flop_ratio", facts["time_vs_flop_ratio"],
         choices=("far_below", "between", "below", "not_below"))
out.save()

# %%
# Run as a script, ``figures.show()`` opens the figures in windows, or saves them as PNG
# files where no window can open; a notebook shows each figure below the cell that draws it.

figures.show()
