"""Cells a learner runs out of order: again after Run All, or an exercise straight after the setup.

These run each notebook of the course copy (build/browser/course/) in a kernel of this
environment, without the browser: what they check is the kernel's, not the page's.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from conftest import Lab
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
RESET = "get_ipython().run_line_magic('reset', '-f')  # an empty namespace, as in a new kernel"


def errors(cell: nbformat.NotebookNode) -> list[str]:
    return [
        f"{out.ename}: {out.evalue}" if out.output_type == "error" else out.text[:300]
        for out in cell.outputs
        if out.output_type == "error" or (out.output_type == "stream" and out.name == "stderr")
    ]


def raises(cell: nbformat.NotebookNode) -> bool:
    return "raises-exception" in cell.metadata.get("tags", [])


def exercise_cells(notebook: nbformat.NotebookNode) -> list[int]:
    """The code cells under each "### Exercise N" heading, up to the next other heading."""
    cells, inside = [], False
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "markdown":
            lines = cell.source.splitlines()
            headings = [line for line in lines if line.startswith(("## ", "### "))]
            if headings:
                inside = headings[-1].startswith("### Exercise")
        elif inside:
            cells.append(index)
    return cells


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.name)
def test_cells_run_again_and_exercises_run_after_the_setup_alone(lab: Lab, path: Path) -> None:
    copy = lab.root / "notebooks" / path.name
    notebook = nbformat.read(copy, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name="python3",
        timeout=180,
        allow_errors=True,
        resources={"metadata": {"path": str(copy.parent)}},
    )
    code = [i for i, c in enumerate(notebook.cells) if c.cell_type == "code"]
    problems = []
    with client.setup_kernel():
        for _ in ("run all", "each cell again"):
            for index in code:
                cell = client.execute_cell(notebook.cells[index], index)
                if not raises(cell) and errors(cell):
                    problems.append(f"{_}, cell {index}: {errors(cell)}")
        setup = notebook.cells[code[0]]
        for index in exercise_cells(notebook):
            if index == code[0]:
                continue
            client.execute_cell(nbformat.v4.new_code_cell(RESET), 0)
            client.execute_cell(setup, code[0])
            cell = client.execute_cell(notebook.cells[index], index)
            if not raises(cell) and errors(cell):
                problems.append(f"exercise cell {index} after only the setup cell: {errors(cell)}")
    assert not problems, f"{path.name}:\n" + "\n".join(problems)
