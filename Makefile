# One command to install and run the main job, one to install and run the tests.
#   make demo   — install everything, ingest the shipped corpus, answer sample questions
#   make test   — install the test extras, lint (ruff check) and run the whole test suite (what CI runs)
#   make unit   — the fast unit tier only (tests/unit: pure functions on inline data, seconds)
#   make bench  — benchmarks vs the textbook LangChain pipeline (prints a table, writes bench/results/*.json)
#   make charts — regenerate the README's example charts (docs/charts/*.png) from ../shared
#   make questions — the question parser on tests/eval/questions.yaml: per-field accuracy on dev (the held-out part:
#                    python -m bench.questions --split heldout, once, as a final measurement)
#   make constraints — re-pin constraints.txt (used by install and the Dockerfile) from the venv
#   make retrieval — article search on tests/eval/passages.yaml: recall@3 and MRR per method, answer latency
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
# The CPU build of torch, installed before anything that depends on it (an unpinned resolve pulls GBs of CUDA).
# On Linux PyPI's default torch wheel is a CUDA build, so the CPU index is the default there when it answers; where
# only the package registry is reachable (a mirror serving a CPU wheel, as on CI), PyPI's is used. macOS and Windows
# wheels on PyPI are CPU builds. Override with TORCH_INDEX=<another index>, or TORCH_INDEX= for PyPI's.
TORCH := torch==2.13.0
CPU_TORCH_INDEX := https://download.pytorch.org/whl/cpu
ifeq ($(origin TORCH_INDEX),undefined)
TORCH_INDEX := $(if $(filter Linux,$(shell uname -s)),$(shell $(PYTHON) -c "import urllib.request as u; \
  u.urlopen('$(CPU_TORCH_INDEX)/torch/', timeout=5); print('$(CPU_TORCH_INDEX)')" 2>/dev/null),)
endif
PIP := $(PY) -m pip install --quiet --disable-pip-version-check
# Every dependency at the version the tests ran with (regenerate with `make constraints`).
CONSTRAINTS := -c constraints.txt

.PHONY: install install-test demo test unit lint bench charts questions retrieval clean

$(VENV)/.torch:
	$(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip
	$(PIP) $(TORCH) $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX))
	touch $@

$(VENV)/.installed: $(VENV)/.torch pyproject.toml constraints.txt
	$(PIP) $(CONSTRAINTS) -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed pyproject.toml constraints.txt
	$(PIP) $(CONSTRAINTS) -e ".[test,bench]"
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: install
	$(VENV)/bin/gapbot demo

test: install-test
	$(VENV)/bin/ruff check .
	$(PY) -m pytest -q

unit: install-test
	$(PY) -m pytest -q tests/unit

lint: install-test
	$(VENV)/bin/ruff check .

bench: install-test
	$(PY) -m bench

charts: install
	$(PY) -m bench.charts

questions: install
	$(PY) -m bench.questions

retrieval: install
	$(PY) -m bench.retrieval

# After changing a dependency: pin what the venv now resolves (the local +cpu tag dropped: the same pin then holds
# for CPU and other torch builds), then run `make test`.
constraints: install-test
	{ sed -n '1,3p' constraints.txt; $(PY) -m pip freeze --exclude-editable | grep -v '^#' \
	  | sed 's/+cpu$$//' | sort -f; } > constraints.txt.new && mv constraints.txt.new constraints.txt

clean:
	rm -rf $(VENV) data bench/results
