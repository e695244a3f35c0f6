"""Structure checks over every course notebook: what nbval cannot see.

nbval compares outputs cell by cell, but it silently skips cells that were
never executed and says nothing about navigation, objectives or stray errors.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from conftest import REPO, lesson_notebooks

LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
INDEX = "00_index.ipynb"


def _cells(nb: nbformat.NotebookNode, kind: str) -> list[nbformat.NotebookNode]:
    return [cell for cell in nb.cells if cell.cell_type == kind]


def _tags(cell: nbformat.NotebookNode) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def _nav_line(text: str, first: bool) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[0] if first else lines[-1]


def _expected_nav_targets(path: Path) -> list[str]:
    names = [p.name for p in lesson_notebooks()]
    position = names.index(path.name)
    targets = []
    if position > 0:
        targets.append(names[position - 1])
    if path.name != INDEX:
        targets.append(INDEX)
    if position + 1 < len(names):
        targets.append(names[position + 1])
    return targets


def test_the_course_has_an_index_and_lessons() -> None:
    names = [p.name for p in lesson_notebooks()]
    assert names[0] == INDEX
    assert len(names) >= 2
    numbers = [int(name[:2]) for name in names]
    assert numbers == sorted(set(numbers)), "two notebooks share a number"


def test_valid_nbformat(notebook) -> None:
    _, nb = notebook
    nbformat.validate(nb)


@pytest.mark.parametrize("first", [True, False], ids=["top", "bottom"])
def test_navigation_links_resolve_in_order(notebook, first: bool) -> None:
    path, nb = notebook
    cell = nb.cells[0] if first else nb.cells[-1]
    assert cell.cell_type == "markdown", "the navigation line lives in a markdown cell"
    line = _nav_line(cell.source, first)
    targets = [target for _, target in LINK.findall(line)]
    assert targets == _expected_nav_targets(path), f"navigation line {line!r}"
    for target in targets:
        assert (path.parent / target).is_file(), f"link to missing {target}"


def test_header_has_title_time_objectives_prerequisites(notebook) -> None:
    _, nb = notebook
    header = nb.cells[0].source
    assert re.search(r"^# \S", header, re.MULTILINE), "a # title"
    assert re.search(r"\*\*Time:\*\*.*\d+ min", header), "a time estimate like **Time:** 30 min"
    assert re.search(r"You will learn", header) and re.search(r"^\s*[-*] \S", header, re.MULTILINE), (
        "objectives: 'You will learn' and a bullet list"
    )
    assert "Prerequisites" in header


def test_key_points_at_the_end(notebook) -> None:
    _, nb = notebook
    closing = "\n".join(cell.source for cell in nb.cells[-2:] if cell.cell_type == "markdown")
    assert re.search(r"^## Key points", closing, re.MULTILINE)
    assert re.search(r"^\s*[-*] \S", closing.split("## Key points", 1)[1], re.MULTILINE)


def test_every_code_cell_executed_once_in_order(notebook) -> None:
    _, nb = notebook
    code = _cells(nb, "code")
    assert code, "a notebook without code teaches nothing here"
    assert all(cell.source.strip() for cell in code), "an empty code cell"
    counts = [cell.execution_count for cell in code]
    assert counts == list(range(1, len(code) + 1)), "run `make refresh` (one fresh kernel, top to bottom)"


def test_errors_only_in_cells_tagged_raises_exception(notebook) -> None:
    _, nb = notebook
    for index, cell in enumerate(_cells(nb, "code")):
        has_error = any(output.output_type == "error" for output in cell.outputs)
        tagged = "raises-exception" in _tags(cell)
        assert has_error == tagged, f"code cell {index}: error output {has_error}, tagged {tagged}"


def test_no_stderr_output(notebook) -> None:
    _, nb = notebook
    for index, cell in enumerate(_cells(nb, "code")):
        for output in cell.outputs:
            assert not (output.output_type == "stream" and output.name == "stderr"), (
                f"code cell {index} wrote to stderr: {output.text[:200]!r}"
            )


def test_no_machine_paths_in_outputs(notebook) -> None:
    _, nb = notebook
    markers = [str(REPO), "/home/", "/root/", "/Users/", "/tmp/", "site-packages"]
    for index, cell in enumerate(_cells(nb, "code")):
        text = nbformat.writes(nbformat.v4.new_notebook(cells=[cell]))
        for marker in markers:
            assert marker not in text, f"code cell {index} shows a path of this machine ({marker})"


VERSION_TAG = re.compile(r"\(Python 3\.\d+\)")
ONE_VERSION_AS_ALL = re.compile(r"(version|interpreter|one) (that )?(this|the) course runs on", re.IGNORECASE)


def test_version_dependent_values_come_with_an_assert(notebook) -> None:
    """A value printed with the version it was measured on is masked by nbval (tests/nbval_sanitize.cfg):
    the cell must check, with an assert, what holds on every supported version."""
    _, nb = notebook
    for index, cell in enumerate(_cells(nb, "code")):
        shown = "".join(output.get("text", "") for output in cell.outputs if output.output_type == "stream")
        if VERSION_TAG.search(shown):
            assert "assert " in cell.source, f"code cell {index} prints a version's value but asserts nothing"


def test_no_version_is_called_the_one_the_course_runs_on(notebook) -> None:
    """The course runs on Python 3.10-3.13: prose names the version a behaviour belongs to."""
    _, nb = notebook
    for index, cell in enumerate(_cells(nb, "markdown")):
        found = ONE_VERSION_AS_ALL.search(cell.source)
        assert not found, f"markdown cell {index} says {found.group(0)!r}; name the versions instead"


def test_no_trailing_semicolon(notebook) -> None:
    """nbval runs cells without history, where `;` does not hide a value: end plots with plt.show()."""
    _, nb = notebook
    for index, cell in enumerate(_cells(nb, "code")):
        last = cell.source.rstrip().splitlines()[-1]
        assert not last.rstrip().endswith(";"), f"code cell {index} ends with ';'"


def test_exercises_are_left_for_the_learner(notebook) -> None:
    """Lessons have at least three exercises, each committed with its placeholder: 'not attempted'."""
    path, nb = notebook
    if path.name == INDEX:
        return
    checks = [cell for cell in _cells(nb, "code") if re.search(r"\bex\d+\.check\(", cell.source)]
    names = {re.search(r"\b(ex\d+)\.check\(", cell.source).group(1) for cell in checks}
    assert len(names) >= 3, f"exercises found: {sorted(names)}"
    for cell in checks:
        printed = "".join(  # a verdict is printed, or displayed as a panel with a text form
            output.get("text", "") + output.get("data", {}).get("text/plain", "") for output in cell.outputs
        )
        assert "Not attempted yet" in printed, f"{cell.source[:60]!r} should read 'not attempted'"
