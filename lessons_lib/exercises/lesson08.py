"""Exercises for lesson 08, generator pipelines, pull and push, and images.

Each exercise's reference solution is the function defined just above it (ex3's
prediction is what a real run prints); ``exN.solution()`` shows it.  The reference
functions carry no type hints, so that their printed source runs when pasted into a
notebook cell.

ex4 uses the ``Exercise(checker=...)`` escape hatch: its answer is a NumPy array, and
the engine compares answers with ``==``, which NumPy answers element by element (an
array, not True or False); the checker compares shape, dtype and values itself.
ex2 uses it too, only to add one check after the engine's: the engine compares
what a coroutine replies, and the exercise's point is a state of at most n numbers,
which no reply shows (ex1 adds the same check with ``also=``).
"""

from __future__ import annotations

import collections
import heapq
import itertools
from collections.abc import Callable
from typing import Any

import numpy as np

from lessons_lib.exercises import (
    BUILT_IN_FULL,
    Difference,
    Exercise,
    Incorrect,
    Lazy,
    Slip,
    Stream,
    function_exercise,
    prediction_exercise,
)
from lessons_lib.exercises.coroutine_kind import CoroutineCheck
from lessons_lib.exercises.errors import explain_exception
from lessons_lib.exercises.retire import retire
from lessons_lib.exercises.runner import SECONDS, BudgetExceeded, LearnerError, call
from lessons_lib.pipelines import Pipeline

# --- the state of a stage: how many items its local containers hold --------------------------

_CONTAINERS = (list, tuple, set, frozenset, dict, collections.deque)


def _biggest_local(generator: Any) -> tuple[int, str]:
    """The size and name of the largest list/tuple/set/dict/deque among a paused generator's
    local variables (0 when it has none, or has finished)."""
    frame = getattr(generator, "gi_frame", None)
    local_values = frame.f_locals.items() if frame is not None else []
    sizes = [(len(value), name) for name, value in local_values if isinstance(value, _CONTAINERS)]
    return max(sizes, default=(0, ""))


def _expect_small_state(
    make: Callable[[], Any], feed: Callable[[Any], Any], limit: int, what: str, fix: str
) -> None:
    """Make the learner's generator, ``feed`` it many items, and refuse it if a local container
    then holds more than ``limit`` items: its state grows with the stream."""
    generator = None
    try:
        generator = call(make, seconds=SECONDS)
        call(feed, generator, seconds=SECONDS * 5)
        size, name = _biggest_local(generator)
    except BudgetExceeded as stopped:
        raise Incorrect(f"{what} was stopped: {stopped.cause}.") from None
    except LearnerError as failed:
        raise Incorrect(f"For {what}: {explain_exception(failed.error)}") from None
    finally:
        retire(generator)
    if size > limit:
        raise Incorrect(
            f"After {what}, the local variable `{name}` holds {size:,} items, more than "
            f"{limit}: the state must not grow with the stream. {fix}"
        )


# --- ex1: a stage with state: the moving average ------------------------------------------------


def moving_average(numbers, window):
    """Yield the average of the last ``window`` numbers, from the moment ``window`` have arrived."""
    recent = collections.deque(maxlen=window)  # the state: never more than `window` numbers
    for number in numbers:
        recent.append(number)
        if len(recent) == window:
            yield sum(recent) / window


def _numbers(d: Difference) -> list[Any]:
    first = d.args[0]
    return first.values() if isinstance(first, Stream) else list(first)


def _all_time(d: Difference) -> list[float]:
    """What an answer that averages every number so far would give."""
    numbers, window = _numbers(d), d.args[1]
    return [sum(numbers[: i + 1]) / (i + 1) for i in range(window - 1, len(numbers))]


def _partial_windows(d: Difference) -> bool:
    window = d.args[1]
    return len(d.got) == len(d.want) + window - 1 > len(d.want) and d.got[window - 1 :] == d.want


def _ex1_state(answer: Callable[..., Any]) -> None:
    _expect_small_state(
        lambda: answer(iter(range(20_000)), 4),
        lambda generator: collections.deque(itertools.islice(generator, 10_000), maxlen=0),
        4,
        "10,000 averages of `moving_average(range(20_000), 4)`",
        "Keep only the last `window` numbers, for example in "
        "`collections.deque(maxlen=window)`, which drops the oldest by itself.",
    )


ex1 = function_exercise(
    moving_average,
    returns="generator",
    cases=[
        (Stream([4, 8, 6, 2, 10, 0]), 3),
        (Stream([1, 2, 3]), 1),
        (Stream([5, 7]), 3),
        (Stream([]), 2),
        (Stream(range(20)), 20),
        (Stream([3, 9, 3, 9, 3]), 2),
    ],
    draw=lambda rng: (
        Stream([rng.randint(-50, 50) for _ in range(rng.randint(0, 25))]),
        rng.randint(1, 6),
    ),
    count=20,
    lazy=Lazy((Stream(range(1_000)), 3), take=3, max_pulled=6),
    also=[_ex1_state],
    slips=[
        *BUILT_IN_FULL,
        Slip(_partial_windows,
             "`{call}` starts too early: its first averages cover fewer than `window` numbers. "
             "Yield only once the window is full (`if len(recent) == window:`)."),
        Slip(lambda d: d.got == _all_time(d) != d.want,
             "`{call}` averages every number so far, not only the last `window`: its state "
             "grows with the input. Keep the last `window` numbers only, for example in "
             "`collections.deque(maxlen=window)`, which drops the oldest by itself."),
        Slip(lambda d: len(d.got) == len(d.want) and d.got and all(
            isinstance(g, (int, float)) for g in d.got) and [round(g * d.args[1]) for g in
            d.want] == [round(g) for g in d.got],
             "`{call}` gives the sums of the windows, not their averages: divide by `window`."),
    ],
    success="moving_average keeps exactly `window` numbers as its state, however long the "
    "stream, and hands out each average as soon as it can.",
    hints=[
        "The stage must remember the last `window` numbers, and only those: that is its state. "
        "Each new number pushes the oldest one out.",
        "`collections.deque(maxlen=window)` is a list that drops its oldest item when a new one "
        "is appended to a full deque. Append each number, and yield an average when the deque "
        "holds `window` numbers.",
        "`recent = collections.deque(maxlen=window)`; in `for number in numbers:` append the "
        "number, then `if len(recent) == window: yield sum(recent) / window`.",
    ],
)

# --- ex2: a push sink: the n largest so far, with heapq ---------------------------------------


def top_n(n):
    """A coroutine: receive numbers with send(); reply with the n largest so far, largest first."""
    heap = []  # the n largest so far; heap[0] is the smallest of them
    while True:
        number = yield sorted(heap, reverse=True)
        if len(heap) < n:
            heapq.heappush(heap, number)
        else:
            heapq.heappushpop(heap, number)  # push, then pop the smallest: n stay


def _step_gave(d: Difference) -> Any:
    return d.got[1] if d.got[0] == "gave" else None


def _sent(d: Difference) -> list[Any]:
    return [step[1] for step in d.args if step[0] == "send"]


def _wrong_order_text(d: Difference) -> str:
    got = _step_gave(d)
    if got == sorted(got):
        return (f"`{d.call}` gave `{got}`, smallest first: the numbers are right, and so is "
                "sorting them; ask for the largest first with `sorted(heap, reverse=True)`.")
    return (f"`{d.call}` gave the right numbers in the wrong order: `{got}`. A heap only "
            "promises that its smallest item is first; hand out `sorted(heap, reverse=True)`.")


_top_n_replies = CoroutineCheck(
    top_n,
    arg_sets=[(3,), (1,), (5,)],
    primed=False,
    seed=20240301,
    seconds=SECONDS,
    sends=[[5, 1, 9, 7, 3, 8], [2, 2, 2, 2], [-1, -5, 0]],
    draw=lambda rng: [rng.randint(-20, 20) for _ in range(rng.randint(1, 12))],
    count=15,
    endings=[[("close",)]],
    slips=[
        Slip(lambda d: d.got[0] == "returned",
             "At `{call}`, top_n returned instead of waiting for the next number: keep the "
             "receiving `yield` inside a `while True:` loop, so it can receive any number of "
             "values."),
        Slip(lambda d: d.got[0] == "gave" and d.got[1] is None,
             "`{call}` gave None: reply to each number with the list of the largest so far, "
             "in the same `yield`: `number = yield sorted(heap, reverse=True)`."),
        Slip(lambda d: isinstance(_step_gave(d), list) and isinstance(d.want[1], list)
             and sorted(_step_gave(d)) == sorted(d.want[1]) and _step_gave(d) != d.want[1],
             _wrong_order_text),
        Slip(lambda d: isinstance(_step_gave(d), list)  # runs with n = 3 come first
             and _step_gave(d) == sorted(_sent(d), reverse=True)[:3] != d.want[1],
             "`{call}` gave {got[1]}, but it should be {want[1]}: the check also makes "
             "`top_n(1)` and `top_n(5)`. Did you write 3 where `n` belongs?"),
        Slip(lambda d: isinstance(_step_gave(d), list)
             and len(_step_gave(d)) > len(d.want[1]),
             "`{call}` gave {got[1]}: more than the n largest ({want[1]}). Keep only n "
             "numbers: once the heap holds n, `heapq.heappushpop(heap, number)` pushes the "
             "new one and pops the smallest."),
        Slip(lambda d: isinstance(_step_gave(d), list) and len(_step_gave(d)) == len(d.want[1])
             and sorted(_step_gave(d)) == sorted(_sent(d))[: len(_step_gave(d))]
             != sorted(d.want[1]),
             "`{call}` kept the smallest numbers, not the largest. `heapq` keeps its smallest "
             "item at heap[0], so popping from the heap throws the smallest away: that is what "
             "keeps the largest."),
    ],
    success="",
)


def _feed_top_n(coroutine: Any) -> None:
    next(coroutine)
    for number in range(2_000):
        coroutine.send(number * 7919 % 2_003)  # a shuffled run of distinct numbers


def _check_top_n(answer: Any) -> str:
    _top_n_replies(answer)  # raises Incorrect at the first reply that differs
    _expect_small_state(
        lambda: answer(3),
        _feed_top_n,
        3,
        "2,000 numbers sent to `top_n(3)`",
        "Keep only n numbers: once the heap holds n, `heapq.heappushpop(heap, number)` "
        "pushes the new one and pops the smallest.",
    )
    return ("top_n replies with the n largest numbers so far, largest first, and keeps only "
            "n numbers, however many it receives.")


ex2 = Exercise(
    checker=_check_top_n,
    solution=top_n,
    seconds=None,
    hints=[
        "The sink's state is the n largest numbers received so far. A new number either joins "
        "them (and the smallest of them leaves) or is thrown away.",
        "`heapq` keeps a list with its smallest item at index 0. `heapq.heappush(heap, x)` "
        "adds x; `heapq.heappushpop(heap, x)` adds x and then removes the smallest: after it, "
        "the heap holds the largest of the old items and x.",
        "`heap = []`, then `while True:` with `number = yield sorted(heap, reverse=True)`, then "
        "`heappush` while `len(heap) < n`, else `heappushpop`.",
    ],
)

# --- ex3: predict what a pull pipeline prints, and the order it closes in ----------------------


def ex3_program():
    """A two-stage pipeline that prints what each stage does; the consumer takes one item."""

    def numbers():
        try:
            for n in [1, 2, 3, 4]:
                print(f"numbers: {n}")
                yield n
        finally:
            print("numbers: closed")

    def evens(items):
        try:
            for n in items:
                if n % 2 == 0:
                    print(f"evens: {n}")
                    yield n
        finally:
            print("evens: closed")

    with Pipeline(numbers(), evens) as pipeline:
        print("got", next(pipeline))
    print("done")


def _position(lines: list[str], text: str) -> int:
    return next((i for i, line in enumerate(lines) if line.startswith(text)), -1)


ex3 = prediction_exercise(
    program=ex3_program,
    what="the pipeline",
    advice="Follow one next() from the consumer: it goes to the last stage, which pulls from "
    "the one before it until it has something to hand out.",
    slips=[
        Slip(lambda d: any(line in ("numbers: 3", "numbers: 4") for line in d.got),
             "Only two numbers are ever read: the consumer asks for one item, and evens stops "
             "pulling as soon as it can hand out 2. Nothing runs ahead in a pull pipeline."),
        Slip(lambda d: "evens: 1" in d.got,
             "'evens: 1' is never printed: evens prints only the numbers it hands out, and 1 "
             "is odd. It pulls 1, drops it, and pulls again."),
        Slip(lambda d: 0 <= _position(d.got, "numbers: closed") < _position(d.got, "evens: closed"),
             "The pipeline closes its stages from the last to the first: evens (the stage the "
             "consumer pulls from) closes before numbers, the source."),
        Slip(lambda d: 0 <= _position(d.got, "got") < _position(d.got, "numbers: 2"),
             "'got 2' comes after the stages have worked: next(pipeline) returns only once "
             "evens has found an even number, so the prints of the stages come first."),
        Slip(lambda d: "done" in d.got and _position(d.got, "evens: closed") < 0
             and _position(d.got, "numbers: closed") < 0,
             "The stages' `finally` lines are missing. Leaving the `with` block closes the "
             "pipeline, and closing it closes every stage, last first: each one's `finally` "
             "prints before 'done'."),
        Slip(lambda d: 0 <= _position(d.got, "done") < _position(d.got, "evens: closed"),
             "Leaving the `with` block closes the stages, so their `finally` lines come "
             "before 'done'."),
    ],
    success="The pipeline prints exactly those 7 lines: each next() pulls just enough, and "
    "closing runs the finally blocks from the last stage back to the source.",
    hints=[
        "Nothing runs when the pipeline is made. The first next() goes to evens, the last stage; "
        "evens asks numbers for a number, checks it, and asks again if it is odd.",
        "evens prints only the numbers it hands out. After 'got ...' the consumer stops asking: "
        "no more numbers are read.",
        "Leaving the `with` block closes every stage, last first: evens, then numbers. Each one's "
        "`finally` prints as it closes, before the line after the block.",
    ],
)
PREDICTION_EX3 = ex3.answer

# --- ex4: one-hot labels with NumPy ----------------------------------------------------------


def one_hot(labels, classes):
    """Labels as a float32 array of one-hot rows: row i has a single 1, in column labels[i]."""
    encoded = np.zeros((len(labels), classes), dtype=np.float32)
    encoded[np.arange(len(labels)), labels] = 1
    return encoded


EX4_CASES: list[tuple[Any, int]] = [
    ([2, 0, 2, 1], 3),
    ([3, 3, 0], 4),
    ([0], 1),
    ([], 2),
    (np.array([1, 4, 2, 0]), 5),
]


def _ex4_cases() -> list[tuple[Any, int]]:
    rng = np.random.default_rng(8)
    drawn = []
    for _ in range(10):
        classes = int(rng.integers(1, 8))
        drawn.append((rng.integers(0, classes, size=int(rng.integers(0, 12))).tolist(), classes))
    return EX4_CASES + drawn


def _show(labels: Any) -> str:
    return repr(labels.tolist() if isinstance(labels, np.ndarray) else labels)


def _dtype_note(dtype: np.dtype) -> str:
    if dtype == np.float64:
        return "float64, NumPy's default for `np.zeros`, takes twice the memory."
    if dtype == np.bool_:
        return "A comparison gives bools: turn them into float32 with `.astype(np.float32)`."
    return "Give the dtype where the array is made, or convert with `.astype(np.float32)`."


def _check_one_hot(answer: Any) -> str:
    for labels, classes in _ex4_cases():
        given = labels.copy() if isinstance(labels, np.ndarray) else list(labels)
        want = one_hot(np.asarray(labels, dtype=np.intp), classes)
        where = f"one_hot({_show(labels)}, {classes})"
        try:
            got = call(answer, given, classes)
        except LearnerError as failed:
            error = failed.error
            advice = ""
            if isinstance(error, IndexError) and len(labels) == 0:
                advice = (
                    " An empty list becomes a float64 array (`np.asarray([])`), and floats "
                    "cannot index: ask for integers, `np.asarray(labels, dtype=int)`."
                )
            raise Incorrect(f"For `{where}`: {explain_exception(error)}{advice}") from None
        if not isinstance(got, np.ndarray):
            raise Incorrect(
                f"`{where}` returned {type(got).__name__} `{got!r}`: return a NumPy array, "
                "for example one made with `np.zeros((len(labels), classes), dtype=np.float32)`."
            )
        if got.shape == want.shape[::-1] and got.shape != want.shape:
            raise Incorrect(
                f"`{where}` has shape {got.shape}: one row per label, one column per class is "
                f"{want.shape}. Swap the two sizes."
            )
        if got.shape != want.shape:
            raise Incorrect(f"`{where}` has shape {got.shape}, but it should be {want.shape}.")
        if got.dtype != np.float32:
            raise Incorrect(
                f"`{where}` has dtype {got.dtype}: ask for float32 (`dtype=np.float32`), the type "
                f"the pipeline hands to a model. {_dtype_note(got.dtype)}"
            )
        if np.array_equal(got, want):
            continue
        if not got.any() and want.any():
            raise Incorrect(
                f"`{where}` is all zeros: set a single 1 in each row, in the column of its "
                "label: `encoded[np.arange(len(labels)), labels] = 1`."
            )
        if np.array_equal(got, np.roll(want, -1, axis=1)):  # label - 1: column k - 1
            raise Incorrect(
                f"`{where}` puts each 1 one column too far left: label k goes in column k "
                "(counting from 0), no `- 1` needed."
            )
        raise Incorrect(
            f"`{where}` should be `{want.tolist()}`, but it is `{got.tolist()}`."
        )
    return "one_hot turns labels into rows with a single 1, as float32, without scikit-learn."


ex4 = Exercise(
    checker=_check_one_hot,
    hints=[
        "Start from an array of zeros with one row per label and one column per class, of "
        "dtype float32; then put a 1 in each row, in the column its label names.",
        "NumPy indexes many cells at once with two index arrays: `encoded[rows, columns] = 1` "
        "sets `encoded[rows[i], columns[i]]` for every i. The rows are `np.arange(len(labels))`.",
        "`encoded = np.zeros((len(labels), classes), dtype=np.float32)`, then "
        "`encoded[np.arange(len(labels)), labels] = 1` and `return encoded`. (Another way: "
        "`np.eye(classes, dtype=np.float32)[labels]` picks rows of an identity matrix.)",
    ],
    solution=one_hot,
)
