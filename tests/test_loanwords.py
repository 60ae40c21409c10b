"""The Spanish edition's loanwords in italics (_ext/loanwords.py), on small doctrees."""

import re
import sys

from docutils import nodes
from docutils.core import publish_doctree
from helpers import ROOT

sys.path.insert(0, str(ROOT / "_ext"))
from loanwords import italic_html, italicize, loanword_pattern  # noqa: E402

PATTERN = loanword_pattern(ROOT, "es")


def italic_and_upright(doctree: nodes.Node) -> tuple[list[str], str]:
    """The texts in italics, and the text outside them."""
    italic = [n.astext() for n in doctree.findall(nodes.emphasis)]
    upright = " ".join(t for t in doctree.findall(nodes.Text)
                       if not any(isinstance(a, nodes.emphasis) for a in _ancestors(t)))
    return italic, upright


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


def test_the_glossary_gives_the_words_in_italics():
    assert PATTERN is not None
    words = {m.lower() for m in PATTERN.findall("kernel softmax doctests one-hot embeddings fuzzy")}
    assert words == {"kernel", "softmax", "doctests", "one-hot", "embeddings", "fuzzy"}
    assert loanword_pattern(ROOT, "en") is None  # the English edition has no glossary


def test_words_of_the_text_go_in_italics_and_code_stays_code():
    doctree = publish_doctree(
        "La función softmax y los Kernels; ``softmax(x)``, *embedding*, mmref.kernels, "
        "one_hot y lookup_by_matmul.")
    italicize(doctree, PATTERN)
    italic, upright = italic_and_upright(doctree)
    assert italic == ["softmax", "Kernels", "embedding"]
    assert "mmref.kernels" in upright and "one_hot" in upright
    assert next(doctree.findall(nodes.literal)).astext() == "softmax(x)"
    assert doctree.astext() == ("La función softmax y los Kernels; softmax(x), embedding, "
                                "mmref.kernels, one_hot y lookup_by_matmul.")


def test_english_values_and_bilingual_text_are_left_alone():
    paragraph = nodes.paragraph("", "", nodes.Text("un kernel "),
                                nodes.inline("", "kernel", classes=["measured"]))
    english = nodes.paragraph("", "the kernel", classes=["language-en"])
    table = nodes.container("", nodes.paragraph("", "embedding table"), classes=["bilingual"])
    doctree = nodes.section("", paragraph, english, table)
    italicize(doctree, PATTERN)
    assert [n.astext() for n in doctree.findall(nodes.emphasis)] == ["kernel"]
    assert isinstance(paragraph[-1], nodes.inline) and paragraph[-1].astext() == "kernel"


def test_html_titles_get_their_italics():
    assert italic_html("B&amp;squeda de embeddings: producto one-hot", PATTERN) == (
        "B&amp;squeda de <em lang=\"en\">embeddings</em>: producto <em lang=\"en\">one-hot</em>")
    assert re.fullmatch(r"[^<]*", italic_html("mmref.embedding", PATTERN))


def test_a_foreign_name_of_several_words_goes_in_italics():
    doctree = publish_doctree("BLAS, Basic Linear Algebra\nSubprograms (subprogramas básicos).")
    italicize(doctree, PATTERN)
    italic, upright = italic_and_upright(doctree)
    assert [" ".join(text.split()) for text in italic] == ["Basic Linear Algebra Subprograms"]
    assert "Basic" not in upright


def test_every_loanword_is_marked_as_english():
    """A screen reader reads a word in the page's voice unless it says otherwise: each
    loanword, whether the extension or the translator set it in italics, is marked English
    (the class the HTML writer turns into lang="en"); other italics are left unmarked."""
    doctree = publish_doctree("La función softmax, un *kernel*, una *idea* y *Basic Linear "
                              "Algebra Subprograms*.")
    italicize(doctree, PATTERN)
    marked = {n.astext(): n["classes"] for n in doctree.findall(nodes.emphasis)}
    assert marked == {"softmax": ["language-en"], "kernel": ["language-en"], "idea": [],
                      "Basic Linear Algebra Subprograms": ["language-en"]}
    assert 'lang="en"' in italic_html("tabla de embeddings", PATTERN)


def test_an_english_name_the_translation_set_in_italics_is_marked_english():
    """The glossary's entries give an acronym's English name in italics: a screen reader must
    read it in English, like the loanwords."""
    doctree = publish_doctree("Una instrucción, múltiples datos (*single instruction, multiple "
                              "data*); *adaptación de rango bajo* y *low-rank adaptation*.")
    italicize(doctree, PATTERN)
    marked = [n.astext() for n in doctree.findall(nodes.emphasis) if "language-en" in n["classes"]]
    assert marked == ["single instruction, multiple data", "low-rank adaptation"]
