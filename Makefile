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
export PYDEVD_DISABLE_FILE_VALIDATION := 1
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# Inline figures need the notebook's own backend; an inherited MPLBACKEND would replace it.
unexport MPLBACKEND

NOTEBOOKS := $(sort $(wildcard notebooks/[0-9]*.ipynb))
TESTS     := tests $(NOTEBOOKS)

.PHONY: lab test test-browser refresh bench clean

# Stored outputs name every cell <cell>, not a kernel's temporary path; only where outputs are
# recorded or compared: in `make lab` it would make tracebacks name the wrong cell.
test refresh: export IPYKERNEL_CELL_NAME := <cell>

$(READY): requirements.txt pyproject.toml
	python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet -r requirements.txt
	touch $@

lab: $(READY)
	$(VENV)/bin/jupyter lab

# Unit tests, structure checks and every notebook's outputs (nbval, strict) in one run.
test: $(READY)
	$(PYTHON) -m pytest --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg $(TESTS)

# The course in JupyterLab (started as `make lab` starts it) in headless Chromium at 1280x800:
# every notebook run, what a learner sees checked, screenshots in build/screenshots/.
test-browser: $(READY)
	$(PYTHON) -m pytest tests/browser

# Leaves a notebook untouched when its outputs match the stored ones as nbval compares them;
# FORCE=1 writes them all (for example after changing how a picture is drawn).
refresh: $(READY)
	$(PYTHON) scripts/refresh_notebooks.py $(if $(FORCE),--force) $(NOTEBOOKS)

bench: $(READY)
	$(PYTHON) bench/read_logs.py

clean:
	rm -rf $(VENV) data
