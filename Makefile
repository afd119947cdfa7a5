# ikpcrawl: `make test` and `make crawl` set up a fresh machine by themselves.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
# What the unit tier leaves out: tests that crawl in a subprocess, need redis-server or Chromium.
FAST_MARKERS := not e2e and not redis and not browser
SPIDER ?= optika
PYTEST_ARGS ?=

# The browser for JavaScript outlets: Debian's Chromium (never `playwright install`).
CHROMIUM ?= $(or $(IKPCRAWL_CHROMIUM),/usr/bin/chromium)
BROWSER_SKIP_LINE := chromium not installed: browser tests will be skipped (run as root: apt-get install -y chromium)

REDIS_SKIP_LINE := redis-server not installed: distributed tests will be skipped (run as root: apt-get install -y redis-server)

.PHONY: install lint check-imports browser redis test test-fast test-min crawl demo eval bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

lint: install check-imports
	$(VENV)/bin/ruff check ikpcrawl tests samples bench
	$(VENV)/bin/ruff format --check ikpcrawl tests samples bench
	$(VENV)/bin/mypy

# No import cycle in ikpcrawl/: pylint's cyclic-import check alone (any message fails).
check-imports: install
	$(VENV)/bin/pylint --disable=all --enable=cyclic-import ikpcrawl

# Installs Chromium where it can (root with apt-get); otherwise one line, and the browser tests
# skip (with CI=true they fail: CI must have the browser).
browser:
	@if [ -x "$(CHROMIUM)" ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Chromium: apt-get install -y chromium"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null \
			|| { echo "apt-get install -y chromium failed: $(BROWSER_SKIP_LINE)" >&2; [ "$$CI" != true ]; }; \
	else echo "$(BROWSER_SKIP_LINE)"; fi

# redis-server for the distributed tests (they start their own, on a free port, and stop it).
redis:
	@if command -v redis-server >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Redis: apt-get install -y redis-server"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null \
			|| { echo "apt-get install -y redis-server failed: $(REDIS_SKIP_LINE)" >&2; [ "$$CI" != true ]; }; \
	else echo "$(REDIS_SKIP_LINE)"; fi

# pytest exits 5 when it collected no test: that is a broken suite, not a pass.
test: lint browser redis
	@$(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; \
	exit $$rc

# The unit tier: everything but e2e, redis and browser tests (under a minute; `make test` runs all).
test-fast: install
	@$(PY) -m pytest -m "$(FAST_MARKERS)" $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test-fast: pytest collected no tests" >&2; exit 1; fi; \
	exit $$rc

# The declared floors, tested: a separate venv on the lowest supported Python (3.10 where
# found, else $(PYTHON)) with every runtime dependency at the lowest version pyproject.toml
# allows (tests/min_constraints.py), then the unit tier.
MIN_VENV ?= .venv-min
MIN_STAMP := $(MIN_VENV)/.installed-stamp
MIN_PYTHON ?= $(or $(shell for p in python3.10 $(wildcard $(HOME)/.pyenv/versions/3.10*/bin/python3.10); do \
	"$$p" -c 'import sys; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1 && { echo "$$p"; break; }; done),$(PYTHON))

$(MIN_STAMP): pyproject.toml tests/min_constraints.py $(STAMP)
	rm -rf $(MIN_VENV)
	$(MIN_PYTHON) -m venv $(MIN_VENV)
	$(MIN_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(PY) tests/min_constraints.py > $(MIN_VENV)/constraints.txt
	$(MIN_VENV)/bin/python -m pip install --quiet -c $(MIN_VENV)/constraints.txt -e '.[dev]'
	$(MIN_VENV)/bin/python tests/min_constraints.py --check $(MIN_VENV)/constraints.txt
	touch $(MIN_STAMP)

test-min: install $(MIN_STAMP)
	@echo "test-min: $$($(MIN_VENV)/bin/python --version) with $$(tr '\n' ' ' < $(MIN_VENV)/constraints.txt)"
	@$(MIN_VENV)/bin/python -m pytest -p no:cacheprovider -m "$(FAST_MARKERS)" $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test-min: pytest collected no tests" >&2; exit 1; fi; \
	exit $$rc

crawl: install
	$(VENV)/bin/scrapy crawl $(SPIDER)

demo: install
	$(PY) -m ikpcrawl.ops.demo

# Benchmarks: N article pages (default 5000); see bench/README.md.
bench: install
	$(PY) bench/run.py --pages $${N:-5000}

eval: install
	$(PY) -m ikpcrawl.ops.evaluate

clean:
	rm -rf $(VENV) $(MIN_VENV) .pytest_cache .mypy_cache .ruff_cache
