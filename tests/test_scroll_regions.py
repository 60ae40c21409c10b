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
NAMES = {"en": {"<pre": "Code", "<div": "Formula"}, "es": {"<pre": "Código", "<div": "Fórmula"}}


def test_every_code_block_becomes_a_named_tab_stop_once():
    body = '<div class="highlight"><pre><span></span>x = 1</pre></div><pre class="literal-block">y</pre><pre tabindex="-1">z</pre>'
    assert scroll_regions.with_tab_stops(body, [], code="Código") == (
        '<div class="highlight"><pre tabindex="0" role="region" aria-label="Código"><span></span>x = 1</pre></div>'
        '<pre tabindex="0" role="region" aria-label="Código" class="literal-block">y</pre><pre tabindex="-1">z</pre>')


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
        missing += [f"{page.relative_to(site)}: {tag}"
                    for tag in re.findall(r"<pre\b[^>]*>", html) + FORMULA.findall(html)
                    if f'tabindex="0" role="region" aria-label="{NAMES[language]["<pre" if tag.startswith("<pre") else "<div"]}"' not in tag]
        boxes += [(page.relative_to(site), tag) for tag in BOX.findall(html)]
    assert not missing, "code blocks or formulas that are no named tab stop:\n" + "\n".join(missing[:10])
    assert boxes, "no table box in the site: the check would see nothing"
    unnamed = [f"{page}: {tag}" for page, tag in boxes
               if not re.search(r'tabindex="0" role="region" aria-label="[^"]+"', tag)]
    assert not unnamed, "table boxes without a tab stop or a name:\n" + "\n".join(unnamed)
