"""The SVD page's measured sentences say what their numbers say, on any machine.

plot_07_svd_cost fits a power law to the medians of its SVD timings (mmref.stats.power_law),
gives each step between successive sizes its own interval (mmref.stats.step_intervals), places
the top step against the fit (mmref.stats.interval_position), says how the steps move
(mmref.stats.step_trend) and names the growth only when the data allow it
(mmref.stats.growth_fact).
Here synthetic medians go through the same functions, the theory page is built from them in
both languages, and each emitted sentence is read back and checked against the numbers it
quotes.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from helpers import LANGUAGES, measured_project, paragraphs, sphinx
from hypothesis import given
from hypothesis import strategies as st

from mmref import stats
from mmref.numbers import read_numbers

PAGE = "theory/03-svd-and-rank"
SIZES = [64, 128, 256, 512]
GROWTH = ("sublinear", "linear", "between", "quadratic", "cubic", "faster", "unclear",
          "below_cubic", "no_single_power")
TOP_STEP = ("below", "overlaps", "above")
TREND = ("steepening", "flattening", "unclear")
AGAINST_CUBIC = ("below", "above", "mixed")


QUIET = [1 + 0.01 * x for x in (-1, -0.75, -0.5, -0.25, 0, 0.25, 0.5, 0.75, 1)]
NOISY = [0.05, 0.1, 0.3, 0.6, 1.0, 2.0, 5.0, 10.0, 20.0]


def synthetic(steps, scatter=QUIET):
    """Results of plot_06 and plot_07 for SVD medians whose successive exponents are ``steps``.

    Each size gets nine runs, its median times each factor of ``scatter``; the facts are decided
    by the functions plot_07 uses."""
    medians = [1e-4]
    for (a, b), step in zip(zip(SIZES, SIZES[1:]), steps):
        medians.append(medians[-1] * (b / a) ** step)
    runs = [[m * x for x in scatter] for m in medians]
    fit = stats.power_law(SIZES, runs)
    intervals = stats.step_intervals(SIZES, runs)
    top = stats.interval_position(intervals[-1], fit.exponent)
    p = fit.exponent
    svd = {
        "cpu": "Test CPU", "cores": 2, "numpy": "2.4.0", "blas": "OpenBLAS (test)",
        "blas_threads": 2, "runs": 9, "min_time_ms": 50, "calls_per_run_min": 40,
        "calls_per_run_max": 1, "size_min": SIZES[0], "size_max": SIZES[-1],
        "size_below_max": SIZES[-2], "exponent": p.value, "exponent_low": p.low,
        "exponent_high": p.high, "exponent_top": intervals[-1].value,
        "exponent_top_low": intervals[-1].low, "exponent_top_high": intervals[-1].high,
        **{f"exponent_step{i}{end}": getattr(step, name) for i, step in enumerate(intervals, 1)
           for end, name in (("", "value"), ("_low", "low"), ("_high", "high"))},
        "svd_ms_max": medians[-1] * 1e3,
        "svd_ms_max_low": min(runs[-1]) * 1e3, "svd_ms_max_high": max(runs[-1]) * 1e3,
        "matmul_ms_max": 3.0,
        "svd_to_matmul": medians[-1] * 1e3 / 3.0, "svd_to_matmul_low": 20.0,
        "svd_to_matmul_high": 40.0, "payback_products": math.ceil(medians[-1] * 1e3 / 3.0 / 0.75),
        "payback_low": math.ceil(20.0 / 0.75), "payback_high": math.ceil(40.0 / 0.75),
        "gflops_min": 20.0, "gflops_max": 80.0, "speed_ratio": 4.0, "speed_ratio_low": 3.0,
        "speed_ratio_high": 5.0,
        "decimals": {"payback_products": 0, "payback_low": 0, "payback_high": 0},
        "power_below": int(np.floor(p.value)), "power_above": int(np.floor(p.value)) + 1,
        "facts": {
            "growth": {"value": stats.growth_fact(p, top), "choices": list(GROWTH)},
            "top_step": {"value": top, "choices": list(TOP_STEP)},
            "step_trend": {"value": stats.step_trend(intervals), "choices": list(TREND)},
            "steps_vs_cubic": {"value": stats.steps_against(intervals, 3),
                               "choices": list(AGAINST_CUBIC)},
            **{f"step{i}_position": {"value": stats.interval_position(step, p),
                                     "choices": list(TOP_STEP)}
               for i, step in enumerate(intervals[:-1], 1)},
            "product_speed": {"value": "rises", "choices": ["rises", "falls", "unclear"]},
            "unclear_reason": {"value": stats.unnamed_reason(p)
                               if stats.growth_fact(p, top) == "unclear" else "named",
                               "choices": ["several", "far", "named"]},
        },
    }
    image = {
        "rows": 600, "columns": 512, "ranks_checked": 257, "rank_step": 2, "rank_max": 512,
        "numerical_rank": 499, "numerical_rank_noise": 311, "noise_tolerance": 0.0541,
        "max_deviation_e7": 9.8, "rule_of_thumb_e5": 6.2, "break_even_rank": 276,
        "numpy_tolerance": 0.0137, "bound_tolerance": 1.09, "numerical_rank_bound": 158,
        **{f"rel_err_measured_r{r}": e for r, e in ((5, 0.35), (20, 0.19), (50, 0.089))},
        **{f"storage_percent_r{r}": 100 * r * 1112 / 307200 for r in (5, 20, 50)},
        "full_rank_error_e7": 3.9, "conversion_e7": 1.0, "jpeg_bytes": 61306, "pixels": 307200,
        "decimals": {"max_deviation_e7": 1, "rule_of_thumb_e5": 1, "full_rank_error_e7": 1,
                     "conversion_e7": 1},
        "facts": {"prediction": {"value": "within", "choices": ["within", "outside"]},
                  "jpeg_size": {"value": "smaller", "choices": ["smaller", "larger"]}},
    }
    return svd, image


# Medians whose steps between successive sizes take every value of the three facts between them.
CURVES = [
    (2.3, 2.4, 2.6),     # steepening, the top step above the fit, p between 2 and 3
    (2.4, 2.4, 2.4),     # one power law
    (3.9, 3.7, 3.4),     # flattening, p above 3
    (3.0, 3.0, 3.0),     # cubic
    (2.0, 2.0, 2.0),     # quadratic
    (1.0, 1.0, 1.0),     # linear
    (0.5, 0.5, 0.5),     # sublinear
    (1.8, 2.0, 2.3),     # p near 2, but the top step above it: no whole power, below 3
    (3.3, 3.0, 2.7),     # p near 3, but the top step below it: no whole power
    (2.2, 1.9, 2.2),     # steps that go down and back up: the last no steeper than the first
    (2.6, 2.9, 3.4),     # steepening, the last step wholly above 3
    (2.5, 2.7, 3.0),     # steepening, the last step's interval holding 3
]


def test_the_curves_cover_every_choice():
    svd = [synthetic(steps)[0]["facts"] for steps in CURVES]
    assert {f["top_step"]["value"] for f in svd} == set(TOP_STEP)
    assert {f["step_trend"]["value"] for f in svd} == set(TREND)
    steepening = [f for f in svd if f["step_trend"]["value"] == "steepening"]
    assert {f["steps_vs_cubic"]["value"] for f in steepening} == set(AGAINST_CUBIC)
    assert {f["growth"]["value"] for f in svd} | {"unclear"} == set(GROWTH)
    noisy = synthetic((2.0, 3.0, 2.0), NOISY)[0]["facts"]
    assert noisy["growth"]["value"] == "unclear"


def project(tmp_path, svd, image):
    """A small Sphinx project: the real SVD page, its glossary and catalogues, synthetic results."""
    return measured_project(tmp_path, PAGE, {"plot_07_svd_cost": svd, "plot_06_svd_image": image},
                            extensions=("measured", "sphinx_design", "sphinx.ext.doctest"))


def numbers(paragraph, language="en"):
    return [float(n.value) for n in read_numbers(paragraph, language)]


# Each quoted paragraph, by the phrases that find it (any of them) in each language.
MARKERS = {
    "fit": {"en": ("A power law N^p fitted to the medians",),
            "es": ("Una ley de potencias N^p ajustada a las medianas",)},
    "top": {"en": ("last of them",), "es": ("último de ellos",)},
    "trend": {"en": ("The last step's interval lies", "The last step's interval overlaps"),
              "es": ("El intervalo del último tramo queda", "El intervalo del último tramo se solapa")},
    "growth": {"en": ("fitted exponent", "does not name one growth"), "es": ("exponente ajustado", "no permite nombrar un crecimiento")},
    "cubic": {"en": ("Here every step's interval", "Here at least one step's interval",
                     "Here no step's interval"),
              "es": ("Aquí el intervalo de cada tramo", "Aquí el intervalo de al menos un tramo",
                     "Aquí ningún intervalo de tramo")},
}


def find(paras, kind, language="en"):
    phrases = MARKERS[kind][language]
    found = [p for p in paras if any(phrase in p for phrase in phrases)]
    assert len(found) == 1, f"{len(found)} paragraphs contain one of {phrases!r}"
    return found[0]


@pytest.mark.parametrize("steps", CURVES + [(2.0, 3.0, 2.0)], ids=str)
def test_each_sentence_agrees_with_its_numbers(tmp_path, steps):
    svd, image = synthetic(steps, NOISY if steps == (2.0, 3.0, 2.0) else QUIET)
    src = project(tmp_path, svd, image)
    texts = {}
    for language in LANGUAGES:
        out = tmp_path / language
        sphinx("text", src, out, "-q", "-D", f"language={language}")
        texts[language] = paragraphs((out / f"{PAGE}.txt").read_text(encoding="utf-8"))
    en = texts["en"]
    # The fit, as quoted: p, then its interval; then each step with its interval.
    quoted = numbers(find(en, "fit"))
    p, low, high = quoted[0], quoted[2], quoted[3]
    assert low <= p <= high
    steps = [tuple(quoted[i:i + 3]) for i in range(len(quoted) - 9, len(quoted), 3)]
    assert all(l <= v <= h for v, l, h in steps)
    for i, (v, l, h) in enumerate(steps, 1):
        assert (v, l, h) == pytest.approx(
            [svd[f"exponent_step{i}{end}"] for end in ("", "_low", "_high")], abs=0.006)
    # The top step, as quoted: the two sizes, against the fit's interval, by its own interval.
    said = find(en, "top")
    assert numbers(said) == [256, 512]
    _, top_low, top_high = steps[-1]
    place = svd["facts"]["top_step"]["value"]
    if place == "above":
        assert top_low > high and "whole interval above" in said
    elif place == "below":
        assert top_high < low and "whole interval below" in said
    else:
        assert top_low <= high and top_high >= low and "overlaps" in said
    one_law = place == "overlaps"
    assert ("does not describe" in said) == (not one_law)
    # How the steps move: only when every interval lies beyond the previous one.
    said = find(en, "trend")
    rising = all(b[1] > a[2] for a, b in zip(steps, steps[1:]))
    falling = all(b[2] < a[1] for a, b in zip(steps, steps[1:]))
    assert ("steepens" in said) == rising and ("flattens" in said) == falling
    assert ("do not show" in said) == (not rising and not falling)
    # Which kind of cause a steepening fits: every step below 3, one above it, or neither.
    if "steepens" in said:
        said = find(en, "cubic")
        if all(h < 3 for _, _, h in steps):
            assert "every step's interval lies wholly below 3" in said
        elif any(l > 3 for _, l, _ in steps):
            assert "at least one step's interval lies wholly above 3" in said
        else:
            assert "do not tell the two kinds apart" in said
            assert any(l <= 3 <= h for _, l, h in steps)
    else:
        assert not any(phrase in q for q in en for phrase in MARKERS["cubic"]["en"])
    # The growth: a whole power only when the interval allows it alone and the top step agrees.
    said = find(en, "growth")
    growth = svd["facts"]["growth"]["value"]
    fits = [w for power, w in ((1, "linear"), (2, "quadratic"), (3, "cubic"))
            if low - 0.15 <= power <= high + 0.15]
    named = [w for power, w in ((1, "linear"), (2, "quadratic"), (3, "cubic"))
             if f"allows the power {power} and no other whole power: {w} growth" in said]
    if growth == "unclear":
        assert "does not name one growth" in said and len(fits) > 1 and not named
        assert any("allows more than one whole power" in q for q in en)  # the reason that held
        assert not any("lies further than 0.15 from it" in q for q in en)
    elif growth in ("linear", "quadratic", "cubic"):
        assert fits == [growth] == named and one_law
    elif growth == "below_cubic":
        assert len(fits) == 1 and not one_law and high < 3 and not named
        assert "below the 3" in said and "names no whole power" in said
    elif growth == "no_single_power":
        assert len(fits) == 1 and not one_law and high >= 3 and not named
        assert "names no whole power" in said
    elif growth == "between":
        whole = int(np.floor(p))
        assert not fits and 1 < low and high < 3 and whole < low and high < whole + 1
        assert "lies wholly between the whole powers" in said and numbers(said)[:2] == [whole, whole + 1]
    elif growth == "faster":
        assert not fits and low > 3 and "is above 3" in said
    else:
        assert not fits and high < 1 and "is below 1" in said
    # The Spanish edition says the same, with the same numbers.
    for kind in MARKERS:
        if kind == "cubic" and "steepens" not in find(en, "trend"):
            continue
        a, b = find(en, kind), find(texts["es"], kind, "es")
        assert numbers(a, "en") == numbers(b, "es"), (a, b)


@given(st.lists(st.tuples(st.floats(0.5, 4.0), st.floats(0.001, 0.5)), min_size=2, max_size=5),
       st.floats(0.5, 4.0), st.floats(0.001, 0.5))
def test_interval_facts_follow_the_intervals(steps, fit_value, fit_width):
    """Each decision holds exactly when its intervals say so, in both directions."""
    intervals = [stats.Estimate(v, v - w, v + w) for v, w in steps]
    fit = stats.Estimate(fit_value, fit_value - fit_width, fit_value + fit_width)
    top = intervals[-1]
    place = stats.interval_position(top, fit)
    # the intervals are compared as the site prints them (three significant digits)
    shown_top, shown_fit, shown_first = (e.as_printed() for e in (top, fit, intervals[0]))
    assert (place == "above") == (shown_top.low > shown_fit.high)
    assert (place == "below") == (shown_top.high < shown_fit.low)
    trend = stats.step_trend(intervals)
    assert (trend == "steepening") == (shown_top.low > shown_first.high)
    assert (trend == "flattening") == (shown_top.high < shown_first.low)
    growth = stats.growth_fact(fit, place)
    word = stats.growth_word(fit)
    whole = word in ("linear", "quadratic", "cubic")
    assert (growth in ("linear", "quadratic", "cubic")) == (whole and place == "overlaps")
    assert (growth == "below_cubic") == (whole and place != "overlaps" and fit.high < 3)
    assert (growth == "no_single_power") == (whole and place != "overlaps" and fit.high >= 3)
    assert whole or growth == word


@given(st.floats(0.3, 3.5), st.floats(0.01, 0.3))
def test_step_intervals_recover_each_step(power, spread):
    """The interval of a step is the log of the ratio of its runs: it holds the true step."""
    sizes = [64, 128, 256]
    scatter = list(1 + spread * np.linspace(-1, 1, 9))
    runs = [[1e-9 * n**power * x for x in scatter] for n in sizes]
    for step in stats.step_intervals(sizes, runs):
        assert step.low <= power + 1e-9 and step.high >= power - 1e-9
        assert step.value == pytest.approx(power)
        ratio = stats.ratio(runs[1], runs[0])
        assert step.low == pytest.approx(np.log2(ratio.low))
