"""Instruments that watch what an answer does: items pulled, files opened, output printed.

:func:`track_open_files` sees every way the lessons open a file (``open``,
``io.open``, ``Path.open`` on every supported Python, ``gzip.open``,
``bz2.open``) and records each file *weakly*: holding the file itself would
keep it alive and change what a learner's generator does when it is collected.
"""

from __future__ import annotations

import builtins
import bz2
import contextlib
import gc
import io
import pathlib
import re
import sys
import warnings
import weakref
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from lessons_lib.exercises.runner import BudgetExceeded


class CountingSource:
    """An iterator over ``items`` that counts how many were pulled.

    >>> source = CountingSource(range(100))
    >>> next(source), next(source)
    (0, 1)
    >>> source.pulled
    2
    """

    def __init__(self, items: Iterable[Any], limit: int | None = None) -> None:
        self._items = iter(items)
        self.pulled = 0
        self.limit = limit  # pulling more raises BudgetExceeded: an endless input read in full

    def __iter__(self) -> CountingSource:
        return self

    def __next__(self) -> Any:
        if self.limit is not None and self.pulled >= self.limit:
            raise BudgetExceeded(f"it read more than {self.limit:,} items from its input")
        item = next(self._items)
        self.pulled += 1
        return item


class OpenedFile:
    """What :func:`track_open_files` knows of one opened file, without keeping it alive.

    ``closed`` is the file's own flag while it exists; a file already collected
    counts as closed (collecting a file closes it), and ``collected`` says so.
    Other attributes (``name``, ``tell()``, ``close()``) are the live file's.
    """

    def __init__(self, handle: Any) -> None:
        self._ref = weakref.ref(handle)
        self.name = getattr(handle, "name", "?")

    @property
    def collected(self) -> bool:
        return self._ref() is None

    @property
    def closed(self) -> bool:
        handle = self._ref()
        return True if handle is None else bool(handle.closed)

    def close(self) -> None:
        handle = self._ref()
        if handle is not None:
            handle.close()

    def __getattr__(self, attribute: str) -> Any:
        handle = self._ref()
        if handle is None:
            raise AttributeError(f"{self.name!r} was already collected (and so closed)")
        return getattr(handle, attribute)

    def __repr__(self) -> str:
        return f"<opened {self.name!r}, {'closed' if self.closed else 'open'}>"


@contextlib.contextmanager
def track_open_files() -> Iterator[list[OpenedFile]]:
    """Record every file opened inside the block (any way the lessons teach).

    >>> import gzip, os, tempfile
    >>> from pathlib import Path
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("x")
    >>> _ = (folder / "a.gz").write_bytes(gzip.compress(b"y"))
    >>> with track_open_files() as opened:
    ...     with (folder / "a.txt").open() as f, gzip.open(folder / "a.gz") as g:
    ...         _ = f.read(), g.read()
    >>> [(Path(f.name).name, f.closed) for f in opened]
    [('a.txt', True), ('a.gz', True)]
    >>> for path in folder.iterdir():
    ...     path.unlink()
    >>> folder.rmdir()
    """
    opened: list[OpenedFile] = []
    real_open = io.open

    def recording_open(*args: Any, **kwargs: Any) -> Any:
        handle = real_open(*args, **kwargs)
        opened.append(OpenedFile(handle))
        return handle

    # Where an `open` is looked up: builtins (open, gzip.open), io (Path.open on 3.11+),
    # pathlib's accessor (Path.open on 3.10), bz2's own copy, and IPython's notebook `open`.
    places: list[tuple[Any, str]] = [(builtins, "open"), (io, "open"), (bz2, "_builtin_open")]
    accessor = getattr(pathlib, "_NormalAccessor", None)
    if accessor is not None and "open" in vars(accessor):
        places.append((accessor, "open"))
    notebook = sys.modules.get("__main__")
    if notebook is not None and "open" in vars(notebook):
        places.append((notebook, "open"))
    saved = [(owner, name, vars(owner)[name]) for owner, name in places if name in vars(owner)]
    for owner, name, _ in saved:
        setattr(owner, name, staticmethod(recording_open) if owner is accessor else recording_open)
    try:
        yield opened
    finally:
        for owner, name, original in saved:
            current = vars(owner).get(name)
            if current is recording_open or isinstance(current, staticmethod):
                setattr(owner, name, original)  # (a learner's own rebinding is left to KernelGuard)


@contextlib.contextmanager
def watch_unclosed() -> Iterator[list[str]]:
    """Collect the names of files that were collected while still open (a leak).

    Python warns (``ResourceWarning: unclosed file``) when it closes a file that
    way; the block records those warnings instead of showing them.

    >>> with watch_unclosed() as leaked:
    ...     handle = open(__file__)
    ...     del handle
    >>> [name.endswith("instruments.py") for name in leaked]
    [True]
    """
    leaked: list[str] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResourceWarning)
        try:
            yield leaked
        finally:
            gc.collect()
            for warning in caught:
                if issubclass(warning.category, ResourceWarning):
                    named = re.search(r"name=(['\"])(.*?)\1 mode=", str(warning.message))
                    if named:
                        leaked.append(named.group(2))


@contextlib.contextmanager
def capture_stdout() -> Iterator[io.StringIO]:
    """Collect what is printed inside the block (for predict-the-output checks).

    >>> with capture_stdout() as printed:
    ...     print("hello")
    >>> printed.getvalue()
    'hello\\n'
    """
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        yield buffer


def printout(run: Callable[[], Any]) -> str:
    """What ``run()`` prints.

    >>> printout(lambda: print("a", "b"))
    'a b\\n'
    """
    with capture_stdout() as printed:
        run()
    return printed.getvalue()
