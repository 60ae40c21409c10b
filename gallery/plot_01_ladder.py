"""
From Python loops to BLAS
=========================

The same product of two square float32 matrices, computed four ways: three nested Python
loops, a Python loop over k that adds one outer product per step, NumPy's ``A @ B`` on one
BLAS thread, and ``A @ B`` on every thread. We time each rung of this ladder for growing N,
read the growth rate off a log-log plot, and measure how far apart the bottom and the top
rung are at N = 1024, where the slowest rung is estimated from a sample of its work rather
than run to the end.
"""

# %%
# Setup
# -----
# Every time on this page was measured on the machine that built the site, described on
# the first line of the output. Each timing is the best of several runs
# (:func:`mmref.timing.measure`), because on a shared machine the fastest run is the one
# least disturbed by other work. ``FAST`` is set only by the tests, which use tiny sizes.

import matplotlib.pyplot as plt
import numpy as np
from _results import FAST, Output, fmt, log_axes

import mmref
from mmref import flops
from mmref.timing import blas_info, measure

out = Output("plot_01_ladder")
print(out.results["machine"])

rng = np.random.default_rng(0)
SIZES = [8, 16, 32, 64] if FAST else [16, 32, 64, 128, 256, 512, 1024]
BIG = 1024  # the size the gap is quoted at
LIMIT = 2.0  # seconds: a rung stops being run in full once one call would take longer
MIN_TIME = 0.002 if FAST else 0.02  # seconds one timed run lasts at least


def inputs(n):
    """Two random n-by-n float32 matrices."""
    a = rng.standard_normal((n, n), dtype=np.float32)
    b = rng.standard_normal((n, n), dtype=np.float32)
    return a, b


# %%
# The four rungs
# --------------
# The bottom rung is :func:`mmref.naive_matmul`: the textbook sum of products, written as
# three ``for`` loops over nested Python lists. The lists hold Python floats, so this rung
# computes in float64 even though its inputs were float32; that costs it nothing, because
# its speed is set by the interpreter, not by the arithmetic.
#
# The second rung keeps one Python loop, over k, and lets NumPy do each step: it adds the
# outer product of column k of A and row k of B to the whole of C. The two inner loops
# have left Python, but every step still walks through all of C in memory.
#
# The top two rungs are one call to ``A @ B``, which hands the whole product to OpenBLAS;
# we pin it first to one thread, then let it use all of them. The two loop rungs are also
# pinned to one BLAS thread, so the first three rungs all run on a single core.


def naive(a, b):
    """Three Python loops on nested lists (converted once, outside the timing)."""
    a_list, b_list = a.tolist(), b.tolist()
    return lambda: mmref.naive_matmul(a_list, b_list)


def k_loop_product(a, b, steps=None):
    """Sum of outer products, one NumPy update per k (only the first ``steps`` if given)."""
    c = np.zeros((a.shape[0], b.shape[1]), dtype=a.dtype)
    for k in range(a.shape[1] if steps is None else steps):
        c += a[:, k : k + 1] @ b[k : k + 1, :]
    return c


def k_loop(a, b):
    return lambda: k_loop_product(a, b)


def blas(a, b):
    return lambda: a @ b


# name: (builds the call to time from A and B, BLAS threads; None means all of them)
RUNGS = {"naive": (naive, 1), "kloop": (k_loop, 1), "blas1": (blas, 1), "blas": (blas, None)}

# %%
# Climbing the ladder
# -------------------
# Each rung is timed at N = 16, 32, ... as long as one call is predicted to take less than
# ``LIMIT`` seconds; the prediction scales the last measured time by the cube of the size
# ratio, since the work grows as N³. Slow points get fewer repeats so the page builds in
# reasonable time.


def climb(make_call, threads):
    """Seconds per call at each size, until a call would take longer than LIMIT."""
    seconds, guess = {}, 0.0
    for n in SIZES:
        if guess > LIMIT:
            break
        call = make_call(*inputs(n))
        repeat = 1 if guess > 0.3 else 3 if guess > 0.05 or FAST else 5
        seconds[n] = measure(call, repeat=repeat, min_time=MIN_TIME, threads=threads).best
        guess = seconds[n] * 8  # the next size is twice as large: eight times the work
    return seconds


measured = {name: climb(make_call, threads) for name, (make_call, threads) in RUNGS.items()}
for name, times in measured.items():
    print(f"{name:6s}", "  ".join(f"N={n}: {t:.3g} s" for n, t in times.items()))

# %%
# Estimating the slow rungs at N = 1024
# -------------------------------------
# The naive loop would need more than a minute at N = 1024. Row i of C depends only on
# row i of A, so timing a few complete rows of C with the full B, and multiplying by
# 1024 divided by the number of rows, estimates the whole product without running it.
# This uses the real matrix size, so it includes the cache behaviour of N = 1024, which a
# power law fitted on small sizes misses. The K-loop is estimated the same way if it was
# too slow to run: every step does the same amount of work, so a few of the 1024 steps,
# scaled up, stand in for all of them. In fast mode (the tests) all four rungs are instead
# extrapolated as N³ from the largest size that was run.

ROWS, STEPS = 4, 64
estimated, method = {}, {}
if FAST:
    for name, times in measured.items():
        n = max(times)
        estimated[name] = times[n] * (BIG / n) ** 3
        method[name] = f"extrapolated as N^3 from N = {n} (fast mode)"
else:
    a_big, b_big = inputs(BIG)
    if BIG not in measured["naive"]:
        a_list, b_list = a_big.tolist(), b_big.tolist()
        rows = measure(lambda: mmref.naive_matmul(a_list[:ROWS], b_list), repeat=3, min_time=0.0,
                       threads=1)
        estimated["naive"] = rows.best * BIG / ROWS
        method["naive"] = f"{ROWS} of {BIG} rows of C timed, scaled by {BIG // ROWS}"
    if BIG not in measured["kloop"]:
        part = measure(lambda: k_loop_product(a_big, b_big, STEPS), repeat=3, min_time=0.0,
                       threads=1)
        estimated["kloop"] = part.best * BIG / STEPS
        method["kloop"] = f"{STEPS} of {BIG} steps timed, scaled by {BIG // STEPS}"

at_big = {name: estimated.get(name, measured[name].get(BIG)) for name in RUNGS}
for name, text in method.items():
    print(f"{name} at N = {BIG}: {at_big[name]:.3g} s ({text})")

# %%
# Growth rates
# ------------
# On a log-log plot a cost that grows as N^p is a straight line of slope p. We fit that
# slope to each rung's measured times from N = 64 up (in fast mode, to all of them); the
# smallest sizes are left out because there fixed per-call costs hide the N³ growth.


def slope(times):
    ns = [n for n in times if n >= 64 or FAST]
    return np.polyfit(np.log(ns), np.log([times[n] for n in ns]), 1)


fits = {name: slope(times) for name, times in measured.items()}
for name, (p, _) in fits.items():
    print(f"{name:6s} slope {p:.2f}")
naive_fit = float(np.exp(np.polyval(fits["naive"], np.log(BIG))))
print(f"naive at N = {BIG} from the fitted power law: {naive_fit:.3g} s")

# %%
# Speed of each rung
# ------------------
# A product of two N×N matrices costs 2N³ floating-point operations
# (:func:`mmref.flops.matmul`). Dividing by the time gives each rung's speed, at the
# largest size it was run in full.

gflops = {}
for name, times in measured.items():
    n = max(times)
    gflops[name] = flops.matmul(n, n, n) / times[n] / 1e9
    print(f"{name:6s} {gflops[name]:10.4f} GFLOP/s at N = {n}")

# %%
# The gap, and where it comes from
# --------------------------------
# The claim under test, from the notes this site grew out of, is that the naive loop is
# 10⁴ to 10⁵ times slower than ``A @ B`` at N = 1024, with the gap made of four factors:
# interpreter overhead (×100), no SIMD (×8), no cache blocking (×40) and one thread
# instead of four (×4), about 128,000 in all. The ladder can separate only some of these.
# Going from one BLAS thread to all of them isolates the thread factor, which on this
# machine is bounded by its core count. Going from the naive loop to the K-loop removes
# most of the interpreter work, though not all of it (one Python step per k remains), and
# it also brings NumPy's vectorised arithmetic. What is left between the K-loop and
# one-thread BLAS mixes SIMD, cache blocking and register reuse inside the library;
# timing from outside cannot tell them apart.

gap = at_big["naive"] / at_big["blas"]
gap_one = at_big["naive"] / at_big["blas1"]
factors = {
    "interpreter": at_big["naive"] / at_big["kloop"],
    "blocking+simd": at_big["kloop"] / at_big["blas1"],
    "threads": at_big["blas1"] / at_big["blas"],
}
print(f"gap at N = {BIG}: {gap:,.0f}x against all threads, {gap_one:,.0f}x against one")
for name, f in factors.items():
    print(f"  {name:14s} x{f:,.1f}")
print("claimed: 10^4 to 10^5, from factors 100 x 8 x 40 x 4 =", 100 * 8 * 40 * 4)

# %%
# Time against size
# -----------------
# Filled markers are measurements; hollow markers at N = 1024 are the estimates described
# above. The thin dashed line extends the triple loop's fitted power law to N = 1024. When
# the row-based estimate lies above it, as it usually does, the reason is memory. The
# inner loop fetches B[k][j] from a different row list at every step; at N = 1024 that
# walks over a million Python float objects, tens of megabytes, far more than the caches
# hold, while at the sizes used for the fit they nearly all fit.

# LABELS: the figure's text in English and Spanish (not shown here).
# sphinx_gallery_start_ignore
LABELS = {
    "en": {
        "naive": "Python triple loop",
        "kloop": "Python loop over k, NumPy update",
        "blas1": "A @ B, 1 BLAS thread",
        "blas": "A @ B, all BLAS threads",
        "slope": "slope",
        "estimate": "estimated (hollow)",
        "fit": "triple loop: fitted power law, extended",
        "x": "matrix size N",
        "y": "time per product (s)",
        "title": "Square float32 matmul: four implementations",
        "gap": "gap",
        "fig2_title": f"Where the gap at N = {BIG} comes from",
        "fig2_x": "slowdown factor (log scale)",
        "seed": "claimed factors",
        "here": "measured here",
        "interpreter": "interpreter",
        "simd": "SIMD",
        "blocking": "cache blocking",
        "threads": "threads",
        "blocking+simd": "K-loop → BLAS\n(SIMD + blocking)",
        "loops": "Python loops\n→ K-loop",
    },
    "es": {
        "naive": "triple bucle en Python",
        "kloop": "bucle en Python sobre k, paso en NumPy",
        "blas1": "A @ B, 1 hilo de BLAS",
        "blas": "A @ B, todos los hilos de BLAS",
        "slope": "pendiente",
        "estimate": "estimado (marcador hueco)",
        "fit": "triple bucle: ley de potencia ajustada, prolongada",
        "x": "tamaño N de la matriz",
        "y": "tiempo por producto (s)",
        "title": "Producto matricial float32 cuadrado: cuatro implementaciones",
        "gap": "brecha",
        "fig2_title": f"De dónde sale la brecha en N = {BIG}",
        "fig2_x": "factor de ralentización (escala logarítmica)",
        "seed": "factores supuestos",
        "here": "medido aquí",
        "interpreter": "intérprete",
        "simd": "SIMD",
        "blocking": "bloqueo de caché",
        "threads": "hilos",
        "blocking+simd": "bucle en k → BLAS\n(SIMD + bloqueo)",
        "loops": "bucles en Python\n→ bucle en k",
    },
}
# sphinx_gallery_end_ignore
COLORS = {"naive": "C3", "kloop": "C1", "blas1": "C0", "blas": "C2"}


def draw_ladder(text):
    fig, ax = plt.subplots(figsize=(7.5, 5.0), layout="constrained")
    for name, times in measured.items():
        ns = sorted(times)
        ax.plot(ns, [times[n] for n in ns], "o-", color=COLORS[name],
                label=f"{text[name]} ({text['slope']} {fmt(fits[name][0], '.2f', text)})")
        if name in estimated:
            ax.plot([ns[-1], BIG], [times[ns[-1]], at_big[name]], ":", color=COLORS[name])
            ax.plot([BIG], [at_big[name]], "o", mfc="white", mec=COLORS[name], mew=1.5, ms=8)
    n_last = max(measured["naive"])
    ax.plot([n_last, BIG], [measured["naive"][n_last], naive_fit], "--", lw=0.8,
            color=COLORS["naive"], alpha=0.6, label=text["fit"])
    ax.plot([], [], "o", mfc="white", mec="0.3", label=text["estimate"])
    ax.annotate("", xy=(BIG, at_big["blas"]), xytext=(BIG, at_big["naive"]),
                arrowprops={"arrowstyle": "<->", "color": "0.3"})
    ax.text(BIG * 0.93, np.sqrt(at_big["blas"] * at_big["kloop"]),
            f"{text['gap']}\n×{fmt(gap, ',.0f', text)}", ha="right", va="center")
    ax.set(xlabel=text["x"], ylabel=text["y"], title=text["title"])
    log_axes(ax, x=2, y=True)
    ax.legend(loc="upper left")
    return fig


fig = out.figure(draw_ladder, LABELS)

# %%
# The gap, factor by factor
# -------------------------
# Both bars are drawn on a logarithmic axis, so each factor's length is its share of the
# total. The top bar is the claimed breakdown; the bottom bar is this machine's ladder,
# with the three factors it can separate.

SEED = [("interpreter", 100), ("simd", 8), ("blocking", 40), ("threads", 4)]
HERE = [("loops", factors["interpreter"]), ("blocking+simd", factors["blocking+simd"]),
        ("threads", factors["threads"])]


def draw_factors(text):
    fig, ax = plt.subplots(figsize=(7.5, 3.8), layout="constrained")
    for row, parts in ((1, SEED), (0, HERE)):
        left = 1.0
        for i, (name, f) in enumerate(parts):
            ax.barh(row, left * f - left, left=left, color=f"C{i}", alpha=0.75, edgecolor="white")
            label = f"{text[name]}\n×{fmt(f, '.3g', text)}"
            if f >= 20:  # wide enough to hold its label
                ax.text(left * np.sqrt(f), row, label, ha="center", va="center",
                        fontsize="x-small")
            else:  # too narrow: label it outside the pair of bars
                ax.text(left * np.sqrt(f), row + (0.45 if row else -0.45), label, ha="center",
                        va="bottom" if row else "top", fontsize="x-small")
            left *= f
        ax.text(left * 1.15, row, f"×{fmt(left, ',.0f', text)}", va="center")
    log_axes(ax, x=True, y=False)
    ax.set_xlim(1, 2e6)
    ax.set_ylim(-1.0, 2.0)
    ax.set_yticks([1, 0], [text["seed"], text["here"]])
    ax.set(xlabel=text["fig2_x"], title=text["fig2_title"])
    ax.grid(axis="y", visible=False)
    return fig


fig = out.figure(draw_factors, LABELS)

# %%
# Results
# -------
# The numbers below are saved for the theory page, which quotes them.

out.record(
    gap_1024=gap,
    gap_1024_one_thread=gap_one,
    naive_seconds_1024=at_big["naive"],
    naive_seconds_1024_fit=naive_fit,
    naive_1024_method=method.get("naive", "measured"),
    naive_rows_timed=0 if FAST else ROWS,
    kloop_seconds_1024=at_big["kloop"],
    kloop_1024_method=method.get("kloop", "measured"),
    kloop_steps_timed=STEPS if "kloop" in method and not FAST else 0,
    blas_ms_1024=at_big["blas"] * 1e3,
    blas1_ms_1024=at_big["blas1"] * 1e3,
    blas_threads=int(blas_info().get("num_threads", 0)),
    factor_interpreter=factors["interpreter"],
    factor_kloop_to_blas1=factors["blocking+simd"],
    factor_threads=factors["threads"],
    seed_factor_product=100 * 8 * 40 * 4,
    **{f"gflops_{name}": g for name, g in gflops.items()},
    **{f"gflops_{name}_n": max(times) for name, times in measured.items()},
    **{f"slope_{name}": float(fits[name][0]) for name in fits},
)
print(out.save().name)
for key, value in sorted(out.results.items()):
    print(f"{key:24s} {value}")
