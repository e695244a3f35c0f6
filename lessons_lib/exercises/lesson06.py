"""Exercises for lesson 06: throw, close and cleanup.

Each exercise's reference solution is the function defined just above it (ex1's
prediction is what a real run gives); ``exN.solution()`` shows it.  The
generators are driven through the same calls as the reference (``next``,
``send``, ``throw``, ``close``; fixed scripts and seeded random ones) and
compared call by call: what came back, and for ex3 what was printed.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Generator
from typing import Any

from lessons_lib.exercises import (
    Difference,
    Exercise,
    Incorrect,
    Slip,
    TextFile,
    capture_stdout,
    coroutine_exercise,
    expect_generator,
    explain_exception,
    function_exercise,
    prediction_exercise,
)
from lessons_lib.exercises.retire import retire
from lessons_lib.exercises.runner import call
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
    if item == "next":
        return "next(totals)"
    action, argument = item
    return f"totals.{action}({argument!r})"


EX1_CALLS: list[str] = [_call_text(item) for item in EX1_SCRIPT]


def _ex1_trace() -> Trace:
    with capture_stdout():  # the generator's prints are shown in the table, not in the cell
        return drive(tolerant_total(), EX1_SCRIPT)


def _came_back(step: Step) -> Any:
    """A call's result in the learner's words: the value it returned, or the exception class."""
    if step.outcome == "stopped":
        return StopIteration
    return type(step.value) if step.outcome == "raised" else step.value


def _ex1_run() -> str:
    """The real run, one call a line: what came back, and what the generator printed."""
    lines = []
    for call_text, step in zip(EX1_CALLS, _ex1_trace().steps, strict=True):
        came_back = _came_back(step)
        result = (f"raises {came_back.__name__}" if isinstance(came_back, type)
                  else f"gives {came_back!r}")
        printed = f', printed "{step.printed.strip()}"' if step.printed.strip() else ""
        lines.append(f"{call_text:<41}{result}{printed}")
    return "\n".join(lines)


EX1_ADVICE = {
    1: "The first next() runs the body up to the first yield, which yields the total.",
    3: "throw does not always end a generator: tolerant_total catches ValueError around its "
       "yield, so the loop goes on, and throw returns the NEXT value the generator yields (the "
       "total, unchanged).",
    5: "tolerant_total catches only ValueError. The OSError passes that except clause, the "
       "finally block runs, and the OSError comes out of throw to the caller.",
    6: "After an exception has escaped from a generator, the generator is closed: every next() "
       "on it raises StopIteration.",
}


def _explain_ex1(d: Difference) -> str:
    number = next(i for i, (w, g) in enumerate(zip(d.want, d.got, strict=False), start=1) if w != g)
    advice = EX1_ADVICE.get(number, "send(x) returns the next value the generator yields: here "
                                    "the new total.")
    return (f"Call {number}, {EX1_CALLS[number - 1]}, gives {d.want[number - 1]}, not "
            f"{d.got[number - 1]!r}. {advice}")


ex1 = prediction_exercise(
    value=lambda: [_came_back(step) for step in _ex1_trace().steps],
    form=f"a list with one entry per call ({len(EX1_SCRIPT)} calls): the value the call returned, "
    "or the exception that came out of it, e.g. [0, 5, ..., StopIteration]",
    slips=[Slip(lambda d: d.stage == "value", _explain_ex1)],
    success="Your prediction matches the real run:\n\n```\n" + _ex1_run() + "\n```",
    hints=[
        "Follow the generator one call at a time. next() and send() each return the next value "
        "the generator yields.",
        "throw(ValueError(...)) raises the ValueError at the paused yield. Is that yield inside "
        "a try whose except clause matches ValueError? If so, the loop goes on to the next yield.",
        "The OSError is not caught, so it leaves the generator (the finally runs on the way out) "
        "and reaches the caller. A generator that an exception escaped from is closed.",
    ],
)
PREDICTION_EX1 = ex1.answer

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


def _thrown(d: Difference) -> Any:
    step = d.args[-1]
    return step[1] if step[0] == "throw" else None


ex2 = coroutine_exercise(
    running_total,
    sends=[[5, 3], [], [7]],
    draw=lambda rng: [rng.randint(-5, 20) for _ in range(rng.randint(0, 6))],
    count=6,
    endings=[
        [("throw", Reset), ("send", 2), ("throw", KeyError("oops"))],
        [("throw", Reset), ("throw", Reset), ("send", 4), ("close",)],
        [("close",)],
    ],
    slips=[
        Slip(lambda d: _thrown(d) is Reset and d.got[0] == "raised" and type(d.got[1]) is Reset,
             "Reset came out of your generator to the caller. Catch it where it arrives: wrap the "
             "yield in try/except Reset and set the total back to 0."),
        Slip(lambda d: _thrown(d) is Reset and d.got[0] == "returned",
             "throw(Reset()) ended your generator (StopIteration came out). After handling Reset "
             "it must go on to the next yield: put the try/except inside the loop, around the "
             "yield."),
        Slip(lambda d: _thrown(d) is not None and d.want[0] == "raised" and d.got[0] != "raised",
             lambda d: f"Your generator swallowed {_thrown(d)!r}: `{d.call}` gave "
             f"{f'`{d.got[1]!r}`' if d.got[0] == 'gave' else 'StopIteration'} instead of "
             "letting it reach the caller. Catch only Reset (`except Reset:`), not Exception or "
             "a bare except: an exception you did not plan for must propagate."),
        Slip(lambda d: d.got[0] == "returned" and d.want[0] == "gave",
             "`{call}`: your generator stopped; it should go on forever."),
    ],
    success="running_total resets on Reset, lets every other exception through, and closes "
    "cleanly.",
    hints=[
        "Start from the running total of lesson 05: `number = yield total` in a `while True` loop.",
        "gen.throw(Reset()) raises Reset at that yield. Wrap the yield in try/except Reset, "
        "inside the loop, so the loop goes on and yields the new total (0).",
        "Catch Reset and nothing else: `except Exception` would also swallow a KeyError thrown "
        "in, and it must reach the caller. Use `else:` to add the number only when nothing was "
        "thrown. (itertools.accumulate keeps a running total too, but nothing can be sent or "
        "thrown into it: a generator is needed here.)",
    ],
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


def _ex3_scripts() -> list[list[Any]]:
    rng = random.Random(6)
    scripts = [["next"] * 3 + ["close"], ["next"] * 2 + [("throw", ValueError("jammed"))],
               ["next", "close"], ["next"] * 250 + ["close"]]
    for _ in range(6):
        ending = rng.choice(["close", ("throw", KeyError("lost")), ("throw", ValueError("jammed"))])
        scripts.append(["next"] * rng.randint(1, 9) + [ending])
    return scripts


def _ticket_difference(mine: Step, ref: Step, tickets: int) -> str:
    """What the learner's step did wrong, given the reference's step (they differ)."""
    if mine.outcome == "raised" and ref.outcome != "raised" or (
            mine.outcome == "raised" and type(mine.value) is not type(ref.value)):
        return f"On {mine.call}: {explain_exception(mine.value)}"
    if ref.action == "next":
        if mine.outcome != "yielded":
            return (f"ticket_counter() stopped after {tickets} ticket{'s' * (tickets != 1)}; "
                    "it should hand out tickets forever.")
        return f"ticket {tickets + 1} should be {ref.value!r}, but it is {mine.value!r}."
    if ref.action == "close" and not mine.printed.strip():
        return ("Nothing was printed when the counter was closed. close() raises GeneratorExit "
                "at the paused yield: code after the loop never runs, and `except Exception` "
                "does not catch GeneratorExit (it is a BaseException). Put the print in a "
                "`finally` block.")
    if ref.action == "throw" and mine.outcome in ("yielded", "stopped"):
        return (f"Your counter swallowed {ref.argument!r} thrown into it. Do not catch "
                "exceptions here: `finally` runs the report and lets the exception go on to "
                "the caller.")
    if ref.action == "throw" and not mine.printed.strip():
        return (f"When {type(ref.argument).__name__} ended the counter, nothing was printed. "
                "`except GeneratorExit` covers close() only; `finally` covers every way out.")
    return (f"what {mine.call} printed should be {ref.printed.strip()!r}, but it is "
            f"{mine.printed.strip()!r}.")


def _seen(step: Step) -> tuple[str, Any, str]:
    """What the caller sees of a step: the outcome, the value (or exception class), the printout."""
    value = type(step.value) if step.outcome == "raised" else step.value
    return step.outcome, value, step.printed


def _quiet_drive(generator: Generator[Any, Any, Any], script: list[Any]) -> Trace:
    """Drive ``generator``; what it prints is kept in the trace's steps, not shown."""
    with capture_stdout():
        return drive(generator, script)


def _check_ticket_counter(answer: Callable[[], Any]) -> str:
    scripts = _ex3_scripts()
    for script in scripts:
        generator = expect_generator(call(answer), "`ticket_counter()`")
        try:
            mine = call(_quiet_drive, generator, script, seconds=5).steps
            ref = _quiet_drive(ticket_counter(), script).steps
        finally:
            retire(generator)
        for number, (got, want) in enumerate(zip(mine, ref, strict=True)):
            if _seen(got) != _seen(want):
                raise Incorrect(_ticket_difference(got, want, number))
    return (f"ticket_counter reports on close() and on errors alike, and never yields while "
            f"closing ({len(scripts)} runs).")


ex3 = Exercise(
    checker=_check_ticket_counter,
    hints=[
        "Count in a local variable and yield it in a `while True` loop.",
        "close() raises GeneratorExit at the paused yield: the code that must run then belongs "
        "in a `finally` block around the loop.",
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


def _records(text: str, label: str) -> tuple[TextFile]:
    return (TextFile(text, label, name="records.txt", as_path=False),)


def _draw_records(rng: Any) -> tuple[TextFile]:
    choices = ["alpha", "  beta ", "", "   ", "\tgamma", "delta  "]
    lines = [rng.choice(choices) for _ in range(rng.randint(0, 8))]
    end = rng.choice(["\n", "\r\n"])
    return _records(end.join(lines) + rng.choice(["", end]), f"a file of {len(lines)} lines")




ex4 = function_exercise(
    read_records,
    returns="generator",
    cases=[
        _records("alpha\n\n  beta \ngamma\n\n", "records.txt"),
        _records("one\n   \n\t\ntwo  \nlast line without a newline", "a file with lines of spaces"),
        _records("", "an empty file"),
    ],
    draw=_draw_records,
    count=10,
    closes_files=_records("alpha\nbeta\ngamma\n", "records.txt"),
    slips=[
        Slip(lambda d: isinstance(d.got[0], bytes),
             lambda d: f"`{d.call}` yields {d.got[0]!r}: bytes, not text. Open the file in text "
             "mode (`open(path, encoding='utf-8')`)."),
        Slip(lambda d: "" in d.got,
             "`{call}` yields an empty record for a line of spaces: a line is blank when "
             "nothing is left after strip(). Test the stripped line."),
    ],
    success="read_records skips blank lines and closes its file even when the caller stops early.",
    hints=[
        "Loop over the lines of the open file, strip each one, and yield it unless it is empty.",
        "A file opened with plain `f = open(path)` stays open when the caller stops after the "
        "first record and closes the generator. Who closes it then?",
        "Open the file in a `with` block inside the generator: close() raises GeneratorExit at "
        "the paused yield, and leaving the `with` block closes the file. (A lazy "
        "`filter(None, map(str.strip, f))` is fine *inside* that generator, but not instead of "
        "it: it has no close().)",
    ],
)
