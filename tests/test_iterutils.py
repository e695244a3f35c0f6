"""Tests of lessons_lib.iterutils: batching loses nothing, repeats nothing, and reads lazily."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons_lib.exercises import CountingSource
from lessons_lib.iterutils import _batched_with_islice, batched


def test_batches_in_order_with_a_short_last_batch() -> None:
    assert list(batched(range(7), 3)) == [(0, 1, 2), (3, 4, 5), (6,)]


def test_an_exact_multiple_has_no_empty_last_batch() -> None:
    assert list(batched(range(6), 3)) == [(0, 1, 2), (3, 4, 5)]


def test_empty_input_gives_no_batches() -> None:
    assert list(batched([], 3)) == []


@pytest.mark.parametrize("size", [0, -1, -10])
def test_size_below_one_is_a_clear_value_error_at_call_time(size: int) -> None:
    with pytest.raises(ValueError, match=r"batch size must be at least 1, got -?\d+"):
        batched([1, 2, 3], size)  # no next() needed: the error comes at once


@pytest.mark.parametrize("size", [2.0, "3", None, True])
def test_size_of_the_wrong_type_is_a_type_error(size: object) -> None:
    with pytest.raises(TypeError, match="batch size must be an int"):
        batched([1, 2, 3], size)  # type: ignore[arg-type]


def test_reads_only_one_batch_ahead() -> None:
    source = CountingSource(itertools.count())
    batches = batched(source, 5)
    assert next(batches) == (0, 1, 2, 3, 4)
    assert source.pulled == 5
    assert next(batches) == (5, 6, 7, 8, 9)
    assert source.pulled == 10


def test_a_one_shot_iterator_is_batched_once() -> None:
    assert list(batched(iter("abcde"), 2)) == [("a", "b"), ("c", "d"), ("e",)]


@given(st.lists(st.integers()), st.integers(min_value=1, max_value=20))
def test_batching_loses_and_duplicates_nothing(items: list[int], size: int) -> None:
    batches = list(batched(items, size))
    assert [item for batch in batches for item in batch] == items
    assert all(len(batch) == size for batch in batches[:-1])
    assert all(1 <= len(batch) <= size for batch in batches)
    assert len(batches) == -(-len(items) // size)  # ceiling division


@given(st.lists(st.integers()), st.integers(min_value=1, max_value=20))
def test_the_fallback_agrees_with_the_public_function(items: list[int], size: int) -> None:
    """The islice version (used before Python 3.12) gives the same batches, on any version."""
    assert list(_batched_with_islice(iter(items), size)) == list(batched(items, size))
