"""lessons_lib.trace records what each call returned, and the states around it."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest

from lessons_lib.trace import drive, watch


def counter():
    print("start")
    received = yield 1
    try:
        print(f"received {received}")
        yield 2
    finally:
        print("cleanup")
    return "done"


def test_next_send_close_with_states_and_prints(capsys: pytest.CaptureFixture[str]) -> None:
    trace = drive(counter(), ["next", ("send", "x"), "close", "next"])
    calls = [(s.call, s.result, s.state_before, s.state_after, s.printed) for s in trace.steps]
    assert calls == [
        ("next()", "yielded 1", "created", "suspended", "start\n"),
        ("send('x')", "yielded 2", "suspended", "suspended", "received x\n"),
        ("close()", "returned None", "suspended", "closed", "cleanup\n"),
        ("next()", "StopIteration", "closed", "closed", ""),
    ]
    assert (
        capsys.readouterr().out == "start\nreceived x\ncleanup\n"
    )  # prints still reach the learner


def test_return_value_and_throw_outcomes() -> None:
    finished = drive(counter(), ["next", "next", "next"])
    assert finished.steps[-1].result == "StopIteration(value='done')"
    handled = drive(counter(), ["next", "next", ("throw", KeyError("k"))])
    assert handled.steps[-1].outcome == "raised"
    assert isinstance(handled.steps[-1].value, KeyError)
    assert handled.steps[-1].state_after == "closed"


def test_send_to_a_new_generator_is_recorded_as_the_type_error() -> None:
    trace = drive(counter(), [("send", 5)])
    step = trace.steps[0]
    assert step.outcome == "raised" and isinstance(step.value, TypeError)
    assert not step.ran and step.state_after == "created"


def test_table_is_plain_text_with_one_row_per_step() -> None:
    table = drive(counter(), ["next", ("send", 3)]).table()
    lines = table.splitlines()
    assert lines[0].split()[:3] == ["step", "caller", "calls"]
    assert lines[2].split()[:3] == ["2", "send(3)", "suspended"]
    assert all(line == line.rstrip() for line in lines)


def test_watch_records_a_for_loop_and_its_end() -> None:
    loop = watch(counter())
    assert list(loop) == [1, 2]
    assert [s.result for s in loop.trace.steps] == [
        "yielded 1",
        "yielded 2",
        "StopIteration(value='done')",
    ]


def test_watch_close_records_early_stop() -> None:
    loop = watch(counter())
    for _ in loop:
        break
    loop.close()
    assert [s.action for s in loop.trace.steps] == ["next", "close"]
    loop.close()  # already closed: nothing more to record
    assert len(loop.trace.steps) == 2


def test_bad_scripts_are_rejected_before_running() -> None:
    gen = counter()
    with pytest.raises(ValueError, match="unknown step 'sned'"):
        drive(gen, ["next", ("sned", 1)])
    with pytest.raises(TypeError, match="exception instance"):
        drive(gen, [("throw", "oops")])
    with pytest.raises(ValueError, match="takes no value"):
        drive(gen, [("next", 1)])
    with pytest.raises(TypeError, match="call the generator function first"):
        drive(counter, ["next"])
    assert gen.gi_frame.f_lasti < 0 or gen.gi_running is False  # nothing ran
    assert drive(gen, ["next"]).steps[0].state_before == "created"


def test_plot_draws_a_lane_per_party() -> None:
    ax = drive(counter(), ["next", ("send", 1), "close"]).plot(title="demo")
    texts = {text.get_text() for text in ax.texts}
    assert {
        "caller",
        "generator",
        "next()",
        "send(1)",
        "close()",
        "yielded 1",
        "yielded 2",
    } <= texts
    assert len(ax.patches) == 6  # an arrow there and back for each step
