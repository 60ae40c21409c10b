"""Translate the comments of code blocks, and only them, in the HTML of a translated edition.

Code is never offered for translation (``gettext_additional_targets`` stays empty): a
translator's text must never run, at build time or in a doctest.  But a Spanish reader should
not meet English in the comments of the code either.  So each comment is a message of its own:

- **Extraction** (the ``gettext`` builder, ``make gettext``): every literal, code and doctest
  block of every page, the gallery's generated pages included, is lexed with Pygments as the
  HTML writer lexes it (:meth:`sphinx.highlighting.PygmentsBridge.get_lexer`, so doctest blocks
  as ``pycon``, ``console`` blocks as shell sessions).  The text of each ``Comment`` token,
  without its ``#`` and the spaces around it, is written to ``comments.pot`` next to the pages'
  templates; ``make update-po`` merges it into ``locale/<language>/LC_MESSAGES/comments.po``
  and ``make check-po`` guards it.  Shebangs (``Comment.Hashbang``) and doctest directives
  (``# doctest: +SKIP``) are not messages: they stay as they are.
- **Publication** (HTML builders of a translated edition only; the PDF is printed from the
  HTML): the highlighter lexes each block as before, and the text of each comment token whose
  message has a translation is replaced by it, its ``#`` and spacing kept; every other token
  goes to the formatter byte for byte.  The doctrees are not touched, so the ``doctest``
  builder runs the English blocks, and the copy button copies the code as it is shown.  An
  untranslated comment stays English (``make check-po`` reports it as missing).

A translation reaches the page as one comment token's text, escaped by Pygments' formatter;
the guard (``tools/poguard/catalog.py``: ``comment_problems``) rejects one that spans lines,
holds a control character or a doctest directive, or would not lex as a comment.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import polib
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from docutils import nodes
from pygments.lexer import Lexer
from pygments.token import Comment, _TokenType
from sphinx.application import Sphinx
from sphinx.highlighting import PygmentsBridge
from sphinx.transforms.post_transforms import SphinxPostTransform

#: the catalogue of the comments (``<domain>.pot`` / ``.po``)
DOMAIN = "comments"
SOURCE_LANGUAGE = "en"
#: a comment token: its marker and spaces, its text, its trailing spaces
COMMENT_RE = re.compile(r"(?P<head>\s*(?:#+|//)[ \t]*)(?P<text>.*?)(?P<tail>\s*)", re.S)
#: Pygments' HTML classes of the comment tokens that may be messages (no shebang: ``ch``)
COMMENT_CLASSES = {"c", "c1", "cm", "cs"}
#: comments that are instructions to a tool, not words for readers
NOT_MESSAGES = (Comment.Hashbang, Comment.Preproc, Comment.PreprocFile)


def is_message(kind: _TokenType, value: str) -> str | None:
    """The message of a comment token (its text without marker and spaces), or None when the
    token is no comment, is a shebang or preprocessor line, or holds a doctest directive.

    >>> from pygments.token import Comment, Name
    >>> is_message(Comment.Single, "#  Q, K and V projections "), is_message(Name, "x")
    ('Q, K and V projections', None)
    >>> is_message(Comment.Single, "# doctest: +SKIP"), is_message(Comment.Hashbang, "#!/bin/sh")
    (None, None)
    """
    if kind not in Comment or any(kind in excluded for excluded in NOT_MESSAGES):
        return None
    match = COMMENT_RE.fullmatch(value)
    if not match or not match["text"] or "doctest:" in match["text"]:
        return None
    return match["text"]


def code_blocks(doctree: nodes.document) -> Iterator[tuple[nodes.Element, str, str]]:
    """(node, source, language) of each highlighted block, as the HTML writer passes them to
    the highlighter (parsed literals, whose text is markup, are not highlighted)."""
    for node in doctree.findall(lambda n: isinstance(n, (nodes.literal_block, nodes.doctest_block))):
        if node.rawsource != node.astext():
            continue
        yield node, node.rawsource, node.get("language", "default")


def comments(bridge: PygmentsBridge, source: str, language: str, opts: dict | None = None,
             force: bool = False) -> list[str]:
    """The messages of the comments of one block, lexed as the HTML writer lexes it."""
    lexer = bridge.get_lexer(source, language, opts, force=True)
    return [text for kind, value in lexer.get_tokens(source)
            if (text := is_message(kind, value)) is not None]


def translate_token(value: str, table: dict[str, str]) -> str:
    """A comment token's text with its message replaced by the translation, marker and
    spacing kept; the token itself when the message has no translation."""
    match = COMMENT_RE.fullmatch(value)
    return match["head"] + table[match["text"]] + match["tail"]


class TranslatedComments:
    """A Pygments lexer whose comment tokens carry their translation: every other token is
    the wrapped lexer's own."""

    def __init__(self, lexer: Lexer, table: dict[str, str]) -> None:
        self.lexer, self.table = lexer, table

    def get_tokens(self, text: str, unfiltered: bool = False) -> Iterable[tuple[_TokenType, str]]:
        for kind, value in self.lexer.get_tokens(text, unfiltered):
            message = is_message(kind, value)
            yield kind, (translate_token(value, self.table) if message in self.table else value)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.lexer, name)


def catalogue_path(app: Sphinx) -> Path:
    return Path(app.srcdir, "locale", app.config.language, "LC_MESSAGES", f"{DOMAIN}.po")


#: characters a comment's text cannot hold: line breaks, controls, invisible formatting
NOT_IN_A_COMMENT = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


def one_line(text: str) -> bool:
    """Whether ``text`` can stand as one comment's text (``make check-po`` says why not).

    >>> one_line("2·V·D, contado como producto matricial"), one_line("x\\nimport os")
    (True, False)
    """
    return not any(unicodedata.category(c) in NOT_IN_A_COMMENT for c in text)


def translations(path: Path) -> dict[str, str]:
    """The translated (not fuzzy) comments of a catalogue that fit on one line:
    {English: translation}.  ``make check-po`` rejects the others; should one reach the build
    anyway, its comment stays English."""
    if not path.is_file():
        return {}
    return {e.msgid: e.msgstr for e in polib.pofile(str(path)).translated_entries()
            if one_line(e.msgstr)}


def translate_highlighter(app: Sphinx) -> None:
    """``builder-inited``: in a translated edition's HTML, lex every block through
    :class:`TranslatedComments`."""
    if app.builder.format != "html" or app.config.language == SOURCE_LANGUAGE:
        return
    table = translations(catalogue_path(app))
    bridge = app.builder.highlighter
    get_lexer = bridge.get_lexer

    def translated_lexer(*args: Any, **kwargs: Any) -> TranslatedComments:
        return TranslatedComments(get_lexer(*args, **kwargs), table)

    bridge.get_lexer = translated_lexer


class TranslateGalleryComments(SphinxPostTransform):
    """The gallery's code blocks, which sphinx-gallery turns into one node per Pygments token
    (to link names to the API pages) before the writer sees them: the text of each comment
    token node is translated as the highlighter translates it (translated editions only)."""

    default_priority = 10  # after sphinx-gallery's CodeLinksTransform (5)
    formats = ("html",)

    def run(self, **kwargs: Any) -> None:
        if self.config.language == SOURCE_LANGUAGE:
            return
        table = translations(Path(self.env.srcdir, "locale", self.config.language,
                                  "LC_MESSAGES", f"{DOMAIN}.po"))
        for block in self.document.findall(lambda n: n.tagname == "code_links_block"):
            for token in block.findall(nodes.inline):
                value = token.astext()
                if COMMENT_CLASSES & set(token["classes"]) and is_message(Comment, value) in table:
                    text = translate_token(value, table)
                    token.clear()
                    token += nodes.Text(text)


def note_catalogue(app: Sphinx, doctree: nodes.document) -> None:
    """``doctree-read``: a page with code blocks is written again when the comments'
    catalogue changes (translated editions)."""
    if app.config.language != SOURCE_LANGUAGE and next(code_blocks(doctree), None) is not None:
        app.env.note_dependency(str(catalogue_path(app)))


def write_template(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished`` of the ``gettext`` builder: every comment of every page into
    ``<outdir>/comments.pot``, each with the pages and lines it stands on."""
    if exception is not None or app.builder.name != "gettext":
        return
    bridge = PygmentsBridge("html", app.config.pygments_style)
    template = Catalog(project=app.config.project, version=app.config.version or None,
                       creation_date=datetime.now(timezone.utc), fuzzy=False)
    for docname in sorted(app.env.found_docs):
        path = app.env.doc2path(docname, False)
        for node, source, language in code_blocks(app.env.get_doctree(docname)):
            opts = app.config.highlight_options.get(language, {})
            for text in comments(bridge, source, language, opts):
                template.add(text, locations=[(str(path), node.line or 0)])
    with Path(app.outdir, f"{DOMAIN}.pot").open("wb") as pot:
        write_po(pot, template, width=79, sort_output=True)


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", translate_highlighter)
    app.add_post_transform(TranslateGalleryComments)
    app.connect("doctree-read", note_catalogue)
    app.connect("build-finished", write_template)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
