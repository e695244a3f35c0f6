"""The course supports Python 3.10-3.13: the places that say so agree, and what broke on one
version works.

These tests run on whichever interpreter runs pytest; `make test-versions` runs them on each
version.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import REPO

WORKFLOW = REPO / ".github" / "workflows" / "test.yml"


def _test_versions_script():
    spec = importlib.util.spec_from_file_location(
        "test_versions", REPO / "scripts" / "test_versions.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


SCRIPT = _test_versions_script()


def test_this_interpreter_is_a_supported_version() -> None:
    assert "{}.{}".format(*sys.version_info[:2]) in SCRIPT.SUPPORTED, (
        f"Python {sys.version.split()[0]} is not one of the supported {SCRIPT.SUPPORTED}; "
        "run `make test PY=python3.X` with one of them"
    )


def test_readme_workflow_and_package_name_the_same_versions() -> None:
    supported = list(SCRIPT.SUPPORTED)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"Python {', '.join(supported[:-1])} or {supported[-1]}" in readme

    matrix = re.search(r"python-version: \[(.*)\]", WORKFLOW.read_text(encoding="utf-8"))
    assert matrix, f"{WORKFLOW.relative_to(REPO)} has no python-version matrix"
    assert [v.strip().strip('"') for v in matrix[1].split(",")] == supported

    pyproject = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert f'requires-python = ">={supported[0]}"' in pyproject


def test_ci_workflow_passes_actionlint() -> None:
    actionlint = Path(sys.executable).with_name("actionlint")
    assert actionlint.exists(), (
        "actionlint is missing from this venv: it comes with requirements.txt"
    )
    result = subprocess.run(
        [str(actionlint), "-no-color", str(WORKFLOW)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_finds_a_broken_workflow(tmp_path: Path) -> None:
    # The check above can fail: a step without `uses` or `run` is reported.
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  t:\n    runs-on: ubuntu-latest\n    steps:\n      - name: x\n"
    )
    actionlint = Path(sys.executable).with_name("actionlint")
    result = subprocess.run(
        [str(actionlint), "-no-color", str(broken)], capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "uses" in result.stdout and "run" in result.stdout


def test_memory_profiler_ipython_extension_loads() -> None:
    # Lesson 04 runs `%load_ext memory_profiler`; its magics import distutils, gone from 3.12's
    # stdlib (setuptools provides it there). A fresh interpreter, as in a kernel: nothing on stderr.
    program = textwrap.dedent(
        """
        from IPython.core.interactiveshell import InteractiveShell
        shell = InteractiveShell.instance()
        shell.run_line_magic("load_ext", "memory_profiler")
        line_magics = shell.magics_manager.magics["line"]
        print(sorted(name for name in line_magics if name in ("memit", "mprun")))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['memit', 'mprun']"
    assert result.stderr == ""


def test_summary_and_table_of_test_versions() -> None:
    counts, seconds = SCRIPT.summarise(
        "x\n=== 1 failed, 9 passed, 2 errors in 3.50s (0:00:03) ===\n"
    )
    assert counts == {"failed": 1, "passed": 9, "error": 2} and seconds == 3.5
    assert SCRIPT.summarise("no summary here") == ({}, None)
    runs = [
        SCRIPT.Run("3.10", None),
        SCRIPT.Run("3.11", "/x/python3.11", "passed", "3.11.7", {"passed": 9}, 120.0),
    ]
    rows = SCRIPT.table(runs).splitlines()
    assert rows[2] == "| 3.10 | skipped: not installed | | | | | |"
    assert rows[3] == "| 3.11.7 | passed | 9 | 0 | 0 | 0 | 2.0 min |"
