"""Re-execute notebooks in place, each in a fresh kernel of this environment (run by `make refresh`).

The kernel is started exactly as nbval's ``--nbval-current-env`` starts it, so
the outputs stored here are the ones `make test` compares against.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import nbformat
from jupyter_client import KernelManager
from nbclient import NotebookClient
from nbval.kernel import CURRENT_ENV_KERNEL_NAME, NbvalKernelspecManager


def refresh(path: Path) -> float:
    """Execute ``path`` top to bottom in a new kernel and write it back; return the seconds taken."""
    notebook = nbformat.read(path, as_version=4)
    manager = KernelManager(kernel_name=CURRENT_ENV_KERNEL_NAME, kernel_spec_manager=NbvalKernelspecManager())
    client = NotebookClient(
        notebook,
        km=manager,
        timeout=120,
        startup_timeout=180,  # a loaded 2-core machine can be slow to start a kernel
        record_timing=False,
        allow_errors=False,  # errors are allowed only in cells tagged raises-exception
        resources={"metadata": {"path": str(path.parent)}},
    )
    started = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - started
    nbformat.validate(notebook)
    nbformat.write(notebook, path)
    return seconds


def main(paths: list[str]) -> None:
    if not paths:
        sys.exit("usage: refresh_notebooks.py NOTEBOOK.ipynb ...")
    for name in paths:
        print(f"{name}: {refresh(Path(name)):.1f} s", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
