"""Pages that paint early: deferred scripts, sized images, and a description for search engines.

- Every script file a page links is loaded with ``defer`` (it runs after parsing, in order),
  except ``documentation_options.js``, which the page's inline scripts use at once, and those
  of the search page, whose inline script calls them at once (search needs JavaScript anyway).
- After the build, every ``<img>`` without a size, on the pages this build wrote, gets the
  ``width`` and ``height`` of its file: the browser reserves its box before the image arrives
  (no layout shift).
- ``page_description`` in the template context: the page's ``.. meta:: :description:`` if it has
  one, else its first paragraph (so it is in the page's language, translated with the page),
  shortened to ``page_description_length`` characters; pages without text (search, index) use
  the root document's.
- ``search_label``: the search button's text, translated by Sphinx's catalogue.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import imagesize
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html._assets import _JavaScript
from sphinx.locale import get_translation
from sphinx.util import logging

logger = logging.getLogger(__name__)
NOT_DEFERRED = ("_static/documentation_options.js",)
IMG = re.compile(r"<img\b[^>]*>")
SRC = re.compile(r'\ssrc="([^"]+)"')


def deferred(script: _JavaScript) -> _JavaScript:
    """`script` loaded with ``defer`` unless it is inline, already async/deferred or used at once."""
    attributes = dict(script.attributes)
    if script.filename and not script.filename.startswith(NOT_DEFERRED) and not {"async", "defer"} & set(attributes):
        attributes["defer"] = "defer"
    return _JavaScript(script.filename, priority=script.priority, **attributes)


def shorten(text: str, length: int) -> str:
    """`text` on one line, cut at a word boundary to at most `length` characters (with an ellipsis)."""
    text = " ".join(text.split())
    if len(text) <= length:
        return text
    return text[: length - 1].rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def description(doctree: nodes.document | None, length: int) -> str | None:
    if doctree is None:
        return None
    for meta in doctree.findall(nodes.meta):
        if meta.get("name") == "description":
            return meta["content"]
    paragraphs = (p for p in doctree.findall(nodes.paragraph)
                  if "untranslated-notice" not in p["classes"])  # _ext/translation_progress.py
    paragraph = next(paragraphs, None)
    return shorten(paragraph.astext(), length) if paragraph is not None else None


def page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.document | None) -> None:
    if "script_files" in context and pagename != "search":  # the search page's inline script needs them now
        context["script_files"] = [deferred(s) for s in context["script_files"]]
    length = app.config.page_description_length
    text = description(doctree, length) or description(app.env.get_doctree(app.config.root_doc), length)
    context["page_description"] = text
    # The search button's text, from Sphinx's own catalogue (as the theme's template has it).
    context["search_label"] = get_translation("sphinx")("Search")


def sized(tag: str, html_file: Path) -> str:
    """`tag` (an ``<img>``) with the width and height of its file, if it has no size yet."""
    src = SRC.search(tag)
    if src is None or " width=" in tag or src.group(1).startswith(("data:", "http:", "https:")):
        return tag
    image = (html_file.parent / src.group(1).split("?")[0]).resolve()
    if not image.is_file():
        return tag
    width, height = imagesize.get(image)
    if width <= 0 or height <= 0:
        return tag
    return tag.replace("<img ", f'<img width="{round(width)}" height="{round(height)}" ', 1)


def note_start(app: Sphinx) -> None:
    app._light_pages_started = time.time_ns() - 10**9  # a second of margin for coarse file clocks


def size_images(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for html_file in Path(app.outdir).rglob("*.html"):
        if html_file.stat().st_mtime_ns < app._light_pages_started:
            continue  # not written by this build (sized when it was)
        text = html_file.read_text(encoding="utf-8")
        new = IMG.sub(lambda m: sized(m.group(0), html_file), text)
        if new != text:
            html_file.write_text(new, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("page_description_length", 160, "html", types=[int])
    app.connect("html-page-context", page_context, priority=900)  # after the extensions that add scripts
    app.connect("builder-inited", note_start)
    app.connect("build-finished", size_images)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
