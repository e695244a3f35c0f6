"""The inputs of a differential check: fixed cases, seeded random ones, and special arguments.

A case is a tuple of arguments.  Most arguments are plain values (each run
gets its own copy); three kinds are made afresh for every run:

- :class:`Stream`: a one-pass iterator over some items, which counts what is pulled;
- :class:`TextFile`: a file with the given text, written into a temporary folder;
- :class:`Computed`: a value the course makes at check time (a generated log).

>>> case = (Stream("abc"), 2)
>>> call_text("take", case)
"take(iter('abc'), 2)"
>>> args = materialise(case, folder=None)
>>> list(args[0]), args[0].pulled
(['a', 'b', 'c'], 3)
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lessons_lib.exercises.expectations import describe
from lessons_lib.exercises.instruments import CountingSource

Case = tuple[Any, ...]


@dataclass(frozen=True)
class Stream:
    """An argument handed over as a fresh one-pass iterator (a :class:`CountingSource`).

    ``items`` may also be a function that makes them (``itertools.count``): an endless input.
    """

    items: Iterable[Any] | Callable[[], Iterable[Any]]
    label: str = ""

    def make(self, folder: Path | None) -> CountingSource:
        return CountingSource(self.items() if callable(self.items) else self.items)

    def values(self) -> list[Any]:
        """The items as a list (for a finite stream), for slip rules to look at."""
        return list(self.items() if callable(self.items) else self.items)

    def __repr__(self) -> str:
        return self.label or f"iter({describe(self.items)})"


@dataclass(frozen=True)
class TextFile:
    """An argument that is the path of a file holding ``text`` (``str`` path unless ``as_path``)."""

    text: str
    label: str
    name: str = "input.txt"
    as_path: bool = True

    def make(self, folder: Path | None) -> Path | str:
        if folder is None:
            raise ValueError("TextFile needs a folder to be written into")
        path = folder / self.name
        path.write_bytes(self.text.encode("utf-8"))  # as written: no newline translation
        return path if self.as_path else str(path)

    def __repr__(self) -> str:
        return self.label


@dataclass(frozen=True)
class Computed:
    """An argument made by the course at check time, such as a generated sample file."""

    make_value: Callable[[], Any]
    label: str

    def make(self, folder: Path | None) -> Any:
        return self.make_value()

    def __repr__(self) -> str:
        return self.label


SPECIAL = (Stream, TextFile, Computed)


def materialise(case: Case, folder: Path | None) -> Case:
    """The real arguments for one run of ``case``."""
    args = []
    for arg in case:
        if isinstance(arg, SPECIAL):
            args.append(arg.make(folder))
        else:
            try:
                args.append(copy.deepcopy(arg))
            except Exception:
                args.append(arg)
    return tuple(args)


def call_text(name: str, case: Case) -> str:
    """The call as a learner would write it."""
    shown = (repr(arg) if isinstance(arg, SPECIAL) else describe(arg) for arg in case)
    return f"{name}({', '.join(shown)})"


@dataclass(frozen=True)
class Lazy:
    """The laziness flag: to hand out ``take`` items, the answer may pull at most ``max_pulled``
    from the :class:`Stream` in ``case`` (default ``take + 1``)."""

    case: Case
    take: int
    max_pulled: int | None = None

    def stream(self, args: Case) -> CountingSource:
        return next(arg for arg in args if isinstance(arg, CountingSource))


@dataclass(frozen=True)
class Memory:
    """The memory flag: on ``case``, the answer's peak allocation stays under ``budget`` bytes."""

    case: Case
    budget: int


@dataclass
class Cases:
    """Fixed cases first, then ``count`` cases drawn by ``draw`` from a generator seeded
    with ``seed``."""

    fixed: Sequence[Case]
    draw: Callable[[random.Random], Case] | None = None
    count: int = 25
    seed: int = 20240301
    _drawn: list[Case] = field(default_factory=list, repr=False)

    def __iter__(self) -> Iterator[Case]:
        for case in self.fixed:
            if not isinstance(case, tuple):
                raise TypeError(f"a case is a tuple of arguments, e.g. ({case!r},), not {case!r}")
            yield case
        if self.draw is not None:
            if not self._drawn:
                rng = random.Random(self.seed)
                self._drawn = [self.draw(rng) for _ in range(self.count)]
            yield from self._drawn
