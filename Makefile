# The two commands a newcomer needs: `make run` and `make test`. Each target does its own setup.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed-requirements
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help run test test-postgres bench-load lint format bench setup db browser-deps cache-deps fonts document-deps i18n-deps messages screenshots

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 20

$(PY):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"' 
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $(STAMP)

setup: $(STAMP) ## Create .venv and install the pinned requirements

db: setup ## Migrate the database and load the real record (idempotent)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_review_data

run: db fonts ## Set up, load the record and serve on HOST:PORT (127.0.0.1:8000; e.g. make run PORT=8080)
	$(PY) manage.py runserver $(HOST):$(PORT)

# axe-core for the accessibility checks, pinned in package.json / package-lock.json.
AXE := node_modules/axe-core/axe.min.js

$(AXE): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(AXE)

browser-deps: $(AXE) ## Chromium (apt-get, when missing) and axe-core (npm) for the browser tests
	@scripts/ensure-chromium.sh

cache-deps: ## redis-server (apt-get, when missing) for the shared-cache tests
	@scripts/ensure-redis.sh

# Fonts for Arabic and Chinese in the PDFs (Debian's Noto; nothing is fetched at run time).
FONT_PACKAGES := fonts-noto-core fonts-noto-cjk

fonts: ## Fonts for PDFs in every language (apt-get, when missing)
	@scripts/ensure-debian-packages.sh $(FONT_PACKAGES)

document-deps: ## Fonts, LibreOffice and poppler-utils for the tests that read the documents back (apt-get)
	@scripts/ensure-debian-packages.sh $(FONT_PACKAGES) libreoffice-writer-nogui poppler-utils

# The languages other than English, as their locale directories name them (docs/translating.md).
TRANSLATIONS := fr es ru zh_Hans ar

i18n-deps: ## GNU gettext (apt-get, when missing): tests/test_catalogues.py runs makemessages on a copy
	@scripts/ensure-debian-packages.sh gettext

messages: setup i18n-deps ## Collect the marked strings into locale/*/django.po, then compile the .mo files
	$(PY) manage.py makemessages $(addprefix -l ,$(TRANSLATIONS)) --no-obsolete \
		--ignore=.venv --ignore=node_modules --ignore=tests --ignore=benchmarks --ignore=scripts
	$(PY) scripts/compile_messages.py

test: setup browser-deps cache-deps document-deps i18n-deps ## Set up and run the whole test suite (SQLite; browser tests included)
	$(PY) manage.py makemigrations --check --dry-run
	$(BIN)/pytest

test-postgres: setup browser-deps cache-deps document-deps i18n-deps ## The whole test suite against a private PostgreSQL cluster on loopback
	scripts/with-postgres.sh $(BIN)/pytest

bench-load: setup ## gunicorn (2 workers) on PostgreSQL at scale under 16 clients; backup/restore timings
	scripts/with-postgres.sh scripts/bench-load.sh

lint: setup ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup ## Format the code with ruff
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: db ## Benchmarks at scale (see benchmarks/README.md)
	$(PY) benchmarks/run.py

screenshots: setup browser-deps ## Retake docs/screenshots/ (real record + 39 made-up participants, Debian's Chromium)
	$(PY) scripts/screenshots.py
