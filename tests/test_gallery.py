"""The gallery scripts run, and write every result and figure the site relies on.

Each script runs once, in a subprocess, in fast mode (``MMREF_GALLERY_FAST=1``: tiny
sizes) with ``MMREF_GALLERY_OUT`` pointing at a temporary directory, so the build's own
``auto_gallery/results`` and figures are never overwritten (see ``gallery/_results.py``).
Nothing here asserts a time: only that the numbers exist, are finite and are sane.
"""

import json
import math
import os
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
GALLERY = ROOT / "gallery"

# Figures each script draws (the site embeds them by number) and the result keys the
# theory pages may quote.
FIGURES = {
    "plot_01_ladder": 2,
    "plot_02_embedding_lookup": 1,
    "plot_03_outer_product_loop": 1,
    "plot_04_batched_cost": 2,
    "plot_05_low_rank": 2,
}
REQUIRED = {
    "plot_01_ladder": [
        "gap_1024", "gap_1024_one_thread", "naive_seconds_1024", "naive_rows_timed",
        "blas_ms_1024", "blas1_ms_1024", "gflops_naive", "gflops_kloop", "gflops_blas1",
        "gflops_blas", "blas_threads", "kloop_seconds_1024", "naive_seconds_1024_fit",
        "factor_interpreter", "factor_kloop_to_blas1", "factor_threads", "seed_factor_product",
        "slope_naive", "slope_kloop", "slope_blas1", "slope_blas", "naive_1024_method",
        "kloop_1024_method",
    ],
    "plot_02_embedding_lookup": [
        "time_ratio_min", "time_ratio_max", "flop_ratio", "flops_per_row_onehot",
        "gflops_product_largest",
    ],
    "plot_03_outer_product_loop": [
        "slowdown_256", "slowdown_256_all_threads", "step_us_256", "step_overhead_us",
        "outer_us_256", "accumulate_us_256", "accumulate_gbps_256", "floor_slowdown_256",
        "intensity_loop", "intensity_loop_numpy", "intensity_blas_ideal_256",
    ],
    "plot_04_batched_cost": [
        "linear_fit_r2", "linear_fit_r2_16", "linear_fit_r2_64", "loglog_slope_16",
        "loglog_slope_64", "ffn_flops", "attention_flops", "attention_projection_flops",
        "attention_core_flops", "ffn_to_attention",
    ],
    "plot_05_low_rank": ["err_keep_I2", "err_svd_I2", "rank_AB", "rel_err_keep_r1",
                         "rel_err_svd_r1"],
}
# Measured quantities that must be strictly positive.
POSITIVE = {
    "plot_01_ladder": ["gap_1024", "gap_1024_one_thread", "naive_seconds_1024", "blas_ms_1024",
                       "blas1_ms_1024", "gflops_naive", "gflops_kloop", "gflops_blas1",
                       "gflops_blas", "blas_threads", "kloop_seconds_1024"],
    "plot_02_embedding_lookup": ["time_ratio_min", "time_ratio_max", "gflops_product_largest"],
    "plot_03_outer_product_loop": ["slowdown_256", "step_us_256", "step_overhead_us",
                                   "outer_us_256", "accumulate_us_256", "accumulate_gbps_256"],
    "plot_04_batched_cost": ["linear_fit_r2", "loglog_slope_16", "loglog_slope_64"],
    "plot_05_low_rank": ["err_keep_I2", "rel_err_keep_r1", "rel_err_svd_r1"],
}


@pytest.fixture(scope="module")
def gallery(tmp_path_factory):
    """Run every script once in fast mode; return the output directory and the runs."""
    out = tmp_path_factory.mktemp("gallery-out")
    env = {**os.environ, "MMREF_GALLERY_FAST": "1", "MPLBACKEND": "Agg",
           "MMREF_GALLERY_OUT": str(out)}
    runs = {}
    for script in sorted(GALLERY.glob("plot_*.py")):
        runs[script.stem] = subprocess.run(
            [sys.executable, str(script)], cwd=out, env=env, capture_output=True, text=True,
            timeout=300,
        )
    return out, runs


def results(gallery, stem):
    out, runs = gallery
    run = runs[stem]
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-4000:]
    return json.loads((out / "results" / f"{stem}.json").read_text(encoding="utf-8"))


def test_every_script_is_listed():
    assert sorted(p.stem for p in GALLERY.glob("plot_*.py")) == sorted(FIGURES)


@pytest.mark.parametrize("stem", sorted(FIGURES))
def test_script_runs_and_writes_its_results(gallery, stem):
    data = results(gallery, stem)
    missing = set(REQUIRED[stem]) - set(data)
    assert not missing, f"{stem} did not write {sorted(missing)}"
    assert data["mode"] == "fast"
    assert "NumPy" in data["machine"]
    for key, value in data.items():
        assert isinstance(value, (int, float, str)), (key, value)
        if isinstance(value, float):
            assert math.isfinite(value), (key, value)
    for key in POSITIVE[stem]:
        assert data[key] > 0, (key, data[key])


@pytest.mark.parametrize("stem", sorted(FIGURES))
def test_script_saves_english_and_spanish_figures(gallery, stem):
    out, runs = gallery
    assert runs[stem].returncode == 0, runs[stem].stderr[-4000:]
    for i in range(1, FIGURES[stem] + 1):
        en = out / "images" / f"sphx_glr_{stem}_{i:03d}.svg"
        es = out / "images" / f"sphx_glr_{stem}_{i:03d}.es.svg"
        assert en.stat().st_size > 0 and es.stat().st_size > 0
        assert en.read_bytes() != es.read_bytes(), f"{es.name} is not translated"
        assert "<text" in es.read_text(encoding="utf-8")  # svg.fonttype "none": text stays text
    extra = out / "images" / f"sphx_glr_{stem}_{FIGURES[stem] + 1:03d}.svg"
    assert not extra.exists(), "more figures than FIGURES lists"
    assert (out / "images" / "thumb" / f"sphx_glr_{stem}_thumb.es.svg").exists()


def test_ladder_values(gallery):
    data = results(gallery, "plot_01_ladder")
    assert data["gap_1024"] > 1 and data["gap_1024_one_thread"] > 1
    assert data["seed_factor_product"] == 128_000
    assert data["blas_threads"] >= 1
    product = data["factor_interpreter"] * data["factor_kloop_to_blas1"] * data["factor_threads"]
    assert math.isclose(product, data["gap_1024"], rel_tol=1e-9)


def test_embedding_values(gallery):
    data = results(gallery, "plot_02_embedding_lookup")
    assert data["flop_ratio"] == 1200
    assert data["flops_per_row_onehot"] == 76_800
    assert data["time_ratio_min"] <= data["time_ratio_max"]


def test_outer_product_loop_values(gallery):
    data = results(gallery, "plot_03_outer_product_loop")
    assert data["slowdown_256"] > 1
    assert data["intensity_loop"] == 0.25 and data["intensity_loop_numpy"] == 0.125
    assert math.isclose(data["intensity_blas_ideal_256"], 256 / 6)


def test_batched_values(gallery):
    data = results(gallery, "plot_04_batched_cost")
    assert 0 < data["linear_fit_r2"] <= 1
    assert data["ffn_flops"] == 33_554_432
    assert data["attention_flops"] == 18_874_368
    assert data["attention_projection_flops"] + data["attention_core_flops"] == 18_874_368


def test_low_rank_values(gallery):
    data = results(gallery, "plot_05_low_rank")
    assert math.isclose(data["err_keep_I2"], math.sqrt(2), rel_tol=1e-5)
    assert abs(data["err_svd_I2"]) < 1e-5
    assert data["rel_err_svd_r1"] <= data["rel_err_keep_r1"]


def test_gallery_config_matches_the_helpers():
    """conf.py skips the helper modules, and its scraper saves the extension they use."""
    conf = runpy.run_path(str(ROOT / "conf.py"))["sphinx_gallery_conf"]
    ignore, pattern = conf["ignore_pattern"], conf["filename_pattern"]
    for helper in GALLERY.glob("_*.py"):
        assert re.search(ignore, helper.name), f"{helper.name} would become a gallery page"
    for script in GALLERY.glob("plot_*.py"):
        assert not re.search(ignore, script.name)
        assert re.search(pattern, str(script))
    assert conf["image_scrapers"] == ("gallery._scraper.svg",)
    sys.path.insert(0, str(GALLERY))
    try:
        import _results
    finally:
        sys.path.remove(str(GALLERY))
    assert _results.FIG_EXT == "svg"
