"""Expectations about what an answer hands back: each raises :class:`Incorrect` with what is wrong.

They are the building blocks of the exercise kinds, and can be used in a
custom check too (``Exercise(checker=...)``).
"""

from __future__ import annotations

import gc
import inspect
import itertools
import reprlib
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from lessons_lib.exercises.instruments import CountingSource, track_open_files, watch_unclosed
from lessons_lib.exercises.model import Incorrect
from lessons_lib.exercises.runner import BudgetExceeded, LearnerError, budget
from lessons_lib.memory import tracemalloc_peak

_short = reprlib.Repr()
_short.maxlist = _short.maxtuple = 12
_short.maxstring = _short.maxother = 80


def describe(value: Any) -> str:
    """A short description of ``value`` for a message.

    >>> describe(list(range(100)))
    '[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, ...]'
    >>> describe(x for x in "ab")
    'a generator (<genexpr>)'
    """
    if inspect.isgenerator(value):
        return f"a generator ({value.__name__})"
    if isinstance(value, type) and issubclass(value, BaseException):
        return value.__name__
    return _short.repr(value)


_BUILT = (list, tuple, set, frozenset, dict, str)
_EAGER_ITERATORS = {type(iter(kind())).__name__ for kind in (list, tuple, set, dict, str)}


def expect_generator(
    value: Any, what: str = "your function's result", iterators: bool = False
) -> Iterator[Any]:
    """Return ``value`` if it is a fresh generator; otherwise raise a targeted hint.

    With ``iterators=True`` a lazy iterator (``map``, ``itertools.islice`` ...)
    is accepted too, but not an iterator over a container built in full.
    Catches: a list (or other container), ``None`` (no ``yield`` in the body),
    and a generator that was already used up.

    >>> expect_generator([1, 2], "f()")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    lessons_lib.exercises.model.Incorrect: f() is a list, built all at once. A generator ...
    """
    if inspect.isgenerator(value):
        if inspect.getgeneratorstate(value) == inspect.GEN_CLOSED:
            raise Incorrect(
                f"{what} is a generator that is already used up (closed). A generator runs "
                "only once: call the generator function again to get a fresh one."
            )
        return value
    if isinstance(value, _BUILT):
        raise Incorrect(
            f"{what} is a {type(value).__name__}, built all at once. A generator was asked for: "
            "use `yield` to hand out one item at a time instead of collecting them."
        )
    if value is None:
        raise Incorrect(
            f"{what} is None. A function becomes a generator function when its body "
            "contains `yield`; did you `print` or `return` instead of `yield`?"
        )
    if isinstance(value, Iterator):
        kind = type(value).__name__
        if iterators and kind not in _EAGER_ITERATORS:
            return value
        if kind in _EAGER_ITERATORS:
            raise Incorrect(
                f"{what} is an iterator over a {kind.split('_')[0]} that was built in full "
                "first. Hand the items out as they are made, with `yield`."
            )
        raise Incorrect(
            f"{what} is an iterator ({kind}), but a generator was asked for: only a generator "
            "has `send`, `throw` and `close`. Write a generator function with `yield`."
        )
    raise Incorrect(f"{what} is {describe(value)}; a generator was asked for (use `yield`).")


def expect_lazy(
    make: Callable[[CountingSource], Iterable[Any]],
    items: Iterable[Any],
    take: int,
    max_pulled: int | None = None,
    what: str = "your answer",
    seconds: float = 2.0,
) -> list[Any]:
    """Take ``take`` results from ``make(source)``; check it pulled at most ``max_pulled`` items.

    ``max_pulled`` defaults to ``take + 1`` (one item per result, and one read
    ahead is forgiven). ``items`` may be a :class:`CountingSource` already.
    An answer that reads an endless source in full is stopped after a
    hundred times the items needed. Returns the results taken.

    >>> expect_lazy(lambda source: (x * 2 for x in source), range(100), take=3)
    [0, 2, 4]
    """
    limit = take + 1 if max_pulled is None else max_pulled
    source = items if isinstance(items, CountingSource) else CountingSource(items)
    source.limit = max(100 * limit, 10_000)
    taken: list[Any] = []
    try:
        with budget(seconds):
            results = make(source)
            if isinstance(results, (list, tuple, set, dict)):
                raise Incorrect(
                    f"{what} returned a {type(results).__name__}: it read all {source.pulled} "
                    "items before handing out the first. Make it a generator (`yield`, or a "
                    "generator expression in parentheses) so it reads only what is asked for."
                )
            taken.extend(itertools.islice(results, take))
    except (BudgetExceeded, LearnerError):
        if source.pulled <= limit:
            raise
    if source.pulled > limit:
        raise Incorrect(
            f"To hand out {take} results, {what} read {source.pulled:,} items from its source "
            f"(at most {limit} are needed). Something reads ahead: a list(), sorted() or "
            "list comprehension inside makes it eager."
        )
    return taken


def expect_closes_files(
    make: Callable[[], Iterator[Any]],
    take: int = 1,
    what: str = "your generator",
    iterators: bool = False,
) -> None:
    """Take ``take`` items from ``make()``, then stop it with ``close()``, then with a ``break``:
    every file it opened must be closed each time (by the generator, not by collection)."""
    for how in ("close", "break"):
        with watch_unclosed() as collected_open, track_open_files() as opened:
            generator = expect_generator(make(), what, iterators)
            list(itertools.islice(generator, take))
            if how == "close" and hasattr(generator, "close"):
                generator.close()
            del generator  # a `break` drops the generator; collecting it closes it
            gc.collect()
            left_open = [str(f.name) for f in opened if not f.closed]
            for handle in opened:  # tidy up after an answer that leaked
                handle.close()
            names = {str(f.name) for f in opened}
        if not opened:
            raise Incorrect(
                f"{what} did not open a file with open(); it should read from the path it is given."
            )
        leaked = left_open or [name for name in collected_open if name in names]
        if leaked:
            stop = "with close()" if how == "close" else "by a `break` in the caller's loop"
            raise Incorrect(
                f"{what} left {Path(leaked[0]).name!r} open after it was stopped early {stop}. "
                "Open the file in a `with` block inside the generator: close() raises "
                "GeneratorExit at the paused yield, and `with` closes the file on the way out."
            )


def expect_memory_below(
    function: Callable[[], Any], budget_bytes: int, what: str = "your answer"
) -> Any:
    """Run ``function()``; check its peak allocation stays under ``budget_bytes``; return it.

    >>> expect_memory_below(lambda: sum(range(1000)), 10_000)
    499500
    """
    result, peak = tracemalloc_peak(function)
    if peak > budget_bytes:
        raise Incorrect(
            f"{what} needed {peak / 1024:.0f} KiB at its peak; the budget is "
            f"{budget_bytes / 1024:.0f} KiB. Something holds all the items at once: stream them "
            "with a generator instead of building a list."
        )
    return result
