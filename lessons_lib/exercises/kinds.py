"""Function and generator exercises as declarations, checked against the reference.

:func:`function_exercise` runs the learner's answer and the reference on the
same inputs (fixed cases, then seeded random ones) and reports the first
difference, unless a :class:`~lessons_lib.exercises.slips.Slip` names it.
Flags add checks that only a generator needs: ``lazy``, ``infinite``,
``closes_files``, ``memory``.

>>> from lessons_lib.exercises.cases import Stream
>>> def evens(numbers):
...     return (n for n in numbers if n % 2 == 0)
>>> ex = function_exercise(
...     evens, returns="iterator", cases=[([1, 2, 3, 4],), (Stream(range(5)),)],
...     hints=["Filter with `if` at the end."], name="demo")
>>> print(ex.evaluate(lambda numbers: (n for n in numbers if n % 2)))
Not yet. `list(evens([1, 2, 3, 4]))` should be `[2, 4]`, but it is `[1, 3]`.
>>> print(ex.evaluate(lambda numbers: filter(lambda n: n % 2 == 0, numbers)))
Correct! `evens` gives the same items as the reference on 2 inputs.
"""

from __future__ import annotations

import itertools
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal

from lessons_lib.exercises.cases import Case, Cases, Lazy, Memory, call_text, materialise
from lessons_lib.exercises.errors import explain_exception
from lessons_lib.exercises.expectations import (
    describe,
    expect_generator,
)
from lessons_lib.exercises.flags import check_flags
from lessons_lib.exercises.model import CourseProblem, Exercise, Incorrect
from lessons_lib.exercises.retire import retire
from lessons_lib.exercises.runner import (
    SECONDS,
    BudgetExceeded,
    LearnerError,
    call,
)
from lessons_lib.exercises.slips import Difference, Slip, first_slip

MAX_ITEMS = 10_000
_IS_ENGINE = True  # see model._declaring_module


def _an(kind: type) -> str:
    return f"{'an' if kind.__name__[0] in 'aeiou' else 'a'} {kind.__name__}"


def _same(got: Any, want: Any) -> bool:
    try:
        return bool(got == want)
    except Exception:  # noqa: BLE001 - a value that cannot say it is equal is not
        return False


class _Run:
    """What one side (reference or answer) gave for one case."""

    def __init__(self, result: Any = None, error: BaseException | None = None) -> None:
        self.result, self.error, self.value = result, error, None


class Differential:
    """The check of a function/generator exercise (see :func:`function_exercise`)."""

    def __init__(self, reference: Callable[..., Any], **options: Any) -> None:
        self.reference = reference
        self.name = reference.__name__
        self.__dict__.update(options)

    # -- running one side ------------------------------------------------------------------
    def _take(self, result: Any, call_: str, learner: bool) -> list[Any]:
        limit = self.take if self.infinite else self.max_items + 1
        items: list[Any] = []

        def pull() -> None:
            items.extend(itertools.islice(result, limit))
            if hasattr(result, "close"):  # finish it here, not whenever it is collected
                result.close()

        if not learner:
            pull()
            return items
        try:
            call(pull, seconds=self.seconds)
        except BudgetExceeded as stopped:
            if "memory" in stopped.cause:
                raise Incorrect(
                    f"`{call_}` was stopped after {len(items):,} items: {stopped.cause}."
                ) from None
            where = "its first `yield`" if not items else f"the `yield` after item {len(items):,}"
            raise Incorrect(
                f"Your generator did not reach {where} within {self.seconds:g} s "
                f"(`{call_}`): is there a loop without `yield`?"
            ) from None
        finally:
            retire(result)  # even one that refused close() is ended here, quietly
        if not self.infinite and len(items) > self.max_items:
            raise Incorrect(
                f"Your generator kept yielding after {self.max_items:,} items (`{call_}`); "
                "the task asks it to stop after the last one."
            )
        return items

    def _run(self, function: Callable[..., Any], case: Case, folder: Path, learner: bool) -> _Run:
        call_ = call_text(self.name, case)
        if not learner:
            try:
                run = _Run(function(*materialise(case, folder)))
                run.value = (
                    run.result if self.returns == "value" else self._take(run.result, "", False)
                )
            except Exception as error:
                raise CourseProblem(f"the reference failed on `{call_}`: {error!r}") from error
            return run
        args = materialise(case, folder)
        try:
            run = _Run(call(function, *args, seconds=self.seconds))
        except LearnerError as error:
            return _Run(error=error.error)
        except BudgetExceeded as stopped:
            raise Incorrect(
                f"`{call_}` was stopped: {stopped.cause}. Is there a loop that never ends?"
            ) from None
        if self.returns == "value":
            run.value = run.result
            return run
        try:
            expect_generator(run.result, f"`{call_}`", self.returns == "iterator")
        except Incorrect as wrong:  # the wrong kind of result: a slip may name it
            difference = Difference(
                call_, case, None, None, None, run.result, "shape", answer=function
            )
            raise Incorrect(first_slip(self.slips, difference) or str(wrong)) from None
        try:
            run.value = self._take(run.result, call_, learner)
        except LearnerError as error:
            run.error = error.error
        return run

    # -- comparing ---------------------------------------------------------------------------
    def _differs(self, want: _Run, got: _Run, case: Case, call_: str, answer: Any) -> str | None:
        if self.infinite and got.error is None and len(got.value) < len(want.value):
            return (
                f"`{call_}` stopped before its {self.take:,}th item (it handed out "
                f"{len(got.value):,}); it should go on forever."
            )
        if self.returns != "value":
            call_ = (
                f"list({call_})"
                if not self.infinite
                else f"the first {self.take:,} items of {call_}"
            )
        stage = "error" if got.error else "value"
        difference = Difference(
            call_, case, want.value, got.value, got.error, got.result, stage, answer=answer
        )
        if got.error is not None:
            if want.error is not None and type(want.error) is type(got.error):
                return None
            return (
                first_slip(self.slips, difference)
                or f"For `{call_}`: {explain_exception(got.error)}"
            )
        if want.error is not None:
            raised = type(want.error).__name__
            return f"`{call_}` should raise {raised}, but it gave `{describe(got.value)}`."
        if self.returns == "value" and type(got.value) is not type(want.value):
            return first_slip(self.slips, difference) or (
                f"`{call_}` should return {_an(type(want.value))}, "
                f"but it returned `{describe(got.value)}`."
            )
        if _same(got.value, want.value):
            return None
        if slip := first_slip(self.slips, difference):
            return slip
        if isinstance(want.value, list) and len(want.value) > 12:
            at = next(
                (i for i, (w, g) in enumerate(zip(want.value, got.value, strict=False)) if w != g),
                min(len(want.value), len(got.value)),
            )
            return (
                f"`{call_}` differs from the reference at item {at}: it should be "
                f"`{describe(want.value[at : at + 3])}...`, "
                f"but it is `{describe(got.value[at : at + 3])}`"
                f" ({len(want.value):,} items expected, {len(got.value):,} given)."
            )
        return f"`{call_}` should be `{describe(want.value)}`, but it is `{describe(got.value)}`."

    def __call__(self, answer: Callable[..., Any]) -> str:
        if not callable(answer):
            raise Incorrect(
                f"Hand `check` your function itself, `{self.name}`, not {describe(answer)}."
            )
        with tempfile.TemporaryDirectory() as folder:
            count = 0
            for count, case in enumerate(self.cases, start=1):  # noqa: B007
                call_ = call_text(self.name, case)
                want = self._run(self.reference, case, Path(folder), learner=False)
                got = self._run(answer, case, Path(folder), learner=True)
                message = self._differs(want, got, case, call_, answer)
                if message:
                    raise Incorrect(message)
            check_flags(self, answer, Path(folder))
            for extra in self.also:
                extra(answer)
        return self.success or (
            f"`{self.name}` gives the same {'items' if self.returns != 'value' else 'results'} "
            f"as the reference on {count} inputs."
        )


def function_exercise(
    reference: Callable[..., Any],
    *,
    cases: Sequence[Case] | Cases,
    hints: Sequence[str],
    returns: Literal["value", "generator", "iterator"] = "value",
    draw: Callable[..., Case] | None = None,
    count: int = 25,
    slips: Sequence[Slip] = (),
    lazy: Lazy | None = None,
    infinite: bool = False,
    take: int = MAX_ITEMS,
    closes_files: Case | None = None,
    memory: Memory | None = None,
    also: Sequence[Callable[[Any], None]] = (),
    success: str = "",
    max_items: int = MAX_ITEMS,
    seconds: float = SECONDS,
    name: str | None = None,
) -> Exercise:
    """Declare an exercise whose answer is a function, checked against ``reference``.

    ``returns`` says what the function hands back: a plain ``"value"``, a
    ``"generator"`` (only a generator passes), or an ``"iterator"`` (a generator
    or a lazy iterator such as ``itertools.islice``: say so in the hints).
    Generators are compared item by item, at most ``max_items`` (and a longer
    one is stopped), or the first ``take`` items when ``infinite``.  After
    the flags, each of ``also`` is called with the answer: a check of one more
    property, which raises :class:`Incorrect` to refuse it.
    """
    for rule in slips:
        if not isinstance(rule, Slip):
            raise TypeError(f"slips must be Slip(when, say) rules, not {rule!r}")
    if returns not in ("value", "generator", "iterator"):
        raise ValueError(f"returns must be 'value', 'generator' or 'iterator', not {returns!r}")
    all_cases = cases if isinstance(cases, Cases) else Cases(list(cases), draw, count)
    for case in all_cases.fixed:
        if not isinstance(case, tuple):
            raise TypeError(f"a case is a tuple of arguments, e.g. ({case!r},), not {case!r}")
    check = Differential(
        reference,
        cases=all_cases,
        returns=returns,
        slips=list(slips),
        lazy=lazy,
        infinite=infinite,
        take=take,
        closes_files=closes_files,
        memory=memory,
        also=list(also),
        success=success,
        max_items=max_items,
        seconds=seconds,
    )
    return Exercise(name, checker=check, hints=hints, solution=reference, seconds=None)
