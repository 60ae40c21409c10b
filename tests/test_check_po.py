"""Tests of tools/check_po.py, the guard that checks the Spanish .po files before Sphinx uses them.

Each test writes a small .po file with polib, rewraps it with powrap (as `make update-po` does)
and checks that the guard reports the right file, line and rule, or nothing for a good file.
"""

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tools" / "check_po.py"
POWRAP = Path(sys.executable).parent / "powrap"

_spec = importlib.util.spec_from_file_location("check_po", SCRIPT)
check_po = sys.modules["check_po"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_po)

# A translation that must pass: Spanish number formats, formulas, literals, translated titles.
GOOD = [
    ("A matrix of 76,800 entries takes 2.1 MB; 1024 is not grouped.",
     "Una matriz de 76\u00a0800 entradas ocupa 2,1 MB; 1024 no se agrupa."),
    ("Also 76,800 and 76,800 and 1,000,000.",
     "También 76 800 y 76.800 y 1\u202f000\u202f000."),
    ("Take :math:`A` with shape :math:`(M, K)` and call ``np.matmul`` on 10⁴ pairs.",
     "Tome :math:`A` con forma :math:`(M, K)` y llame a ``np.matmul`` con 10⁴ pares."),
    ("See :doc:`the theory <theory/02-matmul-as-composition>` and :ref:`Section <sec-2-1>`.",
     "Véase :doc:`la teoría <theory/02-matmul-as-composition>` y :ref:`Sección <sec-2-1>`."),
    ("Source: :doc:`/auto_gallery/plot_01_ladder`, :func:`mmref.flops.matmul_flops`.",
     "Fuente: :doc:`/auto_gallery/plot_01_ladder`, :func:`mmref.flops.matmul_flops`."),
    ("It was :measured:`plot_01_ladder.gap_1024` times slower.",
     "Fue :measured:`plot_01_ladder.gap_1024` veces más lento."),
    ("Read `the NumPy manual <https://numpy.org/doc/>`_ or write to mailto:a@b.org.",
     "Lea `el manual de NumPy <https://numpy.org/doc/>`_ o escriba a mailto:a@b.org."),
    ("Never write ``<script>`` in prose.", "Nunca escriba ``<script>`` en la prosa."),
    ("A **bold** claim\nover two lines.", "Una afirmación en **negrita**\nen dos líneas."),
]


def write_po(path: Path, entries: list[tuple], wrap: bool = True) -> dict[str, int]:
    """Write ``entries`` ((msgid, msgstr) or (msgid, msgstr, flags)) as a .po file.

    Returns the line of each msgid in the written file.
    """
    po = polib.POFile(wrapwidth=0 if not wrap else 78)
    po.metadata = {
        "Project-Id-Version": "mm-reference 0.1",
        "Language": "es",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    for msgid, msgstr, *flags in entries:
        po.append(polib.POEntry(msgid=msgid, msgstr=msgstr, flags=flags[0] if flags else []))
    path.parent.mkdir(parents=True, exist_ok=True)
    po.save(str(path))
    if wrap:
        subprocess.run([str(POWRAP), "--quiet", str(path)], check=True)
    return {e.msgid: e.linenum for e in polib.pofile(str(path))}


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "tools/check_po.py", *args],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )


def problems(output: str) -> list[tuple[str, int, str, str]]:
    """(path, line, rule, message) of each problem line the guard printed."""
    return [(p, int(n), r, m) for p, n, r, m in
            re.findall(r"^(.+?):(\d+): \[([\w-]+)\] (.+)$", output, re.M)]


def check(tmp_path: Path, msgid: str, msgstr: str, flags: list[str] | None = None):
    """Check one entry between two good ones; return (path, its line, problems)."""
    path = tmp_path / "theory" / "page.po"
    lines = write_po(path, [GOOD[0], (msgid, msgstr, flags or []), GOOD[2]])
    found, _ = check_po.check_file(path)
    return str(path), lines[msgid], [(p.path, p.line, p.rule, p.message) for p in found]


# --- end to end, through the command line ---------------------------------------------------


def test_clean_translation_passes(tmp_path):
    path = tmp_path / "good.po"
    write_po(path, GOOD)
    result = run_cli(str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == f"check-po: 1 files, {len(GOOD)} entries, no problems"


def test_obsolete_entries_are_ignored(tmp_path):
    path = tmp_path / "good.po"
    write_po(path, GOOD)
    with path.open("a", encoding="utf-8") as f:
        f.write('\n#~ msgid "Old 76,800"\n#~ msgstr "Viejo <script> 7 680"\n')
    assert run_cli(str(path)).returncode == 0


def test_directory_is_searched_recursively_and_paths_are_shown_as_given(tmp_path):
    lines = write_po(tmp_path / "es" / "theory" / "02.po", [GOOD[0], ("Untranslated", "")])
    write_po(tmp_path / "es" / "index.po", GOOD)
    given = os.path.relpath(tmp_path / "es", ROOT)
    result = run_cli(given)
    assert result.returncode == 1
    assert problems(result.stdout) == [(
        f"{given}/theory/02.po", lines["Untranslated"], "untranslated",
        "the entry has no translation (empty msgstr), so the Spanish page would show the "
        "English text; write the Spanish text in msgstr",
    )]
    summary = f"check-po: 2 files, {len(GOOD) + 2} entries, 1 problem(s)"
    assert result.stdout.splitlines()[-1] == summary


def test_several_problems_in_one_run(tmp_path):
    path = tmp_path / "bad.po"
    lines = write_po(path, [
        ("Untranslated", ""),
        ("The gap is 76,800.", "La brecha es 7 680."),
        ("See `NumPy <https://numpy.org>`_.", "Véase `NumPy <JaVaScRiPt:alert(1)>`_."),
    ])
    result = run_cli(str(path))
    assert result.returncode == 1
    found = {(p, n, r) for p, n, r, _ in problems(result.stdout)}
    assert found == {
        (str(path), lines["Untranslated"], "untranslated"),
        (str(path), lines["The gap is 76,800."], "number"),
        (str(path), lines["See `NumPy <https://numpy.org>`_."], "target"),
        (str(path), lines["See `NumPy <https://numpy.org>`_."], "link-scheme"),
    }
    assert "check-po: 1 files, 3 entries, 4 problem(s)" in result.stdout


def test_missing_path_is_an_error(tmp_path):
    result = run_cli(str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "no such file or directory" in result.stderr


def test_the_real_translations_pass():
    messages = ROOT / "locale" / "es" / "LC_MESSAGES"
    if not list(messages.rglob("*.po")):
        pytest.skip("no Spanish .po files yet")
    result = run_cli("locale/es/LC_MESSAGES")
    assert result.returncode == 0, result.stdout + result.stderr


# --- one rule at a time ------------------------------------------------------------------------


def test_untranslated_and_fuzzy(tmp_path):
    path, line, found = check(tmp_path, "Matrix", "")
    assert [(p, n, r) for p, n, r, _ in found] == [(path, line, "untranslated")]
    path, line, found = check(tmp_path, "Matrix", "Matriz", ["fuzzy"])
    assert [(p, n, r) for p, n, r, _ in found] == [(path, line, "fuzzy")]


def test_not_wrapped(tmp_path):
    path = tmp_path / "long.po"
    long_id = ("A sentence long enough to need wrapping at seventy-nine columns. " * 3).strip()
    lines = write_po(path, [(long_id, ("Una frase bastante larga para partirla. " * 3).strip())],
                     wrap=False)
    found, _ = check_po.check_file(path)
    assert [(p.path, p.line, p.rule) for p in found] == [(str(path), lines[long_id], "wrap")]
    assert "powrap" in found[0].message


@pytest.mark.parametrize(
    ("msgid", "msgstr", "rules", "words"),
    [
        # reST: unbalanced markup (docutils) and sphinx-lint's findings
        ("A **bold** claim", "Una afirmación en **negrita", {"rest"}, ["strong"]),
        ("Use ``x`` here", "Usa ``x``s aquí", {"rest"}, ["sphinx-lint"]),
        # numbers
        ("The gap is 76,800.", "La brecha es 7 680.", {"number"},
         ["76,800", "7 680", "Spanish way"]),
        ("It takes 2.1 s.", "Tarda 2.1 s.", {"number"}, ["2.1", "2,1"]),
        ("About 10⁴ pairs.", "Unos 10⁵ pares.", {"number"}, ["10⁴", "10⁵"]),
        ("Three pairs.", "Tres pares, 3 de ellos.", {"number"}, ["number 3 in the translation"]),
        ("About 128 000 in all.", "Unos 128\u00a0000 en total.", set(), []),  # SI grouping
        ("A rank-1 update.", "Una actualización de rango 1.", set(), []),  # spelled out
        ("A rank-1 update.", "Una actualización de rango 2.", {"number"}, ["number 2"]),
        # inline math and literals
        ("Then :math:`C = AB`.", "Entonces :math:`C = BA`.", {"math"}, [":math:`C = AB`"]),
        ("Call ``np.matmul``.", "Llame a ``np.dot``.", {"literal"}, ["``np.matmul``"]),
        # cross-reference targets: the title may change, the target may not
        ("See :doc:`theory <theory/02-matmul>`.", "Véase :doc:`teoría <theory/03-matmul>`.",
         {"target"}, ["theory/02-matmul"]),
        ("See :ref:`Section <sec-2-1>`.", "Véase :ref:`sec-2-1`.", set(), []),
        ("See :ref:`Section <sec-2-1>`.", "Véase :ref:`Sección <sec-2-2>`.", {"target"},
         ["sec-2-1"]),
        # links: the text may change, the URL may not
        ("Read `NumPy <https://numpy.org>`_.", "Lea `NumPy <https://numpy.org.evil>`_.",
         {"target"}, ["https://numpy.org"]),
        ("Read https://numpy.org.", "Lea https://evil.example.", {"target"}, ["numpy.org"]),
        # unsafe link schemes, even where the English text has the same
        ("Read `NumPy <https://numpy.org>`_.", "Lea `NumPy <javascript:alert(1)>`_.",
         {"target", "link-scheme"}, ["javascript"]),
        ("Read `NumPy <https://numpy.org>`_.", "Lea `NumPy <JaVa\nScRiPt:alert(1)>`_.",
         {"target", "link-scheme"}, ["javascript"]),
        ("Read `x <javascript:f()>`_.", "Lea `x <javascript:f()>`_.", {"link-scheme"}, []),
        ("Read `NumPy <https://numpy.org>`_.", "Lea `NumPy <&#106;avascript:f()>`_.",
         {"target", "link-scheme"}, ["javascript"]),
        ("Read `NumPy <https://numpy.org>`_.", "Lea `NumPy <data:text/html;base64,PHN>`_.",
         {"target", "link-scheme"}, ["data"]),
        ("Plain text.", "Texto.\n\n.. _x: file:///etc/passwd", {"target", "link-scheme"},
         ["file"]),
        # raw HTML and structure
        ("Plain text.", "Texto.\n\n.. raw:: html\n\n   <b>hola</b>", {"raw-html", "rest"},
         ["raw"]),
        ("Plain text.", "Texto :raw-html:`<b>hola</b>`.", {"raw-html", "target"}, ["raw"]),
        ("Plain text.", "Texto.\n\n.. note:: Hola.", {"raw-html"}, ["directive", "note"]),
        ("Plain text.", "Texto.\n\n.. include:: /etc/passwd", {"raw-html", "rest"},
         ["include"]),
        ("Plain text.", "Texto |logo|.", {"raw-html"}, ["|logo|"]),
        ("Plain text.", "Texto <script>alert('x')</script>.", {"raw-html"}, ["<script"]),
        ("Plain text.", "Texto <img src=x onerror=alert('x')>.", {"raw-html"}, ["onerror"]),
    ],
)
def test_rule(tmp_path, msgid, msgstr, rules, words):
    path, line, found = check(tmp_path, msgid, msgstr)
    assert {r for _, _, r, _ in found} == rules, found
    assert all((p, n) == (path, line) for p, n, _, _ in found), found
    messages = " ".join(m for _, _, _, m in found)
    for word in words:
        assert word in messages


# --- helpers --------------------------------------------------------------------------------


def test_number_formats():
    def values(text, spanish):
        return [key for key, _ in check_po.numbers(text, spanish)]

    english = values("76,800 and 2.1 and 1024 and 1,000,000 and 10⁴", spanish=False)
    assert values("76 800 y 2,1 y 1024 y 1 000 000 y 10⁴", spanish=True) == english
    assert values("76\u00a0800 y 2,1 y 1024 y 1.000.000 y 10⁴", spanish=True) == english
    assert values("76\u202f800 y 2,1 y 1024 y 1\u202f000\u202f000 y 10⁴", spanish=True) == english
    # identifiers are not numbers
    assert values("sec-2-1 plot_01_ladder theory/02-matmul float64 AVX-512", False) == []


@pytest.mark.parametrize("target", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "  javascript:x", "java\nscript:x",
    "java\tscript:x", "&#106;avascript:x", "&amp;#106;avascript:x", "java\\script:x",
    "data:text/html,x", "vbscript:x", "file:///etc/passwd",
])
def test_unsafe_schemes(target):
    assert check_po.unsafe_scheme(target)


@pytest.mark.parametrize("target", [
    "https://numpy.org", "http://x.org", "mailto:a@b.org", "../api.html", "api", "name_",
])
def test_safe_targets(target):
    assert check_po.unsafe_scheme(target) is None
