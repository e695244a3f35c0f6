"""Load the next items in a background thread while the consumer works (lesson 09).

:class:`Prefetcher` runs an iterable in a thread that puts its items into a bounded
:class:`queue.Queue` (``depth`` items at most, so it never races far ahead or fills
memory); the consumer takes them out.  While the consumer computes, the thread loads.

- ``close()`` (or leaving a ``with`` block, or closing the :func:`prefetch` generator, which a
  ``break`` out of a ``for`` loop over it does when the generator is dropped) tells the
  thread to stop, empties the queue and waits for the thread: no thread is left running.
- An exception in the thread reaches the consumer as :class:`PrefetchError`, chained to
  the original exception, whose traceback shows the line in the thread that failed.
- Nothing is lost: items come out in order, every one, then ``StopIteration``.

>>> with Prefetcher(range(5), depth=2) as items:
...     list(items)
[0, 1, 2, 3, 4]
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import Any, Generic, TypeVar

__all__ = ["PrefetchError", "Prefetcher", "prefetch"]

T = TypeVar("T")
_ITEM, _DONE, _FAILED = "item", "done", "failed"
POLL = 0.05  # seconds: how often a thread waiting on a full queue checks for close()
STOP_WAIT = 10.0  # seconds close() waits for the thread to finish the item it is loading


class PrefetchError(RuntimeError):
    """The loading thread raised; the original exception is ``__cause__``."""


def _check_depth(depth: Any) -> int:
    if isinstance(depth, bool) or not isinstance(depth, int):
        raise TypeError(
            f"depth must be a whole number of items, got {type(depth).__name__} {depth!r}"
        )
    if depth < 1:
        raise ValueError(
            f"depth must be at least 1, got {depth}: the queue must hold an item to overlap "
            "loading with computing (without prefetching, iterate over the source itself)"
        )
    return depth


def _fill(source: Iterator[Any], items: queue.Queue, stop: threading.Event) -> None:
    """The thread's work: put every item of ``source``, then a last message, unless stopped."""

    def put(message: tuple[str, Any]) -> bool:
        while not stop.is_set():
            try:
                items.put(message, timeout=POLL)
                return True
            except queue.Full:
                pass
        return False

    try:
        for item in source:
            if not put((_ITEM, item)):
                return
        put((_DONE, None))
    except BaseException as error:  # noqa: BLE001 - handed to the consumer, who re-raises it
        put((_FAILED, error))
    finally:
        close = getattr(source, "close", None)
        if close is not None:
            close()  # a generator source runs its finally blocks here, in its own thread


class Prefetcher(Iterator[T], Generic[T]):
    """An iterator over ``iterable`` whose items a background thread loads ``depth`` ahead.

    The thread starts at once.  Use it in a ``with`` block, or call ``close()``.

    >>> items = Prefetcher(iter("abc"), depth=1)
    >>> next(items)
    'a'
    >>> items.close()
    >>> next(items)
    Traceback (most recent call last):
        ...
    RuntimeError: this Prefetcher was closed; make a new one to read the data again
    """

    def __init__(self, iterable: Iterable[T], depth: int = 2) -> None:
        depth = _check_depth(depth)
        try:
            source = iter(iterable)
        except TypeError:
            raise TypeError(
                f"Prefetcher needs an iterable (a generator, a list ...), not {iterable!r}"
            ) from None
        self._items: queue.Queue = queue.Queue(maxsize=depth)
        self._stop = threading.Event()
        self._finished = False
        self.closed = False
        # The thread gets the queue and the event, not self, so an abandoned Prefetcher can be
        # collected (and __del__ stops its thread).
        self._thread = threading.Thread(
            target=_fill, args=(source, self._items, self._stop), name="prefetch", daemon=True
        )
        self._thread.start()

    def __next__(self) -> T:
        if self.closed:
            raise RuntimeError("this Prefetcher was closed; make a new one to read the data again")
        if self._finished:
            raise StopIteration
        kind, value = self._items.get()
        if kind == _ITEM:
            return value
        self._finished = True
        self.close()
        self.closed = False  # finished, not closed by the caller: next() keeps saying StopIteration
        if kind == _FAILED:
            raise PrefetchError(
                f"the loading thread raised {type(value).__name__}: {value} (that exception, "
                "with its traceback in the thread, is this one's __cause__)"
            ) from value
        raise StopIteration

    def close(self) -> None:
        """Stop the thread and drop what it loaded ahead.  Calling it again does nothing."""
        if self.closed:
            return
        self.closed = True
        self._stop.set()
        while True:  # empty the queue, so a thread blocked in put() sees the stop at once
            try:
                self._items.get_nowait()
            except queue.Empty:
                break
        self._thread.join(STOP_WAIT)
        if self._thread.is_alive():
            raise RuntimeError(
                f"the loading thread did not stop within {STOP_WAIT} s: its source is blocked "
                "while producing an item (a read that never returns?)"
            )

    def __enter__(self) -> Prefetcher[T]:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def __del__(self) -> None:
        if not getattr(self, "closed", True) and hasattr(self, "_thread"):
            self.close()


def prefetch(iterable: Iterable[T], depth: int = 2) -> Iterator[T]:
    """A generator over ``iterable`` that loads ``depth`` items ahead in a thread (a Prefetcher).

    The thread starts at the first ``next()``, and stops when the generator finishes or is
    closed (``break`` followed by the generator being dropped, or ``close()``).

    >>> list(prefetch((n * n for n in range(6)), depth=3))
    [0, 1, 4, 9, 16, 25]
    """
    _check_depth(depth)
    if not isinstance(iterable, Iterable):
        raise TypeError(f"prefetch needs an iterable (a generator, a list ...), not {iterable!r}")
    return _prefetching(iterable, depth)


def _prefetching(iterable: Iterable[T], depth: int) -> Iterator[T]:
    with Prefetcher(iterable, depth) as items:
        yield from items
