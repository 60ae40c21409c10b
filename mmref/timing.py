"""Timing a kernel honestly, and saying which machine the times come from.

Timings on a shared machine are noisy: :func:`measure` calibrates a loop count so one
run lasts long enough to time, repeats it, and keeps every run, so that a page can show
the median with its spread (and the minimum, the least disturbed run).  BLAS threads are
pinned with threadpoolctl.  :func:`usable_cores` counts the cores this process may run
on, which can be fewer than the machine has.
"""

from __future__ import annotations

import os
import platform
import statistics
import timeit
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits


@dataclass(frozen=True)
class Timing:
    """Seconds per call of one kernel, in each of ``repeat`` runs of ``number`` calls."""

    runs: tuple[float, ...]
    number: int

    @property
    def repeat(self) -> int:
        """How many timed runs there were."""
        return len(self.runs)

    @property
    def best(self) -> float:
        """The fastest run, which is the one least disturbed by other work."""
        return min(self.runs)

    @property
    def median(self) -> float:
        """The middle run, which is the statistic the site shows."""
        return statistics.median(self.runs)

    @property
    def spread(self) -> tuple[float, float]:
        """The fastest and the slowest run."""
        return min(self.runs), max(self.runs)

    def gflops(self, flop_count: int) -> float:
        """GFLOP/s of the median run for a kernel doing ``flop_count`` FLOPs per call."""
        return flop_count / self.median / 1e9


def measure(
    fn: Callable[[], object],
    repeat: int = 5,
    min_time: float = 0.05,
    threads: int | None = None,
) -> Timing:
    """Time ``fn()``: calibrate the loop count, then repeat.

    Parameters
    ----------
    fn : callable
        A function of no arguments; wrap the kernel and its inputs in a closure.
    repeat : int
        Number of timed runs after calibration.
    min_time : float
        Seconds a first, calibrating loop must last: the loop count doubles from 1 until it
        does, and every run then makes that many calls (a run can be a little shorter).
    threads : int, optional
        BLAS threads allowed during the measurement (``None``: leave as is).

    Examples
    --------
    >>> from mmref import timing
    >>> t = timing.measure(lambda: sum(range(100)), repeat=3, min_time=0.001)
    >>> t.best <= t.median <= t.spread[1] and t.repeat == 3
    True
    """
    limits = {} if threads is None else {"limits": threads, "user_api": "blas"}
    with threadpool_limits(**limits):
        timer = timeit.Timer(fn)
        number = 1
        while timer.timeit(number) < min_time:
            number *= 2
        runs = [t / number for t in timer.repeat(repeat=repeat, number=number)]
    return Timing(runs=tuple(runs), number=number)


def run_counts(timings: Iterable[Timing]) -> str:
    """How many runs ``timings`` kept, as a label writes it: "5", or "3–7" when they differ.

    >>> from mmref.timing import Timing, run_counts
    >>> run_counts([Timing(runs=(1.0, 1.1, 1.2), number=1), Timing(runs=(2.0, 2.1, 2.2), number=1)])
    '3'
    >>> run_counts([Timing(runs=(1.0,) * 3, number=1), Timing(runs=(2.0,) * 7, number=1)])
    '3–7'
    """
    counts = sorted({t.repeat for t in timings})
    if not counts:
        raise ValueError("run_counts needs at least one timing")
    return str(counts[0]) if len(counts) == 1 else f"{counts[0]}–{counts[-1]}"


def usable_cores() -> int:
    """The number of cores this process may run on (``taskset`` and containers can limit it).

    >>> from mmref import timing
    >>> timing.usable_cores() >= 1
    True
    """
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


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
    """The facts a timing depends on: CPU model, usable cores, Python, NumPy, BLAS and threads.

    >>> from mmref import timing
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
        "cores": usable_cores(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "blas": f"{name}{version}{arch}",
        "blas_threads": blas.get("num_threads", 1),
    }


def machine_summary(threads: int | None = None) -> str:
    """One line naming the CPU, its cores, NumPy and its BLAS, with the BLAS's own thread count.

    The thread count is the library's setting when the line is written (its default, or
    what ``OPENBLAS_NUM_THREADS`` and the like set), not necessarily what a timing uses:
    :func:`measure` can pin fewer.  A script that times on a fixed number of threads passes
    it as ``threads``, and the line says so.

    Parameters
    ----------
    threads : int, optional
        The BLAS threads the script's timings use (``None``: not said).

    Examples
    --------
    >>> from mmref import timing
    >>> "NumPy" in timing.machine_summary(), "by default" in timing.machine_summary()
    (True, True)
    >>> timing.machine_summary(threads=1).endswith("; timed here on 1 BLAS thread")
    True
    """
    f = machine_facts()
    line = (
        f"{f['cpu']}, {f['cores']} usable logical core{'s' if f['cores'] != 1 else ''}; Python {f['python']}, NumPy {f['numpy']}, "
        f"BLAS {f['blas']}, {f['blas_threads']} thread{'s' if f['blas_threads'] != 1 else ''} by default"
    )
    if threads is not None:
        line += f"; timed here on {threads} BLAS thread{'s' if threads != 1 else ''}"
    return line
