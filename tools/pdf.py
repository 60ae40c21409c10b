"""One PDF per edition, printed by headless Chromium from the built site (``make pdf``).

The PDF holds the curriculum: the pages under ``theory/`` and ``auto_lab/`` (theory pages,
their solutions, the labs) in the site's own reading order, the chain of "next" links Sphinx
writes from the toctrees (``index.rst``'s, then the lab index's), so a page added to the
toctree is printed without naming it here. Each page is printed with the site's print
stylesheet (no navigation, links followed by their address, code wrapped at the margin),
folded answers opened, then the pages are merged with pypdf into
``<site>/<language>/<PDF_NAME>``, which each edition's index links to.

Usage: ``python tools/pdf.py SITE`` (print), ``python tools/pdf.py --list SITE`` (the pages,
one line), where SITE is ``_build/html``.
"""

from __future__ import annotations

import argparse
import io
import posixpath
import sys
from pathlib import Path

from bs4 import BeautifulSoup
from pypdf import PdfWriter
from pypdf.generic import NameObject, TextStringObject

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))
from browser import CHROMIUM, launch, serve  # noqa: E402 - the browser tests' server and Chromium set-up

LANGUAGES = ("en", "es")
PDF_NAME = "matmul-as-composition.pdf"
MARGIN = "18mm"
CURRICULUM = ("theory/", "auto_lab/")  # the folders whose pages (not their index) the PDF holds


def reading_order(edition: Path) -> list[str]:
    """Every page of a built `edition` in reading order: from ``index.html`` along the
    ``<link rel="next">`` chain Sphinx writes from the toctrees.

    Parameters
    ----------
    edition : Path
        One built edition, such as ``_build/html/en``.

    Returns
    -------
    list of str
        Document names (``theory/02-solutions``), the index first.
    """
    pages, page = [], "index"
    while page not in pages:
        path = edition / f"{page}.html"
        if not path.is_file():
            sys.exit(f"pdf: {path} is missing (run `make html` first)")
        pages.append(page)
        link = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").find("link", rel="next")
        if link is None:
            break
        page = posixpath.normpath(posixpath.join(posixpath.dirname(page), link["href"])).removesuffix(".html")
    return pages


def curriculum(edition: Path) -> list[str]:
    """The pages the PDF prints: those of `edition`'s reading order under `CURRICULUM`, less
    the folders' index pages.

    Parameters
    ----------
    edition : Path
        One built edition, such as ``_build/html/en``.

    Returns
    -------
    list of str
        Document names in reading order.
    """
    return [page for page in reading_order(edition)
            if page.startswith(CURRICULUM) and posixpath.basename(page) != "index"]


def prepare(tab, url: str) -> None:
    """Open `url` in `tab` as it is printed: every ``<details>`` (folded answer) open, every
    image loaded (a lazy image loading after the layout would move the text below it)."""
    tab.goto(url, wait_until="load")
    tab.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    tab.evaluate("document.querySelectorAll('img[loading=\"lazy\"]').forEach(i => i.loading = 'eager')")
    tab.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=30_000)


def print_page(tab, url: str) -> bytes:
    """`url` printed to A4 PDF (see `prepare`)."""
    prepare(tab, url)
    return tab.pdf(format="A4", print_background=True, outline=True,
                   margin={"top": MARGIN, "bottom": MARGIN, "left": MARGIN, "right": MARGIN})


def relative_links(writer: PdfWriter, base: str, language: str) -> int:
    """Rewrite the links Chromium printed against the local server (``{base}/{language}/...``)
    as addresses relative to the PDF, which is published in that edition's folder: a reader
    who opens it from the site follows them to the site's pages.  Returns how many changed.

    >>> from pypdf import PdfWriter
    >>> from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject
    >>> writer = PdfWriter(); page = writer.add_blank_page(100, 100)
    >>> link = DictionaryObject({NameObject("/Subtype"): NameObject("/Link"),
    ...     NameObject("/A"): DictionaryObject({NameObject("/S"): NameObject("/URI"),
    ...     NameObject("/URI"): TextStringObject("http://127.0.0.1:8000/en/glossary.html#term-rank")})})
    >>> page[NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    >>> relative_links(writer, "http://127.0.0.1:8000", "en"), str(link["/A"]["/URI"])
    (1, 'glossary.html#term-rank')
    """
    changed = 0
    for page in writer.pages:
        for ref in page.get("/Annots") or []:
            action = ref.get_object().get("/A")
            uri = action.get_object().get("/URI") if action is not None else None
            if uri is None or not str(uri).startswith(f"{base}/"):
                continue
            target = str(uri)[len(base) + 1:]
            relative = posixpath.relpath(target.split("#")[0], language) if "/" in target else target
            fragment = f"#{target.split('#', 1)[1]}" if "#" in target else ""
            action.get_object()[NameObject("/URI")] = TextStringObject(relative + fragment)
            changed += 1
    return changed


def build(site: Path) -> list[Path]:
    """Write one merged PDF per edition of `site`; return their paths."""
    from playwright.sync_api import sync_playwright

    written = []
    with serve(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        for language in LANGUAGES:
            pages = curriculum(site / language)
            if not pages:
                sys.exit(f"pdf: {site / language} has no page under {', '.join(CURRICULUM)} in its toctree")
            tab = browser.new_page(locale=language)
            writer, title = PdfWriter(), None
            for page in pages:
                writer.append(io.BytesIO(print_page(tab, f"{base}/{language}/{page}.html")))
                title = title or tab.title()
            writer.add_metadata({"/Title": title})
            relative_links(writer, base, language)
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
    parser.add_argument("--list", action="store_true", help="print the pages of the PDF (English edition) and stop")
    args = parser.parse_args()
    if args.list:
        print(" ".join(curriculum(args.site / LANGUAGES[0])))
        return
    if not CHROMIUM.exists():
        sys.exit(f"pdf: {CHROMIUM} is missing: run `make browser` (it installs Debian's Chromium)")
    for path in build(args.site):
        print(f"pdf: wrote {path}")


if __name__ == "__main__":
    main()
