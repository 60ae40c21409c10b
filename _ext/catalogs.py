"""Publish only what ``make check-po`` checked: compile every catalogue from its ``.po`` file.

gettext reads compiled ``.mo`` files, which the guard cannot read, and Sphinx recompiles a
``.po`` file only when its ``.mo`` is older.  A hand-made ``.mo`` newer than its ``.po``, or one
in a directory gettext prefers (``locale/es_ES`` before ``locale/es`` for Spanish, or a
``locale/en`` for the English edition), would be published unchecked.  So, when the
configuration is read, conf.py deletes every ``.mo`` file (:func:`remove_all_compiled`,
before Sphinx loads its interface catalogue), so Sphinx compiles each one from its ``.po``;
and this extension stops the build if a locale directory holds anything but the translated
languages' directories.  The translated languages are :data:`mmref.numbers.LANGUAGES` without English.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.errors import ConfigError

from mmref.numbers import LANGUAGES

#: the languages with catalogues under locale/ (English is the source text)
TRANSLATED = tuple(language for language in LANGUAGES if language != "en")


def unexpected_entries(locale_dir: Path) -> list[Path]:
    """What ``locale_dir`` holds besides one directory per translated language."""
    return sorted(p for p in locale_dir.iterdir()
                  if not (p.name in TRANSLATED and p.is_dir() and not p.is_symlink()))


def compile_from_po(app, config) -> None:
    """``config-inited``: refuse other languages' directories (conf.py has already deleted
    every compiled catalogue, so Sphinx compiles each one from its checked ``.po``)."""
    for name in config.locale_dirs:
        locale_dir = Path(app.srcdir, name)
        if not locale_dir.is_dir():
            continue
        unexpected = unexpected_entries(locale_dir)
        if unexpected:
            raise ConfigError(
                f"{locale_dir} may hold only the directories of the translated languages "
                f"({', '.join(TRANSLATED)}), but it holds {', '.join(p.name for p in unexpected)}: "
                "gettext would publish their catalogues unchecked (it prefers es_ES to es). "
                "Delete them, or add the language to mmref.numbers.LANGUAGES and check it with "
                "`make check-po`.")


def remove_all_compiled(locale_dir: Path) -> None:
    """Delete every ``.mo`` under ``locale_dir``: conf.py calls this before Sphinx loads the
    interface catalogue (``sphinx.po``), which it does before any extension runs."""
    for path in Path(locale_dir).rglob("*.mo"):
        path.unlink()


def setup(app):
    app.connect("config-inited", compile_from_po, priority=100)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
