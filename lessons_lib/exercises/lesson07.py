"""Exercises for lesson 07, delegating with ``yield from``.

Each exercise's reference solution is the function defined just above it;
``exN.solution()`` prints that function's source.  Those functions carry no
type hints, so that the printed source runs when pasted into a notebook cell
(hints such as ``Iterator[str]`` would need imports there).  The sub-generators the
learner delegates to (``verse``, ``chorus``, ``scan_basket``) live here too, so
the notebook imports them instead of re-typing them.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable, Generator, Iterator
from typing import Any

from lessons_lib.exercises import (
    Exercise,
    Incorrect,
    capture_stdout,
    detect_missing_yield_from,
    expect_delegates,
    expect_equal,
    expect_generator,
)
from lessons_lib.trace import Trace, drive

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


def _expected_song(verses: int) -> list[str]:
    return [line for number in range(1, verses + 1) for line in (*verse(number), *chorus())]


def _check_song(answer: Callable[[int], Any]) -> str:
    slip = detect_missing_yield_from(answer)
    try:
        result = answer(2)
        if not inspect.isgenerator(result) and slip:
            raise Incorrect(slip)
        if result is None:
            raise Incorrect(
                "song(2) returned None: its body has no `yield` at all, so it is a plain function. "
                "A line like `verse(number)` only creates a generator and throws it away; write "
                "`yield from verse(number)` and `yield from chorus()`."
            )
        lines = list(expect_generator(result, "song(2)"))
    except TypeError as error:
        if "not iterable" in str(error) and "function" in str(error):
            raise Incorrect(
                "`yield from` was given a function, not a generator. Call it: `yield from chorus()`, "
                "`yield from verse(number)`."
            ) from None
        raise
    expect_delegates(lines, "song(2)")
    expected = _expected_song(2)
    if lines != expected:
        if slip:
            raise Incorrect(slip)
        choruses = sum(line.startswith("Chorus") for line in lines)
        verses = [line for line in lines if line.startswith("Verse")]
        if 0 < choruses < 4 and verses == [line for line in expected if line.startswith("Verse")]:
            raise Incorrect(
                f"song(2) sings {choruses} chorus lines; two choruses have 4. A generator runs only once: "
                "if you made one chorus() generator and delegated to it twice, the second `yield from` "
                "finds it used up. Call chorus() afresh for every chorus."
            )
        if lines and not any(line.startswith("Verse") for line in lines):
            raise Incorrect(
                "song(2) has no verse lines. Delegate to verse(number) for numbers 1 and 2; calling "
                "verse(number) on a line of its own only creates a generator and throws it away: "
                "write `yield from verse(number)`."
            )
        if lines and not any(line.startswith("Chorus") for line in lines):
            raise Incorrect(
                "song(2) has no chorus lines. Calling chorus() on a line of its own only creates a "
                "generator and throws it away: write `yield from chorus()`."
            )
        expect_equal(lines, expected, "list(song(2))")
    expect_equal(list(answer(3)), _expected_song(3), "list(song(3))")
    expect_equal(list(answer(0)), [], "list(song(0))")
    return "song hands on every line of verse() and chorus(), and makes a fresh chorus each time."


ex1 = Exercise(
    "ex1",
    checker=_check_song,
    hints=[
        "Loop over the verse numbers 1 to `verses`. For each number the song goes on with that verse, "
        "then with the chorus.",
        "Calling verse(number) only creates a generator. `yield from verse(number)` runs it and hands "
        "each of its lines to whoever iterates over song().",
        "The body is a `for number in range(1, verses + 1):` loop with two lines in it: "
        "`yield from verse(number)` and `yield from chorus()`.",
    ],
    solution=song,
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


TILL_SCRIPT = ["next", ("send", 250), ("send", 125), ("send", "pay"), ("send", 400), ("send", "pay")]
TILL_TOTALS = [375, 400]
ONE_CUSTOMER_SCRIPT = ["next", ("send", 99), ("send", 1), ("send", "pay")]
ONE_CUSTOMER_TOTALS = [100]


def _till_results(script: list[Any], totals: list[int]) -> list[str]:
    """What the caller should get back at each step of ``script``: trace results, as ``Step.result`` words."""
    results, running, paid = [], 0, 0
    for item in script:
        if item == "next":
            results.append("yielded 0")
        elif item[1] == "pay":
            paid += 1
            running = 0
            results.append("yielded 0" if paid < len(totals) else f"StopIteration(value={totals!r})")
        else:
            running += item[1]
            results.append(f"yielded {running}")
    return results


def _check_till(answer: Callable[[int], Any]) -> str:
    slip = detect_missing_yield_from(answer)
    result = answer(2)
    if isinstance(result, list) and any(inspect.isgenerator(item) for item in result):
        raise Incorrect(
            "till(2) returned a list of generator objects at once, without taking a single price: "
            "`total = scan_basket()` only creates the generator. Write `total = yield from scan_basket()`: "
            "it runs the basket and gives you the value it returns."
        )
    if not inspect.isgenerator(result) and slip:
        raise Incorrect(slip)
    two = drive(expect_generator(result, "till(2)"), TILL_SCRIPT)
    _explain_till_trace(two, TILL_SCRIPT, TILL_TOTALS, slip, "till(2)")
    one = drive(expect_generator(answer(1), "till(1)"), ONE_CUSTOMER_SCRIPT)
    _explain_till_trace(one, ONE_CUSTOMER_SCRIPT, ONE_CUSTOMER_TOTALS, slip, "till(1)")
    return "till passes every price on to scan_basket() and collects what each basket returns."


def _explain_till_trace(trace: Trace, script: list[Any], totals: list[int], slip: str | None, what: str) -> None:
    """Compare each step of ``trace`` with what the till should give back; at the first difference, say why."""
    expected = _till_results(script, totals)
    for number, (step, want) in enumerate(zip(trace.steps, expected), start=1):
        if step.result == want:
            continue
        finished = want.startswith("StopIteration")
        if step.outcome == "yielded" and inspect.isgenerator(step.value):
            expect_delegates([step.value], what)
        if step.outcome == "raised":
            if isinstance(step.value, TypeError) and "received None" in str(step.value):
                raise Incorrect(
                    "scan_basket() received None instead of the price you sent. A `for` loop over "
                    "scan_basket() only ever calls next(): the price arrives at till's own yield and "
                    "is dropped there. `yield from scan_basket()` passes each send() on to the basket."
                )
            raise Incorrect(f"At step {number}, {step.call}, {what} {step.result}.")
        if finished and step.outcome == "stopped":
            if step.value is None:
                raise Incorrect(
                    f"{what} finished but returned None. Collect each basket's total in a list and end "
                    "with `return totals`; the caller reads it from StopIteration.value."
                )
            raise Incorrect(
                f"{what} returned {step.value!r}, but the baskets came to {totals!r}. "
                "Each total is the return value of scan_basket(): capture it with "
                "`total = yield from scan_basket()` (a bare `yield from scan_basket()` throws it away)."
            )
        if step.outcome == "stopped":
            if slip:
                raise Incorrect(slip)
            raise Incorrect(
                f"{what} finished at step {number}, {step.call}, while a customer was still shopping. "
                "Did scan_basket() run at all? A line that only calls scan_basket() creates a generator "
                "and throws it away: write `total = yield from scan_basket()`."
            )
        if finished:
            raise Incorrect(
                f"After the last basket was paid, {what} should finish and return the totals, but it "
                f"{step.result}. Serve exactly `customers` baskets: `for _ in range(customers):`."
            )
        if slip:
            raise Incorrect(slip)
        raise Incorrect(
            f"At step {number} the caller calls {step.call}; {what} should give back `{want}`, "
            f"but the caller gets `{step.result}`."
        )
    if len(trace.steps) != len(expected):  # drive() runs every step, so this is a safeguard
        raise Incorrect(f"{what} took {len(trace.steps)} steps instead of {len(expected)}.")


ex2 = Exercise(
    "ex2",
    checker=_check_till,
    hints=[
        "The till serves one basket after another: a loop that runs `customers` times. Each turn of "
        "the loop hands the whole conversation with one customer to scan_basket().",
        "Use `yield from scan_basket()`: the caller's send() calls then go straight to the basket, and "
        "what the basket returns becomes the value of the `yield from` expression.",
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
    """Yield the path of every file in ``tree``, where a dict value is a folder and anything else a file."""
    for name, content in tree.items():
        path = folder + name
        if isinstance(content, dict):
            yield from file_paths(content, path + "/")
        else:
            yield path


def _check_file_paths(answer: Callable[..., Any]) -> str:
    slip = detect_missing_yield_from(answer)
    paths = list(expect_generator(answer(PROJECT), "file_paths(PROJECT)"))
    expect_delegates(paths, "file_paths(PROJECT)")
    expected = list(file_paths(PROJECT))
    if paths != expected:
        if slip:
            raise Incorrect(slip)
        if paths == [name for name, content in PROJECT.items() if not isinstance(content, dict)]:
            raise Incorrect(
                "file_paths(PROJECT) gave only the top-level files. For a folder, recurse and hand on "
                "what the inner call yields: `yield from file_paths(content, ...)`."
            )
        if "notes" in paths or "notes/" in paths:
            raise Incorrect(
                "'notes' is an empty folder ({}), not a file. Test `isinstance(content, dict)` rather than "
                "whether the content is truthy: an empty dict is a folder with nothing in it."
            )
        if all("/" not in path for path in paths) and sorted(paths) == sorted(
            path.rsplit("/", 1)[-1] for path in expected
        ):
            raise Incorrect(
                f"The files are all there, but without their folders ({paths[1]!r} should be "
                f"{expected[1]!r}). Pass the path so far down to the recursive call, e.g. "
                "`file_paths(content, path + '/')`."
            )
        expect_equal(paths, expected, "list(file_paths(PROJECT))")
    deep = {"a": {"b": {"c": {"d": {"e.txt": 1}}}, "f.txt": 2}}
    expect_equal(list(answer(deep)), ["a/b/c/d/e.txt", "a/f.txt"], "list(file_paths(deep))")
    expect_equal(list(answer({})), [], "list(file_paths({}))")
    return "file_paths walks folders inside folders to any depth, handing on what each inner call yields."


ex3 = Exercise(
    "ex3",
    checker=_check_file_paths,
    hints=[
        "Loop over `tree.items()`. A file's path is the folder's path followed by its name; "
        "a folder (a dict) holds another tree of the same shape.",
        "For a folder, the files inside it are exactly what `file_paths(content, ...)` yields: hand them "
        "on with `yield from`. Give the inner call the folder's path followed by '/'.",
        "`path = folder + name`; if `isinstance(content, dict)`: `yield from file_paths(content, path + '/')`, "
        "else `yield path`.",
    ],
    solution=file_paths,
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
    """Run the script on a fresh chain and record it (the generators' prints go to stdout as they happen)."""
    return drive(chain_for_ex4(), EX4_SCRIPT)


PREDICTION_EX4 = """
outer: start
middle: start
inner: start
inner: got 'hello'
inner: finally
middle: finally
outer: finally
"""


def _lines(text: str) -> list[str]:
    return [line.strip() for line in textwrap.dedent(text).strip("\n").splitlines() if line.strip()]


def _check_prediction(prediction: Any) -> str:
    if not isinstance(prediction, str):
        raise Incorrect(
            "Write your prediction as a string, one printed line per line, for example "
            '"""\\nouter: start\\n...\\n""".'
        )
    with capture_stdout():
        trace = ex4_trace()
    expected: list[str] = []
    step_of: list[str] = []
    for step in trace.steps:
        for line in step.printed.splitlines():
            expected.append(line)
            step_of.append(step.call)
    predicted = _lines(prediction)
    if any(line.startswith("middle: inner returned") for line in predicted):
        raise Incorrect(
            "'middle: inner returned ...' is not printed in this script. That line runs only when inner "
            "returns (after a send('stop')). close() raises GeneratorExit at inner's yield instead; it comes "
            "out of `yield from inner()` like any exception, so the line after it is skipped and only the "
            "finally blocks run."
        )
    finallies = [line.split(":")[0] for line in predicted if line.endswith("finally")]
    if finallies and finallies != ["inner", "middle", "outer"]:
        if sorted(finallies) == ["inner", "middle", "outer"]:
            raise Incorrect(
                f"You have the finally blocks in the order {', '.join(finallies)}. close() goes to the "
                "generator at the end of the chain first: inner is where the chain is paused, so its "
                "finally runs first, and the exception then unwinds middle and outer."
            )
        raise Incorrect(
            "close() runs the finally block of every generator in the chain, each exactly once: "
            "inner's, middle's and outer's."
        )
    if any(line.startswith(("outer: got", "middle: got")) for line in predicted) or not any(
        "got" in line for line in predicted
    ):
        raise Incorrect(
            "Where did the 'hello' go? send() passes through both `yield from`s to inner, which is "
            "paused at its yield: inner prints what it got."
        )
    for number, (want, got) in enumerate(zip(expected, predicted), start=1):
        if want != got:
            raise Incorrect(
                f"line {number} of your prediction is {got!r}, but the chain prints {want!r} there "
                f"(during {step_of[number - 1]})."
            )
    if len(predicted) != len(expected):
        raise Incorrect(f"your prediction has {len(predicted)} lines, but the chain prints {len(expected)}.")
    return (
        f"The chain prints exactly those {len(expected)} lines: send() and close() reach inner first, "
        "and the finally blocks run from the inside out."
    )


ex4 = Exercise(
    "ex4",
    checker=_check_prediction,
    hints=[
        "Take the three calls one at a time. next() starts outer, which runs until the first yield "
        "anywhere in the chain; each generator prints its start line on the way in.",
        "send('hello') does not stop at outer or middle: through `yield from` it reaches inner, the "
        "generator that is actually paused at a yield.",
        "close() raises GeneratorExit at inner's yield. It travels outwards like any exception: the "
        "code after `yield from` is skipped, and each finally block runs, innermost first.",
    ],
    solution=f'prediction = """{PREDICTION_EX4}"""',
    answer=PREDICTION_EX4,
)
