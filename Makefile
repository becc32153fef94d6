# Two commands do everything on a fresh clone: `make run` and `make test`.
# The Python the virtualenv is made with: the operating system's /usr/bin/python3 where it is 3.11 or later and
# can make a virtualenv (distributions build it with profile-guided and link-time optimisation: the suite took
# 3-16 % less CPU on it than on a Python built from source without them, docs/decisions/0218); else the first
# of python3, python3.13, python3.12 and python3.11 on the PATH that is 3.11 or later and can make one (Ubuntu
# 22.04's python3 is 3.10, its python3.11 installed beside it: docs/decisions/2792); else python3, whose
# failure says why. `make PYTHON=python3.13 test` chooses another (with a fresh .venv).
SYSTEM_PYTHON := /usr/bin/python3
PYTHON ?= $(shell for python in $(SYSTEM_PYTHON) python3 python3.13 python3.12 python3.11; do \
	$$python -c 'import sys, ensurepip; sys.exit(sys.version_info < (3, 11))' 2>/dev/null \
	&& command -v $$python && exit; done; echo python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint locales bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/chungtay db upgrade
	$(BIN)/chungtay run

# Two workers: the tests are independent (each its own SQLite file or PostgreSQL database, each worker its own
# server), and the suite is thousands of short tests (docs/decisions/0092). A worker that runs out of tests takes
# some of the other's instead of waiting for it (worksteal): a long test near the end no longer ends the run
# alone (docs/decisions/0182).
TEST_WORKERS ?= 2

# The compiled modules (and pytest's rewritten test modules) are kept in the git-ignored __pycache__ folders even
# where PYTHONDONTWRITEBYTECODE is set: without them every worker recompiled and re-rewrote every module, half of
# its start (docs/decisions/0158).
test: $(STAMP)
	PYTHONDONTWRITEBYTECODE= $(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist worksteal

lint: $(STAMP)
	$(BIN)/ruff check .

# Re-extract UI strings from the code and merge them into the vi and en catalogs.
# Texts are translated for a named reader: turn.t("…"), t("…"), t.plural(…), translate(locale, "…").
I18N_KEYWORDS = -k t -k plural:1,2 -k translate:2 -k translate_plural:2,3

locales: $(STAMP)
	$(BIN)/pybabel extract -F locales/babel.cfg $(I18N_KEYWORDS) -o locales/messages.pot --no-location --sort-output .
	$(BIN)/pybabel update -i locales/messages.pot -d locales -D messages --no-fuzzy-matching

bench: $(STAMP)
	$(BIN)/python bench/inbound.py

clean:
	rm -rf $(VENV) data .pytest_cache
