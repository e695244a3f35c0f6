"""Chain generator stages into one pipeline, pull or push, that always closes what it opened.

A **stage** is a generator function whose first argument is an iterator of items; it
yields items for the next stage (any number per item it reads: it may filter, expand
or group).  :class:`Pipeline` chains a source and stages, and is what a ``for`` loop
pulls from::

    >>> def evens(numbers):
    ...     for n in numbers:
    ...         if n % 2 == 0:
    ...             yield n
    >>> def squared(numbers):
    ...     for n in numbers:
    ...         yield n * n
    >>> with Pipeline(range(10), evens, squared) as pipeline:
    ...     print(list(pipeline))
    [0, 4, 16, 36, 64]

The push direction, where the source drives and each item is sent *into* primed
coroutines, is :func:`push` with :func:`broadcast` and :func:`collect`::

    >>> first, second = [], []
    >>> push(range(3), broadcast(collect(first), collect(second)))
    3
    >>> first, second
    ([0, 1, 2], [0, 1, 2])
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Generator, Iterable, Iterator
from types import TracebackType
from typing import Any

from lessons_lib.coroutines import primed

__all__ = ["Pipeline", "broadcast", "collect", "push"]

Stage = Callable[..., Iterator[Any]]


def _name(thing: object) -> str:
    if isinstance(thing, functools.partial):
        return f"partial({_name(thing.func)}, ...)"
    return getattr(thing, "__qualname__", None) or getattr(thing, "__name__", None) or repr(thing)


def _check_stage(number: int, stage: object) -> None:
    """Refuse, with the fix, anything that is not a generator function (or a partial of one)."""
    function = stage.func if isinstance(stage, functools.partial) else stage
    where = f"stage {number} ({_name(stage)})"
    if inspect.isgenerator(stage):
        raise TypeError(
            f"{where} is a generator object, already made from its items: pass the generator "
            "function itself (without the call's parentheses); the pipeline calls it with the "
            "items of the stage before"
        )
    if inspect.isgeneratorfunction(function):
        return
    if not callable(stage):
        raise TypeError(f"{where} is not a stage: give a generator function, not {stage!r}")
    raise TypeError(
        f"{where} is not a generator function: the pipeline accepts only generator functions, "
        "which it can tell are lazy and closable without calling them (calling `sorted` would "
        "already read the whole input). Wrap a function f that works on one item, or a lambda "
        "returning a generator expression, as `def stage(items): for item in items: yield "
        "f(item)`; give other arguments with functools.partial(stage, ...)"
    )


def _make(number: int, stage: Stage, upstream: Iterator[Any]) -> Generator[Any, Any, Any]:
    try:
        inspect.signature(stage).bind(upstream)
    except TypeError:
        raise TypeError(
            f"stage {number} ({_name(stage)}) needs more arguments than the items: give the "
            f"others with functools.partial, e.g. functools.partial({_name(stage)}, size=64)"
        ) from None
    except ValueError:  # pragma: no cover - no signature to check (a builtin): just call it
        pass
    return stage(upstream)


class Pipeline(Iterator[Any]):
    """A source, then stages, pulled one item at a time; closing it closes every stage.

    ``Pipeline(source, stage1, stage2, ...)`` calls ``stage1(iter(source))``, then
    ``stage2`` with what that returns, and so on; creating the pipeline runs none of
    them (a generator starts at the first ``next()``).  Iterating over the pipeline pulls
    from the last stage, which pulls from the one before: whoever iterates drives.

    :meth:`close` (and leaving a ``with`` block, also through an error) closes every
    stage from the last to the first, and then the source if it has a ``close()`` (a file
    reader's generator, a file): each stage's ``finally`` and ``with`` blocks run at once,
    whatever else still refers to them.  Stages are checked when the pipeline is made:
    a stage that is not a generator function is refused with the fix.

    >>> def numbered(lines):
    ...     for number, line in enumerate(lines, start=1):
    ...         yield f"{number}: {line}"
    >>> pipeline = Pipeline(["a", "b", "c"], numbered)
    >>> next(pipeline)
    '1: a'
    >>> pipeline.close()
    >>> pipeline.closed, list(pipeline)
    (True, [])
    >>> Pipeline([1], len)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: stage 1 (len) is not a generator function: the pipeline accepts only ...
    """

    def __init__(self, source: Iterable[Any], *stages: Stage) -> None:
        if isinstance(source, (str, bytes)) or not isinstance(source, Iterable):
            raise TypeError(
                "the source must be an iterable of items (a list, a generator, a file reader), "
                f"not {source!r}"
            )
        for number, stage in enumerate(stages, start=1):
            _check_stage(number, stage)
        self.source = source
        self._stages: list[Generator[Any, Any, Any]] = []
        items: Iterator[Any] = iter(source)
        try:
            for number, stage in enumerate(stages, start=1):
                made = _make(number, stage, items)
                if not inspect.isgenerator(made):  # e.g. a decorator that hides a plain function
                    raise TypeError(
                        f"stage {number} ({_name(stage)}) returned {type(made).__name__}, not a "
                        "generator: a stage must be a generator function"
                    )
                self._stages.append(made)
                items = made
        except BaseException:
            self.close()
            raise
        self._last = items
        self.closed = False

    @property
    def stages(self) -> list[Generator[Any, Any, Any]]:
        """The generator of each stage, first to last (for looking at, e.g. their states)."""
        return list(self._stages)

    def __iter__(self) -> Pipeline:
        return self

    def __next__(self) -> Any:
        if self.closed:
            raise StopIteration
        return next(self._last)

    def close(self) -> None:
        """Close every stage, last first, then the source if it can be closed.  Safe to repeat.

        Closing each stage explicitly does not rely on garbage collection: a stage stays
        open as long as anything (here, this object) refers to it, so closing only the
        last stage would leave the others paused, their files open.
        """
        self.closed = True
        errors: list[BaseException] = []
        closables: list[Any] = [*reversed(self._stages), self.source]
        for thing in closables:
            close = getattr(thing, "close", None)
            if close is None:
                continue
            try:
                close()
            except Exception as error:  # noqa: BLE001 - every stage is closed; the first is raised
                errors.append(error)
        if errors:
            raise errors[0]

    def __enter__(self) -> Pipeline:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        names = ", ".join(getattr(stage, "__qualname__", "?") for stage in self._stages)
        state = " closed" if self.closed else ""
        return f"<Pipeline of {len(self._stages)} stages ({names}){state}>"


# ---------------------------------------------------------------------------------------------
# Push: the source drives, sending each item into primed coroutines.
# ---------------------------------------------------------------------------------------------


def _check_target(target: object, what: str) -> None:
    if inspect.isgeneratorfunction(target):
        raise TypeError(
            f"{what} is the generator function {target.__name__}, not a coroutine: call it "
            f"(and prime it), e.g. {target.__name__}(...) decorated with @primed"
        )
    if not inspect.isgenerator(target):
        raise TypeError(
            f"{what} must be a primed coroutine (a generator receiving with send()), not {target!r}"
        )
    state = inspect.getgeneratorstate(target)
    if state == inspect.GEN_CREATED:
        raise TypeError(
            f"{what} ({target.__name__}) was not primed: it is paused before its first line, so "
            "send() cannot hand it a value. Decorate its function with @primed "
            "(lessons_lib.coroutines), or call next() on it once"
        )
    if state == inspect.GEN_CLOSED:
        raise ValueError(f"{what} ({target.__name__}) is already closed: make a new one")


def push(items: Iterable[Any], target: Generator[Any, Any, Any]) -> int:
    """Send each of ``items`` into the primed coroutine ``target``; close it at the end.

    The source drives here: ``push`` runs the loop, and ``target`` waits at its ``yield``
    for the next item.  ``target`` is closed when the items run out, and also when an
    item fails (the error is raised here after the close); so are ``items`` if they can be
    closed (a generator reading a file), as a :class:`Pipeline` closes its source.
    Returns how many items were sent.

    >>> received = []
    >>> push("abc", collect(received))
    3
    >>> received
    ['a', 'b', 'c']
    """
    _check_target(target, "the target")
    if isinstance(items, (str, bytes)):
        items = list(items)
    sent = 0
    try:
        for item in items:
            target.send(item)
            sent += 1
    finally:
        try:
            target.close()
        finally:
            close = getattr(items, "close", None)
            if close is not None:
                close()
    return sent


@primed
def broadcast(*targets: Generator[Any, Any, Any]) -> Generator[None, Any, None]:
    """A primed coroutine that sends every item it receives to each of ``targets``, in order.

    Closing it closes every target.  Each target must be primed already.

    >>> evens, everything = [], []
    >>> @primed
    ... def only_even(target):
    ...     try:
    ...         while True:
    ...             number = yield
    ...             if number % 2 == 0:
    ...                 target.send(number)
    ...     finally:
    ...         target.close()
    >>> push(range(5), broadcast(only_even(collect(evens)), collect(everything)))
    5
    >>> evens, everything
    ([0, 2, 4], [0, 1, 2, 3, 4])
    """
    for number, target in enumerate(targets, start=1):
        _check_target(target, f"target {number} of broadcast")
    try:
        while True:
            item = yield
            for target in targets:
                target.send(item)
    finally:
        for target in targets:
            target.close()


@primed
def collect(into: list[Any]) -> Generator[None, Any, None]:
    """A primed coroutine, a sink: append every item it receives to the list ``into``.

    >>> seen = []
    >>> sink = collect(seen)
    >>> sink.send("x"), sink.send("y")
    (None, None)
    >>> seen
    ['x', 'y']
    """
    if not isinstance(into, list):
        raise TypeError(f"collect needs a list to append to, such as collect(found), not {into!r}")
    while True:
        into.append((yield))
