"""The README's recipes hold for every page, script and lab, found in the sources (never listed).

A theory page is in the index's toctree (which puts it in the PDF: tests/test_pdf.py) and has
its Spanish catalogue; a gallery script and a lab are pages with their catalogues, and every lab
is linked from the index.  A gallery script sits in the section folder of the theory page that
quotes it, and a section is titled as its page and links to it.  (tests/test_gallery.py runs each
script and checks what the pages quote of it, and that the built gallery index groups the
scripts by page.)
"""

import re

import pytest
from helpers import ROOT, rst_title, script_chapters, source_pages, theory_chapters, toctree_entries

MESSAGES = ROOT / "locale" / "es" / "LC_MESSAGES"
INDEX = (ROOT / "index.rst").read_text(encoding="utf-8")
THEORY = sorted(f"theory/{p.stem}" for p in (ROOT / "theory").glob("*.rst"))
LABS = sorted(f"auto_lab/{p.relative_to(ROOT / 'lab').with_suffix('').as_posix()}"
              for p in (ROOT / "lab").rglob("lab_*.py"))
SECTIONS = sorted((ROOT / "gallery").glob("*/GALLERY_HEADER.rst"))


def test_the_recipes_find_pages():
    assert THEORY and LABS and SECTIONS and "translation-status" in source_pages()


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


@pytest.mark.parametrize("script", sorted(script_chapters()), ids=lambda p: p.stem)
def test_a_gallery_script_sits_in_the_section_of_the_page_that_quotes_it(script):
    chapter = script_chapters()[script]
    assert chapter, f"no theory page in index.rst's toctree quotes {script.name}: quote it, or remove it"
    home = ROOT / "gallery" / chapter.removeprefix("theory/") / script.name
    assert ROOT / script == home, (f"{script} is quoted by {chapter} (or its solutions), first of the "
                                   f"theory pages: move it to {home.relative_to(ROOT)}")


@pytest.mark.parametrize("header", SECTIONS, ids=lambda p: p.parent.name)
def test_a_gallery_section_is_titled_as_its_theory_page_and_links_to_it(header):
    page = f"theory/{header.parent.name}"
    assert page in theory_chapters(), (f"{header.parent.relative_to(ROOT)}/ is a gallery section, but no "
                                       f"chapter of index.rst's toctree starts with {page}")
    text = header.read_text(encoding="utf-8")
    expected = rst_title((ROOT / f"{page}.rst").read_text(encoding="utf-8"))
    assert rst_title(text).startswith(expected), (f"{header.relative_to(ROOT)}: start its title with "
                                                  f"{expected!r}, the title of {page}")
    assert re.search(rf":doc:`(?:[^`]*<)?/{page}>?`", text), f"{header.relative_to(ROOT)} does not link to /{page}"


def test_the_index_cards_follow_the_reading_order():
    """The cards of index.rst come in the order of its toctree, which is the order of the pages'
    previous/next links: a card for a page inside a section (a lab) takes the section's place."""
    labels = {}
    for path in [*ROOT.glob("*.rst"), *(ROOT / "theory").rglob("*.rst")]:
        for label in re.findall(r"^\.\. _([\w-]+):\s*$", path.read_text(encoding="utf-8"), re.M):
            labels[label] = path.relative_to(ROOT).with_suffix("").as_posix()
    toctree = toctree_entries(INDEX)

    def place(docname):
        if docname in toctree:
            return toctree.index(docname)
        sections = [i for i, entry in enumerate(toctree)
                    if entry.endswith("/index") and docname.startswith(entry.removesuffix("index"))]
        assert sections, f"index.rst has a card for {docname}, which its toctree does not reach"
        return sections[0]

    cards = re.findall(r"grid-item-card::[^\n]*\n\s+:link: (\S+)\n\s+:link-type: (\w+)", INDEX)
    assert len(cards) >= 2
    pages = [labels[link] if kind == "ref" else link.lstrip("/") for link, kind in cards]
    places = [place(page) for page in pages]
    assert places == sorted(places), (
        f"order the cards of index.rst as its toctree: {[p for _, p in sorted(zip(places, pages))]}")
