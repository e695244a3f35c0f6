"""Retiring the generators a check started, whatever their code does when it is stopped.

A learner's generator may refuse ``close()`` (it yields again in ``except
GeneratorExit``, or a bare ``except`` swallows it inside a loop).  Left alone,
the garbage collector retries ``close()`` later and prints "Exception ignored
in: <generator ...>" into whatever cell runs then.  :func:`retire` ends such a
generator at once, quietly, and keeps the few that cannot be ended at all.

>>> def stubborn():
...     while True:
...         try:
...             yield 1
...         except GeneratorExit:
...             pass
>>> generator = stubborn()
>>> next(generator)
1
>>> retire(generator)
>>> import inspect
>>> inspect.getgeneratorstate(generator) == inspect.GEN_CLOSED or generator in _UNCLOSABLE
True
"""

from __future__ import annotations

import atexit
import contextlib
import inspect
import io
import sys
from typing import Any


class _Discard(BaseException):
    """Thrown into a generator that refused close() to end it; a learner's code never names it."""


# Generators that neither close() nor a thrown _Discard could end. Keeping them stops the
# garbage collector from retrying close() and printing "Exception ignored" in another cell.
_UNCLOSABLE: list[Any] = []


@atexit.register
def _drop_unclosable() -> None:
    """At exit, let the kept generators go without their 'generator ignored GeneratorExit'."""
    kept = {id(generator) for generator in _UNCLOSABLE}
    report = sys.unraisablehook
    sys.unraisablehook = lambda raised: None if id(raised.object) in kept else report(raised)
    _UNCLOSABLE.clear()


def retire(generator: Any) -> None:
    """Close ``generator`` quietly (anything that is not a generator is left alone)."""
    if not inspect.isgenerator(generator):
        return
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        for stop in (generator.close, lambda: generator.throw(_Discard())):
            if inspect.getgeneratorstate(generator) != inspect.GEN_CLOSED:
                with contextlib.suppress(BaseException):  # the learner's code may raise anything
                    stop()
    if inspect.getgeneratorstate(generator) != inspect.GEN_CLOSED:
        _UNCLOSABLE.append(generator)
