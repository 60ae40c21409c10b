"""The reviewers' view of the measured sentences (``make variants``, _ext/measured.py).

A build keeps, of each ``measured-choice``, the case that holds on its machine; with
``-D measured_every_case=1`` it shows every case under a label, so that a reviewer reads the
wordings other machines get.  The first tests take a hand-made choice through the build step;
the last builds the Spanish edition that way and counts the labels against the sources.
"""

import re
import sys
from types import SimpleNamespace

import pytest
from docutils import nodes
from helpers import ROOT, sphinx

sys.path.insert(0, str(ROOT / "_ext"))
import measured  # noqa: E402

THEORY = sorted((ROOT / "theory").glob("*.rst"))


def page_with_a_choice():
    """'Before.', a choice of three cases (the middle one empty, only a comment) holding
    'falls', then 'After.'."""
    choice = measured.measured_choice(key="plot_x.trend", value="falls")
    for value, child in (("rises", nodes.paragraph("", "It rises.")),
                         ("flat", nodes.comment("", "unreachable: the page says it elsewhere")),
                         ("falls", nodes.paragraph("", "It falls."))):
        case = measured.measured_case(value=value)
        case += child
        choice += case
    page = nodes.section()
    page += [nodes.paragraph("", "Before."), choice, nodes.paragraph("", "After.")]
    return page


def built(builder="html", every_case=False):
    page = page_with_a_choice()
    app = SimpleNamespace(builder=SimpleNamespace(name=builder),
                          config=SimpleNamespace(measured_every_case=every_case, language="en"))
    measured.keep_the_case_that_holds(app, page, "theory/x")
    return [p.astext() for p in page.findall(nodes.paragraph)]


def test_a_build_keeps_only_the_case_that_holds():
    assert built() == ["Before.", "It falls.", "After."]


def test_the_translators_catalogue_gets_every_case_without_labels():
    assert built("gettext") == ["Before.", "It rises.", "It falls.", "After."]


def test_the_reviewers_view_labels_every_case_the_empty_one_and_the_one_kept():
    assert built(every_case=True) == [
        "Before.",
        "Case “rises” of plot_x.trend", "It rises.",
        "Case “flat” of plot_x.trend (empty: in this case the page says nothing here)",
        "Case “falls” of plot_x.trend (the case this build keeps)", "It falls.",
        "End of the cases of plot_x.trend",
        "After.",
    ]


@pytest.fixture(scope="module")
def spanish_variants(tmp_path_factory):
    out = tmp_path_factory.mktemp("variants")
    sphinx("html", ROOT, out / "es", "-W", "--keep-going", "-q", "-D", "language=es",
           "-D", "measured_every_case=1", doctrees=out / "doctrees")
    return out / "es"


@pytest.mark.parametrize("source", THEORY, ids=lambda p: p.stem)
def test_the_spanish_view_shows_every_case_of_the_page_in_spanish(spanish_variants, source):
    text = source.read_text(encoding="utf-8")
    keys = re.findall(r"^\s*\.\. measured-choice:: (\S+)", text, re.M)
    cases = len(re.findall(r"^\s*\.\. case:: ", text, re.M))
    html = (spanish_variants / "theory" / f"{source.stem}.html").read_text(encoding="utf-8")
    labels = re.findall(r'<p class="measured-variant"><strong>([^<]*)</strong></p>', html)
    assert len([l for l in labels if l.startswith("Caso «")]) == cases
    ends = [l.removeprefix("Fin de los casos de ") for l in labels if l.startswith("Fin ")]
    assert sorted(ends) == sorted(keys)  # a choice inside a case ends before the outer one
    assert len([l for l in labels if "(el que conserva esta generación)" in l]) == len(keys)
