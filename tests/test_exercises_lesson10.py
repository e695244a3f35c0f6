"""Lesson 10's exercises: each wrong answer in the tables fails with its phrase, and each
alternative passes."""

from __future__ import annotations

import asyncio
import itertools
import sys
import threading
from collections import deque

import pytest
from exercise_tables import fails_with, passes, table_id

from lessons_lib.exercises.lesson10 import ex1, ex2, ex3, ex4, ex5, fake_fetch

# --- ex1: take_turns ------------------------------------------------------------------------


def chained(tasks):
    for task in tasks:
        yield from task


def zipped(tasks):
    while True:
        for task in tasks:
            yield next(task)


def stops_at_first_end(tasks):
    while True:
        for task in tasks:
            try:
                yield next(task)
            except StopIteration:
                return


def turns_by_index(tasks):
    live = list(tasks)
    index = 0
    while live:
        index %= len(live)
        try:
            value = next(live[index])
        except StopIteration:
            del live[index]
            continue
        index += 1
        yield value


def turns_with_sentinel(tasks):
    queue = deque(tasks)
    done = object()
    while queue:
        task = queue.popleft()
        value = next(task, done)
        if value is not done:
            yield value
            queue.append(task)


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (chained, "ran each task to its end before starting the next one"),
        (zipped, "turned it into a RuntimeError. Catch it around `next(task)`"),
        (stops_at_first_end, "stopped as soon as the first task ended"),
    ],
    ids=table_id,
)
def test_ex1_wrong_answers(answer, phrase) -> None:
    fails_with(ex1, answer, phrase)


@pytest.mark.parametrize("answer", [turns_by_index, turns_with_sentinel], ids=table_id)
def test_ex1_alternatives(answer) -> None:
    passes(ex1, answer)


# --- ex2: prediction -------------------------------------------------------------------------

RIGHT = """t=0: kettle sleeps 3
t=0: toast sleeps 1
t=1: toast sleeps 1
t=2: toast done
t=3: kettle done"""
KETTLE_FIRST = """t=0: kettle sleeps 3
t=3: kettle done
t=3: toast sleeps 1
t=4: toast sleeps 1
t=5: toast done"""
NO_CLOCK = RIGHT.replace("t=1: toast", "t=0: toast")
SWAPPED = RIGHT.replace("t=2: toast done\nt=3: kettle done", "t=3: kettle done\nt=2: toast done")
TOAST_FIRST = RIGHT.replace("t=0: kettle sleeps 3\nt=0: toast sleeps 1",
                            "t=0: toast sleeps 1\nt=0: kettle sleeps 3")
DOT_ZERO = RIGHT.replace("t=0:", "t=0.0:")


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (KETTLE_FIRST, "The kettle cannot be done second"),
        (NO_CLOCK, "Toast's second nap starts when its first one ends, at t=1"),
        (SWAPPED, "line 4 of your prediction"),
        (TOAST_FIRST, "in the order they were spawned"),
        (DOT_ZERO, "formats with `:g`"),
    ],
    ids=table_id,
)
def test_ex2_wrong_predictions(answer, phrase) -> None:
    fails_with(ex2, answer, phrase)


@pytest.mark.parametrize("answer", [RIGHT, "\n  " + RIGHT.replace("\n", "  \n") + "\n"],
                         ids=table_id)
def test_ex2_right_predictions(answer) -> None:
    passes(ex2, answer)


# --- ex3: fetch_all --------------------------------------------------------------------------


async def one_after_another(numbers, delay):
    return [await fake_fetch(number, delay) for number in numbers]


async def forgot_await(numbers, delay):
    return [fake_fetch(number, delay) for number in numbers]


async def nested_run(numbers, delay):
    return [asyncio.run(fake_fetch(number, delay)) for number in numbers]


def not_async(numbers, delay):
    return [f"page {number}" for number in numbers]


async def wrong_order(numbers, delay):
    return sorted(await asyncio.gather(*(fake_fetch(n, delay) for n in numbers)))


async def two_at_a_time(numbers, delay):
    pages = []
    for start in range(0, len(numbers), 2):
        pages += await asyncio.gather(*(fake_fetch(n, delay) for n in numbers[start:start + 2]))
    return pages


async def never_fetches(numbers, delay):
    return [f"page {number}" for number in numbers]


async def gather_not_awaited(numbers, delay):
    return asyncio.gather(*(fake_fetch(n, delay) for n in numbers))


async def with_create_task(numbers, delay):
    tasks = [asyncio.create_task(fake_fetch(number, delay)) for number in numbers]
    return [await task for task in tasks]


async def with_task_group(numbers, delay):
    async with asyncio.TaskGroup() as group:
        tasks = [group.create_task(fake_fetch(number, delay)) for number in numbers]
    return [task.result() for task in tasks]


async def with_tasks(numbers, delay):
    tasks = [asyncio.ensure_future(fake_fetch(number, delay)) for number in numbers]
    return [await task for task in tasks]


async def with_wait(numbers, delay):
    if not numbers:
        return []
    tasks = [asyncio.ensure_future(fake_fetch(number, delay)) for number in numbers]
    await asyncio.wait(tasks)
    return [task.result() for task in tasks]


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (one_after_another, "one after another: 8 x 0.1 s"),
        (two_at_a_time, "or a gather per group, waits"),
        (never_fetches, "made up the pages without fetching them"),
        (gather_not_awaited, "returned `asyncio.gather(...)` without `await`"),
        (forgot_await, "gave coroutine objects, not pages"),
        (nested_run, "asyncio.run() cannot be called from a running event loop"),
        (not_async, "define it with `async def`"),
        (wrong_order, "should give `['page 6', 'page 2',"),
    ],
    ids=table_id,
)
def test_ex3_wrong_answers(answer, phrase) -> None:
    fails_with(ex3, answer, phrase)


@pytest.mark.parametrize("answer", [with_tasks, with_wait, with_create_task], ids=table_id)
def test_ex3_alternatives(answer) -> None:
    passes(ex3, answer)


@pytest.mark.skipif(sys.version_info < (3, 11), reason="asyncio.TaskGroup is new in 3.11")
def test_ex3_task_group_passes() -> None:
    passes(ex3, with_task_group)


async def busy_loop(numbers, delay):
    while True:
        pass


def test_ex3_busy_loop_is_stopped_and_leaves_no_thread() -> None:
    fails_with(ex3, busy_loop, "Your code was stopped: it blocked the event loop")
    assert not [t for t in threading.enumerate() if t.name == "exercise-asyncio"]
    passes(ex3, with_create_task)  # the next check is not slowed down by a leftover thread


# --- ex4: running_total ----------------------------------------------------------------------


def plain_def(source):
    total = 0
    for number in source:
        total += number
        yield total


async def returns_list(source):
    return [number async for number in source]


async def collects_first(source):
    numbers = [number async for number in source]
    for total in itertools.accumulate(numbers):
        yield total


async def yields_before_adding(source):
    total = 0
    async for number in source:
        yield total
        total += number


async def one_late(source):  # yields each total only when the NEXT number arrives
    total = None
    async for number in source:
        if total is not None:
            yield total
        total = (total or 0) + number
    if total is not None:
        yield total


async def with_accumulate_style(source):
    totals = []
    async for number in source:
        totals.append(number + (totals[-1] if totals else 0))
        yield totals[-1]


async def with_anext_loop(source):
    total = 0
    iterator = source.__aiter__()
    while True:
        try:
            number = await iterator.__anext__()
        except StopAsyncIteration:
            return
        total += number
        yield total


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (plain_def, "A plain `def` cannot `async for`"),
        (returns_list, "without `yield`, so it makes a coroutine"),
        (collects_first, "read 1000 numbers from its source"),
        (yields_before_adding, "should be `[3, 4, 8, 9, 14]`"),
        (one_late, "not when the next number comes"),
    ],
    ids=table_id,
)
def test_ex4_wrong_answers(answer, phrase) -> None:
    fails_with(ex4, answer, phrase)


@pytest.mark.parametrize("answer", [with_accumulate_style, with_anext_loop], ids=table_id)
def test_ex4_alternatives(answer) -> None:
    passes(ex4, answer)


# --- ex5: prediction with Join, throw and cancel ---------------------------------------------

RIGHT5 = """t=1: home closes its connection
t=1: got home
t=2: news closes its connection
t=2: error: news failed
t=2: video closes its connection
t=2: video was cancelled"""
VIDEO_RUNS_ON = RIGHT5.replace("t=2: video closes its connection\nt=2: video was cancelled",
                               "t=5: video closes its connection\nt=5: got video")
NO_FINALLY_ON_CANCEL = RIGHT5.replace("t=2: video closes its connection\n", "")
REPORT_DIES = "t=1: home closes its connection\nt=1: got home\nt=2: news closes its connection"
GOT_BEFORE_FINALLY = RIGHT5.replace("t=1: home closes its connection\nt=1: got home",
                                    "t=1: got home\nt=1: home closes its connection")


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (VIDEO_RUNS_ON, "Nothing happens at t=5"),
        (NO_FINALLY_ON_CANCEL, "Every fetch's `finally` runs"),
        (REPORT_DIES, "Every fetch's `finally` runs"),
        (REPORT_DIES + "\nt=2: video closes its connection", "thrown into report at its"),
        (GOT_BEFORE_FINALLY, "before the scheduler wakes whoever joined it"),
    ],
    ids=table_id,
)
def test_ex5_wrong_predictions(answer, phrase) -> None:
    fails_with(ex5, answer, phrase)


@pytest.mark.parametrize("answer", [RIGHT5, "\n" + RIGHT5.replace("\n", "   \n") + "\n\n"],
                         ids=table_id)
def test_ex5_right_predictions(answer) -> None:
    passes(ex5, answer)
