"""The glossary's promise holds: a theory page links a term to it the first time it uses it.

The theory pages and the glossary are read by Sphinx (nothing is written), and each page's
doctree is searched, in reading order, for every glossary term: its name, its plural, and the
words any page links to it (``:term:`one-hot <one-hot vector>``` makes "one-hot" a use of
"one-hot vector").  Only prose counts: titles, code, formulas and the text of other links are
not searched.  A sentence chosen by a measurement (``measured-choice``) shows one case of
several, so every use up to the first one outside such a choice must be a link: whichever
case the build keeps, the first use a reader meets is linked.
"""

from __future__ import annotations

import pickle
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from docutils import nodes
from helpers import ROOT, sphinx
from sphinx import addnodes

sys.path.insert(0, str(ROOT / "_ext"))  # the doctrees hold the measured extension's nodes
PAGES = sorted(f"theory/{p.stem}" for p in (ROOT / "theory").glob("*.rst"))
# Text that is not prose a reader reads as words: a term there cannot (or need not) be a link.
NOT_PROSE = (nodes.title, nodes.literal, nodes.literal_block, nodes.doctest_block, nodes.math,
             nodes.math_block, nodes.comment, nodes.raw, nodes.system_message,
             nodes.problematic, nodes.reference, nodes.target, nodes.image)


@dataclass(frozen=True)
class Use:
    term: str
    linked: bool
    in_choice: bool
    line: int | None
    text: str


def read_doctrees(tmp_path: Path, pages: dict[str, str]) -> dict[str, nodes.document]:
    """Read ``pages`` ({docname: reST}) and the glossary with Sphinx; their doctrees as read
    (every case of a measured choice still in place, term links still pending)."""
    src = tmp_path / "src"
    for name, text in {**pages, "glossary": (ROOT / "glossary.rst").read_text("utf-8")}.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / f"{name}.rst").write_text(text, encoding="utf-8")
    (src / "conf.py").write_text(textwrap.dedent(f"""
        import sys
        sys.path[:0] = [{str(ROOT)!r}, {str(ROOT / "_ext")!r}]
        extensions = ["measured", "sphinx_design", "sphinx.ext.doctest"]
        root_doc = "glossary"
        suppress_warnings = ["toc.not_included"]
    """))
    doctrees = tmp_path / "doctrees"
    sphinx("dummy", src, tmp_path / "out", "-q", doctrees=doctrees)  # no results: warnings only
    return {name: pickle.loads((doctrees / f"{name}.doctree").read_bytes())
            for name in [*pages, "glossary"]}


def term_patterns(doctrees: dict[str, nodes.document]) -> dict[str, re.Pattern]:
    """{term: pattern of its uses}: its name and every text a page links to it, plural or not."""
    terms = [t.astext() for t in doctrees["glossary"].findall(nodes.term)]
    words = {t.lower(): {t} for t in terms}
    for doctree in doctrees.values():
        for xref in doctree.findall(addnodes.pending_xref):
            if xref.get("reftype") == "term" and xref["reftarget"].lower() in words:
                words[xref["reftarget"].lower()].add(xref.astext())
    patterns = {}
    for term in terms:
        alternatives = "|".join(re.escape(w).replace(r"\ ", r"[\s\u00a0\u202f]+")
                                for w in sorted(words[term.lower()], key=len, reverse=True))
        patterns[term] = re.compile(rf"(?<![\w-])(?:{alternatives})(?:e?s)?(?![\w-])", re.I)
    return patterns


def uses(doctree: nodes.document, patterns: dict[str, re.Pattern]) -> list[Use]:
    """Every use of a glossary term in the prose of ``doctree``, in reading order."""
    found = []
    for text in doctree.findall(nodes.Text):
        ancestors = list(_ancestors(text))
        xrefs = [a for a in ancestors if isinstance(a, addnodes.pending_xref)]
        if any(isinstance(a, NOT_PROSE) for a in ancestors) or any(
                x.get("reftype") != "term" for x in xrefs):
            continue
        linked_to = xrefs[0]["reftarget"].lower() if xrefs else None
        in_choice = any(type(a).__name__ == "measured_choice" for a in ancestors)
        line = next((a.line for a in ancestors if a.line), None)
        for term, pattern in patterns.items():
            for match in pattern.finditer(text.astext()):
                found.append(Use(term, linked_to == term.lower(), in_choice, line,
                                 text.astext()[max(0, match.start() - 30):match.end() + 30]))
    return found


def unlinked_first_uses(found: list[Use]) -> list[Use]:
    """The uses that break the rule: up to each term's first use outside a measured choice
    (that use included), every use must be a link."""
    wrong, settled = [], set()
    for use in found:
        if use.term in settled:
            continue
        if not use.linked:
            wrong.append(use)
        if not use.in_choice:
            settled.add(use.term)
    return wrong


def _ancestors(node: nodes.Node):
    while node.parent is not None:
        node = node.parent
        yield node


@pytest.fixture(scope="module")
def theory(tmp_path_factory):
    pages = {name: (ROOT / f"{name}.rst").read_text("utf-8") for name in PAGES}
    doctrees = read_doctrees(tmp_path_factory.mktemp("glossary"), pages)
    return doctrees, term_patterns(doctrees)


@pytest.mark.parametrize("page", PAGES)
def test_each_page_links_each_term_where_it_first_uses_it(theory, page):
    doctrees, patterns = theory
    found = uses(doctrees[page], patterns)
    assert found, f"{page}: no glossary term found (is the search broken?)"
    wrong = unlinked_first_uses(found)
    assert not wrong, f"{page}.rst: link the first use of each glossary term with :term: " + "".join(
        f"\n  line {u.line}: {u.term!r} in …{u.text}…" for u in wrong)


def test_an_unlinked_first_use_is_found(tmp_path):
    """A page that names a term before linking it, or links it only inside one case of a
    measured choice, breaks the rule; linking the first use outside the choice mends it."""
    page = textwrap.dedent("""
        Title about the rank
        ====================

        A matrix has a rank. Its :term:`rank` is linked only here.

        .. measured-choice:: plot_99.fact

           .. case:: one

              The :term:`median` run.

           .. case:: two

              The median run.

        Timings show the :term:`median`.
    """)
    doctrees = read_doctrees(tmp_path, {"theory/99-test": page})
    found = uses(doctrees["theory/99-test"], term_patterns(doctrees))
    wrong = [(u.term, u.linked, u.in_choice) for u in unlinked_first_uses(found)]
    assert wrong == [("rank", False, False), ("median", False, True)]
