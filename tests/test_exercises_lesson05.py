"""Lesson 05's exercises: each wrong answer in the tables fails with its phrase, and each
alternative passes.

A table row is (wrong answer, a phrase its message must contain). The answers are written as a
learner would write them; the comment on each says what the slip is.
"""

from __future__ import annotations

import math
import re

import pytest
from exercise_tables import fails_with, passes, table_id

from lessons_lib.coroutines import primed
from lessons_lib.exercises import Status, ____
from lessons_lib.exercises.lesson05 import (
    PREDICTION_EX3,
    early_stopping,
    ex1,
    ex2,
    ex3,
    ex3_trace,
    ex4,
    ex5,
    lowest_loss,
    messages,
    send_all,
    stepper,
)


def test_placeholder_inside_a_function_reads_not_attempted() -> None:
    def learner_draft(coroutine, values):
        ____  # noqa: B018  (the notebook's placeholder, unchanged)

    assert ex1.evaluate(learner_draft).status is Status.NOT_ATTEMPTED
    assert ex3.evaluate([0, ____, 6, 11, "StopIteration"]).status is Status.NOT_ATTEMPTED


# --- ex1: send_all --------------------------------------------------------------------------------


def test_ex1_reference_works_with_any_coroutine() -> None:
    def echo_upper():
        reply = None
        while True:
            word = yield reply
            reply = word.upper()

    assert send_all(echo_upper(), ["a", "b"]) == ["A", "B"]
    assert send_all(echo_upper(), []) == []


def send_without_priming(coroutine, values):
    return [coroutine.send(value) for value in values]


def send_and_keep_the_values(coroutine, values):
    next(coroutine)
    for value in values:
        coroutine.send(value)
    return list(values)


def send_with_next_between(coroutine, values):
    next(coroutine)
    replies = []
    for value in values:
        coroutine.send(value)
        replies.append(next(coroutine))
    return replies


def send_keeping_the_priming_value(coroutine, values):
    return [next(coroutine)] + [coroutine.send(value) for value in values]


def send_forgetting_return(coroutine, values):
    next(coroutine)
    [coroutine.send(value) for value in values]  # noqa: B018 - the mistake under test


def send_lazily(coroutine, values):
    next(coroutine)
    return (coroutine.send(value) for value in values)


def send_as_a_map(coroutine, values):  # lazy too: nothing is sent until someone iterates
    next(coroutine)
    return map(coroutine.send, values)


def send_priming_twice(coroutine, values):  # a second next() sends None in
    next(coroutine)
    next(coroutine)
    return [coroutine.send(value) for value in values]


def send_all_but_the_last(coroutine, values):
    next(coroutine)
    return [coroutine.send(value) for value in values[:-1]]


def send_in_reverse(coroutine, values):
    next(coroutine)
    return [coroutine.send(value) for value in reversed(values)]


def send_returning_a_tuple(coroutine, values):
    next(coroutine)
    return tuple(coroutine.send(value) for value in values)


def send_returning_the_last_reply(coroutine, values):
    next(coroutine)
    reply = None
    for value in values:
        reply = coroutine.send(value)
    return reply


EX1_WRONG = [
    (send_without_priming, "Prime it first with next(gen)"),
    (send_and_keep_the_values, "You returned the values you sent"),
    (send_with_next_between, "next(g) is the same as g.send(None)"),
    (send_keeping_the_priming_value, "what the priming next() handed out"),
    (send_forgetting_return, "did you forget to `return`"),
    (send_lazily, "nothing was sent yet"),
    (send_as_a_map, "nothing was sent yet"),
    (send_priming_twice, "g.send(None)"),
    (send_all_but_the_last, "send_all"),
    (send_in_reverse, "in that order"),
    (send_returning_a_tuple, "should return a list"),
    (send_returning_the_last_reply, "should return a list"),
]


def send_with_a_loop(coroutine, values):
    coroutine.send(None)  # the same as next(coroutine)
    replies = []
    for value in values:
        replies.append(coroutine.send(value))
    return replies


def send_with_list_of_map(coroutine, values):  # map is fine once list() runs it at once
    next(coroutine)
    return list(map(coroutine.send, values))


def send_with_the_reference(coroutine, values):
    return send_all(coroutine, values)


EX1_RIGHT = [send_with_a_loop, send_with_list_of_map, send_with_the_reference]


@pytest.mark.parametrize(("answer", "phrase"), EX1_WRONG, ids=table_id)
def test_ex1_wrong_answers(answer, phrase) -> None:
    fails_with(ex1, answer, phrase)


@pytest.mark.parametrize("answer", EX1_RIGHT, ids=table_id)
def test_ex1_alternatives(answer) -> None:
    passes(ex1, answer)


# --- ex2: lowest_loss -----------------------------------------------------------------------------


def lowest_never_yielded():
    lowest = None
    while True:
        loss = yield
        if lowest is None or loss < lowest:
            lowest = loss


def lowest_with_two_yields():
    lowest = None
    while True:
        loss = yield
        lowest = loss if lowest is None else min(lowest, loss)
        yield lowest


def lowest_echo():
    loss = None
    while True:
        loss = yield loss


def lowest_without_a_loop():
    loss = yield None
    yield loss


def lowest_starting_at_infinity():
    lowest = math.inf
    while True:
        loss = yield lowest
        lowest = min(lowest, loss)


def lowest_as_a_list():
    return []


_shared = {"lowest": None}


def lowest_in_a_global():
    while True:
        loss = yield _shared["lowest"]
        if _shared["lowest"] is None or loss < _shared["lowest"]:
            _shared["lowest"] = loss


def lowest_of_this_and_the_previous():  # the example: forgets every loss before the last
    previous = None
    reply = None
    while True:
        loss = yield reply
        reply = loss if previous is None else min(previous, loss)
        previous = loss


def highest_loss():  # max instead of min
    highest = None
    while True:
        loss = yield highest
        if highest is None or loss > highest:
            highest = loss


def lowest_with_a_truthiness_test():  # `not lowest` is also true for a loss of 0.0
    lowest = None
    while True:
        loss = yield lowest
        if not lowest or loss < lowest:
            lowest = loss


def lowest_comparing_with_none():  # TypeError on the first loss
    lowest = None
    while True:
        loss = yield lowest
        if loss < lowest:
            lowest = loss


EX2_WRONG = [
    (lowest_never_yielded, "never yields the result"),
    (lowest_with_two_yields, "every other send() returned None"),
    (lowest_with_two_yields, "single `loss = yield lowest`"),
    (lowest_echo, "returned the loss you sent"),
    (lowest_without_a_loop, "finished after receiving 2 losses"),
    (lowest_starting_at_infinity, "should return None (no loss received yet)"),
    (lowest_as_a_list, "A generator was asked for"),
    (primed(lowest_loss), "already started"),
    (lowest_in_a_global, "remembers losses sent to the first one"),
    (lowest_of_this_and_the_previous, "lowest"),
    (highest_loss, "should give `0.47`, but it gave `0.52`"),
    (lowest_with_a_truthiness_test, "0.0"),
    (lowest_comparing_with_none, "TypeError"),
]


def lowest_with_min():
    lowest = None
    while True:
        loss = yield lowest
        lowest = loss if lowest is None else min(lowest, loss)


def lowest_from_a_list_of_all():  # keeps every loss: more memory, same replies
    seen = []
    while True:
        loss = yield min(seen) if seen else None
        seen.append(loss)


def lowest_with_less_or_equal():  # a tie replaces the lowest by an equal value: same replies
    lowest = None
    while True:
        loss = yield lowest
        if lowest is None or loss <= lowest:
            lowest = loss


EX2_RIGHT = [lowest_with_min, lowest_from_a_list_of_all, lowest_with_less_or_equal]


@pytest.mark.parametrize(("answer", "phrase"), EX2_WRONG, ids=table_id)
def test_ex2_wrong_answers(answer, phrase) -> None:
    fails_with(ex2, answer, phrase)


@pytest.mark.parametrize("answer", EX2_RIGHT, ids=table_id)
def test_ex2_alternatives(answer) -> None:
    passes(ex2, answer)


# --- ex3: predict the replies of next/send --------------------------------------------------------


def test_ex3_answer_is_what_the_real_trace_shows() -> None:
    trace = ex3_trace()
    assert [step.result for step in trace.steps] == [
        "yielded 0", "yielded 1", "yielded 6", "yielded 11", "StopIteration",
    ]
    assert [0, 1, 6, 11, StopIteration] == PREDICTION_EX3


def test_ex3_stepper_is_deterministic_and_ends() -> None:
    assert list(stepper()) == list(range(20))


EX3_WRONG = [
    ([0, 1, 5, 10, "StopIteration"], "does not return the value you sent"),
    ([0, 1, 6, 7, "StopIteration"], "next(g) is g.send(None)"),
    ([0, 1, 6, 11, 21], "raises StopIteration"),
    ("0 1 6 11 StopIteration", "one entry per call"),
    ([0, 1, 6, 11], "needs 5 entries; yours has 4"),
    ([None, 1, 6, 11, "StopIteration"], "Call 1"),  # believes the first next() yields nothing
    ([1, 2, 7, 12, "StopIteration"], "Call 1"),  # believes the step is added before the first yield
    ([0, 1, 6, 11, "ValueError"], "Call 5"),  # the wrong exception
    ([0, 1, 6, 11, 16], "raises StopIteration"),  # believes the last send is ignored
]
EX3_RIGHT = [
    PREDICTION_EX3,
    [0, 1, 6, 11, StopIteration],  # the class, as lesson 06 writes it
    (0, 1, 6, 11, "StopIteration"),  # a tuple
]


@pytest.mark.parametrize(("prediction", "phrase"), EX3_WRONG, ids=table_id)
def test_ex3_wrong_predictions(prediction, phrase) -> None:
    fails_with(ex3, prediction, phrase)


@pytest.mark.parametrize("prediction", EX3_RIGHT, ids=table_id)
def test_ex3_alternatives(prediction) -> None:
    passes(ex3, prediction)


# --- ex4: early_stopping -------------------------------------------------------------------------


def test_ex4_reference_returns_best_loss_in_stop_iteration() -> None:
    stopper = early_stopping(2)
    assert next(stopper) == 0
    assert [stopper.send(loss) for loss in (0.9, 0.7, 0.8)] == [0, 0, 1]
    with pytest.raises(StopIteration) as stop:
        stopper.send(0.75)
    assert stop.value.value == 0.7


def stopping_that_yields_best(patience):
    best, waited = math.inf, 0
    while waited < patience:
        loss = yield waited
        if loss < best:
            best, waited = loss, 0
        else:
            waited += 1
    yield best


def stopping_with_bare_return(patience):
    best, waited = math.inf, 0
    while waited < patience:
        loss = yield waited
        if loss < best:
            best, waited = loss, 0
        else:
            waited += 1


def stopping_never(patience):
    best, waited = math.inf, 0
    while True:
        loss = yield waited
        if loss < best:
            best, waited = loss, 0
        else:
            waited += 1


def stopping_without_reset(patience):
    best, waited = math.inf, 0
    while waited < patience:
        loss = yield waited
        if loss < best:
            best = loss
        else:
            waited += 1
    return best


def stopping_too_soon(patience):
    best, waited = math.inf, 0
    while waited < patience - 1:
        loss = yield waited
        if loss < best:
            best, waited = loss, 0
        else:
            waited += 1
    return best


def stopping_comparing_with_none(patience):
    best, waited = None, 0
    while waited < patience:
        loss = yield waited
        if loss < best:
            best, waited = loss, 0
        else:
            waited += 1
    return best


def stopping_counting_a_tie_as_improvement(patience):  # <= : an equal loss is no improvement
    best, waited = math.inf, 0
    while waited < patience:
        loss = yield waited
        if loss <= best:
            best, waited = loss, 0
        else:
            waited += 1
    return best


def stopping_comparing_with_the_last_loss(patience):  # improvement over last epoch, not the best
    best, last, waited = math.inf, math.inf, 0
    while waited < patience:
        loss = yield waited
        if loss < last:
            waited = 0
        else:
            waited += 1
        last, best = loss, min(best, loss)
    return best


def stopping_returning_the_last_loss(patience):
    best, waited, loss = math.inf, 0, None
    while waited < patience:
        loss = yield waited
        if loss < best:
            best, waited = loss, 0
        else:
            waited += 1
    return loss


def stopping_one_epoch_late(patience):
    best, waited = math.inf, 0
    while waited <= patience:
        loss = yield waited
        if loss < best:
            best, waited = loss, 0
        else:
            waited += 1
    return best


EX4_WRONG = [
    (stopping_that_yields_best, "Return it instead (`return best`)"),
    (stopping_with_bare_return, "StopIteration.value is `None`"),
    (stopping_never, "should stop here and return the best loss"),
    (stopping_without_reset, "starts again from 0"),
    (stopping_too_soon, "stopped too soon"),
    (stopping_comparing_with_none, "Your code raised TypeError"),
    (primed(early_stopping), "already started"),
    (stopping_counting_a_tie_as_improvement, "only equals the best loss so far"),
    (stopping_comparing_with_the_last_loss, "should"),
    (stopping_returning_the_last_loss, "StopIteration.value is"),
    (stopping_one_epoch_late, "should stop here and return the best loss"),
]


def stopping_with_while_true(patience):
    best = float("inf")
    waited = 0
    while True:
        if waited == patience:
            return best
        loss = yield waited
        if loss < best:
            best = loss
            waited = 0
        else:
            waited += 1


def stopping_with_a_history(patience):  # keeps every loss and recomputes: slower, same behaviour
    losses = []
    waited = 0
    while waited < patience:
        losses.append((yield waited))
        best_at = losses.index(min(losses))
        waited = len(losses) - 1 - best_at
    return min(losses)


def stopping_with_none_as_no_best(patience):
    best, waited = None, 0
    while waited < patience:
        loss = yield waited
        if best is None or loss < best:
            best, waited = loss, 0
        else:
            waited += 1
    return best


EX4_RIGHT = [stopping_with_while_true, stopping_with_a_history, stopping_with_none_as_no_best]


@pytest.mark.parametrize(("answer", "phrase"), EX4_WRONG, ids=table_id)
def test_ex4_wrong_answers(answer, phrase) -> None:
    fails_with(ex4, answer, phrase)


@pytest.mark.parametrize("answer", EX4_RIGHT, ids=table_id)
def test_ex4_alternatives(answer) -> None:
    passes(ex4, answer)


# --- ex5 (issue 15): a coroutine as a state machine ---


def single_digit_length():
    message = None
    while True:
        length = int((yield message))
        yield None  # the ':'
        body = ""
        for _ in range(length):
            body += yield None
        message = body


def answers_one_late():
    buffer, reply = "", None
    while True:
        char = yield reply
        reply = None
        found = re.match(r"(\d+):", buffer)
        if found and len(buffer) - found.end() == int(found[1]):  # checked before adding char
            reply, buffer = buffer[found.end():], ""
        buffer += char


def never_resets_the_body():
    message = None
    body = ""
    while True:
        digits = ""
        char = yield message
        while char != ":":
            digits += char
            char = yield None
        for _ in range(int(digits)):
            body += yield None
        message = body


def keeps_the_length():
    message = None
    while True:
        char = yield message
        text = char
        while char != ":":
            char = yield None
            text += char
        for _ in range(int(text[:-1])):
            text += yield None
        message = text


def stops_after_one():
    digits = ""
    char = yield None
    while char != ":":
        digits += char
        char = yield None
    body = ""
    for _ in range(int(digits)):
        body += yield None
    return body


def empty_message_waits():
    message = None
    while True:
        digits = ""
        char = yield message
        while char != ":":
            digits += char
            char = yield None
        body = ""
        char = yield None
        while True:
            body += char
            if len(body) >= int(digits):
                break
            char = yield None
        message = body


@primed
def primed_already():
    message = None
    while True:
        digits = ""
        char = yield message
        while char != ":":
            digits += char
            char = yield None
        body = ""
        for _ in range(int(digits)):
            body += yield None
        message = body


EX5_WRONG = [
    (single_digit_length, "more than one digit"),
    (answers_one_late, "so that send should return it"),
    (never_resets_the_body, "Start every message with an empty body"),
    (keeps_the_length, "the length and the ':' are not part of it"),
    (stops_after_one, "finished after the first message"),
    (empty_message_waits, "completes an empty message"),
    (primed_already, "already started"),
]


@pytest.mark.parametrize(("answer", "phrase"), EX5_WRONG, ids=[w[0].__name__ for w in EX5_WRONG])
def test_ex5_typical_slips(answer, phrase: str) -> None:
    result = ex5.evaluate(answer)
    assert result.status is Status.INCORRECT, result
    assert phrase in result.message, result.message


def with_a_state_variable():
    """One loop and an explicit state, the way it would be written without a coroutine."""
    state, digits, body, reply = "length", "", "", None
    while True:
        char = yield reply
        reply = None
        if state == "length":
            if char == ":":
                state, remaining, body = "body", int(digits), ""
                digits = ""
                if remaining == 0:
                    state, reply = "length", ""
            else:
                digits += char
        else:
            body += char
            remaining -= 1
            if remaining == 0:
                state, reply = "length", body


def with_a_buffer_and_a_regex():
    buffer, reply = "", None
    while True:
        buffer += yield reply
        reply = None
        found = re.match(r"(\d+):", buffer)
        if found and len(buffer) - found.end() == int(found[1]):
            reply, buffer = buffer[found.end():], ""


@pytest.mark.parametrize("answer", [messages, with_a_state_variable, with_a_buffer_and_a_regex])
def test_ex5_alternatives_pass(answer) -> None:
    result = ex5.evaluate(answer)
    assert result.status is Status.CORRECT, result.message


def test_ex5_placeholder_reads_not_attempted() -> None:
    def draft():
        ____  # noqa: B018

    assert ex5.evaluate(draft).status is Status.NOT_ATTEMPTED
