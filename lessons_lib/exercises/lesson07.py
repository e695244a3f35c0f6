"""Exercises for lesson 07, delegating with ``yield from``.

Each exercise's reference solution is the function defined just above it (ex4's
prediction is what a real run prints); ``exN.solution()`` shows it.  Those functions
carry no type hints, so that the printed source runs when pasted into a notebook
cell (hints such as ``Iterator[str]`` would need imports there).  The sub-generators
the learner delegates to (``verse``, ``chorus``, ``scan_basket``) live here too, so
the notebook imports them instead of re-typing them.
"""

from __future__ import annotations

import copy
import inspect
from collections.abc import Callable, Generator, Iterator
from typing import Any

from lessons_lib.exercises import (
    Computed,
    Difference,
    Exercise,
    Incorrect,
    Slip,
    detect_missing_yield_from,
    function_exercise,
    prediction_exercise,
    raised,
)
from lessons_lib.exercises.coroutine_kind import CoroutineCheck
from lessons_lib.exercises.runner import call
from lessons_lib.trace import Trace, drive

# A line of the answer that calls a generator function and throws the generator away is
# named first, at any difference (the slip reads the answer's source).
MISSING_YIELD_FROM = Slip(lambda d: detect_missing_yield_from(d.answer) is not None,
                          lambda d: str(detect_missing_yield_from(d.answer)))

DELEGATES = Slip(lambda d: any(inspect.isgenerator(item) for item in d.got),
                 "`{call}` yielded generator objects instead of their items. `yield sub()` hands "
                 "over the generator itself; `yield from sub()` hands over each of its items.")

# --- ex1: one song out of two sub-generators --------------------------------------------------


def verse(number: int) -> Iterator[str]:
    """The two lines of verse ``number``."""
    yield f"Verse {number}: a value is asked for,"
    yield f"Verse {number}: a value is handed on."


def chorus() -> Iterator[str]:
    """The two lines of the chorus."""
    yield "Chorus: yield from, yield from,"
    yield "Chorus: every item passes on."


def song(verses):
    """Verse 1, the chorus, verse 2, the chorus, ...: every line comes from verse() and chorus()."""
    for number in range(1, verses + 1):
        yield from verse(number)
        yield from chorus()


def _lines(d: Difference, start: str) -> list[str]:
    return [line for line in d.got if line.startswith(start)]


ex1 = function_exercise(
    song,
    returns="iterator",
    cases=[(2,), (0,), (1,), (3,)],
    draw=lambda rng: (rng.randint(0, 6),),
    count=5,
    slips=[
        MISSING_YIELD_FROM,
        Slip(lambda d: d.result is None and d.error is None,
             "`{call}` returned None: its body has no `yield` at all, so it is a plain "
             "function. A line like `verse(number)` only creates a generator and throws it "
             "away; write `yield from verse(number)` and `yield from chorus()`."),
        Slip(raised(TypeError, "not iterable"),
             "`yield from` was given a function, not a generator. Call it: `yield from "
             "chorus()`, `yield from verse(number)`."),
        DELEGATES,
        Slip(lambda d: 0 < len(_lines(d, "Chorus")) < len([w for w in d.want if w[0] == "C"])
             and _lines(d, "Verse") == [w for w in d.want if w[0] == "V"],
             lambda d: f"`{d.call}` sings {len(_lines(d, 'Chorus'))} chorus lines instead of "
             f"{len([w for w in d.want if w[0] == 'C'])}. A generator runs only once: if you "
             "made one chorus() generator and delegated to it again and again, the second "
             "`yield from` finds it used up. Call chorus() afresh for every chorus."),
        Slip(lambda d: d.got and not _lines(d, "Verse"),
             "`{call}` has no verse lines. Delegate to verse(number) for each number; "
             "calling verse(number) on a line of its own only creates a generator and throws "
             "it away: write `yield from verse(number)`."),
        Slip(lambda d: d.got and not _lines(d, "Chorus"),
             "`{call}` has no chorus lines. Calling chorus() on a line of its own only "
             "creates a generator and throws it away: write `yield from chorus()`."),
    ],
    success="song hands on every line of verse() and chorus(), and makes a fresh chorus "
    "each time.",
    hints=[
        "Loop over the verse numbers 1 to `verses`. For each number the song goes on with that "
        "verse, then with the chorus.",
        "Calling verse(number) only creates a generator. `yield from verse(number)` runs it and "
        "hands each of its lines to whoever iterates over song(). (For plain iteration like this, "
        "`itertools.chain(verse(number), chorus())` hands on the same lines and is accepted too.)",
        "The body is a `for number in range(1, verses + 1):` loop with two lines in it: "
        "`yield from verse(number)` and `yield from chorus()`.",
    ],
)

# --- ex2: a till that delegates each basket to a coroutine -----------------------------------


def scan_basket() -> Generator[int, int | str, int]:
    """Receive prices (in cents) with send() and yield the running total; send "pay" to finish.

    The basket's total is the return value, so a delegating generator gets it
    with ``total = yield from scan_basket()``.

    >>> basket = scan_basket()
    >>> next(basket), basket.send(250), basket.send(125)
    (0, 250, 375)
    >>> try:
    ...     basket.send("pay")
    ... except StopIteration as stop:
    ...     print(stop.value)
    375
    """
    total = 0
    while True:
        price = yield total
        if price == "pay":
            return total
        if not isinstance(price, int):
            raise TypeError(
                f"scan_basket() received {price!r} instead of a price. Prices arrive with send(); "
                "a plain next() (which is what a for loop calls) sends None."
            )
        total += price


def till(customers):
    """Serve ``customers`` baskets one after another with scan_basket(); return their totals."""
    totals = []
    for _ in range(customers):
        total = yield from scan_basket()
        totals.append(total)
    return totals


TILL_SENDS = [250, 125, "pay", 400, "pay"]


def _shopping(customers: int) -> Callable[[Any], list[Any]]:
    def draw(rng: Any) -> list[Any]:
        sends: list[Any] = []
        for _ in range(customers):
            sends += [rng.randint(1, 999) for _ in range(rng.randint(0, 4))] + ["pay"]
        return sends[: rng.randint(len(sends) // 2, len(sends))]

    return draw


def _explain_till(d: Difference) -> str | None:
    """What went wrong at the first step where the answer and the reference differ, if known."""
    kind, value = d.got
    if kind == "gave" and inspect.isgenerator(value):
        return DELEGATES.message(Difference(d.call, d.args, [], [value]))
    if kind == "raised" and isinstance(value, TypeError) and "received None" in str(value):
        return ("scan_basket() received None instead of the price you sent. A `for` loop over "
                "scan_basket() only ever calls next(): the price arrives at till's own yield and "
                "is dropped there. `yield from scan_basket()` passes each send() on to the basket.")
    if d.want[0] == "returned" and kind == "returned":
        if value is None:
            return ("till finished but returned None. Collect each basket's total in a list and "
                    "end with `return totals`; the caller reads it from StopIteration.value.")
        return (f"till returned {value!r}, but the baskets came to {d.want[1]!r}. Each total is "
                "the return value of scan_basket(): capture it with `total = yield from "
                "scan_basket()` (a bare `yield from scan_basket()` throws it away).")
    if kind == "returned":
        return (f"till finished at `{d.call}`, while a customer was still shopping. Did "
                "scan_basket() run at all? A line that only calls scan_basket() creates a "
                "generator and throws it away: write `total = yield from scan_basket()`.")
    if d.want[0] == "returned":
        return ("After the last basket was paid, till should finish and return the totals, but "
                f"`{d.call}` gave {value!r}. Serve exactly `customers` baskets: "
                "`for _ in range(customers):`.")
    return None


def _no_generators_returned(answer: Any) -> None:
    """`total = scan_basket()` without yield: till is a plain function returning generators."""
    result = call(answer, 2)
    if isinstance(result, list) and any(inspect.isgenerator(item) for item in result):
        raise Incorrect(
            "till(2) returned a list of generator objects at once, without taking a single "
            "price: `total = scan_basket()` only creates the generator. Write `total = yield "
            "from scan_basket()`: it runs the basket and gives you the value it returns."
        )


def _till_check(customers: int, sends: list[list[Any]]) -> CoroutineCheck:
    return CoroutineCheck(
        till, arg_sets=[(customers,)], sends=sends, primed=False, draw=_shopping(customers),
        count=6, seed=customers, endings=[[("close",)], [("throw", ValueError("card declined"))]],
        slips=[MISSING_YIELD_FROM, Slip(lambda d: _explain_till(d) is not None, _explain_till)],
        success="", seconds=2.0)


def _check_till(answer: Any) -> str:
    _no_generators_returned(answer)
    for check in (_till_check(2, [TILL_SENDS]), _till_check(1, [[99, 1, "pay"]]),
                  _till_check(3, [["pay", 5, "pay", "pay"]])):
        check(answer)
    return "till passes every price on to scan_basket() and collects what each basket returns."


ex2 = Exercise(
    checker=_check_till,
    hints=[
        "The till serves one basket after another: a loop that runs `customers` times. Each "
        "turn of the loop hands the whole conversation with one customer to scan_basket().",
        "Use `yield from scan_basket()`: the caller's send() calls then go straight to the "
        "basket, and what the basket returns becomes the value of the `yield from` expression. "
        "(`itertools.chain` cannot do this: it hands items on, but not send().)",
        "Inside `for _ in range(customers):` write `total = yield from scan_basket()` and "
        "`totals.append(total)`; start with `totals = []` and end with `return totals`.",
    ],
    solution=till,
)

# --- ex3: recursion over a folder tree --------------------------------------------------------

PROJECT = {
    "README.md": 1200,
    "src": {"main.py": 800, "util": {"text.py": 300, "numbers.py": 250}},
    "notes": {},
    "tests": {"test_main.py": 400},
}


def file_paths(tree, folder=""):
    """Yield the path of every file in ``tree``: a dict value is a folder, anything else a file."""
    for name, content in tree.items():
        path = folder + name
        if isinstance(content, dict):
            yield from file_paths(content, path + "/")
        else:
            yield path


def _tree(rng: Any, depth: int = 0) -> dict[str, Any]:
    tree: dict[str, Any] = {}
    for number in range(rng.randint(0, 4)):
        if depth < 3 and rng.random() < 0.4:
            tree[f"dir{depth}{number}"] = _tree(rng, depth + 1)
        else:
            tree[f"file{depth}{number}.txt"] = rng.randint(1, 999)
    return tree


def _given(d: Difference) -> tuple[dict[str, Any], str]:
    """The tree and the folder of the case that differed."""
    tree = d.args[0].make_value() if isinstance(d.args[0], Computed) else d.args[0]
    return tree, (d.args[1] if len(d.args) > 1 else "")


def _folders(tree: dict[str, Any], folder: str = "") -> dict[str, bool]:
    """Every folder's path (with and without its final '/') -> whether the folder is empty."""
    found: dict[str, bool] = {}
    for name, content in tree.items():
        if isinstance(content, dict):
            found |= {folder + name: not content, folder + name + "/": not content}
            found |= _folders(content, folder + name + "/")
    return found


def _top_level(d: Difference) -> list[str]:
    tree, folder = _given(d)
    return [folder + name for name, content in tree.items() if not isinstance(content, dict)]


def _without_folders(d: Difference) -> str:
    got, want = next((g, w) for g, w in zip(d.got, d.want, strict=True) if g != w)
    return (f"The files are all there, but without their folders (`{got}` should be `{want}`). "
            "Pass the path so far down to the recursive call, e.g. "
            "`file_paths(content, path + '/')`.")


def _folders_yielded(d: Difference) -> dict[str, bool]:
    folders = _folders(*_given(d))
    return {path: folders[path] for path in d.got if path in folders}


ex3 = function_exercise(
    file_paths,
    returns="generator",
    cases=[(Computed(lambda: copy.deepcopy(PROJECT), "PROJECT"),),
           ({"a": {"b": {"c": {"d": {"e.txt": 1}}}, "f.txt": 2}},), ({},),
           ({"x": {"y.txt": 1}}, "root/")],
    draw=lambda rng: (_tree(rng),),
    count=15,
    slips=[
        MISSING_YIELD_FROM,
        DELEGATES,
        Slip(lambda d: d.got == _top_level(d) != d.want,
             "`{call}` gave only the top-level files. For a folder, recurse and hand on what "
             "the inner call yields: `yield from file_paths(content, ...)`."),
        Slip(lambda d: _folders_yielded(d) and all(_folders_yielded(d).values()),
             lambda d: f"{next(iter(_folders_yielded(d)))!r} is an empty folder ({{}}), not a "
             "file. Test `isinstance(content, dict)` rather than whether the content is "
             "truthy: an empty dict is a folder with nothing in it."),
        Slip(lambda d: _folders_yielded(d),
             "`{call}` yields the folders as well as the files. Yield a path only for a file; "
             "for a folder, hand on what the inner call yields."),
        Slip(lambda d: all("/" not in path for path in d.got) and sorted(d.got) == sorted(
            path.rsplit("/", 1)[-1] for path in d.want) and d.got != d.want,
             _without_folders),
    ],
    success="file_paths walks folders inside folders to any depth, handing on what each "
    "inner call yields.",
    hints=[
        "Loop over `tree.items()`. A file's path is the folder's path followed by its name; "
        "a folder (a dict) holds another tree of the same shape.",
        "For a folder, the files inside it are exactly what `file_paths(content, ...)` yields: "
        "hand them on with `yield from`. Give the inner call the folder's path followed by '/'.",
        "`path = folder + name`; if `isinstance(content, dict)`: `yield from "
        "file_paths(content, path + '/')`, else `yield path`. (A recursive generator is asked "
        "for: an `itertools.chain` of the inner calls is not accepted here.)",
    ],
)

# --- ex4: predict what a close() through a chain prints -------------------------------------


def chain_for_ex4() -> Generator[None, str, None]:
    """Three generators, each delegating to the next; returns the outermost, not started."""

    def inner():
        print("inner: start")
        count = 0
        try:
            while True:
                word = yield
                if word == "stop":
                    return count
                print(f"inner: got {word!r}")
                count += 1
        finally:
            print("inner: finally")

    def middle():
        print("middle: start")
        try:
            count = yield from inner()
            print(f"middle: inner returned {count}")
        finally:
            print("middle: finally")

    def outer():
        print("outer: start")
        try:
            yield from middle()
        finally:
            print("outer: finally")

    return outer()


EX4_SCRIPT = ["next", ("send", "hello"), "close"]


def ex4_trace() -> Trace:
    """Run the script on a fresh chain and record it (the generators' prints go to stdout as they
    happen)."""
    return drive(chain_for_ex4(), EX4_SCRIPT)


def _finallies(d: Difference) -> list[str]:
    return [line.split(":")[0] for line in d.got if line.endswith("finally")]


ex4 = prediction_exercise(
    program=ex4_trace,
    what="the chain",
    slips=[
        Slip(lambda d: any(line.startswith("middle: inner returned") for line in d.got),
             "'middle: inner returned ...' is not printed in this script. That line runs only "
             "when inner returns (after a send('stop')). close() raises GeneratorExit at inner's "
             "yield instead; it comes out of `yield from inner()` like any exception, so the line "
             "after it is skipped and only the finally blocks run."),
        Slip(lambda d: _finallies(d) and sorted(_finallies(d)) == ["inner", "middle", "outer"]
             != _finallies(d),
             lambda d: f"You have the finally blocks in the order {', '.join(_finallies(d))}. "
             "close() goes to the generator at the end of the chain first: inner is where the "
             "chain is paused, so its finally runs first, and the exception then unwinds middle "
             "and outer."),
        Slip(lambda d: _finallies(d) and _finallies(d) != ["inner", "middle", "outer"],
             "close() runs the finally block of every generator in the chain, each exactly once: "
             "inner's, middle's and outer's."),
        Slip(lambda d: any(line.startswith(("outer: got", "middle: got")) for line in d.got)
             or not any("got" in line for line in d.got),
             "Where did the 'hello' go? send() passes through both `yield from`s to inner, which "
             "is paused at its yield: inner prints what it got."),
    ],
    success="The chain prints exactly those 7 lines: send() and close() reach inner first, and "
    "the finally blocks run from the inside out.",
    hints=[
        "Take the three calls one at a time. next() starts outer, which runs until the first "
        "yield anywhere in the chain; each generator prints its start line on the way in.",
        "send('hello') does not stop at outer or middle: through `yield from` it reaches inner, "
        "the generator that is actually paused at a yield.",
        "close() raises GeneratorExit at inner's yield. It travels outwards like any exception: "
        "the code after `yield from` is skipped, and each finally block runs, innermost first.",
    ],
)
PREDICTION_EX4 = ex4.answer
