"""Record who works when, one lane per worker, and show it as text or as horizontal bars.

A :class:`Timeline` reads a clock at the start and at the end of each piece of work
(a *span*) and files it under a *lane*: a task's name, or ``"load"`` and ``"compute"``.
With a :class:`VirtualClock` time moves only when the program says so, so the record
is the same on every run and can be printed in a lesson::

    >>> clock = VirtualClock()
    >>> timeline = Timeline(clock)
    >>> with timeline.span("load"):
    ...     clock.advance(1.0)
    >>> with timeline.span("compute", label="batch 1"):
    ...     clock.advance(0.5)
    >>> print(timeline)
    load     0.00-1.00
    compute  1.00-1.50
    >>> print(timeline.strip(width=12))
    load     |########    |
    compute  |        ####|
             0 s      1.5 s

With the default clock (``time.perf_counter``) the spans are real seconds: print them
rounded, or assert on :meth:`Timeline.busy` and :meth:`Timeline.overlap` loosely.
``timeline.show()`` draws the lanes with matplotlib.
"""

from __future__ import annotations

import contextlib
import math
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from lessons_lib.memory import OKABE_ITO
from lessons_lib.trace import Trace

OUTPUT_WIDTH_IN = 8.2  # 820 px at 100 dpi: inside JupyterLab's 848 px output area

__all__ = ["Span", "Timeline", "VirtualClock"]


def _seconds(value: object, name: str) -> float:
    """``value`` as a finite float, or a TypeError/ValueError naming ``name``."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"{name} must be a number of seconds, not {value!r}")
    if not math.isfinite(value):
        raise ValueError(f"{name} must be a finite number of seconds, not {value!r}")
    return float(value)


class VirtualClock:
    """A clock that moves only when told to, so that timelines come out the same on every run.

    >>> clock = VirtualClock()
    >>> clock()
    0.0
    >>> clock.advance(2.5)
    >>> clock()
    2.5
    """

    def __init__(self, start: float = 0.0) -> None:
        self.now = _seconds(start, "start")

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        """Move the clock forward by ``seconds`` (0 or more)."""
        seconds = _seconds(seconds, "seconds")
        if seconds < 0:
            raise ValueError(
                f"a clock cannot go back: advance({seconds!r}) needs 0 or more seconds"
            )
        self.now += seconds

    def __repr__(self) -> str:
        return f"VirtualClock(now={self.now!r})"


@dataclass(frozen=True)
class Span:
    """One piece of work: ``lane`` was busy from ``start`` to ``end`` (seconds since the origin)."""

    lane: str
    start: float
    end: float
    label: str = ""

    @property
    def duration(self) -> float:
        return self.end - self.start


def _lane_name(lane: object) -> str:
    if not isinstance(lane, str):
        raise TypeError(f"lane must be a str (a task's name, or 'load'/'compute'), not {lane!r}")
    if not lane.strip():
        raise ValueError("lane must be a non-empty name, such as 'load' or a task's name")
    return lane


def _label(label: object) -> str:
    if not isinstance(label, str):
        raise TypeError(f"label must be a str (shown on the bar), not {label!r}")
    return label


def _merged(spans: Sequence[Span]) -> list[tuple[float, float]]:
    """The time the spans cover, as sorted intervals that do not overlap."""
    merged: list[tuple[float, float]] = []
    for span in sorted(spans, key=lambda s: s.start):
        if merged and span.start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], span.end))
        else:
            merged.append((span.start, span.end))
    return merged


class Timeline:
    """Spans of work per lane, timed with ``clock`` and measured from ``origin``.

    ``clock`` is any function returning seconds (default ``time.perf_counter``; a
    :class:`VirtualClock` for pictures that never change). ``origin`` is the clock
    reading that counts as 0 (default: the clock when the timeline is made).
    ``lanes`` fixes the order of lanes top to bottom; others follow in the order first seen.
    Spans may be recorded from several threads.

    >>> timeline = Timeline(VirtualClock(), lanes=["compute", "load"])
    >>> timeline.add("load", 0, 2)
    Span(lane='load', start=0.0, end=2.0, label='')
    >>> timeline.add("compute", 1, 3, label="x")
    Span(lane='compute', start=1.0, end=3.0, label='x')
    >>> timeline.lanes, timeline.end, timeline.busy("load"), timeline.overlap("load", "compute")
    (['compute', 'load'], 3.0, 2.0, 1.0)
    >>> timeline.rows(digits=0)
    {'compute': [(1.0, 3.0)], 'load': [(0.0, 2.0)]}
    """

    def __init__(
        self,
        clock: Callable[[], float] = time.perf_counter,
        origin: float | None = None,
        lanes: Sequence[str] = (),
        unit: str = "s",
    ) -> None:
        if not callable(clock):
            raise TypeError(
                "clock must be a function returning seconds "
                f"(time.perf_counter or a VirtualClock()), not {clock!r}"
            )
        if isinstance(lanes, str):
            raise TypeError(
                f"lanes must be a list of names, not the str {lanes!r}: write [{lanes!r}]"
            )
        if not isinstance(unit, str) or not unit:
            raise TypeError(f"unit must be a short name such as 's' or 'steps', not {unit!r}")
        self.clock = clock
        self.unit = unit
        reading = _seconds(clock(), "clock()")
        self.origin = reading if origin is None else _seconds(origin, "origin")
        self._lanes = [_lane_name(lane) for lane in lanes]
        self._spans: list[Span] = []
        self._lock = threading.Lock()

    def now(self) -> float:
        """Seconds since the origin, by the timeline's clock."""
        return _seconds(self.clock(), "clock()") - self.origin

    def add(self, lane: str, start: float, end: float, label: str = "") -> Span:
        """Record that ``lane`` was busy from ``start`` to ``end`` (seconds since the origin)."""
        lane = _lane_name(lane)
        start, end = _seconds(start, "start"), _seconds(end, "end")
        if end < start:
            raise ValueError(f"a span cannot end before it starts: start={start!r}, end={end!r}")
        span = Span(lane, start, end, _label(label))
        with self._lock:
            if lane not in self._lanes:
                self._lanes.append(lane)
            self._spans.append(span)
        return span

    def span(self, lane: str, label: str = "") -> contextlib.AbstractContextManager[None]:
        """Time the ``with`` block as one span of ``lane`` (recorded even if the block raises)."""
        return self._timed(_lane_name(lane), _label(label))

    @contextlib.contextmanager
    def _timed(self, lane: str, label: str) -> Iterator[None]:
        start = self.now()
        try:
            yield
        finally:
            self.add(lane, start, self.now(), label)

    @property
    def lanes(self) -> list[str]:
        return list(self._lanes)

    @property
    def spans(self) -> list[Span]:
        with self._lock:
            return list(self._spans)

    @property
    def end(self) -> float:
        """When the last span ends (0.0 for an empty timeline)."""
        return max((span.end for span in self.spans), default=0.0)

    def busy(self, lane: str) -> float:
        """Seconds in which ``lane`` was busy (overlapping spans counted once)."""
        lane = _lane_name(lane)
        return sum(end - start for start, end in _merged([s for s in self.spans if s.lane == lane]))

    def overlap(self, first: str, second: str) -> float:
        """Seconds in which both lanes were busy at once (0.0 when they only took turns)."""
        first, second = _lane_name(first), _lane_name(second)
        a = _merged([s for s in self.spans if s.lane == first])
        b = _merged([s for s in self.spans if s.lane == second])
        return sum(max(0.0, min(e1, e2) - max(s1, s2)) for s1, e1 in a for s2, e2 in b)

    def rows(self, digits: int = 2) -> dict[str, list[tuple[float, float]]]:
        """Each lane's spans as ``(start, end)`` pairs, rounded to ``digits`` decimals, by start."""
        if isinstance(digits, bool) or not isinstance(digits, int) or digits < 0:
            raise ValueError(f"digits must be a whole number 0 or more, not {digits!r}")
        spans = sorted(self.spans, key=lambda s: s.start)
        return {
            lane: [(round(s.start, digits), round(s.end, digits)) for s in spans if s.lane == lane]
            for lane in self.lanes
        }

    def text(self, digits: int = 2) -> str:
        """One line per lane listing its spans as ``start-end``."""
        width = max((len(lane) for lane in self.lanes), default=0) + 2
        lines = [
            (
                f"{lane:<{width}}" + "  ".join(f"{s:.{digits}f}-{e:.{digits}f}" for s, e in pairs)
            ).rstrip()
            for lane, pairs in self.rows(digits).items()
        ]
        return "\n".join(lines) or "(no spans)"

    def __str__(self) -> str:
        return self.text()

    def strip(self, width: int = 60, until: float | None = None) -> str:
        """An ASCII picture: one row per lane, ``#`` where the lane is busy, ``width`` cells wide.

        Each cell stands for ``until / width`` seconds (``until`` defaults to :attr:`end`) and
        shows ``#`` when a span covers the middle of the cell.
        """
        if isinstance(width, bool) or not isinstance(width, int) or width < 4:
            raise ValueError(
                f"width must be a whole number of characters, 4 or more, not {width!r}"
            )
        until = self.end if until is None else _seconds(until, "until")
        if until <= 0:
            raise ValueError(
                "nothing to draw: record a span that lasts some time, or pass until=..."
            )
        cell = until / width
        name = max((len(lane) for lane in self.lanes), default=0) + 2
        rows = []
        for lane in self.lanes:
            covered = _merged([s for s in self.spans if s.lane == lane])
            marks = (
                "#" if any(a <= (i + 0.5) * cell < b for a, b in covered) else " "
                for i in range(width)
            )
            rows.append(f"{lane:<{name}}|{''.join(marks)}|")
        left, right = f"0 {self.unit}", f"{until:g} {self.unit}"
        rows.append(" " * name + left + right.rjust(max(width + 2 - len(left), len(right) + 1)))
        return "\n".join(rows)

    def figure_size(self) -> tuple[float, float]:
        """Width and height in inches: as wide as JupyterLab's output area at 1280 px (848 px)."""
        return OUTPUT_WIDTH_IN, round(1.3 + 0.5 * max(len(self.lanes), 1), 1)

    def plot(self, ax: Any = None, title: str | None = None) -> Any:
        """Draw one row of bars per lane (first lane on top); return the matplotlib Axes."""
        import matplotlib.pyplot as plt

        if not self.spans:
            raise ValueError("nothing to draw: the timeline has no spans yet")
        if ax is None:
            _, ax = plt.subplots(figsize=self.figure_size())
        lanes = self.lanes
        for row, lane in enumerate(lanes):
            y = len(lanes) - 1 - row
            colour = OKABE_ITO[row % len(OKABE_ITO)]
            spans = [s for s in self.spans if s.lane == lane]
            ax.broken_barh(
                [(s.start, s.duration) for s in spans],
                (y - 0.35, 0.7),
                facecolors=colour,
                edgecolor="white",
                linewidth=1,
            )
            for s in spans:
                if s.label:
                    ax.text(
                        (s.start + s.end) / 2,
                        y,
                        s.label,
                        ha="center",
                        va="center",
                        fontsize=8,
                        color="white" if colour in OKABE_ITO[:1] + OKABE_ITO[3:5] else "black",
                        clip_on=True,
                    )
        ax.set_yticks(range(len(lanes)), list(reversed(lanes)))
        ax.set_ylim(-0.6, len(lanes) - 0.4)
        ax.set_xlim(0, self.end * 1.02 or 1)
        what = "virtual time" if isinstance(self.clock, VirtualClock) else "time"  # make-believe
        ax.set_xlabel(f"{what} ({self.unit})")
        ax.grid(True, axis="x", alpha=0.3)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        if title:
            ax.set_title(title)
        return ax

    # Draw with plot(), then plt.tight_layout() and plt.show(): the same as a Trace's picture.
    show = Trace.show
