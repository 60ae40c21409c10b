"""
Drill 5: a loop of rank-1 updates versus one matmul
===================================================

``A @ B`` equals the sum over k of column k of A times row k of B, so a Python loop that
adds these outer products one at a time computes the same matrix. It is also many times
slower. This script measures by how much, for a few sizes, and then measures the two
reasons: the fixed cost of every step of the loop, and the memory traffic of every step,
which rereads and rewrites the whole of C to do very little arithmetic.
"""

# %%
# Setup
# -----
# Both versions run on one BLAS thread, so the comparison is between algorithms, not
# between core counts.

import matplotlib.pyplot as plt
import numpy as np
from _results import FAST, Output, fmt, log_axes

from mmref import flops
from mmref.timing import measure

out = Output("plot_03_outer_product_loop")
print(out.results["machine"])

rng = np.random.default_rng(0)
SIZES = [32, 256] if FAST else [64, 128, 256, 512]
MIN_TIME = 0.002 if FAST else 0.02


def seconds(call, threads=1):
    return measure(call, repeat=3 if FAST else 5, min_time=MIN_TIME, threads=threads).best


def inputs(n):
    return (rng.standard_normal((n, n), dtype=np.float32),
            rng.standard_normal((n, n), dtype=np.float32))


# %%
# The two versions
# ----------------
# ``rank1_loop`` is the loop from the drill; ``update`` is one step of it, which we will
# also time on its own.


def update(c, a, b, k):
    """One step: add the outer product of column k of A and row k of B to C, in place."""
    c += a[:, k : k + 1] @ b[k : k + 1, :]


def rank1_loop(a, b):
    c = np.zeros((a.shape[0], b.shape[1]), dtype=a.dtype)
    for k in range(a.shape[1]):
        update(c, a, b, k)
    return c


a, b = inputs(64)
assert np.allclose(rank1_loop(a, b), a @ b, rtol=1e-4, atol=1e-4)

# %%
# How much slower
# ---------------

results = {}
for n in SIZES:
    a, b = inputs(n)
    loop, blas = seconds(lambda: rank1_loop(a, b)), seconds(lambda: a @ b)
    results[n] = {"loop": loop, "blas": blas, "slowdown": loop / blas,
                  "step": loop / n, "blas_per_k": blas / n}
    print(f"N = {n:4d}: loop {loop * 1e3:8.2f} ms, A @ B {blas * 1e3:7.3f} ms, "
          f"slowdown ×{loop / blas:,.0f}")

a, b = inputs(256)
blas_all = seconds(lambda: a @ b, threads=None)
slowdown_all = results[256]["loop"] / blas_all
print(f"N = 256 against A @ B on all threads: ×{slowdown_all:,.0f}")

# %%
# Taking one step apart
# ---------------------
# A step does three things: Python slices A and B and calls NumPy (a fixed cost), NumPy
# forms the N×N outer product in a temporary array, and the temporary is added into C.
# We time each part on its own:
#
# * the fixed cost, as one whole step on 2×2 matrices, where there is almost no work;
# * forming the outer product, as ``A[:, k:k+1] @ B[k:k+1, :]`` alone;
# * accumulating, as ``np.add(C, T, out=C)`` with a ready-made T, which streams through C.

tiny = inputs(2)
c_tiny = np.zeros((2, 2), dtype=np.float32)
overhead = seconds(lambda: update(c_tiny, *tiny, 0))
print(f"fixed cost of one step: {overhead * 1e6:.2f} µs")
for n, r in results.items():
    a, b = inputs(n)
    c, t = np.zeros((n, n), dtype=np.float32), a @ b
    r["outer"] = seconds(lambda: a[:, 3:4] @ b[3:4, :])
    r["accumulate"] = seconds(lambda: np.add(c, t, out=c))
    r["overhead_share"] = overhead / r["step"]
    print(f"N = {n:4d}: one step {r['step'] * 1e6:8.2f} µs = fixed {overhead * 1e6:.1f}"
          f" + outer product {r['outer'] * 1e6:.1f} + accumulate {r['accumulate'] * 1e6:.1f}"
          f" (parts timed separately)")

# %%
# Memory traffic sets a floor
# ---------------------------
# A step does 2N² FLOPs: N² multiplies to form the outer product and N² adds to
# accumulate it. To do them it has to read all of C and write all of C back, 8N² bytes in
# float32 even if nothing else were stored, and NumPy also writes and rereads the N×N
# temporary. That is an arithmetic intensity of at most 2N² / 8N² = 0.25 FLOP per byte,
# whatever N is. One call to ``A @ B`` only needs to read A and B and write C once, so its
# intensity can grow as N/6 (:func:`mmref.flops.ideal_intensity`), and BLAS arranges the
# work so that most operands come from cache and registers.
#
# The accumulate timing shows what the traffic alone costs: N passes over C at the speed
# NumPy streams memory is a lower bound for any loop of rank-1 updates, even one whose
# outer products came for free. The rest of the step, on this machine mostly the outer
# product, comes on top: a matmul whose inner dimension is 1 has no sum to compute and
# nothing to reuse, and it runs far below BLAS's usual speed.

intensity_min = 2 / 8  # FLOP per byte: C read and written once per step
intensity_numpy = 2 / 16  # the temporary outer product is written and read as well
for n, r in results.items():
    r["gbps"] = 12 * n * n / r["accumulate"] / 1e9  # read C and T, write C
    r["floor_slowdown"] = n * r["accumulate"] / r["blas"]
    r["gflops_loop"] = flops.matmul(n, n, n) / r["loop"] / 1e9
    r["gflops_blas"] = flops.matmul(n, n, n) / r["blas"] / 1e9
    print(f"N = {n:4d}: accumulate streams {r['gbps']:6.1f} GB/s; traffic alone would make the"
          f" loop ×{r['floor_slowdown']:.1f} slower than A @ B; loop {r['gflops_loop']:.2f}"
          f" GFLOP/s, A @ B {r['gflops_blas']:.1f} GFLOP/s (ideal intensity"
          f" {flops.ideal_intensity(n, n, n):.0f} FLOP/byte)")

# %%
# Time per step against size
# --------------------------
# On the left, one step of the loop and its parts, next to the time ``A @ B`` spends per
# value of k (its total divided by N). The dotted line is the fixed cost of a step, which
# matters only for small N; the parts that grow as N² take over above that. On the right,
# the slowdown of the loop against ``A @ B``.

# LABELS: the figure's text in English and Spanish (not shown here).
# sphinx_gallery_start_ignore
LABELS = {
    "en": {
        "step": "loop: one rank-1 update",
        "outer": "part: forming the outer product",
        "accumulate": "part: adding it into C",
        "blas": "A @ B: total ÷ N",
        "overhead": "fixed cost of a step (2×2)",
        "x": "matrix size N",
        "y": "time (s)",
        "title1": "Time per value of k",
        "y2": "loop time ÷ A @ B time",
        "title2": "Slowdown of the rank-1 loop",
    },
    "es": {
        "step": "bucle: una actualización de rango 1",
        "outer": "parte: formar el producto exterior",
        "accumulate": "parte: sumarlo a C",
        "blas": "A @ B: total ÷ N",
        "overhead": "coste fijo de un paso (2×2)",
        "x": "tamaño N de la matriz",
        "y": "tiempo (s)",
        "title1": "Tiempo por cada valor de k",
        "y2": "tiempo del bucle ÷ tiempo de A @ B",
        "title2": "Ralentización del bucle de rango 1",
    },
}
# sphinx_gallery_end_ignore


def draw(text):
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.5, 4.2), layout="constrained")
    ns = sorted(results)
    for key, style, color in (("step", "o-", "C1"), ("outer", "^--", "C4"),
                              ("accumulate", "v--", "C2"), ("blas_per_k", "s-", "C0")):
        left.plot(ns, [results[n][key] for n in ns], style, color=color,
                  label=text["blas" if key == "blas_per_k" else key])
    left.axhline(overhead, ls=":", color="0.3", label=text["overhead"])
    log_axes(left, x=2, y=True)
    left.set(xlabel=text["x"], ylabel=text["y"], title=text["title1"])
    left.legend(loc="upper left", fontsize="x-small")
    right.plot(ns, [results[n]["slowdown"] for n in ns], "o-", color="C3")
    for n in ns:
        right.annotate(f"×{fmt(results[n]['slowdown'], ',.0f', text)}",
                       (n, results[n]["slowdown"]), textcoords="offset points",
                       xytext=(0, 8), ha="center", fontsize="small")
    log_axes(right, x=2, y=False)
    right.set_ylim(0, 1.25 * max(results[n]["slowdown"] for n in ns))
    right.set(xlabel=text["x"], ylabel=text["y2"], title=text["title2"])
    return fig


fig = out.figure(draw, LABELS)

# %%
# Results
# -------

r256 = results[256]
out.record(
    slowdown_256_all_threads=slowdown_all,
    loop_ms_256=r256["loop"] * 1e3,
    blas1_ms_256=r256["blas"] * 1e3,
    step_us_256=r256["step"] * 1e6,
    outer_us_256=r256["outer"] * 1e6,
    accumulate_us_256=r256["accumulate"] * 1e6,
    step_overhead_us=overhead * 1e6,
    overhead_share_256=r256["overhead_share"],
    accumulate_gbps_256=r256["gbps"],
    floor_slowdown_256=r256["floor_slowdown"],
    gflops_loop_256=r256["gflops_loop"],
    gflops_blas1_256=r256["gflops_blas"],
    intensity_loop=intensity_min,
    intensity_loop_numpy=intensity_numpy,
    intensity_blas_ideal_256=flops.ideal_intensity(256, 256, 256),
    **{f"slowdown_{n}": r["slowdown"] for n, r in results.items()},
)
print(out.save().name)
for key, value in sorted(out.results.items()):
    print(f"{key:26s} {value}")
