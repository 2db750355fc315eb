# make serve: set up and serve the quiz.   make test: set up and run every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
QUIZ_PORT ?= 8866
INSTRUCTOR_PORT ?= 8867
# Voila runs with the repo's configuration: voila.json (the offline "clinquiz" template,
# stripped sources, no tracebacks to clients, idle-kernel culling, a strict CSP) and the
# template itself, found through JUPYTER_PATH in notebooks/jupyter-data.
VOILA := JUPYTER_PATH=$(CURDIR)/notebooks/jupyter-data $(BIN)/voila --Voila.config_file_paths=$(CURDIR)
# nbval runs every notebook headless in this venv's kernel (errors fail; outputs are not compared).
NBVAL := notebooks --nbval-lax --nbval-current-env

.PHONY: install serve serve-lan test test-deep bench schema chromium clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Two servers: the students' quiz and the instructor's dashboard (token-protected); the
# launcher prints both addresses and the instructor's token. serve-lan opens the quiz to the
# classroom network (the dashboard stays on this machine).
serve: $(STAMP)
	$(BIN)/quizbank validate
	$(BIN)/python -m widgets.serve --quiz-port=$(QUIZ_PORT) --instructor-port=$(INSTRUCTOR_PORT)

serve-lan: $(STAMP)
	$(BIN)/quizbank validate
	$(BIN)/python -m widgets.serve --lan --quiz-port=$(QUIZ_PORT) --instructor-port=$(INSTRUCTOR_PORT)

# Browser tests drive Debian's Chromium; install it when missing (needs root, as on CI).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	    echo "installing Debian's chromium for the browser tests"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: $(STAMP) chromium
	$(BIN)/python -m pytest tests $(NBVAL)

# The long runs: property-based bank tests with >= 10,000 examples, big fuzz and crash rounds.
test-deep: $(STAMP) chromium
	CLINQUIZ_DEEP=1 $(BIN)/python -m pytest tests $(NBVAL)

bench: $(STAMP) chromium
	$(BIN)/python -m benchmarks.run

schema: $(STAMP)
	$(BIN)/quizbank schema -o quizbank/schema/bank.schema.json

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache test-artifacts
