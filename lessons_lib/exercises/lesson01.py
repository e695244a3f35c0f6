"""Exercises for lesson 01, iterators and generator functions.

Each exercise's reference solution is the function defined just above it;
``exN.solution()`` prints that function's source.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

from lessons_lib.exercises import (
    Exercise,
    Incorrect,
    Lazy,
    Slip,
    Stream,
    function_exercise,
    prediction_exercise,
    raised,
)
from lessons_lib.exercises.runner import LearnerError, call
from lessons_lib.memory import tracemalloc_peak

# --- ex1: a lazy generator over any iterable -----------------------------------------------


def every_other(items):
    """Yield the items at positions 0, 2, 4, ... of ``items``, reading only as far as needed."""
    for position, item in enumerate(items):
        if position % 2 == 0:
            yield item


ex1 = function_exercise(
    every_other,
    returns="iterator",
    cases=[("abcde",), (Stream("abc"),), ([],), ("a",), (Stream(range(7)),)],
    draw=lambda rng: (Stream([rng.randint(0, 99) for _ in range(rng.randint(0, 15))]),),
    lazy=Lazy((Stream(range(1_000)),), take=3, max_pulled=6),
    slips=[
        Slip(
            raised(TypeError, "subscriptable", "len()"),
            "`{call}` raised TypeError: an iterator has no len() and cannot be indexed or "
            "sliced. Loop over `items` with `for` (enumerate gives the positions).",
        ),
    ],
    success="every_other yields every second item and reads its input only as far as it is "
    "asked to.",
    hints=[
        "Loop over `items` with `for`; a generator function hands out an item with `yield`.",
        "`enumerate(items)` gives you each item's position; keep the ones whose position is even.",
        "Do not build a list and do not call len(): `items` may be an iterator that can be read "
        "only once. (A lazy iterator from itertools, `itertools.islice(items, 0, None, 2)`, is "
        "accepted too: the point here is reading lazily.)",
    ],
)

# --- ex2: predict the output of a loop over a generator ---------------------------------------


def chatty_numbers() -> Iterator[int]:
    print("generator: starting")
    for number in (1, 2):
        print(f"generator: about to yield {number}")
        yield number
        print(f"generator: resumed after {number}")
    print("generator: finished")


def ex2_program() -> None:
    """The loop whose printout the learner predicts in lesson 01."""
    numbers = chatty_numbers()
    print("caller: created the generator")
    for number in numbers:
        print(f"caller: got {number}")
    print("caller: loop is over")


ex2 = prediction_exercise(
    program=ex2_program,
    what="the loop",
    advice="Follow the hand-overs: each next() runs the generator up to its next yield.",
    hints=[
        "Calling chatty_numbers() runs none of its body: the first line printed is the caller's.",
        "Each pass of the `for` loop calls next(): the generator runs from where it paused to "
        "the next `yield`.",
        "After the last item, the loop's next() resumes the generator once more: it prints its "
        "closing line and ends, and only then is the loop over.",
    ],
)
PREDICTION_EX2 = ex2.answer

# --- ex3: an infinite generator ----------------------------------------------------------------


def triangular_numbers():
    """Yield 1, 3, 6, 10, ...: the n-th triangular number is 1 + 2 + ... + n, forever."""
    total = 0
    for n in itertools.count(1):
        total += n
        yield total


ex3 = function_exercise(
    triangular_numbers,
    returns="iterator",
    infinite=True,
    cases=[()],
    success="triangular_numbers never ends, and islice takes just what you ask for.",
    hints=[
        "Keep a running total in a local variable; it survives between yields.",
        "`itertools.count(1)` counts 1, 2, 3, ... forever; add each to the total and yield the "
        "total.",
        "A `while True:` loop with a counter works just as well: the caller decides when to stop. "
        "(`itertools.accumulate(itertools.count(1))` is accepted too: it is lazy and endless.)",
    ],
)


# --- ex4: an iterable class that can be looped over again and again -------------------------


class Countdown:
    """Count down start, start - 1, ..., 1; every loop over the same object starts again."""

    def __init__(self, start):
        self.start = start

    def __iter__(self):
        number = self.start
        while number > 0:
            yield number
            number -= 1


_EAGER_BYTES = 1_000_000  # Countdown(200_000) as a list takes about 7 MB; a lazy first item, bytes


def _run(what: str, function: Callable[..., Any], *args: Any) -> Any:
    """Run learner code; turn the protocol slips of an iterable class into targeted messages."""
    try:
        return call(function, *args)
    except LearnerError as failure:
        error = failure.error
        if isinstance(error, TypeError) and "non-iterator" in str(error):
            raise Incorrect(
                f"`{what}` raised TypeError: {error}. `__iter__` must return an iterator, such "
                "as a generator. Make `__iter__` a generator function: loop and `yield`."
            ) from None
        if isinstance(error, TypeError) and "not iterable" in str(error):
            raise Incorrect(
                f"`{what}` raised TypeError: {error}. A `for` loop calls `__iter__`: give the "
                "class a method named exactly `__iter__` (two underscores on each side)."
            ) from None
        raise


def _check_countdown(answer: Any) -> str:
    if not callable(answer):
        raise Incorrect("Hand `check` your class itself: `ex4.check(Countdown)`.")
    for start in (3, 1, 0, 5):
        want = list(range(start, 0, -1))
        countdown = _run(f"Countdown({start})", answer, start)
        first = _run(f"list(Countdown({start}))", list, countdown)
        if first != want:
            raise Incorrect(f"`list(Countdown({start}))` should be `{want}`, but it is `{first}`.")
        second = _run("a second loop", list, countdown)
        if second != want:
            raise Incorrect(
                f"A second loop over the same `Countdown({start})` gave `{second}`, not `{want}`: "
                "the object was used up by the first loop, like an iterator. Don't keep the "
                "position in the object; make `__iter__` a generator function, so each loop gets "
                "a fresh generator of its own."
            )
    countdown = _run("Countdown(3)", answer, 3)
    pairs = _run("a nested loop", lambda: [(a, b) for a in countdown for b in countdown])
    if len(pairs) != 9:
        raise Incorrect(
            f"A nested loop over one `Countdown(3)` gave {len(pairs)} pairs instead of 9: the two "
            "loops share one position. That happens when `__iter__` returns the object itself; "
            "an iterable should hand each loop a new iterator (a generator function does)."
        )
    huge = _run("Countdown(200000)", answer, 200_000)
    first, peak = tracemalloc_peak(
        lambda: _run("next(iter(Countdown(200000)))", lambda: next(iter(huge)))
    )
    if first != 200_000:
        raise Incorrect(f"`next(iter(Countdown(200000)))` should be `200000`, but it is `{first}`.")
    if peak > _EAGER_BYTES:
        raise Incorrect(
            f"`next(iter(Countdown(200000)))` allocated {peak / 1e6:.1f} MB: `__iter__` builds all "
            "200,000 numbers before it hands out the first. Yield them one at a time instead."
        )
    return (
        "Countdown can be looped over again and again, even in nested loops, and it computes "
        "each number only when a loop asks for it."
    )


ex4 = Exercise(
    checker=_check_countdown,
    hints=[
        "`__init__` only stores `start`. All the counting happens in `__iter__`, which runs once "
        "per loop.",
        "Make `__iter__` a generator function: a loop in its body that yields `start`, "
        "`start - 1`, ... down to 1. Don't write `__next__`, and don't return `self`.",
        "`def __iter__(self):` then `number = self.start`, and `while number > 0:` yield "
        "`number` and subtract one. (`yield from range(self.start, 0, -1)` works too.)",
    ],
    solution=Countdown,
)
