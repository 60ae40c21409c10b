"""The PDF of each edition (``make pdf``): every curriculum page in it, each whole (every line of
text the page prints, to its end), nothing beyond the margins, fonts embedded, figures present,
linked from the edition's index; and the checks fail on a bad PDF."""

import io
import re
import sys
import unicodedata

import pytest
from bs4 import BeautifulSoup
from browser import CHROMIUM, launch, serve
from helpers import LANGUAGES, ROOT, pdf_pages, toctree_entries
from playwright.sync_api import sync_playwright
from pypdf import PdfReader, PdfWriter

sys.path.insert(0, str(ROOT / "tools"))
from pdf import MARGIN, PDF_NAME, prepare  # noqa: E402 - the PDF's own printing set-up

MARGIN_PT = float(MARGIN.removesuffix("mm")) / 25.4 * 72
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


# The text a page prints, block by block (paragraphs, headings, list items, captions, table
# cells, code lines), as the print stylesheet shows it.  Each block is cut into the pieces the
# PDF holds as written: formulas are left out (a PDF draws their scripts in any order), and a
# piece ends with each external link, which prints its address after it.
PRINTED_BLOCKS_JS = r"""() => {
  const BLOCKS = 'p, li, dt, dd, h1, h2, h3, h4, h5, h6, figcaption, caption, th, td, pre';
  const blocks = [];
  for (const block of document.querySelectorAll(`article :is(${BLOCKS})`)) {
    const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
    const pieces = [];
    let piece = '', run = null;
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (parent.closest(BLOCKS) !== block || !parent.checkVisibility({visibilityProperty: true})) continue;
      const math = parent.closest('math');
      const here = math || parent.closest('a.reference.external');
      if (here !== run) { pieces.push(piece); piece = ''; run = here; }
      if (!math) piece += node.data;
    }
    pieces.push(piece);
    const kept = (block.tagName === 'PRE' ? pieces.join('').split('\n') : pieces).filter(p => p.trim());
    if (kept.length) blocks.push({tag: block.tagName.toLowerCase(), pieces: kept});
  }
  return blocks;
}"""


def printed_blocks(tab, url):
    """The blocks of text the page at `url` prints ({"tag", "pieces"}), in order; `tab` must
    emulate print media."""
    prepare(tab, url)
    return tab.evaluate(PRINTED_BLOCKS_JS)


def squash(text):
    """`text` compared as printed: ligatures unfolded, no whitespace (the PDF wraps lines)."""
    return re.sub(r"\s+", "", plain(text))


def in_pdf(piece, pages):
    """Whether `piece` (squashed) is in the PDF whose pages are `pages` (see `page_texts`): on
    one page, or ending one page's line and going on at the start of a line of the next page (a
    paragraph cut by a page break; Chromium may draw the page's code blocks and answers between
    the two halves)."""
    if any(piece in text for text, _ in pages):
        return True
    return any(text[end - k:end] == piece[:k] and any(after.startswith(piece[k:], start) for start in starts)
               for (text, ends), (after, starts) in zip(pages, pages[1:])
               for k in range(1, len(piece)) for end in ends)


def missing_text(blocks, pages):
    """The pieces of `blocks` the PDF lacks, as "<tag> 'text'"."""
    return [f"<{block['tag']}> {piece.strip()[:70]!r}" for block in blocks for piece in block["pieces"]
            if not in_pdf(squash(piece), pages)]


def page_texts(reader):
    """(squashed text, offsets where its lines begin or end) of each page of the PDF."""
    pages = []
    for page in reader.pages:
        text, breaks = "", {0}
        for line in page.extract_text().splitlines():
            text += squash(line)
            breaks.add(len(text))
        pages.append((text, breaks))
    return pages


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


def printed_text(site, language):
    """{page: its printed blocks} for every page of the PDF of `language` (see `printed_blocks`)."""
    with serve(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        tab = browser.new_page(locale=language)
        tab.emulate_media(media="print")
        pages = {name: printed_blocks(tab, f"{base}/{language}/{name}.html") for name in pdf_pages(site)}
        browser.close()
    return pages


def test_the_pdf_holds_the_curriculum(site, pdfs):
    """Every theory page and lab, in the order of the index's toctree (the lab index stands for
    its labs, by file name), each once."""
    pages = pdf_pages(site)
    labs = sorted(f"auto_lab/{p.relative_to(ROOT / 'lab').with_suffix('').as_posix()}" for p in (ROOT / "lab").rglob("lab_*.py"))
    theory = {f"theory/{p.stem}" for p in (ROOT / "theory").glob("*.rst")}
    assert not (theory | set(labs)) - set(pages), (
        f"not in the PDF: {sorted((theory | set(labs)) - set(pages))} (add them to index.rst's toctree)")
    toctree = toctree_entries((ROOT / "index.rst").read_text(encoding="utf-8"))
    expected = [page for entry in toctree if entry.startswith(("theory/", "auto_lab/"))
                for page in (labs if entry == "auto_lab/index" else [entry])]
    assert pages == expected, "the PDF does not follow the order of index.rst's toctree"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_holds_every_page(site, pdfs, language):
    reader = PdfReader(pdfs[language])
    text = plain(" ".join(page.extract_text() for page in reader.pages))
    for name in pdf_pages(site):
        title = re.search(r"<title>(.*?)(?: &#8212;.*)?</title>", (site / language / f"{name}.html").read_text(encoding="utf-8")).group(1)
        assert plain(title.replace("&amp;", "&")) in text, f"{language}: the page {name} ({title!r}) is not in the PDF"
    assert len(reader.pages) >= 2 * len(pdf_pages(site)), f"{language}: only {len(reader.pages)} PDF pages"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_printed_page_is_whole(site, pdfs, language):
    """Every piece of text each page prints, to its last paragraph, heading and code line, is
    in the PDF: nothing clipped at the end of a page (or anywhere else)."""
    pages = page_texts(PdfReader(pdfs[language]))
    problems = []
    for name, blocks in printed_text(site, language).items():
        assert len(blocks) > 10, f"{name} prints {len(blocks)} blocks of text: the check would see little"
        missing = missing_text(blocks, pages)
        if missing:
            problems.append(f"{language}/{name}: {len(missing)} of its pieces of text are not in the PDF "
                            f"(it ends: {missing_text(blocks[-1:], [])[-1]}):\n  " + "\n  ".join(missing[:8]))
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_cuts_nothing_and_embeds_its_fonts(site, pdfs, language):
    reader = PdfReader(pdfs[language])
    lines = [line for name in pdf_pages(site) for line in code_lines((site / language / f"{name}.html").read_text(encoding="utf-8"))]
    assert len(lines) > 50, "the printed pages have little code: the check would see little"
    problems = margin_problems(reader) + font_problems(reader) + cut_code_problems(reader, lines)
    assert not problems, "\n".join(problems[:20])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_has_the_figures(site, pdfs, language):
    figures = sum(len(re.findall(r'<img [^>]*src="[^"]*_images/sphx_glr_[^"]+"',
                                 (site / language / f"{name}.html").read_text(encoding="utf-8")))
                  for name in pdf_pages(site))
    assert figures, "the printed pages have no figure: the check would see nothing"
    assert figure_count(PdfReader(pdfs[language])) >= figures


def link_targets(reader):
    """The address of every link annotation of a PDF."""
    return [str(annot.get_object()["/A"]["/URI"]) for page in reader.pages
            for annot in page.get("/Annots") or []
            if "/A" in annot.get_object() and "/URI" in annot.get_object()["/A"]]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_links_lead_to_the_site(site, pdfs, language):
    """Links are relative to the PDF, which sits in the edition's folder: each leads to a page
    of the built edition, never to the server the PDF was printed from."""
    targets = link_targets(PdfReader(pdfs[language]))
    assert targets, "the PDF has no link: the check would see nothing"
    absolute = [t for t in targets if "://" in t and not t.startswith("https://")]
    assert not absolute, f"{len(absolute)} link(s) to a local address, e.g. {absolute[0]}"
    missing = sorted({t.split("#")[0] for t in targets if "://" not in t
                      and not (site / language / t.split("#")[0]).is_file()})
    assert not missing, f"links to pages the edition does not have: {missing[:5]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_index_links_the_pdf(site, pdfs, language):
    assert f'href="{PDF_NAME}"' in (site / language / "index.html").read_text(encoding="utf-8")
    assert pdfs[language].is_file()


# -- The checks fail on a bad PDF ------------------------------------------------------------------

def print_altered(site, page, css, script=None):
    """(PDF bytes, print blocks, HTML) of the English `page` printed with `css` added (and
    `script` run) before printing."""
    with serve(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        tab = browser.new_page()
        tab.emulate_media(media="print")
        blocks = printed_blocks(tab, f"{base}/en/{page}.html")
        tab.add_style_tag(content=css)
        if script:
            tab.evaluate(script)
        data = tab.pdf(format="A4", margin={side: MARGIN for side in ("top", "bottom", "left", "right")})
        html = tab.content()
        browser.close()
    return data, blocks, html


def test_text_beyond_the_margin_is_reported(site, pdfs):
    """Print a page whose code is not wrapped, with a long line: the line is cut at the page edge."""
    data, _, html = print_altered(
        site, pdf_pages(site)[0], "@media print { pre, .highlight pre { white-space: pre !important; } }",
        "document.querySelector('pre').insertAdjacentHTML('beforeend', "
        "'<span class=\"n\">long_name</span><span class=\"o\">+</span>'.repeat(40))")
    problems = cut_code_problems(PdfReader(io.BytesIO(data)), code_lines(html))
    assert any("long_name" in p for p in problems), problems


@pytest.mark.parametrize("page", [-1, 0])
def test_a_page_clipped_before_its_end_is_reported(site, pdfs, page):
    """Print a page whose article box clips what its first screens do not hold, as the theme's
    scrolling flex box did: its end is reported missing, its beginning is not."""
    name = pdf_pages(site)[page]
    data, blocks, _ = print_altered(site, name, "@media print { .bd-article { height: 1500px !important; "
                                                "overflow: hidden !important; display: block !important; } }")
    pages = page_texts(PdfReader(io.BytesIO(data)))
    missing = missing_text(blocks, pages)
    last_heading = [block for block in blocks if block["tag"].startswith("h")][-1]
    last_paragraph = [block for block in blocks if block["tag"] == "p"][-1]
    for block in (last_heading, last_paragraph, blocks[-1]):
        assert set(missing_text([block], [])) & set(missing), f"{name}: the lost end {block} is not reported"
    assert not missing_text(blocks[:3], pages), "the printed beginning is reported too"


def test_a_pdf_without_figures_or_fonts_is_reported(pdfs, tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "blank.pdf"
    writer.write(path)
    assert figure_count(PdfReader(path)) == 0
    assert figure_count(PdfReader(pdfs["en"])) > 0 and not font_problems(PdfReader(pdfs["en"]))


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_page_printed_with_default_settings_keeps_a_margin(site, pdfs, language):
    """A reader's own print (page.pdf() or a print dialog, no margins given): the print
    stylesheet's @page rule keeps the text as far from the paper's edge as the site's PDF."""
    with serve(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        tab = browser.new_page()
        tab.goto(f"{base}/{language}/{pdf_pages(site)[0]}.html")
        reader = PdfReader(io.BytesIO(tab.pdf(format="A4")))
        browser.close()
    assert text_runs(reader.pages[0]), "the first printed page has no text: the check would see nothing"
    problems = margin_problems(reader)
    assert not problems, "\n".join(problems[:10])
