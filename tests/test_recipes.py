"""The README's recipes hold for every page, script and lab, found in the sources (never listed).

A theory page is in the index's toctree (which puts it in the PDF: tests/test_pdf.py) and has
its Spanish catalogue; a gallery script and a lab are pages with their catalogues, and every lab
is linked from the index.
(tests/test_gallery.py runs each script and checks what the pages quote of it.)
"""

import re

import pytest
from helpers import ROOT, source_pages, toctree_entries

MESSAGES = ROOT / "locale" / "es" / "LC_MESSAGES"
INDEX = (ROOT / "index.rst").read_text(encoding="utf-8")
THEORY = sorted(f"theory/{p.stem}" for p in (ROOT / "theory").glob("*.rst"))
LABS = sorted(f"auto_lab/{p.relative_to(ROOT / 'lab').with_suffix('').as_posix()}"
              for p in (ROOT / "lab").rglob("lab_*.py"))


def test_the_recipes_find_pages():
    assert THEORY and LABS and "translation-status" in source_pages()


@pytest.mark.parametrize("docname", THEORY)
def test_theory_page_is_in_the_index_toctree(docname):
    assert docname in toctree_entries(INDEX), f"add `{docname}` to the toctree of index.rst"


@pytest.mark.parametrize("docname", source_pages())
def test_every_page_has_its_spanish_catalogue(docname):
    po = MESSAGES / f"{docname}.po"
    assert po.is_file(), f"{po.relative_to(ROOT)} is missing: run `make update-po` and translate it"


@pytest.mark.parametrize("docname", LABS)
def test_every_lab_is_linked_from_the_index(docname):
    assert re.search(rf":link: /{re.escape(docname)}\s*$", INDEX, re.M), (
        f"index.rst has no card linking to /{docname} (see the README's recipe for a lab)")


def test_toctree_entries_are_read():
    """The helper sees entries (and only entries) of a toctree."""
    text = ".. toctree::\n   :hidden:\n\n   a/b\n   c\n\nText.\n"
    assert toctree_entries(text) == ["a/b", "c"]
