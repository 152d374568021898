# plnetwork — two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run sample test browser postgres clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

BUNDLE := dashboard/assets/plotly-dashboard.min.js

# plotly.js with only the traces the dashboard draws, built from the npm registry (see
# dashboard/plotly_bundle/README.md); without it the dashboard loads the full plotly.js, slower.
$(BUNDLE): dashboard/plotly_bundle/entry.js dashboard/plotly_bundle/package.json dashboard/plotly_bundle/build.sh
	@sh dashboard/plotly_bundle/build.sh || echo "plotly bundle not built (npm unavailable?): the dashboard uses the full plotly.js"

## install: the virtual environment with the package and everything the tests need
install: $(STAMP) $(BUNDLE)

## browser: Debian's chromium and chromium-driver, for the dashboard and report tests
browser:
	@if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

## postgres: Debian's PostgreSQL server, for the store's tests against a real server
postgres:
	@if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null; \
	fi

## run: the dashboard on the demo district (two waves) at http://127.0.0.1:8050
run: install
	$(BIN)/plnetwork dashboard --demo --host 127.0.0.1 --port 8050 --data-dir data

## sample: the command line on the bundled sample district, into out/sample
sample: install
	$(BIN)/plnetwork analyze surveys/samples/wave1_google_forms.csv --roster surveys/samples/roster.csv --out out/sample

## test: install everything, then run the whole suite (exit 5, no tests collected, fails)
test: install browser postgres
	$(BIN)/python -m pytest -q -n 2 --dist loadfile

## bench: the pipeline and dashboard benchmarks (figures in the README)
bench: install
	$(BIN)/python benchmarks/pipeline.py
	$(BIN)/python benchmarks/dashboard.py

clean:
	rm -rf $(VENV) out .pytest_cache
