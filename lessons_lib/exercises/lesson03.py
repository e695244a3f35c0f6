"""Exercises for lesson 03, reading files lazily.

Each exercise's reference solution is the function defined just above it;
``exN.solution()`` prints that function's source.
"""

from __future__ import annotations

import re
import tempfile
from contextlib import closing
from datetime import datetime
from pathlib import Path
from typing import Any

from lessons_lib.exercises import (
    BUILT_IN_FULL,
    Computed,
    Difference,
    Lazy,
    Memory,
    Slip,
    Stream,
    TextFile,
    function_exercise,
    prediction_exercise,
    raised,
)
from lessons_lib.readers import read_lines
from lessons_lib.sample_data import REQUIREMENTS_SAMPLE, access_log, log_lines

# --- ex1: predict how many rows three ways of reading give ---------------------------------------

EX1_TEXT = "numpy\n\npandas\n"  # two packages, a blank line between them, a final newline


def ex1_program(path: Path) -> tuple[int, int, int]:
    """What the learner predicts: the row counts of three ways of reading ``EX1_TEXT``."""
    with open(path, encoding="utf-8") as f:
        by_split = f.read().split("\n")
    with open(path, encoding="utf-8") as f:
        by_readlines = f.readlines()
    kept = list(read_lines(path, skip_blank=True))
    return len(by_split), len(by_readlines), len(kept)


def _real_counts() -> tuple[int, int, int]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "requirements.txt"
        path.write_bytes(EX1_TEXT.encode("utf-8"))
        return ex1_program(path)


def _wrong_at(index: int) -> Any:
    return lambda d: all(isinstance(n, int) for n in d.got) and d.got[index] != d.want[index]


ex1 = prediction_exercise(
    value=_real_counts,
    form="three whole numbers in parentheses, e.g. (1, 2, 3)",
    slips=[
        Slip(
            lambda d: not all(isinstance(n, int) and not isinstance(n, bool) for n in d.got),
            "Each of the three predictions is a whole number of rows; you wrote `{got}`.",
        ),
        Slip(
            _wrong_at(0),
            "read().split('\\n') gives {want[0]} pieces, not {got[0]}. split cuts the text at "
            "each of its 3 newlines, so there are 4 pieces: the blank line is one (''), and the "
            "piece after the final newline is another ''.",
        ),
        Slip(
            _wrong_at(1),
            "readlines() gives {want[1]} lines, not {got[1]}. It ends each line just after its "
            "newline and keeps the blank line (as '\\n'); nothing follows the final newline, so "
            "there is no extra empty line.",
        ),
        Slip(
            _wrong_at(2),
            "read_lines(path, skip_blank=True) yields {want[2]} lines, not {got[2]}: the blank "
            "line is dropped, and there is no empty piece after the final newline.",
        ),
    ],
    success="split('\\n') counts the empty string after the final newline; readlines() does not.",
    hints=[
        "Write the file out with its newlines visible: 'numpy\\n' + '\\n' + 'pandas\\n'. Count "
        "the '\\n's.",
        "split('\\n') returns one more piece than there are separators, even when a piece is "
        "empty.",
        "readlines() returns one item per line, each ending in '\\n'; the blank line is '\\n', not "
        "skipped.",
        "Write the pieces out: 'numpy\\n\\npandas\\n'.split('\\n') is ['numpy', '', 'pandas', ''];"
        " readlines() gives ['numpy\\n', '\\n', 'pandas\\n']. Which of these lines does "
        "skip_blank=True drop?",
    ],
)
EX1_ANSWER = ex1.answer

# --- ex2: a generator that strips, filters, and closes its file -----------------------------------


def package_names(path):
    """Yield the package name of each requirement in a requirements file, skipping blank lines
    and comments."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            for operator in "<>=!~":  # cut at the first version operator
                line = line.split(operator)[0]
            yield line.strip()


TRICKY_REQUIREMENTS = (
    "  # indented comment\r\nrequests\r\n\n   \nscipy == 1.11\nnumpy>=1.26,<3\n  rich~=13.0"
)
TRICKY = TextFile(
    TRICKY_REQUIREMENTS,
    "a file with indented comments, spaces, CRLF endings and no final newline",
    name="requirements-tricky.txt",
)


# The kinds of line a random requirements file is made of.
REQUIREMENT_LINES = ["numpy", "  # pin", "", "pandas >= 2"] + [" rich~=13.0 ", "   ", "scipy!=1.0"]


def _requirements(rng: Any) -> tuple[TextFile]:
    lines = [rng.choice(REQUIREMENT_LINES) for _ in range(rng.randint(0, 9))]
    end = rng.choice(["\n", "\r\n"])
    return (TextFile(end.join(lines) + rng.choice(["", end]), f"a file of {len(lines)} lines"),)


def _names(check: Any, say: str) -> Slip:
    return Slip(lambda d: any(check(name) for name in d.got), say)


ex2 = function_exercise(
    package_names,
    returns="generator",
    cases=[(Computed(lambda: REQUIREMENTS_SAMPLE, "REQUIREMENTS_SAMPLE"),), (TRICKY,)],
    draw=_requirements,
    closes_files=(TRICKY,),
    slips=[
        _names(
            lambda name: not isinstance(name, str),
            "For `{call}`, yield each name as a str; you yielded `{got}`.",
        ),
        _names(
            lambda name: name.endswith(("\n", "\r")),
            "For `{call}`, some names still end with the line ending: `{got}`. Strip each line "
            "first.",
        ),
        _names(
            lambda name: name == "",
            "For `{call}`, a blank line came through as '': `{got}`. Skip lines that are empty "
            "after strip().",
        ),
        _names(
            lambda name: name.lstrip().startswith("#"),
            "For `{call}`, a comment came through: `{got}`. Skip lines whose text starts with "
            "'#' (after stripping the spaces in front).",
        ),
        _names(
            lambda name: re.search(r"[<>=!~]", name),
            "For `{call}`, keep only the name: `{got}`. Cut each line at the first of < > = ! ~"
            " and strip the spaces left over.",
        ),
    ],
    success="package_names strips, filters, and closes its file even when the caller stops after "
    "one name.",
    hints=[
        "Open the file with `with open(path, encoding='utf-8') as f:` inside the generator, and "
        "loop over f.",
        "For each line: `line = line.strip()`; `continue` when it is empty or starts with '#'; "
        "otherwise yield the name.",
        "The name is the text before the first version operator: `for operator in '<>=!~': "
        "line = line.split(operator)[0]`, then `yield line.strip()`. Because the `yield` sits "
        "inside the `with` block, close() closes the file too. (A `map` or `filter` over the file "
        "is not accepted here: it has no close(), so it cannot close the file it reads.)",
    ],
)

# --- ex3: one stage of a lazy pipeline ------------------------------------------------------------


def bytes_sent(lines):
    """Yield the bytes sent of each access-log line, as an int; '-' (no body) counts as 0."""
    for line in lines:
        field = line.split()[9]
        yield 0 if field == "-" else int(field)


LOG = log_lines(2_000, seed=3)


def _some_log_lines(rng: Any) -> tuple[Stream]:
    start, count = rng.randint(0, 1_900), rng.randint(0, 60)
    return (Stream(LOG[start : start + count], label=f"iter({count} log lines)"),)


def _field_nine(d: Difference) -> str:
    lines = d.args[0].values()
    first = next(
        n for n, (mine, right) in enumerate(zip(d.got, d.want, strict=False)) if mine != right
    )
    fields = lines[first].split()
    return (
        f"For the line {lines[first][:60]!r}... you yielded {d.got[first]!r}. With line.split()"
        f" the fields are {fields[:10]!r}...: the bytes sent are field 9 (counting from 0), "
        f"{fields[9]!r}."
    )


ex3 = function_exercise(
    bytes_sent,
    returns="iterator",
    cases=[(Stream(LOG[:300], label="iter(300 log lines)"),), (Stream([]),)],
    draw=_some_log_lines,
    lazy=Lazy((Stream(LOG[:1_000], label="iter(1000 log lines)"),), take=3),
    slips=[
        Slip(
            raised(ValueError, "'-'"),
            "int('-') fails: a line whose bytes field is '-' sent no body (a 304 answer, a HEAD "
            "request). Yield 0 for it, so every line still gives one number.",
        ),
        Slip(
            lambda d: len(d.got) < len(d.want) and d.got == [n for n in d.want if n != 0],
            lambda d: (
                f"You yielded {len(d.got)} numbers for {len(d.want)} lines: the '-' lines "
                "were skipped. Yield 0 for them instead, so every line gives one number."
            ),
        ),
        Slip(
            lambda d: d.got and all(isinstance(value, str) for value in d.got),
            lambda d: (
                f"Yield numbers, not text: the first value is {d.got[0]!r}; convert it with int()."
            ),
        ),
        Slip(
            lambda d: len(d.got) == len(d.want) and all(type(n) is int for n in d.got), _field_nine
        ),
    ],
    success="bytes_sent reads one line per number: put it in a pipeline over millions of lines.",
    hints=[
        "Loop over `lines` with `for` and `yield` one number per line; do not collect them in a "
        "list.",
        "`line.split()` splits at spaces; the bytes sent are the 10th field, `line.split()[9]`.",
        "That field is '-' when no body was sent: `yield 0 if field == '-' else int(field)`. "
        "(A generator expression or `map` over `lines` is accepted too: it is just as lazy.)",
    ],
)

# --- ex4: count within a memory budget ------------------------------------------------------------

EX4_LOG_BYTES = 1_000_000
EX4_SEED = 4
EX4_BUDGET = 640 * 1024  # bytes of peak Python allocations allowed: half of what readlines() needs


def count_not_found(path):
    """Count the requests in an access log that were answered 404, holding one line at a time."""
    return sum(1 for line in read_lines(path) if line.split()[8] == "404")


BIG_LOG = Computed(lambda: access_log(EX4_LOG_BYTES, seed=EX4_SEED), "log")


def _small_log(rng: Any) -> tuple[TextFile]:
    start, count = rng.randint(0, 1_900), rng.randint(0, 80)
    return (
        TextFile(
            "".join(line + "\n" for line in LOG[start : start + count]),
            f"a log of {count} lines",
            name="access.log",
        ),
    )


def _counted_substring(d: Difference) -> bool:
    path = d.args[0].make(None) if isinstance(d.args[0], Computed) else None
    return path is not None and d.got == sum(1 for line in read_lines(path) if "404" in line)


ex4 = function_exercise(
    count_not_found,
    cases=[(BIG_LOG,)],
    draw=_small_log,
    count=10,
    memory=Memory((BIG_LOG,), EX4_BUDGET),
    slips=[
        Slip(
            lambda d: not isinstance(d.got, int) or isinstance(d.got, bool),
            lambda d: (
                f"`{d.call}` returned {type(d.got).__name__} `{d.got!r}`; return the "
                "count as an int, e.g. `return sum(1 for line in ... if ...)`."
            ),
        ),
        Slip(
            _counted_substring,
            "You counted {got}, but {want} requests were answered 404: '404' also appears "
            "elsewhere in some lines (in a path such as /products/40412, or a byte count). "
            "Compare the status field itself: `line.split()[8] == '404'`.",
        ),
    ],
    success=f"the 404 answers are counted one line at a time (well under the {EX4_BUDGET // 1024}"
    f" KiB budget for a {EX4_LOG_BYTES // 1_000_000} MB file).",
    hints=[
        "Read the log one line at a time (a `for` loop over the file, or read_lines) instead of "
        "readlines() or read().",
        "The status code is a field of its own: `line.split()[8]`. Testing `'404' in line` also "
        "matches paths and byte counts that contain 404.",
        "`return sum(1 for line in read_lines(path) if line.split()[8] == '404')`",
    ],
)


# --- ex5 (going further): parsing stages bundled into one function ----------------------------

READING = re.compile(r"(?P<time>\S+ \S+) (?P<room>\S+) (?P<celsius>\S+)")
"""One line of a sensor log: ``2024-03-01 06:00:00 kitchen 21.5``."""


def read_readings(path):
    lines = read_lines(path, skip_blank=True, skip_comments=True)  # stage 0: the lines that count
    matches = (READING.fullmatch(line) for line in lines)  # stage 1: match
    records = (match.groupdict() for match in matches)  # stage 2: a dict of strings
    converters = {"time": datetime.fromisoformat, "celsius": float}
    with closing(lines):  # closing the result closes the file
        for record in records:  # stage 3: convert
            yield {key: converters.get(key, str)(value) for key, value in record.items()}


SENSOR_LOG = (
    "# sensor log, one reading per line\n"
    "2024-03-01 06:00:00 kitchen 21.5\n"
    "2024-03-01 06:00:00 cellar 12.0\n"
    "\n"
    "2024-03-01 06:10:00 kitchen 21.75\n"
    "  # the cellar sensor was reset here\n"
    "2024-03-01 06:10:00 cellar -0.5\n"
)
_SENSOR_FILE = TextFile(SENSOR_LOG, "a sensor log with comments and a blank line")


def _sensor_log(rng: Any) -> tuple[TextFile]:
    rows = []
    for minute in range(rng.randint(0, 8)):
        if rng.random() < 0.2:
            rows.append(rng.choice(["", "# a comment", "   "]))
        room = rng.choice(["kitchen", "cellar", "attic"])
        rows.append(f"2024-03-02 07:{minute:02d}:00 {room} {rng.randint(-50, 350) / 10}")
    return (TextFile("\n".join(rows) + rng.choice(["", "\n"]), f"a log of {len(rows)} lines"),)


def _field_kept_as_text(d: Difference) -> str | None:
    """The first field the answer left as a str where the reference has another type."""
    for got, want in zip(d.got, d.want, strict=False):
        if isinstance(got, dict) and isinstance(want, dict):
            for key, value in want.items():
                if not isinstance(value, str) and isinstance(got.get(key), str):
                    return key
    return None


ex5 = function_exercise(
    read_readings,
    returns="generator",
    cases=[(_SENSOR_FILE,), (TextFile("", "an empty file"),)],
    draw=_sensor_log,
    count=10,
    closes_files=(_SENSOR_FILE,),
    slips=[
        Slip(
            raised(AttributeError, "NoneType", "groupdict"),
            "`{call}` raised AttributeError: a line did not match READING, so `fullmatch` gave "
            "None. Blank lines and comments never match, and neither does a line that still ends "
            "with its newline: strip the lines and skip those first (`read_lines(path, "
            "skip_blank=True, skip_comments=True)` does both).",
        ),
        Slip(
            raised(TypeError, "NoneType", "subscriptable"),
            "`{call}` raised TypeError: a line did not match READING, so `fullmatch` gave None. "
            "Strip the lines and skip blank lines and comments before matching.",
        ),
        *BUILT_IN_FULL,
        Slip(
            lambda d: _field_kept_as_text(d) is not None,
            lambda d: f"`{d.call}` gives `{d.got[0] if d.got else d.got}`: the field "
            f"{_field_kept_as_text(d)!r} is still a str. Convert the fields: `float` for "
            "'celsius', `datetime.fromisoformat` for 'time' (the room stays a str).",
        ),
    ],
    success="read_readings matches, names and converts each reading lazily, and closes its file "
    "when the caller stops early.",
    hints=[
        "Three small stages, as in section 10: match each line with `READING.fullmatch(line)`, "
        "turn each match into a dict with `.groupdict()`, then convert the fields.",
        "Read the lines with `read_lines(path, skip_blank=True, skip_comments=True)`: blank lines "
        "and comments never match. Convert with `float` for 'celsius' and "
        "`datetime.fromisoformat` for 'time'.",
        "Write it as a generator function: `with closing(read_lines(...)) as lines:`, then for "
        "each line yield `{'time': ..., 'room': ..., 'celsius': ...}`. Section 10's `matched`, "
        "`as_dicts` and `typed` stages can do the work: `yield from typed(as_dicts(matched(lines, "
        "READING)), {...})`.",
    ],
)
