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


def append(extra: str) -> Callable[[str], str]:
    return lambda s: s + extra


def first(pattern: str, repl: str) -> Callable[[str], str]:
    return lambda s: re.sub(pattern, repl, s, count=1)


def has(pattern: str) -> Callable[[str], bool]:
    return lambda msgid: re.search(pattern, msgid) is not None


THEORY = "theory/02-matmul-as-composition.po"
OBSOLETE = '\n#~ msgid "An old sentence."\n#~ msgstr "Una frase <script>vieja</script>."\n'

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
           lambda m: re.search(r"(?<![\w.])[1-9][0-9]* ", m) is not None and ":math:" not in m),
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
    # whole files
    Attack("Plural-Forms code", "sphinx.po", "header", edit_file=lambda t: t.replace(
        "plural=(n != 1);", "plural=(n != 1) + alert(document.cookie);")),
    Attack("Plural-Forms code in a page", "index.po", "header", edit_file=lambda t: t.replace(
        "plural=(n != 1);", "plural=(fetch('//evil.example'), n != 1);")),
    Attack("other language header", "index.po", "header",
           edit_file=lambda t: t.replace('"Language: es\\n"', '"Language: en\\n"')),
    Attack("charset", "index.po", "charset",
           edit_file=lambda t: t.replace("charset=utf-8", "charset=ISO-8859-1")),
    Attack("obsolete entry", "index.po", "obsolete", edit_file=lambda t: t + OBSOLETE),
    Attack("changed msgid", "index.po", "msgid", edit_file=lambda t: t.replace(
        'msgid "', 'msgid "Changed: ', 2).replace('msgid "Changed: ', 'msgid "', 1)),
    Attack("stray catalogue", "index.po", "stray",
           new_file='msgid ""\nmsgstr ""\n"Language: es\\n"\n\nmsgid "x"\nmsgstr "`x <javascript:alert(1)>`_"\n'),
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
