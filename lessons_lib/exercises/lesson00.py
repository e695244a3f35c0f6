"""The demonstration exercise of the start page: how check, hint and solution behave."""

from __future__ import annotations

from lessons_lib.exercises import function_exercise


def first_squares(n):
    """Return the squares of 0, 1, ..., n - 1 as a list."""
    return [i * i for i in range(n)]


ex0 = function_exercise(
    first_squares,
    cases=[(4,), (0,), (1,)],
    draw=lambda rng: (rng.randint(2, 40),),
    success="first_squares returns the right list, including for n = 0.",
    hints=[
        "Start from an empty list and append i * i for each i in range(n).",
        "A list comprehension does it in one line: [... for i in range(n)].",
    ],
)
