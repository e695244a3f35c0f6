"""The I/O-bound job gives the same answer in its four forms; pools leave nothing behind."""

from __future__ import annotations

import asyncio
import multiprocessing
import threading
import time

import psutil

from lessons_lib import concurrency as jobs


def test_the_four_forms_give_the_requests_in_order() -> None:
    want = list(range(30))
    assert (
        jobs.sequentially(30, 0)
        == jobs.thread_pool(30, 0, workers=4)
        == jobs.on_scheduler(30, 0)
        == want
    )
    assert asyncio.run(jobs.asyncio_gather(30, 0)) == want


def test_the_concurrent_forms_overlap_the_waits() -> None:
    for form in (
        lambda: jobs.thread_pool(20, 0.05, workers=20),
        lambda: jobs.on_scheduler(20, 0.05),
        lambda: asyncio.run(jobs.asyncio_gather(20, 0.05)),
    ):
        started = time.perf_counter()
        form()
        assert time.perf_counter() - started < 20 * 0.05 / 2  # far less than one after another


def test_count_primes_counts_primes_below_the_limit() -> None:
    assert [jobs.count_primes(n) for n in (0, 1, 2, 3, 10, 100)] == [0, 0, 0, 1, 4, 25]


def test_pools_give_the_same_counts_and_leave_no_worker_behind() -> None:
    threads_before = threading.active_count()
    counts, seconds = jobs.cpu_in_pool([100, 1_000, 10], "processes", workers=2)
    assert counts == [25, 168, 4] and seconds > 0
    assert multiprocessing.active_children() == []
    assert psutil.Process().children(recursive=True) == []  # the resource tracker too
    assert jobs.cpu_in_pool([100, 10], "threads")[0] == [25, 4]
    assert threading.active_count() == threads_before
