"""lessons_lib.stepper without a browser: the model behind the live panel, and its text form."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import pytest

from lessons_lib.stepper import Stepper, parse_sent_value, step


def running_total():
    total = 0
    while True:
        received = yield total
        if received is None:
            break
        total += received
    return total


def test_paused_line_and_locals_follow_each_step() -> None:
    stepper = Stepper(running_total())
    first = running_total.__code__.co_firstlineno
    assert stepper.state == "created" and stepper.paused_line == first
    assert stepper.locals() == {}
    stepper.next()
    assert stepper.paused_line == first + 3  # received = yield total
    assert stepper.locals() == {"total": "0"}
    stepper.send(5)
    assert stepper.locals() == {"total": "5", "received": "5"}
    finished = stepper.send(None)
    assert finished.result == "StopIteration(value=5)"
    assert stepper.paused_line is None and stepper.locals() == {}
    assert [s.call for s in stepper.trace.steps] == ["next()", "send(5)", "send(None)"]


def test_script_runs_first_and_throw_and_close_are_recorded() -> None:
    stepper = Stepper(running_total(), ["next", ("send", 2)])
    assert stepper.locals()["total"] == "2"
    thrown = stepper.throw(ValueError("bad"))
    assert thrown.outcome == "raised" and stepper.state == "closed"
    assert stepper.close().result == "returned None"


def test_text_marks_the_paused_line_and_carries_the_table() -> None:
    stepper = Stepper(running_total(), ["next"])
    lines = stepper.text().splitlines()
    assert lines[0] == f"running_total: suspended, paused at line {stepper.paused_line}"
    marked = [line for line in lines if line.startswith("-->")]
    assert len(marked) == 1 and marked[0].endswith("received = yield total")
    assert "locals: total = 0" in lines
    assert lines[-1].split()[:2] == ["1", "next()"]


def test_long_locals_are_shortened() -> None:
    def holder():
        data = list(range(100))
        yield len(data)

    stepper = Stepper(holder(), ["next"])
    assert len(stepper.locals()["data"]) == 40 and stepper.locals()["data"].endswith("...")


def test_html_highlights_exactly_the_paused_line() -> None:
    stepper = Stepper(running_total(), ["next"])
    source = stepper.source_html()
    assert source.count("lessons-step-paused") == 1
    assert f'data-line="{stepper.paused_line}"' in source
    assert "<td" in stepper.locals_html() and "total" in stepper.locals_html()


def test_picture_grows_with_the_steps() -> None:
    stepper = Stepper(running_total())
    assert stepper.picture_png() == b""
    stepper.next()
    one = stepper.picture_png()
    stepper.send(1)
    assert one.startswith(b"\x89PNG") and len(stepper.picture_png()) > len(one)


def test_sent_values_are_literals_with_a_clear_error() -> None:
    assert parse_sent_value(" [1, 2] ") == [1, 2]
    assert parse_sent_value("") is None
    with pytest.raises(ValueError, match="type a Python literal"):
        parse_sent_value("pay now")


def test_step_needs_a_generator_object() -> None:
    with pytest.raises(TypeError, match="call the generator function first"):
        step(running_total)


def test_panel_buttons_drive_the_model_and_the_text_form_is_static() -> None:
    panel = step(running_total())
    bundle = panel._repr_mimebundle_()
    assert bundle["text/plain"] == panel.stepper.text()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    panel.next_button.click()
    panel.send_value.value = "3"
    panel.send_button.click()
    panel.send_button.click()
    assert [s.call for s in panel.stepper.trace.steps] == ["next()", "send(3)", "send(3)"]
    assert panel.stepper.locals()["total"] == "6"
    assert "lessons-step-paused" in panel.source.value and "<img" in panel.picture.value
    panel.send_value.value = "three"
    panel.send_button.click()  # not a literal: no step, a message instead
    assert len(panel.stepper.trace.steps) == 3 and "type a Python literal" in panel.status.value
    panel.exception.value = "KeyError"
    panel.message.value = "k"
    panel.throw_button.click()
    assert panel.stepper.trace.steps[-1].result == "raised KeyError('k')"
    assert panel.next_button.disabled  # closed: nothing more to click
