# The course in two commands: `make lab` and `make test`.  `make refresh` rewrites notebook outputs.
VENV   := .venv
PYTHON := $(VENV)/bin/python
READY  := $(VENV)/.installed

# One environment for refresh, test and lab, so stored outputs are what the tests see.
export PYTHONHASHSEED := 0
export TZ := UTC
export JUPYTER_PLATFORM_DIRS := 1
export JUPYTER_CONFIG_DIR := $(CURDIR)/jupyter_config
export IPYTHONDIR := $(CURDIR)/$(VENV)/ipython
export IPYKERNEL_CELL_NAME := <cell>
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# Inline figures need the notebook's own backend; an inherited MPLBACKEND would replace it.
unexport MPLBACKEND

NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))
TESTS     := lessons_lib tests $(NOTEBOOKS)

.PHONY: lab test refresh bench clean

$(READY): requirements.txt pyproject.toml
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet -r requirements.txt
	touch $@

lab: $(READY)
	$(VENV)/bin/jupyter lab

# Lint, then the library's doctests, unit tests, structure checks and every notebook's outputs
# (nbval, strict) in one run.
test: $(READY)
	$(VENV)/bin/ruff check .
	$(PYTHON) -m pytest --doctest-modules --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg $(TESTS)

# Leaves a notebook untouched when its outputs match the stored ones as nbval compares them;
# FORCE=1 writes them all (for example after changing how a picture is drawn).
refresh: $(READY)
	$(PYTHON) scripts/refresh_notebooks.py $(if $(FORCE),--force) $(NOTEBOOKS)

bench: $(READY)
	$(PYTHON) bench/read_logs.py

clean:
	rm -rf $(VENV) data
