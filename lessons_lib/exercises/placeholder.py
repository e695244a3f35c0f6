"""The placeholder ``____`` a learner replaces, and how an answer that still holds it is found."""

from __future__ import annotations

import inspect
from typing import Any


class _Placeholder:
    """The blank a learner replaces; any answer that still contains it is not attempted."""

    def __repr__(self) -> str:
        return "____"


____ = _Placeholder()
PLACEHOLDER_NAME = "____"


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


def contains_placeholder(answer: Any) -> bool:
    """Whether ``answer`` is, holds or (as a function, or a class's method) uses ``____``.

    >>> contains_placeholder([1, ____]), contains_placeholder(lambda: ____), contains_placeholder(3)
    (True, True, False)
    >>> class Draft:
    ...     def __iter__(self):
    ...         ____
    >>> contains_placeholder(Draft)
    True
    """
    if isinstance(answer, type):
        return any(PLACEHOLDER_NAME in names_used(member) for member in vars(answer).values())
    if answer is ____:
        return True
    if isinstance(answer, (list, tuple, set, frozenset)):
        return any(contains_placeholder(item) for item in answer)
    if isinstance(answer, dict):
        return any(contains_placeholder(v) for v in answer.values())
    return PLACEHOLDER_NAME in names_used(answer)
