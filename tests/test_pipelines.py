"""Tests of lessons_lib.pipelines: the Pipeline object, push, broadcast and collect.

Also the reason the Pipeline pulls through generator stages instead of storing a list of
generators and calling send() on each: that design cannot filter, group or clean up.
"""

from __future__ import annotations

import functools
import inspect
import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons_lib.coroutines import primed
from lessons_lib.iterutils import batched
from lessons_lib.pipelines import Pipeline, broadcast, collect, push
from lessons_lib.readers import read_lines

# --- stages used below -----------------------------------------------------------------------


def evens(numbers: Iterator[int]) -> Iterator[int]:
    for n in numbers:
        if n % 2 == 0:
            yield n


def doubled(numbers: Iterator[int]) -> Iterator[int]:
    for n in numbers:
        yield 2 * n


def pairs(items: Iterator[Any]) -> Iterator[tuple[Any, ...]]:
    yield from batched(items, 2)


def scaled(numbers: Iterator[int], factor: int) -> Iterator[int]:
    for n in numbers:
        yield n * factor


class Recorder:
    """Stages that record when they start and when their `finally` runs."""

    def __init__(self) -> None:
        self.events: list[str] = []

    def stage(self, name: str, fail_at: int | None = None) -> Any:
        def recorded(items: Iterator[Any]) -> Iterator[Any]:
            self.events.append(f"{name} start")
            try:
                for number, item in enumerate(items):
                    if number == fail_at:
                        raise RuntimeError(f"{name} failed at item {number}")
                    yield item
            finally:
                self.events.append(f"{name} closed")

        recorded.__name__ = recorded.__qualname__ = name
        return recorded


# --- the pipeline pulls ----------------------------------------------------------------------


def test_stages_run_in_order_and_may_filter_or_group() -> None:
    with Pipeline(range(10), evens, doubled, pairs) as pipeline:
        assert list(pipeline) == [(0, 4), (8, 12), (16,)]


def test_no_stages_hands_out_the_source() -> None:
    assert list(Pipeline([3, 1, 2])) == [3, 1, 2]


def test_creating_a_pipeline_reads_nothing() -> None:
    pulled = []

    def source() -> Iterator[int]:
        for n in itertools.count():
            pulled.append(n)
            yield n

    pipeline = Pipeline(source(), doubled)
    assert pulled == []
    assert next(pipeline) == 0 and pulled == [0]
    assert list(itertools.islice(pipeline, 3)) == [2, 4, 6] and pulled == [0, 1, 2, 3]
    pipeline.close()


def test_a_partial_gives_a_stage_its_other_arguments() -> None:
    with Pipeline(range(4), functools.partial(scaled, factor=10)) as pipeline:
        assert list(pipeline) == [0, 10, 20, 30]


def test_a_stage_missing_arguments_is_named_with_the_fix() -> None:
    with pytest.raises(TypeError, match=r"stage 1 \(scaled\) needs more arguments.*partial"):
        Pipeline(range(4), scaled)


@pytest.mark.parametrize(
    ("stage", "phrase"),
    [
        (len, r"stage 1 \(len\) is not a generator function"),
        (sorted, r"stage 1 \(sorted\) is not a generator function"),
        (lambda items: map(str, items), "is not a generator function.*def stage"),
        (evens(range(3)), "is a generator object.*without the call's parentheses"),
        (42, "stage 1 .* is not a stage"),
    ],
)
def test_a_stage_that_is_not_a_generator_function_is_refused(stage: Any, phrase: str) -> None:
    with pytest.raises(TypeError, match=phrase):
        Pipeline(range(3), stage)


def test_a_bad_source_is_refused() -> None:
    with pytest.raises(TypeError, match="the source must be an iterable"):
        Pipeline(None, evens)
    with pytest.raises(TypeError, match="the source must be an iterable"):
        Pipeline("abc", evens)  # a str is one value, not a stream of items


def test_an_infinite_source_is_fine_when_the_consumer_stops() -> None:
    with Pipeline(itertools.count(), evens, doubled) as pipeline:
        assert list(itertools.islice(pipeline, 4)) == [0, 4, 8, 12]


# --- closing -----------------------------------------------------------------------------------


def test_close_closes_every_stage_last_first_even_while_something_else_holds_them() -> None:
    recorder = Recorder()
    pipeline = Pipeline(range(100), recorder.stage("a"), recorder.stage("b"), recorder.stage("c"))
    held = pipeline.stages  # references that would keep them alive (and open) without close()
    assert next(pipeline) == 0
    pipeline.close()
    assert recorder.events == ["c start", "b start", "a start", "c closed", "b closed", "a closed"]
    assert all(inspect.getgeneratorstate(stage) == inspect.GEN_CLOSED for stage in held)
    assert list(pipeline) == []
    pipeline.close()  # a second close does nothing
    assert len(recorder.events) == 6


def test_leaving_the_with_block_by_an_error_closes_everything() -> None:
    recorder = Recorder()
    with pytest.raises(KeyError), Pipeline(range(9), recorder.stage("a"), recorder.stage("b")) as p:
        next(p)
        raise KeyError("consumer failed")
    assert recorder.events[-2:] == ["b closed", "a closed"]


def test_an_error_in_a_middle_stage_reaches_the_consumer_and_the_rest_are_closed() -> None:
    recorder = Recorder()
    stages = [recorder.stage("a"), recorder.stage("b", fail_at=2), recorder.stage("c")]
    with pytest.raises(RuntimeError, match="b failed at item 2"), Pipeline(range(9), *stages) as p:
        list(p)
    assert sorted(recorder.events) == sorted(
        ["a start", "b start", "c start", "a closed", "b closed", "c closed"]
    )


def test_the_source_is_closed_too(tmp_path: Path) -> None:
    path = tmp_path / "numbers.txt"
    path.write_text("".join(f"{n}\n" for n in range(50)), encoding="utf-8")
    lines = read_lines(path)
    with Pipeline(lines, _evens_of_text) as pipeline:
        assert next(pipeline) == "0"
        assert inspect.getgeneratorstate(lines) == inspect.GEN_SUSPENDED  # its file is open
    assert inspect.getgeneratorstate(lines) == inspect.GEN_CLOSED  # its `with` block has run


def _evens_of_text(lines: Iterator[str]) -> Iterator[str]:
    for line in lines:
        if int(line) % 2 == 0:
            yield line


def test_an_error_while_closing_does_not_stop_the_other_stages_closing() -> None:
    recorder = Recorder()

    def stubborn(items: Iterator[int]) -> Iterator[int]:
        try:
            yield from items
        finally:
            raise OSError("could not flush")

    pipeline = Pipeline(range(5), recorder.stage("a"), stubborn, recorder.stage("c"))
    next(pipeline)
    with pytest.raises(OSError, match="could not flush"):
        pipeline.close()
    assert "a closed" in recorder.events and "c closed" in recorder.events


@settings(max_examples=60, deadline=None)
@given(
    stage_count=st.integers(1, 5),
    take=st.integers(0, 30),
    fail=st.one_of(st.none(), st.tuples(st.integers(0, 4), st.integers(0, 20))),
)
def test_property_closing_closes_every_stage_and_file(
    tmp_path_factory: pytest.TempPathFactory, stage_count: int, take: int, fail: Any
) -> None:
    """Whatever the stages, wherever the consumer stops and whichever stage fails."""
    path = tmp_path_factory.mktemp("property") / "lines.txt"
    path.write_text("".join(f"{n}\n" for n in range(25)), encoding="utf-8")
    recorder = Recorder()
    opened: list[Any] = []

    def source() -> Iterator[str]:
        with open(path, encoding="utf-8") as file:
            opened.append(file)
            yield from file

    stages = [
        recorder.stage(f"s{i}", fail_at=fail[1] if fail and fail[0] == i else None)
        for i in range(stage_count)
    ]
    made = source()
    try:
        with Pipeline(made, *stages) as pipeline:
            got = list(itertools.islice(pipeline, take))
    except RuntimeError as error:
        assert fail is not None and "failed" in str(error)
    else:
        assert got == [f"{n}\n" for n in range(min(take, 25))]
    assert inspect.getgeneratorstate(made) == inspect.GEN_CLOSED
    assert all(file.closed for file in opened)
    starts = [e for e in recorder.events if e.endswith("start")]
    closes = [e for e in recorder.events if e.endswith("closed")]
    assert sorted(e.split()[0] for e in starts) == sorted(e.split()[0] for e in closes)


# --- push ------------------------------------------------------------------------------------


def test_push_sends_everything_and_closes_the_target() -> None:
    received: list[int] = []
    finished = []

    @primed
    def sink() -> Iterator[None]:
        try:
            while True:
                received.append((yield))
        finally:
            finished.append(True)

    assert push(range(4), sink()) == 4
    assert received == [0, 1, 2, 3] and finished == [True]


def test_broadcast_reaches_every_target_and_close_reaches_them_all() -> None:
    one: list[int] = []
    two: list[int] = []
    hub = broadcast(collect(one), collect(two))
    hub.send(1)
    hub.send(2)
    targets_before = [one[:], two[:]]
    hub.close()
    assert targets_before == [[1, 2], [1, 2]]


def test_an_unprimed_target_is_named_with_the_fix() -> None:
    def averager() -> Iterator[None]:
        while True:
            yield

    with pytest.raises(TypeError, match=r"the target \(averager\) was not primed.*@primed"):
        push([1], averager())
    with pytest.raises(TypeError, match=r"target 2 of broadcast \(averager\) was not primed"):
        broadcast(collect([]), averager())
    with pytest.raises(TypeError, match="generator function averager, not a coroutine: call it"):
        push([1], averager)
    with pytest.raises(TypeError, match="must be a primed coroutine"):
        push([1], print)


def test_a_closed_target_is_refused() -> None:
    sink = collect([])
    sink.close()
    with pytest.raises(ValueError, match="already closed: make a new one"):
        push([1], sink)


def test_an_error_in_a_target_closes_the_others_and_reaches_the_pusher() -> None:
    good: list[int] = []

    @primed
    def picky() -> Iterator[None]:
        while True:
            if (yield) == 3:
                raise ValueError("three is not allowed")

    other = collect(good)
    with pytest.raises(ValueError, match="three is not allowed"):
        push(range(10), broadcast(other, picky()))
    assert good == [0, 1, 2, 3]
    assert inspect.getgeneratorstate(other) == inspect.GEN_CLOSED


def test_push_closes_a_source_generator_also_when_a_target_fails(tmp_path: Path) -> None:
    path = tmp_path / "numbers.txt"
    path.write_text("1\n2\n3\n", encoding="utf-8")
    lines = read_lines(path)

    @primed
    def refuses_two() -> Iterator[None]:
        while True:
            if (yield) == "2":
                raise ValueError("two")

    with pytest.raises(ValueError, match="two"):
        push(lines, refuses_two())
    assert inspect.getgeneratorstate(lines) == inspect.GEN_CLOSED  # its file is closed


def test_collect_needs_a_list() -> None:
    with pytest.raises(TypeError, match="collect needs a list"):
        collect(None)


# --- why not a list of generators driven with send() -------------------------------------------


class SendChain:
    """The design the Pipeline replaces: store primed generators, send each item through them all.

    Each stage must answer every send with exactly one value (``value = yield result``).
    """

    def __init__(self, *stages: Any) -> None:
        self.stages = list(stages)

    def run(self, items: Any) -> list[Any]:
        out = []
        for item in items:
            for stage in self.stages:
                item = stage.send(item)
            out.append(item)
        return out


@primed
def send_doubler() -> Iterator[Any]:
    result = None
    while True:
        result = 2 * (yield result)


@primed
def send_evens() -> Iterator[Any]:
    """A filter written for send(): it must answer every item, so it can only say None."""
    result = None
    while True:
        n = yield result
        result = n if n % 2 == 0 else None


def test_the_send_chain_cannot_filter_or_group_the_pipeline_can() -> None:
    chain = SendChain(send_evens(), send_doubler())
    with pytest.raises(TypeError):  # the filter had to answer None for 1, and None * 2 fails
        chain.run(range(4))
    # The pipeline's stages yield when they have something: filtering and grouping just work.
    with Pipeline(range(6), evens, doubled, pairs) as pipeline:
        assert list(pipeline) == [(0, 4), (8,)]


def test_the_send_chain_leaves_stages_open_after_an_error_the_pipeline_closes_them() -> None:
    recorder = Recorder()

    @primed
    def recorded_passthrough() -> Iterator[Any]:  # stands for a stage holding a file
        result = None
        try:
            while True:
                result = yield result
        finally:
            recorder.events.append("passthrough closed")

    first = recorded_passthrough()
    with pytest.raises(TypeError):  # the doubler fails on None
        SendChain(first, send_doubler()).run([1, None, 2])
    assert inspect.getgeneratorstate(first) == inspect.GEN_SUSPENDED  # still open: nobody closes
    assert recorder.events == []
    with pytest.raises(TypeError), Pipeline([1, None], recorder.stage("a"), doubled) as pipeline:
        list(pipeline)
    assert "a closed" in recorder.events


def test_the_send_chain_gives_a_raw_error_for_an_unprimed_stage_the_pipeline_explains() -> None:
    def doubler() -> Iterator[Any]:
        result = None
        while True:
            result = 2 * (yield result)

    with pytest.raises(TypeError, match="can't send non-None value to a just-started generator"):
        SendChain(doubler()).run([1])
    with pytest.raises(TypeError, match="was not primed.*@primed"):
        push([1], doubler())
