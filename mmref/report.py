"""What a measuring script found: numbers, and facts that choose the words of a page.

A script records three kinds of results:

* numbers (``report.record(gap=7210.4)``), which a page quotes with three significant digits;
* numbers written with a fixed number of decimals wherever they are quoted
  (``report.record_fixed(1, step_us=144.0, outer_us=133.3)``): parts and their whole, rounded
  by the script so that they add up as written (:func:`mmref.numbers.round_parts`);
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
from decimal import Decimal
from pathlib import Path

from mmref.timing import machine_facts, machine_summary

# The facts every report records about its machine, with their choices
# (:func:`mmref.timing.machine_facts`): a page words each one with a ``measured-choice``.
MACHINE_CHOICES = {
    "cpu_detail": ("named", "family_only", "not_reported"),
    "virtual": ("virtual", "physical", "not_reported"),
    "topology": ("reported", "not_reported"),
    "cores": ("shared", "separate", "not_reported"),
}
TOPOLOGY_KEYS = ("physical_cores", "threads_per_core", "l1d_kib", "l1d_shared_by", "l2_kib",
                 "l2_shared_by", "l3_kib", "l3_shared_by")


def machine_choices(facts: dict[str, str | int]) -> dict[str, str]:
    """The machine's facts that choose words: model detail, hypervisor, ``topology``
    (``"reported"`` when the system reported every core and cache fact) and ``cores``
    (``"shared"`` when logical cores share a physical core, ``"separate"`` when each has its
    own).

    >>> from mmref.report import machine_choices
    >>> machine_choices({"cpu_detail": "named", "virtual": "physical", "l2_kib": "", "threads_per_core": 2})
    {'cpu_detail': 'named', 'virtual': 'physical', 'topology': 'not_reported', 'cores': 'shared'}
    """
    complete = all(facts.get(key, "") != "" for key in TOPOLOGY_KEYS)
    per_core = facts.get("threads_per_core", "")
    cores = "not_reported" if per_core in ("", None) else "shared" if int(per_core) > 1 else "separate"
    return {"cpu_detail": str(facts.get("cpu_detail", "not_reported")),
            "virtual": str(facts.get("virtual", "not_reported")),
            "topology": "reported" if complete else "not_reported",
            "cores": cores}


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
        facts = machine_facts()
        self.values: dict[str, float | int | str] = {"machine": machine_summary(), **facts}
        self.values["mode"] = "quick" if quick() else "full"
        self.facts: dict[str, dict[str, object]] = {}
        self.decimals: dict[str, int] = {}
        for name, value in machine_choices(facts).items():
            self.fact(name, value, choices=MACHINE_CHOICES[name])

    def record(self, **values: float | int | str) -> None:
        """Add numbers (or short strings) under their names."""
        for key, value in values.items():
            if hasattr(value, "item"):  # a NumPy scalar
                value = value.item()
            if isinstance(value, bool) or not isinstance(value, (int, float, str)):
                raise TypeError(f"{key}={value!r}: record numbers or strings (facts go to fact())")
            self.values[key] = value

    def record_fixed(self, decimals: int, **values: float | Decimal) -> None:
        """Add numbers that every page quotes with exactly ``decimals`` decimal places.

        Use it for numbers the script printed with that many decimals and that must read the
        same on a page: parts beside their whole, rounded by :func:`mmref.numbers.round_parts`
        so that they add up as written.  (:meth:`record` numbers are quoted with three
        significant digits, and three significant digits of each part need not add up to
        three significant digits of the whole.)

        >>> from mmref.report import Report
        >>> r = Report("demo")
        >>> r.record_fixed(1, whole_us=6417.3, build_us=2027.6, product_us=4389.7)
        >>> r.values["build_us"], r.decimals["build_us"]
        (2027.6, 1)
        """
        if decimals < 0:
            raise ValueError(f"record_fixed needs 0 or more decimals, got {decimals}")
        self.record(**{key: round(float(value), decimals) for key, value in values.items()})
        self.decimals.update(dict.fromkeys(values, decimals))

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
        data = {**self.values, "facts": self.facts, "decimals": self.decimals}
        path.write_text(json.dumps(data, indent=1, sort_keys=True) + "\n", encoding="utf-8")
