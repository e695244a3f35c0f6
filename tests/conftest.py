"""Shared test fixtures: where the repository and its notebooks are."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

# tests/browser/ drives JupyterLab in Chromium: `make test-browser` runs it on its own.
collect_ignore = ["browser"]

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK_DIR = REPO / "notebooks"


def lesson_notebooks() -> list[Path]:
    """Every course notebook, in course order (their numbers)."""
    return sorted(NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb"))


@pytest.fixture(params=lesson_notebooks(), ids=lambda path: path.name)
def notebook(request: pytest.FixtureRequest) -> tuple[Path, nbformat.NotebookNode]:
    path: Path = request.param
    return path, nbformat.read(path, as_version=4)
