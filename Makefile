# The course in two commands: `make lab` and `make test`.  `make refresh` rewrites notebook outputs.
# PY picks the interpreter (a name on PATH or a path), e.g. `make test PY=python3.12`.
PY     ?= python3
VENV   ?= .venv
PYTHON := $(VENV)/bin/python
READY  := $(VENV)/.installed
# The classroom hub's venv holds the course's packages and the hub's; the students' servers and
# kernels run from it as the students' own users, so it must come from an interpreter they can run:
# not one under /root (mode 700), hence the system's python3 by default. npm packages: NODE_READY.
HUB_PY     ?= $(firstword $(wildcard /usr/bin/python3) python3)
HUB_VENV   ?= classroom/.venv
HUB_READY  := $(HUB_VENV)/.installed
NODE_READY := classroom/node_modules/.installed
# The venv records the interpreter that made it (path and version); another one means a fresh venv.
MADE_BY   := $(VENV)/.made-by
PY_NAME   := $(shell $(PY) -c 'import sys; print(sys.executable, *sys.version_info[:3])' 2>/dev/null)
ifeq ($(PY_NAME),)
$(error PY=$(PY) does not run as a Python interpreter here; name one on PATH or give its path, e.g. PY=$$HOME/.pyenv/versions/3.12.1/bin/python3.12 (a pyenv shim runs only the versions pyenv has enabled))
endif

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
TESTS     := lessons_lib tests $(NOTEBOOKS)

.PHONY: lab test test-versions test-browser refresh bench clean hub test-hub html slides

# Never a venv that mixes versions: when another interpreter made it, build it again from scratch.
ifneq ($(file < $(MADE_BY)),$(PY_NAME))
.PHONY: $(READY)
endif

# Stored outputs name every cell <cell>, not a kernel's temporary path; only where outputs are
# recorded or compared: in `make lab` it would make tracebacks name the wrong cell.
test refresh: export IPYKERNEL_CELL_NAME := <cell>

$(READY): requirements.txt pyproject.toml
	rm -rf $(VENV)
	$(PY) -m venv $(VENV)
	echo "$(PY_NAME)" > $(MADE_BY)
	$(PYTHON) -m pip install --quiet -r requirements.txt
	touch $@

lab: $(READY)
	$(VENV)/bin/jupyter lab

# Lint, then the library's doctests, unit tests, structure checks and every notebook's outputs
# (nbval, strict) in one run.
test: $(READY)
	$(VENV)/bin/ruff check .
	$(PYTHON) -m pytest --doctest-modules --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg $(TESTS)

# `make test` on each of Python 3.10-3.13 this machine has, each in its own .venv-3.X, then a table.
test-versions:
	$(PY) scripts/test_versions.py

# The course in JupyterLab (started as `make lab` starts it) in headless Chromium at 1280x800:
# every notebook run, what a learner sees checked, screenshots in build/screenshots/.
# It also opens `make html`'s pages offline and shows `make slides`'s slides (both built by the tests).
test-browser: $(READY) $(NODE_READY)
	$(PYTHON) -m pytest tests/browser

# Leaves a notebook untouched when its outputs match the stored ones as nbval compares them;
# FORCE=1 writes them all (for example after changing how a picture is drawn).
refresh: $(READY)
	$(PYTHON) scripts/refresh_notebooks.py $(if $(FORCE),--force) $(NOTEBOOKS)

# ---- the classroom (classroom/README.md) --------------------------------------------------------

$(HUB_READY): requirements.txt pyproject.toml classroom/requirements.txt
	rm -rf $(HUB_VENV)
	$(HUB_PY) -m venv $(HUB_VENV)
	$(HUB_VENV)/bin/python -m pip install --quiet -r requirements.txt -r classroom/requirements.txt
	touch $@

# configurable-http-proxy (the hub's proxy), reveal.js and MathJax (slides, HTML), from the npm registry.
$(NODE_READY): classroom/package.json classroom/package-lock.json
	cd classroom && npm ci --no-audit --no-fund --loglevel=error
	touch $@

# A local trial on http://127.0.0.1:8000, run as root (each student's server runs as their user).
hub: $(HUB_READY) $(NODE_READY)
	CLASSROOM_VENV=$(abspath $(HUB_VENV)) $(HUB_VENV)/bin/jupyterhub -f classroom/jupyterhub_config.py

# Two throwaway students on a free loopback port, every check in classroom/test_hub.py; log in
# build/test-hub.log. Skipped, with a message, where users cannot be created (not root).
test-hub:
	@if [ "$$(id -u)" != 0 ]; then \
		echo "make test-hub: SKIPPED: it needs root, to create throwaway system users (run it as root, or in CI)"; \
	else \
		$(MAKE) --no-print-directory $(HUB_READY) $(NODE_READY) && $(HUB_VENV)/bin/python classroom/test_hub.py; \
	fi

# The static editions, from the stored outputs (nothing runs), offline from plain files:
# build/html/ (open index.html) and build/slides/ (reveal.js). See scripts/editions.py.
html: $(READY) $(NODE_READY)
	$(PYTHON) scripts/editions.py html

slides: $(READY) $(NODE_READY)
	$(PYTHON) scripts/editions.py slides

bench: $(READY)
	$(PYTHON) bench/read_logs.py
	$(PYTHON) bench/concurrency.py
	$(PYTHON) bench/loaders.py
	$(PYTHON) bench/images.py

clean:
	rm -rf .venv .venv-3.* data build/test-versions
