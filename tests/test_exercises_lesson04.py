"""Lesson 04's exercises: each wrong answer in the tables fails with its phrase, and each
alternative passes.

A table row is (wrong answer, a phrase its message must contain). The answers are written as a
learner would write them; the comment on each says what the slip is.
"""

from __future__ import annotations

import itertools
import re
import tracemalloc
from pathlib import Path

import pytest
from exercise_tables import fails_with, passes

from lessons_lib.exercises.lesson04 import (
    PREDICTION_EX3,
    check_log,
    ex1,
    ex2,
    ex3,
    ex3_program,
    ex4,
    response_sizes,
)
from lessons_lib.memory import tracemalloc_peak
from lessons_lib.readers import read_lines


def _size_field(line: str) -> str:
    return line.split('"')[2].split()[1]


def _size(line: str) -> int:
    field = _size_field(line)
    return 0 if field == "-" else int(field)


def test_the_check_log_is_big_enough_for_the_budget() -> None:
    sizes = list(response_sizes(check_log()))
    assert len(sizes) > 40_000  # a list of that many ints needs well over the 1 MiB budget
    assert 0 in sizes  # some requests sent no body ('-')


# --- ex1: response_sizes -------------------------------------------------------------------------


def sizes_as_list(path):  # builds the whole list first
    return [_size(line) for line in read_lines(path)]


def sizes_without_dash(path):  # int('-') fails on the requests that sent no body
    for line in read_lines(path):
        yield int(_size_field(line))


def sizes_after_readlines(path):  # reads every line before the first yield
    with open(path) as f:
        lines = f.readlines()
    for line in lines:
        yield _size(line)


def sizes_leaking_the_file(path):  # plain open(): close() leaves the file open
    f = open(path)  # noqa: SIM115 - the mistake under test
    for line in f:
        yield _size(line)


def statuses(path):  # the field before the size
    for line in read_lines(path):
        yield int(line.split('"')[2].split()[0])


def sizes_skipping_dashes(path):  # drops the requests without a body instead of counting 0
    for line in read_lines(path):
        if _size_field(line) != "-":
            yield int(_size_field(line))


def sizes_as_text(path):  # yields '5120', not 5120
    for line in read_lines(path):
        field = _size_field(line)
        yield "0" if field == "-" else field


def sizes_skipping_a_header(path):  # a log has no header line
    for line in itertools.islice(read_lines(path), 1, None):
        yield _size(line)


def sizes_of_the_first_thousand(path):  # stops early, as if testing on a sample
    for line in itertools.islice(read_lines(path), 1000):
        yield _size(line)


def sizes_as_a_map(path):  # lazy, but a map has no close(): the consumer cannot stop it cleanly
    return map(_size, read_lines(path))


EX1_WRONG = [
    (sizes_as_list, "is a list, built all at once"),
    (sizes_without_dash, "Count those as 0"),
    (sizes_after_readlines, "it reads everything first"),
    (sizes_leaking_the_file, "open after it was stopped early"),
    (statuses, "status codes"),
    (sizes_skipping_dashes, "one size per line"),
    (sizes_as_text, "convert each size with int()"),
    (sizes_skipping_a_header, "should be"),
    (sizes_of_the_first_thousand, "differs from the reference at item 1000"),
    (sizes_as_a_map, "only a generator has `send`, `throw` and `close`"),
]


def sizes_by_whitespace(path):  # the tenth whitespace-separated field is the size
    with open(path) as f:
        for line in f:
            size = line.split()[9]
            yield int(size) if size != "-" else 0


def sizes_through_pathlib(path):  # Path.open, which 3.10's pathlib does not route through io.open
    with Path(path).open(encoding="utf-8") as f:
        for line in f:
            yield _size(line)


_SIZE_PATTERN = re.compile(r'" \d{3} (\d+|-) "')


def sizes_by_regex(path):
    for line in read_lines(path):
        size = _SIZE_PATTERN.search(line).group(1)
        yield 0 if size == "-" else int(size)


def sizes_as_generator_expression(path):  # a generator too, and closing it closes read_lines
    return (_size(line) for line in read_lines(path))


EX1_RIGHT = [
    sizes_by_whitespace, sizes_through_pathlib, sizes_by_regex, sizes_as_generator_expression,
]


@pytest.mark.parametrize(("answer", "phrase"), EX1_WRONG, ids=lambda x: getattr(x, "__name__", ""))
def test_ex1_wrong_answers(answer, phrase) -> None:
    fails_with(ex1, answer, phrase)


@pytest.mark.parametrize("answer", EX1_RIGHT, ids=lambda f: f.__name__)
def test_ex1_alternatives(answer) -> None:
    passes(ex1, answer)


# --- ex2: total_bytes under a memory budget ------------------------------------------------------


def total_with_readlines(path):
    with open(path) as f:
        lines = f.readlines()
    return sum(_size(line) for line in lines)


def total_with_read(path):
    with open(path) as f:
        text = f.read()
    return sum(_size(line) for line in text.splitlines())


def total_with_brackets(path):
    return sum([_size(line) for line in read_lines(path)])


def total_as_generator(path):
    return response_sizes(path)


def total_counting_lines(path):
    return sum(1 for _ in read_lines(path))


def total_without_dash(path):  # int('-') again
    return sum(int(_size_field(line)) for line in read_lines(path))


def total_of_line_lengths(path):  # the bytes of the log, not the bytes the server sent
    return sum(len(line) for line in read_lines(path))


def total_in_kib(path):  # a unit the task did not ask for
    return sum(response_sizes(path)) // 1024


def total_of_ok_requests_only(path):  # forgets the sizes of the other statuses
    return sum(_size(line) for line in read_lines(path) if '" 200 ' in line)


EX2_WRONG = [
    (total_with_readlines, "readlines() is not lazy"),
    (total_with_read, "f.read() pulls the whole file"),
    (total_with_brackets, "square brackets inside sum([...])"),
    (total_as_generator, "returned an iterator"),
    (total_counting_lines, "should be"),
    (total_without_dash, "Count those as 0"),
    (total_of_line_lengths, "should be"),
    (total_in_kib, "should be"),
    (total_of_ok_requests_only, "should be"),
]


def total_with_a_loop(path):
    total = 0
    with open(path) as f:
        for line in f:
            total += _size(line)
    return total


def total_with_map(path):  # a lazy map is fine here: the point is that sum() pulls one at a time
    return sum(map(_size, read_lines(path)))


def total_from_the_generator(path):
    return sum(response_sizes(path))


EX2_RIGHT = [total_with_a_loop, total_with_map, total_from_the_generator]


@pytest.mark.parametrize(("answer", "phrase"), EX2_WRONG, ids=lambda x: getattr(x, "__name__", ""))
def test_ex2_wrong_answers(answer, phrase) -> None:
    fails_with(ex2, answer, phrase)


@pytest.mark.parametrize("answer", EX2_RIGHT, ids=lambda f: f.__name__)
def test_ex2_alternatives(answer) -> None:
    passes(ex2, answer)


# --- ex3: the prediction --------------------------------------------------------------------------

EX3_WRONG = [
    ("True\nTrue\nTrue", "line 2"),  # believes getsizeof counts the ints too
    ("True\nFalse\nFalse", "line 3"),  # believes creating the generator computes the squares
    ("False\nFalse\nTrue", "line 1"),  # believes a bigger range makes a bigger generator
    ("True\nFalse", "2 lines"),  # one line short
    ("False\nTrue\nFalse", "line 1"),  # everything the other way round
]
EX3_RIGHT = [
    PREDICTION_EX3,
    "True\nFalse\nTrue",
    "\n    True\n    False\n    True\n",  # indented inside a triple-quoted string
    "\nTrue  \nFalse \nTrue\n\n",  # trailing spaces, blank lines at the ends
]


def test_ex3_the_reference_prediction_is_what_this_python_prints(capsys) -> None:
    ex3_program()
    assert capsys.readouterr().out.split() == PREDICTION_EX3.split() == ["True", "False", "True"]


@pytest.mark.parametrize(("prediction", "phrase"), EX3_WRONG)
def test_ex3_wrong_predictions(prediction, phrase) -> None:
    fails_with(ex3, prediction, phrase)


@pytest.mark.parametrize("prediction", EX3_RIGHT)
def test_ex3_alternatives(prediction) -> None:
    passes(ex3, prediction)


# --- ex4: measuring the work, not the creation ----------------------------------------------------


def peak_of_creation_only(path):
    _, peak = tracemalloc_peak(lambda: read_lines(path))
    return peak


def peak_as_the_tuple(path):
    return tracemalloc_peak(lambda: sum(1 for _ in read_lines(path)))


def peak_of_an_eager_read(path):
    _, peak = tracemalloc_peak(lambda: len(list(read_lines(path))))
    return peak


def peak_that_is_the_line_count(path):  # unpacks the tuple the wrong way round
    peak, _ = tracemalloc_peak(lambda: sum(1 for _ in read_lines(path)))
    return peak


def peak_in_kib(path):  # a float in KiB, not bytes
    _, peak = tracemalloc_peak(lambda: sum(1 for _ in read_lines(path)))
    return peak / 1024


def peak_of_readlines(path):  # measures a different (eager) way of reading
    def count():
        with open(path) as f:
            return len(f.readlines())

    _, peak = tracemalloc_peak(count)
    return peak


EX4_WRONG = [
    (peak_of_creation_only, "what *creating* the generator costs"),
    (peak_as_the_tuple, "returned a tuple"),
    (peak_of_an_eager_read, "every line was held at once"),
    (peak_that_is_the_line_count, "number of lines"),
    (peak_in_kib, "an int"),
    (peak_of_readlines, "every line was held at once"),
]


def peak_with_a_loop(path):
    def count():
        n = 0
        for _ in read_lines(path):
            n += 1
        return n

    _, peak = tracemalloc_peak(count)
    return peak


def peak_with_tracemalloc_itself(path):
    tracemalloc.start()
    try:
        tracemalloc.reset_peak()
        before, _ = tracemalloc.get_traced_memory()
        sum(1 for _ in read_lines(path))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return peak - before


def peak_with_deque(path):  # another lazy consumer
    from collections import deque

    _, peak = tracemalloc_peak(lambda: deque(enumerate(read_lines(path)), maxlen=1))
    return peak


EX4_RIGHT = [peak_with_a_loop, peak_with_tracemalloc_itself, peak_with_deque]


@pytest.mark.parametrize(("answer", "phrase"), EX4_WRONG, ids=lambda x: getattr(x, "__name__", ""))
def test_ex4_wrong_answers(answer, phrase) -> None:
    fails_with(ex4, answer, phrase)


@pytest.mark.parametrize("answer", EX4_RIGHT, ids=lambda f: f.__name__)
def test_ex4_alternatives(answer) -> None:
    passes(ex4, answer)
