"""Lesson 06's exercises: each wrong answer in the tables fails with its phrase, and each
alternative passes.

A table row is (wrong answer, a phrase its message must contain). The answers are written as a
learner would write them; the comment on each says what the slip is.
"""

from __future__ import annotations

import itertools
import os
import sys
import textwrap
import types
from pathlib import Path

import pytest
from exercise_tables import fails_with, passes, table_id

from lessons_lib.exercises import Status, ____
from lessons_lib.exercises.lesson06 import PREDICTION_EX1, Reset, ex1, ex2, ex3, ex4

# --- ex1: predict what each call returns ----------------------------------------------------------


def _with(position: int, entry) -> list:
    prediction = list(PREDICTION_EX1)
    prediction[position - 1] = entry
    return prediction


def test_ex1_placeholder_inside_the_list_reads_not_attempted() -> None:
    assert ex1.evaluate([0, 5, ____, 7, ____, ____]).status is Status.NOT_ATTEMPTED


def test_ex1_correct_answer_shows_the_real_trace() -> None:
    message = ex1.evaluate(PREDICTION_EX1).message
    assert "throw(OSError('sensor lost'))" in message
    assert "finally runs" in message and "ValueError handled" in message


EX1_WRONG = [
    (_with(3, ValueError), "throw does not always end a generator"),
    (_with(3, StopIteration), "throw does not always end a generator"),
    (_with(5, 7), "catches only ValueError"),
    (_with(6, 7), "the generator is closed"),
    (_with(4, 2), "send(x) returns the next value"),
    ([0, 5, 5], "one entry per call"),
    ("0 5 5 7 OSError StopIteration", "one entry per call"),
    (_with(1, None), "Call 1"),  # believes the first next() yields nothing
    (_with(5, ValueError), "catches only ValueError"),  # the wrong exception comes out
    (_with(6, OSError), "the generator is closed"),  # believes the exception comes out again
    (_with(2, 0), "Call 2"),  # believes send() returns the total from before
]
EX1_RIGHT = [
    PREDICTION_EX1,
    _with(5, "OSError"),  # an exception may be written as its name, as lesson 05 writes it
    [0, 5, 5, 7, "OSError", "StopIteration"],
    tuple(PREDICTION_EX1),
]


@pytest.mark.parametrize(("prediction", "phrase"), EX1_WRONG, ids=table_id)
def test_ex1_wrong_predictions(prediction, phrase) -> None:
    fails_with(ex1, prediction, phrase)


@pytest.mark.parametrize("prediction", EX1_RIGHT, ids=table_id)
def test_ex1_alternatives(prediction) -> None:
    passes(ex1, prediction)


# --- ex2: a running total you can reset ---------------------------------------------------------


def total_catching_exception():
    total = 0
    while True:
        try:
            number = yield total
        except Exception:
            total = 0
        else:
            total += number


def total_with_bare_except():  # also refuses close(): the check must not leak an unraisable error
    total = 0
    while True:
        try:
            number = yield total
        except:  # noqa: E722 - the mistake under test
            total = 0
        else:
            total += number or 0


def total_with_try_outside_the_loop():
    total = 0
    try:
        while True:
            total += yield total
    except Reset:
        return


def total_without_reset():
    total = 0
    while True:
        total += yield total


def total_that_ignores_reset():
    total = 0
    while True:
        try:  # noqa: SIM105 - as a learner writes it
            total += yield total
        except Reset:
            pass


def total_as_a_list():
    return [0, 5, 8]


def total_catching_reset_and_key_error():  # catches one more than it should
    total = 0
    while True:
        try:
            total += yield total
        except (Reset, KeyError):
            total = 0


def total_that_replaces():  # keeps the last number, not the sum
    total = 0
    while True:
        try:
            total = yield total
        except Reset:
            total = 0


def total_resetting_by_return():  # Reset ends the generator
    total = 0
    while True:
        try:
            total += yield total
        except Reset:
            return


def total_as_accumulate():  # lazy, but it cannot be thrown into or sent to
    return itertools.accumulate(itertools.repeat(0))


def total_resetting_to_the_last_number():  # Reset keeps the last number sent
    total = last = 0
    while True:
        try:
            last = yield total
            total += last
        except Reset:
            total = last


EX2_WRONG = [
    (total_catching_exception, "Catch only Reset"),
    (total_with_bare_except, "swallowed KeyError('oops')"),
    (total_with_try_outside_the_loop, "ended your generator"),
    (total_without_reset, "Reset came out of your generator"),
    (total_that_ignores_reset, "should give `0`, but it gave `8`"),
    (total_as_a_list, "is a list"),
    (total_catching_reset_and_key_error, "swallowed KeyError('oops')"),
    (total_that_replaces, "should give"),
    (total_resetting_by_return, "ended your generator"),
    (total_as_accumulate, "throw"),
    (total_resetting_to_the_last_number, "should give"),
]


def total_with_augmented_yield():
    total = 0
    while True:
        try:
            total += yield total
        except Reset:
            total = 0


def total_with_continue():
    total = 0
    while True:
        try:
            number = yield total
        except Reset:
            total = 0
            continue
        total += number


def total_with_a_list_of_numbers():  # keeps every number: more memory, same replies
    numbers = []
    while True:
        try:
            numbers.append((yield sum(numbers)))
        except Reset:
            numbers.clear()


EX2_RIGHT = [total_with_augmented_yield, total_with_continue, total_with_a_list_of_numbers]


@pytest.mark.parametrize(("answer", "phrase"), EX2_WRONG, ids=table_id)
def test_ex2_wrong_answers(answer, phrase) -> None:
    fails_with(ex2, answer, phrase)


@pytest.mark.parametrize("answer", EX2_RIGHT, ids=table_id)
def test_ex2_alternatives(answer) -> None:
    passes(ex2, answer)


# --- ex3: report on the way out ------------------------------------------------------------------


def counter_yielding_on_exit():
    n = 0
    while True:
        n += 1
        try:
            yield n
        except GeneratorExit:
            print(f"counter closed after {n} tickets")


def counter_reporting_after_the_loop():
    n = 0
    for n in itertools.count(1):
        yield n
    print(f"counter closed after {n} tickets")


def counter_with_except_exception():
    n = 0
    try:
        while True:
            n += 1
            yield n
    except Exception:
        print(f"counter closed after {n} tickets")
        raise


def counter_only_on_close():
    n = 0
    try:
        while True:
            n += 1
            yield n
    except GeneratorExit:
        print(f"counter closed after {n} tickets")


def counter_swallowing():
    n = 0
    try:
        while True:
            n += 1
            try:  # noqa: SIM105 - as a learner writes it
                yield n
            except ValueError:
                pass
    finally:
        print(f"counter closed after {n} tickets")


def counter_off_by_one():
    n = 0
    try:
        while True:
            yield n + 1
            n += 1
    finally:
        print(f"counter closed after {n} tickets")


def counter_from_zero():  # tickets 0, 1, 2, ...
    n = 0
    try:
        while True:
            yield n
            n += 1
    finally:
        print(f"counter closed after {n} tickets")


def counter_that_runs_out():  # not forever: a range instead of a loop without end
    n = 0
    try:
        for n in range(1, 101):
            yield n
    finally:
        print(f"counter closed after {n} tickets")


def counter_with_other_words():
    n = 0
    try:
        while True:
            n += 1
            yield n
    finally:
        print(f"closed: {n} tickets")


def counter_returning_in_finally():  # `return` in finally swallows the thrown exception
    n = 0
    try:
        while True:
            n += 1
            yield n
    finally:
        print(f"counter closed after {n} tickets")
        return  # noqa: B012 - the mistake under test


EX3_WRONG = [
    (counter_yielding_on_exit, "generator ignored GeneratorExit"),
    (counter_yielding_on_exit, "move the cleanup to `finally`"),
    (counter_reporting_after_the_loop, "Nothing was printed when the counter was closed"),
    (counter_with_except_exception, "does not catch GeneratorExit"),
    (counter_only_on_close, "`except GeneratorExit` covers close() only"),
    (counter_swallowing, "swallowed ValueError('jammed')"),
    (counter_off_by_one, "'counter closed after 2 tickets'"),
    (counter_from_zero, "ticket"),
    (counter_that_runs_out, "100"),
    (counter_with_other_words, "'closed: 3 tickets'"),
    (counter_returning_in_finally, "swallowed ValueError('jammed')"),
]


def counter_with_count():
    handed_out = 0
    try:
        for handed_out in itertools.count(1):
            yield handed_out
    finally:
        print(f"counter closed after {handed_out} tickets")


def counter_with_except_base_exception():  # reports, then lets every exception go on
    n = 0
    try:
        while True:
            n += 1
            yield n
    except BaseException:
        print(f"counter closed after {n} tickets")
        raise


EX3_RIGHT = [counter_with_count, counter_with_except_base_exception]


@pytest.mark.parametrize(("answer", "phrase"), EX3_WRONG, ids=table_id)
def test_ex3_wrong_answers(answer, phrase) -> None:
    fails_with(ex3, answer, phrase)


@pytest.mark.parametrize("answer", EX3_RIGHT, ids=table_id)
def test_ex3_alternatives(answer) -> None:
    passes(ex3, answer)


# --- ex4: read records and close the file when stopped early --------------------------------------


def records_leaking(path):
    file = open(path, encoding="utf-8")  # noqa: SIM115 - the mistake under test
    for line in file:
        if line.strip():
            yield line.strip()
    file.close()


def records_unstripped(path):
    with open(path, encoding="utf-8") as file:
        yield from file


def records_as_a_list(path):
    with open(path, encoding="utf-8") as file:
        return [line.strip() for line in file if line.strip()]


def records_yielding_on_exit(path):
    with open(path, encoding="utf-8") as file:
        for line in file:
            try:
                if line.strip():
                    yield line.strip()
            except GeneratorExit:
                yield "bye"


def records_cutting_the_last_character(path):  # line[:-1] also cuts a last line without newline
    with open(path, encoding="utf-8") as file:
        for line in file:
            record = line[:-1].strip()
            if record:
                yield record


def records_keeping_whitespace_lines(path):  # a line of spaces is blank too
    with open(path, encoding="utf-8") as file:
        for line in file:
            if line != "\n":
                yield line.strip()


def records_stripping_the_right_only(path):  # leading spaces stay
    with open(path, encoding="utf-8") as file:
        for line in file:
            if line.strip():
                yield line.rstrip()


def records_as_a_generator_expression(path):  # lazy, but nothing closes the file on close()
    return (line.strip() for line in open(path, encoding="utf-8") if line.strip())  # noqa: SIM115


def records_as_filter_map(path):  # an itertools-style pipeline: no close() to call
    return filter(None, map(str.strip, open(path, encoding="utf-8")))  # noqa: SIM115


def records_in_bytes(path):
    with open(path, "rb") as file:
        for line in file:
            if line.strip():
                yield line.strip()


EX4_WRONG = [
    (records_leaking, "open after it was stopped early"),
    (records_leaking, "`with` block"),
    (records_unstripped, "should be"),
    (records_as_a_list, "is a list, built all at once"),
    (records_yielding_on_exit, "generator ignored GeneratorExit"),
    (records_cutting_the_last_character, "should be"),
    (records_keeping_whitespace_lines, "an empty record for a line of spaces"),
    (records_stripping_the_right_only, "should be"),
    (records_as_a_generator_expression, "open after it was stopped early"),
    (records_as_filter_map, "only a generator has `send`, `throw` and `close`"),
    (records_in_bytes, "b'alpha'"),
]


def records_through_pathlib(path):  # Path.open, which 3.10's pathlib does not route through io.open
    with Path(path).open(encoding="utf-8") as file:
        for line in file:
            if line.strip():
                yield line.strip()


def records_with_filter_inside(path):  # a lazy pipeline inside the generator: the `with` closes it
    with open(path, encoding="utf-8") as file:
        yield from filter(None, map(str.strip, file))


def records_with_walrus(path):
    with open(path, encoding="utf-8") as file:
        yield from (record for line in file if (record := line.strip()))


EX4_RIGHT = [records_through_pathlib, records_with_filter_inside, records_with_walrus]


@pytest.mark.parametrize(("answer", "phrase"), EX4_WRONG, ids=table_id)
def test_ex4_wrong_answers(answer, phrase) -> None:
    fails_with(ex4, answer, phrase)


@pytest.mark.parametrize("answer", EX4_RIGHT, ids=table_id)
def test_ex4_alternatives(answer) -> None:
    passes(ex4, answer)


def test_ex4_leaves_the_working_directory_as_it_was() -> None:
    before = os.getcwd()
    fails_with(ex4, records_leaking, "open after")
    ex4.evaluate(ex4.answer)
    assert os.getcwd() == before


def _define_in_a_notebook_like_namespace(source: str, name: str, monkeypatch):
    """Define a function as a notebook cell does: in __main__, where IPython put its own `open`."""

    def notebook_open(*args, **kwargs):
        return open(*args, **kwargs)

    notebook = types.ModuleType("__main__")
    notebook.open = notebook_open
    monkeypatch.setitem(sys.modules, "__main__", notebook)
    exec(textwrap.dedent(source), vars(notebook))  # noqa: S102 - test fixture
    return getattr(notebook, name), vars(notebook), notebook_open


def test_ex4_sees_files_opened_through_a_notebook_namespace_open(monkeypatch) -> None:
    good, namespace, notebook_open = _define_in_a_notebook_like_namespace(
        """
        def read_records(path):
            with open(path, encoding="utf-8") as file:
                for line in file:
                    if line.strip():
                        yield line.strip()
        """,
        "read_records",
        monkeypatch,
    )
    assert ex4.evaluate(good).correct
    bad, _, _ = _define_in_a_notebook_like_namespace(
        """
        def read_records(path):
            file = open(path, encoding="utf-8")
            for line in file:
                if line.strip():
                    yield line.strip()
        """,
        "read_records",
        monkeypatch,
    )
    fails_with(ex4, bad, "records.txt' open after it was stopped early")
    assert namespace["open"] is notebook_open, "the namespace's own open is put back"
