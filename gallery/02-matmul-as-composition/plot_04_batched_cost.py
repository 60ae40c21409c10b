"""
The cost of batched matmul
==========================

``np.matmul`` on arrays of shape (B, H, M, K) and (B, H, K, N) performs n = B·H independent
(M, K) @ (K, N) products, so its FLOP count is 2·B·H·M·K·N: the cost of one product times
the number of products. We time such calls for a fixed size of each product and a growing
number of products, follow the time per product from the smallest stack to the largest, and
then use the FLOP rule to compare the arithmetic in the two blocks of the curriculum's
MiniGPT.

Set ``MMREF_QUICK=1`` to run it in seconds with tiny sizes.
"""

# %%
# Setup
# -----
# Heads are fixed at H = 4 and the batch size B grows, so a call multiplies n = B·H
# products; every product is a small square float32 product, as in one attention head.
# Times are for one BLAS thread, on the machine described in the first line of output.

from collections.abc import Iterable, Sequence

import matplotlib.pyplot as plt
import numpy as np

from mmref import figures, flops, report, stats
from mmref.printout import machine, say
from mmref.report import Report
from mmref.timing import machine_summary, measure

THREADS = 1  # the BLAS threads every timing below uses
out = Report("plot_04_batched_cost")
out.record(machine=machine_summary(threads=THREADS))
say(lambda _: machine(_, out.values, threads=THREADS))

rng = np.random.default_rng(0)
H = 4
BATCHES = [1, 4, 16] if report.quick() else [1, 4, 16, 64, 256, 1024]  # values of B
SIZES = [16, 64]  # M = K = N of each product
REPEAT = 5 if report.quick() else 9
MIN_TIME = 0.002 if report.quick() else 0.03

# %%
# Counting before timing
# ----------------------
# :func:`mmref.flops.batched_matmul` reads the FLOP count off the two shapes alone. It
# agrees with 2·B·H·M·K·N for every shape we are about to time.

for s in SIZES:
    for b in BATCHES:
        assert flops.batched_matmul((b, H, s, s), (b, H, s, s)) == 2 * b * H * s * s * s
say(lambda _: _("FLOP counts agree with 2·B·H·M·K·N"))

# %%
# Time against the number of products
# -----------------------------------
# For each size and each batch size B, one call multiplies n = B·H pairs of random float32
# matrices with ``x @ y``. Every timing is repeated and all runs are kept; the table shows
# the median, the median divided by n (the time per product) and the speed it implies.


def batched(b, s):
    x = rng.standard_normal((b, H, s, s), dtype=np.float32)
    y = rng.standard_normal((b, H, s, s), dtype=np.float32)
    return lambda: x @ y


runs = {s: {b * H: measure(batched(b, s), repeat=REPEAT, min_time=MIN_TIME, threads=THREADS).runs
            for b in BATCHES} for s in SIZES}
for s, by_n in runs.items():
    for n, r in by_n.items():
        g = flops.matmul(s, s, s, batch=n) / np.median(r) / 1e9
        say(lambda _: _("M = K = N = {s}, n = B·H = {n}: {call} µs per call, {product} µs per product, "
                        "{speed} GFLOP/s", s=_.number(s), n=_.number(n).rjust(5),
                        call=_.number(float(np.median(r) * 1e6)).rjust(10),
                        product=_.number(float(np.median(r) / n * 1e6)).rjust(8),
                        speed=_.number(float(g)).rjust(6)))

# %%
# The time per product, from the smallest stack to the largest
# ------------------------------------------------------------
# If the time of a call were in proportion to n, as its FLOP count is, the time per product
# would be the same in every stack. Two effects can move it: the fixed cost of the call,
# shared by more products as n grows (it would fall), and operands that outgrow a cache level
# (three arrays of n·M·M float32 numbers), which would make each product wait longer for
# memory (it would rise). Which of them shows, where, and how much, depends on the machine,
# and this script does not measure either. It divides every run by n and decides, from the
# runs, how the time per product moved: "flat" when the 95 % interval of every stack's
# median over the smallest stack's lies wholly between 1 ÷ 1.1 and 1.1. Otherwise it looks for a turn: the stack in between with the lowest median, when it
# lies clearly below the smallest stack's and the largest stack lies clearly above it
# ("falls, then rises"), or the stack in between with the highest median, the other way
# round ("rises, then falls"). A turn must leave the same 10 % band: each of its two moves
# counts only when the 95 % interval of its ratio lies wholly beyond the band, so a dip or a
# bump that "flat" would accept is not a turn. Elsewhere "clearly" means that the 95 %
# interval of the ratio excludes 1. Without a turn: "falls" or "rises" when the largest
# stack's median is clearly below or above the smallest's, and "changes, with no clear
# direction" when it is neither.


def turning_point(per_product: Sequence[Sequence[float]],
                  margin: float = 1.1) -> tuple[int, str] | None:
    """The stack in between where the time per product turned, with the way it turned.

    ``(i, "falls_then_rises")`` when stack ``i``, the lowest median of the stacks between the
    first and the last, lies clearly below the first stack and the last stack lies clearly
    above it; ``(i, "rises_then_falls")`` when the highest median in between lies clearly
    above the first and the last clearly below it.  The earlier stack when both hold; None
    when neither does.  "Clearly", for a turn, is the flat band of :func:`per_product_trend`:
    the 95 % interval of each move's ratio lies wholly beyond ``margin`` (below
    ``1/margin`` for a fall, above ``margin`` for a rise), so a move the band calls flat
    makes no turn.
    """
    medians = [float(np.median(r)) for r in per_product]
    inner = range(1, len(per_product) - 1)
    if not inner:
        return None
    low = min(inner, key=medians.__getitem__)
    high = max(inner, key=medians.__getitem__)
    turns = []
    if (stats.ratio(per_product[low], per_product[0]).below(1 / margin)
            and stats.ratio(per_product[-1], per_product[low]).above(margin)):
        turns.append((low, "falls_then_rises"))
    if (stats.ratio(per_product[high], per_product[0]).above(margin)
            and stats.ratio(per_product[-1], per_product[high]).below(1 / margin)):
        turns.append((high, "rises_then_falls"))
    return min(turns, default=None)


def per_product_trend(per_product: Sequence[Sequence[float]], margin: float = 1.1) -> str:
    """How the time per product moved over the stacks: "flat", "falls_then_rises",
    "rises_then_falls", "falls", "rises" or "changes".

    ``per_product`` holds, for each stack from the smallest to the largest, the runs of one
    call divided by its number of products.  "flat" when every stack's median lies within
    ``margin`` of the first stack's (each ratio's 95 % interval inside ``[1/margin,
    margin]``); otherwise the turn of :func:`turning_point` if there is one; otherwise
    "falls" or "rises" when the last stack's median is clearly below or above the first's
    (the interval of their ratio excludes 1), and "changes" when neither.
    """
    to_first = [stats.ratio(r, per_product[0]) for r in per_product[1:]]
    if all(1 / margin <= q.low and q.high <= margin for q in to_first):
        return "flat"
    if turn := turning_point(per_product, margin):
        return turn[1]
    if to_first[-1].below(1):
        return "falls"
    if to_first[-1].above(1):
        return "rises"
    return "changes"


def one_exponent(trends: Iterable[str]) -> str:
    """Whether one fitted exponent describes every size: "describes" when the time per product
    was flat for all of them, "summarises" otherwise (a change of trend may hide in it)."""
    return "describes" if all(t == "flat" for t in trends) else "summarises"


TRENDS = ("flat", "falls", "rises", "falls_then_rises", "rises_then_falls", "changes")
per_product = {s: [[t / n for t in r] for n, r in by_n.items()] for s, by_n in runs.items()}
products = {s: list(by_n) for s, by_n in runs.items()}  # n of each stack, smallest first
trend = {s: per_product_trend(per_product[s]) for s in SIZES}
rise = {s: stats.ratio(per_product[s][-1], per_product[s][0]) for s in SIZES}
fall = {s: rise[s].inverse() for s in SIZES}  # the same interval, read the other way
# The turn and the two moves around it: each move a ratio above 1 (the larger time over the
# smaller). Without a turn the page quotes none of these; the lowest stack in between stands in.
turn = {s: (turning_point(per_product[s])
            or (min(range(1, len(per_product[s]) - 1),
                    key=lambda i, s=s: np.median(per_product[s][i]), default=0), "falls_then_rises"))
        for s in SIZES}
before, after = {}, {}
for s, (i, way) in turn.items():
    first, middle, last = per_product[s][0], per_product[s][i], per_product[s][-1]
    falls_first = way == "falls_then_rises"
    before[s] = stats.ratio(first, middle) if falls_first else stats.ratio(middle, first)
    after[s] = stats.ratio(last, middle) if falls_first else stats.ratio(middle, last)


def interval(_, ratio) -> dict[str, str]:
    """A ratio and its interval, three significant digits as the pages print them, in
    ``_``'s language."""
    return dict(ratio=_.number(ratio.value), interval=_.interval(ratio.low, ratio.high))


def trend_name(_, trend: str) -> str:
    """A trend of the time per product (one of ``TRENDS``), in ``_``'s language."""
    return {"flat": _("flat"), "falls": _("falls"), "rises": _("rises"),
            "falls_then_rises": _("falls, then rises"), "rises_then_falls": _("rises, then falls"),
            "changes": _("changes, with no clear direction")}[trend]


for s in SIZES:
    first, last = (np.median(per_product[s][i]) * 1e6 for i in (0, -1))
    mib = 3 * max(runs[s]) * s * s * 4 / 2**20  # three float32 arrays of n·M² numbers
    # the ratio the page quotes: first over last when the time per product falls
    falls = trend[s] == "falls"
    say(lambda _: _("M = K = N = {s}: per product {first} µs (n = {n_first}) to {last} µs (n = {n_last}), "
                    "{direction} ×{ratio} {interval}: {trend}; operands at the largest n: "
                    "{mib} MiB", s=_.number(s), first=_.number(float(first)),
                    n_first=_.number(min(runs[s])), last=_.number(float(last)),
                    n_last=_.number(max(runs[s])), trend=trend_name(_, trend[s]),
                    direction=_("first/last") if falls else _("last/first"),
                    mib=_.number(float(mib)), **interval(_, fall[s] if falls else rise[s])))
    if trend[s] in ("falls_then_rises", "rises_then_falls"):
        i = turn[s][0]
        say(lambda _: "    " + _("turn at n = {n}: {time} µs per product, ×{before} {before_interval} "
                                  "before, ×{after} {after_interval} after",
                                  n=_.number(products[s][i]),
                                  time=_.number(float(np.median(per_product[s][i]) * 1e6)),
                                  before=_.number(before[s].value),
                                  before_interval=_.interval(before[s].low, before[s].high),
                                  after=_.number(after[s].value),
                                  after_interval=_.interval(after[s].low, after[s].high)))

# %%
# One exponent for the whole range
# --------------------------------
# A power law :math:`t \approx cn^p`, with t the time of a call, is fitted to the medians of each size
# (:func:`mmref.stats.power_law`), with a 95 % bootstrap interval for p. A time in proportion
# to n has p = 1. The fit gives one number for the whole range: when the time per product is
# not flat, that number averages over stretches that may move in different directions, and
# its interval, however narrow, measures only the noise between runs, not how well one power
# law fits.

fits = {s: stats.power_law(list(by_n), list(by_n.values())) for s, by_n in runs.items()}
exponent_fact = one_exponent(trend.values())
for s, f in fits.items():
    p = f.exponent
    say(lambda _: _("M = K = N = {s}: t ∝ n^{p} {interval}", s=_.number(s), p=_.number(p.value),
                    interval=_.interval(p.low, p.high)))
not_flat = [s for s, t in trend.items() if t != "flat"]
if not not_flat:
    say(lambda _: _("the time per product was flat for every product size: each exponent "
                    "describes it"))
elif len(not_flat) == len(trend):
    say(lambda _: _("the time per product was flat for no product size: each exponent only "
                    "averages over the stacks"))
else:
    say(lambda _: _("the time per product was not flat for M = K = N = {sizes}: there the "
                    "exponent only averages over the stacks",
                    sizes=", ".join(_.number(s) for s in not_flat)))

# %%
# The same rule at model scale
# ----------------------------
# The curriculum's MiniGPT has B = 32 sequences of T = 16 tokens, model width D = 64,
# feed-forward width D_ff = 256, and H = 4 heads of width D_k = 16. The feed-forward block
# is two ordinary matmuls, (B·T, D)·(D, D_ff) and then (B·T, D_ff)·(D_ff, D)
# (:func:`mmref.flops.ffn`). The attention block has four projections (queries, keys,
# values, output) and a core of two batched matmuls, the scores and the weighted sum of the
# values, each with one product per sequence and head (:func:`mmref.flops.attention_block`).
# These are counts, not timings: they hold on any machine.

ffn = flops.ffn(32, 16, 64, 256)
proj = flops.attention_projections(32, 4, 16, 64, 16)
core = flops.attention_core(32, 4, 16, 16)
attention = flops.attention_block(32, 4, 16, 64, 16)
assert proj + core == attention
say(lambda _: _("FFN {ffn} FLOPs; attention {attention} = projections {proj} + core {core}",
                ffn=_.number(ffn), attention=_.number(attention), proj=_.number(proj),
                core=_.number(core)))
say(lambda _: _("attention / FFN = {ratio}", ratio=_.number(attention / ffn, decimals=4)))  # exact

# %%
# Figures
# -------
# Left: the median time of each call (whiskers: fastest to slowest run) and the fitted
# power law, drawn over the whole range of n. Right: the same runs divided by n, the time
# per product; a time in proportion to n would be a horizontal line there. Below the
# panels: the machine they were measured on.


def whiskers(ax, xs, runs_at_x, style, color, label):
    med = np.array([np.median(r) for r in runs_at_x])
    low = med - np.array([min(r) for r in runs_at_x])
    high = np.array([max(r) for r in runs_at_x]) - med
    ax.errorbar(xs, med, yerr=[low, high], fmt=style, color=color, capsize=2, ms=4, label=label)


def draw_scaling(_):
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.5, 5.4), layout="constrained")
    for i, (s, by_n) in enumerate(runs.items()):
        n = np.array(list(by_n), dtype=float)
        p = fits[s].exponent
        size = _("M = K = N = {s}", s=_.number(s))
        whiskers(left, n, list(by_n.values()), "o", f"C{i}", size)
        grid = np.geomspace(n.min(), n.max(), 50)
        left.plot(grid, [fits[s](x) for x in grid], "-", color=f"C{i}", lw=1, alpha=0.7,
                  label=_("M = K = N = {s}, fit: t ∝ n to the power {p} {interval} (95 %)", s=_.number(s),
                          p=_.number(p.value),
                          interval=_.interval(p.low, p.high)))
        whiskers(right, n, [[t * 1e6 for t in r] for r in per_product[s]], "o-", f"C{i}",
                 size)
        quoted = [(n[0], per_product[s][0], (5, 5)), (n[-1], per_product[s][-1], (6, 0))]
        if turn := turning_point(per_product[s]):  # the page quotes the turn's median too
            quoted.append((n[turn[0]], per_product[s][turn[0]], (5, 5)))
        for x, r, offset in quoted:
            # the medians the page quotes, written beside their points
            median_us = float(np.median(r)) * 1e6
            right.annotate(_.number(median_us), (x, median_us),
                           textcoords="offset points", xytext=offset, ha="left",
                           va="bottom" if offset[1] else "center", fontsize="x-small", color=f"C{i}")
    figures.log_axes(left, _, x=2, y=True)
    left.set(xlabel=_("products per call, n = B·H (H = 4)"),
             ylabel=_("time per call t (s):\nmedian, whiskers min–max"),
             title=_("Time against the number of products, {n} runs", n=_.number(REPEAT)))
    figures.legend_below(left, fontsize="x-small")
    figures.log_axes(right, _, x=2, y=True)
    right.set(xlabel=_("products per call, n = B·H (H = 4)"),
              ylabel=_("time per product (µs): t ÷ n,\nmedian, whiskers min–max"),
              title=_("Time per product"))
    figures.legend_below(right, fontsize="x-small")
    figures.machine_line(fig, _, out.values, threads=THREADS)
    return fig


fig = figures.figure(draw_scaling)

# %%
# The FLOPs of the two MiniGPT blocks, with the attention block split into its
# projections and its batched core:


def draw_blocks(_):
    fig, ax = plt.subplots(figsize=(7.0, 5.0), layout="constrained")
    ax.bar([0], [ffn / 1e6], width=0.55, color="C0",
           label=_("x @ W₁: (B·T, D)·(D, D_ff); h @ W₂: (B·T, D_ff)·(D_ff, D)"))
    ax.bar([1], [proj / 1e6], width=0.55, color="C1", label=_("Q, K, V and output projections"))
    ax.bar([1], [core / 1e6], width=0.55, bottom=proj / 1e6, color="C3",
           label=_("core: scores and weighted sum of the values (B·H products each)"))
    for x, total in ((0, ffn), (1, attention)):
        ax.text(x, total / 1e6 + 0.5, _.number(total / 1e6), ha="center")
    ax.set_xticks([0, 1], [_("feed-forward\nblock"), _("attention\nblock")])
    ax.set_ylim(0, ffn / 1e6 * 1.3)
    _.ticks(ax.yaxis)
    ax.set(ylabel=_("FLOPs per forward pass (millions)"),
           title=_("MiniGPT (B = 32, T = 16, D = 64, D_ff = 256, H = 4, D_k = 16):\n"
                   "FLOPs per block (counted)"))
    figures.legend_below(ax, fontsize="x-small")
    ax.grid(axis="x", visible=False)
    return fig


fig = figures.figure(draw_blocks)

# %%
# Results
# -------
# The numbers and facts the theory page quotes: the time per product in the smallest and
# the largest stack (µs), the ratio of the two both ways (with its interval), the turn and
# the moves before and after it, the fitted exponents, and the facts decided above.

out.record(
    heads=H,
    runs=REPEAT,
    products_min=min(BATCHES) * H,
    products_max=max(BATCHES) * H,
    **{f"exponent_{s}": f.exponent.value for s, f in fits.items()},
    **{f"exponent_{s}_low": f.exponent.low for s, f in fits.items()},
    **{f"exponent_{s}_high": f.exponent.high for s, f in fits.items()},
    ffn_flops=ffn,
    attention_flops=attention,
    attention_projection_flops=proj,
    attention_core_flops=core,
)
out.record_fixed(4, attention_to_ffn=attention / ffn)
for s in SIZES:
    out.record(**{
        f"per_product_us_first_{s}": np.median(per_product[s][0]) * 1e6,
        f"per_product_us_last_{s}": np.median(per_product[s][-1]) * 1e6,
        f"per_product_rise_{s}": rise[s].value,  # last over first
        f"per_product_rise_{s}_low": rise[s].low,
        f"per_product_rise_{s}_high": rise[s].high,
        f"per_product_fall_{s}": fall[s].value,  # first over last
        f"per_product_fall_{s}_low": fall[s].low,
        f"per_product_fall_{s}_high": fall[s].high,
        f"per_product_us_turn_{s}": np.median(per_product[s][turn[s][0]]) * 1e6,
        f"products_turn_{s}": products[s][turn[s][0]],
        f"per_product_before_{s}": before[s].value,  # the move to the turn, as a ratio > 1
        f"per_product_before_{s}_low": before[s].low,
        f"per_product_before_{s}_high": before[s].high,
        f"per_product_after_{s}": after[s].value,  # the move after it, as a ratio > 1
        f"per_product_after_{s}_low": after[s].low,
        f"per_product_after_{s}_high": after[s].high,
    })
    out.fact(f"per_product_{s}", trend[s], choices=TRENDS)
out.fact("one_exponent", exponent_fact, choices=("describes", "summarises"))
out.save()

# %%
# Run as a script, ``figures.show()`` opens the figures in windows, or saves them as PNG
# files where no window can open; a notebook shows each figure below the cell that draws it.

figures.show()
