"""Boxes that scroll sideways can be reached with the keyboard, with or without JavaScript.

A code block whose lines are longer than the column scrolls inside its ``<pre>``, and a wide
table inside the theme's ``div.pst-scrollable-table-container``. A keyboard reader scrolls a
box only once it has the focus (WCAG 2.1.1; axe rule ``scrollable-region-focusable``).
pydata-sphinx-theme makes them tab stops with JavaScript, after the page has loaded (and
takes the stop away again from a box that does not scroll); without JavaScript none is.
This extension writes the stops into the HTML:

- every ``<pre>`` of a page's body gets ``tabindex="0"``;
- every table box gets ``tabindex="0"``, ``role="region"`` and an ``aria-label``: the table's
  caption, or else the title of its section (so the reader hears which table the box holds).

A page whose table boxes do not match its tables one for one is reported by a warning (the
theme changed how it wraps tables): the build with ``-W`` stops there.
"""

from __future__ import annotations

import html
import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)
PRE = re.compile(r"<pre(?=[\s>])(?![^>]*\stabindex=)")
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


def with_tab_stops(body: str, names: list[str]) -> str:
    """`body` with every ``<pre>`` a tab stop, and its table boxes named by `names`, in order."""
    body = PRE.sub('<pre tabindex="0"', body)
    labels = iter(names)
    return TABLE_BOX.sub(lambda _: '<div class="pst-scrollable-table-container" tabindex="0" role="region" '
                                   f'aria-label="{html.escape(next(labels), quote=True)}">', body)


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
    context["body"] = with_tab_stops(body, names)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", add_tab_stops)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
