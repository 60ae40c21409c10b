"""
Low-rank approximations of a product
====================================

Written as a sum of outer products, AB is K rank-1 pieces, A[:, k] times B[k, :]. Keeping
only the r largest pieces gives a matrix of rank at most r, but not the closest one: by the
Eckart–Young theorem, the best rank-r approximation of AB in the Frobenius norm is its
truncated singular value decomposition. We measure both errors for every r on a random
product, and on a 2×2 example small enough to check by hand.
"""

# %%
# Setup
# -----
# No timing here: every number is an error norm, the same on any machine up to rounding.

import matplotlib.pyplot as plt
import numpy as np
from _results import FAST, Output, fmt

from mmref.lowrank import largest_outer_products, truncated_svd

out = Output("plot_05_low_rank")
print(out.results["machine"])

rng = np.random.default_rng(0)
M, K, N = (12, 8, 12) if FAST else (40, 30, 40)

# %%
# A product whose pieces overlap
# ------------------------------
# If the columns of A were orthogonal, and the rows of B too, the outer products would be
# orthogonal to one another and keeping the largest ones would already be optimal. To make
# the difference visible we build A from a few shared directions plus a little noise, so
# its columns are strongly correlated, and we let the column norms differ.

shared = rng.standard_normal((M, 4), dtype=np.float32)
mix = rng.standard_normal((4, K), dtype=np.float32)
scale = np.linspace(2.0, 0.5, K, dtype=np.float32)
A = (shared @ mix + 0.1 * rng.standard_normal((M, K), dtype=np.float32)) * scale
B = rng.standard_normal((K, N), dtype=np.float32)
AB = A @ B
print(f"A {A.shape}, B {B.shape}, rank of AB: {np.linalg.matrix_rank(AB)}")

# %%
# Error against rank
# ------------------
# For r = 0, 1, ..., K we keep r pieces either way and measure ‖AB − approximation‖_F.
# :func:`mmref.lowrank.largest_outer_products` ranks the pieces by their own size,
# ‖A[:, k]‖·‖B[k, :]‖; :func:`mmref.lowrank.truncated_svd` keeps the r largest singular
# values of AB. For the SVD the error also has a closed form, the square root of the sum
# of the squared singular values left out, which we check.


def errors(r):
    keep = np.linalg.norm(AB - largest_outer_products(A, B, r))
    svd = np.linalg.norm(AB - truncated_svd(AB, r))
    return keep, svd


ranks = np.arange(K + 1)
err_keep, err_svd = np.array([errors(r) for r in ranks]).T
sigma = np.linalg.svd(AB, compute_uv=False).astype(np.float64)
tail = np.sqrt([np.sum(sigma[r:] ** 2) for r in ranks])
total = np.linalg.norm(AB)
assert np.allclose(err_svd, tail, rtol=1e-3, atol=1e-3 * total)
assert np.all(err_svd <= err_keep + 1e-4 * total)
for r in (1, 2, 4, 8):
    print(f"r = {r}: keep largest pieces {err_keep[r] / total:.3f}, "
          f"truncated SVD {err_svd[r] / total:.3f} (relative to ‖AB‖)")

# %%
# The 2×2 case by hand
# --------------------
# A = I₂ and B = the 2×2 matrix of ones. AB is the ones matrix, which has rank 1. Its two
# pieces are [[1, 1], [0, 0]] and [[0, 0], [1, 1]], of equal size; keeping either one
# leaves the other as the error, with Frobenius norm √2. The truncated SVD of rank 1 is
# the ones matrix itself, so its error is 0.

I2 = np.eye(2, dtype=np.float32)
ones = np.ones((2, 2), dtype=np.float32)
keep_I2 = largest_outer_products(I2, ones, 1)
svd_I2 = truncated_svd(I2 @ ones, 1)
err_keep_I2 = float(np.linalg.norm(I2 @ ones - keep_I2))
err_svd_I2 = float(np.linalg.norm(I2 @ ones - svd_I2))
print(f"keep one piece: error {err_keep_I2:.6f} (√2 = {np.sqrt(2):.6f}); "
      f"rank-1 SVD: error {err_svd_I2:.1e}")

# %%
# Figures
# -------
# The labels of both figures, in English and in Spanish (the Spanish edition of the site
# shows the Spanish variant).

# LABELS: the figure's text in English and Spanish (not shown here).
# sphinx_gallery_start_ignore
LABELS = {
    "en": {
        "keep": "keep the r largest outer products",
        "svd": "truncated SVD of AB (Eckart–Young)",
        "x": "rank r",
        "y": "relative error ‖AB − approx.‖ / ‖AB‖ (Frobenius)",
        "title": f"Rank-r approximations of AB ({M}×{K} @ {K}×{N}, float32)",
        "ab": "AB = I₂ · ones",
        "one": "one outer product\nerror {e}",
        "rank1": "rank-1 SVD\nerror {e} ≈ 0 (rounding)",
        "title2": "The 2×2 example",
    },
    "es": {
        "keep": "conservar los r productos exteriores mayores",
        "svd": "SVD truncada de AB (Eckart–Young)",
        "x": "rango r",
        "y": "error relativo ‖AB − aprox.‖ / ‖AB‖ (Frobenius)",
        "title": f"Aproximaciones de rango r de AB ({M}×{K} @ {K}×{N}, float32)",
        "ab": "AB = I₂ · unos",
        "one": "un producto exterior\nerror {e}",
        "rank1": "SVD de rango 1\nerror {e} ≈ 0 (redondeo)",
        "title2": "El ejemplo 2×2",
    },
}
# sphinx_gallery_end_ignore


def draw_errors(text):
    fig, ax = plt.subplots(figsize=(7.0, 4.4), layout="constrained")
    ax.plot(ranks, err_keep / total, "o-", color="C1", ms=4, label=text["keep"])
    ax.plot(ranks, err_svd / total, "s-", color="C0", ms=4, label=text["svd"])
    ax.set(xlabel=text["x"], ylabel=text["y"], title=text["title"], ylim=(0, 1.05))
    ax.legend()
    return fig


fig = out.figure(draw_errors, LABELS)

# %%
# Both errors, relative to ‖AB‖, for every r. The truncated SVD is never worse, as
# Eckart–Young guarantees, and here it is much better: the product is close to rank 4,
# because A was built from four shared directions, and the SVD finds those directions
# while single outer products cannot.
#
# The 2×2 case: the product, the best single piece, and the rank-1 SVD.


def draw_2x2(text):
    fig, axes = plt.subplots(1, 3, figsize=(7.0, 2.8), layout="constrained")
    panels = [(I2 @ ones, text["ab"]),
              (keep_I2, text["one"].format(e=fmt(err_keep_I2, ".4f", text))),
              (svd_I2, text["rank1"].format(e=fmt(abs(err_svd_I2), ".1e", text)))]
    for ax, (m, title) in zip(axes, panels):
        ax.imshow(m, cmap="Blues", vmin=0, vmax=2.5)
        for (i, j), v in np.ndenumerate(m):
            ax.text(j, i, fmt(round(float(v), 3) + 0.0, "g", text), ha="center", va="center")
        ax.set_title(title, fontsize="small")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
    fig.suptitle(text["title2"])
    return fig


fig = out.figure(draw_2x2, LABELS)

# %%
# Results
# -------

out.record(
    err_keep_I2=err_keep_I2,
    err_svd_I2=err_svd_I2,
    rank_AB=int(np.linalg.matrix_rank(AB)),
    shape=f"{M}x{K} @ {K}x{N}",
    **{f"rel_err_keep_r{r}": err_keep[r] / total for r in (1, 2, 4, 8)},
    **{f"rel_err_svd_r{r}": err_svd[r] / total for r in (1, 2, 4, 8)},
)
print(out.save().name)
for key, value in sorted(out.results.items()):
    print(f"{key:20s} {value}")
