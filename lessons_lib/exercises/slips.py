"""Slip detectors: a typical mistake turned into a message that names it.

A :class:`Slip` is a rule of an exercise declaration: *when* a difference
between the answer and the reference looks like this, *say* that.  The
differential check hands each rule a :class:`Difference`; the first rule that
matches gives the message.  :func:`detect_missing_yield_from` reads the
answer's source for the slip of calling a sub-generator without ``yield from``.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Difference:
    """Where the answer and the reference disagree, for the slip rules to look at.

    ``call`` is the call as text (``every_other('abcde')``), ``args`` the real
    arguments, ``want`` and ``got`` what the reference and the answer gave
    (items as a list for a generator), ``error`` what the answer raised (or
    None), ``result`` the raw object the answer returned (a list where a
    generator was asked for, say), and ``stage`` one of "shape" (the answer
    returned the wrong kind of thing), "error", "value", "memory" (over
    the memory flag's budget).  ``answer`` is the learner's function itself,
    for a rule that reads its source (:func:`detect_missing_yield_from`,
    :func:`names_used`).
    """

    call: str
    args: tuple[Any, ...]
    want: Any
    got: Any = None
    error: BaseException | None = None
    result: Any = None
    stage: str = "value"
    extra: dict[str, Any] = field(default_factory=dict)
    answer: Any = None


@dataclass(frozen=True)
class Slip:
    """``when(difference)`` is true for the slip; ``say`` is its message.

    ``say`` is a format string over ``call``, ``got`` and ``want`` (``{got}``),
    or a function of the difference returning the text.

    >>> odd = Slip(lambda d: d.got == [1, 9, 25], "`{call}` gives the squares of the odd numbers.")
    >>> odd.message(Difference("f([1, 2, 3, 4, 5, 6])", (), [4, 16, 36], got=[1, 9, 25]))
    '`f([1, 2, 3, 4, 5, 6])` gives the squares of the odd numbers.'
    """

    when: Callable[[Difference], bool]
    say: str | Callable[[Difference], str]

    def __post_init__(self) -> None:
        if not callable(self.when):
            raise TypeError(
                f"Slip(when=...) must be a function of the difference, not {self.when!r}"
            )

    def message(self, difference: Difference) -> str | None:
        try:
            matched = self.when(difference)
        except Exception:
            return None
        if not matched:
            return None
        if callable(self.say):
            return self.say(difference)
        return self.say.format(call=difference.call, got=difference.got, want=difference.want)


def raised(kind: type[BaseException], *fragments: str) -> Callable[[Difference], bool]:
    """A ``when`` for a slip that raises ``kind`` with any of ``fragments`` in its message.

    >>> slip = Difference("f()", (), [], error=TypeError("not subscriptable"))
    >>> raised(TypeError, "subscriptable")(slip)
    True
    """

    def test(difference: Difference) -> bool:
        error = difference.error
        return isinstance(error, kind) and (
            not fragments or any(fragment in str(error) for fragment in fragments)
        )

    return test


def first_slip(slips: list[Slip], difference: Difference) -> str | None:
    """The message of the first slip that matches ``difference``, or None."""
    for slip in slips:
        message = slip.message(difference)
        if message:
            return message
    return None


# The slip of building a container where a lazy iterator (a generator expression) was asked for:
# for exercises declared with returns="iterator" (lesson 02 uses them).
BUILT_IN_FULL = [
    Slip(
        lambda d: isinstance(d.result, list),
        "`{call}` is a list, built all at once (by a list comprehension in square brackets, or "
        "by list(...)): every item is computed before the caller gets the first. Hand them out "
        "lazily: write the expression in round brackets ( ... ) to get a generator expression, "
        "or return the iterator itself without list().",
    ),
    Slip(
        lambda d: isinstance(d.result, (tuple, set, dict)),
        lambda d: (
            f"`{d.call}` is a {type(d.result).__name__}, built all at once. Return the "
            f"generator expression itself, not {type(d.result).__name__}(...) of it: the caller "
            "decides what to collect the items into."
        ),
    ),
    Slip(
        lambda d: type(d.result).__name__ == "list_iterator",
        "`{call}` is an iterator over a list: the list was built in full first. Drop the "
        "list comprehension and iter(); a generator expression is already an iterator.",
    ),
]


def _source_tree(function: Callable[..., Any]) -> ast.FunctionDef | None:
    """The syntax tree of ``function``'s definition, or None if its source is missing or is
    not its own."""
    code = getattr(function, "__code__", None)
    if code is None:
        return None
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError, ValueError):
        return None
    if (
        not tree.body
        or not isinstance(tree.body[0], ast.FunctionDef)
        or tree.body[0].name != code.co_name
    ):
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
    if getattr(
        function, "__name__", None
    ):  # a recursive function may not see itself in its globals
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
                    f"Line `{line}` calls the generator function {called.__name__} and throws away "
                    "the "
                    f"generator it returns: none of {called.__name__}'s code runs. "
                    f"Write `yield from {line}` to hand on its items."
                )
    return None
