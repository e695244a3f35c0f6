"""Exercises for lesson 06: throw, close and cleanup.

Each exercise's reference solution is the function defined just above it;
``exN.solution()`` prints that function's source. The checks drive the
learner's generator with :func:`lessons_lib.trace.drive`, so what they judge
is what the generator really did on each call.
"""

from __future__ import annotations

import atexit
import inspect
import os
import sys
import tempfile
from collections.abc import Callable, Generator
from pathlib import Path
from typing import Any

from lessons_lib.exercises import (
    Exercise,
    Incorrect,
    capture_stdout,
    expect_closes_files,
    expect_equal,
    expect_generator,
    explain_exception,
    track_open_files,
)
from lessons_lib.trace import Step, Trace, drive

__all__ = [
    "EX1_CALLS",
    "EX1_SCRIPT",
    "PREDICTION_EX1",
    "Reset",
    "ex1",
    "ex2",
    "ex3",
    "ex4",
    "read_records",
    "running_total",
    "ticket_counter",
    "tolerant_total",
]


# ---------------------------------------------------------------------------
# Running an answer safely: every generator a check starts is closed again.
# ---------------------------------------------------------------------------


class _Discard(BaseException):
    """Thrown into a generator that refused close() to end it; a learner's code never names it."""


# Generators that neither close() nor a thrown _Discard could end (a bare `except:` in a loop).
# Keeping a reference stops the garbage collector from retrying close() later and printing
# "Exception ignored in: <generator ...>" to stderr in the middle of someone else's cell.
_UNCLOSABLE: list[Generator[Any, Any, Any]] = []


@atexit.register
def _drop_unclosable() -> None:
    """At exit, let the kept generators go without their 'generator ignored GeneratorExit' report."""
    hook = sys.unraisablehook
    sys.unraisablehook = lambda unraisable: None
    try:
        _UNCLOSABLE.clear()
    finally:
        sys.unraisablehook = hook


def _retire(generator: Generator[Any, Any, Any]) -> None:
    """Close ``generator`` quietly, whatever its code does on GeneratorExit."""
    with capture_stdout():
        try:
            generator.close()
        except BaseException:  # noqa: BLE001 - the learner's generator may raise anything here
            pass
        if inspect.getgeneratorstate(generator) != inspect.GEN_CLOSED:
            try:
                generator.throw(_Discard())
            except BaseException:  # noqa: BLE001
                pass
    if inspect.getgeneratorstate(generator) != inspect.GEN_CLOSED:
        _UNCLOSABLE.append(generator)


def _run(make: Callable[[], Any], script: list[Any], what: str) -> Trace:
    """Create a generator with ``make()``, drive it through ``script`` silently, then retire it."""
    generator = expect_generator(make(), what)
    try:
        with capture_stdout():
            return drive(generator, script)
    finally:
        _retire(generator)


def _came_back(step: Step) -> str:
    """What a call did, in words: 'returned 2', 'raised StopIteration', 'raised KeyError'."""
    if step.outcome == "yielded":
        return f"returned {step.value!r}"
    if step.outcome == "stopped":
        return "raised StopIteration"
    if step.outcome == "raised":
        return f"raised {type(step.value).__name__}"
    return f"returned {step.value!r}"


def _raised(step: Step, kind: type[BaseException]) -> bool:
    return step.outcome == "raised" and isinstance(step.value, kind)


def _fail_if_raised(step: Step, when: str) -> None:
    """Turn an unexpected exception from the learner's generator into the targeted message."""
    if step.outcome == "raised":
        raise Incorrect(f"{when}: {explain_exception(step.value)}")


# --- ex1: predict what each call returns, checked against a real trace -------------------------


def tolerant_total() -> Generator[int, int, None]:
    total = 0
    try:
        while True:
            try:
                number = yield total
                total += number
            except ValueError:
                print("ValueError handled")
    finally:
        print("finally runs")


# The calls whose results the learner predicts, in lessons_lib.trace's script form.
EX1_SCRIPT: list[Any] = [
    "next",
    ("send", 5),
    ("throw", ValueError("bad reading")),
    ("send", 2),
    ("throw", OSError("sensor lost")),
    "next",
]


def _call_text(item: Any) -> str:
    if item in ("next", "close"):
        return "next(totals)" if item == "next" else "totals.close()"
    action, argument = item
    return f"totals.{action}({argument!r})"


EX1_CALLS: list[str] = [_call_text(item) for item in EX1_SCRIPT]

PREDICTION_EX1: list[Any] = [0, 5, 5, 7, OSError, StopIteration]


def _what_came_back(step: Step) -> Any:
    """A step in the learner's words: the value a call returned, or the exception class it raised."""
    if step.outcome == "stopped":
        return StopIteration
    if step.outcome == "raised":
        return type(step.value)
    return step.value


def _name(entry: Any) -> str:
    if isinstance(entry, type) and issubclass(entry, BaseException):
        return entry.__name__
    return repr(entry)


def _check_prediction(prediction: Any) -> str:
    if not isinstance(prediction, (list, tuple)) or len(prediction) != len(EX1_SCRIPT):
        raise Incorrect(
            f"Write a list with one entry per call ({len(EX1_SCRIPT)} calls): the value the call "
            "returned, or the exception class that came out of it, e.g. [0, 5, ..., StopIteration]."
        )
    for entry in prediction:
        if isinstance(entry, BaseException) or isinstance(entry, str):
            raise Incorrect(
                f"Your prediction contains {entry!r}. Write a returned value as itself (7) and an "
                "exception as its class without quotes or brackets (OSError, StopIteration)."
            )
    trace = _run(tolerant_total, EX1_SCRIPT, "tolerant_total()")
    actual = [_what_came_back(step) for step in trace.steps]
    for number, (call, want, got) in enumerate(zip(EX1_CALLS, actual, prediction), start=1):
        if want == got:
            continue
        where = f"Call {number}, {call}, gives {_name(want)}, not {_name(got)}."
        if number == 3:
            advice = (
                "throw does not always end a generator: tolerant_total catches ValueError around "
                "its yield, so the loop goes on, and throw returns the NEXT value the generator "
                "yields (the total, unchanged)."
            )
        elif number == 5:
            advice = (
                "tolerant_total catches only ValueError. The OSError passes that except clause, "
                "the finally block runs, and the OSError comes out of throw to the caller."
            )
        elif number == 6:
            advice = (
                "After an exception has escaped from a generator, the generator is closed: every "
                "next() on it raises StopIteration."
            )
        elif number == 1:
            advice = "The first next() runs the body up to the first yield, which yields the total."
        else:
            advice = "send(x) returns the next value the generator yields: here the new total."
        raise Incorrect(f"{where} {advice}")
    return "Your prediction matches the real run:\n" + trace.table()


ex1 = Exercise(
    "ex1",
    checker=_check_prediction,
    hints=[
        "Follow the generator one call at a time. next() and send() each return the next value "
        "the generator yields.",
        "throw(ValueError(...)) raises the ValueError at the paused yield. Is that yield inside "
        "a try whose except clause matches ValueError? If so, the loop goes on to the next yield.",
        "The OSError is not caught, so it leaves the generator (the finally runs on the way out) "
        "and reaches the caller. A generator that an exception escaped from is closed.",
    ],
    solution="prediction = [0, 5, 5, 7, OSError, StopIteration]",
    answer=PREDICTION_EX1,
)


# --- ex2: a running total that a thrown Reset starts again from zero ----------------------------


class Reset(Exception):
    """Thrown into running_total() to start the total again from zero."""


def running_total():
    total = 0
    while True:
        try:
            number = yield total
        except Reset:
            total = 0
        else:
            total += number


EX2_SCRIPT: list[Any] = [
    "next",
    ("send", 5),
    ("send", 3),
    ("throw", Reset()),
    ("send", 2),
    ("throw", KeyError("oops")),
    "next",
]
EX2_EXPECTED: list[int] = [0, 5, 8, 0, 2]


def _check_running_total(answer: Any) -> str:
    steps = _run(answer, EX2_SCRIPT, "running_total()").steps
    for number, (step, expected) in enumerate(zip(steps[:5], EX2_EXPECTED), start=1):
        if number == 4 and _raised(step, Reset):
            raise Incorrect(
                "Reset came out of your generator to the caller. Catch it where it arrives: "
                "wrap the yield in try/except Reset and set the total back to 0."
            )
        if number == 4 and step.outcome == "stopped":
            raise Incorrect(
                "throw(Reset()) ended your generator (StopIteration came out). After handling "
                "Reset it must go on to the next yield: put the try/except inside the loop, "
                "around the yield."
            )
        _fail_if_raised(step, f"On call {number}, {step.call}")
        if step.outcome != "yielded":
            raise Incorrect(
                f"On call {number}, {step.call}, your generator stopped; it should go on forever."
            )
        expect_equal(step.value, expected, f"what {step.call} returns (call {number})")
    key_error = steps[5]
    if key_error.outcome in ("yielded", "stopped"):
        raise Incorrect(
            f"Your generator swallowed KeyError('oops'): that throw {_came_back(key_error)} "
            "instead of letting the KeyError reach the caller. Catch only Reset "
            "(`except Reset:`), not Exception or a bare except: an exception you did not plan "
            "for must propagate."
        )
    if not _raised(key_error, KeyError):
        raise Incorrect(
            f"throw(KeyError('oops')) should raise KeyError in the caller, but it {_came_back(key_error)}."
        )
    closing = _run(answer, ["next", ("send", 1), "close"], "running_total()").steps[-1]
    _fail_if_raised(closing, "When closed")
    return "running_total resets on Reset, lets every other exception through, and closes cleanly."


ex2 = Exercise(
    "ex2",
    checker=_check_running_total,
    hints=[
        "Start from the running total of lesson 05: `number = yield total` in a `while True` loop.",
        "gen.throw(Reset()) raises Reset at that yield. Wrap the yield in try/except Reset, inside "
        "the loop, so the loop goes on and yields the new total (0).",
        "Catch Reset and nothing else: `except Exception` would also swallow a KeyError thrown in, "
        "and it must reach the caller. Use `else:` to add the number only when nothing was thrown.",
    ],
    solution=running_total,
)


# --- ex3: a counter that reports how many tickets it handed out when it is closed ---------------


def ticket_counter():
    handed_out = 0
    try:
        while True:
            handed_out += 1
            yield handed_out
    finally:
        print(f"counter closed after {handed_out} tickets")


def _check_ticket_counter(answer: Any) -> str:
    steps = _run(answer, ["next", "next", "next", "close"], "ticket_counter()").steps
    for step in steps[:3]:
        _fail_if_raised(step, f"On {step.call}")
    expect_equal([step.value for step in steps[:3]], [1, 2, 3], "the first three tickets")
    closing = steps[3]
    _fail_if_raised(closing, "When closed after three tickets")
    if not closing.printed.strip():
        raise Incorrect(
            "Nothing was printed when the counter was closed. close() raises GeneratorExit at the "
            "paused yield: code after the loop never runs, and `except Exception` does not catch "
            "GeneratorExit (it is a BaseException). Put the print in a `finally` block."
        )
    expect_equal(closing.printed.strip(), "counter closed after 3 tickets", "what close() printed")
    script = ["next", "next", ("throw", ValueError("jammed"))]
    thrown = _run(answer, script, "ticket_counter()").steps[2]
    if thrown.outcome in ("yielded", "stopped"):
        raise Incorrect(
            "Your counter swallowed ValueError('jammed') thrown into it. Do not catch exceptions "
            "here: `finally` runs the report and lets the exception go on to the caller."
        )
    if not _raised(thrown, ValueError):
        raise Incorrect(
            f"throw(ValueError('jammed')) should raise ValueError in the caller, but it {_came_back(thrown)}."
        )
    if not thrown.printed.strip():
        raise Incorrect(
            "When a ValueError ended the counter, nothing was printed. `except GeneratorExit` "
            "covers close() only; `finally` covers every way out."
        )
    expect_equal(
        thrown.printed.strip(), "counter closed after 2 tickets", "what a ValueError after two tickets printed"
    )
    return "ticket_counter reports on close() and on errors alike, and never yields while closing."


ex3 = Exercise(
    "ex3",
    checker=_check_ticket_counter,
    hints=[
        "Count in a local variable and yield it in a `while True` loop.",
        "close() raises GeneratorExit at the paused yield: the code that must run then belongs in "
        "a `finally` block around the loop.",
        "Do not catch GeneratorExit and yield again (RuntimeError), and do not put the print "
        "after the loop (never reached): try: <loop> finally: print(...).",
    ],
    solution=ticket_counter,
)


# --- ex4: read records from a file, and close it when stopped early -----------------------------


def read_records(path):
    with open(path, encoding="utf-8") as file:
        for line in file:
            record = line.strip()
            if record:
                yield record


EX4_FILE = "records.txt"
EX4_TEXT = "alpha\n\n  beta \ngamma\n\n"
EX4_RECORDS = ["alpha", "beta", "gamma"]


def _check_read_records(answer: Any) -> str:
    # Work in a fresh folder and pass a relative path (a str), so messages name 'records.txt' only.
    home = os.getcwd()
    with tempfile.TemporaryDirectory() as folder:
        os.chdir(folder)
        try:
            Path(EX4_FILE).write_text(EX4_TEXT, encoding="utf-8")
            with track_open_files() as opened:
                try:
                    records = expect_generator(answer(EX4_FILE), "read_records(path)")
                    try:
                        expect_equal(list(records), EX4_RECORDS, "list(read_records(path))")
                    finally:
                        _retire(records)
                    expect_closes_files(lambda: answer(EX4_FILE), take=1, what="read_records(path)")
                finally:
                    for handle in opened:  # close what a wrong answer left open
                        handle.close()
        finally:
            os.chdir(home)
    return "read_records skips blank lines and closes its file even when the caller stops early."


ex4 = Exercise(
    "ex4",
    checker=_check_read_records,
    hints=[
        "Loop over the lines of the open file, strip each one, and yield it unless it is empty.",
        "A file opened with plain `f = open(path)` stays open when the caller stops after the "
        "first record and closes the generator. Who closes it then?",
        "Open the file in a `with` block inside the generator: close() raises GeneratorExit at "
        "the paused yield, and leaving the `with` block closes the file.",
    ],
    solution=read_records,
)
