# Build and check the bilingual site.  Every target creates .venv on first use.
# Run `make help` for the list.

PYTHON       ?= python3
VENV         := .venv
BIN          := $(VENV)/bin
SPHINXBUILD  := $(BIN)/sphinx-build
SPHINXOPTS   ?= -W --keep-going -q
BUILD        := _build
LANGUAGES    := en es
# npm packages, pinned: Temml converts the math at build time; axe-core checks the pages.
NPM_PACKAGES := temml@0.13.5 axe-core@4.14.1
NPM          := $(VENV)/npm
TEMML        := _static/vendor/temml
LIGHTHOUSE   := lighthouse@12.8.2

.DEFAULT_GOAL := help

.PHONY: assets browser help wheel html pdf pdf-only pdf-pages bench-reader bench-scale html-en html-es doctest doctest-es test bench gettext update-po stat \
        check-po check-po-strict po-review po-reviewed lint serve variants clean clean-gallery venv

help:  ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-14s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

venv: $(VENV)/.done  ## create .venv from the pinned requirements

$(VENV)/.done: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt -e . --no-deps
	touch $@

# One npm install for every pinned package (a later install would prune the others).
$(NPM)/.done: Makefile
	npm install --no-save --no-audit --no-fund --silent --prefix $(NPM) $(NPM_PACKAGES) \
	  || { echo "make assets: npm could not install $(NPM_PACKAGES)"; exit 1; }
	touch $@

# Temml's stylesheet, linked from the pages with math (the math itself is MathML in the HTML),
# less the inline SVG arrow of \cancelto (unused here; its nested url(#a) reads as a dead link).
$(TEMML)/Temml-Local.css: $(NPM)/.done
	mkdir -p $(TEMML)
	sed '/data:image\/svg+xml/d' $(NPM)/node_modules/temml/dist/Temml-Local.css > $@
	cp $(NPM)/node_modules/temml/dist/Temml.woff2 $(TEMML)/

assets: venv $(TEMML)/Temml-Local.css $(FIGURE_CATALOGUES) wheel  ## the environment, Temml and axe-core, figure text, the wheel

# Debian's Chromium for the real-browser tests; where it cannot be installed they are skipped.
browser:  ## install Chromium for the browser tests (needs root and the Debian mirror)
	@test -x /usr/bin/chromium || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
	  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null; } \
	  || echo "make browser: Chromium could not be installed; the browser tests will be skipped"

# Figure text: the gallery scripts' _("...") messages, translated in locale/<lang>/figures.po
# and compiled into the mmref package, which draws the figures (and ships in its wheel).
FIGURE_CATALOGUES := $(foreach l,$(filter-out en,$(LANGUAGES)),mmref/locale/$(l)/LC_MESSAGES/figures.mo)

mmref/locale/%/LC_MESSAGES/figures.mo: locale/%/LC_MESSAGES/figures.po | venv
	mkdir -p $(@D)
	$(BIN)/pybabel compile --statistics -D figures -i $< -o $@.new
	cmp -s $@.new $@ && rm $@.new || mv $@.new $@  # same messages (a rewrap): keep the file, and the gallery

# The wheel readers install (pip install <file>), built by the standard tool from pyproject.toml;
# Sphinx copies _build/extra into each edition (html_extra_path), so it is served at <edition>/wheel/.
WHEEL_DIR := $(BUILD)/extra/wheel

wheel: $(BUILD)/wheel.done  ## build the mmref wheel into _build/extra/wheel/ (offered on the site)

$(BUILD)/wheel.done: pyproject.toml $(wildcard mmref/*.py) $(FIGURE_CATALOGUES) | venv
	rm -rf $(WHEEL_DIR) build
	$(BIN)/python -m build --wheel --no-isolation --outdir $(WHEEL_DIR) .
	rm -rf build
	touch $@

# sphinx-gallery re-runs a script only when the script itself changes; the code it imports
# (mmref, the scraper) and the figure text change its output too, so they clear the gallery.
# So does a change of where the scripts are (a script moved to another section, renamed or
# removed leaves its old page behind): auto_gallery/.layout keeps the list the gallery last
# ran with, and is rewritten only when the list changes.
GALLERY_LAYOUT := $(sort $(wildcard gallery/*.py gallery/*/*.py gallery/*/GALLERY_HEADER.rst \
                                    lab/*.py lab/*/*.py lab/*/GALLERY_HEADER.rst))

auto_gallery/.layout: FORCE
	@mkdir -p $(@D) && echo '$(GALLERY_LAYOUT)' | cmp -s - $@ || echo '$(GALLERY_LAYOUT)' > $@

auto_gallery/.inputs: auto_gallery/.layout gallery/_scraper.py $(wildcard mmref/*.py) $(FIGURE_CATALOGUES)
	rm -rf auto_gallery auto_lab && mkdir -p auto_gallery
	echo '$(GALLERY_LAYOUT)' > auto_gallery/.layout && touch $@

FORCE:

html: html-en html-es  ## build both editions into _build/html/{en,es}/
	cp site-root/index.html site-root/favicon.ico $(BUILD)/html/
	@if test -x /usr/bin/chromium; then $(MAKE) --no-print-directory pdf-only; else \
	  echo "make html: no Chromium (make browser installs it): the editions' PDF links lead nowhere"; fi
	@echo "Open $(BUILD)/html/index.html (English: $(BUILD)/html/en/index.html, Spanish: $(BUILD)/html/es/index.html)"

pdf: html  ## one PDF per edition (theory, lab, solutions) into _build/html/{en,es}/

# The PDF holds the curriculum (theory pages, solutions, labs) in the site's reading order,
# which tools/pdf.py reads from the built site (the toctree of index.rst): no list here.
pdf-pages: venv  ## the pages of the PDF, one line, from the built site (after make html)
	@$(BIN)/python tools/pdf.py --list $(BUILD)/html

pdf-only: venv
	$(BIN)/python tools/pdf.py $(BUILD)/html

html-en: assets auto_gallery/.inputs  ## build the English edition (runs the gallery if a script changed)
	$(SPHINXBUILD) -b html -D language=en -d $(BUILD)/doctrees/en $(SPHINXOPTS) . $(BUILD)/html/en

html-es: assets  ## build the Spanish edition (reuses the gallery output)
	$(SPHINXBUILD) -b html -D language=es -d $(BUILD)/doctrees/es $(SPHINXOPTS) . $(BUILD)/html/es

doctest: assets auto_gallery/.inputs  ## run every doctest on every page (and the API docstrings)
	$(SPHINXBUILD) -b doctest -D language=en -d $(BUILD)/doctrees/doctest-en $(SPHINXOPTS) . $(BUILD)/doctest/en

doctest-es: assets  ## run the doctests of the Spanish edition
	$(SPHINXBUILD) -b doctest -D language=es -d $(BUILD)/doctrees/doctest-es $(SPHINXOPTS) . $(BUILD)/doctest/es

test: assets browser  ## run every check: pytest (property tests, doc builds, doctests, .po guard)
	$(BIN)/python -m pytest

$(VENV)/lighthouse/.done: Makefile
	npm install --no-save --no-audit --no-fund --silent --prefix $(VENV)/lighthouse $(LIGHTHOUSE) \
	  || { echo "make bench: npm could not install $(LIGHTHOUSE): Lighthouse will not run"; exit 1; }
	touch $@

bench: assets browser $(VENV)/lighthouse/.done  ## time the gallery and builds, how builds grow with pages; Lighthouse
	$(BIN)/python tools/bench.py --with-tests
	$(BIN)/python tools/bench.py --scale

bench-scale: assets  ## how clean, no-op and one-page builds grow with the number of pages
	$(BIN)/python tools/bench.py --scale

bench-reader: html $(VENV)/lighthouse/.done  ## Lighthouse scores and bytes of the built theory page, both editions
	$(BIN)/python tools/bench.py --reader-only

# The gettext builder also writes comments.pot: the comments of every code block, lexed as the
# pages show them (_ext/code_comments.py); update-po merges it into locale/es/comments.po.
gettext: venv wheel auto_gallery/.inputs  ## extract translatable text into _build/gettext/*.pot
	$(SPHINXBUILD) -b gettext $(SPHINXOPTS) . $(BUILD)/gettext
	$(BIN)/pybabel extract --sort-output -k _ -o $(BUILD)/gettext/figures.pot gallery lab mmref/figures.py mmref/printout.py

update-po: gettext  ## merge new .pot text into locale/es/*.po, then rewrap with powrap
	@# sphinx.po overrides Sphinx's and the theme's own messages: edited by hand, never merged
	rm -f $(BUILD)/gettext/sphinx.pot
	$(BIN)/sphinx-intl update -p $(BUILD)/gettext -l es -w 79
	$(BIN)/python tools/drop_obsolete.py $$(find locale/es -name '*.po')
	$(BIN)/powrap --quiet $$(find locale/es -name '*.po')

stat: venv  ## translation progress per .po file
	$(BIN)/sphinx-intl stat -l es

# A missing translation is only reported (the page shows English with a notice); STRICT=1
# (or `make check-po-strict`, before a release) fails on it too.
check-po: gettext  ## guard the .po files: same parsed structure, numbers, plain UI text, current msgids
	$(BIN)/python tools/check_po.py $(if $(STRICT),--strict) --pot $(BUILD)/gettext locale/es/LC_MESSAGES

# A published translation passes check-po only as reviewed (no rule can read its sense): a
# maintainer reads each new or changed one beside its English (po-review), then records them
# all in tools/poguard/reviewed.json (po-reviewed; refused while any other rule fails).
po-review: venv  ## show each unreviewed translation beside its English, and what changed
	$(BIN)/python tools/check_po.py --show-unreviewed locale/es/LC_MESSAGES

po-reviewed: gettext  ## record the current translations as reviewed (a maintainer, after po-review)
	$(BIN)/python tools/check_po.py --record-reviewed --pot $(BUILD)/gettext locale/es/LC_MESSAGES

check-po-strict:  ## check-po, and every entry of every page translated (before a release)
	$(MAKE) --no-print-directory check-po STRICT=1

# A build keeps, of each measured sentence, the case that holds on its machine; reviewers and
# translators read every case, each under a label, in this separate build (not published).
variants: assets auto_gallery/.inputs  ## both editions with every measured case shown and labelled, into _build/variants/
	$(foreach l,$(LANGUAGES),$(SPHINXBUILD) -b html -D language=$(l) -D measured_every_case=1 \
	  -d $(BUILD)/doctrees/variants-$(l) $(SPHINXOPTS) . $(BUILD)/variants/$(l) &&) true
	@echo "Open $(BUILD)/variants/es/theory/02-matmul-as-composition.html (English: $(BUILD)/variants/en/...)"

lint: venv  ## sphinx-lint on the reST sources
	$(BIN)/sphinx-lint index.rst api.rst translating.rst translation-status.rst theory \
	  $(wildcard gallery/GALLERY_HEADER.rst gallery/*/GALLERY_HEADER.rst lab/GALLERY_HEADER.rst lab/*/GALLERY_HEADER.rst)

serve: html  ## serve _build/html on http://127.0.0.1:8000
	$(BIN)/python -m http.server -d $(BUILD)/html -b 127.0.0.1 8000

clean-gallery:  ## forget the gallery and lab output so the next build runs every script
	rm -rf auto_gallery auto_lab

clean: clean-gallery  ## remove all build output (keeps .venv)
	rm -rf $(BUILD)
