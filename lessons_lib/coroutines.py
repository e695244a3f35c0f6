"""Coroutines: generators that receive values through ``send()``, and a decorator that primes them.

A new generator is paused *before* its first line, so it cannot receive a
value yet: ``gen.send(5)`` raises ``TypeError``. It must first be advanced to
its first ``yield`` with ``next(gen)`` (the same as ``gen.send(None)``).
:func:`primed` does that once, right after the generator is created::

    >>> @primed
    ... def shout():
    ...     reply = None
    ...     while True:
    ...         word = yield reply
    ...         reply = word.upper() + "!"
    >>> megaphone = shout()
    >>> megaphone.send("hello")
    'HELLO!'
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Generator
from typing import Any, ParamSpec, TypeVar

__all__ = ["primed"]

P = ParamSpec("P")
Y = TypeVar("Y")
S = TypeVar("S")
R = TypeVar("R")


def _not_a_generator_function(function: Any) -> str:
    """Say what ``function`` is instead of a generator function, and how to fix it."""
    if inspect.isgenerator(function):
        return (
            f"primed needs a generator function, but got a generator object ({function.__name__}). "
            "Decorate the function itself: put @primed on the line above `def`."
        )
    if inspect.isasyncgenfunction(function):
        return (
            f"primed works on plain generator functions, but {function.__name__} is an async "
            "generator function (async def with yield)."
        )
    unwrapped = inspect.unwrap(function) if callable(function) else function
    if unwrapped is not function and inspect.isgeneratorfunction(unwrapped):
        return (
            f"{getattr(function, '__name__', repr(function))} is already wrapped by a decorator "
            "(is it primed already?). "
            "Apply primed once, directly to the generator function."
        )
    if inspect.isfunction(function) or inspect.ismethod(function):
        return (
            f"primed needs a generator function, but {function.__name__} is an ordinary function: "
            "its body has no `yield`, so there is nothing to prime."
        )
    return (
        f"primed needs a generator function (a def whose body contains `yield`), not {function!r}."
    )


def primed(function: Callable[P, Generator[Y, S, R]]) -> Callable[P, Generator[Y, S, R]]:
    """Decorate a generator function so that each generator it creates is already primed.

    The decorated function creates the generator and calls ``next()`` on it
    once, running its body up to the first ``yield``; the generator is then
    ready for ``send(value)``. Whatever that first ``yield`` hands out is
    discarded. The name, docstring and signature of ``function`` are kept
    (:func:`functools.wraps`), and the undecorated function is in
    ``__wrapped__``.

    >>> @primed
    ... def running_sum():
    ...     "Reply to each number with the sum of all numbers received so far."
    ...     total = 0
    ...     while True:
    ...         total += yield total
    >>> adder = running_sum()
    >>> adder.send(3), adder.send(4)
    (3, 7)
    >>> running_sum.__name__, running_sum.__doc__
    ('running_sum', 'Reply to each number with the sum of all numbers received so far.')

    A function that is not a generator function is refused at once:

    >>> primed(len)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: primed needs a generator function (a def whose body contains `yield`), not <built...

    Raises:
        TypeError: ``function`` is not a generator function (an ordinary
            function, a generator object, something already decorated).
        RuntimeError: when called, the generator finished before reaching
            its first ``yield``, so it could never receive a value.
    """
    if not inspect.isgeneratorfunction(function):
        raise TypeError(_not_a_generator_function(function))

    name = getattr(function, "__name__", "the generator function")

    @functools.wraps(function)
    def start(*args: P.args, **kwargs: P.kwargs) -> Generator[Y, S, R]:
        generator = function(*args, **kwargs)
        try:
            next(generator)
        except StopIteration:
            raise RuntimeError(
                f"{name}() finished before its first yield, so it cannot receive values: "
                "make sure its body reaches a `yield` (for example inside `while True:`)."
            ) from None
        return generator

    return start
