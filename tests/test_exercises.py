"""The exercise machinery, and every exercise of every lesson against its own reference answer."""

from __future__ import annotations

import importlib
import inspect
import io
import pkgutil
from pathlib import Path

import pytest

import lessons_lib.exercises as exercises
from lessons_lib.exercises import (
    CountingSource,
    Exercise,
    Incorrect,
    Status,
    ____,
    detect_missing_yield_from,
    expect_closes_files,
    expect_delegates,
    expect_generator,
    expect_lazy,
    expect_memory_below,
    expect_prediction,
    explain_exception,
    track_open_files,
)
from lessons_lib.exercises.feedback import Panel


def all_exercises() -> list[Exercise]:
    found = []
    for module_info in pkgutil.iter_modules(exercises.__path__):
        module = importlib.import_module(f"lessons_lib.exercises.{module_info.name}")
        found += [value for value in vars(module).values() if isinstance(value, Exercise)]
    return found


EXERCISES = all_exercises()


def _id(exercise: Exercise) -> str:
    return f"{exercise._module.rsplit('.', 1)[-1]}.{exercise.name}"


@pytest.mark.parametrize("exercise", EXERCISES, ids=_id)
def test_reference_answer_passes(exercise: Exercise) -> None:
    result = exercise.evaluate(exercise.answer)
    assert result.status is Status.CORRECT, result.message


@pytest.mark.parametrize("exercise", EXERCISES, ids=_id)
def test_placeholder_reads_not_attempted(
    exercise: Exercise, capsys: pytest.CaptureFixture[str]
) -> None:
    exercise.check(____)
    assert capsys.readouterr().out.startswith("Not attempted yet:")


@pytest.mark.parametrize("exercise", EXERCISES, ids=_id)
def test_every_hint_displays_numbered(
    exercise: Exercise, capsys: pytest.CaptureFixture[str]
) -> None:
    exercise._hints_shown = 0
    total = len(exercise.hints)
    assert total >= 2, "staged hints: at least two"
    for number in range(1, total + 1):
        exercise.hint()
        printed = capsys.readouterr().out
        assert printed.startswith(f"Hint {number} of {total}: ")
        assert ("solution()" in printed) == (number == total)
    exercise._hints_shown = 0
    for hint in exercise.hints:
        html = Panel("hint", "Hint 1 of 1:", hint).html()
        assert "`" not in html.replace("<code>", "").replace("</code>", ""), "unbalanced backticks"


@pytest.mark.parametrize("exercise", EXERCISES, ids=_id)
def test_placeholder_result_renders(exercise: Exercise) -> None:
    result = exercise.evaluate(____)
    assert "#8C8C8C" in result._repr_html_() and str(result).startswith("Not attempted yet:")


@pytest.mark.parametrize("exercise", EXERCISES, ids=_id)
def test_solution_prints_real_source(
    exercise: Exercise, capsys: pytest.CaptureFixture[str]
) -> None:
    exercise.solution()
    printed = capsys.readouterr().out
    assert printed.strip()
    if callable(exercise._solution):
        assert printed.strip() == inspect.getsource(exercise._solution).strip()


def _fresh() -> Exercise:
    return Exercise("demo", checker=lambda answer: None, hints=["one", "two"], solution=sorted)


def test_hints_are_staged_then_repeat_the_last(capsys: pytest.CaptureFixture[str]) -> None:
    exercise = _fresh()
    for _ in range(3):
        exercise.hint()
    printed = [line for line in capsys.readouterr().out.splitlines() if line]
    assert printed[0] == "Hint 1 of 2: one"
    assert printed[1] == "Hint 2 of 2: two"
    assert "`demo.solution()`" in printed[2]
    assert printed[3] == "Hint 2 of 2: two"


def test_placeholder_inside_a_function_body_is_not_attempted() -> None:
    def answer():
        ____  # noqa: B018 - the learner's untouched cell

    def nested():
        def inner():
            return ____

        return inner

    assert _fresh().evaluate(answer).status is Status.NOT_ATTEMPTED
    assert _fresh().evaluate(nested).status is Status.NOT_ATTEMPTED
    assert _fresh().evaluate([1, ____]).status is Status.NOT_ATTEMPTED
    assert _fresh().evaluate(lambda: 1).status is Status.CORRECT


def test_an_exception_in_the_answer_is_reported_not_raised() -> None:
    exercise = Exercise("demo", checker=lambda f: f(), hints=["h"], solution=sorted)
    result = exercise.evaluate(lambda: 1 / 0)
    assert result.status is Status.INCORRECT
    assert "ZeroDivisionError" in result.message


def test_a_text_solution_needs_a_reference_answer() -> None:
    with pytest.raises(ValueError, match="reference `answer`"):
        Exercise("demo", checker=lambda a: None, hints=["h"], solution="x = 1")
    with pytest.raises(ValueError, match="at least one hint"):
        Exercise("demo", checker=lambda a: None, hints=[], solution=sorted)


def squares(n):
    for i in range(n):
        yield i * i


def test_expect_generator_names_the_slip() -> None:
    assert inspect.isgenerator(expect_generator(squares(3)))
    with pytest.raises(Incorrect, match="is a list, built all at once"):
        expect_generator([0, 1, 4])
    with pytest.raises(Incorrect, match="is None.*`yield`"):
        expect_generator(None)
    used = squares(2)
    list(used)
    with pytest.raises(Incorrect, match="already used up"):
        expect_generator(used)
    with pytest.raises(Incorrect, match="iterator"):
        expect_generator(iter([1]))


def test_counting_source_counts_pulls() -> None:
    source = CountingSource("abc")
    assert list(source) == ["a", "b", "c"]
    assert source.pulled == 3


def test_expect_lazy_accepts_lazy_and_rejects_eager() -> None:
    assert expect_lazy(lambda s: (x * 2 for x in s), range(100), take=3) == [0, 2, 4]
    with pytest.raises(Incorrect, match="returned a list"):
        expect_lazy(lambda s: [x * 2 for x in s], range(100), take=3)

    def eager(source):
        yield from sorted(source)

    with pytest.raises(Incorrect, match="read 100 items"):
        expect_lazy(eager, range(100), take=3)


def test_expect_closes_files(tmp_path: Path) -> None:
    path = tmp_path / "lines.txt"
    path.write_text("a\nb\nc\n")

    def careful():
        with open(path) as handle:
            yield from handle

    leaked: list[io.TextIOBase] = []

    def careless():
        handle = open(path)  # noqa: SIM115 - the mistake under test
        leaked.append(handle)
        for line in handle:  # (`yield from handle` would close it: close() is forwarded)
            yield line

    expect_closes_files(careful)
    with pytest.raises(Incorrect, match="left .* open after it was stopped early"):
        expect_closes_files(careless)
    leaked[0].close()
    with pytest.raises(Incorrect, match="did not open a file"):
        expect_closes_files(lambda: squares(3))


def test_expect_memory_below() -> None:
    assert expect_memory_below(lambda: sum(x for x in range(10_000)), 50_000) == sum(range(10_000))
    with pytest.raises(Incorrect, match="budget"):
        expect_memory_below(lambda: sum([x for x in range(100_000)]), 50_000)


def test_expect_prediction_compares_line_by_line() -> None:
    def program():
        print("a")
        print("b")

    assert "2 lines" in expect_prediction("a\nb\n", program)
    assert "2 lines" in expect_prediction("\n    a\n    b\n", program)
    with pytest.raises(Incorrect, match="line 2 of your prediction is 'c'"):
        expect_prediction("a\nc", program)
    with pytest.raises(Incorrect, match="has 1 lines, but the cell prints 2"):
        expect_prediction("a", program)
    with pytest.raises(Incorrect, match="as a string"):
        expect_prediction(["a", "b"], program)


def test_explain_exception_targets_known_generator_mistakes() -> None:
    def echo():
        while True:
            try:
                yield
            except GeneratorExit:
                yield "still here"

    with pytest.raises(TypeError) as sent_early:
        echo().send(1)
    assert "Prime it first with next(gen)" in explain_exception(sent_early.value)

    stubborn = echo()
    next(stubborn)
    with pytest.raises(RuntimeError) as ignored:
        stubborn.close()
    assert "must finish" in explain_exception(ignored.value)
    assert explain_exception(KeyError("k")) == "Your code raised KeyError: 'k'."


def test_missing_yield_from_is_detected() -> None:
    def forgot():
        squares(3)
        yield 0

    def delegates():
        yield from squares(3)

    assert "yield from" in detect_missing_yield_from(forgot)
    assert detect_missing_yield_from(delegates) is None
    with pytest.raises(Incorrect, match="yielded generator objects"):
        expect_delegates([squares(2), squares(3)])
    expect_delegates([0, 1, 4])


@pytest.mark.parametrize("exercise", [e for e in EXERCISES if callable(e._solution)], ids=_id)
def test_solution_source_pastes_into_a_notebook(exercise: Exercise) -> None:
    """A learner may paste solution() into a cell: without the module's imports, annotations
    would fail."""
    assert not exercise._solution.__annotations__, "drop type hints from reference solutions"


def test_track_open_files_sees_path_open(tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_text("x")
    with track_open_files() as opened, path.open() as handle:
        handle.read()
    assert len(opened) == 1 and opened[0].closed
