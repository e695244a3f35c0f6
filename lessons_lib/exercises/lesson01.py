"""Exercises for lesson 01, iterators and generator functions.

Each exercise's reference solution is the function defined just above it;
``exN.solution()`` prints that function's source.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from typing import Any

from lessons_lib.exercises import Exercise, Incorrect, expect_equal, expect_generator, expect_lazy, expect_prediction

# --- ex1: a lazy generator over any iterable -----------------------------------------------


def every_other(items):
    """Yield the items at positions 0, 2, 4, ... of ``items``, reading only as far as needed."""
    for position, item in enumerate(items):
        if position % 2 == 0:
            yield item


def _check_every_other(answer: Any) -> str:
    try:
        list(answer(iter("abc")))
    except TypeError as error:
        if "subscriptable" in str(error) or "len()" in str(error):
            raise Incorrect(
                "every_other(iter('abc')) raised TypeError: an iterator has no len() and cannot be "
                "indexed or sliced. Loop over `items` with `for` (enumerate gives the positions)."
            ) from error
        raise
    expect_generator(answer("abcde"), "every_other('abcde')")
    expect_equal(list(answer("abcde")), ["a", "c", "e"], "list(every_other('abcde'))")
    expect_equal(list(answer([])), [], "list(every_other([]))")
    taken = expect_lazy(answer, range(1_000), take=3, max_pulled=6, what="every_other")
    expect_equal(taken, [0, 2, 4], "the first three items of every_other(range(1000))")
    return "every_other yields every second item and reads its input only as far as it is asked to."


ex1 = Exercise(
    "ex1",
    checker=_check_every_other,
    hints=[
        "Loop over `items` with `for`; a generator function hands out an item with `yield`.",
        "`enumerate(items)` gives you each item's position; keep the ones whose position is even.",
        "Do not build a list and do not call len(): `items` may be an iterator that can be read only once.",
    ],
    solution=every_other,
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


PREDICTION_EX2 = '''
caller: created the generator
generator: starting
generator: about to yield 1
caller: got 1
generator: resumed after 1
generator: about to yield 2
caller: got 2
generator: resumed after 2
generator: finished
caller: loop is over
'''

ex2 = Exercise(
    "ex2",
    checker=lambda prediction: expect_prediction(prediction, ex2_program, "the loop"),
    hints=[
        "Calling chatty_numbers() runs none of its body: the first line printed is the caller's.",
        "Each pass of the `for` loop calls next(): the generator runs from where it paused to the next `yield`.",
        "After the last item, the loop's next() resumes the generator once more: it prints its closing line "
        "and ends, and only then is the loop over.",
    ],
    solution=f"prediction = '''{PREDICTION_EX2}'''",
    answer=PREDICTION_EX2,
)

# --- ex3: an infinite generator ----------------------------------------------------------------


def triangular_numbers():
    """Yield 1, 3, 6, 10, ...: the n-th triangular number is 1 + 2 + ... + n, forever."""
    total = 0
    for n in itertools.count(1):
        total += n
        yield total


def _check_triangular(answer: Any) -> str:
    numbers = expect_generator(answer(), "triangular_numbers()")
    first = list(itertools.islice(numbers, 6))
    expect_equal(first, [1, 3, 6, 10, 15, 21], "the first six triangular numbers")
    thousandth = next(itertools.islice(answer(), 999, None), None)
    if thousandth is None:
        raise Incorrect("triangular_numbers() stopped before its 1000th number; it should go on forever.")
    expect_equal(thousandth, 1000 * 1001 // 2, "the 1000th triangular number")
    return "triangular_numbers never ends, and islice takes just what you ask for."


ex3 = Exercise(
    "ex3",
    checker=_check_triangular,
    hints=[
        "Keep a running total in a local variable; it survives between yields.",
        "`itertools.count(1)` counts 1, 2, 3, ... forever; add each to the total and yield the total.",
        "A `while True:` loop with a counter works just as well: the caller decides when to stop.",
    ],
    solution=triangular_numbers,
)
