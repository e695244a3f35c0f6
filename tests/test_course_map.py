"""The README and the start page list every lesson that exists, with its title and minutes."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
from conftest import REPO, lesson_notebooks

LESSONS = [path for path in lesson_notebooks() if path.name != "00_index.ipynb"]


def _header(path: Path) -> tuple[str, int]:
    """(title, total minutes) as the lesson's own first cell states them."""
    first = nbformat.read(path, as_version=4).cells[0].source
    title = re.search(r"^# \d\d (.+)$", first, re.MULTILINE).group(1).strip()
    time_line = re.search(r"\*\*Time:\*\*(.*)", first).group(1)
    return title, sum(int(m) for m in re.findall(r"(\d+) min", time_line))


def _table_rows(text: str) -> dict[str, list[str]]:
    """Markdown table rows keyed by the notebook file they link to."""
    rows = {}
    for line in text.splitlines():
        link = re.search(r"\]\((?:notebooks/)?(\d\d_\w+\.ipynb)\)", line)
        if line.startswith("|") and link:
            rows[link.group(1)] = [cell.strip() for cell in line.strip("|").split("|")]
    return rows


def _index_text() -> str:
    nb = nbformat.read(REPO / "notebooks" / "00_index.ipynb", as_version=4)
    return "\n".join(cell.source for cell in nb.cells if cell.cell_type == "markdown")


@pytest.mark.parametrize("where", ["README.md", "00_index.ipynb"])
def test_every_lesson_is_listed_with_its_title_and_minutes(where: str) -> None:
    text = (REPO / "README.md").read_text() if where == "README.md" else _index_text()
    rows = _table_rows(text)
    assert sorted(rows) == [path.name for path in LESSONS], (
        f"{where} lists other lessons than exist"
    )
    for path in LESSONS:
        title, minutes = _header(path)
        row = rows[path.name]
        assert any(title in cell for cell in row), (
            f"{where}: title of {path.name} should be {title!r}"
        )
        assert str(minutes) in row, f"{where}: {path.name} takes {minutes} min"
