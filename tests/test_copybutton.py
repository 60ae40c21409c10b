"""Copy buttons in a real browser: on every code block, in the page's language, copying code only.

A button is clicked as a reader clicks it, and the clipboard is read back. What it holds must be
Python without prompts or output: it compiles, and the code copied from every block of a theory
page, run in order in a fresh interpreter outside the repository, runs.
"""

import json
import subprocess
import sys

import pytest
from browser import CHROMIUM, VIEWPORT, launch, open_page, serve
from helpers import LANGUAGES
from playwright.sync_api import sync_playwright

THEORY = "theory/02-matmul-as-composition"
SOLUTIONS = "theory/02-solutions"
PAGES = [THEORY, SOLUTIONS, "api", "auto_lab/lab_01_gap", "auto_gallery/02-matmul-as-composition/plot_01_ladder"]
TOOLTIP = {"en": "Copy", "es": "Copiar"}
OPEN_DROPDOWNS_JS = "document.querySelectorAll('details').forEach(d => d.open = true)"


@pytest.fixture(scope="module")
def browser_page(site):
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed (make browser installs it): browser tests skipped")
    with serve(site) as base, sync_playwright() as playwright:
        browser = launch(playwright)
        context = browser.new_context(viewport=VIEWPORT, locale="en-US")
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base)
        context.set_default_timeout(15_000)
        page = context.new_page()
        yield page, base
        browser.close()


def copy_every_block(page):
    """Click the copy button of each code block of the open page: [(language, copied, shown text)]."""
    page.evaluate(OPEN_DROPDOWNS_JS)
    copied = []
    for block in page.locator("div.highlight").all():
        language = block.evaluate("b => (b.parentElement.className.match(/highlight-(\\w+)/) || [])[1]")
        page.evaluate("navigator.clipboard.writeText('')")
        block.scroll_into_view_if_needed()
        block.locator("button.copybtn").click(force=True)  # shown on hover; a reader's click reaches it
        page.wait_for_function("navigator.clipboard.readText().then(t => t.length > 0)", timeout=5_000)
        copied.append((language, page.evaluate("navigator.clipboard.readText()"), block.inner_text()))
    return copied


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_every_code_block_has_a_button_in_the_page_language(browser_page, language, name):
    page, base = browser_page
    open_page(page, f"{base}/{language}/{name}.html")
    blocks = page.locator("div.highlight pre").count()
    buttons = page.locator("button.copybtn")
    assert blocks > 0, f"{language}/{name}: no code block found"
    assert buttons.count() == blocks, f"{language}/{name}: {blocks} code blocks but {buttons.count()} copy buttons"
    tooltips = set(buttons.evaluate_all("bs => bs.map(b => b.getAttribute('data-tooltip'))"))
    assert tooltips == {TOOLTIP[language]}, f"{language}/{name}: copy buttons say {tooltips}"


@pytest.mark.parametrize("name", [THEORY, SOLUTIONS, "api"])
def test_copied_blocks_leave_prompts_and_output_behind(browser_page, name):
    page, base = browser_page
    open_page(page, f"{base}/en/{name}.html")
    copied = copy_every_block(page)
    doctests = [text for language, text, _ in copied if language in ("pycon", "python", "default")]
    assert doctests, f"{name}: no doctest block to check"
    for language, text, _ in copied:
        assert not any(line.startswith((">>>", "... ", "$ ")) for line in text.splitlines()), \
            f"{name}: a prompt was copied from a {language} block:\n{text}"
    for text in doctests:
        compile(text, name, "exec")  # with its output left out, a doctest block is plain Python


# Runs the copied blocks in order, in one namespace, statement by statement as doctest does (a
# pasted block is one script; a blank line is not needed after a loop). A block may raise only
# if the page shows it raising (a traceback in its output).
RUNNER = """
import ast, json, sys
blocks, failures, namespace = json.load(open(sys.argv[1])), [], {"__name__": "__main__"}
for number, (text, raises) in enumerate(blocks, 1):
    raised = []
    for statement in ast.parse(text).body:
        try:
            exec(compile(ast.Module([statement], []), f"<block {number}>", "exec"), namespace)
        except Exception as error:
            raised.append(repr(error))
    if bool(raised) != raises:
        failures.append(f"block {number}: raised {raised or 'nothing'}; the page shows "
                        f"{'a traceback' if raises else 'none'}:\\n{text}")
sys.exit("\\n".join(failures) or None)
"""


@pytest.mark.parametrize("name", [THEORY, SOLUTIONS])
def test_page_copied_block_by_block_runs_outside_the_repository(browser_page, tmp_path, name):
    """A reader who copies every block of the page in order into Python gets what the page shows."""
    page, base = browser_page
    open_page(page, f"{base}/en/{name}.html")
    blocks = [(text, "Traceback (most recent call last)" in shown)
              for language, text, shown in copy_every_block(page) if language != "console"]
    (tmp_path / "blocks.json").write_text(json.dumps(blocks))
    (tmp_path / "run.py").write_text(RUNNER)
    result = subprocess.run([sys.executable, "-I", "run.py", "blocks.json"], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0, f"{name}: copied in order, the blocks do not run as shown:\n{result.stderr[-4000:]}"
