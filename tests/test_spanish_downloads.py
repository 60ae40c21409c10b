"""The Spanish edition's gallery downloads are in Spanish, and their code is the English code
(``_ext/spanish_downloads.py``).

On the built site, script by script: the Spanish ``.py`` has every comment that
``comments.po`` translates translated and every text-cell paragraph that the page's catalogue
translates translated, its Python tokens (without comments, blank lines and the docstring) are
the English ones, it compiles; its notebook is valid JSON whose code cells are the English
notebook's code, and the zip holds those two files.  On scripts of the repository, hostile
translations (a line of code after a line break, three quotes, a sphinx-gallery setting) put
no code into the download: it is escaped, kept a comment, or the English script is published.
"""

from __future__ import annotations

import ast
import io
import json
import sys
import tokenize
import zipfile
from pathlib import Path

import polib
import pytest
from helpers import ROOT
from sphinx_gallery.py_source_parser import split_code_and_text_blocks

sys.path.insert(0, str(ROOT / "_ext"))
from code_comments import translations  # noqa: E402
from spanish_downloads import Refused, catalogue, publish  # noqa: E402

LOCALE = ROOT / "locale" / "es" / "LC_MESSAGES"
SCRIPTS = sorted(ROOT.glob("gallery/*/plot_*.py")) + sorted(ROOT.glob("lab/lab_*.py"))
COMMENTS = translations(LOCALE / "comments.po")


def page(script: Path) -> str:
    """The docname of a script's gallery page: gallery/x/plot.py -> auto_gallery/x/plot."""
    top, *rest = script.relative_to(ROOT).with_suffix("").parts
    return "/".join([f"auto_{top}", *rest])


def download(site: Path, language: str, name: str) -> Path:
    found = sorted((site / language / "_downloads").rglob(name))
    assert len(found) == 1, f"{language}/_downloads/ should hold one {name}, found {found}"
    return found[0]


def code_tokens(source: str) -> list[tuple[int, str]]:
    """Python's tokens of a script without comments, blank lines and the docstring."""
    tokens = [(t.type, t.string) for t in tokenize.generate_tokens(io.StringIO(source).readline)
              if t.type not in (tokenize.COMMENT, tokenize.NL)]
    docstring = next(i for i, (kind, _) in enumerate(tokens) if kind == tokenize.STRING)
    return tokens[:docstring] + tokens[docstring + 1:]


def code_comments(code: str) -> list[str]:
    """The text of each comment of a code cell, without ``#`` and spaces."""
    return [t.string.lstrip("#").strip() for t in tokenize.generate_tokens(io.StringIO(code).readline)
            if t.type == tokenize.COMMENT]


def words(text: str) -> str:
    return " ".join(text.split())


def paragraphs(text: str) -> list[str]:
    """The titles and paragraphs of reST text, each on one line (as the catalogue's msgids)."""
    found = []
    for chunk in text.split("\n\n"):
        lines = [line.strip() for line in chunk.strip("\n").split("\n")]
        if len(lines) >= 2 and lines[1] and set(lines[1]) <= set("=-~^"):
            found.append(lines[0])
            lines = lines[2:]
        found.append(" ".join(lines))
    return found


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_spanish_script_has_the_translations_and_the_english_code(site, script):
    english = download(site, "en", script.name)
    spanish = download(site, "es", script.name)
    en_source, es_source = english.read_text(encoding="utf-8"), spanish.read_text(encoding="utf-8")
    assert code_tokens(es_source) == code_tokens(en_source), f"{spanish}: its code is not the English code"
    compile(es_source, str(spanish), "exec")

    (_, en_cells), (_, es_cells) = split_code_and_text_blocks(english), split_code_and_text_blocks(spanish)
    assert [c.type for c in es_cells] == [c.type for c in en_cells]
    texts = catalogue(LOCALE / f"{page(script)}.po")
    translated = 0
    for en_cell, es_cell in zip(en_cells, es_cells):
        if en_cell.type == "code":
            expected = [COMMENTS.get(c, c) for c in code_comments(en_cell.content)]
            assert code_comments(es_cell.content) == expected, f"{spanish}, line {es_cell.lineno}"
            continue
        for paragraph in paragraphs(en_cell.content):
            if paragraph in texts:
                assert words(texts[paragraph]) in words(es_cell.content), (
                    f"{spanish}, cell at line {es_cell.lineno}: no translation of {paragraph!r}")
                translated += 1
    assert translated, f"{spanish}: no text cell paragraph translated"
    assert words(en_source) != words(es_source)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_spanish_notebook_and_zip_are_made_from_the_spanish_script(site, script):
    notebooks = {lang: json.loads(download(site, lang, script.with_suffix(".ipynb").name).read_text(encoding="utf-8"))
                 for lang in ("en", "es")}
    cells = {lang: nb["cells"] for lang, nb in notebooks.items()}
    assert [c["cell_type"] for c in cells["es"]] == [c["cell_type"] for c in cells["en"]]
    for en, es in zip(cells["en"], cells["es"]):
        if en["cell_type"] == "code":
            assert code_tokens('""\n' + "".join(es["source"])) == code_tokens('""\n' + "".join(en["source"]))
    markdown = [(en, es) for en, es in zip(cells["en"], cells["es"]) if en["cell_type"] == "markdown"]
    title = paragraphs(split_code_and_text_blocks(script)[1][0].content)[0]
    assert words(catalogue(LOCALE / f"{page(script)}.po")[title]) in words("".join(markdown[0][1]["source"]))
    assert sum(en["source"] != es["source"] for en, es in markdown) >= len(markdown) // 2

    spanish = {name: download(site, "es", script.with_suffix(name).name).read_bytes() for name in (".py", ".ipynb")}
    with zipfile.ZipFile(download(site, "es", script.with_suffix(".zip").name)) as archive:
        assert {n: archive.read(n) for n in archive.namelist()} == {
            script.with_suffix(s).name: data for s, data in spanish.items()}


LAB = ROOT / "lab" / "lab_01_gap.py"
LAB_COMMENT = "MMREF_QUICK=1: tiny sizes, to check the set-up"
LAB_TITLE = "Lab 01: the performance gap on your own machine"
LAB_CELL = "Sizes and inputs"
LAB_RESULTS = "When the site is built, the lab saves its numbers beside the gallery's."


def test_translated_lab_changes_only_words(tmp_path):
    out = tmp_path / LAB.name
    publish(LAB, out, {LAB_COMMENT: "tamaños mínimos"}, {LAB_TITLE: "Laboratorio 01", LAB_CELL: "Tamaños"})
    text = out.read_text(encoding="utf-8")
    assert "# tamaños mínimos" in text and "Laboratorio 01\n==============\n" in text
    assert "# Tamaños\n# -------\n" in text


@pytest.mark.parametrize("comments, texts", [
    ({LAB_COMMENT: 'x\nimport os; os.remove("f")'}, {}),               # a line of code in a comment
    ({LAB_COMMENT: "x\r\nimport os"}, {}),
    ({}, {LAB_RESULTS: "a" * 80 + "\n# sphinx_gallery_thumbnail_number = 9"}),  # a setting, wrapped
], ids=["comment-newline", "comment-crlf", "cell-setting"])
def test_hostile_translation_puts_no_code_in_the_download(tmp_path, comments, texts):
    out = tmp_path / LAB.name
    with pytest.raises(Refused):
        publish(LAB, out, comments, texts)
    assert out.read_bytes() == LAB.read_bytes()  # the English script, not a half-translated one


@pytest.mark.parametrize("translation", ['"""\nimport os\n"""', 'x"""+__import__("os").getcwd()+"""', 'x\\', 'x"'])
def test_quotes_in_a_text_cell_cannot_close_the_docstring(tmp_path, translation):
    out = tmp_path / LAB.name
    comment = " ".join(translation.split())  # the catalogue drops a comment on more lines (below)
    publish(LAB, out, {LAB_COMMENT: comment}, {LAB_TITLE: translation, LAB_CELL: translation})
    source = out.read_text(encoding="utf-8")
    assert code_tokens(source) == code_tokens(LAB.read_text(encoding="utf-8"))
    assert ast.get_docstring(ast.parse(source)).startswith(comment)
    assert f"\n# {comment}\n# ---" in source and f"  # {comment}\n" in source


def test_quotes_cannot_close_a_raw_docstring(tmp_path):
    script = ROOT / "gallery" / "03-svd-and-rank" / "plot_06_svd_image.py"
    title = paragraphs(split_code_and_text_blocks(script)[1][0].content)[0]
    out = tmp_path / script.name
    publish(script, out, {}, {title: 'x"""\nimport os\nr"""'})
    source = out.read_text(encoding="utf-8")
    assert code_tokens(source) == code_tokens(script.read_text(encoding="utf-8"))
    assert "import os" not in source


def test_catalogue_drops_a_comment_translation_that_spans_lines(tmp_path):
    po = polib.POFile()
    po.append(polib.POEntry(msgid=LAB_COMMENT, msgstr="x\nimport os"))
    po.append(polib.POEntry(msgid="other", msgstr="otro"))
    po.save(str(tmp_path / "comments.po"))
    assert translations(tmp_path / "comments.po") == {"other": "otro"}
