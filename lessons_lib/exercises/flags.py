"""The checks behind an exercise's flags: ``lazy``, ``closes_files`` and ``memory``.

They run after the answer agreed with the reference on every input, so their
messages can speak of one property only.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from pathlib import Path
from typing import Any

from lessons_lib.exercises.cases import call_text, materialise
from lessons_lib.exercises.expectations import (
    describe,
    expect_closes_files,
    expect_lazy,
    expect_memory_below,
)
from lessons_lib.exercises.model import Incorrect
from lessons_lib.exercises.runner import BudgetExceeded, budget, call
from lessons_lib.exercises.slips import Difference, first_slip


def check_flags(self: Any, answer: Callable[..., Any], folder: Path) -> None:
    """The flag checks of a function exercise (``self``, its check) after the values agree:
    lazy (reads no further than needed), closes_files (on close() and on break), memory."""
    if self.lazy is not None:
        args = materialise(self.lazy.case, folder)
        taken = expect_lazy(
            lambda source: call(answer, *args, seconds=self.seconds),
            self.lazy.stream(args),
            self.lazy.take,
            self.lazy.max_pulled,
            what=f"`{self.name}`",
            seconds=self.seconds,
        )
        reference = self.reference(*materialise(self.lazy.case, folder))
        expected = list(itertools.islice(reference, self.lazy.take))
        if taken != expected:
            raise Incorrect(
                f"The first {self.lazy.take} items of `{call_text(self.name, self.lazy.case)}` "
                f"should be `{describe(expected)}`, but they are `{describe(taken)}`."
            )
    if self.closes_files is not None:
        case = self.closes_files
        with budget(self.seconds * 2):
            try:
                expect_closes_files(
                    lambda: answer(*materialise(case, folder)),
                    take=1,
                    what=f"`{call_text(self.name, case)}`",
                    iterators=self.returns == "iterator",
                )
            except BudgetExceeded as stopped:
                raise Incorrect(f"Your generator was stopped: {stopped.cause}.") from None
    if self.memory is not None:
        args = materialise(self.memory.case, folder)
        what = f"`{call_text(self.name, self.memory.case)}`"
        try:
            expect_memory_below(
                lambda: call(answer, *args, seconds=self.seconds * 5), self.memory.budget, what
            )
        except Incorrect as over:  # a slip at stage "memory" may add advice
            overrun = Difference(what, self.memory.case, None, stage="memory", answer=answer)
            advice = first_slip(self.slips, overrun)
            raise Incorrect(f"{over} {advice}" if advice else str(over)) from None
