"""One PDF per edition, printed by headless Chromium from the built site (``make pdf``).

Each page is printed with the site's print stylesheet (no navigation, links followed by their
address, code wrapped at the margin), folded answers opened, then the pages are merged with
pypdf into ``<site>/<language>/<PDF_NAME>``, which each edition's index links to.

Usage: ``python tools/pdf.py SITE PAGE [PAGE ...]`` where SITE is ``_build/html`` and each
PAGE a document name such as ``theory/02-matmul-as-composition``.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from pypdf import PdfWriter

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from browser import CHROMIUM, launch, serve  # noqa: E402 - the browser tests' server and Chromium set-up

LANGUAGES = ("en", "es")
PDF_NAME = "matmul-as-composition.pdf"
MARGIN = "18mm"


def print_page(tab, url: str) -> bytes:
    """`url` printed to A4 PDF, with every ``<details>`` (folded answer) opened first."""
    tab.goto(url, wait_until="load")
    tab.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    # Lazy images would load after the pages are laid out and push the end off the last page.
    tab.evaluate("document.querySelectorAll('img[loading=\"lazy\"]').forEach(i => i.loading = 'eager')")
    tab.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=30_000)
    return tab.pdf(format="A4", print_background=True, outline=True,
                   margin={"top": MARGIN, "bottom": MARGIN, "left": MARGIN, "right": MARGIN})


def build(site: Path, pages: list[str]) -> list[Path]:
    """Write one merged PDF per edition of `site`; return their paths."""
    from playwright.sync_api import sync_playwright

    missing = [f"{lang}/{page}.html" for lang in LANGUAGES for page in pages if not (site / lang / f"{page}.html").is_file()]
    if missing:
        sys.exit(f"pdf: not built: {', '.join(missing)} (run `make html` first)")
    written = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        for language in LANGUAGES:
            tab = browser.new_page(locale=language)
            writer, title = PdfWriter(), None
            for page in pages:
                writer.append(io.BytesIO(print_page(tab, f"{base}/{language}/{page}.html")))
                title = title or tab.title()
            writer.add_metadata({"/Title": title})
            out = site / language / PDF_NAME
            with out.open("wb") as file:
                writer.write(file)
            written.append(out)
            tab.close()
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built site (_build/html)")
    parser.add_argument("pages", nargs="+", help="document names, in reading order")
    args = parser.parse_args()
    if not CHROMIUM.exists():
        sys.exit(f"pdf: {CHROMIUM} is missing: run `make browser` (it installs Debian's Chromium)")
    for path in build(args.site, args.pages):
        print(f"pdf: wrote {path}")


if __name__ == "__main__":
    main()
