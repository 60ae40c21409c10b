"""Timing a kernel honestly, and saying which machine the times come from.

Timings on a shared machine are noisy: :func:`measure` calibrates a loop count so one
run lasts long enough to time, repeats it, and reports the minimum (the least disturbed
run) next to the median.  BLAS threads are pinned with threadpoolctl.
"""

from __future__ import annotations

import os
import platform
import statistics
import timeit
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits


@dataclass(frozen=True)
class Timing:
    """Seconds per call of one kernel: best and median of ``repeat`` runs of ``number`` calls."""

    best: float
    median: float
    number: int
    repeat: int

    def gflops(self, flop_count: int) -> float:
        """GFLOP/s reached by the best run for a kernel doing ``flop_count`` FLOPs per call."""
        return flop_count / self.best / 1e9


def measure(
    fn: Callable[[], object],
    repeat: int = 5,
    min_time: float = 0.05,
    threads: int | None = None,
) -> Timing:
    """Time ``fn()``: calibrate the loop count (``timeit.autorange``), then repeat.

    Parameters
    ----------
    fn : callable
        A function of no arguments; wrap the kernel and its inputs in a closure.
    repeat : int
        Number of timed runs after calibration.
    min_time : float
        Seconds one run should last at least; the loop count grows until it does.
    threads : int, optional
        BLAS threads allowed during the measurement (``None``: leave as is).

    Examples
    --------
    >>> t = timing.measure(lambda: sum(range(100)), repeat=3, min_time=0.001)
    >>> t.best <= t.median and t.repeat == 3
    True
    """
    limits = {} if threads is None else {"limits": threads, "user_api": "blas"}
    with threadpool_limits(**limits):
        timer = timeit.Timer(fn)
        number = 1
        while timer.timeit(number) < min_time:
            number *= 2
        runs = [t / number for t in timer.repeat(repeat=repeat, number=number)]
    return Timing(best=min(runs), median=statistics.median(runs), number=number, repeat=repeat)


def cpu_model() -> str:
    """The CPU's model name as the operating system reports it."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def blas_info() -> dict[str, object]:
    """The BLAS NumPy calls: library, version, kernel architecture and thread count."""
    np.ones((2, 2)) @ np.ones((2, 2))  # make sure the BLAS is loaded
    for pool in threadpool_info():
        if pool.get("user_api") == "blas":
            return pool
    return {}


def machine_facts() -> dict[str, str | int]:
    """The facts a timing depends on: CPU model and cores, Python, NumPy, BLAS and its threads.

    >>> sorted(timing.machine_facts())
    ['blas', 'blas_threads', 'cores', 'cpu', 'numpy', 'python']
    """
    blas = blas_info()
    api = blas.get("internal_api", "unknown BLAS")
    name = {"openblas": "OpenBLAS", "mkl": "MKL", "blis": "BLIS"}.get(api, api)
    version = f" {blas['version']}" if blas.get("version") else ""
    arch = f" ({blas['architecture']})" if blas.get("architecture") else ""
    return {
        "cpu": cpu_model(),
        "cores": os.cpu_count() or 1,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "blas": f"{name}{version}{arch}",
        "blas_threads": blas.get("num_threads", 1),
    }


def machine_summary() -> str:
    """One line naming the CPU, its cores, NumPy and its BLAS (with threads).

    >>> "NumPy" in timing.machine_summary()
    True
    """
    f = machine_facts()
    return (
        f"{f['cpu']}, {f['cores']} logical cores; Python {f['python']}, NumPy {f['numpy']}, "
        f"BLAS {f['blas']}, {f['blas_threads']} threads"
    )
