"""Tests of _ext/catalogs.py: every catalogue is compiled from its checked .po file, and
locale/ holds only the translated languages."""

import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import polib
import pytest
from sphinx.errors import ConfigError

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "_ext"))
import catalogs  # noqa: E402

PO = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "Hello."\nmsgstr "{}"\n'


def handler_on(tmp_path, language="es"):
    app = SimpleNamespace(srcdir=str(tmp_path), _init_i18n=lambda: None)
    config = SimpleNamespace(locale_dirs=["locale/"], language=language)
    catalogs.compile_from_po(app, config)


@pytest.mark.parametrize("other", ["es_ES", "en", "README"])
def test_other_language_directories_stop_the_build(tmp_path, other):
    (tmp_path / "locale" / "es" / "LC_MESSAGES").mkdir(parents=True)
    (tmp_path / "locale" / other).mkdir()
    with pytest.raises(ConfigError, match=rf"holds {other}: gettext would publish"):
        handler_on(tmp_path)


def test_compiled_catalogues_are_deleted(tmp_path):
    messages = tmp_path / "locale" / "es" / "LC_MESSAGES"
    (messages / "theory").mkdir(parents=True)
    (messages / "index.po").write_text(PO.format("Hola."), encoding="utf-8")
    made = [messages / "index.mo", messages / "theory" / "page.mo"]
    for path in made:
        path.write_bytes(b"hand-made")
    catalogs.remove_all_compiled(tmp_path / "locale")
    assert not any(path.exists() for path in made)
    assert (messages / "index.po").exists()


def test_a_hand_made_mo_newer_than_its_po_is_not_published(tmp_path):
    """A Sphinx build publishes the .po's text, not a newer hand-made .mo's."""
    messages = tmp_path / "locale" / "es" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    (messages / "index.po").write_text(PO.format("Hola."), encoding="utf-8")
    forged = tmp_path / "forged.po"
    forged.write_text(PO.format("Forged."), encoding="utf-8")
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "compile", "-i", str(forged),
                    "-o", str(messages / "index.mo")], check=True, capture_output=True)
    (tmp_path / "index.rst").write_text("Hello.\n", encoding="utf-8")
    (tmp_path / "conf.py").write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r}); sys.path.insert(0, {str(ROOT / '_ext')!r})\n"
        "__import__('catalogs').remove_all_compiled('locale')\n"
        "extensions = ['catalogs']\nlocale_dirs = ['locale/']\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "sphinx", "-q", "-b", "text", "-D", "language=es",
                    str(tmp_path), str(tmp_path / "out")], check=True, capture_output=True)
    assert (tmp_path / "out" / "index.txt").read_text(encoding="utf-8").strip() == "Hola."


def display_math(text: str) -> list[str]:
    """The TeX of every ``.. math::`` block of a reST source, one string per block."""
    blocks = re.findall(r"^( *)\.\. math::[^\n]*\n((?:\1 +[^\n]*\n|[ \t]*\n)+)", text, re.M)
    return [" ".join(body.split()) for _, body in blocks if body.strip()]


def test_display_math_is_not_offered_for_translation():
    """A formula reads the same in every language: its TeX is in no catalogue, so no
    translation can change it (the ``untranslatable`` extension)."""
    sources = [*ROOT.glob("*.rst"), *(ROOT / "theory").glob("*.rst")]
    formulas = {f for path in sources for f in display_math(path.read_text(encoding="utf-8"))}
    assert len(formulas) >= 3, "the pages have display math; the pattern found too little"
    msgids = {" ".join(e.msgid.split()) for path in (ROOT / "locale" / "es").rglob("*.po")
              for e in polib.pofile(str(path))}
    assert not formulas & msgids, sorted(formulas & msgids)
