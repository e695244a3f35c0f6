"""Lesson 05 exercises: reference answers pass, placeholders read 'not attempted', slips get named."""

from __future__ import annotations

import math

import pytest

from lessons_lib.coroutines import primed
from lessons_lib.exercises import Status, ____
from lessons_lib.exercises.lesson05 import (
    PREDICTION_EX3,
    early_stopping,
    ex1,
    ex2,
    ex3,
    ex4,
    ex3_trace,
    lowest_loss,
    send_all,
    stepper,
)

EXERCISES = [ex1, ex2, ex3, ex4]


def _message(exercise, answer) -> str:
    result = exercise.evaluate(answer)
    assert result.status is Status.INCORRECT, result
    return result.message


def test_placeholder_inside_a_function_reads_not_attempted() -> None:
    def learner_draft(coroutine, values):
        ____  # noqa: B018  (the notebook's placeholder, unchanged)

    assert ex1.evaluate(learner_draft).status is Status.NOT_ATTEMPTED
    assert ex3.evaluate([0, ____, 6, 11, "StopIteration"]).status is Status.NOT_ATTEMPTED


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda ex: ex.name)
def test_hints_are_staged_and_solution_prints(exercise, capsys) -> None:
    assert len(exercise.hints) >= 3
    for _ in exercise.hints:
        exercise.hint()
    printed = capsys.readouterr().out
    assert f"Hint 1 of {len(exercise.hints)}" in printed and "last hint" in printed
    exercise.solution()
    assert capsys.readouterr().out.strip()


# --- ex1: send_all ------------------------------------------------------------------------------


def test_ex1_reference_works_with_any_coroutine() -> None:
    def echo_upper():
        reply = None
        while True:
            word = yield reply
            reply = word.upper()

    assert send_all(echo_upper(), ["a", "b"]) == ["A", "B"]
    assert send_all(echo_upper(), []) == []


def test_ex1_unprimed_coroutine_gets_the_priming_hint() -> None:
    def no_priming(coroutine, values):
        return [coroutine.send(value) for value in values]

    message = _message(ex1, no_priming)
    assert "just-started generator" in message
    assert "Prime it first with next(gen)" in message


def test_ex1_collecting_the_sent_values_is_named() -> None:
    def keeps_what_it_sent(coroutine, values):
        next(coroutine)
        for value in values:
            coroutine.send(value)
        return list(values)

    assert "You returned the values you sent" in _message(ex1, keeps_what_it_sent)


def test_ex1_next_between_sends_is_named() -> None:
    def next_after_each_send(coroutine, values):
        next(coroutine)
        replies = []
        for value in values:
            coroutine.send(value)
            replies.append(next(coroutine))
        return replies

    assert "next(g) is the same as g.send(None)" in _message(ex1, next_after_each_send)


def test_ex1_keeping_the_priming_value_is_named() -> None:
    def keeps_priming_value(coroutine, values):
        return [next(coroutine)] + [coroutine.send(value) for value in values]

    assert "what the priming next() handed out" in _message(ex1, keeps_priming_value)


def test_ex1_forgotten_return_is_named() -> None:
    def forgets_return(coroutine, values):
        next(coroutine)
        [coroutine.send(value) for value in values]

    assert "did you forget to `return`" in _message(ex1, forgets_return)


def test_ex1_a_lazy_answer_is_named() -> None:
    def lazy(coroutine, values):
        next(coroutine)
        return (coroutine.send(value) for value in values)

    assert "returned a generator, so nothing was sent yet" in _message(ex1, lazy)


# --- ex2: lowest_loss ---------------------------------------------------------------------------


def test_ex2_forgetting_to_yield_the_result_is_named() -> None:
    def never_yields_result():
        lowest = None
        while True:
            loss = yield
            if lowest is None or loss < lowest:
                lowest = loss

    assert "never yields the result" in _message(ex2, never_yields_result)


def test_ex2_two_yield_style_is_named() -> None:
    def two_yields():
        lowest = None
        while True:
            loss = yield
            lowest = loss if lowest is None else min(lowest, loss)
            yield lowest

    message = _message(ex2, two_yields)
    assert "every other send() returned None" in message
    assert "single `loss = yield lowest`" in message


def test_ex2_echo_is_named() -> None:
    def echo():
        loss = None
        while True:
            loss = yield loss

    assert "returned the loss you sent" in _message(ex2, echo)


def test_ex2_no_loop_is_named() -> None:
    def once():
        loss = yield None
        yield loss

    assert "finished after receiving 2 losses" in _message(ex2, once)


def test_ex2_infinity_instead_of_none_first_is_named() -> None:
    def starts_at_infinity():
        lowest = math.inf
        while True:
            loss = yield lowest
            lowest = min(lowest, loss)

    assert "should return None (no loss received yet)" in _message(ex2, starts_at_infinity)


def test_ex2_list_instead_of_generator_is_named() -> None:
    def eager():
        return []

    assert "A generator was asked for" in _message(ex2, eager)


def test_ex2_primed_answer_is_named() -> None:
    assert "already started" in _message(ex2, primed(lowest_loss))


def test_ex2_state_shared_between_generators_is_named() -> None:
    shared = {"lowest": None}

    def global_lowest():
        while True:
            loss = yield shared["lowest"]
            if shared["lowest"] is None or loss < shared["lowest"]:
                shared["lowest"] = loss

    assert "remembers losses sent to the first one" in _message(ex2, global_lowest)


# --- ex3: predict the replies of next/send --------------------------------------------------------


def test_ex3_answer_is_what_the_real_trace_shows() -> None:
    trace = ex3_trace()
    assert [step.result for step in trace.steps] == [
        "yielded 0", "yielded 1", "yielded 6", "yielded 11", "StopIteration",
    ]
    assert PREDICTION_EX3 == [0, 1, 6, 11, "StopIteration"]
    assert "send(5)" in ex3.evaluate(PREDICTION_EX3).message  # success shows the real trace


def test_ex3_the_exception_class_counts_as_naming_it() -> None:
    assert ex3.evaluate([0, 1, 6, 11, StopIteration]).correct


def test_ex3_stepper_is_deterministic_and_ends() -> None:
    assert list(stepper()) == list(range(20))


def test_ex3_send_returns_what_you_sent_is_named() -> None:
    message = _message(ex3, [0, 1, 5, 10, "StopIteration"])
    assert "Call 3, send(5)" in message
    assert "does not return the value you sent" in message


def test_ex3_next_forgets_the_step_is_named() -> None:
    message = _message(ex3, [0, 1, 6, 7, "StopIteration"])
    assert "Call 4, next()" in message and "next(g) is g.send(None)" in message


def test_ex3_missing_stop_is_named() -> None:
    message = _message(ex3, [0, 1, 6, 11, 21])
    assert "raises StopIteration" in message


def test_ex3_shape_mistakes_are_named() -> None:
    assert "one entry per call" in _message(ex3, "0 1 6 11 StopIteration")
    assert "needs 5 entries; yours has 4" in _message(ex3, [0, 1, 6, 11])


# --- ex4: early_stopping ------------------------------------------------------------------------


def test_ex4_reference_returns_best_loss_in_stop_iteration() -> None:
    stopper = early_stopping(2)
    assert next(stopper) == 0
    assert [stopper.send(loss) for loss in (0.9, 0.7, 0.8)] == [0, 0, 1]
    with pytest.raises(StopIteration) as stop:
        stopper.send(0.75)
    assert stop.value.value == 0.7


def test_ex4_yielding_instead_of_returning_is_named() -> None:
    def yields_best(patience):
        best, waited = math.inf, 0
        while waited < patience:
            loss = yield waited
            if loss < best:
                best, waited = loss, 0
            else:
                waited += 1
        yield best

    assert "Return it instead (`return best`)" in _message(ex4, yields_best)


def test_ex4_bare_return_is_named() -> None:
    def forgets_value(patience):
        best, waited = math.inf, 0
        while waited < patience:
            loss = yield waited
            if loss < best:
                best, waited = loss, 0
            else:
                waited += 1

    message = _message(ex4, forgets_value)
    assert "StopIteration.value is None" in message


def test_ex4_never_stopping_is_named() -> None:
    def never_stops(patience):
        best, waited = math.inf, 0
        while True:
            loss = yield waited
            if loss < best:
                best, waited = loss, 0
            else:
                waited += 1

    assert "should stop here and return the best loss" in _message(ex4, never_stops)


def test_ex4_not_resetting_the_count_is_named() -> None:
    def counts_every_epoch_without_reset(patience):
        best, waited = math.inf, 0
        while waited < patience:
            loss = yield waited
            if loss < best:
                best = loss
            else:
                waited += 1
        return best

    message = _message(ex4, counts_every_epoch_without_reset)
    assert "call 5 (send(0.6))" in message
    assert "starts again from 0" in message


def test_ex4_stopping_too_soon_is_named() -> None:
    def stops_one_epoch_early(patience):
        best, waited = math.inf, 0
        while waited < patience - 1:
            loss = yield waited
            if loss < best:
                best, waited = loss, 0
            else:
                waited += 1
        return best

    assert "stopped too soon" in _message(ex4, stops_one_epoch_early)


def test_ex4_an_exception_in_the_body_is_explained() -> None:
    def compares_with_none(patience):
        best, waited = None, 0
        while waited < patience:
            loss = yield waited
            if loss < best:
                best, waited = loss, 0
            else:
                waited += 1
        return best

    message = _message(ex4, compares_with_none)
    assert "Your code raised TypeError" in message and "call 2 (send(0.9))" in message


def test_ex4_primed_answer_is_named() -> None:
    assert "already started" in _message(ex4, primed(early_stopping))
