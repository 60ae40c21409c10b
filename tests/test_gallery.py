"""The gallery scripts run, and write every result and figure the site relies on.

Each script runs once, in a subprocess, from a temporary directory (as a reader runs a
downloaded script), in quick mode (``MMREF_QUICK=1``: tiny sizes), with
``MMREF_RESULTS_DIR`` pointing at that directory, so the build's own
``auto_gallery/results`` are never overwritten.  A small driver then redraws every figure
the script left open in English and in Spanish, as the build's scraper does.
Nothing here asserts a time: only that the numbers exist, are finite and are sane, and that
each measured fact is decided the way its numbers say (with synthetic numbers, for every
choice).  On the built site, the gallery index of each edition groups the scripts by the theory
page that quotes them, in the order of the theory pages.
"""

import ast
import html
import json
import math
import os
import posixpath
import re
import runpy
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from sphinx_gallery.py_source_parser import split_code_and_text_blocks
from bs4 import BeautifulSoup
from helpers import LANGUAGES, script_chapters, script_functions, theory_chapters

from mmref import stats
from mmref.numbers import as_printed, read_numbers
from mmref.stats import Estimate

ROOT = Path(__file__).resolve().parents[1]
GALLERY = ROOT / "gallery"

# The scripts, found wherever they are under gallery/ (sub-folders are gallery sections).
SCRIPTS = {p.stem: p for p in sorted(GALLERY.rglob("plot_*.py"))}
LABS = sorted((ROOT / "lab").rglob("lab_*.py"))
# The English sources that quote the gallery: every page, and the scripts' own text.
SOURCES = [*sorted(ROOT.glob("*.rst")), *sorted((ROOT / "theory").rglob("*.rst")),
           *sorted(GALLERY.rglob("*.py")), *sorted((ROOT / "lab").rglob("*.py"))]
QUOTE = re.compile(r":measured:`(\w+)\.(\w+)`|measured-choice::\s*(\w+)\.(\w+)")
EMBED = re.compile(r"sphx_glr_(\w+?)_(\d{3})\b")


def quoted():
    """What the sources use of each script: ({stem: result keys}, {stem: facts}, {stem: figure numbers})."""
    keys, facts, figures = {}, {}, {}
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        for key_stem, key, fact_stem, fact in QUOTE.findall(text):
            if key_stem:
                keys.setdefault(key_stem, set()).add(key)
            else:
                facts.setdefault(fact_stem, set()).add(fact)
        for stem, number in EMBED.findall(text):
            figures.setdefault(stem, set()).add(int(number))
    return keys, facts, figures


KEYS, USED_FACTS, EMBEDDED = quoted()
# Measured quantities that must be strictly positive.
POSITIVE = {
    "plot_01_ladder": ["gap", "gap_one_thread", "naive_seconds_1024", "blas_ms_1024",
                       "blas1_ms_1024", "gflops_naive_1024", "gflops_kloop_1024",
                       "gflops_blas1_1024", "gflops_blas_1024", "blas_threads",
                       "kloop_seconds_1024", "cores"],
    "plot_02_embedding_lookup": ["time_ratio_min", "time_ratio_max", "whole_us_large",
                                 "build_us_large", "product_us_large"],
    "plot_03_outer_product_loop": ["slowdown_ref", "step_us_ref", "step_overhead_us",
                                   "outer_us_ref", "accumulate_us_ref", "slicing_us_ref"],
    "plot_04_batched_cost": ["exponent_16", "exponent_64"],
    "plot_05_low_rank": ["err_keep_I2", "rel_err_keep_r1", "rel_err_svd_r1"],
    "plot_06_svd_image": ["rows", "columns", "rel_err_r50", "storage_r5"],
    "plot_07_svd_cost": ["svd_ms_max", "matmul_ms_max", "svd_to_matmul"],
}


# Runs a script as a reader would, then saves each open figure redrawn in every language
# under the names the build's scraper gives them (gallery/_scraper.py).
DRIVER = """
import runpy, sys
from pathlib import Path
import matplotlib.pyplot as plt
from mmref.numbers import LANGUAGES
script = Path(sys.argv[1])
runpy.run_path(str(script), run_name="__main__")
images = Path("images")
(images / "thumb").mkdir(parents=True, exist_ok=True)
clashes = []
for i, number in enumerate(plt.get_fignums(), start=1):
    fig = plt.figure(number)
    for lang in LANGUAGES:
        suffix = "" if lang == "en" else "." + lang
        drawn = fig.redraw(lang)
        drawn.draw_without_rendering()
        renderer = drawn.canvas.get_renderer()
        titles = [(ax.get_title(), ax.title.get_window_extent(renderer)) for ax in drawn.axes if ax.get_title()]
        clashes += [f"{lang}, figure {i}: {a!r} runs into {b!r}" for n, (a, box) in enumerate(titles)
                    for b, other in titles[n + 1:] if box.overlaps(other)]
        drawn.savefig(images / f"sphx_glr_{script.stem}_{i:03d}{suffix}.svg")
        if i == 1 and lang != "en":
            drawn.savefig(images / "thumb" / f"sphx_glr_{script.stem}_thumb{suffix}.svg")
        plt.close(drawn)
(images / f"{script.stem}.figures").write_text(str(len(plt.get_fignums())))
(images / f"{script.stem}.clashes").write_text("\\n".join(clashes))
"""


@pytest.fixture(scope="module")
def gallery(tmp_path_factory):
    """Run every script once in quick mode; return the output directory and the runs."""
    out = tmp_path_factory.mktemp("gallery-out")
    env = {**os.environ, "MMREF_QUICK": "1", "MPLBACKEND": "Agg",
           "MMREF_RESULTS_DIR": str(out / "results")}
    env.pop("MMREF_LANG", None)
    runs = {}
    for script in SCRIPTS.values():
        runs[script.stem] = subprocess.run(
            [sys.executable, "-c", DRIVER, str(script)], cwd=out, env=env, capture_output=True, text=True, timeout=300,
        )
    return out, runs


def results(gallery, stem):
    out, runs = gallery
    run = runs[stem]
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-4000:]
    return json.loads((out / "results" / f"{stem}.json").read_text(encoding="utf-8"))


def figures_drawn(gallery, stem):
    """How many figures the script left open for the scraper (counted by the driver)."""
    out, runs = gallery
    assert runs[stem].returncode == 0, runs[stem].stdout[-2000:] + runs[stem].stderr[-4000:]
    return int((out / "images" / f"{stem}.figures").read_text())


# The names the labs save their results under (``report.Report("lab_01")``), which pages quote too.
LAB_REPORTS = {name for path in LABS
               for name in re.findall(r'report\.Report\("(\w+)"\)', path.read_text(encoding="utf-8"))}


def test_the_sources_quote_only_scripts_that_exist():
    quoted_stems = set(KEYS) | set(USED_FACTS) | set(EMBEDDED)
    known = set(SCRIPTS) | LAB_REPORTS
    assert quoted_stems and quoted_stems <= known, sorted(quoted_stems - known)


@pytest.mark.parametrize("stem", sorted(SCRIPTS))
def test_script_runs_and_writes_its_results(gallery, stem):
    data = results(gallery, stem)
    missing = KEYS.get(stem, set()) - set(data)
    assert not missing, f"{stem} did not write {sorted(missing)}, which the pages quote"
    assert data["mode"] == "quick"
    assert "NumPy" in data["machine"]
    facts = data.pop("facts", {})
    decimals = data.pop("decimals", {})
    assert set(decimals) <= set(data), f"{stem} gives decimals for values it did not record"
    assert all(isinstance(d, int) and d >= 0 for d in decimals.values()), decimals
    missing = USED_FACTS.get(stem, set()) - set(facts)
    assert not missing, f"{stem} did not decide {sorted(missing)}, which a measured-choice uses"
    for name, fact in facts.items():
        assert fact["choices"] and all(isinstance(c, str) for c in fact["choices"]), (name, fact)
        assert fact["value"] in fact["choices"], (name, fact)
    for key, value in data.items():
        assert isinstance(value, (int, float, str)), (key, value)
        if isinstance(value, float):
            assert math.isfinite(value), (key, value)
    for key in POSITIVE.get(stem, []):
        assert data[key] > 0, (key, data[key])


@pytest.mark.parametrize("stem", sorted(SCRIPTS))
def test_script_draws_english_and_spanish_figures(gallery, stem):
    out, _ = gallery
    count = figures_drawn(gallery, stem)
    assert count >= 1, f"{stem} draws no figure"
    assert EMBEDDED.get(stem, set()) <= set(range(1, count + 1)), f"a page embeds a figure {stem} does not draw"
    for i in range(1, count + 1):
        en = out / "images" / f"sphx_glr_{stem}_{i:03d}.svg"
        es = out / "images" / f"sphx_glr_{stem}_{i:03d}.es.svg"
        assert en.stat().st_size > 0 and es.stat().st_size > 0
        assert en.read_bytes() != es.read_bytes(), f"{es.name} is not translated"
        assert "<text" in es.read_text(encoding="utf-8")  # svg.fonttype "none": text stays text
    assert (out / "images" / "thumb" / f"sphx_glr_{stem}_thumb.es.svg").exists()


@pytest.mark.parametrize("stem", sorted(SCRIPTS))
def test_no_figure_title_runs_into_another(gallery, stem):
    """Side by side, each axes title stays within its axes, in every language: a Spanish
    title is often longer than its English (:func:`mmref.figures.fit_titles`)."""
    out, _ = gallery
    figures_drawn(gallery, stem)
    assert (out / "images" / f"{stem}.clashes").read_text(encoding="utf-8") == ""


TIMING_SCRIPTS = sorted(stem for stem, path in SCRIPTS.items()
                        if "machine_summary(" in path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("stem", TIMING_SCRIPTS)
def test_every_figure_of_times_names_its_machine(gallery, stem):
    """A figure that shows times says, below its axes, which machine measured them
    (:func:`mmref.figures.machine_line`), in both languages."""
    out, _ = gallery
    for i in range(1, figures_drawn(gallery, stem) + 1):
        en = (out / "images" / f"sphx_glr_{stem}_{i:03d}.svg").read_text(encoding="utf-8")
        es = (out / "images" / f"sphx_glr_{stem}_{i:03d}.es.svg").read_text(encoding="utf-8")
        if re.search(r"\btime", en, re.I):
            assert "Measured on" in en and "NumPy" in en, f"{stem} figure {i}: no machine line"
            assert "Medido en" in es, f"{stem} figure {i}: the machine line is not translated"


# Which scripts time something: those that read a clock, directly or through mmref.

# The standard library's clocks and timers, by the name a script calls them with.
STDLIB_CLOCKS = {"perf_counter", "perf_counter_ns", "monotonic", "monotonic_ns", "process_time",
                 "process_time_ns", "time", "time_ns", "timeit", "Timer"}


def called_names(tree):
    """The names a syntax tree calls: ``f`` for ``f(...)`` and ``m.f(...)``."""
    return {node.func.id if isinstance(node.func, ast.Name) else node.func.attr
            for node in ast.walk(tree) if isinstance(node, ast.Call)
            and isinstance(node.func, (ast.Name, ast.Attribute))}


def mmref_timers():
    """mmref's functions that read a clock, directly or through one another (found, not listed)."""
    functions = {node.name: called_names(node)
                 for path in sorted((ROOT / "mmref").glob("*.py"))
                 for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                 if isinstance(node, ast.FunctionDef)}
    timers, grown = set(), True
    while grown:
        found = {name for name, calls in functions.items() if calls & (STDLIB_CLOCKS | timers)}
        grown, timers = found > timers, timers | found
    return timers


def reads_the_clock(source):
    """True when the Python ``source`` calls a clock, a timer or an mmref function that times."""
    return bool(called_names(ast.parse(source)) & (STDLIB_CLOCKS | mmref_timers()))


def test_timing_scripts_are_recognised():
    """The detection that the next test relies on finds clocks and mmref's timers, and only them."""
    assert {"measure", "time_rung", "estimate_rung"} <= mmref_timers()
    assert "machine_summary" not in mmref_timers() and "svd" not in mmref_timers()
    assert reads_the_clock("from time import perf_counter\nt0 = perf_counter()")
    assert reads_the_clock("from mmref import ladder\nladder.time_rung('blas', a, b)")
    assert reads_the_clock("t = timing.measure(lambda: a @ b)")
    assert not reads_the_clock("U, S, Vt = np.linalg.svd(x)\nprint(machine_summary())")


def test_scripts_that_time_name_the_machine_first(gallery):
    """The gallery's index says so: every script that times something prints, as the first line
    of its output, the machine line (mmref.printout.machine) of the facts it records
    (mmref.report.Report), with the CPU and NumPy the times depend on."""
    from mmref.figures import Text
    from mmref.printout import machine

    _, runs = gallery
    timing = [stem for stem, path in SCRIPTS.items() if reads_the_clock(path.read_text(encoding="utf-8"))]
    assert timing, "no gallery script reads a clock: the detection above is broken"
    for stem in timing:
        data = results(gallery, stem)
        lines = runs[stem].stdout.splitlines()
        first = lines[0] if lines else ""
        threads = 1 if data["machine"].endswith("; timed here on 1 BLAS thread") else None
        assert first == machine(Text("en"), data, threads=threads), (
            f"{stem} times something but its output starts with {first!r}: print the machine "
            "line first, say(lambda _: machine(_, out.values, threads=...))")
        assert data["cpu"] in first and f"NumPy {data['numpy']}" in first, first


def figure_messages():
    """Every figure text of the gallery and the lab: (script, the English message)."""
    for path in [*SCRIPTS.values(), *LABS]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "_"
                    and node.args and isinstance(node.args[0], ast.Constant)):
                yield path.stem, node.args[0].value


def test_figure_formulas_hold_no_value():
    """Formulas ($...$, Matplotlib's mathtext) are closed, and no value is filled in inside one:
    mathtext spaces a comma as punctuation, so a Spanish decimal comma would read "2, 40"."""
    messages = list(figure_messages())
    assert any("$" in message for _, message in messages), "no figure formula left to check"
    for stem, message in messages:
        assert message.count("$") % 2 == 0, f"{stem}: unclosed formula in {message!r}"
        for formula in re.findall(r"\$[^$]*\$", message):
            assert not re.search(r"\{\w+\}", formula), (
                f"{stem}: {formula!r} fills a value in a formula; write the value after it ($p$ = {{p}})")


def test_ladder_values(gallery):
    data = results(gallery, "plot_01_ladder")
    assert data["gap_low"] <= data["gap"] <= data["gap_high"] and data["gap_one_thread"] > 1
    assert data["claimed_product"] == 100 * 8 * 40 * 4
    assert data["blas_threads"] >= 1 and data["cores"] >= 1
    low, high = data["naive_seconds_1024_low"], data["naive_seconds_1024_high"]
    assert low <= data["naive_seconds_1024"] <= high
    # Speeds are the FLOP count over the time quoted beside them, at the same size.
    flop = 2 * 1024**3
    assert math.isclose(data["gflops_naive_1024"], flop / data["naive_seconds_1024"] / 1e9)
    assert math.isclose(data["gflops_blas_1024"], flop / (data["blas_ms_1024"] / 1e3) / 1e9)


def test_embedding_values(gallery):
    data = results(gallery, "plot_02_embedding_lookup")
    assert data["flop_ratio"] == 1200
    assert data["flops_per_row_onehot"] == 76_800
    assert data["time_ratio_min"] <= data["time_ratio_large"] <= data["time_ratio_max"]
    low, high = data["time_ratio_large_low"], data["time_ratio_large_high"]
    assert low <= data["time_ratio_large"] <= high
    # The parts of the matmul path are timed inside the same calls: they add up.
    assert math.isclose(data["build_us_large"] + data["product_us_large"],
                        data["whole_us_large"], rel_tol=1e-9)
    assert 0 < data["build_share_large"] < 1
    # The part that took longer is decided by the interval the page quotes, read either way:
    # one bootstrap, whose reading the other way round is its inverse.
    assert math.isclose(data["product_over_build_large_low"],
                        1 / data["build_over_product_large_high"], rel_tol=1e-12)
    ends = {name: Estimate(data[name], data[f"{name}_low"], data[f"{name}_high"])
            for name in ("build_over_product_large", "product_over_build_large")}
    verdict = {"build": ends["build_over_product_large"].above(1),
               "product": ends["product_over_build_large"].above(1)}
    expected = next((part for part, clear in verdict.items() if clear), "similar")
    # "slightly" when the interval, read as the longer part's time over the other's, lies
    # below 1.1 (inside the 10 % band)
    longer_over_other = {"build": ends["build_over_product_large"],
                         "product": ends["product_over_build_large"]}
    if expected != "similar" and longer_over_other[expected].below(1.1):
        expected += "_slightly"
    assert data["facts"]["larger_part_large"]["value"] == expected, (ends, data["facts"])


def test_outer_product_loop_values(gallery):
    data = results(gallery, "plot_03_outer_product_loop")
    assert data["slowdown_ref_low"] <= data["slowdown_ref"] <= data["slowdown_ref_high"]
    parts = data["slicing_us_ref"] + data["outer_us_ref"] + data["accumulate_us_ref"]
    assert math.isclose(parts, data["step_us_ref"], rel_tol=1e-9)
    shares = sum(data[f"{p}_share_pct_ref"] for p in ("slicing", "outer", "accumulate"))
    assert math.isclose(shares, 100.0, rel_tol=1e-9)  # percentages of the step timed in parts
    assert data["breakdown_gap_us"] >= 0
    # The ratio the page calls new ÷ reused is the two loops' medians in that order.
    assert math.isclose(data["allocation_ratio"],
                        data["outer_fresh_us_ref"] / data["outer_reused_us_ref"], rel_tol=0.05)
    assert data["itemsize"] == 4  # the loop computes in float32, as the text says
    n = data["ref_n"]
    assert math.isclose(data["intensity_step"], 2 * n * n / ((4 * n * n + 2 * n) * 4))
    assert math.isclose(data["intensity_blas_ideal_ref"], n / 6)


# Sums a script prints.  A line that writes a number, " = ", and then numbers joined by " + "
# ("one step 144.0 µs = slicing 1.4 + outer product 133.3 + accumulate 9.4") states a sum: the
# whole is the last number before " = ", each part the first number of its term.


def printed_sums(stdout):
    """Every sum printed in ``stdout``: (line, whole, [parts]), each a mmref.numbers.Number."""
    sums = []
    for line in stdout.splitlines():
        if " = " not in line:
            continue
        left, right = line.rsplit(" = ", 1)
        terms = right.split(" + ")
        wholes = read_numbers(left)
        if len(terms) < 2 or not wholes:
            continue
        parts = [read_numbers(term) for term in terms]
        assert all(parts), f"cannot read a number in every term of the printed sum {line!r}"
        sums.append((line, wholes[-1], [numbers[0] for numbers in parts]))
    return sums


@pytest.mark.parametrize("stem", sorted(SCRIPTS))
def test_printed_sums_are_the_sums_of_the_printed_parts(gallery, stem):
    """A reader who adds the parts a script prints gets the whole it prints, to the last digit."""
    out, runs = gallery
    assert runs[stem].returncode == 0, runs[stem].stderr[-4000:]
    for line, whole, parts in printed_sums(runs[stem].stdout):
        assert whole.value == sum(p.value for p in parts), (
            f"{stem} printed {line.strip()!r}: the parts add up to {sum(p.value for p in parts)}, "
            f"not {whole.text}. Print the parts of one run, rounded with "
            f"mmref.numbers.round_parts, or do not write the whole as their sum")


def test_scripts_that_split_a_time_print_its_sums(gallery):
    """The scripts that time a path in parts print the parts as a sum (so the test above reads them)."""
    _, runs = gallery
    for stem in ("plot_02_embedding_lookup", "plot_03_outer_product_loop", "plot_04_batched_cost"):
        assert printed_sums(runs[stem].stdout), f"{stem} no longer prints a sum the tests can read"


# The wholes and parts the theory pages quote: (script, the recorded key whose value starts the
# printed line of the sum, the keys of the whole and of its parts in printed order).
QUOTED_SUMS = [
    ("plot_02_embedding_lookup", "batch_large",
     ["whole_us_large", "build_us_large", "product_us_large"]),
    ("plot_02_embedding_lookup", "batch_small",
     ["whole_us_small", "build_us_small", "product_us_small"]),
    ("plot_03_outer_product_loop", "ref_n",
     ["step_us_ref", "slicing_us_ref", "outer_us_ref", "accumulate_us_ref"]),
]


def paragraph_quoting(key):
    """The paragraphs of the theory sources that quote the measured value ``key``."""
    found = []
    for path in sorted((ROOT / "theory").glob("*.rst")):
        for paragraph in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")):
            if f":measured:`{key}`" in paragraph:
                found.append(" ".join(paragraph.split()))
    return found


@pytest.mark.parametrize("stem, row_key, keys", QUOTED_SUMS,
                         ids=[f"{q[0]}-{q[1]}" for q in QUOTED_SUMS])
def test_pages_quote_the_parts_the_gallery_prints(gallery, stem, row_key, keys):
    """The theory page quotes a whole and its parts with the same statistic, the median run, and
    the same value, to the same decimals, as the gallery prints them beside each other."""
    data = results(gallery, stem)
    _, runs = gallery
    lines = [(line, whole, parts) for line, whole, parts in printed_sums(runs[stem].stdout)
             if read_numbers(line)[0].value == data[row_key]]
    assert len(lines) == 1, f"{stem} should print one sum for {row_key} = {data[row_key]}, printed {lines}"
    line, whole, parts = lines[0]
    shown = list(zip(keys, [whole, *parts]))
    differ = [f"{key} = {data[key]} (printed {number.text})" for key, number in shown
              if number.value != Decimal(f"{data[key]:.{number.decimals}f}")]
    assert not differ, f"the page quotes {stem}: {', '.join(differ)}; the gallery printed {line.strip()!r}"
    for key, number in shown:
        places = data.get("decimals", {}).get(key)
        assert places == number.decimals, (
            f"{stem}.{key} is quoted with {places} decimals, printed with {number.decimals}: "
            f"record it with Report.record_fixed({number.decimals}, ...)")
    printed = runs[stem].stdout
    assert "median run" in printed, f"{stem} should name the statistic it prints: the median run"
    for key in keys:
        for paragraph in paragraph_quoting(f"{stem}.{key}"):
            assert "median run" in paragraph, (
                f"a theory paragraph quotes {stem}.{key} without naming its statistic, the median run: {paragraph[:200]}")


# Measured values that a page quotes and its script also prints (in English, when the reader's
# language is not set): (script, keys).  A ratio, a fit or an interval printed beside its page
# quote must read alike in both places, so a reader can find one in the other.
QUOTED_AS_PRINTED = [
    ("plot_01_ladder", ["gap", "gap_low", "gap_high", "thread_speedup", "factor_kernel",
                        "slope_naive", "slope_naive_low", "slope_naive_high",
                        "naive_estimate_over_fit", "gflops_blas_1024"]),
    ("plot_02_embedding_lookup", ["time_ratio_max", "time_ratio_max_low", "time_ratio_max_high"]),
    ("plot_03_outer_product_loop", ["slowdown_ref", "slowdown_ref_low", "slowdown_ref_high",
                                    "slowdown_min", "slowdown_max", "step_overhead_us",
                                    "np_outer_step_us_ref", "outer_fresh_us_ref",
                                    "outer_reused_us_ref", "loop_ms_ref", "blas1_ms_ref",
                                    "step_exponent", "step_exponent_low", "step_exponent_high",
                                    "loop_step_us_ref", "intensity_step"]),
    ("plot_04_batched_cost", ["exponent_16", "exponent_16_low", "exponent_16_high",
                              "per_product_us_first_16", "per_product_us_last_16",
                              "attention_to_ffn"]),
    ("plot_07_svd_cost", ["exponent", "exponent_low", "exponent_high", "exponent_top",
                          "exponent_top_low", "exponent_top_high", "svd_to_matmul", "payback_low", "payback_high",
                          "svd_to_matmul_low", "svd_to_matmul_high", "payback_products"]),
]


@pytest.mark.parametrize("stem, keys", QUOTED_AS_PRINTED, ids=[q[0] for q in QUOTED_AS_PRINTED])
def test_a_quoted_value_reads_as_its_script_prints_it(gallery, stem, keys):
    """One quantity, one precision: each value a page quotes is printed by its script exactly as
    the page writes it (three significant digits, or the decimals it was recorded with)."""
    from mmref.numbers import format_number

    data = results(gallery, stem)
    printed = gallery[1][stem].stdout
    words = {w.strip(".,") for w in re.findall(r"\N{MINUS SIGN}?[\d.,]+", printed)}  # −0.484 too
    missing = []
    for key in keys:
        value = data[key]
        text = format_number(value, "en", decimals=data.get("decimals", {}).get(key))
        if text not in words:
            missing.append(f"{key} = {value!r}, quoted as {text}")
    assert not missing, (f"{stem} prints these values otherwise than the page quotes them: "
                         f"{'; '.join(missing)}. Print them with _.number(value) (three significant "
                         f"digits) or record them with Report.record_fixed(decimals, ...)")


def test_batched_values(gallery):
    data = results(gallery, "plot_04_batched_cost")
    for s in (16, 64):
        assert data[f"exponent_{s}_low"] <= data[f"exponent_{s}"] <= data[f"exponent_{s}_high"]
    assert data["ffn_flops"] == 33_554_432
    assert data["attention_flops"] == 18_874_368
    assert data["attention_projection_flops"] + data["attention_core_flops"] == 18_874_368


def test_low_rank_values(gallery):
    data = results(gallery, "plot_05_low_rank")
    assert math.isclose(data["err_keep_I2"], math.sqrt(2), rel_tol=1e-5)
    assert abs(data["err_svd_I2"]) < 1e-5
    assert data["rel_err_svd_r1"] <= data["rel_err_keep_r1"]


def test_svd_image_values(gallery):
    data = results(gallery, "plot_06_svd_image")
    m, n = data["rows"], data["columns"]
    assert (m, n) == (150, 128) and data["pixels"] == m * n  # quick mode: every 4th pixel
    assert data["numerical_rank"] <= data["rank_max"] == min(m, n)
    assert data["rank_step"] == 1 and data["ranks_checked"] == min(m, n) // data["rank_step"] + 1
    # Eckart-Young: the measured error is the one the singular values predict.
    assert data["max_deviation"] <= data["margin"] == 1e-4
    assert math.isclose(data["max_deviation_e7"], round(1e7 * data["max_deviation"], 1))
    assert data["decimals"]["max_deviation_e7"] == data["decimals"]["rule_of_thumb_e5"] == 1
    # The rank at the 8-bit noise level counts the singular values above a larger tolerance.
    assert data["numerical_rank_noise"] <= data["numerical_rank"]
    # The brightness error: three independent channel errors, weighted 0.299, 0.587 and 0.114.
    weight = math.sqrt(0.299**2 + 0.587**2 + 0.114**2)
    assert math.isclose(data["noise_tolerance"],
                        weight * (1 / 255) / math.sqrt(12) * (math.sqrt(m) + math.sqrt(n)))
    assert data["numerical_rank_bound"] <= data["numerical_rank_noise"]
    assert data["noise_tolerance"] < data["bound_tolerance"]
    for r in (5, 20, 50):
        assert math.isclose(data[f"rel_err_r{r}"], data[f"rel_err_measured_r{r}"], abs_tol=1e-4)
        assert data[f"storage_r{r}"] == r * (m + n)
        assert math.isclose(data[f"storage_percent_r{r}"], 100 * r * (m + n) / (m * n))
    assert 1 > data["rel_err_r5"] > data["rel_err_r20"] > data["rel_err_r50"] > 0
    assert data["break_even_rank"] == m * n // (m + n)


def test_svd_cost_values(gallery):
    data = results(gallery, "plot_07_svd_cost")
    assert data["exponent_low"] <= data["exponent"] <= data["exponent_high"]
    assert data["svd_ms_max_low"] <= data["svd_ms_max"] <= data["svd_ms_max_high"]
    assert data["svd_to_matmul_low"] <= data["svd_to_matmul"] <= data["svd_to_matmul_high"]
    # Uses that pay an SVD back: the ratio over the 3/4 of a product that rank-N/8 factors
    # save, rounded up to a whole number of uses.
    for end in ("", "_low", "_high"):
        key = "payback_products" if not end else f"payback{end}"
        assert data[key] == math.ceil(data[f"svd_to_matmul{end}"] / 0.75)
    assert data["speed_ratio_low"] <= data["speed_ratio"] <= data["speed_ratio_high"]
    assert math.isclose(data["speed_ratio"], data["gflops_max"] / data["gflops_min"])
    assert data["size_min"] <= data["size_below_max"] < data["size_max"]
    # The last step's exponent with its interval, and the fact that places it against the fit's.
    low, high = data["exponent_low"], data["exponent_high"]
    top_low, top_high = data["exponent_top_low"], data["exponent_top_high"]
    assert top_low <= data["exponent_top"] <= top_high
    assert data["exponent_top"] == data["exponent_step3"]
    place = data["facts"]["top_step"]["value"]
    # compared as the page prints them (three significant digits), as interval_position does
    low, high, top_low, top_high = (as_printed(x) for x in (low, high, top_low, top_high))
    assert place == ("above" if top_low > high else "below" if top_high < low else "overlaps")
    # Every step against 3, as printed: all below it, one above it, or neither.
    steps = [[as_printed(data[f"exponent_step{i}{end}"]) for end in ("_low", "_high")]
             for i in (1, 2, 3)]
    against = data["facts"]["steps_vs_cubic"]["value"]
    assert against == ("below" if all(h < 3 for _, h in steps)
                       else "above" if any(l > 3 for l, _ in steps) else "mixed")
    assert data["machine"].endswith("; timed here on 1 BLAS thread")


# The decisions behind the facts: each script keeps its decision in a small pure function.
# The tests load those functions alone (with the script's imports), feed them synthetic
# numbers, and check that every choice is reached exactly when the numbers say so.


def decision(stem, *names):
    """The functions ``names`` of the script `stem`, defined without running the script."""
    return script_functions(SCRIPTS[stem], *names)


def runs_around(value, spread=0.02, n=9):
    """Synthetic timing runs scattered by ±spread around value."""
    return list(value * (1 + np.linspace(-spread, spread, n)))


def test_embedding_larger_part_follows_the_runs():
    (larger_part,) = decision("plot_02_embedding_lookup", "larger_part")
    assert larger_part(stats.ratio(runs_around(3e-3), runs_around(1e-3))) == "build"
    assert larger_part(stats.ratio(runs_around(1e-3), runs_around(3e-3))) == "product"
    assert larger_part(stats.ratio(runs_around(1e-3, 0.5), runs_around(1.05e-3, 0.5))) == "similar"
    # clear, but inside the 10 % band: "slightly"
    assert larger_part(stats.ratio(runs_around(1.05e-3, 0.005), runs_around(1e-3, 0.005))) == "build_slightly"
    assert larger_part(stats.ratio(runs_around(1e-3, 0.005), runs_around(1.05e-3, 0.005))) == "product_slightly"


def test_embedding_time_ratio_against_flops():
    (against_flops,) = decision("plot_02_embedding_lookup", "against_flops")
    from mmref.stats import Estimate
    assert against_flops(Estimate(30, 25, 40), 1200) == "far_below"
    assert against_flops(Estimate(300, 250, 400), 1200) == "between"  # wholly above 120
    assert against_flops(Estimate(150, 100, 400), 1200) == "below"  # 120 inside the interval
    assert against_flops(Estimate(1100, 900, 1300), 1200) == "not_below"
    assert against_flops(Estimate(2000, 1800, 2500), 1200) == "not_below"


def test_loop_dominant_part_follows_the_runs():
    (dominant_part,) = decision("plot_03_outer_product_loop", "dominant_part")
    base = {"slicing": runs_around(1e-6), "outer": runs_around(2e-6),
            "accumulate": runs_around(3e-6)}
    for part in ("slicing", "outer", "accumulate"):
        parts = {**base, part: runs_around(50e-6)}
        assert dominant_part(parts) == part
    tie = {**base, "outer": runs_around(40e-6, 0.5), "accumulate": runs_around(41e-6, 0.5)}
    assert dominant_part(tie) == "none"


def test_loop_outer_product_decisions_follow_the_numbers():
    reuse_effect, faster_form, breakdown_agrees = decision(
        "plot_03_outer_product_loop", "reuse_effect", "faster_form", "breakdown_agrees")
    from mmref.stats import Estimate
    # The ratio is new ÷ reused: above 1 means reusing the array was faster.
    assert reuse_effect(Estimate(2.4, 1.2, 3.4)) == "faster_beyond_band"
    assert reuse_effect(Estimate(0.67, 0.63, 0.9)) == "slower_beyond_band"
    # clearly, but the interval reaches both inside and beyond the 10 % band: size not settled
    assert reuse_effect(Estimate(1.08, 1.02, 1.15)) == "faster"
    assert reuse_effect(Estimate(0.972, 0.734, 0.984)) == "slower"
    assert reuse_effect(Estimate(1.05, 1.02, 1.08)) == "slightly_faster"
    assert reuse_effect(Estimate(1.05, 0.95, 1.2)) == "unclear"
    # a clear difference inside the 10 % band is a slight one, as the pages define it
    assert reuse_effect(Estimate(1.03, 1.01, 1.06)) == "slightly_faster"
    assert reuse_effect(Estimate(0.96, 0.93, 0.98)) == "slightly_slower"
    assert faster_form(Estimate(4.0, 3.5, 4.5)) == "np_outer"
    assert faster_form(Estimate(0.5, 0.45, 0.55)) == "matmul"
    assert faster_form(Estimate(1.0, 0.9, 1.1)) == "same"
    # "clearly", as on the pages: the interval excludes 1, however close to 1 it lies
    assert faster_form(Estimate(1.05, 1.02, 1.08)) == "np_outer"
    assert faster_form(Estimate(0.95, 0.92, 0.98)) == "matmul"
    assert breakdown_agrees(runs_around(100e-6), runs_around(110e-6)) == "yes"
    assert breakdown_agrees(runs_around(100e-6), runs_around(158e-6)) == "parts_shorter"
    assert breakdown_agrees(runs_around(133e-6), runs_around(104e-6)) == "parts_longer"


def test_growth_is_named_only_when_one_power_fits():
    from mmref.stats import Estimate, growth_word as growth_name
    cases = {
        "linear": Estimate(1.02, 0.95, 1.1),
        "quadratic": Estimate(2.0, 1.9, 2.1),
        "cubic": Estimate(2.95, 2.9, 3.05),
        "sublinear": Estimate(0.6, 0.55, 0.65),
        "between": Estimate(1.5, 1.4, 1.6),
        "faster": Estimate(3.6, 3.5, 3.7),
        "unclear": Estimate(1.5, 0.9, 2.1),
    }
    for word, exponent in cases.items():
        assert growth_name(exponent) == word, (word, exponent)


def test_low_rank_advantage_follows_the_errors():
    (svd_advantage,) = decision("plot_05_low_rank", "svd_advantage")
    assert svd_advantage(0.3, 0.02) == "much_better"
    assert svd_advantage(0.3, 0.2) == "better"
    assert svd_advantage(0.3, 0.3) == "equal"


def test_svd_image_agreement_follows_the_deviation():
    (agreement,) = decision("plot_06_svd_image", "agreement")
    assert agreement(3e-7, 1e-4) == "within"
    assert agreement(1e-4, 1e-4) == "within"
    assert agreement(2e-4, 1e-4) == "outside"


def test_svd_cost_growth_follows_the_fit():
    """plot_07 names the growth of synthetic SVD timings the way their exponent says."""
    (growth_of,) = decision("plot_07_svd_cost", "growth_of")
    sizes = [64, 128, 256, 512]
    for power, word in ((3.0, "cubic"), (2.5, "between"), (2.0, "quadratic"), (1.0, "linear"),
                        (0.5, "sublinear"), (3.6, "faster")):
        fit, steps, top, trend, growth = growth_of(sizes, [runs_around(1e-9 * n**power) for n in sizes])
        assert growth == word and math.isclose(fit.exponent.value, power, abs_tol=0.01)
        assert top == "overlaps" and trend == "unclear"
        assert all(math.isclose(s.value, power, abs_tol=1e-9) for s in steps)
    noisy = [list(1e-9 * n**2 * np.geomspace(0.05, 20, 9)) for n in sizes]
    assert growth_of(sizes, noisy)[4] == "unclear"


def test_svd_cost_product_speed_follows_its_interval():
    """plot_07 says the speed of a @ b rose or fell only when the whole interval of the speed
    ratio lies above or below 1."""
    (speed_change,) = decision("plot_07_svd_cost", "speed_change")
    from mmref.stats import Estimate
    assert speed_change(Estimate(4.0, 3.0, 5.0)) == "rises"
    assert speed_change(Estimate(0.5, 0.4, 0.9)) == "falls"
    assert speed_change(Estimate(1.2, 0.8, 1.6)) == "unclear"
    assert speed_change(Estimate(1.1, 1.0, 1.3)) == "unclear"


def test_svd_cost_top_step_follows_the_medians():
    """plot_07 places the step between its two largest sizes, with its interval, against the fit's."""
    (growth_of,) = decision("plot_07_svd_cost", "growth_of")
    sizes = [64, 128, 256, 512]
    for curve, place, trend, growth in (((1.8, 2.0, 2.4), "above", "steepening", "below_cubic"),
                                        ((3.6, 3.0, 2.5), "below", "flattening", "no_single_power")):
        medians = [1e-6]
        for (a, b), step in zip(zip(sizes, sizes[1:]), curve):
            medians.append(medians[-1] * (b / a) ** step)
        fit, steps, top, moved, named = growth_of(sizes, [runs_around(m) for m in medians])
        assert (top, moved, named) == (place, trend, growth), (curve, fit, steps)
        assert [round(s.value, 6) for s in steps] == list(curve)
    # The top step far off the fit, but so noisy that its interval overlaps it.
    noisy_top = [runs_around(1e-9 * n**2) for n in sizes[:-1]]
    noisy_top.append(list(1e-9 * 512**2 * 2 * np.geomspace(0.3, 3, 9)))
    fit, steps, top, moved, named = growth_of(sizes, noisy_top)
    assert steps[-1].value > fit.exponent.high and top == "overlaps" and moved == "unclear"


# plot_04: how the time per product moved over the stacks, and whether one exponent says it.

BAND = 1.1  # the script's margin: within 10 % of the smallest stack counts as flat
# Ratios of each stack's time per product to the first stack's: anywhere, or near 1 (where the
# band and the direction are decided), never on the band's edges.
ratios_to_first = st.lists(
    st.one_of(st.floats(0.05, 20), st.floats(0.8, 1.25), st.just(1.0))
    .filter(lambda r: all(abs(r - b) > 1e-6 for b in (BAND, 1 / BAND))),
    min_size=1, max_size=5)
# Cases at the edges of each decision: just outside the band but barely up or down at the end,
# back where it started, and inside the band.
EDGES = [[3.0, 1.02], [0.3, 0.98], [2.0, 1.0], [1.05, 0.95], [1.12], [0.89],
         [0.965, 1.0, 1.85], [1.035, 1.0, 0.55]]


def with_edges(test):
    for ratios in EDGES:
        test = example(ratios, 1e-6)(test)
    return test


def noiseless(first, ratios):
    """Per-product runs with no noise (every run equals the median): the first stack at
    ``first`` seconds, the others at ``first`` times each ratio."""
    return [[first] * 5] + [[first * r] * 5 for r in ratios]


def clearly_above(q, t):
    """``q`` lies above ``t`` as the site prints both readings of a ratio: ``q`` rounded to three
    significant digits above ``t``, and ``1/q`` rounded below ``1/t`` (a noiseless interval is
    its median)."""
    return float(f"{q:.3g}") > t and float(f"{1 / q:.3g}") < 1 / t


def expected_trend(ratios):
    """What the per-product trend is, read off the ratios to the first stack: flat inside the
    band; else a turn at the lowest (highest) stack in between, more than the band below (above)
    the first with the last more than the band above (below) it, as printed, the earlier turn if
    both; else the sign of last against first, as printed."""
    if all(1 / BAND <= r <= BAND for r in ratios):
        return "flat"
    medians = [1.0, *ratios]
    inner = range(1, len(medians) - 1)
    turns = []
    if inner:
        low = min(inner, key=medians.__getitem__)
        high = max(inner, key=medians.__getitem__)
        if clearly_above(1 / medians[low], BAND) and clearly_above(medians[-1] / medians[low], BAND):
            turns.append((low, "falls_then_rises"))
        if clearly_above(medians[high], BAND) and clearly_above(medians[high] / medians[-1], BAND):
            turns.append((high, "rises_then_falls"))
    if turns:
        return min(turns)[1]
    return ("falls" if clearly_above(1 / ratios[-1], 1) else
            "rises" if clearly_above(ratios[-1], 1) else "changes")


@settings(max_examples=60, deadline=None)
@given(ratios_to_first, st.floats(1e-8, 1e-3))
@with_edges
def test_per_product_trend_follows_the_medians(ratios, first):
    """Without noise, the trend is flat inside the 10 % band, else the sign of last vs first."""
    (per_product_trend,) = decision("plot_04_batched_cost", "per_product_trend", "turning_point")[:1]
    assert per_product_trend(noiseless(first, ratios)) == expected_trend(ratios)


@settings(max_examples=60, deadline=None)
@given(ratios_to_first, st.floats(1e-8, 1e-3))
@with_edges
def test_per_product_trend_mirrors_falls_and_rises(ratios, first):
    """Both directions: inverting every per-product time turns a fall into a rise and back,
    and leaves flat and unchanged-at-the-end as they were."""
    (per_product_trend,) = decision("plot_04_batched_cost", "per_product_trend", "turning_point")[:1]
    mirror = {"falls": "rises", "rises": "falls", "flat": "flat", "changes": "changes",
              "falls_then_rises": "rises_then_falls", "rises_then_falls": "falls_then_rises"}
    forward = per_product_trend(noiseless(first, ratios))
    backward = per_product_trend(noiseless(1 / first, [1 / r for r in ratios]))
    assert backward == mirror[forward]


def test_per_product_trend_needs_the_interval_not_only_the_medians():
    """Noise decides too: a 5 % change is flat only when the runs are tight, a last stack whose
    interval contains the first's median is neither a fall nor a rise, and a turn counts only
    when the intervals on both sides of it exclude 1."""
    (per_product_trend,) = decision("plot_04_batched_cost", "per_product_trend", "turning_point")[:1]
    assert per_product_trend([runs_around(1e-6), runs_around(1.05e-6)]) == "flat"
    assert per_product_trend([runs_around(1e-6, 0.5), runs_around(1.05e-6, 0.5)]) == "changes"
    spike = [runs_around(1e-6), runs_around(3e-6), runs_around(1.01e-6)]
    assert per_product_trend(spike) == "rises_then_falls"
    noisy_spike = [runs_around(1e-6), runs_around(1.3e-6, 0.5), runs_around(1.01e-6)]
    assert per_product_trend(noisy_spike) == "changes"
    dip = [runs_around(15e-6), runs_around(13e-6), runs_around(25e-6), runs_around(56e-6)]
    assert per_product_trend(dip) == "falls_then_rises"  # down 13 %, then up: not "rises"
    assert per_product_trend([runs_around(1e-6), runs_around(1e-6), runs_around(2e-6)]) == "rises"
    assert per_product_trend([runs_around(6e-6), runs_around(1e-6), runs_around(1e-6)]) == "falls"


def test_a_turn_must_leave_the_flat_band():
    """A dip (or bump) in between that the 10 % band would call flat is no turn, however tight
    the runs: a 3.5 % dip before a rise to 1.85 times is a rise, as the page's numbers once
    read 4.94, 4.77 and 9.16 µs per product; a dip of 15 % is a turn."""
    (per_product_trend, turning_point) = decision(
        "plot_04_batched_cost", "per_product_trend", "turning_point")
    shallow = [runs_around(4.94e-6), runs_around(4.77e-6), runs_around(9.16e-6)]
    assert turning_point(shallow) is None
    assert per_product_trend(shallow) == "rises"
    bump = [runs_around(4.94e-6), runs_around(5.1e-6), runs_around(2.6e-6)]
    assert per_product_trend(bump) == "falls"
    deep = [runs_around(4.94e-6), runs_around(4.2e-6), runs_around(9.16e-6)]
    assert turning_point(deep) == (1, "falls_then_rises")


@settings(deadline=None)
@given(st.lists(st.sampled_from(["flat", "falls", "rises", "changes"]), min_size=1, max_size=4))
def test_one_exponent_describes_only_flat_times_per_product(trends):
    (one_exponent,) = decision("plot_04_batched_cost", "one_exponent")
    expected = "describes" if set(trends) == {"flat"} else "summarises"
    assert one_exponent(trends) == expected


def test_lab_figure_gives_each_machines_run_count(tmp_path):
    """The lab's legend says over how many runs each median was taken, on each machine: its
    own runs from its timings, the site's from the site's results file; and the fact it saves
    for float64 against float32 is the one its own interval gives."""
    site = {"naive_seconds_1024": 80.0, "kloop_seconds_1024": 0.5, "blas1_ms_1024": 22.0,
            "blas_ms_1024": 13.0, "machine": "Test CPU", "repeats": 11, "estimated_1024": "naive",
            # the machine facts every results file holds (mmref.report.Report)
            "cpu": "Test CPU", "cores": 2, "python": "3.11.7", "numpy": "2.4.0",
            "blas": "OpenBLAS 0.3.30", "blas_threads": 2}
    (tmp_path / "plot_01_ladder.json").write_text(json.dumps(site), encoding="utf-8")
    env = {**os.environ, "MMREF_QUICK": "1", "MPLBACKEND": "Agg",
           "MMREF_RESULTS_DIR": str(tmp_path / "results")}
    run = subprocess.run([sys.executable, "-c", DRIVER, str(LABS[0])], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    en = (tmp_path / "images" / f"sphx_glr_{LABS[0].stem}_001.svg").read_text(encoding="utf-8")
    es = (tmp_path / "images" / f"sphx_glr_{LABS[0].stem}_001.es.svg").read_text(encoding="utf-8")
    assert "your machine: median of 3 runs" in en and "median of 11 runs" in en
    assert "median of 7 runs" not in en
    assert "mediana de 3 ejecuciones" in es and "mediana de 11 ejecuciones" in es
    # and that some of the site's crosses are estimates (hollow, as the site's file says)
    assert "the site's machine: estimated from part of the work" in en
    assert "la máquina del sitio: estimado a partir de parte del trabajo" in es
    # The fact the theory page reads is the one the lab's own interval gives.
    lab = json.loads((tmp_path / "results" / "lab_01.json").read_text(encoding="utf-8"))
    precision = stats.Estimate(*(lab[f"blas1_float64_over_float32{end}"] for end in ("", "_low", "_high")))
    (float64_time,) = script_functions(LABS[0], "float64_time")
    assert lab["facts"]["float64_time"]["value"] == float64_time(precision)


def test_lab_says_more_than_twice_only_when_the_interval_lies_above_2():
    """float64 over float32: "more than twice" (more than the vector width explains) needs the
    whole interval, as printed, above 2; below that, the site's usual words."""
    (float64_time,) = script_functions(LABS[0], "float64_time")
    E = stats.Estimate
    assert float64_time(E(4.36, 4.1, 4.6)) == "more_than_twice"
    assert float64_time(E(2.2, 1.98, 2.4)) == "longer"
    assert float64_time(E(1.9, 1.8, 2.0)) == "longer"
    assert float64_time(E(1.05, 1.02, 1.08)) == "slightly_longer"
    assert float64_time(E(1.5, 0.9, 2.5)) == "not_clear"


def test_gallery_config_matches_the_scripts():
    """conf.py skips helper modules, makes every plot_ script a page, and draws with our scraper."""
    conf = runpy.run_path(str(ROOT / "conf.py"))["sphinx_gallery_conf"]
    ignore, pattern = conf["ignore_pattern"], conf["filename_pattern"]
    for helper in GALLERY.rglob("_*.py"):
        assert re.search(ignore, helper.name), f"{helper.name} would become a gallery page"
    for script in SCRIPTS.values():
        assert not re.search(ignore, script.name)
        assert re.search(pattern, str(script))
    assert conf["image_scrapers"] == ("gallery._scraper.svg",)


@pytest.mark.parametrize("stem", sorted(SCRIPTS))
def test_scripts_import_only_what_a_reader_installs(stem):
    """A downloaded script needs numpy, matplotlib and mmref (and threadpoolctl, mmref's own)."""
    tree = ast.parse(SCRIPTS[stem].read_text(encoding="utf-8"))
    modules = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
               for alias in node.names}
    modules |= {node.module.split(".")[0] for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) and node.module}
    stdlib = set(sys.stdlib_module_names)
    assert modules - stdlib <= {"numpy", "matplotlib", "mmref", "threadpoolctl"}, modules


# Showing the figures to a reader who runs a downloaded script.

@pytest.mark.parametrize("script", [*SCRIPTS.values(), *LABS], ids=lambda p: p.stem)
def test_script_ends_by_showing_its_figures(script):
    """``figures.show()`` closes every script, in a code block of its own: run as a script it shows
    the figures; in the build, the scraper has taken and closed them by then, so nothing is saved."""
    _conf, blocks = split_code_and_text_blocks(script)
    code = [block.content for block in blocks if block.type == "code"]
    assert code[-1].strip() == "figures.show()", (
        f"{script.name}: end with a block of its own, `# %%`, a line of text, then `figures.show()`")
    assert sum(len(re.findall(r"\bshow\(", c)) for c in code) == 1, f"{script.name}: show the figures once, at the end"


SHOW_DEMO = """
import sys
import matplotlib.pyplot as plt
from mmref import figures
sys.argv[0] = "demo.py"
def draw(_):
    fig, ax = plt.subplots()
    ax.set_xlabel(_("matrix size N"))
    return fig
figures.figure(draw), figures.figure(draw)
figures.show()
"""


def test_show_saves_the_figures_where_no_window_can_open(tmp_path):
    """Headless (Agg, even with a DISPLAY set): each figure saved as PNG, named, and no warning."""
    env = {**os.environ, "MPLBACKEND": "Agg", "DISPLAY": ":0", "MMREF_LANG": "en"}
    run = subprocess.run([sys.executable, "-W", "error", "-c", SHOW_DEMO], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and not run.stderr, run.stderr[-3000:]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo_1.png", "demo_2.png"]
    assert run.stdout.split() == "figure saved as demo_1.png figure saved as demo_2.png".split()


def test_show_opens_windows_with_an_interactive_backend(tmp_path, monkeypatch):
    import matplotlib
    import matplotlib.pyplot as plt
    from mmref import figures

    shown = []
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(matplotlib, "get_backend", lambda: "QtAgg")
    monkeypatch.setattr(plt, "show", lambda: shown.append(plt.get_fignums()))
    fig = plt.figure()
    try:
        figures.show()
    finally:
        plt.close(fig)
    assert shown == [[fig.number]] and not list(tmp_path.iterdir())


def built(site, language, docname):
    """The built page `docname` of an edition, parsed."""
    return BeautifulSoup((site / language / f"{docname}.html").read_text(encoding="utf-8"), "html.parser")


def heading_text(heading):
    """A heading's text without its "#" permalink."""
    for link in heading.select("a.headerlink"):
        link.decompose()
    return heading.get_text(" ", strip=True)


def target(href):
    """The page a link of auto_gallery/index.html leads to."""
    return posixpath.normpath(posixpath.join("auto_gallery", href.split("#")[0])).removesuffix(".html")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_gallery_index_groups_the_scripts_by_theory_page(site, language):
    """One section per theory page that quotes scripts, in the order of index.rst's toctree: titled
    as that page in this edition, linking to it, and showing that page's scripts (a script belongs
    to the first page that quotes it, solutions counted with their page).  A section's title
    starts with its page's title ("SVD and rank: the measurements")."""
    chapters = script_chapters()
    expected = [(heading_text(built(site, language, chapter).h1), chapter,
                 sorted(script.stem for script, home in chapters.items() if home == chapter))
                for chapter in theory_chapters() if chapter in chapters.values()]
    found = []
    for section in built(site, language, "auto_gallery/index").select("article section section"):
        theory = [target(a["href"]) for a in section.select("a[href]") if target(a["href"]).startswith("theory/")]
        shown = [posixpath.basename(target(a["href"])) for a in section.select(".sphx-glr-thumbcontainer a[href]")]
        found.append((heading_text(section.find(["h2", "h3"])), theory[0] if theory else None, sorted(shown)))
    assert len(found) == len(expected) and all(
        title.startswith(page_title) and rest == page_rest
        for (title, *rest), (page_title, *page_rest) in zip(found, expected)), (
        f"{language}/auto_gallery/index.html should show the sections (title starting with, page, "
        f"scripts) {expected}, shows {found}")


# -- Printed output in every language (mmref.printout, _ext/printout_i18n.py) --------------


def test_say_prints_the_readers_language_and_records_every_language(tmp_path, monkeypatch, capsys):
    from mmref import printout

    monkeypatch.setenv("MMREF_LANG", "es")
    monkeypatch.setenv("MMREF_RESULTS_DIR", str(tmp_path))
    rows = lambda _: _("{flops} FLOPs per looked-up row; {ratio} per number returned",
                       flops=_.number(76800), ratio=_.number(1200))
    printout.say(rows)
    printout.say(lambda _: printout.table([_("batch"), _("index")], [[_.number(4096), _.number(53.6)]]))
    assert capsys.readouterr().out.splitlines()[0] == "76\u202f800 FLOP por fila buscada; 1200 por número devuelto"
    recorded = json.loads((tmp_path / printout.RECORD).read_text(encoding="utf-8"))
    assert recorded["76,800 FLOPs per looked-up row; 1200 per number returned"] == {
        "es": "76\u202f800 FLOP por fila buscada; 1200 por número devuelto"}
    assert recorded["batch  index\n 4096   53.6"] == {"es": "lote  indexación\n4096        53,6"}

    monkeypatch.setenv("MMREF_LANG", "en")
    monkeypatch.delenv("MMREF_RESULTS_DIR")
    (tmp_path / printout.RECORD).unlink()
    printout.say(rows)
    assert capsys.readouterr().out == "76,800 FLOPs per looked-up row; 1200 per number returned\n"
    assert not (tmp_path / printout.RECORD).exists(), "recorded without MMREF_RESULTS_DIR"


def test_output_blocks_take_the_recorded_translation_and_report_the_rest():
    sys.path.insert(0, str(ROOT / "_ext"))
    from printout_i18n import translate_output

    recorded = {"rung  GFLOP/s\nnaive   0.0295": {"es": "peldaño  GFLOP/s\nnaive     0,0295"},
                "gap ×2,796.9": {"es": "brecha ×2796,9"}}
    # the page's block is dedented as a whole: a table's right-aligned first line loses its spaces
    text, unknown = translate_output("rung  GFLOP/s\nnaive   0.0295\ngap ×2,796.9\nwarning: slow",
                                     recorded, "es")
    assert text == "peldaño  GFLOP/s\nnaive     0,0295\nbrecha ×2796,9\nwarning: slow"
    assert unknown == ["warning: slow"]
    assert translate_output("gap ×2,796.9", {}, "es") == ("gap ×2,796.9", ["gap ×2,796.9"])


# Facts a script also prints: (script, fact, the function that words the fact's value).
PRINTED_FACTS = [
    ("plot_02_embedding_lookup", "larger_part_large", "larger_part_sentence"),
    ("plot_02_embedding_lookup", "time_vs_flop_ratio", "against_flops_sentence"),
    ("plot_01_ladder", "threads", "threads_verdict"),
    ("plot_01_ladder", "gap_vs_claim", "claim_verdict"),
    ("plot_03_outer_product_loop", "faster_form", "form_verdict"),
    ("plot_03_outer_product_loop", "reuse", "reuse_verdict"),
]


def fact_choices(tree: ast.Module, fact: str) -> set[str]:
    """The ``choices=`` of the script's ``out.fact(fact, ...)`` call."""
    for node in ast.walk(tree):
        if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
                and node.func.attr == "fact" and node.args
                and isinstance(node.args[0], ast.Constant) and node.args[0].value == fact):
            choices = next(k.value for k in node.keywords if k.arg == "choices")
            return set(ast.literal_eval(choices))
    raise AssertionError(f"no out.fact({fact!r}, ...) call")


def worded_values(tree: ast.Module, function: str) -> set[str]:
    """The string keys of the dict that ``function`` looks its wording up in (defined in the
    script, or shared in mmref.printout)."""
    shared = ast.parse((ROOT / "mmref" / "printout.py").read_text(encoding="utf-8"))
    fn = next(n for t in (tree, shared) for n in ast.walk(t)
              if isinstance(n, ast.FunctionDef) and n.name == function)
    words = next(n for n in ast.walk(fn) if isinstance(n, ast.Dict))
    return {k.value for k in words.keys if isinstance(k, ast.Constant)}


@pytest.mark.parametrize("stem, fact, function", PRINTED_FACTS)
def test_every_fact_value_has_a_printed_wording(stem, fact, function):
    tree = ast.parse(SCRIPTS[stem].read_text(encoding="utf-8"))
    choices, worded = fact_choices(tree, fact), worded_values(tree, function)
    assert choices <= worded, (f"{SCRIPTS[stem].name}: {function}() has no wording for "
                               f"{sorted(choices - worded)}, values out.fact({fact!r}) admits: "
                               "add them to its dict")


SLOW_BLAS = """
import runpy, sys
from mmref import ladder, timing
real = ladder.time_rung
def slow(rung, a, b, **options):  # a busy machine: every BLAS product takes 0.25 s longer
    t = real(rung, a, b, **options)
    if rung.startswith("blas"):
        return timing.Timing(runs=tuple(r + 0.25 for r in t.runs), number=t.number)
    return t
ladder.time_rung = slow
real_turns = ladder.time_rungs_in_turns
def slow_turns(rungs, a, b, **options):  # the BLAS rungs, timed taking turns
    return {rung: timing.Timing(runs=tuple(r + 0.25 for r in t.runs), number=t.number)
            for rung, t in real_turns(rungs, a, b, **options).items()}
ladder.time_rungs_in_turns = slow_turns
runpy.run_path(sys.argv[1], run_name="__main__")
"""


def test_the_ladder_runs_whole_when_blas_is_slow(tmp_path):
    """On a busy machine one BLAS product can be predicted to pass the script's limit at
    N = 1024; the BLAS rungs are still timed there, as only the Python loops can be estimated."""
    env = {**os.environ, "MMREF_QUICK": "1", "MPLBACKEND": "Agg",
           "MMREF_RESULTS_DIR": str(tmp_path / "results")}
    run = subprocess.run([sys.executable, "-c", SLOW_BLAS, str(SCRIPTS["plot_01_ladder"])],
                         cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    data = json.loads((tmp_path / "results" / "plot_01_ladder.json").read_text(encoding="utf-8"))
    assert data["blas_ms_1024"] > 250, data["blas_ms_1024"]


def test_the_ladder_legend_gives_no_exponent_where_the_time_fell(site):
    """The ladder's figure prints a rung's fitted p only where the gallery names a growth from
    it: for a rung whose time clearly fell between two sizes (its printed line says so), the
    legend says where it fell instead, so that no reader takes a power law from it."""
    page = built(site, "en", "auto_gallery/02-matmul-as-composition/plot_01_ladder")
    printed = "\n".join(pre.get_text() for pre in page.select("div.sphx-glr-script-out pre"))
    fell = dict(re.findall(r"^(\w+)\s+fitted exponent p = .*the time fell from (N = \d+ to N = \d+)",
                           printed, re.M))
    fitted = re.findall(r"^(\w+)\s+fitted exponent p = ", printed, re.M)
    assert fitted, "plot_01_ladder no longer prints its fitted exponents"
    svg = (site / "en" / "_images" / "sphx_glr_plot_01_ladder_001.svg").read_text(encoding="utf-8")
    legend = html.unescape(svg)
    names = {"naive": "Python triple loop (float64 lists)", "kloop": "Python loop over k, NumPy step",
             "blas1": "A @ B, one BLAS thread", "blas": "A @ B, every BLAS thread"}
    for rung in fitted:
        if rung in fell:
            assert f"{names[rung]}: no p, the time fell from {fell[rung]}" in legend
            assert f"{names[rung]}: p = " not in legend
        else:
            assert f"{names[rung]}: p = " in legend
