"""Exercises for lesson 09, mini-batch loaders, epochs and prefetching.

Each exercise's reference solution is the function defined just above it (ex4's and ex5's
predictions are what a real run prints); ``exN.solution()`` shows it.  Those functions carry no
type hints, so that the printed source runs when pasted into a notebook cell.
"""

from __future__ import annotations

import itertools
import random
import threading

from lessons_lib.exercises import (
    Difference,
    Lazy,
    Slip,
    Stream,
    function_exercise,
    prediction_exercise,
    raised,
)
from lessons_lib.loaders import batches
from lessons_lib.prefetch import PrefetchError, prefetch

# --- ex1: lists of batch_size items, the last one kept or dropped ------------------------------


def batch_lists(items, size, drop_last=False):
    """Lists of ``size`` items; the last, shorter one only when ``drop_last`` is false."""
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch and not drop_last:
        yield batch


def _flat(batches_: list) -> list:
    return [item for batch in batches_ if isinstance(batch, (list, tuple)) for item in batch]


def _same_list_every_time(d: Difference) -> bool:
    return len(d.got) > 1 and all(batch is d.got[0] for batch in d.got)


ex1 = function_exercise(
    batch_lists,
    returns="iterator",
    cases=[
        (Stream(range(7)), 3),
        (Stream(range(7)), 3, True),
        (Stream(range(6)), 3),
        (Stream(range(6)), 3, True),
        (Stream("ab"), 5),
        (Stream("ab"), 5, True),
        (Stream([]), 2),
    ],
    draw=lambda rng: (Stream(list(range(rng.randint(0, 20)))), rng.randint(1, 6),
                      rng.random() < 0.5),
    count=20,
    lazy=Lazy((Stream(itertools.count, label="itertools.count()"), 3), take=2, max_pulled=7),
    slips=[
        Slip(_same_list_every_time,
             "`{call}` yielded the same list object every time: clearing it with `batch.clear()` "
             "(or `del batch[:]`) empties the batches already handed out too. Start a new list "
             "with `batch = []` after each yield."),
        Slip(lambda d: all(isinstance(b, tuple) for b in d.got) and d.got,
             "`{call}` yielded tuples; the exercise asks for lists (`list(chunk)`)."),
        Slip(lambda d: d.got and d.got[-1] == [],
             "`{call}` ends with an empty batch `[]`. Yield the last batch only when it holds "
             "something: `if batch: ...`."),
        Slip(lambda d: d.got == d.want[:-1] and len(d.want[-1]) < d.args[1]
             and not (len(d.args) > 2 and d.args[2]),
             "`{call}` lost the last, shorter batch. After the loop, the items collected since the "
             "last full batch are still waiting in your list: yield them too (unless drop_last)."),
        Slip(lambda d: d.got[:-1] == d.want and len(d.args) > 2 and d.args[2],
             "`{call}` kept the last, shorter batch although `drop_last=True`: yield it only when "
             "`not drop_last`."),
        Slip(lambda d: _flat(d.got) != _flat(d.want) and sorted(map(str, _flat(d.got)))
             == sorted(map(str, _flat(d.want))),
             "`{call}` has every item, but in another order: keep the order of `items`."),
    ],
    success="batch_lists hands out every item once, in order, keeps the last short batch and "
    "drops it only when asked.",
    hints=[
        "Collect items into a list. When it holds `size` items, yield it and start a new, empty "
        "list.",
        "When the loop ends, the list may still hold a few items (fewer than `size`): that is the "
        "last batch. Yield it if it is not empty and `drop_last` is false. "
        "(`lessons_lib.iterutils.batched` plus `list(...)` is another way, and is accepted too.)",
        "Body: `batch = []`, then `for item in items:` append; `if len(batch) == size: yield "
        "batch; batch = []`; after the loop `if batch and not drop_last: yield batch`.",
    ],
)

# --- ex2: a shuffled epoch of row numbers ---------------------------------------------------


class SeededRandom(random.Random):
    """``random.Random(seed)`` that shows its seed in messages (not an address), and copies."""

    def __init__(self, seed: int = 0) -> None:
        self.first_seed = seed
        super().__init__(seed)

    def __repr__(self) -> str:
        return f"random.Random({self.first_seed})"

    def __reduce__(self) -> tuple:
        return (self.__class__, (self.first_seed,), self.getstate())


def shuffled_index_batches(length, batch_size, rng):
    """Row numbers 0 .. length-1 in an order shuffled by ``rng``, ``batch_size`` at a time."""
    order = list(range(length))
    rng.shuffle(order)
    for start in range(0, length, batch_size):
        yield order[start : start + batch_size]


def _rows(d: Difference) -> list:
    return _flat(d.got)


def _each_batch_shuffled(d: Difference) -> bool:
    """Every batch holds the rows of the unshuffled batch at its place, in some order."""
    in_order = [sorted(batch) for batch in shuffled_index_batches(d.args[0], d.args[1], _Same())]
    return d.got != d.want and [sorted(batch) for batch in d.got] == in_order


class _Watched(random.Random):
    """``random.Random(0)`` that notes whether anything drew a random number from it."""

    def __init__(self) -> None:
        self.used = False
        super().__init__(0)

    def random(self) -> float:
        self.used = True
        return super().random()

    def getrandbits(self, k: int) -> int:
        self.used = True
        return super().getrandbits(k)


def _ignores_rng(d: Difference) -> bool:
    """The answer's order does not come from the ``rng`` passed in (``random.shuffle``, say)."""
    length, size = d.args[0], d.args[1]
    watched = _Watched()
    list(d.answer(length, size, watched))
    return length > 1 and not watched.used


class _Same:
    """A stand-in for ``random.Random`` whose shuffle leaves the list as it is."""

    def shuffle(self, items: list) -> None:
        pass


ex2 = function_exercise(
    shuffled_index_batches,
    returns="iterator",
    cases=[(10, 4, SeededRandom(0)), (6, 3, SeededRandom(1)), (5, 10, SeededRandom(2)),
           (0, 3, SeededRandom(3)), (1, 1, SeededRandom(4))],
    draw=lambda rng: (rng.randint(0, 30), rng.randint(1, 8), SeededRandom(rng.randint(0, 999))),
    count=20,
    slips=[
        Slip(lambda d: _rows(d) == sorted(_rows(d)) and _rows(d) != _flat(d.want),
             "`{call}` gives the rows in order 0, 1, 2, ...: shuffle the list of row numbers "
             "with `rng.shuffle(order)` before cutting it into batches."),
        Slip(_each_batch_shuffled,
             "`{call}` shuffled each batch on its own: the same rows stay together in every epoch. "
             "Shuffle the whole list of row numbers once, then cut it."),
        Slip(lambda d: d.got and all(isinstance(b, tuple) for b in d.got),
             "`{call}` yielded tuples; the exercise asks for lists (slices of the list `order`)."),
        Slip(_ignores_rng,
             "`{call}` does not use the `rng` passed in: your order comes from somewhere else "
             "(`random.shuffle`, or a new `random.Random`), so the caller's seed has no effect. "
             "Shuffle with `rng.shuffle(order)`."),
        Slip(lambda d: sorted(_rows(d)) == sorted(_flat(d.want)) and len(d.got) == len(d.want),
             "`{call}` has every row once, in the right batch sizes, but in another order than "
             "`rng.shuffle(order)` on `list(range(length))` gives. Call `rng.shuffle` once, on "
             "the whole list, and do not draw other random numbers from `rng`."),
        Slip(lambda d: len(_rows(d)) < len(_flat(d.want)),
             "`{call}` leaves rows out: the last, shorter batch must come too (this loader keeps "
             "it)."),
        Slip(raised(TypeError, "NoneType"),
             "`{call}` raised TypeError: `rng.shuffle(order)` shuffles the list in place and "
             "returns None; keep using `order` after it."),
    ],
    success="shuffled_index_batches shuffles all the rows once per call, then cuts them into "
    "batches: a new order every epoch, the same order for the same seed.",
    hints=[
        "Make the list `order = list(range(length))` and shuffle it in place with "
        "`rng.shuffle(order)` (it returns None).",
        "Then hand out slices of `order`: `order[start : start + batch_size]` for `start` in "
        "`range(0, length, batch_size)`. The last slice is simply shorter.",
        "Three lines: `order = list(range(length))`, `rng.shuffle(order)`, then a `for start in "
        "range(0, length, batch_size):` loop that yields the slice.",
    ],
)

# --- ex3: epochs from a batch factory -------------------------------------------------------


def batches_per_epoch(make_batches, epochs):
    """How many batches each of ``epochs`` epochs sees; ``make_batches()`` makes one epoch's."""
    return [sum(1 for _ in make_batches()) for _ in range(epochs)]


class BatchFactory:
    """Each call makes a new generator of one epoch's batches, ``size`` at a time.

    ``counts`` gives the number of items of each epoch in turn (the last repeats), as when new
    data arrives between epochs; a learner's answer that calls once and repeats the count fails.
    """

    def __init__(self, counts: tuple[int, ...], size: int) -> None:
        self.counts, self.size, self.calls = counts, size, 0

    def __call__(self):
        count = self.counts[min(self.calls, len(self.counts) - 1)]
        self.calls += 1
        return batches(range(count), self.size)

    def __repr__(self) -> str:  # how the check's messages name it
        if len(set(self.counts)) == 1:
            return f"lambda: batches(range({self.counts[0]}), {self.size})"
        items = ", ".join(map(str, self.counts))
        return f"<epochs of {items} items, batches of {self.size}>"


def _called_once(d: Difference) -> bool:
    return (isinstance(d.got, list) and len(d.got) == len(d.want) > 1
            and len(set(d.got)) == 1 and len(set(d.want)) > 1)


ex3 = function_exercise(
    batches_per_epoch,
    returns="value",
    cases=[(BatchFactory((10,), 4), 3), (BatchFactory((7,), 2), 2), (BatchFactory((10,), 4), 1),
           (BatchFactory((10,), 4), 0), (BatchFactory((10, 13, 5), 4), 3)],
    draw=lambda rng: (BatchFactory(tuple(rng.randint(0, 30) for _ in range(rng.randint(1, 4))),
                                   rng.randint(1, 5)), rng.randint(0, 5)),
    count=15,
    slips=[
        Slip(lambda d: isinstance(d.got, list) and len(d.got) > 1 and d.got[0] == d.want[0]
             and d.want[0] > 0 and all(n == 0 for n in d.got[1:]),
             lambda d: f"`{d.call}` gives {d.got}: only the first epoch saw any batches. A "
             "generator runs once; made once outside the epoch loop, it is empty from the second "
             "epoch on, and a training loop over it silently trains on nothing. Call "
             "`make_batches()` inside the loop, once per epoch."),
        Slip(_called_once,
             lambda d: f"`{d.call}` gives {d.got}: the same count for every epoch, although "
             "here each epoch has a different number of items. Call `make_batches()` and count "
             "its batches once per epoch (`[n] * epochs` repeats one epoch's count)."),
        Slip(raised(TypeError, "has no len()"),
             "`{call}` raised TypeError: a generator has no len(). Count its batches by looping "
             "over it, e.g. `sum(1 for _ in batches)`."),
        Slip(raised(TypeError, "not iterable"),
             "`{call}` raised TypeError: `make_batches` is a function that makes the batches; "
             "call it (`make_batches()`) to get something to loop over."),
        Slip(lambda d: isinstance(d.got, int),
             "`{call}` returned one number; the exercise asks for a list with one count per "
             "epoch."),
    ],
    success="batches_per_epoch makes and counts a fresh generator for every epoch, so every "
    "epoch sees all its batches.",
    hints=[
        "`make_batches` is a function: every call gives a new generator of one epoch's batches.",
        "For each epoch, call `make_batches()` and count what it yields (a generator has no "
        "len(): loop over it, e.g. `sum(1 for _ in ...)`).",
        "One line: `return [sum(1 for _ in make_batches()) for _ in range(epochs)]`.",
    ],
)

# --- ex4: predict what an error in the loading thread does -----------------------------------


def ex4_program():
    """Prefetch from a source whose third row is corrupt, and report what reached the loop."""

    def rows():
        yield "row 1"
        yield "row 2"
        raise ValueError("row 3 is corrupt")

    got = []
    try:
        for row in prefetch(rows(), depth=2):
            got.append(row)
            print("trained on", row)
    except PrefetchError as error:
        print("PrefetchError, caused by", repr(error.__cause__))
    print("rows seen:", len(got))


ex4 = prediction_exercise(
    program=ex4_program,
    what="the program",
    advice="The thread loads ahead, but the loop still gets every row in order; the error "
    "comes only after them, and as a PrefetchError whose __cause__ is the original.",
    slips=[
        Slip(lambda d: isinstance(d.got, list) and d.got != d.want
             and [line.replace('"', "'") for line in d.got] == d.want,
             "Only the quotes differ: `repr()` of an exception writes its message in single "
             "quotes, `ValueError('row 3 is corrupt')`. Everything else in your prediction is "
             "right."),
        Slip(lambda d: not any("trained on" in line for line in d.got),
             "The rows before the error are not lost: the thread put 'row 1' and 'row 2' into "
             "the queue before it failed, and the loop takes them out first."),
        Slip(lambda d: any(line.startswith("ValueError") or "Traceback" in line for line in d.got),
             "The ValueError does not escape as it is: it happens in the loading thread, and "
             "reaches the loop as a PrefetchError, chained to the ValueError (its __cause__)."),
        Slip(lambda d: any("row 3" in line and "trained" in line for line in d.got),
             "'row 3' never arrives: the source raised instead of yielding it."),
    ],
    success="Both rows reach the loop in order, then the error arrives as a PrefetchError whose "
    "__cause__ is the source's own ValueError (its traceback is in the chain).",
    hints=[
        "The source yields two rows, then raises. Which of these does the loop see, and in what "
        "order?",
        "An exception in the thread is put into the queue after the items before it; the "
        "consumer re-raises it as PrefetchError, `from` the original exception.",
        "Four lines: two 'trained on ...', one 'PrefetchError, caused by ...' with the repr of "
        "the ValueError, and the count of rows seen.",
    ],
)

# --- ex5: predict when the prefetch thread stops ---------------------------------------------


def ex5_program():
    """Break out of two prefetch loops, one over a variable, and count the threads left."""

    def threads():
        return sum(thread.name == "prefetch" for thread in threading.enumerate())

    batches = prefetch(itertools.count(), depth=2)
    for number in batches:
        if number == 3:
            break
    print("after break:", threads())
    batches.close()
    print("after close:", threads())
    for number in prefetch(itertools.count(), depth=2):
        if number == 3:
            break
    print("written in the for line:", threads())


ex5 = prediction_exercise(
    program=ex5_program,
    what="the program",
    advice="A break only leaves the loop; the generator is closed by close() or when the last "
    "reference to it goes away.",
    slips=[
        Slip(lambda d: "after break: 0" in d.got,
             "A `break` only leaves the loop: it does not close the generator. The variable "
             "`batches` still refers to it, so it stays suspended at its `yield`, and its thread "
             "keeps running until `batches.close()`."),
        Slip(lambda d: "after close: 1" in d.got,
             "`close()` runs the generator's `finally`, which stops the thread and waits for it: "
             "none is left afterwards."),
        Slip(lambda d: "written in the for line: 1" in d.got,
             "Written in the `for` line, nothing else refers to the generator: when the loop "
             "ends, CPython frees it at once, which closes it and stops its thread."),
    ],
    success="A break leaves a generator that a variable holds running, thread and all; close() "
    "stops it, and one written in the for line is closed as soon as the loop ends (CPython).",
    hints=[
        "Which statements close a generator: `break`, `close()`, the last reference going away?",
        "After the first loop, the variable `batches` still refers to the generator. In the "
        "second loop, only the `for` statement does.",
        "Three lines, each a count of 0 or 1: only the first is 1.",
    ],
)
