# The two set-up commands: `make demo` (run the system with demo data) and `make test`.
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
export EPISURV_DATABASE_URL ?= sqlite:///./episurv.db
# The port of `make demo` and `make serve` (make demo PORT=8300).
PORT ?= 8000

.PHONY: demo test env serve bench lint clean fuzz

$(BIN)/episurv: pyproject.toml
	$(PY) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

env: $(BIN)/episurv

demo: env
	$(BIN)/episurv demo --port $(PORT)

serve: env
	$(BIN)/episurv serve --port $(PORT)

# Bytecode is written even where the environment says not to: without the cache each worker
# rewrote the asserts of every test module and pytest plugin again (a quarter of collecting).
test: env
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/pytest -n 2 --dist loadgroup -q

bench: env
	$(BIN)/pip install --quiet -e ".[bench]"
	$(BIN)/python benchmarks/run.py

# Long fuzz runs: bulletin reader and name matcher (100,000 inputs each), CSV/XLSX readers
# (200,000 inputs; the suite runs 300, 300 and 2,000).
fuzz: env
	EPISURV_FUZZ_EXAMPLES=100000 $(BIN)/pytest -q -n 2 tests/fuzz
	EPISURV_FUZZ=long $(BIN)/pytest -q -p no:xdist tests/hardening/test_fuzz_readers.py

lint: env
	$(BIN)/ruff check src tests benchmarks

clean:
	rm -rf $(VENV) episurv.db episurv.db-wal episurv.db-shm
