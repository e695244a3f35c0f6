"""Exercises for lesson 03, reading files lazily.

Each exercise's reference solution is the function defined just above it;
``exN.solution()`` prints that function's source.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path
from typing import Any

from lessons_lib.exercises import (
    Exercise,
    Incorrect,
    expect_closes_files,
    expect_equal,
    expect_generator,
    expect_lazy,
    expect_memory_below,
    track_open_files,
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


EX1_ANSWER = (4, 3, 2)


def _check_ex1(prediction: Any) -> str:
    if not isinstance(prediction, (tuple, list)) or len(prediction) != 3:
        raise Incorrect("Write your prediction as three whole numbers in parentheses, e.g. (1, 2, 3).")
    if not all(isinstance(n, int) and not isinstance(n, bool) for n in prediction):
        raise Incorrect(f"Each of the three predictions is a whole number of rows; you wrote {prediction!r}.")
    split_rows, readlines_rows, kept_rows = prediction
    real = _real_counts()
    if split_rows != real[0]:
        raise Incorrect(
            f"read().split('\\n') gives {real[0]} pieces, not {split_rows}. split cuts the text at "
            "each of its 3 newlines, so there are 4 pieces: the blank line is one (''), and the "
            "piece after the final newline is another ''."
        )
    if readlines_rows != real[1]:
        raise Incorrect(
            f"readlines() gives {real[1]} lines, not {readlines_rows}. It ends each line just after "
            "its newline and keeps the blank line (as '\\n'); nothing follows the final newline, so "
            "there is no extra empty line."
        )
    if kept_rows != real[2]:
        raise Incorrect(
            f"read_lines(path, skip_blank=True) yields {real[2]} lines, not {kept_rows}: "
            "the blank line is dropped, and there is no empty piece after the final newline."
        )
    return "split('\\n') counts the empty string after the final newline; readlines() does not."


ex1 = Exercise(
    "ex1",
    checker=_check_ex1,
    hints=[
        "Write the file out with its newlines visible: 'numpy\\n' + '\\n' + 'pandas\\n'. Count the '\\n's.",
        "split('\\n') returns one more piece than there are separators, even when a piece is empty.",
        "readlines() returns one item per line, each ending in '\\n'; the blank line is '\\n', not skipped.",
        "Write the pieces out: 'numpy\\n\\npandas\\n'.split('\\n') is ['numpy', '', 'pandas', '']; readlines() "
        "gives ['numpy\\n', '\\n', 'pandas\\n']. Which of these lines does skip_blank=True drop?",
    ],
    solution="prediction = (4, 3, 2)  # split: ['numpy', '', 'pandas', '']; readlines: 3; skip_blank: 2",
    answer=EX1_ANSWER,
)

# --- ex2: a generator that strips, filters, and closes its file -----------------------------------


def package_names(path):
    """Yield the package name of each requirement in a requirements file, skipping blanks and comments."""
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            for operator in "<>=!~":  # cut at the first version operator
                line = line.split(operator)[0]
            yield line.strip()


TRICKY_REQUIREMENTS = "  # indented comment\r\nrequests\r\n\n   \nscipy == 1.11\nnumpy>=1.26,<3\n  rich~=13.0"
TRICKY_NAMES = ["requests", "scipy", "numpy", "rich"]


def _check_names(names: list[Any], expected: list[str], where: str) -> None:
    if any(not isinstance(name, str) for name in names):
        raise Incorrect(f"For {where}, yield each name as a str; you yielded {names!r}.")
    if any(name.endswith(("\n", "\r")) for name in names):
        raise Incorrect(
            f"For {where}, some names still end with the line ending: {names!r}. Strip each line first."
        )
    if "" in names:
        raise Incorrect(
            f"For {where}, a blank line came through as '': {names!r}. Skip lines that are empty after strip()."
        )
    if any(name.lstrip().startswith("#") for name in names):
        raise Incorrect(
            f"For {where}, a comment came through: {names!r}. Skip lines whose text starts with '#' "
            "(after stripping the spaces in front)."
        )
    if any(re.search(r"[<>=!~]", name) for name in names):
        raise Incorrect(
            f"For {where}, keep only the name: {names!r}. Cut each line at the first of < > = ! ~ "
            "and strip the spaces left over."
        )
    expect_equal(names, expected, f"the names in {where}")


def _check_package_names(answer: Any) -> str:
    expect_generator(answer(REQUIREMENTS_SAMPLE), "package_names(REQUIREMENTS_SAMPLE)").close()
    _check_names(list(answer(REQUIREMENTS_SAMPLE)), list(package_names(REQUIREMENTS_SAMPLE)), "REQUIREMENTS_SAMPLE")
    with tempfile.TemporaryDirectory() as folder:
        tricky = Path(folder) / "requirements-tricky.txt"
        tricky.write_bytes(TRICKY_REQUIREMENTS.encode("utf-8"))
        where = "a file with indented comments, spaces, CRLF endings and no final newline"
        _check_names(list(answer(tricky)), TRICKY_NAMES, where)
        with track_open_files() as opened:
            try:
                expect_closes_files(lambda: answer(tricky), take=1, what="package_names(path)")
            finally:
                for leaked in opened:  # tidy up after a generator that left its file open
                    leaked.close()
    return "package_names strips, filters, and closes its file even when the caller stops after one name."


ex2 = Exercise(
    "ex2",
    checker=_check_package_names,
    hints=[
        "Open the file with `with open(path, encoding='utf-8') as f:` inside the generator, and loop over f.",
        "For each line: `line = line.strip()`; `continue` when it is empty or starts with '#'; otherwise yield the name.",
        "The name is the text before the first version operator: `for operator in '<>=!~': "
        "line = line.split(operator)[0]`, then `yield line.strip()`. Because the `yield` sits inside "
        "the `with` block, close() closes the file too.",
    ],
    solution=package_names,
)

# --- ex3: one stage of a lazy pipeline ------------------------------------------------------------


def bytes_sent(lines):
    """Yield the bytes sent of each access-log line, as an int; '-' (no body) counts as 0."""
    for line in lines:
        field = line.split()[9]
        yield 0 if field == "-" else int(field)


def _check_bytes_sent(answer: Any) -> str:
    sample = log_lines(300, seed=3)
    expected = list(bytes_sent(sample))
    expect_generator(answer(iter(sample)), "bytes_sent(lines)").close()
    try:
        got = list(answer(iter(sample)))
    except ValueError as error:
        if "'-'" in str(error):
            raise Incorrect(
                "int('-') fails: a line whose bytes field is '-' sent no body (a 304 answer, a HEAD "
                "request). Yield 0 for it, so every line still gives one number."
            ) from None
        raise
    if len(got) < len(expected) and len(got) == sum(1 for line in sample if line.split()[9] != "-"):
        raise Incorrect(
            f"You yielded {len(got)} numbers for {len(expected)} lines: the '-' lines were skipped. "
            "Yield 0 for them instead, so every line gives one number."
        )
    if got and all(isinstance(value, str) for value in got):
        raise Incorrect(f"Yield numbers, not text: the first value is {got[0]!r}; convert it with int().")
    if len(got) == len(expected) and got != expected:
        first = next(n for n, (mine, right) in enumerate(zip(got, expected)) if mine != right)
        fields = sample[first].split()
        raise Incorrect(
            f"For the line {sample[first][:60]!r}... you yielded {got[first]!r}. With line.split() the "
            f"fields are {fields[:10]!r}...: the bytes sent are field 9 (counting from 0), {fields[9]!r}."
        )
    expect_equal(got, expected, "the numbers for 300 log lines")
    taken = expect_lazy(answer, log_lines(1_000, seed=4), take=3, what="bytes_sent")
    expect_equal(taken, list(bytes_sent(log_lines(3, seed=4))), "the first three numbers")
    return "bytes_sent reads one line per number: put it in a pipeline over millions of lines."


ex3 = Exercise(
    "ex3",
    checker=_check_bytes_sent,
    hints=[
        "Loop over `lines` with `for` and `yield` one number per line; do not collect them in a list.",
        "`line.split()` splits at spaces; the bytes sent are the 10th field, `line.split()[9]`.",
        "That field is '-' when no body was sent: `yield 0 if field == '-' else int(field)`.",
    ],
    solution=bytes_sent,
)

# --- ex4: count within a memory budget ------------------------------------------------------------

EX4_LOG_BYTES = 1_000_000
EX4_SEED = 4
EX4_BUDGET = 640 * 1024  # bytes of peak Python allocations allowed: half of what readlines() needs


def count_not_found(path):
    """Count the requests in an access log that were answered 404, holding one line at a time."""
    return sum(1 for line in read_lines(path) if line.split()[8] == "404")


def _check_count_not_found(answer: Any) -> str:
    log = access_log(EX4_LOG_BYTES, seed=EX4_SEED)
    got = expect_memory_below(lambda: answer(log), EX4_BUDGET, what="count_not_found(log)")
    expected = count_not_found(log)
    if not isinstance(got, int) or isinstance(got, bool):
        raise Incorrect(
            f"count_not_found(log) returned {type(got).__name__} {got!r}; return the count as an int, "
            "e.g. `return sum(1 for line in ... if ...)`."
        )
    substring = sum(1 for line in read_lines(log) if "404" in line)
    if got == substring != expected:
        raise Incorrect(
            f"You counted {got}, but {expected} requests were answered 404: '404' also appears elsewhere "
            "in some lines (in a path such as /products/40412, or a byte count). Compare the status "
            "field itself: `line.split()[8] == '404'`."
        )
    expect_equal(got, expected, "the number of 404 answers")
    return (
        f"{expected} requests were answered 404, counted one line at a time "
        f"(well under the {EX4_BUDGET // 1024} KiB budget for a {EX4_LOG_BYTES // 1_000_000} MB file)."
    )


ex4 = Exercise(
    "ex4",
    checker=_check_count_not_found,
    hints=[
        "Read the log one line at a time (a `for` loop over the file, or read_lines) instead of readlines() or read().",
        "The status code is a field of its own: `line.split()[8]`. Testing `'404' in line` also "
        "matches paths and byte counts that contain 404.",
        "`return sum(1 for line in read_lines(path) if line.split()[8] == '404')`",
    ],
    solution=count_not_found,
)
