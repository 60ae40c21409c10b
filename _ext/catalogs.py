"""Publish only what ``make check-po`` checked: compile every catalogue from its ``.po`` file.

gettext reads compiled ``.mo`` files, which the guard cannot read, and Sphinx recompiles a
``.po`` file only when its ``.mo`` is older.  A hand-made ``.mo`` newer than its ``.po``, or one
in a directory gettext prefers (``locale/es_ES`` before ``locale/es`` for Spanish, or a
``locale/en`` for the English edition), would be published unchecked.  So, when the
configuration is read and before Sphinx compiles the page catalogues, this extension stops the
build if a locale directory holds anything but the translated languages' directories, and
deletes every ``.mo`` file of the language being built: Sphinx then compiles each one from its
``.po``.  The translated languages are :data:`mmref.numbers.LANGUAGES` without English.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.errors import ConfigError
from sphinx.locale import translators

from mmref.numbers import LANGUAGES

#: the languages with catalogues under locale/ (English is the source text)
TRANSLATED = tuple(language for language in LANGUAGES if language != "en")
SPHINX_CATALOGUE = ("general", "sphinx")  # (namespace, catalogue) of the interface messages


def unexpected_entries(locale_dir: Path) -> list[Path]:
    """What ``locale_dir`` holds besides one directory per translated language."""
    return sorted(p for p in locale_dir.iterdir()
                  if not (p.name in TRANSLATED and p.is_dir() and not p.is_symlink()))


def remove_compiled(locale_dir: Path, language: str) -> list[Path]:
    """Delete the ``.mo`` files of ``language`` under ``locale_dir``; return what was deleted."""
    removed = sorted((locale_dir / language).rglob("*.mo"))
    for path in removed:
        path.unlink()
    return removed


def compile_from_po(app, config) -> None:
    """``config-inited``: refuse other languages' directories, delete the compiled catalogues."""
    removed: list[Path] = []
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
        if config.language in TRANSLATED:
            removed += remove_compiled(locale_dir, config.language)
    if any(path.name == "sphinx.mo" for path in removed):
        # Sphinx loaded its interface catalogue before any extension ran: load it again,
        # compiled from sphinx.po (Sphinx's own start-up step, which compiles it when missing)
        translators.pop(SPHINX_CATALOGUE, None)
        app._init_i18n()


def setup(app):
    app.connect("config-inited", compile_from_po, priority=100)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
