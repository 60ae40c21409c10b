"""Printed output in the reader's language, recorded in every language for the site.

A script prints with :func:`say` instead of :func:`print`.  It passes a function of one
argument, ``_`` (a :class:`mmref.figures.Text`), that writes the text: ``_("...")``
translates a message of the ``figures`` catalogue, ``_.number(x)`` writes a number the
language's way::

    say(lambda _: _("{n} FLOPs per looked-up row", n=_.number(76800)))

:func:`say` prints the text in the reader's language (``MMREF_LANG``, else the system
locale's, as figures are drawn: :func:`mmref.figures.language`).  When the environment
variable ``MMREF_RESULTS_DIR`` is set (the site's build sets it), it also records the text in
every language in ``<MMREF_RESULTS_DIR>/printed/printed.json``: each English text with its
translations.  The site's build prints the English text into the gallery's pages and, on a
translated edition, puts each recorded translation in its place (``_ext/printout_i18n.py``).
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from mmref.figures import Text, language
from mmref.numbers import LANGUAGES

RECORD = Path("printed", "printed.json")
SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def render_all(render: Callable[[Text], str]) -> dict[str, str]:
    """``render(_)`` in every language of the site, by language code.

    >>> from mmref import printout
    >>> printout.render_all(lambda _: _.number(76800))["es"]
    '76\u202f800'
    """
    return {lang: render(Text(lang)) for lang in LANGUAGES}


def record(texts: Mapping[str, str], folder: str | os.PathLike[str]) -> Path:
    """Add one printed text, in every language, to ``<folder>/printed/printed.json``.

    The file maps each English text to its text in the other languages.  Trailing spaces are
    removed from every line, as the gallery removes them from the output it shows.

    >>> import json, tempfile
    >>> from mmref import printout
    >>> folder = tempfile.mkdtemp()
    >>> path = printout.record({"en": "76,800 rows", "es": "76\u202f800 filas"}, folder)
    >>> json.loads(path.read_text(encoding="utf-8"))
    {'76,800 rows': {'es': '76\u202f800 filas'}}
    """
    clean = {lang: "\n".join(line.rstrip() for line in text.split("\n")) for lang, text in texts.items()}
    path = Path(folder) / RECORD
    path.parent.mkdir(parents=True, exist_ok=True)
    known = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    known[clean["en"]] = {lang: text for lang, text in clean.items() if lang != "en"}
    path.write_text(json.dumps(known, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                    encoding="utf-8")
    return path


def say(render: Callable[[Text], str]) -> None:
    """Print ``render(_)`` in the reader's language; for the site, record it in every language.

    Parameters
    ----------
    render : callable
        Takes a :class:`mmref.figures.Text` and returns the text to print in its language.

    Examples
    --------
    >>> import os; os.environ["MMREF_LANG"] = "es"
    >>> from mmref.printout import say
    >>> say(lambda _: _.number(2796.9, decimals=1))
    2796,9
    >>> del os.environ["MMREF_LANG"]
    """
    texts = render_all(render)
    print(texts[language()])
    folder = os.environ.get("MMREF_RESULTS_DIR")
    if folder:
        record(texts, folder)


def machine(_: Text, values: Mapping[str, object], threads: int | None = None) -> str:
    """The line that names the machine a script ran on, from a report's machine facts.

    ``values`` holds the ``cpu``, ``cores``, ``python``, ``numpy``, ``blas`` and
    ``blas_threads`` of :func:`mmref.timing.machine_facts`; ``threads=1`` adds that the
    script's timings use one BLAS thread.

    >>> from mmref.figures import Text
    >>> from mmref.printout import machine
    >>> facts = dict(cpu="AMD EPYC", cores=2, python="3.11.7", numpy="2.4.0",
    ...              blas="OpenBLAS 0.3.30", blas_threads=2)
    >>> machine(Text("en"), facts, threads=1)
    'AMD EPYC (usable logical cores: 2); Python 3.11.7, NumPy 2.4.0, BLAS OpenBLAS 0.3.30, BLAS threads by default: 2; timed here on one BLAS thread'
    """
    facts = {key: values[key] for key in ("cpu", "python", "numpy", "blas")}
    facts["cores"] = _.number(int(values["cores"]))
    facts["threads"] = _.number(int(values["blas_threads"]))
    line = _("{cpu} (usable logical cores: {cores}); Python {python}, NumPy {numpy}, "
             "BLAS {blas}, BLAS threads by default: {threads}", **facts)
    if threads == 1:
        line += _("; timed here on one BLAS thread")
    elif threads is not None:
        line += _("; BLAS threads used here: {threads}", threads=_.number(threads))
    return line


def table(header: list[str], rows: list[list[str]], left: int = 0) -> str:
    """Columns of text, each as wide as its widest cell: the first ``left`` columns aligned
    left, the others right, two spaces apart (cells are already written in one language).

    >>> from mmref.printout import table
    >>> print(table(["N", "time, ms"], [["64", "0,44"], ["1024", "81,3"]]))
       N  time, ms
      64      0,44
    1024      81,3
    """
    widths = [max(len(cell) for cell in column) for column in zip(header, *rows)]
    return "\n".join(
        "  ".join(cell.ljust(w) if i < left else cell.rjust(w)
                  for i, (cell, w) in enumerate(zip(line, widths))).rstrip()
        for line in [header, *rows])


def scientific(_: Text, value: float, digits: int = 2) -> str:
    """``value`` as a number times a power of ten, in ``_``'s language, ``digits`` significant.

    >>> from mmref.figures import Text
    >>> from mmref.printout import scientific
    >>> scientific(Text("en"), 1.234e-07), scientific(Text("es"), 7.53e-3, 3)
    ('1.2 × 10⁻⁷', '7,53 × 10⁻³')
    >>> scientific(Text("es"), 0.0)
    '0'
    """
    if value == 0:
        return _.number(0)
    exponent = math.floor(math.log10(abs(value)))
    mantissa = value / 10.0**exponent
    if round(abs(mantissa), digits - 1) >= 10:  # 9.96 with two digits is 1.0 × 10¹
        exponent, mantissa = exponent + 1, mantissa / 10
    return f"{_.number(mantissa, decimals=digits - 1)} × 10" + str(exponent).translate(SUPERSCRIPT)
