# Stoflow: `make run` serves the site, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DATA ?= .data
# pytest-xdist workers for `make test` (tests/xdist_worker.py: each has its own database, Redis
# databases and media folder); TEST_WORKERS=0 runs everything in one process.
TEST_WORKERS ?= 2

.PHONY: run test deps lock lint clean services stop messages bench extension

run: deps
	$(PY) scripts/stack.py run --data $(DATA)

test: deps
	$(PY) scripts/stack.py test -- -n $(TEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

deps: $(VENV)/.installed static/vendor/.installed messages

# The development install: the runtime requirements plus the test, benchmark and lint tools, every
# package pinned with its hashes (production, the Docker image, installs requirements.txt only).
$(VENV)/.installed: requirements.txt requirements-dev.txt scripts/system-deps.sh
	bash scripts/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install -q --upgrade pip  # the venv's bundled pip may predate the locked wheels
	$(VENV)/bin/pip install -q -r requirements-dev.txt
	touch $@

static/vendor/.installed: package.json package-lock.json scripts/vendor.sh
	bash scripts/vendor.sh
	touch $@

# Recompiles the pinned files after an edit of requirements.in or requirements-dev.in. The runtime file
# first: the development file takes its pins from it (`-c requirements.txt`).
PIP_COMPILE := $(VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links
lock: $(VENV)/.installed
	$(PIP_COMPILE) --output-file requirements.txt requirements.in
	$(PIP_COMPILE) --output-file requirements-dev.txt requirements-dev.in

# Every linter runs, even after one fails, so one pass shows everything; the exit status is non-zero if
# any failed. Settings: pyproject.toml (ruff, mypy, import-linter) and eslint.config.js. `make test`
# runs the same checks (tests/test_lint_python.py, test_import_graph.py, test_lint_js.py).
lint: deps
	@status=0; \
	$(VENV)/bin/ruff check . || status=1; \
	$(VENV)/bin/ruff format --check . || status=1; \
	$(VENV)/bin/mypy || status=1; \
	PYTHONPATH=. $(VENV)/bin/lint-imports || status=1; \
	node_modules/.bin/eslint . || status=1; \
	exit $$status

messages: $(VENV)/.installed
	@$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

services: deps
	$(PY) scripts/stack.py services --data $(DATA)

stop:
	$(PY) scripts/stack.py stop --data $(DATA)

bench: deps
	$(PY) scripts/stack.py bench $(BENCH) --args="$(BENCH_ARGS)"

# Browser extension packages for Chrome and Firefox into dist/. STOFLOW_URL: the Stoflow site the
# extension pairs with (default: the local dev server); EXTENSION_ARGS: e.g. --dev for the sandbox.
extension:
	python3 extension/build.py --out dist $(if $(STOFLOW_URL),--stoflow-url $(STOFLOW_URL)) $(EXTENSION_ARGS)

clean:
	-$(PY) scripts/stack.py stop --data $(DATA)
	rm -rf $(DATA)
