"""The site builds cleanly, its doctests pass, and a wrong number makes them fail."""

import ast
import doctest
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import LANGUAGES, ROOT, copy_tree, sphinx


def doctest_counts(outdir):
    """Tests run per document, from the doctest builder's report."""
    text = (Path(outdir) / "output.txt").read_text(encoding="utf-8")
    counts = {}
    for doc, body in re.findall(r"^Document: (\S+)\n-+\n(.*?)(?=^Document: |^Doctest summary)", text, re.S | re.M):
        counts[doc] = sum(int(n) for n in re.findall(r"^(\d+) tests in", body, re.M))
    return counts, text


@pytest.fixture(scope="module")
def doctest_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("doctest")
    result = sphinx("doctest", ROOT, out, "-W", "--keep-going", "-q", check=False)
    return result, out


def test_doctests_pass_on_every_page(doctest_run):
    result, out = doctest_run
    counts, text = doctest_counts(out)
    assert result.returncode == 0, text[-4000:] + result.stderr[-4000:]
    assert "0 failures in tests" in text
    # The claims really are executed, including those folded inside dropdowns.
    assert counts["theory/02-matmul-as-composition"] >= 100
    assert counts["theory/02-solutions"] >= 30
    assert counts["api"] >= 40


@pytest.mark.parametrize("language", LANGUAGES)
def test_html_builds_with_warnings_as_errors(site, language):
    page = (site / language / "theory" / "02-matmul-as-composition.html").read_text(encoding="utf-8")
    assert f'lang="{language}"' in page
    assert "76800" in page and "sphx_glr_plot_01_ladder_001" in page
    assert "cdn." not in page and "jsdelivr" not in page  # everything is served with the site
    assert "<math" in page and (site / language / "_static" / "vendor" / "temml" / "Temml-Local.css").is_file()


MUTATIONS = [
    # (file, original text, mutated text): each must make the doctests fail.
    ("theory/02-matmul-as-composition.rst", "\n76800\n", "\n76801\n"),
    ("theory/02-matmul-as-composition.rst", "\n33554432\n", "\n33554433\n"),
    ("theory/02-solutions.rst", "(18874368, True)", "(18874369, True)"),
    ("mmref/flops.py", "return 2 * batch * m * k * n", "return 2 * batch * m * k * n + batch"),
    ("mmref/flops.py", "return 2 * n - 1 if n else 0", "return 2 * n if n else 0"),
]


@pytest.mark.parametrize("path, original, mutated", MUTATIONS)
def test_a_wrong_number_or_formula_fails_the_doctests(tmp_path, path, original, mutated):
    src = copy_tree(tmp_path / "src")
    target = src / path
    text = target.read_text(encoding="utf-8")
    assert text.count(original) >= 1, f"{original!r} no longer occurs in {path}: update the mutation"
    target.write_text(text.replace(original, mutated, 1), encoding="utf-8")
    result = sphinx("doctest", src, tmp_path / "out", "-q", "-D", "plot_gallery=0", check=False)
    assert result.returncode != 0
    assert "Failed example" in (tmp_path / "out" / "output.txt").read_text(encoding="utf-8")


def test_the_tolerances_the_theory_page_states_are_those_its_checks_use():
    """The note on tolerances (\"Not covered here\") describes every float comparison on page 02:
    relative tolerance 1e-5; np.allclose's atol 1e-6 or NumPy's default; math.isclose with
    no abs_tol; the one direct bound on an error near zero."""
    text = (ROOT / "theory" / "02-matmul-as-composition.rst").read_text(encoding="utf-8")
    calls = {"allclose": [], "isclose": []}
    sources = [example.source for example in doctest.DocTestParser().get_examples(text)]
    for node in ast.walk(ast.parse("\n".join(sources))):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in calls:
            calls[node.func.attr].append({k.arg: ast.literal_eval(k.value) for k in node.keywords})
    assert calls["allclose"] and calls["isclose"], calls
    for keywords in calls["allclose"]:
        assert keywords.get("rtol") == 1e-5 and keywords.get("atol", 1e-6) == 1e-6, keywords
    assert any("atol" in k for k in calls["allclose"]) and any("atol" not in k for k in calls["allclose"])
    for keywords in calls["isclose"]:
        assert keywords == {"rel_tol": 1e-5}, keywords
    assert any("error_best < 1e-6" in source for source in sources)
    note = " ".join(text[text.index("* Floating-point precision of matmul."):].split())
    for words in ("relative tolerance of :math:`10^{-5}`", ":math:`10^{-6}` where an example sets ``atol``",
                  "NumPy's default of :math:`10^{-8}`", "``math.isclose`` adds none", "``error_best < 1e-6``"):
        assert words in note, words


def test_sources_pass_sphinx_lint():
    headers = [p.relative_to(ROOT).as_posix() for folder in ("gallery", "lab")
               for p in sorted((ROOT / folder).rglob("GALLERY_HEADER.rst"))]  # with the sections'
    sources = ["index.rst", "api.rst", "translating.rst", "theory", *headers]
    result = subprocess.run([sys.executable, "-m", "sphinxlint", *sources], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_gallery_script_that_raises_fails_the_build(tmp_path):
    src = copy_tree(tmp_path / "src")  # the copied auto_gallery/ keeps the other scripts cached
    (src / "gallery" / "plot_99_broken.py").write_text(
        '"""\nA broken example\n================\n\nIt raises.\n"""\n\nraise RuntimeError("measurement failed")\n',
        encoding="utf-8",
    )
    result = sphinx("html", src, tmp_path / "out", "-q", "-D", "language=en", check=False)
    assert result.returncode != 0
    assert "plot_99_broken" in result.stdout + result.stderr
