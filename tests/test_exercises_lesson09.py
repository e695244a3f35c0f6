"""Lesson 09's exercises: each wrong answer in the tables fails with its phrase, and each
alternative passes.

A table row is (wrong answer, a phrase its message must contain). The answers are written as a
learner would write them, slips included.
"""

from __future__ import annotations

import itertools
import random

import pytest
from exercise_tables import fails_with, passes, table_id

from lessons_lib.exercises.lesson09 import ex1, ex2, ex3, ex4, ex5
from lessons_lib.iterutils import batched

# --- ex1: batch_lists ---------------------------------------------------------------------------


def clears_the_same_list(items, size, drop_last=False):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch.clear()
    if batch and not drop_last:
        yield batch


def loses_the_last_batch(items, size, drop_last=False):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []


def ignores_drop_last(items, size, drop_last=False):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def yields_an_empty_last_batch(items, size, drop_last=False):
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if not drop_last:
        yield batch


def yields_tuples(items, size, drop_last=False):
    for chunk in batched(items, size):
        if drop_last and len(chunk) < size:
            return
        yield chunk


def reads_everything_first(items, size, drop_last=False):
    items = list(items)
    for start in range(0, len(items), size):
        batch = items[start : start + size]
        if len(batch) < size and drop_last:
            return
        yield batch


EX1_WRONG = [
    (reads_everything_first, "Something reads ahead"),
    (clears_the_same_list, "the same list object every time"),
    (loses_the_last_batch, "lost the last, shorter batch"),
    (ignores_drop_last, "kept the last, shorter batch although `drop_last=True`"),
    (yields_an_empty_last_batch, "ends with an empty batch"),
    (yields_tuples, "yielded tuples"),
]


def with_batched(items, size, drop_last=False):
    for chunk in batched(items, size):
        if drop_last and len(chunk) < size:
            break
        yield list(chunk)


def with_islice(items, size, drop_last=False):
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        if len(batch) < size and drop_last:
            return
        yield batch


EX1_RIGHT = [with_batched, with_islice]


@pytest.mark.parametrize(("answer", "phrase"), EX1_WRONG, ids=table_id)
def test_ex1_wrong_answers(answer, phrase) -> None:
    fails_with(ex1, answer, phrase)


@pytest.mark.parametrize("answer", EX1_RIGHT, ids=table_id)
def test_ex1_alternatives(answer) -> None:
    passes(ex1, answer)


# --- ex2: shuffled_index_batches ----------------------------------------------------------------


def not_shuffled(length, batch_size, rng):
    order = list(range(length))
    for start in range(0, length, batch_size):
        yield order[start : start + batch_size]


def shuffles_each_batch(length, batch_size, rng):
    order = list(range(length))
    for start in range(0, length, batch_size):
        batch = order[start : start + batch_size]
        rng.shuffle(batch)
        yield batch


def uses_sample(length, batch_size, rng):
    order = rng.sample(range(length), length)
    for start in range(0, length, batch_size):
        yield order[start : start + batch_size]


def drops_the_remainder(length, batch_size, rng):
    order = list(range(length))
    rng.shuffle(order)
    for start in range(0, length - batch_size + 1, batch_size):
        yield order[start : start + batch_size]


def keeps_shuffles_result(length, batch_size, rng):
    order = rng.shuffle(list(range(length)))
    for start in range(0, length, batch_size):
        yield order[start : start + batch_size]


def yields_tuples_in_order(length, batch_size, rng):
    order = list(range(length))
    rng.shuffle(order)
    for start in range(0, length, batch_size):
        yield tuple(order[start : start + batch_size])


def uses_the_global_shuffle(length, batch_size, rng):
    order = list(range(length))
    random.shuffle(order)
    for start in range(0, length, batch_size):
        yield order[start : start + batch_size]


def makes_its_own_rng(length, batch_size, rng):
    order = list(range(length))
    random.Random(0).shuffle(order)
    for start in range(0, length, batch_size):
        yield order[start : start + batch_size]


EX2_WRONG = [
    (yields_tuples_in_order, "yielded tuples"),
    (uses_the_global_shuffle, "does not use the `rng` passed in"),
    (makes_its_own_rng, "does not use the `rng` passed in"),
    (not_shuffled, "gives the rows in order 0, 1, 2"),
    (shuffles_each_batch, "shuffled each batch on its own"),
    (uses_sample, "in another order than `rng.shuffle(order)`"),
    (drops_the_remainder, "leaves rows out"),
    (keeps_shuffles_result, "returns None"),
]


def with_batched_indices(length, batch_size, rng):
    order = list(range(length))
    rng.shuffle(order)
    yield from (list(batch) for batch in batched(order, batch_size))


def with_while(length, batch_size, rng):
    order = [*range(length)]
    rng.shuffle(order)
    while order:
        yield order[:batch_size]
        order = order[batch_size:]


EX2_RIGHT = [with_batched_indices, with_while]


@pytest.mark.parametrize(("answer", "phrase"), EX2_WRONG, ids=table_id)
def test_ex2_wrong_answers(answer, phrase) -> None:
    fails_with(ex2, answer, phrase)


@pytest.mark.parametrize("answer", EX2_RIGHT, ids=table_id)
def test_ex2_alternatives(answer) -> None:
    passes(ex2, answer)


# --- ex3: batches_per_epoch ---------------------------------------------------------------------


def reuses_one_generator(make_batches, epochs):
    batches = make_batches()
    return [sum(1 for _ in batches) for _ in range(epochs)]


def uses_len(make_batches, epochs):
    return [len(make_batches()) for _ in range(epochs)]


def forgets_to_call(make_batches, epochs):
    return [sum(1 for _ in make_batches) for _ in range(epochs)]


def returns_the_total(make_batches, epochs):
    return sum(sum(1 for _ in make_batches()) for _ in range(epochs))


def counts_one_epoch_only(make_batches, epochs):
    return [sum(1 for _ in make_batches())] * epochs


EX3_WRONG = [
    (counts_one_epoch_only, "the same count for every epoch"),
    (reuses_one_generator, "only the first epoch saw any batches"),
    (uses_len, "a generator has no len()"),
    (forgets_to_call, "call it (`make_batches()`)"),
    (returns_the_total, "returned one number"),
]


def with_a_loop(make_batches, epochs):
    counts = []
    for _ in range(epochs):
        count = 0
        for _batch in make_batches():
            count += 1
        counts.append(count)
    return counts


def with_list(make_batches, epochs):
    return [len(list(make_batches())) for _ in range(epochs)]


def with_map(make_batches, epochs):
    return list(map(lambda _: sum(1 for _ in make_batches()), range(epochs)))


EX3_RIGHT = [with_a_loop, with_list, with_map]


@pytest.mark.parametrize(("answer", "phrase"), EX3_WRONG, ids=table_id)
def test_ex3_wrong_answers(answer, phrase) -> None:
    fails_with(ex3, answer, phrase)


@pytest.mark.parametrize("answer", EX3_RIGHT, ids=table_id)
def test_ex3_alternatives(answer) -> None:
    passes(ex3, answer)


# --- ex4: predict the prefetch error ------------------------------------------------------------

EX4_WRONG = [
    ('trained on row 1\ntrained on row 2\nPrefetchError, caused by ValueError("row 3 is corrupt")'
     "\nrows seen: 2", "Only the quotes differ"),
    ("PrefetchError, caused by ValueError('row 3 is corrupt')\nrows seen: 0", "are not lost"),
    ("trained on row 1\ntrained on row 2\nValueError: row 3 is corrupt\nrows seen: 2",
     "reaches the loop as a PrefetchError"),
    ("trained on row 1\ntrained on row 2\ntrained on row 3\nrows seen: 3", "never arrives"),
    ("trained on row 1\ntrained on row 2\nPrefetchError, caused by ValueError('row 3 is corrupt')"
     "\nrows seen: 3", "line 4 of your prediction"),
]

EX4_RIGHT = [
    "trained on row 1\ntrained on row 2\nPrefetchError, caused by ValueError('row 3 is corrupt')\n"
    "rows seen: 2",
    "\n  trained on row 1\n  trained on row 2\n"
    "  PrefetchError, caused by ValueError('row 3 is corrupt')\n  rows seen: 2\n\n",
]


# --- ex5: predict when the prefetch thread stops -----------------------------------------------

EX5_WRONG = [
    ("after break: 0\nafter close: 0\nwritten in the for line: 0", "does not close the generator"),
    ("after break: 1\nafter close: 1\nwritten in the for line: 0", "none is left afterwards"),
    ("after break: 1\nafter close: 0\nwritten in the for line: 1", "CPython frees it at once"),
]

EX5_RIGHT = [
    "after break: 1\nafter close: 0\nwritten in the for line: 0",
    "\n    after break: 1\n    after close: 0\n    written in the for line: 0\n",
]


# ex4 and ex5 share the two tests: (exercise, prediction[, phrase]) rows.
PREDICTIONS_WRONG = [(ex4, *row) for row in EX4_WRONG] + [(ex5, *row) for row in EX5_WRONG]
PREDICTIONS_RIGHT = [(ex4, row) for row in EX4_RIGHT] + [(ex5, row) for row in EX5_RIGHT]


@pytest.mark.parametrize(("exercise", "prediction", "phrase"), PREDICTIONS_WRONG, ids=table_id)
def test_wrong_predictions(exercise, prediction, phrase) -> None:
    fails_with(exercise, prediction, phrase)


@pytest.mark.parametrize(("exercise", "prediction"), PREDICTIONS_RIGHT, ids=table_id)
def test_right_predictions(exercise, prediction) -> None:
    passes(exercise, prediction)
