"""Print how long the gallery scripts and the builds take on this machine (``make bench``).

Everything runs in a scratch copy of the source tree, so the working tree and its build
output are left alone.  Times are wall-clock seconds of one run each: they are figures to
read, not thresholds to test.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPHINX = [sys.executable, "-m", "sphinx", "-q", "-W", "--keep-going"]
TARGETS = {  # what the project aims for on a 2-core machine, in seconds
    "clean bilingual build (gallery executed)": 60,
    "no-op rebuild, en": 3,
    "no-op rebuild, es": 3,
    "make test": 300,
}


def timed(label: str, cmd: list[str], cwd: Path, results: dict[str, float], env=None) -> None:
    start = time.perf_counter()
    run = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        sys.exit(f"bench: {label} failed:\n{run.stdout[-2000:]}\n{run.stderr[-2000:]}")
    results[label] = seconds
    target = TARGETS.get(label)
    note = f"   (target <= {target} s)" if target else ""
    print(f"{label:<45} {seconds:7.1f} s{note}", flush=True)


def html(language: str, out: Path) -> list[str]:
    return [*SPHINX, "-b", "html", "-D", f"language={language}", "-d", str(out / "doctrees" / language),
            ".", str(out / "html" / language)]


def main() -> int:
    from mmref.timing import machine_summary

    print(f"machine: {machine_summary()}\n", flush=True)
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="mmref-bench-") as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
            ".venv", "_build", ".git", "auto_gallery", "__pycache__", ".hypothesis", ".pytest_cache"))
        out = Path(tmp) / "out"
        env = dict(os.environ, MPLBACKEND="Agg")
        for script in sorted((src / "gallery").glob("plot_*.py")):
            timed(f"gallery script {script.stem}", [sys.executable, str(script)], src, results, env)
        shutil.rmtree(src / "auto_gallery", ignore_errors=True)

        start = time.perf_counter()
        timed("English build (gallery executed)", html("en", out), src, results)
        timed("Spanish build (gallery reused)", html("es", out), src, results)
        results["clean bilingual build (gallery executed)"] = time.perf_counter() - start
        label = "clean bilingual build (gallery executed)"
        print(f"{label:<45} {results[label]:7.1f} s   (target <= {TARGETS[label]} s)")

        shutil.rmtree(out / "doctrees" / "en")
        shutil.rmtree(out / "html" / "en")
        timed("English build alone (gallery cached)", html("en", out), src, results)
        ratio = results["Spanish build (gallery reused)"] / results["English build alone (gallery cached)"]
        print(f"{'Spanish / English build time':<45} {ratio:7.2f}     (target <= 0.4 of the English "
              "build with its gallery run)", flush=True)
        timed("no-op rebuild, en", html("en", out), src, results)
        timed("no-op rebuild, es", html("es", out), src, results)
        timed("make doctest", [*SPHINX, "-b", "doctest", "-d", str(out / "doctrees" / "doctest"), ".",
                               str(out / "doctest")], src, results)
    if "--with-tests" in sys.argv:
        timed("make test", ["make", "test"], ROOT, results)
    (ROOT / "_build").mkdir(exist_ok=True)
    (ROOT / "_build" / "bench.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
