"""What a measuring script found: numbers, and facts that choose the words of a page.

A script records two kinds of results:

* numbers (``report.record(gap=7210.4)``), which a page quotes as they are;
* facts (``report.fact("estimate_vs_fit", "below", choices=("above", "below", "close"))``):
  a comparison or a trend, decided by the script from its numbers, one of a fixed list of
  choices.  A page writes one sentence per choice, and the build keeps the one that holds.

:meth:`Report.save` writes them as JSON into the directory named by the environment
variable ``MMREF_RESULTS_DIR`` (the site's build sets it); without it, nothing is written.
Set ``MMREF_QUICK=1`` to run a script with tiny sizes, in seconds (:func:`quick`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

from mmref.timing import machine_facts, machine_summary


def quick() -> bool:
    """True when the environment variable ``MMREF_QUICK`` asks for tiny sizes.

    >>> from mmref import report
    >>> isinstance(report.quick(), bool)
    True
    """
    return os.environ.get("MMREF_QUICK", "") not in ("", "0")


class Report:
    """The numbers and facts of one script, named ``name``.

    Examples
    --------
    >>> from mmref.report import Report
    >>> r = Report("demo")
    >>> r.record(speedup=1.9)
    >>> r.fact("faster", "yes", choices=("yes", "no"))
    >>> r.values["speedup"], r.facts["faster"]["value"]
    (1.9, 'yes')
    """

    def __init__(self, name: str):
        self.name = name
        self.values: dict[str, float | int | str] = {"machine": machine_summary(), **machine_facts()}
        self.values["mode"] = "quick" if quick() else "full"
        self.facts: dict[str, dict[str, object]] = {}

    def record(self, **values: float | int | str) -> None:
        """Add numbers (or short strings) under their names."""
        for key, value in values.items():
            if hasattr(value, "item"):  # a NumPy scalar
                value = value.item()
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                raise TypeError(f"{key}={value!r}: record numbers or strings (facts go to fact())")
            self.values[key] = value

    def fact(self, name: str, value: str, choices: Sequence[str]) -> None:
        """Record which of ``choices`` holds for ``name``."""
        if value not in choices:
            raise ValueError(f"fact {name!r}: {value!r} is not one of its choices {list(choices)}")
        self.facts[name] = {"value": value, "choices": list(choices)}

    def save(self) -> None:
        """Write ``<MMREF_RESULTS_DIR>/<name>.json`` if that variable is set.

        Nothing is returned, so that a script ending with ``report.save()`` shows no file
        path of the machine it ran on.
        """
        folder = os.environ.get("MMREF_RESULTS_DIR")
        if not folder:
            return
        path = Path(folder) / f"{self.name}.json"
        path.parent.mkdir(parents=True, exist_ok=True)
        data = {**self.values, "facts": self.facts}
        path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
