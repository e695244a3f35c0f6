"""Exercises for lesson 04, measuring what generators save.

Each exercise's reference solution is the function defined just above it (ex3's
prediction is the printout of a real run); ``exN.solution()`` shows it.  The
answers are compared with the reference on small logs cut from
:func:`lessons_lib.sample_data.log_lines` (fixed ones and seeded random ones);
what laziness saves is measured on a 10 MB access log from
:func:`lessons_lib.sample_data.access_log` (generated once into the data folder).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from lessons_lib.exercises import (
    Computed,
    Exercise,
    Incorrect,
    Memory,
    Slip,
    TextFile,
    function_exercise,
    names_used,
    prediction_exercise,
    raised,
    track_open_files,
)
from lessons_lib.exercises.runner import call
from lessons_lib.memory import tracemalloc_peak
from lessons_lib.readers import read_lines
from lessons_lib.sample_data import access_log, log_lines

KIB = 1024
MIB = 1024 * KIB
CHECK_LOG_BYTES = 10_000_000  # the log the laziness checks read: about 50 000 requests
MEMORY_BUDGET = 1 * MIB  # ex2: what summing the sizes may allocate at its peak


@functools.cache
def check_log() -> Path:
    """The 10 MB access log the laziness and memory checks run on (generated on first use)."""
    return access_log(CHECK_LOG_BYTES)


@functools.cache
def _pool() -> list[str]:
    return log_lines(2_000, seed=4)


def _log(lines: list[str], label: str, end: str = "\n") -> TextFile:
    return TextFile("\n".join(lines) + (end if lines else ""), label, name="access.log")


def _draw_log(rng: Any) -> tuple[TextFile]:
    lines = rng.sample(_pool(), rng.randint(0, 30))
    return (_log(lines, f"a log of {len(lines)} requests", rng.choice(["\n", ""])),)


LOGS = [
    (_log([], "an empty log"),),
    (_log(log_lines(40, seed=0), "a log of 40 requests, 5 of them with size '-'"),),
    (_log(log_lines(1, seed=0), "a log of one request, without a final newline", end=""),),
    (_log(_pool()[:1_500], "a log of 1,500 requests"),),
]
DASH = Slip(raised(ValueError, "'-'"),
            "`{call}`: int('-') failed. Some requests sent no body (a 304 Not Modified, or a "
            "HEAD request), and the log writes their size as '-'. Count those as 0 bytes.")

# --- ex1: a lazy generator that closes its file ------------------------------------------------


def response_sizes(path):
    """Yield the bytes each request in the access log sent back (0 when the log says '-')."""
    for line in read_lines(path):
        status_and_size = line.split('"')[2].split()  # e.g. ['200', '5120'] or ['304', '-']
        size = status_and_size[1]
        yield 0 if size == "-" else int(size)


def _bytes_read(f: Any, path: Path) -> int:
    """How far into its file an open file object has read (all of it, if it is closed already)."""
    if f.closed:  # the generator is still paused, so a closed file was read to its end
        return path.stat().st_size
    return f.buffer.tell() if hasattr(f, "buffer") else f.tell()


def _reads_lazily(answer: Callable[[Path], Iterator[int]]) -> None:
    """After three sizes from the 10 MB log, at most 1 MiB of it may have been read."""
    log = check_log()
    with track_open_files() as opened:
        sizes = call(answer, log)
        call(lambda: [next(sizes) for _ in range(3)])
        read_so_far = max((_bytes_read(f, log) for f in opened), default=0)
        sizes.close()
    if read_so_far > MIB:
        raise Incorrect(
            f"To hand out 3 sizes, `response_sizes` read {read_so_far / MIB:.1f} MiB of the "
            f"{log.stat().st_size / MIB:.1f} MiB log: it reads everything first (readlines(), "
            "read() or a list). Loop over the lines one at a time and `yield` each size."
        )


def _fields(d: Any, index: int) -> list[str]:
    return [line.split('"')[2].split()[index] for line in d.args[0].text.splitlines()]


ex1 = function_exercise(
    response_sizes,
    returns="generator",
    cases=LOGS,
    draw=_draw_log,
    count=15,
    closes_files=LOGS[1],
    also=[_reads_lazily],
    slips=[
        DASH,
        Slip(lambda d: d.got == [int(s) for s in _fields(d, 0)],
             "`{call}` yields the status codes (200, 304, ...): the size is the field *after* "
             "the status."),
        Slip(lambda d: d.got == [size for size in d.want if size],
             "`{call}` yields {got}: nothing for the requests whose size is '-'. Yield one "
             "size per line, and 0 for the lines whose size is '-'."),
        Slip(lambda d: any(isinstance(size, str) for size in d.got),
             "`{call}` yields text such as `{got[0]!r}`; convert each size with int()."),
    ],
    success="response_sizes reads one line per size, and closes the file when the consumer stops.",
    hints=[
        "Loop over `read_lines(path)` (from lessons_lib.readers): it opens the file lazily and "
        "closes it even when the consumer stops early. Then `yield` one number per line.",
        "The size is the field after the status code. Splitting a line at '\"' gives "
        "[before the request, the request, ' 200 5120 ', ...]: take part [2] and .split() it.",
        "The size is '-' when no body was sent: yield 0 then, otherwise int(size). A lazy "
        "`map(...)` is not accepted here: it has no close(), so a consumer cannot stop it early.",
    ],
)

# --- ex2: stay inside a memory budget ------------------------------------------------------------


def total_bytes(path):
    """The total number of bytes the server sent, read in constant memory."""
    return sum(response_sizes(path))


def _over_budget(d: Any, name: str) -> bool:
    return d.stage == "memory" and name in names_used(d.answer)


ex2 = function_exercise(
    total_bytes,
    cases=LOGS,
    draw=_draw_log,
    count=15,
    slips=[
        DASH,
        Slip(lambda d: isinstance(d.result, Iterator),
             "`{call}` returned an iterator; return the total itself (a number), e.g. with sum()."),
        Slip(lambda d: _over_budget(d, "readlines"),
             "readlines() is not lazy: it returns a list of every line."),
        Slip(lambda d: _over_budget(d, "read"),
             "f.read() pulls the whole file into one string first."),
        Slip(lambda d: d.stage == "memory",
             "The square brackets inside sum([...]) build a list of every size before sum() "
             "starts adding: drop them, and sum() pulls one size at a time."),
    ],
    memory=Memory((Computed(check_log, "log"),), MEMORY_BUDGET),
    success=f"total_bytes adds up every size and stays under the {MEMORY_BUDGET / MIB:g} MiB "
    "budget on the 10 MB log (tracemalloc measured its peak).",
    hints=[
        "sum() accepts any iterable, including a generator: it pulls one number at a time.",
        "You wrote a generator of sizes in ex1. What happens to memory if you pass it straight "
        "to sum()? (A lazy `map` inside sum() is fine too: nothing is held at once.)",
        "`return sum(response_sizes(path))`: nothing holds more than one line at a time.",
    ],
)

# --- ex3: predict what the measurements say -------------------------------------------------------


def ex3_program() -> None:
    """The cell whose printout the learner predicts in lesson 04."""
    squares = [n * n for n in range(1_000)]
    print(sys.getsizeof(n * n for n in range(10)) == sys.getsizeof(n * n for n in range(10**9)))
    print(sys.getsizeof(squares) > sum(sys.getsizeof(n) for n in squares))
    _, peak = tracemalloc_peak(lambda: (n * n for n in range(10**6)))
    print(peak < 10_000)


ex3 = prediction_exercise(
    program=ex3_program,
    slips=[
        Slip(lambda d: d.got[0] != d.want[0],
             "line 1 of your prediction is {got[0]!r}, but the cell prints {want[0]!r}. A "
             "generator object holds its code and where it paused, not its items: a bigger range "
             "does not make it bigger."),
        Slip(lambda d: d.got[1] != d.want[1],
             "line 2 of your prediction is {got[1]!r}, but the cell prints {want[1]!r}. "
             "getsizeof(a list) counts the list's slots (8 bytes each), not the int objects they "
             "point to (24 to 28 bytes each, by Python version)."),
        Slip(lambda d: d.got[2] != d.want[2],
             "line 3 of your prediction is {got[2]!r}, but the cell prints {want[2]!r}. The "
             "lambda returns a generator without running it: no square is computed yet."),
    ],
    hints=[
        "A generator object holds its code and where it paused, not its items: how big is it "
        "for 10 items, or for a billion?",
        "getsizeof(a list) counts the list's slots (8 bytes each), not the int objects they "
        "point to (24 bytes or more each).",
        "The lambda returns a generator without running it: creating one allocates the "
        "generator and its frame (a few hundred bytes to about a kilobyte, by Python version), "
        "not a million squares.",
    ],
)
PREDICTION_EX3 = ex3.answer

# --- ex4: measure the work, not the promise -------------------------------------------------------


def peak_of_lazy_read(path):
    """Peak bytes Python allocated while counting the lines of ``path`` with read_lines."""
    _, peak = tracemalloc_peak(lambda: sum(1 for _ in read_lines(path)))
    return peak


@functools.cache
def _line_count(path: Path) -> int:
    return sum(1 for _ in read_lines(path))


def _check_peak_of_lazy_read(answer: Any) -> str:
    log = check_log()
    peak = call(answer, log, seconds=10)
    if isinstance(peak, tuple):
        raise Incorrect(
            "`peak_of_lazy_read(log)` returned a tuple: tracemalloc_peak(f) gives (f's result, "
            "peak bytes). Unpack it, `_, peak = tracemalloc_peak(...)`, and return the peak."
        )
    if not isinstance(peak, int) or isinstance(peak, bool):
        raise Incorrect(f"`peak_of_lazy_read(log)` should return a number of bytes (an int), "
                        f"not {peak!r}.")
    if peak == _line_count(log):
        raise Incorrect(
            f"`peak_of_lazy_read(log)` returned {peak:,}, the number of lines in the log: that is "
            "what the measured function returned. tracemalloc_peak gives (result, peak bytes): "
            "return the second."
        )
    _, creating = tracemalloc_peak(lambda: read_lines(log))  # what making the generator alone costs
    if peak <= max(2 * creating, 2 * KIB):
        raise Incorrect(
            f"A peak of {peak:,} bytes is what *creating* the generator costs: the function you "
            "measured returned read_lines(path) without reading a line (a generator runs only "
            "when it is consumed). Measure a function that consumes it, e.g. "
            "`lambda: sum(1 for _ in read_lines(path))`."
        )
    if peak > log.stat().st_size / 4:
        raise Incorrect(
            f"A peak of {peak / MIB:.1f} MiB for a {log.stat().st_size / MIB:.1f} MiB file means "
            "every line was held at once: consume read_lines(path) one line at a time (sum, a for "
            "loop), not list()."
        )
    return (f"counting every line lazily peaked at {peak / KIB:.0f} KiB of Python allocations: "
            "the file is never all in memory.")


ex4 = Exercise(
    checker=_check_peak_of_lazy_read,
    hints=[
        "tracemalloc_peak(f) calls f() and returns (what f returned, the peak bytes allocated "
        "meanwhile).",
        "Creating a generator runs none of its code: measure a function that also consumes it.",
        "`_, peak = tracemalloc_peak(lambda: sum(1 for _ in read_lines(path)))`, then return peak.",
    ],
    solution=peak_of_lazy_read,
)
