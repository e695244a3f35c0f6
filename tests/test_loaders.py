"""The batch loaders, the shuffle buffer and the Loader: properties over many inputs (hypothesis),
then the epoch behaviour the lesson relies on."""

from __future__ import annotations

import threading

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons_lib.loaders import (
    ArrayDataset,
    Loader,
    array_batches,
    batches,
    index_batches,
    shuffle_buffer,
)

lengths = st.integers(min_value=0, max_value=300)
sizes = st.integers(min_value=1, max_value=70)
seeds = st.integers(min_value=0, max_value=2**32 - 1)


def expected_sizes(length: int, size: int, drop_last: bool) -> list[int]:
    whole, rest = divmod(length, size)
    return [size] * whole + ([rest] if rest and not drop_last else [])


@settings(deadline=None)  # a shared, loaded machine must not fail a property on time
@given(st.lists(st.integers()), sizes, st.booleans())
def test_batches_keep_every_item_in_order_with_the_right_sizes(items, size, drop_last) -> None:
    got = list(batches(iter(items), size, drop_last=drop_last))
    assert [len(batch) for batch in got] == expected_sizes(len(items), size, drop_last)
    joined = [item for batch in got for item in batch]
    kept = len(items) - (len(items) % size if drop_last else 0)
    assert joined == items[:kept]  # drop_last drops exactly the remainder, nothing else
    assert all(type(batch) is list for batch in got)


@settings(deadline=None)  # a shared, loaded machine must not fail a property on time
@given(lengths, sizes, st.booleans(), st.booleans(), seeds)
def test_index_batches_cover_every_row_once_per_epoch(
    length, size, shuffle, drop_last, seed
) -> None:
    got = list(index_batches(length, size, shuffle=shuffle, seed=seed, drop_last=drop_last))
    assert [len(batch) for batch in got] == expected_sizes(length, size, drop_last)
    rows = np.concatenate(got) if got else np.array([], dtype=int)
    assert len(set(rows.tolist())) == len(rows)  # no row twice
    if not drop_last:
        assert sorted(rows.tolist()) == list(range(length))  # every row once
    if not shuffle:
        assert rows.tolist() == list(range(len(rows)))


@settings(deadline=None)  # a shared, loaded machine must not fail a property on time
@given(lengths, sizes, seeds)
def test_the_same_seed_gives_the_same_order(length, size, seed) -> None:
    def order(seed_value):
        return [b.tolist() for b in index_batches(length, size, shuffle=True, seed=seed_value)]

    assert order(seed) == order(seed)
    first = [
        b.tolist()
        for b in index_batches(length, size, shuffle=True, seed=np.random.default_rng(seed))
    ]
    assert first == order(seed)  # an int seed and a fresh Generator with that seed agree


def test_different_seeds_and_epochs_give_different_orders() -> None:
    assert [b.tolist() for b in index_batches(50, 50, shuffle=True, seed=1)] != [
        b.tolist() for b in index_batches(50, 50, shuffle=True, seed=2)
    ]
    rng = np.random.default_rng(0)
    epochs = [np.concatenate(list(index_batches(50, 7, shuffle=True, seed=rng))) for _ in range(2)]
    assert epochs[0].tolist() != epochs[1].tolist()
    assert sorted(epochs[0].tolist()) == sorted(epochs[1].tolist()) == list(range(50))


@settings(deadline=None)  # a shared, loaded machine must not fail a property on time
@given(lengths, sizes, st.booleans(), seeds)
def test_array_batches_pair_the_rows_of_every_array(length, size, drop_last, seed) -> None:
    x = np.arange(length) * 10
    y = np.arange(length)
    got = list(
        array_batches(ArrayDataset(x, y), size, shuffle=True, seed=seed, drop_last=drop_last)
    )
    assert [len(bx) for bx, _ in got] == expected_sizes(length, size, drop_last)
    for bx, by in got:
        assert (bx == by * 10).all()


@settings(deadline=None)  # a shared, loaded machine must not fail a property on time
@given(st.lists(st.integers()), sizes, seeds)
def test_shuffle_buffer_yields_a_permutation(items, size, seed) -> None:
    got = list(shuffle_buffer(iter(items), size, seed=seed))
    assert sorted(got) == sorted(items)
    assert got == list(shuffle_buffer(items, size, seed=seed))  # seeded: reproducible


@settings(deadline=None)  # a shared, loaded machine must not fail a property on time
@given(st.integers(min_value=1, max_value=200), sizes, seeds)
def test_shuffle_buffer_moves_an_item_at_most_buffer_size_earlier(length, size, seed) -> None:
    got = list(shuffle_buffer(range(length), size, seed=seed))
    assert all(position >= item - size for position, item in enumerate(got))


def test_shuffle_buffer_of_one_keeps_the_order_and_a_big_one_mixes_it() -> None:
    assert list(shuffle_buffer(range(20), 1, seed=0)) == list(range(20))
    assert list(shuffle_buffer(range(20), 20, seed=0)) != list(range(20))


def test_shuffle_buffer_is_lazy_on_an_endless_stream() -> None:
    import itertools

    got = list(itertools.islice(shuffle_buffer(itertools.count(), 10, seed=0), 5))
    assert len(got) == 5 and max(got) < 15


def test_a_reused_generator_gives_an_empty_second_epoch_but_a_loader_does_not() -> None:
    data = ArrayDataset(np.arange(10))
    once = array_batches(data, 4)
    assert len(list(once)) == 3
    assert list(once) == []  # the silent trap: an exhausted generator is empty
    loader = Loader(data, 4, shuffle=True, seed=0)
    epochs = [[x.tolist() for (x,) in loader] for _ in range(3)]
    assert all(len(epoch) == 3 for epoch in epochs)
    assert epochs[0] != epochs[1]
    again = Loader(data, 4, shuffle=True, seed=0)
    assert [[x.tolist() for (x,) in again] for _ in range(3)] == epochs  # seeded: reproducible


@pytest.mark.parametrize("length", [0, 1, 9, 10, 11])
def test_loader_len_counts_the_batches_it_yields(length) -> None:
    for drop_last in (False, True):
        loader = Loader(ArrayDataset(np.zeros(length)), 5, drop_last=drop_last)
        assert len(loader) == len(list(loader))


def test_loader_with_prefetch_gives_the_same_batches_and_close_stops_the_thread() -> None:
    data = ArrayDataset(np.arange(100))
    plain = [x.tolist() for (x,) in Loader(data, 8, shuffle=True, seed=3)]
    before = set(threading.enumerate())
    loader = Loader(data, 8, shuffle=True, seed=3, prefetch=2)
    assert [x.tolist() for (x,) in loader] == plain
    epoch = iter(loader)
    next(epoch)
    loader.close()
    assert set(threading.enumerate()) <= before
    with pytest.raises(RuntimeError, match="was closed"):
        iter(loader)
