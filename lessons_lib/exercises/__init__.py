"""Exercises with immediate feedback, staged hints and tested solutions.

Each lesson has a module here (``lesson01``, ``lesson02`` ...) that declares
its exercises.  In a notebook::

    from lessons_lib.exercises.lesson01 import ex1
    ex1.check(my_answer)   # correct / not yet (with what is wrong) / not attempted
    ex1.hint()             # the next hint each time it is called
    ex1.solution()         # the reference solution's real source

The engine, one concern per module:

- ``placeholder``: the blank ``____``;
- ``model``: :class:`Exercise`, :class:`Result`, :class:`Status`;
- ``kinds``, ``coroutine_kind``, ``prediction``: exercises declared as data
  (:func:`function_exercise`, :func:`coroutine_exercise`, :func:`prediction_exercise`),
  checked against the reference on fixed and seeded random inputs;
- ``cases``: the inputs (:class:`Stream`, :class:`TextFile`, :class:`Computed`) and the
  flags :class:`Lazy` and :class:`Memory`;
- ``expectations`` and ``slips``: checks that raise :class:`Incorrect`, and the
  :class:`Slip` rules that turn a typical mistake into its own message;
- ``instruments``: counting pulls, tracking open files, capturing output;
- ``runner``: time and memory budgets, the kernel restored after each call;
- ``errors``: the learner's errors told from the course's, with their own lines of the trace;
- ``feedback``: the coloured panels and their plain-text form.
"""

from __future__ import annotations

from lessons_lib.exercises.cases import Cases, Computed, Lazy, Memory, Stream, TextFile
from lessons_lib.exercises.coroutine_kind import coroutine_exercise
from lessons_lib.exercises.errors import explain_exception
from lessons_lib.exercises.expectations import (
    describe,
    expect_closes_files,
    expect_delegates,
    expect_equal,
    expect_generator,
    expect_lazy,
    expect_memory_below,
)
from lessons_lib.exercises.feedback import Panel
from lessons_lib.exercises.instruments import (
    CountingSource,
    capture_stdout,
    printout,
    track_open_files,
)
from lessons_lib.exercises.kinds import function_exercise
from lessons_lib.exercises.model import CourseProblem, Exercise, Incorrect, Result, Status
from lessons_lib.exercises.placeholder import ____, names_used
from lessons_lib.exercises.prediction import expect_prediction, normalise, prediction_exercise
from lessons_lib.exercises.slips import (
    BUILT_IN_FULL,
    Difference,
    Slip,
    detect_missing_yield_from,
    raised,
)

__all__ = [
    "____",
    "BUILT_IN_FULL",
    "Cases",
    "Computed",
    "CountingSource",
    "CourseProblem",
    "Difference",
    "Exercise",
    "Incorrect",
    "Lazy",
    "Memory",
    "Panel",
    "Result",
    "Slip",
    "Status",
    "Stream",
    "TextFile",
    "capture_stdout",
    "coroutine_exercise",
    "describe",
    "detect_missing_yield_from",
    "expect_closes_files",
    "expect_delegates",
    "expect_equal",
    "expect_generator",
    "expect_lazy",
    "expect_memory_below",
    "expect_prediction",
    "explain_exception",
    "function_exercise",
    "names_used",
    "normalise",
    "prediction_exercise",
    "printout",
    "raised",
    "track_open_files",
]
