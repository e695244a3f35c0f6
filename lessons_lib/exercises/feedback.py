"""Feedback that renders: a small coloured panel in a notebook, the same words as plain text.

Messages are written in a little Markdown: `code`, *emphasis*, **bold**,
paragraphs separated by a blank line, and fenced blocks (three backticks) for
tracebacks.  :class:`Panel` turns that into deterministic HTML (nbval compares
``text/html`` too) and keeps the text form for terminals and stored outputs.
Colours come from the Okabe-Ito palette (safe for colour-blind readers), and
every panel also says in words what it is.

>>> html = Panel("correct", "Correct!", "`f` *yields* **3** items.").html()
>>> print(html.split('">', 2)[2])
<strong>Correct!</strong> <code>f</code> <em>yields</em> <strong>3</strong> items.</p></div>
>>> "#009E73" in html and "word-break: normal" in html
True
"""

from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass
from typing import Any

# (border, background) per kind: Okabe-Ito green, orange, grey, vermillion, blue.
COLOURS = {
    "correct": ("#009E73", "#E8F6F1"),
    "incorrect": ("#E69F00", "#FDF3E1"),
    "not attempted": ("#8C8C8C", "#F2F2F2"),
    "course problem": ("#D55E00", "#FBEAE0"),
    "hint": ("#0072B2", "#E6F0F8"),
    "solution": ("#0072B2", "#F5F8FB"),
}

_STYLE = (
    "border-left: 6px solid {border}; background: {background}; color: #1A1A1A; "
    "padding: 6px 12px; margin: 4px 0; max-width: 48em; "
    "font-family: var(--jp-ui-font-family, sans-serif); line-height: 1.45; "
    "white-space: normal; overflow-wrap: normal; word-break: normal"
)
_PRE = (
    'style="white-space: pre-wrap; font-family: var(--jp-code-font-family, monospace); '
    'font-size: 0.92em; margin: 4px 0"'
)
_FENCE = re.compile(r"```\n?(.*?)\n?```", re.DOTALL)
_INLINE = re.compile(r"`([^`]+)`|\*\*(\S(?:.*?\S)?)\*\*|\*(\S(?:.*?\S)?)\*")


def inline_markdown(text: str) -> str:
    """HTML for one paragraph: `code`, **bold** and *emphasis*; everything else escaped.

    >>> inline_markdown("a `x * y` and *not* <b>")
    'a <code>x * y</code> and <em>not</em> &lt;b&gt;'
    >>> inline_markdown("2 * 3 * 4")
    '2 * 3 * 4'
    """
    out, last = [], 0
    for match in _INLINE.finditer(text):
        out.append(html.escape(text[last : match.start()], quote=False))
        code, bold, emphasis = match.groups()
        if code is not None:
            out.append(f"<code>{html.escape(code, quote=False)}</code>")
        elif bold is not None:
            out.append(f"<strong>{inline_markdown(bold)}</strong>")
        else:
            out.append(f"<em>{inline_markdown(emphasis)}</em>")
        last = match.end()
    out.append(html.escape(text[last:], quote=False))
    return "".join(out)


def markdown(text: str, lead: str = "") -> str:
    """HTML for ``text``: paragraphs, fenced blocks, inline marks; ``lead`` (HTML) opens it."""
    parts: list[str] = []
    last = 0
    for match in _FENCE.finditer(text):
        parts += _paragraphs(text[last : match.start()])
        parts.append(f"<pre {_PRE}>{html.escape(match.group(1), quote=False)}</pre>")
        last = match.end()
    parts += _paragraphs(text[last:])
    if lead:
        if parts and parts[0].startswith("<p"):
            parts[0] = parts[0].replace('0">', f'0">{lead} ', 1)
        else:
            parts.insert(0, f'<p style="margin: 2px 0">{lead}</p>')
    return "".join(parts)


def _paragraphs(text: str) -> list[str]:
    blocks = [block.strip() for block in re.split(r"\n\s*\n", text)]
    return [
        f'<p style="margin: 2px 0">{inline_markdown(" ".join(block.split(chr(10))))}</p>'
        for block in blocks
        if block
    ]


@dataclass(frozen=True)
class Panel:
    """A coloured box with a heading and a Markdown message (or code, shown as it is)."""

    kind: str
    heading: str
    text: str
    code: bool = False

    def __str__(self) -> str:
        return f"{self.heading} {self.text}" if self.heading else self.text

    def html(self) -> str:
        border, background = COLOURS[self.kind]
        lead = f"<strong>{html.escape(self.heading)}</strong>" if self.heading else ""
        if self.code:
            body = (f'<p style="margin: 2px 0">{lead}</p>' if lead else "") + (
                f"<pre {_PRE}>{html.escape(self.text, quote=False)}</pre>"
            )
        else:
            body = markdown(self.text, lead)
        style = _STYLE.format(border=border, background=background)
        return f'<div class="lessons-feedback" style="{style}">{body}</div>'

    def _repr_html_(self) -> str:
        return self.html()

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        printer.text(str(self))


def show(item: Any) -> None:
    """Display ``item`` as a rich output inside IPython; print its text anywhere else."""
    ipython_module = sys.modules.get("IPython")
    shell = ipython_module.get_ipython() if ipython_module else None
    if shell is not None and getattr(shell, "kernel", None) is not None:
        from IPython.display import display

        display(item)
    else:
        print(item, file=sys.__stdout__ if sys.stdout is None else sys.stdout)
