"""Shared fixtures: one bilingual build of the site, made the way `make html` makes it."""

import shutil
import subprocess
import sys

import pytest
from browser import CHROMIUM
from helpers import LANGUAGES, ROOT, sphinx
from hypothesis import settings

# Every property test, whichever files run: more examples than the default, and no deadline
# (a deadline is a wall-clock limit, and a loaded machine would fail it at random).
settings.register_profile("mmref", max_examples=150, deadline=None)
settings.load_profile("mmref")


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """Both editions built with -W into <tmp>/html/{en,es}, plus the root index.html."""
    out = tmp_path_factory.mktemp("site")
    results = ROOT / "auto_gallery" / "results"
    for language in LANGUAGES:
        before = {p: p.stat().st_mtime_ns for p in results.glob("*.json")}
        sphinx("html", ROOT, out / "html" / language, "-W", "--keep-going", "-q", "-D", f"language={language}",
               doctrees=out / "doctrees" / language)
        if language != "en":  # the gallery ran (at most) in the English build; later ones reuse it
            after = {p: p.stat().st_mtime_ns for p in results.glob("*.json")}
            assert after == before, "a non-English build re-ran the gallery"
    for name in ("index.html", "favicon.ico"):  # the site root, as `make html` lays it out
        shutil.copy(ROOT / "site-root" / name, out / "html" / name)
    if CHROMIUM.exists():  # the PDF each edition's index links to, printed as `make html` prints it
        subprocess.run([sys.executable, "tools/pdf.py", str(out / "html")], cwd=ROOT, check=True,
                       capture_output=True)
    return out / "html"


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test (item.rep_call, ...): the browser tests screenshot failures."""
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report
