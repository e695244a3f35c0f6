"""Lesson 04's exercises: the references pass, and typical wrong answers get the targeted message."""

from __future__ import annotations

import gc
import warnings


from lessons_lib.exercises.lesson04 import (
    PREDICTION_EX3,
    check_log,
    ex1,
    ex2,
    ex3,
    ex4,
    response_sizes,
)
from lessons_lib.memory import tracemalloc_peak
from lessons_lib.readers import read_lines


def test_the_check_log_is_big_enough_for_the_budget() -> None:
    sizes = list(response_sizes(check_log()))
    assert len(sizes) > 40_000  # a list of that many ints needs well over the 1 MiB budget
    assert 0 in sizes  # some requests sent no body ('-')


# --- ex1: response_sizes ---------------------------------------------------------------------------


def _size_field(line: str) -> str:
    return line.split('"')[2].split()[1]


def test_ex1_a_list_is_named() -> None:
    def as_list(path):
        return [
            0 if _size_field(line) == "-" else int(_size_field(line)) for line in read_lines(path)
        ]

    assert "is a list, built all at once" in ex1.evaluate(as_list).message


def test_ex1_the_dash_gets_a_targeted_hint() -> None:
    def no_dash(path):
        for line in read_lines(path):
            yield int(_size_field(line))

    message = ex1.evaluate(no_dash).message
    assert "sent no body" in message and "Count those as 0" in message


def test_ex1_reading_everything_first_is_caught() -> None:
    def eager(path):
        with open(path) as f:
            lines = f.readlines()
        for line in lines:
            size = _size_field(line)
            yield 0 if size == "-" else int(size)

    assert "it reads everything first" in ex1.evaluate(eager).message


def test_ex1_a_file_left_open_is_caught() -> None:
    def leaky(path):
        f = open(path)  # noqa: SIM115 - the mistake under test
        for line in f:
            size = _size_field(line)
            yield 0 if size == "-" else int(size)

    with warnings.catch_warnings():  # the leaked files warn when they are collected: expected here
        warnings.simplefilter("ignore", ResourceWarning)
        message = ex1.evaluate(leaky).message
        gc.collect()
    assert "left" in message and "open after it was stopped early" in message


def test_ex1_the_status_instead_of_the_size_is_wrong() -> None:
    def statuses(path):
        for line in read_lines(path):
            yield int(line.split('"')[2].split()[0])

    assert "the first five sizes should be" in ex1.evaluate(statuses).message


def test_ex1_skipping_dashes_loses_requests() -> None:
    def skips(path):
        for line in read_lines(path):
            size = _size_field(line)
            if size != "-":
                yield int(size)

    assert (
        "one size per line" in ex1.evaluate(skips).message
        or "first five" in ex1.evaluate(skips).message
    )


# --- ex2: total_bytes under a memory budget ----------------------------------------------------------


def test_ex2_readlines_is_over_budget_and_named() -> None:
    def with_readlines(path):
        with open(path) as f:
            lines = f.readlines()
        return sum(0 if _size_field(line) == "-" else int(_size_field(line)) for line in lines)

    message = ex2.evaluate(with_readlines).message
    assert "the budget is 1024 KiB" in message and "readlines() is not lazy" in message


def test_ex2_read_is_over_budget_and_named() -> None:
    def with_read(path):
        with open(path) as f:
            text = f.read()
        return sum(
            0 if _size_field(line) == "-" else int(_size_field(line)) for line in text.splitlines()
        )

    assert "f.read() pulls the whole file" in ex2.evaluate(with_read).message


def test_ex2_a_list_inside_sum_is_over_budget_and_named() -> None:
    def brackets(path):
        return sum(
            [0 if _size_field(line) == "-" else int(_size_field(line)) for line in read_lines(path)]
        )

    assert "square brackets inside sum([...])" in ex2.evaluate(brackets).message


def test_ex2_returning_the_generator_is_caught() -> None:
    assert "returned an iterator" in ex2.evaluate(lambda path: response_sizes(path)).message


def test_ex2_a_wrong_total_is_caught() -> None:
    def counts_lines(path):
        return sum(1 for _ in read_lines(path))

    assert "total_bytes(log) should be" in ex2.evaluate(counts_lines).message


# --- ex3: the prediction --------------------------------------------------------------------------


def test_ex3_believing_getsizeof_fails_on_line_2() -> None:
    assert "line 2 of your prediction" in ex3.evaluate("True\nTrue\nTrue").message


def test_ex3_believing_creation_computes_fails_on_line_3() -> None:
    assert "line 3 of your prediction" in ex3.evaluate("True\nFalse\nFalse").message


def test_ex3_reference_prediction_is_three_lines() -> None:
    assert PREDICTION_EX3.split() == ["True", "False", "True"]


# --- ex4: measuring the work, not the creation ---------------------------------------------------------


def test_ex4_measuring_only_creation_is_named() -> None:
    def creation_only(path):
        _, peak = tracemalloc_peak(lambda: read_lines(path))
        return peak

    assert "what *creating* the generator costs" in ex4.evaluate(creation_only).message


def test_ex4_returning_the_tuple_is_named() -> None:
    assert (
        "returned a tuple"
        in ex4.evaluate(
            lambda path: tracemalloc_peak(lambda: sum(1 for _ in read_lines(path)))
        ).message
    )


def test_ex4_an_eager_read_is_named() -> None:
    def eager(path):
        _, peak = tracemalloc_peak(lambda: len(list(read_lines(path))))
        return peak

    assert "every line was held at once" in ex4.evaluate(eager).message
