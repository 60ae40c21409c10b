"""
A picture compressed by truncated SVD
=====================================

A grayscale picture is a matrix of brightness values, X, as the theory page calls it. Its
truncated SVD of rank r, X_r, keeps r outer products σ_i u_i v_iᵀ, and by the
Eckart–Young–Mirsky theorem no matrix of rank r or less is closer to X. The theorem also
says how close: the Frobenius error is the square root of the sum of the squared singular values left out. We compress a photograph that
ships with matplotlib, measure the error of every rank against that prediction, count the
numbers each rank stores, and look at a few reconstructions.

Set ``MMREF_QUICK=1`` to run it on a smaller copy of the picture.
"""

# %%
# Setup
# -----
# No timing here: every number is an error norm or a count, the same on any machine up to
# rounding. The picture is matplotlib's sample photograph of Grace Hopper, installed with
# matplotlib (no download). We turn it into one brightness per pixel, 0.299 R + 0.587 G +
# 0.114 B, scaled to 0…1, in float32. Quick mode keeps one row in four and one column in
# four.

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import cbook

from mmref import figures, lowrank, report
from mmref.report import Report

out = Report("plot_06_svd_image")

with cbook.get_sample_data("grace_hopper.jpg") as file:
    rgb = plt.imread(file)
gray = (rgb[..., :3] @ np.array([0.299, 0.587, 0.114], dtype=np.float32)) / np.float32(255)
picture = np.ascontiguousarray(gray[::4, ::4] if report.quick() else gray, dtype=np.float32)
M, N = picture.shape
print(f"picture: {M} × {N} pixels, {picture.dtype}")

# %%
# The singular values
# -------------------
# One SVD of the picture X gives everything: U (M, n), the singular values σ₁ ≥ σ₂ ≥ …
# (n = min(M, N) of them) and Vᵀ (n, N). The rank-r picture X_r is
# ``(U[:, :r] * S[:r]) @ Vt[:r]``.

U, S, Vt = np.linalg.svd(picture, full_matrices=False)
total = float(np.linalg.norm(picture))
print(f"largest singular values: {np.round(S[:5], 2)}; smallest: {S[-1]:.2e}")
numerical_rank = lowrank.numerical_rank(S, picture.shape, picture.dtype)
print(f"numerical rank, NumPy's default tolerance: {numerical_rank} of {min(M, N)}")

# %%
# NumPy's default tolerance is made for the rounding of float32, far below the error the
# picture already carries: every colour was rounded to one of 256 levels, a step of 1/255.
# A rounding error spread evenly over one step has standard deviation (1/255)/√12, and the
# brightness, a weighted mean of three such colours, has at most that. An M×N matrix of
# independent errors of standard deviation s has a largest singular value of about
# s·(√M + √N), so singular values below
#
#     tol = (1/255)/√12 · (√M + √N)
#
# are at the level of that noise. This tolerance is an estimate of the noise's largest
# singular value, not a bound; counting the singular values above it gives the numerical
# rank at the level of the 8-bit quantisation.

noise_tolerance = (1 / 255) / np.sqrt(12) * (np.sqrt(M) + np.sqrt(N))
noise_rank = lowrank.numerical_rank(S, picture.shape, picture.dtype, tol=noise_tolerance)
print(f"numerical rank, tolerance {noise_tolerance:.4f} (8-bit noise): {noise_rank} of {min(M, N)}")

# %%
# Error against rank, measured and predicted
# ------------------------------------------
# For each rank r we build X_r, measure ‖X − X_r‖_F and divide by ‖X‖_F. The prediction,
# √(σ²_(r+1) + … + σ²_n) / ‖X‖_F, uses only the singular values
# (:func:`mmref.lowrank.eckart_young_errors`). Both are relative errors, numbers between 0
# and 1; they should agree up to float32 rounding. We allow them to differ by 10⁻⁴ of
# ‖X‖_F, above NumPy's rule of thumb for the rounding error of an SVD,
# ε·max(M, N)·σ_max, which for this picture is printed below as a fraction of ‖X‖_F.

TOLERANCE = 1e-4
RANK_STEP = 1 if report.quick() else 2
ranks = np.arange(0, min(M, N) + 1, RANK_STEP)


def rank_r(r):
    return (U[:, :r] * S[:r]) @ Vt[:r]


measured = np.array([np.linalg.norm(picture - rank_r(r)) / total for r in ranks])
predicted = np.array([lowrank.eckart_young_errors(S, r)[0] / total for r in ranks])
deviation = float(np.max(np.abs(measured - predicted)))
rule_of_thumb = float(np.finfo(np.float32).eps) * max(M, N) * float(S[0]) / total
print(f"NumPy's rule of thumb, ε·max(M, N)·σ_max / ‖X‖_F: {rule_of_thumb * 1e5:.1f} × 10⁻⁵")


def agreement(deviation, tolerance):
    """"within" when the measured and predicted errors differ by at most ``tolerance``."""
    return "within" if deviation <= tolerance else "outside"


# %%
# The spectral error ‖X − X_r‖₂ is the first singular value left out, σ_(r+1). Measuring a
# spectral norm takes an SVD of its own, so we check it at the ranks shown below only.

SHOWN = (5, 20, 50)
for r in SHOWN:
    spectral = float(np.linalg.norm(picture - rank_r(r), 2))
    predicted_spectral = lowrank.eckart_young_errors(S, r)[1]
    print(f"r = {r}: spectral error {spectral:.4f}, σ_{r + 1} = {predicted_spectral:.4f}")
    deviation = max(deviation, abs(spectral - predicted_spectral) / total)
print(f"largest absolute difference, measured − predicted, over {len(ranks)} ranks and "
      f"{len(SHOWN)} spectral checks: {deviation * 1e7:.1f} × 10⁻⁷ of ‖X‖_F")

# %%
# What each rank stores
# ---------------------
# X_r is kept as two factors, (M, r) and (r, N), with the singular values folded into the
# first: r·(M + N) numbers (:func:`mmref.lowrank.storage`) against M·N for X. These are counts: they hold on any machine.

stored = np.array([lowrank.storage(M, N, int(r)) for r in ranks]) / (M * N)
break_even = M * N // (M + N)
for r in SHOWN:
    error = np.linalg.norm(picture - rank_r(r)) / total
    print(f"r = {r}: relative error {error:.4f}, "
          f"stores {lowrank.storage(M, N, r) / (M * N):.1%} of the pixels' numbers")
print(f"above r = {break_even} the factors hold more numbers than the picture")

# %%
# Figures
# -------
# Left: the measured relative error ‖X − X_r‖_F / ‖X‖_F of every rank r, and the
# Eckart–Young–Mirsky prediction from the singular values. Right: the numbers stored, as a fraction
# of M·N, and the break-even rank, the largest at which the factors are smaller than the picture.


def draw_error(_):
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.5, 4.2), layout="constrained")
    left.plot(ranks, measured, "-", color="C0", lw=2.5, alpha=0.6,
              label=_("measured ‖X − X_r‖_F / ‖X‖_F"))
    left.plot(ranks, predicted, "--", color="C1", lw=1.2,
              label=_("predicted √(σ²_(r+1) + …) / ‖X‖_F"))
    left.set(xlabel=_("rank r"), ylabel=_("relative error (Frobenius)"), ylim=(0, None),
             title=_("Error of the rank-r picture ({m}×{n})", m=_.number(M), n=_.number(N)))
    left.text(0.97, 0.75, _("largest absolute difference, measured − predicted,\n"
                            "over these ranks and the spectral checks:\n"
                            "{d} × 10⁻⁷ of the picture's Frobenius norm",
                            d=_.number(deviation * 1e7, decimals=1)),
              transform=left.transAxes, ha="right", fontsize="x-small")
    left.legend(fontsize="x-small")
    right.plot(ranks, stored, "-", color="C2", label=_("factors: r·(M + N)"))
    right.axhline(1.0, color="0.4", lw=1, ls=":", label=_("the picture: M·N"))
    right.axvline(break_even, color="C3", lw=1, ls="--",
                  label=_("break-even: factors smaller up to r = {r}", r=_.number(break_even)))
    right.set(xlabel=_("rank r"), ylabel=_("numbers stored ÷ M·N"),
              title=_("Storage of the rank-r factors"))
    right.legend(fontsize="x-small")
    for ax in (left, right):
        _.ticks(ax.xaxis)
        _.ticks(ax.yaxis)
    return fig


fig = figures.figure(draw_error)

# %%
# The picture and three of its truncations, each with its measured relative Frobenius
# error and its storage.


def draw_pictures(_):
    fig, axes = plt.subplots(1, 4, figsize=(10.0, 3.9), layout="constrained")
    panels = [(picture, _("original: {m}×{n} numbers", m=_.number(M), n=_.number(N)))]
    for r in SHOWN:
        error = float(np.linalg.norm(picture - rank_r(r))) / total
        share = lowrank.storage(M, N, r) / (M * N)
        panels.append((rank_r(r), _("r = {r}: measured relative\nFrobenius error {e}\n"
                                    "numbers stored: {s} %",
                                    r=_.number(r), e=_.number(error, digits=2),
                                    s=_.number(100 * share, digits=2))))
    for ax, (image, title) in zip(axes, panels):
        ax.imshow(np.clip(image, 0, 1), cmap="gray", vmin=0, vmax=1)
        ax.set_title(title, fontsize="small")
        ax.set_axis_off()
    fig.suptitle(_("Truncated SVD of a photograph"))
    return fig


fig = figures.figure(draw_pictures)

# %%
# Results
# -------

out.record(
    rows=M,
    columns=N,
    ranks_checked=len(ranks),
    rank_step=RANK_STEP,
    numerical_rank=numerical_rank,
    rank_max=min(M, N),
    tolerance=TOLERANCE,
    max_deviation=deviation,
    noise_tolerance=noise_tolerance,
    numerical_rank_noise=noise_rank,
    break_even_rank=break_even,
    **{f"rel_err_r{r}": lowrank.eckart_young_errors(S, r)[0] / total for r in SHOWN},
    **{f"rel_err_measured_r{r}": float(np.linalg.norm(picture - rank_r(r)) / total) for r in SHOWN},
    **{f"storage_r{r}": lowrank.storage(M, N, r) for r in SHOWN},
    **{f"storage_percent_r{r}": 100 * lowrank.storage(M, N, r) / (M * N) for r in SHOWN},
    pixels=M * N,
)
out.record_fixed(1, max_deviation_e7=deviation * 1e7, rule_of_thumb_e5=rule_of_thumb * 1e5)
out.fact("prediction", agreement(deviation, TOLERANCE), choices=("within", "outside"))
out.save()

# %%
# Run as a script, ``figures.show()`` opens the figures in windows, or saves them as PNG
# files where no window can open; a notebook shows each figure below the cell that draws it.

figures.show()
