"""Sidebar toggles with a name: the title of the page whose sub-pages they open.

pydata-sphinx-theme folds the sub-pages of a sidebar entry (a gallery's sections, for one)
into ``<details>``, whose ``<summary>`` holds only a decorative chevron: assistive technology
announces a control without a name (axe rule ``summary-name``).  This extension wraps the
theme's ``generate_toctree_html`` template function and gives each nameless ``<summary>`` an
``aria-label``, the text of its entry's link, which is already in the page's language.
"""

from __future__ import annotations

from functools import wraps
from typing import Any

from bs4 import BeautifulSoup
from sphinx.application import Sphinx


def name_toggles(soup: BeautifulSoup) -> BeautifulSoup:
    """Label each ``<summary>`` of a sidebar toctree that has no text with its entry's link text."""
    for summary in soup.select("li.has-children > details > summary"):
        if summary.get_text(strip=True) or summary.get("aria-label"):
            continue
        link = summary.find_parent("li").find("a", recursive=False)
        if link is not None:
            summary["aria-label"] = " ".join(link.get_text().split())
    return soup


def wrap_toctree(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree) -> None:
    generate = context.get("generate_toctree_html")
    if generate is None:  # another theme
        return

    @wraps(generate)
    def generate_named(kind: str, *args, **kwargs):
        html = generate(kind, *args, **kwargs)
        if kind != "sidebar":
            return html
        if isinstance(html, BeautifulSoup):
            return name_toggles(html)
        return str(name_toggles(BeautifulSoup(html, "html.parser")))  # the theme's cached copy

    context["generate_toctree_html"] = generate_named


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("html-page-context", wrap_toctree, priority=900)  # after the theme's (500)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
