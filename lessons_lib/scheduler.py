"""A round-robin scheduler of generator tasks: the heart of an event loop, small enough to read.

A *task* is a generator. It runs until its next ``yield``, and what it yields is a
*request* to the scheduler:

- ``yield`` (``None``): let the others take a turn, then carry on;
- ``yield Sleep(seconds)``: wake me up later (a heap of timers, earliest first);
- ``result = yield Join(task)``: wait until ``task`` ends; its return value is sent back
  in, or its exception is thrown in;
- ``yield Readable(sock)``: wake me up when ``sock`` has data (``selectors``).

>>> def worker(name, naps):
...     for nap in naps:
...         print(f"{name} sleeps {nap}")
...         yield Sleep(nap)
...     return f"{name} done"
>>> with Scheduler(VirtualClock()) as loop:
...     a = loop.spawn(worker("a", [2, 1]), name="a")
...     b = loop.spawn(worker("b", [1]), name="b")
...     loop.run()
a sleeps 2
b sleeps 1
a sleeps 1
>>> a.result(), b.result(), loop.clock()
('a done', 'b done', 3.0)

With a :class:`~lessons_lib.timeline.VirtualClock` the scheduler never really waits: when
no task is ready it moves the clock to the next timer, so the output is the same on every
run. With ``time.monotonic`` (the default) it really sleeps, in ``selector.select``.
"""

from __future__ import annotations

import heapq
import inspect
import itertools
import selectors
import time
from collections import deque
from collections.abc import Callable, Generator
from dataclasses import dataclass
from typing import Any

from lessons_lib.timeline import Timeline, VirtualClock, _seconds

__all__ = ["Cancelled", "Join", "Readable", "Scheduler", "Sleep", "Task", "VirtualClock"]

TaskGenerator = Generator[Any, Any, Any]


class Cancelled(Exception):
    """Thrown into a task that waited for a task which was cancelled."""


@dataclass(frozen=True)
class Sleep:
    """Request: wake me up after ``seconds`` (0 or more)."""

    seconds: float

    def __post_init__(self) -> None:
        if _seconds(self.seconds, "Sleep(seconds)") < 0:
            raise ValueError(f"Sleep needs 0 or more seconds, not {self.seconds!r}")


@dataclass(frozen=True)
class Join:
    """Request: wait until ``task`` ends; its result is sent back in (its exception thrown in)."""

    task: Task

    def __post_init__(self) -> None:
        if not isinstance(self.task, Task):
            raise TypeError(f"Join needs a Task from scheduler.spawn(...), not {self.task!r}")


@dataclass(frozen=True)
class Readable:
    """Request: wait until ``sock`` (anything with ``fileno()``) has data to read."""

    sock: Any

    def __post_init__(self) -> None:
        if not callable(getattr(self.sock, "fileno", None)):
            raise TypeError(f"Readable needs a socket (something with fileno()), not {self.sock!r}")
        if self.sock.fileno() < 0:
            raise ValueError(f"Readable got a closed socket: {self.sock!r}")


class Task:
    """A generator run by a :class:`Scheduler`; ask for its outcome with :meth:`result`."""

    def __init__(self, generator: TaskGenerator, name: str) -> None:
        self.generator = generator
        self.name = name
        self.state = "ready"  # ready -> waiting -> ... -> done | failed | cancelled
        self.waiters: list[Task] = []
        self._value: Any = None
        self._error: BaseException | None = None

    @property
    def done(self) -> bool:
        return self.state in ("done", "failed", "cancelled")

    def result(self) -> Any:
        """The task's return value; raise its exception if it failed or was cancelled."""
        if not self.done:
            raise RuntimeError(f"task {self.name!r} is {self.state}: run the scheduler first")
        if self._error is not None:
            raise self._error
        return self._value

    def __repr__(self) -> str:
        outcome = f" {self._error!r}" if self._error is not None else ""
        return f"<Task {self.name!r} {self.state}{outcome}>"


class Scheduler:
    """Run generator tasks in turns; see the module's documentation for the requests.

    ``clock`` gives the time: a :class:`VirtualClock` (nothing really waits) or
    ``time.monotonic``. With a virtual clock, ``step_cost`` is the time each step takes.
    ``record=True`` keeps a :class:`~lessons_lib.timeline.Timeline` of who ran when.
    Use it in a ``with`` block: leaving it cancels what is still running (their ``finally``
    blocks run) and closes the selector.
    """

    def __init__(
        self,
        clock: Callable[[], float] = time.monotonic,
        step_cost: float = 0.0,
        record: bool = False,
    ) -> None:
        self.timeline = Timeline(clock, unit="s")  # checks the clock
        self.clock = clock
        self.virtual = isinstance(clock, VirtualClock)
        self.step_cost = _seconds(step_cost, "step_cost")
        if self.step_cost < 0 or (self.step_cost and not self.virtual):
            raise ValueError(
                "step_cost must be 0 or more, and needs a VirtualClock (real steps take real time)"
            )
        self.record = record
        self.tasks: list[Task] = []
        self._by_name: dict[str, Task] = {}  # each task by its name (names are unique)
        self.ready: deque[tuple[Task, Any, BaseException | None]] = deque()
        self.timers: list[tuple[float, int, Task]] = []
        self.selector = selectors.DefaultSelector()
        self.current: Task | None = None
        self._order = itertools.count()  # breaks ties between timers due at the same time

    def __enter__(self) -> Scheduler:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def spawn(self, generator: TaskGenerator, name: str | None = None) -> Task:
        """Add a task (a generator object) to the end of the ready queue and return it.

        >>> loop = Scheduler(VirtualClock())
        >>> def worker():
        ...     yield
        >>> [loop.spawn(worker()).name for _ in range(3)]
        ['worker', 'worker-2', 'worker-3']
        """
        if not inspect.isgenerator(generator):
            what = f"{type(generator).__name__} {generator!r}"
            if inspect.isgeneratorfunction(generator):
                what = f"the generator function {generator.__name__}"
                hint = f"call it first: spawn({generator.__name__}(...))"
            elif inspect.iscoroutine(generator):
                generator.close()  # no "never awaited" warning
                what = f"the coroutine {generator.__name__}()"
                hint = "an async def coroutine needs asyncio (asyncio.run or await)"
            else:
                hint = "write the task as a function with yield, and pass what calling it returns"
            raise TypeError(f"spawn needs a generator object, not {what}: {hint}")
        if inspect.getgeneratorstate(generator) != inspect.GEN_CREATED:
            raise ValueError(
                f"spawn needs a fresh generator, but {generator.__name__} has already started"
            )
        if name is None:  # the generator's name, numbered from the second on: worker, worker-2, ...
            name = generator.__name__
            for number in itertools.count(2):
                if name not in self._by_name:
                    break
                name = f"{generator.__name__}-{number}"
        if not isinstance(name, str) or not name:
            raise TypeError(f"name must be a non-empty str, not {name!r}")
        if name in self._by_name:
            raise ValueError(f"there is already a task named {name!r}: give each task its own name")
        task = Task(generator, name)
        self.tasks.append(task)
        self._by_name[name] = task
        self.ready.append((task, None, None))
        return task

    def run(self) -> None:
        """Run until every task has ended (or nothing can ever wake up: a deadlock error)."""
        while self.ready or self.timers or self.selector.get_map():
            if self.ready:
                self._step(*self.ready.popleft())
            else:
                self._wait()
        stuck = [task.name for task in self.tasks if not task.done]
        if stuck:
            raise RuntimeError(
                f"deadlock: tasks {stuck} wait for each other and nothing can wake them"
            )

    def _step(self, task: Task, value: Any, error: BaseException | None) -> None:
        """Resume one task until its next request; file the request."""
        if task.done:  # cancelled while it sat in the queue
            return
        task.state, self.current = "running", task
        start = self.timeline.now() if self.record else 0.0
        try:
            request = task.generator.send(value) if error is None else task.generator.throw(error)
        except StopIteration as stop:
            self._finish(task, stop.value, None, "done")
        except Exception as failure:  # one task failing does not stop the others
            self._finish(task, None, failure, "failed")
        else:
            self._file(task, request)
        finally:
            self.current = None
            if self.virtual:
                self.clock.advance(self.step_cost)  # type: ignore[attr-defined]
            if self.record:
                self.timeline.add(task.name, start, self.timeline.now())

    def _file(self, task: Task, request: Any) -> None:
        task.state = "waiting"
        if request is None:
            task.state = "ready"
            self.ready.append((task, None, None))
        elif isinstance(request, Sleep):
            heapq.heappush(self.timers, (self.clock() + request.seconds, next(self._order), task))
        elif isinstance(request, Join) and request.task is task:
            self.ready.append(
                (task, None, RuntimeError(f"task {task.name!r} cannot wait for itself"))
            )
        elif isinstance(request, Join) and request.task.done:
            self.ready.append((task, request.task._value, request.task._error))
        elif isinstance(request, Join):
            request.task.waiters.append(task)
        elif isinstance(request, Readable):
            self.selector.register(request.sock, selectors.EVENT_READ, task)
        else:
            problem = TypeError(
                f"task {task.name!r} yielded {request!r}, which is not a request: "
                "yield None, Sleep(seconds), Join(task) or Readable(socket)"
            )
            self.ready.append((task, None, problem))

    def _wait(self) -> None:
        """Nothing is ready: wait for the earliest timer or a readable socket."""
        due = self.timers[0][0] if self.timers else None
        if self.virtual or due is None:
            timeout = 0 if (self.virtual and due is not None) else None
        else:
            timeout = max(0.0, due - self.clock())
        if self.selector.get_map():
            for key, _ in self.selector.select(timeout):
                self.selector.unregister(key.fileobj)
                self._wake(key.data)
        elif timeout:
            time.sleep(timeout)
        if self.virtual and due is not None and not self.ready:
            self.clock.advance(max(0.0, due - self.clock()))  # type: ignore[attr-defined]
        while self.timers and self.timers[0][0] <= self.clock():
            self._wake(heapq.heappop(self.timers)[2])

    def _wake(self, task: Task, value: Any = None, error: BaseException | None = None) -> None:
        if not task.done:
            task.state = "ready"
            self.ready.append((task, value, error))

    def _finish(self, task: Task, value: Any, error: BaseException | None, state: str) -> None:
        task.state, task._value, task._error = state, value, error
        for waiter in task.waiters:
            self._wake(waiter, value, error)
        task.waiters.clear()

    def cancel(self, task: Task) -> None:
        """Stop ``task`` with ``close()``: its ``finally`` blocks run, its waiters get Cancelled."""
        if not isinstance(task, Task) or self._by_name.get(task.name) is not task:
            raise TypeError(f"cancel needs a Task from this scheduler's spawn(), not {task!r}")
        if task is self.current:
            raise RuntimeError(f"task {task.name!r} cannot cancel itself: return from it instead")
        if task.done:
            return
        for key in list(self.selector.get_map().values()):
            if key.data is task:
                self.selector.unregister(key.fileobj)
        self.timers = [timer for timer in self.timers if timer[2] is not task]
        heapq.heapify(self.timers)
        for other in self.tasks:
            if task in other.waiters:
                other.waiters.remove(task)
        try:
            task.generator.close()
        except Exception as failure:  # e.g. it yielded again in its finally block
            self._finish(task, None, failure, "failed")
        else:
            self._finish(task, None, Cancelled(f"task {task.name!r} was cancelled"), "cancelled")

    def close(self) -> None:
        """Cancel every task still running (newest first) and close the selector."""
        for task in reversed(self.tasks):
            self.cancel(task)
        self.selector.close()
