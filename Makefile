# ikpcrawl: `make test` and `make crawl` set up a fresh machine by themselves.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
SPIDER ?= optika
PYTEST_ARGS ?=

.PHONY: install lint test crawl demo eval bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

lint: install
	$(VENV)/bin/ruff check ikpcrawl tests samples
	$(VENV)/bin/ruff format --check ikpcrawl tests samples
	$(VENV)/bin/mypy

# pytest exits 5 when it collected no test: that is a broken suite, not a pass.
test: lint
	@$(PY) -m pytest $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests" >&2; exit 1; fi; \
	exit $$rc

crawl: install
	$(VENV)/bin/scrapy crawl $(SPIDER)

demo: install
	$(PY) -m ikpcrawl.demo

# Benchmarks: N article pages (default 5000); see bench/README.md.
bench: install
	$(PY) bench/run.py --pages $${N:-5000}

eval: install
	$(PY) -m ikpcrawl.evaluate

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
