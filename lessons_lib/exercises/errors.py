"""Whose error is it?  The learner's exceptions, explained with their own lines of the trace;
anything else is a problem in the course.

A frame is the learner's when its file is neither in ``lessons_lib`` nor in
Python's own library or site-packages: a notebook cell, a test, a script.
"""

from __future__ import annotations

import os
import sysconfig
import traceback
from pathlib import Path

_LIBRARY = str(Path(__file__).resolve().parent.parent)
_PYTHON = tuple({sysconfig.get_paths()[key] for key in ("stdlib", "platstdlib", "purelib")})


def _learners_frame(filename: str) -> bool:
    path = os.path.abspath(filename) if not filename.startswith("<") else filename
    return not (path.startswith(_LIBRARY) or path.startswith(_PYTHON) or "/site-packages/" in path)


def is_learners(error: BaseException) -> bool:
    """Whether ``error`` comes from the learner's code: a frame of its traceback (or of the
    exception it was raised from) is theirs, or it is a generator-protocol slip such as
    "generator ignored GeneratorExit", which Python raises from close() itself."""
    if any(isinstance(error, kind) and text in str(error) for kind, text, _ in _EXCEPTION_HINTS):
        return True
    seen: BaseException | None = error
    for _ in range(5):
        if seen is None:
            return False
        if any(_learners_frame(f.filename) for f in traceback.extract_tb(seen.__traceback__)):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


_EXCEPTION_HINTS: list[tuple[type[BaseException], str, str]] = [
    (
        TypeError,
        "can't send non-None value to a just-started generator",
        "A new generator is paused *before* its first line, so there is no `yield` to "
        "receive a value yet. Prime it first with next(gen) (or gen.send(None)).",
    ),
    (
        RuntimeError,
        "generator ignored GeneratorExit",
        "The generator yielded while handling GeneratorExit. On close() it must finish "
        "(return or raise), not yield again: move the cleanup to `finally` and do not "
        "`yield` there.",
    ),
    (
        RuntimeError,
        "generator raised StopIteration",
        "Since PEP 479 a StopIteration that escapes a generator's body becomes RuntimeError. "
        "End the generator with `return` instead of raising StopIteration.",
    ),
    (
        ValueError,
        "generator already executing",
        "The generator called next() or send() on itself while running; drive it from outside.",
    ),
]


def explain_exception(error: BaseException) -> str:
    """Turn an exception raised by the learner's code into a message, with their lines of the trace.

    >>> def gen():
    ...     yield
    >>> try:
    ...     gen().send(1)
    ... except TypeError as e:
    ...     print(explain_exception(e).split(".")[0])
    Your code raised TypeError: can't send non-None value to a just-started generator
    """
    text = f"Your code raised {type(error).__name__}: {error}."
    for kind, fragment, advice in _EXCEPTION_HINTS:
        if isinstance(error, kind) and fragment in str(error):
            text = f"{text} {advice}"
            break
    frames = [f for f in traceback.extract_tb(error.__traceback__) if _learners_frame(f.filename)]
    if frames:
        trace = "".join(traceback.format_list(frames)).rstrip()
        text += f"\n\n```\n{trace}\n```"
    return text
