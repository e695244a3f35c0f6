"""Exercises for lesson 10: taking turns, the scheduler, asyncio and async generators.

Each exercise's reference solution is the function defined just above it (ex2's
prediction is what a real run prints); ``exN.solution()`` shows it. Those functions
carry no type hints, so that the printed source runs when pasted into a notebook cell.

ex3 and ex4 use the ``Exercise(checker=...)`` escape hatch: no engine kind runs
``async def`` code. Their checks run the answer with ``asyncio.run`` in a thread of
its own, because a Jupyter kernel already runs an event loop in the main thread.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import functools
import gc
import inspect
import threading
import time
import traceback
import warnings
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

from lessons_lib.exercises import (
    Computed,
    Difference,
    Exercise,
    Incorrect,
    Slip,
    explain_exception,
    function_exercise,
    prediction_exercise,
    raised,
)
from lessons_lib.exercises.runner import LearnerError
from lessons_lib.scheduler import Cancelled, Join, Scheduler, Sleep, VirtualClock

__all__ = [
    "ex1",
    "ex2",
    "ex3",
    "ex4",
    "ex5",
    "ex2_program",
    "ex5_program",
    "fake_fetch",
    "fetch_all",
    "letters",
    "numbers_arriving",
    "running_total",
    "take_turns",
]

# --- ex1: take turns between generators -------------------------------------------------------


def letters(word: str) -> Iterator[str]:
    """A tiny task: yields the letters of ``word`` one at a time."""
    yield from word


def take_turns(tasks):
    """Run the generators in ``tasks`` round-robin: one step each in turn, until all have ended."""
    queue = deque(tasks)
    while queue:
        task = queue.popleft()
        try:
            value = next(task)
        except StopIteration:
            continue  # this task has ended: it does not go back in the queue
        yield value
        queue.append(task)


_WORDS: dict[str, tuple[str, ...]] = {}  # a case's label -> its words, for the slip below


def _words(*words: str) -> Computed:
    label = "[" + ", ".join(f"letters({word!r})" for word in words) + "]"
    _WORDS[label] = words
    return Computed(lambda: [letters(word) for word in words], label)


def _chained(d: Difference) -> bool:
    """The answer ran each task to its end: every letter of word 1, then word 2, ..."""
    words = _WORDS.get(repr(d.args[0]), ())
    return d.error is None and d.got == [letter for word in words for letter in word] != d.want


ex1 = function_exercise(
    take_turns,
    returns="generator",
    cases=[(_words("ab", "xyz"),), (_words("hello", "", "ok"),), (_words(),), (_words("a"),)],
    draw=lambda rng: (
        _words(
            *(
                "".join(rng.choice("abcdef") for _ in range(rng.randint(0, 4)))
                for _ in range(rng.randint(1, 4))
            )
        ),
    ),
    count=10,
    slips=[
        Slip(
            _chained,
            "`{call}` ran each task to its end before starting the next one: that is "
            "`yield from` (or itertools.chain), not taking turns. Take ONE step of a task with "
            "`next(task)`, then put it at the back of the queue.",
        ),
        Slip(
            raised(RuntimeError, "StopIteration"),
            "A task's StopIteration escaped from your generator, and Python turned it into a "
            "RuntimeError. Catch it around `next(task)`: `except StopIteration: continue` "
            "drops the finished task and goes on with the others.",
        ),
        Slip(
            lambda d: (
                d.error is None
                and d.got is not None
                and len(d.got) < len(d.want)
                and d.got == d.want[: len(d.got)]
            ),
            "`{call}` stopped as soon as the first task ended (like zip), but the others still "
            "had steps to take: {want}. Drop a finished task from the queue and carry on "
            "while any task is left.",
        ),
    ],
    success="take_turns gives each task one step in turn, and drops a task when it ends.",
    hints=[
        "Keep the tasks in a queue (`collections.deque(tasks)`). Take the task at the front, "
        "run it one step, and, if it has not ended, put it at the back.",
        "One step is `next(task)`. A task that has ended raises StopIteration there: catch it "
        "and do not put the task back.",
        "`while queue:` then `task = queue.popleft()`; `try: value = next(task)` / `except "
        "StopIteration: continue`; then `yield value` and `queue.append(task)`.",
    ],
)

# --- ex2: predict a run of the scheduler --------------------------------------------------------


def ex2_program() -> None:
    """Two tasks on a virtual clock: a kettle that boils for 3 s, toast that turns twice."""
    clock = VirtualClock()

    def worker(name, naps):
        for nap in naps:
            print(f"t={clock():g}: {name} sleeps {nap}")
            yield Sleep(nap)
        print(f"t={clock():g}: {name} done")

    with Scheduler(clock) as loop:
        loop.spawn(worker("kettle", [3]), name="kettle")
        loop.spawn(worker("toast", [1, 1]), name="toast")
        loop.run()


def _a_line_starts(prefix: str) -> Callable[[Difference], bool]:
    """A slip's test: some line of the prediction starts with ``prefix`` (such as a time)."""
    return lambda d: any(line.startswith(prefix) for line in d.got)


ex2 = prediction_exercise(
    program=ex2_program,
    what="the program",
    advice="A Sleep does not block the scheduler: it parks the task on the timer heap and "
    "runs the next ready task at the same time t.",
    slips=[
        Slip(
            _a_line_starts("t=0.0"),
            "The times print as `t=0`, not `t=0.0`: `{{clock():g}}` formats with `:g`, "
            "which drops a `.0` at the end.",
        ),
        Slip(
            lambda d: bool(d.got) and d.got[0].startswith("t=0") and "toast" in d.got[0],
            "At t=0 the kettle prints first: tasks take their first step in the order they "
            "were spawned, and `loop.spawn(...kettle...)` comes first.",
        ),
        Slip(
            lambda d: len(d.got) > 1 and "kettle done" in d.got[1],
            "The kettle cannot be done second: `yield Sleep(3)` only parks it until t=3, and "
            "meanwhile the scheduler runs toast, which starts at t=0 too.",
        ),
        Slip(
            lambda d: (
                any(line.startswith("t=0") and "toast sleeps 1" in line for line in d.got)
                and sum("toast sleeps" in line for line in d.got) == 2
                and not any(line.startswith("t=1") for line in d.got)
            ),
            "Toast's second nap starts when its first one ends, at t=1: the clock moves on "
            "while every task sleeps.",
        ),
    ],
    hints=[
        "At t=0 both tasks run until their first `yield Sleep(...)`: kettle first, as it was "
        "spawned first.",
        "Then nothing is ready, so the clock jumps to the earliest timer: toast's, at t=1.",
        "Toast's timers end at t=1 and t=2; the kettle's at t=3. Each wake-up prints one line.",
    ],
)

# --- helpers for the async exercises ---------------------------------------------------------


class _Stopped(BaseException):
    """Raised once into a check's thread whose answer still runs after its time is up."""


def _run_async(make: Callable[[], Any], seconds: float = 5.0) -> tuple[Any, float]:
    """Run ``await make()`` with asyncio.run in a thread; return (result, seconds taken).

    The learner's exceptions come back as LearnerError. An answer that waits too long
    is cut by ``wait_for`` at ``seconds``; one that blocks the loop (a busy loop, a
    ``time.sleep``) gets a :class:`_Stopped` raised into its thread, so that no thread
    is left running after the check.
    """
    outcome: dict[str, Any] = {}

    async def main() -> Any:
        return await asyncio.wait_for(make(), seconds)

    def run() -> None:
        started = time.perf_counter()
        try:
            outcome["value"] = asyncio.run(main())
        except BaseException as error:  # noqa: BLE001 - handed back below
            outcome["error"] = error
        outcome["seconds"] = time.perf_counter() - started

    thread = threading.Thread(target=run, name="exercise-asyncio", daemon=True)
    thread.start()
    thread.join(seconds + 1)
    if thread.is_alive():
        ctypes.pythonapi.PyThreadState_SetAsyncExc(
            ctypes.c_ulong(thread.ident or 0), ctypes.py_object(_Stopped)
        )
        thread.join(3)
        if thread.is_alive():
            raise Incorrect(
                f"Your code blocked the event loop for more than {seconds:g} s and could not "
                "be stopped: it is still running. Restart the kernel (Kernel > Restart), then "
                "fix it: a time.sleep or a busy loop inside async def stops every task."
            )
        raise Incorrect(
            f"Your code was stopped: it blocked the event loop for more than {seconds:g} s "
            "(a time.sleep or a busy loop inside async def stops every task)."
        )
    if isinstance(outcome.get("error"), asyncio.TimeoutError):
        raise Incorrect(f"Your code was stopped: it did not finish within {seconds:g} s.")
    if "error" in outcome:
        raise LearnerError(outcome["error"])
    return outcome["value"], outcome["seconds"]


def _quietly(check: Callable[[Any], str]) -> Callable[[Any], str]:
    """Run an async check; coroutines the answer never awaited are closed without a warning.

    A learner's exception is explained at once and its frames cleared, so what they held
    (such as an unawaited coroutine) goes away here, not later in the kernel's stderr.
    """

    @functools.wraps(check)
    def run(answer: Any) -> str:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", "coroutine .* was never awaited", RuntimeWarning)
            try:
                return check(answer)
            except LearnerError as error:
                message = explain_exception(error.error)
                traceback.clear_frames(error.error.__traceback__)
                raise Incorrect(message) from None
            finally:
                gc.collect()

    return run


def _close_coroutines(value: Any) -> int:
    """Close the coroutines an answer left unawaited (no 'never awaited' warning); count them."""
    items = value if isinstance(value, (list, tuple)) else [value]
    found = [item for item in items if inspect.iscoroutine(item)]
    for item in found:
        item.close()
    return len(found)


# --- ex3: many requests at once with asyncio.gather ------------------------------------------


async def fake_fetch(number, delay):
    """Pretend to fetch page ``number``: wait ``delay`` seconds, then return its text."""
    await asyncio.sleep(delay)
    return f"page {number}"


async def fetch_all(numbers, delay):
    """Fetch every page at once; return the pages in the order of ``numbers``."""
    return list(await asyncio.gather(*(fake_fetch(number, delay) for number in numbers)))


_FETCH_CASES = (
    ([1, 2, 3, 4, 5, 6, 7, 8], 0.1),
    ([3], 0.02),
    ([], 0.01),
    ([6, 2, 9, 1, 5, 3], 0.1),
)


def _fetch_once(answer: Any, numbers: list[int], delay: float) -> float:
    """Run ``await answer(numbers, delay)`` once; check the pages; return the seconds it took."""
    call_text = f"await fetch_all({numbers}, {delay})"
    got, seconds = _run_async(lambda: answer(numbers, delay))
    if asyncio.isfuture(got):
        with contextlib.suppress(BaseException):
            got.exception()  # marks it retrieved: no "exception was never retrieved" later
        raise Incorrect(
            f"`{call_text}` gave a Future, not the pages: you returned "
            "`asyncio.gather(...)` without `await`. Write `await asyncio.gather(...)`."
        )
    if _close_coroutines(got):
        raise Incorrect(
            f"`{call_text}` gave coroutine objects, not pages: calling "
            "`fake_fetch(...)` only creates a coroutine. Hand them all to "
            "`await asyncio.gather(...)`, which runs them and gives their results."
        )
    want = [f"page {number}" for number in numbers]
    if not isinstance(got, (list, tuple)) or list(got) != want:
        raise Incorrect(f"`{call_text}` should give `{want}`, but it gave `{got!r}`.")
    return seconds


def _check_fetch_all(answer: Any) -> str:
    if not inspect.iscoroutinefunction(answer):
        raise Incorrect(
            "fetch_all must be a coroutine function: define it with `async def`, so "
            "that it can `await` the requests."
        )
    for numbers, delay in _FETCH_CASES:
        call_text = f"await fetch_all({numbers}, {delay})"
        seconds = _fetch_once(answer, numbers, delay)
        if numbers and seconds < 0.9 * delay:
            raise Incorrect(
                f"`{call_text}` took {seconds:.3f} s, less than one request ({delay} s): "
                "your code made up the pages without fetching them. Call "
                "`fake_fetch(number, delay)` for each number and await them together."
            )
        limit = 1.8 * delay  # all at once: about `delay`; two at a time is already 4 x delay
        if len(numbers) > 1 and seconds > limit:
            seconds = min(seconds, _fetch_once(answer, numbers, delay))  # a busy machine: retry
        if len(numbers) > 1 and seconds > limit:
            one_by_one = delay * len(numbers)
            raise Incorrect(
                f"`{call_text}` took {seconds:.2f} s, but all the requests at once take about "
                f"{delay} s (one after another: {len(numbers)} x {delay} s = {one_by_one:.1f} s). "
                "`await` inside a loop, or a gather per group, waits before starting the next "
                "requests; start them all and wait once with `asyncio.gather(*...)`."
            )
    return "fetch_all starts every request at once and waits for them together."


def _explain_nested_run(answer: Any) -> None:
    """asyncio.run inside a running loop: say so before the generic message."""
    try:
        got, _ = _run_async(lambda: answer([1], 0.0))
        _close_coroutines(got)
    except LearnerError as error:
        if isinstance(error.error, RuntimeError) and "running event loop" in str(error.error):
            traceback.clear_frames(error.error.__traceback__)
            raise Incorrect(
                "asyncio.run() cannot be called from a running event loop: inside "
                "`async def`, write `await ...` instead."
            ) from None
        raise


def _check_ex3(answer: Any) -> str:
    if inspect.iscoroutinefunction(answer):
        _explain_nested_run(answer)
    return _check_fetch_all(answer)


ex3 = Exercise(
    checker=_quietly(_check_ex3),
    hints=[
        "`fake_fetch(number, delay)` makes a coroutine; nothing runs until it is awaited. "
        "Make one for every number first, without awaiting.",
        "`await asyncio.gather(c1, c2, ...)` runs the coroutines at the same time and returns "
        "their results in the order you gave them.",
        "`return list(await asyncio.gather(*(fake_fetch(n, delay) for n in numbers)))`.",
    ],
    solution=fetch_all,
)

# --- ex4: an async generator stage ----------------------------------------------------------


async def numbers_arriving(values, delay=0.0):
    """An async source: yields ``values`` one at a time, waiting ``delay`` before each."""
    for value in values:
        await asyncio.sleep(delay)
        yield value


async def running_total(source):
    """Yield the running total of the numbers from the async iterable ``source``."""
    total = 0
    async for number in source:
        total += number
        yield total


def _check_running_total(answer: Any) -> str:
    if inspect.iscoroutinefunction(answer):
        raise Incorrect(
            "running_total is an `async def` without `yield`, so it makes a coroutine "
            "that returns once. An async generator needs `yield total` inside its "
            "`async for` loop."
        )
    if not inspect.isasyncgenfunction(answer):
        raise Incorrect(
            "running_total must be an async generator: `async def` with `yield` in "
            "it. A plain `def` cannot `async for` over an async source."
        )
    for values in ([3, 1, 4, 1, 5], [], [7], [-2, 2, -2]):

        async def collect(values: list[int] = values) -> list[Any]:
            return [total async for total in answer(numbers_arriving(values))]

        got, _ = _run_async(collect)
        want = list(_totals(values))
        if got != want:
            raise Incorrect(
                f"`[t async for t in running_total(numbers_arriving({values}))]` "
                f"should be `{want}`, but it is `{got}`."
            )
    pulled: list[int] = []

    async def source() -> AsyncIterator[int]:
        for value in range(1_000):
            pulled.append(value)
            yield value

    async def first_two() -> list[Any]:
        stage = answer(source())
        try:
            return [await stage.__anext__(), await stage.__anext__()]
        finally:
            await stage.aclose()

    _run_async(first_two)
    if len(pulled) > 2:
        raise Incorrect(
            f"Asked for 2 totals, running_total read {len(pulled)} numbers from its "
            "source. Yield each total as soon as its number has arrived (right after adding "
            "it), not when the next number comes."
        )
    return "running_total yields each total as its number arrives, and reads no further."


def _totals(values: list[int]) -> Iterator[int]:
    total = 0
    for value in values:
        total += value
        yield total


ex4 = Exercise(
    checker=_quietly(_check_running_total),
    hints=[
        "The source is an async iterable: read it with `async for number in source:`, which "
        "only works inside `async def`.",
        "Keep a total that starts at 0; add each number, then `yield total`. A `yield` inside "
        "`async def` makes it an async generator.",
        "`total = 0` / `async for number in source:` / `total += number` / `yield total`.",
    ],
    solution=running_total,
)


# --- ex5: predict results, a thrown-in exception and a cancel -------------------------------------


def ex5_program() -> None:
    """A report joins three fetches; one fails, and the report cancels the slow one."""
    clock = VirtualClock()

    def fetch(page, seconds, fail=False):
        try:
            yield Sleep(seconds)
            if fail:
                raise ConnectionError(f"{page} failed")
            return page
        finally:
            print(f"t={clock():g}: {page} closes its connection")

    def report(tasks):
        for task in tasks:
            try:
                page = yield Join(task)
                print(f"t={clock():g}: got {page}")
            except ConnectionError as error:
                print(f"t={clock():g}: error: {error}")
                loop.cancel(tasks[-1])  # give up on the slow one
            except Cancelled:
                print(f"t={clock():g}: {task.name} was cancelled")

    with Scheduler(clock) as loop:
        pages = [("home", 1), ("news", 2, True), ("video", 5)]
        tasks = [loop.spawn(fetch(*page), name=page[0]) for page in pages]
        loop.spawn(report(tasks), name="report")
        loop.run()


ex5 = prediction_exercise(
    program=ex5_program,
    what="the program",
    advice="`yield Join(task)` gives the task's result by `send`, or raises its exception there "
    "by `throw`; `loop.cancel(task)` closes the task at once, and its `finally` runs.",
    slips=[
        Slip(
            _a_line_starts("t=5"),
            "Nothing happens at t=5: `loop.cancel(tasks[-1])` closes video at t=2 (GeneratorExit "
            "at its paused `yield`), so it never wakes from its Sleep(5).",
        ),
        Slip(
            lambda d: sum("closes its connection" in line for line in d.got) < 3,
            "Every fetch's `finally` runs: when it returns (home), when it raises (news) and when "
            "it is cancelled (video, by `close()`). Expect three 'closes its connection' lines.",
        ),
        Slip(
            lambda d: not any("error: news failed" in line for line in d.got),
            "news's ConnectionError is thrown into report at its `yield Join(task)`, where the "
            "`try` catches it: report prints `error: news failed` and goes on.",
        ),
        Slip(
            lambda d: any("got home" in line for line in d.got[:1]),
            "A task's `finally` runs as it ends, before the scheduler wakes whoever joined it: "
            "home closes its connection first, then report gets the page.",
        ),
    ],
    hints=[
        "home ends at t=1: its `finally` prints, then report, woken by the Join, gets `home`.",
        "news raises at t=2: its `finally` prints, then the ConnectionError is thrown into report, "
        "which prints it and cancels video.",
        "Cancelling closes video at t=2 (its `finally` prints); report's Join on video then gets "
        "`Cancelled` thrown in. Six lines, the last four at t=2.",
    ],
)
