"""Exercises for lesson 04, measuring what generators save.

Each exercise's reference solution is the function defined just above it (or,
for the prediction, the text and answer given with it); ``exN.solution()``
prints it.  The checks run on a 10 MB access log from
:func:`lessons_lib.sample_data.access_log` (generated once into the data folder).
"""

from __future__ import annotations

import dis
import functools
import inspect
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lessons_lib.exercises import (
    Exercise,
    Incorrect,
    expect_closes_files,
    expect_equal,
    expect_generator,
    expect_memory_below,
    expect_prediction,
    names_used,
    track_open_files,
)
from lessons_lib.memory import tracemalloc_peak
from lessons_lib.readers import read_lines
from lessons_lib.sample_data import access_log

KIB = 1024
MIB = 1024 * KIB
CHECK_LOG_BYTES = 10_000_000  # the log the checks read: about 50 000 requests
MEMORY_BUDGET = 1 * MIB  # ex2: what summing the sizes may allocate at its peak


@functools.cache
def check_log() -> Path:
    """The access log the checks run on (generated on first use, then reused)."""
    return access_log(CHECK_LOG_BYTES)


# --- ex1: a lazy generator that closes its file ------------------------------------------------


def response_sizes(path):
    """Yield the number of bytes each request in the access log sent back (0 when the log says '-')."""
    for line in read_lines(path):
        status_and_size = line.split('"')[2].split()  # e.g. ['200', '5120'] or ['304', '-']
        size = status_and_size[1]
        yield 0 if size == "-" else int(size)


@functools.cache
def _reference_sizes(path: Path) -> tuple[int, ...]:
    return tuple(response_sizes(path))


def _builds_a_list(function: Any) -> bool:
    """Whether the function's own code builds a list item by item (a list comprehension or .append)."""
    code = getattr(function, "__code__", None)
    if code is None:
        return False
    nested = [const for const in code.co_consts if inspect.iscode(const)]
    if any(const.co_name == "<listcomp>" for const in nested):
        return True
    return any(instruction.opname == "LIST_APPEND" for instruction in dis.get_instructions(code))


def _bytes_read(f: Any, path: Path) -> int:
    """How far into its file an open file object has read (all of it, if it is closed already)."""
    if f.closed:  # the generator is still paused, so a closed file was read to its end
        return path.stat().st_size
    return f.buffer.tell() if hasattr(f, "buffer") else f.tell()


def _dash_hint(error: BaseException) -> None:
    if isinstance(error, ValueError) and "'-'" in str(error):
        raise Incorrect(
            "int('-') failed: some requests sent no body (a 304 Not Modified, or a HEAD request), "
            "and the log writes their size as '-'. Count those as 0 bytes."
        ) from None


def _check_response_sizes(answer: Any) -> str:
    log = check_log()
    sizes = expect_generator(answer(log), "response_sizes(log)")
    try:
        first = [next(sizes, None) for _ in range(5)]
        sizes.close()
        expected = list(_reference_sizes(log))
        expect_equal(first, expected[:5], "the first five sizes")
        got = list(answer(log))
    except ValueError as error:
        _dash_hint(error)
        raise
    if len(got) != len(expected):
        raise Incorrect(
            f"response_sizes(log) yielded {len(got):,} sizes, but the log has {len(expected):,} requests: "
            "one size per line, and 0 for the lines whose size is '-'."
        )
    expect_equal(sum(got), sum(expected), "the sum of all the sizes")
    # Lazy: after three sizes only the first part of the file may have been read ...
    with track_open_files() as opened:
        started = answer(log)
        taken = [next(started) for _ in range(3)]
        read_so_far = max((_bytes_read(f, log) for f in opened), default=0)
        started.close()
    if read_so_far > MIB:
        raise Incorrect(
            f"To hand out {len(taken)} sizes, response_sizes read {read_so_far / MIB:.1f} MiB of the "
            f"{log.stat().st_size / MIB:.1f} MiB file: it reads everything first (readlines(), read() or a "
            "list). Loop over the lines one at a time and `yield` each size."
        )
    # ... and stopping early must close the file.
    expect_closes_files(lambda: answer(log), take=3, what="response_sizes(log)")
    return "response_sizes reads one line per size, and closes the file when the consumer stops."


ex1 = Exercise(
    "ex1",
    checker=_check_response_sizes,
    hints=[
        (
            "Loop over `read_lines(path)` (from lessons_lib.readers): it opens the file lazily and closes "
            "it even when the consumer stops early. Then `yield` one number per line."
        ),
        (
            "The size is the field after the status code. Splitting a line at '\"' gives "
            "[before the request, the request, ' 200 5120 ', ...]: take part [2] and .split() it."
        ),
        "The size is '-' when no body was sent: yield 0 then, otherwise int(size).",
    ],
    solution=response_sizes,
)

# --- ex2: stay inside a memory budget ------------------------------------------------------------


def total_bytes(path):
    """The total number of bytes the server sent, read in constant memory."""
    return sum(response_sizes(path))


def _check_total_bytes(answer: Any) -> str:
    log = check_log()
    expected = sum(_reference_sizes(log))
    try:
        total = expect_memory_below(lambda: answer(log), MEMORY_BUDGET, "total_bytes(log)")
    except Incorrect as over:
        names = names_used(answer)
        if "readlines" in names:
            raise Incorrect(
                f"{over} readlines() is not lazy: it returns a list of every line."
            ) from None
        if "read" in names:
            raise Incorrect(
                f"{over} f.read() pulls the whole file into one string first."
            ) from None
        if _builds_a_list(answer):
            raise Incorrect(
                f"{over} The square brackets inside sum([...]) build a list of every size before "
                "sum() starts adding: drop them, and sum() pulls one size at a time from a "
                "generator expression."
            ) from None
        raise
    except ValueError as error:
        _dash_hint(error)
        raise
    if isinstance(total, Iterator):
        raise Incorrect(
            "total_bytes(log) returned an iterator; return the total itself (a number), e.g. with sum()."
        )
    expect_equal(total, expected, "total_bytes(log)")
    return (
        f"total_bytes adds up {expected:,} bytes and stays under the {MEMORY_BUDGET / MIB:g} MiB budget "
        "(tracemalloc measured its peak)."
    )


ex2 = Exercise(
    "ex2",
    checker=_check_total_bytes,
    hints=[
        "sum() accepts any iterable, including a generator: it pulls one number at a time.",
        "You wrote a generator of sizes in ex1. What happens to memory if you pass it straight to sum()?",
        "`return sum(response_sizes(path))`: nothing holds more than one line at a time.",
    ],
    solution=total_bytes,
)

# --- ex3: predict what the measurements say ----------------------------------------------------------


def ex3_program() -> None:
    """The cell whose printout the learner predicts in lesson 04."""
    squares = [n * n for n in range(1_000)]
    print(sys.getsizeof(n * n for n in range(10)) == sys.getsizeof(n * n for n in range(10**9)))
    print(sys.getsizeof(squares) > sum(sys.getsizeof(n) for n in squares))
    _, peak = tracemalloc_peak(lambda: (n * n for n in range(10**6)))
    print(peak < 10_000)


PREDICTION_EX3 = """
True
False
True
"""

ex3 = Exercise(
    "ex3",
    checker=lambda prediction: expect_prediction(prediction, ex3_program, "the cell"),
    hints=[
        (
            "A generator object holds its code and where it paused, not its items: how big is it for "
            "10 items, or for a billion?"
        ),
        (
            "getsizeof(a list) counts the list's slots (8 bytes each), not the int objects they point "
            "to (28 bytes or more each)."
        ),
        (
            "The lambda returns a generator without running it: creating one allocates the generator "
            "and its frame (a few hundred bytes to about a kilobyte, by Python version), not a million "
            "squares."
        ),
    ],
    solution='prediction = """\nTrue\nFalse\nTrue\n"""',
    answer=PREDICTION_EX3,
)

# --- ex4: measure the work, not the promise ---------------------------------------------------------


def peak_of_lazy_read(path):
    """Peak bytes Python allocated while counting the lines of ``path`` with read_lines."""
    _, peak = tracemalloc_peak(lambda: sum(1 for _ in read_lines(path)))
    return peak


def _check_peak_of_lazy_read(answer: Any) -> str:
    log = check_log()
    peak = answer(log)
    if isinstance(peak, tuple):
        raise Incorrect(
            "peak_of_lazy_read(log) returned a tuple: tracemalloc_peak(f) gives (f's result, peak bytes). "
            "Unpack it, `_, peak = tracemalloc_peak(...)`, and return the peak."
        )
    if not isinstance(peak, int) or isinstance(peak, bool):
        raise Incorrect(
            f"peak_of_lazy_read(log) should return a number of bytes (an int), not {peak!r}."
        )
    _, creating = tracemalloc_peak(lambda: read_lines(log))  # what making the generator alone costs
    if peak <= max(2 * creating, 2 * KIB):
        raise Incorrect(
            f"A peak of {peak:,} bytes is what *creating* the generator costs: the function you measured "
            "returned read_lines(path) without reading a line (a generator runs only when it is "
            "consumed). Measure a function that consumes it, e.g. lambda: sum(1 for _ in read_lines(path))."
        )
    if peak > log.stat().st_size / 4:
        raise Incorrect(
            f"A peak of {peak / MIB:.1f} MiB for a {log.stat().st_size / MIB:.1f} MiB file means every line "
            "was held at once: consume read_lines(path) one line at a time (sum, a for loop), not list()."
        )
    return f"counting every line lazily peaked at {peak / KIB:.0f} KiB of Python allocations: the file is never all in memory."


ex4 = Exercise(
    "ex4",
    checker=_check_peak_of_lazy_read,
    hints=[
        "tracemalloc_peak(f) calls f() and returns (what f returned, the peak bytes allocated meanwhile).",
        "Creating a generator runs none of its code: measure a function that also consumes it.",
        "`_, peak = tracemalloc_peak(lambda: sum(1 for _ in read_lines(path)))`, then return peak.",
    ],
    solution=peak_of_lazy_read,
)
