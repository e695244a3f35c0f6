"""The slide metadata rule (scripts/slide_metadata.py) and the static editions' helpers
(scripts/editions.py): every lesson follows the rule, the tool writes only metadata, and the
scripts' doctests pass. The pages themselves are checked in a browser: tests/browser/."""

from __future__ import annotations

import copy
import doctest
import importlib.util
import json
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def load(name: str):
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


slide_metadata = load("slide_metadata")
editions = load("editions")


@pytest.mark.parametrize("module", [slide_metadata, editions], ids=lambda m: m.__name__)
def test_doctests(module):
    result = doctest.testmod(module)
    assert result.attempted >= 2 and result.failed == 0, result


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[nb.stem for nb in NOTEBOOKS])
def test_every_cell_has_the_slide_type_the_rule_gives(notebook):
    found = slide_metadata.differences(json.loads(notebook.read_text()))
    assert not found, (f"{notebook.name}: (cell, has, rule gives) {found[:5]}; "
                       f"run: python scripts/slide_metadata.py {notebook.relative_to(REPO)}")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[nb.stem for nb in NOTEBOOKS])
def test_slides_are_sections_not_cells(notebook):
    """Far fewer slides than cells (at most half): one per section, the title slide first."""
    cells = json.loads(notebook.read_text())["cells"]
    types = [slide_metadata.slide_type(cell) for cell in cells]
    assert types[0] == "slide"
    assert 3 <= types.count("slide") <= len(cells) // 2, (types.count("slide"), len(cells))


def test_the_tool_writes_only_metadata(tmp_path):
    source = REPO / "notebooks" / "01_iteration_and_yield.ipynb"
    stripped = json.loads(source.read_text())
    for cell in stripped["cells"]:
        cell["metadata"].pop("slideshow", None)
    target = tmp_path / source.name
    target.write_text(json.dumps(stripped, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    changed = slide_metadata.apply(target)
    assert changed == len(stripped["cells"])
    assert target.read_text() == source.read_text()
    assert slide_metadata.apply(target) == 0  # a second run changes nothing


def test_check_mode_reports_and_changes_nothing(tmp_path, capsys):
    target = tmp_path / "x.ipynb"
    shutil.copy(REPO / "notebooks" / "00_index.ipynb", target)
    notebook = json.loads(target.read_text())
    wrong = copy.deepcopy(notebook)
    wrong["cells"][1]["metadata"]["slideshow"]["slide_type"] = "fragment"
    target.write_text(json.dumps(wrong, indent=1, sort_keys=True, ensure_ascii=False) + "\n")
    before = target.read_text()
    assert slide_metadata.main(["--check", str(target)]) == 1
    assert "cell 1 has slide type 'fragment', the rule gives 'slide'" in capsys.readouterr().out
    assert target.read_text() == before


@pytest.mark.parametrize("bad, message", [
    ("not a cell", "expected a notebook cell"),
    ({"source": "# no type"}, "expected a notebook cell"),
    (None, "expected a notebook cell"),
])
def test_slide_type_bad_input(bad, message):
    with pytest.raises(ValueError, match=message):
        slide_metadata.slide_type(bad)


def test_apply_refuses_a_file_that_is_not_a_notebook(tmp_path):
    target = tmp_path / "x.ipynb"
    target.write_text('{"metadata": {}}')
    with pytest.raises(ValueError, match="not a notebook"):
        slide_metadata.apply(target)
    assert target.read_text() == '{"metadata": {}}'


def test_editions_bad_input(tmp_path):
    with pytest.raises(ValueError, match="suffix must start with a dot"):
        editions.rewrite_links('<a href="a.ipynb">', "html")
    with pytest.raises(ValueError, match="kind must be 'html' or 'slides'"):
        editions.build("pdf", NOTEBOOKS[:1], tmp_path)
    with pytest.raises(ValueError, match="no notebooks to render"):
        editions.build("html", [], tmp_path)
