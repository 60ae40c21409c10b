r"""
A picture compressed by truncated SVD
=====================================

A grayscale picture is a matrix of brightness values, :math:`X`, as the theory page calls
it. Its truncated SVD of rank :math:`r`, :math:`X_r`, keeps :math:`r` outer products
:math:`\sigma_i u_i v_i^\top`, and by the Eckart–Young–Mirsky theorem no matrix of rank
:math:`r` or less is closer to :math:`X`. The theorem also says how close: the Frobenius
error is the square root of the sum of the squared singular values left out. We compress a
photograph that ships with Matplotlib, measure the error of one rank in two against that
prediction, count the numbers each rank stores, and look at a few reconstructions.

Set ``MMREF_QUICK=1`` to run it on a smaller copy of the picture.
"""

# %%
# Setup
# -----
# No timing here: every number is an error norm or a count, the same on any machine up to
# rounding. The picture is Matplotlib's sample photograph of Grace Hopper, installed with
# Matplotlib (no download): a JPEG file, which decodes to 8-bit channels (red, green, blue),
# integers from 0 to 255 (the script checks it). We turn it into one brightness per pixel, 0.299 R + 0.587 G +
# 0.114 B, scaled to lie between 0 and 1, in float32. Quick mode keeps one row in four and one column in
# four.

import matplotlib.pyplot as plt
import numpy as np
from matplotlib import cbook

from mmref import figures, lowrank, report
from mmref.printout import say, scientific
from mmref.report import Report

out = Report("plot_06_svd_image")

with cbook.get_sample_data("grace_hopper.jpg") as file:
    rgb = plt.imread(file)
    jpeg_bytes = file.seek(0, 2)  # the file's size: its end's offset
assert rgb.dtype == np.uint8, f"the sample photograph decoded to {rgb.dtype}, not 8-bit colours"
gray = (rgb[..., :3] @ np.array([0.299, 0.587, 0.114], dtype=np.float32)) / np.float32(255)
picture = np.ascontiguousarray(gray[::4, ::4] if report.quick() else gray, dtype=np.float32)
M, N = picture.shape
say(lambda _: _("picture: {rows}×{columns} pixels, {dtype}", rows=_.number(M), columns=_.number(N),
                dtype=picture.dtype))

# %%
# The singular values
# -------------------
# One SVD of the picture :math:`X` gives everything: :math:`U` of shape :math:`(M, n)`, the
# singular values :math:`\sigma_1 \ge \sigma_2 \ge \dots` (:math:`n = \min(M, N)` of them) and
# :math:`V^\top` of shape :math:`(n, N)`. The rank-:math:`r` approximation :math:`X_r` is
# ``(U[:, :r] * S[:r]) @ Vt[:r]``.

U, S, Vt = np.linalg.svd(picture, full_matrices=False)
total = float(np.linalg.norm(picture))
say(lambda _: _("largest singular values: {largest}; smallest: {smallest}",
                largest="  ".join(_.number(float(s), decimals=2) for s in S[:5]),
                smallest=scientific(_, float(S[-1]), 3)))
numerical_rank = lowrank.numerical_rank(S, picture.shape, picture.dtype)
say(lambda _: _("numerical rank, NumPy's default tolerance: {rank} of {most}",
                rank=_.number(int(numerical_rank)), most=_.number(min(M, N))))

# %%
# What the 8-bit channels leave undecided
# ----------------------------------------
# NumPy's default tolerance is made for the rounding of float32. The picture was rounded far
# more coarsely before we read it: the file (a JPEG, which stores compressed coefficients)
# decodes to 8-bit channels, each one of 256 levels, a step of :math:`1/255`. Take any colour
# picture that rounds, channel by channel, to the one stored.
# The brightness weights add up to 1, so its brightness differs from ours by at most half a
# step, :math:`1/510`, plus the rounding of our float32 conversion (measured below, against
# the same conversion in float64). Call that difference :math:`E`. Adding :math:`E` moves
# no singular value by more than :math:`\|E\|_2` (Weyl's inequality). So if that picture's
# brightness has rank :math:`k`, ours has :math:`\sigma_{k+1} \le \|E\|_2`: the number of
# our singular values above :math:`\|E\|_2` is at most :math:`k`. Two values of
# :math:`\|E\|_2`, a bound and an estimate, give two tolerances:
#
# - **A bound.** Every entry of :math:`E` is at most :math:`1/510 + \delta` in absolute
#   value, where :math:`\delta` is the largest rounding error of the float32 conversion,
#   so always :math:`\|E\|_2 \le \sqrt{MN}\,(1/510 + \delta)`, with equality in the
#   worst case, when all the errors have the same absolute value and sign. The count above it is a lower bound on the rank of the brightness of
#   every colour picture that rounds to the stored one.
# - **An estimate.** If the channels' errors are independent and uniformly distributed over
#   a step, each has the standard deviation of a uniform rounding error of one step,
#   :math:`(1/255)/\sqrt{12}`, and the brightness error, their weighted sum, has
#   :math:`s = \sqrt{w_R^2 + w_G^2 + w_B^2}\,(1/255)/\sqrt{12}`, with the brightness weights
#   :math:`w_R` = 0.299, :math:`w_G` = 0.587 and :math:`w_B` = 0.114: about 0.669 times
#   :math:`(1/255)/\sqrt{12}` (:func:`mmref.lowrank.rounding_noise_norm`). A large :math:`M \times N` matrix of such
#   errors (mean zero) has :math:`\|E\|_2` of approximately :math:`s(\sqrt{M} + \sqrt{N})`. The count above it is the numerical rank at the level of
#   typical 8-bit noise, not a bound.
#
# Both counts use the singular values of the same float32 picture computed in float64: an
# SVD in float32 may move them by up to about NumPy's rule of thumb (below), enough to carry
# one across a tolerance. Both are about the 8-bit picture we hold. The file is a JPEG: the photograph was
# compressed before it was stored, and that changed it by an amount the file does not
# record, which neither tolerance covers.

exact = rgb[..., :3].astype(np.float64) @ np.array([0.299, 0.587, 0.114]) / 255
conversion = float(np.max(np.abs(picture - (exact[::4, ::4] if report.quick() else exact))))
say(lambda _: _("float32 conversion: at most {difference} from the float64 brightness",
                difference=scientific(_, conversion)))
S64 = np.linalg.svd(picture.astype(np.float64), compute_uv=False)
bound_tolerance = np.sqrt(M * N) * (1 / 510 + conversion)
bound_rank = lowrank.numerical_rank(S64, picture.shape, np.float64, tol=bound_tolerance)
say(lambda _: _("numerical rank, tolerance {tolerance} (bound on the 8-bit rounding): {rank} of {most}",
                tolerance=_.number(float(bound_tolerance)), rank=_.number(int(bound_rank)),
                most=_.number(min(M, N))))
noise_tolerance = lowrank.rounding_noise_norm(picture.shape, 1 / 255, (0.299, 0.587, 0.114))
noise_rank = lowrank.numerical_rank(S64, picture.shape, np.float64, tol=noise_tolerance)
say(lambda _: _("numerical rank, tolerance {tolerance} (typical 8-bit noise): {rank} of {most}",
                tolerance=_.number(float(noise_tolerance)), rank=_.number(int(noise_rank)),
                most=_.number(min(M, N))))

# %%
# Error against rank, measured and predicted
# ------------------------------------------
# For one rank in two, :math:`r` = 0, 2, 4, ..., we build :math:`X_r`, measure :math:`\|X - X_r\|_F` and divide by
# :math:`\|X\|_F`. The prediction, :math:`\sqrt{\sigma_{r+1}^2 + \dots + \sigma_n^2} / \|X\|_F`,
# uses only the singular values (:func:`mmref.lowrank.eckart_young_errors`). Both are
# relative errors, numbers between 0 and 1; they should agree up to float32 rounding. We
# allow them to differ by :math:`10^{-4}`, a chosen number: the errors before the division by
# :math:`\|X\|_F`, then, by :math:`10^{-4}` of :math:`\|X\|_F`, the margin of the theory page.
# NumPy's rule of thumb for the rounding error of an SVD,
# :math:`\varepsilon \cdot \max(M, N) \cdot \sigma_1`, printed below as a fraction of
# :math:`\|X\|_F`, estimates the error of each singular value, not of a Frobenius error that
# combines many of them, so it does not justify the margin: errors of that size in each of
# :math:`\min(M, N)` singular values could add up to more than :math:`10^{-4}`. The largest
# difference measured, printed below, is what shows whether the margin is ample.

MARGIN = 1e-4
RANK_STEP = 1 if report.quick() else 2
ranks = np.arange(0, min(M, N) + 1, RANK_STEP)


def rank_r(r):
    return (U[:, :r] * S[:r]) @ Vt[:r]


measured = np.array([np.linalg.norm(picture - rank_r(r)) / total for r in ranks])
predicted = np.array([lowrank.eckart_young_errors(S, r)[0] / total for r in ranks])
deviation = float(np.max(np.abs(measured - predicted)))
rule_of_thumb = float(np.finfo(np.float32).eps) * max(M, N) * float(S[0]) / total
say(lambda _: _("NumPy's rule of thumb, ε·max(M, N)·σ₁, as a fraction of the Frobenius norm of X: "
                "{fraction} × 10⁻⁵", fraction=_.number(rule_of_thumb * 1e5, decimals=1)))


def agreement(deviation, tolerance):
    """"within" when the measured and predicted errors differ by at most ``tolerance``."""
    return "within" if deviation <= tolerance else "outside"


# %%
# The spectral error :math:`\|X - X_r\|_2` is the first singular value left out,
# :math:`\sigma_{r+1}`. Measuring a spectral norm takes an SVD of its own, so we check it at
# the ranks shown below only.

SHOWN = (5, 20, 50)
SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
for r in SHOWN:
    spectral = float(np.linalg.norm(picture - rank_r(r), 2))
    predicted_spectral = lowrank.eckart_young_errors(S, r)[1]
    say(lambda _: _("r = {r}: spectral error {measured}, {sigma} = {predicted}", r=_.number(r),
                    measured=_.number(spectral, decimals=4),
                    sigma="σ" + str(r + 1).translate(SUBSCRIPT),
                    predicted=_.number(float(predicted_spectral), decimals=4)))
    deviation = max(deviation, abs(spectral - predicted_spectral) / total)
say(lambda _: _("largest absolute difference, measured − predicted, over {ranks} ranks and "
                "{checks} spectral checks: {difference} × 10⁻⁷ of the Frobenius norm of X",
                ranks=_.number(len(ranks)), checks=_.number(len(SHOWN)),
                difference=_.number(deviation * 1e7, decimals=1)))
say(lambda _: _("measured relative error at full rank ({rank}), which is rounding only: {error} × 10⁻⁷",
                rank=_.number(int(ranks[-1])), error=_.number(float(measured[-1]) * 1e7, decimals=1)))

# %%
# What each rank stores
# ---------------------
# :math:`X_r` is kept as two factors, of shapes :math:`(M, r)` and :math:`(r, N)`, with the
# singular values folded into the first: :math:`r(M + N)` numbers
# (:func:`mmref.lowrank.storage`) against :math:`MN` for :math:`X`. These are counts: they
# hold on any machine.

stored = np.array([lowrank.storage(M, N, int(r)) for r in ranks]) / (M * N)
break_even = M * N // (M + N)
for r in SHOWN:
    error = np.linalg.norm(picture - rank_r(r)) / total
    say(lambda _: _("r = {r}: relative error {error}; "
                    "numbers stored, as a share of the photograph's: {percent} %",
                    r=_.number(r), error=_.number(float(error)),
                    percent=_.number(100 * lowrank.storage(M, N, r) / (M * N))))
say(lambda _: _("above r = {r} the factors hold more numbers than the picture",
                r=_.number(int(break_even))))
# Counted in bytes: float32 factors take 4 bytes a number, the 8-bit grayscale picture 1 a pixel.
FACTOR_BYTES, PIXEL_BYTES = np.dtype(np.float32).itemsize, np.dtype(np.uint8).itemsize
break_even_bytes = M * N * PIXEL_BYTES // (FACTOR_BYTES * (M + N))
say(lambda _: _("in bytes (float32 factors, 8-bit grayscale picture): above r = {r} the factors "
                "take more; the JPEG file, all three channels: {jpeg} bytes; the 8-bit grayscale "
                "picture: {pixels} bytes", r=_.number(int(break_even_bytes)),
                jpeg=_.number(int(jpeg_bytes)), pixels=_.number(M * N * PIXEL_BYTES)))

# %%
# Figures
# -------
# Left: the measured relative error :math:`\|X - X_r\|_F / \|X\|_F` of one rank in two,
# and the Eckart–Young–Mirsky prediction from the singular values, on a logarithmic scale, so
# that the small errors of the high ranks show. A predicted error of 0 (at full rank) has no
# place on a logarithmic scale and is left out; the measured error at full rank is rounding:
# that of the float32 SVD itself and that of multiplying the factors back. Right: the numbers stored,
# as a fraction of :math:`MN`, and the break-even rank, the largest at which the factors are
# smaller than the picture.


def draw_error(_):  # titles stay plain text: they are also the figures' alt text
    fig, (left, right) = plt.subplots(1, 2, figsize=(9.5, 4.8), layout="constrained")
    left.plot(ranks, measured, "-", color="C0", lw=2.5, alpha=0.6,
              label=_(r"measured $\|X - X_r\|_F\,/\,\|X\|_F$"))
    shown = predicted > 0  # a zero has no place on a log scale
    left.plot(ranks[shown], predicted[shown], "--", color="C1", lw=1.2,
              label=_(r"predicted $\sqrt{\sigma_{r+1}^2 + \cdots + \sigma_n^2}\,/\,\|X\|_F$"))
    left.set(xlabel=_("rank $r$ (one rank in two)") if RANK_STEP == 2 else _("rank $r$"), ylabel=_("relative error (Frobenius)"), yscale="log",
             title=_("Error of the rank-r approximation ({m}×{n})", m=_.number(M), n=_.number(N)))
    left.text(0.03, 0.04, _("largest absolute difference, measured − predicted,\n"
                            "over these ranks and the spectral checks:\n"
                            "{d} × 10⁻⁷ of the picture's Frobenius norm",
                            d=_.number(deviation * 1e7, decimals=1)),
              transform=left.transAxes, ha="left", va="bottom", fontsize="x-small")
    figures.legend_below(left, fontsize="x-small")
    right.plot(ranks, stored, "-", color="C2", label=_(r"factors: $r\,(M + N)$"))
    right.axhline(1.0, color="0.4", lw=1, ls=":", label=_("the picture: $MN$"))
    right.axvline(break_even, color="C3", lw=1, ls="--",
                  label=_("break-even: factors smaller up to $r$ = {r}", r=_.number(break_even)))
    right.set(xlabel=_("rank $r$"), ylabel=_("numbers stored ÷ $MN$"),
              title=_("Storage of the rank-r factors"))
    figures.legend_below(right, fontsize="x-small")
    for ax in (left, right):
        _.ticks(ax.xaxis)
    _.ticks(left.yaxis, log=True)
    _.ticks(right.yaxis)
    return fig


fig = figures.figure(draw_error)

# %%
# The picture and three of its truncations, each with its measured relative Frobenius
# error and its storage. The panels are clipped to brightness values between 0 and 1 for display; the
# errors are those of the unclipped matrices.


def draw_pictures(_):
    fig, axes = plt.subplots(1, 4, figsize=(10.0, 3.9), layout="constrained")
    panels = [(picture, _("original: {m}×{n} numbers", m=_.number(M), n=_.number(N)))]
    for r in SHOWN:
        error = float(np.linalg.norm(picture - rank_r(r))) / total
        share = lowrank.storage(M, N, r) / (M * N)
        panels.append((rank_r(r), _("$r$ = {r}: measured relative\nFrobenius error {e}\n"
                                    "numbers stored: {s} %",
                                    r=_.number(r), e=_.number(error),
                                    s=_.number(100 * share))))
    for ax, (image, title) in zip(axes, panels):
        ax.imshow(np.clip(image, 0, 1), cmap="gray", vmin=0, vmax=1)
        ax.set_title(title, fontsize="small")
        ax.set_axis_off()
    fig.suptitle(_("Truncated SVD of a photograph"))
    return fig


fig = figures.figure(draw_pictures)

# %%
# The singular values against the tolerances
# ------------------------------------------
# The singular values :math:`\sigma_i` of the picture (computed in float64), on a logarithmic
# scale, with the three tolerances above: NumPy's default for float32
# (:func:`mmref.lowrank.rank_tolerance`), the estimate of typical 8-bit noise, and the bound
# from Weyl's inequality. Each numerical rank is the number of singular values above its line.
# The points drawn are the float64 singular values; the count against NumPy's default uses
# the float32 ones, as ``np.linalg.matrix_rank`` does.

numpy_tolerance = lowrank.rank_tolerance(S, picture.shape, picture.dtype)


def draw_spectrum(_):
    fig, ax = plt.subplots(figsize=(7.0, 5.4), layout="constrained")
    index = np.arange(1, S64.size + 1)
    ax.semilogy(index, S64, ".", color="C0", ms=2.5, label=_(r"singular values $\sigma_i$ (float64)"))
    for value, color, style, label in (
            (numpy_tolerance, "C2", ":",
             _("NumPy's default tolerance (float32): {t}; {k} float32 values above",
               t=_.number(numpy_tolerance),
               k=_.number(numerical_rank))),
            (noise_tolerance, "C1", "--",
             _("typical 8-bit noise (an estimate): {t}; {k} values above", t=_.number(noise_tolerance),
               k=_.number(noise_rank))),
            (bound_tolerance, "C3", "-",
             _("Weyl bound on the 8-bit rounding: {t}; {k} values above", t=_.number(bound_tolerance),
               k=_.number(bound_rank)))):
        ax.axhline(value, color=color, ls=style, lw=1.2, label=label)
    ax.set(xlabel=_("index $i$ (largest first)"), ylabel=_("singular value (of the picture with brightness between 0 and 1)"),
           title=_("Singular values of the picture ({m}×{n}) and the tolerances",
                   m=_.number(M), n=_.number(N)))
    _.ticks(ax.xaxis)
    _.ticks(ax.yaxis, log=True)
    figures.legend_below(ax, fontsize="x-small")
    return fig


fig = figures.figure(draw_spectrum)

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
    margin=MARGIN,
    numpy_tolerance=numpy_tolerance,
    max_deviation=deviation,
    noise_tolerance=noise_tolerance,
    numerical_rank_noise=noise_rank,
    bound_tolerance=bound_tolerance,
    numerical_rank_bound=bound_rank,
    break_even_rank=break_even,
    **{f"rel_err_r{r}": lowrank.eckart_young_errors(S, r)[0] / total for r in SHOWN},
    **{f"rel_err_measured_r{r}": float(np.linalg.norm(picture - rank_r(r)) / total) for r in SHOWN},
    **{f"storage_r{r}": lowrank.storage(M, N, r) for r in SHOWN},
    **{f"storage_percent_r{r}": 100 * lowrank.storage(M, N, r) / (M * N) for r in SHOWN},
    pixels=M * N,
    jpeg_bytes=jpeg_bytes,
    break_even_bytes=break_even_bytes,
)
out.record_fixed(1, max_deviation_e7=deviation * 1e7, rule_of_thumb_e5=rule_of_thumb * 1e5,
                 full_rank_error_e7=float(measured[-1]) * 1e7, conversion_e7=conversion * 1e7)
out.fact("jpeg_size", "smaller" if jpeg_bytes < M * N * PIXEL_BYTES else "larger",
         choices=("smaller", "larger"))
out.fact("prediction", agreement(deviation, MARGIN), choices=("within", "outside"))
out.save()

# %%
# Run as a script, ``figures.show()`` opens the figures in windows, or saves them as PNG
# files where no window can open; a notebook shows each figure below the cell that draws it.

figures.show()
