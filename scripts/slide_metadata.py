"""Give every cell the slide type its headings call for (`make slides`, JupyterLab's slideshow).

    python scripts/slide_metadata.py notebooks/NN_x.ipynb ...   # write the slide types
    python scripts/slide_metadata.py --check notebooks/*.ipynb  # only say which cells differ

The rule, from the headings a lesson already has, so a lesson becomes a deck without hand-made
slide metadata:

- a markdown cell with a `#` or `##` heading starts a slide;
- a markdown cell with a `###` heading (and none higher) starts a subslide (reveal.js: below);
- every other cell continues the slide it is on ("-").

A heading counts wherever it is in the cell (outside code blocks): some cells end one section and
open the next, and a new section is where a slide should start. The navigation lines stay on the
title and "Key points" slides, as links to the other lessons' slides.

Only ``metadata.slideshow.slide_type`` is written; the cells' text and outputs are never touched.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HEADING = re.compile(r"^(#{1,6})\s", re.MULTILINE)
CODE_BLOCK = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)


def slide_type(cell: dict) -> str:
    r"""The slide type the rule gives ``cell`` (a notebook cell as a dict).

    >>> slide_type({"cell_type": "markdown", "source": "## 2. Heading\ntext"})
    'slide'
    >>> slide_type({"cell_type": "markdown", "source": ["### Exercise 1\n", "Write..."]})
    'subslide'
    >>> slide_type({"cell_type": "markdown", "source": "So it ends.\n\n## 3. Next\nMore."})
    'slide'
    >>> slide_type({"cell_type": "markdown", "source": "```python\n# a comment\n```"})
    '-'
    >>> slide_type({"cell_type": "code", "source": "# a comment, not a heading"})
    '-'
    """
    if not isinstance(cell, dict) or "cell_type" not in cell:
        raise ValueError(f"expected a notebook cell (a dict with a cell_type), got {cell!r:.80}")
    if cell["cell_type"] != "markdown":
        return "-"
    source = cell.get("source", "")
    text = "".join(source) if isinstance(source, list) else source
    levels = [len(found[1]) for found in HEADING.finditer(CODE_BLOCK.sub("", text))]
    if not levels or min(levels) > 3:
        return "-"
    return "slide" if min(levels) <= 2 else "subslide"


def differences(notebook: dict) -> list[tuple[int, str | None, str]]:
    """(cell index, slide type it has, slide type the rule gives) for each cell that differs.

    >>> differences({"cells": [{"cell_type": "markdown", "source": "# T", "metadata": {}}]})
    [(0, None, 'slide')]
    """
    cells = notebook["cells"]
    found = []
    for index, cell in enumerate(cells):
        has = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
        wanted = slide_type(cell)
        if has != wanted:
            found.append((index, has, wanted))
    return found


def apply(path: Path) -> int:
    """Write the rule's slide types into the notebook at ``path``; how many cells changed.

    The file is rewritten the way nbformat writes notebooks (one-space indent, sorted keys, a
    final newline), which is how the course's notebooks are stored, so only the metadata lines
    change in a diff.
    """
    notebook = json.loads(path.read_text(encoding="utf-8"))
    if "cells" not in notebook:
        raise ValueError(f"{path} is not a notebook (no cells)")
    changed = differences(notebook)
    for index, _, wanted in changed:
        notebook["cells"][index].setdefault("metadata", {}).setdefault("slideshow", {})[
            "slide_type"] = wanted
    if changed:
        text = json.dumps(notebook, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
        path.write_text(text, encoding="utf-8")
    return len(changed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 on a difference")
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    status = 0
    for path in args.notebooks:
        if args.check:
            found = differences(json.loads(path.read_text(encoding="utf-8")))
            for index, has, wanted in found:
                print(f"{path}: cell {index} has slide type {has!r}, the rule gives {wanted!r}")
            status = status or int(bool(found))
        else:
            print(f"{path}: {apply(path)} cells given their slide type")
    return status


if __name__ == "__main__":
    sys.exit(main())
