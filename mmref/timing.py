"""Timing a kernel honestly, and saying which machine the times come from.

Timings on a shared machine are noisy: :func:`measure` calibrates a loop count so one
run lasts long enough to time, repeats it, and keeps every run, so that a page can show
the median with its spread (and the minimum, the least disturbed run).  BLAS threads are
pinned with threadpoolctl.  :func:`usable_cores` counts the cores this process may run
on, which can be fewer than the machine has; :func:`machine_facts` adds what the operating
system reports of the processor: its model name, the physical cores under the usable ones,
its caches and whether it runs under a hypervisor.  Each fact the system does not report
(outside Linux, most of them) is recorded as not reported, never guessed.
"""

from __future__ import annotations

import os
import platform
import re
import statistics
import timeit
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

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
        does, and every run then makes that many calls (so a run can be shorter or longer
        than the calibrating loop).
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


def measure_in_turns(
    fns: Sequence[Callable[[], object]],
    repeat: int = 5,
    min_time: float = 0.05,
    threads: Sequence[int | None] | None = None,
) -> list[Timing]:
    """Time several functions taking turns, run by run: a run of each, then a second run of
    each, and so on, so that a change in the machine's state between runs reaches all of them
    alike (two series timed one after the other would each meet a different moment).

    Parameters
    ----------
    fns : Sequence[Callable]
        Functions of no arguments, as for :func:`measure`.
    repeat : int
        Number of timed runs of each function.
    min_time : float
        As for :func:`measure`; each run is calibrated on its own.
    threads : Sequence[int | None], optional
        BLAS threads allowed for each function (``None``: leave every one as is).

    Examples
    --------
    >>> from mmref import timing
    >>> small, large = timing.measure_in_turns([lambda: sum(range(10)), lambda: sum(range(1000))],
    ...                                        repeat=3, min_time=0.001)
    >>> small.repeat, large.repeat
    (3, 3)
    """
    limits = [None] * len(fns) if threads is None else list(threads)
    runs: list[list[float]] = [[] for _ in fns]
    numbers = [1] * len(fns)
    for _ in range(repeat):
        for i, (fn, limit) in enumerate(zip(fns, limits)):
            timing = measure(fn, repeat=1, min_time=min_time, threads=limit)
            runs[i] += timing.runs
            numbers[i] = timing.number
    return [Timing(runs=tuple(r), number=n) for r, n in zip(runs, numbers)]


def run_counts(timings: Iterable[Timing]) -> str:
    """The number of runs each of ``timings`` kept, written for a label: "5", or "3–7" when
    they differ.

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


SYS_CPU = Path("/sys/devices/system/cpu")
CPUINFO = Path("/proc/cpuinfo")
NOT_REPORTED = ""  # the value of a machine fact the operating system does not report


def _read(path: Path) -> str | None:
    """The stripped text of ``path``, or None if it cannot be read."""
    try:
        return path.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None


def cpu_list(text: str) -> set[int]:
    """The CPUs of a Linux CPU list such as ``"0-3,8"``.

    >>> from mmref.timing import cpu_list
    >>> sorted(cpu_list("0-2,5"))
    [0, 1, 2, 5]
    """
    cpus: set[int] = set()
    for part in text.split(","):
        if part.strip():
            first, _, last = part.partition("-")
            cpus.update(range(int(first), int(last or first) + 1))
    return cpus


def _usable_cpus() -> list[int]:
    """The ids of the CPUs this process may run on (all of them where that is not known)."""
    if hasattr(os, "sched_getaffinity"):
        return sorted(os.sched_getaffinity(0))
    return list(range(os.cpu_count() or 1))


def cpu_topology(cpus: Iterable[int], root: Path = SYS_CPU) -> tuple[int, int] | None:
    """The physical cores under the logical ``cpus``, and the threads (logical cores) per core.

    Read from Linux's ``<root>/cpu<i>/topology/`` files; ``None`` where any is missing.

    Parameters
    ----------
    cpus : Iterable[int]
        The logical CPUs (usually those this process may use).
    root : Path
        The folder of ``cpu0``, ``cpu1``, ... (``/sys/devices/system/cpu``).
    """
    cores, threads = set(), 1
    for cpu in cpus:
        folder = root / f"cpu{cpu}" / "topology"
        package, core = _read(folder / "physical_package_id"), _read(folder / "core_id")
        siblings = _read(folder / "thread_siblings_list")
        if package is None or core is None or siblings is None:
            return None
        cores.add((package, core))
        threads = max(threads, len(cpu_list(siblings)))
    return (len(cores), threads) if cores else None


@dataclass(frozen=True)
class Cache:
    """One cache of a processor: its size and how many logical cores share it."""

    size_kib: int
    shared_by: int


def _kib(size: str) -> int | None:
    """``"32K"``, ``"1M"`` or ``"512"`` (bytes), as Linux writes a cache size, in KiB."""
    match = re.fullmatch(r"(\d+)\s*([KMG]?)", size.strip().upper())
    if not match:
        return None
    scale = {"": 1 / 1024, "K": 1, "M": 1024, "G": 1024**2}[match[2]]
    return int(int(match[1]) * scale)


def cpu_caches(cpu: int = 0, root: Path = SYS_CPU) -> dict[str, Cache]:
    """The data caches a logical CPU reports: ``"L1d"``, ``"L2"``, ``"L3"`` (those found).

    Read from Linux's ``<root>/cpu<cpu>/cache/index*/{level,type,size,shared_cpu_list}``;
    an index with a file missing or unreadable is left out.
    """
    found: dict[str, Cache] = {}
    for index in sorted((root / f"cpu{cpu}" / "cache").glob("index*")):
        level, kind = _read(index / "level"), _read(index / "type")
        size, shared = _read(index / "size"), _read(index / "shared_cpu_list")
        if None in (level, kind, size, shared) or kind == "Instruction":
            continue
        kib = _kib(size)
        name = f"L{level}d" if kind == "Data" else f"L{level}"
        if kib is not None and name in ("L1d", "L2", "L3"):
            found[name] = Cache(kib, len(cpu_list(shared)) or 1)
    return found


def hypervisor(cpuinfo: Path = CPUINFO) -> bool | None:
    """Whether the operating system reports a hypervisor (the ``hypervisor`` CPU flag): a virtual machine.

    ``None`` where ``cpuinfo`` (``/proc/cpuinfo``) is missing or lists no flags.
    """
    text = _read(cpuinfo)
    for line in (text or "").splitlines():
        if line.startswith("flags"):
            return "hypervisor" in line.split(":", 1)[-1].split()
    return None


def _cpuinfo_model(cpuinfo: Path = CPUINFO) -> str | None:
    """The ``model name`` of ``cpuinfo``, or None."""
    for line in (_read(cpuinfo) or "").splitlines():
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip() or None
    return None


def cpu_model() -> str:
    """The CPU's model name as the operating system reports it."""
    return _cpuinfo_model() or platform.processor() or platform.machine()


def model_detail(name: str | None) -> str:
    """How much a reported model name says: ``"named"``, ``"family_only"`` or ``"not_reported"``.

    A name with no word holding a digit, once a clock rate (``@ 2.20GHz``) is set aside,
    names a family and no model (a hypervisor often reports just that).

    >>> from mmref.timing import model_detail
    >>> model_detail("AMD EPYC"), model_detail("AMD EPYC 7B13 64-Core Processor")
    ('family_only', 'named')
    >>> model_detail("Intel(R) Xeon(R) CPU @ 2.20GHz"), model_detail(None)
    ('family_only', 'not_reported')
    """
    if not name:
        return "not_reported"
    words = name.split("@")[0].split()
    return "named" if any(ch.isdigit() for word in words for ch in word) else "family_only"


def blas_info() -> dict[str, object]:
    """The BLAS NumPy calls: library, version, kernel architecture and thread count."""
    np.ones((2, 2)) @ np.ones((2, 2))  # make sure the BLAS is loaded
    for pool in threadpool_info():
        if pool.get("user_api") == "blas":
            return pool
    return {}


def machine_facts() -> dict[str, str | int]:
    """The facts a timing depends on: the processor, usable cores, Python, NumPy, BLAS, threads.

    ``cpu`` is the model name as the system reports it, and ``cpu_detail`` says how much it
    says (:func:`model_detail`); ``physical_cores`` and ``threads_per_core`` describe the
    cores under the usable logical ``cores`` (:func:`cpu_topology`); ``l1d_kib``, ``l2_kib``
    and ``l3_kib`` are the cache sizes of the first usable core, each ``..._shared_by`` that
    many logical cores (:func:`cpu_caches`); ``virtual`` is ``"virtual"`` or ``"physical"``
    (:func:`hypervisor`).  A fact the system does not report is ``NOT_REPORTED`` (``""``;
    ``"not_reported"`` for ``cpu_detail`` and ``virtual``).

    >>> from mmref import timing
    >>> sorted(timing.machine_facts())  # doctest: +NORMALIZE_WHITESPACE
    ['blas', 'blas_threads', 'cores', 'cpu', 'cpu_detail', 'l1d_kib', 'l1d_shared_by',
     'l2_kib', 'l2_shared_by', 'l3_kib', 'l3_shared_by', 'numpy', 'physical_cores',
     'python', 'threads_per_core', 'virtual']
    """
    blas = blas_info()
    api = blas.get("internal_api", "unknown BLAS")
    name = {"openblas": "OpenBLAS", "mkl": "MKL", "blis": "BLIS"}.get(api, api)
    version = f" {blas['version']}" if blas.get("version") else ""
    arch = f" ({blas['architecture']})" if blas.get("architecture") else ""
    cpus = _usable_cpus()
    topology = cpu_topology(cpus)
    caches = cpu_caches(cpus[0])
    vm = hypervisor()
    facts: dict[str, str | int] = {
        "cpu": cpu_model(),
        "cpu_detail": model_detail(_cpuinfo_model()),
        "physical_cores": topology[0] if topology else NOT_REPORTED,
        "threads_per_core": topology[1] if topology else NOT_REPORTED,
        "virtual": "not_reported" if vm is None else "virtual" if vm else "physical",
    }
    for level in ("L1d", "L2", "L3"):
        cache = caches.get(level)
        facts[f"{level.lower()}_kib"] = cache.size_kib if cache else NOT_REPORTED
        facts[f"{level.lower()}_shared_by"] = cache.shared_by if cache else NOT_REPORTED
    return {
        **facts,
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
