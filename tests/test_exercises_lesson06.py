"""Lesson 06's exercises: reference answers pass, placeholders read 'not attempted', and each
typical wrong answer fails with its targeted message."""

from __future__ import annotations

import io
import itertools
import os
import sys
import textwrap
import types
from contextlib import redirect_stdout

import pytest

from lessons_lib.exercises import ____, Status
from lessons_lib.exercises.lesson06 import PREDICTION_EX1, Reset, ex1, ex2, ex3, ex4

EXERCISES = [ex1, ex2, ex3, ex4]


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda ex: ex.name)
def test_hints_are_staged_and_solution_prints(exercise) -> None:
    printed = io.StringIO()
    with redirect_stdout(printed):
        for _ in exercise.hints:
            exercise.hint()
        exercise.solution()
    text = printed.getvalue()
    assert f"Hint 1 of {len(exercise.hints)}" in text
    assert "That was the last hint" in text
    assert text.count("Hint ") == len(exercise.hints)


# --- ex1: predict what each call returns ----------------------------------------------------


def _with(position: int, entry) -> list:
    prediction = list(PREDICTION_EX1)
    prediction[position - 1] = entry
    return prediction


def test_ex1_placeholder_inside_the_list_reads_not_attempted() -> None:
    assert ex1.evaluate([0, 5, ____, 7, ____, ____]).status is Status.NOT_ATTEMPTED


def test_ex1_correct_answer_shows_the_real_trace() -> None:
    message = ex1.evaluate([0, 5, 5, 7, OSError, StopIteration]).message
    assert "throw(OSError('sensor lost'))" in message
    assert "finally runs" in message and "ValueError handled" in message


def test_ex1_believing_throw_always_ends_the_generator() -> None:
    for wrong in (ValueError, StopIteration):
        message = ex1.evaluate(_with(3, wrong)).message
        assert "Call 3" in message
        assert "throw does not always end a generator" in message


def test_ex1_believing_the_unhandled_exception_is_swallowed() -> None:
    message = ex1.evaluate(_with(5, 7)).message
    assert "catches only ValueError" in message


def test_ex1_believing_a_closed_generator_goes_on() -> None:
    message = ex1.evaluate(_with(6, 7)).message
    assert "the generator is closed" in message


def test_ex1_believing_send_returns_the_value_sent() -> None:
    message = ex1.evaluate(_with(4, 2)).message
    assert "send(x) returns the next value" in message


def test_ex1_exception_written_as_a_string_or_instance() -> None:
    assert "without quotes" in ex1.evaluate(_with(5, "OSError")).message
    assert "without quotes" in ex1.evaluate(_with(5, OSError("sensor lost"))).message


def test_ex1_wrong_number_of_entries() -> None:
    assert "one entry per call" in ex1.evaluate([0, 5, 5]).message
    assert "one entry per call" in ex1.evaluate("0 5 5 7 OSError StopIteration").message


# --- ex2: a running total you can reset --------------------------------------------------


def test_ex2_catching_exception_swallows_other_errors() -> None:
    def broad():
        total = 0
        while True:
            try:
                number = yield total
            except Exception:
                total = 0
            else:
                total += number

    message = ex2.evaluate(broad).message
    assert "swallowed KeyError('oops')" in message
    assert "Catch only Reset" in message


def test_ex2_bare_except_is_swallowing_and_leaves_no_unraisable_error() -> None:
    # A bare except in a loop also refuses close(); the check must not let its finalizer report
    # "Exception ignored" (pytest turns that into a warning, which this project treats as an error).
    def bare():
        total = 0
        while True:
            try:
                number = yield total
            except:  # noqa: E722 - the mistake under test
                total = 0
            else:
                total += number or 0

    assert "swallowed KeyError('oops')" in ex2.evaluate(bare).message


def test_ex2_try_outside_the_loop_ends_the_generator() -> None:
    def outside():
        total = 0
        try:
            while True:
                total += yield total
        except Reset:
            return

    assert "ended your generator" in ex2.evaluate(outside).message


def test_ex2_reset_not_caught() -> None:
    def no_reset():
        total = 0
        while True:
            total += yield total

    assert "Reset came out of your generator" in ex2.evaluate(no_reset).message


def test_ex2_reset_that_does_not_zero_the_total() -> None:
    def keeps_total():
        total = 0
        while True:
            try:
                total += yield total
            except Reset:
                pass

    message = ex2.evaluate(keeps_total).message
    assert "call 4" in message and "should be 0, but it is 8" in message


def test_ex2_list_instead_of_generator() -> None:
    assert "is a list" in ex2.evaluate(lambda: [0, 5, 8]).message


# --- ex3: report on the way out ------------------------------------------------------------


def test_ex3_yield_while_handling_generator_exit_gets_its_hint() -> None:
    def yields_on_exit():
        n = 0
        while True:
            n += 1
            try:
                yield n
            except GeneratorExit:
                print(f"counter closed after {n} tickets")

    message = ex3.evaluate(yields_on_exit).message
    assert "generator ignored GeneratorExit" in message
    assert "move the cleanup to `finally`" in message


def test_ex3_report_after_the_loop_never_runs() -> None:
    def after_loop():
        n = 0
        for n in itertools.count(1):
            yield n
        print(f"counter closed after {n} tickets")

    assert "Nothing was printed when the counter was closed" in ex3.evaluate(after_loop).message


def test_ex3_except_exception_does_not_see_close() -> None:
    def except_exception():
        n = 0
        try:
            while True:
                n += 1
                yield n
        except Exception:
            print(f"counter closed after {n} tickets")
            raise

    message = ex3.evaluate(except_exception).message
    assert "does not catch GeneratorExit" in message


def test_ex3_except_generator_exit_misses_thrown_errors() -> None:
    def only_on_close():
        n = 0
        try:
            while True:
                n += 1
                yield n
        except GeneratorExit:
            print(f"counter closed after {n} tickets")

    assert "`except GeneratorExit` covers close() only" in ex3.evaluate(only_on_close).message


def test_ex3_swallowing_a_thrown_error() -> None:
    def swallowing():
        n = 0
        try:
            while True:
                n += 1
                try:
                    yield n
                except ValueError:
                    pass
        finally:
            print(f"counter closed after {n} tickets")

    assert "swallowed ValueError('jammed')" in ex3.evaluate(swallowing).message


def test_ex3_wrong_count() -> None:
    def off_by_one():
        n = 0
        try:
            while True:
                yield n + 1
                n += 1
        finally:
            print(f"counter closed after {n} tickets")

    message = ex3.evaluate(off_by_one).message
    assert "should be 'counter closed after 3 tickets', but it is 'counter closed after 2 tickets'" in message


# --- ex4: read records and close the file when stopped early -------------------------------


def leaky(path):
    file = open(path, encoding="utf-8")  # noqa: SIM115 - the mistake under test
    for line in file:
        if line.strip():
            yield line.strip()
    file.close()


def test_ex4_file_not_closed_when_stopped_early() -> None:
    message = ex4.evaluate(leaky).message
    assert "left 'records.txt' open after it was stopped early" in message
    assert "`with` block" in message


def test_ex4_lines_not_stripped() -> None:
    def unstripped(path):
        with open(path, encoding="utf-8") as file:
            yield from file

    assert "should be ['alpha', 'beta', 'gamma']" in ex4.evaluate(unstripped).message


def test_ex4_list_instead_of_generator() -> None:
    def eager(path):
        with open(path, encoding="utf-8") as file:
            return [line.strip() for line in file if line.strip()]

    assert "is a list, built all at once" in ex4.evaluate(eager).message


def test_ex4_yield_while_handling_generator_exit() -> None:
    def stubborn(path):
        with open(path, encoding="utf-8") as file:
            for line in file:
                try:
                    if line.strip():
                        yield line.strip()
                except GeneratorExit:
                    yield "bye"

    assert "generator ignored GeneratorExit" in ex4.evaluate(stubborn).message


def test_ex4_leaves_the_working_directory_as_it_was() -> None:
    before = os.getcwd()
    ex4.evaluate(leaky)
    ex4.evaluate(ex4.answer)
    assert os.getcwd() == before


def _define_in_a_notebook_like_namespace(source: str, name: str, monkeypatch):
    """Define a function as a notebook cell does: in __main__, where IPython has put its own `open`."""

    def notebook_open(*args, **kwargs):
        return io.open(*args, **kwargs)

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
    assert "left 'records.txt' open" in ex4.evaluate(bad).message
    assert namespace["open"] is notebook_open, "the namespace's own open is put back"
