"""The exercise engine: budgets, learner errors against course problems, the kernel left as it was,
file tracking on every Python, declarations refused when malformed, and feedback that renders."""

from __future__ import annotations

import builtins
import bz2
import gc
import gzip
import io
import itertools
import operator
import os
import sys
import threading
import warnings
from pathlib import Path

import pytest

from lessons_lib.exercises import (
    Computed,
    Exercise,
    Incorrect,
    Slip,
    Status,
    Stream,
    ____,
    coroutine_exercise,
    function_exercise,
    normalise,
    prediction_exercise,
    track_open_files,
)
from lessons_lib.exercises.feedback import Panel, inline_markdown
from lessons_lib.exercises.runner import BudgetExceeded, budget


def count_up(limit):
    yield from range(limit)


COUNT_UP = function_exercise(
    count_up,
    returns="generator",
    cases=[(3,), (0,)],
    hints=["Use range."],
    seconds=0.5,
    name="count_up",
)


def halve(n):
    return n // 2


HALVE = function_exercise(halve, cases=[(4,), (7,)], hints=["Use //."], seconds=0.5, name="halve")


def _message(exercise: Exercise, answer) -> str:
    result = exercise.evaluate(answer)
    assert result.status is Status.INCORRECT, result
    return result.message


# --- budgets --------------------------------------------------------------------------------


def test_a_loop_before_the_first_yield_is_stopped_and_named() -> None:
    def spins(limit):
        while True:
            pass
        yield limit

    message = _message(COUNT_UP, spins)
    assert "did not reach its first `yield` within 0.5 s" in message
    assert "is there a loop without `yield`?" in message


def test_a_loop_after_some_items_is_stopped_and_named() -> None:
    def stalls(limit):
        yield 0
        while True:
            pass

    assert "did not reach the `yield` after item 1" in _message(COUNT_UP, stalls)


def test_a_generator_that_never_stops_is_cut_at_the_item_budget() -> None:
    message = _message(COUNT_UP, lambda limit: (n for n in itertools.count()))
    assert "kept yielding after 10,000 items" in message
    assert "stop after the last one" in message


def test_a_function_that_never_returns_is_stopped() -> None:
    def forever(n):
        while True:
            pass

    assert "was stopped: it ran for more than 0.5 s" in _message(HALVE, forever)


def test_an_answer_that_swallows_exceptions_is_still_stopped() -> None:
    def stubborn(n):
        while True:
            try:
                while True:
                    pass
            except Exception:
                pass

    assert "was stopped" in _message(HALVE, stubborn)


def test_the_memory_ceiling_stops_growth() -> None:
    chunks = []
    with pytest.raises(BudgetExceeded, match="more than 64 MiB"), budget(20, 64 * 2**20):
        while True:
            chunks.append(bytearray(2**20))
    chunks.clear()


def test_the_budget_also_works_outside_the_main_thread() -> None:
    outcome = []

    def spin() -> None:
        try:
            with budget(seconds=0.2):
                while True:
                    pass
        except BudgetExceeded:
            outcome.append("stopped")

    worker = threading.Thread(target=spin)
    worker.start()
    worker.join(10)
    assert outcome == ["stopped"]


# --- learner errors, course problems ---------------------------------------------------------


@pytest.mark.parametrize("error", [SystemExit(3), GeneratorExit(), ValueError("bad")])
def test_base_exceptions_of_the_answer_are_its_own(error: BaseException) -> None:
    def raises(n):
        raise error

    message = _message(HALVE, raises)
    assert f"Your code raised {type(error).__name__}" in message
    assert "in raises" in message  # the traceback is trimmed to the learner's lines
    assert "runner.py" not in message and "kinds.py" not in message


def test_the_learners_own_ctrl_c_stops_the_cell() -> None:
    def interrupted(n):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        HALVE.evaluate(interrupted)


def test_a_checker_bug_is_a_course_problem_not_the_learners() -> None:
    broken_check = operator.itemgetter("missing")  # a check with a bug, in no learner's code

    exercise = Exercise("demo", checker=broken_check, hints=["h"], solution=halve)
    result = exercise.evaluate(halve)
    assert result.status is Status.COURSE_PROBLEM
    assert "problem in the course" in result.message and "report it" in result.message
    assert not str(result).startswith("Not yet")


def test_a_reference_that_fails_is_a_course_problem() -> None:
    def missing_data():
        raise FileNotFoundError("sample data is missing")

    exercise = function_exercise(
        halve, cases=[(Computed(missing_data, "data"),)], hints=["h"], name="demo"
    )
    result = exercise.evaluate(halve)
    assert result.status is Status.COURSE_PROBLEM
    assert "sample data is missing" in result.message


# --- the kernel is left as it was -------------------------------------------------------------


def test_stdout_replaced_by_the_answer_still_shows_the_verdict(capsys) -> None:
    def hides(n):
        sys.stdout = io.StringIO()
        return n // 2

    HALVE.check(hides)
    printed = capsys.readouterr().out
    assert printed.startswith("Correct!")
    assert "replaced sys.stdout" in printed


def test_chdir_builtins_and_warning_filters_are_undone_and_mentioned(tmp_path: Path) -> None:
    home, real_open, filters = os.getcwd(), builtins.open, list(warnings.filters)

    def meddles(n):
        os.chdir(tmp_path)
        builtins.open = lambda *args, **kwargs: None
        warnings.simplefilter("ignore")
        return n // 2

    result = HALVE.evaluate(meddles)
    assert result.correct
    assert os.getcwd() == home and builtins.open is real_open and warnings.filters == filters
    for change in ("working folder", "builtins.open", "warning filters"):
        assert change in result.message


def test_a_check_itself_leaves_the_kernel_unchanged(tmp_path: Path) -> None:
    from lessons_lib.exercises.lesson03 import ex2

    home, names, filters = os.getcwd(), dict(vars(builtins)), list(warnings.filters)
    assert ex2.evaluate(ex2.answer).correct
    assert os.getcwd() == home and warnings.filters == filters
    assert {k for k, v in vars(builtins).items() if names.get(k) is not v} <= {"_"}


# --- file tracking ---------------------------------------------------------------------------


@pytest.mark.parametrize("how", ["open", "io.open", "Path.open", "Path.read_text", "gzip", "bz2"])
def test_every_way_of_opening_a_file_is_seen(tmp_path: Path, how: str) -> None:
    plain = tmp_path / "x.txt"
    plain.write_text("x\n")
    (tmp_path / "x.gz").write_bytes(gzip.compress(b"x\n"))
    (tmp_path / "x.bz2").write_bytes(bz2.compress(b"x\n"))
    openers = {
        "open": lambda: open(plain),
        "io.open": lambda: io.open(plain),  # noqa: UP020 - the spelling under test
        "Path.open": plain.open,
        "gzip": lambda: gzip.open(tmp_path / "x.gz"),
        "bz2": lambda: bz2.open(tmp_path / "x.bz2"),
    }
    with track_open_files() as opened:
        if how == "Path.read_text":
            plain.read_text()
        else:
            with openers[how]() as handle:
                handle.read()
                assert len(opened) == 1 and not opened[0].closed
    assert len(opened) == 1 and opened[0].closed


def test_tracking_keeps_no_reference_to_the_learners_file(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("a\nb\n")

    def careless():
        handle = open(path)  # noqa: SIM115 - the slip: no `with`
        yield from handle

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        with track_open_files() as opened:
            lines = careless()
            next(lines)
            assert not opened[0].closed
            del lines  # the generator is collected, and with it the file it held
            gc.collect()
            assert opened[0].collected and opened[0].closed


def test_a_leaking_answer_is_caught_on_close_and_on_break(tmp_path: Path) -> None:
    from lessons_lib.exercises.lesson03 import ex2

    def leaky(path):
        f = open(path, encoding="utf-8")  # noqa: SIM115 - the slip
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                yield (
                    line.split("=")[0]
                    .split(">")[0]
                    .split("<")[0]
                    .split("~")[0]
                    .split("!")[0]
                    .strip()
                )

    message = _message(ex2, leaky)
    assert "open after it was stopped early with close()" in message


# --- declarations -----------------------------------------------------------------------------


def test_malformed_declarations_are_refused_clearly() -> None:
    with pytest.raises(TypeError, match="hints must be a list of strings"):
        function_exercise(halve, cases=[(1,)], hints="use //")
    with pytest.raises(TypeError, match="a case is a tuple of arguments"):
        function_exercise(halve, cases=[1], hints=["h"]).evaluate(halve)
    with pytest.raises(TypeError, match="Slip"):
        function_exercise(halve, cases=[(1,)], hints=["h"], slips=["a message"])
    with pytest.raises(ValueError, match="returns must be"):
        function_exercise(halve, cases=[(1,)], hints=["h"], returns="list")


def test_the_name_comes_from_the_variable() -> None:
    from lessons_lib.exercises import lesson01

    assert (
        lesson01.ex3.name == "ex3" and "ex3.solution()" in lesson01.ex3.hints[-1] + "ex3.solution()"
    )


def test_random_cases_are_the_same_every_time() -> None:
    def draws():
        exercise = function_exercise(
            halve, cases=[], draw=lambda rng: (rng.randint(0, 10**9),), hints=["h"], name="demo"
        )
        return list(exercise._checker.cases)

    assert draws() == draws() and len(draws()) == 25


def test_a_slip_rule_names_the_mistake_and_the_default_names_the_difference() -> None:
    exercise = function_exercise(
        count_up,
        returns="generator",
        cases=[(Stream(range(3)),)] and [(3,)],
        hints=["h"],
        slips=[Slip(lambda d: d.got == [1, 2, 3], "`{call}` starts at 1; range starts at 0.")],
        name="demo",
    )
    assert "starts at 1" in _message(exercise, lambda n: (i + 1 for i in range(n)))
    message = _message(exercise, lambda n: (i * 2 for i in range(n)))
    assert message == "`list(count_up(3))` should be `[0, 1, 2]`, but it is `[0, 2, 4]`."


def test_coroutines_are_compared_step_by_step_including_throw() -> None:
    def averager():
        total = count = 0
        average = None
        while True:
            try:
                value = yield average
            except ValueError:
                average = None
                continue
            total, count = total + value, count + 1
            average = total / count

    exercise = coroutine_exercise(
        averager,
        sends=[[10, 20]],
        hints=["h"],
        name="demo",
        endings=[[("close",)], [("throw", ValueError)]],
    )
    assert exercise.evaluate(averager).correct

    def no_recovery():
        total = count = 0
        average = None
        while True:
            value = yield average
            total, count = total + value, count + 1
            average = total / count

    message = _message(exercise, no_recovery)
    assert "`coro.throw(ValueError)` should give `None`" in message
    assert "Your code raised ValueError" in message
    told = _message(exercise, lambda: map(float, [0, 10, 15]))
    assert "only a generator has `send`" in told


def _running_total():
    total = 0
    while True:
        total += yield total


RUNNING = coroutine_exercise(
    _running_total,
    sends=[[1, 2]],
    hints=["h"],
    name="running_total",
    endings=[[("close",)], [("throw", KeyError("oops"))]],
    seconds=0.5,
)


def test_a_coroutine_stopped_by_its_budget_is_told_so_not_that_it_raised() -> None:
    def stuck():
        total = 0
        while True:
            total += yield total
            if total > 1:
                while True:
                    pass

    message = _message(RUNNING, stuck)
    assert "`coro.send(2)` was stopped:" in message
    assert "loop without `yield`" in message
    assert "should give" not in message
    assert "raised Incorrect" not in message


def test_a_thrown_exception_is_shown_by_its_repr() -> None:
    def forgets_errors():
        total = 0
        while True:
            try:
                total += yield total
            except KeyError:
                return total

    message = _message(RUNNING, forgets_errors)
    assert "`coro.throw(KeyError('oops'))`" in message


def test_one_printed_line_is_one_line() -> None:
    def chatty(limit):
        if limit == 3:  # one of the two cases: one line in all
            print("hello")
        yield from range(limit)

    assert "printed 1 line while it was checked; it is not" in COUNT_UP.evaluate(chatty).message


def test_a_file_left_open_is_named_without_its_temporary_folder() -> None:
    from lessons_lib.exercises.lesson03 import ex2

    def leaky(path):
        f = open(path, encoding="utf-8")  # noqa: SIM115 - the slip
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                name = line.split("=")[0].split(">")[0].split("<")[0].split("~")[0]
                yield name.split("!")[0].strip()

    message = _message(ex2, leaky)
    assert " left '" in message
    assert "/" not in message.split(" left '")[1].split("'")[0]


def _refuses_close():
    total = 0
    while True:
        try:  # noqa: SIM105 - the learner's slip, written as a learner would
            total += yield total
        except GeneratorExit:
            pass


def test_generators_that_refuse_close_are_retired_quietly() -> None:
    import inspect

    from lessons_lib.exercises.retire import _UNCLOSABLE

    made = []

    def recorded():
        made.append(_refuses_close())
        return made[-1]

    RUNNING.evaluate(recorded)
    gc.collect()  # an unretired generator would report "Exception ignored" here (an error)
    assert made
    for generator in made:
        assert inspect.getgeneratorstate(generator) == inspect.GEN_CLOSED or any(
            generator is kept for kept in _UNCLOSABLE
        )

    def refuses(limit):
        for item in range(limit):
            try:  # noqa: SIM105 - as above
                yield item
            except GeneratorExit:
                pass

    COUNT_UP.evaluate(refuses)
    gc.collect()


def test_predictions_have_one_format() -> None:
    assert normalise([1, StopIteration, "StopIteration"]) == [1, "StopIteration", "StopIteration"]

    def program():
        numbers = iter([1])
        print(next(numbers))
        print(next(numbers, "done"))

    exercise = prediction_exercise(program=program, hints=["h"], name="demo")
    assert exercise.evaluate("  1\n  done  \n").correct
    assert exercise.evaluate("\n    1\n    done\n").correct
    assert "line 2 of your prediction is 'Done'" in _message(exercise, "1\nDone")

    value = prediction_exercise(value=lambda: [1, StopIteration], hints=["h"], name="demo")
    assert value.evaluate([1, StopIteration]).correct
    assert value.evaluate((1, "StopIteration")).correct
    assert "item 2 of your prediction is 'ValueError'" in _message(value, [1, ValueError])


def test_placeholder_anywhere_reads_not_attempted() -> None:
    assert HALVE.evaluate(____).status is Status.NOT_ATTEMPTED
    assert HALVE.evaluate(lambda n: ____).status is Status.NOT_ATTEMPTED


def test_a_custom_check_still_works() -> None:
    def check(answer):
        if answer(2) != 1:
            raise Incorrect("`f(2)` should be `1`.")
        return "fine"

    exercise = Exercise(checker=check, hints=["h"], solution=halve)
    assert exercise.evaluate(halve).correct
    assert exercise.evaluate(lambda n: n).message == "`f(2)` should be `1`."


# --- feedback that renders -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "colour"),
    [
        (Status.CORRECT, "#009E73"),
        (Status.INCORRECT, "#E69F00"),
        (Status.NOT_ATTEMPTED, "#8C8C8C"),
        (Status.COURSE_PROBLEM, "#D55E00"),
    ],
)
def test_each_status_has_its_colour_and_its_words(status: Status, colour: str) -> None:
    from lessons_lib.exercises import Result

    result = Result(status, "`f(2)` gave *two* **items**.")
    html = result._repr_html_()
    assert colour in html and html == result._repr_html_()
    assert (
        "<code>f(2)</code>" in html and "<em>two</em>" in html and "<strong>items</strong>" in html
    )
    assert "word-break: normal" in html
    assert str(result).endswith("`f(2)` gave *two* **items**.")


def test_markdown_escapes_html_and_keeps_tracebacks_as_code() -> None:
    assert inline_markdown("<script>") == "&lt;script&gt;"
    panel = Panel(
        "incorrect", "Not yet.", 'Your code raised X.\n\n```\n  File "<cell>", line 2\n```'
    )
    assert "<pre" in panel.html() and "&lt;cell&gt;" in panel.html()


def test_hints_and_solutions_render_too(capsys) -> None:
    COUNT_UP.hint()
    assert capsys.readouterr().out.startswith("Hint 1 of 1: Use range.")
    COUNT_UP.solution()
    assert capsys.readouterr().out.startswith("def count_up(limit):")
    assert "<pre" in Panel("solution", "", "def f():\n    pass", code=True).html()


def test_check_displays_a_rich_panel_inside_ipython(monkeypatch) -> None:
    shown = []

    class Shell:
        kernel = object()

    class FakeIPython:
        @staticmethod
        def get_ipython():
            return Shell()

    monkeypatch.setitem(sys.modules, "IPython", FakeIPython)
    monkeypatch.setitem(sys.modules, "IPython.display", type(sys)("IPython.display"))
    sys.modules["IPython.display"].display = shown.append
    HALVE.check(halve)
    assert len(shown) == 1 and shown[0].correct and "#009E73" in shown[0]._repr_html_()
