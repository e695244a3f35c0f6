"""The round-robin scheduler: fair turns, timers, joins, sockets, failures and cancelling."""

from __future__ import annotations

import inspect
import socket
import time
from collections.abc import Generator
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons_lib.scheduler import Cancelled, Join, Readable, Scheduler, Sleep, VirtualClock

Gen = Generator[Any, Any, Any]


def turns(name: str, count: int, log: list[str]) -> Gen:
    for _ in range(count):
        log.append(name)
        yield


def test_tasks_take_turns_in_a_fair_round_robin_order() -> None:
    log: list[str] = []
    with Scheduler(VirtualClock()) as loop:
        loop.spawn(turns("a", 3, log), name="a")
        loop.spawn(turns("b", 1, log), name="b")
        loop.spawn(turns("c", 2, log), name="c")
        loop.run()
    assert log == ["a", "b", "c", "a", "c", "a"]


def test_a_recorded_run_puts_each_step_on_its_task_lane() -> None:
    log: list[str] = []
    with Scheduler(VirtualClock(), step_cost=1.0, record=True) as loop:
        loop.spawn(turns("a", 2, log), name="a")
        loop.spawn(turns("b", 1, log), name="b")
        loop.run()
    # a runs at 0, b at 1, a at 2, b returns at 3, a returns at 4
    assert loop.timeline.rows(digits=0) == {"a": [(0, 1), (2, 3), (4, 5)], "b": [(1, 2), (3, 4)]}


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(st.integers(0, 5), max_size=4), min_size=1, max_size=6))
def test_timers_fire_in_time_order(naps: list[list[int]]) -> None:
    woke: list[tuple[float, int]] = []

    def sleeper(index: int, durations: list[int]) -> Gen:
        for duration in durations:
            yield Sleep(duration)
            woke.append((clock(), index))

    clock = VirtualClock()
    with Scheduler(clock) as loop:
        for index, durations in enumerate(naps):
            loop.spawn(sleeper(index, durations), name=f"t{index}")
        loop.run()
    assert [t for t, _ in woke] == sorted(t for t, _ in woke)
    assert sorted(woke) == sorted(
        (float(sum(durations[: k + 1])), index)
        for index, durations in enumerate(naps)
        for k in range(len(durations))
    )
    assert clock() == max((sum(d) for d in naps), default=0)


def test_timers_due_at_the_same_time_wake_in_the_order_they_were_set() -> None:
    log: list[str] = []

    def nap(name: str) -> Gen:
        yield Sleep(1)
        log.append(name)

    with Scheduler(VirtualClock()) as loop:
        for name in "cab":
            loop.spawn(nap(name), name=name)
        loop.run()
    assert log == ["c", "a", "b"]


def test_a_real_clock_really_waits() -> None:
    def nap() -> Gen:
        yield Sleep(0.05)

    started = time.monotonic()
    with Scheduler() as loop:
        for index in range(10):
            loop.spawn(nap(), name=f"n{index}")
        loop.run()
    assert 0.05 <= time.monotonic() - started < 1.0  # ten naps at once, not one after the other


def test_an_exception_in_one_task_does_not_stop_the_others_and_reaches_its_waiter() -> None:
    seen: list[Any] = []

    def broken() -> Gen:
        yield Sleep(1)
        raise ZeroDivisionError("boom")

    def steady() -> Gen:
        for _ in range(3):
            yield Sleep(1)
        return "steady done"

    def waiter(task: Any) -> Gen:
        try:
            yield Join(task)
        except ZeroDivisionError as error:
            seen.append(error)
        seen.append((yield Join(other)))

    with Scheduler(VirtualClock()) as loop:
        bad = loop.spawn(broken(), name="broken")
        other = loop.spawn(steady(), name="steady")
        loop.spawn(waiter(bad), name="waiter")
        loop.run()
    assert [type(x) for x in seen] == [ZeroDivisionError, str] and seen[1] == "steady done"
    assert bad.state == "failed" and other.result() == "steady done"
    with pytest.raises(ZeroDivisionError, match="boom"):
        bad.result()


def test_joining_a_finished_task_gets_its_result_at_once_and_a_task_cannot_join_itself() -> None:
    def quick() -> Gen:
        return 42
        yield

    def late(task: Any) -> Gen:
        yield Sleep(1)
        return (yield Join(task))

    def selfish() -> Gen:
        yield Join(me)

    with Scheduler(VirtualClock()) as loop:
        first = loop.spawn(quick(), name="quick")
        second = loop.spawn(late(first), name="late")
        me = loop.spawn(selfish(), name="selfish")
        loop.run()
    assert second.result() == 42
    with pytest.raises(RuntimeError, match="cannot wait for itself"):
        me.result()


def test_cancelling_runs_finally_and_the_waiter_gets_cancelled() -> None:
    log: list[str] = []

    def forever() -> Gen:
        try:
            while True:
                yield Sleep(1)
        finally:
            log.append("finally ran")

    def boss(task: Any) -> Gen:
        yield Sleep(2.5)
        loop.cancel(task)

    def waiter(task: Any) -> Gen:
        try:
            yield Join(task)
        except Cancelled as error:
            log.append(str(error))

    clock = VirtualClock()
    with Scheduler(clock) as loop:
        victim = loop.spawn(forever(), name="forever")
        loop.spawn(boss(victim), name="boss")
        loop.spawn(waiter(victim), name="waiter")
        loop.run()
    assert log == ["finally ran", "task 'forever' was cancelled"]
    assert victim.state == "cancelled" and clock() == 2.5  # its pending timer was dropped
    assert inspect.getgeneratorstate(victim.generator) == inspect.GEN_CLOSED


def reader(sock: socket.socket, got: list[bytes]) -> Gen:
    with sock:
        while True:
            yield Readable(sock)
            data = sock.recv(100)
            if not data:
                return b"".join(got)
            got.append(data)


def writer(sock: socket.socket, messages: list[bytes]) -> Gen:
    with sock:
        for message in messages:
            yield Sleep(0.01)
            sock.sendall(message)


def test_a_task_waits_until_its_socket_is_readable() -> None:
    left, right = socket.socketpair()
    got: list[bytes] = []
    with Scheduler() as loop:
        task = loop.spawn(reader(left, got), name="reader")
        loop.spawn(writer(right, [b"ping", b"pong"]), name="writer")
        loop.run()
    assert task.result() == b"pingpong" and got == [b"ping", b"pong"]
    assert left.fileno() == right.fileno() == -1


def test_no_socket_or_task_is_left_open_after_the_scheduler_stops() -> None:
    left, right = socket.socketpair()
    with Scheduler(VirtualClock()) as loop:
        waiting = loop.spawn(reader(left, []), name="reader")
        sleeping = loop.spawn(writer(right, [b"x"] * 5), name="writer")
        loop._step(*loop.ready.popleft())
        loop._step(*loop.ready.popleft())  # both now wait: one on the socket, one on a timer
        assert loop.selector.get_map() and loop.timers
    assert left.fileno() == right.fileno() == -1  # their with-blocks closed them
    assert waiting.state == sleeping.state == "cancelled"
    assert all(inspect.getgeneratorstate(t.generator) == inspect.GEN_CLOSED for t in loop.tasks)
    with pytest.raises((RuntimeError, ValueError, AttributeError, TypeError)):
        loop.selector.select(0)  # the selector is closed too


def test_yielding_something_else_names_the_task_and_the_value() -> None:
    def confused() -> Gen:
        yield 42

    with Scheduler(VirtualClock()) as loop:
        task = loop.spawn(confused(), name="confused")
        loop.run()
    with pytest.raises(TypeError, match=r"task 'confused' yielded 42, which is not a request"):
        task.result()


def test_a_task_that_is_not_a_generator_is_refused_at_once() -> None:
    async def coroutine() -> None:
        pass

    with Scheduler(VirtualClock()) as loop:
        with pytest.raises(TypeError, match=r"call it first: spawn\(turns\(...\)\)"):
            loop.spawn(turns)
        with pytest.raises(TypeError, match="async def coroutine needs asyncio"):
            loop.spawn(coroutine())
        assert loop.tasks == []


def test_a_deadlock_is_an_error_not_a_hang() -> None:
    def wait_for(name: str) -> Gen:
        yield Sleep(0)
        yield Join(tasks[name])

    tasks: dict[str, Any] = {}
    with Scheduler(VirtualClock()) as loop:
        tasks["a"] = loop.spawn(wait_for("b"), name="a")
        tasks["b"] = loop.spawn(wait_for("a"), name="b")
        with pytest.raises(RuntimeError, match=r"deadlock: tasks \['a', 'b'\]"):
            loop.run()
