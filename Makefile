# Two commands a reader needs: `make serve` and `make test`. Both build .venv from the lock file first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
export NO_MKDOCS_2_WARNING := 1
export TF_CPP_MIN_LOG_LEVEL := 2
# JAX's persistent compilation cache: a warm run loads what XLA compiled before instead of
# compiling it again (keyed on the program, the JAX version and the device, so a hit runs the same
# executable). Every size and compile time is kept: the listings' programs are small.
export JAX_COMPILATION_CACHE_DIR := $(CURDIR)/build/jax-cache
export JAX_PERSISTENT_CACHE_MIN_COMPILE_TIME_SECS := 0
export JAX_PERSISTENT_CACHE_MIN_ENTRY_SIZE_BYTES := -1

.PHONY: FORCE serve test check chromium build record robustness bench lint zhlint lock clean translations

$(READY): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

serve: $(READY)  ## build the site from the recorded outputs and serve it at http://127.0.0.1:8000
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

# pytest-xdist workers for `make test`: one per two cores, because a listing's time limit assumes
# two cores for it (a 2-core machine runs one session, without workers). Each listing's runs stay
# on one worker, and so do the tests that read the built site (--dist loadgroup).
WORKERS ?= $(shell $(PYTHON) -c "import os; print(max(1, len(os.sched_getaffinity(0)) // 2))")
XDIST = $(if $(filter 1,$(WORKERS)),-n 0,-n $(WORKERS) --dist loadgroup)
# `make check` runs no listing and no time limit binds it: one worker per core.
CHECK_XDIST = -n $(shell $(PYTHON) -c "import os; print(len(os.sched_getaffinity(0)))") --dist loadgroup

# `make test FRESH=1` reuses nothing: every listing runs (--fresh-listings) and so do the library's
# tests under JAX and PyTorch. CI runs it so.
FRESH_LISTINGS = $(if $(filter 1,$(FRESH)),--fresh-listings)
# The library's tests under JAX and PyTorch run only when one of their inputs is newer than the
# backend's stamp, touched after they pass. The conftests also load the checker (src/listingcheck),
# but what they do there does not depend on the backend, and the session that runs these tests on
# TensorFlow would fail with them.
STAMPS := build/stamps
LIBRARY_TEST_INPUTS := $(shell find src/lstmstate -type f -not -path '*/__pycache__/*') \
	$(wildcard tests/test_lstmstate_*.py) tests/conftest.py conftest.py pyproject.toml requirements.lock

# Two sessions: the listings under the listing workers' rule ($(XDIST)), then everything else on
# one worker per core; a listing run that passed before with the same inputs is reused
# (src/listingcheck/reuse.py). Then the library's tests on JAX and PyTorch, where their inputs changed.
test: $(READY) chromium  ## run every listing on every backend it declares (reusing passed runs whose inputs are unchanged), every page check, the browser tests, and the library's tests on each backend
	$(BIN)/python -m pytest $(XDIST) -m listing $(FRESH_LISTINGS) --markdown-docs docs/ tests/
	$(BIN)/python -m pytest $(CHECK_XDIST) -m "not listing" --markdown-docs docs/ tests/
	$(MAKE) --no-print-directory $(STAMPS)/library-jax $(STAMPS)/library-torch

$(STAMPS)/library-%: $(LIBRARY_TEST_INPUTS) $(READY) $(if $(filter 1,$(FRESH)),FORCE)
	KERAS_BACKEND=$* $(BIN)/python -m pytest tests/test_lstmstate_*.py
	@mkdir -p $(@D)
	touch $@

FORCE:

check: $(READY) lint zhlint  ## everything but running listings, executing notebooks and the browser: about a minute
	$(BIN)/ruff format --check snippets
	$(BIN)/ruff check --select E,F,W snippets
	$(BIN)/python -m pytest $(CHECK_XDIST) --markdown-docs docs/ tests/ -m "not listing and not notebook and not browser"

chromium:  ## install Debian's Chromium (and a Chinese font for its screenshots) for tests/test_browser.py, where it is missing
	command -v chromium >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then SUDO=; elif command -v sudo >/dev/null; then SUDO=sudo; \
	  else echo "chromium is missing: install the Debian package chromium as root" >&2; exit 1; fi; \
	  $$SUDO apt-get update && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium fonts-wqy-microhei; }

build: $(READY)
	$(BIN)/mkdocs build --strict

record: $(READY)  ## re-run listings (all, or LISTINGS="a.py b.py") and rewrite their recorded outputs
	$(BIN)/python -m listingcheck record $(RECORD_ARGS) $(LISTINGS)
	$(BIN)/python -m diagrams

translations: $(READY)  ## list the Chinese pages older than their English page, with the English diff since
	$(BIN)/python -m listingcheck translations

robustness: $(READY)  ## re-run trained listings (all, or LISTINGS=...) over 5 seeds; writes results/
	$(BIN)/python -m listingcheck robustness $(ROBUSTNESS_ARGS) $(LISTINGS)

bench: $(READY)  ## time the original recipes against our listings, side by side (about 20 min); writes results/bench.*
	$(BIN)/python -m bench.run $(BENCH_ARGS)
	$(BIN)/python -m bench.build_time

lint: $(READY)  ## ruff (lint and format check) on src/lstmstate and its tests, mypy on src/lstmstate
	$(BIN)/ruff check src/lstmstate tests/test_lstmstate_*.py
	$(BIN)/ruff format --check src/lstmstate tests/test_lstmstate_*.py
	$(BIN)/mypy src/lstmstate

zhlint: $(READY)  ## punctuation and spacing of the Chinese text (AutoCorrect, .autocorrectrc): prints path:line:col of each finding
	$(BIN)/python -m zhlint

lock: $(READY)  ## re-pin requirements.lock from requirements.in
	$(BIN)/python -m pip install --quiet -r requirements.in
	$(BIN)/python -m pip freeze --exclude-editable > requirements.lock

clean:
	rm -rf $(VENV) site build docs/notebooks
