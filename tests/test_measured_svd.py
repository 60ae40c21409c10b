"""The SVD page's measured sentences say what their numbers say, on any machine.

plot_07_svd_cost fits a power law to the medians of its SVD timings (mmref.stats.power_law),
names the growth its interval allows (mmref.stats.growth_word), and places the exponent between
its two largest sizes against that interval (mmref.stats.step_exponents, mmref.stats.position).
Here synthetic medians go through the same functions, the theory page is built from them in
both languages, and each emitted sentence is read back and checked against the numbers it
quotes.
"""

from __future__ import annotations

import json
import re
import shutil
import textwrap

import pytest
from helpers import LANGUAGES, ROOT, sphinx

from mmref import stats
from mmref.numbers import read_numbers

PAGE = "theory/03-svd-and-rank"
SIZES = [64, 128, 256, 512]
GROWTH = ("sublinear", "linear", "between", "quadratic", "cubic", "faster", "unclear")
TOP_STEP = ("below", "inside", "above")


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
    top = stats.step_exponents(SIZES, runs)[-1]
    p = fit.exponent
    svd = {
        "cpu": "Test CPU", "cores": 2, "numpy": "2.4.0", "blas": "OpenBLAS (test)",
        "blas_threads": 2, "runs": 9, "size_min": SIZES[0], "size_max": SIZES[-1],
        "size_below_max": SIZES[-2], "exponent": p.value, "exponent_low": p.low,
        "exponent_high": p.high, "exponent_top": top, "svd_ms_max": medians[-1] * 1e3,
        "svd_ms_max_low": min(runs[-1]) * 1e3, "svd_ms_max_high": max(runs[-1]) * 1e3,
        "matmul_ms_max": 3.0,
        "svd_to_matmul": medians[-1] * 1e3 / 3.0, "svd_to_matmul_low": 20.0,
        "svd_to_matmul_high": 40.0,
        "facts": {
            "growth": {"value": stats.growth_word(p), "choices": list(GROWTH)},
            "top_step": {"value": stats.position(top, p), "choices": list(TOP_STEP)},
        },
    }
    image = {
        "rows": 600, "columns": 512, "ranks_checked": 257, "rank_step": 2, "rank_max": 512,
        "numerical_rank": 499, "max_deviation_e6": 0.98, "break_even_rank": 276,
        **{f"rel_err_measured_r{r}": e for r, e in ((5, 0.35), (20, 0.19), (50, 0.089))},
        **{f"storage_percent_r{r}": 100 * r * 1112 / 307200 for r in (5, 20, 50)},
        "facts": {"prediction": {"value": "within", "choices": ["within", "outside"]}},
    }
    return svd, image


# Medians whose steps between successive sizes take every value of both facts between them.
CURVES = [
    (2.3, 2.35, 2.6),    # steepening at the top, p between 2 and 3
    (2.4, 2.4, 2.4),     # one power law
    (3.9, 3.7, 3.4),     # flattening, p above 3
    (3.0, 3.0, 3.0),     # cubic
    (2.0, 2.0, 2.0),     # quadratic
    (1.0, 1.0, 1.0),     # linear
    (0.5, 0.5, 0.5),     # sublinear
]


def test_the_curves_cover_every_choice():
    svd = [synthetic(steps)[0]["facts"] for steps in CURVES]
    assert {f["top_step"]["value"] for f in svd} == set(TOP_STEP)
    assert {f["growth"]["value"] for f in svd} | {"unclear"} == set(GROWTH)
    noisy = synthetic((2.0, 3.0, 2.0), NOISY)[0]["facts"]
    assert noisy["growth"]["value"] == "unclear"


def project(tmp_path, svd, image):
    """A small Sphinx project: the real SVD page, its glossary and catalogues, synthetic results."""
    src = tmp_path / "src"
    (src / "theory").mkdir(parents=True)
    shutil.copy(ROOT / f"{PAGE}.rst", src / f"{PAGE}.rst")
    shutil.copy(ROOT / "glossary.rst", src / "glossary.rst")
    shutil.copytree(ROOT / "locale", src / "locale", ignore=shutil.ignore_patterns("*.mo"))
    results = src / "auto_gallery" / "results"
    results.mkdir(parents=True)
    (results / "plot_07_svd_cost.json").write_text(json.dumps(svd))
    (results / "plot_06_svd_image.json").write_text(json.dumps(image))
    (src / "conf.py").write_text(textwrap.dedent(f"""
        import sys
        sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / "_ext")!r}]
        extensions = ["measured", "sphinx_design", "sphinx.ext.doctest"]
        root_doc = "glossary"
        locale_dirs = ["locale/"]
        gettext_compact = False
        suppress_warnings = ["toc.not_included"]
    """))
    return src


def paragraphs(text):
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text)]


def numbers(paragraph, language="en"):
    return [float(n.value) for n in read_numbers(paragraph, language)]


MARKERS = {
    "en": ("A power law N^p fitted to the medians", "That exponent is", "That interval is too wide",
           "Between the two largest sizes"),
    "es": ("Una ley de potencias N^p ajustada a las medianas", "Ese exponente", "Ese intervalo es demasiado ancho",
           "Entre los dos tamaños mayores"),
}


def find(paras, phrase):
    found = [p for p in paras if phrase in p]
    assert len(found) == 1, f"{len(found)} paragraphs contain {phrase!r}"
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
    # The fit, as quoted: p, then its interval.
    quoted = numbers(find(en, MARKERS["en"][0]))
    p, low, high = quoted[0], quoted[-2], quoted[-1]
    assert low <= p <= high
    growth = svd["facts"]["growth"]["value"]
    if growth == "unclear":
        assert "too wide" in find(en, MARKERS["en"][2])
        assert sum(low - 0.15 <= power <= high + 0.15 for power in (1, 2, 3)) > 1
    else:
        said = find(en, MARKERS["en"][1])
        fits = [w for power, w in ((1, "linear"), (2, "quadratic"), (3, "cubic"))
                if low - 0.15 <= power <= high + 0.15]
        if growth in ("linear", "quadratic", "cubic"):
            assert fits == [growth] and growth in said
        elif growth == "between":
            assert not fits and 1 < low and high < 3 and "above linear and below cubic" in said
        elif growth == "faster":
            assert not fits and low > 3 and "above cubic" in said
        else:
            assert not fits and high < 1 and "below linear" in said
    # The top step, as quoted: the two sizes, then its exponent, against the interval.
    below_max, largest, top = numbers(find(en, MARKERS["en"][3]))
    assert (below_max, largest) == (256, 512)
    place = svd["facts"]["top_step"]["value"]
    said = find(en, MARKERS["en"][3])
    if place == "above":
        assert top > high and "above that interval" in said and "steepening" in said
    elif place == "below":
        assert top < low and "below that interval" in said and "flattening" in said
    else:
        assert low <= top <= high and "inside that interval" in said
    # The Spanish edition says the same, with the same numbers.
    english = [p for p in en if any(m in p for m in MARKERS["en"])]
    spanish = [p for p in texts["es"] if any(m in p for m in MARKERS["es"])]
    assert len(english) == len(spanish) == 3, (english, spanish)
    for a, b in zip(english, spanish):
        assert numbers(a, "en") == numbers(b, "es"), (a, b)
