"""Measure memory: peak Python allocations (tracemalloc) and process memory over time.

Three tools, each a thin layer over what the standard library, memory-profiler
and matplotlib already do:

- :func:`tracemalloc_peak`: the peak bytes a function allocated through
  Python's allocator (exact, and independent of what else the process holds).
- :func:`rss_over_time`: the process's resident memory (RSS) sampled while a
  function runs, with memory-profiler's ``memory_usage``; draw several runs
  with :func:`plot_memory_curves`.
- :func:`scaling_experiment`: the peak memory of several strategies over
  growing inputs; draw it with :func:`plot_scaling`.

>>> _, peak = tracemalloc_peak(lambda: [0] * 100_000)
>>> peak > 100_000 * 8
True
"""

from __future__ import annotations

import functools
import inspect
import itertools
import math
import multiprocessing
import tracemalloc
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, TypeVar

__all__ = [
    "OKABE_ITO",
    "MemoryCurve",
    "ScalingResult",
    "plot_memory_curves",
    "plot_scaling",
    "rss_over_time",
    "scaling_experiment",
    "tracemalloc_peak",
]

T = TypeVar("T")
X = TypeVar("X")

MIB = 2**20
"""Bytes in a mebibyte (MiB), the unit memory-profiler reports in."""

# Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
_LINESTYLES = ("-", "--", "-.", ":")

Measure = Literal["tracemalloc", "rss"]


def _require_callable(function: Any, name: str = "function") -> None:
    """Raise a TypeError naming the usual slip: a generator (or a result) instead of a function."""
    if callable(function):
        return
    if inspect.isgenerator(function) or hasattr(function, "__next__"):
        raise TypeError(
            f"{name} must be a function to call, but got an iterator ({type(function).__name__}). "
            "Creating a generator runs none of its code, so there is nothing to measure yet: pass "
            "a function that consumes it, e.g. lambda: sum(1 for _ in read_lines(path))."
        )
    raise TypeError(
        f"{name} must be a function to call, but got {type(function).__name__}. "
        "Wrap the work in a function, e.g. lambda: sum(x * x for x in range(10**6))."
    )


def tracemalloc_peak(function: Callable[[], T]) -> tuple[T, int]:
    """Run ``function()``; return ``(its result, peak bytes it allocated)`` as tracemalloc saw them.

    Only allocations made through Python's allocator count, which is what a
    list of numbers or of lines costs; the process's total memory (RSS) is
    measured by :func:`rss_over_time`.

    >>> _, eager = tracemalloc_peak(lambda: sum([n * n for n in range(100_000)]))
    >>> _, lazy = tracemalloc_peak(lambda: sum(n * n for n in range(100_000)))
    >>> eager > 100 * lazy
    True
    """
    _require_callable(function)
    already_tracing = tracemalloc.is_tracing()
    if not already_tracing:
        tracemalloc.start()
    tracemalloc.reset_peak()
    baseline, _ = tracemalloc.get_traced_memory()
    try:
        result: Any = function()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        if not already_tracing:
            tracemalloc.stop()
    return result, peak - baseline


# ---------------------------------------------------------------------------
# Resident memory over time (memory-profiler)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class MemoryCurve:
    """The resident memory (RSS) of this process, sampled while one function ran.

    ``mib[i]`` was measured ``seconds[i]`` after the first sample, which is
    taken just before the function starts (the baseline). ``interval`` is the
    requested time between samples; the real spacing is in ``seconds``.

    >>> curve = MemoryCurve(
    ...     "demo", seconds=(0.0, 0.1, 0.2), mib=(30.0, 75.5, 31.0), interval=0.1, result=None
    ... )
    >>> curve.baseline_mib, curve.peak_mib, curve.increment_mib, curve.duration
    (30.0, 75.5, 45.5, 0.2)
    """

    label: str
    seconds: tuple[float, ...]
    mib: tuple[float, ...]
    interval: float
    result: Any = field(repr=False, compare=False)

    @property
    def baseline_mib(self) -> float:
        """RSS just before the function started."""
        return self.mib[0]

    @property
    def peak_mib(self) -> float:
        """The highest RSS sampled."""
        return max(self.mib)

    @property
    def increment_mib(self) -> float:
        """How far RSS rose above the baseline at its peak (what ``%memit`` calls the increment)."""
        return self.peak_mib - self.baseline_mib

    @property
    def duration(self) -> float:
        """Seconds from the first sample to the last."""
        return self.seconds[-1]


def rss_over_time(
    function: Callable[[], Any], *, interval: float = 0.01, label: str | None = None
) -> MemoryCurve:
    """Run ``function()`` once, sampling this process's RSS every ``interval`` seconds.

    The samples come from ``memory_profiler.memory_usage``, which polls from a
    helper process; that process is joined before this returns, also when
    ``function`` raises (its exception is re-raised here unchanged), and stopped
    at once on Ctrl+C.  Processes that ``function`` starts are left to it. RSS counts
    everything the process holds, so compare a curve with its own baseline
    (:attr:`MemoryCurve.increment_mib`) rather than with another process.

    >>> import time
    >>> def hold_64_mib():
    ...     block = b"x" * (64 * 2**20)
    ...     time.sleep(0.05)  # long enough for several samples
    ...     return len(block)
    >>> curve = rss_over_time(hold_64_mib, label="64 MiB of bytes")
    >>> curve.result
    67108864
    >>> curve.increment_mib > 32, curve.seconds[0], len(curve.mib) == len(curve.seconds)
    (True, 0.0, True)
    """
    _require_callable(function)
    _check_interval(interval)
    if label is not None and not isinstance(label, str):
        raise TypeError(
            f"label must be a str (the curve's name in a plot's legend) or None, not {label!r}"
        )
    from memory_profiler import MemTimer, memory_usage

    outcome: dict[str, Any] = {}

    def run() -> None:
        # Catch here so memory_usage finishes normally: on an exception it would
        # SIGKILL every child process of this process, not only its own poller.
        try:
            outcome["result"] = function()
        except BaseException as error:  # noqa: BLE001 - re-raised below, after the poller is gone
            outcome["error"] = error

    before = set(multiprocessing.active_children())
    finished = False
    try:
        samples = memory_usage((run, (), {}), interval=interval, timestamps=True, max_iterations=1)
        finished = True
    finally:
        _end_pollers(before, MemTimer, wait=finished)
    if "error" in outcome:
        raise outcome.pop("error")
    start = samples[0][1]
    return MemoryCurve(
        label=label if label is not None else getattr(function, "__name__", "function"),
        seconds=tuple(max(stamp - start, 0.0) for _, stamp in samples),
        mib=tuple(float(mib) for mib, _ in samples),
        interval=float(interval),
        result=outcome.get("result"),
    )


def _check_interval(interval: object) -> None:
    if isinstance(interval, bool) or not isinstance(interval, (int, float)):
        raise TypeError(f"interval must be a number of seconds (e.g. 0.01), not {interval!r}")
    if not (math.isfinite(interval) and interval > 0):
        raise ValueError(
            f"interval must be a positive number of seconds (e.g. 0.01), not {interval!r}"
        )


def _end_pollers(before: set[Any], poller: type, wait: bool, timeout: float = 1.0) -> None:
    """End memory-profiler's poller processes started since ``before``, so none is left behind.

    Only pollers: processes the measured function started are its own business.  After a
    normal run a poller has sent its samples and is ending, so it gets ``timeout`` seconds;
    after an interruption (Ctrl+C while memory_usage waited for it) it is stopped at once.
    """
    for child in multiprocessing.active_children():
        if child in before or not isinstance(child, poller):
            continue
        if wait:
            child.join(timeout)
        if child.is_alive():
            child.terminate()
            child.join(timeout)


def plot_memory_curves(
    curves: Iterable[MemoryCurve],
    *,
    ax: Any = None,
    relative: bool = False,
    title: str | None = None,
) -> Any:
    """Draw each curve as MiB over seconds and return the Axes.

    Each curve has its label and a colour-blind-safe colour of its own.
    With ``relative=True`` each curve starts at 0: it shows the memory above
    its own baseline, so runs made one after the other compare fairly. In a
    notebook, call ``plt.show()`` afterwards.

    >>> import matplotlib.pyplot as plt
    >>> curve = MemoryCurve("demo", (0.0, 0.1, 0.2), (30.0, 40.0, 31.0), 0.1, None)
    >>> ax = plot_memory_curves([curve], relative=True)
    >>> ax.get_lines()[0].get_ydata().tolist(), ax.get_ylabel()
    ([0.0, 10.0, 1.0], 'memory above start (MiB)')
    >>> plt.close(ax.figure)
    """
    import matplotlib.pyplot as plt

    if isinstance(curves, MemoryCurve):
        raise TypeError(
            "plot_memory_curves takes a list of curves: wrap a single one, "
            "plot_memory_curves([curve])"
        )
    if not isinstance(curves, Iterable):
        raise TypeError(
            f"curves must be a list of MemoryCurve objects from rss_over_time(), not {curves!r}"
        )
    curves = list(curves)
    if not curves:
        raise ValueError(
            "no curves to plot: pass a list of MemoryCurve objects from rss_over_time()"
        )
    for curve in curves:
        if not isinstance(curve, MemoryCurve):
            raise TypeError(
                f"curves must hold MemoryCurve objects from rss_over_time(), not {curve!r}"
            )
    if ax is None:
        _, ax = plt.subplots(figsize=(7.5, 4.0))
    for index, curve in enumerate(curves):
        offset = curve.baseline_mib if relative else 0.0
        ax.plot(
            curve.seconds,
            [mib - offset for mib in curve.mib],
            color=OKABE_ITO[index % len(OKABE_ITO)],
            linestyle=_LINESTYLES[index % len(_LINESTYLES)],
            linewidth=2,
            label=curve.label,
        )
    ax.set_xlabel("time since start (s)")
    ax.set_ylabel("memory above start (MiB)" if relative else "resident memory, RSS (MiB)")
    ax.set_xlim(left=0)
    if relative:
        ax.set_ylim(bottom=min(0.0, ax.get_ylim()[0]))
    ax.grid(True, alpha=0.3)
    ax.legend()
    if title:
        ax.set_title(title)
    return ax


# ---------------------------------------------------------------------------
# Scaling: peak memory over growing inputs
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ScalingResult:
    """Peak memory (MiB above the start) of each strategy at each input size.

    ``peaks_mib[name][i]`` belongs to ``sizes[i]``; ``measure`` says how it was
    taken ("tracemalloc": Python allocations; "rss": the process's resident memory).

    >>> result = ScalingResult((1, 10), {"list": (0.5, 5.0), "lazy": (0.02, 0.02)}, "tracemalloc")
    >>> result.growth("list"), result.growth("lazy")
    (4.5, 0.0)
    """

    sizes: tuple[float, ...]
    peaks_mib: Mapping[str, tuple[float, ...]]
    measure: Measure

    def growth(self, strategy: str) -> float:
        """How many MiB the strategy's peak grew from the smallest to the largest input."""
        if strategy not in self.peaks_mib:
            raise KeyError(
                f"no strategy {strategy!r} in this result; "
                f"its strategies are {', '.join(map(repr, self.peaks_mib))}"
            )
        peaks = self.peaks_mib[strategy]
        return peaks[-1] - peaks[0]


def _peak_mib(function: Callable[[], Any], measure: Measure, interval: float) -> float:
    if measure == "tracemalloc":
        _, peak = tracemalloc_peak(function)
        return peak / MIB
    return rss_over_time(function, interval=interval).increment_mib


def scaling_experiment(
    strategies: Mapping[str, Callable[[X], Any]],
    sizes: Sequence[float],
    make_input: Callable[[float], X],
    *,
    measure: Measure = "tracemalloc",
    interval: float = 0.005,
) -> ScalingResult:
    """Measure the peak memory of ``strategy(make_input(size))`` for every strategy and size.

    ``make_input`` runs outside the measurement (e.g. it writes a file of that
    size and returns its path). Sizes must grow; they are measured smallest
    first, each strategy once per size.

    >>> result = scaling_experiment(
    ...     {"list": lambda n: sum([i for i in range(n)]),
    ...      "generator": lambda n: sum(i for i in range(n))},
    ...     sizes=[1_000, 10_000, 100_000], make_input=int)
    >>> result.growth("list") > 1, result.growth("generator") < 0.01
    (True, True)
    """
    if measure not in ("tracemalloc", "rss"):
        raise ValueError(f"measure must be 'tracemalloc' or 'rss', not {measure!r}")
    _check_interval(interval)
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Iterable):
        raise TypeError(
            f"sizes must be a list of input sizes, e.g. [10_000, 100_000], not {sizes!r}"
        )
    sizes = list(sizes)
    for size in sizes:
        if isinstance(size, bool) or not isinstance(size, (int, float)) or not math.isfinite(size):
            raise TypeError(f"each size must be a finite number, not {size!r}")
    if not isinstance(strategies, Mapping):
        raise TypeError(f"strategies must be a dict of name -> function(input), not {strategies!r}")
    if not sizes:
        raise ValueError(
            "sizes is empty: give at least one input size, e.g. [10_000, 100_000, 1_000_000]"
        )
    if any(later <= earlier for earlier, later in itertools.pairwise(sizes)):
        raise ValueError(f"sizes must grow strictly from smallest to largest, got {sizes!r}")
    if not strategies:
        raise ValueError(
            "strategies is empty: give a dict of name -> function(input), "
            "e.g. {'list': ..., 'lazy': ...}"
        )
    for name, strategy in strategies.items():
        _require_callable(strategy, f"strategy {name!r}")
    _require_callable(make_input, "make_input")
    peaks: dict[str, list[float]] = {name: [] for name in strategies}
    for size in sizes:
        data = make_input(size)
        for name, strategy in strategies.items():
            run = functools.partial(strategy, data)
            peaks[name].append(_peak_mib(run, measure, interval))
    return ScalingResult(
        sizes=tuple(sizes),
        peaks_mib={name: tuple(values) for name, values in peaks.items()},
        measure=measure,
    )


def plot_scaling(
    result: ScalingResult,
    *,
    ax: Any = None,
    xlabel: str = "input size",
    log_x: bool | None = None,
    log_y: bool = False,
    title: str | None = None,
) -> Any:
    """Draw peak memory over input size, one labelled line per strategy; return the Axes.

    The x axis is logarithmic when the sizes span a factor of 100 or more
    (``log_x=None``), so sizes growing 10x at a time are evenly spaced. With
    ``log_y=True`` as well, memory proportional to the input is a straight line
    rising one decade per decade, and constant memory a flat one (every peak
    must then be above 0). In a notebook, call ``plt.show()`` afterwards.

    >>> import matplotlib.pyplot as plt
    >>> result = ScalingResult(
    ...     (1, 10, 100), {"list": (1.0, 10.0, 100.0), "lazy": (0.0, 0.0, 0.0)}, "tracemalloc"
    ... )
    >>> ax = plot_scaling(result, xlabel="file size (MB)")
    >>> ax.get_xscale(), [line.get_label() for line in ax.get_lines()]
    ('log', ['list', 'lazy'])
    >>> plt.close(ax.figure)
    """
    import matplotlib.pyplot as plt

    if not isinstance(result, ScalingResult):
        raise TypeError(
            "plot_scaling needs the ScalingResult that scaling_experiment() returns, "
            f"not {result!r}"
        )
    if log_y and any(peak <= 0 for peaks in result.peaks_mib.values() for peak in peaks):
        raise ValueError(
            "log_y=True needs every peak above 0 MiB; an RSS increment can be 0 or below "
            "(memory reused): use measure='tracemalloc' or a linear axis"
        )
    if ax is None:
        _, ax = plt.subplots(figsize=(7.0, 4.0))
    for index, (name, peaks) in enumerate(result.peaks_mib.items()):
        ax.plot(
            result.sizes,
            peaks,
            color=OKABE_ITO[index % len(OKABE_ITO)],
            marker=_MARKERS[index % len(_MARKERS)],
            linestyle=_LINESTYLES[index % len(_LINESTYLES)],
            linewidth=2,
            label=name,
        )
    if log_x is None:
        log_x = min(result.sizes) > 0 and max(result.sizes) / min(result.sizes) >= 100
    if log_x:
        ax.set_xscale("log")
    if log_y:
        ax.set_yscale("log")
    what = "Python allocations" if result.measure == "tracemalloc" else "RSS"
    ax.set_xlabel(xlabel)
    ax.set_ylabel(f"peak memory above start (MiB, {what})")
    ax.grid(True, which="both", alpha=0.3)
    ax.legend()
    if title:
        ax.set_title(title)
    return ax
