"""The start page's demonstration exercise: wrong answers named, other correct styles accepted."""

from __future__ import annotations

import pytest

from lessons_lib.exercises import Status
from lessons_lib.exercises.lesson00 import ex0


def first_squares_doubled(n):
    return [i * 2 for i in range(n)]


def first_squares_from_one(n):
    return [i * i for i in range(1, n + 1)]


def first_squares_as_tuple(n):
    return tuple(i * i for i in range(n))


def first_squares_as_generator(n):
    for i in range(n):
        yield i * i


def first_squares_one_short(n):
    return [i * i for i in range(n - 1)]


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (
            first_squares_doubled,
            "`first_squares(4)` should be `[0, 1, 4, 9]`, but it is `[0, 2, 4, 6]`",
        ),
        (first_squares_from_one, "should be `[0, 1, 4, 9]`, but it is `[1, 4, 9, 16]`"),
        (first_squares_as_tuple, "should return a list, but it returned `(0, 1, 4, 9)`"),
        (first_squares_as_generator, "should return a list, but it returned `a generator"),
        (first_squares_one_short, "should be `[0, 1, 4, 9]`, but it is `[0, 1, 4]`"),
    ],
    ids=lambda value: getattr(value, "__name__", "phrase"),
)
def test_wrong_answers_are_named(answer, phrase: str) -> None:
    result = ex0.evaluate(answer)
    assert result.status is Status.INCORRECT and phrase in result.message, result.message


def first_squares_with_a_loop(n):
    squares = []
    for i in range(n):
        squares.append(i * i)
    return squares


def first_squares_with_map(n):
    return list(map(lambda i: i**2, range(n)))


@pytest.mark.parametrize("answer", [first_squares_with_a_loop, first_squares_with_map])
def test_other_correct_styles_pass(answer) -> None:
    assert ex0.evaluate(answer).correct
