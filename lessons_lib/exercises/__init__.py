"""Exercises with immediate feedback, staged hints and tested solutions.

Each lesson has a module here (``lesson01``, ``lesson02`` ...) that defines
one :class:`Exercise` per task.  In a notebook::

    from lessons_lib.exercises.lesson01 import ex1
    ex1.check(my_answer)   # correct / not yet (with what is wrong) / not attempted
    ex1.hint()             # the next hint each time it is called
    ex1.solution()         # the reference solution's real source

A checker is a plain function that receives the learner's answer and either
returns a success message or raises :class:`Incorrect`.  The helpers below
(`expect_generator`, `expect_equal`, `expect_lazy`, `expect_closes_files`,
`expect_memory_below`, `expect_prediction`) turn what a generator does into such checks, and the mistake
detectors turn a typical slip into a hint that names it.
"""

from __future__ import annotations

import ast
import builtins
import contextlib
import enum
import inspect
import io
import itertools
import sys
import textwrap
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from lessons_lib.memory import tracemalloc_peak

__all__ = [
    "____",
    "Exercise",
    "Incorrect",
    "Result",
    "Status",
    "CountingSource",
    "capture_stdout",
    "detect_missing_yield_from",
    "expect_delegates",
    "expect_equal",
    "expect_generator",
    "expect_lazy",
    "expect_closes_files",
    "expect_memory_below",
    "expect_prediction",
    "explain_exception",
    "names_used",
    "track_open_files",
]


class _Placeholder:
    """The blank a learner replaces; any answer that still contains it is not attempted."""

    def __repr__(self) -> str:
        return "____"


____ = _Placeholder()
PLACEHOLDER_NAME = "____"


class Status(enum.Enum):
    CORRECT = "correct"
    INCORRECT = "incorrect"
    NOT_ATTEMPTED = "not attempted"


@dataclass(frozen=True)
class Result:
    """The outcome of checking one answer."""

    status: Status
    message: str

    def __str__(self) -> str:
        heading = {
            Status.CORRECT: "Correct!",
            Status.INCORRECT: "Not yet.",
            Status.NOT_ATTEMPTED: "Not attempted yet:",
        }[self.status]
        return f"{heading} {self.message}"

    @property
    def correct(self) -> bool:
        return self.status is Status.CORRECT


class Incorrect(Exception):
    """Raised by a checker: the message says what is wrong (and may name the slip)."""


def _contains_placeholder(answer: Any) -> bool:
    if answer is ____:
        return True
    if isinstance(answer, (list, tuple, set, frozenset)):
        return any(_contains_placeholder(item) for item in answer)
    if isinstance(answer, dict):
        return any(_contains_placeholder(v) for v in answer.values())
    return PLACEHOLDER_NAME in names_used(answer)


def names_used(function: Any) -> set[str]:
    """Every global, attribute and local name a function (and the code nested in it) uses.

    >>> sorted(names_used(lambda path: open(path).readlines()))
    ['open', 'path', 'readlines']
    """
    names: set[str] = set()
    codes = [getattr(function, "__code__", None)]
    while codes:
        code = codes.pop()
        if code is None:
            continue
        names |= set(code.co_names) | set(code.co_varnames)
        codes.extend(const for const in code.co_consts if inspect.iscode(const))
    return names


class Exercise:
    """One exercise: ``check(answer)``, ``hint()`` and ``solution()``.

    >>> def double(x):
    ...     return 2 * x
    >>> ex = Exercise("demo", checker=lambda f: expect_equal(f(2), 4, "f(2)") or "f doubles.",
    ...               hints=["Multiply."], solution=double)
    >>> ex.evaluate(____).status
    <Status.NOT_ATTEMPTED: 'not attempted'>
    >>> ex.evaluate(lambda x: x + 2).status
    <Status.CORRECT: 'correct'>
    >>> ex.evaluate(lambda x: x * 3).message
    'f(2) should be 4, but it is 6.'
    """

    def __init__(
        self,
        name: str,
        *,
        checker: Callable[[Any], str | None],
        hints: Iterable[str],
        solution: Callable[..., Any] | str,
        answer: Any = None,
        not_attempted: str = "replace ____ with your answer, then run the cell again.",
    ) -> None:
        self.name = name
        self._checker = checker
        self.hints = list(hints)
        if not self.hints:
            raise ValueError(f"exercise {name!r} needs at least one hint")
        self._solution = solution
        if answer is None and not callable(solution):
            raise ValueError(f"exercise {name!r}: give the reference `answer` when the solution is text")
        self.answer = solution if answer is None else answer  # what the solution hands to check()
        self._not_attempted = not_attempted
        self._hints_shown = 0

    def __repr__(self) -> str:
        return f"<Exercise {self.name}: check(answer), hint(), solution()>"

    def evaluate(self, answer: Any = ____) -> Result:
        """Check ``answer`` and return the :class:`Result` (``check`` prints it)."""
        if _contains_placeholder(answer):
            return Result(Status.NOT_ATTEMPTED, self._not_attempted)
        try:
            message = self._checker(answer)
        except Incorrect as wrong:
            return Result(Status.INCORRECT, str(wrong))
        except Exception as error:  # the learner's code raised: say which and where
            return Result(Status.INCORRECT, explain_exception(error))
        return Result(Status.CORRECT, message or "Well done.")

    def check(self, answer: Any = ____) -> None:
        """Print whether ``answer`` is correct, and if not, what is wrong."""
        print(self.evaluate(answer))

    def hint(self) -> None:
        """Print the next hint; each call reveals one more."""
        shown = min(self._hints_shown, len(self.hints) - 1)
        self._hints_shown = shown + 1
        total = len(self.hints)
        print(f"Hint {shown + 1} of {total}: {self.hints[shown]}")
        if shown + 1 == total:
            print(f"That was the last hint; {self.name}.solution() shows a full answer.")

    def solution_source(self) -> str:
        """The reference solution as source text."""
        if isinstance(self._solution, str):
            return textwrap.dedent(self._solution).strip("\n")
        return textwrap.dedent(inspect.getsource(self._solution)).strip("\n")

    def solution(self) -> None:
        """Print the reference solution (real, tested code from lessons_lib)."""
        print(self.solution_source())


# ---------------------------------------------------------------------------
# Mistake detectors: a typical slip becomes a message that names it.
# ---------------------------------------------------------------------------

_EXCEPTION_HINTS: list[tuple[type[BaseException], str, str]] = [
    (
        TypeError,
        "can't send non-None value to a just-started generator",
        "A new generator is paused *before* its first line, so there is no `yield` to "
        "receive a value yet. Prime it first with next(gen) (or gen.send(None)).",
    ),
    (
        RuntimeError,
        "generator ignored GeneratorExit",
        "The generator yielded while handling GeneratorExit. On close() it must finish "
        "(return or raise), not yield again: move the cleanup to `finally` and do not "
        "`yield` there.",
    ),
    (
        RuntimeError,
        "generator raised StopIteration",
        "Since PEP 479 a StopIteration that escapes a generator's body becomes RuntimeError. "
        "End the generator with `return` instead of raising StopIteration.",
    ),
    (
        ValueError,
        "generator already executing",
        "The generator called next() or send() on itself while running; drive it from outside.",
    ),
]


def explain_exception(error: BaseException) -> str:
    """Turn an exception raised by the learner's code into a friendly message.

    >>> def gen():
    ...     yield
    >>> try:
    ...     gen().send(1)
    ... except TypeError as e:
    ...     print(explain_exception(e).split(".")[0])
    Your code raised TypeError: can't send non-None value to a just-started generator
    """
    text = f"Your code raised {type(error).__name__}: {error}."
    for kind, fragment, advice in _EXCEPTION_HINTS:
        if isinstance(error, kind) and fragment in str(error):
            return f"{text} {advice}"
    return text


def _describe(value: Any) -> str:
    if inspect.isgenerator(value):
        return f"a generator ({value.__name__})"
    return repr(value)


def expect_equal(actual: Any, expected: Any, what: str) -> None:
    """Raise :class:`Incorrect` unless ``actual == expected``."""
    if actual != expected:
        raise Incorrect(f"{what} should be {_describe(expected)}, but it is {_describe(actual)}.")


def expect_generator(value: Any, what: str = "your function's result") -> Iterator[Any]:
    """Return ``value`` if it is a generator that has not started; otherwise raise a targeted hint.

    Catches: a list (or other container) where a generator was asked for, a plain
    value or ``None`` (no ``yield`` in the body), and a generator that was
    already used up.
    """
    if inspect.isgenerator(value):
        state = inspect.getgeneratorstate(value)
        if state == inspect.GEN_CLOSED:
            raise Incorrect(
                f"{what} is a generator that is already used up (closed). A generator runs "
                "only once: call the generator function again to get a fresh one."
            )
        return value
    if isinstance(value, (list, tuple, set, dict, str)):
        raise Incorrect(
            f"{what} is a {type(value).__name__}, built all at once. A generator was asked for: "
            "use `yield` to hand out one item at a time instead of collecting them."
        )
    if value is None:
        raise Incorrect(
            f"{what} is None. A function becomes a generator function when its body "
            "contains `yield`; did you `print` or `return` instead of `yield`?"
        )
    if isinstance(value, Iterator):
        raise Incorrect(f"{what} is an iterator ({type(value).__name__}), but a generator was asked for.")
    raise Incorrect(f"{what} is {_describe(value)}; a generator was asked for (use `yield`).")


def _source_tree(function: Callable[..., Any]) -> ast.FunctionDef | None:
    """The syntax tree of ``function``'s definition, or None if its source is missing or not its own."""
    code = getattr(function, "__code__", None)
    if code is None:
        return None
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError, ValueError):
        return None
    if not tree.body or not isinstance(tree.body[0], ast.FunctionDef) or tree.body[0].name != code.co_name:
        return None
    definition = tree.body[0]
    definition.decorator_list = []
    compiled = compile(ast.Module(body=[definition], type_ignores=[]), "<source>", "exec")
    rebuilt = next(c for c in compiled.co_consts if inspect.iscode(c) and c.co_name == code.co_name)

    def plain_constants(constants: tuple[Any, ...]) -> list[Any]:
        return [constant for constant in constants if not inspect.iscode(constant)]

    same = (
        rebuilt.co_varnames == code.co_varnames
        and set(rebuilt.co_names) <= set(code.co_names) | set(code.co_freevars)
        and plain_constants(rebuilt.co_consts) == plain_constants(code.co_consts)
    )
    return definition if same else None


def detect_missing_yield_from(function: Callable[..., Any]) -> str | None:
    """Name a line that calls a generator function and throws the generator away.

    Unlike a bytecode scan for "a call whose result is ignored", this looks at
    what is called, so ``print(...)`` and ``totals.append(...)`` are not
    mistaken for the slip.  Returns advice, or None when there is nothing to
    say (or the source cannot be read); the checker's verdict comes from
    running the answer.

    In a notebook, ``inspect.getsource`` can return another cell's text (with
    ``IPYKERNEL_CELL_NAME`` set, every cell has the same file name), so the
    source is used only if it compiles to the same names and constants as the
    function itself.

    >>> def numbers():
    ...     yield 1
    >>> def forgetful():
    ...     print("start")
    ...     numbers()
    ...     yield 2
    >>> print(detect_missing_yield_from(forgetful).split(":")[0])
    Line `numbers()` calls the generator function numbers and throws away the generator it returns
    >>> detect_missing_yield_from(numbers) is None
    True
    """
    tree = _source_tree(function)
    if tree is None:
        return None
    names = inspect.getclosurevars(function)
    namespace = {**names.builtins, **names.globals, **names.nonlocals}
    if getattr(function, "__name__", None):  # a recursive function may not see itself in its globals
        namespace.setdefault(function.__name__, function)

    def resolve(node: ast.expr) -> Any:
        if isinstance(node, ast.Name):
            return namespace.get(node.id)
        if isinstance(node, ast.Attribute):
            return getattr(resolve(node.value), node.attr, None)
        return None

    for node in ast.walk(tree):
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Call):
            called = resolve(node.value.func)
            if called is not None and inspect.isgeneratorfunction(called):
                line = ast.unparse(node.value)
                return (
                    f"Line `{line}` calls the generator function {called.__name__} and throws away the "
                    f"generator it returns: none of {called.__name__}'s code runs. "
                    f"Write `yield from {line}` to hand on its items."
                )
    return None


def expect_delegates(value: Any, what: str = "your generator") -> None:
    """Raise if ``value`` yielded generator objects (``yield sub()`` where ``yield from sub()`` was meant)."""
    items = value if isinstance(value, (list, tuple)) else [value]
    if any(inspect.isgenerator(item) for item in items):
        raise Incorrect(
            f"{what} yielded generator objects instead of their items. `yield sub()` hands "
            "over the generator itself; `yield from sub()` hands over each of its items."
        )


# ---------------------------------------------------------------------------
# Checks that understand generators: laziness, cleanup, memory.
# ---------------------------------------------------------------------------


class CountingSource:
    """An iterator over ``items`` that counts how many were pulled and whether it was closed.

    >>> source = CountingSource(range(100))
    >>> next(source), next(source)
    (0, 1)
    >>> source.pulled
    2
    """

    def __init__(self, items: Iterable[Any]) -> None:
        self._items = iter(items)
        self.pulled = 0

    def __iter__(self) -> CountingSource:
        return self

    def __next__(self) -> Any:
        item = next(self._items)
        self.pulled += 1
        return item


def expect_lazy(
    make: Callable[[CountingSource], Iterable[Any]],
    items: Iterable[Any],
    take: int,
    max_pulled: int | None = None,
    what: str = "your answer",
) -> list[Any]:
    """Take ``take`` results from ``make(source)``; check it pulled at most ``max_pulled`` items.

    ``max_pulled`` defaults to ``take + 1`` (one item per result, and one read
    ahead is forgiven). Returns the results taken, for the caller to check.
    """
    limit = take + 1 if max_pulled is None else max_pulled
    source = CountingSource(items)
    results = make(source)
    if isinstance(results, (list, tuple, set, dict)):
        raise Incorrect(
            f"{what} returned a {type(results).__name__}: it read all {source.pulled} items "
            "before handing out the first. Make it a generator (`yield`, or a generator "
            "expression in parentheses) so it reads only what is asked for."
        )
    taken = list(itertools.islice(results, take))
    if source.pulled > limit:
        raise Incorrect(
            f"To hand out {take} results, {what} read {source.pulled} items from its source "
            f"(at most {limit} are needed). Something reads ahead: a list(), sorted() or "
            "list comprehension inside makes it eager."
        )
    return taken


@contextlib.contextmanager
def track_open_files() -> Iterator[list[io.IOBase]]:
    """Record every file opened with ``open`` (or ``Path.open``) inside the block.

    >>> import os, tempfile
    >>> with tempfile.NamedTemporaryFile("w", delete=False) as tmp:
    ...     _ = tmp.write("x")
    >>> with track_open_files() as opened:
    ...     with open(tmp.name) as f:
    ...         _ = f.read()
    >>> [f.closed for f in opened]
    [True]
    >>> os.remove(tmp.name)
    """
    opened: list[io.IOBase] = []
    real_open = builtins.open

    def recording_open(*args: Any, **kwargs: Any) -> Any:
        handle = real_open(*args, **kwargs)
        opened.append(handle)
        return handle

    builtins.open = recording_open
    io.open = recording_open  # Path.open() and Path.read_text() call io.open
    # IPython puts an `open` of its own into the notebook's namespace (__main__): replace it too.
    notebook = vars(sys.modules["__main__"]) if "__main__" in sys.modules else {}
    notebook_open = notebook.get("open")
    if notebook_open is not None:
        notebook["open"] = recording_open
    try:
        yield opened
    finally:
        builtins.open = real_open
        io.open = real_open
        if notebook_open is not None:
            notebook["open"] = notebook_open


def expect_closes_files(
    make: Callable[[], Iterator[Any]], take: int = 1, what: str = "your generator"
) -> None:
    """Start ``make()``, take ``take`` items, ``close()`` it, and check every file it opened is closed."""
    with track_open_files() as opened:
        generator = expect_generator(make(), what)
        list(itertools.islice(generator, take))
        generator.close()
    if not opened:
        raise Incorrect(f"{what} did not open a file with open(); it should read from the path it is given.")
    leaked = [f for f in opened if not f.closed]
    if leaked:
        raise Incorrect(
            f"{what} left {leaked[0].name!r} open after it was stopped early with close(). "
            "Open the file in a `with` block inside the generator: close() raises GeneratorExit "
            "at the paused yield, and `with` closes the file on the way out."
        )


def expect_memory_below(function: Callable[[], Any], budget_bytes: int, what: str = "your answer") -> Any:
    """Run ``function()`` and check its peak allocation stays under ``budget_bytes``; return its result."""
    result, peak = tracemalloc_peak(function)
    if peak > budget_bytes:
        raise Incorrect(
            f"{what} needed {peak / 1024:.0f} KiB at its peak; the budget is "
            f"{budget_bytes / 1024:.0f} KiB. Something holds all the items at once: stream them "
            "with a generator instead of building a list."
        )
    return result


@contextlib.contextmanager
def capture_stdout() -> Iterator[io.StringIO]:
    """Collect what is printed inside the block (for predict-the-output checks)."""
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        yield buffer


def expect_prediction(prediction: Any, run: Callable[[], None], what: str = "the cell") -> str:
    """Compare a predicted printout (a string, one printed line per line) with what ``run`` prints."""
    if not isinstance(prediction, str):
        raise Incorrect(
            "Write your prediction as a string, one printed line per line, for example "
            '"""\\nfirst line\\nsecond line\\n""".'
        )
    with capture_stdout() as printed:
        run()
    expected = [line.rstrip() for line in printed.getvalue().strip("\n").splitlines()]
    predicted = [line.rstrip() for line in textwrap.dedent(prediction).strip("\n").splitlines()]
    for number, (want, got) in enumerate(zip(expected, predicted), start=1):
        if want != got:
            raise Incorrect(
                f"line {number} of your prediction is {got!r}, but {what} prints {want!r} there. "
                "Follow the hand-overs: each next() runs the generator up to its next yield."
            )
    if len(predicted) != len(expected):
        raise Incorrect(
            f"your prediction has {len(predicted)} lines, but {what} prints {len(expected)}."
        )
    return f"{what} prints exactly those {len(expected)} lines."
