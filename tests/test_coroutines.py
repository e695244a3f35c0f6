"""lessons_lib.coroutines: the priming decorator."""

from __future__ import annotations

import functools
import inspect
from collections.abc import Generator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons_lib.coroutines import primed


def averager() -> Generator[float | None, float, None]:
    """Reply to each number with the average of all numbers received so far."""
    total, count, average = 0.0, 0, None
    while True:
        value = yield average
        total += value
        count += 1
        average = total / count


def test_primed_generator_is_suspended_at_its_first_yield() -> None:
    started = primed(averager)()
    assert inspect.getgeneratorstate(started) == inspect.GEN_SUSPENDED
    assert started.send(10) == 10.0
    assert started.send(20) == 15.0


def test_undecorated_generator_still_needs_priming() -> None:
    """The failure primed exists to prevent, so the test can tell the two apart."""
    with pytest.raises(TypeError, match="just-started generator"):
        averager().send(10)


def test_name_doc_and_signature_are_kept() -> None:
    @primed
    def scaled(factor: int, *, offset: int = 0) -> Generator[int | None, int, None]:
        """Reply with factor * value + offset."""
        reply = None
        while True:
            value = yield reply
            reply = factor * value + offset

    assert scaled.__name__ == "scaled"
    assert scaled.__doc__ == "Reply with factor * value + offset."
    assert str(inspect.signature(scaled)) == str(inspect.signature(scaled.__wrapped__))
    assert inspect.isgeneratorfunction(scaled.__wrapped__)
    assert scaled(3, offset=1).send(2) == 7


def test_each_call_gives_a_fresh_primed_generator() -> None:
    make = primed(averager)
    first, second = make(), make()
    assert first is not second
    first.send(100)
    assert second.send(1) == 1.0


def test_the_first_yielded_value_is_discarded_but_the_body_ran() -> None:
    ran = []

    @primed
    def greeter():
        ran.append("started")
        name = yield "this value is discarded"
        ran.append(name)
        yield f"hello {name}"

    generator = greeter()
    assert ran == ["started"]
    assert generator.send("Ada") == "hello Ada"
    assert ran == ["started", "Ada"]


def test_ordinary_function_is_refused_with_a_clear_message() -> None:
    def not_a_generator(x):
        return x

    with pytest.raises(TypeError, match="not_a_generator is an ordinary function"):
        primed(not_a_generator)


def test_generator_object_is_refused_with_the_fix() -> None:
    with pytest.raises(TypeError, match="got a generator object .*put @primed on the line above"):
        primed(averager())


def test_builtin_and_non_callable_are_refused() -> None:
    with pytest.raises(TypeError, match="primed needs a generator function"):
        primed(len)
    with pytest.raises(TypeError, match="primed needs a generator function"):
        primed(42)


def test_priming_twice_is_refused() -> None:
    with pytest.raises(TypeError, match="already wrapped by a decorator"):
        primed(primed(averager))


def test_partial_of_a_generator_function_is_primed() -> None:
    """functools.partial keeps inspect.isgeneratorfunction true, and primed accepts it."""

    def counter(start: int, step: int):
        value = start
        while True:
            received = yield value
            value = received if received is not None else value + step

    started = primed(functools.partial(counter, step=2))(5)
    assert next(started) == 7


def test_async_generator_function_is_refused() -> None:
    async def ticks():
        yield 1

    with pytest.raises(TypeError, match="async generator function"):
        primed(ticks)


def test_generator_that_ends_before_yielding_raises_a_clear_error() -> None:
    @primed
    def empty(items):
        yield from items

    with pytest.raises(RuntimeError, match="finished before its first yield"):
        empty([])
    assert inspect.getgeneratorstate(empty([1])) == inspect.GEN_SUSPENDED


@given(st.lists(st.integers(min_value=-10**6, max_value=10**6), min_size=1, max_size=50))
def test_primed_averager_replies_with_every_running_mean(values: list[int]) -> None:
    started = primed(averager)()
    replies = [started.send(value) for value in values]
    expected = [sum(values[: i + 1]) / (i + 1) for i in range(len(values))]
    assert replies == pytest.approx(expected)
