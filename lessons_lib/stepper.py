"""Step through a generator one call at a time: where it is paused, its locals, its trace so far.

``step(generator)`` shows a panel in JupyterLab with the generator's source (the
line where it is paused is highlighted), its local variables, buttons for
``next``, ``send(value)``, ``throw(exception)`` and ``close``, and the trace
table and lane picture, which grow with each click. Its plain-text form is
the same panel as text, so a terminal and a stored notebook output read well::

    >>> def countdown(n):
    ...     while n > 0:
    ...         yield n
    ...         n -= 1
    >>> stepper = Stepper(countdown(2), ["next"])
    >>> stepper.paused_line, stepper.locals()
    (3, {'n': '2'})
    >>> stepper.send(None).result
    'yielded 1'
    >>> print(stepper.text())
    countdown: suspended, paused at line 3
         1  def countdown(n):
         2      while n > 0:
    -->  3          yield n
         4          n -= 1
    locals: n = 1
    step  caller calls  state before -> after   generator printed  caller gets
       1  next()        created -> suspended                       yielded 2
       2  send(None)    suspended -> suspended                     yielded 1

The model (:class:`Stepper`) needs no browser; :func:`step` wraps it in
ipywidgets.
"""

from __future__ import annotations

import ast
import base64
import html
import inspect
import io
import textwrap
from collections.abc import Generator, Iterable
from typing import Any

from lessons_lib.trace import Step, Trace, _parse, _perform, _require_generator, _state

__all__ = ["THROWABLE", "Stepper", "StepperPanel", "step"]

# The exceptions the panel's throw button offers, by name.
THROWABLE: dict[str, type[Exception]] = {
    "ValueError": ValueError,
    "KeyError": KeyError,
    "RuntimeError": RuntimeError,
    "OSError": OSError,
}

LOCAL_WIDTH = 40  # longer reprs of a local variable are shortened to this many characters


def _short(text: str, width: int = LOCAL_WIDTH) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


# The cells run in this IPython kernel since this module was imported, newest last. When every
# cell is compiled under one file name (IPYKERNEL_CELL_NAME, set where outputs are recorded),
# Python's own line cache holds only the newest cell, so a generator defined in an earlier cell
# is found here instead.
_CELLS: list[str] = []


def _remember_cells() -> None:
    try:
        from IPython import get_ipython
    except ImportError:
        return
    shell = get_ipython()
    if shell is not None and not getattr(shell, "_lessons_stepper_cells", False):
        shell.events.register("pre_run_cell", lambda info: _CELLS.append(info.raw_cell or ""))
        shell._lessons_stepper_cells = True


_remember_cells()


def _defines(lines: list[str], name: str) -> bool:
    text = "".join(lines).lstrip()
    while text.startswith("@"):  # decorators come before the def
        text = text.split("\n", 1)[1].lstrip() if "\n" in text else ""
    return text.startswith((f"def {name}(", f"async def {name}("))


def _source_of(code: Any) -> tuple[list[str], int]:
    """The source lines of ``code`` and its first line number ([] if no source is found)."""
    first = code.co_firstlineno
    try:
        lines, first = inspect.getsourcelines(code)
        if _defines(lines, code.co_name):
            return lines, first
    except (OSError, TypeError):  # no source in Python's line cache
        pass
    for cell in reversed(_CELLS):
        cell_lines = cell.splitlines(keepends=True)
        if len(cell_lines) >= first and _defines(cell_lines[first - 1 :], code.co_name):
            return inspect.getblock(cell_lines[first - 1 :]), first
    return [], code.co_firstlineno


class Stepper:
    """A generator, the steps taken on it so far, and where it is paused.

    ``script`` is run first, in the form :func:`lessons_lib.trace.drive` takes:
    ``"next"``, ``"close"``, ``("send", value)`` and ``("throw", exception)``.
    Exceptions the generator raises are recorded in :attr:`trace`, not raised.
    """

    def __init__(self, generator: Generator[Any, Any, Any], script: Iterable[Any] = ()) -> None:
        _require_generator("step", generator)
        self.generator = generator
        self.name = generator.gi_code.co_name
        self.trace = Trace()
        lines, first = _source_of(generator.gi_code)
        self.first_line = first
        self.source = [line.rstrip("\n") for line in textwrap.dedent("".join(lines)).splitlines()]
        steps = [_parse(item) for item in script]
        for action, argument in steps:
            self._do(action, argument)

    def _do(self, action: str, argument: Any) -> Step:
        step = _perform(self.generator, action, argument)
        self.trace.steps.append(step)
        return step

    def next(self) -> Step:
        """Call ``next(generator)``; return the recorded step."""
        return self._do("next", None)

    def send(self, value: Any) -> Step:
        """Call ``generator.send(value)``; return the recorded step."""
        return self._do("send", value)

    def throw(self, exception: BaseException) -> Step:
        """Call ``generator.throw(exception)``; return the recorded step."""
        return self._do(*_parse(("throw", exception)))

    def close(self) -> Step:
        """Call ``generator.close()``; return the recorded step."""
        return self._do("close", None)

    @property
    def state(self) -> str:
        """created, suspended, running or closed."""
        return _state(self.generator)

    @property
    def paused_line(self) -> int | None:
        """The line (numbered as in its cell or file) where the generator waits, or None.

        A generator that has not started yet waits before its first line (its
        ``def``); a closed one waits nowhere.
        """
        frame = self.generator.gi_frame
        if frame is None or self.state == "closed":
            return None
        if self.state == "created":
            return self.first_line
        return frame.f_lineno

    def locals(self) -> dict[str, str]:
        """The generator's local variables as short reprs, in the order they were defined."""
        frame = self.generator.gi_frame
        if frame is None or self.state == "closed":
            return {}
        return {name: _short(repr(value)) for name, value in dict(frame.f_locals).items()}

    def where(self) -> str:
        """One line: the generator's name, its state, and its paused line."""
        line = self.paused_line
        if line is None:
            return f"{self.name}: {self.state}"
        if self.state == "created":
            return f"{self.name}: created, not started (starts at line {line})"
        return f"{self.name}: {self.state}, paused at line {line}"

    def source_rows(self) -> list[tuple[int, str, bool]]:
        """(line number, text, whether it is the paused line) for each line of the source."""
        paused = self.paused_line
        return [
            (number, text, number == paused)
            for number, text in enumerate(self.source, start=self.first_line)
        ]

    def locals_text(self) -> str:
        """The locals as ``name = value`` pairs on one line (or a word for none)."""
        pairs = [f"{name} = {value}" for name, value in self.locals().items()]
        return "locals: " + ("; ".join(pairs) if pairs else "(none)")

    def text(self) -> str:
        """The whole panel as plain text: deterministic, so a notebook can store it."""
        width = len(str(self.first_line + max(len(self.source) - 1, 0)))
        lines = [self.where()]
        for number, text, paused in self.source_rows():
            marker = "-->" if paused else "   "
            lines.append(f"{marker}  {str(number).rjust(width)}  {text}".rstrip())
        lines.append(self.locals_text())
        if self.trace.steps:
            lines.append(self.trace.table())
        return "\n".join(lines)

    def __repr__(self) -> str:
        return self.text()

    def source_html(self) -> str:
        """The source as HTML, the paused line highlighted."""
        rows = []
        for number, text, paused in self.source_rows():
            style = "background:#FFE8A3;font-weight:bold;" if paused else ""
            marker = "&rarr;" if paused else "&nbsp;"
            rows.append(
                f'<div class="lessons-step-line{" lessons-step-paused" if paused else ""}" '
                f'data-line="{number}" style="{style}white-space:pre">'
                f"{marker} {number:>3}  {html.escape(text)}</div>"
            )
        return (
            '<div style="font-family:var(--jp-code-font-family, monospace);'
            'font-size:var(--jp-code-font-size, 13px)">' + "".join(rows) + "</div>"
        )

    def locals_html(self) -> str:
        """The locals as a two-column HTML table."""
        cell = "padding:1px 8px;text-align:left;font-family:var(--jp-code-font-family, monospace)"
        rows = "".join(
            f'<tr><td style="{cell}">{html.escape(name)}</td>'
            f'<td style="{cell}">{html.escape(value)}</td></tr>'
            for name, value in self.locals().items()
        )
        if not rows:
            rows = f'<tr><td style="{cell}" colspan="2">(none)</td></tr>'
        return f'<table class="lessons-step-locals"><tbody>{rows}</tbody></table>'

    def picture_png(self) -> bytes:
        """The lane picture of the steps so far, as PNG bytes (empty before the first step)."""
        if not self.trace.steps:
            return b""
        from matplotlib.figure import Figure

        figure = Figure(figsize=self.trace.figure_size())
        self.trace.plot(ax=figure.subplots(), title=f"step({self.name}(...))")
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=100, bbox_inches="tight")
        return buffer.getvalue()


def parse_sent_value(text: str) -> Any:
    """Read the value typed into the panel's send box as a Python literal.

    >>> parse_sent_value("4"), parse_sent_value("'pay'"), parse_sent_value("")
    (4, 'pay', None)
    """
    if not text.strip():
        return None
    try:
        return ast.literal_eval(text.strip())
    except (ValueError, SyntaxError):
        raise ValueError(
            f"cannot send {text!r}: type a Python literal such as 5, 'pay', [1, 2] or None"
        ) from None


class StepperPanel:
    """The ipywidgets panel around a :class:`Stepper` (made by :func:`step`)."""

    def __init__(self, stepper: Stepper) -> None:
        import ipywidgets as widgets

        self.stepper = stepper
        self.title = widgets.HTML()
        self.source = widgets.HTML(layout=widgets.Layout(flex="2 1 auto"))
        self.variables = widgets.HTML(layout=widgets.Layout(flex="1 1 auto"))
        self.next_button = widgets.Button(description="next", tooltip="next(generator)")
        self.send_value = widgets.Text(
            placeholder="value to send, e.g. 4", layout=widgets.Layout(width="160px")
        )
        self.send_button = widgets.Button(description="send", tooltip="generator.send(value)")
        self.exception = widgets.Dropdown(
            options=list(THROWABLE), layout=widgets.Layout(width="130px")
        )
        self.message = widgets.Text(placeholder="message", layout=widgets.Layout(width="130px"))
        self.throw_button = widgets.Button(
            description="throw", tooltip="generator.throw(exception)"
        )
        self.close_button = widgets.Button(description="close", tooltip="generator.close()")
        self.status = widgets.HTML()
        self.table = widgets.HTML()
        self.picture = widgets.HTML()
        self.next_button.on_click(lambda _: self._act(self.stepper.next))
        self.send_button.on_click(lambda _: self._act(self._send))
        self.throw_button.on_click(lambda _: self._act(self._throw))
        self.close_button.on_click(lambda _: self._act(self.stepper.close))
        for button in (self.next_button, self.send_button, self.throw_button, self.close_button):
            button.layout.width = "80px"
        self.view = widgets.VBox(
            [
                self.title,
                widgets.HBox([self.source, self.variables]),
                widgets.HBox(
                    [
                        self.next_button,
                        self.send_value,
                        self.send_button,
                        self.exception,
                        self.message,
                        self.throw_button,
                        self.close_button,
                    ],
                    layout=widgets.Layout(flex_flow="row wrap"),
                ),
                self.status,
                self.table,
                self.picture,
            ],
            layout=widgets.Layout(max_width="1000px"),
        )
        self.view.add_class("lessons-stepper")
        self.refresh()

    def _send(self) -> Step:
        return self.stepper.send(parse_sent_value(self.send_value.value))

    def _throw(self) -> Step:
        return self.stepper.throw(THROWABLE[self.exception.value](self.message.value or "thrown"))

    def _act(self, action: Any) -> None:
        try:
            step = action()
        except ValueError as error:  # a value the send box cannot read: say so, take no step
            self.status.value = f"<span style='color:#D55E00'>{html.escape(str(error))}</span>"
            return
        self.status.value = f"<b>{html.escape(step.call)}</b> &rarr; {html.escape(step.result)}"
        self.refresh()

    def refresh(self) -> None:
        """Show the stepper's current state in every part of the panel."""
        stepper = self.stepper
        self.title.value = f"<b>{html.escape(stepper.where())}</b>"
        self.source.value = stepper.source_html()
        self.variables.value = "<b>locals</b>" + stepper.locals_html()
        self.table.value = stepper.trace._repr_html_() if stepper.trace.steps else ""
        png = stepper.picture_png()
        self.picture.value = (
            f'<img alt="lane picture" src="data:image/png;base64,{base64.b64encode(png).decode()}">'
            if png
            else ""
        )
        finished = stepper.state == "closed"
        for button in (self.next_button, self.send_button, self.throw_button, self.close_button):
            button.disabled = finished

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        bundle = self.view._repr_mimebundle_(include=include, exclude=exclude)
        bundle["text/plain"] = self.stepper.text()  # what nbval stores and compares
        return bundle

    def __repr__(self) -> str:
        return self.stepper.text()


def step(generator: Generator[Any, Any, Any], script: Iterable[Any] = ()) -> StepperPanel:
    """A live panel that steps through ``generator`` one click at a time.

    ``script`` is run first (``"next"``, ``("send", value)``, ...), so a lesson
    can show a generator already part-way. Show the panel as a cell's value.
    """
    return StepperPanel(Stepper(generator, script))
