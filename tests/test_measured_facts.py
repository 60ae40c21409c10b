"""Sentences chosen by measurements say what their numbers say, on any machine.

The ladder script turns its timings into facts (mmref.ladder's decision functions), and
the theory page words each fact with a ``measured-choice``.  Here synthetic timings that
cover every choice go through the same decision functions, the theory page is built from
them in both languages, and each emitted sentence is read back and checked against the
numbers it quotes.  Another test makes the directive refuse an unknown fact or a missing
or extra case.
"""

from __future__ import annotations

import re

import numpy as np
import pytest
from helpers import LANGUAGES, ROOT, measured_project, paragraphs, script_functions, sphinx

from mmref import ladder, stats
from mmref.report import MACHINE_CHOICES, machine_choices
from mmref.numbers import read_numbers
from mmref.timing import Timing

PAGE = "theory/02-matmul-as-composition"


def synthetic(cores, speedup, gap, estimate_runs, fit, slope, small_cost=(12.0, 10.0, 14.0),
              large_cost=(0.6, 0.55, 0.65), kloop_estimated=False):
    """A results file for plot_01_ladder built from made-up numbers via the real logic.

    ``small_cost`` and ``large_cost`` are time on every thread ÷ time on one at N = 128 and
    N = 1024 (at N = 64 they tie); the ladder records their inverse, the speed-up."""
    speed = stats.Estimate(*speedup)
    costs = {64: stats.Estimate(1.0, 0.9, 1.1), 128: stats.Estimate(*small_cost),
             1024: stats.Estimate(*large_cost)}
    costs = {n: stats.Estimate(1 / c.value, 1 / c.high, 1 / c.low) for n, c in costs.items()}
    slower = ladder.slower_sizes(costs)
    beyond = [] if cores == 1 else ladder.faster_than_cores(costs, cores)
    gap = stats.Estimate(*gap)
    slope = stats.Estimate(*slope)
    estimate = Timing(runs=tuple(estimate_runs), number=1)
    values = {
        "cpu": "Test CPU", "cores": cores, "numpy": "2.4.0", "blas": "OpenBLAS (test)",
        "blas_threads": cores, "repeats": 5, "naive_rows_timed": 4, "big": 1024,
        "naive_seconds_1024": estimate.median, "naive_seconds_1024_low": estimate.spread[0],
        "naive_seconds_1024_high": estimate.spread[1], "naive_seconds_1024_fit": fit,
        "gflops_naive_1024": 0.02, "gflops_blas1_1024": 90.0, "gflops_blas_1024": 150.0,
        "blas1_ms_1024": 22.0, "blas1_ms_1024_low": 21.0, "blas1_ms_1024_high": 23.0,
        "blas_ms_1024": 12.0, "blas_ms_1024_low": 11.0, "blas_ms_1024_high": 13.0,
        "gap": gap.value, "gap_low": gap.low, "gap_high": gap.high, "gap_one_thread": 4000.0,
        "factor_interpreter": 150.0, "factor_kernel": 20.0,
        "thread_speedup": speed.value, "thread_speedup_low": speed.low,
        "thread_speedup_high": speed.high,
        "slope_naive": slope.value, "slope_naive_low": slope.low, "slope_naive_high": slope.high,
        "naive_fit_sizes": 4, "naive_fit_max": 256,
        "threads_compared_sizes": len(costs), "threads_slower_sizes": len(slower),
        "threads_worst_n": 128,
        "threads_worst_times": costs[128].inverse().value,
        "threads_worst_times_low": costs[128].inverse().low,
        "threads_worst_times_high": costs[128].inverse().high,
        "threads_beyond_cores_sizes": len(beyond),
    }
    facts = {
        "threads": ladder.threads_fact(speed, cores, cores),
        "threads_cost": ladder.threads_cost_fact(costs, cores, cores),
        "threads_beyond_cores": "some" if beyond else "none",
        "threads_slower_count": {0: "none", 1: "one"}.get(len(slower), "several"),
        # as the ladder decides them for its slowest size (here N = 128 wherever one is slower)
        "threads_worst_band": ("inside" if stats.comparison(costs[128]) == "slightly_shorter"
                               else "beyond"),
        "threads_worst_alone": "yes" if all(stats.interval_position(costs[128], other) == "below"
                                            for n, other in costs.items() if n != 128) else "no",
        "naive_kloop_estimated": "yes" if kloop_estimated else "no",
        "gap_vs_claim": ladder.range_fact(gap, 1e4, 1e5),
        "naive_estimate_vs_fit": ladder.estimate_fact(estimate, fit),
        "naive_growth": ladder.cubic_fact(slope),
    }
    return values, facts


# Machines that between them take every value of every fact.
MACHINES = [
    synthetic(1, (1.0, 0.97, 1.03), (7.0e3, 6.0e3, 8.0e3), [120, 125, 130], 150.0, (3.0, 2.95, 3.05)),
    synthetic(2, (1.8, 1.6, 1.9), (3.0e4, 2.5e4, 3.5e4), [160, 170, 180], 120.0, (2.6, 2.5, 2.7)),
    synthetic(2, (1.0, 0.95, 1.05), (2.0e5, 1.5e5, 2.5e5), [100, 104, 108], 100.0, (3.2, 3.1, 3.3)),
    synthetic(4, (0.7, 0.6, 0.8), (9.0e3, 8.0e3, 1.1e4), [90, 95, 97], 100.0, (2.0, 1.9, 2.1),
              small_cost=(0.9, 0.8, 1.05)),
    synthetic(2, (1.8, 1.6, 1.9), (3.0e4, 2.5e4, 3.5e4), [160, 170, 180], 120.0, (3.04, 1.19, 3.14)),
    synthetic(2, (2.4, 2.2, 2.6), (5.0e3, 4.0e3, 6.0e3), [50, 52, 54], 60.0, (3.0, 2.9, 3.1)),
    synthetic(2, (1.8, 1.6, 1.9), (9.5e3, 8.4e3, 1.06e4), [160, 170, 180], 120.0, (3.0, 2.9, 3.1)),
    synthetic(2, (0.96, 0.93, 0.99), (7.0e3, 6.0e3, 8.0e3), [120, 125, 130], 150.0, (3.0, 2.95, 3.05)),
    synthetic(2, (1.05, 1.02, 1.08), (7.0e3, 6.0e3, 8.0e3), [120, 125, 130], 150.0, (3.0, 2.95, 3.05)),
    synthetic(2, (1.8, 1.6, 1.9), (3.0e4, 2.5e4, 3.5e4), [160, 170, 180], 120.0, (3.29, 2.92, 3.56)),
    synthetic(2, (2.02, 1.91, 2.05), (3.0e4, 2.5e4, 3.5e4), [160, 170, 180], 120.0, (3.0, 2.9, 3.1),
              large_cost=(0.43, 0.41, 0.45)),
    synthetic(2, (1.8, 1.6, 1.9), (3.0e4, 2.5e4, 3.5e4), [160, 170, 180], 120.0, (3.0, 2.9, 3.1),
              large_cost=(1.5, 1.4, 1.6), kloop_estimated=True),
    synthetic(2, (1.8, 1.6, 1.9), (3.0e4, 2.5e4, 3.5e4), [160, 170, 180], 120.0, (3.0, 2.9, 3.1),
              small_cost=(1.05, 1.02, 1.08)),  # slightly slower at N = 128, as at N = 64 maybe
]
# What three kinds of system report of their processor (mmref.timing.machine_facts),
# cycled over the machines above so that every machine fact takes each of its values.
HARDWARE = [
    {"cpu_detail": "family_only", "virtual": "virtual", "physical_cores": 2,
     "threads_per_core": 1, "l1d_kib": 32, "l1d_shared_by": 1, "l2_kib": 1024,
     "l2_shared_by": 1, "l3_kib": 32768, "l3_shared_by": 2},
    {"cpu_detail": "named", "virtual": "physical", "physical_cores": 4,
     "threads_per_core": 2, "l1d_kib": 48, "l1d_shared_by": 2, "l2_kib": 2048,
     "l2_shared_by": 2, "l3_kib": 36864, "l3_shared_by": 16},
    {"cpu_detail": "not_reported", "virtual": "not_reported", **dict.fromkeys(
        ("physical_cores", "threads_per_core", "l1d_kib", "l1d_shared_by", "l2_kib",
         "l2_shared_by", "l3_kib", "l3_shared_by"), "")},
]
MACHINES = [({**values, **HARDWARE[i % len(HARDWARE)]},
             {**facts, **machine_choices(HARDWARE[i % len(HARDWARE)])})
            for i, (values, facts) in enumerate(MACHINES)]
CHOICES = {
    **{name: set(choices) for name, choices in MACHINE_CHOICES.items()},
    "threads": {"one_core", "helps", "slightly_faster", "no_gain", "slightly_slower", "slower",
                "above_cores", "reaches_cores"},
    "threads_cost": {"one_core", "slower_somewhere", "never_slower"},
    "threads_beyond_cores": {"some", "none"},
    "threads_slower_count": {"none", "one", "several"},
    "threads_worst_band": {"inside", "beyond"},
    "threads_worst_alone": {"yes", "no"},
    "naive_kloop_estimated": {"yes", "no"},
    "gap_vs_claim": {"below", "inside", "edge", "above"},
    "naive_estimate_vs_fit": {"above", "below", "close"},
    "naive_growth": {"cubic", "not_cubic", "several_powers", "far_from_3"},
}


def test_the_machines_cover_every_choice():
    for fact, choices in CHOICES.items():
        assert {facts[fact] for _, facts in MACHINES} == choices, fact


# The batched-cost section: plot_04's decisions, fed synthetic per-product runs.
BATCHED_SCRIPT = ROOT / "gallery" / "02-matmul-as-composition" / "plot_04_batched_cost.py"
turning_point, per_product_trend, one_exponent = script_functions(
    BATCHED_SCRIPT, "turning_point", "per_product_trend", "one_exponent")
SIZES = (16, 64)


def stacks(first, ratios, spread=0.02):
    """Per-product runs (seconds) of the stacks: the first at ``first``, the others at ``first``
    times each ratio, nine runs each, scattered by ±spread."""
    return [[first * r * (1 + d) for d in np.linspace(-spread, spread, 9)] for r in (1, *ratios)]


def batched(per_size):
    """A results file for plot_04_batched_cost from per-product runs, via the script's decisions."""
    values = {"cpu": "Test CPU", "numpy": "2.4.0", "blas": "OpenBLAS (test)", "runs": 9,
              "products_min": 4, "products_max": 4096}
    facts = {}
    for size, runs in zip(SIZES, per_size):
        rise = stats.ratio(runs[-1], runs[0])
        fall = rise.inverse()
        values |= {f"per_product_us_first_{size}": float(np.median(runs[0])) * 1e6,
                   f"per_product_us_last_{size}": float(np.median(runs[-1])) * 1e6,
                   f"exponent_{size}": 1.0, f"exponent_{size}_low": 0.9,
                   f"exponent_{size}_high": 1.1}
        for word, q in (("rise", rise), ("fall", fall)):
            values |= {f"per_product_{word}_{size}": q.value,
                       f"per_product_{word}_{size}_low": q.low,
                       f"per_product_{word}_{size}_high": q.high}
        turn = turning_point(runs)
        i, way = turn or (1, "falls_then_rises")  # as the script: quoted only with a turn
        first, middle, last = runs[0], runs[i], runs[-1]
        before = stats.ratio(first, middle) if way == "falls_then_rises" else stats.ratio(middle, first)
        after = stats.ratio(last, middle) if way == "falls_then_rises" else stats.ratio(middle, last)
        values |= {f"per_product_us_turn_{size}": float(np.median(middle)) * 1e6,
                   f"products_turn_{size}": 4 * 4**i}
        for word, q in (("before", before), ("after", after)):
            values |= {f"per_product_{word}_{size}": q.value,
                       f"per_product_{word}_{size}_low": q.low,
                       f"per_product_{word}_{size}_high": q.high}
        facts[f"per_product_{size}"] = per_product_trend(runs)
    facts["one_exponent"] = one_exponent([facts[f"per_product_{size}"] for size in SIZES])
    return values, facts


# Sets of stacks that between them take every value of every fact.  DIP is the trend the
# first edition of the page called "rose as the stack grew": down 13 %, then up.
FLAT, FALLS, RISES = (1.02, 0.98, 1.03), (0.4, 0.3, 0.25), (1.0, 1.3, 2.0)
DIP, HUMP = (0.87, 1.5, 3.7, 1.7, 3.75), (1.5, 2.0, 0.8, 0.5)
CHANGES = stacks(1e-6, (1.0, 1.3, 1.0), spread=0.5)
BATCHED = [
    batched([stacks(1e-6, FALLS), stacks(10e-6, RISES)]),
    batched([stacks(1e-6, FLAT), stacks(10e-6, FLAT)]),
    batched([CHANGES, stacks(10e-6, FALLS)]),
    batched([stacks(1e-6, RISES), CHANGES]),
    batched([stacks(1e-6, HUMP), stacks(10e-6, DIP)]),
    batched([stacks(1e-6, DIP), stacks(10e-6, HUMP)]),
]
TRENDS = {"flat", "falls", "rises", "falls_then_rises", "rises_then_falls", "changes"}
BATCHED_CHOICES = {"per_product_16": TRENDS, "per_product_64": TRENDS,
                   "one_exponent": {"describes", "summarises"}}


def test_a_dip_before_a_rise_is_not_called_a_rise():
    """Per-product times that fall 13 % and then rise are worded as a fall then a rise."""
    assert per_product_trend(stacks(15e-6, DIP)) == "falls_then_rises"
    assert turning_point(stacks(15e-6, DIP)) == (1, "falls_then_rises")
    assert per_product_trend(stacks(15e-6, RISES)) == "rises"
    assert turning_point(stacks(1e-6, HUMP)) == (2, "rises_then_falls")


def test_the_batched_stacks_cover_every_choice():
    for fact, choices in BATCHED_CHOICES.items():
        assert {facts[fact] for _, facts in BATCHED} == choices, fact


def project(tmp_path, values, facts, batched=BATCHED[0]):
    """A one-page Sphinx project: the real theory page and glossary, synthetic results."""
    choices = {name: {"value": value, "choices": sorted(CHOICES[name])} for name, value in facts.items()}
    batched_values, batched_facts = batched
    batched_choices = {name: {"value": value, "choices": sorted(BATCHED_CHOICES[name])}
                       for name, value in batched_facts.items()}
    return measured_project(tmp_path, PAGE, {
        "plot_01_ladder": {**values, "facts": choices},
        "plot_04_batched_cost": {**batched_values, "facts": batched_choices}})


def numbers_of(paragraph, language):
    return [float(n.value) for n in read_numbers(paragraph, language)]


def check_english(facts, values, text):
    """Each fact's sentence is present, and the numbers it quotes support it."""
    paras = paragraphs(text)

    def find(phrase):
        found = [p for p in paras if phrase in p]
        assert found, f"no paragraph contains {phrase!r}"
        return found[0]

    fact = facts["threads"]
    if fact == "one_core":
        find("could use only one core or one BLAS thread")
        assert values["cores"] == 1 or values["blas_threads"] == 1
    else:
        p = find("Threads are separated directly")
        low, high = (float(x.replace(",", "")) for x in
                     re.search(r"95 % interval \[([\d.,]+), ([\d.,]+)\]", p).groups())
        cores = values["cores"]
        if fact == "above_cores":
            assert "more than the" in p and low > cores
        elif fact == "reaches_cores":
            assert "The interval contains the core count" in p and 1 < low <= cores <= high
        elif fact == "helps":
            assert "times faster" in p and low > 1 and high >= 1.1 and high < cores  # below the cores
        elif fact == "slightly_faster":
            assert "helped only slightly" in p and "within the 10 % band" in p
            assert 1 < low and high < 1.1
        elif fact == "slightly_slower":
            assert "slightly slower" in p and "within the 10 % band" in p
            assert 1 / 1.1 < low and high < 1
        elif fact == "slower":
            assert "clearly slower" in p and "which excludes 1" in p and high < 1 and low <= 1 / 1.1
        else:
            assert "neither clearly faster nor clearly slower" in p and low <= 1 <= high
    cost = facts["threads_cost"]
    if cost == "one_core":
        find("ran the same way too")
        assert values["cores"] == 1 or values["blas_threads"] == 1
    elif cost == "slower_somewhere":
        p = find("sizes timed on both, every BLAS thread was clearly slower than one")
        slower, compared = numbers_of(p, "en")[:2]
        assert (slower, compared) == (values["threads_slower_sizes"],
                                      values["threads_compared_sizes"])
        assert 1 <= slower <= compared
        count = facts["threads_slower_count"]
        assert count == ("one" if slower == 1 else "several")  # one size is not "among" sizes
        p = find("That size is" if count == "one" else "was lowest at")
        assert numbers_of(p, "en")[-1] == values["threads_worst_n"] == 128
        p = find("times as long with every thread as with one")
        times, ninety_five, low, high = numbers_of(p, "en")[:4]
        assert ninety_five == 95 and 1 < low <= times <= high
        band = facts["threads_worst_band"]
        assert ("wholly inside the 10 % band: the slowdown is slight" in p) == (band == "inside")
        assert band == ("inside" if high < 1.1 else "beyond")
    else:
        p = find("was every thread clearly slower than one")
        assert values["threads_slower_sizes"] == 0
    if cost != "one_core":
        if facts["threads_beyond_cores"] == "some":
            p = find("lies wholly above the core count")
            # "At 2 of the 7 sizes" where some sizes were slower, "At 2 of these sizes" if none
            expected = [values["threads_beyond_cores_sizes"], values["threads_compared_sizes"],
                        values["cores"]] if cost == "slower_somewhere" else [
                            values["threads_beyond_cores_sizes"], values["cores"]]
            assert numbers_of(p, "en")[:len(expected)] == expected
            assert values["threads_beyond_cores_sizes"] >= 1
        else:
            find("was every thread clearly faster than the")
            assert values["threads_beyond_cores_sizes"] == 0
    # the factors say which of them rest on estimated times
    kloop = find("Both factors rest on estimates" if facts["naive_kloop_estimated"] == "yes"
                 else "ran whole there, so the factor of")
    assert "1024" in kloop
    # each factor is named by its value, not as "the first" (the source text lists four)
    factors = [values["factor_interpreter"], values["factor_kernel"]]
    assert [n for n in numbers_of(kloop, "en") if n in factors] == factors
    gap_para = find("The ladder's gap against every thread,")
    gap = values["gap_low"], values["gap_high"]
    if facts["gap_vs_claim"] == "below":
        assert "lies below" in gap_para and gap[1] < 1e4
    elif facts["gap_vs_claim"] == "above":
        assert "lies above" in gap_para and gap[0] > 1e5
    elif facts["gap_vs_claim"] == "edge":
        assert "reaches across" in gap_para and (gap[0] < 1e4 <= gap[1] or gap[0] <= 1e5 < gap[1])
    else:
        assert "lies inside" in gap_para and 1e4 <= gap[0] and gap[1] <= 1e5
    est = values["naive_seconds_1024_low"], values["naive_seconds_1024_high"]
    fit = values["naive_seconds_1024_fit"]
    if facts["naive_estimate_vs_fit"] == "above":
        assert "higher than" in find("The estimate from whole rows") and est[0] > fit
    elif facts["naive_estimate_vs_fit"] == "below":
        assert "lower than" in find("The estimate from whole rows") and est[1] < fit
    else:
        find("the two estimates do not disagree")
        assert fit / 1.1 <= est[1] and est[0] <= fit * 1.1
    growth = find("the triple loop ran in full")
    low, high = values["slope_naive_low"], values["slope_naive_high"]
    if facts["naive_growth"] == "cubic":
        assert "consistent with cubic growth, as its operation count is" in growth and low - 0.15 <= 3 <= high + 0.15
        assert abs(values["slope_naive"] - 3) <= 0.15
    elif facts["naive_growth"] == "several_powers":
        assert "and at least one other whole power" in growth and low - 0.15 <= 2 and 3 <= high + 0.15
    elif facts["naive_growth"] == "far_from_3":
        assert "and no other whole" in growth and abs(values["slope_naive"] - 3) > 0.15
        assert 2 < low - 0.15 and 3 <= high + 0.15 < 4
    else:
        assert "not the" in growth and not (low - 0.15 <= 3 <= high + 0.15)
    return paras


def check_batched(facts, values, paras):
    """Each size's sentence says the direction its numbers show; the exponent's sentence says
    whether one exponent describes the range.  Returns the paragraphs checked, in page order."""
    checked = []
    for size in SIZES:
        found = [p for p in paras if p.startswith(f"For {size}") and "products" in p]
        assert len(found) == 1, (size, found)
        p, fact = found[0], facts[f"per_product_{size}"]
        first = values[f"per_product_us_first_{size}"]
        last = values[f"per_product_us_last_{size}"]
        if fact == "flat":
            assert "was flat" in p and "inside the 10 % band" in p and 1 / 1.1 <= last / first <= 1.1
        elif fact == "falls":
            assert "was clearly lower in the largest stack" in p and "rose" not in p
            assert values[f"per_product_fall_{size}_low"] > 1 and last < first
        elif fact == "rises":
            assert "was clearly higher in the largest stack" in p and "fell" not in p
            assert values[f"per_product_rise_{size}_low"] > 1 and last > first
        elif fact in ("falls_then_rises", "rises_then_falls"):
            turn = values[f"per_product_us_turn_{size}"]
            before, after = values[f"per_product_before_{size}_low"], values[f"per_product_after_{size}_low"]
            assert before > 1 and after > 1
            if fact == "falls_then_rises":
                assert "fell, then rose again" in p and "lowest of the stacks" in p
                assert turn < first and turn < last
            else:
                assert "rose, then fell again" in p and "highest of the stacks" in p
                assert turn > first and turn > last
        else:
            assert "which contains 1" in p
            assert values[f"per_product_rise_{size}_low"] <= 1 <= values[f"per_product_rise_{size}_high"]
        checked.append(p)
    flat = all(facts[f"per_product_{size}"] == "flat" for size in SIZES)
    exponent = [p for p in paras if "one exponent describes all the stacks of each size" in p
                or "single exponent only summarises" in p]
    assert len(exponent) == 1 and ("describes" in exponent[0]) == flat, exponent
    return checked + exponent


BATCHED_MARKERS = {"en": ("For 16", "For 64", "one exponent describes", "single exponent only"),
                   "es": ("Con productos de 16", "Con productos de 64", "un solo exponente describe",
                          "exponente único solo resume")}


def chosen(paras, markers):
    return [p for p in paras if any(m in p for m in markers)]


# The opening words of each measured-choice's paragraphs, in each language.
MARKERS = {
    "en": ("Threads are separated directly", "could use only one core", "The ladder's gap against every thread,",
           "The estimate from whole rows", "The power law fitted on the smaller sizes predicts",
           "the triple loop ran in full", "every BLAS thread was clearly slower than one",
           "That size is", "Among those slower sizes the speed-up",
           "ran the same way too", "was every thread clearly slower than one",
           "lies wholly above the core count", "was every thread clearly faster than the"),
    "es": ("El efecto de los hilos se mide directamente", "solo pudo usar un núcleo", "La brecha de la escalera frente a todos los hilos,",
           "La estimación a partir de filas completas",
           "La ley de potencias ajustada en los tamaños pequeños predice",
           "el triple bucle se ejecutó entero",
           "el producto fue claramente más lento con todos los hilos de BLAS que con uno", "Ese tamaño es",
           "Entre los tamaños en que el producto fue claramente más lento con todos los hilos, la aceleración",
           "también se ejecutaron igual", "fue el producto claramente más lento con todos los hilos",
           "queda entero por encima del número de núcleos",
           "fue la aceleración con todos los hilos claramente mayor de lo que"),
}


@pytest.mark.parametrize("machine", range(len(MACHINES)))
def test_each_sentence_agrees_with_its_numbers(tmp_path, machine):
    values, facts = MACHINES[machine]
    batched_values, batched_facts = BATCHED[machine % len(BATCHED)]
    src = project(tmp_path, values, facts, BATCHED[machine % len(BATCHED)])
    texts = {}
    for language in LANGUAGES:
        out = tmp_path / language
        sphinx("text", src, out, "-q", "-D", f"language={language}")
        texts[language] = (out / f"{PAGE}.txt").read_text(encoding="utf-8")
    paras = check_english(facts, values, texts["en"])
    check_hardware(facts, values, texts)
    english = chosen(paras, MARKERS["en"])
    spanish = chosen(paragraphs(texts["es"]), MARKERS["es"])
    # the nested threads sentences: one, or the slower sizes and the slowest of them
    expected = {"one_core": 5, "never_slower": 6, "slower_somewhere": 7}[facts["threads_cost"]]
    assert len(english) == len(spanish) == expected, (english, spanish)
    for en, es in zip(english, spanish):
        assert numbers_of(en, "en") == numbers_of(es, "es"), (en, es)
    english = check_batched(batched_facts, batched_values, paras)
    spanish = chosen(paragraphs(texts["es"]), BATCHED_MARKERS["es"])
    assert len(spanish) == 3, spanish
    for en, es in zip(english, spanish):
        assert numbers_of(en, "en") == numbers_of(es, "es"), (en, es)
    if facts["threads"] == "one_core":
        for text in texts.values():
            assert not re.search(r"\b1 (threads|cores|hilos|núcleos)\b", text)


HARDWARE_SENTENCES = {
    "cpu_detail": {"named": ("model the system reports", "modelo del que informa el sistema"),
                   "family_only": ("no finer model", "ningún nombre de modelo más preciso"),
                   "not_reported": ("reports no model name", "no informa del nombre")},
    "virtual": {"virtual": ("reports a hypervisor", "informa de un hipervisor"),
                "physical": ("reports no hypervisor", "no informa de ningún hipervisor"),
                "not_reported": ("does not say whether", "no dice si")},
    "topology": {"reported": ("Physical cores under", "Núcleos físicos correspondientes"),
                 "not_reported": ("did not report all", "no informó de todos")},
}


def check_hardware(facts, values, texts):
    """Each machine fact's sentence, and no other case's, is on the page in both languages;
    the reported topology quotes the machine's core counts and cache sizes in order."""
    flowing = {language: " ".join(text.split()) for language, text in texts.items()}  # lines unwrapped
    for name, cases in HARDWARE_SENTENCES.items():
        for value, phrases in cases.items():
            for phrase, language in zip(phrases, LANGUAGES):
                assert (phrase in flowing[language]) == (facts[name] == value), (name, value, language)
    if facts["topology"] == "reported":
        keys = ("physical_cores", "threads_per_core", "l1d_kib", "l2_kib", "l3_kib",
                "l1d_shared_by", "l2_shared_by", "l3_shared_by")
        for language, phrase in zip(LANGUAGES, HARDWARE_SENTENCES["topology"]["reported"]):
            para = next(p for p in paragraphs(texts[language]) if p.startswith(phrase))
            in_kib = re.sub(r"([\d.,\u202f]+) (KiB|MiB)", lambda m: str(int(
                read_numbers(m[1], language)[0].value * (1024 if m[2] == "MiB" else 1))), para)
            quoted = numbers_of(re.sub(r"\bL[123]d?\b", "", in_kib), language)
            assert quoted == [float(values[key]) for key in keys], para


def test_unknown_fact_and_missing_case_fail_the_build(tmp_path):
    values, facts = MACHINES[1]
    src = project(tmp_path, values, facts)
    page = src / f"{PAGE}.rst"
    text = page.read_text(encoding="utf-8")
    broken = text.replace(".. measured-choice:: plot_01_ladder.gap_vs_claim",
                          ".. measured-choice:: plot_01_ladder.gap_vs_claims", 1)
    broken = broken.replace("   .. case:: no_gain\n", "   .. case:: no_gains\n", 1)
    page.write_text(broken, encoding="utf-8")
    result = sphinx("text", src, tmp_path / "out", "-q", "-W", "--keep-going", check=False)
    assert result.returncode != 0
    assert "no measured fact 'plot_01_ladder.gap_vs_claims'" in result.stderr
    assert "write a case for no_gain" in result.stderr
    assert "remove the case(s) no_gains" in result.stderr
