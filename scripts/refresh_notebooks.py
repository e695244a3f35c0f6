"""Re-execute notebooks in place, each in a fresh kernel of this environment (`make refresh`).

The kernel is started exactly as nbval's ``--nbval-current-env`` starts it, so
the outputs stored here are the ones `make test` compares against.

A notebook whose fresh outputs equal the stored ones *as nbval compares them*
(the patterns of tests/nbval_sanitize.cfg applied, images not compared) is left
untouched, so measured figures and object addresses do not churn the history.
``--force`` writes every notebook anyway (after changing how a picture is drawn,
say: nbval never compares images).
"""

from __future__ import annotations

import argparse
import copy
import re
import time
from pathlib import Path
from typing import Any

import nbformat
from jupyter_client import KernelManager
from nbclient import NotebookClient
from nbval.kernel import CURRENT_ENV_KERNEL_NAME, NbvalKernelspecManager
from nbval.plugin import get_sanitize_patterns

SANITIZE_FILE = Path(__file__).resolve().parents[1] / "tests" / "nbval_sanitize.cfg"
SANITIZE = get_sanitize_patterns(SANITIZE_FILE.read_text(encoding="utf-8"))


def execute(notebook: nbformat.NotebookNode, folder: Path) -> float:
    """Run every cell top to bottom in a new kernel; return the seconds taken."""
    manager = KernelManager(
        kernel_name=CURRENT_ENV_KERNEL_NAME, kernel_spec_manager=NbvalKernelspecManager()
    )
    client = NotebookClient(
        notebook,
        km=manager,
        timeout=120,
        startup_timeout=180,  # a loaded 2-core machine can be slow to start a kernel
        record_timing=False,
        allow_errors=False,  # errors are allowed only in cells tagged raises-exception
        resources={"metadata": {"path": str(folder)}},
    )
    started = time.perf_counter()
    client.execute()
    return time.perf_counter() - started


def coalesce_streams(outputs: list[Any]) -> list[Any]:
    """Merge consecutive stream outputs of the same name.

    How the kernel split a cell's prints depends on when it flushed; merged, the stored
    layout does not. (nbval merges all streams of a name before comparing, so this is
    never looser than what `make test` checks.)
    """
    merged: list[Any] = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            output.output_type == "stream"
            and previous is not None
            and previous.output_type == "stream"
            and previous.name == output.name
        ):
            previous.text += output.text
        else:
            merged.append(output)
    return merged


def _sanitized(text: str) -> str:
    for regex, replacement in SANITIZE:
        text = re.sub(regex, replacement, text)
    return text


# nbval does not compare widget views (their model ids are random), so neither does refresh.
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def comparable(notebook: nbformat.NotebookNode) -> list[Any]:
    """What nbval compares: each code cell's source and its text outputs, sanitized."""
    cells = []
    for cell in notebook.cells:
        if cell.cell_type != "code":
            continue
        outputs = []
        for output in cell.outputs:
            if output.output_type == "stream":
                outputs.append((output.name, _sanitized(output.text)))
            elif output.output_type == "error":
                outputs.append(("error", output.ename, _sanitized(output.evalue)))
            else:
                data = {
                    key: _sanitized(str(value))
                    for key, value in output.data.items()
                    if not key.startswith("image/") and key != WIDGET_VIEW
                }
                outputs.append((output.output_type, data))
        cells.append((cell.source, cell.execution_count, outputs))
    return cells


def refresh(path: Path, force: bool) -> str:
    """Execute ``path``; write it back if its outputs changed (or ``force``); return a report."""
    stored = nbformat.read(path, as_version=4)
    fresh = copy.deepcopy(stored)
    seconds = execute(fresh, path.parent)
    for cell in fresh.cells:
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
    nbformat.validate(fresh)
    if not force and comparable(fresh) == comparable(stored):
        return f"{path}: {seconds:.1f} s, outputs unchanged (file left as it was)"
    nbformat.write(fresh, path)
    return f"{path}: {seconds:.1f} s, written"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument(
        "--force", action="store_true", help="write every notebook, even if unchanged"
    )
    arguments = parser.parse_args()
    for path in arguments.notebooks:
        print(refresh(path, arguments.force), flush=True)


if __name__ == "__main__":
    main()
