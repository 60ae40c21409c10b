"""Code blocks, display formulas and table boxes are named tab stops in the HTML itself (_ext/scroll_regions.py).

The browser tests check that the keyboard reaches every box that scrolls on a phone with
JavaScript off (axe's scrollable-region-focusable); these check the markup that makes it so,
on every page of both editions, and the naming of table boxes.
"""

import re
import sys

import pytest
from docutils import nodes
from helpers import LANGUAGES, ROOT

sys.path.insert(0, str(ROOT / "_ext"))
import scroll_regions  # noqa: E402

BOX = re.compile(r'<div class="pst-scrollable-table-container"[^>]*>')
FORMULA = re.compile(r'<div class="math[ "][^>]*>')
#: the names of code boxes and display formulas in each edition (locale/es/LC_MESSAGES/sphinx.po)
NAMES = {"en": {"<pre": "Code", "<div": "Formula", "out": "Output"},
         "es": {"<pre": "Código", "<div": "Fórmula", "out": "Salida"}}
OUT_PRE = re.compile(r'<div class="[^"]*\bsphx-glr-script-out\b[^"]*">\s*<div class="highlight">\s*(<pre\b[^>]*>)')


def test_every_code_block_becomes_a_named_tab_stop_once():
    body = '<div class="highlight"><pre><span></span>x = 1</pre></div><pre class="literal-block">y</pre><pre tabindex="-1">z</pre>'
    assert scroll_regions.with_tab_stops(body, [], code="Código") == (
        '<div class="highlight"><pre tabindex="0" role="region" aria-label="Código"><span></span>x = 1</pre></div>'
        '<pre tabindex="0" role="region" aria-label="Código" class="literal-block">y</pre><pre tabindex="-1">z</pre>')


def test_a_scripts_printed_output_is_a_tab_stop_named_output():
    body = ('<div class="sphx-glr-script-out highlight-none notranslate"><div class="highlight">'
            '<pre><span></span>N = 16: 0.1 s</pre></div></div><div class="highlight"><pre>x = 1</pre></div>')
    assert scroll_regions.with_tab_stops(body, [], code="Código", output="Salida") == (
        '<div class="sphx-glr-script-out highlight-none notranslate"><div class="highlight">'
        '<pre tabindex="0" role="region" aria-label="Salida"><span></span>N = 16: 0.1 s</pre></div></div>'
        '<div class="highlight"><pre tabindex="0" role="region" aria-label="Código">x = 1</pre></div>')


def test_display_formulas_become_named_tab_stops_and_names_are_text():
    body = ('<div class="math notranslate" id="equation-a"><math display="block"></math></div>'
            '<span class="math notranslate"><math></math></span>')
    assert scroll_regions.with_tab_stops(body, [], code='a "b" <c> \\1', formula="Fórmula") == (
        '<div class="math notranslate" tabindex="0" role="region" aria-label="Fórmula" id="equation-a">'
        '<math display="block"></math></div><span class="math notranslate"><math></math></span>')
    assert scroll_regions.with_tab_stops("<pre>x</pre>", [], code='a "b" <c> \\1') == (
        '<pre tabindex="0" role="region" aria-label="a &quot;b&quot; &lt;c&gt; \\1">x</pre>')


def test_table_boxes_are_named_in_order_and_the_names_escaped():
    box = '<div class="pst-scrollable-table-container"><table></table></div>'
    html = scroll_regions.with_tab_stops(box * 2, ['Glosario', 'A "quoted" <name>'])
    assert BOX.findall(html) == [
        '<div class="pst-scrollable-table-container" tabindex="0" role="region" aria-label="Glosario">',
        '<div class="pst-scrollable-table-container" tabindex="0" role="region" '
        'aria-label="A &quot;quoted&quot; &lt;name&gt;">']


def test_a_table_is_named_by_its_caption_else_its_section_else_the_page():
    captioned = nodes.table("", nodes.title("", "Sizes  of\nA"), nodes.tgroup())
    plain = nodes.table("", nodes.tgroup())
    nodes.section("", nodes.title("", "Glossary"), nodes.paragraph("", "", plain), captioned)
    assert scroll_regions.table_name(captioned, "Page") == "Sizes of A"
    assert scroll_regions.table_name(plain, "Page") == "Glossary"
    assert scroll_regions.table_name(nodes.table("", nodes.tgroup()), "Page") == "Page"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_built_code_block_formula_and_table_box_is_a_named_tab_stop(site, language):
    pages = [p for p in (site / language).rglob("*.html") if "_static" not in p.parts]
    missing, boxes = [], []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        outputs = OUT_PRE.findall(html)
        missing += [f"{page.relative_to(site)}: {tag}" for tag in outputs
                    if f'tabindex="0" role="region" aria-label="{NAMES[language]["out"]}"' not in tag]
        code = [tag for tag in re.findall(r"<pre\b[^>]*>", html) if tag not in outputs]
        missing += [f"{page.relative_to(site)}: {tag}"
                    for tag in code + FORMULA.findall(html)
                    if f'tabindex="0" role="region" aria-label="{NAMES[language]["<pre" if tag.startswith("<pre") else "<div"]}"' not in tag]
        boxes += [(page.relative_to(site), tag) for tag in BOX.findall(html)]
    assert not missing, "code blocks or formulas that are no named tab stop:\n" + "\n".join(missing[:10])
    assert boxes, "no table box in the site: the check would see nothing"
    unnamed = [f"{page}: {tag}" for page, tag in boxes
               if not re.search(r'tabindex="0" role="region" aria-label="[^"]+"', tag)]
    assert not unnamed, "table boxes without a tab stop or a name:\n" + "\n".join(unnamed)


def test_a_figure_is_legible_at_the_width_where_its_smallest_text_is_9px():
    svg = ('<svg width="684pt" height="316.8pt" viewBox="0 0 684 316.8"><text style="font-size: 10px">1</text>'
           '<text style="font-size: 6.94px; font-family: DejaVu Sans">machine</text></svg>')
    assert scroll_regions.legible_width(svg) == 888  # 684 * 9 / 6.94 = 887.03
    assert 6.94 * scroll_regions.legible_width(svg) / 684 >= 9
    assert scroll_regions.legible_width('<svg viewBox="0 0 10 10"><path d="M0 0"/></svg>') is None


def test_figures_and_their_links_go_into_named_boxes_and_other_images_do_not():
    body = ('<figure><a class="reference internal image-reference" href="../_images/f_001.es.svg">'
            '<img alt="x" src="../_images/f_001.es.svg" style="width: 90%;" />\n</a><figcaption>c</figcaption></figure>'
            '<img alt="y" class="sphx-glr-single-img" src="../../_images/f_002.svg" />'
            '<img alt="" src="../_images/f_thumb.svg" />')
    html = scroll_regions.with_figure_boxes(body, {"f_001.es.svg": 701, "f_002.svg": 934}, name="Figura")
    assert html == (
        '<figure><div class="figure-scroll" tabindex="0" role="region" aria-label="Figura" style="--legible-width: 701px">'
        '<a class="reference internal image-reference" href="../_images/f_001.es.svg">'
        '<img alt="x" src="../_images/f_001.es.svg" style="width: 90%;" />\n</a></div><figcaption>c</figcaption></figure>'
        '<div class="figure-scroll" tabindex="0" role="region" aria-label="Figura" style="--legible-width: 934px">'
        '<img alt="y" class="sphx-glr-single-img" src="../../_images/f_002.svg" /></div>'
        '<img alt="" src="../_images/f_thumb.svg" />')


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_built_figure_is_in_a_named_box(site, language):
    name = {"en": "Figure", "es": "Figura"}[language]
    figures = []
    for page in (site / language).rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        figures += [(page.relative_to(site), m.group(0)) for m in re.finditer(
            r'(?:<div class="figure-scroll"[^>]*>(?:<a [^>]*>)?)?<img\b[^>]*src="[^"]*_images/sphx_glr_\w+_\d{3}(?:\.es)?\.svg"', html)]
    assert figures, "no gallery figure in the site: the check would see nothing"
    unboxed = [f"{page}: {tag}" for page, tag in figures
               if not re.match(rf'<div class="figure-scroll" tabindex="0" role="region" aria-label="{name}" '
                               r'style="--legible-width: \d+px">', tag)]
    assert not unboxed, "figures outside a named box:\n" + "\n".join(unboxed[:10])
