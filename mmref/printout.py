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

from mmref import stats
from mmref.figures import Text, cache_size, language, per_core, reported
from mmref.numbers import LANGUAGES
from mmref.stats import Estimate

RECORD = Path("printed", "printed.json")
SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def render_all(render: Callable[[Text], str]) -> dict[str, str]:
    """``render(_)`` in every language of the site, by language code.

    A text that uses a message the language's catalogue does not translate yet is given in
    English, numbers included: half a sentence in English with Spanish numbers would misread
    (Spanish «7,483 µs» is about seven microseconds; an English reader takes it for 7483 µs).

    >>> from mmref import printout
    >>> printout.render_all(lambda _: _.number(76800))["es"]
    '76\u202f800'
    >>> printout.render_all(lambda _: _("not a message yet: {x} µs", x=_.number(7.483)))["es"]
    'not a message yet: 7.48 µs'
    """
    texts: dict[str, str] = {}
    for lang in LANGUAGES:  # English first
        _ = Text(lang)
        text = render(_)
        texts[lang] = texts[LANGUAGES[0]] if _.missing else text
    return texts


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


def _cache(_: Text, values: Mapping[str, object], level: str) -> str:
    """One cache of the machine line: its size, per core or shared by how many logical cores."""
    if not reported(values, f"{level}_kib"):
        return _("not reported")
    size = cache_size(_, int(values[f"{level}_kib"]))
    if per_core(values, level):
        return _("{size} per core", size=size)
    return _("{size} shared by {count} logical cores", size=size,
             count=_.number(int(values[f"{level}_shared_by"])))


def hardware(_: Text, values: Mapping[str, object]) -> str:
    """What the system reports of the processor: model, cores, caches, hypervisor.

    ``values`` holds the facts of :func:`mmref.timing.machine_facts`; a fact it lacks, or
    that the system did not report, is said to be not reported.

    >>> from mmref.figures import Text
    >>> from mmref.printout import hardware
    >>> facts = dict(cpu="AMD EPYC", cpu_detail="family_only", cores=2, physical_cores=2,
    ...              threads_per_core=1, l1d_kib=32, l1d_shared_by=1, l2_kib=1024,
    ...              l2_shared_by=1, l3_kib=32768, l3_shared_by=2, virtual="virtual")
    >>> print(hardware(Text("en"), facts))
    CPU AMD EPYC (the system reports no finer model); usable logical cores: 2, on physical cores: 2 (threads per core: 1); caches: L1d 32 KiB per core, L2 1 MiB per core, L3 32 MiB shared by 2 logical cores; virtual machine (the operating system reports a hypervisor)
    >>> print(hardware(Text("en"), dict(cpu="arm", cores=8)))
    CPU arm (the system reports no model name); usable logical cores: 8, on physical cores: not reported (threads per core: not reported); caches: L1d not reported, L2 not reported, L3 not reported; hypervisor: not reported
    """
    detail = values.get("cpu_detail", "not_reported")
    cpu = {"named": values["cpu"],
           "family_only": _("{cpu} (the system reports no finer model)", cpu=values["cpu"]),
           }.get(detail) or _("{cpu} (the system reports no model name)", cpu=values["cpu"])
    counts = {key: _.number(int(values[key])) if reported(values, key) else _("not reported")
              for key in ("cores", "physical_cores", "threads_per_core")}
    virtual = {"virtual": _("virtual machine (the operating system reports a hypervisor)"),
               "physical": _("the operating system reports no hypervisor")}.get(
                   str(values.get("virtual")), _("hypervisor: not reported"))
    return _("CPU {cpu}; usable logical cores: {cores}, on physical cores: {physical_cores} "
             "(threads per core: {threads_per_core}); caches: L1d {l1d}, L2 {l2}, L3 {l3}; "
             "{virtual}", cpu=cpu, virtual=virtual,
             **counts, **{level: _cache(_, values, level) for level in ("l1d", "l2", "l3")})


def machine(_: Text, values: Mapping[str, object], threads: int | None = None) -> str:
    """The line that names the machine a script ran on, from a report's machine facts.

    ``values`` holds the facts of :func:`mmref.timing.machine_facts`: the processor
    (:func:`hardware`), then ``python``, ``numpy``, ``blas`` and ``blas_threads``;
    ``threads=1`` adds that the script's timings use one BLAS thread.

    >>> from mmref.figures import Text
    >>> from mmref.printout import machine
    >>> facts = dict(cpu="AMD EPYC", cores=2, python="3.11.7", numpy="2.4.0",
    ...              blas="OpenBLAS 0.3.30", blas_threads=2)
    >>> machine(Text("en"), facts, threads=1).split("; ")[-3:]
    ['hypervisor: not reported', 'Python 3.11.7, NumPy 2.4.0, BLAS OpenBLAS 0.3.30, BLAS threads by default: 2', 'timed here on one BLAS thread']
    """
    facts = {key: values[key] for key in ("python", "numpy", "blas")}
    facts["threads"] = _.number(int(values["blas_threads"]))
    line = hardware(_, values) + "; " + _(
        "Python {python}, NumPy {numpy}, BLAS {blas}, BLAS threads by default: {threads}", **facts)
    if threads == 1:
        line += _("; timed here on one BLAS thread")
    elif threads is not None:
        line += _("; BLAS threads used here: {threads}", threads=_.number(threads))
    return line


def growth_phrase(_: Text, exponent: Estimate) -> str:
    """What :func:`mmref.stats.growth_word` says of a fitted exponent, in ``_``'s language.

    Where it names no single whole power although one fits, the phrase says which of its two
    reasons holds: the widened interval allows several powers, or the exponent lies further
    than the allowance from the only one it allows.

    >>> from mmref.figures import Text
    >>> from mmref.printout import growth_phrase
    >>> from mmref.stats import Estimate
    >>> growth_phrase(Text("en"), Estimate(2.05, 1.95, 2.1))
    'consistent with quadratic growth within the allowance'
    >>> growth_phrase(Text("en"), Estimate(2.5, 1.9, 3.1))
    'no whole power named, as the widened interval allows more than one'
    >>> growth_phrase(Text("en"), Estimate(2.23, 2.18, 3.00))
    'no whole power named, as the widened interval allows one, but p lies further than the allowance from it'
    """
    word = stats.growth_word(exponent)
    if word == "unclear":
        word = stats.unnamed_reason(exponent)
    return {
        "linear": _("consistent with linear growth within the allowance"),
        "quadratic": _("consistent with quadratic growth within the allowance"),
        "cubic": _("consistent with cubic growth within the allowance"),
        "between": _("between two whole powers, even within the allowance"),
        "sublinear": _("slower than linear, even within the allowance"),
        "faster": _("faster than cubic, even within the allowance"),
        "several": _("no whole power named, as the widened interval allows more than one"),
        "far": _("no whole power named, as the widened interval allows one, but p lies further "
                 "than the allowance from it"),
    }[word]


def threads_verdict(_: Text, fact: str) -> str:
    """What :func:`mmref.ladder.threads_fact` found, in ``_``'s language.

    >>> from mmref.figures import Text
    >>> threads_verdict(Text("en"), "reaches_cores")
    'faster, with an interval that contains the core count'
    """
    return {
        "one_core": _("one core or one thread only: nothing to compare"),
        "helps": _("the threads made the product faster"),
        "slightly_faster": _("the threads made the product slightly faster, by less than 10 %"),
        "no_gain": _("no clear gain from the threads"),
        "slightly_slower": _("the threads made the product slightly slower, by less than 10 %"),
        "slower": _("the threads made the product slower"),
        "above_cores": _("faster than the cores alone explain: other effects count too"),
        "reaches_cores": _("faster, with an interval that contains the core count"),
    }[fact]


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
