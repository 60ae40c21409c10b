"""
Low-rank approximations of a product
====================================

Written as a sum of outer products, AB is K pieces of rank at most 1, A[:, k] times B[k, :].
Keeping only the r largest pieces gives a matrix of rank at most r, but in general not the
closest one: by the
Eckart–Young–Mirsky theorem, the best rank-r approximation of AB in the Frobenius norm is its
truncated singular value decomposition. We measure both errors for every r on a random
product, and on a 2×2 example small enough to check by hand.

Set ``MMREF_QUICK=1`` to run it with smaller matrices.
"""

# %%
# Setup
# -----
# No timing here: every number is an error norm, the same on any machine up to rounding.

import matplotlib.pyplot as plt
import numpy as np

from mmref import figures, report
from mmref.lowrank import largest_outer_products, truncated_svd
from mmref.numbers import write_decimal
from mmref.printout import say, scientific
from mmref.report import Report

out = Report("plot_05_low_rank")

rng = np.random.default_rng(0)
M, K, N = (12, 8, 12) if report.quick() else (40, 30, 40)
DIRECTIONS, NOISE = 4, 0.1

# %%
# A product whose pieces overlap
# ------------------------------
# If the columns of A were orthogonal, and the rows of B too, the outer products would be
# orthogonal to one another and keeping the largest ones would already be optimal. To make
# the difference visible we build A from a few shared directions plus a little noise, so
# its columns are strongly correlated, and we let the column norms differ: A is an M×4
# matrix times a 4×K matrix, plus noise of standard deviation 0.1, and its columns are then
# multiplied by factors that fall evenly from 2 (the first column) to 0.5 (the last). B is a plain random matrix; all entries are standard normal float32.

shared = rng.standard_normal((M, DIRECTIONS), dtype=np.float32)
mix = rng.standard_normal((DIRECTIONS, K), dtype=np.float32)
scale = np.linspace(2.0, 0.5, K, dtype=np.float32)
A = (shared @ mix + NOISE * rng.standard_normal((M, K), dtype=np.float32)) * scale
B = rng.standard_normal((K, N), dtype=np.float32)
AB = A @ B
say(lambda _: _("A is {a_rows}×{a_cols}, B is {b_rows}×{b_cols}, rank of AB: {rank}",
                a_rows=_.number(M), a_cols=_.number(K), b_rows=_.number(K), b_cols=_.number(N),
                rank=_.number(int(np.linalg.matrix_rank(AB)))))

# %%
# Error against rank
# ------------------
# For r = 0, 1, ..., K we keep r pieces either way and measure the Frobenius norm of AB minus
# the approximation.
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
    say(lambda _: _("r = {r}: keep the r largest outer products {keep}, truncated SVD {svd} "
                    "(relative to ‖AB‖)", r=_.number(r), keep=_.number(float(err_keep[r] / total)),
                    svd=_.number(float(err_svd[r] / total))))

# %%
# The 2×2 case by hand
# --------------------
# A = I₂ and B = the 2×2 matrix of ones. AB is the ones matrix, which has rank 1. Its two
# pieces are ``[[1, 1], [0, 0]]`` and ``[[0, 0], [1, 1]]``, of equal norm; keeping either one
# leaves the other as the error, with Frobenius norm √2. The truncated SVD of rank 1 is
# the ones matrix itself, so its error is 0 up to rounding.

I2 = np.eye(2, dtype=np.float32)
ones = np.ones((2, 2), dtype=np.float32)
keep_I2 = largest_outer_products(I2, ones, 1)
svd_I2 = truncated_svd(I2 @ ones, 1)
err_keep_I2 = float(np.linalg.norm(I2 @ ones - keep_I2))
err_svd_I2 = float(np.linalg.norm(I2 @ ones - svd_I2))
I2_DECIMALS = 4  # decimals of the one-term error, here and in the figure
say(lambda _: _("keep one piece: error {keep} (√2 = {sqrt2}); rank-1 SVD: error {svd}",
                keep=_.number(err_keep_I2, decimals=I2_DECIMALS),
                sqrt2=_.number(float(np.sqrt(2)), decimals=I2_DECIMALS),
                svd=scientific(_, err_svd_I2)))

# %%
# How much better the SVD is
# --------------------------
# Eckart–Young–Mirsky guarantees that the SVD is never worse; how much better it is depends on the
# matrices. We compare the two errors at r = 4, the number of shared directions in A.


def svd_advantage(err_keep_r, err_svd_r):
    """"much_better" (SVD error under half the other), "better", or "equal" (within 1 %)."""
    if err_svd_r < 0.5 * err_keep_r:
        return "much_better"
    if err_svd_r < 0.99 * err_keep_r:
        return "better"
    return "equal"


advantage = svd_advantage(err_keep[DIRECTIONS], err_svd[DIRECTIONS])
say(lambda _: {"much_better": _("at r = {r} the truncated SVD is much better", r=_.number(DIRECTIONS)),
               "better": _("at r = {r} the truncated SVD is better", r=_.number(DIRECTIONS)),
               "equal": _("at r = {r} the truncated SVD is as good", r=_.number(DIRECTIONS))}
    [advantage])

# %%
# Both errors, relative to ‖AB‖, for every r. The truncated SVD is never worse, as
# Eckart–Young–Mirsky guarantees. With A built from four shared directions, the SVD finds those
# directions, while single outer products cannot.


def draw_errors(_):
    fig, ax = plt.subplots(figsize=(7.0, 5.0), layout="constrained")
    ax.plot(ranks, err_keep / total, "o-", color="C1", ms=4,
            label=_("keep the r largest outer products"))
    ax.plot(ranks, err_svd / total, "s-", color="C0", ms=4,
            label=_("truncated SVD of AB (Eckart–Young–Mirsky)"))
    ax.set(xlabel=_("rank r"),
           ylabel=_("relative error (Frobenius norms)\n‖AB − approximation‖ ÷ ‖AB‖"),
           title=_("Rank-r approximations of AB ({m}×{k} @ {k}×{n}, float32)",
                   m=_.number(M), k=_.number(K), n=_.number(N)), ylim=(0, 1.05))
    ax.text(0.98, 0.6, _("A: {d} shared directions + noise {s}, columns scaled 2 to 0.5;\n"
                         "B: standard normal. Computed, not timed.",
                         d=_.number(DIRECTIONS), s=write_decimal(str(NOISE), _.lang)),
            transform=ax.transAxes, ha="right", fontsize="x-small")
    _.ticks(ax.xaxis)
    _.ticks(ax.yaxis)
    figures.legend_below(ax, ncols=2)
    return fig


fig = figures.figure(draw_errors)

# %%
# The 2×2 case: the product, the best single piece, and the rank-1 SVD.


def draw_2x2(_):
    fig, axes = plt.subplots(1, 3, figsize=(7.0, 2.8), layout="constrained")
    panels = [(I2 @ ones, _("AB = I₂ · ones")),
              (keep_I2, _("one outer product\nerror {e}", e=_.number(err_keep_I2, decimals=I2_DECIMALS))),
              (svd_I2, _("rank-1 SVD\nerror {e} ≈ 0 (rounding)",
                         e=scientific(_, abs(err_svd_I2))))]
    for ax, (m, title) in zip(axes, panels):
        ax.imshow(m, cmap="Blues", vmin=0, vmax=2.5)
        for (i, j), v in np.ndenumerate(m):
            ax.text(j, i, _.number(round(float(v), 3) + 0.0, decimals=0), ha="center",
                    va="center")
        ax.set_title(title, fontsize="small")
        ax.set_xticks([])
        ax.set_yticks([])
        ax.grid(False)
    fig.suptitle(_("The 2×2 example"))
    return fig


fig = figures.figure(draw_2x2)

# %%
# Results
# -------

out.record(
    err_keep_I2=err_keep_I2,
    err_svd_I2=err_svd_I2,
    rank_AB=int(np.linalg.matrix_rank(AB)),
    directions=DIRECTIONS,
    noise=NOISE,
    shape=f"{M}x{K} @ {K}x{N}",
    **{f"rel_err_keep_r{r}": err_keep[r] / total for r in (1, 2, 4, 8)},
    **{f"rel_err_svd_r{r}": err_svd[r] / total for r in (1, 2, 4, 8)},
)
out.fact("svd_advantage", advantage, choices=("much_better", "better", "equal"))
out.save()

# %%
# Run as a script, ``figures.show()`` opens the figures in windows, or saves them as PNG
# files where no window can open; a notebook shows each figure below the cell that draws it.

figures.show()
