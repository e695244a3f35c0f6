"""Exercises for lesson 02, generator expressions and itertools.

Each exercise's reference solution is the function defined just above it;
``exN.solution()`` prints that function's source.
"""

from __future__ import annotations

import inspect
import itertools
import textwrap
from typing import Any

from lessons_lib.exercises import (
    Exercise,
    Incorrect,
    expect_equal,
    expect_generator,
    expect_lazy,
    expect_prediction,
)
from lessons_lib.iterutils import batched

# --- ex1: a generator expression that filters ------------------------------------------------


def squares_of_evens(numbers):
    return (n * n for n in numbers if n % 2 == 0)


def _refuse_built_containers(result: Any, what: str) -> None:
    """Name the slip of building a container where a lazy expression was asked for."""
    if isinstance(result, list):
        raise Incorrect(
            f"{what} is a list, built all at once (by a list comprehension in square brackets, or "
            "by list(...)): every item is computed before the caller gets the first. Hand them out "
            "lazily: write the expression in round brackets ( ... ) to get a generator expression, "
            "or return the iterator itself without list()."
        )
    if isinstance(result, (tuple, set, dict)):
        raise Incorrect(
            f"{what} is a {type(result).__name__}, built all at once. Return the generator "
            f"expression itself, not {type(result).__name__}(...) of it: the caller decides "
            "what to collect the items into."
        )
    if type(result).__name__ == "list_iterator":
        raise Incorrect(
            f"{what} is an iterator over a list: the list was built in full first. Drop the "
            "list comprehension and iter(); a generator expression is already an iterator."
        )


def _check_squares_of_evens(answer: Any) -> str:
    what = "squares_of_evens([1, 2, 3, 4, 5, 6])"
    result = answer([1, 2, 3, 4, 5, 6])
    _refuse_built_containers(result, what)
    values = list(expect_generator(result, what))
    if values != [4, 16, 36]:
        if len(values) == 6:
            raise Incorrect(
                f"{what} gives {values}: one value for each of the six numbers. That is choosing "
                "(`a if c else b` at the front), not filtering. Put the condition at the end: "
                "`(... for n in numbers if ...)`."
            )
        if values == [1, 9, 25]:
            raise Incorrect(
                f"{what} gives the squares of the odd numbers. `n % 2 == 0` is true for even n; "
                "`n % 2` alone is true for odd n."
            )
        if values == [2, 4, 6]:
            raise Incorrect(f"{what} gives the even numbers themselves; hand out n * n, not n.")
        expect_equal(values, [4, 16, 36], f"list({what})")
    expect_equal(list(answer([])), [], "list(squares_of_evens([]))")
    taken = expect_lazy(answer, range(1_000), take=3, max_pulled=5, what="squares_of_evens")
    expect_equal(taken, [0, 4, 16], "the first three items of squares_of_evens(range(1000))")
    return "a generator expression that filters: it squares only the even numbers, one at a time."


ex1 = Exercise(
    "ex1",
    checker=_check_squares_of_evens,
    hints=[
        "A generator expression looks like a list comprehension in round brackets: "
        "`(expression for n in numbers)`.",
        "To leave items out, put an `if` at the end: `(... for n in numbers if condition)`.",
        "The condition for an even number is `n % 2 == 0`; the expression in front is `n * n`.",
    ],
    solution=squares_of_evens,
)

# --- ex2: predict what a partly consumed generator hands out --------------------------------


def ex2_program() -> None:
    """The cell whose printout the learner predicts in lesson 02."""
    numbers = (n for n in range(6))
    print(any(n > 2 for n in numbers))
    print(list(numbers))
    print(sum(numbers))


def ex2_program_text() -> str:
    """The body of :func:`ex2_program` as the learner sees it in the notebook."""
    source = inspect.getsource(ex2_program)
    body = source.split('"""', 2)[2]
    return textwrap.dedent(body).strip("\n")


PREDICTION_EX2 = """
True
[4, 5]
0
"""


def _check_ex2(prediction: Any) -> str:
    if isinstance(prediction, str):
        lines = [line.strip() for line in textwrap.dedent(prediction).strip("\n").splitlines()]
        second = lines[1] if len(lines) > 1 else None
        third = lines[2] if len(lines) > 2 else None
        if second == "[0, 1, 2, 3, 4, 5]":
            raise Incorrect(
                "line 2: any() already took items out of `numbers`. It pulls items until one makes "
                "the condition true, so list() gets only what is left."
            )
        if second == "[3, 4, 5]":
            raise Incorrect(
                "line 2: any() stops at 3, the first n > 2, but it has already taken 3 out of "
                "`numbers` to test it. An item that has been read is gone from the generator."
            )
        if second == "[4, 5]" and third in {"9", "15"}:
            raise Incorrect(
                "line 3: list() used the generator up. A second pass over a consumed generator "
                "sees no items at all, and the sum of no items is 0."
            )
    return expect_prediction(prediction, ex2_program, "the cell")


ex2 = Exercise(
    "ex2",
    checker=_check_ex2,
    hints=[
        "There is only one generator, `numbers`; any(), list() and sum() all take items from it.",
        "any() stops as soon as it meets an item that makes the condition true; the items "
        "before it, and that item itself, have been read.",
        "list() takes everything that is left; after that, the generator is empty for good.",
    ],
    solution=f'prediction = """{PREDICTION_EX2}"""',
    answer=PREDICTION_EX2,
)

# --- ex3: skip a header lazily with dropwhile and islice ------------------------------------


def first_messages(lines, n):
    after_header = itertools.dropwhile(lambda line: line.startswith("#"), lines)
    return itertools.islice(after_header, n)


CHAT_LOG = [
    "# exported chat log",
    "# channel: generators",
    "hello all",
    "#python has a new release",
    "see you",
    "bye",
]


def _check_first_messages(answer: Any) -> str:
    what = "first_messages(chat, 3)"
    try:
        result = answer(iter(CHAT_LOG), 3)
    except TypeError as error:
        if "subscriptable" in str(error):
            raise Incorrect(
                "`lines` may be any iterable, such as an open file or a generator, and those "
                "cannot be sliced with [ ]. itertools.islice slices any iterator lazily."
            ) from None
        raise
    _refuse_built_containers(result, what)
    values = list(result)
    expected = ["hello all", "#python has a new release", "see you"]
    if values != expected:
        if values and all(line.startswith("#") for line in values):
            raise Incorrect(
                f"{what} gives {values}: that is the header itself. takewhile keeps items while "
                "the condition holds; you want the opposite, itertools.dropwhile."
            )
        if "hello all" in values and "#python has a new release" not in values:
            raise Incorrect(
                f"{what} gives {values}: it dropped '#python has a new release', a message after "
                "the header. Only the '#' lines at the start are the header; itertools.dropwhile "
                "drops items while the condition holds, then keeps everything."
            )
        expect_equal(values, expected, f"list({what})")
    all_messages = expected + ["bye"]
    expect_equal(list(answer(iter(CHAT_LOG), 10)), all_messages, "list(first_messages(chat, 10))")
    expect_equal(list(answer(iter(CHAT_LOG), 0)), [], "list(first_messages(chat, 0))")
    log = ["# exported chat log", "# channel: iterators", "# 1000 messages"]  # a longer header
    log += [f"message {i}" for i in range(1_000)]
    taken = expect_lazy(
        lambda source: answer(source, 3), log, take=3, max_pulled=6, what="first_messages"
    )
    expect_equal(taken, ["message 0", "message 1", "message 2"], "first_messages(long_log, 3)")
    return "dropwhile skips just the header, islice stops after n messages, nothing is read ahead."


ex3 = Exercise(
    "ex3",
    checker=_check_first_messages,
    hints=[
        "Two itertools functions, one wrapped around the other: one skips the header, "
        "one stops after n items.",
        "itertools.dropwhile(condition, lines) skips lines while the condition is true, then "
        "keeps every line, even later ones that start with '#'.",
        "Return `itertools.islice(itertools.dropwhile(lambda line: line.startswith('#'), lines), n)`.",
    ],
    solution=first_messages,
)

# --- ex4 (bonus): totals of batches, lazily -------------------------------------------------


def batch_totals(numbers, size):
    return (sum(batch) for batch in batched(numbers, size))


def _check_batch_totals(answer: Any) -> str:
    what = "batch_totals(range(1, 11), 4)"
    result = answer(range(1, 11), 4)
    _refuse_built_containers(result, what)
    values = list(result)
    if values != [10, 26, 19]:
        if values == [10, 26]:
            raise Incorrect(
                f"{what} gives {values}: the last, shorter batch (9, 10) is missing. Every number "
                "must be counted; lessons_lib.iterutils.batched keeps the short last batch."
            )
        if values and all(isinstance(value, tuple) for value in values):
            raise Incorrect(f"{what} hands out the batches themselves, {values[0]} first; sum each.")
        if values[:4] == [1, 3, 6, 10]:
            raise Incorrect(
                f"{what} gives running totals of all numbers so far (that is accumulate). "
                "Here each batch of `size` numbers is summed on its own."
            )
        expect_equal(values, [10, 26, 19], f"list({what})")
    expect_equal(list(answer([], 3)), [], "list(batch_totals([], 3))")
    taken = expect_lazy(
        lambda source: answer(source, 3), range(10_000), take=2, max_pulled=6, what="batch_totals"
    )
    expect_equal(taken, [3, 12], "the first two items of batch_totals(range(10000), 3)")
    first = next(iter(answer(itertools.count(), 5)))
    expect_equal(first, 10, "the first item of batch_totals(count(), 5)")
    return "batched groups the numbers, a generator expression sums each group, endless input is fine."


ex4 = Exercise(
    "ex4",
    checker=_check_batch_totals,
    hints=[
        "`batched(numbers, size)` from lessons_lib.iterutils hands out tuples of `size` numbers; "
        "the last may be shorter.",
        "You want one sum per tuple, lazily: a generator expression over the batches.",
        "Return `(sum(batch) for batch in batched(numbers, size))`.",
    ],
    solution=batch_totals,
)
