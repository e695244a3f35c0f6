"""The instructor guide (instructor_guide/) covers every lesson, in the same five parts, and the
README links it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GUIDE = REPO / "instructor_guide"
NOTEBOOKS = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
HEADINGS = [
    "## Timing",
    "## Live-coding script",
    "## Misconceptions to expect",
    "## Questions for the room",
    "## When time runs short",
]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[nb.stem for nb in NOTEBOOKS])
def test_every_lesson_has_its_guide_with_the_five_parts(notebook):
    guide = GUIDE / f"{notebook.stem}.md"
    assert guide.is_file(), f"no notes for {notebook.name}: write {guide.relative_to(REPO)}"
    text = guide.read_text(encoding="utf-8")
    headings = [line for line in text.splitlines() if line.startswith("## ")]
    assert headings == HEADINGS, headings
    for heading, following in zip(HEADINGS, HEADINGS[1:] + [None]):
        body = text.split(heading + "\n", 1)[1]
        body = body.split(following + "\n", 1)[0] if following else body
        assert len(body.split()) >= 20, f"{guide.name}: '{heading}' is nearly empty"
    assert text.startswith(f"# {notebook.stem[:2]} "), "the title starts with the lesson's number"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=[nb.stem for nb in NOTEBOOKS])
def test_the_index_links_every_lesson_guide(notebook):
    index = (GUIDE / "README.md").read_text(encoding="utf-8")
    assert f"]({notebook.stem}.md)" in index


def test_the_guide_states_the_lessons_own_minutes():
    """A guide's Timing repeats the notebook header's teaching and exercise minutes."""
    for notebook in NOTEBOOKS:
        header = re.search(r"\*\*Time:\*\* (\d+) min(?: teaching \+ (\d+) min exercises)?",
                           notebook.read_text(encoding="utf-8"))
        assert header, notebook.name
        timing = (GUIDE / f"{notebook.stem}.md").read_text(encoding="utf-8").split(
            "## Timing", 1)[1].split("\n## ", 1)[0]
        if header[2]:
            assert f"{header[1]} minutes teaching + {header[2]} minutes exercises" in timing, (
                notebook.name)
        else:
            assert f"{header[1]} minutes" in timing, notebook.name


def test_every_file_in_the_guide_belongs_to_a_lesson():
    stems = {nb.stem for nb in NOTEBOOKS}
    strays = [path.name for path in GUIDE.glob("*.md")
              if path.name != "README.md" and path.stem not in stems]
    assert not strays, f"guide files for no notebook: {strays}"


def test_readme_links_the_guide_index():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "](instructor_guide/README.md)" in readme
    assert "](classroom/README.md)" in readme
