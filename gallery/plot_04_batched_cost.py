"""
The cost of batched matmul
==========================

``np.matmul`` on arrays of shape (B, H, M, K) and (B, H, K, N) performs B·H independent
(M, K) @ (K, N) products, so its FLOP count is 2·B·H·M·K·N: the per-instance cost times
the number of instances. We check that the measured time follows the same rule, growing
in proportion to B·H at a fixed instance size, and then use the rule to compare the
arithmetic in the two blocks of the curriculum's MiniGPT: the feed-forward block and the
attention block.
"""

# %%
# Setup
# -----
# Heads are fixed at H = 4 and the batch B grows; every instance is a small square
# product, as in one attention head. Times are for one BLAS thread.

import matplotlib.pyplot as plt
import numpy as np
from _results import FAST, Output, fmt, log_axes

from mmref import flops
from mmref.timing import measure

out = Output("plot_04_batched_cost")
print(out.results["machine"])

rng = np.random.default_rng(0)
H = 4
BATCHES = [1, 4, 16] if FAST else [1, 4, 16, 64, 256, 1024]  # instances B·H = 4 to 4096
SIZES = [16, 64]  # M = K = N of one instance
MIN_TIME = 0.002 if FAST else 0.02


def seconds(call):
    return measure(call, repeat=3 if FAST else 5, min_time=MIN_TIME, threads=1).best


# %%
# Counting before timing
# ----------------------
# :func:`mmref.flops.batched_matmul` reads the FLOP count off the two shapes alone. It
# agrees with 2·B·H·M·K·N for every shape we are about to time.

for s in SIZES:
    for b in BATCHES:
        assert flops.batched_matmul((b, H, s, s), (b, H, s, s)) == 2 * b * H * s * s * s
print("FLOP counts agree with 2·B·H·M·K·N")

# %%
# Time against the number of instances
# ------------------------------------
# For each instance size and each batch, one call multiplies B·H pairs of random float32
# matrices with ``x @ y``; the table gives the time and the speed it implies.


def batched(b, s):
    x = rng.standard_normal((b, H, s, s), dtype=np.float32)
    y = rng.standard_normal((b, H, s, s), dtype=np.float32)
    return lambda: x @ y


timings = {s: {b * H: seconds(batched(b, s)) for b in BATCHES} for s in SIZES}
for s, times in timings.items():
    for count, t in times.items():
        g = flops.matmul(s, s, s, batch=count) / t / 1e9
        print(f"M=K=N={s:3d}, B·H = {count:5d}: {t * 1e6:10.1f} µs, {g:6.1f} GFLOP/s")

# %%
# Is it linear?
# -------------
# Two checks. First, an ordinary least-squares line t = c0 + c1·(B·H) through the
# times: R² close to 1 means a straight line explains them, and c1 is the cost of one
# more instance. Second, the slope of log t against log(B·H), which is 1 for a cost that
# grows in proportion. Dividing each time by its instance count gives a third view, in
# which a proportional cost is flat. At the smallest counts the fixed cost of the call is
# shared by few instances, so the time per instance is higher; at the largest counts of
# the 64×64 products the operands (three arrays of B·H·64·64 float32 numbers) no longer
# fit in the cache, and each instance waits longer for memory.

fits = {}
for s, times in timings.items():
    n, t = np.array(list(times), dtype=float), np.array(list(times.values()))
    c1, c0 = np.polyfit(n, t, 1)
    r2 = 1 - np.sum((t - (c0 + c1 * n)) ** 2) / np.sum((t - t.mean()) ** 2)
    slope = np.polyfit(np.log(n), np.log(t), 1)[0]
    fits[s] = {"c1": c1, "r2": r2, "slope": slope, "per": t / n}
    mb = 3 * n.max() * s * s * 4 / 1e6
    print(f"M=K=N={s}: {c1 * 1e6:.3f} µs per extra instance, R² = {r2:.4f}, log-log slope"
          f" {slope:.3f}; per instance {fits[s]['per'].min() * 1e6:.3f} to"
          f" {fits[s]['per'].max() * 1e6:.3f} µs; operands at the largest count: {mb:.0f} MB")

# %%
# The same rule at model scale
# ----------------------------
# The curriculum's MiniGPT has B = 32 sequences of T = 16 tokens, model width D = 64,
# feed-forward width 256, and H = 4 heads of width 16. The feed-forward block is two
# ordinary matmuls (:func:`mmref.flops.ffn`). The attention block has four projections
# (queries, keys, values, output) and a core of two batched matmuls per head, Q·Kᵀ and the
# weighted sum of V (:func:`mmref.flops.attention_block`). The batched core, the part
# with B·H instances, is the smallest share: with only 16 tokens its instances are tiny.

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
# The labels of both figures, in English and in Spanish (the Spanish edition of the site
# shows the Spanish variant).

# LABELS: the figure's text in English and Spanish (not shown here).
# sphinx_gallery_start_ignore
LABELS = {
    "en": {
        "x": "instances B·H (H = 4)",
        "y": "time per batched matmul (s)",
        "size": "M = K = N = {s}",
        "fit": "c₁·(B·H); linear fit R² = {r2}",
        "title1": "Time against instance count",
        "y3": "time per instance (µs)",
        "title3": "Flat means proportional",
        "ffn": "feed-forward\nblock",
        "attention": "attention\nblock",
        "w1w2": "x @ W₁ and h @ W₂",
        "proj": "Q, K, V and output projections",
        "core": "core: Q·Kᵀ and attn·V (B·H instances)",
        "y2": "FLOPs per forward pass (millions)",
        "title2": "MiniGPT (B=32, T=16, D=64, H=4): FLOPs per block",
    },
    "es": {
        "x": "instancias B·H (H = 4)",
        "y": "tiempo por matmul por lotes (s)",
        "size": "M = K = N = {s}",
        "fit": "c₁·(B·H); R² del ajuste lineal = {r2}",
        "title1": "Tiempo frente al número de instancias",
        "y3": "tiempo por instancia (µs)",
        "title3": "Plano significa proporcional",
        "ffn": "bloque\nfeed-forward",
        "attention": "bloque de\natención",
        "w1w2": "x @ W₁ y h @ W₂",
        "proj": "proyecciones Q, K, V y de salida",
        "core": "núcleo: Q·Kᵀ y attn·V (B·H instancias)",
        "y2": "FLOPs por pasada hacia adelante (millones)",
        "title2": "MiniGPT (B=32, T=16, D=64, H=4): FLOPs por bloque",
    },
}
# sphinx_gallery_end_ignore


def draw_scaling(text):
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.5, 4.2), layout="constrained")
    for i, (s, times) in enumerate(timings.items()):
        n = np.array(list(times), dtype=float)
        f = fits[s]
        left.plot(n, list(times.values()), "o", color=f"C{i}", label=text["size"].format(s=s))
        left.plot(n, f["c1"] * n, "-", color=f"C{i}", lw=1, alpha=0.7,
                  label=text["fit"].format(r2=fmt(f["r2"], ".4f", text)))
        right.plot(n, f["per"] * 1e6, "o-", color=f"C{i}", label=text["size"].format(s=s))
    log_axes(left)
    left.set(xlabel=text["x"], ylabel=text["y"], title=text["title1"])
    left.legend(loc="upper left", fontsize="x-small")
    log_axes(right)
    right.set(xlabel=text["x"], ylabel=text["y3"], title=text["title3"])
    right.legend(loc="center left", fontsize="x-small")
    return fig


fig = out.figure(draw_scaling, LABELS)

# %%
# Left: the times with the line c1·(B·H) of the linear fit. Right: the same times divided
# by the instance count.
#
# The FLOPs of the two MiniGPT blocks, with the attention block split into its
# projections and its batched core:


def draw_blocks(text):
    fig, ax = plt.subplots(figsize=(7.0, 4.4), layout="constrained")
    ax.bar([0], [ffn / 1e6], width=0.55, color="C0", label=text["w1w2"])
    ax.bar([1], [proj / 1e6], width=0.55, color="C1", label=text["proj"])
    ax.bar([1], [core / 1e6], width=0.55, bottom=proj / 1e6, color="C3", label=text["core"])
    for x, total in ((0, ffn), (1, attention)):
        ax.text(x, total / 1e6 + 0.5, fmt(total, ",d", text), ha="center")
    ax.set_xticks([0, 1], [text["ffn"], text["attention"]])
    ax.set_ylim(0, ffn / 1e6 * 1.2)
    ax.set(ylabel=text["y2"], title=text["title2"])
    ax.legend(loc="upper right")
    ax.grid(axis="x", visible=False)
    return fig


fig = out.figure(draw_blocks, LABELS)

# %%
# Results
# -------

out.record(
    linear_fit_r2=min(f["r2"] for f in fits.values()),
    **{f"linear_fit_r2_{s}": f["r2"] for s, f in fits.items()},
    **{f"loglog_slope_{s}": f["slope"] for s, f in fits.items()},
    **{f"us_per_instance_{s}": f["c1"] * 1e6 for s, f in fits.items()},
    **{f"us_per_instance_min_{s}": f["per"].min() * 1e6 for s, f in fits.items()},
    **{f"us_per_instance_max_{s}": f["per"].max() * 1e6 for s, f in fits.items()},
    heads=H,
    instances_max=max(BATCHES) * H,
    ffn_flops=ffn,
    attention_flops=attention,
    attention_projection_flops=proj,
    attention_core_flops=core,
    ffn_to_attention=ffn / attention,
)
print(out.save().name)
for key, value in sorted(out.results.items()):
    print(f"{key:26s} {value}")
