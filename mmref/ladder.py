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
from mmref.timing import Timing, measure

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
