"""
Embedding lookup: indexing versus a one-hot matmul
==================================================

Fetching rows of an embedding table E (V = 600 rows of D = 64 numbers) can be written as a
matrix product, ``one_hot(idx) @ E``, or done directly as ``E[idx]``. The product spends
2·V = 1200 floating-point operations on every number it returns, the indexing none. We time
both for batches of 1 to 4096 token ids and find that the time ratio is far smaller than
that operation count suggests, then take the matmul path apart to see why.
"""

# %%
# Setup
# -----
# The table and the token ids are random; only their sizes matter here. Both methods are
# timed on one BLAS thread, so neither gets more cores than the other.

import matplotlib.pyplot as plt
import numpy as np
from _results import FAST, Output, fmt, log_axes

from mmref import flops, lookup_by_index, lookup_by_matmul, one_hot
from mmref.timing import measure

out = Output("plot_02_embedding_lookup")
print(out.results["machine"])

rng = np.random.default_rng(0)
V, D = 600, 64
E = rng.standard_normal((V, D), dtype=np.float32)
BATCHES = [1, 8, 64] if FAST else [1, 8, 64, 512, 4096]
MIN_TIME = 0.002 if FAST else 0.02


def seconds(call):
    return measure(call, repeat=3 if FAST else 5, min_time=MIN_TIME, threads=1).best


# %%
# What each method computes
# -------------------------
# :func:`mmref.lookup_by_matmul` builds a (batch, V) matrix of one-hot rows and multiplies
# it by E; :func:`mmref.lookup_by_index` asks NumPy for the rows directly. Both return the
# same (batch, D) array, which we check before timing anything.

idx = rng.integers(0, V, size=8)
assert np.array_equal(lookup_by_index(E, idx), lookup_by_matmul(E, idx))

# %%
# Counting the arithmetic
# -----------------------
# One row through the matmul costs 2·V·D FLOPs (:func:`mmref.flops.embedding_onehot`):
# a multiply and an add for each of the V entries of the one-hot, for each of the D output
# numbers. Indexing copies each output number once and computes nothing. Per number
# returned, that is 2·V operations against one copy.

flop_per_row = flops.embedding_onehot(V, D)
flop_ratio = flop_per_row // D
print(f"{flop_per_row} FLOPs per looked-up row; {flop_ratio} per number returned")

# %%
# Timing both, and the two halves of the matmul path
# --------------------------------------------------
# Besides the two complete methods we time the matmul path's two halves on their own:
# building the one-hot matrix, and multiplying an already built one-hot by E.

rows = []
for batch in BATCHES:
    ids = rng.integers(0, V, size=batch)
    hot = one_hot(ids, V)
    rows.append({
        "batch": batch,
        "index": seconds(lambda: lookup_by_index(E, ids)),
        "matmul": seconds(lambda: lookup_by_matmul(E, ids)),
        "build": seconds(lambda: one_hot(ids, V)),
        "product": seconds(lambda: hot @ E),
    })

print(" batch   index (µs)  one-hot@E (µs)  build (µs)  product (µs)  time ratio  GFLOP/s")
for r in rows:
    r["ratio"] = r["matmul"] / r["index"]
    r["gflops"] = flops.matmul(r["batch"], V, D) / r["product"] / 1e9
    print(f"{r['batch']:6d} {r['index'] * 1e6:11.2f} {r['matmul'] * 1e6:15.2f} "
          f"{r['build'] * 1e6:11.2f} {r['product'] * 1e6:13.2f} {r['ratio']:11.1f} "
          f"{r['gflops']:8.1f}")

# %%
# Why the time ratio is so much smaller than 1200
# -----------------------------------------------
# Three things close most of the distance.
#
# * For a handful of rows, neither method is limited by its work. Each NumPy operation
#   has a fixed cost of a microsecond or more (checking arguments, allocating the result),
#   and the lookup is a single operation, while the matmul path runs several: a range
#   check on the ids, a comparison against every column, a conversion to float32, then the
#   product. At batch 1 the time ratio is roughly the ratio of those fixed costs, whatever
#   the FLOP count says.
# * For large batches the lookup is pure memory traffic: it copies D float32 numbers
#   (256 bytes) per row and does no arithmetic. The matmul path moves memory too, and more
#   of it: the one-hot matrix has V entries per row, nearly ten times as many as the
#   output, and it is written once as booleans and again as float32 before the product
#   reads it.
# * The product's 1200-fold extra arithmetic runs in an optimised BLAS kernel at many
#   GFLOP/s (last column of the table), so it costs only a few dozen times the lookup,
#   not a thousand times.
#
# The ``build`` and ``product`` columns show how the matmul path's time divides between
# preparing the one-hot matrix and multiplying by it.

# %%
# Time and arithmetic side by side
# --------------------------------

# LABELS: the figure's text in English and Spanish (not shown here).
# sphinx_gallery_start_ignore
LABELS = {
    "en": {
        "index": "E[idx] (indexing)",
        "matmul": "one_hot(idx) @ E",
        "build": "building the one-hot only",
        "product": "product only (one-hot ready)",
        "x": "batch size (token ids per call)",
        "y": "time per call (s)",
        "title1": f"Embedding lookup, V = {V}, D = {D}",
        "y2": "one-hot matmul ÷ indexing",
        "flop": "FLOP ratio (2·V)",
        "time": "time ratio (measured)",
        "title2": "Extra arithmetic versus extra time",
    },
    "es": {
        "index": "E[idx] (indexado)",
        "matmul": "one_hot(idx) @ E",
        "build": "solo construir el one-hot",
        "product": "solo el producto (one-hot listo)",
        "x": "tamaño del lote (ids de token por llamada)",
        "y": "tiempo por llamada (s)",
        "title1": f"Búsqueda en la tabla de embeddings, V = {V}, D = {D}",
        "y2": "producto con one-hot ÷ indexado",
        "flop": "cociente de FLOPs (2·V)",
        "time": "cociente de tiempos (medido)",
        "title2": "Aritmética extra frente a tiempo extra",
    },
}
# sphinx_gallery_end_ignore


def draw(text):
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.5, 4.2), layout="constrained")
    batch = [r["batch"] for r in rows]
    for key, style in (("index", "o-"), ("matmul", "s-"), ("build", "^--"), ("product", "v--")):
        left.plot(batch, [r[key] for r in rows], style, label=text[key],
                  lw=1 if "--" in style else 1.8)
    log_axes(left)
    left.set(xlabel=text["x"], ylabel=text["y"], title=text["title1"])
    left.legend()
    right.plot(batch, [flop_ratio] * len(batch), "k--", label=text["flop"])
    right.text(batch[0], flop_ratio * 1.15, f"×{fmt(flop_ratio, ',d', text)}", fontsize="small")
    right.plot(batch, [r["ratio"] for r in rows], "o-", color="C1", label=text["time"])
    for r in rows:
        right.annotate(f"×{fmt(r['ratio'], '.3g', text)}", (r["batch"], r["ratio"]),
                       textcoords="offset points", xytext=(0, 8), ha="center",
                       fontsize="small")
    log_axes(right)
    right.set_ylim(1, 5000)
    right.set(xlabel=text["x"], ylabel=text["y2"], title=text["title2"])
    right.legend(loc="lower right")
    return fig


fig = out.figure(draw, LABELS)

# %%
# Results
# -------

ratios = [r["ratio"] for r in rows]
out.record(
    flop_ratio=flop_ratio,
    flops_per_row_onehot=flop_per_row,
    vocab=V,
    dim=D,
    time_ratio_min=min(ratios),
    time_ratio_max=max(ratios),
    time_ratio_batch_min=rows[int(np.argmin(ratios))]["batch"],
    time_ratio_batch_max=rows[int(np.argmax(ratios))]["batch"],
    **{f"time_ratio_{r['batch']}": r["ratio"] for r in rows},
    **{f"index_us_{r['batch']}": r["index"] * 1e6 for r in rows},
    **{f"matmul_us_{r['batch']}": r["matmul"] * 1e6 for r in rows},
    **{f"build_share_{r['batch']}": r["build"] / r["matmul"] for r in rows},
    gflops_product_largest=rows[-1]["gflops"],
)
print(out.save().name)
for key, value in sorted(out.results.items()):
    print(f"{key:24s} {value}")
