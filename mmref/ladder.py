"""The performance ladder: one square matmul computed four ways, from Python loops to BLAS.

The rungs, slowest first:

``naive``
    :func:`mmref.naive_matmul`, three Python ``for`` loops over nested lists (which hold
    Python floats, so it computes in float64 whatever the input dtype);
``kloop``
    :func:`mmref.outer_product_sum`, one Python step per k, each a NumPy outer-product update;
``blas1``
    ``A @ B`` with the BLAS library limited to one thread;
``blas``
    ``A @ B`` with every BLAS thread.

The first three run on one BLAS thread, so they use one core.  :func:`time_rung` times a
rung at one size; when a full product would be too slow, :func:`estimate_rung` times part
of it (a few rows of C, or a few steps of k) at the real size and scales up.

Examples
--------
>>> import numpy as np
>>> from mmref import ladder
>>> a, b = ladder.inputs(8, np.random.default_rng(0))
>>> t = ladder.time_rung("blas1", a, b, repeat=3, min_time=0.001)
>>> t.repeat
3
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from mmref.kernels import naive_matmul, outer_product_sum
from mmref.stats import Estimate, growth_word, powers_allowed
from mmref.timing import Timing, measure, measure_in_turns

RUNGS = ("naive", "kloop", "blas1", "blas")
THREADS = {"naive": 1, "kloop": 1, "blas1": 1, "blas": None}  # None: every BLAS thread


def inputs(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Two random ``n`` by ``n`` float32 matrices."""
    return (rng.standard_normal((n, n), dtype=np.float32),
            rng.standard_normal((n, n), dtype=np.float32))


def call(rung: str, a: np.ndarray, b: np.ndarray) -> Callable[[], object]:
    """A function of no arguments that computes ``a @ b`` the way ``rung`` does."""
    if rung == "naive":
        a_list, b_list = a.tolist(), b.tolist()  # converted once, outside the timing
        return lambda: naive_matmul(a_list, b_list)
    if rung == "kloop":
        return lambda: outer_product_sum(a, b)
    if rung in ("blas1", "blas"):
        return lambda: a @ b
    raise ValueError(f"unknown rung {rung!r}; the rungs are {', '.join(RUNGS)}")


def time_rung(rung: str, a: np.ndarray, b: np.ndarray, repeat: int = 5,
              min_time: float = 0.02) -> Timing:
    """Time one full product on ``rung`` (seconds per product, every run kept)."""
    return measure(call(rung, a, b), repeat=repeat, min_time=min_time, threads=THREADS[rung])


def time_rungs_in_turns(rungs: list[str], a: np.ndarray, b: np.ndarray, repeat: int = 5,
                        min_time: float = 0.02) -> dict[str, Timing]:
    """Time one full product on each of ``rungs``, the rungs taking turns run by run
    (:func:`mmref.timing.measure_in_turns`), so that their ratio compares runs a moment apart."""
    timings = measure_in_turns([call(rung, a, b) for rung in rungs], repeat=repeat,
                               min_time=min_time, threads=[THREADS[rung] for rung in rungs])
    return dict(zip(rungs, timings))


def estimate_rung(rung: str, a: np.ndarray, b: np.ndarray, part: int, repeat: int = 3
                  ) -> Timing:
    """Estimate a full product on a slow rung from ``part`` of its work, at the real size.

    For ``naive``, ``part`` rows of C are computed (each needs all of B); for ``kloop``,
    ``part`` of the N steps over k.  Each run's time is scaled by N / part.  The estimate
    keeps the real matrix size, so it includes the cache behaviour of that size.
    """
    n = a.shape[0]
    if rung == "naive":
        a_rows, b_list = a[:part].tolist(), b.tolist()
        work = lambda: naive_matmul(a_rows, b_list)  # noqa: E731
    elif rung == "kloop":
        work = lambda: outer_product_sum(a, b, terms=range(part))  # noqa: E731
    else:
        raise ValueError(f"only the naive and kloop rungs are estimated, not {rung!r}")
    t = measure(work, repeat=repeat, min_time=0.0, threads=THREADS[rung])
    return Timing(runs=tuple(r * n / part for r in t.runs), number=t.number)


# -- What the measurements say, as facts a page can word ---------------------------------


def nothing_to_compare(cores: int, threads: int) -> bool:
    """Whether all threads against one compares a run with itself: one usable core, or BLAS
    limited to one thread.

    >>> from mmref import ladder
    >>> ladder.nothing_to_compare(1, 4), ladder.nothing_to_compare(2, 2)
    (True, False)
    """
    return cores == 1 or threads == 1


def threads_fact(speedup: Estimate, cores: int, threads: int, band: float = 1.1) -> str:
    """How all BLAS threads compare with one, given the speed-up's interval.

    "Clearly" faster or slower means what it means everywhere on the site: the 95 % interval
    of the ratio excludes 1.  ``band`` is the site's 10 % band for a difference too small to
    call a trend: a ratio whose whole interval lies between ``1/band`` and ``band``.

    ``"one_core"`` when only one core or one thread was available (nothing to compare);
    ``"above_cores"`` when even the interval's low end exceeds the core count (effects besides
    the shared arithmetic count too: other work during the one-thread run, or the extra
    cores' caches); ``"reaches_cores"`` when threads were
    clearly faster and the interval contains the core count (the most the threads alone can
    give, and the run cannot rule out other effects); ``"helps"`` when threads were clearly
    faster and ``"slightly_faster"`` when clearly faster but by less than the band;
    ``"slower"`` when they were clearly slower and ``"slightly_slower"`` when clearly slower
    but by less than the band; ``"no_gain"`` when the interval contains 1.

    >>> from mmref import ladder, stats
    >>> ladder.threads_fact(stats.Estimate(2.4, 2.2, 2.6), cores=2, threads=2)
    'above_cores'
    >>> ladder.threads_fact(stats.Estimate(1.8, 1.6, 1.9), cores=2, threads=2)
    'helps'
    >>> ladder.threads_fact(stats.Estimate(2.02, 1.91, 2.05), cores=2, threads=2)
    'reaches_cores'
    >>> ladder.threads_fact(stats.Estimate(0.883, 0.626, 0.992), cores=2, threads=2)
    'slower'
    >>> ladder.threads_fact(stats.Estimate(0.96, 0.93, 0.99), cores=2, threads=2)
    'slightly_slower'
    >>> ladder.threads_fact(stats.Estimate(1.0, 0.9, 1.2), cores=2, threads=2)
    'no_gain'
    """
    if nothing_to_compare(cores, threads):
        return "one_core"
    if speedup.above(cores):
        return "above_cores"
    if speedup.above(1) and not speedup.below(cores):
        return "reaches_cores"
    if speedup.above(1):
        return "slightly_faster" if speedup.below(band) else "helps"
    if speedup.below(1):
        return "slightly_slower" if speedup.above(1 / band) else "slower"
    return "no_gain"


def threads_cost_fact(speedups: dict[int, Estimate], cores: int, threads: int) -> str:
    """Whether every BLAS thread was clearly slower than one at any size.

    ``speedups`` maps each size timed on both BLAS rungs to the speed-up, time on one thread
    ÷ time on every thread (below 1: the threads made the product slower).  "Clearly" as
    everywhere on the site: the speed-up's 95 % interval lies below 1.

    ``"one_core"`` when only one core or one thread was available; ``"slower_somewhere"``
    when at one size or more every thread was clearly slower; ``"never_slower"`` otherwise.

    >>> from mmref import ladder, stats
    >>> speedups = {64: stats.Estimate(1.0, 0.9, 1.1), 128: stats.Estimate(0.5, 0.4, 0.6)}
    >>> ladder.threads_cost_fact(speedups, cores=2, threads=2)
    'slower_somewhere'
    >>> ladder.threads_cost_fact({64: stats.Estimate(1.6, 1.4, 1.9)}, cores=2, threads=2)
    'never_slower'
    """
    if nothing_to_compare(cores, threads):
        return "one_core"
    return "slower_somewhere" if slower_sizes(speedups) else "never_slower"


def slower_sizes(speedups: dict[int, Estimate]) -> list[int]:
    """The sizes at which every thread was clearly slower than one (the speed-up's interval
    lies below 1), smallest first.

    >>> from mmref import ladder, stats
    >>> ladder.slower_sizes({256: stats.Estimate(0.5, 0.4, 0.67), 64: stats.Estimate(0.9, 0.77, 1.1)})
    [256]
    """
    return sorted(n for n, speedup in speedups.items() if speedup.below(1))


def faster_than_cores(speedups: dict[int, Estimate], cores: int) -> list[int]:
    """The sizes at which every thread was faster than ``cores`` cores alone can explain: the
    speed-up's interval lies wholly above ``cores``.

    >>> from mmref import ladder, stats
    >>> ladder.faster_than_cores({512: stats.Estimate(2.33, 2.22, 2.44), 1024: stats.Estimate(2.0, 1.92, 2.08)}, cores=2)
    [512]
    """
    return sorted(n for n, speedup in speedups.items() if speedup.above(cores))


def range_fact(value: Estimate, low: float, high: float) -> str:
    """Where an interval lies against the range ``[low, high]``: below, inside, above, or
    across one of its ends ("edge", when the interval cannot say which side it is on).

    >>> from mmref import ladder, stats
    >>> ladder.range_fact(stats.Estimate(7e3, 6e3, 8e3), 1e4, 1e5)
    'below'
    >>> ladder.range_fact(stats.Estimate(9.5e3, 8.4e3, 1.06e4), 1e4, 1e5)
    'edge'
    """
    if value.high < low:
        return "below"
    if value.low > high:
        return "above"
    if low <= value.low and value.high <= high:
        return "inside"
    return "edge"


def estimate_fact(estimate: Timing, fitted: float, margin: float = 1.1) -> str:
    """Whether every run of an estimate lies above, below or close to a fitted prediction.

    >>> from mmref import ladder
    >>> from mmref.timing import Timing
    >>> ladder.estimate_fact(Timing(runs=(120.0, 125.0), number=1), fitted=150.0)
    'below'
    """
    fastest, slowest = estimate.spread
    if fastest > margin * fitted:
        return "above"
    if slowest < fitted / margin:
        return "below"
    return "close"


def cubic_fact(exponent: Estimate, tolerance: float = 0.15) -> str:
    """Whether a fitted exponent says "cubic" (:func:`mmref.stats.growth_word`), "not_cubic"
    (3 is outside its interval, widened by ``tolerance``), "several_powers" (the widened
    interval allows 3 and another whole power) or "far_from_3" (it allows 3 alone, but the
    exponent itself lies further than ``tolerance`` from 3).

    >>> from mmref import ladder, stats
    >>> ladder.cubic_fact(stats.Estimate(3.0, 2.9, 3.1)), ladder.cubic_fact(stats.Estimate(2.5, 2.4, 2.6))
    ('cubic', 'not_cubic')
    >>> ladder.cubic_fact(stats.Estimate(3.04, 1.19, 3.14)), ladder.cubic_fact(stats.Estimate(3.29, 2.92, 3.56))
    ('several_powers', 'far_from_3')
    """
    if growth_word(exponent, tolerance) == "cubic":
        return "cubic"
    allowed = powers_allowed(exponent, tolerance)
    if 3 not in allowed:
        return "not_cubic"
    return "several_powers" if len(allowed) > 1 else "far_from_3"
