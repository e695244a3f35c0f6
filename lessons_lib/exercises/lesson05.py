"""Exercises for lesson 05, sending values into generators.

Each exercise's reference solution is the function defined just above it;
``exN.solution()`` prints that function's source (ex3, a prediction, prints
the reference answer with its reasons).
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Generator
from typing import Any

from lessons_lib.exercises import Exercise, Incorrect, expect_generator, explain_exception
from lessons_lib.trace import Step, drive


# --- ex1: drive a coroutine from the caller's side -------------------------------------------


def send_all(coroutine, values):
    """Prime a fresh ``coroutine``, send it each of ``values``, and return its replies in order."""
    next(coroutine)  # run to the first yield; what it hands out is not a reply to anything
    return [coroutine.send(value) for value in values]


def _doubler(received: list[Any]) -> Generator[Any, Any, None]:
    """Reply to each value with twice that value; note every value received (None included)."""
    reply = None
    while True:
        value = yield reply
        received.append(value)
        reply = None if value is None else 2 * value


def _check_send_all(answer: Any) -> str:
    received: list[Any] = []
    values = [1, 5, 10]
    replies = answer(_doubler(received), values)
    if None in received:
        raise Incorrect(
            "The coroutine received None between your values: next(g) is the same as g.send(None), "
            "so a next() after a send() sends None in. Call next() once, before the first send(), "
            "and then only send()."
        )
    if inspect.isgenerator(replies):
        raise Incorrect(
            "send_all returned a generator, so nothing was sent yet. Send every value right away and "
            "return the replies as a list."
        )
    if replies is None:
        raise Incorrect("send_all returned None: did you forget to `return` the list of replies?")
    if not isinstance(replies, list):
        raise Incorrect(f"send_all should return a list of the replies, but it returned {replies!r}.")
    if replies == values:
        raise Incorrect(
            "You returned the values you sent. send(x) returns the coroutine's reply (the next value "
            "it yields), so keep what send() returns."
        )
    if replies == [None, 2, 10, 20]:
        raise Incorrect(
            "Your list starts with None: that is what the priming next() handed out, before any value "
            "was sent. It is not a reply, so leave it out."
        )
    if received != values:
        raise Incorrect(f"The coroutine should receive {values}, in that order, but it received {received}.")
    if replies != [2, 10, 20]:
        raise Incorrect(f"send_all(doubler, {values}) should return [2, 10, 20], but it returned {replies!r}.")
    empty = answer(_doubler([]), [])
    if empty != []:
        raise Incorrect(f"With no values to send, send_all should return [], but it returned {empty!r}.")
    return "send_all primes the coroutine once and collects what each send() returns."


ex1 = Exercise(
    "ex1",
    checker=_check_send_all,
    hints=[
        "A coroutine fresh from its function has not run a single line: it cannot receive a value yet.",
        "Prime it with one next(coroutine) first; what that call returns is not a reply, so ignore it.",
        "Then, for each value, `reply = coroutine.send(value)`, and collect the replies in a list "
        "(a list comprehension does it in one line).",
    ],
    solution=send_all,
)

# --- ex2: write a coroutine with a single `value = yield result` -----------------------------


def lowest_loss():
    """Receive validation losses; reply to each with the lowest loss received so far."""
    lowest = None
    while True:
        loss = yield lowest
        if lowest is None or loss < lowest:
            lowest = loss


LOSSES = [0.52, 0.47, 0.49, 0.31, 0.40]
LOWEST = [0.52, 0.47, 0.47, 0.31, 0.31]


def _start(generator: Generator[Any, Any, Any], what: str) -> Any:
    """Prime ``generator`` as the exercises' callers do; refuse one that is already primed."""
    if inspect.getgeneratorstate(generator) != inspect.GEN_CREATED:
        raise Incorrect(
            f"{what} is already started (did you decorate it with @primed?). For this exercise leave "
            "it unprimed: the check calls next() on it first, as the task says."
        )
    try:
        return next(generator)
    except StopIteration:
        raise Incorrect(
            f"{what} finished on the priming next(), before its first yield. Put `yield` inside a "
            "`while True:` loop so it keeps receiving."
        ) from None


def _check_lowest_loss(answer: Any) -> str:
    what = "lowest_loss()"
    losses = expect_generator(answer(), what)
    first = _start(losses, what)
    if first is not None:
        raise Incorrect(
            f"The priming next() should return None (no loss received yet), but it returned {first!r}. "
            "Start with `lowest = None` and yield it at the top of the loop."
        )
    replies = []
    for count, loss in enumerate(LOSSES):
        try:
            replies.append(losses.send(loss))
        except StopIteration:
            raise Incorrect(
                f"{what} finished after receiving {count + 1} losses. Keep the `yield` inside a "
                "`while True:` loop so it can receive any number of them."
            ) from None
    if all(reply is None for reply in replies):
        raise Incorrect(
            "Every send() returned None: your generator receives the losses but never yields the result. "
            "Write the receiving yield as `loss = yield lowest`, so it hands back the lowest loss as it "
            "waits for the next one."
        )
    if None in replies:
        raise Incorrect(
            f"Your replies were {replies}: every other send() returned None. With one yield that receives "
            "and another that hands back, each value sent while the generator waits at the wrong yield is "
            "lost. Use a single `loss = yield lowest`."
        )
    if replies == LOSSES:
        raise Incorrect(
            "Each send() returned the loss you sent: your generator yields what it received. "
            "Keep the lowest loss so far in a variable and yield that."
        )
    if replies != LOWEST:
        raise Incorrect(f"Sending {LOSSES} should give the replies {LOWEST}, but you gave {replies}.")
    second = answer()
    next(second)
    if second.send(0.9) != 0.9:
        raise Incorrect(
            "A second lowest_loss() remembers losses sent to the first one. Keep `lowest` in a local "
            "variable of the generator, so that each generator starts afresh."
        )
    return "lowest_loss answers each loss with a single `loss = yield lowest`."


ex2 = Exercise(
    "ex2",
    checker=_check_lowest_loss,
    hints=[
        "Keep the lowest loss in a local variable; it starts as None, because nothing has been received.",
        "Inside `while True:`, one line both hands back the current answer and waits for the next loss: "
        "`loss = yield lowest`.",
        "After that line, replace `lowest` with `loss` when `lowest is None or loss < lowest`.",
    ],
    solution=lowest_loss,
)

# --- ex3: predict what each call returns, checked against a real trace ----------------------


def stepper(limit: int = 20) -> Generator[int, int | None, None]:
    """Count up from 0 while below ``limit``; a value sent in becomes the new step size."""
    value = 0
    step = 1
    while value < limit:
        received = yield value
        if received is not None:
            step = received
        value += step


EX3_SCRIPT: list[Any] = ["next", "next", ("send", 5), "next", ("send", 10)]


def ex3_trace() -> Any:
    """The real run that ex3's prediction is compared with: ``drive(stepper(), EX3_SCRIPT)``."""
    return drive(stepper(), EX3_SCRIPT)


def _what_came_back(step: Step) -> Any:
    if step.outcome == "yielded":
        return step.value
    if step.outcome == "stopped":
        return "StopIteration"
    return step.result


def _check_ex3(prediction: Any) -> str:
    if not isinstance(prediction, (list, tuple)):
        raise Incorrect(
            "Write your prediction as a list with one entry per call, for example "
            "[0, 1, 2, 3, 'StopIteration']."
        )
    # The exception class (or an instance of it) counts as naming it, like the string does.
    prediction = [
        "StopIteration" if got is StopIteration or isinstance(got, StopIteration) else got for got in prediction
    ]
    trace = ex3_trace()
    actual = [_what_came_back(step) for step in trace.steps]
    if len(prediction) != len(actual):
        raise Incorrect(
            f"There are {len(actual)} calls, so the list needs {len(actual)} entries; yours has {len(prediction)}."
        )
    for number, (step, want, got) in enumerate(zip(trace.steps, actual, prediction), start=1):
        if got == want:
            continue
        where = f"Call {number}, {step.call}: you predicted {got!r}, but the real run gives {want!r}."
        if step.action == "send" and got == step.argument:
            raise Incorrect(
                f"{where} send() does not return the value you sent: it resumes the generator, which "
                "uses the value and runs on to its next yield; send() returns what that yield hands out."
            )
        if want == "StopIteration":
            raise Incorrect(
                f"{where} After that call the loop condition fails, the function ends, and the call "
                "raises StopIteration instead of returning a value."
            )
        if step.action == "next" and number > 1:
            raise Incorrect(
                f"{where} next(g) is g.send(None): the paused yield evaluates to None. Read what the "
                "code does with None (and what it keeps from earlier sends)."
            )
        raise Incorrect(f"{where} Run the body in your head from where it was paused up to the next yield.")
    return f"All {len(actual)} predictions match the real run:\n{trace}"


PREDICTION_EX3 = [0, 1, 6, 11, "StopIteration"]

ex3 = Exercise(
    "ex3",
    checker=_check_ex3,
    hints=[
        "The first next() runs the body from the top to the first yield: what is `value` there?",
        "A send(5) resumes the paused yield with 5: the generator stores it as `step`, adds the step, "
        "and yields again. send() returns that new value, not the 5.",
        "A next() sends None, which leaves `step` as it was (5). The last send makes `value` reach the "
        "limit, so the loop ends and that call raises StopIteration.",
    ],
    solution='''
prediction = [
    0,                # next():  runs to the first yield, value = 0
    1,                # next():  received None, step stays 1: 0 + 1
    6,                # send(5): received 5, step becomes 5: 1 + 5
    11,               # next():  received None, step stays 5: 6 + 5
    "StopIteration",  # send(10): step becomes 10, value 21 is not below 20: the function ends
]
''',
    answer=PREDICTION_EX3,
)

# --- ex4: a return value delivered in StopIteration.value --------------------------------------


def early_stopping(patience):
    """Receive one validation loss per epoch; reply with the epochs since the loss last improved.

    Once ``patience`` epochs in a row bring no improvement, return the best loss.
    """
    best = math.inf
    waited = 0
    while waited < patience:
        loss = yield waited
        if loss < best:
            best, waited = loss, 0
        else:
            waited += 1
    return best


EX4_CASES: list[tuple[int, list[float]]] = [
    (2, [0.9, 0.7, 0.8, 0.75]),
    (3, [1.0, 0.8, 0.85, 0.6, 0.65, 0.7, 0.9]),
]


def _outcome(step: Step) -> tuple[str, Any]:
    return step.outcome, step.value if step.outcome != "raised" else type(step.value)


def _check_early_stopping(answer: Any) -> str:
    for patience, losses in EX4_CASES:
        what = f"early_stopping({patience})"
        generator = expect_generator(answer(patience), what)
        if inspect.getgeneratorstate(generator) != inspect.GEN_CREATED:
            raise Incorrect(
                f"{what} is already started (did you decorate it with @primed?). For this exercise leave "
                "it unprimed: the check calls next() on it first."
            )
        script = ["next", *(("send", loss) for loss in losses)]
        theirs = drive(generator, script).steps
        reference = drive(early_stopping(patience), script).steps
        for number, (mine, ref) in enumerate(zip(theirs, reference), start=1):
            if _outcome(mine) == _outcome(ref):
                continue
            where = f"{what}, call {number} ({mine.call}), with the losses {losses[: number - 1]} sent so far:"
            if mine.outcome == "raised":
                raise Incorrect(f"{where} {explain_exception(mine.value)}")
            if ref.outcome == "stopped" and mine.outcome == "yielded":
                if mine.value == ref.value:
                    raise Incorrect(
                        f"{where} your generator yielded the best loss {mine.value!r}. Return it instead "
                        "(`return best`): a generator's return value reaches the caller as "
                        "StopIteration.value, and the call that makes it return raises StopIteration."
                    )
                raise Incorrect(
                    f"{where} this is epoch {patience} in a row without improvement, so the generator "
                    f"should stop here and return the best loss, but it yielded {mine.value!r}."
                )
            if ref.outcome == "stopped" and mine.outcome == "stopped":
                raise Incorrect(
                    f"{where} your generator stopped, but StopIteration.value is {mine.value!r} instead of "
                    f"the best loss {ref.value!r}. End with `return best`: a bare `return`, or falling off "
                    "the end of the function, returns None."
                )
            if mine.outcome == "stopped":
                raise Incorrect(
                    f"{where} your generator stopped too soon. Stop only after {patience} epochs in a row "
                    "without improvement; an improvement starts the count again from 0."
                )
            if ref.value == 0 and mine.outcome == "yielded" and number > 1:
                raise Incorrect(
                    f"{where} your generator replied {mine.value!r}, but {losses[number - 2]} improves on the "
                    "best loss so far, so the count of epochs without improvement starts again from 0."
                )
            raise Incorrect(
                f"{where} your generator replied {mine.value!r}, but the epochs since the last improvement "
                f"are {ref.value!r}."
            )
    return "early_stopping reports the epochs without improvement, and returns the best loss at the end."


ex4 = Exercise(
    "ex4",
    checker=_check_early_stopping,
    hints=[
        "Keep two local variables: the best loss so far (start with math.inf) and the epochs waited since "
        "it last improved (start with 0).",
        "Loop `while waited < patience:`; inside, `loss = yield waited`, then either a new best "
        "(reset `waited` to 0) or one more epoch waited.",
        "After the loop, `return best`. The caller's last send() then raises StopIteration, and "
        "`stop.value` holds the best loss.",
    ],
    solution=early_stopping,
)
