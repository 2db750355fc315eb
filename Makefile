# make serve: set up and serve the quiz.   make test: set up and run every test.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
QUIZ_PORT ?= 8866
# Voila runs with the repo's configuration: voila.json (the offline "clinquiz" template,
# stripped sources, no tracebacks to clients, idle-kernel culling, a strict CSP) and the
# template itself, found through JUPYTER_PATH in notebooks/jupyter-data.
VOILA := JUPYTER_PATH=$(CURDIR)/notebooks/jupyter-data $(BIN)/voila --Voila.config_file_paths=$(CURDIR)
# nbval runs every notebook headless in this venv's kernel (errors fail; outputs are not compared).
NBVAL := notebooks --nbval-lax --nbval-current-env

.PHONY: install serve test test-deep bench schema chromium clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

serve: $(STAMP)
	$(BIN)/quizbank validate
	$(VOILA) notebooks/quiz.ipynb --port=$(QUIZ_PORT) --no-browser --Voila.ip=127.0.0.1

# Browser tests drive Debian's Chromium; install it when missing (needs root, as on CI).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	    echo "installing Debian's chromium for the browser tests"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: $(STAMP) chromium
	$(BIN)/python -m pytest tests $(NBVAL)

test-deep: $(STAMP) chromium
	$(BIN)/python -m pytest -m "deep or not deep" --deep

schema: $(STAMP)
	$(BIN)/quizbank schema -o quizbank/schema/bank.schema.json

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache test-artifacts
