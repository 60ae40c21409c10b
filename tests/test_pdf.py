"""The PDF of each edition (``make pdf``): every page in it, nothing beyond the margins, fonts
embedded, figures present, linked from the edition's index; and the checks fail on a bad PDF."""

import io
import re
import unicodedata
import sys

import pytest
from bs4 import BeautifulSoup
from browser import CHROMIUM
from helpers import LANGUAGES, ROOT, pdf_pages
from pypdf import PdfReader, PdfWriter

PDF_NAME = "matmul-as-composition.pdf"
MARGIN_PT = 18 / 25.4 * 72  # tools/pdf.py prints with 18 mm margins
TOLERANCE_PT = 2


@pytest.fixture(scope="module")
def pdfs(site):
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make browser installs it): the PDF is not printed")
    return {language: site / language / PDF_NAME for language in LANGUAGES}


def _mult(a, b):
    """The product of two PDF matrices [a b c d e f]."""
    return [a[0] * b[0] + a[1] * b[2], a[0] * b[1] + a[1] * b[3], a[2] * b[0] + a[3] * b[2],
            a[2] * b[1] + a[3] * b[3], a[4] * b[0] + a[5] * b[2] + b[4], a[4] * b[1] + a[5] * b[3] + b[5]]


def text_runs(page):
    """(x, y, text) of each text run drawn on `page`, in points from its bottom-left corner."""
    runs = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            matrix = _mult(tm, cm)
            runs.append((matrix[4], matrix[5], text.strip()))

    page.extract_text(visitor_text=visit)
    return runs


def margin_problems(reader):
    """Text that starts outside the printable area (a code line cut at the page edge starts its
    last tokens there)."""
    problems = []
    for number, page in enumerate(reader.pages, 1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        for x, y, text in text_runs(page):
            if not (MARGIN_PT - TOLERANCE_PT <= x <= width - MARGIN_PT) or not (0 <= y <= height):
                problems.append(f"page {number}: {text[:40]!r} at x={x:.0f} pt, outside the {MARGIN_PT:.0f} pt margins")
    return problems


def plain(text):
    """Text as a reader sees it: ligatures (ﬁ, ﬂ) unfolded, every run of spaces one space."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


def code_lines(html):
    """The lines of every code block of a built page."""
    soup = BeautifulSoup(html, "html.parser")
    return [line for pre in soup.select("div.highlight pre") for line in pre.get_text().splitlines() if line.strip()]


def cut_code_problems(reader, lines):
    """Code lines the PDF does not hold in full: Chromium drops the text beyond the page edge."""
    text = re.sub(r"\s+", "", plain("".join(page.extract_text() for page in reader.pages)))
    return [f"code line cut or missing: {line.strip()[:70]!r}" for line in lines
            if re.sub(r"\s+", "", plain(line)) not in text]


def font_problems(reader):
    """Fonts the PDF uses without embedding them."""
    problems = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descriptors = [font] + [f.get_object() for f in font.get("/DescendantFonts", [])]
            if not any("/FontFile" in d.get("/FontDescriptor", {}) or "/FontFile2" in d.get("/FontDescriptor", {})
                       or "/FontFile3" in d.get("/FontDescriptor", {}) for d in descriptors):
                problems.add(f"font {font.get('/BaseFont')} is not embedded")
    return sorted(problems)


def figure_count(reader):
    """Figures drawn in the PDF: the form and image objects of its pages."""
    return sum(1 for page in reader.pages for obj in page["/Resources"].get("/XObject", {}).values()
               if obj.get_object().get("/Subtype") in ("/Form", "/Image"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_holds_every_page(site, pdfs, language):
    reader = PdfReader(pdfs[language])
    text = plain(" ".join(page.extract_text() for page in reader.pages))
    for name in pdf_pages():
        title = re.search(r"<title>(.*?) &#8212;", (site / language / f"{name}.html").read_text(encoding="utf-8")).group(1)
        assert plain(title.replace("&amp;", "&")) in text, f"{language}: the page {name} ({title!r}) is not in the PDF"
    assert len(reader.pages) >= 2 * len(pdf_pages()), f"{language}: only {len(reader.pages)} PDF pages"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_cuts_nothing_and_embeds_its_fonts(site, pdfs, language):
    reader = PdfReader(pdfs[language])
    lines = [line for name in pdf_pages() for line in code_lines((site / language / f"{name}.html").read_text(encoding="utf-8"))]
    assert len(lines) > 50, "the printed pages have little code: the check would see little"
    problems = margin_problems(reader) + font_problems(reader) + cut_code_problems(reader, lines)
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_has_the_figures(site, pdfs, language):
    figures = sum(len(re.findall(r'<img [^>]*src="[^"]*_images/sphx_glr_[^"]+"',
                                 (site / language / f"{name}.html").read_text(encoding="utf-8")))
                  for name in pdf_pages())
    assert figures, "the printed pages have no figure: the check would see nothing"
    assert figure_count(PdfReader(pdfs[language])) >= figures


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_index_links_the_pdf(site, pdfs, language):
    assert f'href="{PDF_NAME}"' in (site / language / "index.html").read_text(encoding="utf-8")
    assert pdfs[language].is_file()


# -- The checks fail on a bad PDF ------------------------------------------------------------------

def test_text_beyond_the_margin_is_reported(site, pdfs, tmp_path):
    """Print a page whose code is not wrapped, with a long line: the line is cut at the page edge."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tools"))
    from pdf import MARGIN

    from browser import launch, serve
    with serve(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        tab = browser.new_page()
        tab.goto(f"{base}/en/{pdf_pages()[0]}.html")
        tab.add_style_tag(content="@media print { pre, .highlight pre { white-space: pre !important; } }")
        tab.evaluate("document.querySelector('pre').insertAdjacentHTML('beforeend', "
                     "'<span class=\"n\">long_name</span><span class=\"o\">+</span>'.repeat(40))")
        data = tab.pdf(format="A4", margin={side: MARGIN for side in ("top", "bottom", "left", "right")})
        html = tab.content()
        browser.close()
    problems = cut_code_problems(PdfReader(io.BytesIO(data)), code_lines(html))
    assert any("long_name" in p for p in problems), problems


def test_a_pdf_without_figures_or_fonts_is_reported(pdfs, tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "blank.pdf"
    writer.write(path)
    assert figure_count(PdfReader(path)) == 0
    assert figure_count(PdfReader(pdfs["en"])) > 0 and not font_problems(PdfReader(pdfs["en"]))

