"""Exercises for lesson 05, sending values into generators.

Each exercise's reference solution is the function defined just above it (ex3's
prediction is what a real run gives); ``exN.solution()`` shows it.  The
coroutines are checked reply by reply against the reference, on fixed and seeded
random sequences of values, including what ``close()`` does at the end.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Generator, Iterator
from typing import Any

from lessons_lib.exercises import (
    Computed,
    Difference,
    Slip,
    coroutine_exercise,
    function_exercise,
    prediction_exercise,
)
from lessons_lib.trace import drive

# --- ex1: drive a coroutine from the caller's side -------------------------------------------


def send_all(coroutine, values):
    """Prime a fresh ``coroutine``, send it each of ``values``, and return its replies in order."""
    next(coroutine)  # run to the first yield; what it hands out is not a reply to anything
    return [coroutine.send(value) for value in values]


def history() -> Generator[tuple[Any, ...], Any, None]:
    """Reply to each value with every value received so far (None included), as a tuple.

    >>> replies = history()
    >>> next(replies), replies.send(1), replies.send(None)
    ((), (1,), (1, None))
    """
    received: list[Any] = []
    while True:
        received.append((yield tuple(received)))


HISTORY = Computed(history, "history()")


def _sent(d: Difference) -> list[Any]:
    return list(d.args[1])


def _returned(when: Callable[[Difference], Any]) -> Callable[[Difference], bool]:
    """A slip rule about what the answer returned (an answer that raised is explained as such)."""
    return lambda d: d.error is None and bool(when(d))


ex1 = function_exercise(
    send_all,
    cases=[(HISTORY, [1, 5, 10]), (HISTORY, []), (HISTORY, [7])],
    draw=lambda rng: (HISTORY, [rng.randint(-9, 99) for _ in range(rng.randint(0, 8))]),
    count=10,
    slips=[
        Slip(_returned(lambda d: isinstance(d.result, Iterator)),
             "`{call}` returned a lazy iterator, so nothing was sent yet. Send every value right "
             "away and return the replies as a list."),
        Slip(_returned(lambda d: d.result is None),
             "`{call}` returned None: did you forget to `return` the list of replies?"),
        Slip(_returned(lambda d: not isinstance(d.result, list)),
             lambda d: f"send_all should return a list of the replies, but `{d.call}` returned "
             f"`{d.result!r}`."),
        Slip(_returned(lambda d: d.got == _sent(d)),
             "You returned the values you sent. send(x) returns the coroutine's reply (the next "
             "value it yields), so keep what send() returns."),
        Slip(_returned(lambda d: len(d.got) == len(d.want) + 1 and d.got[1:] == d.want),
             "Your list starts with `{got[0]}`: that is what the priming next() handed out, before "
             "any value was sent. It is not a reply, so leave it out."),
        Slip(_returned(lambda d: any(None in reply for reply in d.got)),
             "The coroutine received None between your values: next(g) is the same as "
             "g.send(None), so an extra next() sends None in. Call next() once, before the first "
             "send(), and then only send()."),
        Slip(_returned(lambda d: sorted(d.got[-1]) == sorted(d.want[-1]) != list(d.got[-1])),
             lambda d: "The coroutine should receive the values in that order, but it "
             f"received `{d.got[-1]}`."),
    ],
    success="send_all primes the coroutine once and collects what each send() returns.",
    hints=[
        "A coroutine fresh from its function has not run a single line: it cannot receive a "
        "value yet.",
        "Prime it with one next(coroutine) first; what that call returns is not a reply, so "
        "ignore it.",
        "Then, for each value, `reply = coroutine.send(value)`, and collect the replies in a list "
        "(a list comprehension does it in one line; `list(map(coroutine.send, values))` too, but "
        "a lazy map on its own sends nothing).",
    ],
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
EX2_SENDS = [LOSSES, [0.5, 0.3, 0.4, 0.45], [0.2, 0.0, 0.3], [0.7, 0.7, 0.9, 0.7]]
EX2_CHOICES = [0.0, 0.1, 0.25, 0.3, 0.5, 0.7, 0.9]
SENT_LOSSES = {loss for losses in EX2_SENDS for loss in losses} | set(EX2_CHOICES)


def _sends(d: Difference) -> list[Any]:
    """The values sent so far, this one included."""
    return [step[1] for step in d.args if step[0] == "send"]


def _gave(d: Difference) -> Any:
    return d.got[1] if d.got[0] == "gave" else object()


ex2 = coroutine_exercise(
    lowest_loss,
    sends=EX2_SENDS,
    success="lowest_loss answers each loss with a single `loss = yield lowest`.",
    draw=lambda rng: [rng.choice(EX2_CHOICES) for _ in range(rng.randint(1, 9))],
    slips=[
        Slip(lambda d: d.got[0] == "returned",
             lambda d: f"lowest_loss() finished after receiving {len(_sends(d))} losses. Keep "
             "the `yield` inside a `while True:` loop so it can receive any number of them."),
        Slip(lambda d: not _sends(d) and d.got[0] == "gave" and d.got[1] in SENT_LOSSES,
             "The priming next() returned `{got[1]}`, a loss from before: a second "
             "lowest_loss() remembers losses sent to the first one. Keep `lowest` in a local "
             "variable of the generator, so that each generator starts afresh."),
        Slip(lambda d: not _sends(d) and d.got[0] == "gave",
             "The priming next() should return None (no loss received yet), but it returned "
             "`{got[1]}`. Start with `lowest = None` and yield it at the top of the loop."),
        Slip(lambda d: _gave(d) is None and len(_sends(d)) == 1,
             "send() returned None: your generator receives the losses but never yields the "
             "result. Write the receiving yield as `loss = yield lowest`, so it hands back "
             "the lowest loss as it waits for the next one."),
        Slip(lambda d: _gave(d) is None,
             "`{call}` returned None: every other send() returned None. With one yield that "
             "receives and another that hands back, each value sent while the generator waits "
             "at the wrong yield is lost. Use a single `loss = yield lowest`."),
        Slip(lambda d: d.want[1] == 0 and _gave(d) != 0 and d.error is None,
             "A loss of 0.0 was forgotten: `not lowest` is true for 0.0 as well as for None. "
             "Test `lowest is None` to know whether a loss has been received."),
        Slip(lambda d: len(_sends(d)) == 1 and d.got[0] == "gave",
             "`{call}` returned `{got[1]}` for the first loss sent: a second lowest_loss() "
             "remembers losses sent to the first one. Keep `lowest` in a local variable of "
             "the generator, so that each generator starts afresh."),
        Slip(lambda d: _gave(d) == _sends(d)[-1],
             "`{call}` returned the loss you sent: your generator yields what it received. "
             "Keep the lowest loss so far in a variable and yield that."),
        Slip(lambda d: _gave(d) == min(_sends(d)[-2:]),
             lambda d: f"After the losses {_sends(d)}, `{d.call}` returned {_gave(d)}: the "
             "lower of this loss and the previous one. Keep the lowest of *all* the losses "
             "received so far."),
    ],
    seed=5,
    hints=[
        "Keep the lowest loss in a local variable; it starts as None, because nothing has been "
        "received.",
        "Inside `while True:`, one line both hands back the current answer and waits for the next "
        "loss: `loss = yield lowest`. (itertools.accumulate(losses, min) needs every loss up "
        "front: a coroutine is asked for, which receives them one by one.)",
        "After that line, replace `lowest` with `loss` when `lowest is None or loss < lowest`.",
    ],
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


def _what_came_back() -> list[Any]:
    steps = ex3_trace().steps
    return [StopIteration if step.outcome == "stopped" else step.value for step in steps]


def _explain_call(d: Difference) -> str:
    number = next(i for i, (w, g) in enumerate(zip(d.want, d.got, strict=False)) if w != g)
    step = ex3_trace().steps[number]
    where = (f"Call {number + 1}, {step.call}: you predicted {d.got[number]!r}, but the real run "
             f"gives {d.want[number]!r}.")
    if step.action == "send" and d.got[number] == step.argument:
        return (f"{where} send() does not return the value you sent: it resumes the generator, "
                "which uses the value and runs on to its next yield; send() returns what that "
                "yield hands out.")
    if d.want[number] == "StopIteration":
        return (f"{where} After that call the loop condition fails, the function ends, and the "
                "call raises StopIteration instead of returning a value.")
    if step.action == "next" and number > 0:
        return (f"{where} next(g) is g.send(None): the paused yield evaluates to None. Read what "
                "the code does with None (and what it keeps from earlier sends).")
    return f"{where} Run the body in your head from where it was paused up to the next yield."


ex3 = prediction_exercise(
    value=_what_came_back,
    form="a list with one entry per call, for example [0, 1, 2, 3, StopIteration]",
    success=f"All 5 predictions match the real run:\n\n```\n{ex3_trace().table()}\n```",
    slips=[
        Slip(lambda d: d.stage == "shape" and isinstance(d.got, list),
             lambda d: f"There are {len(d.want)} calls, so the list needs {len(d.want)} entries; "
             f"yours has {len(d.got)}."),
        Slip(lambda d: d.stage == "value", _explain_call),
    ],
    hints=[
        "The first next() runs the body from the top to the first yield: what is `value` there?",
        "A send(5) resumes the paused yield with 5: the generator stores it as `step`, adds the "
        "step, and yields again. send() returns that new value, not the 5.",
        "A next() sends None, which leaves `step` as it was (5). The last send makes `value` "
        "reach the limit, so the loop ends and that call raises StopIteration.",
    ],
)
PREDICTION_EX3 = ex3.answer

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


def _is_tie(d: Difference) -> bool:
    sent = _sends(d)
    return len(sent) > 1 and sent[-1] == min(sent[:-1]) and _gave(d) == 0


EX4_SLIPS = [
    Slip(lambda d: d.want[0] == "returned" and d.got == ("gave", d.want[1]),
         "`{call}`: your generator yielded the best loss `{want[1]}`. Return it instead (`return "
         "best`): a generator's return value reaches the caller as StopIteration.value, and the "
         "call that makes it return raises StopIteration."),
    Slip(lambda d: d.want[0] == "returned" and d.got[0] == "gave",
         "`{call}`: this is epoch `patience` in a row without improvement, so the generator "
         "should stop here and return the best loss, but it yielded `{got[1]}`."),
    Slip(lambda d: d.want[0] == d.got[0] == "returned",
         "`{call}`: your generator stopped, but StopIteration.value is `{got[1]}` instead of the "
         "best loss `{want[1]}`. End with `return best`: a bare `return`, or falling off the end "
         "of the function, returns None."),
    Slip(lambda d: d.got[0] == "returned",
         "`{call}`: your generator stopped too soon. Stop only after `patience` epochs in a row "
         "without improvement; an improvement starts the count again from 0."),
    Slip(_is_tie,
         lambda d: f"`{d.call}`: {_sends(d)[-1]} only equals the best loss so far; it does not "
         "improve on it, so the count of epochs without improvement goes on (compare with `<`)."),
    Slip(lambda d: d.want == ("gave", 0) and len(_sends(d)) > 0 and d.got[0] == "gave",
         "`{call}`: your generator replied `{got[1]}`, but this loss improves on the best loss so "
         "far, so the count of epochs without improvement starts again from 0."),
]


def _epochs(rng: Any) -> list[float]:
    return [rng.choice([0.3, 0.4, 0.5, 0.5, 0.6, 0.8, 0.9]) for _ in range(rng.randint(1, 9))]


ex4 = coroutine_exercise(
    early_stopping,
    args=[(2,), (3,), (1,)],
    sends=[[0.9, 0.7, 0.8, 0.75], [0.9, 0.9, 0.9], [1.0, 0.8, 0.85, 0.6, 0.65, 0.7, 0.9],
           [0.5, 0.4, 0.4, 0.4, 0.4], [0.5, 0.4, 0.6]],
    draw=_epochs,
    seed=5,
    slips=EX4_SLIPS,
    success="early_stopping reports the epochs without improvement, and returns the best loss "
    "at the end.",
    hints=[
        "Keep two local variables: the best loss so far (start with math.inf) and the epochs "
        "waited since it last improved (start with 0).",
        "Loop `while waited < patience:`; inside, `loss = yield waited`, then either a new best "
        "(reset `waited` to 0) or one more epoch waited.",
        "After the loop, `return best`. The caller's last send() then raises StopIteration, and "
        "`stop.value` holds the best loss. (Only a generator can receive the losses and return a "
        "value: an iterator from itertools is not accepted here.)",
    ],
)


# --- ex5 (going further): a coroutine as a state machine ------------------------------------


def messages():
    """Receive a stream one character at a time; reply with each message once it is complete."""
    message = None
    while True:
        digits = ""
        char = yield message  # state 1: reading the length, up to ":"
        while char != ":":
            digits += char
            char = yield None
        body = ""
        for _ in range(int(digits)):  # state 2: reading exactly that many characters
            body += yield None
        message = body  # handed back by the yield of state 1


def _encode(*bodies: str) -> list[str]:
    """The characters of a stream that carries ``bodies`` as messages."""
    return list("".join(f"{len(body)}:{body}" for body in bodies))


def _draw_stream(rng: Any) -> list[str]:
    bodies = ["".join(rng.choice("ab:9 x") for _ in range(rng.randint(0, 13)))
              for _ in range(rng.randint(1, 3))]
    return _encode(*bodies)


def _stream_so_far(d: Difference) -> str:
    """The characters sent so far in the run that differed, the one that differed included."""
    return "".join(step[1] for step in d.args if step[0] == "send")


def _lengths_so_far(text: str) -> list[str]:
    """The length fields (as written) that ``text`` has started, in order."""
    lengths, position = [], 0
    while position < len(text):
        colon = text.find(":", position)
        lengths.append(text[position:] if colon == -1 else text[position:colon])
        if colon == -1:
            break
        position = colon + 1 + int(text[position:colon])
    return lengths


def _long_length(d: Difference) -> bool:
    return any(len(digits) > 1 for digits in _lengths_so_far(_stream_so_far(d)))


def _reply(outcome: tuple[str, Any]) -> Any:
    return outcome[1] if outcome[0] == "gave" else ...


EX5_SENDS = [_encode("hello", "abc"), _encode("twelve chars"), _encode("", "ok"), _encode("a:1b")]

ex5 = coroutine_exercise(
    messages,
    sends=EX5_SENDS,
    draw=_draw_stream,
    count=20,
    slips=[
        Slip(lambda d: d.got[0] == "returned",
             "messages() finished after the first message. Put both states inside a "
             "`while True:` loop, so that it goes back to reading a length."),
        Slip(lambda d: _long_length(d) and (d.error is not None or d.got != d.want),
             lambda d: f"The stream so far is {_stream_so_far(d)!r}, and a length there "
             "has more than one digit. Collect the characters before ':' (digits = digits "
             "+ char) and convert them with int() only when ':' arrives."),
        Slip(lambda d: _reply(d.want) == "" and _reply(d.got) is None,
             "`{call}` completes an empty message (`0:`): the reply should be the empty "
             "string ''. With the body read by `for _ in range(length)`, a length of 0 reads "
             "nothing and the message is complete at once."),
        Slip(lambda d: isinstance(_reply(d.want), str) and _reply(d.got) is None,
             lambda d: f"The stream so far is {_stream_so_far(d)!r}: `{d.call}` delivers "
             f"the last character of the message {_reply(d.want)!r}, so that send should "
             "return it. Hand the finished message back at the very next `yield`."),
        Slip(lambda d: isinstance(_reply(d.got), str) and isinstance(_reply(d.want), str)
             and _reply(d.got).endswith(_reply(d.want))
             and ":" in _reply(d.got)[: len(_reply(d.got)) - len(_reply(d.want))],
             "`{call}` returned `{got[1]}`, but the message is only `{want[1]}`: the length "
             "and the ':' are not part of it. Start the body after the ':'."),
        Slip(lambda d: isinstance(_reply(d.got), str) and isinstance(_reply(d.want), str)
             and len(_reply(d.got)) > len(_reply(d.want))
             and _reply(d.got).endswith(_reply(d.want)),
             "`{call}` returned `{got[1]}`, but the message is `{want[1]}`: the characters of "
             "the message before it are still there. Start every message with an empty body."),
    ],
    seed=5,
    hints=[
        "The parser has two states: reading the length (characters up to ':') and reading the "
        "body (exactly `length` characters). Write each state as a loop of its own, inside a "
        "`while True:`, the way section 10's parser does.",
        "State 1: `char = yield message`, then `while char != ':'`: collect the digits and "
        "`char = yield None`. State 2: `for _ in range(int(digits)):` add `(yield None)` to the "
        "body.",
        "After state 2, set `message = body`: the `yield message` at the top of the loop hands it "
        "back as the reply to the message's last character. Start with `message = None`, and "
        "`digits = ''` and `body = ''` for every message.",
    ],
)
