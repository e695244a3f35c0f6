"""What every lesson's table of wrong answers and correct alternatives asserts about a verdict."""

from __future__ import annotations

import gc
import warnings
from typing import Any

from lessons_lib.exercises import Status


def fails_with(exercise: Any, answer: Any, phrase: str) -> None:
    """``answer`` gets "Not yet", and the message contains ``phrase``."""
    with warnings.catch_warnings():  # files a wrong answer leaks warn when collected: expected here
        warnings.simplefilter("ignore", ResourceWarning)
        result = exercise.evaluate(answer)
        gc.collect()
    assert result.status is Status.INCORRECT, result
    assert phrase in result.message, result.message


def passes(exercise: Any, answer: Any) -> None:
    """``answer`` gets "Correct!"."""
    result = exercise.evaluate(answer)
    assert result.status is Status.CORRECT, result.message


def table_id(value: Any) -> str:
    """A short test id for a row of a table: the answer's name, or the start of its repr."""
    return getattr(value, "__name__", "") or repr(value)[:40]
