"""Coroutine exercises: the same seeded ``send`` sequences go to the answer and to the reference.

Every step is compared: what each ``send`` gets back, the return value (a
``StopIteration``), and what ``close()`` and ``throw()`` do at the end.

>>> def running_total():
...     total = 0
...     while True:
...         total += yield total
>>> ex = coroutine_exercise(running_total, sends=[[1, 2, 3]], hints=["Keep a total."], name="demo")
>>> def wrong():
...     while True:
...         value = yield 0
>>> print(ex.evaluate(wrong))
Not yet. After `next(coro)`, `coro.send(1)` should give `1`, but it gave `0`.
>>> print(ex.evaluate(running_total))
Correct! `running_total` answers like the reference in 1 run.
"""

from __future__ import annotations

import inspect
import random
from collections.abc import Callable, Sequence
from typing import Any

from lessons_lib.exercises.errors import explain_exception
from lessons_lib.exercises.expectations import describe, expect_generator
from lessons_lib.exercises.model import CourseProblem, Exercise, Incorrect
from lessons_lib.exercises.retire import retire
from lessons_lib.exercises.runner import SECONDS, BudgetExceeded, call
from lessons_lib.exercises.slips import Difference, Slip, first_slip

_IS_ENGINE = True  # see model._declaring_module
Step = tuple[Any, ...]  # ("next",) | ("send", value) | ("close",) | ("throw", exception)


def _step_text(step: Step) -> str:
    if step[0] == "next":
        return "next(coro)"
    if step[0] == "send":
        return f"coro.send({describe(step[1])})"
    if step[0] == "throw":
        error = step[1]
        return f"coro.throw({error.__name__ if isinstance(error, type) else repr(error)})"
    return "coro.close()"


def _do(coro: Any, step: Step) -> Any:
    if step[0] == "next":
        return next(coro)
    if step[0] == "send":
        return coro.send(step[1])
    if step[0] == "throw":
        error = step[1]
        return coro.throw(error() if isinstance(error, type) else error)
    return coro.close()


def _outcome(coro: Any, step: Step, learner: bool, seconds: float) -> tuple[str, Any]:
    """("gave", value) | ("returned", value) | ("raised", exception) for one step."""
    try:
        if learner:
            try:
                return ("gave", call(_do, coro, step, seconds=seconds))
            except BudgetExceeded as stopped:
                raise Incorrect(
                    f"`{_step_text(step)}` was stopped: {stopped.cause}. Is there a loop "
                    "without `yield`?"
                ) from None
        return ("gave", _do(coro, step))
    except Incorrect:
        raise  # the budget's verdict is the message, not something the answer raised
    except StopIteration as stop:
        return ("returned", stop.value)
    except Exception as error:
        original = getattr(error, "error", error)  # a LearnerError carries the learner's exception
        if isinstance(original, StopIteration):
            return ("returned", original.value)
        return ("raised", original)


def _say(outcome: tuple[str, Any]) -> str:
    kind, value = outcome
    if kind == "gave":
        return f"`{describe(value)}`"
    if kind == "returned":
        return f"StopIteration (it returned `{describe(value)}`)"
    return f"{type(value).__name__}: {value}"


def _same(want: tuple[str, Any], got: tuple[str, Any]) -> bool:
    if want[0] != got[0]:
        return False
    if want[0] == "raised":
        return type(want[1]) is type(got[1])
    return bool(want[1] == got[1])


class CoroutineCheck:
    def __init__(self, reference: Callable[..., Any], **options: Any) -> None:
        self.reference = reference
        self.name = reference.__name__
        self.__dict__.update(options)

    def runs(self) -> list[tuple[tuple[Any, ...], list[Step]]]:
        sequences = [list(values) for values in self.sends]
        if self.draw is not None:
            rng = random.Random(self.seed)
            sequences += [list(self.draw(rng)) for _ in range(self.count)]
        start: list[Step] = [] if self.primed else [("next",)]
        return [
            (args, start + [("send", v) for v in values] + [tuple(s) for s in ending])
            for args in self.arg_sets
            for values in sequences
            for ending in self.endings
        ]

    def _run(self, answer: Callable[..., Any], args: tuple[Any, ...], steps: list[Step]) -> None:
        """One run of ``steps`` on a fresh answer and reference; both are retired after it."""
        coro = reference = None
        try:
            try:
                reference = self.reference(*args)
            except Exception as error:
                raise CourseProblem(f"the reference failed to start: {error!r}") from error
            coro = call(answer, *args, seconds=self.seconds)
            made = f"`{self.name}({', '.join(map(describe, args))})`"
            expect_generator(coro, made)
            if not self.primed and inspect.getgeneratorstate(coro) != inspect.GEN_CREATED:
                raise Incorrect(
                    f"{made} is already started (did you decorate it with @primed?). For this "
                    "exercise leave it unprimed: the check calls next() on it first, as the task "
                    "says."
                )
            for number, step in enumerate(steps):
                want = _outcome(reference, step, False, self.seconds)
                got = _outcome(coro, step, True, self.seconds)
                if not _same(want, got):
                    before = (
                        ", ".join(f"`{_step_text(s)}`" for s in steps[:number]) or "starting it"
                    )
                    text = _step_text(step)
                    error = got[1] if got[0] == "raised" else None
                    difference = Difference(
                        text,
                        tuple(steps[: number + 1]),
                        want,
                        got,
                        error,
                        stage="error" if error else "value",
                        answer=answer,
                    )
                    slip = first_slip(self.slips, difference)
                    if slip:
                        raise Incorrect(slip)
                    if error is not None and want[0] != "raised":
                        raise Incorrect(
                            f"After {before}, `{text}` should give {_say(want)}, but "
                            f"it did not. {explain_exception(error)}"
                        )
                    raise Incorrect(
                        f"After {before}, `{text}` should give {_say(want)}, "
                        f"but it gave {_say(got)}."
                    )
                if got[0] != "gave":
                    break
        finally:
            retire(coro)
            retire(reference)

    def __call__(self, answer: Callable[..., Any]) -> str:
        if not callable(answer):
            raise Incorrect(f"Hand `check` your generator function itself, `{self.name}`.")
        runs = self.runs()
        for args, steps in runs:
            self._run(answer, args, steps)
        runs_text = "1 run" if len(runs) == 1 else f"{len(runs)} runs"
        return self.success or f"`{self.name}` answers like the reference in {runs_text}."


def coroutine_exercise(
    reference: Callable[..., Any],
    *,
    sends: Sequence[Sequence[Any]],
    hints: Sequence[str],
    args: tuple[Any, ...] | list[tuple[Any, ...]] = (),
    primed: bool = False,
    endings: Sequence[Sequence[Step]] = ((("close",),),),
    draw: Callable[[random.Random], Sequence[Any]] | None = None,
    count: int = 10,
    seed: int = 20240301,
    slips: Sequence[Slip] = (),
    success: str = "",
    seconds: float = SECONDS,
    name: str | None = None,
) -> Exercise:
    """Declare a coroutine exercise: ``reference(*args)`` makes the coroutine.

    ``args`` may be a list of tuples: every run is then made with each.
    Each run primes it with ``next()`` (unless ``primed``: the function
    returns it primed; otherwise an answer that is already started is
    refused), sends one of the sequences (``sends``, then ``count``
    drawn by ``draw`` from a seeded generator), then does one of the
    ``endings``: steps such as ``("close",)``, ``("throw", ValueError("bad"))``
    or ``("send", None)``.
    """
    check = CoroutineCheck(
        reference,
        sends=sends,
        arg_sets=args if isinstance(args, list) else [args],
        primed=primed,
        endings=endings,
        draw=draw,
        count=count,
        seed=seed,
        slips=list(slips),
        success=success,
        seconds=seconds,
    )
    return Exercise(name, checker=check, hints=hints, solution=reference, seconds=None)
