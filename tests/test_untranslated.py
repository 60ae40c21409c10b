"""English first: a new English paragraph does not block the build before it is translated.

In a copy of the project, an author appends two paragraphs to a theory page (one quotes a
measured number) and brings them into the Spanish catalogue (as ``make update-po`` does); a
translator deletes one entry of the glossary's catalogue and the whole catalogue of the API
page, and marks the title of the solutions' dropdowns fuzzy.  The Spanish edition still builds with ``-W``; it shows each paragraph in English,
marked ``lang="en"``, after a notice in Spanish taken from ``sphinx.po``, the measured number
written the English way, and no notice anywhere else on the page; the deleted entry gets the
same notice; the translation status page counts the theory page and the glossary below 100 %
and the API page at 0 %; a dropdown whose title waits keeps that title as its summary, with the
notice inside; ``check_po.py`` reports the entries but passes, ``--strict`` fails.
"""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from helpers import ROOT, copy_tree, sphinx
from mmref.numbers import format_number

BIN = Path(sys.executable).parent
NODE_MODULES = ROOT / ".venv" / "npm" / "node_modules"
PAGE = sorted(p for p in (ROOT / "theory").glob("*.rst") if "solutions" not in p.stem)[0]
DOCNAME = PAGE.relative_to(ROOT).with_suffix("").as_posix()
NEW = "This paragraph was written in English and waits for its Spanish translation."
NOTICE = "This paragraph is not translated yet: it is shown in English."
MEASURED = "plot_01_ladder.blas1_ms_1024"
NEW_MEASURED = f"One BLAS thread took :measured:`{MEASURED}` ms here."
DELETED_FROM = "glossary"  # one translated entry deleted from its catalogue
NO_CATALOGUE = "api"  # its whole catalogue deleted
FUZZY_IN, DROPDOWN = "theory/02-solutions", "Show the answer"  # a dropdown's title marked fuzzy
CARD = "Theory"  # a card's title on the home page, marked fuzzy
#: a figure's alternative text on the theory page, marked fuzzy
ALT = next(line.split(":alt:", 1)[1].strip() for line in PAGE.read_text(encoding="utf-8").splitlines()
           if ":alt:" in line)


def update_po(src, gettext):
    """``make update-po`` in the copy: extract, merge with sphinx-intl, drop obsolete, rewrap."""
    sphinx("gettext", src, gettext, "-q", "-W")
    (gettext / "sphinx.pot").unlink(missing_ok=True)  # sphinx.po is kept by hand (as in the Makefile)
    messages = src / "locale" / "es" / "LC_MESSAGES"
    for cmd in ([str(BIN / "pybabel"), "extract", "--sort-output", "-k", "_", "-o", str(gettext / "figures.pot"),
                 "gallery", "lab", "mmref/figures.py"],
                [sys.executable, "-m", "sphinx_intl", "update", "-p", str(gettext), "-l", "es", "-w", "79"],
                [sys.executable, "tools/drop_obsolete.py", *map(str, messages.rglob("*.po"))],
                [str(BIN / "powrap"), "--quiet", *map(str, messages.rglob("*.po"))]):
        subprocess.run(cmd, cwd=src, check=True, capture_output=True)


@pytest.fixture(scope="module")
def english_first(tmp_path_factory):
    """The project with one new English paragraph, its catalogues updated, the Spanish edition built."""
    tmp = tmp_path_factory.mktemp("english-first")
    src = copy_tree(tmp / "src")
    (src / "_build" / "extra").mkdir(parents=True)  # html_extra_path (the wheel is not needed here)
    page = src / PAGE.relative_to(ROOT)
    page.write_text(page.read_text(encoding="utf-8").rstrip("\n") + f"\n\n{NEW}\n\n{NEW_MEASURED}\n",
                    encoding="utf-8")
    update_po(src, tmp / "gettext")
    messages = src / "locale" / "es" / "LC_MESSAGES"
    theory = polib.pofile(str(messages / f"{DOCNAME}.po"))
    theory.find(ALT).flags.append("fuzzy")  # a figure's alternative text waits for its translation
    theory.save()
    subprocess.run([str(BIN / "powrap"), "--quiet", str(messages / f"{DOCNAME}.po")], check=True)
    glossary = polib.pofile(str(messages / f"{DELETED_FROM}.po"))
    deleted = next(e for e in glossary if e.translated() and len(e.msgid.split()) > 8 and not set("`*:|_") & set(e.msgid))
    glossary.remove(deleted)
    glossary.save()
    subprocess.run([str(BIN / "powrap"), "--quiet", str(messages / f"{DELETED_FROM}.po")], check=True)
    (messages / f"{NO_CATALOGUE}.po").unlink()
    solutions = polib.pofile(str(messages / f"{FUZZY_IN}.po"))
    solutions.find(DROPDOWN).flags.append("fuzzy")  # the title of every answer's dropdown
    solutions.save()
    subprocess.run([str(BIN / "powrap"), "--quiet", str(messages / f"{FUZZY_IN}.po")], check=True)
    index = polib.pofile(str(messages / "index.po"))
    index.find(CARD).flags.append("fuzzy")  # the title of a card on the home page
    index.save()
    subprocess.run([str(BIN / "powrap"), "--quiet", str(messages / "index.po")], check=True)
    sphinx("html", src, tmp / "es", "-q", "-W", "--keep-going", "-D", "language=es",
           "-D", f"mathml_node_modules={NODE_MODULES}")
    return src, tmp, deleted.msgid


def spanish_notice():
    entry = polib.pofile(str(ROOT / "locale" / "es" / "LC_MESSAGES" / "sphinx.po")).find(NOTICE)
    assert entry is not None and entry.msgstr and entry.msgstr != NOTICE, "sphinx.po lacks the notice"
    return entry.msgstr


def test_the_new_paragraph_is_in_the_catalogue_untranslated(english_first):
    src, *_ = english_first
    po = polib.pofile(str(src / "locale" / "es" / "LC_MESSAGES" / f"{DOCNAME}.po"))
    entry = po.find(NEW)
    assert entry is not None and not entry.translated()


def notices(html: str) -> list[tuple[str, str, str]]:
    """(notice, attributes of the next paragraph, its text without tags) for each notice."""
    found = re.findall(r'<p class="untranslated-notice[^"]*">([^<]*)</p>\s*<p([^>]*)>(.*?)</p>', html, re.S)
    return [(notice, attributes, " ".join(re.sub(r"<[^>]+>", "", text).split()))
            for notice, attributes, text in found]


def test_spanish_edition_shows_the_paragraphs_in_english_after_a_spanish_notice(english_first):
    src, tmp, _ = english_first
    html = (tmp / "es" / f"{DOCNAME}.html").read_text(encoding="utf-8")
    found = notices(html)
    assert len(found) == 2, f"expected two notices, before the new paragraphs: {found}"
    assert all(text == spanish_notice() for text, _, _ in found)
    assert all('lang="en"' in attributes and "untranslated" in attributes for _, attributes, _ in found)
    assert found[0][2] == NEW
    value = json.loads((src / "auto_gallery" / "results" / "plot_01_ladder.json").read_text())
    places = value.get("decimals", {}).get(MEASURED.split(".")[1])
    number = value[MEASURED.split(".")[1]]
    english, spanish = (format_number(number, language, decimals=places) for language in ("en", "es"))
    assert english != spanish, "pick a measured number that the editions write differently"
    assert found[1][2] == f"One BLAS thread took {english} ms here.", found[1]


def test_an_english_alternative_text_is_marked_english_without_a_notice(english_first):
    """An image whose alternative text waits for its translation shows it in English, marked
    ``lang="en"`` so that a screen reader reads it with an English voice; the figure gets no notice."""
    _, tmp, _ = english_first
    html = (tmp / "es" / f"{DOCNAME}.html").read_text(encoding="utf-8")
    images = [tag for tag in re.findall(r"<img\b[^>]*>", html) if f'alt="{ALT}"' in tag]
    assert images and all('lang="en"' in tag for tag in images), images
    translated = [tag for tag in re.findall(r"<img\b[^>]*>", html) if f'alt="{ALT}"' not in tag]
    assert translated and not [tag for tag in translated if 'lang="en"' in tag], translated[:2]
    figures = re.findall(r"<figure\b.*?</figure>", html, re.S)
    assert not [f for f in figures if "untranslated-notice" in f], "a notice inside a figure"


def test_a_dropdown_keeps_its_title_and_gets_the_notice_inside(english_first):
    """A dropdown whose title waits for its translation shows that title (in English) as its
    summary, and the notice inside, after it: not the notice as the summary."""
    _, tmp, _ = english_first
    html = (tmp / "es" / f"{FUZZY_IN}.html").read_text(encoding="utf-8")
    summaries = re.findall(r'<span class="sd-summary-text">(.*?)</span>', html, re.S)
    assert summaries and all(" ".join(s.split()) == DROPDOWN for s in summaries), summaries
    details = re.findall(r"<details.*?</details>", html, re.S)
    assert len(details) == len(summaries)
    assert all(d.index("untranslated-notice") > d.index("</summary>") for d in details)


def test_a_card_title_keeps_the_notice_out_of_the_title(english_first):
    """A card whose title waits shows that title (in English), and the notice outside it."""
    _, tmp, _ = english_first
    html = (tmp / "es" / "index.html").read_text(encoding="utf-8")
    titles = re.findall(r'<div class="sd-card-title[^"]*"[^>]*>(.*?)</div>', html, re.S)
    assert any(re.sub(r"<[^>]+>", "", t).strip() == CARD for t in titles), titles
    assert not [t for t in titles if "untranslated-notice" in t], "a notice inside a card's title"
    assert "untranslated-notice" in html


def test_a_deleted_entry_is_shown_in_english_after_the_notice(english_first):
    _, tmp, deleted = english_first
    found = notices((tmp / "es" / f"{DELETED_FROM}.html").read_text(encoding="utf-8"))
    assert [text for _, _, text in found] == [" ".join(re.sub(r"[*`]", "", deleted).split())], found


def status_rows(html):
    """{page link: [entries, translated, fuzzy, untranslated, percent]} of the status table."""
    table = html[html.index('<table class="translation-status'):]
    table = table[:table.index("</table>")]
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)[1:]:
        link = re.search(r'href="([^"#]*?)(?:\.html)?[#"]', row).group(1)  # "" for this page
        rows[link] = [int(n) for n in re.findall(r"<p>(\d+)</p>", row)]
    return rows


def test_status_page_counts_the_untranslated_entries(english_first):
    _, tmp, _ = english_first
    rows = status_rows((tmp / "es" / "translation-status.html").read_text(encoding="utf-8"))
    entries, translated, fuzzy, untranslated, percent = rows.pop(DOCNAME)
    assert (untranslated, fuzzy) == (2, 1) and translated == entries - 3  # two new, one alt text fuzzy
    assert percent < 100
    entries, translated, fuzzy, untranslated, percent = rows.pop(DELETED_FROM)
    assert (untranslated, fuzzy, translated) == (1, 0, entries - 1) and percent < 100  # deleted: waits
    entries, translated, fuzzy, untranslated, percent = rows.pop(FUZZY_IN)
    assert (untranslated, fuzzy, translated) == (0, 1, entries - 1) and percent < 100
    entries, translated, fuzzy, untranslated, percent = rows.pop("index")
    assert (untranslated, fuzzy, translated) == (0, 1, entries - 1) and percent < 100
    entries, translated, fuzzy, untranslated, percent = rows.pop(NO_CATALOGUE)
    assert entries > 10 and (translated, fuzzy, untranslated, percent) == (0, 0, entries, 0)
    assert rows and all(r[-1] == 100 and r[0] == r[1] for r in rows.values()), rows


def test_check_po_reports_the_missing_translation_and_strict_fails(english_first):
    src, tmp, _ = english_first
    cmd = [sys.executable, "tools/check_po.py", "--pot", str(tmp / "gettext"), "locale/es/LC_MESSAGES"]
    default = subprocess.run(cmd, cwd=src, capture_output=True, text=True)
    assert default.returncode == 0, default.stdout + default.stderr
    assert f"warning: locale/es/LC_MESSAGES/{DOCNAME}.po:" in default.stdout
    assert f"warning: locale/es/LC_MESSAGES/{DELETED_FROM}.po:1: [untranslated]" in default.stdout
    assert f"warning: locale/es/LC_MESSAGES/{NO_CATALOGUE}.po:1: [untranslated]" in default.stdout
    assert "7 translation(s) missing" in default.stdout  # two new, one deleted, a catalogue, three fuzzy
    strict = subprocess.run([*cmd, "--strict"], cwd=src, capture_output=True, text=True)
    assert strict.returncode == 1, strict.stdout
    assert "warning:" not in strict.stdout and "7 problem(s)" in strict.stdout


def test_a_page_without_catalogue_is_reported_and_fails_strict(tmp_path):
    """A new page whose .po was never made: a warning, an error with --strict."""
    messages = tmp_path / "locale" / "es" / "LC_MESSAGES"
    messages.mkdir(parents=True)
    po = polib.pofile(str(ROOT / "locale" / "es" / "LC_MESSAGES" / "glossary.po"))
    po.save(str(messages / "glossary.po"))
    for shared in ("sphinx.po", "comments.po", "figures.po"):  # no page's, never optional
        shutil.copy(ROOT / "locale" / "es" / "LC_MESSAGES" / shared, messages)
    subprocess.run([str(BIN / "powrap"), "--quiet", str(messages / "glossary.po")], check=True)
    pot_dir = tmp_path / "gettext" / "theory"
    pot_dir.mkdir(parents=True)
    shared = [(name, polib.pofile(str(messages / f"{name}.po"))) for name in ("comments", "figures")]
    for name, template in (("glossary", po), ("theory/99-new", polib.POFile()), *shared):
        pot = polib.POFile()
        pot += [polib.POEntry(msgid=e.msgid) for e in template if not e.obsolete] or [polib.POEntry(msgid="New.")]
        pot.save(str(tmp_path / "gettext" / f"{name}.pot"))
    cmd = [sys.executable, str(ROOT / "tools" / "check_po.py"), "--pot", str(tmp_path / "gettext"), str(messages)]
    default = subprocess.run(cmd, capture_output=True, text=True)
    assert default.returncode == 0, default.stdout
    assert "warning: locale/es/LC_MESSAGES/theory/99-new.po:1: [untranslated]" in default.stdout
    strict = subprocess.run([*cmd, "--strict"], capture_output=True, text=True)
    assert strict.returncode == 1 and "theory/99-new" in strict.stdout, strict.stdout


def test_the_complete_spanish_edition_has_no_notice(site):
    """With every catalogue complete, no page shows the notice: labels that extensions write
    in Spanish (napoleon's, sphinx-gallery's) are not taken for untranslated text."""
    pages = sorted((site / "es").rglob("*.html"))
    assert len(pages) > 20
    assert not [p.relative_to(site) for p in pages if "untranslated-notice" in p.read_text(encoding="utf-8")]
