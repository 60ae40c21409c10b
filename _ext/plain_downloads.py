"""The gallery's downloads read well outside the site: no Sphinx markup, no links into the site.

sphinx-gallery offers each example and lab as a script, a notebook and a zip of both, made
from the source as it is: their text keeps the roles that make links on the site
(``:func:``, ``:doc:``, ``:ref:``, ``:download:``) and links relative to the site, which mean
nothing in a file on a reader's disk.  Once the build has copied the downloads
(``build-finished``), this extension rewrites each script's published copy with
:func:`plain`, makes its notebook again from that copy with sphinx-gallery's own converter
(with sphinx-design's dropdowns as HTML ``<details>``, which notebooks fold like the page
does), and zips the two again.  The site's pages keep their links.  In a translated edition
the script has first been translated (``_ext/spanish_downloads.py``), so its notebook and zip
are in that edition's language too.  A role that has no plain form is a warning (an error in the project's ``-W``
builds) that names the example's source file and line.
"""

from __future__ import annotations

import re
import textwrap
import zipfile
from pathlib import Path, PurePosixPath

from sphinx.util import logging
from sphinx_gallery.notebook import jupyter_notebook, save_notebook
from sphinx_gallery.py_source_parser import (
    Block,
    remove_config_comments,
    remove_ignore_blocks,
    split_code_and_text_blocks,
)

logger = logging.getLogger(__name__)

ROLE = re.compile(r":(?P<role>[a-z]+(?::[a-z]+)?):`(?P<body>[^`]+)`")
LINK = re.compile(r"`(?P<text>[^`<]*?)\s*<(?P<uri>[^`<>]+)>`__?")
TITLED = re.compile(r"(?P<title>.*?)\s*<(?P<target>[^<>]+)>", re.S)
SCHEME = re.compile(r"[a-zA-Z][a-zA-Z0-9+.-]*:")
# Python objects: written as code, by their full name (the reader can import them).
PYTHON_ROLES = {"func", "meth", "class", "mod", "attr", "data", "obj", "exc", "const"}
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest date a zip can hold
DROPDOWN = re.compile(r"^\.\. dropdown::[ \t]*(?P<title>.*)\n(?:[ \t]+:.*\n)*\n"
                      r"(?P<body>(?:(?:[ \t]+.*)?\n)*)", re.M)


def _one_line(text: str) -> str:
    """Text that a script may break over comment lines (``\\n# ``), on one line."""
    return re.sub(r"\s*\n[ \t]*#?[ \t]*", " ", text).strip()


class NoPlainForm(ValueError):
    """A role of a script's text that means nothing outside the site; ``line`` is where it is."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line


def plain(text: str) -> str:
    """``text`` with its Sphinx roles and site-relative links in plain reStructuredText.

    A Python object becomes its full name as code, a page or section (``:doc:``, ``:ref:``,
    ``:term:``) the words the link shows, a download its file name as code, a formula
    (``:math:``) its TeX between dollar signs, as notebooks write math, and a link relative
    to the site its words; links with a scheme (``https:``) stay.  Pages and
    sections must be linked with explicit words, as the page's title is not known here.

    >>> plain("(:func:`mmref.stats.ratio`, see :ref:`the gap <performance-gap>`)")
    '(``mmref.stats.ratio``, see the gap)'
    >>> plain("Get :download:`ladder.json </r/ladder.json>` and `the wheel <../w.whl>`_.")
    'Get ``ladder.json`` and the wheel.'
    >>> plain("the rank-:math:`r` picture :math:`X_r`")
    'the rank-$r$ picture $X_r$'

    Raises
    ------
    NoPlainForm
        For a role with no plain form, or a page or section linked without words.
    """

    def role(match: re.Match[str]) -> str:
        name = match["role"].removeprefix("py:")
        body = _one_line(match["body"])
        titled = TITLED.fullmatch(body)
        title, target = (titled["title"], titled["target"]) if titled else (None, body)
        if name in PYTHON_ROLES:
            return f"``{title or target.lstrip('~!')}``"
        if name == "math":
            return f"${body}$"
        if name == "download":
            return f"``{title or PurePosixPath(target).name}``"
        if name == "term" or (name in {"doc", "ref"} and title):
            return title or target
        line = text.count("\n", 0, match.start()) + 1
        advice = ("give the link its words (:doc:`words <page>`)" if name in {"doc", "ref"}
                  else "write it without a role, or teach _ext/plain_downloads.py its plain form")
        raise NoPlainForm(line, f"{match[0]!r} means nothing outside the site, in a downloaded "
                                f"script or notebook: {advice}")

    def link(match: re.Match[str]) -> str:
        return match[0] if SCHEME.match(match["uri"]) else _one_line(match["text"])

    return LINK.sub(link, ROLE.sub(role, text))


def details(text: str) -> str:
    """reST text with each ``.. dropdown::`` as an HTML ``<details>`` element (for Markdown).

    >>> details(".. dropdown:: Answer\\n\\n   It is ``x``.\\n")
    '<details><summary>Answer</summary>\\n\\nIt is ``x``.\\n\\n</details>\\n\\n'
    """
    return DROPDOWN.sub(lambda m: f"<details><summary>{m['title'].strip()}</summary>\n\n"
                                  f"{textwrap.dedent(m['body']).strip()}\n\n</details>\n\n", text)


def notebook(script: Path, gallery_conf: dict, target_dir: Path) -> dict:
    """The notebook of ``script`` as sphinx-gallery makes it, with dropdowns as ``<details>``."""
    _file_conf, blocks = split_code_and_text_blocks(script)
    cleaned = []
    for label, content, line in blocks:
        content = remove_ignore_blocks(content)
        if gallery_conf["remove_config_comments"]:
            content = remove_config_comments(content)
        if label == "text":
            content = details(content + "\n")
        cleaned.append(Block(label, content, line))
    if cleaned[-1].content.isspace():  # as sphinx-gallery drops an empty last block
        cleaned.pop()
    return jupyter_notebook(cleaned, gallery_conf, target_dir)


def zip_entry(name: str) -> zipfile.ZipInfo:
    """A compressed, readable file of a zip, dated alike in every build and edition."""
    entry = zipfile.ZipInfo(name, ZIP_DATE)
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16  # rw-r--r-- once unzipped
    return entry


def rewrite_downloads(app, exception) -> None:
    """Rewrite the published script, notebook and zip of every gallery example."""
    if exception is not None or app.builder.format != "html":
        return
    conf = app.config.sphinx_gallery_conf
    # Each gallery folder is made from an examples folder: name the source an author edits.
    made_from = dict(zip(*(([d] if isinstance(d, str) else d)
                           for d in (conf["gallery_dirs"], conf["examples_dirs"]))))
    published = {Path(source): Path(app.outdir, "_downloads", dest)
                 for source, (_docs, dest) in app.env.dlfiles.items()}
    for source, script in published.items():
        gallery = next((g for g in made_from if source.is_relative_to(g)), None)
        if source.suffix != ".py" or gallery is None:
            continue
        try:
            script.write_text(plain(script.read_text(encoding="utf-8")), encoding="utf-8")
        except NoPlainForm as problem:
            edited = Path(made_from[gallery], source.relative_to(gallery))
            logger.warning(str(problem), location=f"{edited.as_posix()}:{problem.line}")
            continue
        files = [script]
        if (ipynb := published.get(source.with_suffix(".ipynb"))) is not None:
            save_notebook(notebook(script, conf, Path(app.srcdir, source.parent)), ipynb)
            files.append(ipynb)
        if (archive := published.get(source.with_suffix(".zip"))) is not None:
            with zipfile.ZipFile(archive, "w") as zipped:
                for file in files:
                    zipped.writestr(zip_entry(file.name), file.read_bytes())


def setup(app):
    app.connect("build-finished", rewrite_downloads)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
