"""The Spanish edition: what is translatable, what runs, and how readers move between editions."""

import re
from html.parser import HTMLParser

import polib
import pytest
from helpers import LANGUAGES, ROOT, copy_tree, sphinx

PAGES = ["index", "theory/02-matmul-as-composition", "theory/02-solutions", "api", "translating",
         "auto_gallery/index", "auto_gallery/02-matmul-as-composition/plot_01_ladder"]
OTHER = {"en": "es", "es": "en"}


class Page(HTMLParser):
    """The bits of a built page these tests look at."""

    def __init__(self, path):
        super().__init__()
        self.lang, self.ids, self.links, self.images = None, [], [], []
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.lang = attrs.get("lang")
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "a":
            self.links.append(attrs)
        if tag == "img":
            self.images.append(attrs.get("src", ""))


@pytest.fixture(scope="module")
def pot(tmp_path_factory):
    out = tmp_path_factory.mktemp("gettext")
    sphinx("gettext", ROOT, out, "-q", "-W")
    return {path.relative_to(out).as_posix(): polib.pofile(str(path)) for path in out.rglob("*.pot")}


def test_code_and_doctests_are_not_translatable(pot):
    """Translators never see code: no doctest, no code block, no program output in any .pot."""
    messages = [entry.msgid for catalog in pot.values() for entry in catalog]
    assert len(messages) > 200
    assert not [m for m in messages if ">>>" in m or m.startswith("$ ")]
    assert not [m for m in messages if "flops.ffn(" in m or "np.einsum('bhqd" in m]
    # Timings would churn the translations at every build.
    assert not [m for m in messages if re.search(r"running time|\d+\.\d+ sec", m, re.I)]


def test_every_page_has_a_current_spanish_catalog(pot):
    """Every English message is in its page's .po file (``make update-po`` was run).

    It may wait for its translation: the Spanish edition then shows it in English with a notice
    (tests/test_untranslated.py), and only ``make check-po-strict`` requires it translated.
    """
    for name, template in pot.items():
        po_path = ROOT / "locale" / "es" / "LC_MESSAGES" / name.replace(".pot", ".po")
        assert po_path.is_file(), f"{po_path} is missing: run make update-po"
        po = polib.pofile(str(po_path))
        merged = {e.msgid for e in po if not e.obsolete}
        missing = [e.msgid[:60] for e in template if e.msgid not in merged]
        assert not missing, f"{po_path}: {len(missing)} messages not merged (run make update-po), e.g. {missing[:3]}"


def test_spanish_doctests_run_exactly_the_english_code(tmp_path):
    """Even a .po entry that targets a doctest's text cannot change the code that runs."""
    src = copy_tree(tmp_path / "src")
    po_path = src / "locale" / "es" / "LC_MESSAGES" / "theory" / "02-matmul-as-composition.po"
    po = polib.pofile(str(po_path))
    for source in (">>> flops.embedding_onehot(V, D)          # 2·V·D, counted as a matmul\n76800",
                   ">>> M, K, N = 2, 3, 4"):
        po.append(polib.POEntry(msgid=source, msgstr=">>> raise SystemExit('translator code ran')"))
    po.save()
    reports = {}
    for language in LANGUAGES:
        result = sphinx("doctest", src, tmp_path / language, "-q", "-D", f"language={language}", check=False)
        text = (tmp_path / language / "output.txt").read_text(encoding="utf-8")
        assert result.returncode == 0 and "translator code ran" not in text, text[-3000:]
        reports[language] = re.findall(r"^\d+ tests in \w+", text, re.M)
    assert reports["es"] == reports["en"] and len(reports["en"]) >= 3


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", PAGES)
def test_switcher_goes_to_the_same_page_and_section(site, language, page):
    here = Page(site / language / f"{page}.html")
    there_path = site / OTHER[language] / f"{page}.html"
    there = Page(there_path)
    assert here.lang == language and there.lang == OTHER[language]
    # The theme repeats the navbar in its mobile drawer: every copy must agree.
    switch = {(a["href"], a["hreflang"]) for a in here.links if "editions-link" in (a.get("class") or "")}
    assert len(switch) == 1, switch
    href, hreflang = switch.pop()
    assert hreflang == OTHER[language]
    assert ((site / language / page).parent / href).resolve() == there_path.resolve()
    # Positional section ids are the same in both editions, so the switcher keeps the place.
    positional = [i for i in here.ids if re.fullmatch(r"sec(-\d+)+", i)]
    assert positional == [i for i in there.ids if re.fullmatch(r"sec(-\d+)+", i)]
    assert page == "index" or positional


def test_spanish_pages_show_spanish_figures_and_numbers(site):
    es = Page(site / "es" / "theory" / "02-matmul-as-composition.html")
    en = Page(site / "en" / "theory" / "02-matmul-as-composition.html")
    figures = [src for src in es.images if "sphx_glr" in src]
    assert figures and all(src.endswith(".es.svg") for src in figures)
    assert not [src for src in en.images if src.endswith(".es.svg")]
    text = (site / "es" / "theory" / "02-matmul-as-composition.html").read_text(encoding="utf-8")
    gap = re.search(r'<span class="measured">([^<]+)</span>', text).group(1)
    assert "," not in gap or re.search(r"\d,\d", gap), f"English-style number {gap!r} in the Spanish edition"


@pytest.mark.parametrize("language", LANGUAGES)
def test_search_is_set_up_for_the_edition_language(site, language):
    options = (site / language / "_static" / "documentation_options.js").read_text(encoding="utf-8")
    assert f"LANGUAGE: '{language}'" in options
    index = (site / language / "searchindex.js").read_text(encoding="utf-8")
    word = {"en": "composit", "es": "composicion"}[language]
    assert word in index, f"{word!r} not in the {language} search index"


def test_root_index_offers_both_editions(site):
    root = Page(site / "index.html")
    assert {a["href"] for a in root.links} == {"en/index.html", "es/index.html"}
