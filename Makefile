# One-line targets. `make` sets everything up (system packages, .venv) and builds
# the sample publications into build/; `make test` runs the checks.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed
BYTECODE := $(VENV)/.bytecode
SYSTEM_STAMP := $(VENV)/.system-packages
# WeasyPrint's libraries (Pango, HarfBuzz with subsetting), the print fonts, and
# poppler-utils for looking at pages (pdftoppm, pdfinfo -struct-text); liblouis,
# its tables and its Python binding for braille; for the tests, EPUBCheck (with
# Java) for the e-book, Chromium for the web version and the desk, and a Redis
# server for the desk's queue.
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
	fontconfig fonts-open-sans fonts-dejavu-core poppler-utils \
	liblouis20 liblouis-bin liblouis-data python3-louis epubcheck default-jre-headless chromium \
	redis-server

.PHONY: all build test lint bench serve clean messages system-packages bytecode

all: build

build: bytecode
	$(BIN)/publication build
	$(BIN)/publication pack

test: bytecode
	$(BIN)/ruff check publication tests
	$(BIN)/pytest

lint: $(INSTALLED)
	$(BIN)/ruff check publication tests
	$(BIN)/ruff format --check publication tests

bench: bytecode
	$(BIN)/python tests/benchmark.py

# The desk, on this machine only: open http://127.0.0.1:8000/ in a browser.
serve: bytecode
	$(BIN)/publication serve

# An editable install is not compiled as a normal one is, and where Python is told
# not to write bytecode (PYTHONDONTWRITEBYTECODE, common in containers) every run
# would compile the package again (25 ms). Only changed files are compiled, and
# only when one has changed (starting Python to find that out takes longer).
bytecode: $(BYTECODE)

$(BYTECODE): $(INSTALLED) $(shell find publication -name '*.py')
	$(BIN)/python -m compileall -q publication
	touch $@

# The words templates and code print, gathered into the catalogue template, and
# each language's catalogue brought up to date with it (new messages left to translate).
messages: $(INSTALLED)
	$(BIN)/pybabel extract -F publication/locale/babel.cfg -k mark --no-location --sort-output \
		--project publication -o publication/locale/publication.pot .
	$(BIN)/pybabel update -D publication -i publication/locale/publication.pot -d publication/locale \
		--no-fuzzy-matching -w 100

clean:
	rm -rf build .pytest_cache .ruff_cache

# Installs only what is missing, so a second run does no install work; checked again
# when this file changes (a package added), not at every run.
system-packages: $(SYSTEM_STAMP)

$(SYSTEM_STAMP): Makefile
	@missing=""; \
	for package in $(SYSTEM_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "ok installed" \
			|| missing="$$missing $$package"; \
	done; \
	$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
		sudo=""; [ "$$(id -u)" = 0 ] || sudo=sudo; \
		echo "installing system packages:$$missing"; \
		$$sudo apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi
	@mkdir -p $(VENV) && touch $@

$(INSTALLED): pyproject.toml | $(SYSTEM_STAMP)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@
