"""Pages that paint early: deferred scripts, sized images, and a description for search engines.

- Every script file a page links is loaded with ``defer`` (it runs after parsing, in order),
  except ``documentation_options.js``, which the page's inline scripts use at once, and those
  of the search page, whose inline script calls them at once (search needs JavaScript anyway).
- After the build, every ``<img>`` without a size, on the pages this build wrote, gets the
  ``width`` and ``height`` of its file: the browser reserves its box before the image arrives (no layout shift); every ``<img>`` but
  a page's first is loaded lazily (when the reader scrolls near it).
- After the build, the theme's stylesheet loses Font Awesome's icon table (some 2000 rules
  ``.fa-NAME{--fa:"\fXXX"}``, a third of the file) and its ``@font-face`` rules: the site draws
  its few icons itself (``_static/icons.css``), so the table only delays the first paint.
- ``page_description`` in the template context: the page's ``.. meta:: :description:`` if it has
  one, else its first paragraph (so it is in the page's language, translated with the page),
  shortened to ``page_description_length`` characters; pages without text (search, index) use
  the root document's.
- The stylesheets and scripts that sphinx-gallery and sphinx-design add to every page are
  linked only from the pages that use them (their classes, ``sphx-glr-*`` and ``sd-*``, are in
  the page's body): on the other pages they are render-blocking bytes that style nothing.
- ``search_label``: the search button's text, translated by Sphinx's catalogue.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import Any

import imagesize
import tinycss2
from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html._assets import _JavaScript
from sphinx.locale import get_translation
from sphinx.util import logging

logger = logging.getLogger(__name__)
NOT_DEFERRED = ("_static/documentation_options.js",)
# Asset file names (prefixes) an extension links from every page -> the class its HTML carries.
ONLY_WHERE_USED = {
    ("sg_gallery", "sg-tags.js"): re.compile(r'class="(?:[^"]*\s)?sphx-glr'),
    ("sphinx-design.", "design-tabs.js"): re.compile(r'class="(?:[^"]*\s)?sd-'),
}
THEME_CSS = "_static/styles/pydata-sphinx-theme.css"
ICON_SELECTOR = re.compile(r"\.fa-[\w-]+")  # one Font Awesome icon class, e.g. .fa-sun
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


def unused(filename: str | None, body: str) -> bool:
    """True if `filename` (a ``_static/`` asset) belongs to an extension whose classes `body` lacks."""
    name = (filename or "").rsplit("/", 1)[-1]
    return any(name.startswith(prefixes) and not used.search(body) for prefixes, used in ONLY_WHERE_USED.items())


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
    body = context.get("body", "")
    for key in ("css_files", "script_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not unused(asset.filename, body)]
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


def lazy(tag: str) -> str:
    """`tag` (an ``<img>``) loaded lazily, unless it says how to load already."""
    return tag if " loading=" in tag else tag.replace("<img ", '<img loading="lazy" ', 1)


def is_icon_table_rule(rule: Any) -> bool:
    """True for Font Awesome's ``@font-face`` and icon rules (``.fa-a, .fa-b { --fa: "..." }``)."""
    if rule.type == "at-rule":
        return rule.lower_at_keyword == "font-face" and "Font Awesome" in tinycss2.serialize(rule.content or [])
    if rule.type != "qualified-rule":
        return False
    selectors = [s.strip() for s in tinycss2.serialize(rule.prelude).split(",")]
    declarations = tinycss2.parse_blocks_contents(rule.content, skip_comments=True, skip_whitespace=True)
    return (all(ICON_SELECTOR.fullmatch(s) for s in selectors)
            and all(d.type == "declaration" and d.lower_name == "--fa" for d in declarations))


def without_icon_table(css: str) -> str:
    """The stylesheet `css` less Font Awesome's icon rules and font faces (top level only)."""
    rules = tinycss2.parse_stylesheet(css)
    return tinycss2.serialize([r for r in rules if not is_icon_table_rule(r)])


def trim_theme_css(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    path = Path(app.outdir) / THEME_CSS
    if path.is_file():
        css = path.read_text(encoding="utf-8")
        trimmed = without_icon_table(css)
        if trimmed != css:
            path.write_text(trimmed, encoding="utf-8")


def prepared_images(text: str, html_file: Path) -> str:
    """The page `text` with every ``<img>`` sized, and every one but the first loaded lazily."""
    seen = 0

    def prepared(match: re.Match) -> str:
        nonlocal seen
        seen += 1
        tag = sized(match.group(0), html_file)
        return tag if seen == 1 else lazy(tag)  # the first image may be in the first screen

    return IMG.sub(prepared, text)


def note_start(app: Sphinx) -> None:
    app._light_pages_started = time.time_ns() - 10**9  # a second of margin for coarse file clocks


def size_images(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for html_file in Path(app.outdir).rglob("*.html"):
        if html_file.stat().st_mtime_ns < app._light_pages_started:
            continue  # not written by this build (sized when it was)
        text = html_file.read_text(encoding="utf-8")
        new = prepared_images(text, html_file)
        if new != text:
            html_file.write_text(new, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("page_description_length", 160, "html", types=[int])
    app.connect("html-page-context", page_context, priority=900)  # after the extensions that add scripts
    app.connect("builder-inited", note_start)
    app.connect("build-finished", size_images)
    app.connect("build-finished", trim_theme_css)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
