"""Small iterator helpers that ``itertools`` lacks on the Python versions the course supports.

Only what the standard library does not already offer lives here; everything
else in the lessons comes straight from :mod:`itertools`.

>>> list(batched(range(7), 3))
[(0, 1, 2), (3, 4, 5), (6,)]
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

__all__ = ["batched"]

T = TypeVar("T")
PREALLOCATED = 4_096  # itertools.batched allocates a tuple of `size` slots per batch up front


def batched(iterable: Iterable[T], size: int) -> Iterator[tuple[T, ...]]:
    """Hand out the items of ``iterable`` in tuples of ``size``; the last tuple may be shorter.

    Lazy: it reads ``size`` items ahead at most, so it works on endless streams.
    Nothing is lost or repeated: joined together, the batches are the input.
    On Python 3.12 and later this is :func:`itertools.batched` for sizes up to
    4,096; otherwise an equivalent built from :func:`itertools.islice`, which
    allocates only the items it gets (``itertools.batched(range(3), 10**8)``
    reserves room for 10**8 items, about 800 MB, to hold 3).  Arguments are
    checked at the call.

    >>> batches = batched(itertools.count(), 4)
    >>> next(batches), next(batches)
    ((0, 1, 2, 3), (4, 5, 6, 7))
    >>> list(batched("abcde", 2))
    [('a', 'b'), ('c', 'd'), ('e',)]
    >>> batched([1, 2, 3], 0)
    Traceback (most recent call last):
        ...
    ValueError: batch size must be at least 1, got 0; ask for batches of 1 or more items
    """
    # Checked here, at call time: inside a generator body the check would wait for the first next().
    if isinstance(size, bool) or not isinstance(size, int):
        raise TypeError(f"batch size must be an int, got {type(size).__name__} {size!r}")
    if size < 1:
        raise ValueError(
            f"batch size must be at least 1, got {size}; ask for batches of 1 or more items"
        )
    if size > sys.maxsize:
        raise ValueError(f"batch size must be at most sys.maxsize ({sys.maxsize}), got {size}")
    try:
        iterator = iter(iterable)
    except TypeError:
        raise TypeError(
            f"batched needs an iterable to cut into batches (a list, a range, a generator ...), "
            f"not {iterable!r}"
        ) from None
    builtin = getattr(itertools, "batched", None)
    if builtin is not None and size <= PREALLOCATED:  # Python 3.12+
        return builtin(iterator, size)
    return _batched_with_islice(iterator, size)


def _batched_with_islice(iterator: Iterator[T], size: int) -> Iterator[tuple[T, ...]]:
    while batch := tuple(itertools.islice(iterator, size)):
        yield batch
