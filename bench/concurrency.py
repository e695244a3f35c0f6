"""Benchmark: lesson 10's scheduler against asyncio, and one job run four ways (`make bench`).

Three measurements, each printed as a Markdown table (bench/README.md, section "Concurrency"):

1. **Task switches per second**: 10,000 tasks that each hand control back 10 times,
   on ``lessons_lib.scheduler.Scheduler`` (``yield``) and on asyncio (``await asyncio.sleep(0)``).
2. **The I/O-bound job**: 1,000 simulated requests of 10 ms each (``lessons_lib.concurrency``):
   sequentially, in a thread pool of 100 threads, with ``asyncio.gather``, and as scheduler tasks.
3. **The CPU-bound job**: ``count_primes`` over 4 limits, one after another, in 2 threads and in
   2 processes (timed once the workers have started); the three run in turn in each round.

Each measurement runs ``--repeat`` times (default 3; the sequential I/O job, which only sleeps,
once) and the table shows the best time, the least disturbed by other load on the machine.

Usage::

    python bench/concurrency.py                 # the sizes above
    python bench/concurrency.py --tasks 1000 --requests 100 --repeat 1   # a quick look
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from read_logs import _print_machine, machine  # noqa: E402  (bench/ is not a package)

from lessons_lib import concurrency as jobs  # noqa: E402
from lessons_lib.scheduler import Scheduler  # noqa: E402


def _best(run: Callable[[], Any], repeat: int) -> float:
    """The shortest of ``repeat`` wall-clock timings of ``run()``."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return min(times)


def _polite(turns: int) -> Any:
    for _ in range(turns):
        yield


def switches_on_scheduler(tasks: int, turns: int) -> None:
    with Scheduler() as loop:
        for number in range(tasks):
            loop.spawn(_polite(turns), name=str(number))
        loop.run()


async def _polite_async(turns: int) -> None:
    for _ in range(turns):
        await asyncio.sleep(0)


def switches_on_asyncio(tasks: int, turns: int) -> None:
    async def main() -> None:
        await asyncio.gather(*(_polite_async(turns) for _ in range(tasks)))

    asyncio.run(main())


def switch_table(tasks: int, turns: int, repeat: int) -> str:
    rows = [
        "| scheduler | tasks x turns | best time (s) | task switches per second |",
        "|---|---|---|---|",
    ]
    for name, run in [
        ("hand-made Scheduler", switches_on_scheduler),
        ("asyncio", switches_on_asyncio),
    ]:
        seconds = _best(lambda run=run: run(tasks, turns), repeat)
        switches = tasks * turns
        rows.append(f"| {name} | {tasks:,} x {turns} | {seconds:.3f} | {switches / seconds:,.0f} |")
    return "\n".join(rows)


def io_table(requests: int, delay: float, repeat: int) -> str:
    forms: list[tuple[str, Callable[[], Any], int]] = [
        ("sequential", lambda: jobs.sequentially(requests, delay), 1),
        (
            "thread pool (100 threads)",
            lambda: jobs.thread_pool(requests, delay, workers=100),
            repeat,
        ),
        ("asyncio.gather", lambda: asyncio.run(jobs.asyncio_gather(requests, delay)), repeat),
        ("hand-made Scheduler", lambda: jobs.on_scheduler(requests, delay), repeat),
    ]
    rows = [
        f"| form ({requests:,} requests of {delay * 1000:g} ms) | best time (s) | speed |",
        "|---|---|---|",
    ]
    baseline = None
    for name, run, times in forms:
        seconds = _best(run, times)
        baseline = baseline or seconds
        rows.append(f"| {name} | {seconds:.3f} | {baseline / seconds:.1f}x |")
    return "\n".join(rows)


def cpu_table(limits: list[int], repeat: int) -> str:
    rows = [
        f"| form ({len(limits)} x count_primes({limits[0]:,})) | best time (s) "
        "| vs one after another |",
        "|---|---|---|",
    ]
    best = jobs.cpu_timings(limits, rounds=repeat, workers=2)
    for name, seconds in best.items():
        label = name if name == "one after another" else f"2 {name}"
        rows.append(f"| {label} | {seconds:.3f} | {best['one after another'] / seconds:.1f}x |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000, help="tasks for the switch count")
    parser.add_argument("--turns", type=int, default=10, help="times each task hands control back")
    parser.add_argument("--requests", type=int, default=1_000, help="simulated requests")
    parser.add_argument("--delay", type=float, default=0.01, help="seconds each request waits")
    parser.add_argument("--limit", type=int, default=200_000, help="count_primes limit, 4 jobs")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; best shown")
    args = parser.parse_args(argv)
    _print_machine(machine())
    print("\nTask switches\n")
    print(switch_table(args.tasks, args.turns, args.repeat))
    print("\nI/O-bound job\n")
    print(io_table(args.requests, args.delay, args.repeat))
    print("\nCPU-bound job\n")
    print(cpu_table([args.limit] * 4, args.repeat))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
