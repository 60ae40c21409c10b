"""Math the browser draws without a script: every formula becomes MathML when the site is built.

The HTML math renderer ``mathml`` (``html_math_renderer = "mathml"``) writes each ``:math:`` role
and ``.. math::`` block as native MathML made by Temml (npm, run with Node). Once all pages are
read, every formula of the build that is not cached yet is converted in ONE ``node`` process
(``_ext/tex2mathml.cjs``); the results are cached by TeX source (and Temml version) in the
doctree folder, so a rebuild converts only new formulas. A formula Temml cannot read is a build
warning at its source line (an error under ``-W``).

Configuration: ``mathml_node_modules``, the folder (relative to conf.py) where ``make assets``
installed the pinned Temml; ``mathml_css``, Temml's stylesheet (in ``html_static_path``), linked
from the pages that have math only.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.locale import _
from sphinx.util import logging
from sphinx.util.math import get_node_equation_number
from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)
SCRIPT = Path(__file__).with_name("tex2mathml.cjs")
CACHE_NAME = "mathml-cache.json"


def tex_source(node: nodes.Element) -> tuple[str, bool]:
    """The TeX to convert for `node` and whether it is display math.

    A ``.. math::`` block may hold several equations separated by blank lines; they are
    stacked and aligned, and one holding ``\\\\`` is split, as Sphinx does for MathJax.
    """
    if isinstance(node, nodes.math):
        return node.astext(), False
    parts = [part for part in node.astext().split("\n\n") if part.strip()]
    parts = [rf"\begin{{split}}{part}\end{{split}}" if r"\\" in part else part for part in parts]
    if len(parts) > 1:
        return r"\begin{aligned}" + r"\\".join(parts) + r"\end{aligned}", True
    return parts[0] if parts else "", True


class Converter:
    """Temml through Node: converts formulas in batches and caches them by TeX source."""

    def __init__(self, node_modules: Path, cache_file: Path) -> None:
        self.node_modules, self.cache_file = node_modules, cache_file
        package = node_modules / "temml" / "package.json"
        if not package.exists():
            raise RuntimeError(f"Temml is not installed in {node_modules} (run `make assets`)")
        if shutil.which("node") is None:
            raise RuntimeError("`node` (Node.js 20) is not on PATH: it is needed to convert the math")
        self.version = json.loads(package.read_text(encoding="utf-8"))["version"]
        self.cache: dict[str, dict[str, str]] = {}
        if cache_file.exists():
            saved = json.loads(cache_file.read_text(encoding="utf-8"))
            if saved.get("temml") == self.version:
                self.cache = saved["formulas"]

    @staticmethod
    def key(tex: str, display: bool) -> str:
        return ("display:" if display else "inline:") + tex

    def convert(self, formulas: set[tuple[str, bool]]) -> None:
        """Convert every formula not cached yet in one ``node`` process, and save the cache."""
        todo = sorted(f for f in formulas if self.key(*f) not in self.cache)
        if not todo:
            return
        run = subprocess.run(
            ["node", str(SCRIPT), str(self.node_modules)], check=False, capture_output=True, text=True,
            input=json.dumps([{"tex": tex, "display": display} for tex, display in todo]))
        if run.returncode != 0:
            raise RuntimeError(f"{SCRIPT.name} failed (exit {run.returncode}):\n{run.stderr[-2000:]}")
        for formula, result in zip(todo, json.loads(run.stdout), strict=True):
            self.cache[self.key(*formula)] = result
        self.cache_file.parent.mkdir(parents=True, exist_ok=True)
        self.cache_file.write_text(json.dumps({"temml": self.version, "formulas": self.cache}), encoding="utf-8")

    def mathml(self, tex: str, display: bool) -> dict[str, str]:
        """``{"mathml": ...}`` or ``{"error": ...}`` for one formula (converted now if not cached)."""
        if self.key(tex, display) not in self.cache:
            self.convert({(tex, display)})
        return self.cache[self.key(tex, display)]


def converter(app: Sphinx) -> Converter:
    if not hasattr(app, "_mathml_converter"):
        modules = Path(app.confdir, app.config.mathml_node_modules)
        if not modules.is_dir():  # a copy of the project, built with this environment's Python
            modules = Path(sys.prefix, "npm", "node_modules")
        app._mathml_converter = Converter(modules, Path(app.doctreedir, CACHE_NAME))
    return app._mathml_converter


def note_read(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """Remember which pages this build reads: only their formulas can be new."""
    app._mathml_read = list(docnames)


def convert_all(app: Sphinx, env: BuildEnvironment) -> None:
    """After reading: convert every formula of the pages just read at once (one process).

    Only the pages read in this build: a rebuild does not unpickle every doctree of the site
    (a formula still missing from the cache is converted when its page is written).
    """
    if app.builder.format != "html":
        return
    formulas = set()
    for docname in sorted(getattr(app, "_mathml_read", ())):
        doctree = env.get_doctree(docname)
        formulas |= {tex_source(n) for n in doctree.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block)))}
    converter(app).convert(formulas)


def _write(self: HTML5Translator, node: nodes.Element) -> None:
    result = converter(self.builder.app).mathml(*tex_source(node))
    if "error" in result:
        logger.warning("Temml cannot convert this formula: %s", result["error"], location=node)
        self.body.append(self.encode(node.astext()))
    else:
        self.body.append(result["mathml"])


def visit_math(self: HTML5Translator, node: nodes.math) -> None:
    self.body.append(self.starttag(node, "span", "", CLASS="math notranslate"))
    _write(self, node)
    self.body.append("</span>")
    raise nodes.SkipNode


def visit_displaymath(self: HTML5Translator, node: nodes.math_block) -> None:
    self.body.append(self.starttag(node, "div", CLASS="math notranslate"))
    if node["number"]:
        self.body.append(f'<span class="eqno">({get_node_equation_number(self, node)})')
        self.add_permalink_ref(node, _("Link to this equation"))
        self.body.append("</span>")
    _write(self, node)
    self.body.append("</div>\n")
    raise nodes.SkipNode


def link_css(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: nodes.document | None) -> None:
    """Link Temml's stylesheet from the pages that have math, and from no other."""
    if doctree is not None and next(doctree.findall(lambda n: isinstance(n, (nodes.math, nodes.math_block))), None):
        app.add_css_file(app.config.mathml_css)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("mathml_node_modules", ".venv/npm/node_modules", "env", types=[str])
    app.add_config_value("mathml_css", "vendor/temml/Temml-Local.css", "html", types=[str])
    app.connect("html-page-context", link_css)
    app.add_html_math_renderer("mathml", (visit_math, None), (visit_displaymath, None))
    app.connect("env-before-read-docs", note_read)
    app.connect("env-updated", convert_all)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": False}
