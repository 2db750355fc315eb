# make serve: set up and serve the quiz.   make test: set up and run every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
LOCK := requirements.lock
# uv installs the lock (and writes it); it is the one tool for both, pinned here.
UV_VERSION := 0.13.9
# The venv's own installers, above the versions with known advisories (tests/hardening/known_fixed_versions.json).
INSTALLERS = uv==$(UV_VERSION) pip==26.3 setuptools==84.2.1
UV = $(BIN)/uv
QUIZ_PORT ?= 8866
INSTRUCTOR_PORT ?= 8867
LATEST := .venv-latest
# nbval runs every notebook headless in this venv's kernel (errors fail; outputs are not compared).
NBVAL := notebooks --nbval-lax --nbval-current-env
PYTEST_ARGS ?=
LINTED := quizbank widgets tests benchmarks .ci

.PHONY: install serve serve-lan test test-latest lint lock test-deep bench schema chromium clean

# The venv, with exactly the versions in the lock (every direct and transitive dependency,
# with hashes), then clinquiz itself from this checkout without resolving anything again.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check $(INSTALLERS)
	$(UV) pip install --quiet --python $(BIN)/python --require-hashes -r $(LOCK)
	$(UV) pip install --quiet --python $(BIN)/python --no-deps -e .
	touch $(STAMP)

install: $(STAMP)

# Refresh the lock from pyproject.toml's ranges (newest allowed versions, for Python 3.10 and up
# on every platform), and environment.yml's pins from it.
lock:
	@test -x $(UV) || { $(PYTHON) -m venv $(VENV) && $(BIN)/python -m pip install --quiet $(INSTALLERS); }
	$(UV) pip compile pyproject.toml --extra test --universal --python-version 3.10 --generate-hashes \
	    --upgrade --quiet --custom-compile-command "make lock" -o $(LOCK)
	$(MAKE) --no-print-directory install
	$(BIN)/python .ci/environment_yml.py $(LOCK) > environment.yml

# Two servers: the students' quiz and the instructor's dashboard (token-protected); the
# launcher prints both addresses, the instructor's token, the records, the kernel pool and
# the log file that Voila and the kernels write to. serve-lan opens the quiz to the
# classroom network (the dashboard stays on this machine).
serve: $(STAMP)
	$(BIN)/quizbank validate
	$(BIN)/python -m widgets.server --quiz-port=$(QUIZ_PORT) --instructor-port=$(INSTRUCTOR_PORT)

serve-lan: $(STAMP)
	$(BIN)/quizbank validate
	$(BIN)/python -m widgets.server --lan --quiz-port=$(QUIZ_PORT) --instructor-port=$(INSTRUCTOR_PORT)

# Browser tests drive Debian's Chromium; install it when missing (needs root, as on CI).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	    echo "installing Debian's chromium for the browser tests"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# ruff and mypy (configured in pyproject.toml), then every test; all three run, and any failure fails.
CHECKS = status=0; \
	$(1)/ruff check $(LINTED) || status=1; \
	$(1)/ruff format --check --quiet $(LINTED) || status=1; \
	$(1)/mypy || status=1; \
	$(1)/python -m pytest tests $(NBVAL) $(PYTEST_ARGS) || status=1; \
	exit $$status

test: $(STAMP) chromium
	@$(call CHECKS,$(BIN))

lint: $(STAMP)
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy

# The newest versions pyproject.toml allows, in a venv of their own, through the same checks:
# drift shows here before a `make lock` brings it to users.
test-latest: chromium
	$(PYTHON) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --disable-pip-version-check $(INSTALLERS)
	$(LATEST)/bin/uv pip install --quiet --python $(LATEST)/bin/python --upgrade -e '.[test]'
	@$(LATEST)/bin/uv pip freeze --python $(LATEST)/bin/python | grep -i -E '^(pyyaml|pydantic|voila|ipywidgets|ipykernel|jupyter.server|playwright)=' || true
	@$(call CHECKS,$(LATEST)/bin)

# The long runs: property-based bank tests with >= 10,000 examples, big fuzz and crash rounds.
test-deep: $(STAMP) chromium
	CLINQUIZ_DEEP=1 $(BIN)/python -m pytest tests $(NBVAL)

bench: $(STAMP) chromium
	$(BIN)/python -m benchmarks.run

schema: $(STAMP)
	$(BIN)/quizbank schema -o quizbank/schema/bank.schema.json

clean:
	rm -rf $(VENV) $(LATEST) build *.egg-info .pytest_cache .mypy_cache .ruff_cache test-artifacts
