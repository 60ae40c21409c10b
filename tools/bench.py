"""Print how long the gallery scripts and the builds take on this machine (``make bench``).

Everything runs in a scratch copy of the source tree, so the working tree and its build
output are left alone.  Times are wall-clock seconds of one run each (``--scale``: the median
of three): they are figures to read, not thresholds to test.

``--scale`` shows how the builds grow with the number of pages: the scratch copy gets copies
of the theory page (and of its Spanish catalogue) until theory/ holds 2, 10 and 26 pages; for
each size and edition it times a clean build, a no-op rebuild and a rebuild after one page
was edited, with the gallery's output reused.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import statistics
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


NODE_MODULES = ROOT / ".venv" / "npm" / "node_modules"  # Temml, installed by `make assets`
LIGHTHOUSE = ROOT / ".venv" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"  # `make bench` installs it
#: every theory page (solutions aside), found from the sources: Lighthouse scores each
READER_PAGES = [f"theory/{p.stem}.html" for p in sorted((ROOT / "theory").glob("*.rst"))
                if "solutions" not in p.stem]
READER_TARGETS = {"performance": 90, "accessibility": 100, "KiB": 250}


def html(language: str, out: Path) -> list[str]:
    return [*SPHINX, "-b", "html", "-D", f"language={language}", "-D", f"mathml_node_modules={NODE_MODULES}",
            "-d", str(out / "doctrees" / language), ".", str(out / "html" / language)]


def serve_gzip(site: Path):
    """Serve `site` on 127.0.0.1 with gzip for text files, as a real host does; a context
    manager that yields the base URL."""
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import QuietHandler, serve

    class Handler(QuietHandler):
        def do_GET(self):  # noqa: N802 - http.server's name
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            kind = self.guess_type(str(path))
            if not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", "") or not (
                    kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml", "application/json")):
                return super().do_GET()
            body = gzip.compress(path.read_bytes())
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return serve(site, Handler)


def lighthouse(site: Path) -> None:
    """Print Lighthouse's mobile performance and accessibility scores and the gzipped bytes of
    each theory page, per edition, served with gzip (or why Lighthouse cannot run)."""
    sys.path.insert(0, str(ROOT / "tests"))
    from browser import CHROMIUM

    if not LIGHTHOUSE.exists():
        print(f"lighthouse: not run: {LIGHTHOUSE} is missing (`make bench` installs the pinned Lighthouse)")
        return
    if not CHROMIUM.exists():
        print(f"lighthouse: not run: {CHROMIUM} is missing (`make browser` installs it)")
        return
    env = dict(os.environ, CHROME_PATH=str(CHROMIUM))
    with serve_gzip(site) as base, tempfile.TemporaryDirectory(prefix="mmref-lh-") as tmp:
        for language, page in ((language, page) for page in READER_PAGES for language in ("en", "es")):
            report = Path(tmp) / f"{language}-{Path(page).stem}.json"
            run = subprocess.run([str(LIGHTHOUSE), f"{base}/{language}/{page}", "--quiet",
                                  "--only-categories=performance,accessibility", "--output=json",
                                  f"--output-path={report}", "--chrome-flags=--headless=new --no-sandbox "
                                  "--disable-gpu --disable-background-networking --disable-component-update"],
                                 capture_output=True, text=True, env=env)
            if run.returncode != 0 or not report.exists():
                print(f"lighthouse ({language}): failed: {run.stderr.strip()[-500:]}")
                continue
            data = json.loads(report.read_text(encoding="utf-8"))
            scores = {k: round(100 * v["score"]) for k, v in data["categories"].items()}
            kib = data["audits"]["total-byte-weight"]["numericValue"] / 1024
            failed = [k for k, v in data["audits"].items()
                      if v.get("score") is not None and v["score"] < 1 and v.get("scoreDisplayMode") == "binary"]
            print(f"{Path(page).stem + ', ' + language + ', mobile':<45} performance {scores['performance']:3d} "
                  f"(target >= {READER_TARGETS['performance']}), accessibility {scores['accessibility']:3d} "
                  f"(target {READER_TARGETS['accessibility']}), {kib:5.0f} KiB gzipped (target <= "
                  f"{READER_TARGETS['KiB']}); FCP {data['audits']['first-contentful-paint']['displayValue']}, "
                  f"LCP {data['audits']['largest-contentful-paint']['displayValue']}, "
                  f"CLS {data['audits']['cumulative-layout-shift']['displayValue']}"
                  + (f"; failed: {', '.join(failed[:6])}" if failed else ""), flush=True)


def page_weight(site: Path, page: str) -> dict[str, int]:
    """Bytes a browser downloads to show ``page`` (HTML, CSS, scripts, fonts, images), by type.

    Measured in Debian's Chromium through Playwright when it is installed; otherwise the
    HTML, scripts, stylesheets and images the page names, read from disk.
    """
    from html.parser import HTMLParser

    sys.path.insert(0, str(ROOT / "tests"))
    from browser import CHROMIUM, launch, serve  # the browser tests' server and Chromium set-up

    if CHROMIUM.exists():
        from playwright.sync_api import sync_playwright

        sizes: dict[str, int] = {}
        with serve(site) as base, sync_playwright() as pw:
            browser = launch(pw)
            tab = browser.new_page()
            bodies = []
            tab.on("response", lambda r: bodies.append(r))
            tab.goto(f"{base}/{page}", wait_until="networkidle")
            tab.evaluate("window.scrollTo(0, document.body.scrollHeight)")
            tab.wait_for_load_state("networkidle")
            for response in bodies:
                body = response.body()
                kind = response.request.resource_type
                sizes[kind] = sizes.get(kind, 0) + len(body)
                sizes["gzip"] = sizes.get("gzip", 0) + len(gzip.compress(body))
            browser.close()
        return sizes

    class Refs(HTMLParser):
        found: list[str] = []

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            ref = a.get("src") if tag in ("script", "img") else a.get("href") if tag == "link" else None
            if ref and "://" not in ref:
                self.found.append(ref.split("?")[0])

    html_path = site / page
    refs = Refs()
    refs.feed(html_path.read_text(encoding="utf-8"))
    sizes = {"document": html_path.stat().st_size, "other (static estimate)": 0}
    for ref in set(refs.found):
        target = (html_path.parent / ref).resolve()
        if target.is_file():
            sizes["other (static estimate)"] += target.stat().st_size
    return sizes


SCALE_PAGES = (2, 10, 26)  # theory pages in the scratch copy
SCALE_RUNS = 3
IGNORE = shutil.ignore_patterns(".venv", "_build", ".git", "__pycache__", ".hypothesis", ".pytest_cache")


def add_theory_copies(src: Path, pages: int) -> list[str]:
    """Copy the theory page (and its Spanish .po) until ``src/theory`` holds ``pages`` pages,
    each in the index's toctree, its labels renamed; return the copies' docnames."""
    theory = sorted((src / "theory").glob("*.rst"))
    original = next(p for p in theory if "solutions" not in p.stem)
    text = original.read_text(encoding="utf-8")
    catalogue = src / "locale" / "es" / "LC_MESSAGES" / "theory" / f"{original.stem}.po"
    names = []
    for i in range(pages - len(theory)):
        name = f"scale-{i:02d}"
        (src / "theory" / f"{name}.rst").write_text(
            re.sub(r"^\.\. _([\w-]+):", rf".. _\1-{name}:", text, flags=re.M), encoding="utf-8")
        shutil.copy(catalogue, catalogue.with_name(f"{name}.po"))
        names.append(f"theory/{name}")
    index = src / "index.rst"
    last = f"   theory/{theory[-1].stem}\n"
    index.write_text(index.read_text(encoding="utf-8").replace(
        last, last + "".join(f"   {n}\n" for n in names)), encoding="utf-8")
    return names


def seconds(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    run = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(f"bench: {' '.join(cmd)} failed:\n{run.stdout[-2000:]}\n{run.stderr[-3000:]}")
    return time.perf_counter() - start


def scale() -> dict[str, float]:
    """Time clean, no-op and one-page-edit builds of both editions at each size; print a table
    of medians of ``SCALE_RUNS`` runs (the gallery's output is reused: it is not rerun)."""
    results: dict[str, float] = {}
    print(f"{'pages':>5} {'edition':>7} {'clean':>8} {'no-op':>8} {'one-page edit':>14}   "
          f"(median of {SCALE_RUNS} runs, seconds)", flush=True)
    for pages in SCALE_PAGES:
        with tempfile.TemporaryDirectory(prefix="mmref-scale-") as tmp:
            src = Path(tmp) / "src"
            shutil.copytree(ROOT, src, ignore=IGNORE)
            (src / "_build" / "extra").mkdir(parents=True)  # html_extra_path (the wheel: not needed)
            edited = src / "theory" / f"{sorted((src / 'theory').glob('*.rst'))[0].stem}.rst"
            add_theory_copies(src, pages)
            out = Path(tmp) / "out"
            for language in ("en", "es"):
                times: dict[str, list[float]] = {"clean": [], "no-op": [], "one-page edit": []}
                for run in range(SCALE_RUNS):
                    shutil.rmtree(out / "doctrees" / language, ignore_errors=True)
                    shutil.rmtree(out / "html" / language, ignore_errors=True)
                    times["clean"].append(seconds(html(language, out), src))
                    times["no-op"].append(seconds(html(language, out), src))
                    with edited.open("a", encoding="utf-8") as page:
                        page.write(f"\nAn edited sentence, number {run}.\n")
                    times["one-page edit"].append(seconds(html(language, out), src))
                medians = {k: statistics.median(v) for k, v in times.items()}
                results |= {f"{pages} pages, {language}, {k}": v for k, v in medians.items()}
                print(f"{pages:>5} {language:>7} {medians['clean']:8.1f} {medians['no-op']:8.1f} "
                      f"{medians['one-page edit']:14.1f}", flush=True)
    return results


def main() -> int:
    from mmref.timing import machine_summary

    if "--scale" in sys.argv:  # how the builds grow with the number of pages (make bench)
        print(f"machine: {machine_summary()}\n", flush=True)
        results = scale()
        (ROOT / "_build").mkdir(exist_ok=True)
        (ROOT / "_build" / "bench-scale.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
        return 0
    if "--reader-only" in sys.argv:  # the reader-side figures of an existing build (_build/html)
        lighthouse(ROOT / "_build" / "html")
        return 0

    print(f"machine: {machine_summary()}\n", flush=True)
    results: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="mmref-bench-") as tmp:
        src = Path(tmp) / "src"
        shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
            ".venv", "_build", ".git", "auto_gallery", "__pycache__", ".hypothesis", ".pytest_cache"))
        out = Path(tmp) / "out"
        env = dict(os.environ, MPLBACKEND="Agg")
        for script in sorted((src / "gallery").rglob("plot_*.py")):  # in their sections
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
        spanish = results["Spanish build (gallery reused)"]
        ratio = spanish / results["English build (gallery executed)"]
        print(f"{'Spanish / English build (gallery executed)':<45} {ratio:7.2f}     (target <= 0.4)")
        ratio = spanish / results["English build alone (gallery cached)"]
        print(f"{'Spanish / English build (both reuse gallery)':<45} {ratio:7.2f}", flush=True)
        timed("no-op rebuild, en", html("en", out), src, results)
        timed("no-op rebuild, es", html("es", out), src, results)
        timed("make doctest", [*SPHINX, "-b", "doctest", "-d", str(out / "doctrees" / "doctest"), ".",
                               str(out / "doctest")], src, results)
        shutil.rmtree(out / "doctrees" / "en")
        timed("English build, sphinx-build -j 2", [*html("en", out)[:-2], "-j", "2", ".",
                                                  str(out / "html-j2")], src, results)
        weight = page_weight(out / "html", "en/theory/02-matmul-as-composition.html")
        total = sum(v for k, v in weight.items() if k != "gzip")
        detail = ", ".join(f"{k} {v / 1024:.0f} KiB" for k, v in sorted(weight.items()) if k != "gzip")
        print(f"{'theory page weight':<45} {total / 1024:7.0f} KiB ({detail}; "
              f"{weight.get('gzip', 0) / 1024:.0f} KiB gzipped)", flush=True)
        results["theory page KiB"] = total / 1024
        lighthouse(out / "html")
    if "--with-tests" in sys.argv:
        timed("make test", ["make", "test"], ROOT, results)
    (ROOT / "_build").mkdir(exist_ok=True)
    (ROOT / "_build" / "bench.json").write_text(json.dumps(results, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
