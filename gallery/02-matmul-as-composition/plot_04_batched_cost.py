"""
The cost of batched matmul
==========================

``np.matmul`` on arrays of shape (n_batch, H, M, K) and (n_batch, H, K, N) performs
n_batch·H independent (M, K) @ (K, N) products, so its FLOP count is 2·n_batch·H·M·K·N: the
cost of one instance times the number of instances. We time such calls at a fixed instance
size for a growing number of instances, fit how the time grows, and then use the FLOP rule
to compare the arithmetic in the two blocks of the curriculum's MiniGPT.

Set ``MMREF_QUICK=1`` to run it in seconds with tiny sizes.
"""

# %%
# Setup
# -----
# Heads are fixed at H = 4 and the batch n_batch grows; every instance is a small square
# float32 product, as in one attention head. Times are for one BLAS thread.

import matplotlib.pyplot as plt
import numpy as np

from mmref import figures, flops, report, stats
from mmref.report import Report
from mmref.timing import measure

out = Report("plot_04_batched_cost")
print(out.values["machine"])

rng = np.random.default_rng(0)
H = 4
N_BATCHES = [1, 4, 16] if report.quick() else [1, 4, 16, 64, 256, 1024]
SIZES = [16, 64]  # M = K = N of one instance
REPEAT = 5 if report.quick() else 9
MIN_TIME = 0.002 if report.quick() else 0.03

# %%
# Counting before timing
# ----------------------
# :func:`mmref.flops.batched_matmul` reads the FLOP count off the two shapes alone. It
# agrees with 2·n_batch·H·M·K·N for every shape we are about to time.

for s in SIZES:
    for nb in N_BATCHES:
        assert flops.batched_matmul((nb, H, s, s), (nb, H, s, s)) == 2 * nb * H * s * s * s
print("FLOP counts agree with 2·n_batch·H·M·K·N")

# %%
# Time against the number of instances
# ------------------------------------
# For each instance size and each batch, one call multiplies n_batch·H pairs of random
# float32 matrices with ``x @ y``. Every timing is repeated and all runs are kept; the
# table shows the median and the speed it implies.


def batched(nb, s):
    x = rng.standard_normal((nb, H, s, s), dtype=np.float32)
    y = rng.standard_normal((nb, H, s, s), dtype=np.float32)
    return lambda: x @ y


runs = {s: {nb * H: measure(batched(nb, s), repeat=REPEAT, min_time=MIN_TIME, threads=1).runs
            for nb in N_BATCHES} for s in SIZES}
for s, by_count in runs.items():
    for count, r in by_count.items():
        g = flops.matmul(s, s, s, batch=count) / np.median(r) / 1e9
        print(f"M=K=N={s:3d}, n_batch·H = {count:5d}: {np.median(r) * 1e6:10.1f} µs,"
              f" {g:6.1f} GFLOP/s")

# %%
# How the time grows
# ------------------
# A power law time ≈ c·n^p, where n = n_batch·H is the instance count, is fitted to the
# medians of each instance size (:func:`mmref.stats.power_law`), with a 95 % bootstrap
# interval for p. A time in proportion to the count has p = 1. Two effects pull p away from 1: the fixed cost of
# the call, shared by more instances as the count grows (p below 1), and operands that
# outgrow the caches (three arrays of count·M·M float32 numbers), which makes each
# instance wait longer for memory (p above 1). Which of them shows, and how much, depends
# on the machine; the growth is named only when the interval of p allows one whole power
# and no other.



fits, growth, spread = {}, {}, {}
for s, by_count in runs.items():
    counts = list(by_count)
    fits[s] = stats.power_law(counts, list(by_count.values()))
    growth[s] = stats.growth_word(fits[s].exponent)
    p = fits[s].exponent
    per = [np.median(r) / c for c, r in by_count.items()]
    spread[s] = max(per) / min(per)
    mb = 3 * max(counts) * s * s * 4 / 1e6
    print(f"M=K=N={s}: time ∝ n^{p.value:.3f}, 95 % interval [{p.low:.3f}, {p.high:.3f}],"
          f" widened by 0.15 [{p.low - 0.15:.3f}, {p.high + 0.15:.3f}] -> {growth[s]};"
          f" per instance {min(per) * 1e6:.3f} to {max(per) * 1e6:.3f} µs;"
          f" operands at the largest count: {mb:.0f} MB")

# %%
# The same rule at model scale
# ----------------------------
# The curriculum's MiniGPT has n_batch = 32 sequences of T = 16 tokens, model width D = 64,
# feed-forward width D_ff = 256, and H = 4 heads of width D_k = 16. The feed-forward block
# is two ordinary matmuls, (n_batch·T, D)·(D, D_ff) and then (n_batch·T, D_ff)·(D_ff, D)
# (:func:`mmref.flops.ffn`). The attention block has four projections (queries, keys,
# values, output) and a core of two batched matmuls per head, the scores and the weighted
# sum of the values (:func:`mmref.flops.attention_block`). These are counts, not timings:
# they hold on any machine.

ffn = flops.ffn(32, 16, 64, 256)
proj = flops.attention_projections(32, 4, 16, 64, 16)
core = flops.attention_core(32, 4, 16, 16)
attention = flops.attention_block(32, 4, 16, 64, 16)
assert proj + core == attention
print(f"FFN {ffn:,} FLOPs; attention {attention:,} = projections {proj:,} + core {core:,}")
print(f"FFN / attention = {ffn / attention:.2f}")

# %%
# Figures
# -------
# Left: the median time of each call (whiskers: fastest to slowest run) and the fitted
# power law, drawn over the whole range of counts. Right: the same medians divided by the
# instance count; a time in proportion to the count would be a horizontal line there.


def whiskers(ax, xs, runs_at_x, divide, style, color, label):
    med = np.array([np.median(r) for r in runs_at_x]) / divide
    low = med - np.array([min(r) for r in runs_at_x]) / divide
    high = np.array([max(r) for r in runs_at_x]) / divide - med
    ax.errorbar(xs, med, yerr=[low, high], fmt=style, color=color, capsize=2, ms=4, label=label)


def draw_scaling(_):
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.5, 4.4), layout="constrained")
    for i, (s, by_count) in enumerate(runs.items()):
        n = np.array(list(by_count), dtype=float)
        p = fits[s].exponent
        size = _("M = K = N = {s}", s=_.number(s))
        whiskers(left, n, list(by_count.values()), 1, "o", f"C{i}", size)
        grid = np.geomspace(n.min(), n.max(), 50)
        left.plot(grid, [fits[s](x) for x in grid], "-", color=f"C{i}", lw=1, alpha=0.7,
                  label=_("fit: time ∝ n^{p} (95 %: {low} to {high})",
                          p=_.number(p.value), low=_.number(p.low),
                          high=_.number(p.high)))
        whiskers(right, n, [[t * 1e6 for t in r] for r in by_count.values()], n, "o-", f"C{i}",
                 size)
    figures.log_axes(left, _, x=2, y=True)
    left.set(xlabel=_("instances n = n_batch·H (H = 4)"),
             ylabel=_("time per call (s): median, whiskers min–max"),
             title=_("Time against instance count, {n} runs", n=_.number(REPEAT)))
    left.legend(loc="upper left", fontsize="x-small")
    figures.log_axes(right, _, x=2, y=True)
    right.set(xlabel=_("instances n = n_batch·H (H = 4)"),
              ylabel=_("time per instance (µs): median ÷ n"),
              title=_("Time per instance"))
    right.legend(loc="upper right", fontsize="x-small")
    return fig


fig = figures.figure(draw_scaling)

# %%
# The FLOPs of the two MiniGPT blocks, with the attention block split into its
# projections and its batched core:


def draw_blocks(_):
    fig, ax = plt.subplots(figsize=(7.0, 4.4), layout="constrained")
    ax.bar([0], [ffn / 1e6], width=0.55, color="C0",
           label=_("x @ W₁: (n_batch·T, D)·(D, D_ff); h @ W₂: (n_batch·T, D_ff)·(D_ff, D)"))
    ax.bar([1], [proj / 1e6], width=0.55, color="C1", label=_("Q, K, V and output projections"))
    ax.bar([1], [core / 1e6], width=0.55, bottom=proj / 1e6, color="C3",
           label=_("core: scores and weighted values (n_batch·H instances)"))
    for x, total in ((0, ffn), (1, attention)):
        ax.text(x, total / 1e6 + 0.5, _.number(total / 1e6), ha="center")
    ax.set_xticks([0, 1], [_("feed-forward\nblock"), _("attention\nblock")])
    ax.set_ylim(0, ffn / 1e6 * 1.3)
    _.ticks(ax.yaxis)
    ax.set(ylabel=_("FLOPs per forward pass (millions)"),
           title=_("MiniGPT (n_batch = 32, T = 16, D = 64, H = 4): FLOPs per block (counted)"))
    ax.legend(loc="upper right", fontsize="x-small")
    ax.grid(axis="x", visible=False)
    return fig


fig = figures.figure(draw_blocks)

# %%
# Results
# -------
# The numbers and facts the theory page quotes.

out.record(
    heads=H,
    runs=REPEAT,
    instances_max=max(N_BATCHES) * H,
    **{f"exponent_{s}": f.exponent.value for s, f in fits.items()},
    **{f"exponent_{s}_low": f.exponent.low for s, f in fits.items()},
    **{f"exponent_{s}_high": f.exponent.high for s, f in fits.items()},
    **{f"per_instance_spread_{s}": v for s, v in spread.items()},
    ffn_flops=ffn,
    attention_flops=attention,
    attention_projection_flops=proj,
    attention_core_flops=core,
    ffn_to_attention=ffn / attention,
)
for s in SIZES:
    out.fact(f"growth_{s}", growth[s],
             choices=("sublinear", "linear", "between", "quadratic", "cubic", "faster", "unclear"))
out.save()

# %%
# Run as a script, ``figures.show()`` opens the figures in windows, or saves them as PNG
# files where no window can open; a notebook shows each figure below the cell that draws it.

figures.show()
