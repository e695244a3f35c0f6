"""Mini-batch loaders built from generators (lesson 09).

Three ways to cut a dataset into batches, from the most general to the fastest:

- :func:`batches` takes any iterable, a stream included, and hands out lists;
- :func:`index_batches` cuts ``range(length)``, shuffled or not, into NumPy index arrays;
- :func:`array_batches` uses those index arrays on a *map-style* dataset (one with
  ``__len__`` and ``__getitem__``, such as :class:`ArrayDataset`), so a batch of 64 rows
  is one NumPy fancy-indexing call instead of 64 Python steps.

A stream (a generator over a file, of unknown length) cannot be shuffled as a whole:
:func:`shuffle_buffer` mixes it within a window of ``buffer_size`` items.  :class:`Loader`
bundles the options, and gives a fresh generator for every epoch.

>>> data = ArrayDataset(np.arange(10) * 10, np.arange(10) % 2)
>>> for x, y in array_batches(data, 4):
...     print(x, y)
[ 0 10 20 30] [0 1 0 1]
[40 50 60 70] [0 1 0 1]
[80 90] [0 1]
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Iterator, Sized
from typing import Any, Protocol, TypeVar

import numpy as np

from lessons_lib.iterutils import batched
from lessons_lib.prefetch import prefetch

__all__ = ["ArrayDataset", "Loader", "array_batches", "batches", "index_batches", "shuffle_buffer"]

T = TypeVar("T")
Seed = int | np.random.Generator | None


class MapDataset(Protocol):
    """What :func:`array_batches` needs: a length, and rows by an array of indices."""

    def __len__(self) -> int: ...

    def __getitem__(self, index: Any) -> Any: ...


def _check_size(value: Any, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be a whole number, got {type(value).__name__} {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}; ask for 1 or more items")
    return int(value)


def _check_flag(value: Any, name: str) -> bool:
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False, got {value!r}")
    return value


def _rng(seed: Seed) -> np.random.Generator:
    """``seed`` as a NumPy generator: an int makes a new one, a Generator is used (and advanced)."""
    if isinstance(seed, np.random.Generator):
        return seed
    if seed is None or (isinstance(seed, (int, np.integer)) and not isinstance(seed, bool)):
        return np.random.default_rng(seed)
    raise TypeError(
        f"seed must be an int, a numpy.random.Generator or None, got {type(seed).__name__} {seed!r}"
    )


def batches(
    iterable: Iterable[T], batch_size: int, *, drop_last: bool = False
) -> Iterator[list[T]]:
    """Lists of ``batch_size`` items from ``iterable``; the last one may be shorter.

    Lazy (it works on streams), built on :func:`lessons_lib.iterutils.batched`.
    ``drop_last=True`` leaves out a last batch that is short, as training loops often do
    so that every step sees the same number of examples.

    >>> list(batches("abcdefg", 3))
    [['a', 'b', 'c'], ['d', 'e', 'f'], ['g']]
    >>> list(batches("abcdefg", 3, drop_last=True))
    [['a', 'b', 'c'], ['d', 'e', 'f']]
    """
    size = _check_size(batch_size, "batch_size")
    _check_flag(drop_last, "drop_last")
    return _lists(batched(iterable, size), size, drop_last)


def _lists(chunks: Iterator[tuple[T, ...]], size: int, drop_last: bool) -> Iterator[list[T]]:
    for chunk in chunks:
        if drop_last and len(chunk) < size:
            return
        yield list(chunk)


def index_batches(
    length: int,
    batch_size: int,
    *,
    shuffle: bool = False,
    seed: Seed = None,
    drop_last: bool = False,
) -> Iterator[np.ndarray]:
    """Arrays of row numbers ``0 .. length-1``, ``batch_size`` at a time, for one epoch.

    With ``shuffle=True`` the order is a permutation drawn from ``seed``: the same int gives
    the same order; one ``numpy.random.Generator`` passed to every epoch gives a new order
    each epoch, reproducibly.  The batches are slices of one index array, so this does no
    Python work per row (which is why it does not use :func:`batches`).

    >>> [batch.tolist() for batch in index_batches(5, 2)]
    [[0, 1], [2, 3], [4]]
    >>> [batch.tolist() for batch in index_batches(5, 2, shuffle=True, seed=0, drop_last=True)]
    [[2, 4], [3, 0]]
    """
    if isinstance(length, bool) or not isinstance(length, (int, np.integer)) or length < 0:
        raise ValueError(
            f"length must be a whole number 0 or more (the number of rows), got {length!r}"
        )
    size = _check_size(batch_size, "batch_size")
    order = _rng(seed).permutation(length) if _check_flag(shuffle, "shuffle") else np.arange(length)
    stop = length - length % size if _check_flag(drop_last, "drop_last") else length
    return (order[start : start + size] for start in range(0, stop, size))


def array_batches(
    dataset: MapDataset,
    batch_size: int,
    *,
    shuffle: bool = False,
    seed: Seed = None,
    drop_last: bool = False,
) -> Iterator[Any]:
    """``dataset[indices]`` for each array of :func:`index_batches` over ``len(dataset)``.

    ``dataset`` is map-style: it has ``__len__`` and a ``__getitem__`` that takes an array of
    row numbers (a NumPy array, an :class:`ArrayDataset`, or your own class over files).

    >>> x = np.arange(12).reshape(6, 2)
    >>> [b.tolist() for b in array_batches(x, 4)]
    [[[0, 1], [2, 3], [4, 5], [6, 7]], [[8, 9], [10, 11]]]
    """
    if not isinstance(dataset, Sized) or not hasattr(dataset, "__getitem__"):
        raise TypeError(
            f"array_batches needs a map-style dataset with __len__ and __getitem__ (an array, an "
            f"ArrayDataset), got {type(dataset).__name__}; for a stream of unknown length use "
            "batches(), with shuffle_buffer() to mix it"
        )
    indices = index_batches(
        len(dataset), batch_size, shuffle=shuffle, seed=seed, drop_last=drop_last
    )
    return (dataset[index] for index in indices)


class ArrayDataset:
    """A map-style dataset over arrays with the same number of rows: ``ds[i]`` is a tuple of rows.

    >>> ds = ArrayDataset(np.zeros((3, 2)), np.array([7, 8, 9]))
    >>> len(ds), ds[np.array([2, 0])][1]
    (3, array([9, 7]))
    """

    def __init__(self, *arrays: Any) -> None:
        if not arrays:
            raise TypeError("ArrayDataset needs at least one array, e.g. ArrayDataset(x, y)")
        self.arrays = tuple(np.asarray(array) for array in arrays)
        lengths = [len(array) if array.ndim else -1 for array in self.arrays]
        if min(lengths) < 0 or len(set(lengths)) > 1:
            raise ValueError(
                f"ArrayDataset's arrays must have the same number of rows, got {lengths}; "
                "pass arrays whose first dimension matches (x with one row per label in y)"
            )

    def __len__(self) -> int:
        return len(self.arrays[0])

    def __getitem__(self, index: Any) -> tuple[Any, ...]:
        return tuple(array[index] for array in self.arrays)


def shuffle_buffer(
    iterable: Iterable[T], buffer_size: int, *, seed: int | None = None
) -> Iterator[T]:
    """The items of a stream in a mixed order, holding at most ``buffer_size`` of them.

    The first ``buffer_size`` items fill the buffer; then each new item takes the place of
    one picked at random, which is yielded.  Every item comes out exactly once, but an item
    can only move about ``buffer_size`` places earlier: a small buffer on a stream sorted
    by class still gives batches of mostly one class.

    >>> list(shuffle_buffer(range(8), 3, seed=1))
    [0, 2, 3, 1, 5, 7, 4, 6]
    """
    size = _check_size(buffer_size, "buffer_size")
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)):
        raise TypeError(f"seed must be an int or None, got {type(seed).__name__} {seed!r}")
    try:
        iterator = iter(iterable)
    except TypeError:
        raise TypeError(
            f"shuffle_buffer needs an iterable (a generator, a list ...), not {iterable!r}"
        ) from None
    return _shuffled(iterator, size, random.Random(seed))


def _shuffled(iterator: Iterator[T], size: int, rng: random.Random) -> Iterator[T]:
    buffer: list[T] = []
    for item in iterator:
        if len(buffer) < size:
            buffer.append(item)
            continue
        pick = rng.randrange(size)
        yield buffer[pick]
        buffer[pick] = item
    rng.shuffle(buffer)
    yield from buffer


class Loader:
    """Batches of a map-style dataset, epoch after epoch: each ``iter(loader)`` is a new epoch.

    Like ``torch.utils.data.DataLoader`` at its core: :func:`array_batches` with the options
    kept, one seeded generator that gives every epoch its own order, and optionally a
    background thread (:func:`lessons_lib.prefetch.prefetch`) that loads ``prefetch`` batches
    ahead.  ``close()`` stops the current epoch; a closed loader refuses to start another.

    >>> loader = Loader(ArrayDataset(np.arange(5)), 2, shuffle=True, seed=0)
    >>> len(loader), [[x.tolist() for (x,) in loader] for epoch in range(2)]
    (3, [[[2, 4], [3, 0], [1]], [[4, 1], [2, 0], [3]]])
    """

    def __init__(
        self,
        dataset: MapDataset,
        batch_size: int,
        *,
        shuffle: bool = False,
        seed: Seed = None,
        drop_last: bool = False,
        prefetch: int = 0,
    ) -> None:
        if not isinstance(dataset, Sized):
            raise TypeError(
                f"Loader needs a map-style dataset with __len__ (an ArrayDataset), got "
                f"{type(dataset).__name__}; for a stream use batches() and prefetch()"
            )
        self.dataset = dataset
        self.batch_size = _check_size(batch_size, "batch_size")
        self.shuffle = _check_flag(shuffle, "shuffle")
        self.drop_last = _check_flag(drop_last, "drop_last")
        if isinstance(prefetch, bool) or not isinstance(prefetch, int) or prefetch < 0:
            raise ValueError(
                f"prefetch must be 0 (no thread) or a number of batches, got {prefetch!r}"
            )
        self.prefetch = prefetch
        self._rng = _rng(seed)
        self._epoch: Iterator[Any] | None = None
        self.closed = False

    def __len__(self) -> int:
        whole, rest = divmod(len(self.dataset), self.batch_size)
        return whole + (rest > 0 and not self.drop_last)

    def __iter__(self) -> Iterator[Any]:
        if self.closed:
            raise RuntimeError("this Loader was closed; make a new Loader to read the data again")
        self._close_epoch()
        epoch = array_batches(
            self.dataset,
            self.batch_size,
            shuffle=self.shuffle,
            seed=self._rng,
            drop_last=self.drop_last,
        )
        self._epoch = prefetch(epoch, self.prefetch) if self.prefetch else epoch
        return self._epoch

    def _close_epoch(self) -> None:
        close = getattr(self._epoch, "close", None)
        if close is not None:
            close()

    def close(self) -> None:
        """Stop the current epoch (and its loading thread); later ``iter()`` calls raise."""
        self._close_epoch()
        self.closed = True

    def __enter__(self) -> Loader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
