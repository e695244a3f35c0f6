"""One I/O-bound job and one CPU-bound job, each run several ways, to choose between them.

The I/O-bound job is ``requests`` simulated requests that each wait ``delay`` seconds
(a stand-in for a network round trip) and return their number. It runs
:func:`sequentially`, in a :func:`thread_pool`, with :func:`asyncio_gather` (a coroutine
function: ``await`` it) and on the hand-made :func:`scheduler <on_scheduler>`::

    >>> sequentially(3, delay=0.0)
    [0, 1, 2]
    >>> thread_pool(3, delay=0.0), on_scheduler(3, delay=0.0)
    ([0, 1, 2], [0, 1, 2])
    >>> import asyncio
    >>> asyncio.run(asyncio_gather(3, delay=0.0))
    [0, 1, 2]

The CPU-bound job is :func:`count_primes` over several limits, run in threads or in
processes (:func:`cpu_in_pool`). It lives here, in an importable module, because a
process pool sends the function to its workers by name.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import functools
import math
import multiprocessing
import time
from collections.abc import Generator
from multiprocessing import resource_tracker
from typing import Any, Literal

from lessons_lib.scheduler import Scheduler, Sleep
from lessons_lib.timeline import _seconds

__all__ = [
    "asyncio_gather",
    "count_primes",
    "cpu_in_pool",
    "cpu_timings",
    "on_scheduler",
    "sequentially",
    "thread_pool",
]


def _check_job(requests: object, delay: object) -> float:
    if isinstance(requests, bool) or not isinstance(requests, int):
        raise TypeError(f"requests must be a whole number of requests, not {requests!r}")
    if requests < 0:
        raise ValueError(f"requests must be 0 or more, not {requests!r}")
    delay = _seconds(delay, "delay")
    if delay < 0:
        raise ValueError(f"delay must be 0 or more seconds, not {delay!r}")
    return delay


def _check_workers(workers: object) -> int:
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ValueError(f"workers must be a whole number, 1 or more, not {workers!r}")
    return workers


def _blocking_request(number: int, delay: float) -> int:
    time.sleep(delay)  # the thread waits here, doing nothing
    return number


def sequentially(requests: int, delay: float = 0.01) -> list[int]:
    """One request after the other: ``requests * delay`` seconds in all.

    >>> sequentially(2, delay=0)
    [0, 1]
    """
    delay = _check_job(requests, delay)
    return [_blocking_request(number, delay) for number in range(requests)]


def thread_pool(requests: int, delay: float = 0.01, workers: int = 100) -> list[int]:
    """The blocking requests in a pool of ``workers`` threads (results in request order).

    >>> thread_pool(4, delay=0, workers=2)
    [0, 1, 2, 3]
    """
    delay, workers = _check_job(requests, delay), _check_workers(workers)
    with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_blocking_request, range(requests), [delay] * requests))


async def _async_request(number: int, delay: float) -> int:
    await asyncio.sleep(delay)  # hands control back to the event loop until the timer is due
    return number


async def asyncio_gather(requests: int, delay: float = 0.01) -> list[int]:
    """All requests as asyncio tasks on one thread; ``await`` it (``asyncio.run`` outside Jupyter).

    >>> asyncio.run(asyncio_gather(2, delay=0))
    [0, 1]
    """
    delay = _check_job(requests, delay)
    return list(
        await asyncio.gather(*(_async_request(number, delay) for number in range(requests)))
    )


def _task_request(number: int, delay: float) -> Generator[Sleep, None, int]:
    yield Sleep(delay)  # asks the scheduler to wake this task later
    return number


def on_scheduler(requests: int, delay: float = 0.01) -> list[int]:
    """All requests as generator tasks on the hand-made :class:`~lessons_lib.scheduler.Scheduler`.

    >>> on_scheduler(2, delay=0)
    [0, 1]
    """
    delay = _check_job(requests, delay)
    with Scheduler() as loop:
        tasks = [
            loop.spawn(_task_request(number, delay), name=str(number)) for number in range(requests)
        ]
        loop.run()
    return [task.result() for task in tasks]


def _check_limits(limits: object) -> None:
    if isinstance(limits, (str, bytes)) or not isinstance(limits, (list, tuple)):
        raise TypeError(f"limits must be a list of whole numbers, not {limits!r}")
    bad = [x for x in limits if isinstance(x, bool) or not isinstance(x, int) or x < 0]
    if bad:
        raise TypeError(f"limits must hold whole numbers 0 or more, but it holds {bad[0]!r}")


def count_primes(limit: int) -> int:
    """How many primes are below ``limit``, by trial division: pure-Python work for the CPU.

    >>> count_primes(20)
    8
    """
    if isinstance(limit, bool) or not isinstance(limit, int):
        raise TypeError(f"limit must be a whole number, not {limit!r}")
    if limit < 0:
        raise ValueError(f"limit must be 0 or more, not {limit!r}")
    count = 0
    for candidate in range(2, limit):
        divisor = 2
        while divisor * divisor <= candidate and candidate % divisor:
            divisor += 1
        count += divisor * divisor > candidate
    return count


def cpu_in_pool(
    limits: list[int], kind: Literal["threads", "processes"], workers: int = 2
) -> tuple[list[int], float]:
    """:func:`count_primes` for each limit in a pool of ``workers`` threads or processes.

    Returns the counts and the seconds the work took, timed once every worker has started
    (starting a process costs a fraction of a second, which is not the point here). The pool
    is closed by its ``with`` block, so no worker is left behind. Processes are started with
    "spawn" on every system: a fresh interpreter that imports this module (forking a process
    that runs threads, such as a Jupyter kernel, can deadlock). "spawn" also starts
    multiprocessing's resource tracker, a helper process; it is stopped again afterwards
    unless it was running before, so no process outlives the call.

    >>> counts, seconds = cpu_in_pool([10, 20], "threads")
    >>> counts, seconds > 0
    ([4, 8], True)
    """
    _check_limits(limits)
    pools: dict[str, Any] = {
        "threads": concurrent.futures.ThreadPoolExecutor,
        "processes": functools.partial(
            concurrent.futures.ProcessPoolExecutor, mp_context=multiprocessing.get_context("spawn")
        ),
    }
    if kind not in pools:
        raise ValueError(f"kind must be 'threads' or 'processes', not {kind!r}")
    workers = _check_workers(workers)
    tracker = resource_tracker._resource_tracker
    tracker_was_running = getattr(tracker, "_pid", None) is not None
    try:
        with pools[kind](max_workers=workers) as pool:
            list(pool.map(count_primes, [0] * workers))  # start every worker before timing
            started = time.perf_counter()
            counts = list(pool.map(count_primes, limits))
            return counts, time.perf_counter() - started
    finally:
        if not tracker_was_running and hasattr(tracker, "_stop"):
            tracker._stop()  # the helper process "spawn" starts: let it end with the pool


def cpu_timings(limits: list[int], rounds: int = 2, workers: int = 2) -> dict[str, float]:
    """Best seconds of count_primes over ``limits``: one after another, in threads, in processes.

    The three forms run in turn in each of ``rounds`` rounds, so that load from other programs
    hits them alike; each gets its shortest time.

    >>> sorted(cpu_timings([10, 20], rounds=1))
    ['one after another', 'processes', 'threads']
    """
    if isinstance(rounds, bool) or not isinstance(rounds, int) or rounds < 1:
        raise ValueError(f"rounds must be a whole number, 1 or more, not {rounds!r}")
    _check_limits(limits)
    _check_workers(workers)
    best = dict.fromkeys(("one after another", "threads", "processes"), math.inf)
    for _ in range(rounds):
        started = time.perf_counter()
        for limit in limits:
            count_primes(limit)
        best["one after another"] = min(best["one after another"], time.perf_counter() - started)
        for kind in ("threads", "processes"):
            best[kind] = min(best[kind], cpu_in_pool(limits, kind, workers=workers)[1])
    return best
