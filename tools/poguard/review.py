"""Reviewed translations: every published translation is one a maintainer has read.

No rule can read the sense of a sentence: «estira» made «encoge», left made right, "at best"
made «como mínimo», a dropped «no» keep every link, number and formula of the English text.
So the meaning of a translation is checked by a maintainer, who reads the English and the
Spanish side by side, and the guard checks that this review happened: :data:`REVIEWED`
(outside ``locale/``, out of the translators' reach, reviewed like code) holds, per language
and catalogue, the reviewed text of each entry, keyed by :func:`key` (``msgctxt\\x04msgid``
with a context).  A translated, non-fuzzy entry whose text is not the reviewed one, or that
has no record, fails the rule ``review``; ``make po-review`` shows each such entry beside its
English (and the text reviewed before, as a word diff); ``make po-reviewed`` records the
current translations once every other rule passes.

The interface catalogue ``sphinx.po`` is reviewed the same way, with no exception for a
translation equal to Sphinx's or the theme's own Spanish: those are not always right (Sphinx
renders "Raises" as «Muestra», 'Shows'), which is why the project overrides them.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import polib

#: the reviewed translations: {language: {catalogue: {key: msgstr, or the list of plural forms}}}
REVIEWED = Path(__file__).resolve().parent / "reviewed.json"
RECORD_NAME = "tools/poguard/reviewed.json"

Value = str | list[str]


def key(entry: polib.POEntry) -> str:
    """The key of an entry in the record: its msgid, behind its msgctxt and U+0004 if it has one."""
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt is not None else entry.msgid


def value(entry: polib.POEntry) -> Value:
    """What the entry publishes: its msgstr, or its plural forms in order."""
    if entry.msgid_plural:
        return [entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural)]
    return entry.msgstr


def published(entry: polib.POEntry) -> bool:
    """Whether Sphinx publishes the entry's translation (translated, not fuzzy, not obsolete)."""
    return bool(entry.msgid and not entry.obsolete and not entry.fuzzy
                and (entry.msgstr or any(entry.msgstr_plural.values())))


def read(path: Path | None = None) -> dict[str, dict[str, dict[str, Value]]]:
    """The whole record (``path``: :data:`REVIEWED` unless given)."""
    path = path or REVIEWED
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def reviewed(language: str, catalogue: str, path: Path | None = None) -> dict[str, Value]:
    """The reviewed translations of one catalogue (``theory/02-solutions.po``) of ``language``."""
    return read(path).get(language, {}).get(catalogue, {})


def _shown(text: Value) -> str:
    return " | ".join(text) if isinstance(text, list) else text


def word_diff(old: Value, new: Value) -> str:
    """The words that changed from ``old`` to ``new``: ``[-removed-]{+added+}``, the rest as is."""
    a, b = re.findall(r"\S+|\s+", _shown(old)), re.findall(r"\S+|\s+", _shown(new))
    out = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append("".join(a[i1:i2]))
        else:
            if i2 > i1:
                out.append("[-" + "".join(a[i1:i2]) + "-]")
            if j2 > j1:
                out.append("{+" + "".join(b[j1:j2]) + "+}")
    return "".join(out)


def review_problems(entry: polib.POEntry, record: dict[str, Value]) -> Iterator[tuple[str, str]]:
    """The entry's published translation is not the reviewed one (``record``: the catalogue's
    reviewed translations)."""
    if not published(entry):
        return  # the page shows the English text, with a notice
    now = value(entry)
    before = record.get(key(entry))
    if before == now:
        return
    what = (f"the translation changed since it was reviewed ({word_diff(before, now)})"
            if before is not None else "the translation has not been reviewed (no record)")
    yield "review", (
        f"{what}: no rule can tell whether a translation says what its English says (a dropped "
        "«no», left for right, «estira» for «encoge» keep every link and number), so every "
        "published translation must be one a maintainer has read; a maintainer reads the "
        "English and the Spanish side by side (`make po-review`) and then runs `make "
        f"po-reviewed`, which records it in {RECORD_NAME}")


def unreviewed(entries: Iterable[polib.POEntry], record: dict[str, Value]) -> list[polib.POEntry]:
    return [e for e in entries if list(review_problems(e, record))]


def show(path: str, entry: polib.POEntry, record: dict[str, Value]) -> str:
    """One unreviewed entry for a reader: where, the English, the Spanish, what changed."""
    english = entry.msgid if not entry.msgid_plural else f"{entry.msgid} | {entry.msgid_plural}"
    lines = [f"{path}:{entry.linenum}:" + (f" (context {entry.msgctxt!r})" if entry.msgctxt else ""),
             f"  en: {english}", f"  es: {_shown(value(entry))}"]
    before = record.get(key(entry))
    if before is not None:
        lines += [f"  reviewed before: {_shown(before)}", f"  changed: {word_diff(before, value(entry))}"]
    else:
        lines.append("  reviewed before: (no record)")
    return "\n".join(lines)


def catalogue_record(entries: Iterable[polib.POEntry], old: dict[str, Value]) -> dict[str, Value]:
    """The record of one catalogue after review: each published translation, and the older record of entries still in the catalogue but not published now
    (untranslated or fuzzy); records of msgids the catalogue no longer has are dropped."""
    entries = [e for e in entries if e.msgid and not e.obsolete]
    new: dict[str, Value] = {}
    for entry in entries:
        if published(entry):
            new[key(entry)] = value(entry)
        elif key(entry) in old:
            new[key(entry)] = old[key(entry)]
    return new


def write(records: dict[str, dict[str, dict[str, Value]]], whole: bool = False,
          path: Path | None = None) -> None:
    """Replace the record of each (language, catalogue) in ``records`` and keep the others, or,
    with ``whole`` (every catalogue of the language was read), drop the catalogues not in it."""
    path = path or REVIEWED
    data = read(path)
    for language, catalogues in records.items():
        if whole:
            data[language] = {}
        data.setdefault(language, {}).update(catalogues)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                    encoding="utf-8")
