"""The comments of code blocks are translated, and nothing else of the code is
(``_ext/code_comments.py``, ``locale/es/LC_MESSAGES/comments.po``).

On the built site, page by page: every comment of the English edition's code blocks is
translated in the Spanish one (or kept on purpose: the catalogue's translation is the same
text, as for ``# (3, 2)``), and every other token of every block is the same byte for byte.
On a small project: the ``gettext`` builder extracts the comments as messages (not shebangs
nor doctest directives), the HTML of a translated edition shows them translated, and the
``doctest`` builder of that edition runs the English block even when the translation holds
a line of code.
"""

from __future__ import annotations

import html
import re
import textwrap
from pathlib import Path

import polib
from helpers import ROOT, sphinx

#: Pygments' HTML classes of the comments that are messages (Comment, .Single, .Multiline,
#: .Special); shebangs (ch) and preprocessor lines (cp, cpf) are not
COMMENT_SPAN = re.compile(r'<span class="(?:c|c1|cm|cs)">([^<]*)</span>')
#: a code block's text (not its label); a gallery script's printed output is not code (the
#: Spanish edition translates it: ``_ext/printout_i18n.py``) and is left out
BLOCK = re.compile(r'<div class="(?![^"]*sphx-glr-script-out)[^"]*"><div class="highlight"><pre[^>]*>(.*?)</pre></div>',
                   re.S)
CATALOGUE = ROOT / "locale" / "es" / "LC_MESSAGES" / "comments.po"


def blocks(path: Path) -> list[str]:
    return BLOCK.findall(path.read_text(encoding="utf-8"))


def comments(block: str) -> list[str]:
    """The comments of a highlighted block that are messages, as readers see them: written
    after ``#`` (the ``...`` of a traceback is a Pygments comment too), doctest directives
    left out (they are code)."""
    return [html.unescape(c) for c in COMMENT_SPAN.findall(block)
            if "doctest:" not in c and re.match(r"\s*#", c)]


def code(block: str) -> str:
    """A highlighted block with each comment's text taken out: what must not change."""
    return COMMENT_SPAN.sub(lambda m: '<span class="c">#</span>' if "doctest:" not in m[1] else m[0], block)


def kept_on_purpose() -> set[str]:
    """The comments whose translation is their English text (names and shapes: ``# (3, 2)``)."""
    return {f"# {e.msgid}" for e in polib.pofile(str(CATALOGUE)).translated_entries()
            if e.msgstr == e.msgid}


def english_comments(en_site: Path, es_site: Path) -> list[str]:
    """Per page, the comments the Spanish edition shows in English."""
    kept = kept_on_purpose()
    report = []
    for path in sorted(en_site.rglob("*.html")):
        relative = path.relative_to(en_site)
        english = [c for b in blocks(path) for c in comments(b)]
        spanish = [c for b in blocks(es_site / relative) for c in comments(b)]
        if len(english) != len(spanish):
            report.append(f"{relative}: {len(english)} comments in English, {len(spanish)} in Spanish")
            continue
        report += [f"{relative}: {en!r}" for en, es in zip(english, spanish)
                   if en == es and " ".join(en.split()) not in kept]
    return report


def changed_code(en_site: Path, es_site: Path) -> list[str]:
    """Per page, the code blocks whose tokens (all but the comments' text) differ."""
    report = []
    for path in sorted(en_site.rglob("*.html")):
        relative = path.relative_to(en_site)
        english, spanish = list(map(code, blocks(path))), list(map(code, blocks(es_site / relative)))
        if english != spanish:
            first = next((i for i, (a, b) in enumerate(zip(english, spanish)) if a != b), None)
            report.append(f"{relative}: block {first} (of {len(english)} / {len(spanish)}) differs")
    return report


def test_spanish_code_blocks_have_no_english_comment(site):
    assert sum(len(comments(b)) for p in (site / "es").rglob("*.html") for b in blocks(p)) > 80
    report = english_comments(site / "en", site / "es")
    assert not report, "comments left in English:\n" + "\n".join(report)


def test_code_is_the_same_in_both_editions(site):
    report = changed_code(site / "en", site / "es")
    assert not report, "\n".join(report)


def test_every_comment_of_the_catalogue_is_translated():
    entries = [e for e in polib.pofile(str(CATALOGUE)) if not e.obsolete]
    assert len(entries) > 80
    assert not [e.msgid for e in entries if not e.translated()]


PAGE = """\
Page
====

>>> 1 + 1  # a comment
2
>>> x = 3  # another comment
>>> print("# not a comment")  # doctest: +NORMALIZE_WHITESPACE
# not a comment

.. code-block:: bash

   #!/bin/sh
   echo hi  # a shell comment
"""
#: the last translation holds a line of code: the build keeps that comment English, and no
#: builder ever runs it
TRANSLATIONS = {"a comment": "un comentario", "a shell comment": "un comentario de la shell",
                "another comment": "otro\n>>> raise SystemExit('translated code ran')"}


def project(tmp_path: Path) -> Path:
    src = tmp_path / "src"
    (src / "locale" / "es" / "LC_MESSAGES").mkdir(parents=True)
    (src / "index.rst").write_text(PAGE, encoding="utf-8")
    (src / "conf.py").write_text(textwrap.dedent(f"""
        import sys
        sys.path[:0] = [{str(ROOT / "_ext")!r}]
        extensions = ["sphinx.ext.doctest", "code_comments"]
        locale_dirs = ["locale/"]
    """))
    po = polib.POFile()
    po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "es"}
    for msgid, msgstr in TRANSLATIONS.items():
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    po.save(str(src / "locale" / "es" / "LC_MESSAGES" / "comments.po"))
    return src


def test_comments_are_extracted_translated_and_never_run(tmp_path):
    src = project(tmp_path)
    sphinx("gettext", src, tmp_path / "gettext")
    assert [e.msgid for e in polib.pofile(str(tmp_path / "gettext" / "comments.pot"))] == [
        "a comment", "a shell comment", "another comment"]  # no shebang, directive or string
    sphinx("html", src, tmp_path / "es", "-D", "language=es")
    page = (tmp_path / "es" / "index.html").read_text(encoding="utf-8")
    assert COMMENT_SPAN.findall(page) == [
        "# un comentario", "# another comment", "# un comentario de la shell"]
    # (Sphinx drops doctest directives from the page: trim_doctest_flags)
    assert '<span class="ch">#!/bin/sh</span>' in page
    sphinx("html", src, tmp_path / "en", "-D", "language=en")
    english = (tmp_path / "en" / "index.html").read_text(encoding="utf-8")
    assert COMMENT_SPAN.findall(english)[:2] == ["# a comment", "# another comment"]
    assert list(map(code, blocks(tmp_path / "en" / "index.html"))) == list(
        map(code, blocks(tmp_path / "es" / "index.html")))
    # the doctest builder of the Spanish edition runs the English block: 3 tests, no failure
    result = sphinx("doctest", src, tmp_path / "doctest", "-D", "language=es")
    output = (tmp_path / "doctest" / "output.txt").read_text(encoding="utf-8")
    assert "3 tests" in output and "0 failures in tests" in output, output
    assert "translated code ran" not in output + result.stdout + result.stderr
