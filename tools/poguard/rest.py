"""Parse a message the way Sphinx publishes it, and compare the structure of two messages.

Sphinx parses each msgstr with the reST parser of the build, with the project's roles and
directives (``sphinx.transforms.i18n._publish_msgstr``), and keeps only the first node of the
result.  :class:`MessageParser` does the same with one small Sphinx application that loads the
project's extensions once, so that every entry is parsed with the same roles and directives,
whichever files come first.  :func:`tokens` reduces a parsed message to what a reader can be
led to by it (links, references, downloads, images), what must be carried over verbatim
(math, literals) and the inline markup, so that two messages can be compared as multisets.
"""

from __future__ import annotations

import io
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

from docutils import nodes
from docutils.parsers.rst import directives, roles
from docutils.readers import standalone

ROOT = Path(__file__).resolve().parents[2]

#: conf.py's extensions that only run code at build time and add no markup to a message.
BUILD_ONLY_EXTENSIONS = {"sphinx_gallery.gen_gallery", "lab_inputs", "catalogs"}

#: attributes that name what a node points at or carries (compared verbatim)
KEY_ATTRIBUTES = ("refuri", "refname", "refid", "reftarget", "refdomain", "reftype", "uri",
                  "names", "format", "classes")
#: nodes whose text is the thing itself (compared verbatim)
VERBATIM_NODES = (nodes.literal, nodes.math, nodes.math_block, nodes.literal_block,
                  nodes.doctest_block, nodes.raw, nodes.problematic, nodes.comment,
                  nodes.substitution_definition)
#: nodes whose children are drawn by Sphinx from their attributes, not from the text
OPAQUE_NODES = ("pending_xref", "download_reference", "number_reference")
#: text nodes inside these are not prose (code, formulas, computed values)
NOT_PROSE = (*VERBATIM_NODES, nodes.system_message)

RULE_OF_NODE = {
    "math": "math", "math_block": "math",
    "literal": "literal", "literal_block": "literal", "doctest_block": "literal",
    "reference": "link", "target": "link", "pending_xref": "link", "download_reference": "link",
    "number_reference": "link", "image": "link", "figure": "link",
    "footnote_reference": "link", "citation_reference": "link", "footnote": "link",
    "citation": "link", "substitution_reference": "link", "substitution_definition": "link",
    "raw": "raw", "measured": "measured",
}
INLINE_MARKUP = {"emphasis", "strong", "title_reference", "inline", "subscript", "superscript",
                 "abbreviation", "acronym", "literal_strong", "literal_emphasis"}


@dataclass(frozen=True)
class Token:
    """One thing of a message that must survive translation: a node kind and what it carries."""

    kind: str
    key: tuple = ()

    @property
    def rule(self) -> str:
        if self.kind in RULE_OF_NODE:
            return RULE_OF_NODE[self.kind]
        return "markup" if self.kind in INLINE_MARKUP else "structure"

    @property
    def language(self) -> str | None:
        """The language of a word shown in its own language (``:es:`cinco```), else None."""
        return language_in(dict(self.key).get("classes", ())) if self.kind == "emphasis" else None

    def __str__(self) -> str:
        shown = {
            "math": lambda: f":math:`{self.key[0]}`",
            "math_block": lambda: f"math block {self.key[0]!r}",
            "literal": lambda: f"``{self.key[0]}``",
            "measured": lambda: self.key[0],
            "problematic": lambda: f"broken markup {self.key[0]!r}",
        }
        if self.kind in shown:
            return shown[self.kind]()
        if self.language:  # a role of _ext/bilingual_tables.py
            return f":{self.language}:`{dict(self.key)['text']}`"
        if self.kind == "directive":
            return f"a '.. {self.key[0][1]}::' directive"
        if any(not isinstance(item, tuple) for item in self.key):
            return f"<{self.kind} {' '.join(map(repr, self.key))}>"
        details = ", ".join(f"{name}={value!r}" for name, value in self.key if value)
        return f"<{self.kind}{' ' + details if details else ''}>"


@dataclass
class Parsed:
    """A message parsed the way Sphinx parses it."""

    blocks: list[str]  # the kinds of the top-level nodes (Sphinx publishes only the first)
    tokens: Counter[Token]
    prose: str  # the text a reader sees, outside code, math and computed values
    errors: list[str] = field(default_factory=list)  # docutils' warnings and errors
    links: list[str] = field(default_factory=list)  # every URI the message links to
    #: the values a sentence states (formulas, literals, computed values), in reading order
    sequence: list[Token] = field(default_factory=list)
    #: links and references whose text the translation writes and left empty
    empty_links: int = 0
    #: page and section links (:doc:, :ref:) that write their own title
    titled_links: int = 0
    #: what each link and reference goes to, in reading order
    references: list[Token] = field(default_factory=list)
    #: (target, title) of each reference shown as code (``:func:`title <target>```) that
    #: writes its own title
    code_titles: list[tuple[str, str]] = field(default_factory=list)
    #: where each value of :attr:`sequence` stands in :attr:`prose` (character offsets)
    offsets: list[int] = field(default_factory=list)

    @property
    def plain(self) -> str:
        """The prose with inline literals as spaces (what the word and number rules read)."""
        return self.prose.replace(LITERAL_IN_PROSE, " ")


def language_in(classes) -> str | None:
    """The language a ``language-xx`` class names (the first such class), else None."""
    return next((c.removeprefix("language-") for c in classes if c.startswith("language-")), None)


def language_of(node: nodes.Node) -> str | None:
    """The language of an emphasis marked ``language-xx`` (the roles ``:en:`` and ``:es:``)."""
    return language_in(node["classes"]) if isinstance(node, nodes.emphasis) else None


def _key(node: nodes.Element) -> tuple:
    pairs = []
    for name in KEY_ATTRIBUTES:
        value = node.get(name)
        if value:
            pairs.append((name, tuple(value) if isinstance(value, list) else value))
    return tuple(pairs)


#: stands for a computed value in the prose, so that the numbers checks see what it is glued
#: to ("-", digits after an escaped space) and where it stands among the numbers
MEASURED_IN_PROSE = "1"
#: stands for an inline formula in the prose (a private-use character no text has), so that
#: what is glued to it can be seen (:func:`poguard.text.glued_to_formulas`)
FORMULA_IN_PROSE = "\ue000"
#: stands for an inline literal in the prose, so that a sign glued to one is seen
#: (:func:`poguard.text.signed_numbers`); the other rules read it as a space
LITERAL_IN_PROSE = "\ue001"
#: the kinds of token whose order is the order of what a sentence states
ORDERED_KINDS = {"math", "literal", "measured"}
#: the kinds of token that lead somewhere (their order is the order of what a sentence names)
REFERENCE_KINDS = {"pending_xref", "download_reference", "number_reference", "reference"}


def tokens(document: nodes.Node) -> Parsed:
    """The tokens of a parsed message, its prose, the URIs it links to, its values in reading
    order (:data:`ORDERED_KINDS`) and where they stand in the prose, its references in reading
    order, the number of link texts left empty, the number of page and section links that
    write their own title and the titles written for references shown as code."""
    found: Counter[Token] = Counter()
    prose: list[str] = []
    links: list[str] = []
    sequence: list[Token] = []
    offsets: list[int] = []
    references: list[Token] = []
    code_titles: list[tuple[str, str]] = []
    empty = 0
    titled = 0  # page and section links that write their own title

    def place(token: Token) -> None:
        sequence.append(token)
        offsets.append(sum(map(len, prose)))

    def visit(node: nodes.Node) -> None:
        if isinstance(node, nodes.Text):
            prose.append(nodes.unescape(str(node)))  # as the reader sees it: "\\@" is "@"
            return
        if isinstance(node, (nodes.system_message, nodes.document)):
            if isinstance(node, nodes.document):
                for child in node.children:
                    visit(child)
            return
        assert isinstance(node, nodes.Element)
        for name in ("refuri", "uri"):
            if node.get(name):
                links.append(node[name])
        nonlocal empty, titled
        if "measured" in node.get("classes", []):
            token = Token("measured", (node.rawsource,))
            found[token] += 1
            place(token)
            prose.append(MEASURED_IN_PROSE)
            return
        if isinstance(node, VERBATIM_NODES):
            token = Token(node.tagname, (node.astext() if not isinstance(node, nodes.problematic)
                                         else node.rawsource,))
            found[token] += 1
            if token.kind in ORDERED_KINDS:
                place(token)
            # an inline formula is read like a value: a sign or digits glued to it are seen
            prose.append(FORMULA_IN_PROSE if isinstance(node, nodes.math)
                         else LITERAL_IN_PROSE if isinstance(node, nodes.literal) else " ")
            return
        if node.tagname in OPAQUE_NODES:
            # the title is translatable prose; the target is not
            key = tuple(p for p in _key(node) if p[0] != "classes")
            found[Token(node.tagname, key)] += 1
            references.append(Token(node.tagname, key))
            if node.get("reftype") in ("doc", "ref") and node.get("refexplicit"):
                titled += 1
            # a role drawn as code (:func:, :class:, :mod:, ...): its title is a name, not words
            if (node.tagname == "pending_xref" and node.get("refexplicit")
                    and any(isinstance(c, nodes.literal) for c in node.children)):
                code_titles.append((node.get("reftarget", ""), node.astext()))
            # an explicit title is prose the reader sees; otherwise Sphinx draws the text
            if node.get("refexplicit"):
                empty += not any(c.isalnum() for c in node.astext())
                prose.append(" " + node.astext() + " ")
            else:
                prose.append(" ")
            return
        if isinstance(node, nodes.reference):  # the link text is prose, the target is not
            key = tuple(p for p in _key(node) if p[0] not in ("names", "classes"))
            found[Token(node.tagname, key + (("anonymous", node.get("anonymous", 0)),))] += 1
            references.append(Token(node.tagname, key))
            empty += not any(c.isalnum() for c in node.astext())
        elif language_of(node):  # a word shown in its own language is the same in both
            found[Token(node.tagname, _key(node) + (("text", node.astext()),))] += 1
        elif node.tagname not in ("paragraph", "title", "section"):
            found[Token(node.tagname, _key(node))] += 1
        for child in node.children:
            visit(child)

    visit(document)
    return Parsed([], found, "".join(prose), [], links, sequence, empty, titled, references,
                  code_titles, offsets)


class MessageParser:
    """The reST parser of a Sphinx build with the project's extensions, loaded once."""

    def __init__(self, root: Path = ROOT) -> None:
        from sphinx.application import Sphinx
        from sphinx.util.docutils import _get_settings

        if str(root) not in sys.path:
            sys.path[:0] = [str(root), str(root / "_ext")]
        namespace: dict = {"__file__": str(root / "conf.py")}
        exec(compile((root / "conf.py").read_text(encoding="utf-8"), "conf.py", "exec"), namespace)
        extensions = [e for e in namespace.get("extensions", []) if e not in BUILD_ONLY_EXTENSIONS]
        self._tmp = tempfile.TemporaryDirectory(prefix="check-po-")
        tmp = Path(self._tmp.name)
        (tmp / "conf.py").write_text("", encoding="utf-8")
        (tmp / "index.rst").write_text("index\n", encoding="utf-8")
        self.app = Sphinx(tmp, tmp, tmp / "out", tmp / "doctrees", "dummy",
                          confoverrides={"extensions": extensions},
                          status=io.StringIO(), warning=io.StringIO())
        self.env = self.app.env
        self.env.measured_results = _measured_results(root)
        self.env.prepare_settings("index")
        self.parser = self.app.registry.create_source_parser(
            "restructuredtext", config=self.app.config, env=self.env)
        self.settings = _get_settings(standalone.Reader, self.parser, defaults={
            **self.env.settings, "report_level": 5, "halt_level": 5,
            "warning_stream": io.StringIO(),
            # never read a file or emit raw output while checking: such a directive shows up
            # as a "disabled" warning, which the comparison reports
            "file_insertion_enabled": False, "raw_enabled": False,
        })

    def parse(self, text: str, docname: str = "index") -> Parsed:
        """``text`` parsed as Sphinx parses a msgstr of the page ``docname``."""
        from sphinx.util.docutils import LoggingReporter, sphinx_domains

        self.env.prepare_settings(docname)
        document = nodes.document(self.settings, LoggingReporter("<message>", 5, 5),
                                  source="<message>")
        errors: list[str] = []

        def collect(message: nodes.system_message) -> None:
            if message["level"] >= 2:
                detail = message.children[0].astext() if message.children else message.astext()
                errors.append(f"{detail} ({message['type'].lower()})")

        document.reporter.attach_observer(collect)
        used: list[str] = []
        saved_roles = dict(roles._roles)  # `.. role::` registers roles globally: undo it
        with sphinx_domains(self.env):
            lookup = directives.directive

            def record(name, *args, **kwargs):
                used.append(name.lower())
                return lookup(name, *args, **kwargs)

            directives.directive = record
            try:
                self.parser.parse(text, document)
            finally:
                directives.directive = lookup
                roles._roles.clear()
                roles._roles.update(saved_roles)
        parsed = tokens(document)
        parsed.tokens.update(Token("directive", (("name", name),)) for name in used)
        parsed.blocks = [child.tagname for child in document.children
                         if not isinstance(child, nodes.system_message)]
        parsed.errors = errors
        return parsed


def _measured_results(root: Path) -> dict:
    """The gallery's measured values, as the ``measured`` extension loads them."""
    try:
        import measured
    except ImportError:
        return {}
    holder = SimpleNamespace(srcdir=root, env=SimpleNamespace())
    measured.load_results(holder)
    return holder.env.measured_results


def publishable(msgstr: str) -> str:
    """The msgstr text Sphinx parses: without a final ``#noqa``, with its '::' fix."""
    from sphinx.transforms.i18n import parse_noqa

    text, _ = parse_noqa(msgstr)
    if text.strip().endswith("::"):
        text += "\n\n   dummy literal"
    return text


__all__ = ["MessageParser", "Parsed", "Token", "publishable", "tokens"]
