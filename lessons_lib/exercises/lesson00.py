"""The demonstration exercise of the start page: how check, hint and solution behave."""

from __future__ import annotations

from typing import Any

from lessons_lib.exercises import Exercise, Incorrect, expect_equal


def first_squares(n):
    """Return the squares of 0, 1, ..., n - 1 as a list."""
    return [i * i for i in range(n)]


def _check_first_squares(answer: Any) -> str:
    result = answer(4)
    if not isinstance(result, list):
        raise Incorrect(f"first_squares(4) should return a list, but it returned {result!r}.")
    expect_equal(result, [0, 1, 4, 9], "first_squares(4)")
    expect_equal(answer(0), [], "first_squares(0)")
    return "first_squares returns the right list, including for n = 0."


ex0 = Exercise(
    "ex0",
    checker=_check_first_squares,
    hints=[
        "Start from an empty list and append i * i for each i in range(n).",
        "A list comprehension does it in one line: [... for i in range(n)].",
    ],
    solution=first_squares,
)
