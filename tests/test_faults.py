"""Faults: killed and concurrent data generation, a follower racing a writer, dead threads,
rotation.

Each test is quick (well under a second or two) and has a time limit, so a
regression shows up as a failure, not as a test run that never ends.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import memory_profiler
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessons_lib.memory import rss_over_time
from lessons_lib.readers import follow
from lessons_lib.sample_data import LOCK_NAME, LogWriter, access_log, log_lines, log_tree

SIZE = 12_000_000  # bytes: a log that takes a fraction of a second to write
LIMIT = 10.0  # seconds before a step counts as a hang


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


def within(limit: float, function: Callable[[], Any]) -> Any:
    """Run ``function`` in a thread and return its result; fail if it takes over ``limit`` s."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = function()
        except BaseException as error:  # noqa: BLE001 - handed back below
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(limit)
    assert not thread.is_alive(), f"no answer within {limit} s: a hang"
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The hash of a log generated without interruption."""
    return sha256(access_log(SIZE, seed=3, folder=tmp_path_factory.mktemp("reference")))


# A child that generates the log slowly (a pause between blocks of lines; the bytes are unchanged),
# so the parent can kill it at a chosen point.
SLOW_CHILD = """
import sys, time
from pathlib import Path
from lessons_lib import sample_data
real_blocks = sample_data._blocks
def slow_blocks(seed):
    for block in real_blocks(seed):
        time.sleep(0.01)
        yield block
sample_data._blocks = slow_blocks
print(sample_data.access_log(int(sys.argv[1]), seed=3, folder=Path(sys.argv[2])), flush=True)
"""


def _generate_in_child(folder: Path, slow: bool = False) -> subprocess.Popen[str]:
    program = SLOW_CHILD if slow else SLOW_CHILD.replace("time.sleep(0.01)", "pass")
    return subprocess.Popen(
        [sys.executable, "-c", program, str(SIZE), str(folder)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:  # a killed run's file, removed by the new run since it was listed
        return 0


def _kill_when_written(child: subprocess.Popen[str], folder: Path, at_least: int) -> None:
    """SIGKILL ``child`` once its temporary file holds ``at_least`` bytes (and on any failure)."""
    deadline = time.monotonic() + LIMIT
    try:
        while time.monotonic() < deadline:
            sizes = [_size(folder / name) for name in leftovers(folder)]
            if sizes and max(sizes) >= at_least:
                break
            assert child.poll() is None, "the child finished before it could be killed"
            time.sleep(0.001)
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate()  # reaps it and closes its pipes


def test_a_killed_generation_is_cleaned_up_and_redone_byte_for_byte(
    tmp_path: Path, reference: str
) -> None:
    target = tmp_path / f"access_{SIZE}B_seed3.log"
    for point in (
        0,
        3_000_000,
        9_000_000,
    ):  # just created, a quarter written, three quarters written
        earlier = leftovers(tmp_path)
        _kill_when_written(_generate_in_child(tmp_path, slow=True), tmp_path, point)
        left = leftovers(tmp_path)
        assert len(left) == 1 and not target.exists()  # killed mid-way: only its own temporary file
        assert not set(earlier) & set(left)  # the run before it was cleaned up by this one
    assert within(LIMIT, lambda: access_log(SIZE, seed=3, folder=tmp_path)) == target
    assert sha256(target) == reference
    assert leftovers(tmp_path) == []


def test_a_killed_log_tree_is_cleaned_up(tmp_path: Path) -> None:
    stale = (
        tmp_path / ".log_tree_seed0.1234-abcd.tmp"
    )  # what a killed run leaves: a half-built folder
    (stale / "web1").mkdir(parents=True)
    (stale / "web1" / "access.log").write_text("half\n")
    root = log_tree(tmp_path)
    assert (root / "README.txt").is_file()
    assert leftovers(tmp_path) == []


def test_concurrent_generations_give_one_correct_file(tmp_path: Path, reference: str) -> None:
    children = [_generate_in_child(tmp_path) for _ in range(4)]
    outputs = [child.communicate(timeout=60) for child in children]
    assert all(child.returncode == 0 for child in children), [err for _, err in outputs]
    target = tmp_path / f"access_{SIZE}B_seed3.log"
    assert {out.strip() for out, _ in outputs} == {str(target)}
    assert sha256(target) == reference
    assert sorted(os.listdir(tmp_path)) == sorted([LOCK_NAME, target.name])


def test_concurrent_threads_give_one_correct_file(tmp_path: Path, reference: str) -> None:
    results: list[Path] = []
    threads = [
        threading.Thread(target=lambda: results.append(access_log(SIZE, seed=3, folder=tmp_path)))
        for _ in range(3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(LIMIT)
    assert len(results) == 3 and len(set(results)) == 1
    assert sha256(results[0]) == reference and leftovers(tmp_path) == []


@pytest.mark.parametrize("umask", [0o022, 0o002])
def test_generated_files_get_the_umask_permissions(tmp_path: Path, umask: int) -> None:
    before = os.umask(umask)
    try:
        log = access_log(1_000, folder=tmp_path / "data")
        tree = log_tree(tmp_path / "data")
    finally:
        os.umask(before)
    assert log.stat().st_mode & 0o777 == 0o666 & ~umask
    assert tree.stat().st_mode & 0o777 == 0o777 & ~umask
    assert (tmp_path / "data" / LOCK_NAME).stat().st_mode & 0o777 == 0o666 & ~umask


# --- follow against a writer ----------------------------------------------------------------------


def test_follow_waits_for_the_rest_of_a_character(tmp_path: Path) -> None:
    live = tmp_path / "live.log"
    data = "café\n".encode()
    live.write_bytes(data[:4])  # the writer's flush cut "é" in two
    lines = follow(live, poll_interval=0.001)
    got: list[str] = []
    reader = threading.Thread(target=lambda: got.append(next(lines)), daemon=True)
    reader.start()
    time.sleep(0.05)
    assert reader.is_alive() and got == []  # waiting, not failing
    with open(live, "ab") as f:
        f.write(data[4:])
    reader.join(LIMIT)
    assert got == ["café"]
    lines.close()


LINE_TEXT = st.text(alphabet=st.sampled_from("aé€😀 \t\r#"), max_size=12).map(
    lambda s: s.rstrip("\r")
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(lines=st.lists(LINE_TEXT, min_size=1, max_size=40), seed=st.integers(0, 2**32 - 1))
def test_a_fast_writer_in_random_pieces_loses_and_repeats_nothing(
    tmp_path: Path, lines: list[str], seed: int
) -> None:
    live = tmp_path / "race.log"
    live.write_bytes(b"")
    data = "".join(line + "\n" for line in lines).encode("utf-8")
    done = threading.Event()

    def write() -> None:
        pieces = random.Random(seed)
        with open(live, "ab", buffering=0) as f:
            start = 0
            while start < len(data):
                size = pieces.randint(1, 7)  # cuts multi-byte characters and CRLF pairs anywhere
                f.write(data[start : start + size])
                start += size
                if pieces.random() < 0.3:
                    time.sleep(0.0005)
        done.set()

    writer = threading.Thread(target=write)
    writer.start()
    got = within(LIMIT, lambda: list(follow(live, poll_interval=0.0005, stop=done)))
    writer.join()
    assert got == lines


def test_a_dead_writer_thread_ends_the_follower_with_its_error(tmp_path: Path) -> None:
    writer = LogWriter(tmp_path / "live.log", log_lines(20), interval=0.001)
    real_step = writer.step

    def failing_step() -> bool:
        if writer.written >= 3:
            raise OSError("disk full (simulated)")
        return real_step()

    writer.step = failing_step  # type: ignore[method-assign]
    seen: list[str] = []
    with pytest.raises(
        RuntimeError, match="LogWriter thread writing .*live.log.* stopped .* after 3 of 20 lines"
    ) as caught:
        with writer:
            within(
                LIMIT,
                lambda: seen.extend(follow(writer.path, poll_interval=0.001, stop=writer.done)),
            )
    assert isinstance(caught.value.__cause__, OSError)
    assert seen == log_lines(3)
    assert writer._thread is not None and not writer._thread.is_alive()


def test_a_dead_writer_is_reported_when_the_block_ends(tmp_path: Path) -> None:
    writer = LogWriter(tmp_path / "live.log", ["a", "b"], interval=0.001)
    writer.step = lambda: 1 / 0  # type: ignore[method-assign, assignment, return-value]
    with pytest.raises(
        RuntimeError, match="stopped with an error after 0 of 2 lines: ZeroDivisionError"
    ):
        with writer:
            time.sleep(0.01)


def _pull(lines: Any, count: int) -> list[str]:
    return within(LIMIT, lambda: [next(lines) for _ in range(count)])


def test_follow_after_rotation_reads_the_old_file_to_its_end_then_the_new_one(
    tmp_path: Path,
) -> None:
    live = tmp_path / "live.log"
    live.write_text("1\n2\n", encoding="utf-8")
    lines = follow(live, poll_interval=0.001)
    assert _pull(lines, 2) == ["1", "2"]
    live.rename(tmp_path / "live.log.1")  # rotated: the writer still has the old file open ...
    with open(tmp_path / "live.log.1", "a", encoding="utf-8") as old:
        old.write("3\nunfinished")  # ... and writes a last line and a half to it
    time.sleep(0.01)  # the follower looks while no file has the name
    live.write_text("4\n5\n", encoding="utf-8")  # the new log
    assert _pull(lines, 4) == ["3", "unfinished", "4", "5"]
    lines.close()


def test_follow_after_truncation_reads_from_the_start_again(tmp_path: Path) -> None:
    live = tmp_path / "live.log"
    live.write_text("first line\nsecond line\n", encoding="utf-8")
    lines = follow(live, poll_interval=0.001)
    assert _pull(lines, 2) == ["first line", "second line"]
    with open(live, "r+", encoding="utf-8") as f:
        f.truncate(0)
    time.sleep(0.01)  # the follower sees the file shorter than what it read
    with open(live, "a", encoding="utf-8") as f:
        f.write("new\n")
    assert _pull(lines, 1) == ["new"]
    lines.close()


# --- rss_over_time: Ctrl+C and the function's own processes -------------------------------------


def _pollers() -> list[Any]:
    return [
        child
        for child in multiprocessing.active_children()
        if isinstance(child, memory_profiler.MemTimer)
    ]


def test_ctrl_c_while_the_poller_starts_is_not_delayed(monkeypatch: pytest.MonkeyPatch) -> None:
    real_pipe = memory_profiler.Pipe

    class Interrupted:
        """The parent's end of the pipe: Ctrl+C arrives just after the poller said it started."""

        def __init__(self, connection: Any) -> None:
            self.connection = connection

        def recv(self) -> Any:
            self.connection.recv()
            raise KeyboardInterrupt

        def send(self, value: Any) -> None:
            self.connection.send(value)

    def pipe(*args: Any, **kwargs: Any) -> Any:
        child_end, parent_end = real_pipe(*args, **kwargs)
        return child_end, Interrupted(parent_end)

    monkeypatch.setattr(memory_profiler, "Pipe", pipe)
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        rss_over_time(lambda: None)
    assert time.monotonic() - started < 2  # it used to wait 10 s for the poller
    assert _pollers() == []


def test_the_functions_own_worker_is_not_waited_for() -> None:
    def start_worker() -> Any:
        worker = multiprocessing.Process(target=time.sleep, args=(30,), daemon=True)
        worker.start()
        return worker

    started = time.monotonic()
    curve = rss_over_time(start_worker)
    try:
        assert time.monotonic() - started < 5  # it used to wait 10 s, then terminate the worker
        assert curve.result.is_alive()  # the function's worker is its own business
        assert _pollers() == []
    finally:
        curve.result.terminate()
        curve.result.join()
