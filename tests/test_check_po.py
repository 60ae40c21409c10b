"""Tests of tools/check_po.py, the guard that checks the Spanish .po files before Sphinx uses them.

The attack table (tests/po_attacks.py) edits real entries of the real catalogues the way an
untrusted translator could; each edit must be rejected with its rule, at its entry's line.
"""

import importlib.util
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from po_attacks import ATTACKS, apply

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tools" / "check_po.py"
MESSAGES = ROOT / "locale" / "es" / "LC_MESSAGES"
POWRAP = Path(sys.executable).parent / "powrap"

_spec = importlib.util.spec_from_file_location("check_po", SCRIPT)
check_po = sys.modules["check_po"] = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(check_po)


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(SCRIPT), *args], cwd=ROOT,
                          capture_output=True, text=True, check=False)


@pytest.fixture
def catalogues(tmp_path):
    """A copy of the real catalogues, and .pot files holding exactly their English texts."""
    messages = tmp_path / "locale" / "es" / "LC_MESSAGES"
    shutil.copytree(MESSAGES, messages)
    pot_dir = tmp_path / "gettext"
    for po_path in messages.rglob("*.po"):
        if po_path.name == "sphinx.po":
            continue
        pot = polib.POFile()
        for entry in polib.pofile(str(po_path)):
            if not entry.obsolete:
                pot.append(polib.POEntry(msgid=entry.msgid, msgctxt=entry.msgctxt))
        target = pot_dir / po_path.relative_to(messages).with_suffix(".pot")
        target.parent.mkdir(parents=True, exist_ok=True)
        pot.save(str(target))
    return messages, pot_dir


def test_the_real_translations_pass():
    result = run_cli("locale/es/LC_MESSAGES")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().endswith("no problems")


def test_the_copied_catalogues_pass_with_their_templates(catalogues):
    messages, pot_dir = catalogues
    result = run_cli("--pot", str(pot_dir), str(messages))
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("attack", ATTACKS, ids=[a.name for a in ATTACKS])
def test_attack_is_rejected(catalogues, attack):
    messages, pot_dir = catalogues
    path = messages / attack.file
    if attack.new_file:
        path = messages / "theory" / "stray.po"
        path.write_text(attack.new_file, encoding="utf-8")
        msgid = None
    else:
        original = path.read_text(encoding="utf-8")
        text, msgid = apply(attack, original)
        if msgid is not None:
            assert ({e.msgid: (e.msgstr, e.msgstr_plural) for e in polib.pofile(text)}[msgid]
                    != {e.msgid: (e.msgstr, e.msgstr_plural) for e in polib.pofile(original)}[msgid]), (
                "the attack's edit changes nothing: the text it edits is no longer in the catalogue")
        path.write_text(text, encoding="utf-8")
    if attack.rewrap:
        subprocess.run([str(POWRAP), "--quiet", str(path)], check=False)
    found, _ = check_po.check_file(path, pot_dir)
    rules = {p.rule for p in found}
    assert attack.rule in rules, [str(p) for p in found]
    if msgid is not None:
        line = next(e.linenum for e in polib.pofile(str(path)) if e.msgid == msgid)
        assert any(p.rule == attack.rule and p.line == line for p in found), [str(p) for p in found]
    message = next(p.message for p in found if p.rule == attack.rule)
    assert len(message) > 40 and str(path) == found[0].path  # says what and where


def test_cli_reports_file_line_rule_and_summary(catalogues):
    messages, _ = catalogues
    path = messages / "index.po"
    text, msgid = apply(ATTACKS[0], path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    subprocess.run([str(POWRAP), "--quiet", str(path)], check=True)
    line = next(e.linenum for e in polib.pofile(str(path)) if e.msgid == msgid)
    result = run_cli(str(path))
    assert result.returncode == 1
    assert f"{path}:{line}: [link] the translation adds <reference refuri=" in result.stdout
    assert "javascript:alert(document.domain)//x" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("check-po: 1 files, ")


@pytest.mark.parametrize("glossary", [None, "english,spanish,rejected,note\n",
                                      "term,rendering\nwidth,ancho\n",
                                      "english,spanish,rejected,note\nwidth,,anchura,\n"],
                         ids=["deleted", "emptied", "other columns", "term without rendering"])
def test_an_unusable_glossary_is_an_error(tmp_path, glossary):
    """Deleting or emptying the glossary would switch its terminology rules off."""
    path = tmp_path / "es.csv"
    if glossary is not None:
        path.write_text(glossary, encoding="utf-8")
    assert list(check_po.text.glossary_file_problems(path))
    assert not list(check_po.text.glossary_file_problems(check_po.glossary_path("es")))


def test_the_glossary_is_out_of_the_translators_reach(catalogues):
    """The rules are read from tools/glossary/, reviewed like code: a glossary in locale/ with
    its rejected renderings emptied is itself rejected, and the rule still applies."""
    messages, pot_dir = catalogues
    assert check_po.glossary_path("es").relative_to(ROOT).parts[0] == "tools"
    rows = check_po.glossary_path("es").read_text(encoding="utf-8").splitlines()
    emptied = messages.parent / "glossary.csv"
    emptied.write_text("\n".join(re.sub(r",[^,]*,([^,]*)$", r",,\1", r) for r in rows), encoding="utf-8")
    path = messages / "index.po"
    text, _ = apply(next(a for a in ATTACKS if a.name == "usted register"), path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    subprocess.run([str(POWRAP), "--quiet", str(path)], check=True)
    result = run_cli("--pot", str(pot_dir), str(messages))
    assert result.returncode == 1
    assert f"{emptied}:1: [layout] the glossary's rules are not read from locale/" in result.stdout
    assert "[glossary] 'Usted' is not the glossary's rendering of 'you'" in result.stdout


def test_interface_catalogue_elsewhere_is_a_stray_page_catalogue(catalogues):
    """A second sphinx.po under a page folder gets the page rules: no page has that name."""
    messages, pot_dir = catalogues
    stray = messages / "auto_gallery" / "sphinx.po"
    shutil.copy(messages / "sphinx.po", stray)
    found, _ = check_po.check_file(stray, pot_dir)
    assert "stray" in {p.rule for p in found}, [str(p) for p in found]


def test_symlinked_catalogue_folder_is_a_layout_error(catalogues):
    """A symbolic link in locale/ is reported where it is, not followed to its target."""
    messages, pot_dir = catalogues
    real = messages.parent / "real" / "es" / "LC_MESSAGES"
    real.parent.mkdir(parents=True)
    messages.rename(real)
    messages.symlink_to(real, target_is_directory=True)
    result = run_cli("--pot", str(pot_dir), str(messages))
    assert result.returncode == 1 and "[layout]" in result.stdout, result.stdout


def test_missing_path_is_an_error(tmp_path):
    result = run_cli(str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert "no such file or directory" in result.stderr


def test_a_text_placeholder_counts_as_words_in_the_interface():
    """The footer's "© %(copyright)s." shows the copyright holder, so it hides no words; a
    message left with no letters, or with only positional placeholders, still does."""
    assert not list(check_po.check_ui_entry("© Copyright %(copyright)s.", "© %(copyright)s."))
    assert [rule for rule, _ in check_po.check_ui_entry("Skip to main content", "→")] == ["hidden"]
    assert "hidden" in {rule for rule, _ in check_po.check_ui_entry("%s (%s property)", "%s (%s)")}


@pytest.mark.parametrize(("msgid", "msgstr"), [
    ("A matrix of 76,800 entries takes 2.1 MB; 1024 is not grouped.",
     "Una matriz de 76\u202f800 entradas ocupa 2,1 MB; 1024 no se agrupa."),
    ("A rank-1 update of three rows.", "Una actualización de rango 1 de 3 filas."),
    ("See :ref:`Section <sec-2-1>` and ``np.matmul``.", "Véase :ref:`sec-2-1` y ``np.matmul``."),
    ("An embedding table.", "Una tabla de *embeddings*."),  # italics for a foreign word
])
def test_good_translations_pass(msgid, msgstr):
    found = list(check_po.check_structure(msgid, msgstr, "index", "es"))
    found += check_po.check_characters(msgid, msgstr)
    assert found == []


@pytest.mark.parametrize(("msgid", "msgstr"), [
    ("It takes 1,024 steps.", "Tarda 1 024 pasos."),  # four digits are not grouped
    ("It takes 76,800 steps.", "Tarda 76.800 pasos."),  # a point never groups in Spanish
    ("It takes 2.1 s.", "Tarda 2.1 s."),
    # only the narrow no-break space groups: a space or a no-break space lets a line break
    # inside the number, or looks wider than the rest of the site's numbers
    ("Also 76,800 steps.", "También 76 800 pasos."),
    ("Also 1,000,000 steps.", "También 1\u00a0000\u00a0000 pasos."),
])
def test_numbers_must_be_written_the_spanish_way(msgid, msgstr):
    assert {r for r, _ in check_po.check_structure(msgid, msgstr, "index", "es")} == {"number"}


@pytest.mark.parametrize("target", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "  javascript:x", "java\nscript:x",
    "&#106;avascript:x", "&amp;#106;avascript:x", "java\\script:x", "data:text/html,x",
    "vbscript:x", "file:///etc/passwd",
])
def test_unsafe_schemes(target):
    assert check_po.unsafe_scheme(target)


@pytest.mark.parametrize("place", [
    "en/LC_MESSAGES/index.po",  # a catalogue of another language: used by the English build
    "es_ES/LC_MESSAGES/index.mo",  # gettext prefers es_ES to es
    "es/LC_MESSAGES/hand-made.mo",  # a compiled catalogue of no .po
    "es/notes.txt",
])
def test_files_the_guard_does_not_read_are_rejected(catalogues, place):
    messages, pot_dir = catalogues
    path = messages.parents[1] / place
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text('msgid "x"\nmsgstr ".. role:: h(raw)"\n', encoding="utf-8")
    result = run_cli("--pot", str(pot_dir), str(messages))
    assert result.returncode == 1
    assert f"{path}:1: [layout] the guard checks only locale/es/LC_MESSAGES/*.po" in result.stdout
    assert "delete it" in result.stdout


def test_compiled_catalogue_next_to_its_po_is_allowed(catalogues):
    messages, pot_dir = catalogues
    (messages / "index.mo").write_bytes(b"")
    assert run_cli("--pot", str(pot_dir), str(messages)).returncode == 0


@pytest.mark.parametrize(("msgid", "msgstr"), [
    ("Two loops take 12 s and 3 s.", "Dos bucles tardan 12 s y 3 s."),
    ("About 2.1 billion FLOPs.", "Unos 2100 millones de FLOP."),
    ("About a billion times, 2.1 billion FLOPs.", "Unos mil millones de veces, 2100 millones de FLOP."),
    ("For 16.8 of its 18.9 million FLOPs.", "Para 16,8 de sus 18,9 millones de FLOP."),
    ("Three rows, 50 % of them.", "3 filas, el 50 % de ellas."),
    ("A drop of -2.5 and (-1).", "Una caída de \u22122,5 y (-1)."),
    ("Install mmref-0.1.0-py3-none-any.whl.", "Instala mmref-0.1.0-py3-none-any.whl."),
    # units: a symbol and a word of one unit are interchangeable; "second" the ordinal is none
    ("It takes 12 ms, about a minute in all.", "Tarda 12 milisegundos, más o menos un minuto en total."),
    ("Seconds per call; 3 MiB of bytes.", "Segundos por llamada; 3 megabytes de bytes."),
    ("The second pass, and half a second.", "La segunda pasada, y medio segundo."),
    # negative concord: "none" is «no ... ninguno»; "nothing but" is «no es más que»
    ("A lookup by indexing does none.", "Una búsqueda por indexación no hace ninguna."),
    ("It is nothing but a map.", "No es más que una aplicación."),
    # «no lineal» is the term for "non-linear", not a negation of the sentence
    ("A linear layer needs a non-linearity.", "Una capa lineal necesita una no linealidad."),
    ("It is a nonlinear map.", "Es una aplicación no lineal."),
])
def test_numbers_units_and_words_carried_over_pass(msgid, msgstr):
    assert list(check_po.check_structure(msgid, msgstr, "index", "es")) == []


@pytest.mark.parametrize(("msgid", "msgstr", "rule"), [
    ("From 100 to 0.25.", "De 0,25 a 100.", "number-order"),
    ("It is 2.1 s.", "Es \u22122,1 s.", "number"),
    ("About 2.1 billion.", "Unos 2,1 millones.", "scale"),
    ("About 2.1 billion.", "Unos 2,1 mil millones.", "scale"),
    ("About 12 billion.", "Unos 12 mil millones.", "scale"),
    ("About 33.6 million.", "Unos 33,6.", "scale"),
    ("It takes 10 ms.", "Tarda 10.000 ms.", "number"),
    ("The five drills.", "Los siete ejercicios.", "number"),
    ("It takes 12 s.", "Tarda 12 ms.", "unit"),
    ("It takes 12 ms.", "Tarda 12 segundos.", "unit"),
    ("About a minute.", "Más o menos una hora.", "unit"),
    ("Tens of megabytes.", "Decenas de kilobytes.", "unit"),
    ("It is faster.", "Es más lento.", "polarity"),
    ("It contains 1.", "No contiene el 1.", "polarity"),
    ("It is a linear map.", "Es una aplicación no lineal.", "polarity"),
    ("The median run.", "La ejecución media.", "statistic"),
    ("The median run.", "El promedio de las ejecuciones.", "statistic"),
    ("It is a :term:`linear map`.", "Es una :term:`aplicación no lineal <linear map>`.", "term-link"),
    ("Read `the docs <https://example.org/a>`_.", "Lee `https://evil.example <https://example.org/a>`_.",
     "link"),
    ("The title.", "El título <img src=x onerror=alert(1)>", "html"),
])
def test_numbers_and_shown_text_changed_are_rejected(msgid, msgstr, rule):
    assert rule in {r for r, _ in check_po.check_structure(msgid, msgstr, "index", "es")}


def test_greek_letters_of_the_english_text_are_allowed():
    assert list(check_po.check_characters("The angle θ.", "El ángulo θ.")) == []
    assert {r for r, _ in check_po.check_characters("The angle.", "El ángulo θ.")} == {"script"}


@pytest.mark.parametrize(("msgid", "msgstr"), [
    # capital vowels: the Spanish preposition and the English article are words, not names
    ("Row i of A and all of B.", "A la fila i de A le hace falta toda B."),
    ("A matrix of shape (M, K) times B.", "Una matriz de forma (M, K) por B."),
    # ordinals, multiples and fractions in Spanish order, number words that are articles
    ("The first three use one core.", "Los tres primeros usan un núcleo."),
    ("Roughly twice as fast in float32; a gap half as large.",
     "Más o menos el doble de rápido en float32; una brecha de la mitad."),
    ("It counts every nonzero value, about 10 of them.", "Cuenta los valores no nulos, unos 10."),
    ("A vector of zeros with a single one.", "Un vector de ceros con un único uno."),
    ("The time per step (µs), in the second panel.", "El tiempo por paso (µs), en el segundo panel."),
    # names with digits spelled out or kept in order, references in order, dashes between words
    ("Rank-1 terms in float32 and float64.", "Términos de rango uno en float32 y en float64."),
    ("See :func:`mmref.flops.matmul` and :func:`mmref.flops.matmul_exact`.",
     "Consulta :func:`mmref.flops.matmul` y :func:`mmref.flops.matmul_exact`."),
    ("A few rows are timed - the rest is scaled.", "Se cronometran unas filas —el resto se escala—."),
    ("The band (from 1 ÷ 1.1, about 0.91, to 1.1).", "La banda (de 1 ÷ 1,1 —unos 0,91— a 1,1)."),
    ("About 1.2 for ``float32`` and 2.2 for ``float64``.", "Unos 1,2 para ``float32`` y 2,2 para ``float64``."),
    ("Twenty-one parts.", "Veintiún partes."),
    ("Two hundred and five rows, half of them squared.", "Doscientas cinco filas, la mitad al cuadrado."),
    # «media» the mean, «en medio» in the middle, «ninguna» in prose, «mi» and «vi» as words
    ("It is the mean of many runs.", "Es la media de muchas ejecuciones."),
    ("A line in the middle of the plot.", "Una línea en medio de la gráfica."),
    ("No window can open there.", "Ahí no se puede abrir ninguna ventana."),
    ("I saw my result.", "Vi mi resultado."),
    ("Half a second.", "Medio segundo."),
])
def test_spanish_word_order_and_words_pass(msgid, msgstr):
    found = list(check_po.check_structure(msgid, msgstr, "index", "es"))
    found += check_po.check_characters(msgid, msgstr)
    assert found == []


@pytest.mark.parametrize(("msgid", "msgstr", "rule"), [
    ("Row i of A and all of B.", "La fila i de B y toda A.", "formula"),
    ("So σ₁ ≥ σ₂.", "Así, σ₁ ≤ σ₂.", "formula"),
    ("Exact: 2*M*K*N - M*N.", "Exacto: 2*M*K*N + M*N.", "formula"),
    ("Exact: 2*M*K*N - M*N.", "Exacto: 2*M*K*N M*N.", "formula"),
    ("AVX2 holds 8 numbers, AVX-512 holds 16.", "AVX-512 guarda 8 números; AVX2, 16.", "identifier"),
    ("In the first line.", "En la tercera línea.", "number"),
    ("At most half of it.", "Como mucho el triple.", "number"),
    ("It took 5 ms.", "Tardó 5 décimas de ms.", "number"),
    ("Twenty-one parts.", "Veintidós partes.", "number"),
    ("A vector of zeros with a single one.", "Un vector de unos con un único cero.", "number"),
    ("See :func:`mmref.flops.matmul` then :func:`mmref.flops.matmul_exact`.",
     "Consulta :func:`mmref.flops.matmul_exact` y luego :func:`mmref.flops.matmul`.", "order"),
    ("See :func:`mmref.flops.matmul`.", "Consulta :func:`mmref.flops.matmul_exact <mmref.flops.matmul>`.",
     "link"),
    ("About 1.2 for ``float32`` and 2.2 for ``float64``.",
     "Para ``float32`` y ``float64``, unos 1,2 y 2,2.", "order"),
    ("It took 10 ms.", "Tardó \u2012\u202f10 ms.", "number"),
    ("It took 10 ms.", "Tardó \u201410 ms.", "number"),
    ("It took ``2`` steps.", "Tardó \u2212\\ ``2`` pasos.", "number"),
    ("Data are kept here.", "Los datos están en datos\u3002evil\u3002example.", "link"),
    ("Rank one.", "Rango \u01b7.", "number"),
    ("It does not measure.", "No \u2800 mide.", "invisible"),
    ("Theory", "Teoría" * 40, "length"),
    ("It costs one product.", "Cuesta medio producto.", "number"),
    ("It took a minute.", "Tardó una millonésima de minuto.", "number"),
    ("It took a minute.", "Tardó un minuto del sexto lustro.", "number"),
    ("It was faster.", "Se triplicaría.", "number"),
    ("Rows.", "Treintaidós filas.", "number"),
    ("Rows.", "Filas de la diezmilésima.", "number"),
    ("Rows.", "La fila xiv.", "number"),
    ("A billion times.", "Un trillón de veces.", "scale"),
])
def test_values_names_and_quantities_changed_are_rejected(msgid, msgstr, rule):
    found = list(check_po.check_structure(msgid, msgstr, "index", "es"))
    found += check_po.check_characters(msgid, msgstr)
    assert rule in {r for r, _ in found}, found


@pytest.mark.parametrize("fields, expected", [
    ("Plural-Forms: nplurals=2; plural=(n != 1) + evil;", "does not load with Python's gettext"),
    ("Plural-Forms: nplurals=2; plural=(n > 1000000 ? 0 : n != 1);", "compiled catalogue's plural rule"),
    ("Content-Type: text/plain; charset=ISO-8859-1", "reads header field Content-Type"),
    ("Language: en", "reads header field Language"),
], ids=["invalid plural", "crafted plural", "charset", "language"])
def test_the_catalogue_is_checked_as_compiled(tmp_path, fields, expected):
    """The compiler (Babel) takes a second msgid "" entry, behind a msgctxt, for the header:
    the compiled catalogue, loaded with gettext, must still have the expected header."""
    path = tmp_path / "locale" / "es" / "LC_MESSAGES" / "page.po"
    path.parent.mkdir(parents=True)
    real = (MESSAGES / "theory" / "03-solutions.po").read_text(encoding="utf-8")
    assert not list(check_po.catalog.compiled_problems(MESSAGES / "theory" / "03-solutions.po", "es"))
    path.write_text(real + f'\nmsgctxt "x"\nmsgid ""\nmsgstr "{fields}\\n"\n', encoding="utf-8")
    found = list(check_po.catalog.compiled_problems(path, "es"))
    assert any(expected in message for _, message in found), found


def test_quantity_words_are_compared_both_ways():
    """Each ordinal, fraction, multiple and count has a value: «un tercio» is not "half", and
    "half" may not vanish; the same value in other words passes."""
    def rules(en, es):
        return [m for _, m in check_po.text.quantity_words(en, es)]
    assert rules("at most half of it", "como mucho la mitad") == []
    assert rules("the first line", "la primera línea") == []
    assert rules("the squared norm", "el cuadrado de la norma") == []
    assert "tercio" in rules("at most half of it", "como mucho un tercio")[0]
    assert "'half' of the English text" in rules("at most half of it", "como mucho")[0]
    assert "undécima" in rules("the first line", "la undécima línea")[0]
    assert rules("apply g first", "aplica primero g") == []  # order of steps, not a rank


def test_the_compiled_text_is_the_checked_text(tmp_path):
    """A carriage return ends a line for the guard (polib, text mode) and not for ``pybabel
    compile`` (binary mode): the compiled translation, not the one checked, would be shown."""
    path = tmp_path / "locale" / "es" / "LC_MESSAGES" / "figures.po"
    path.parent.mkdir(parents=True)
    real = (MESSAGES / "figures.po").read_text(encoding="utf-8")
    po = check_po.polib.pofile(str(MESSAGES / "figures.po"))
    assert not list(check_po.catalog.compiled_text_problems(MESSAGES / "figures.po", po, "es"))
    hidden = real.replace('msgstr "producto exterior"\n',
                          'msgstr "producto exterior"\r# oculto (ms)"\n', 1)
    assert hidden != real
    path.write_bytes(hidden.encode("utf-8"))
    found = list(check_po.catalog.compiled_text_problems(path, check_po.polib.pofile(str(path)), "es"))
    assert [rule for _, rule, _ in found] == ["compiled"], found
    assert "binary mode" in found[0][2] and "oculto (ms)" in found[0][2]


def test_alt_text_is_checked_as_raw_text():
    """Sphinx writes an image's alternative text into alt="..." as it is: the guard reads it so."""
    msgid = "Log-log plot of the median time against matrix size for four implementations of matmul"
    assert msgid in check_po.raw_messages("theory/02-matmul-as-composition")
    msgstr = "Gráfica log-log, catorce\\ implementaciones"
    assert {"raw-text", "number"} <= {r for r, _ in check_po.check_raw_entry(msgid, msgstr, "es")}
    assert list(check_po.check_raw_entry(
        msgid, "Gráfica log-log del tiempo mediano frente al tamaño de la matriz para cuatro "
        "implementaciones del producto matricial", "es")) == []


# --- the review record: every published translation is one a maintainer has read ------------


@pytest.fixture
def record(tmp_path, monkeypatch):
    """A copy of the review record, used instead of the real one."""
    path = tmp_path / "reviewed.json"
    shutil.copy(check_po.review.REVIEWED, path)
    monkeypatch.setattr(check_po.review, "REVIEWED", path)
    return path


def retranslate(path: Path, msgid: str, msgstr: str) -> int:
    """Give the entry ``msgid`` of the catalogue ``path`` the translation ``msgstr``; its line."""
    po = polib.pofile(str(path))
    next(e for e in po if e.msgid == msgid).msgstr = msgstr
    po.save(str(path))
    subprocess.run([str(POWRAP), "--quiet", str(path)], check=True)
    return next(e.linenum for e in polib.pofile(str(path)) if e.msgid == msgid)


def test_an_unreviewed_change_fails_and_a_recorded_one_passes(catalogues, record, capsys):
    messages, pot_dir = catalogues
    path = messages / "comments.po"
    line = retranslate(path, "stretch x by 2", "encoge x en un factor 2")
    found, _ = check_po.check_file(path, pot_dir)
    assert [(p.rule, p.line) for p in found] == [("review", line)], [str(p) for p in found]
    assert "[-estira-]{+encoge+}" in found[0].message and "make po-reviewed" in found[0].message
    assert check_po.main(["--pot", str(pot_dir), str(messages)]) == 1

    assert check_po.main(["--show-unreviewed", str(messages)]) == 0
    shown = capsys.readouterr().out
    assert (f"{path}:{line}:\n  en: stretch x by 2\n  es: encoge x en un factor 2\n"
            "  reviewed before: estira x en un factor 2\n"
            "  changed: [-estira-]{+encoge+} x en un factor 2") in shown
    assert "check-po: 1 unreviewed translation(s)" in shown

    assert check_po.main(["--record-reviewed", "--pot", str(pot_dir), str(messages)]) == 0
    assert check_po.review.reviewed("es", "comments.po")["stretch x by 2"] == "encoge x en un factor 2"
    assert check_po.main(["--pot", str(pot_dir), str(messages)]) == 0
    # a new entry has no record: it fails until recorded; an entry gone is dropped from the record
    po = polib.pofile(str(path))
    po.append(polib.POEntry(msgid="a new comment", msgstr="un comentario nuevo"))
    po.remove(next(e for e in po if e.msgid == "rotate by 90 degrees"))
    po.save(str(path))
    subprocess.run([str(POWRAP), "--quiet", str(path)], check=True)
    found, _ = check_po.check_file(path)
    assert [p.rule for p in found] == ["review"] and "no record" in found[0].message
    assert check_po.main(["--record-reviewed", str(messages)]) == 0
    assert "rotate by 90 degrees" not in check_po.review.reviewed("es", "comments.po")
    assert check_po.review.reviewed("es", "comments.po")["a new comment"] == "un comentario nuevo"


def test_po_reviewed_refuses_to_record_while_another_rule_fails(catalogues, record, capsys):
    messages, pot_dir = catalogues
    retranslate(messages / "comments.po", "stretch x by 2", "encoge x en un factor 2")
    path = messages / "index.po"
    text, _ = apply(ATTACKS[0], path.read_text(encoding="utf-8"))
    path.write_text(text, encoding="utf-8")
    before = record.read_bytes()
    assert check_po.main(["--record-reviewed", "--pot", str(pot_dir), str(messages)]) == 1
    output = capsys.readouterr()
    assert "[link]" in output.out and "nothing recorded" in output.err
    assert record.read_bytes() == before


def test_every_published_translation_is_recorded():
    """The record covers the real catalogues, and only entries they have."""
    for path in sorted(MESSAGES.rglob("*.po")):
        name = path.relative_to(MESSAGES).as_posix()
        record = check_po.review.reviewed("es", name)
        po = polib.pofile(str(path))
        assert set(record) <= {check_po.review.key(e) for e in po if e.msgid and not e.obsolete}, name
        assert all(check_po.review.key(e) in record for e in po if check_po.review.published(e)
                   and name != "sphinx.po"), name


def test_glossary_headings_are_the_csv_renderings_and_links_read_the_csv(catalogues):
    """A heading made «aplicación no lineal» is rejected, and a link that copies it still is:
    the words a term link may show come from the glossary CSV, not from glossary.po."""
    messages, pot_dir = catalogues
    glossary = messages / "glossary.po"
    line = retranslate(glossary, "linear map", "aplicación no lineal")
    found, _ = check_po.check_file(glossary, pot_dir)
    assert ("glossary-heading", line) in {(p.rule, p.line) for p in found}, [str(p) for p in found]
    assert "'aplicación lineal'" in next(p.message for p in found if p.rule == "glossary-heading")
    msgid = "It is a :term:`linear map`."
    msgstr = "Es una :term:`aplicación no lineal <linear map>`."
    assert "term-link" in {r for r, _ in check_po.check_structure(msgid, msgstr, "index", "es")}
    assert not list(check_po.check_structure(msgid, "Es una :term:`aplicación lineal <linear map>`.",
                                             "index", "es"))
    # a term without a row in the CSV is an error too
    assert [r for r, _ in check_po.terms.heading_problems("tensor", "tensor", [])] == ["glossary-heading"]


@pytest.mark.parametrize("name", ["sphinx.po", "comments.po", "figures.po"])
def test_a_missing_shared_catalogue_is_an_error(tmp_path, name):
    """Without sphinx.po every interface message is Sphinx's own Spanish («Muestra» for
    'Raises') or English; without comments.po or figures.po every comment, figure and printed
    line is English, and no page reports it: an error, not a missing translation."""
    messages = tmp_path / "locale" / "es" / "LC_MESSAGES"
    shutil.copytree(ROOT / "locale" / "es" / "LC_MESSAGES", messages)
    (messages / name).unlink()
    result = run_cli(str(messages))
    assert result.returncode == 1, result.stdout
    assert f"{name}:1: [review] the reviewed catalogue {name} is missing" in result.stdout


def test_an_english_text_that_is_not_one_paragraph_is_reported():
    """Alone, "C. Eckart and ..." parses as an enumerated list: Sphinx would drop every
    translation of it without a word, so the guard says the source must be reworded."""
    found = list(check_po.check_structure("C. Eckart and G. Young (1936), in a journal.",
                                          "C. Eckart y G. Young (1936), en una revista.", "index", "es"))
    assert [rule for rule, _ in found] == ["source"], found
    assert not list(check_po.check_structure("Eckart, C. and Young, G. (1936), in a journal.",
                                             "Eckart, C. y Young, G. (1936), en una revista.", "index", "es"))
