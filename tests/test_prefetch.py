"""The prefetcher: order and completeness, stopping (close, break, with, errors) with no thread
left alive, errors reaching the consumer with their traceback, and no hang (time limits)."""

from __future__ import annotations

import gc
import itertools
import threading
import time
import traceback
from collections.abc import Iterator

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons_lib.prefetch import Prefetcher, PrefetchError, prefetch
from lessons_lib.timeline import Timeline


def prefetch_threads() -> list[threading.Thread]:
    return [thread for thread in threading.enumerate() if thread.name == "prefetch"]


def wait_until_no_prefetch_thread(seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while prefetch_threads() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert not prefetch_threads(), f"still alive: {prefetch_threads()}"


@pytest.fixture(autouse=True)
def no_thread_left_behind() -> Iterator[None]:
    wait_until_no_prefetch_thread()
    yield
    gc.collect()
    wait_until_no_prefetch_thread()


@settings(deadline=None, max_examples=50)
@given(st.lists(st.integers(), max_size=200), st.integers(min_value=1, max_value=8))
def test_every_item_comes_out_once_in_order(items, depth) -> None:
    assert list(prefetch(items, depth)) == items
    with Prefetcher(iter(items), depth) as got:
        assert list(got) == items


def test_starting_and_closing_many_prefetchers_leaves_no_thread_alive() -> None:
    before = threading.active_count()
    for round_ in range(200):
        items = Prefetcher(itertools.count(), depth=1 + round_ % 4)  # endless: only close stops it
        assert next(items) == 0
        items.close()
    for _ in range(100):  # the generator form, stopped by close() on the generator
        gen = prefetch(itertools.count(), 2)
        next(gen)
        gen.close()
    assert threading.active_count() == before
    assert not prefetch_threads()


def test_break_out_of_a_for_loop_stops_the_thread() -> None:
    for item in prefetch(itertools.count(), 3):
        if item == 5:
            break
    gc.collect()  # the generator is dropped at the end of the loop (at once in CPython)
    wait_until_no_prefetch_thread(2.0)


def test_an_abandoned_prefetcher_is_stopped_when_collected() -> None:
    items = Prefetcher(itertools.count(), 2)
    next(items)
    del items
    gc.collect()
    wait_until_no_prefetch_thread(2.0)


def test_closing_runs_the_source_generators_finally_in_its_thread() -> None:
    cleaned = []

    def source():
        try:
            yield from itertools.count()
        finally:
            cleaned.append(threading.current_thread().name)

    with Prefetcher(source(), 2) as items:
        next(items)
    assert cleaned == ["prefetch"]


def test_the_queue_is_bounded_so_the_thread_does_not_race_ahead() -> None:
    pulled = []

    def source():
        for n in itertools.count():
            pulled.append(n)
            yield n

    with Prefetcher(source(), depth=3) as items:
        next(items)
        time.sleep(0.3)
        # one taken, three in the queue, one more held by the thread waiting for room
        assert len(pulled) <= 1 + 3 + 1


def failing_source():
    yield 1
    yield 2
    raise ValueError("row 3 is corrupt")


def test_an_error_reaches_the_consumer_after_every_item_before_it() -> None:
    got = []
    items = Prefetcher(failing_source(), 4)
    with pytest.raises(PrefetchError, match="ValueError: row 3 is corrupt") as caught:
        for item in items:
            got.append(item)
    assert got == [1, 2]  # nothing lost before the error
    cause = caught.value.__cause__
    assert isinstance(cause, ValueError)
    frames = traceback.extract_tb(cause.__traceback__)
    assert any(frame.name == "failing_source" for frame in frames)  # the thread's own traceback
    assert "row 3 is corrupt" in "".join(traceback.format_exception(caught.value))
    with pytest.raises(StopIteration):
        next(items)  # after the error the iterator is finished, it does not hang


def test_an_error_in_the_generator_form_closes_and_passes_on() -> None:
    gen = prefetch(failing_source(), 1)
    assert [next(gen), next(gen)] == [1, 2]
    with pytest.raises(PrefetchError) as caught:
        next(gen)
    assert isinstance(caught.value.__cause__, ValueError)


def test_a_slow_consumer_and_a_slow_source_do_not_hang() -> None:
    def slow():
        for n in range(5):
            time.sleep(0.01)
            yield n

    start = time.monotonic()
    got = []
    for item in prefetch(slow(), 1):
        time.sleep(0.01)
        got.append(item)
    assert got == list(range(5))
    assert time.monotonic() - start < 5


def test_loading_overlaps_with_computing() -> None:
    timeline = Timeline(lanes=("load", "compute"))

    def slow():
        for n in range(6):
            with timeline.span("load"):
                time.sleep(0.02)
            yield n

    for _ in prefetch(slow(), 2):
        with timeline.span("compute"):
            time.sleep(0.02)
    assert timeline.overlap("load", "compute") > 0  # never without a thread (no timing bound)


def test_next_after_close_is_refused() -> None:
    items = Prefetcher([1, 2, 3])
    items.close()
    items.close()  # twice is fine
    with pytest.raises(RuntimeError, match="was closed"):
        next(items)
