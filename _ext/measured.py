"""Quote what the gallery measured: numbers with ``:measured:``, sentences with ``measured-choice``.

The gallery scripts save their results as ``auto_gallery/results/<script>.json``, whatever
their gallery section (:class:`mmref.report.Report`): numbers, and facts that choose between
fixed wordings.

``:measured:`plot_01_ladder.gap_1024``` becomes that number, written the page's language's
way (:func:`mmref.numbers.format_number`): with three significant digits, or with the fixed
number of decimals the script recorded it with (``Report.record_fixed``), as parts that add
up to a whole are.  ``:measured-size:`plot_01_ladder.l2_kib``` writes a size recorded in KiB
with its unit, as the gallery prints it (``32 KiB``, ``1 MiB``), and
``:measured-interval:`plot_01_ladder.gap``` the interval recorded as ``gap_low`` and
``gap_high`` (``[2030, 3660]``; in Spanish ``[2030; 3660]``).  A measured fact picks its sentence::

    .. measured-choice:: plot_01_ladder.estimate_vs_fit

       .. case:: above

          The estimate lies above the fitted curve ...

       .. case:: below

          The estimate lies below ...

The script names the fact's possible values; the page must write one case for each of them,
and no other.  An unknown key, a missing case or an extra case is a build error, so the text
cannot state anything the gallery did not establish.  Every case stays in the translators'
catalogue; the HTML keeps only the case that holds on the machine that built it.  For the
reviewers, ``make variants`` builds both editions with every case shown, each under a label.
"""

from __future__ import annotations

import difflib
import json
from pathlib import Path

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.locale import get_translation
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole

from mmref.figures import Text, cache_size
from mmref.numbers import format_interval, format_number

logger = logging.getLogger(__name__)
_ = get_translation("sphinx")  # the project's sphinx.po comes first in this catalogue
RESULTS = Path("auto_gallery", "results")


class measured_choice(nodes.General, nodes.Element):
    """All the cases of one measured fact; replaced by the case that holds."""


class measured_case(nodes.General, nodes.Element):
    """The text written for one value of a measured fact."""


def load_results(app) -> None:
    values, facts, decimals = {}, {}, {}
    for path in sorted(Path(app.srcdir, RESULTS).glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        for name, fact in data.pop("facts", {}).items():
            facts[f"{path.stem}.{name}"] = (fact, str(path))
        for name, places in data.pop("decimals", {}).items():
            decimals[f"{path.stem}.{name}"] = places
        for name, value in data.items():
            values[f"{path.stem}.{name}"] = (value, str(path))
    app.env.measured_results = values
    app.env.measured_facts = facts
    app.env.measured_decimals = decimals


def unknown(kind: str, key: str, known) -> str:
    close = difflib.get_close_matches(key, known, n=3)
    hint = f" (did you mean {', '.join(close)}?)" if close else ""
    return (f"no measured {kind} {key!r}: the gallery did not write it. Fix the key{hint}, or "
            f"re-run the gallery if a script now writes it (make clean-gallery html)")


class MeasuredRole(SphinxRole):
    def lookup(self, key: str):
        """The value recorded under ``key``, or None (after a warning) if there is none."""
        results = getattr(self.env, "measured_results", {})
        if key not in results:
            logger.warning(unknown("value", key, results), location=self.get_location())
            return None
        value, source = results[key]
        self.env.note_dependency(source)  # re-read this page when the gallery re-measures
        return value

    def run(self):
        value = self.lookup(self.text.strip())
        if value is None:
            return [nodes.problematic(self.rawtext, self.rawtext)], []
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            return [nodes.inline(self.rawtext, str(value), classes=["measured"])], []
        places = getattr(self.env, "measured_decimals", {}).get(self.text.strip())
        text = format_number(value, self.config.language or "en", decimals=places)
        # the number itself stays on the node: a paragraph shown untranslated (in English)
        # writes it again the English way (_ext/translation_progress.py)
        return [nodes.inline(self.rawtext, text, classes=["measured"], number=value, decimals=places)], []


class MeasuredIntervalRole(MeasuredRole):
    """``:measured-interval:`plot_01_ladder.gap```: the 95 % interval recorded as ``gap_low`` and
    ``gap_high``, written as the gallery prints intervals, in the page's language
    (:func:`mmref.numbers.format_interval`): ``[2030, 3660]``, ``[2030; 3660]``."""

    def run(self):
        key = self.text.strip()
        ends = [self.lookup(f"{key}_{end}") for end in ("low", "high")]
        if any(value is None for value in ends):
            return [nodes.problematic(self.rawtext, self.rawtext)], []
        places = getattr(self.env, "measured_decimals", {}).get(f"{key}_low")
        text = format_interval(*ends, self.config.language or "en", decimals=places)
        return [nodes.inline(self.rawtext, text, classes=["measured"], low=ends[0], high=ends[1],
                             decimals=places)], []


class MeasuredSizeRole(MeasuredRole):
    """``:measured-size:`plot_01_ladder.l2_kib```: a size recorded in KiB, with its unit, as the
    gallery writes it: in KiB below 1 MiB, in MiB from 1 MiB up (:func:`mmref.figures.cache_size`)."""

    def run(self):
        value = self.lookup(self.text.strip())
        if not isinstance(value, int) or isinstance(value, bool):
            if value is not None:
                logger.warning(f"measured-size {self.text.strip()}: {value!r} is not a whole number "
                               f"of KiB", location=self.get_location())
            return [nodes.problematic(self.rawtext, self.rawtext)], []
        text = cache_size(Text(self.config.language or "en"), value)
        return [nodes.inline(self.rawtext, text, classes=["measured"], kib=value)], []


class CaseDirective(SphinxDirective):
    """One case of a ``measured-choice``: the text for one value of the fact."""

    required_arguments = 1
    has_content = True

    def run(self):
        node = measured_case(value=self.arguments[0])
        self.set_source_info(node)
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


class MeasuredChoiceDirective(SphinxDirective):
    """The sentences for every value of a measured fact; the build keeps the one that holds."""

    required_arguments = 1
    has_content = True
    option_spec = {"class": directives.class_option}

    def run(self):
        key = self.arguments[0]
        node = measured_choice(key=key, classes=self.options.get("class", []))
        self.set_source_info(node)
        self.state.nested_parse(self.content, self.content_offset, node)
        facts = getattr(self.env, "measured_facts", {})
        if key not in facts:
            logger.warning(unknown("fact", key, facts), location=self.get_location())
            return [node]
        fact, source = facts[key]
        self.env.note_dependency(source)
        cases = [c["value"] for c in node.children if isinstance(c, measured_case)]
        stray = [c for c in node.children if not isinstance(c, measured_case)]
        wanted = list(fact["choices"])
        problems = []
        if stray:
            problems.append("only '.. case::' blocks may appear inside it")
        if missing := [c for c in wanted if c not in cases]:
            problems.append(f"write a case for {', '.join(missing)}")
        if extra := [c for c in cases if c not in wanted]:
            problems.append(f"remove the case(s) {', '.join(extra)}, which the fact cannot take")
        if dupes := sorted({c for c in cases if cases.count(c) > 1}):
            problems.append(f"write each case once ({', '.join(dupes)} repeated)")
        if problems:
            logger.warning(f"measured-choice {key}: the fact takes the values "
                           f"{', '.join(wanted)}; " + "; ".join(problems),
                           location=self.get_location())
        node["value"] = fact["value"]
        return [node]


def says_nothing(case: measured_case) -> bool:
    """A case written empty (at most a comment): where it holds, the page says nothing."""
    return all(isinstance(child, nodes.comment) for child in case.children)


def every_case_labelled(choice: measured_choice) -> list[nodes.Node]:
    """All the cases of ``choice``, each under a label naming it, then a closing label: the
    reviewers' view (``make variants``), which reads every wording a machine could get."""
    def label(text: str) -> nodes.paragraph:
        return nodes.paragraph("", "", nodes.strong("", text), classes=["measured-variant"])

    key, shown = choice["key"], []
    for case in choice.children:
        text = _("Case “%(value)s” of %(key)s") % {"value": case["value"], "key": key}
        if case["value"] == choice.get("value"):
            text += _(" (the case this build keeps)")
        if says_nothing(case):
            text += _(" (empty: in this case the page says nothing here)")
        shown += [label(text), *case.children]
    return [*shown, label(_("End of the cases of %(key)s") % {"key": key})]


def keep_the_case_that_holds(app, doctree, docname) -> None:
    for choice in list(doctree.findall(measured_choice)):
        if app.builder.name == "gettext":  # translators see every case
            keep = [child for case in choice.children for child in case.children]
        elif app.config.measured_every_case:
            keep = every_case_labelled(choice)
        else:
            keep = [child for case in choice.children
                    if isinstance(case, measured_case) and case["value"] == choice.get("value")
                    for child in case.children]
        choice.replace_self(keep)


def setup(app):
    # After sphinx-gallery (priority 500) has run the scripts.
    app.connect("builder-inited", load_results, priority=900)
    app.add_role("measured", MeasuredRole())
    app.add_role("measured-size", MeasuredSizeRole())
    app.add_role("measured-interval", MeasuredIntervalRole())
    app.add_node(measured_choice)
    app.add_node(measured_case)
    app.add_directive("measured-choice", MeasuredChoiceDirective)
    app.add_directive("case", CaseDirective)
    # -D measured_every_case=1 (make variants): every case shown under a label, for reviewers
    app.add_config_value("measured_every_case", False, "html", types=[bool])
    app.connect("doctree-resolved", keep_the_case_that_holds)
    return {"version": "2.1", "env_version": 2, "parallel_read_safe": True, "parallel_write_safe": True}
