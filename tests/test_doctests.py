"""The examples in the library's docstrings run and give what they show."""

from __future__ import annotations

import doctest
from types import ModuleType

import pytest

from lessons_lib import coroutines, iterutils, memory, readers, sample_data, trace


@pytest.mark.parametrize(
    "module", [coroutines, iterutils, memory, readers, sample_data, trace], ids=lambda m: m.__name__
)
def test_docstring_examples(module: ModuleType) -> None:
    failed, attempted = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert attempted > 0 and failed == 0
