# ikpcrawl: `make test` and `make crawl` set up a fresh machine by themselves.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
SPIDER ?= optika
PYTEST_ARGS ?=

# The browser for JavaScript outlets: Debian's Chromium (never `playwright install`).
CHROMIUM ?= $(or $(IKPCRAWL_CHROMIUM),/usr/bin/chromium)
BROWSER_SKIP_LINE := chromium not installed: browser tests will be skipped (run as root: apt-get install -y chromium)

REDIS_SKIP_LINE := redis-server not installed: distributed tests will be skipped (run as root: apt-get install -y redis-server)

.PHONY: install lint browser redis test crawl demo eval bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

lint: install
	$(VENV)/bin/ruff check ikpcrawl tests samples bench
	$(VENV)/bin/ruff format --check ikpcrawl tests samples bench
	$(VENV)/bin/mypy

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
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
