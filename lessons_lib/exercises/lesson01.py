"""Exercises for lesson 01, iterators and generator functions.

Each exercise's reference solution is the function defined just above it;
``exN.solution()`` prints that function's source.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

from lessons_lib.exercises import (
    Lazy,
    Slip,
    Stream,
    function_exercise,
    prediction_exercise,
    raised,
)

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
