"""Code blocks and table boxes are tab stops in the HTML itself (_ext/scroll_regions.py).

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


def test_every_code_block_becomes_a_tab_stop_once():
    body = '<div class="highlight"><pre><span></span>x = 1</pre></div><pre class="literal-block">y</pre><pre tabindex="-1">z</pre>'
    assert scroll_regions.with_tab_stops(body, []) == (
        '<div class="highlight"><pre tabindex="0"><span></span>x = 1</pre></div>'
        '<pre tabindex="0" class="literal-block">y</pre><pre tabindex="-1">z</pre>')


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
def test_every_built_code_block_and_table_box_is_a_tab_stop(site, language):
    pages = [p for p in (site / language).rglob("*.html") if "_static" not in p.parts]
    missing, boxes = [], []
    for page in pages:
        html = page.read_text(encoding="utf-8")
        missing += [f"{page.relative_to(site)}: {tag}" for tag in re.findall(r"<pre\b[^>]*>", html)
                    if 'tabindex="0"' not in tag]
        boxes += [(page.relative_to(site), tag) for tag in BOX.findall(html)]
    assert not missing, "code blocks that are no tab stop:\n" + "\n".join(missing[:10])
    assert boxes, "no table box in the site: the check would see nothing"
    unnamed = [f"{page}: {tag}" for page, tag in boxes
               if not re.search(r'tabindex="0" role="region" aria-label="[^"]+"', tag)]
    assert not unnamed, "table boxes without a tab stop or a name:\n" + "\n".join(unnamed)
