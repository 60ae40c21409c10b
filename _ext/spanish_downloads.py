"""A translated edition's gallery downloads in its language: comments and text cells.

sphinx-gallery copies each example's script into ``_downloads/`` as it is, in English.  A
translated edition shows that script with translated comments (``_ext/code_comments.py``)
and translated text (the text cells become the page's paragraphs, translated through the
page's catalogue).  Once the build has copied the downloads (``build-finished``, before
``_ext/plain_downloads.py``, which then writes the notebook and the zip from the script), this
extension rewrites each published script of a translated edition:

- each comment of the code whose message ``comments.po`` translates gets its translation,
  through :class:`code_comments.TranslatedComments`, the lexer the HTML uses;
- each text cell (the module docstring and the ``# %%`` comment blocks) gets, paragraph by
  paragraph (titles, list items and dropdown titles too), the translation the page's
  catalogue (``locale/<language>/LC_MESSAGES/<page>.po``) gives that exact text; text with
  no translation stays English.

Translator text is only ever put into comment lines and into the docstring's string: it is
made one line (its whitespace collapsed), wrapped, prefixed with ``#`` in a comment block and
escaped in the docstring, so that it can neither close the docstring nor start a line of
code.  The result is then checked against the English script: it must compile, its Python
tokens other than comments, blank lines and the docstring must be the English ones, and
sphinx-gallery must read the same cells and file settings from it.  A script that fails the
check is published in English, with a warning (an error in ``-W`` builds) that says why.
"""

from __future__ import annotations

import ast
import io
import itertools
import re
import textwrap
import tokenize
from pathlib import Path
from typing import Any

import polib
from sphinx.application import Sphinx
from sphinx.highlighting import PygmentsBridge
from sphinx.util import logging
from sphinx_gallery.py_source_parser import split_code_and_text_blocks

from code_comments import SOURCE_LANGUAGE, TranslatedComments, catalogue_path, translations

logger = logging.getLogger(__name__)

#: a text cell: sphinx-gallery's own pattern (``split_code_and_text_blocks``)
TEXT_CELL = re.compile(r"(?P<header_line>^#{20,}.*|^# ?%%.*)\s(?P<text_content>(?:^#.*\s?)*)", re.M)
#: a section title's underline (or overline): one punctuation character, repeated
UNDERLINE = re.compile(r"([!-/:-@\[-`{-~])\1+")
#: the marker of a list item and the spaces after it
ITEM = re.compile(r"(?P<marker>[-*+]|\d+\.|#\.) +")
#: a line whose indented lines below are literal text (code, math), never translated
LITERAL = re.compile(r"\.\. (?:code-block|code|sourcecode|math|doctest|testcode|testoutput|raw)::|.*::$")
#: inline markup that a line break would split: ``literal``, `interpreted` (roles, links)
INLINE = re.compile(r"``.+?``|`[^`]+`")
DROPDOWN = re.compile(r"(?P<head>\.\. dropdown::[ \t]+)(?P<title>\S.*)")
WIDTH = 88  # columns of a wrapped paragraph, without its indentation


class Refused(ValueError):
    """A translated script that is not the English one with other words."""


def one_line(text: str) -> str:
    """A translation as one line: every run of whitespace (line breaks too) one space."""
    return " ".join(text.split())


def wrap(text: str, first: str, rest: str) -> list[str]:
    """``text`` wrapped after ``first`` then ``rest``, never inside inline markup; one line
    where a wrapped line would be all punctuation (a title's underline to reStructuredText).

    >>> wrap("a ``b c`` d", "- ", "  ")
    ['- a ``b c`` d']
    """
    kept = INLINE.sub(lambda m: m[0].replace(" ", "\0"), text)  # no break inside markup
    lines = textwrap.wrap(kept, WIDTH, initial_indent=first, subsequent_indent=rest,
                          break_long_words=False, break_on_hyphens=False)
    if any(UNDERLINE.fullmatch(line.strip()) for line in lines[1:]):
        return [first + text]
    return [line.replace("\0", " ") for line in lines]


def translate_chunk(lines: list[str], table: dict[str, str]) -> list[str]:
    """One run of non-blank reST lines, with each title, paragraph, list item or dropdown
    title the catalogue translates exactly replaced by its translation."""
    pad = lines[0][:len(lines[0]) - len(lines[0].lstrip())]
    if any(not line.startswith(pad) for line in lines):
        return lines
    body = [line[len(pad):] for line in lines]
    if len(body) >= 2 and UNDERLINE.fullmatch(body[1].rstrip()):  # a title, maybe text below
        title = body[0].strip()
        if title in table:
            title = one_line(table[title])
            lines = [pad + title, pad + body[1][0] * max(len(title), 4)] + lines[2:]
        return lines[:2] + (translate_chunk(lines[2:], table) if lines[2:] else [])
    if body[0].startswith(".. "):
        if (match := DROPDOWN.fullmatch(body[0].rstrip())) and match["title"] in table:
            return [pad + match["head"] + one_line(table[match["title"]])] + lines[1:]
        return lines
    if ITEM.match(body[0]):
        items: list[list[str]] = []
        for line in body:
            if ITEM.match(line):
                items.append([line])
            else:
                items[-1].append(line)
        out = []
        for item in items:
            marker = ITEM.match(item[0])[0]
            key = " ".join(line.strip() for line in [item[0][len(marker):], *item[1:]])
            if key in table:
                out += wrap(one_line(table[key]), pad + marker, pad + " " * len(marker))
            else:
                out += [pad + line for line in item]
        return out
    if any(line[:1].isspace() for line in body):
        return lines
    key = " ".join(line.strip() for line in body)
    return wrap(one_line(table[key]), pad, pad) if key in table else lines


def translate_text(text: str, table: dict[str, str]) -> str:
    """reST text (a text cell) with what the page's catalogue translates translated; blank
    lines, directives and literal text as they are.

    >>> translate_text("Title\\n=====\\n\\nSome\\ntext.\\n\\n.. code-block:: console\\n\\n   Some text.\\n",
    ...                {"Title": "Título largo", "Some text.": "Un texto."})
    'Título largo\\n============\\n\\nUn texto.\\n\\n.. code-block:: console\\n\\n   Some text.\\n'
    """
    out: list[str] = []
    literal_below: int | None = None  # lines indented more than this are literal
    for blank, group in itertools.groupby(text.split("\n"), key=lambda line: not line.strip()):
        lines = list(group)
        indent = len(lines[0]) - len(lines[0].lstrip())
        if blank or (literal_below is not None and indent > literal_below):
            out += lines
            continue
        literal_below = indent if any(LITERAL.match(line.strip()) for line in lines) else None
        out += translate_chunk(lines, table)
    return "\n".join(out)


def docstring_source(text: str) -> str:
    """``text`` as the body of a ``\"\"\"`` string: backslashes doubled, and a quote escaped
    wherever it would make a third quote in a row or touch the closing quotes.

    >>> print(docstring_source('a \\\\ b "x"'))
    a \\\\ b "x\\"
    """
    out, run = [], 0
    for char in text.replace("\\", "\\\\"):
        if char == '"' and run == 2:
            out.append('\\"')
            run = 0
        else:
            out.append(char)
            run = run + 1 if char == '"' else 0
    if run:  # the closing quotes would join the last ones
        out[-1] = '\\"'
    return "".join(out)


def raw_docstring_source(text: str) -> str | None:
    """``text`` as the body of an ``r\"\"\"`` string (as it is), or None where it cannot be one:
    three quotes in a row, or a quote or backslash that would touch the closing quotes."""
    return None if '"""' in text or text.endswith(('"', "\\")) else text


def translate_comments(code: str, bridge: PygmentsBridge, table: dict[str, str]) -> str:
    """Python code with each comment that ``table`` translates translated, lexed as the
    HTML lexes it (:mod:`code_comments`); every other character as it was."""
    lexer = TranslatedComments(bridge.get_lexer(code, "python"), table)
    out = "".join(value for _kind, value in lexer.get_tokens(code))
    return out[:-1] if out.endswith("\n") and not code.endswith("\n") else out  # Pygments' newline


def translate_cell(cell: str, table: dict[str, str]) -> str:
    """A ``# %%`` cell's comment lines (``#`` and a space before each text line) translated."""
    lines = [line[1:] for line in cell.split("\n")]
    spaces = min((len(line) - len(line.lstrip()) for line in lines if line.strip()), default=1)
    text = "\n".join(line[spaces:] for line in lines)
    new = translate_text(text, table)
    if new == text:
        return cell
    return "\n".join("#" + (" " * spaces + line if line.strip() else "") for line in new.split("\n"))


def translate_script(source: str, comments: dict[str, str], texts: dict[str, str]) -> str:
    """A gallery script with its comments and text cells translated (not yet checked)."""
    bridge = PygmentsBridge("html")
    lines = source.split("\n")
    docstring = next(t for t in tokenize.generate_tokens(io.StringIO(source).readline)
                     if t.type == tokenize.STRING)
    (row, col), (end_row, end_col) = docstring.start, docstring.end
    head = "\n".join(lines[:end_row])
    prefix = docstring.string.partition('"""')[0]
    if prefix.lower() in ("", "r") and docstring.string.endswith('"""'):
        value = ast.parse(source).body[0].value.value
        new = translate_text(value, texts)
        body = docstring_source(new) if not prefix else raw_docstring_source(new)
        if new != value and body is not None:
            before = "\n".join(lines[:row - 1] + [lines[row - 1][:col]])
            head = before + prefix + '"""' + body + '"""' + lines[end_row - 1][end_col:]
    rest = "\n".join(lines[end_row:])
    out, position = [], 0
    for cell in TEXT_CELL.finditer(rest):
        out.append(translate_comments(rest[position:cell.start()], bridge, comments))
        out.append(rest[cell.start():cell.start("text_content")])
        body = cell["text_content"]
        trailing = body[len(body.rstrip("\n")):]
        out.append(translate_cell(body.rstrip("\n"), texts) + trailing if body.strip() else body)
        position = cell.end()
    out.append(translate_comments(rest[position:], bridge, comments))
    return head + "\n" + "".join(out)


def code_tokens(source: str) -> list[tuple[int, str]]:
    """The Python tokens of a script without its comments, blank lines and docstring."""
    tokens = [(t.type, t.string) for t in tokenize.generate_tokens(io.StringIO(source).readline)
              if t.type not in (tokenize.COMMENT, tokenize.NL)]
    first_string = next(i for i, (kind, _) in enumerate(tokens) if kind == tokenize.STRING)
    return tokens[:first_string] + tokens[first_string + 1:]


def check(english: Path, translated: Path) -> None:
    """Raise :class:`Refused` unless ``translated`` is ``english`` with other words only."""
    source = translated.read_text(encoding="utf-8")
    try:
        compile(source, str(translated), "exec", dont_inherit=True)  # compiled, never run
        changed = code_tokens(source) != code_tokens(english.read_text(encoding="utf-8"))
    except (SyntaxError, ValueError, tokenize.TokenError) as error:
        raise Refused(f"it does not compile ({error})") from error
    if changed:
        raise Refused("its code differs from the English script's")
    (conf_en, cells_en), (conf, cells) = (split_code_and_text_blocks(p) for p in (english, translated))
    if conf != conf_en or [c.type for c in cells] != [c.type for c in cells_en]:
        raise Refused("sphinx-gallery reads other cells or settings from it")


def catalogue(path: Path) -> dict[str, str]:
    """{English: translation} of the translated, not fuzzy, entries of a page's catalogue."""
    if not path.is_file():
        return {}
    return {e.msgid: e.msgstr for e in polib.pofile(str(path)).translated_entries()}


def publish(english: Path, script: Path, comments: dict[str, str], texts: dict[str, str]) -> None:
    """Write ``english`` translated to ``script``; where it fails :func:`check`, write the
    English script and raise :class:`Refused`."""
    script.write_text(translate_script(english.read_text(encoding="utf-8"), comments, texts),
                      encoding="utf-8")
    try:
        check(english, script)
    except Refused:
        script.write_bytes(english.read_bytes())
        raise


def translate_downloads(app: Sphinx, exception: Exception | None) -> None:
    """``build-finished``: translate each published gallery script of a translated edition;
    publish the English one, with a warning, where the translation fails :func:`check`."""
    if exception is not None or app.builder.format != "html" or app.config.language == SOURCE_LANGUAGE:
        return
    galleries = app.config.sphinx_gallery_conf["gallery_dirs"]
    galleries = [galleries] if isinstance(galleries, str) else galleries
    comments = translations(catalogue_path(app))
    pages = Path(app.srcdir, "locale", app.config.language, "LC_MESSAGES")
    for source, (_docs, dest) in app.env.dlfiles.items():
        source = Path(source)
        if source.suffix != ".py" or not any(source.is_relative_to(g) for g in galleries):
            continue
        english = Path(app.srcdir, source)
        texts = catalogue(pages / source.with_suffix(".po"))
        try:
            publish(english, Path(app.outdir, "_downloads", dest), comments, texts)
        except Refused as problem:
            logger.warning(f"the {app.config.language} download of {source.as_posix()} is "
                           f"published in English: with its translations, {problem}; correct "
                           f"{(pages / source.with_suffix('.po')).relative_to(app.srcdir)} or "
                           f"{catalogue_path(app).relative_to(app.srcdir)}", location=str(english))


def setup(app: Sphinx) -> dict[str, Any]:
    # Before plain_downloads (priority 500), which makes the notebook and zip from the script.
    app.connect("build-finished", translate_downloads, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
