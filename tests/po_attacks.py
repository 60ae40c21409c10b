"""Attack edits on the real Spanish catalogues: each is what an untrusted translator could
write, and each names the guard rule that must reject it.

An attack picks a real entry (the first one of ``file`` whose msgid passes ``pick``) and
rewrites its msgstr with ``edit``; file-level attacks rewrite the whole file text instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import polib


@dataclass(frozen=True)
class Attack:
    name: str
    file: str  # under locale/es/LC_MESSAGES
    rule: str  # the rule that must reject it
    edit: Callable[[str], str] | None = None  # msgstr -> msgstr
    pick: Callable[[str], bool] = lambda msgid: "`" not in msgid and len(msgid) > 40
    edit_file: Callable[[str], str] | None = None  # whole text -> whole text (file-level)
    new_file: str | None = None  # a stray catalogue written next to the others
    rewrap: bool = True  # run powrap on the attacked file (it would rewrite raw bytes away)


def append(extra: str) -> Callable[[str], str]:
    return lambda s: s + extra


def cr_in_first_msgstr(text: str) -> str:
    """A carriage return at the end of the first wrapped line of the first msgstr after the
    header's (wherever the wrapping puts it)."""
    start = text.index("msgstr", text.index("msgstr") + 1)
    return text[:start] + re.sub(r'(msgstr ""\n"[^\n]*)"\n', lambda m: m[1] + '"\r\n',
                                 text[start:], count=1)


def first(pattern: str, repl: str) -> Callable[[str], str]:
    return lambda s: re.sub(pattern, repl, s, count=1)


def has(pattern: str) -> Callable[[str], bool]:
    return lambda msgid: re.search(pattern, msgid) is not None


def swap(a: str, b: str) -> Callable[[str], str]:
    """Exchange the texts ``a`` and ``b`` (first occurrence of each)."""
    return lambda s: s.replace(a, "\0", 1).replace(b, a, 1).replace("\0", b, 1)


def replace(old: str, new: str) -> Callable[[str], str]:
    """Replace the text ``old`` by ``new`` (first occurrence)."""
    return lambda s: s.replace(old, new, 1)


def exchange(a: str, b: str) -> Callable[[str], str]:
    """Exchange every ``a`` with every ``b``."""
    return lambda s: s.replace(a, "\0").replace(b, a).replace("\0", b)


def shown_as(text: str) -> Callable[[str], str]:
    """The first :term: reference of a message shown as ``text``, its target unchanged."""
    return lambda s: re.sub(r":term:`([^`<]*?)(?: <([^`]*)>)?`",
                            lambda m: f":term:`{text} <{m[2] or m[1]}>`", s, count=1)


NUMBERED = has(r"(?<![\w.,])[1-9][0-9]* ")  # a msgid with a number followed by a space
FIRST_NUMBER = r"(?<![\w.,{])([1-9][0-9]*)(?= )"
TITLE = "Matmul as composition"


THEORY = "theory/02-matmul-as-composition.po"
PLOT_02 = "auto_gallery/02-matmul-as-composition/plot_02_embedding_lookup.po"
SOLUTIONS = "theory/03-solutions.po"
SOLUTIONS_02 = "theory/02-solutions.po"


def second_header(fields: str, flag: str = "") -> Callable[[str], str]:
    """A second header at the end of the file, behind a msgctxt (Babel takes any entry with an
    empty msgid for the header)."""
    return lambda t: t + f'\n{flag}msgctxt "x"\nmsgid ""\nmsgstr "{fields}\\n"\n'

OBSOLETE = '\n#~ msgid "An old sentence."\n#~ msgstr "Una frase <script>vieja</script>."\n'

#: meaning flips that keep every structure the rules compare (antonyms, swapped operands, a
#: dropped «no», "at best" made «como mínimo»): no rule reads sense, so only the review record
#: rejects them, (file, msgid, the flipped msgstr)
MEANING_FLIPS = [
    ("glossary.po", "linear map", "aplicación no lineal"),
    ("comments.po", "K = 1: no addition needed", "K = 1: hace falta sumar"),
    ("comments.po", "check every translation (also run by make test)",
     "comprueba algunas traducciones (también lo hace make test)"),
    ("comments.po", "first over last", "último entre primero"),
    ("comments.po", "n of each stack, smallest first", "n de cada pila, de mayor a menor"),
    ("comments.po", "rotate by 90 degrees", "gira 90 grados en sentido horario"),
    ("comments.po", "seconds: a Python loop is not run in full once one product would take longer",
     "segundos: un bucle de Python se ejecuta entero aunque un producto tardaría más"),
    ("comments.po", "stretch x by 2", "encoge x por 2"),
    ("comments.po", "the product runs on one BLAS thread", "el producto usa cada hilo de BLAS"),
    ("comments.po", "whose interval overlaps it (itself when none does: then only the extreme is quoted)",
     "cuyo intervalo no se solapa con él (el propio extremo si ninguno lo hace: entonces solo se "
     "cita el extremo)"),
    ("comments.po", "100 s for the loop over 10 ms for np.matmul", "100 s de np.matmul entre 10 ms del bucle"),
    ("comments.po", "8-byte doubles: half the story's figure, at best",
     "dobles de 8 bytes: la mitad de la cifra del relato, como mínimo"),
    ("comments.po", "a dot product of length 5", "un producto exterior de longitud 5"),
    ("comments.po", "one multiplication per entry of E", "una multiplicación por fila de E"),
    ("comments.po", "only column 0 times row 0", "solo la fila 0 por la columna 0"),
    ("comments.po", "the four factors multiplied", "los cuatro factores sumados"),
    ("comments.po", "the same left operand stretched over the stack",
     "el mismo operando derecho estirado sobre la pila"),
    ("comments.po", "what they would have to give: the gap divided by 100",
     "lo que tendrían que dar: 100 dividido entre la brecha"),
    ("figures.po", "A @ B, one BLAS thread", "A @ B, todos los hilos de BLAS"),
    ("figures.po", "at r = {r} the truncated SVD is better", "con r = {r} la SVD truncada es peor"),
    ("figures.po", "batch of {batch}: the product took longer than building the one-hot matrix",
     "lote de {batch}: construir la matriz one-hot tardó más que el producto"),
    ("figures.po", "below the claimed range", "por encima de la horquilla afirmada"),
    ("figures.po", "falls", "sube"),
    ("figures.po", "largest time ratio ×{ratio} {interval}: not below the {flops} FLOPs per number returned",
     "mayor razón de tiempos ×{ratio} {interval}: por encima de los {flops} FLOP por número devuelto"),
    ("figures.po", "no clear difference", "una diferencia clara"),
    ("figures.po", "one core or one thread only: nothing to compare", "varios núcleos e hilos: nada que comparar"),
    ("figures.po", "reusing is slower", "reutilizar es más rápido"),
    ("figures.po", "slower than linear", "más rápido que lineal"),
    ("figures.po", "slowest", "más rápida"),
    ("figures.po", "the last step's exponent lies clearly below the first's",
     "el exponente del último tramo queda claramente por encima del exponente del primero"),
    ("figures.po", "the threads made the product slower", "los hilos hicieron más rápido el producto"),
]

ATTACKS = [
    # links in every syntax, with dangerous schemes
    Attack("standalone javascript", "index.po", "link", append(" -javascript:alert(document.domain)//x")),
    Attack("standalone data", "index.po", "link", append(" data:text/html;base64,PHNjcmlwdD4=")),
    Attack("named link vbscript", "index.po", "link", append(" `aquí <vbscript:msgbox(1)>`_")),
    Attack("standalone https", "index.po", "link", append(" https://evil.example/x")),
    Attack("standalone e-mail", "index.po", "link", append(" evil@example.com")),
    Attack("named link javascript", "index.po", "link", append(" `aquí <javascript:alert(1)>`_")),
    Attack("named link entity-encoded", "index.po", "link-scheme",
           append(" `aquí <&#106;avascript:alert(1)>`_")),
    Attack("anonymous link", "index.po", "link", append(" `aquí <javascript:alert(1)>`__")),
    Attack("link to a target name", "index.po", "link", append(" `evil`_")),
    Attack("substitution", "index.po", "link", append(" |evil|")),
    Attack("target definition", "index.po", "structure", append("\n\n.. _x: javascript:alert(1)")),
    Attack("inline target", "index.po", "link", append(" _`evil`")),
    Attack("download role after its text", THEORY, "link",
           append(" `Datos <../../../../../../../../etc/passwd>`:download:")),
    Attack("download role", THEORY, "link", append(" :download:`../../conf.py`")),
    Attack("ref to another page", THEORY, "link", append(" :ref:`índice <genindex>`")),
    Attack("doc to another page", THEORY, "link", append(" :doc:`/api`")),
    Attack("changed ref target", THEORY, "link", first(r"<([\w-]+)>`", r"<\1-x>`"),
           has(r":ref:`[^`]*<[\w-]+>`")),
    Attack("raw directive", "index.po", "structure", append("\n\n.. raw:: html\n\n   <script>alert(1)</script>")),
    Attack("include directive", "index.po", "structure", append("\n\n.. include:: /etc/passwd")),
    Attack("remote image", "index.po", "structure", append("\n\n.. image:: https://evil.example/x.png")),
    Attack("inline image substitution", "index.po", "link",
           append(" |x|\n\n.. |x| image:: https://evil.example/x.png")),
    Attack("role definition", "index.po", "structure", append("\n\n.. role:: x(raw)\n   :format: html")),
    Attack("note directive", "index.po", "structure", append("\n\n.. note:: Hola.")),
    Attack("unknown role", "index.po", "rest", append(" :raw-html:`<b>x</b>`")),
    # text as readers see it
    Attack("fullwidth digits", THEORY, "number", first(r"[0-9]", "\uff17"), has(r"(?<![\w.])[0-9]")),
    Attack("arabic-indic digits", THEORY, "number", append(" \u0663"), has(r"(?<![\w.])[0-9]")),
    Attack("bidi override", "index.po", "bidi", first(r" ", " \u202e")),
    Attack("bidi isolate", "index.po", "bidi", first(r" ", " \u2067")),
    Attack("zero-width space", "index.po", "invisible", first(r" ", " \u200b")),
    Attack("zero-width joiner", "index.po", "invisible", first(r" ", " \u200d")),
    Attack("changed number", THEORY, "number", first(r"(?<![\w.,])[1-9]", "9"),
           lambda m: "`" not in m and has(r"(?<![\w.])[1-9][0-9]* ")(m)),
    Attack("added number", "index.po", "number", append(" 10 000 veces")),
    Attack("English decimal point", "theory/02-solutions.po", "number",
           first(r"(\d),(\d)", r"\1.\2"), has(r"\d\.\d")),
    # structure and verbatim text
    Attack("second paragraph", THEORY, "structure", lambda s: "Otra cosa.\n\n" + s),
    Attack("changed math", THEORY, "math", first(r":math:`([^`]*)`", r":math:`\1 + 1`"), has(":math:")),
    Attack("math first, original after", THEORY, "structure",
           lambda s: re.sub(r":math:`([^`]*)`", r":math:`\1 + 1`", s, count=1) + "\n\n" + s,
           has(":math:")),
    Attack("changed literal", THEORY, "literal", first(r"``([^`]+)``", r"``os.system('x')``"), has("``")),
    Attack("added strong", "index.po", "markup", append(" **¡importante!**")),
    Attack("extra footnote", "index.po", "link", append(" [#]_")),
    Attack("extra citation", "index.po", "link", append(" [cita]_")),
    Attack("heading", "index.po", "structure", lambda s: "Título\n======\n\n" + s),
    Attack("bullet list", "index.po", "structure", lambda s: "- " + s + "\n- otro"),
    Attack("changed measured key", THEORY, "measured",
           first(r":measured:`([\w.]+)`", r":measured:`plot_01_ladder.blas_threads`"),
           has(r":measured:`plot_01_ladder.gap")),
    Attack("usted register", "index.po", "glossary", append(" Usted puede leerlo.")),
    # what readers see, however the text is parsed
    Attack("HTML in the site title", "index.po", "html",
           append(" <img src=x onerror=alert(document.domain)>"), lambda m: m == TITLE),
    Attack("HTML comment", "index.po", "html", append(" <!-- x -->")),
    Attack("link text showing another address", THEORY, "link",
           shown_as("https://evil.example"), has(r":term:`")),
    Attack("www in a link text", THEORY, "link", shown_as("www.evil.example"), has(r":term:`")),
    Attack("Cyrillic letter", "index.po", "script", append(" U\u0455ted puede leerlo.")),
    Attack("Greek letter", "index.po", "script", first("o", "\u03bf")),
    Attack("combining grapheme joiner", "index.po", "invisible", append(" Us\u034fted puede leerlo.")),
    Attack("decomposed accent (not NFC)", "index.po", "invisible", append(" e\u0301")),
    Attack("em space", "index.po", "invisible", first(" ", "\u2003")),
    *[Attack(f"Hangul filler U+{ord(c):04X} in a number", THEORY, "invisible",
             first(FIRST_NUMBER, rf"\1{c}0"), lambda m: "`" not in m and NUMBERED(m))
      for c in "\u3164\u115f\u1160\uffa0"],
    # numbers shown differently
    Attack("swapped numbers", THEORY, "number-order", swap("unos 100", "ingenuo, 0,25"),
           has("about 100 FLOPs per")),
    Attack("minus sign U+2212", THEORY, "number", first(FIRST_NUMBER, "\u2212\\1"),
           lambda m: "`" not in m and NUMBERED(m)),
    Attack("ASCII minus", THEORY, "number", first(FIRST_NUMBER, r"-\1"),
           lambda m: "`" not in m and NUMBERED(m)),
    Attack("scale word", THEORY, "scale", first("millones", "mil millones"), has("33.6 million")),
    Attack("scale word dropped", THEORY, "scale", first(" millones", ""), has("33.6 million")),
    Attack("point groups thousands", THEORY, "number", first(FIRST_NUMBER, r"\1.000"),
           lambda m: "`" not in m and NUMBERED(m)),
    Attack("fraction token", "index.po", "number", append(" 3/4")),
    Attack("leading point", "index.po", "number", append(" .5")),
    Attack("exponent glued", THEORY, "number", first(FIRST_NUMBER, r"\1e3"),
           lambda m: "`" not in m and NUMBERED(m)),
    Attack("k glued", THEORY, "number", first(FIRST_NUMBER, r"\1k"),
           lambda m: "`" not in m and NUMBERED(m)),
    Attack("x before digits", "index.po", "number", append(" x10")),
    Attack("lower-case L for one", "index.po", "number", append(" l000")),
    Attack("superscript digits alone", "index.po", "number", append(" \u00b9\u00b2")),
    Attack("Roman numeral", "index.po", "number", append(" \u216b")),
    Attack("enclosing circle", THEORY, "invisible", first(FIRST_NUMBER, "\\1\u20dd"),
           lambda m: "`" not in m and NUMBERED(m)),
    Attack("number word changed", "index.po", "number", first("cinco", "siete"), has(r"\bfive\b")),
    Attack("unit changed", "figures.po", "unit", first(r"\(s\)", "(ms)"), has(r"\(s\)")),
    Attack("unit added in prose", THEORY, "unit", first(FIRST_NUMBER, r"\1 %"),
           lambda m: "`" not in m and NUMBERED(m) and "%" not in m),
    # the interface catalogue
    Attack("UI plaintext", "sphinx.po", "ui-text", lambda s: s + "<plaintext>", lambda m: m == "More"),
    Attack("UI positioned div", "sphinx.po", "ui-text",
           lambda s: s + '<div style="position:fixed;inset:0">', lambda m: m == "More"),
    Attack("UI attribute break-out", "sphinx.po", "ui-text",
           lambda s: s + '" onmouseover="alert(1)', lambda m: m == "Link to this heading"),
    Attack("UI lost placeholder", "sphinx.po", "ui-text",
           first(r"\$\{resultCount\}", "muchas"), has("^Search finished")),
    # the figure text catalogue
    Attack("figure field reaching an attribute", "figures.po", "figure-text",
           first(r"\{p\}", "{p.__class__}"), has(r"\{p\}")),
    Attack("figure field dropped", "figures.po", "figure-text",
           first(r"\{n\}", "2048"), has(r"\{n\}")),
    Attack("figure mathtext", "figures.po", "figure-text", append(" $\\mathrm{x}$"),
           lambda m: "{" not in m and "$" not in m),
    Attack("figure number changed", "figures.po", "number", append(" 128"),
           lambda m: "{" not in m and len(m) > 10),
    Attack("figure line break added", "figures.po", "figure-text", first(" ", "\n"),
           lambda m: "\n" not in m and len(m) > 20),
    Attack("figure numbers swapped", "figures.po", "number-order",
           swap("B = 32", "T = 16"), has("B = 32, T = 16")),
    Attack("figure unit", "figures.po", "unit", first(r"\(s\)", "(ms)"), has(r"^time per product \(s\),\n")),
    *[Attack(f"figure field glued {glued!r}", "figures.po", "figure-text",
             first(r"\{n\}", glued), has(r"[ (]\{n\} "))
      for glued in ("{n}²", "-{n}", "{n}/2", "{n}e3", "÷{n}")],
    Attack("figure text too long", "figures.po", "figure-text", lambda s: s + " relleno" * 40,
           lambda m: "{" not in m and len(m) > 10),
    Attack("UI repr conversion", "sphinx.po", "ui-text", append(" %(copyright)r"),
           has(r"%\(copyright\)s")),
    Attack("UI other name", "sphinx.po", "ui-text", append(" %(x)r"), has(r"%\(copyright\)s")),
    # Sphinx's own Spanish is no safe default: it renders "Raises" as «Muestra» ('Shows')
    Attack("UI message set to Sphinx's own mistranslation", "sphinx.po", "review",
           lambda s: "Muestra", lambda m: m == "Raises"),
    Attack("UI message marked fuzzy, so Sphinx's own Spanish shows", "sphinx.po", "review",
           edit_file=lambda t: t.replace('\nmsgid "Raises"\n', '\n#, fuzzy\nmsgid "Raises"\n', 1)),
    Attack("UI message deleted, so Sphinx's own Spanish shows", "sphinx.po", "review",
           edit_file=lambda t: re.sub(r'\n(?:#[^\n]*\n)*msgid "Raises"\nmsgstr "[^"]*"\n', "\n", t, count=1)),
    Attack("UI stray percent", "sphinx.po", "ui-text", append(" 100%"), has(r"%\(copyright\)s")),
    # a context entry after the reviewed one: the interface patch keys by msgid, so it would win
    Attack("UI context entry replaces the reviewed message", "sphinx.po", "context",
           edit_file=lambda t: t + '\nmsgctxt "search-box"\nmsgid "Search the docs ..."\n'
                                   'msgstr "Introduce aquí tu contraseña del banco"\n'),
    # no-break spaces between words: the paragraph cannot wrap on a phone, and the review's
    # word diff turns into one change per word, hiding a real one among them
    Attack("no-break spaces between words", "index.po", "nbsp",
           lambda s: s.replace(" ", "\u00a0")),
    Attack("narrow no-break spaces between words", "index.po", "nbsp",
           lambda s: s.replace(" ", "\u202f")),
    Attack("two no-break spaces between words", "index.po", "nbsp",
           lambda s: s.replace(" ", "\u00a0\u00a0")),
    # whole files
    # stopped before, but only as "powrap could not check the file": the rule names the cause
    Attack("byte-order mark at the start", "theory/02-solutions.po", "charset",
           edit_file=lambda t: "\ufeff" + t, rewrap=False),
    Attack("an entry written twice", "api.po", "duplicate", edit_file=lambda t: t + "\n" + str(
        next(e for e in polib.pofile(t) if e.msgid and not e.obsolete)), rewrap=False),
    Attack("Plural-Forms code", "sphinx.po", "header", edit_file=lambda t: t.replace(
        "plural=(n != 1);", "plural=(n != 1) + alert(document.cookie);")),
    Attack("Plural-Forms code in a page", "index.po", "header", edit_file=lambda t: t.replace(
        "plural=(n != 1);", "plural=(fetch('//evil.example'), n != 1);")),
    Attack("other language header", "index.po", "header",
           edit_file=lambda t: t.replace('"Language: es\\n"', '"Language: en\\n"')),
    Attack("second charset, lower case", "index.po", "header", edit_file=lambda t: t.replace(
        '"Content-Transfer-Encoding: 8bit\\n"',
        '"Content-Transfer-Encoding: 8bit\\n"\n"content-type: text/plain; charset=ascii\\n"', 1)),
    Attack("second plural rule, lower case", "index.po", "header", edit_file=lambda t: t.replace(
        '"Content-Transfer-Encoding: 8bit\\n"',
        '"Content-Transfer-Encoding: 8bit\\n"\n"plural-forms: nplurals=2; plural=(n != 1) + __import__;\\n"', 1)),
    Attack("UTF-7 charset for the figure text", "figures.po", "header", edit_file=lambda t: t.replace(
        '"Content-Transfer-Encoding: 8bit\\n"',
        '"Content-Transfer-Encoding: 8bit\\n"\n"content-type: text/plain; charset=utf-7\\n"', 1)),
    Attack("plural form of a page entry", "index.po", "plural", edit_file=lambda t: t.replace(
        'msgid "Matmul as composition"\nmsgstr "El producto matricial como composición"',
        'msgid "Matmul as composition"\nmsgid_plural "Matmul as composition"\n'
        'msgstr[0] "El producto matricial como composición"\n'
        'msgstr[1] "El producto matricial como composición"', 1)),
    Attack("escape read two ways", "sphinx.po", "escape", edit_file=lambda t: t.replace(
        "you've selected", "you'\\ve selected", 1)),
    Attack("unknown header field", "index.po", "header", edit_file=lambda t: t.replace(
        '"Content-Transfer-Encoding: 8bit\\n"',
        '"Content-Transfer-Encoding: 8bit\\n"\n"X-Anything: yes\\n"', 1)),
    Attack("charset", "index.po", "charset",
           edit_file=lambda t: t.replace("charset=utf-8", "charset=ISO-8859-1")),
    Attack("obsolete entry", "index.po", "obsolete", edit_file=lambda t: t + OBSOLETE),
    Attack("changed msgid", "index.po", "msgid", edit_file=lambda t: t.replace(
        'msgid "', 'msgid "Changed: ', 2).replace('msgid "Changed: ', 'msgid "', 1)),
    Attack("stray catalogue", "index.po", "stray",
           new_file='msgid ""\nmsgstr ""\n"Language: es\\n"\n\nmsgid "x"\nmsgstr "`x <javascript:alert(1)>`_"\n'),
    # what a sentence states, in its order: computed values, formulas and literals
    Attack("sign glued to a computed value", THEORY, "number",
           first(r":measured:`plot_01_ladder\.gap`", "-:measured:`plot_01_ladder.gap`"),
           has(r":measured:`plot_01_ladder\.gap`")),
    Attack("digits glued after a computed value", THEORY, "number",
           first(r"(:measured-interval:`plot_01_ladder\.gap`)", r"\1\\ 95"),
           has(r":measured-interval:`plot_01_ladder\.gap`")),
    Attack("formulas swapped", "glossary.po", "order",
           swap(r":math:`\mathbb{R}^K`", r":math:`\mathbb{R}^M`"), has(r"mathbb\{R\}\^K")),
    Attack("literals swapped", "glossary.po", "order", swap("``float32``", "``float64``"),
           lambda m: "``float32``" in m and "``float64``" in m),
    Attack("computed values swapped", THEORY, "order",
           swap(":measured:`plot_01_ladder.gap`", ":measured-interval:`plot_01_ladder.gap`"),
           has(r":measured:`plot_01_ladder\.gap`.*:measured-interval:`plot_01_ladder\.gap`")),
    Attack("number word a hundred", "index.po", "number", append(" Es cien veces mayor.")),
    Attack("Roman numerals", "index.po", "number", append(" Usa XII hilos.")),
    Attack("letters that look like digits", "index.po", "number", append(" Es IOO veces mayor.")),
    # hiding what the English text shows
    Attack("paragraph hidden by an empty reference", THEORY, "hidden",
           lambda s: ":doc:`\\ <02-solutions>`", has(r"<02-solutions>`")),
    Attack("title hidden by an escape", THEORY, "hidden", lambda s: "\\",
           lambda m: m == "Drills"),
    Attack("link text emptied", THEORY, "hidden",
           first(r":ref:`[^`<]*<", r":ref:`\\ <"), has(r":ref:`[^`<]+<")),
    # addresses written out
    Attack("host and path as text", "index.po", "link", append(" Datos en evil.example/datos.pdf.")),
    Attack("mail address as text", "index.po", "link", append(" Escribe a soporte\\@evil.example.")),
    # round 5: values glued to formulas, lent digits, classifiers, figure and interface text
    Attack("sign glued to a formula", "glossary.po", "math",
           first(r"(:math:`\\mathbb\{R\}\^K`)", r"-\1"), has(r"mathbb\{R\}\^K")),
    Attack("sign glued before a computed value", THEORY, "number",
           first(r":measured-interval:`plot_01_ladder\.gap`", r"<\\ :measured-interval:`plot_01_ladder.gap`"),
           has(r":measured-interval:`plot_01_ladder\.gap`")),
    Attack("letter glued after a computed value", THEORY, "number",
           first(r"(:measured:`plot_01_ladder\.gap_one_thread`)", r"\1\\ k"),
           has(r":measured:`plot_01_ladder\.gap_one_thread`")),
    Attack("digits lent by an identifier", "glossary.po", "number",
           append(" Es 512 veces más rápido."), has(r"AVX-512")),
    Attack("term cut by a classifier", "glossary.po", "hidden", lambda s: "intervalo : del 95 %",
           lambda m: m == "95 % interval"),
    Attack("legend entry hidden by an underscore", "figures.po", "figure-text",
           lambda s: "_" + s, lambda m: m == "estimated from part of the work"),
    Attack("figure fields swapped", "figures.po", "figure-text", swap("{v}", "{d}"),
           lambda m: m.startswith("Lookup time, n_vocab = {v}")),
    Attack("blank figure label", "figures.po", "hidden", lambda s: "\u00a0",
           lambda m: m == "estimated from part of the work"),
    Attack("number in the footer", "sphinx.po", "number", lambda s: "1999, los autores de mmref",
           lambda m: m == "2026, the mmref authors"),
    Attack("blank interface message", "sphinx.po", "hidden", lambda s: " ",
           lambda m: m == "Skip to main content"),
    Attack("markup in a plural English text", "sphinx.po", "ui-text", edit_file=lambda t: t.replace(
        'msgid "Skip to main content"\nmsgstr "Saltar al contenido principal"',
        'msgid "Hide Search Matches"\nmsgid_plural "<img src=x onerror=alert(1)>"\n'
        'msgstr[0] "Ocultar coincidencias"\nmsgstr[1] "<img src=x onerror=alert(1)>"', 1)),
    # formulas written in plain prose (docstrings on the API page)
    Attack("composition reversed in plain text", "api.po", "formula",
           lambda s: s.replace("A(Bx)", "B(Ax)"), lambda m: "x -> A(Bx)" in m),
    Attack("counts swapped between their labels", "api.po", "formula",
           swap("N multiplicaciones", "N-1 sumas"), lambda m: "N multiplies, N-1 adds" in m),
    Attack("shapes changed in plain text", "api.po", "formula",
           lambda s: s.replace("(M, K) @ (K, N)", "(K, M) @ (N, K)", 1),
           lambda m: m.startswith("Scalar multiplies in (M, K) @ (K, N)")),
    # round 6: letters of a formula, signs after punctuation, number words, link titles, figures
    Attack("summation index changed in plain text", "api.po", "formula",
           lambda s: s.replace("suma sobre k", "suma sobre j"),
           lambda m: m.startswith("C[i][j] = sum over k")),
    Attack("minus sign after a quote", THEORY, "number", lambda s: s.replace("unos 10 ms", "unos «−10» ms"),
           has(r"about 10 ms")),
    Attack("number word above twenty", "api.po", "number",
           lambda s: s.replace("rango uno", "rango veintidós"), has(r"rank-one pieces|rank-1 pieces")),
    Attack("title written for a page link", THEORY, "link",
           lambda s: s.replace(":doc:`03-svd-and-rank`", ":doc:`referencia de la API <03-svd-and-rank>`"),
           has(r":doc:`03-svd-and-rank`")),
    Attack("figure formula changed", "figures.po", "figure-text",
           lambda s: s.replace("(M + N)", "M N"), lambda m: m == r"factors: $r\,(M + N)$"),
    Attack("figure formula left open", "figures.po", "figure-text",
           lambda s: s.replace("$MN$", "$MN"), lambda m: m == "numbers stored ÷ $MN$"),
    Attack("backslash outside a figure formula", "figures.po", "figure-text",
           append(" \\$"), lambda m: m == r"matrix size $N$ ($N \times N$, float32)"),
    Attack("figure ratio inverted", "figures.po", "formula",
           lambda s: "A @ B ÷ bucle cronometrado entero (medianas)",
           lambda m: m == "loop timed whole ÷ A @ B (medians)"),
    # round 7: references, names and values exchanged; quantities in words; signs, blanks,
    # look-alike digits and dots; plural shape; length
    Attack("function references swapped", "auto_gallery/02-matmul-as-composition/plot_01_ladder.po",
           "order", swap(":func:`mmref.naive_matmul`", ":func:`mmref.outer_product_sum`"),
           has(r"``naive`` is :func:`mmref\.naive_matmul`")),
    Attack("function references swapped in a docstring", "api.po", "order",
           swap(":func:`matmul`", ":func:`matmul_exact`"), has(r"^Convention: one multiply")),
    Attack("term targets swapped between titles", THEORY, "order", swap("<FLOP>`", "<FMA>`"),
           has(r":term:`fused multiply-adds? <FMA>`")),
    Attack("page targets swapped", "auto_gallery/index.po", "order",
           swap("</theory/02-matmul-as-composition>", "</theory/02-solutions>"),
           has(r"^What :doc:`the theory page </theory/02")),
    Attack("page targets swapped between sentences", "theory/03-svd-and-rank.po", "order",
           swap("</auto_gallery/index>", "<03-solutions>"), has(r"comes from the :doc:`gallery")),
    Attack("code reference titled with another name", "theory/02-solutions.po", "link",
           replace(":func:`mmref.outer_product_sum`",
                   ":func:`mmref.naive_matmul <mmref.outer_product_sum>`"),
           has(r"^The ladder's loop over :math:`k`, :func:`mmref\.outer_product_sum`")),
    Attack("comparison reversed in a formula", "auto_gallery/03-svd-and-rank/plot_06_svd_image.po",
           "math", replace(r"\ge", r"\le"), has(r"\\sigma_1 \\ge \\sigma_2")),
    Attack("difference made a comparison", "api.po", "formula",
           replace("2*M*K*N - M*N", "2*M*K*N ≥ M*N"), has(r"plus adds, 2\*M\*K\*N - M\*N")),
    Attack("matrix names swapped (vowel)", "auto_gallery/02-matmul-as-composition/plot_01_ladder.po",
           "formula", replace("la fila i de A y toda B", "la fila i de B y toda A"),
           has("row i of C needs row i of A")),
    Attack("subscripted names swapped in a figure", "figures.po", "formula", swap("W₁", "W₂"),
           has("^x @ W₁: ")),
    Attack("term dropped from a figure formula", "figures.po", "figure-text",
           replace(r"\|X - X_r\|_F", r"\|X_r\|_F"), lambda m: m == r"measured $\|X - X_r\|_F\,/\,\|X\|_F$"),
    Attack("register names swapped", "glossary.po", "identifier", swap("AVX2", "AVX-512"),
           has("An AVX2 register")),
    Attack("precisions swapped in prose", "auto_lab/lab_01_gap.po", "identifier",
           exchange("float32", "float64"), has("^Python floats are 64-bit")),
    Attack("values and types paired otherwise", "glossary.po", "order",
           lambda s: s.replace(": unos 1,2", ": en ``float32`` y ``float64``, unos 1,2", 1)
           .replace("para ``float32`` y", "para el segundo y", 1)
           .replace("para ``float64``.", "para el primero.", 1),
           has(r"about 1\.2 × 10⁻⁷ for ``float32``")),
    Attack("half made triple", "auto_gallery/03-svd-and-rank/plot_06_svd_image.po", "number", replace("la mitad de", "el triple de"),
           has("at most half a step")),
    Attack("first made third", "index.po", "number", replace("primera línea", "tercera línea"),
           has("first line of its output")),
    Attack("number word veintiún added", "index.po", "number",
           replace("Los cinco ejercicios", "Los cinco ejercicios (veintiún apartados)"),
           lambda m: m == "The five drills, answered and checked."),
    Attack("tenths added before a unit", "theory/03-svd-and-rank.po", "number",
           replace("svd_ms_max` ms", "svd_ms_max` décimas de ms"),
           has(r"the SVD took :measured:`plot_07_svd_cost\.svd_ms_max` ms")),
    Attack("feminine hundreds added", THEORY, "number",
           replace("time_ratio_max` veces", "time_ratio_max` veces (doscientas en total)"),
           has("the whole one-hot path")),
    Attack("zeros and ones swapped", "glossary.po", "number",
           replace("de ceros con un único uno", "de unos con un único cero"),
           has("^A vector of zeros with a single one")),
    Attack("zero made one", "api.po", "number", replace("(cero si", "(uno si"),
           has("zero when none is left out")),
    Attack("figure scale word tens", "figures.po", "number",
           replace("(millones)", "(decenas de millones)"),
           lambda m: m == "FLOPs per forward pass (millions)"),
    Attack("figure tenths of a unit", "figures.po", "number",
           replace("tiempo (s)", "tiempo (décimas de s)"),
           lambda m: m == "time (s): median run, whiskers min–max"),
    Attack("figure hundreds of a unit", "figures.po", "number",
           replace("(µs)", "(cientos de µs)"), lambda m: m == "time per product (µs): t ÷ n,\nmedian, whiskers min–max"),
    Attack("figure ones made zeros", "figures.po", "number", replace("unos", "ceros"),
           lambda m: m == "AB = I₂ · ones"),
    Attack("figure thousands of FLOPs", "figures.po", "scale",
           replace("$2N^3$ FLOP", "$2N^3$ millares de FLOP"),
           lambda m: m == "a @ b, same $N$ ($2N^3$ FLOPs)"),
    Attack("figure thousands after a field", "figures.po", "scale",
           replace("×{factor}", "×{factor} millares"), lambda m: m == "×{factor}"),
    Attack("figure dozens after a field", "figures.po", "number",
           replace("{n} ejecuciones", "{n} docenas de ejecuciones"),
           lambda m: m == "Time per value of k, {n} runs"),
    Attack("figure field squared in words", "figures.po", "number",
           replace("N = {n}", "N = {n} al cuadrado"),
           lambda m: m == "Where the gap at N = {n} comes from"),
    Attack("figure dash and space before a number", THEORY, "number",
           replace("unos 10 ms", "unos \u2012\u202f10 ms"), has(r'puts the loop at "minutes"')),
    Attack("minus and narrow space before a formula", "theory/03-svd-and-rank.po", "number",
           replace("de :math:`10^{-4}`", "de \u2212\u202f:math:`10^{-4}`"),
           has("more than the margin of")),
    Attack("minus and narrow space before a formula, second case", "theory/03-svd-and-rank.po",
           "number", replace("de :math:`10^{-4}`", "de \u2212\u202f:math:`10^{-4}`"),
           has("F`, below the margin of")),
    Attack("minus glued to a literal", "theory/03-svd-and-rank.po", "number",
           replace("Ese ``2``", "Ese \u2212\\ ``2``"), has(r"^That ``2`` was computed")),
    Attack("figure minus before a field", "figures.po", "number", replace("{p}", "\u2212 {p}"),
           lambda m: m == "{rung}: p = {p} {interval}"),
    Attack("braille blanks hide a word", "index.po", "invisible",
           replace("no se ha medido", "no se \u2800\u2800 medido"),
           has("a cause the build does not measure")),
    Attack("Latin letter that looks like a digit", "index.po", "number",
           replace("rango uno", "rango \u01b7"), has("sum of rank-one pieces")),
    Attack("address with ideographic full stops", "index.po", "link",
           append("; sus datos completos están en datos\u3002mmref-evil\u3002example."),
           lambda m: m.startswith("Scripts that draw the figures")),
    Attack("card title repeated", "index.po", "length", lambda s: "Teoría" * 500,
           lambda m: m == "Theory"),
    Attack("plural interface message made singular", "sphinx.po", "plural",
           edit_file=lambda t: t.replace(
               'msgid_plural ""\n"Search finished, found ${resultCount} pages matching the search query."\n'
               'msgstr[0] "Búsqueda terminada: un resultado coincide con la consulta."\nmsgstr[1] ""\n'
               '"Búsqueda terminada: ${resultCount} resultados coinciden con la consulta."',
               'msgstr "Búsqueda terminada: un resultado coincide con la consulta."', 1)),
    Attack("fuzzy header of the figure text", "figures.po", "header",
           edit_file=lambda t: t.replace('\nmsgid ""\nmsgstr ""\n', '\n#, fuzzy\nmsgid ""\nmsgstr ""\n', 1)),
    # the glossary's terms where a reader found the rejected rendering
    Attack("glossary: a count called cuenta in a figure", "figures.po", "glossary",
           replace("recuento de referencia", "cuenta de referencia"), has("^reference count")),
    Attack("glossary: convenio for a convention", "api.po", "glossary",
           replace("Convención:", "Convenio:"), has("^Convention: one multiply")),
    Attack("glossary: the one-hot path called otherwise", PLOT_02, "glossary",
           replace("vía *one-hot*", "vía del producto matricial"), has("^For large batches")),
    Attack("glossary: razones for causes", THEORY, "glossary",
           replace("Una causa probable", "Una razón probable"), has("A likely reason, not measured here, why the ratio lies below 1200")),
    Attack("glossary: the reader called al lector", "translating.po", "glossary",
           lambda s: "Trata al lector de :es:`tú`, como hace la documentación de Python en español.",
           has("^Address the reader")),
    Attack("an example word no longer marked as Spanish (read in the page's voice)",
           "translating.po", "markup", replace(":es:`tú`", "*tú*"), has("^Address the reader")),
    # round 28: the words of an example are the example, and Spanish marked as English is
    # read in the wrong voice
    Attack("an example word changed inside its role", "translating.po", "markup",
           replace(":es:`traducido`", ":es:`revisado`"), has("without :es:`traducido`")),
    Attack("Spanish text marked as English", "translating.po", "markup",
           replace("a quien lee", ":en:`a quien lee`"), has("^Address the reader")),
    Attack("glossary: the gallery speaking as we", "auto_gallery/02-matmul-as-composition/plot_01_ladder.po",
           "glossary", replace("El programa cronometra", "Cronometramos"), has("We time each rung")),
    # round 8: a second header behind msgctxt (Babel compiles it as the header)
    Attack("second header, invalid plural expression", SOLUTIONS, "compile",
           edit_file=second_header("Plural-Forms: nplurals=2; plural=(n != 1) + evil;")),
    Attack("second header, crafted plural expression", SOLUTIONS, "header",
           edit_file=second_header("Plural-Forms: nplurals=2; plural=(n > 1000000 ? 0 : n != 1);")),
    Attack("second header, other charset", SOLUTIONS, "header",
           edit_file=second_header("Content-Type: text/plain; charset=ISO-8859-1")),
    Attack("second header, other language", SOLUTIONS, "header",
           edit_file=second_header("Language: en")),
    Attack("second header, fuzzy", SOLUTIONS, "header",
           edit_file=second_header("Language: es", flag="#, fuzzy\n")),
    Attack("second header in the interface catalogue", "sphinx.po", "compile",
           edit_file=second_header("Plural-Forms: nplurals=2; plural=(n != 1) + evil;")),
    # round 8: quantity words the hand list did not know
    Attack("half made a third", "auto_gallery/03-svd-and-rank/plot_06_svd_image.po", "number", replace("la mitad de", "un tercio de"),
           has("at most half a step")),
    Attack("drills counted in scores", "index.po", "number",
           replace("Los cinco ejercicios", "Las cinco veintenas de ejercicios"),
           lambda m: m == "The five drills, answered and checked."),
    Attack("a half added after a unit", THEORY, "number", replace("unos 10 ms", "unos 10 ms y medio"),
           has(r'puts the loop at "minutes"')),
    Attack("a billion made a third of one", THEORY, "number",
           replace("unos mil millones de veces", "un tercio de mil millones de veces"),
           has("about a billion times")),
    Attack("hundreds of pages in the search result", "sphinx.po", "number", edit_file=lambda t: t.replace(
        '"Búsqueda terminada: ${resultCount} resultados', '"Búsqueda terminada: ${resultCount} centenas de resultados', 1)),
    Attack("first line made eleventh", "index.po", "number", replace("primera línea", "undécima línea"),
           has("first line of its output")),
    Attack("hundreds of times added", THEORY, "number",
           replace("time_ratio_max` veces", "time_ratio_max` centenas de veces"),
           has("the whole one-hot path")),
    Attack("sixteenths added before a unit", "theory/03-svd-and-rank.po", "number",
           replace("svd_ms_max` ms", "svd_ms_max` dieciseisavos de ms"),
           has(r"the SVD took :measured:`plot_07_svd_cost\.svd_ms_max` ms")),
    Attack("half left out", "auto_gallery/03-svd-and-rank/plot_06_svd_image.po", "number", replace("la mitad de", ""),
           has("at most half a step")),
    # round 8: a glossary term translated as another term
    # round 9: bytes that end a line for one reader and not for another
    Attack("carriage return hides figure text from the checks", "figures.po", "control",
           edit_file=lambda t: t.replace('msgstr "producto exterior"\n\n',
                                         'msgstr "producto exterior"\r\r# $\\\\times 10^3$ (ms)"\n', 1),
           rewrap=False),
    Attack("carriage return inside a page's msgstr", "index.po", "control",
           edit_file=lambda t: cr_in_first_msgstr(t), rewrap=False),
    Attack("NUL byte in a msgstr", "glossary.po", "control",
           edit_file=lambda t: t.replace("muchas \"\n", "muchas\x00 \"\n", 1), rewrap=False),
    Attack("form feed in a msgstr", SOLUTIONS_02, "control",
           edit_file=lambda t: t.replace("fue más rápido", "fue\x0c más rápido", 1), rewrap=False),
    Attack("line separator in the interface catalogue", "sphinx.po", "control",
           edit_file=lambda t: t.replace("se muestra en inglés", "se muestra\u2028en inglés", 1),
           rewrap=False),
    # round 9: alternative text is published as it is, not parsed as reST
    Attack("alt text: a number hidden behind an escaped space", THEORY, "raw-text",
           replace("cuatro implementaciones del producto matricial",
                   "catorce\\ implementaciones del producto matricial, de las que se ven cuatro"),
           has("^Log-log plot of the median time against matrix size")),
    Attack("alt text: a number changed behind an escaped space", THEORY, "number",
           replace("cuatro implementaciones del producto matricial",
                   "catorce\\ implementaciones del producto matricial, de las que se ven cuatro"),
           has("^Log-log plot of the median time against matrix size")),
    Attack("alt text: a backslash before a word", "theory/03-svd-and-rank.po", "raw-text",
           replace("rangos", "\\rangos"), has("^The photograph and its truncated SVD at ranks")),
    # round 9: interface messages that must keep their meaning
    Attack("untranslated notice emptied of its meaning", "sphinx.po", "pinned",
           lambda s: "Nota:", lambda m: m.startswith("This paragraph is not translated yet")),
    Attack("untranslated notice says nothing of English", "sphinx.po", "pinned",
           lambda s: "Este párrafo se muestra tal cual.",
           lambda m: m.startswith("This paragraph is not translated yet")),
    # round 28: both words kept, the sense turned round; the output label made "input"
    Attack("untranslated notice says the paragraph is translated", "sphinx.po", "pinned",
           lambda s: "Este párrafo ya está traducido del inglés.",
           lambda m: m.startswith("This paragraph is not translated yet")),
    Attack("the output label made input", "sphinx.po", "pinned",
           lambda s: "Entrada:", lambda m: m == "Out:"),
    Attack("one search result made none", "sphinx.po", "number", edit_file=lambda t: t.replace(
        '"Búsqueda terminada: un resultado coincide', '"Búsqueda terminada: ningún resultado coincide', 1)),
    Attack("search results counted in quartets", "sphinx.po", "number", edit_file=lambda t: t.replace(
        '"Búsqueda terminada: ${resultCount} resultados', '"Búsqueda terminada: ${resultCount} cuartetos de resultados', 1)),
    # round 9: quantity words the vocabulary did not know
    Attack("multiplicative verb in the past", "glossary.po", "number",
           replace("muchas veces.", "muchas veces, lo que octuplicó la velocidad."),
           has("^Splitting a computation into blocks")),
    Attack("multiplicative verb, subjunctive", SOLUTIONS_02, "number",
           replace("fue claramente más rápido", "cuadruplicó la velocidad"),
           has("^Writing into one array was clearly faster")),
    Attack("multiple above ten", SOLUTIONS_02, "number",
           replace("fue claramente más rápido", "fue el undécuplo de rápido"),
           has("^Writing into one array was clearly faster")),
    Attack("one-word RAE number", "index.po", "number",
           replace("en más o menos un minuto", "en unos cuarentaicinco minutos"),
           has("^Time the four rungs of the ladder")),
    Attack("thousands in one word", "index.po", "number",
           replace("en más o menos un minuto", "en unos dosmil segundos"),
           has("^Time the four rungs of the ladder")),
    Attack("a trillion times more", THEORY, "scale",
           replace("producto matricial completo:", "producto matricial completo, un trillón de veces más:"),
           has("but the bill is not")),
    Attack("half a product", "theory/03-svd-and-rank.po", "number",
           replace("es un producto de una matriz", "es medio producto de una matriz"),
           has(r"^Applying :math:`X_r` to a vector is where composition pays")),
    Attack("a millionth added", SOLUTIONS_02, "number",
           replace("lo que cuesta reservar", "una millonésima parte de lo que cuesta reservar"),
           has("^Writing into one array was clearly faster")),
    Attack("fused ordinal", "index.po", "number",
           replace("en más o menos un minuto", "en el vigesimoprimer minuto"),
           has("^Time the four rungs of the ladder")),
    Attack("lower-case Roman numeral", "index.po", "number",
           replace("en más o menos un minuto", "en el minuto xii"),
           has("^Time the four rungs of the ladder")),
    Attack("time counted in decades", "index.po", "number",
           replace("en más o menos un minuto", "en más o menos una década"),
           has("^Time the four rungs of the ladder")),
    # round 9: the unit of a figure label
    Attack("figure unit made milliseconds in words", "figures.po", "unit",
           replace("(s)", "(milésimas de s)"), lambda m: m == "time per call (s):\nmedian run, whiskers min–max"),
    Attack("figure unit with a factor", "figures.po", "unit",
           replace("(s)", "(k s)"), lambda m: m == "time per call (s):\nmedian run, whiskers min–max"),
    Attack("two glossary terms with one translation", "glossary.po", "glossary-term",
           edit_file=lambda t: t.replace('msgid "numerical rank"\nmsgstr "rango numérico"',
                                         'msgid "numerical rank"\nmsgstr "rango"', 1)),
    # round 10: unit words, opposite meaning, a statistic, interface messages, term link texts
    Attack("unit word: seconds made milliseconds", "api.po", "unit",
           replace("Segundos por llamada", "Milisegundos por llamada"), has("^Seconds per call of one kernel")),
    Attack("unit word: a minute made an hour", "index.po", "unit",
           replace("un minuto", "una hora"), has("^Time the four rungs of the ladder")),
    Attack("prefixed unit word: megabytes made kilobytes", THEORY, "unit",
           replace("decenas de megabytes", "decenas de kilobytes"), has("^The estimate from whole rows is higher")),
    Attack("prefixed unit word: bytes made megabytes", "auto_lab/lab_01_gap.po", "unit",
           replace("ocho bytes", "ocho megabytes"), has("^Every one of the loop's N steps")),
    Attack("prefixed unit word: 256 bytes made kilobytes", PLOT_02, "unit",
           replace("256 bytes", "256 kilobytes"), has("^For large batches the lookup is pure memory traffic")),
    Attack("prefixed unit word: microsecond made millisecond", PLOT_02, "unit",
           replace("microsegundo", "milisegundo"), has("^Timing the two parts of the matmul path")),
    Attack("unit symbol made a word of another unit", PLOT_02, "unit",
           replace("microsegundo", "ms"), has("^Timing the two parts of the matmul path")),
    Attack("faster made slower", SOLUTIONS_02, "polarity",
           replace("fue claramente más rápido", "fue claramente más lento"), has("one array was clearly faster")),
    Attack("times more made times fewer", PLOT_02, "polarity",
           replace("veces más que", "veces menos que"), has("^For large batches the lookup is pure memory traffic")),
    Attack("contains made does not contain", THEORY, "polarity",
           replace("contiene el 1", "no contiene el 1"), has("neither part was clearly the longer one")),
    Attack("median made mean", "auto_gallery/02-matmul-as-composition/plot_01_ladder.po", "statistic",
           replace("**mediana**", "**media**"), has("^Every number here was measured")),
    Attack("UI optional shown as required", "sphinx.po", "review",
           lambda s: "obligatorio", lambda m: m == "optional"),
    Attack("UI untranslated notice negated, pinned words kept", "sphinx.po", "review",
           lambda s: "Este párrafo ya está traducido y revisado; no lo leas en inglés.",
           lambda m: m.startswith("This paragraph is not translated yet")),
    Attack("term link text negated", THEORY, "term-link",
           replace("aplicación lineal <linear map>", "aplicación no lineal <linear map>"),
           has(r"it is a :term:`linear map`")),
    # code comments (comments.po): one line of plain text, never a doctest directive
    Attack("comment with a line of code", "comments.po", "comment-text", append("\nimport os")),
    Attack("comment with a doctest directive", "comments.po", "comment-text",
           append("  # doctest: +SKIP")),
    Attack("comment with a vertical tab", "comments.po", "comment-text", append("\u2028x = 1")),
    # the glossary page's headings are the glossary CSV's renderings, and term links read the CSV
    Attack("glossary heading negated", "glossary.po", "glossary-heading",
           lambda s: "aplicación no lineal", lambda m: m == "linear map"),
    Attack("glossary heading of another term", "glossary.po", "glossary-heading",
           lambda s: "producto escalar", lambda m: m == "outer product"),
    *[Attack(f"meaning flip in {file}: {msgid!r} made {msgstr!r}", file, "review",
             lambda s, new=msgstr: new, lambda m, old=msgid: m == old)
      for file, msgid, msgstr in MEANING_FLIPS],
    Attack("meaning flip in a page: inner dimensions made outer", THEORY, "review",
           replace("dimensiones interiores", "dimensiones exteriores"),
           has(r"^A matrix is a :term:`linear map`")),
]


def apply(attack: Attack, po_text: str) -> tuple[str, str | None]:
    """The attacked file text, and the msgid of the entry attacked (None for file-level ones)."""
    if attack.edit_file:
        return attack.edit_file(po_text), None
    po = polib.pofile(po_text)
    entry = next(e for e in po if e.msgid and not e.obsolete and attack.pick(e.msgid))
    if entry.msgid_plural:
        entry.msgstr_plural = {k: attack.edit(v) for k, v in entry.msgstr_plural.items()}
    else:
        entry.msgstr = attack.edit(entry.msgstr)
    po.wrapwidth = 79
    return str(po), entry.msgid
