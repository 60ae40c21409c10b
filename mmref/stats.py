"""Honest numbers from noisy timings: medians with their spread, ratios and growth rates.

Every timing on the site is a set of repeated runs (:class:`mmref.timing.Timing`).  The
functions here turn runs into the numbers a page shows, each with an interval, so that a
sentence about them ("grows as N³", "faster") is said only when the interval supports it.
Intervals come from the bootstrap: the runs are resampled with replacement, the statistic
is recomputed each time, and the middle 95 % of the results is the interval.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

import numpy as np

from mmref.numbers import as_printed

K = TypeVar("K", bound=Hashable)

RESAMPLES = 2000
SEED = 0


@dataclass(frozen=True)
class Estimate:
    """A value with the 95 % bootstrap interval ``(low, high)`` around it."""

    value: float
    low: float
    high: float

    def above(self, threshold: float) -> bool:
        """True when the whole interval lies above ``threshold``, as the site prints it.

        The low end, rounded as printed, must lie above ``threshold``; for a positive
        threshold, so must the same ratio read the other way round (``1/low``, printed, below
        ``1/threshold``).  A reader never sees [1.00, 1.17] called "clearly above 1", and a
        ratio and its inverse (:meth:`inverse`) always get the same verdict.

        >>> from mmref.stats import Estimate
        >>> Estimate(1.1, 1.003, 1.17).above(1), Estimate(1.1, 1.006, 1.17).above(1)
        (False, True)
        >>> Estimate(1.1, 1.003, 1.17).inverse().below(1)
        False
        """
        if threshold > 0 and self.low > 0:
            return as_printed(self.low) > threshold and as_printed(1 / self.low) < 1 / threshold
        return as_printed(self.low) > threshold

    def below(self, threshold: float) -> bool:
        """True when the whole interval lies below ``threshold``, as the site prints it (the
        mirror of :meth:`above`: ``e.below(t)`` is ``e.inverse().above(1 / t)``).

        >>> from mmref.stats import Estimate
        >>> Estimate(0.9, 0.8, 0.9996).below(1), Estimate(0.9, 0.8, 0.994).below(1)
        (False, True)
        """
        if threshold > 0 and self.high > 0:
            return as_printed(self.high) < threshold and as_printed(1 / self.high) > 1 / threshold
        return as_printed(self.high) < threshold

    def contains(self, value: float) -> bool:
        """True when ``value`` lies inside the interval."""
        return self.low <= value <= self.high

    def as_printed(self) -> "Estimate":
        """The estimate rounded as the site prints it (:func:`mmref.numbers.as_printed`).

        >>> from mmref.stats import Estimate
        >>> Estimate(2.8493, 2.80123, 2.9)
        Estimate(value=2.8493, low=2.80123, high=2.9)
        >>> Estimate(2.8493, 2.80123, 2.9).as_printed()
        Estimate(value=2.85, low=2.8, high=2.9)
        """
        return Estimate(as_printed(self.value), as_printed(self.low), as_printed(self.high))

    def inverse(self) -> "Estimate":
        """The reciprocal of a positive estimate (a ratio read the other way), its interval's
        ends inverted and swapped, so that both readings quote the same interval.

        >>> from mmref.stats import Estimate
        >>> Estimate(0.5, 0.25, 1.0).inverse()
        Estimate(value=2.0, low=1.0, high=4.0)
        """
        if min(self.value, self.low, self.high) <= 0:
            raise ValueError(f"only a positive estimate has an inverse, not {self}")
        return Estimate(1 / self.value, 1 / self.high, 1 / self.low)


def _bootstrap_medians(runs: Sequence[float], rng: np.random.Generator) -> np.ndarray:
    runs = np.asarray(runs, dtype=np.float64)
    picks = rng.integers(0, len(runs), size=(RESAMPLES, len(runs)))
    return np.median(runs[picks], axis=1)


def _estimate(value: float, boot: np.ndarray) -> Estimate:
    """``value`` with the 2.5 to 97.5 percentiles of ``boot``, widened if need be to hold
    ``value``: every interval on the site is built this way."""
    low, high = np.percentile(boot, [2.5, 97.5])
    return Estimate(float(value), float(min(low, value)), float(max(high, value)))


def median(runs: Sequence[float]) -> Estimate:
    """The median of some runs, with a bootstrap interval.

    Examples
    --------
    >>> from mmref import stats
    >>> m = stats.median([1.0, 1.1, 1.2, 5.0])
    >>> round(m.value, 2), m.low <= m.value <= m.high
    (1.15, True)
    """
    rng = np.random.default_rng(SEED)
    return _estimate(float(np.median(runs)), _bootstrap_medians(runs, rng))


def ratio(numerator: Sequence[float], denominator: Sequence[float]) -> Estimate:
    """How many times larger the median of ``numerator`` is than that of ``denominator``.

    Both sets of runs are resampled independently, so the interval carries the noise of
    both timings.

    Examples
    --------
    >>> from mmref import stats
    >>> r = stats.ratio([2.0, 2.1, 2.2], [1.0, 1.0, 1.1])
    >>> round(r.value, 2), r.low <= r.value <= r.high
    (2.1, True)
    """
    rng = np.random.default_rng(SEED)
    boot = _bootstrap_medians(numerator, rng) / _bootstrap_medians(denominator, rng)
    return _estimate(float(np.median(numerator) / np.median(denominator)), boot)


def speed_ratio(small: Sequence[float], large: Sequence[float], work_ratio: float) -> Estimate:
    """How many times faster the work ran at the larger size: ``work_ratio`` over the time ratio.

    ``small`` and ``large`` are runs of the same computation at two sizes, and ``work_ratio``
    how many times more operations the larger one does (8 for a product of twice the size).
    Above 1, more operations were done per second at the larger size.  The interval is that of
    :func:`ratio`, inverted.

    >>> from mmref import stats
    >>> s = stats.speed_ratio([1.0, 1.0, 1.1], [4.0, 4.2, 4.4], work_ratio=8)
    >>> round(s.value, 2), s.low <= s.value <= s.high
    (1.9, True)
    """
    times = ratio(large, small)
    return Estimate(work_ratio / times.value, work_ratio / times.high, work_ratio / times.low)


def median_run(wholes: Sequence[float]) -> int:
    """The index of the median run: the run whose time is the median of an odd number of runs.

    A path timed in parts (the clock read between them, inside the same calls) adds up in
    every run, so the parts of the median run add up to the median of the whole; the
    medians of the parts, each taken over the runs, need not.  Pages and figures that show
    parts beside their whole therefore show the parts of this run.

    Examples
    --------
    >>> from mmref import stats
    >>> build, product = [1.0, 2.0, 3.0], [5.0, 1.0, 2.0]
    >>> wholes = [b + p for b, p in zip(build, product)]    # 6.0, 3.0, 5.0: the median is 5.0
    >>> i = stats.median_run(wholes)
    >>> i, build[i], product[i], wholes[i]
    (2, 3.0, 2.0, 5.0)
    >>> float(np.median(build)), float(np.median(product))   # the medians of the parts add to 4.0
    (2.0, 2.0)
    >>> stats.median_run([1.0, 2.0])
    Traceback (most recent call last):
    ...
    ValueError: the median run needs an odd number of runs, got 2: repeat the timing an odd number of times
    """
    if len(wholes) % 2 == 0:
        raise ValueError(f"the median run needs an odd number of runs, got {len(wholes)}: "
                         "repeat the timing an odd number of times")
    return int(np.argsort(wholes, kind="stable")[len(wholes) // 2])


@dataclass(frozen=True)
class PowerLaw:
    """``time ≈ scale · size ** exponent``, fitted on a log-log scale, with an interval."""

    exponent: Estimate
    scale: float

    def __call__(self, size: float) -> float:
        """The fitted time at ``size`` (an extrapolation outside the fitted sizes)."""
        return self.scale * size**self.exponent.value


def power_law(sizes: Sequence[float], runs: Sequence[Sequence[float]]) -> PowerLaw:
    """Fit ``time = scale · size ** exponent`` to the median runs at each size.

    The interval of the exponent comes from refitting on bootstrap medians at every size,
    so it covers the noise from run to run only, not how far the medians lie from a
    straight line: when the times curve on a log-log plot, the exponents between successive
    sizes (:func:`step_exponents`) can fall outside it.

    Examples
    --------
    >>> from mmref import stats
    >>> sizes = [64, 128, 256]
    >>> runs = [[1.0e-3, 1.1e-3], [8.0e-3, 8.2e-3], [64e-3, 65e-3]]
    >>> fit = stats.power_law(sizes, runs)
    >>> round(fit.exponent.value, 1), fit.exponent.contains(3.0)
    (3.0, True)
    """
    if len(sizes) < 2:
        raise ValueError(f"a power law needs at least two sizes, got {len(sizes)}")
    x = np.log(np.asarray(sizes, dtype=np.float64))
    medians = np.log([np.median(r) for r in runs])
    slope, intercept = np.polyfit(x, medians, 1)
    rng = np.random.default_rng(SEED)
    boot_y = np.log(np.stack([_bootstrap_medians(r, rng) for r in runs], axis=1))
    slopes = np.polyfit(x, boot_y.T, 1)[0]
    return PowerLaw(_estimate(float(slope), slopes), float(np.exp(intercept)))


def step_exponents(sizes: Sequence[float], runs: Sequence[Sequence[float]]) -> list[float]:
    """The exponent between each two successive sizes, from their median runs.

    Between sizes ``n1 < n2`` with median times ``t1`` and ``t2`` it is
    ``log(t2 / t1) / log(n2 / n1)``: the slope of that one segment on a log-log plot.  When
    one power law describes the times, every step has its exponent; steps that drift show
    that it does not.

    Examples
    --------
    >>> from mmref import stats
    >>> [round(p, 6) for p in stats.step_exponents([1, 2, 4], [[1.0], [4.0], [32.0]])]
    [2.0, 3.0]
    """
    if len(sizes) != len(runs) or len(sizes) < 2:
        raise ValueError(f"need the runs of at least two sizes, one list per size; "
                         f"got {len(sizes)} sizes and {len(runs)} lists of runs")
    x = np.log(np.asarray(sizes, dtype=np.float64))
    y = np.log([np.median(r) for r in runs])
    return [float(s) for s in np.diff(y) / np.diff(x)]


def position(value: float, interval: Estimate) -> str:
    """Where ``value`` lies against an interval: ``"below"``, ``"inside"`` or ``"above"``.

    The ends count as inside.

    >>> from mmref import stats
    >>> fit = stats.Estimate(2.41, 2.37, 2.45)
    >>> stats.position(2.57, fit), stats.position(2.45, fit), stats.position(2.2, fit)
    ('above', 'inside', 'below')
    """
    if value > interval.high:
        return "above"
    if value < interval.low:
        return "below"
    return "inside"


def step_intervals(sizes: Sequence[float], runs: Sequence[Sequence[float]]) -> list[Estimate]:
    """The exponent between each two successive sizes, with its 95 % bootstrap interval.

    Between sizes ``n1 < n2`` it is the logarithm, to the base ``n2 / n1``, of how many times
    longer the runs at ``n2`` took than those at ``n1`` (:func:`ratio`, which resamples both
    sets of runs): for sizes that double, ``log2`` of that ratio, and of the ends of its
    interval (widened, if need be, to hold the value).  Its value is the step of
    :func:`step_exponents`; its interval carries the noise of the runs at both sizes.

    Examples
    --------
    >>> from mmref import stats
    >>> steps = stats.step_intervals([1, 2, 4], [[1.0, 1.1], [4.0, 4.2], [32.0, 33.0]])
    >>> [round(s.value, 2) for s in steps], all(s.low <= s.value <= s.high for s in steps)
    ([1.97, 2.99], True)
    """
    if len(sizes) != len(runs) or len(sizes) < 2:
        raise ValueError(f"need the runs of at least two sizes, one list per size; "
                         f"got {len(sizes)} sizes and {len(runs)} lists of runs")
    steps = []
    for (n1, n2), (r1, r2) in zip(zip(sizes, sizes[1:]), zip(runs, runs[1:])):
        times, base = ratio(r2, r1), np.log(n2 / n1)
        value = float(np.log(times.value) / base)
        # the ratio's interval holds its value, and so does its logarithm's
        steps.append(Estimate(value, float(np.log(times.low) / base), float(np.log(times.high) / base)))
    return steps


def first_fall(sizes: Sequence[float], steps: Sequence[Estimate]) -> tuple[float, float] | None:
    """The first two successive sizes between which the time clearly fell, or ``None``.

    A step of :func:`step_intervals` whose whole interval, as the site prints it, lies below 0
    says that the larger size took less time than the smaller one: something besides the
    work, such as other programs on the machine or threads starting up, changed between
    those runs, and no single power law describes the sizes.

    >>> from mmref import stats
    >>> E = stats.Estimate
    >>> stats.first_fall([128, 256, 512], [E(-4.9, -5.2, -4.4), E(2.9, 2.7, 3.1)])
    (128, 256)
    >>> stats.first_fall([128, 256, 512], [E(-0.1, -0.4, 0.2), E(2.9, 2.7, 3.1)]) is None
    True
    """
    if len(steps) != len(sizes) - 1:
        raise ValueError(f"need one step between each two successive sizes; got {len(sizes)} "
                         f"sizes and {len(steps)} steps")
    for (small, large), step in zip(zip(sizes, sizes[1:]), steps):
        if step.as_printed().high < 0:
            return small, large
    return None


def interval_position(step: Estimate, fit: Estimate) -> str:
    """Where an interval lies against another: ``"above"`` when all of ``step`` lies above
    ``fit``, ``"below"`` when all of it lies below, ``"overlaps"`` otherwise.

    >>> from mmref import stats
    >>> fit = stats.Estimate(2.2, 2.1, 2.35)
    >>> [stats.interval_position(stats.Estimate(v, v - 0.1, v + 0.1), fit) for v in (2.5, 2.4, 1.9)]
    ['above', 'overlaps', 'below']

    The intervals are compared as the site prints them (three significant digits), so that
    two intervals printed with a common end, [2.47, 2.49] and [2.49, 2.50], overlap:

    >>> stats.interval_position(stats.Estimate(2.48, 2.471, 2.4899), stats.Estimate(2.495, 2.4901, 2.50))
    'overlaps'
    """
    step, fit = step.as_printed(), fit.as_printed()
    if step.low > fit.high:
        return "above"
    if step.high < fit.low:
        return "below"
    return "overlaps"


def step_trend(steps: Sequence[Estimate]) -> str:
    """How the exponents between successive sizes move from the first step to the last:
    ``"steepening"`` when the last step's interval lies above the first's, ``"flattening"``
    when it lies below, ``"unclear"`` when they overlap (or there is one step only), as
    :func:`interval_position` places them.

    >>> from mmref import stats
    >>> E = stats.Estimate
    >>> stats.step_trend([E(2.0, 1.9, 2.1), E(1.95, 1.8, 2.1), E(3.0, 2.8, 3.2)])
    'steepening'
    >>> stats.step_trend([E(2.2, 2.1, 2.3), E(1.9, 1.8, 2.0), E(2.6, 2.0, 3.3)])
    'unclear'
    """
    if len(steps) < 2:
        return "unclear"
    return {"above": "steepening", "below": "flattening"}.get(
        interval_position(steps[-1], steps[0]), "unclear")


def steps_against(steps: Sequence[Estimate], power: float = 3) -> str:
    """Where the steps' intervals lie against a whole power, as the site prints them:
    ``"below"`` when every interval lies wholly below ``power``, ``"above"`` when at least
    one lies wholly above it, ``"mixed"`` otherwise (none above, at least one holding it).

    >>> from mmref import stats
    >>> E = stats.Estimate
    >>> stats.steps_against([E(1.9, 1.8, 2.0), E(2.7, 2.6, 2.9)])
    'below'
    >>> stats.steps_against([E(2.5, 2.4, 2.6), E(3.3, 3.1, 3.5)])
    'above'
    >>> stats.steps_against([E(2.5, 2.4, 2.6), E(2.95, 2.8, 3.1)])
    'mixed'
    """
    places = [position(power, step.as_printed()) for step in steps]
    if all(place == "above" for place in places):
        return "below"
    return "above" if "below" in places else "mixed"


def comparison(ratio: Estimate, band: float = 1.1) -> str:
    """How one time compares with another, given the interval of their ratio (first over
    second), in the site's words: ``"longer"`` or ``"shorter"`` when the interval excludes 1
    (clearly), ``"slightly_longer"`` or ``"slightly_shorter"`` when it excludes 1 but lies
    wholly inside the band from ``1/band`` to ``band``, ``"not_clear"`` when it contains 1.

    >>> from mmref import stats
    >>> E = stats.Estimate
    >>> [stats.comparison(E(*v)) for v in ((2.0, 1.5, 2.6), (1.05, 1.02, 1.08), (2.0, 0.96, 2.8))]
    ['longer', 'slightly_longer', 'not_clear']
    >>> stats.comparison(E(0.5, 0.4, 0.6))
    'shorter'
    """
    if ratio.above(1):
        return "slightly_longer" if ratio.below(band) else "longer"
    if ratio.below(1):
        return "slightly_shorter" if ratio.above(1 / band) else "shorter"
    return "not_clear"


#: the values :func:`comparison` may take (a page writes a sentence for each)
COMPARISONS = ("longer", "slightly_longer", "not_clear", "slightly_shorter", "shorter")


def extreme(estimates: Mapping[K, Estimate], lowest: bool = True) -> tuple[K, K | None]:
    """The key with the lowest (or, with ``lowest=False``, highest) value, and its rival.

    The rival is ``None`` when the extreme's 95 % interval lies clearly below (above) every
    other interval, so that the extreme may be called the smallest (largest).  Otherwise it
    is the key, among those whose intervals overlap the extreme's, with the nearest value:
    the two are about the same.

    >>> from mmref import stats
    >>> E = stats.Estimate
    >>> stats.extreme({128: E(60.7, 58.0, 63.0), 256: E(70.0, 68.0, 72.0), 512: E(60.1, 57.0, 62.0)})
    (512, 128)
    >>> stats.extreme({128: E(50.0, 48.0, 52.0), 256: E(70.0, 68.0, 72.0)}, lowest=False)
    (256, None)
    """
    if not estimates:
        raise ValueError("extreme needs at least one estimate")
    sign = 1 if lowest else -1
    ranked = sorted(estimates, key=lambda key: sign * estimates[key].value)
    best, rest = estimates[ranked[0]], ranked[1:]
    overlapping = [key for key in rest
                   if estimates[key].low <= best.high and best.low <= estimates[key].high]
    return ranked[0], (overlapping[0] if overlapping else None)


def growth_fact(exponent: Estimate, top: str, tolerance: float = 0.15) -> str:
    """The growth a page may name: :func:`growth_word`, unless it names a whole power that the
    step between the two largest sizes contradicts.

    ``top`` is where that step lies against ``exponent`` (:func:`interval_position`).  A whole
    power (``"linear"``, ``"quadratic"``, ``"cubic"``) is named only when the step overlaps the
    fit's interval; otherwise one power law does not describe the sizes, and the answer is
    ``"below_cubic"`` when the whole interval lies below 3 and ``"no_single_power"`` when not.

    >>> from mmref import stats
    >>> fit = stats.Estimate(2.12, 2.02, 2.26)
    >>> stats.growth_fact(fit, "overlaps"), stats.growth_fact(fit, "above")
    ('quadratic', 'below_cubic')
    >>> stats.growth_fact(stats.Estimate(2.95, 2.9, 3.0), "below")
    'no_single_power'
    """
    word = growth_word(exponent, tolerance)
    if word not in ("linear", "quadratic", "cubic") or top == "overlaps":
        return word
    return "below_cubic" if exponent.high < 3 else "no_single_power"


def powers_allowed(exponent: Estimate, tolerance: float = 0.15) -> list[int]:
    """The whole powers 1, 2, 3, ... that an exponent's interval, widened by ``tolerance`` on
    each side, contains; read from the numbers as the site prints them (three significant
    digits), so that a rule agrees with what a reader sees.

    >>> from mmref import stats
    >>> stats.powers_allowed(stats.Estimate(3.04, 1.19, 3.14)), stats.powers_allowed(stats.Estimate(2.5, 2.4, 2.6))
    ([2, 3], [])
    >>> stats.powers_allowed(stats.Estimate(3.29, 2.51, 4.81))
    [3, 4]
    """
    shown = exponent.as_printed()
    margin = tolerance + 1e-9  # 3.15 - 3 is a hair above 0.15 in binary floating point
    return [p for p in range(1, math.floor(shown.high + margin) + 1) if shown.low - margin <= p]


def growth_word(exponent: Estimate, tolerance: float = 0.15) -> str:
    """Which growth an exponent supports: ``"linear"``, ``"quadratic"`` or ``"cubic"`` when
    exactly one whole power fits and the point estimate is near it; ``"unclear"`` when several
    powers fit, or one fits only at the edge of a wide interval; ``"sublinear"``, ``"between"``
    or ``"faster"`` when none fits.

    A whole power p fits when the interval, widened by ``tolerance`` for effects a power law
    leaves out (caches, call overhead), contains p.  The growth is named "consistent with p"
    only when, in addition, the point estimate lies within ``tolerance`` of p: an interval
    that merely reaches p from far away does not name p.

    >>> from mmref import stats
    >>> stats.growth_word(stats.Estimate(2.95, 2.9, 3.0))
    'cubic'
    >>> stats.growth_word(stats.Estimate(0.6, 0.55, 0.65))
    'sublinear'
    >>> stats.growth_word(stats.Estimate(1.2, 0.45, 2.11))
    'unclear'
    >>> stats.growth_word(stats.Estimate(2.23, 2.18, 3.00))
    'unclear'

    The rule is applied to the numbers as the site prints them (three significant digits),
    so an exponent printed as 2.85 counts as within 0.15 of 3:

    >>> stats.growth_word(stats.Estimate(2.8496, 2.80, 2.90)), stats.growth_word(stats.Estimate(3.15, 3.1, 3.2))
    ('cubic', 'cubic')
    """
    words = {1: "linear", 2: "quadratic", 3: "cubic"}
    fits = powers_allowed(exponent, tolerance)
    exponent = exponent.as_printed()
    near = [word for power, word in words.items()
            if abs(exponent.value - power) <= tolerance + 1e-9]
    if len(fits) == 1 and fits[0] in words and [words[fits[0]]] == near:
        return words[fits[0]]
    if any(power in words for power in fits):
        return "unclear"
    if exponent.high < 1:
        return "sublinear"
    if exponent.low > 3:
        return "faster"
    return "between"


def unnamed_reason(exponent: Estimate, tolerance: float = 0.15) -> str:
    """Why :func:`growth_word` names no growth although a whole power fits (its
    ``"unclear"``): ``"several"`` when the widened interval allows more than one whole power,
    ``"far"`` when it allows one but the exponent lies further than ``tolerance`` from it.

    >>> from mmref import stats
    >>> stats.unnamed_reason(stats.Estimate(1.2, 0.45, 2.11))
    'several'
    >>> stats.unnamed_reason(stats.Estimate(2.23, 2.18, 3.00))
    'far'
    """
    return "several" if len(powers_allowed(exponent, tolerance)) > 1 else "far"
