"""Measure memory: peak Python allocations (tracemalloc) and process memory over time.

>>> _, peak = tracemalloc_peak(lambda: [0] * 100_000)
>>> peak > 100_000 * 8
True
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable
from typing import Any, TypeVar

__all__ = ["tracemalloc_peak"]

T = TypeVar("T")


def tracemalloc_peak(function: Callable[[], T]) -> tuple[T, int]:
    """Run ``function()`` and return ``(its result, peak bytes it allocated)`` as tracemalloc saw them.

    Only allocations made through Python's allocator count, which is what a
    list of numbers or of lines costs; the process's total memory (RSS) is
    measured by the RSS helpers in this module.
    """
    already_tracing = tracemalloc.is_tracing()
    if not already_tracing:
        tracemalloc.start()
    tracemalloc.reset_peak()
    baseline, _ = tracemalloc.get_traced_memory()
    try:
        result: Any = function()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        if not already_tracing:
            tracemalloc.stop()
    return result, peak - baseline
