"""Record who runs when between a caller and a generator, as a table and as a picture.

Drive a generator with a script of steps::

    >>> def echo():
    ...     received = yield "ready"
    ...     while True:
    ...         received = yield f"got {received}"
    >>> trace = drive(echo(), ["next", ("send", 7), "close"])
    >>> print(trace)
    step  caller calls  state before -> after   generator printed  caller gets
       1  next()        created -> suspended                       yielded 'ready'
       2  send(7)       suspended -> suspended                     yielded 'got 7'
       3  close()       suspended -> closed                        returned None

or watch one consumed by a ``for`` loop::

    >>> loop = watch(n * n for n in range(2))
    >>> [x for x in loop]
    [0, 1]
    >>> [step.result for step in loop.trace.steps]
    ['yielded 0', 'yielded 1', 'StopIteration']

``trace.show()`` draws the same steps as two lanes, caller above and
generator below, with an arrow for each hand-over of control.
"""

from __future__ import annotations

import contextlib
import inspect
import io
import sys
import textwrap
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, TextIO

__all__ = ["Step", "Trace", "Watcher", "drive", "watch"]

ACTIONS = ("next", "send", "throw", "close")

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
CALLER_COLOUR = "#0072B2"
GENERATOR_COLOUR = "#E69F00"
VALUE_COLOUR = "#009E73"
EXCEPTION_COLOUR = "#D55E00"


def _state(generator: Generator[Any, Any, Any]) -> str:
    return inspect.getgeneratorstate(generator).removeprefix("GEN_").lower()


def _short(value: Any, width: int = 28) -> str:
    text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."


def _describe_call(action: str, argument: Any) -> str:
    if action in ("send", "throw"):
        return f"{action}({_short(argument)})"
    return f"{action}()"


def _describe_result(outcome: str, value: Any) -> str:
    if outcome == "yielded":
        return f"yielded {_short(value)}"
    if outcome == "stopped":
        return "StopIteration" if value is None else f"StopIteration(value={_short(value)})"
    if outcome == "raised":
        return f"raised {_short(value, 48)}"
    return f"returned {_short(value)}"


@dataclass(frozen=True)
class Step:
    """One hand-over of control: what the caller did and what came back.

    ``call`` and ``result`` are written down when the step happens, so a
    mutable value that changes later is still shown as it was then.
    """

    action: str  # next, send, throw or close
    argument: Any  # the value sent or the exception thrown; None for next and close
    outcome: str  # yielded, stopped (StopIteration), raised, or returned (close)
    value: Any  # the value yielded, StopIteration.value, the exception, or close()'s return
    state_before: str
    state_after: str
    printed: str = ""  # what the generator printed while it ran during this step
    call: str = ""  # the call as the caller wrote it, e.g. ``send(7)``
    result: str = ""  # what the caller got back, in words, e.g. ``yielded 3``

    @property
    def ran(self) -> bool:
        """Whether the generator's own code ran during this step."""
        if self.state_before == "suspended":
            return True
        return self.state_before == "created" and (
            self.action == "next" or (self.action == "send" and self.argument is None)
        )


# The picture: at most about 1000 px wide (10 in at the inline backend's 100 dpi), so JupyterLab
# shows it at its natural size and its 10 pt labels stay readable.
MAX_WIDTH_IN = 10.0
STEP_WIDTH_IN = 1.1
LABEL_PT = 10
CHAR_WIDTH_IN = 0.6 * LABEL_PT / 72  # a rough width of one character of a 10 pt label


def _printed_label(printed: str) -> list[str]:
    """What a step printed, wrapped to fit under its step in the picture (at most 4 lines)."""
    lines = [part for line in printed.splitlines() for part in textwrap.wrap(line, 14) or [""]]
    return lines if len(lines) <= 4 else [*lines[:3], "..."]


def _html_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass
class Trace:
    """The steps of one conversation between a caller and a generator.

    In JupyterLab a trace shown as a cell's value is an HTML table; its plain-text
    form (``print(trace)``, a terminal, nbval) is :meth:`table`, with the same words.
    """

    steps: list[Step] = field(default_factory=list)

    HEADER = ("step", "caller calls", "state before -> after", "generator printed", "caller gets")

    def rows(self) -> list[tuple[str, str, str, str, str]]:
        """One tuple of words per step, in the order of :attr:`HEADER`."""
        return [
            (
                str(number),
                step.call,
                f"{step.state_before} -> {step.state_after}",
                " | ".join(step.printed.splitlines()),
                step.result,
            )
            for number, step in enumerate(self.steps, start=1)
        ]

    def table(self) -> str:
        """The steps as a fixed-width text table (deterministic, so notebooks can store it)."""
        rows = [self.HEADER, *self.rows()]
        widths = [max(len(row[i]) for row in rows) for i in range(len(self.HEADER))]
        lines = []
        for row in rows:
            cells = [row[0].rjust(widths[0])]
            cells += [cell.ljust(width) for cell, width in zip(row[1:], widths[1:])]
            lines.append("  ".join(cells).rstrip())
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.table()

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(self.table())

    def _repr_html_(self) -> str:
        """The same words as :meth:`table`, as an HTML table that wraps only between words."""
        cell = "padding:2px 10px;text-align:left;vertical-align:top;"
        code = cell + "font-family:var(--jp-code-font-family, monospace);"
        head = "".join(f'<th style="{cell}">{name}</th>' for name in self.HEADER)
        body = []
        for number, call, states, printed, result in self.rows():
            printed_html = "<br>".join(_html_escape(line) for line in printed.split(" | ")) if printed else ""
            body.append(
                "<tr>"
                f'<td style="{cell}text-align:right">{number}</td>'
                f'<td style="{code}">{_html_escape(call)}</td>'
                f'<td style="{cell}white-space:nowrap">{_html_escape(states)}</td>'
                f'<td style="{code}">{printed_html}</td>'
                f'<td style="{code}">{_html_escape(result)}</td>'
                "</tr>"
            )
        return (
            '<table class="lessons-trace" style="border-collapse:collapse;'
            'overflow-wrap:normal;word-break:normal">'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
        )

    def figure_size(self) -> tuple[float, float]:
        """Width and height in inches: each step gets its room, up to :data:`MAX_WIDTH_IN`.

        The gap between the lanes grows with the longest label, so no label is cut off.
        """
        count = max(len(self.steps), 1)
        width = min(MAX_WIDTH_IN, 1.6 + STEP_WIDTH_IN * count)
        longest = max((len(label) for step in self.steps for label in (step.call, step.result)), default=8)
        gap = max(1.6, longest * CHAR_WIDTH_IN + 0.5)
        below = 0.35 + 0.17 * self._printed_lines()
        return round(width, 1), round(gap + below + 0.9, 1)

    def _printed_lines(self) -> int:
        return max((len(_printed_label(step.printed)) for step in self.steps), default=0)

    def plot(self, ax: Any = None, title: str | None = None) -> Any:
        """Draw the steps as a caller lane and a generator lane; return the matplotlib Axes."""
        import matplotlib.pyplot as plt
        from matplotlib.patches import FancyArrowPatch

        count = max(len(self.steps), 1)
        width, height = self.figure_size()
        if ax is None:
            _, ax = plt.subplots(figsize=(width, height))
        caller_y, generator_y = 1.0, 0.0
        # Data units per inch of height, to keep labels clear of the lanes and the bottom edge.
        longest = max((len(label) for step in self.steps for label in (step.call, step.result)), default=8)
        gap_in = max(1.6, longest * CHAR_WIDTH_IN + 0.5)
        per_inch = 1.0 / gap_in
        lanes = ((caller_y, "caller", CALLER_COLOUR), (generator_y, "generator", GENERATOR_COLOUR))
        for y, name, colour in lanes:
            ax.axhline(y, color=colour, linewidth=1, linestyle=":", zorder=0)
            ax.text(-0.15, y, name, ha="right", va="center", fontsize=11, color=colour,
                    fontweight="bold", bbox={"facecolor": "white", "edgecolor": "none", "pad": 2})
        bar = {"linewidth": 6, "solid_capstyle": "butt"}
        for index, step in enumerate(self.steps):
            start, end = index + 0.12, index + 0.88
            # The caller runs until it hands over control ...
            ax.plot([index - 0.12 if index else 0, start], [caller_y, caller_y], color=CALLER_COLOUR, **bar)
            ax.add_patch(FancyArrowPatch((start, caller_y - 0.04), (start, generator_y + 0.04),
                                         arrowstyle="-|>", mutation_scale=14, color=CALLER_COLOUR))
            ax.text(start - 0.04, caller_y - 0.06, step.call, rotation=90, ha="right", va="top",
                    fontsize=LABEL_PT, color=CALLER_COLOUR)
            # ... the generator runs (if it can) and prints what it prints ...
            if step.ran:
                ax.plot([start, end], [generator_y, generator_y], color=GENERATOR_COLOUR, **bar)
            if step.printed:
                printed = "\n".join(_printed_label(step.printed))
                ax.text((start + end) / 2, generator_y - 0.16 * per_inch, printed, ha="center",
                        va="top", fontsize=8, family="monospace", color="black")
            ax.text((start + end) / 2, generator_y + 0.06, step.state_after, ha="center",
                    va="bottom", fontsize=8, color="dimgray", style="italic")
            # ... and hands control back with a value or an exception.
            colour = EXCEPTION_COLOUR if step.outcome in ("raised", "stopped") else VALUE_COLOUR
            ax.add_patch(FancyArrowPatch((end, generator_y + 0.04), (end, caller_y - 0.04),
                                         arrowstyle="-|>", mutation_scale=14, color=colour))
            ax.text(end + 0.04, generator_y + 0.06, step.result, rotation=90, ha="left",
                    va="bottom", fontsize=LABEL_PT, color=colour)
        ax.plot([count - 0.12, count], [caller_y, caller_y], color=CALLER_COLOUR, **bar)
        ax.set_xlim(-0.9, count + 0.1)
        # Below the generator lane: room for printed lines only when something was printed.
        below = (0.25 + 0.17 * self._printed_lines()) * per_inch
        ax.set_ylim(generator_y - below, caller_y + 0.2 * per_inch)
        ticks = [i + 0.5 for i in range(len(self.steps))]
        ax.set_xticks(ticks, [f"step {i + 1}" for i in range(len(self.steps))])
        ax.set_yticks([])
        for side in ("top", "right", "left"):
            ax.spines[side].set_visible(False)
        ax.set_xlabel("time (a thick bar shows who is running)")
        if title:
            ax.set_title(title)
        return ax

    def show(self, title: str | None = None) -> None:
        """Draw the picture and show it (ends with ``plt.show()``)."""
        import matplotlib.pyplot as plt

        self.plot(title=title)
        plt.tight_layout()
        plt.show()


class _Tee(io.TextIOBase):
    """Write to the real stdout and keep a copy, so the learner still sees the prints in order."""

    def __init__(self, target: TextIO) -> None:
        self.target = target
        self.copy = io.StringIO()

    def write(self, text: str) -> int:
        self.copy.write(text)
        return self.target.write(text)

    def flush(self) -> None:
        self.target.flush()


def _perform(generator: Generator[Any, Any, Any], action: str, argument: Any) -> Step:
    before = _state(generator)
    tee = _Tee(sys.stdout)
    with contextlib.redirect_stdout(tee):
        try:
            if action == "next":
                outcome, value = "yielded", next(generator)
            elif action == "send":
                outcome, value = "yielded", generator.send(argument)
            elif action == "throw":
                outcome, value = "yielded", generator.throw(argument)
            else:
                outcome, value = "returned", generator.close()
        except StopIteration as stop:
            outcome, value = "stopped", stop.value
        except Exception as error:  # recorded, not hidden: the table shows what was raised
            outcome, value = "raised", error
    return Step(
        action, argument, outcome, value, before, _state(generator), tee.copy.getvalue(),
        call=_describe_call(action, argument), result=_describe_result(outcome, value),
    )


def _parse(item: Any) -> tuple[str, Any]:
    if isinstance(item, str):
        action, argument = item, None
    elif isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str):
        action, argument = item
    else:
        raise ValueError(
            f"cannot read step {item!r}: write 'next', 'close', ('send', value) or ('throw', exception)"
        )
    if action not in ACTIONS:
        raise ValueError(f"unknown step {action!r}: choose one of {', '.join(ACTIONS)}")
    if action in ("next", "close") and argument is not None:
        raise ValueError(f"{action} takes no value; use ('send', value) to send one")
    if action == "throw" and not isinstance(argument, BaseException):
        raise TypeError(f"('throw', ...) needs an exception instance such as ValueError('bad'), not {argument!r}")
    return action, argument


def _require_generator(name: str, generator: object) -> None:
    if inspect.isgenerator(generator):
        return
    if inspect.isgeneratorfunction(generator):
        raise TypeError(
            f"{name}() needs a generator object, got the generator function {generator.__name__}; "
            f"call the generator function first: {name}({generator.__name__}(...))"
        )
    raise TypeError(
        f"{name}() needs a generator object, got {type(generator).__name__}; "
        f"call the generator function first: {name}(countdown(3){', ...' if name == 'drive' else ''})"
    )


def drive(generator: Generator[Any, Any, Any], script: Iterable[Any]) -> Trace:
    """Run each step of ``script`` on ``generator`` and record what happened.

    Steps are ``"next"``, ``"close"``, ``("send", value)`` and
    ``("throw", exception)``. Exceptions the generator raises are recorded,
    not propagated, so a script can go on (for example with ``next`` after
    the generator has finished).
    """
    _require_generator("drive", generator)
    if isinstance(script, (str, bytes)) or not isinstance(script, Iterable):
        raise TypeError(f"script must be a list of steps such as ['next', ('send', 1), 'close'], not {script!r}")
    steps = [_parse(item) for item in script]  # reject a bad script before running anything
    return Trace([_perform(generator, action, argument) for action, argument in steps])


def watch(generator: Generator[Any, Any, Any]) -> Watcher:
    """Iterate over ``generator`` as a ``for`` loop would, recording each ``next`` in ``.trace``."""
    return Watcher(generator)


class Watcher(Iterator[Any]):
    """An iterator over a generator that records each hand-over of control in ``.trace``.

    The final step is the ``StopIteration`` that ends the loop. Closing the
    watcher (or breaking out of the loop and calling ``close()``) closes the
    generator and records that too.
    """

    def __init__(self, generator: Generator[Any, Any, Any]) -> None:
        _require_generator("watch", generator)
        self.generator = generator
        self.trace = Trace()

    def __next__(self) -> Any:
        step = _perform(self.generator, "next", None)
        self.trace.steps.append(step)
        if step.outcome == "yielded":
            return step.value
        if step.outcome == "raised":
            raise step.value
        raise StopIteration

    def close(self) -> None:
        """Close the generator (recorded as a step) if it is still open."""
        if _state(self.generator) != "closed":
            self.trace.steps.append(_perform(self.generator, "close", None))
