"""Lesson 08's exercises: each wrong answer in the tables fails with its phrase, and each
alternative (written in another style than the reference) passes."""

from __future__ import annotations

import bisect
import heapq
import itertools
from collections import deque

import numpy as np
import pytest

from lessons_lib.exercises.lesson08 import (
    PREDICTION_EX3,
    ex1,
    ex2,
    ex3,
    ex3_program,
    ex4,
)
from tests.exercise_tables import fails_with, passes, table_id

# --- ex1: moving_average -----------------------------------------------------------------------


def average_from_the_start(numbers, window):  # partial windows at the start
    recent = deque(maxlen=window)
    for number in numbers:
        recent.append(number)
        yield sum(recent) / len(recent)


def average_of_everything(numbers, window):  # state grows: every number so far
    seen = []
    for number in numbers:
        seen.append(number)
        if len(seen) >= window:
            yield sum(seen) / len(seen)


def sums_not_averages(numbers, window):
    recent = deque(maxlen=window)
    for number in numbers:
        recent.append(number)
        if len(recent) == window:
            yield sum(recent)


def average_keeping_everything(numbers, window):  # right averages, but the list grows (review)
    seen = []
    for number in numbers:
        seen.append(number)
        if len(seen) >= window:
            yield sum(seen[-window:]) / window


def average_one_too_many(numbers, window):  # right averages, one number more than needed
    recent = deque(maxlen=window + 1)
    for number in numbers:
        recent.append(number)
        if len(recent) >= window:
            yield sum(list(recent)[-window:]) / window


def average_into_a_list(numbers, window):  # eager: reads everything first
    numbers = list(numbers)
    return [sum(numbers[i - window : i]) / window for i in range(window, len(numbers) + 1)]


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (average_from_the_start, "starts too early"),
        (average_of_everything, "averages every number so far"),
        (sums_not_averages, "sums of the windows, not their averages"),
        (average_into_a_list, "is a list, built all at once"),
        (average_keeping_everything, "`seen` holds 10,003 items, more than 4"),
        (average_one_too_many, "`recent` holds 5 items, more than 4"),
    ],
    ids=table_id,
)
def test_ex1_slips(answer, phrase) -> None:
    fails_with(ex1, answer, phrase)


def average_with_a_running_sum(numbers, window):  # add the new number, subtract the one leaving
    recent = deque()
    total = 0
    for number in numbers:
        recent.append(number)
        total += number
        if len(recent) > window:
            total -= recent.popleft()
        if len(recent) == window:
            yield total / window


def average_with_a_list_slice(numbers, window):
    recent = []
    for number in numbers:
        recent = (recent + [number])[-window:]
        if len(recent) == window:
            yield sum(recent) / window


def average_with_tee_and_islice(numbers, window):  # itertools, no deque
    iterators = itertools.tee(numbers, window)
    for offset, iterator in enumerate(iterators):
        next(itertools.islice(iterator, offset, offset), None)
    for group in zip(*iterators):
        yield sum(group) / window


@pytest.mark.parametrize(
    "answer", [average_with_a_running_sum, average_with_a_list_slice, average_with_tee_and_islice],
    ids=table_id,
)
def test_ex1_alternatives(answer) -> None:
    passes(ex1, answer)


# --- ex2: top_n ----------------------------------------------------------------------------------


def top_n_unsorted(n):
    heap = []
    while True:
        number = yield list(heap)
        if len(heap) < n:
            heapq.heappush(heap, number)
        else:
            heapq.heappushpop(heap, number)


def top_n_keeps_everything(n):
    seen = []
    while True:
        number = yield sorted(seen, reverse=True)
        seen.append(number)


def top_n_smallest(n):
    kept = []
    while True:
        number = yield sorted(kept, reverse=True)
        kept = sorted(kept + [number])[:n]


def top_n_with_nlargest(n):  # right replies, but keeps every number (review)
    seen = []
    while True:
        number = yield heapq.nlargest(n, seen)
        seen.append(number)


def top_n_sorts_everything(n):  # right replies, keeps every number
    seen = []
    while True:
        number = yield sorted(seen, reverse=True)[:n]
        seen.append(number)


def top_n_three(n):  # 3 written where n belongs (review)
    heap = []
    while True:
        number = yield sorted(heap, reverse=True)
        if len(heap) < 3:
            heapq.heappush(heap, number)
        else:
            heapq.heappushpop(heap, number)


def top_n_ascending(n):
    heap = []
    while True:
        number = yield sorted(heap)
        if len(heap) < n:
            heapq.heappush(heap, number)
        else:
            heapq.heappushpop(heap, number)


def top_n_silent(n):
    heap = []
    while True:
        number = yield
        heapq.heappush(heap, number)


def top_n_once(n):
    heap = []
    number = yield sorted(heap, reverse=True)
    heapq.heappush(heap, number)
    yield sorted(heap, reverse=True)


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (top_n_unsorted, "`sorted(heap, reverse=True)`"),
        (top_n_keeps_everything, "more than the n largest"),
        (top_n_with_nlargest, "`seen` holds 2,000 items, more than 3"),
        (top_n_sorts_everything, "`seen` holds 2,000 items, more than 3"),
        (top_n_three, "Did you write 3 where `n` belongs?"),
        (top_n_ascending, "smallest first: the numbers are right"),
        (top_n_smallest, "kept the smallest numbers"),
        (top_n_silent, "gave None"),
        (top_n_once, "top_n returned instead of waiting for the next number"),
    ],
    ids=table_id,
)
def test_ex2_slips(answer, phrase) -> None:
    fails_with(ex2, answer, phrase)


def top_n_with_bisect(n):  # a list kept sorted with bisect.insort, cut to n
    best = []
    while True:
        number = yield best[::-1]
        bisect.insort(best, number)
        if len(best) > n:
            del best[0]


def top_n_with_a_sorted_list(n):
    best = []
    while True:
        number = yield list(best)
        best = sorted(best + [number], reverse=True)[:n]


@pytest.mark.parametrize(
    "answer", [top_n_with_bisect, top_n_with_a_sorted_list], ids=table_id
)
def test_ex2_alternatives(answer) -> None:
    passes(ex2, answer)


# --- ex3: prediction ---------------------------------------------------------------------------


def test_ex3_truth_is_what_the_program_prints(capsys) -> None:
    ex3_program()
    assert capsys.readouterr().out.strip() == PREDICTION_EX3.strip()


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        ("numbers: 1\nnumbers: 2\nnumbers: 3\nnumbers: 4\nevens: 2\nevens: 4\ngot 2\ndone",
         "Only two numbers are ever read"),
        ("numbers: 1\nevens: 1\nnumbers: 2\nevens: 2\ngot 2\nevens: closed\nnumbers: closed\ndone",
         "'evens: 1' is never printed"),
        ("numbers: 1\nnumbers: 2\nevens: 2\ngot 2\nnumbers: closed\nevens: closed\ndone",
         "from the last to the first"),
        ("got 2\nnumbers: 1\nnumbers: 2\nevens: 2\nevens: closed\nnumbers: closed\ndone",
         "'got 2' comes after the stages have worked"),
        ("numbers: 1\nnumbers: 2\nevens: 2\ngot 2\ndone\nevens: closed\nnumbers: closed",
         "before 'done'"),
        ("numbers: 1\nnumbers: 2\nevens: 2\ngot 2\ndone",
         "`finally` lines are missing"),
    ],
    ids=lambda value: value[:30] if isinstance(value, str) else value,
)
def test_ex3_slips(answer, phrase) -> None:
    fails_with(ex3, answer, phrase)


@pytest.mark.parametrize(
    "answer",
    [
        PREDICTION_EX3,
        "  numbers: 1\nnumbers: 2  \nevens: 2\ngot 2\nevens: closed\nnumbers: closed\ndone\n\n",
    ],
    ids=["exact", "extra spaces and blank lines"],
)
def test_ex3_alternatives(answer) -> None:
    passes(ex3, answer)


# --- ex4: one_hot ------------------------------------------------------------------------------


def one_hot_float64(labels, classes):
    encoded = np.zeros((len(labels), classes))
    encoded[np.arange(len(labels)), labels] = 1
    return encoded


def one_hot_transposed(labels, classes):
    encoded = np.zeros((classes, len(labels)), dtype=np.float32)
    encoded[labels, np.arange(len(labels))] = 1
    return encoded


def one_hot_all_zeros(labels, classes):
    return np.zeros((len(labels), classes), dtype=np.float32)


def one_hot_off_by_one(labels, classes):
    encoded = np.zeros((len(labels), classes), dtype=np.float32)
    encoded[np.arange(len(labels)), np.asarray(labels, dtype=int) - 1] = 1
    return encoded


def one_hot_int64(labels, classes):
    encoded = np.zeros((len(labels), classes), dtype=np.int64)
    encoded[np.arange(len(labels)), labels] = 1
    return encoded


def one_hot_bool(labels, classes):
    return np.asarray(labels, dtype=int).reshape(-1, 1) == np.arange(classes)


def one_hot_eye_of_an_array(labels, classes):  # np.asarray([]) is float64: fails on [] (review)
    return np.eye(classes, dtype=np.float32)[np.asarray(labels)]


def one_hot_as_lists(labels, classes):
    return [[1.0 if column == label else 0.0 for column in range(classes)] for label in labels]


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (one_hot_float64, "dtype float64: ask for float32"),
        (one_hot_transposed, "Swap the two sizes"),
        (one_hot_all_zeros, "is all zeros"),
        (one_hot_off_by_one, "one column too far left"),
        (one_hot_as_lists, "return a NumPy array"),
        (one_hot_int64, "dtype int64: ask for float32"),
        (one_hot_bool, "A comparison gives bools"),
        (one_hot_eye_of_an_array, "For `one_hot([], 2)`"),
    ],
    ids=table_id,
)
def test_ex4_slips(answer, phrase) -> None:
    fails_with(ex4, answer, phrase)


def one_hot_with_eye(labels, classes):
    return np.eye(classes, dtype=np.float32)[labels]


def one_hot_by_comparison(labels, classes):  # broadcasting: each label against every class
    return (np.asarray(labels).reshape(-1, 1) == np.arange(classes)).astype(np.float32)


def one_hot_with_a_loop(labels, classes):
    encoded = np.zeros((len(labels), classes), dtype=np.float32)
    for row, label in enumerate(labels):
        encoded[row, label] = 1.0
    return encoded


@pytest.mark.parametrize(
    "answer", [one_hot_with_eye, one_hot_by_comparison, one_hot_with_a_loop], ids=table_id
)
def test_ex4_alternatives(answer) -> None:
    passes(ex4, answer)
