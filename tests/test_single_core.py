"""Built on one core, the site still tells the truth, in the singular, in both languages.

The whole site is built in a scratch copy with the gallery re-run (tiny sizes,
``MMREF_QUICK=1``) by a process that may use only one CPU (``sched_setaffinity``, like
``taskset -c 0``).  The theory page must then choose the one-core wording for the threads,
and no page may say "1 threads" or "1 cores".
"""

import os
import re
import shutil
import subprocess
import sys

import pytest
from helpers import LANGUAGES, ROOT, copy_tree

PAGE = "theory/02-matmul-as-composition.html"
ONE_CORE = {"en": "could use only one core or one BLAS thread",
            "es": "solo pudo usar un núcleo o un hilo de BLAS"}
WRONG_PLURAL = re.compile(r"\b1\s+(threads|cores|logical cores|hilos|núcleos)\b")


@pytest.fixture(scope="module")
def one_core_site(tmp_path_factory):
    if not hasattr(os, "sched_setaffinity"):
        pytest.skip("this system cannot pin a process to one CPU")
    first = min(os.sched_getaffinity(0))
    src = copy_tree(tmp_path_factory.mktemp("one-core") / "src")
    for stale in ("auto_gallery", "auto_lab"):
        shutil.rmtree(src / stale, ignore_errors=True)
    shutil.copytree(ROOT / "_build" / "extra", src / "_build" / "extra")  # the wheel (make wheel)
    env = {**os.environ, "MMREF_QUICK": "1", "MPLBACKEND": "Agg"}
    out = src / "_build" / "html"
    for language in LANGUAGES:
        run = subprocess.run(
            [sys.executable, "-m", "sphinx", "-b", "html", "-W", "--keep-going", "-q",
             "-D", f"language={language}", "-d", str(src / "_build" / "doctrees" / language),
             str(src), str(out / language)],
            cwd=src, env=env, capture_output=True, text=True,
            preexec_fn=lambda: os.sched_setaffinity(0, {first}),
        )
        assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-5000:]
    return out


def visible_text(path):
    html = path.read_text(encoding="utf-8")
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.parametrize("language", LANGUAGES)
def test_one_core_wording(one_core_site, language):
    text = visible_text(one_core_site / language / PAGE)
    assert ONE_CORE[language] in text
    assert "Threads are separated directly" not in text and "Los hilos se separan" not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_singular_count_in_the_plural(one_core_site, language):
    bad = []
    for page in sorted((one_core_site / language).rglob("*.html")):
        for match in WRONG_PLURAL.finditer(visible_text(page)):
            bad.append(f"{page.relative_to(one_core_site)}: {match.group(0)!r}")
    assert not bad, bad
