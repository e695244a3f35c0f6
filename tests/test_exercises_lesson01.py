"""Lesson 01's exercises: typical wrong answers get the targeted message; other styles pass."""

from __future__ import annotations

import itertools

import pytest
from exercise_tables import fails_with

from lessons_lib.exercises import Status, ____
from lessons_lib.exercises.lesson01 import PREDICTION_EX2, Countdown, ex1, ex2, ex3, ex4

# --- ex1: every_other ----------------------------------------------------------------------------


def every_other_as_a_list(items):
    return list(items)[::2]


def every_other_reading_everything(items):
    yield from list(items)[::2]


def every_other_odd_positions(items):
    for position, item in enumerate(items):
        if position % 2:
            yield item


def every_other_by_slicing(items):
    yield from items[::2]


def every_other_by_index(items):
    for i in range(0, len(items), 2):
        yield items[i]


def every_other_skipping_by_next(items):  # loses the last item of an odd-length input
    iterator = iter(items)
    for item in iterator:
        if next(iterator, None) is None:
            return
        yield item


def every_other_forever(items):
    while True:
        yield from items


def every_other_that_returns(items):
    for position, item in enumerate(items):
        if position % 2 == 0:
            return item


EX1_WRONG = [
    (every_other_as_a_list, "is a list, built all at once"),
    (every_other_reading_everything, "Something reads ahead"),
    (every_other_odd_positions, "should be `['a', 'c', 'e']`, but it is `['b', 'd']`"),
    (every_other_by_slicing, "an iterator has no len() and cannot be indexed"),
    (every_other_by_index, "an iterator has no len() and cannot be indexed"),
    (every_other_skipping_by_next, "should be `['a', 'c', 'e']`, but it is `['a', 'c']`"),
    (every_other_forever, "kept yielding after 10,000 items"),
    (every_other_that_returns, "A generator was asked for"),
]


@pytest.mark.parametrize(("answer", "phrase"), EX1_WRONG, ids=[a.__name__ for a, _ in EX1_WRONG])
def test_ex1_wrong_answers(answer, phrase: str) -> None:
    fails_with(ex1, answer, phrase)


def every_other_with_a_flag(items):
    keep = True
    for item in items:
        if keep:
            yield item
        keep = not keep


def every_other_with_islice(items):  # a lazy iterator from itertools is accepted (see the hints)
    return itertools.islice(items, 0, None, 2)


def every_other_as_a_generator_expression(items):
    return (item for position, item in enumerate(items) if position % 2 == 0)


@pytest.mark.parametrize(
    "answer",
    [every_other_with_a_flag, every_other_with_islice, every_other_as_a_generator_expression],
)
def test_ex1_other_correct_styles_pass(answer) -> None:
    assert ex1.evaluate(answer).correct, ex1.evaluate(answer).message


# --- ex2: predict the printout --------------------------------------------------------------------

LINES = PREDICTION_EX2.strip().splitlines()

EX2_WRONG = [
    (
        "\n".join([LINES[1], LINES[0], *LINES[2:]]),
        "line 1 of your prediction",
    ),  # body runs at creation
    ("\n".join(LINES[:-3] + LINES[-1:]), "line 8 of your prediction"),  # no final resume
    (
        "\n".join([l for l in LINES if "resumed" not in l]),
        "line 5 of your prediction",
    ),  # never resumes
    ("\n".join(LINES[:-1]), "your prediction has 9 lines, but the loop prints 10"),
    (["caller: created the generator"], "Write your prediction as a string"),
]


@pytest.mark.parametrize(
    ("prediction", "phrase"),
    EX2_WRONG,
    ids=["body-first", "no-final-resume", "never-resumes", "short", "a-list"],
)
def test_ex2_wrong_predictions(prediction, phrase: str) -> None:
    fails_with(ex2, prediction, phrase)


@pytest.mark.parametrize(
    "prediction",
    [
        "\n".join(LINES),
        "\n".join("        " + line for line in LINES) + "\n    ",
        "\n\n" + "\n".join(line + "  " for line in LINES) + "\n\n",
    ],
    ids=["plain", "indented", "trailing-spaces"],
)
def test_ex2_predictions_in_other_layouts_pass(prediction: str) -> None:
    assert ex2.evaluate(prediction).correct


# --- ex3: triangular_numbers, forever -----------------------------------------------------------


def triangular_stopping_after_1000():  # the example: it must not pass
    total = 0
    for n in range(1, 1_001):
        total += n
        yield total


def triangular_as_a_list():
    return [1, 3, 6]


def triangular_from_zero():
    total = 0
    for n in itertools.count(0):
        total += n
        yield total


def triangular_squares():
    for n in itertools.count(1):
        yield n * n


def triangular_with_the_formula_off_by_one():
    for n in itertools.count(1):
        yield n * (n - 1) // 2


def triangular_that_prints():
    total = 0
    for n in itertools.count(1):
        total += n
        print(total)


EX3_WRONG = [
    (triangular_stopping_after_1000, "stopped before its 10,000th item (it handed out 1,000)"),
    (triangular_as_a_list, "is a list"),
    (triangular_from_zero, "differs from the reference at item 0"),
    (triangular_squares, "differs from the reference at item 1"),
    (triangular_with_the_formula_off_by_one, "differs from the reference at item 0"),
    (triangular_that_prints, "Is there a loop that never ends? (Your code printed"),
]


@pytest.mark.parametrize(("answer", "phrase"), EX3_WRONG, ids=[a.__name__ for a, _ in EX3_WRONG])
def test_ex3_wrong_answers(answer, phrase: str) -> None:
    fails_with(ex3, answer, phrase)


def triangular_with_while():
    n = total = 0
    while True:
        n += 1
        total += n
        yield total


def triangular_by_formula():
    n = 1
    while True:
        yield n * (n + 1) // 2
        n += 1


def triangular_with_accumulate():  # lazy and endless: accepted (see the hints)
    return itertools.accumulate(itertools.count(1))


@pytest.mark.parametrize(
    "answer", [triangular_with_while, triangular_by_formula, triangular_with_accumulate]
)
def test_ex3_other_correct_styles_pass(answer) -> None:
    assert ex3.evaluate(answer).correct


# --- ex4 (issue 15): an iterable class ---


class SelfIterator:
    """Its own iterator: used up after one loop."""

    def __init__(self, start):
        self.current = start

    def __iter__(self):
        return self

    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        self.current -= 1
        return self.current + 1


class ResetsInIter:
    """Its own iterator, rewound by __iter__: two loops in a row work, nested loops do not."""

    def __init__(self, start):
        self.start = start

    def __iter__(self):
        self.current = self.start
        return self

    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        self.current -= 1
        return self.current + 1


class ReturnsAList:
    def __init__(self, start):
        self.start = start

    def __iter__(self):
        return list(range(self.start, 0, -1))


class EagerList:
    def __init__(self, start):
        self.start = start

    def __iter__(self):
        return iter([n for n in range(self.start, 0, -1)])


class CountsToZero:
    def __init__(self, start):
        self.start = start

    def __iter__(self):
        yield from range(self.start, -1, -1)


class MisspelledIter:
    def __init__(self, start):
        self.start = start

    def _iter_(self):
        yield from range(self.start, 0, -1)


class CountsUp:
    def __init__(self, start):
        self.start = start

    def __iter__(self):
        yield from range(1, self.start + 1)


EX4_WRONG = [
    (SelfIterator, "A second loop over the same `Countdown(3)`"),
    (ResetsInIter, "gave 3 pairs instead of 9"),
    (ReturnsAList, "must return an iterator"),
    (EagerList, "builds all 200,000 numbers"),
    (CountsToZero, "should be `[3, 2, 1]`, but it is `[3, 2, 1, 0]`"),
    (MisspelledIter, "exactly `__iter__`"),
    (CountsUp, "should be `[3, 2, 1]`, but it is `[1, 2, 3]`"),
]


@pytest.mark.parametrize(("answer", "phrase"), EX4_WRONG, ids=[w[0].__name__ for w in EX4_WRONG])
def test_ex4_typical_slips(answer, phrase: str) -> None:
    result = ex4.evaluate(answer)
    assert result.status is Status.INCORRECT, result
    assert phrase in result.message, result.message


class WithRange:
    def __init__(self, start):
        self.start = start

    def __iter__(self):
        return iter(range(self.start, 0, -1))  # a range iterator is lazy


class CountdownIterator:
    def __init__(self, start):
        self.current = start

    def __iter__(self):
        return self

    def __next__(self):
        if self.current <= 0:
            raise StopIteration
        self.current -= 1
        return self.current + 1


class WithSeparateIterator:
    """The classic pair: an iterable whose __iter__ makes a new iterator object."""

    def __init__(self, start):
        self.start = start

    def __iter__(self):
        return CountdownIterator(self.start)


class WithYieldFrom:
    def __init__(self, start):
        self.start = start

    def __iter__(self):
        yield from range(self.start, 0, -1)


@pytest.mark.parametrize("answer", [Countdown, WithRange, WithSeparateIterator, WithYieldFrom])
def test_ex4_alternatives_pass(answer) -> None:
    result = ex4.evaluate(answer)
    assert result.status is Status.CORRECT, result.message


def test_ex4_placeholder_reads_not_attempted() -> None:
    class Draft:
        def __init__(self, start):
            self.start = start

        def __iter__(self):
            ____  # noqa: B018  (the notebook's placeholder)

    assert ex4.evaluate(Draft).status is Status.NOT_ATTEMPTED
