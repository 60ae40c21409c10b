"""Boxes that scroll sideways can be reached with the keyboard, with or without JavaScript.

A code block whose lines are longer than the column scrolls inside its ``<pre>``, and a wide
table inside the theme's ``div.pst-scrollable-table-container``. A keyboard reader scrolls a
box only once it has the focus (WCAG 2.1.1; axe rule ``scrollable-region-focusable``).
pydata-sphinx-theme makes them tab stops with JavaScript, after the page has loaded (and
takes the stop away again from a box that does not scroll); without JavaScript none is.
A display formula wider than a phone scrolls inside its ``div.math`` (``_static/reader.css``).
This extension writes the stops into the HTML, each a region with a name in the page's
language (a screen reader says what the stop holds; ARIA gives a plain box no name):

- every ``<pre>`` of a page's body gets ``tabindex="0"``, ``role="region"`` and the name
  "Code", or "Output" when it holds what a gallery script printed (the box the gallery labels
  "Out:"); every display formula the same, named "Formula" (all translated in the language's
  ``sphinx.po``, as text: see ``ui_messages``);
- every table box gets ``tabindex="0"``, ``role="region"`` and an ``aria-label``: the table's
  caption, or else the title of its section (so the reader hears which table the box holds);
- every SVG figure with text (the gallery's drawings) goes into a box that is a region named
  "Figure", with ``--legible-width``: the width in CSS px at which its smallest text is
  :data:`MIN_TEXT_PX` px. On a phone the image keeps that width and its box scrolls
  (``_static/reader.css``); on a wide screen and on paper the image fits the column as before.

With JavaScript, ``_static/scroll-stops.js`` takes the stop away from a formula or figure box
that does not scroll at the reader's width, and gives it back when the window narrows.

A page whose table boxes do not match its tables one for one is reported by a warning (the
theme changed how it wraps tables): the build with ``-W`` stops there.
"""

from __future__ import annotations

import html
import math
import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.locale import get_translation
from sphinx.util import logging

logger = logging.getLogger(__name__)
_ = get_translation("sphinx")  # the project's sphinx.po comes first in this catalogue
PRE = re.compile(r"<pre(?=[\s>])(?![^>]*\stabindex=)")
#: the ``<pre>`` of a gallery script's printed output
OUTPUT_PRE = re.compile(r'(<div class="[^"]*\bsphx-glr-script-out\b[^"]*">\s*<div class="highlight">\s*)'
                        r"<pre(?=[\s>])(?![^>]*\stabindex=)")
FORMULA = re.compile(r'<div class="math notranslate"(?=[\s>])(?![^>]*\stabindex=)')
#: the English names of the boxes that scroll (msgids of the language's ``sphinx.po``)
CODE, OUTPUT, FORMULA_NAME, FIGURE_NAME = "Code", "Output", "Formula", "Figure"
#: the smallest size, in CSS px, of a figure's text on a phone
MIN_TEXT_PX = 9
FONT_SIZE = re.compile(r"font(?:-size)?:\s*([\d.]+)px")
VIEW_BOX = re.compile(r'<svg\b[^>]*?\sviewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)')
#: an image (with the link around it, in a figure) whose file is in ``_images/``
IMAGE = re.compile(r'(?:<a\b[^>]*\bclass="[^"]*\bimage-reference\b[^"]*"[^>]*>\s*)?'
                   r'<img\b[^>]*?\ssrc="[^"]*?_images/([^"/]+)"[^>]*>(?:\s*</a>)?')
IMAGE_NAME = re.compile(r'<img\b[^>]*?\ssrc="[^"]*?_images/([^"/]+)"')
TABLE_BOX = re.compile(r'<div class="pst-scrollable-table-container">')


def table_name(table: nodes.table, page_title: str) -> str:
    """The name of `table`'s box: its caption, else its section's title, else `page_title`."""
    for child in table.children:
        if isinstance(child, nodes.title):
            return " ".join(child.astext().split())
    parent = table.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    if parent is not None and parent.children and isinstance(parent[0], nodes.title):
        return " ".join(parent[0].astext().split())
    return page_title


def region(name: str) -> str:
    """The attributes of a tab stop that is a region called `name` (plain text, escaped here)."""
    return f'tabindex="0" role="region" aria-label="{html.escape(name, quote=True)}"'


def message(text: str) -> str:
    """`text` translated, as plain text (``ui_messages`` stores the catalogue HTML-escaped)."""
    return html.unescape(_(text))


def with_tab_stops(body: str, names: list[str], code: str = CODE, formula: str = FORMULA_NAME,
                   output: str = OUTPUT) -> str:
    """`body` with every ``<pre>`` and display formula a tab stop named `code` (`output` for a
    script's printed output) and `formula`, and its table boxes named by `names`, in order."""
    body = OUTPUT_PRE.sub(lambda match: f"{match[1]}<pre {region(output)}", body)
    body = PRE.sub(lambda match: f"<pre {region(code)}", body)
    body = FORMULA.sub(lambda match: f'<div class="math notranslate" {region(formula)}', body)
    labels = iter(names)
    return TABLE_BOX.sub(lambda match: f'<div class="pst-scrollable-table-container" {region(next(labels))}>', body)


def legible_width(svg: str, smallest: float = MIN_TEXT_PX) -> int | None:
    """The width in CSS px at which the smallest text of `svg` is drawn `smallest` px high.

    A size in the SVG is in units of its ``viewBox``; drawn `width` px wide, a text of size
    ``s`` is ``s * width / viewBox width`` px.  None for an SVG without text or ``viewBox``.

    >>> legible_width('<svg width="540pt" viewBox="0 0 540 360"><text style="font-size: 6.94px">x</text></svg>')
    701
    """
    sizes = [float(size) for size in FONT_SIZE.findall(svg)]
    box = VIEW_BOX.search(svg)
    if not sizes or box is None or min(sizes) <= 0:
        return None
    return math.ceil(float(box.group(1)) * smallest / min(sizes))


def with_figure_boxes(body: str, widths: dict[str, int], name: str = FIGURE_NAME) -> str:
    """`body` with every image whose file is named in `widths` (and the link around it) in a box
    that is a region named `name`, its ``--legible-width`` the width `widths` gives."""

    def boxed(match: re.Match[str]) -> str:
        width = widths.get(match.group(1))
        if width is None:
            return match.group(0)
        return (f'<div class="figure-scroll" {region(name)} style="--legible-width: {width}px">'
                f"{match.group(0)}</div>")

    return IMAGE.sub(boxed, body)


def figure_widths(app: Sphinx, body: str) -> dict[str, int]:
    """The legible width of each SVG image with text that `body` shows, by its file name in
    ``_images/`` (the builder's list of images maps each source file to that name)."""
    shown = set(IMAGE_NAME.findall(body))
    widths = {}
    for uri, name in app.builder.images.items():
        if name in shown and name.endswith(".svg") and "/thumb/" not in uri:  # a thumbnail previews a page
            source = Path(app.srcdir) / uri
            width = legible_width(source.read_text(encoding="utf-8")) if source.is_file() else None
            if width is not None:
                widths[name] = width
    return widths


def add_tab_stops(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                  doctree: nodes.document | None) -> None:
    body = context.get("body")
    if not body:
        return
    title = app.env.titles[pagename].astext() if pagename in app.env.titles else ""
    names = [table_name(t, title) for t in doctree.findall(nodes.table)] if doctree is not None else []
    boxes = len(TABLE_BOX.findall(body))
    if boxes != len(names):
        logger.warning("scroll_regions: %s has %d table boxes but %d tables: the theme wraps tables "
                       "differently now; update TABLE_BOX in _ext/scroll_regions.py", pagename, boxes,
                       len(names), location=pagename)
        names = (names + [title] * boxes)[:boxes]
    body = with_tab_stops(body, names, message(CODE), message(FORMULA_NAME), message(OUTPUT))
    widths = figure_widths(app, body)
    context["body"] = with_figure_boxes(body, widths, message(FIGURE_NAME)) if widths else body


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", add_tab_stops)
    # with JavaScript, a formula or figure box that does not scroll at the reader's width is no
    # tab stop (the theme does the same for code and tables)
    app.add_js_file("scroll-stops.js", loading_method="defer")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
