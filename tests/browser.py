"""Helpers for the real-browser tests: a local web server, Chromium, and page checks.

Every check returns a list of problems (an empty list means the page is fine), so that a test can
report everything that is wrong at once, and so that the tests of the checks themselves can assert
that a broken site IS reported.
"""

import functools
import http.server
import re
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

CHROMIUM = Path("/usr/bin/chromium")  # Debian's Chromium: Playwright's own browsers cannot be downloaded
# As root Chromium needs --no-sandbox; without the network flags it tries to reach Google's servers.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1280, "height": 900}  # wide enough for the desktop navbar (and its switcher)
TIMEOUT_MS = 15_000
RAW_TEX = ("\\(", "\\)", "\\[", "\\]", "\\sum", "\\mathbb", "\\frac", "\\top")
# The page's text outside code (code may show TeX on purpose), including folded dropdowns.
PROSE_TEXT_JS = """() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const parts = [];
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (!node.parentElement.closest('pre, code, kbd, samp, script, style, textarea')) parts.push(node.data);
    }
    return parts.join('');
}"""


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature is http.server's
        pass


@contextmanager
def serve(directory, handler_class=QuietHandler):
    """Serve `directory` on 127.0.0.1 (a free port) from a background thread with
    `handler_class`; yield the base URL."""
    handler = functools.partial(handler_class, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, name="site-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def launch(playwright):
    return playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)


class Watch:
    """Records what goes wrong in a page: console errors, uncaught exceptions, failed requests.

    Chromium asks for /favicon.ico by itself when a page declares no icon (the site declares
    none); that request is the browser's, not the page's, so its 404 is not counted.
    """

    def __init__(self, page, base):
        self.base, self.problems = base, []
        self.favicon = f"{base}/favicon.ico"
        page.on("console", self._console)
        page.on("pageerror", lambda error: self.problems.append(f"uncaught exception: {error}"))
        page.on("requestfailed", self._failed)
        page.on("response", self._response)
        page.on("request", self._request)

    def _console(self, message):
        if message.type == "error" and message.location.get("url") != self.favicon:
            self.problems.append(f"console error: {message.text} ({message.location.get('url')})")

    def _failed(self, request):
        self.problems.append(f"request failed: {request.url} ({request.failure})")

    def _response(self, response):
        if response.status >= 400 and response.url.startswith(self.base) and response.url != self.favicon:
            self.problems.append(f"HTTP {response.status}: {response.url}")

    def _request(self, request):
        if not request.url.startswith((self.base, "data:", "blob:")):
            self.problems.append(f"request outside the site (the site must work offline): {request.url}")


def has_math(page):
    return page.evaluate("document.querySelector('.math') !== null")


def wait_for_math(page, timeout=TIMEOUT_MS):
    """Nothing to wait for: the math is MathML in the HTML (kept for the helpers that call it)."""


def open_page(page, url):
    """Go to `url`, wait for it to load and for the theme's scripts to settle (they scroll to the #target)."""
    page.goto(url, wait_until="networkidle", timeout=TIMEOUT_MS)
    page.wait_for_timeout(200)


def image_problems(page):
    """Images that did not load, after making lazy images load and scrolling through the page."""
    page.evaluate("document.querySelectorAll('img[loading=\"lazy\"]').forEach(i => i.loading = 'eager')")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    # Wait for every image to finish (loaded or failed): a failed image is complete too.
    try:
        page.wait_for_function("Array.from(document.images).every(i => i.complete)", timeout=TIMEOUT_MS)
    except PlaywrightTimeoutError:
        pass  # the images still loading are reported below
    page.evaluate("window.scrollTo(0, 0)")
    broken = page.evaluate("""Array.from(document.images)
        .filter(i => !(i.complete && i.naturalWidth > 0))
        .map(i => i.getAttribute('src'))""")
    return [f"image did not load: {src}" for src in broken]


def math_problems(page, timeout=TIMEOUT_MS):
    """On a page with math: every formula is MathML the browser draws, and no raw TeX is left."""
    if not has_math(page):
        return []
    return mathml_problems(page)


SECTION_JS = """(id) => {
    const target = document.getElementById(id);
    if (!target) return null;
    const section = target.closest('section');
    if (!section) return {section: null};
    const heading = section.querySelector(':scope > h1, :scope > h2, :scope > h3, :scope > h4, :scope > h5');
    const positional = /^sec(-\\d+)+$/.test(section.id) ? section.id
        : (section.querySelector(':scope > span[id^="sec-"]') || {}).id || null;
    if (!heading) return {section: section.id, positional, heading: null};
    const copy = heading.cloneNode(true);
    copy.querySelectorAll('.headerlink').forEach(a => a.remove());
    return {section: section.id, positional, heading: heading.tagName.toLowerCase(),
            title: copy.textContent.replace(/\\s+/g, ' ').trim(),
            top: heading.getBoundingClientRect().top};
}"""


def section_of(page, element_id):
    """The section holding the element `element_id`: its id, positional id, heading tag, title, top."""
    return page.evaluate(SECTION_JS, element_id)


def scroll_to(page, element_id):
    """Scroll the way a reader does (no URL hash): the element's section heading ends up at the top."""
    page.evaluate("(id) => document.getElementById(id).closest('section').scrollIntoView()", element_id)
    page.wait_for_timeout(100)  # let the scroll settle before anything reads the position


def switch_language(page):
    """Click the visible language link (the navbar's; the mobile drawer holds a hidden copy)."""
    link = page.locator("a.editions-link:visible")
    with page.expect_navigation(wait_until="load", timeout=TIMEOUT_MS):
        link.first.click()
    wait_for_math(page)
    page.wait_for_timeout(100)  # layout after typesetting; scroll anchoring keeps the place


def plain_title(rst_title):
    """A title from a .po as the browser shows it: without reST inline markup (*em*, ``code``)."""
    return re.sub(r"(\*\*|\*|``|`)", "", rst_title).strip()


def switcher_problems(page, base, expected_path, expected_id, expected_title=None, heading=None,
                      near_top=(0, 200)):
    """After a language switch: right page, right section (#expected_id, its title), scrolled to it.

    `expected_title` is None when it cannot be known (e.g. the title is not translated yet).
    """
    url = urlsplit(page.url)
    problems = []
    if f"{url.scheme}://{url.netloc}" != base or unquote(url.path) != "/" + expected_path:
        problems.append(f"the switcher went to {page.url}, not to {base}/{expected_path}")
    if url.fragment != expected_id:
        problems.append(f"the switcher's URL ends in #{url.fragment}, not #{expected_id}")
    found = section_of(page, expected_id)
    if found is None:
        return problems + [f"no element with id {expected_id!r} on {page.url}"]
    if found.get("heading") is None:
        return problems + [f"#{expected_id} is not in a section with a heading: {found}"]
    if heading and found["heading"] != heading:
        problems.append(f"#{expected_id} is in a section headed by <{found['heading']}>, not <{heading}>")
    if expected_title is not None and found["title"] != expected_title:
        problems.append(f"#{expected_id} is in the section {found['title']!r}, not {expected_title!r}")
    low, high = near_top
    if not low <= found["top"] <= high:
        problems.append(f"the heading {found['title']!r} is {found['top']:.0f}px from the top of the "
                        f"viewport, not within {low}-{high}px: the reader did not land on it")
    return problems


# Sphinx's searchtools titles the results "Searching" (translated) while it works, then "Search Results".
SEARCH_DONE_JS = """() => {
    const title = document.querySelector('#search-results h2');
    return title !== null && title.textContent.trim() !== Documentation.gettext('Searching');
}"""


def search_results(page, timeout=TIMEOUT_MS):
    """The texts of the results on a search.html?q=... page, once the search has finished."""
    page.wait_for_function(SEARCH_DONE_JS, timeout=timeout)
    return page.locator("#search-results li").all_inner_texts()


def search_summary(page, timeout=TIMEOUT_MS):
    """The summary line of a finished search ("Search finished, found 5 pages matching...")."""
    page.wait_for_function(SEARCH_DONE_JS, timeout=timeout)
    return page.locator("#search-results p.search-summary").inner_text().strip()


def screenshot(page, path):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


# -- Reader-side checks: math without JavaScript, accessibility (axe-core), phones -----------------

AXE = Path(__file__).resolve().parents[1] / ".venv" / "npm" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
MATH_JS = """() => Array.from(document.querySelectorAll('.math')).map(m => {
    const math = m.querySelector('math');
    const box = math ? math.getBoundingClientRect() : null, stop = m.closest('[tabindex]');
    return {math: !!math, width: box ? box.width : 0, height: box ? box.height : 0,
            tabindex: !!stop && !stop.matches('div.math[role="region"][aria-label]'), text: m.textContent.slice(0, 60)};
})"""


def mathml_problems(page):
    """Every formula is MathML drawn by the browser (nonzero size), not a tab stop (but a display
    formula's box, a named region that may scroll on a phone); no raw TeX left."""
    problems = []
    formulas = page.evaluate(MATH_JS)
    for formula in formulas:
        if not formula["math"]:
            problems.append(f"a formula is not MathML: {formula['text']!r}")
        elif formula["width"] <= 0 or formula["height"] <= 0:
            problems.append(f"a formula is drawn with no size: {formula['text']!r}")
        if formula["tabindex"]:
            problems.append(f"a formula is a tab stop: {formula['text']!r}")
    text = page.evaluate(PROSE_TEXT_JS)
    for tex in RAW_TEX:
        at = text.find(tex)
        if at >= 0:
            problems.append(f"raw TeX {tex!r} left in the visible text: ...{text[max(0, at - 40):at + 40]!r}...")
    return problems


# With JavaScript off, Chromium runs no timer, and axe waits on setTimeout between its checks:
# in that page only, a timer runs its function at once (as a promise callback, which still runs).
TIMERS_WITHOUT_JAVASCRIPT = """() => {
    window.setTimeout = (run, delay, ...args) => { Promise.resolve().then(() => run(...args)); return 0; };
    window.clearTimeout = () => {};
}"""


def axe_violations(page, tags=WCAG_TAGS, javascript=True):
    """axe-core's WCAG violations on the page, one line each (rule, impact, first nodes).

    `javascript` says whether the page's context runs JavaScript (axe itself runs either way).
    """
    if not AXE.is_file():
        raise FileNotFoundError(f"{AXE} is missing: `make assets` installs the pinned axe-core")
    if not javascript:
        page.evaluate(TIMERS_WITHOUT_JAVASCRIPT)
    page.evaluate(AXE.read_text(encoding="utf-8") + "\n;0")
    result = page.evaluate("(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", tags)
    return [f"{v['id']} ({v['impact']}): {v['help']} - {len(v['nodes'])} nodes: " + "; ".join(
                " ".join(n["target"]) + (f" [{n['failureSummary'].splitlines()[-1].strip()}]" if n.get("failureSummary") else "")
                for n in v["nodes"][:3])
            for v in result["violations"]]


# What makes a page wider than a phone, or scroll sideways anywhere but in a box made for it:
# code (<pre>), a table's box, a display formula and a figure's box may scroll, when the keyboard reaches them
# (a tab stop, or something focusable inside) and they are regions with a name. A display
# formula wider than its box must scroll to its last symbol, and no text is cut short with an
# ellipsis ("…").
OVERFLOW_JS = """() => {
    const width = document.documentElement.clientWidth;
    const describe = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
        + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/)[0] : '');
    const shown = e => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
    const reachable = e => e.tabIndex >= 0 || e.querySelector('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])');
    const named = e => e.getAttribute('role') === 'region' && (e.getAttribute('aria-label') || e.getAttribute('aria-labelledby'));
    const BOXES = 'pre, .pst-scrollable-table-container, div.math, .figure-scroll';
    const scrolling = [], unreachable = [], wide = [], headings = [], cut = [];
    for (const e of document.querySelectorAll('body *')) {
        if (!shown(e)) continue;
        const style = getComputedStyle(e);
        if (e.scrollWidth > e.clientWidth + 1 && /auto|scroll/.test(style.overflowX)) {
            const what = `${describe(e)} (${e.scrollWidth}px in ${e.clientWidth}px)`;
            if (!e.matches(BOXES)) scrolling.push(what);
            else if (!reachable(e)) unreachable.push(what + ': no tab stop');
            else if (!named(e)) unreachable.push(what + ': no name');
        }
        if (style.textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth + 1 && style.overflowX !== 'visible')
            cut.push(`${describe(e)} "${e.textContent.trim().slice(0, 60)}" (${e.scrollWidth}px in ${e.clientWidth}px)`);
        const box = e.getBoundingClientRect();
        if (box.width > 0 && box.right > width + 1 && style.position !== 'fixed'
            && !e.closest(BOXES + ', [class*="sidebar"], dialog')) wide.push(describe(e));
    }
    // A display formula: its symbols lie within what its box scrolls over (the box is at its start).
    for (const d of document.querySelectorAll('div.math')) {
        if (!shown(d)) continue;
        const box = d.getBoundingClientRect(), start = box.left + d.clientLeft - d.scrollLeft;
        let left = Infinity, right = -Infinity;
        for (const part of d.querySelectorAll('math *')) {
            const r = part.getBoundingClientRect();
            if (r.width > 0) { left = Math.min(left, r.left); right = Math.max(right, r.right); }
        }
        if (left < start - 1 || right > start + d.scrollWidth + 1)
            cut.push(`formula in ${describe(d)}: ${Math.round(right - left)}px of symbols, ${d.scrollWidth}px to scroll over`
                     + ` (${d.clientWidth}px box), starting ${Math.round(left - start)}px from its start`);
    }
    for (const h of document.querySelectorAll('h1, h2, h3, h4, h5, h6')) {
        if (!shown(h)) continue;
        const right = h.getBoundingClientRect().right;
        const over = [h, ...h.children].some(part => part.getBoundingClientRect().right > right + 1) || h.scrollWidth > h.clientWidth + 1;
        if (over) headings.push(`${h.tagName.toLowerCase()} "${h.textContent.trim()}" (${h.scrollWidth}px in ${h.clientWidth}px)`);
    }
    return {scroll: document.documentElement.scrollWidth, width, scrolling, unreachable, wide, headings, cut};
}"""


def overflow_problems(page):
    """The page is no wider than the screen, and nothing in it scrolls sideways but code, tables and
    formulas (which the keyboard can reach, each a region with a name); no heading sticks out of its
    column; no formula and no text (a breadcrumb) is cut off."""
    found = page.evaluate(OVERFLOW_JS)
    problems = []
    if found["scroll"] > found["width"]:
        problems.append(f"the page is {found['scroll']}px wide on a {found['width']}px screen; "
                        f"sticking out: {found['wide'][:3]}")
    problems += [f"scrolls sideways (only code, tables, formulas and figure boxes may): {what}" for what in found["scrolling"][:3]]
    problems += [f"scrolls sideways out of the keyboard's reach: {what}" for what in found["unreachable"][:3]]
    problems += [f"a heading wider than its column: {what}" for what in found["headings"][:3]]
    problems += [f"cut off, out of the reader's reach: {what}" for what in found["cut"][:3]]
    if found["wide"] and found["scroll"] <= found["width"]:
        problems.append(f"cut off at the right edge of the screen: {found['wide'][:3]}")
    return problems


# Every image of the article fits its column and keeps its shape; its box is sized by its width
# and height attributes, so it keeps the same box before and after the file arrives.
FIGURES_JS = """() => {
    const article = document.querySelector('.bd-article') || document.body;
    const style = getComputedStyle(article);
    const box = article.getBoundingClientRect();
    const left = box.left + parseFloat(style.paddingLeft), right = box.right - parseFloat(style.paddingRight);
    return Array.from(article.querySelectorAll('img')).filter(i => i.getClientRects().length).map(i => {
        const r = i.getBoundingClientRect(), scroller = i.closest('.figure-scroll');
        const outer = scroller ? scroller.getBoundingClientRect() : r;
        return {boxed: !!scroller, box: [outer.left, outer.right], src: i.getAttribute('src'), width: i.getAttribute('width'), height: i.getAttribute('height'),
                left: r.left, right: r.right, w: r.width, h: r.height, column: [left, right], loaded: i.complete && i.naturalWidth > 0};
    });
}"""


def figure_boxes(page):
    """The article's images: source, width and height attributes, box, the column's edges."""
    return page.evaluate(FIGURES_JS)


def figure_problems(boxes):
    """Images (from figure_boxes) without a size in the HTML, out of their column (or a figure's
    scrolling box out of it), or out of shape."""
    problems = []
    for image in boxes:
        name = image["src"].rsplit("/", 1)[-1]
        if not (image["width"] and image["height"]):
            problems.append(f"{name} has no width and height attributes: its box changes when it arrives")
            continue
        low, high = image["column"]
        left, right = image["box"]
        if left < low - 1 or right > high + 1:
            what = "its scrolling box is" if image["boxed"] else "it is"
            problems.append(f"{name}: {what} {right - left:.0f}px wide, out of its {high - low:.0f}px column")
        ratio = int(image["width"]) / int(image["height"])
        if image["h"] <= 0 or abs(image["w"] / image["h"] / ratio - 1) > 0.02:
            problems.append(f"{name} is drawn {image['w']:.0f}x{image['h']:.0f}px, not in its "
                            f"{image['width']}x{image['height']} shape")
    return problems


# Without JavaScript a button does nothing (the site's links, dropdowns and the "More" menu are
# links, <details> or CSS); a sidebar with no link in it is an empty column beside the text.
NOSCRIPT_JS = """() => {
    const seen = e => e.checkVisibility() && e.getBoundingClientRect().width > 0;
    const name = e => (e.getAttribute('aria-label') || e.innerText || e.className).trim().replace(/\\s+/g, ' ');
    return {
        buttons: Array.from(document.querySelectorAll('button')).filter(seen).map(name),
        sidebars: Array.from(document.querySelectorAll('.bd-sidebar-primary, .bd-sidebar-secondary')).filter(seen)
            .filter(s => !Array.from(s.querySelectorAll('a[href]')).some(seen))
            .map(s => `${s.className}: ${s.innerText.trim().replace(/\\s+/g, ' ').slice(0, 60)}`),
    };
}"""


def noscript_problems(page):
    """Buttons that show on a page without JavaScript (where they do nothing), and visible sidebars
    without a visible link."""
    found = page.evaluate(NOSCRIPT_JS)
    return ([f"a button that needs JavaScript shows: {b!r}" for b in found["buttons"]]
            + [f"an empty sidebar shows: {s!r}" for s in found["sidebars"]])


# The smallest text of each SVG figure of the article as drawn: a size in the SVG is in units of
# its viewBox, so it is drawn (size x drawn width / viewBox width) CSS px high.
FIGURE_TEXT_JS = """async () => {
    const article = document.querySelector('.bd-article') || document.body;
    const found = [];
    for (const i of article.querySelectorAll('img')) {
        if (!i.getClientRects().length || !/\\.svg(\\?.*)?$/.test(i.src) || i.closest('.sphx-glr-thumbcontainer')) continue;
        const svg = await (await fetch(i.src)).text();
        const sizes = Array.from(svg.matchAll(/font(?:-size)?:\\s*([\\d.]+)px/g), m => parseFloat(m[1]));
        const box = svg.match(/<svg\\b[^>]*?\\sviewBox="\\s*[-\\d.]+[\\s,]+[-\\d.]+[\\s,]+([\\d.]+)/);
        if (!sizes.length || !box) continue;
        found.push({src: i.getAttribute('src'), px: Math.min(...sizes) * i.getBoundingClientRect().width / parseFloat(box[1])});
    }
    return found;
}"""
MIN_FIGURE_TEXT_PX = 9


def figure_text_sizes(page):
    """The article's SVG images with text: source and the size of its smallest text as drawn, in CSS px."""
    return page.evaluate(FIGURE_TEXT_JS)


def figure_text_problems(sizes, least=MIN_FIGURE_TEXT_PX):
    """Figures (from figure_text_sizes) whose smallest text is drawn smaller than `least` CSS px."""
    return [f"{s['src'].rsplit('/', 1)[-1]}: its smallest text is drawn {s['px']:.1f}px high (at least {least}px)"
            for s in sizes if s["px"] < least]
