"""The built site in a real browser (Debian's Chromium, driven by Playwright).

Pages load without console errors or failed requests, figures and math render, the language switcher
lands on the same section in the other edition, solution dropdowns open, search finds pages; every page
fits a 360px phone with and without JavaScript (figures shrink to the column in their own shape, only
code, tables and formulas scroll, and the keyboard reaches them), axe-core finds no WCAG 2.1 A/AA
violation in light and dark mode with and without JavaScript; without JavaScript no button (which would
do nothing) and no empty sidebar shows; the API page links the general and module indexes; and the checks
themselves do fail on a broken copy of the site. A failing test leaves a full-page screenshot
in _build/browser-failures/.
"""

import io
import re
import shutil
from urllib.parse import quote, unquote

import polib
import pytest
from browser import (CHROMIUM, VIEWPORT, Watch, axe_violations, figure_boxes, figure_problems, figure_text_problems,
                     figure_text_sizes, image_problems, launch,
                     math_problems, mathml_problems, noscript_problems, open_page, overflow_problems, plain_title,
                     screenshot, scroll_to, search_results, search_summary, section_of, serve, switch_language,
                     switcher_problems)
from helpers import LANGUAGES, ROOT, source_pages
from PIL import Image
from playwright.sync_api import sync_playwright

THEORY = "theory/02-matmul-as-composition"
SOLUTIONS = "theory/02-solutions"
# Every page of the site, found from the sources; test_every_built_page_is_checked compares it with
# the pages the build wrote.
PAGES = [*source_pages(), "search"]
GALLERY = [p for p in PAGES if re.fullmatch(r"auto_gallery/(.+/)?plot_\w+", p)]
LABS = [p for p in PAGES if re.fullmatch(r"auto_lab/(.+/)?lab_\w+", p)]
# The pages that show the gallery's figures: theory pages that embed one, and the gallery's and labs' pages.
FIGURE_PAGES = [*(p for p in PAGES if p.startswith("theory/") and "sphx_glr_" in (ROOT / f"{p}.rst").read_text(encoding="utf-8")),
                *GALLERY, *LABS]
SPECIAL = {"genindex", "py-modindex"}  # Sphinx's generated index pages: lists of links
EVERY_PAGE = [*PAGES, *sorted(SPECIAL)]  # what a reader can open: the checks for phones and axe's
THEORY_PO = ROOT / "locale" / "es" / "LC_MESSAGES" / "theory" / "02-matmul-as-composition.po"
FAILURES = ROOT / "_build" / "browser-failures"
PHONE_WIDTH = 360


def problems_message(problems):
    return "\n  " + "\n  ".join(problems)


def spanish_title(msgid):
    """The Spanish title for `msgid` as the browser shows it, or None while it is untranslated."""
    entry = polib.pofile(str(THEORY_PO)).find(msgid)
    if entry is None or not entry.msgstr or "fuzzy" in entry.flags:
        return None
    return plain_title(entry.msgstr)


# -- Fixtures: one server and one browser for the module, a fresh context per test ------------------

@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make browser installs it): browser tests skipped")
    shutil.rmtree(FAILURES, ignore_errors=True)  # the folder shows the failures of the last run only
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def server(site):
    with serve(site) as base:
        yield base


@pytest.fixture
def page(chromium, request):
    """A page in a fresh browser context; if the test fails, a full-page screenshot of it is saved."""
    context = chromium.new_context(viewport=VIEWPORT, locale="en-US")
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    report = getattr(request.node, "rep_call", None)  # set by the hook in conftest.py
    if report is not None and report.failed:
        name = re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")
        try:
            print(f"screenshot: {screenshot(tab, FAILURES / f'{name}.png')}")
        except Exception as error:  # a screenshot must not hide the test's own failure
            print(f"no screenshot: {error}")
    context.close()


@pytest.fixture
def watch(page, server):
    return Watch(page, server)


@pytest.fixture
def broken_copy(site, tmp_path):
    """A copy of the built site that a test may break."""
    return shutil.copytree(site, tmp_path / "html")


# -- Every page: loads cleanly, its images load, its math is typeset --------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_every_built_page_is_checked(site, language):
    edition = site / language
    built = {p.relative_to(edition).with_suffix("").as_posix() for p in edition.rglob("*.html")
             if not p.relative_to(edition).parts[0].startswith("_")}
    assert built - SPECIAL == set(PAGES) and GALLERY


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_page_loads_cleanly(page, watch, server, language, name):
    open_page(page, f"{server}/{language}/{name}.html")
    if name.startswith("theory/"):
        assert page.locator(".math").count(), "the theory pages have math: the math check would see nothing"
    problems = image_problems(page) + math_problems(page) + watch.problems
    assert not problems, f"{language}/{name}.html:" + problems_message(problems)


# -- The language switcher keeps the reader's place ------------------------------------------------

def test_switcher_from_english_lands_on_the_same_section_in_spanish(page, watch, server):
    open_page(page, f"{server}/en/{THEORY}.html#batched-matmul")
    start = section_of(page, "batched-matmul")
    assert start and start["positional"], f"#batched-matmul has no positional id: {start}"
    switch_language(page)
    title = spanish_title("Batched matmul")
    problems = switcher_problems(page, server, f"es/{THEORY}.html", start["positional"], title, heading="h2")
    assert not problems + watch.problems, problems_message(problems + watch.problems)
    if title is None:
        pytest.skip(f"'Batched matmul' is not translated in {THEORY_PO.relative_to(ROOT)}: "
                    "the Spanish title of the section was not checked")


def test_switcher_from_spanish_lands_on_the_same_subsection_in_english(page, watch, server):
    # The reader scrolled (no #hash in the URL) to the FFN subsection; its label is the same in both editions.
    open_page(page, f"{server}/es/{THEORY}.html")
    scroll_to(page, "ffn-block")
    start = section_of(page, "ffn-block")
    assert start["heading"] == "h3" and start["positional"], start
    switch_language(page)
    problems = switcher_problems(page, server, f"en/{THEORY}.html", start["positional"],
                                 "A transformer feed-forward block", heading="h3")
    assert not problems + watch.problems, problems_message(problems + watch.problems)


def test_switcher_follows_the_reader_after_a_scroll(page, watch, server):
    """Arrive at one section by a link (#hash), read on to another: the switch keeps the one in view."""
    open_page(page, f"{server}/en/{THEORY}.html#batched-matmul")
    scroll_to(page, "ffn-block")
    start = section_of(page, "ffn-block")
    switch_language(page)
    problems = switcher_problems(page, server, f"es/{THEORY}.html", start["positional"], heading="h3")
    assert not problems + watch.problems, problems_message(problems + watch.problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_reaching_the_switcher_leaves_the_page_where_it_is(page, server, language):
    """A keyboard reader who tabs to the language link in the sticky header stays at their place:
    the room a target keeps below the header is the target's (scroll-margin), not the window's
    (a scroll padding counted the header's own links as hidden under it, and focusing or
    clicking one scrolled the page up before the switcher read the section in view)."""
    open_page(page, f"{server}/{language}/{THEORY}.html")
    scroll_to(page, "ffn-block")
    before = page.evaluate("scrollY")
    page.locator("a.editions-link:visible").first.focus()
    page.wait_for_timeout(100)
    after = page.evaluate("scrollY")
    assert after == before, f"{language}: focusing the language link scrolled the page from {before} to {after}px"


# -- Solutions, search, the root page --------------------------------------------------------------

@pytest.mark.parametrize("language", LANGUAGES)
def test_a_solution_dropdown_opens(page, watch, server, language):
    open_page(page, f"{server}/{language}/{SOLUTIONS}.html")
    dropdown = page.locator("details.sd-dropdown").first
    code = dropdown.locator("div.highlight pre").first
    assert not dropdown.evaluate("d => d.open") and not code.is_visible(), "the answer is not folded"
    dropdown.locator("summary").click()
    page.wait_for_function("d => d.open", arg=dropdown.element_handle())
    assert code.is_visible(), "the dropdown opened but its code is not visible"
    assert ">>>" in code.inner_text(), "the answer's code block is not a doctest"
    assert not watch.problems, problems_message(watch.problems)


@pytest.mark.parametrize(("language", "query"), [("en", "composition"), ("es", "composición")])
def test_search_finds_pages(page, watch, server, language, query):
    page.goto(f"{server}/{language}/search.html?q={quote(query)}")
    results = search_results(page)
    assert results, f"no result for {query!r} in the {language} edition"
    assert not watch.problems, problems_message(watch.problems)


@pytest.mark.parametrize(("language", "query"), [("en", "composition"), ("es", "composición")])
def test_search_says_how_many_pages_it_found(page, server, language, query):
    page.goto(f"{server}/{language}/search.html?q={quote(query)}")
    count = len(search_results(page))
    summary = search_summary(page)
    assert str(count) in summary, f"the {language} search found {count} pages but its summary says {summary!r}"


@pytest.mark.parametrize(("locale", "language"), [("en-US", "en"), ("es-ES", "es"), ("fr-FR", "en")])
def test_root_page_sends_readers_to_their_edition(chromium, server, locale, language):
    context = chromium.new_context(locale=locale)
    try:
        tab = context.new_page()
        tab.goto(f"{server}/index.html")
        tab.wait_for_url(f"{server}/{language}/index.html")
    finally:
        context.close()


# -- The checks fail on a broken site ---------------------------------------------------------------

def test_a_missing_figure_is_reported(page, broken_copy):
    html = (broken_copy / "en" / f"{THEORY}.html").read_text(encoding="utf-8")
    figure = re.search(r'<img [^>]*src="\.\./_images/(sphx_glr_[^"]+\.svg)"', html).group(1)
    (broken_copy / "en" / "_images" / figure).unlink()
    with serve(broken_copy) as base:
        watch = Watch(page, base)
        open_page(page, f"{base}/en/{THEORY}.html")
        problems = image_problems(page)
    assert any(figure in p for p in problems), f"image_problems missed the deleted {figure}: {problems}"
    assert any("HTTP 404" in p and figure in p for p in watch.problems), watch.problems


def test_a_switcher_to_the_wrong_page_is_reported(page, broken_copy):
    path = broken_copy / "en" / f"{THEORY}.html"
    html = path.read_text(encoding="utf-8")
    right = f'href="../../es/{THEORY}.html"'
    assert right in html
    path.write_text(html.replace(right, f'href="../../es/{SOLUTIONS}.html"'), encoding="utf-8")
    with serve(broken_copy) as base:
        open_page(page, f"{base}/en/{THEORY}.html#batched-matmul")
        start = section_of(page, "batched-matmul")
        switch_language(page)
        problems = switcher_problems(page, base, f"es/{THEORY}.html", start["positional"],
                                     spanish_title("Batched matmul"), heading="h2")
    assert any(f"es/{SOLUTIONS}.html" in p and "not to" in p for p in problems), problems


def test_unconverted_math_is_reported(page, broken_copy):
    path = broken_copy / "en" / f"{THEORY}.html"
    html = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"<math\b.*?</math>", r"\\(\\frac{a}{b}\\)", html, count=3, flags=re.S), encoding="utf-8")
    with serve(broken_copy) as base:
        page.goto(f"{base}/en/{THEORY}.html")
        problems = math_problems(page)
    assert any("not MathML" in p for p in problems), problems
    assert any("raw TeX" in p for p in problems), problems


# -- Every reader: JavaScript off, phones, accessibility ------------------------------------------

@pytest.fixture
def context_for(chromium, request):
    """Make browser contexts (JavaScript on or off, a colour scheme, a screen width); close them after."""
    made = []

    def make(javascript=True, scheme="light", width=VIEWPORT["width"], language="en"):
        context = chromium.new_context(java_script_enabled=javascript, color_scheme=scheme,
                                       viewport={"width": width, "height": 800}, locale=language)
        made.append(context)
        return context.new_page()
    yield make
    for context in made:
        context.close()


@pytest.mark.parametrize("name", [THEORY, SOLUTIONS])
@pytest.mark.parametrize("language", LANGUAGES)
def test_math_renders_without_javascript(context_for, server, language, name):
    page = context_for(javascript=False)
    page.goto(f"{server}/{language}/{name}.html")
    formulas = page.locator(".math math").count()
    assert formulas >= (100 if name == THEORY else 5), f"only {formulas} MathML formulas"
    problems = mathml_problems(page)
    assert not problems, f"{language}/{name}.html:" + problems_message(problems)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_colours_without_javascript_follow_the_system(context_for, server, language, scheme):
    """Links are coloured and code has a background on the first paint, with no script at all."""
    page = context_for(javascript=False, scheme=scheme)
    page.goto(f"{server}/{language}/{THEORY}.html")
    body, link, code = page.evaluate("""() => [document.body, document.querySelector('.bd-article a.reference'),
        document.querySelector('div.highlight pre')].map(e => [getComputedStyle(e).color, getComputedStyle(e).backgroundColor])""")
    assert link[0] != body[0], f"links are the colour of the text ({link[0]}): the theme's colours did not apply"
    assert code[1] not in ("rgba(0, 0, 0, 0)", "transparent"), "code has no background"
    dark = sum(int(c) for c in re.findall(r"\d+", page.evaluate("getComputedStyle(document.querySelector('.bd-page-width, body')).backgroundColor"))[:3]) < 200
    assert dark == (scheme == "dark") or page.evaluate("getComputedStyle(document.body).backgroundColor") , scheme


@pytest.mark.parametrize("javascript", [True, False])
def test_a_page_printed_in_dark_mode_has_dark_text_on_white(context_for, server, javascript):
    """Paper is white: a browser in dark mode prints the light colours, not grey text on grey."""
    page = context_for(javascript=javascript, scheme="dark")
    page.goto(f"{server}/en/{THEORY}.html")
    colour = "getComputedStyle(document.querySelector('.bd-article p')).color"
    on_screen = sum(int(c) for c in re.findall(r"\d+", page.evaluate(colour))[:3])
    page.emulate_media(media="print")
    printed = sum(int(c) for c in re.findall(r"\d+", page.evaluate(colour))[:3])
    paper = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert on_screen > 450, "the test needs the dark theme on screen (light text)"
    assert printed < 200, f"printed text is light ({page.evaluate(colour)}): the print colours did not apply"
    assert paper in ("rgb(255, 255, 255)", "rgba(0, 0, 0, 0)"), f"printed page background {paper}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_is_linked_without_javascript(context_for, server, language):
    """No menu to open: every page of the site is a visible link in the header of the index."""
    page = context_for(javascript=False)
    page.goto(f"{server}/{language}/index.html")
    links = set(page.eval_on_selector_all(".bd-header .navbar-nav a", "as => as.filter(a => a.offsetParent)"
                                          ".map(a => a.getAttribute('href'))"))
    for name in [THEORY, SOLUTIONS, "auto_gallery/index", "api", "translating"]:
        assert f"{name}.html" in links, f"{name}.html is not a visible header link: {sorted(links)}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_download_button_writes_its_file_name_in_its_own_colour(context_for, server, scheme):
    """The file name on a gallery download button is code; the theme's code colour on the
    button's gradient failed WCAG contrast in dark mode, so it takes the button's text colour."""
    page = context_for(scheme=scheme)
    page.goto(f"{server}/en/{GALLERY[0]}.html")
    colours = page.evaluate("""() => Array.from(document.querySelectorAll('div.sphx-glr-download a')).map(a =>
        [getComputedStyle(a).color, getComputedStyle(a.querySelector('.pre') || a).color])""")
    assert colours, "no download button on the gallery page"
    assert all(link == name for link, name in colours), colours


TOC_JS = """() => Array.from(document.querySelectorAll('#pst-page-toc-nav a.nav-link')).map(a => {
    const r = a.getBoundingClientRect(), s = getComputedStyle(a);
    return [a.getAttribute('href'), r.width > 0 && r.height > 0 && r.left >= 0 && r.right <= innerWidth
            && s.visibility === 'visible'];
})"""


def target_and_header(page, target):
    """The top of the element ``target`` (a CSS selector: ``#id``, ``:focus``) and the bottom of
    the header, in px from the top of the window (0 when the header has scrolled away)."""
    return page.evaluate("""selector => [document.querySelector(selector).getBoundingClientRect().top,
        Math.max(0, document.querySelector('.bd-header').getBoundingClientRect().bottom)]""", target)


@pytest.mark.parametrize("width", [1024, 1280])
@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_link_to_a_term_lands_below_the_header(context_for, server, language, javascript, width):
    """The header's height depends on the edition and the width (the Spanish menu wraps to two
    rows), so a link to a glossary term or a heading must not land under it: with JavaScript
    the room kept above each target follows the header (_static/header-offset.js); without, the header
    scrolls away (_static/noscript.css)."""
    page = context_for(javascript=javascript, width=width, language=language)
    page.goto(f"{server}/{language}/glossary.html#term-FMA")
    page.wait_for_timeout(300)
    top, covered = target_and_header(page, "#term-FMA")
    assert top > 0, f"the page did not scroll to the term (its top is at {top}px)"
    assert top >= covered, (f"{language}, {width}px, JavaScript {'on' if javascript else 'off'}: "
                            f"the term's top is at {top}px, under the header, which ends at {covered}px")


@pytest.mark.parametrize(("wide", "narrow"), [(1600, 1024), (1600, PHONE_WIDTH), (PHONE_WIDTH, 1280)])
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_term_stays_in_view_when_the_window_is_resized(context_for, server, language, wide, narrow):
    """After a jump to a term, a resize reflows the page (and the Spanish header grows a row
    below 1280 px): until the reader scrolls, the term is brought back below the header."""
    page = context_for(width=wide, language=language)
    page.goto(f"{server}/{language}/theory/03-svd-and-rank.html#the-svd-a-sum-of-orthogonal-outer-products")
    page.wait_for_timeout(300)
    page.set_viewport_size({"width": narrow, "height": 800})
    page.wait_for_timeout(600)
    top, covered = target_and_header(page, "#the-svd-a-sum-of-orthogonal-outer-products")
    assert covered <= top < 400, (f"{language}, {wide} px to {narrow} px: the heading's top is at {top}px "
                                  f"(the header ends at {covered}px)")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_skip_link_and_the_breadcrumbs_land_below_the_header(context_for, server, language):
    """At 1024 px (two header rows in Spanish) the skip link brings the page's title below the
    header, and the breadcrumb that Tab reaches next is not hidden under it."""
    page = context_for(width=1024, language=language)
    page.goto(f"{server}/{language}/{THEORY}.html")
    page.wait_for_timeout(300)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    title, covered = target_and_header(page, "article h1")
    assert title >= covered, f"{language}: after the skip link the title's top is at {title}px, under the header (ends at {covered}px)"
    page.keyboard.press("Tab")
    page.wait_for_timeout(300)
    focused, covered = target_and_header(page, ":focus")
    assert focused >= covered, f"{language}: the focused breadcrumb's top is at {focused}px, under the header (ends at {covered}px)"


def test_back_returns_the_reader_to_their_place_not_to_the_link_target(context_for, server):
    """Arrive by a link to a heading, scroll on, leave, come back: the reader is where they left,
    not at the heading of the URL (which the script places only on arrival by a link)."""
    page = context_for(width=1280)
    page.goto(f"{server}/en/{THEORY}.html#batched-matmul")
    page.wait_for_timeout(300)
    page.mouse.move(600, 500)
    page.mouse.wheel(0, 3000)
    page.wait_for_timeout(500)
    left_at = page.evaluate("scrollY")
    page.goto(f"{server}/en/glossary.html")
    page.go_back(wait_until="load")
    page.wait_for_timeout(500)
    back_at = page.evaluate("scrollY")
    assert abs(back_at - left_at) < 100, f"the reader left the page at {left_at}px and came back at {back_at}px"


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_contents_entry_chosen_in_the_drawer_closes_it(context_for, server, language):
    """Below 1200 px "On this page" is a drawer: choosing an entry closes it, so that it does not
    cover the heading the reader asked for."""
    page = context_for(width=768, language=language)
    page.goto(f"{server}/{language}/{THEORY}.html")
    page.wait_for_timeout(300)
    page.locator(".secondary-toggle:visible").first.click()
    page.wait_for_timeout(500)
    page.locator("#pst-secondary-sidebar-modal a[href='#batched-matmul']").click()
    page.wait_for_timeout(800)
    still_open = page.evaluate("document.querySelector('#pst-secondary-sidebar-modal').open")
    top, covered = target_and_header(page, "#batched-matmul")
    assert not still_open, f"{language}: the drawer is still open over the heading"
    assert covered <= top < 400, f"{language}: the heading's top is at {top}px (the header ends at {covered}px)"


@pytest.mark.parametrize(("name", "sidebar"), [(THEORY, ".bd-sidebar-secondary"),
                                             (GALLERY[0], ".bd-sidebar-primary")])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sticky_sidebars_start_below_the_header(context_for, server, language, name, sidebar):
    """At 1280 px the Spanish header has two rows: "On this page" and the section links beside
    the article stay below it, not under it, once the page has scrolled."""
    page = context_for(width=1280, language=language)
    page.goto(f"{server}/{language}/{name}.html")
    page.wait_for_timeout(300)
    page.mouse.move(640, 500)
    page.mouse.wheel(0, 2000)
    page.wait_for_timeout(500)
    top, covered = target_and_header(page, sidebar)
    assert top >= covered - 1, f"{language}/{name}: {sidebar} starts at {top}px, under the header (ends at {covered}px)"


@pytest.mark.parametrize("width", [PHONE_WIDTH, 1024])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_contents_of_a_page_are_reachable_without_javascript(context_for, server, language, width):
    """Below 1200 px the theme shows "On this page" only in a drawer that JavaScript opens;
    without JavaScript its links, sub-entries included, stand in the page, before the
    article, each on screen."""
    page = context_for(javascript=False, width=width, language=language)
    page.goto(f"{server}/{language}/{THEORY}.html")
    links = page.evaluate(TOC_JS)
    assert len(links) > 5, f"the theory page lists no contents: {links}"
    hidden = [href for href, shown in links if not shown]
    assert not hidden, f"{language} at {width} px: contents links not shown without JavaScript: {hidden[:5]}"
    above = page.evaluate("() => document.querySelector('#pst-secondary-sidebar').getBoundingClientRect().top"
                          " < document.querySelector('.bd-article').getBoundingClientRect().top")
    assert above, "the contents should come before the article"


# Pages with a left sidebar (the gallery's, the lab's) and pages with nothing to list in one.
NOSCRIPT_PAGES = ["glossary", "translation-status", "auto_gallery/index", GALLERY[0], "auto_lab/index", LABS[0], THEORY]


@pytest.mark.parametrize("name", NOSCRIPT_PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_dead_button_or_empty_sidebar_without_javascript(context_for, server, language, name):
    """On a desktop screen without JavaScript no button shows (it would do nothing: the theme's
    "Collapse Sidebar") and no sidebar is an empty column (a "Section Navigation" with no link)."""
    page = context_for(javascript=False, language=language)
    page.goto(f"{server}/{language}/{name}.html")
    problems = noscript_problems(page)
    assert not problems, f"{language}/{name}.html:" + problems_message(problems)


def test_a_dead_button_and_an_empty_sidebar_are_reported(context_for, broken_copy):
    """The no-JavaScript stylesheet without its sidebar-collapse rule, and a gallery page whose
    sidebar lost its links."""
    css = broken_copy / "en" / "_static" / "noscript.css"
    css.write_text(css.read_text(encoding="utf-8").replace(", .pst-sidebar-collapse", ""), encoding="utf-8")
    path = broken_copy / "en" / "auto_gallery" / "index.html"
    html, emptied = re.subn(r'(<div class="bd-toc-item navbar-nav">).*?(</nav>)', r"\1</div>\2",
                            path.read_text(encoding="utf-8"), count=1, flags=re.S)
    assert emptied, "the gallery index has no section navigation to empty"
    path.write_text(html, encoding="utf-8")
    with serve(broken_copy) as base:
        page = context_for(javascript=False)
        page.goto(f"{base}/en/auto_gallery/index.html")
        problems = noscript_problems(page)
    assert any("Collapse Sidebar" in p for p in problems), problems
    assert any("empty sidebar" in p and "Section Navigation" in p for p in problems), problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_indexes_are_linked_from_the_api_page(page, server, language):
    """The general index and the module index are built: a reader reaches them from the API page."""
    page.goto(f"{server}/{language}/api.html")
    links = page.eval_on_selector_all(".bd-article a[href]", "as => as.filter(a => a.checkVisibility())"
                                      ".map(a => a.getAttribute('href'))")
    assert not {f"{name}.html" for name in SPECIAL} - set(links), f"api.html links {sorted(set(links))}"


@pytest.mark.parametrize("name", EVERY_PAGE)
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_wcag_violation_light_and_dark(context_for, server, language, name):
    problems = []
    for scheme in ("light", "dark"):
        page = context_for(scheme=scheme)
        page.goto(f"{server}/{language}/{name}.html", wait_until="load")
        page.wait_for_function("document.documentElement.dataset.theme === " + repr(scheme))
        problems += [f"{scheme}: {v}" for v in axe_violations(page)]
    assert not problems, f"{language}/{name}.html:" + problems_message(problems)


def test_an_accessibility_violation_is_reported(page, broken_copy):
    path = broken_copy / "en" / "index.html"
    path.write_text(path.read_text(encoding="utf-8").replace('<html lang="en"', "<html", 1), encoding="utf-8")
    with serve(broken_copy) as base:
        page.goto(f"{base}/en/index.html")
        problems = axe_violations(page)
    assert any(p.startswith("html-has-lang") for p in problems), problems


@pytest.mark.parametrize("name", EVERY_PAGE)
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_wcag_violation_without_javascript(context_for, server, language, name):
    """The page as a phone shows it with JavaScript off: every box that scrolls is a tab stop
    without the theme's script, and the colours hold in both schemes."""
    problems = []
    for scheme in ("light", "dark"):
        page = context_for(javascript=False, scheme=scheme, width=PHONE_WIDTH)
        page.goto(f"{server}/{language}/{name}.html", wait_until="load")
        problems += [f"{scheme}: {v}" for v in axe_violations(page, javascript=False)]
    assert not problems, f"{language}/{name}.html:" + problems_message(problems)


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("name", EVERY_PAGE)
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_page_is_wider_than_a_phone(context_for, server, language, name, javascript):
    """Nothing is wider than a 360px screen or scrolls sideways but code, tables, formulas and figures'
    boxes; headings wrap; every image fits the column (or its box does) in its own shape; no figure's
    text is drawn smaller than 9px."""
    page = context_for(javascript=javascript, width=PHONE_WIDTH)
    page.goto(f"{server}/{language}/{name}.html")
    problems = overflow_problems(page) + figure_problems(figure_boxes(page)) + figure_text_problems(figure_text_sizes(page))
    assert not problems, f"{language}/{name}.html:" + problems_message(problems)


@pytest.mark.parametrize("name", FIGURE_PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_figure_text_is_legible_on_a_phone(context_for, server, language, name):
    """On a 360px phone the smallest text of every figure (tick labels, legends, the machine line) is
    drawn 9 CSS px high at least; the figure scrolls sideways in its box, a tab stop named "Figure"
    in the edition's language."""
    page = context_for(javascript=False, width=PHONE_WIDTH, language=language)
    page.goto(f"{server}/{language}/{name}.html")
    sizes = figure_text_sizes(page)
    assert sizes, f"{language}/{name}.html shows no figure with text: the check would see nothing"
    print(f"{language}/{name}.html: smallest figure text {min(s['px'] for s in sizes):.1f}px")
    name_of_box = "Figure" if language == "en" else polib.pofile(
        str(ROOT / "locale" / language / "LC_MESSAGES" / "sphinx.po")).find("Figure").msgstr
    boxes = page.evaluate("""() => Array.from(document.querySelectorAll('.bd-article img[src$=".svg"]'))
        .filter(i => !i.closest('.sphx-glr-thumbcontainer')).map(i => i.closest('.figure-scroll'))
        .map(b => b && [b.getAttribute('role'), b.getAttribute('aria-label'), b.tabIndex])""")
    problems = figure_text_problems(sizes)
    problems += [f"a figure is not in a scrolling box named {name_of_box!r}: {box}"
                 for box in boxes if box != ["region", name_of_box, 0]]
    assert not problems, f"{language}/{name}.html:" + problems_message(problems)


def test_figure_text_too_small_on_a_phone_is_reported(context_for, broken_copy):
    """The figures as they were: shrunk to the phone's column, their text 3px high."""
    path = broken_copy / "es" / f"{THEORY}.html"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "</head>", "<style>.figure-scroll img { min-width: 0 !important }</style></head>", 1), encoding="utf-8")
    page = context_for(width=PHONE_WIDTH)
    with serve(broken_copy) as base:
        page.goto(f"{base}/es/{THEORY}.html")
        problems = figure_text_problems(figure_text_sizes(page))
    assert problems and all("px high (at least 9px)" in p for p in problems), problems


@pytest.mark.parametrize("name", [THEORY, GALLERY[0], "auto_gallery/index", LABS[0]])
@pytest.mark.parametrize("language", LANGUAGES)
def test_figures_fit_a_phone_and_keep_their_box_while_loading(context_for, server, language, name):
    """Figures, gallery images and thumbnails shrink to the column of a phone in their own shape, and
    the box each has before its file arrives is the box it keeps (no layout shift)."""
    page = context_for(width=PHONE_WIDTH)
    held = []
    images = re.compile(r"\.(svg|png|jpe?g)(\?.*)?$")
    page.route(images, lambda route: held.append(route))  # every image waits until the boxes are measured
    page.goto(f"{server}/{language}/{name}.html", wait_until="domcontentloaded")
    before = figure_boxes(page)
    assert before, "no image on the page: the check would see nothing"
    assert not any(image["loaded"] for image in before), "an image arrived before it was let through"
    for route in held:
        route.continue_()
    page.unroute(images)
    page.evaluate("document.querySelectorAll('img').forEach(i => i.loading = 'eager')")
    page.wait_for_function("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
    after = figure_boxes(page)
    problems = figure_problems(after)
    problems += [f"{b['src']} was {b['w']:.0f}x{b['h']:.0f}px before it arrived, {a['w']:.0f}x{a['h']:.0f}px after"
                 for b, a in zip(before, after) if abs(b["w"] - a["w"]) > 1 or abs(b["h"] - a["h"]) > 1]
    assert any(a["w"] < int(a["width"]) - 1 for a in after if a["width"]), "no image is wider than a phone here"
    assert not problems, f"{language}/{name}.html:" + problems_message(problems)


MAGNIFIER = "M416 208"  # the start of the magnifying glass's path in _static/icons.css


def contrast(png):
    """The WCAG contrast ratio between the lightest and the darkest pixel of a screenshot."""
    def luminance(value):
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    pixels = Image.open(io.BytesIO(png)).convert("RGB").get_flattened_data()
    levels = [0.2126 * luminance(r) + 0.7152 * luminance(g) + 0.0722 * luminance(b) for r, g, b in set(pixels)]
    return (max(levels) + 0.05) / (min(levels) + 0.05)


def search_icon_problems(page, javascript=True):
    """On a phone the header's search button is its magnifier alone: the icon is drawn by the style
    sheet (no script), against its background with a contrast of 3:1 at least (WCAG 1.4.11).
    Without JavaScript search cannot run, so no search button may show; the icon's rules hold all
    the same."""
    button = page.locator(".navbar-persistent--mobile .search-button-field")
    icon = button.locator("i.fa-magnifying-glass")
    drawn = icon.evaluate("""i => { const own = getComputedStyle(i), glyph = getComputedStyle(i, '::before');
        return {display: own.display, mask: glyph.maskImage || glyph.webkitMaskImage}; }""")
    problems = []
    if drawn["display"] == "none":
        problems.append("the style sheets hide the search icon")
    if MAGNIFIER not in unquote(drawn["mask"]):
        problems.append(f"the search icon is not the magnifier: {drawn['mask'][:80]}")
    if not javascript:
        if page.locator(".search-button-field:visible, .search-button:visible").count():
            problems.append("without JavaScript a search button shows, which cannot search")
        return problems
    if not button.is_visible():
        return problems + ["no search button in the phone's header"]
    if not icon.is_visible():
        return problems + ["the phone's search button shows no icon"]
    ratio = contrast(icon.screenshot())
    if ratio < 3:
        problems.append(f"the search icon stands out from its background by {ratio:.2f}:1 only")
    return problems


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_phone_search_button_shows_its_icon(context_for, server, language, scheme, javascript):
    page = context_for(javascript=javascript, scheme=scheme, width=PHONE_WIDTH)
    page.goto(f"{server}/{language}/{THEORY}.html")
    problems = search_icon_problems(page, javascript)
    assert not problems, f"{language}/{THEORY}.html, {scheme}:" + problems_message(problems)


@pytest.mark.parametrize(("rule", "expected"), [
    (".search-button-field i.fa-magnifying-glass::before { background-color: transparent !important }", "stands out"),
    (".search-button-field i.fa-magnifying-glass { display: none }", "hide the search icon"),
    (".fa-magnifying-glass { --icon: var(--icon-sun) }", "not the magnifier"),
])
def test_a_missing_or_faint_search_icon_is_reported(context_for, broken_copy, rule, expected):
    path = broken_copy / "en" / f"{THEORY}.html"
    path.write_text(path.read_text(encoding="utf-8").replace("</head>", f"<style>{rule}</style></head>", 1), encoding="utf-8")
    page = context_for(width=PHONE_WIDTH)
    with serve(broken_copy) as base:
        page.goto(f"{base}/en/{THEORY}.html")
        problems = search_icon_problems(page)
    assert any(expected in p for p in problems), problems


def test_a_scrolling_figure_code_out_of_reach_and_a_long_heading_are_reported(context_for, broken_copy):
    """The theory page as it was: figures at their drawn size in boxes that scroll (no named figure box),
    code boxes that are no tab stop without the theme's script, and (here) a heading that cannot wrap."""
    path = broken_copy / "en" / f"{THEORY}.html"
    html = path.read_text(encoding="utf-8").replace('<pre tabindex="0"', "<pre")
    html = re.sub(r'<div class="figure-scroll"[^>]*>', "<div>", html)
    path.write_text(html.replace("</head>", "<style>figure { overflow-x: auto } figure img { width: auto !important;"
                                 " max-width: none !important } h1 { white-space: nowrap }</style></head>", 1),
                    encoding="utf-8")
    page = context_for(javascript=False, width=PHONE_WIDTH)
    with serve(broken_copy) as base:
        page.goto(f"{base}/en/{THEORY}.html")
        problems = overflow_problems(page) + figure_problems(figure_boxes(page))
        violations = axe_violations(page, javascript=False)
    for expected in ("scrolls sideways (only code, tables, formulas and figure boxes may): figure", "pre", "no tab stop",
                     "a heading wider than its column: h1", "px column"):
        assert any(expected in p for p in problems), f"{expected!r} not reported: {problems}"
    assert any(v.startswith("scrollable-region-focusable") for v in violations), violations


# The site as it was: the theme's reversed flex row and Temml's column-wide <math> (the formula's
# end out of reach), breadcrumbs cut to one line with an ellipsis.
AS_IT_WAS = ("div.math { display: flex !important } div.math > math { width: 100% !important; min-width: 0 !important }"
             " ul.bd-breadcrumbs li.breadcrumb-item { white-space: nowrap !important; overflow-x: hidden !important }"
             " ul.bd-breadcrumbs li.breadcrumb-item .ellipsis { overflow-x: hidden !important;"
             " text-overflow: ellipsis !important }")


@pytest.mark.parametrize("javascript", [True, False])
def test_a_cut_formula_a_cut_breadcrumb_and_an_unnamed_code_box_are_reported(context_for, broken_copy, javascript):
    path = broken_copy / "es" / f"{SOLUTIONS}.html"
    html = re.sub(r'(<pre tabindex="0") role="region" aria-label="[^"]*"', r"\1", path.read_text(encoding="utf-8"))
    path.write_text(html.replace("</head>", f"<style>{AS_IT_WAS}</style></head>", 1), encoding="utf-8")
    page = context_for(javascript=javascript, width=PHONE_WIDTH)
    with serve(broken_copy) as base:
        page.goto(f"{base}/es/{SOLUTIONS}.html")
        page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
        problems = overflow_problems(page)
    for expected in ("cut off, out of the reader's reach: formula in div.math", "span.ellipsis \"Soluciones", ": no name"):
        assert any(expected in p for p in problems), f"{expected!r} not reported: {problems}"


REGIONS_JS = """() => Array.from(document.querySelectorAll('.bd-article pre, .bd-article div.math')).map(e =>
    [e.tagName.toLowerCase(), e.getAttribute('role'), e.getAttribute('aria-label'), e.tabIndex])"""


@pytest.mark.parametrize("javascript", [True, False])
@pytest.mark.parametrize("language", LANGUAGES)
def test_code_and_formulas_are_regions_named_in_the_page_language(context_for, server, language, javascript):
    """Every code box and display formula is a region named "Code" or "Formula" in the edition's
    language (locale/<language>/LC_MESSAGES/sphinx.po), and the wide formula of drill 3 is a tab
    stop that scrolls over all its symbols on a phone."""
    names = {"pre": "Code", "div": "Formula"}
    if language != "en":
        catalogue = polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "sphinx.po"))
        names = {tag: catalogue.find(name).msgstr for tag, name in names.items()}
    page = context_for(javascript=javascript, width=PHONE_WIDTH)
    page.goto(f"{server}/{language}/{SOLUTIONS}.html")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    regions = page.evaluate(REGIONS_JS)
    assert {tag for tag, *_ in regions} == {"pre", "div"}, f"no code box or no formula: {regions}"
    wrong = [r for r in regions if r[1:3] != ["region", names[r[0]]]]
    assert not wrong, f"boxes not named {names}: {wrong[:5]}"
    formula = page.locator(".bd-article div.math").first
    width = formula.evaluate("d => [d.scrollWidth, d.clientWidth, d.tabIndex]")
    assert width[0] > width[1] and width[2] == 0, f"drill 3's formula does not scroll as a tab stop: {width}"


STOPS_JS = """() => Array.from(document.querySelectorAll(
    '.bd-article div.math[role="region"], .bd-article div.figure-scroll[role="region"]')).map(e =>
    [e.className, e.scrollWidth > e.clientWidth + 1, e.tabIndex])"""


@pytest.mark.parametrize("width", [PHONE_WIDTH, 1280])
@pytest.mark.parametrize("page_name", [SOLUTIONS, "theory/03-svd-and-rank"])
def test_with_javascript_only_boxes_that_scroll_are_tab_stops(context_for, server, page_name, width):
    """With JavaScript (_static/scroll-stops.js), a formula or figure box is a tab stop exactly
    when it scrolls at the window's width: on a phone the wide ones, on a wide screen none."""
    page = context_for(javascript=True, width=width)
    page.goto(f"{server}/en/{page_name}.html")
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => { dispatchEvent(new Event('resize')); "
                  "requestAnimationFrame(() => requestAnimationFrame(r)); }))")
    boxes = page.evaluate(STOPS_JS)
    assert boxes, "no formula or figure box on the page"
    wrong = [b for b in boxes if (b[2] == 0) != b[1]]
    assert not wrong, f"tab stop that does not scroll, or a box that scrolls and is no stop: {wrong}"
    if width == 1280:
        assert not any(scrolls for _, scrolls, _ in boxes), boxes


def test_a_page_wider_than_a_phone_is_reported(context_for, broken_copy):
    path = broken_copy / "es" / "index.html"
    path.write_text(path.read_text(encoding="utf-8").replace("</head>", "<style>.navbar-brand p.title"
                    "{white-space: nowrap !important; font-size: 3rem !important}</style></head>", 1), encoding="utf-8")
    page = context_for(width=PHONE_WIDTH)
    with serve(broken_copy) as base:
        page.goto(f"{base}/es/index.html")
        assert overflow_problems(page)


# -- Weight: no icon font or icon script, every icon drawn, the theory page within its budget -------

THEORY_BUDGET_KIB = 250  # every request of the theory page, text compressed with gzip as a host does
ICON_FILES = ("fontawesome", "fa-solid-900", "fa-regular-400", "fa-brands-400")
ICONS_JS = """() => {
    const drawn = (el, pseudo) => { const s = getComputedStyle(el, pseudo);
        return s.display !== 'none' && /url\\(/.test(s.maskImage || s.webkitMaskImage); };
    const missing = [];
    for (const el of document.querySelectorAll('.fa-solid, .fas, .fa')) {
        if (!drawn(el, '::before')) missing.push(el.className);
    }
    for (const el of document.querySelectorAll('.admonition > .admonition-title')) {
        if (!drawn(el, '::after')) missing.push('admonition title ' + el.parentElement.className);
    }
    for (const el of document.querySelectorAll('a.reference.download')) {
        if (!drawn(el, '::before')) missing.push('download link ' + el.textContent.trim());
    }
    return missing;
}"""


def loaded_bytes(page, url):
    """Requests of `url` in `page` (no scrolling) -> bytes sent, text compressed with gzip (level 6)."""
    import gzip

    sizes = {}

    def count(response):
        body = response.body() if response.ok else b""
        kind = response.headers.get("content-type", "")
        text = kind.startswith("text/") or any(t in kind for t in ("javascript", "svg", "json"))
        sizes[response.url] = len(gzip.compress(body, compresslevel=6)) if text else len(body)
    page.on("response", count)
    open_page(page, url)
    return sizes


def icon_problems(page, sizes):
    """Requests of the icon font or script, and icons (shown or not) that would be drawn with no shape."""
    problems = [f"loads {url}" for url in sizes if any(name in url for name in ICON_FILES)]
    return problems + [f"icon without a shape: {name}" for name in page.evaluate(ICONS_JS)]


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_no_icon_font_and_every_icon_drawn(page, server, language, name):
    problems = icon_problems(page, loaded_bytes(page, f"{server}/{language}/{name}.html"))
    assert not problems, f"{language}/{name}.html:" + problems_message(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_theory_page_weighs_less_than_its_budget(context_for, server, language):
    """All the bytes of the theory page on a phone (412 px, as Lighthouse's mobile run), gzipped."""
    sizes = loaded_bytes(context_for(width=412), f"{server}/{language}/{THEORY}.html")
    assert len(sizes) > 10, f"only {len(sizes)} requests seen: the count would miss the page's assets"
    total = sum(sizes.values()) / 1024
    largest = ", ".join(f"{url.rsplit('/', 1)[-1]} {n / 1024:.0f}" for url, n in sorted(sizes.items(), key=lambda i: -i[1])[:5])
    assert total <= THEORY_BUDGET_KIB, f"{language}/{THEORY}.html: {total:.0f} KiB gzipped (largest, KiB: {largest})"


def test_the_icon_font_and_a_heavy_page_are_reported(page, context_for, broken_copy):
    path = broken_copy / "en" / f"{THEORY}.html"
    font = "../_static/vendor/fontawesome/webfonts/fa-solid-900.woff2"
    path.write_text(path.read_text(encoding="utf-8").replace("</head>", f"<style>@font-face{{font-family:I;src:url({font})}}"
                    "body{font-family:I,sans-serif}</style></head>", 1).replace(
                    'class="fa-solid fa-magnifying-glass"', 'class="fa-solid fa-magnifying-glass-plus"'), encoding="utf-8")
    with serve(broken_copy) as base:
        problems = icon_problems(page, loaded_bytes(page, f"{base}/en/{THEORY}.html"))
        sizes = loaded_bytes(context_for(width=412), f"{base}/en/{THEORY}.html")
    assert any("fa-solid-900" in p for p in problems) and any("fa-magnifying-glass-plus" in p for p in problems), problems
    assert sum(sizes.values()) / 1024 > THEORY_BUDGET_KIB - 112 + 100  # the font alone weighs 112 KiB
