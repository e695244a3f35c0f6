"""Exercises for lesson 02, generator expressions and itertools.

Each exercise's reference solution is the function defined just above it;
``exN.solution()`` prints that function's source.
"""

from __future__ import annotations

import collections
import inspect
import itertools
import textwrap
from typing import Any

from lessons_lib.exercises import (
    BUILT_IN_FULL,
    Difference,
    Lazy,
    Slip,
    Stream,
    function_exercise,
    prediction_exercise,
    raised,
)
from lessons_lib.iterutils import batched


def _numbers(rng: Any, low: int = -20, high: int = 50) -> list[int]:
    return [rng.randint(low, high) for _ in range(rng.randint(0, 14))]


def _given(difference: Difference) -> list[Any]:
    """The items of the first argument of the case that differed."""
    first = difference.args[0]
    return first.values() if isinstance(first, Stream) else list(first)


# --- ex1: a generator expression that filters ------------------------------------------------


def squares_of_evens(numbers):
    return (n * n for n in numbers if n % 2 == 0)


ex1 = function_exercise(
    squares_of_evens,
    returns="iterator",
    cases=[([1, 2, 3, 4, 5, 6],), ([],), (Stream(range(10)),), ([-4, -3, 0, 7],)],
    draw=lambda rng: (Stream(_numbers(rng)),),
    lazy=Lazy((Stream(range(1_000)),), take=3, max_pulled=5),
    slips=[
        *BUILT_IN_FULL,
        Slip(
            lambda d: len(d.got) == len(_given(d)) != len(d.want),
            "`{call}` gives `{got}`: one value for each number. That is choosing "
            "(`a if c else b` at the front), not filtering. Put the condition at the end: "
            "`(... for n in numbers if ...)`.",
        ),
        Slip(
            lambda d: d.got == [n * n for n in _given(d) if n % 2],
            "`{call}` gives the squares of the odd numbers. `n % 2 == 0` is true for even n; "
            "`n % 2` alone is true for odd n.",
        ),
        Slip(
            lambda d: d.got == [n for n in _given(d) if n % 2 == 0],
            "`{call}` gives the even numbers themselves; hand out n * n, not n.",
        ),
    ],
    success="a generator expression that filters: it squares only the even numbers, one at a time.",
    hints=[
        "A generator expression looks like a list comprehension in round brackets: "
        "`(expression for n in numbers)`.",
        "To leave items out, put an `if` at the end: `(... for n in numbers if condition)`.",
        "The condition for an even number is `n % 2 == 0`; the expression in front is `n * n`. "
        "(A lazy `map`/`filter` pair is accepted too; the point is that nothing is built in full.)",
    ],
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


ex2 = prediction_exercise(
    program=ex2_program,
    slips=[
        Slip(
            lambda d: d.got[1] == "[0, 1, 2, 3, 4, 5]",
            "line 2: any() already took items out of `numbers`. It pulls items until one makes "
            "the condition true, so list() gets only what is left.",
        ),
        Slip(
            lambda d: d.got[1] == "[3, 4, 5]",
            "line 2: any() stops at 3, the first n > 2, but it has already taken 3 out of "
            "`numbers` to test it. An item that has been read is gone from the generator.",
        ),
        Slip(
            lambda d: d.got[1] == "[4, 5]" and d.got[2] in {"9", "15"},
            "line 3: list() used the generator up. A second pass over a consumed generator "
            "sees no items at all, and the sum of no items is 0.",
        ),
    ],
    hints=[
        "There is only one generator, `numbers`; any(), list() and sum() all take items from it.",
        "any() stops as soon as it meets an item that makes the condition true; the items "
        "before it, and that item itself, have been read.",
        "list() takes everything that is left; after that, the generator is empty for good.",
    ],
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


def _chat(rng: Any) -> tuple[Any, ...]:
    header = [f"# header line {i}" for i in range(rng.randint(0, 4))]
    body = [
        rng.choice(["hi", "#tag", "ok", "# not a header", "bye"]) for _ in range(rng.randint(0, 8))
    ]
    return (Stream(header + body), rng.randint(0, 6))


def _dropped_later_hashes(d: Difference) -> bool:
    return (
        len(d.got) == len(d.want)
        and not any(line.startswith("#") for line in d.got)
        and any(line.startswith("#") for line in d.want)
    )


ex3 = function_exercise(
    first_messages,
    returns="iterator",
    cases=[(Stream(CHAT_LOG), 3), (Stream(CHAT_LOG), 10), (Stream(CHAT_LOG), 0), (Stream([]), 2)],
    draw=_chat,
    lazy=Lazy(
        (Stream(["# log", "# of", "# 1000 messages"] + [f"message {i}" for i in range(1_000)]), 3),
        take=3,
        max_pulled=6,
    ),
    slips=[
        Slip(
            raised(TypeError, "subscriptable"),
            "`lines` may be any iterable, such as an open file or a generator, and those "
            "cannot be sliced with [ ]. itertools.islice slices any iterator lazily.",
        ),
        *BUILT_IN_FULL,
        Slip(
            lambda d: d.got and all(line.startswith("#") for line in d.got),
            "`{call}` gives `{got}`: that is the header itself. takewhile keeps items while "
            "the condition holds; you want the opposite, itertools.dropwhile.",
        ),
        Slip(
            _dropped_later_hashes,
            lambda d: (
                f"`{d.call}` gives `{d.got}`: it dropped "
                f"{next(x for x in d.want if x.startswith('#'))!r}, a message after the header. "
                "Only "
                "the '#' lines at the start are the header; itertools.dropwhile drops items while "
                "the condition holds, then keeps everything."
            ),
        ),
    ],
    success="dropwhile skips just the header, islice stops after n messages, nothing is read "
    "ahead.",
    hints=[
        "Two itertools functions, one wrapped around the other: one skips the header, "
        "one stops after n items.",
        "itertools.dropwhile(condition, lines) skips lines while the condition is true, then "
        "keeps every line, even later ones that start with '#'.",
        "Return `itertools.islice(itertools.dropwhile(lambda line: line.startswith('#'), lines), "
        "n)`. (A generator function that does the same is accepted too.)",
    ],
)

# --- ex4 (bonus): totals of batches, lazily -------------------------------------------------


def batch_totals(numbers, size):
    return (sum(batch) for batch in batched(numbers, size))


ex4 = function_exercise(
    batch_totals,
    returns="iterator",
    cases=[(range(1, 11), 4), (Stream(range(1, 11)), 4), ([], 3), ([5], 3), ([1, 2], 1)],
    draw=lambda rng: (Stream(_numbers(rng)), rng.randint(1, 5)),
    lazy=Lazy((Stream(itertools.count, label="itertools.count()"), 5), take=2, max_pulled=11),
    slips=[
        *BUILT_IN_FULL,
        Slip(
            lambda d: d.got == d.want[:-1],
            "`{call}` gives `{got}`: the last, shorter batch is missing. Every number must be "
            "counted; lessons_lib.iterutils.batched keeps the short last batch.",
        ),
        Slip(
            lambda d: d.got and all(isinstance(value, tuple) for value in d.got),
            lambda d: f"`{d.call}` hands out the batches themselves, {d.got[0]} first; sum each.",
        ),
        Slip(
            lambda d: len(d.got) > 1 and d.got == list(itertools.accumulate(_given(d))),
            "`{call}` gives running totals of all numbers so far (that is accumulate). "
            "Here each batch of `size` numbers is summed on its own.",
        ),
    ],
    success="batched groups the numbers, a generator expression sums each group, endless input "
    "is fine.",
    hints=[
        "`batched(numbers, size)` from lessons_lib.iterutils hands out tuples of `size` numbers; "
        "the last may be shorter.",
        "You want one sum per tuple, lazily: a generator expression over the batches (or `map`).",
        "Return `(sum(batch) for batch in batched(numbers, size))`.",
    ],
)


# --- ex5 (going further): a moving average over a sliding window ---------------------------


def moving_average(values, size):
    window = collections.deque(maxlen=size)
    for value in values:
        window.append(value)
        if len(window) == size:
            yield sum(window) / size


def _windows(d: Difference) -> list[tuple[Any, ...]]:
    values, size = _given(d), d.args[1]
    return [tuple(values[i : i + size]) for i in range(len(values) - size + 1)]


def _partial_windows_first(d: Difference) -> bool:
    values, size = _given(d), d.args[1]
    return size > 1 and len(d.got) == len(values) and d.got[size - 1 :] == d.want


ex5 = function_exercise(
    moving_average,
    returns="iterator",
    cases=[
        ([3, 6, 9, 3], 3),
        (Stream(range(10)), 4),
        ([], 2),
        ([5], 2),
        (Stream([1, 2, 3]), 1),
        ([4, 8, 6, 2, 10], 2),
    ],
    draw=lambda rng: (Stream(_numbers(rng, 0, 100)), rng.randint(1, 5)),
    lazy=Lazy((Stream(range(1_000)), 3), take=2, max_pulled=5),
    slips=[
        Slip(
            raised(TypeError, "subscriptable", "len()"),
            "`{call}` raised TypeError: `values` may be an iterator, such as a file or a "
            "generator, which has no len() and cannot be sliced. Keep the last `size` values "
            "yourself, in a `collections.deque(maxlen=size)`, or use the lesson's "
            "`sliding_window`.",
        ),
        *BUILT_IN_FULL,
        Slip(
            _partial_windows_first,
            "`{call}` gives `{got}`: it starts averaging before the window is full. The first "
            "average comes only once `size` values have arrived, so there are `size - 1` fewer "
            "averages than values.",
        ),
        Slip(
            lambda d: d.got == [sum(w) for w in _windows(d)] != d.want,
            "`{call}` gives `{got}`: the sums of the windows. Divide each sum by `size`.",
        ),
        Slip(
            lambda d: d.got == [sum(b) / len(b) for b in batched(_given(d), d.args[1])] != d.want,
            "`{call}` gives `{got}`: averages of separate batches. A moving average's windows "
            "overlap: each new value moves the window on by one, dropping the oldest value.",
        ),
        Slip(
            lambda d: len(d.got) == len(d.want) - 1 and d.got == d.want[:-1],
            "`{call}` gives `{got}`: the last window's average is missing. Average the window "
            "right after each value is added, as soon as the window is full.",
        ),
    ],
    success="moving_average slides its window one value at a time, reads only as far as asked, "
    "and works on endless streams.",
    hints=[
        "A moving average of size 3 over 3, 6, 9, 3 is the average of (3, 6, 9), then of "
        "(6, 9, 3): windows that overlap and move on by one value.",
        "`sliding_window(values, size)` from section 11 hands out exactly those windows; a "
        "generator expression can turn each one into its average. Or keep the window yourself in "
        "a `collections.deque(maxlen=size)`, which drops the oldest value by itself.",
        "`return (sum(window) / size for window in sliding_window(values, size))`. (A generator "
        "function with a deque, yielding once the deque holds `size` values, is accepted too.)",
    ],
)
