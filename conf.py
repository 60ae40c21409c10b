"""Sphinx configuration: declarative settings only; build steps live in the Makefile."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).parent
sys.path[:0] = [str(ROOT), str(ROOT / "_ext")]  # mmref from this tree, and the local extensions
# Publish only what `make check-po` checked: no compiled catalogue survives from before, so
# Sphinx compiles every .mo from its .po (this must run before Sphinx loads sphinx.po).
__import__("catalogs").remove_all_compiled(ROOT / "locale")
# The gallery scripts save what they measure here (mmref.report); the measured role reads it.
os.environ["MMREF_RESULTS_DIR"] = str(ROOT / "auto_gallery" / "results")

project = "Matmul as composition"
author = "The mmref authors"
copyright = "2026, the mmref authors"
language = "en"
root_doc = "index"

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.doctest",
    "sphinx.ext.napoleon",
    "sphinx_copybutton",
    "sphinx_design",
    "sphinx_gallery.gen_gallery",
    "lab_inputs",
    "color_scheme",
    "catalogs",
    "untranslatable",
    "bilingual_tables",
    "index_words",
    "editions",
    "gallery_i18n",
    "printout_i18n",
    "light_pages",
    "mathml",
    "measured",
    "spanish_downloads",  # translated scripts; plain_downloads then makes notebooks and zips of them
    "plain_downloads",
    "nav_toggles",
    "scroll_regions",
    "translation_progress",
    "ui_messages",
    "api_words",
    "loanwords",
    "code_comments",
]

exclude_patterns = [
    "_build", ".venv", "README.md", "tests", "gallery", "lab", "locale", "**/.pytest_cache",
    ".hypothesis", "auto_gallery/**.py", "auto_gallery/**.ipynb", "auto_lab/**.py", "auto_lab/**.ipynb",
]
templates_path = ["_templates"]
html_static_path = ["_static"]
html_css_files = ["gallery-i18n.css", "reader.css", "icons.css", "translation-progress.css"]  # reader.css: phones, print, no-JS layout;
# icons.css: the theme's icons as SVG masks (no icon font, no fontawesome.js: _templates/layout.html)
# a link to a heading lands below the sticky header, whatever its height
html_js_files = [("header-offset.js", {"defer": "defer"})]
html_favicon = "_static/favicon.svg"
# The mmref wheel (`make wheel`), offered for download at <edition>/wheel/<file>.whl.
html_extra_path = ["_build/extra"]

# -- Internationalisation --------------------------------------------------------------
locale_dirs = ["locale/"]
gettext_compact = False          # one .po per page
gettext_uuid = False
gettext_location = True
gettext_allow_fuzzy_translations = False
# Code and doctest blocks are never translatable: a translator's text must not run.
gettext_additional_targets = []
figure_language_filename = "{root}.{language}{ext}"
# Untranslated text shows in English with a notice before it (_ext/translation_progress.py).
translation_progress_classes = "untranslated"

# -- Doctest ---------------------------------------------------------------------------
# No global set-up: each page and each docstring imports what it uses, so that a reader can
# copy its blocks into Python in order.
doctest_test_doctest_blocks = "default"

# -- API pages -------------------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_typehints = "description"
napoleon_numpy_docstring = True
napoleon_google_docstring = False

# -- Gallery ---------------------------------------------------------------------------
sphinx_gallery_conf = {
    "examples_dirs": ["gallery", "lab"],
    "gallery_dirs": ["auto_gallery", "auto_lab"],
    "filename_pattern": r"/(plot|lab)_",
    "ignore_pattern": r"^_",          # matched against the bare file name: skips gallery/_*.py
    # One section per theory page: gallery/<page>/ (with its GALLERY_HEADER.rst) holds the
    # scripts that page quotes, and becomes auto_gallery/<page>/index, a gallery of its own.
    # Sections sort by folder name, so they follow the pages' numbers.
    "subsection_order": None,
    "abort_on_example_error": True,
    "write_computation_times": False,
    "min_reported_time": 10**9,       # no run-time lines: they would churn translations
    "download_all_examples": False,
    "show_signature": False,
    "remove_config_comments": True,
    "within_subsection_order": "FileNameSortKey",
    "image_scrapers": ("gallery._scraper.svg",),  # SVG, as a plain image (per-language)
    "image_srcset": [],
    "matplotlib_animations": False,
}

# -- Copy buttons ------------------------------------------------------------------------
# Every code block gets one; it copies only the code: ">>> ", "... " and "$ " prompts are removed
# and output lines left out (a block without prompts is copied whole).  Its tooltips follow
# the page's <html lang>, so the Spanish edition reads "Copiar".
# A bare "..." line ends a loop when pasted into Python's prompt: it is copied as an empty line.
copybutton_prompt_text = r">>> |\.\.\.(?: |$)|\$ "
copybutton_prompt_is_regexp = True
copybutton_only_copy_prompt_lines = True
copybutton_remove_prompts = True

# -- HTML ------------------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_math_renderer = "mathml"          # MathML made at build time by Temml (_ext/mathml.py)
mathml_node_modules = ".venv/npm/node_modules"  # where `make assets` installs the pinned Temml
html_theme_options = {
    "navbar_end": ["editions-switcher", "theme-switcher"],
    "secondary_sidebar_items": ["page-toc"],
    "show_prev_next": True,
    "header_links_before_dropdown": 3,  # the rest under "More" (opened by CSS without JavaScript)
    "navigation_with_keys": False,
    "use_edit_page_button": False,
    # The footer keeps the copyright only: the tool credits are HTML messages that a
    # translation could not override safely (the interface catalogue is plain text).
    "footer_start": ["copyright"],
    "footer_end": [],
}
# No sub-pages to list: no left sidebar (it would hold only an empty "Section Navigation").
html_sidebars = {page: [] for page in ("index", "api", "translating", "glossary", "translation-status", "theory/*")}
html_context = {"default_mode": "auto"}  # light or dark as the reader's system prefers
html_show_sourcelink = False
html_show_sphinx = False
html_copy_source = False
html_last_updated_fmt = None
