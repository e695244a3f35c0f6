"""Prediction exercises: the learner writes what some code prints or gives; a real run decides.

One format in every lesson (see :func:`~lessons_lib.exercises.expectations.normalise`):
a printout is a string with one printed line per line (compared without the
spaces at the ends of lines, blank lines at the start and end ignored); a value
is written as a value; an exception may be written as its class
(``StopIteration``) or its name (``"StopIteration"``).

>>> def program():
...     gen = (n for n in range(2))
...     print(next(gen), next(gen))
>>> ex = prediction_exercise(program=program, hints=["next() takes one item."], name="demo")
>>> print(ex.evaluate("0 1"))
Correct! the cell prints exactly that.
>>> print(ex.evaluate("0 0"))
Not yet. line 1 of your prediction is '0 0', but the cell prints '0 1' there.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from typing import Any

from lessons_lib.exercises.expectations import describe
from lessons_lib.exercises.instruments import printout
from lessons_lib.exercises.model import CourseProblem, Exercise, Incorrect
from lessons_lib.exercises.slips import Difference, Slip, first_slip

_IS_ENGINE = True  # see model._declaring_module


def normalise(prediction: Any) -> Any:
    """The one rule for predictions: text becomes its lines without the spaces at their ends
    (blank lines at the start and end dropped), an exception class or instance becomes its name,
    and a list or tuple becomes a list of normalised items.

    >>> normalise('''
    ...     caller: got 1
    ...     caller: done   ''')
    ['caller: got 1', 'caller: done']
    >>> normalise([1, StopIteration, "StopIteration", (2, 3)])
    [1, 'StopIteration', 'StopIteration', [2, 3]]
    """
    if isinstance(prediction, str):
        lines = [line.strip() for line in textwrap.dedent(prediction).splitlines()]
        while lines and not lines[0]:
            lines.pop(0)
        while lines and not lines[-1]:
            lines.pop()
        return lines if len(lines) != 1 or "\n" in prediction else lines[0]
    if isinstance(prediction, type) and issubclass(prediction, BaseException):
        return prediction.__name__
    if isinstance(prediction, BaseException):
        return type(prediction).__name__
    if isinstance(prediction, (list, tuple)):
        return [normalise(item) for item in prediction]
    return prediction


def expect_prediction(prediction: Any, run: Callable[[], None], what: str = "the cell") -> str:
    """Compare a predicted printout (a string, a line per printed line) with what ``run`` prints."""
    if not isinstance(prediction, str):
        raise Incorrect(
            "Write your prediction as a string, one printed line per line, for example "
            '"""\\nfirst line\\nsecond line\\n""".'
        )
    expected = normalise(printout(run) + "\n")
    advice = "Follow the hand-overs: each next() runs the generator up to its next yield."
    compare_prediction(normalise(prediction + "\n"), expected, what, advice)
    return f"{what} prints exactly those {len(expected)} lines."


def compare_prediction(predicted: Any, expected: Any, what: str, advice: str = "") -> None:
    """Raise :class:`Incorrect` at the first line or item where a normalised prediction differs."""
    if isinstance(expected, list) and isinstance(predicted, list):
        unit, verb = (
            ("line", "prints") if all(isinstance(e, str) for e in expected) else ("item", "gives")
        )
        for number, (want, got) in enumerate(zip(expected, predicted, strict=False), start=1):
            if want != got:
                raise Incorrect(
                    f"{unit} {number} of your prediction is {describe(got)}, but {what} {verb} "
                    f"{describe(want)} there. {advice}".strip()
                )
        if len(predicted) != len(expected):
            raise Incorrect(
                f"your prediction has {len(predicted)} {unit}s, but {what} {verb} {len(expected)}."
            )
    elif predicted != expected:
        raise Incorrect(
            f"your prediction is {describe(predicted)}, but {what} gives {describe(expected)}. "
            f"{advice}".strip()
        )


LINES_FORM = 'a string, one printed line per line, for example """\\nfirst line\\nsecond line\\n"""'


class PredictionCheck:
    """Compare a prediction with a real run of ``program`` (its printout) or ``value()``."""

    def __init__(
        self,
        program: Callable[[], Any] | None,
        value: Callable[[], Any] | None,
        slips: Sequence[Slip],
        what: str,
        form: str,
        advice: str,
    ) -> None:
        if (program is None) == (value is None):
            raise TypeError("give a prediction exercise either program= (its printout) or value=")
        self.program, self.value = program, value
        self.slips, self.what, self.form, self.advice = list(slips), what, form, advice

    def truth(self) -> Any:
        """What the real run gives, normalised (a course problem if it fails)."""
        try:
            if self.program is not None:
                return normalise(printout(self.program) + "\n")
            assert self.value is not None
            return normalise(self.value())
        except Exception as error:
            raise CourseProblem(f"the program to predict failed: {error!r}") from error

    def __call__(self, prediction: Any) -> str:
        expected = self.truth()
        as_lines = self.program is not None
        if as_lines and not isinstance(prediction, str):
            raise Incorrect(f"Write your prediction as {self.form}.")
        predicted = normalise(prediction + "\n") if as_lines else normalise(prediction)
        difference = Difference(self.what, (), expected, predicted, stage="value")
        if isinstance(expected, list) and (
            not isinstance(predicted, list) or (not as_lines and len(predicted) != len(expected))
        ):
            difference.stage = "shape"
            raise Incorrect(
                first_slip(self.slips, difference) or f"Write your prediction as {self.form}."
            )
        if predicted != expected:
            slip = first_slip(self.slips, difference)
            if slip:
                raise Incorrect(slip)
            compare_prediction(predicted, expected, self.what, self.advice)
        if as_lines:
            lines = "that" if len(expected) == 1 else f"those {len(expected)} lines"
            return f"{self.what} prints exactly {lines}."
        return f"{self.what} gives exactly that."


def prediction_exercise(
    *,
    hints: Sequence[str],
    program: Callable[[], Any] | None = None,
    value: Callable[[], Any] | None = None,
    slips: Sequence[Slip] = (),
    what: str = "the cell",
    form: str = LINES_FORM,
    advice: str = "",
    success: str = "",
    name: str | None = None,
) -> Exercise:
    """Declare a predict-the-output exercise.

    ``program`` is run and its printout is the truth; or ``value()`` returns
    the truth (a value, a tuple, a list with exception classes ...).  The
    solution shows the true prediction, and the reference answer is it.
    """
    check = PredictionCheck(program, value, slips, what, form, advice)
    truth = check.truth()
    if program is not None:
        answer: Any = "\n" + "\n".join(truth if isinstance(truth, list) else [truth]) + "\n"
        solution = f'prediction = """{answer}"""'
    else:
        answer = value() if value is not None else None
        solution = f"prediction = {_literal(answer)}"
    if success:
        inner = check.__call__

        def check_with_success(prediction: Any) -> str:
            inner(prediction)
            return success

        return Exercise(
            name,
            checker=check_with_success,
            hints=hints,
            solution=solution,
            answer=answer,
            seconds=None,
        )
    return Exercise(
        name, checker=check, hints=hints, solution=solution, answer=answer, seconds=None
    )


def _literal(value: Any) -> str:
    """Source text for a value, writing exception classes by name (``StopIteration``)."""
    if isinstance(value, type) and issubclass(value, BaseException):
        return value.__name__
    if isinstance(value, list):
        return "[" + ", ".join(_literal(v) for v in value) + "]"
    if isinstance(value, tuple):
        inner = ", ".join(_literal(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    return repr(value)
