"""The exercise model: the placeholder, an exercise's result, and :class:`Exercise` itself.

An :class:`Exercise` knows its hints and its reference solution, and hands an
answer to a *check*: a function that returns a success message or raises
:class:`Incorrect`.  The exercise kinds (``kinds``, ``coroutine_kind``) build
such checks from a declaration; :meth:`Exercise.evaluate` runs one inside a
:class:`~lessons_lib.exercises.runner.KernelGuard`, so whatever the answer did
to the kernel is undone, and tells the learner's errors from the course's.
"""

from __future__ import annotations

import contextlib
import enum
import gc
import inspect
import sys
import textwrap
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from lessons_lib.exercises.errors import explain_exception, is_learners
from lessons_lib.exercises.feedback import Panel, show
from lessons_lib.exercises.placeholder import ____, contains_placeholder
from lessons_lib.exercises.runner import BudgetExceeded, KernelGuard, LearnerError, budget


class Status(enum.Enum):
    CORRECT = "correct"
    INCORRECT = "incorrect"
    NOT_ATTEMPTED = "not attempted"
    COURSE_PROBLEM = "course problem"


_HEADINGS = {
    Status.CORRECT: "Correct!",
    Status.INCORRECT: "Not yet.",
    Status.NOT_ATTEMPTED: "Not attempted yet:",
    Status.COURSE_PROBLEM: "Course problem:",
}


@dataclass(frozen=True)
class Result:
    """The outcome of checking one answer; shows as a coloured panel in a notebook.

    >>> print(Result(Status.INCORRECT, "`f(2)` should be `4`."))
    Not yet. `f(2)` should be `4`.
    """

    status: Status
    message: str

    def __str__(self) -> str:
        return f"{_HEADINGS[self.status]} {self.message}"

    @property
    def correct(self) -> bool:
        return self.status is Status.CORRECT

    def panel(self) -> Panel:
        return Panel(self.status.value, _HEADINGS[self.status], self.message)

    def _repr_html_(self) -> str:
        return self.panel().html()

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))


class Incorrect(Exception):
    """Raised by a check: the message says what is wrong (and may name the slip)."""


class CourseProblem(Exception):
    """Raised when the course itself is broken (a checker bug, missing sample data)."""


def _text_list(hints: Any, name: str) -> list[str]:
    if isinstance(hints, str) or not isinstance(hints, Iterable):
        raise TypeError(
            f"exercise {name}: hints must be a list of strings, one per hint, not "
            f"{type(hints).__name__}; write hints=[{hints!r}] for a single hint."
        )
    hints = list(hints)
    if not hints:
        raise ValueError(f"exercise {name} needs at least one hint")
    if not all(isinstance(hint, str) and hint.strip() for hint in hints):
        raise TypeError(f"exercise {name}: every hint must be a non-empty string")
    return hints


_IS_ENGINE = True  # frames of modules with this flag are skipped when finding the declaring lesson


def _declaring_module() -> str:
    """The module that declared the exercise (the first caller outside the engine's modules)."""
    frame = sys._getframe(1)
    while frame.f_back is not None and frame.f_globals.get("_IS_ENGINE"):
        frame = frame.f_back
    return str(frame.f_globals.get("__name__", ""))


class Exercise:
    """One exercise: ``check(answer)``, ``hint()``, ``solution()`` and ``evaluate(answer)``.

    The name is the module variable the exercise is bound to (``ex1 = ...``);
    it need not be typed again, but may be given as the first argument.

    >>> def double(x):
    ...     return 2 * x
    >>> def checker(f):
    ...     if f(2) != 4:
    ...         raise Incorrect(f"`f(2)` should be `4`, but it is `{f(2)}`.")
    ...     return "f doubles."
    >>> ex = Exercise("demo", checker=checker, hints=["Multiply."], solution=double)
    >>> ex.evaluate(____).status
    <Status.NOT_ATTEMPTED: 'not attempted'>
    >>> ex.evaluate(lambda x: x + 2).status
    <Status.CORRECT: 'correct'>
    >>> ex.evaluate(lambda x: x * 3).message
    '`f(2)` should be `4`, but it is `6`.'
    >>> Exercise("bad", checker=checker, hints="use a loop", solution=double)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    TypeError: exercise bad: hints must be a list of strings, one per hint, not str; write ...
    """

    def __init__(
        self,
        name: str | None = None,
        *,
        checker: Callable[[Any], str | None],
        hints: Iterable[str],
        solution: Callable[..., Any] | str,
        answer: Any = None,
        not_attempted: str = "replace ____ with your answer, then run the cell again.",
        seconds: float | None = 10.0,
    ) -> None:
        self._module = _declaring_module()
        self._name = name
        label = name or f"of {self._module}"  # not bound to its variable yet
        if not callable(checker):
            raise TypeError(f"exercise {label}: checker must be a function, not {checker!r}")
        self._checker = checker
        self.hints = _text_list(hints, label)
        if not (callable(solution) or isinstance(solution, str)):
            raise TypeError(f"exercise {label}: solution must be a function or its text")
        self._solution = solution
        if answer is None and not callable(solution):
            raise ValueError(
                f"exercise {label}: give the reference `answer` when the solution is text"
            )
        self.answer = solution if answer is None else answer  # what the solution hands to check()
        self._not_attempted = not_attempted
        self._seconds = seconds
        self._hints_shown = 0

    @property
    def name(self) -> str:
        """The variable this exercise is bound to in its lesson module (``ex1``, ...)."""
        if self._name is None:
            module = sys.modules.get(self._module)
            found = [k for k, v in vars(module).items() if v is self] if module else []
            if not found:
                return "exercise"
            self._name = found[0]
        return self._name

    def __repr__(self) -> str:
        return f"<Exercise {self.name}: check(answer), hint(), solution()>"

    def evaluate(self, answer: Any = ____) -> Result:
        """Check ``answer`` and return the :class:`Result` (``check`` shows it)."""
        if contains_placeholder(answer):
            return Result(Status.NOT_ATTEMPTED, self._not_attempted)
        with KernelGuard() as guard, warnings.catch_warnings():
            # A file the answer leaked is its own slip (closes_files reports it), not a warning.
            warnings.simplefilter("ignore", ResourceWarning)
            result = self._run_checker(answer)
            gc.collect()
        if guard.report() and result.status is not Status.COURSE_PROBLEM:
            result = Result(result.status, f"{result.message} {guard.report()}")
        return result

    def _run_checker(self, answer: Any) -> Result:
        try:
            with budget(self._seconds) if self._seconds else contextlib.nullcontext():
                message = self._checker(answer)
        except Incorrect as wrong:
            return Result(Status.INCORRECT, str(wrong))
        except LearnerError as error:
            return Result(Status.INCORRECT, explain_exception(error.error))
        except BudgetExceeded as stopped:
            return Result(Status.INCORRECT, f"Your code was stopped: {stopped.cause}.")
        except KeyboardInterrupt:
            raise
        except CourseProblem as problem:
            return self._course_problem(str(problem))
        except BaseException as error:
            if is_learners(error):
                return Result(Status.INCORRECT, explain_exception(error))
            return self._course_problem(f"{type(error).__name__}: {error}")
        return Result(Status.CORRECT, message or "Well done.")

    def _course_problem(self, what: str) -> Result:
        return Result(
            Status.COURSE_PROBLEM,
            f"the check of `{self.name}` failed by itself ({what}). This is a problem in the "
            "course, not in your answer. Please report it with this message and your answer "
            "(an issue on the course's repository, or tell your instructor).",
        )

    def check(self, answer: Any = ____) -> None:
        """Show whether ``answer`` is correct, and if not, what is wrong."""
        show(self.evaluate(answer))

    def hint(self) -> None:
        """Show the next hint; each call reveals one more."""
        shown = min(self._hints_shown, len(self.hints) - 1)
        self._hints_shown = shown + 1
        total = len(self.hints)
        text = self.hints[shown]
        if shown + 1 == total:
            text += f"\n\nThat was the last hint; `{self.name}.solution()` shows a full answer."
        show(Panel("hint", f"Hint {shown + 1} of {total}:", text))

    def solution_source(self) -> str:
        """The reference solution as source text."""
        if isinstance(self._solution, str):
            return textwrap.dedent(self._solution).strip("\n")
        return textwrap.dedent(inspect.getsource(self._solution)).strip("\n")

    def solution(self) -> None:
        """Show the reference solution (real, tested code from lessons_lib)."""
        show(Panel("solution", "", self.solution_source(), code=True))
