"""Calling the learner's code safely: time and memory budgets, errors told apart, kernel restored.

- :func:`budget` interrupts code that runs too long or grows too big, with a
  :class:`BudgetExceeded` (a ``BaseException``, so ``except Exception`` in an
  answer cannot swallow it).  In the main thread a ``SIGALRM`` timer ticks every
  50 ms; elsewhere a watcher thread raises the exception in the calling thread.
- :func:`call` runs one call into the learner's code under a budget, and wraps
  what it raises in :class:`LearnerError` (the learner's own Ctrl+C still stops
  the cell).
- :class:`KernelGuard` undoes what an answer did to the working folder,
  ``builtins``, ``sys.stdout``/``sys.stderr`` and the warning filters.

>>> call(lambda: 1 + 1)
2
>>> try:
...     call(lambda: 1 / 0)
... except LearnerError as error:
...     print(type(error.error).__name__)
ZeroDivisionError
"""

from __future__ import annotations

import builtins
import contextlib
import ctypes
import io
import os
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

T = TypeVar("T")
SECONDS = 2.0
MEMORY_BYTES = 512 * 1024 * 1024  # well below the machine's memory, far above any exercise's needs
_TICK = 0.05


class BudgetExceeded(BaseException):
    """The learner's code ran out of time or memory; ``cause`` says which, in words."""

    def __init__(self, cause: str = "it ran out of its budget") -> None:
        super().__init__(cause)
        self.cause = cause


class LearnerError(Exception):
    """An exception raised by the learner's code, carried out of the check unchanged."""

    def __init__(self, error: BaseException) -> None:
        super().__init__(f"{type(error).__name__}: {error}")
        self.error = error


def _rss() -> int:
    try:  # os-level reading: not an `open` the answer could have rebound, nor one the tracker sees
        statm = os.open("/proc/self/statm", os.O_RDONLY)
        try:
            return int(os.read(statm, 200).split()[1]) * os.sysconf("SC_PAGE_SIZE")
        finally:
            os.close(statm)
    except (OSError, ValueError, AttributeError):
        import psutil  # installed with memory-profiler

        return int(psutil.Process().memory_info().rss)


_limits: list[
    tuple[float, int, float, int]
] = []  # (deadline, ceiling, seconds, bytes), innermost last


def _verdict() -> BudgetExceeded | None:
    if not _limits:
        return None
    deadline, ceiling, seconds, memory_bytes = _limits[-1]
    if time.monotonic() > deadline:
        return BudgetExceeded(f"it ran for more than {seconds:g} s")
    if _rss() > ceiling:
        return BudgetExceeded(f"it used more than {memory_bytes // 2**20} MiB of memory")
    return None


@contextlib.contextmanager
def budget(seconds: float = SECONDS, memory_bytes: int = MEMORY_BYTES) -> Iterator[None]:
    """Raise :class:`BudgetExceeded` in the block after ``seconds`` or past ``memory_bytes`` more.

    An inner budget replaces the outer one while it lasts.

    >>> with budget(seconds=0.2):
    ...     try:
    ...         while True:
    ...             pass
    ...     except BudgetExceeded as stopped:
    ...         print(stopped.cause)
    it ran for more than 0.2 s
    """
    _limits.append((time.monotonic() + seconds, _rss() + memory_bytes, seconds, memory_bytes))
    try:
        if len(_limits) > 1:
            yield
        elif threading.current_thread() is threading.main_thread() and hasattr(signal, "setitimer"):
            with _alarm(_verdict):
                yield
        else:
            with _watcher(_verdict):
                yield
    finally:
        _limits.pop()


@contextlib.contextmanager
def _alarm(verdict: Callable[[], BudgetExceeded | None]) -> Iterator[None]:
    def tick(signum: int, frame: Any) -> None:
        stop = verdict()
        if stop is not None:
            raise stop

    previous = signal.signal(signal.SIGALRM, tick)
    signal.setitimer(signal.ITIMER_REAL, _TICK, _TICK)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def _watcher(verdict: Callable[[], BudgetExceeded | None]) -> Iterator[None]:
    target = threading.get_ident()
    done = threading.Event()

    def watch() -> None:
        while not done.wait(_TICK):
            if verdict() is not None:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(target), ctypes.py_object(BudgetExceeded)
                )

    watcher = threading.Thread(target=watch, name="exercise-budget", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()


def call(function: Callable[..., T], *args: Any, seconds: float = SECONDS) -> T:
    """Call the learner's ``function(*args)`` under a budget; its exceptions become LearnerError."""
    try:
        with KernelGuard() as guard, budget(seconds):
            sys.stdout = guard.printed
            try:
                return function(*args)
            finally:
                if (
                    sys.stdout is guard.printed
                ):  # otherwise the answer replaced it: the guard says so
                    sys.stdout = guard.stdout
    except (BudgetExceeded, KeyboardInterrupt):
        raise
    except BaseException as error:
        raise LearnerError(error) from None


class KernelGuard:
    """Snapshot what an answer could change in the kernel; on exit put it back, saying what changed.

    >>> with KernelGuard() as guard:
    ...     builtins.len = lambda x: 0
    >>> len("abc"), guard.undone
    (3, ['rebound builtins.len'])
    """

    _open: list[KernelGuard] = []  # guards in force, outermost first

    def __enter__(self) -> KernelGuard:
        KernelGuard._open.append(self)
        self._cwd = os.getcwd()
        self._builtins = dict(vars(builtins))
        self._streams = (sys.stdout, sys.stderr)
        self.stdout = sys.stdout
        self._filters = list(warnings.filters)
        self._showwarning = warnings.showwarning
        self._io_open = io.open
        self.undone: list[str] = []
        self.printed = _LineCounter()  # what the answer prints during a check is counted, not shown
        return self

    def __exit__(self, *exc_info: Any) -> None:
        KernelGuard._open.remove(self)
        self._restore()
        if KernelGuard._open:  # an inner guard (one call) reports to the outer one (the check)
            outer = KernelGuard._open[-1]
            outer.undone += [change for change in self.undone if change not in outer.undone]
            outer.printed.lines += self.printed.lines

    def _restore(self) -> None:
        if os.getcwd() != self._cwd:
            os.chdir(self._cwd)
            self.undone.append("changed the working folder (os.chdir)")
        now = vars(builtins)
        changed = sorted(
            key
            for key in (self._builtins.keys() | now.keys()) - {"_"}  # `_` is the REPL's last value
            if key not in now or key not in self._builtins or now[key] is not self._builtins[key]
        )
        for key in changed:
            if key in self._builtins:
                now[key] = self._builtins[key]
            else:
                del now[key]
        self.undone += [f"rebound builtins.{key}" for key in changed]
        if io.open is not self._io_open:
            io.open = self._io_open
            self.undone.append("rebound io.open")
        if (sys.stdout, sys.stderr) != self._streams:
            sys.stdout, sys.stderr = self._streams
            self.undone.append("replaced sys.stdout or sys.stderr")
        if warnings.filters != self._filters or warnings.showwarning is not self._showwarning:
            warnings.filters[:] = self._filters
            warnings.showwarning = self._showwarning
            mutated = getattr(warnings, "_filters_mutated", None)
            if mutated is not None:
                mutated()  # tell the warnings machinery its cached filters are stale
            self.undone.append("changed the warning filters")

    def report(self) -> str:
        """Sentences for the verdict: what the answer changed (now undone), what it printed."""
        notes = []
        if self.undone:
            notes.append(f"(Your code {', '.join(self.undone)}; the check has put that back.)")
        if self.printed.lines == 1:
            notes.append("(Your code printed 1 line while it was checked; it is not shown here.)")
        elif self.printed.lines:
            notes.append(
                f"(Your code printed {self.printed.lines:,} lines while it was checked; "
                "they are not shown here.)"
            )
        return " ".join(notes)


class _LineCounter(io.StringIO):
    """A stand-in for sys.stdout that counts the lines written to it and keeps none."""

    def __init__(self) -> None:
        super().__init__()
        self.lines = 0

    def write(self, text: str) -> int:
        self.lines += text.count("\n")
        return len(text)
