"""Lesson 01's exercises: typical wrong answers get the targeted message."""

from __future__ import annotations

import itertools

from lessons_lib.exercises.lesson01 import PREDICTION_EX2, ex1, ex2, ex3


def test_every_other_as_a_list_is_named() -> None:
    result = ex1.evaluate(lambda items: list(items)[::2])
    assert not result.correct
    assert "is a list, built all at once" in result.message


def test_every_other_that_reads_everything_first_is_eager() -> None:
    def eager(items):
        yield from list(items)[::2]

    result = ex1.evaluate(eager)
    assert "reads ahead" in result.message


def test_every_other_wrong_positions() -> None:
    def odd_positions(items):
        for position, item in enumerate(items):
            if position % 2:
                yield item

    assert "should be `['a', 'c', 'e']`" in ex1.evaluate(odd_positions).message


def test_prediction_that_runs_the_body_at_creation_fails_on_line_1() -> None:
    lines = PREDICTION_EX2.strip().splitlines()
    body_first = "\n".join([lines[1], lines[0], *lines[2:]])
    result = ex2.evaluate(body_first)
    assert "line 1 of your prediction" in result.message


def test_prediction_missing_the_final_resume_fails() -> None:
    lines = PREDICTION_EX2.strip().splitlines()
    result = ex2.evaluate("\n".join(lines[:-3] + lines[-1:]))
    assert not result.correct


def test_triangular_that_stops_is_caught() -> None:
    def finite():
        yield from itertools.accumulate(range(1, 20))

    assert "stopped before its 10,000th" in ex3.evaluate(finite).message


def test_triangular_that_returns_a_list_is_caught() -> None:
    assert "is a list" in ex3.evaluate(lambda: [1, 3, 6]).message


def test_every_other_by_indexing_is_told_about_iterators() -> None:
    def by_slicing(items):
        yield from items[::2]

    def by_index(items):
        for i in range(0, len(items), 2):
            yield items[i]

    for answer in (by_slicing, by_index):
        message = ex1.evaluate(answer).message
        assert "an iterator has no len() and cannot be indexed" in message
