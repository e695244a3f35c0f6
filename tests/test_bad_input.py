"""Every public function of lessons_lib (outside exercises) under bad input, as one table.

Each row is a call a careless user or a curious learner might make, and what must
happen: either the right result, or an error of the expected type whose message
names the argument or file and says what to do.  ``when`` says when the error
comes: ``"call"`` (at the call: for a generator, before the first ``next()``) or
``"next"`` (while reading: the bytes are only seen then).  Nothing may hang: each
row runs under a time limit, and must leave none of the files open.  The named pipe (FIFO), which cannot fail fast, is
tested apart: Ctrl+C stops the wait.
"""

from __future__ import annotations

import asyncio
import bz2
import collections
import contextlib
import csv
import gzip
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image

from lessons_lib import (
    concurrency,
    coroutines,
    features,
    images,
    iterutils,
    loaders,
    memory,
    pipelines,
    readers,
    sample_data,
    sample_images,
    scheduler,
    softmax,
    timeline,
    trace,
)
from lessons_lib import (
    prefetch as prefetching,
)
from lessons_lib.concurrency import (
    asyncio_gather,
    count_primes,
    cpu_in_pool,
    cpu_timings,
    on_scheduler,
    sequentially,
    thread_pool,
)
from lessons_lib.coroutines import primed
from lessons_lib.features import shape_features
from lessons_lib.images import (
    augment,
    augment_image,
    class_names,
    discover_images,
    encode_labels,
    image_batches,
    load_all,
    load_image,
    normalise,
    one_hot,
    read_images,
    rescale,
    shuffled,
    stacked,
)
from lessons_lib.images import (
    batches as batch_stage,
)
from lessons_lib.iterutils import batched
from lessons_lib.loaders import (
    ArrayDataset,
    Loader,
    array_batches,
    batches,
    index_batches,
    shuffle_buffer,
)
from lessons_lib.memory import (
    MemoryCurve,
    ScalingResult,
    plot_memory_curves,
    plot_scaling,
    rss_over_time,
    scaling_experiment,
    tracemalloc_peak,
)
from lessons_lib.pipelines import Pipeline, broadcast, collect, push
from lessons_lib.prefetch import Prefetcher, PrefetchError, prefetch
from lessons_lib.readers import (
    FileDecodeError,
    count_lines,
    find_files,
    follow,
    open_text,
    read_chunks,
    read_csv_rows,
    read_lines,
    read_many,
)
from lessons_lib.sample_data import LogWriter, access_log, data_dir, log_lines, log_tree
from lessons_lib.sample_images import draw_shape, shape_images
from lessons_lib.scheduler import Join, Readable, Scheduler, Sleep
from lessons_lib.softmax import SoftmaxRegression
from lessons_lib.timeline import Timeline, VirtualClock
from lessons_lib.trace import drive, watch

LIMIT = 10.0  # seconds: a row that takes longer counts as a hang


class Files:
    """The files the rows read, made once in a temporary folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.missing = root / "missing.txt"
        self.folder = root / "folder"
        self.folder.mkdir()
        (self.folder / "a.log").write_text("1\n2\n", encoding="utf-8")
        self.empty = self.write("empty.txt", b"")
        self.good = self.write("good.txt", b"one\ntwo\n")
        self.crlf = self.write("crlf.txt", b"one\r\ntwo\r\n")
        self.no_final_newline = self.write("last.txt", b"one\ntwo")
        self.latin1 = self.write("latin1.txt", "caf\u00e9\n".encode("latin-1"))
        self.bom = self.write("bom.txt", b"\xef\xbb\xbfone\ntwo\n")
        self.odd_utf16 = self.write("odd.txt", "ab\n".encode("utf-16-le") + b"\x00")
        self.broken_link = root / "broken-link.txt"
        self.broken_link.symlink_to(root / "nowhere.txt")
        self.loop_link = root / "loop-link.txt"
        self.loop_link.symlink_to(self.loop_link)
        whole_gz = gzip.compress(b"one\ntwo\n" * 2000, mtime=0)
        self.truncated_gz = self.write("cut.log.gz", whole_gz[: len(whole_gz) // 2])
        whole_bz2 = bz2.compress(b"one\ntwo\n" * 2000)
        self.truncated_bz2 = self.write("cut.log.bz2", whole_bz2[: len(whole_bz2) // 2])
        self.not_gzip = self.write("plain.log.gz", b"one\ntwo\n")
        self.good_gz = self.write("good.log.gz", gzip.compress(b"one\r\ntwo", mtime=0))
        self.csv = self.write("codes.csv", b"code,reason\r\n200,OK\r\n404,Not Found\r\n")
        self.csv_duplicate = self.write("dup.csv", b"a,a,b\n1,2,3\n")
        self.csv_blank_header = self.write("blank.csv", b"\na,b\n1,2\n")
        self.csv_short_row = self.write("short.csv", b"a,b\n1\n")
        self.csv_huge_field = self.write("huge.csv", b"a,b\n1," + b"x" * (csv.field_size_limit() + 10) + b"\n")
        self.csv_bom = self.write("bom.csv", b"\xef\xbb\xbfcode,reason\n200,OK\n")
        self.tree = root / "tree"
        (self.tree / "sub").mkdir(parents=True)
        (self.tree / "sub" / "x.log").write_text("x\n", encoding="utf-8")
        self.tree_broken = root / "tree-broken"
        self.tree_broken.mkdir()
        (self.tree_broken / "gone.log").symlink_to(root / "nowhere.log")
        self.tree_loop = root / "tree-loop"
        self.tree_loop.mkdir()
        (self.tree_loop / "self.log").symlink_to(self.tree_loop / "self.log")
        # image datasets: one subfolder per class
        self.png = root / "small.png"
        Image.new("RGB", (6, 4), (1, 2, 3)).save(self.png)
        self.fake_png = self.write("fake.png", b"not a picture")
        self.images_empty = root / "images-empty"
        self.images_empty.mkdir()
        self.images_empty_class = root / "images-empty-class"
        (self.images_empty_class / "dog").mkdir(parents=True)
        (self.images_empty_class / "cat").mkdir()
        Image.new("RGB", (6, 4)).save(self.images_empty_class / "cat" / "1.png")
        self.images_stray = root / "images-stray"
        (self.images_stray / "cat").mkdir(parents=True)
        Image.new("RGB", (6, 4)).save(self.images_stray / "cat" / "1.png")
        (self.images_stray / "cat" / "notes.txt").write_text("hello", encoding="utf-8")
        self.images_good = root / "images-good"
        (self.images_good / "cat").mkdir(parents=True)
        Image.new("RGB", (6, 4)).save(self.images_good / "cat" / "1.png")
        self.images_fake = root / "images-fake"
        (self.images_fake / "cat").mkdir(parents=True)
        (self.images_fake / "cat" / "fake.png").write_bytes(b"not a picture")

    def write(self, name: str, data: bytes) -> Path:
        path = self.root / name
        path.write_bytes(data)
        return path


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> Files:
    return Files(tmp_path_factory.mktemp("bad-input"))


@dataclass(frozen=True)
class Row:
    module: str
    name: str  # what is tried
    call: Callable[[Files], Any]
    error: type[BaseException] | None = None  # None: the call must give `expect`
    phrase: str = ""  # a regular expression the message must contain (names the argument or file, and the fix)
    when: str = "call"  # "call": raised at the call; "next": raised while reading
    expect: Any = None


def _gen(name: str) -> Iterator[int]:
    yield 1


def _plain(x: int) -> int:
    return x


@primed
def _echo() -> Any:
    while True:
        yield


def _never_yields() -> Iterator[int]:
    return
    yield


async def _coroutine_body() -> None:
    pass


def _coroutine() -> Any:
    return _coroutine_body()


def _started() -> Iterator[int]:
    generator = _gen("x")
    next(generator)
    return generator


def _spawn_twice() -> None:
    loop = Scheduler(VirtualClock())
    loop.spawn(_gen("x"), name="a")
    loop.spawn(_gen("y"), name="a")


def _one_task(body: Callable[[Any], Iterator[Any]]) -> Any:
    """Run one task named 'a' whose generator is body(holder); return the task."""
    holder: dict[str, Any] = {}
    with Scheduler(VirtualClock()) as loop:
        holder["task"] = loop.spawn(body(holder), name="a")
        loop.run()
    return holder["task"]


def _bad_request_body(holder: dict[str, Any]) -> Iterator[Any]:
    yield "sleep"


def _join_self_body(holder: dict[str, Any]) -> Iterator[Any]:
    yield Join(holder["task"])


def _bad_request() -> Any:
    return _one_task(_bad_request_body).result()


def _join_self() -> Any:
    return _one_task(_join_self_body).result()


def _run_failing() -> str:
    def fail(holder: dict[str, Any]) -> Iterator[Any]:
        yield
        raise ValueError("x")

    return _one_task(fail).state


def _cancel_finished() -> str:
    with Scheduler(VirtualClock()) as loop:
        task = loop.spawn(_never_yields(), name="a")
        loop.run()
        loop.cancel(task)
    return task.state


def _deadlock() -> None:
    with Scheduler(VirtualClock()) as loop:
        loop.spawn(_never_ends(), name="a")
        loop.run()


def _never_ends() -> Iterator[Any]:
    other = Scheduler(VirtualClock()).spawn(_gen("x"), name="elsewhere")  # never runs: never ends
    yield Join(other)


def _closed_socket() -> socket.socket:
    left, right = socket.socketpair()
    left.close()
    right.close()
    return left
def _gen_two(items: Iterator[int], size: int) -> Iterator[int]:
    yield from items


def _plain_coroutine() -> Any:
    while True:
        yield


def _closed_sink() -> Any:
    sink = collect([])
    sink.close()
    return sink


CURVE = MemoryCurve("demo", (0.0, 0.1), (30.0, 31.0), 0.1, None)
SCALING = ScalingResult((1, 10), {"flat": (0.0, 0.0)}, "rss")
WRITER_PATH = "writer.log"

ROWS: list[Row] = [
    # --- readers.read_lines ---------------------------------------------------------------------
    Row("readers", "read_lines(None)", lambda f: read_lines(None), TypeError, "expected a file path"),
    Row("readers", "read_lines(42)", lambda f: read_lines(42), TypeError, "expected a file path"),
    Row("readers", "read_lines('')", lambda f: read_lines(""), ValueError, "path is empty"),
    Row("readers", "read_lines(missing)", lambda f: read_lines(f.missing), FileNotFoundError, "missing.txt.*check the name"),
    Row("readers", "read_lines(folder)", lambda f: read_lines(f.folder), IsADirectoryError, "is a folder.*find_files"),
    Row("readers", "read_lines(broken symlink)", lambda f: read_lines(f.broken_link), FileNotFoundError, "symbolic link to .*nowhere.*fix the link"),
    Row("readers", "read_lines(looping symlink)", lambda f: read_lines(f.loop_link), FileNotFoundError, "loops back on itself"),
    Row("readers", "read_lines(empty file)", lambda f: read_lines(f.empty), expect=[]),
    Row("readers", "read_lines(CRLF)", lambda f: read_lines(f.crlf), expect=["one", "two"]),
    Row("readers", "read_lines(CRLF, strip=False)", lambda f: read_lines(f.crlf, strip=False), expect=["one\r\n", "two\r\n"]),
    Row("readers", "read_lines(last line without newline)", lambda f: read_lines(f.no_final_newline), expect=["one", "two"]),
    Row("readers", "read_lines(BOM, utf-8)", lambda f: read_lines(f.bom), expect=["\ufeffone", "two"]),
    Row("readers", "read_lines(BOM, utf-8-sig)", lambda f: read_lines(f.bom, encoding="utf-8-sig"), expect=["one", "two"]),
    Row("readers", "read_lines(latin-1 bytes, utf-8)", lambda f: read_lines(f.latin1), FileDecodeError, "latin1.txt.*byte position 3 \\(line 1\\).*encoding=", "next"),
    Row("readers", "read_lines(latin-1 bytes, ascii)", lambda f: read_lines(f.latin1, encoding="ascii"), FileDecodeError, "latin1.txt.*not valid ascii", "next"),
    Row("readers", "read_lines(odd byte, utf-16-le)", lambda f: read_lines(f.odd_utf16, encoding="utf-16-le"), FileDecodeError, "odd.txt.*byte position 6", "next"),
    Row("readers", "read_lines(latin-1 bytes, errors=replace)", lambda f: read_lines(f.latin1, errors="replace"), expect=["caf\ufffd"]),
    Row("readers", "read_lines(latin-1 bytes, errors=ignore)", lambda f: read_lines(f.latin1, errors="ignore"), expect=["caf"]),
    Row("readers", "read_lines(latin-1 bytes, latin-1)", lambda f: read_lines(f.latin1, encoding="latin-1"), expect=["caf\u00e9"]),
    Row("readers", "read_lines(encoding=None)", lambda f: read_lines(f.good, encoding=None), TypeError, "encoding must be the name"),
    Row("readers", "read_lines(encoding='utf9')", lambda f: read_lines(f.good, encoding="utf9"), LookupError, "unknown text encoding 'utf9'.*such as"),
    Row("readers", "read_lines(encoding='base64')", lambda f: read_lines(f.good, encoding="base64"), LookupError, "unknown text encoding 'base64'"),
    Row("readers", "read_lines(errors='skip')", lambda f: read_lines(f.good, errors="skip"), LookupError, "unknown errors handler 'skip'.*'replace'"),
    Row("readers", "read_lines(strip='no')", lambda f: read_lines(f.good, strip="no"), TypeError, "strip must be True or False"),
    Row("readers", "read_lines(truncated .gz)", lambda f: read_lines(f.truncated_gz), EOFError, "cut.log.gz.*ends too early.*complete copy", "next"),
    Row("readers", "read_lines(truncated .bz2)", lambda f: read_lines(f.truncated_bz2), EOFError, "cut.log.bz2.*ends too early", "next"),
    Row("readers", "read_lines(.gz that is not gzip)", lambda f: read_lines(f.not_gzip), OSError, "plain.log.gz.*cannot be decompressed as gzip", "next"),
    Row("readers", "read_lines(.gz with CRLF, no final newline)", lambda f: read_lines(f.good_gz), expect=["one", "two"]),
    # --- readers.open_text ----------------------------------------------------------------------
    Row("readers", "open_text(None)", lambda f: open_text(None), TypeError, "expected a file path"),
    Row("readers", "open_text(missing)", lambda f: open_text(f.missing), FileNotFoundError, "missing.txt"),
    Row("readers", "open_text(folder)", lambda f: open_text(f.folder), IsADirectoryError, "is a folder"),
    Row("readers", "open_text(encoding=None)", lambda f: open_text(f.good, encoding=None), TypeError, "encoding must be"),
    Row("readers", "open_text(latin-1 bytes), read", lambda f: open_text(f.latin1), FileDecodeError, "latin1.txt.*line 1", "next"),
    Row("readers", "open_text(truncated .gz), read", lambda f: open_text(f.truncated_gz), EOFError, "cut.log.gz.*ends too early", "next"),
    Row("readers", "open_text(truncated .bz2), read", lambda f: open_text(f.truncated_bz2), EOFError, "cut.log.bz2", "next"),
    Row("readers", "open_text(.gz that is not gzip), read", lambda f: open_text(f.not_gzip), OSError, "plain.log.gz.*cannot be decompressed", "next"),
    Row("readers", "open_text(CRLF), read", lambda f: open_text(f.crlf), expect="one\r\ntwo\r\n"),
    # --- readers.read_chunks --------------------------------------------------------------------
    Row("readers", "read_chunks(size=0)", lambda f: read_chunks(f.good, size=0), ValueError, "size must be at least 1"),
    Row("readers", "read_chunks(size=-5)", lambda f: read_chunks(f.good, size=-5), ValueError, "size must be at least 1"),
    Row("readers", "read_chunks(size=2**40)", lambda f: read_chunks(f.good, size=2**40), ValueError, "size must be at most"),
    Row("readers", "read_chunks(size=None)", lambda f: read_chunks(f.good, size=None), TypeError, "size must be a whole number"),
    Row("readers", "read_chunks(size=1.5)", lambda f: read_chunks(f.good, size=1.5), TypeError, "size must be a whole number"),
    Row("readers", "read_chunks(missing)", lambda f: read_chunks(f.missing), FileNotFoundError, "missing.txt"),
    Row("readers", "read_chunks(empty file)", lambda f: read_chunks(f.empty), expect=[]),
    # --- readers.count_lines --------------------------------------------------------------------
    Row("readers", "count_lines(None)", lambda f: count_lines(None), TypeError, "expected a file path"),
    Row("readers", "count_lines(folder)", lambda f: count_lines(f.folder), IsADirectoryError, "is a folder"),
    Row("readers", "count_lines(broken symlink)", lambda f: count_lines(f.broken_link), FileNotFoundError, "symbolic link"),
    Row("readers", "count_lines(empty file)", lambda f: count_lines(f.empty), expect=0),
    Row("readers", "count_lines(last line without newline)", lambda f: count_lines(f.no_final_newline), expect=2),
    Row("readers", "count_lines(CRLF)", lambda f: count_lines(f.crlf), expect=2),
    Row("readers", "count_lines(.gz: decompressed)", lambda f: count_lines(f.good_gz), expect=2),
    Row("readers", "count_lines(truncated .gz)", lambda f: count_lines(f.truncated_gz), EOFError, "cut.log.gz.*ends too early"),
    # --- readers.read_csv_rows ------------------------------------------------------------------
    Row("readers", "read_csv_rows(None)", lambda f: read_csv_rows(None), TypeError, "expected a file path"),
    Row("readers", "read_csv_rows(missing)", lambda f: read_csv_rows(f.missing), FileNotFoundError, "missing.txt"),
    Row("readers", "read_csv_rows(delimiter='')", lambda f: read_csv_rows(f.csv, delimiter=""), ValueError, "delimiter must be one character"),
    Row("readers", "read_csv_rows(delimiter=';;')", lambda f: read_csv_rows(f.csv, delimiter=";;"), ValueError, "delimiter must be one character"),
    Row("readers", "read_csv_rows(delimiter=None)", lambda f: read_csv_rows(f.csv, delimiter=None), ValueError, "delimiter must be one character"),
    Row("readers", "read_csv_rows(encoding=None)", lambda f: read_csv_rows(f.csv, encoding=None), TypeError, "encoding must be"),
    Row("readers", "read_csv_rows(duplicate header)", lambda f: read_csv_rows(f.csv_duplicate), ValueError, "dup.csv.*line 1.*'a' more than once.*Rename", "next"),
    Row("readers", "read_csv_rows(blank header line)", lambda f: read_csv_rows(f.csv_blank_header), ValueError, "blank.csv.*line 1 is blank", "next"),
    Row("readers", "read_csv_rows(row too short)", lambda f: read_csv_rows(f.csv_short_row), ValueError, "short.csv.*line 2: 1 fields.*delimiter", "next"),
    Row("readers", "read_csv_rows(field above the limit)", lambda f: read_csv_rows(f.csv_huge_field), csv.Error, "huge.csv.*line 2.*field_size_limit", "next"),
    Row("readers", "read_csv_rows(latin-1 bytes)", lambda f: read_csv_rows(f.latin1), FileDecodeError, "latin1.txt", "next"),
    Row("readers", "read_csv_rows(truncated .gz)", lambda f: read_csv_rows(f.truncated_gz), EOFError, "cut.log.gz", "next"),
    Row("readers", "read_csv_rows(empty file)", lambda f: read_csv_rows(f.empty), expect=[]),
    Row("readers", "read_csv_rows(CRLF)", lambda f: read_csv_rows(f.csv), expect=[{"code": "200", "reason": "OK"}, {"code": "404", "reason": "Not Found"}]),
    Row("readers", "read_csv_rows(BOM)", lambda f: read_csv_rows(f.csv_bom), expect=[{"code": "200", "reason": "OK"}]),
    # --- readers.find_files ---------------------------------------------------------------------
    Row("readers", "find_files(None)", lambda f: find_files(None), TypeError, "expected a folder path"),
    Row("readers", "find_files('')", lambda f: find_files(""), ValueError, "folder path is empty"),
    Row("readers", "find_files(missing)", lambda f: find_files(f.missing), FileNotFoundError, "no folder .*missing.txt"),
    Row("readers", "find_files(a file)", lambda f: find_files(f.good), NotADirectoryError, "good.txt.*is a file"),
    Row("readers", "find_files(pattern=None)", lambda f: find_files(f.tree, None), ValueError, "pattern must be a non-empty string"),
    Row("readers", "find_files(pattern='sub/*.log')", lambda f: find_files(f.tree, "sub/*.log"), ValueError, "file names only.*as the root"),
    Row("readers", "find_files(pattern='**/*.log')", lambda f: find_files(f.tree, "**/*.log"), ValueError, "file names only"),
    Row("readers", "find_files(broken symlink inside)", lambda f: find_files(f.tree_broken, "*.log"), FileNotFoundError, "gone.log.*symbolic link to .*nowhere.log", "next"),
    Row("readers", "find_files(looping symlink inside)", lambda f: find_files(f.tree_loop, "*.log"), FileNotFoundError, "self.log.*loops back", "next"),
    Row("readers", "find_files(nested, '*.log')", lambda f: [p.name for p in find_files(f.tree, "*.log")], expect=["x.log"]),
    # --- readers.read_many ----------------------------------------------------------------------
    Row("readers", "read_many(None)", lambda f: read_many(None), TypeError, "read_many takes an iterable of paths"),
    Row("readers", "read_many(42)", lambda f: read_many(42), TypeError, "read_many takes an iterable of paths"),
    Row("readers", "read_many('one.txt')", lambda f: read_many(str(f.good)), TypeError, "for one file use read_lines"),
    Row("readers", "read_many([..], encoding=None)", lambda f: read_many([f.good], encoding=None), TypeError, "encoding must be"),
    Row("readers", "read_many([..], skip_blank=None)", lambda f: read_many([f.good], skip_blank=None), TypeError, "skip_blank must be True or False"),
    Row("readers", "read_many([good, missing])", lambda f: read_many([f.good, f.missing]), FileNotFoundError, "missing.txt", "next"),
    Row("readers", "read_many([good, truncated .gz])", lambda f: read_many([f.good, f.truncated_gz]), EOFError, "cut.log.gz", "next"),
    Row("readers", "read_many([])", lambda f: read_many([]), expect=[]),
    # --- readers.follow -------------------------------------------------------------------------
    Row("readers", "follow(None)", lambda f: follow(None), TypeError, "expected a file path"),
    Row("readers", "follow(missing)", lambda f: follow(f.missing), FileNotFoundError, "missing.txt"),
    Row("readers", "follow(folder)", lambda f: follow(f.folder), IsADirectoryError, "is a folder"),
    Row("readers", "follow(.gz)", lambda f: follow(f.good_gz), ValueError, "good.log.gz.*compressed.*read_lines"),
    Row("readers", "follow(poll_interval=None)", lambda f: follow(f.good, poll_interval=None), TypeError, "poll_interval must be a number"),
    Row("readers", "follow(poll_interval=0)", lambda f: follow(f.good, poll_interval=0), ValueError, "poll_interval must be .* above 0"),
    Row("readers", "follow(poll_interval=inf)", lambda f: follow(f.good, poll_interval=float("inf")), ValueError, "at most 60"),
    Row("readers", "follow(stop=True)", lambda f: follow(f.good, stop=True), TypeError, "stop must be a function"),
    Row("readers", "follow(encoding=None)", lambda f: follow(f.good, encoding=None), TypeError, "encoding must be"),
    Row("readers", "follow(from_start='yes')", lambda f: follow(f.good, from_start="yes"), TypeError, "from_start must be True or False"),
    Row("readers", "follow(latin-1 bytes)", lambda f: follow(f.latin1, stop=lambda: True), FileDecodeError, "latin1.txt.*byte position 3", "next"),
    Row("readers", "follow(CRLF, no final newline)", lambda f: follow(f.crlf, stop=lambda: True), expect=["one", "two"]),
    # --- sample_data ----------------------------------------------------------------------------
    Row("sample_data", "access_log(None)", lambda f: access_log(None, folder=f.root), TypeError, "size_bytes must be an int"),
    Row("sample_data", "access_log(1.5e6)", lambda f: access_log(1.5e6, folder=f.root), TypeError, "size_bytes must be an int"),
    Row("sample_data", "access_log(0)", lambda f: access_log(0, folder=f.root), ValueError, "size_bytes must be at least 1"),
    Row("sample_data", "access_log(-1)", lambda f: access_log(-1, folder=f.root), ValueError, "size_bytes must be at least 1"),
    Row("sample_data", "access_log(10**18)", lambda f: access_log(10**18, folder=f.root), ValueError, "more than the free space.*LESSONS_DATA_DIR"),
    Row("sample_data", "access_log(seed=-1)", lambda f: access_log(1_000, seed=-1, folder=f.root), ValueError, "seed must be a whole number"),
    Row("sample_data", "access_log(folder=a file)", lambda f: access_log(1_000, folder=f.good), NotADirectoryError, "good.txt.*is a file"),
    Row("sample_data", "access_log(folder=42)", lambda f: access_log(1_000, folder=42), TypeError, "folder must be a folder path"),
    Row("sample_data", "log_lines(None)", lambda f: log_lines(None), ValueError, "count must be a whole number"),
    Row("sample_data", "log_lines(-1)", lambda f: log_lines(-1), ValueError, "count must be a whole number >= 0"),
    Row("sample_data", "log_lines(10**12)", lambda f: log_lines(10**12), ValueError, "would not fit in memory.*access_log"),
    Row("sample_data", "log_lines(3, seed=1.5)", lambda f: log_lines(3, seed=1.5), ValueError, "seed must be a whole number"),
    Row("sample_data", "log_lines(0)", lambda f: log_lines(0), expect=[]),
    Row("sample_data", "log_tree(folder=a file)", lambda f: log_tree(f.good), NotADirectoryError, "good.txt.*is a file"),
    Row("sample_data", "log_tree(folder=None object)", lambda f: log_tree(object()), TypeError, "folder must be a folder path"),
    Row("sample_data", "log_tree(seed=None)", lambda f: log_tree(f.root, seed=None), ValueError, "seed must be a whole number"),
    Row("sample_data", "log_tree(seed=-3)", lambda f: log_tree(f.root, seed=-3), ValueError, "seed must be a whole number"),
    Row("sample_data", "log_tree(seed=True)", lambda f: log_tree(f.root, seed=True), ValueError, "seed must be a whole number"),
    Row("sample_data", "LogWriter(per_step=1.5)", lambda f: LogWriter(f.root / WRITER_PATH, ["a"], per_step=1.5), TypeError, "per_step must be a whole number"),
    Row("sample_data", "LogWriter(per_step=None)", lambda f: LogWriter(f.root / WRITER_PATH, ["a"], per_step=None), TypeError, "per_step must be a whole number"),
    Row("sample_data", "LogWriter(per_step=0)", lambda f: LogWriter(f.root / WRITER_PATH, ["a"], per_step=0), ValueError, "per_step must be at least 1"),
    Row("sample_data", "LogWriter(interval=None)", lambda f: LogWriter(f.root / WRITER_PATH, ["a"], interval=None), TypeError, "interval must be a number"),
    Row("sample_data", "LogWriter(interval=nan)", lambda f: LogWriter(f.root / WRITER_PATH, ["a"], interval=float("nan")), ValueError, "interval must be between 0 and 60"),
    Row("sample_data", "LogWriter(interval=1e9)", lambda f: LogWriter(f.root / WRITER_PATH, ["a"], interval=1e9), ValueError, "interval must be between 0 and 60"),
    Row("sample_data", "LogWriter(lines=None)", lambda f: LogWriter(f.root / WRITER_PATH, None), TypeError, "lines must be a list"),
    Row("sample_data", "LogWriter(lines='GET /')", lambda f: LogWriter(f.root / WRITER_PATH, "GET /"), TypeError, "lines must be a list"),
    Row("sample_data", "LogWriter(lines=[1, 2])", lambda f: LogWriter(f.root / WRITER_PATH, [1, 2]), TypeError, "line 0 is int.*as a str"),
    Row("sample_data", "LogWriter(lines with CRLF)", lambda f: LogWriter(f.root / WRITER_PATH, ["a\r\n"]), ValueError, "without line endings"),
    Row("sample_data", "LogWriter(path=folder)", lambda f: LogWriter(f.folder, ["a"]), IsADirectoryError, "folder.*is a folder"),
    Row("sample_data", "LogWriter(path=None)", lambda f: LogWriter(None, ["a"]), TypeError, "path must be the log file's path"),
    Row("sample_data", "shape_images(0)", lambda f: shape_images(0, folder=f.root), ValueError, "count must be between 4 and"),
    Row("sample_data", "shape_images(3)", lambda f: shape_images(3, folder=f.root), ValueError, "count must be between 4 and"),
    Row("sample_data", "shape_images(10**7)", lambda f: shape_images(10**7, folder=f.root), ValueError, "count must be between 4 and 100,000"),
    Row("sample_data", "shape_images(1.5e3)", lambda f: shape_images(1.5e3, folder=f.root), TypeError, "count must be a whole number"),
    Row("sample_data", "shape_images(None)", lambda f: shape_images(None, folder=f.root), TypeError, "count must be a whole number"),
    Row("sample_data", "shape_images(seed=-1)", lambda f: shape_images(8, seed=-1, folder=f.root), ValueError, "seed must be between 0"),
    Row("sample_data", "shape_images(folder=a file)", lambda f: shape_images(8, folder=f.good), NotADirectoryError, "good.txt.*is a file"),
    Row("sample_data", "shape_images(min_side=100, max_side=50)", lambda f: shape_images(8, folder=f.root, min_side=100, max_side=50), ValueError, "max_side must be between 100"),
    Row("sample_data", "shape_images(min_side=0)", lambda f: shape_images(8, folder=f.root, min_side=0), ValueError, "min_side must be between 8"),
    Row("sample_data", "draw_shape(-1)", lambda f: draw_shape(-1), ValueError, "index must be between 0"),
    Row("sample_data", "draw_shape(None)", lambda f: draw_shape(None), TypeError, "index must be a whole number"),
    Row("sample_data", "draw_shape(0, seed=True)", lambda f: draw_shape(0, seed=True), TypeError, "seed must be a whole number"),
    Row("sample_data", "draw_shape(0, min_side=4)", lambda f: draw_shape(0, min_side=4), ValueError, "min_side must be between 8"),
    Row("sample_data", "draw_shape(0, max_side=10**6)", lambda f: draw_shape(0, max_side=10**6), ValueError, "max_side must be between 48 and 4,096"),
    # --- images ---------------------------------------------------------------------------------
    Row("images", "class_names(an empty folder)", lambda f: class_names(f.images_empty), ValueError, "has no class folders.*subfolder named after the class"),
    Row("images", "class_names(a folder of files)", lambda f: class_names(f.folder), ValueError, "has no class folders"),
    Row("images", "class_names(missing)", lambda f: class_names(f.missing), FileNotFoundError, "no folder.*missing.txt"),
    Row("images", "class_names(a file)", lambda f: class_names(f.good), NotADirectoryError, "good.txt.*is a file"),
    Row("images", "class_names(None)", lambda f: class_names(None), TypeError, "root must be the dataset's folder"),
    Row("images", "discover_images(an empty folder)", lambda f: discover_images(f.images_empty), ValueError, "has no class folders"),
    Row("images", "discover_images(a class with no images)", lambda f: discover_images(f.images_empty_class), ValueError, "class folder 'dog'.*has no images"),
    Row("images", "discover_images(a file that is not an image)", lambda f: discover_images(f.images_stray), ValueError, "'cat/notes.txt'.*is not an image"),
    Row("images", "discover_images(missing)", lambda f: discover_images(f.missing), FileNotFoundError, "no folder.*shape_images"),
    Row("images", "discover_images('')", lambda f: discover_images(""), TypeError, "root must be the dataset's folder"),
    Row("images", "load_image(not an image)", lambda f: load_image(f.fake_png, 8), ValueError, "fake.png' is not an image Pillow can read"),
    Row("images", "load_image(size=0)", lambda f: load_image(f.png, 0), ValueError, "size must be at least 1"),
    Row("images", "load_image(size=-3)", lambda f: load_image(f.png, -3), ValueError, "size must be at least 1"),
    Row("images", "load_image(size=8.0)", lambda f: load_image(f.png, 8.0), TypeError, "size must be a whole number of pixels"),
    Row("images", "load_image(size=(8, 8))", lambda f: load_image(f.png, (8, 8)), TypeError, "size must be a whole number of pixels"),
    Row("images", "load_image(size=10**6)", lambda f: load_image(f.png, 10**6), ValueError, "too large"),
    Row("images", "load_image(missing)", lambda f: load_image(f.missing, 8), FileNotFoundError, "missing.txt"),
    Row("images", "load_image(a folder)", lambda f: load_image(f.folder, 8), IsADirectoryError, "is a folder, not an image"),
    Row("images", "load_image(None)", lambda f: load_image(None, 8), TypeError, "path must be an image file's path"),
    Row("images", "shuffled(seed=None)", lambda f: shuffled(seed=None), TypeError, "seed must be a whole number"),
    Row("images", "shuffled(seed=-1)", lambda f: shuffled(seed=-1), ValueError, "seed must be at least 0"),
    Row("images", "shuffled(seed=1.5)", lambda f: shuffled(seed=1.5), TypeError, "seed must be a whole number"),
    Row("images", "shuffled(epoch=-2)", lambda f: shuffled(seed=0, epoch=-2), ValueError, "epoch must be at least 0"),
    Row("images", "shuffled(epoch='1')", lambda f: shuffled(seed=0, epoch="1"), TypeError, "epoch must be a whole number"),
    Row("images", "shuffled(seed=0)([])", lambda f: shuffled(seed=0)([]), expect=[]),
    Row("images", "batches(0)", lambda f: batch_stage(0), ValueError, "batch_size must be at least 1"),
    Row("images", "batches(-4)", lambda f: batch_stage(-4), ValueError, "batch_size must be at least 1"),
    Row("images", "batches(2.5)", lambda f: batch_stage(2.5), TypeError, "batch_size must be a whole number"),
    Row("images", "batches(None)", lambda f: batch_stage(None), TypeError, "batch_size must be a whole number"),
    Row("images", "batches(2, drop_last='yes')", lambda f: batch_stage(2, drop_last="yes"), TypeError, "drop_last must be True or False"),
    Row("images", "batches(3)([1, 2])", lambda f: batch_stage(3)([1, 2]), expect=[[1, 2]]),
    Row("images", "one_hot([0, 3], 3)", lambda f: one_hot([0, 3], 3), ValueError, "label 3 is outside 0..2"),
    Row("images", "one_hot([-1], 2)", lambda f: one_hot([-1], 2), ValueError, "label -1 is outside 0..1"),
    Row("images", "one_hot([0.5], 2)", lambda f: one_hot([0.5], 2), TypeError, "flat sequence of whole numbers"),
    Row("images", "one_hot([[0]], 2)", lambda f: one_hot([[0]], 2), TypeError, "flat sequence of whole numbers"),
    Row("images", "one_hot([0], 0)", lambda f: one_hot([0], 0), ValueError, "classes must be at least 1"),
    Row("images", "one_hot([0], None)", lambda f: one_hot([0], None), TypeError, "classes must be a whole number"),
    Row("images", "encode_labels(0)", lambda f: encode_labels(0), ValueError, "classes must be at least 1"),
    Row("images", "encode_labels(2.0)", lambda f: encode_labels(2.0), TypeError, "classes must be a whole number"),
    Row("images", "encode_labels(None)", lambda f: encode_labels(None), TypeError, "classes must be a whole number"),
    Row("images", "encode_labels(2)(label 5)", lambda f: encode_labels(2)([(("a.png", 5),)]), ValueError, "label 5 is outside 0..1", when="next"),
    Row("images", "encode_labels(2)(label 'cat')", lambda f: encode_labels(2)([(("a.png", "cat"),)]), TypeError, "flat sequence of whole numbers", when="next"),
    Row("images", "read_images(0)", lambda f: read_images(0), ValueError, "size must be at least 1"),
    Row("images", "read_images(-1)", lambda f: read_images(-1), ValueError, "size must be at least 1"),
    Row("images", "read_images(32.0)", lambda f: read_images(32.0), TypeError, "size must be a whole number of pixels"),
    Row("images", "read_images((32, 32))", lambda f: read_images((32, 32)), TypeError, "size must be a whole number of pixels"),
    Row("images", "read_images(8)(not an image)", lambda f: read_images(8)([([f.fake_png], [0])]), ValueError, "fake.png' is not an image", when="next"),
    Row("images", "augment(seed=None)", lambda f: augment(seed=None), TypeError, "seed must be a whole number"),
    Row("images", "augment(flip=2)", lambda f: augment(seed=0, flip=2), ValueError, "flip must be between 0.0 and 1.0"),
    Row("images", "augment(crop=0)", lambda f: augment(seed=0, crop=0), ValueError, "crop must be between 0.05 and 1.0"),
    Row("images", "augment(brightness=nan)", lambda f: augment(seed=0, brightness=float("nan")), ValueError, "brightness must be between 0.0 and 1.0"),
    Row("images", "augment(brightness='0.2')", lambda f: augment(seed=0, brightness="0.2"), TypeError, "brightness must be a number"),
    Row("images", "augment_image(float picture)", lambda f: augment_image(np.zeros((4, 4, 3)), np.random.default_rng(0)), TypeError, "must have dtype uint8"),
    Row("images", "augment_image(grey picture)", lambda f: augment_image(np.zeros((4, 4), np.uint8), np.random.default_rng(0)), TypeError, r"shape \(height, width, 3\)"),
    Row("images", "augment_image(a list)", lambda f: augment_image([[0, 0, 0]], np.random.default_rng(0)), TypeError, r"must be a NumPy array of shape"),
    Row("images", "augment_image(rng=0)", lambda f: augment_image(np.zeros((4, 4, 3), np.uint8), 0), TypeError, r"rng must be a numpy.random.Generator"),
    Row("images", "augment_image(no pixels)", lambda f: augment_image(np.zeros((0, 4, 3), np.uint8), np.random.default_rng(0)), ValueError, "image has no pixels"),
    Row("images", "normalise(float images)", lambda f: normalise(np.zeros((2, 3)), [0, 0, 0], [1, 1, 1]), TypeError, "images must be a uint8 NumPy array"),
    Row("images", "normalise(std=0)", lambda f: normalise(np.zeros((2, 3), np.uint8), [0, 0, 0], [1, 0, 1]), ValueError, "std must be above 0"),
    Row("images", "normalise(mean of 2)", lambda f: normalise(np.zeros((2, 3), np.uint8), [0, 0], [1, 1, 1]), ValueError, r"mean must be 3 finite numbers"),
    Row("images", "normalise(mean='rgb')", lambda f: normalise(np.zeros((2, 3), np.uint8), "rgb", [1, 1, 1]), ValueError, r"mean must be 3 finite numbers"),
    Row("images", "normalise(4 channels)", lambda f: normalise(np.zeros((2, 4), np.uint8), [0, 0, 0], [1, 1, 1]), TypeError, "3 channels last"),
    Row("images", "rescale(std=(0, 1, 1))", lambda f: rescale((0.5, 0.5, 0.5), (0, 1, 1)), ValueError, "std must be above 0"),
    Row("images", "rescale(mean=None)", lambda f: rescale(None), ValueError, "mean must be 3 finite numbers"),
    Row("images", "rescale(mean=nan)", lambda f: rescale((float("nan"), 0, 0)), ValueError, "mean must be 3 finite numbers"),
    Row("images", "rescale(std=[1])", lambda f: rescale(std=[1]), ValueError, "std must be 3 finite numbers"),
    Row("images", "rescale()(float pictures)", lambda f: rescale()([([np.zeros((2, 2, 3))], [0])]), TypeError, "image must have dtype uint8", when="next"),
    Row("images", "stacked(more labels than pictures)", lambda f: stacked([([np.zeros((2, 2, 3))], np.eye(2))]), ValueError, "1 pictures but 2 labels", when="next"),
    Row("images", "stacked(pictures of two sizes)", lambda f: stacked([([np.zeros((2, 2, 3)), np.zeros((1, 1, 3))], np.eye(2))]), ValueError, "differ in shape.*read_images", when="next"),
    Row("images", "stacked(None)", lambda f: stacked(None), TypeError, "not iterable", when="next"),
    Row("images", "stacked([])", lambda f: stacked([]), expect=[]),
    Row("images", "stacked(a batch that is not a pair)", lambda f: stacked([np.zeros(3)]), ValueError, "unpack", when="next"),
    Row("images", "image_batches(an empty folder)", lambda f: image_batches(f.images_empty), ValueError, "has no class folders"),
    Row("images", "image_batches(a class with no images)", lambda f: image_batches(f.images_empty_class), ValueError, "class folder 'dog'.*has no images"),
    Row("images", "image_batches(a file that is not an image)", lambda f: image_batches(f.images_stray), ValueError, "'cat/notes.txt'.*is not an image"),
    Row("images", "image_batches(batch_size=0)", lambda f: image_batches(f.images_good, batch_size=0), ValueError, "batch_size must be at least 1"),
    Row("images", "image_batches(size=0)", lambda f: image_batches(f.images_good, size=0), ValueError, "size must be at least 1"),
    Row("images", "image_batches(augmented='no')", lambda f: image_batches(f.images_good, augmented="no"), TypeError, "augmented must be True or False"),
    Row("images", "image_batches(a fake .png, met in an epoch)", lambda f: image_batches(f.images_fake, size=4), ValueError, "fake.png' is not an image", when="next"),
    Row("images", "load_all(an empty folder)", lambda f: load_all(f.images_empty, 8), ValueError, "has no class folders"),
    Row("images", "load_all(size=0)", lambda f: load_all(f.images_good, 0), ValueError, "size must be at least 1"),
    Row("images", "load_all(size=None)", lambda f: load_all(f.images_good, None), TypeError, "size must be a whole number"),
    Row("images", "load_all(a fake .png)", lambda f: load_all(f.images_fake, 4), ValueError, "fake.png' is not an image"),
    Row("images", "load_all(missing)", lambda f: load_all(f.missing, 4), FileNotFoundError, "no folder"),
    # --- pipelines ------------------------------------------------------------------------------
    Row("pipelines", "Pipeline(source, len)", lambda f: Pipeline([1], len), TypeError, r"stage 1 \(len\) is not a generator function"),
    Row("pipelines", "Pipeline(source, a generator object)", lambda f: Pipeline([1], _gen("x")), TypeError, "is a generator object.*without the call's parentheses"),
    Row("pipelines", "Pipeline(source, a stage missing arguments)", lambda f: Pipeline([1], _gen_two), TypeError, r"needs more arguments than the items.*functools.partial"),
    Row("pipelines", "Pipeline(None)", lambda f: Pipeline(None), TypeError, "the source must be an iterable"),
    Row("pipelines", "Pipeline('text')", lambda f: Pipeline("text"), TypeError, "the source must be an iterable"),
    Row("pipelines", "Pipeline(source, 42)", lambda f: Pipeline([1], 42), TypeError, "is not a stage"),
    Row("pipelines", "Pipeline([])", lambda f: Pipeline([]), expect=[]),
    Row("pipelines", "push(items, unprimed)", lambda f: push([1], _plain_coroutine()), TypeError, r"was not primed.*@primed"),
    Row("pipelines", "push(items, generator function)", lambda f: push([1], _plain_coroutine), TypeError, "generator function _plain_coroutine, not a coroutine: call it"),
    Row("pipelines", "push(items, None)", lambda f: push([1], None), TypeError, "must be a primed coroutine"),
    Row("pipelines", "push(items, a list)", lambda f: push([1], []), TypeError, "must be a primed coroutine"),
    Row("pipelines", "push(items, closed)", lambda f: push([1], _closed_sink()), ValueError, "already closed: make a new one"),
    Row("pipelines", "push(None, sink)", lambda f: push(None, collect([])), TypeError, "not iterable"),
    Row("pipelines", "broadcast(unprimed)", lambda f: broadcast(_plain_coroutine()), TypeError, r"target 1 of broadcast \(_plain_coroutine\) was not primed"),
    Row("pipelines", "broadcast(None)", lambda f: broadcast(None), TypeError, "target 1 of broadcast must be a primed coroutine"),
    Row("pipelines", "broadcast(a generator function)", lambda f: broadcast(_plain_coroutine), TypeError, "call it"),
    Row("pipelines", "broadcast(closed)", lambda f: broadcast(_closed_sink()), ValueError, "already closed"),
    Row("pipelines", "broadcast(a list)", lambda f: broadcast([]), TypeError, "must be a primed coroutine"),
    Row("pipelines", "collect(None)", lambda f: collect(None), TypeError, "collect needs a list"),
    Row("pipelines", "collect(a tuple)", lambda f: collect(()), TypeError, "collect needs a list"),
    Row("pipelines", "collect(a set)", lambda f: collect(set()), TypeError, "collect needs a list"),
    Row("pipelines", "collect('')", lambda f: collect(""), TypeError, "collect needs a list"),
    Row("pipelines", "collect(a dict)", lambda f: collect({}), TypeError, "collect needs a list"),
    # --- memory ---------------------------------------------------------------------------------
    Row("memory", "tracemalloc_peak(None)", lambda f: tracemalloc_peak(None), TypeError, "function must be a function to call.*NoneType"),
    Row("memory", "tracemalloc_peak(a generator)", lambda f: tracemalloc_peak(_gen("x")), TypeError, "got an iterator.*lambda"),
    Row("memory", "tracemalloc_peak(a result)", lambda f: tracemalloc_peak(sum(range(3))), TypeError, "Wrap the work in a function"),
    Row("memory", "tracemalloc_peak(a list)", lambda f: tracemalloc_peak([1, 2]), TypeError, "must be a function to call"),
    Row("memory", "tracemalloc_peak(an iterator)", lambda f: tracemalloc_peak(iter([1])), TypeError, "got an iterator"),
    Row("memory", "rss_over_time(None)", lambda f: rss_over_time(None), TypeError, "function must be a function to call"),
    Row("memory", "rss_over_time(interval=0)", lambda f: rss_over_time(int, interval=0), ValueError, "interval must be a positive number"),
    Row("memory", "rss_over_time(interval=-1)", lambda f: rss_over_time(int, interval=-1), ValueError, "interval must be a positive number"),
    Row("memory", "rss_over_time(interval=None)", lambda f: rss_over_time(int, interval=None), TypeError, "interval must be a number of seconds"),
    Row("memory", "rss_over_time(interval=True)", lambda f: rss_over_time(int, interval=True), TypeError, "interval must be a number of seconds"),
    Row("memory", "rss_over_time(label=3)", lambda f: rss_over_time(int, label=3), TypeError, "label must be a str"),
    Row("memory", "plot_memory_curves(None)", lambda f: plot_memory_curves(None), TypeError, "curves must be a list of MemoryCurve"),
    Row("memory", "plot_memory_curves([])", lambda f: plot_memory_curves([]), ValueError, "no curves to plot"),
    Row("memory", "plot_memory_curves(curve)", lambda f: plot_memory_curves(CURVE), TypeError, r"wrap a single one, plot_memory_curves\(\[curve\]\)"),
    Row("memory", "plot_memory_curves([1, 2])", lambda f: plot_memory_curves([1, 2]), TypeError, "must hold MemoryCurve objects"),
    Row("memory", "plot_memory_curves([curve, None])", lambda f: plot_memory_curves([CURVE, None]), TypeError, "must hold MemoryCurve objects"),
    Row("memory", "scaling_experiment(sizes=None)", lambda f: scaling_experiment({"a": len}, None, list), TypeError, "sizes must be a list"),
    Row("memory", "scaling_experiment(sizes=[])", lambda f: scaling_experiment({"a": len}, [], list), ValueError, "sizes is empty"),
    Row("memory", "scaling_experiment(sizes=[10, 1])", lambda f: scaling_experiment({"a": len}, [10, 1], list), ValueError, "sizes must grow"),
    Row("memory", "scaling_experiment(sizes=['1'])", lambda f: scaling_experiment({"a": len}, ["1"], list), TypeError, "each size must be a finite number"),
    Row("memory", "scaling_experiment(strategies=None)", lambda f: scaling_experiment(None, [1], list), TypeError, "strategies must be a dict"),
    Row("memory", "scaling_experiment(strategies={})", lambda f: scaling_experiment({}, [1], list), ValueError, "strategies is empty"),
    Row("memory", "scaling_experiment(strategy=a result)", lambda f: scaling_experiment({"a": 3}, [1], list), TypeError, "strategy 'a' must be a function"),
    Row("memory", "scaling_experiment(make_input=None)", lambda f: scaling_experiment({"a": len}, [1], None), TypeError, "make_input must be a function"),
    Row("memory", "scaling_experiment(measure='time')", lambda f: scaling_experiment({"a": len}, [1], list, measure="time"), ValueError, "measure must be 'tracemalloc' or 'rss'"),
    Row("memory", "plot_scaling(None)", lambda f: plot_scaling(None), TypeError, "plot_scaling needs the ScalingResult"),
    Row("memory", "plot_scaling({})", lambda f: plot_scaling({}), TypeError, "plot_scaling needs the ScalingResult"),
    Row("memory", "plot_scaling(log_y with 0 MiB)", lambda f: plot_scaling(SCALING, log_y=True), ValueError, "log_y=True needs every peak above 0"),
    Row("memory", "plot_scaling(a curve)", lambda f: plot_scaling(CURVE), TypeError, "needs the ScalingResult"),
    Row("memory", "plot_scaling(a dict of peaks)", lambda f: plot_scaling({"a": (1.0,)}), TypeError, "needs the ScalingResult"),
    Row("memory", "ScalingResult.growth('lazy') of a result without it", lambda f: SCALING.growth("lazy"), KeyError, "no strategy 'lazy' in this result; its strategies are 'flat'"),
    # --- coroutines -----------------------------------------------------------------------------
    Row("coroutines", "primed(None)", lambda f: primed(None), TypeError, "primed needs a generator function"),
    Row("coroutines", "primed(len)", lambda f: primed(len), TypeError, "primed needs a generator function"),
    Row("coroutines", "primed(an ordinary function)", lambda f: primed(_plain), TypeError, "ordinary function.*no `yield`"),
    Row("coroutines", "primed(a generator object)", lambda f: primed(_gen("x")), TypeError, "generator object.*Decorate the function itself"),
    Row("coroutines", "primed(already primed)", lambda f: primed(_echo), TypeError, "already wrapped"),
    Row("coroutines", "primed(returns before yield)()", lambda f: primed(_never_yields)(), RuntimeError, "finished before its first yield"),
    # --- iterutils ------------------------------------------------------------------------------
    Row("iterutils", "batched(range(3), 0)", lambda f: batched(range(3), 0), ValueError, "batch size must be at least 1"),
    Row("iterutils", "batched(range(3), -1)", lambda f: batched(range(3), -1), ValueError, "batch size must be at least 1"),
    Row("iterutils", "batched(range(3), None)", lambda f: batched(range(3), None), TypeError, "batch size must be an int"),
    Row("iterutils", "batched(range(3), 2.0)", lambda f: batched(range(3), 2.0), TypeError, "batch size must be an int"),
    Row("iterutils", "batched(range(3), 10**30)", lambda f: batched(range(3), 10**30), ValueError, "at most sys.maxsize"),
    Row("iterutils", "batched(None, 2)", lambda f: batched(None, 2), TypeError, "batched needs an iterable.*not None"),
    Row("iterutils", "batched(range(3), 10**8)", lambda f: batched(range(3), 10**8), expect=[(0, 1, 2)]),
    Row("iterutils", "batched([], 3)", lambda f: batched([], 3), expect=[]),
    # --- trace ----------------------------------------------------------------------------------
    Row("trace", "drive(None, ...)", lambda f: drive(None, ["next"]), TypeError, "needs a generator object.*call the generator function first"),
    Row("trace", "drive(generator function, ...)", lambda f: drive(_gen, ["next"]), TypeError, r"generator function _gen.*drive\(_gen\(...\)\)"),
    Row("trace", "drive(gen, None)", lambda f: drive(_gen("x"), None), TypeError, "script must be a list of steps"),
    Row("trace", "drive(gen, 'next')", lambda f: drive(_gen("x"), "next"), TypeError, "script must be a list of steps"),
    Row("trace", "drive(gen, ['sned'])", lambda f: drive(_gen("x"), ["sned"]), ValueError, "unknown step 'sned'.*choose one of"),
    Row("trace", "drive(gen, [('throw', 'x')])", lambda f: drive(_gen("x"), [("throw", "x")]), TypeError, "needs an exception instance"),
    Row("trace", "drive(gen, [42])", lambda f: drive(_gen("x"), [42]), ValueError, "cannot read step 42"),
    Row("trace", "watch(None)", lambda f: watch(None), TypeError, "watch\\(\\) needs a generator object"),
    Row("trace", "watch([1, 2])", lambda f: watch([1, 2]), TypeError, "watch\\(\\) needs a generator object, got list"),
    Row("trace", "watch(generator function)", lambda f: watch(_gen), TypeError, "call the generator function first"),
    Row("trace", "watch(iter([1]))", lambda f: watch(iter([1])), TypeError, "needs a generator object"),
    Row("trace", "watch(42)", lambda f: watch(42), TypeError, "needs a generator object, got int"),
    # --- timeline -------------------------------------------------------------------------------
    Row("timeline", "Timeline(clock=0)", lambda f: Timeline(0), TypeError, "clock must be a function returning seconds"),
    Row("timeline", "Timeline(clock=time.time())", lambda f: Timeline(time.time()), TypeError, "clock must be a function.*VirtualClock"),
    Row("timeline", "Timeline(clock returning a str)", lambda f: Timeline(lambda: "0"), TypeError, r"clock\(\) must be a number of seconds"),
    Row("timeline", "Timeline(clock returning nan)", lambda f: Timeline(lambda: float("nan")), ValueError, r"clock\(\) must be a finite number"),
    Row("timeline", "Timeline(lanes='load')", lambda f: Timeline(VirtualClock(), lanes="load"), TypeError, r"lanes must be a list of names.*\['load'\]"),
    Row("timeline", "Timeline(lanes=[1])", lambda f: Timeline(VirtualClock(), lanes=[1]), TypeError, "lane must be a str"),
    Row("timeline", "Timeline(unit=None)", lambda f: Timeline(VirtualClock(), unit=None), TypeError, "unit must be a short name"),
    Row("timeline", "VirtualClock('0')", lambda f: VirtualClock("0"), TypeError, "start must be a number of seconds"),
    Row("timeline", "VirtualClock(inf)", lambda f: VirtualClock(float("inf")), ValueError, "start must be a finite number"),
    Row("timeline", "VirtualClock().advance(-1)", lambda f: VirtualClock().advance(-1), ValueError, "a clock cannot go back"),
    Row("timeline", "VirtualClock().advance(None)", lambda f: VirtualClock().advance(None), TypeError, "seconds must be a number of seconds"),
    Row("timeline", "VirtualClock().advance(True)", lambda f: VirtualClock().advance(True), TypeError, "seconds must be a number"),
    Row("timeline", "Timeline.add(end before start)", lambda f: Timeline(VirtualClock()).add("a", 2, 1), ValueError, "cannot end before it starts"),
    Row("timeline", "Timeline.add(lane='')", lambda f: Timeline(VirtualClock()).add(" ", 0, 1), ValueError, "lane must be a non-empty name"),
    Row("timeline", "Timeline.add(lane=None)", lambda f: Timeline(VirtualClock()).add(None, 0, 1), TypeError, "lane must be a str"),
    Row("timeline", "Timeline.add(start='0')", lambda f: Timeline(VirtualClock()).add("a", "0", 1), TypeError, "start must be a number of seconds"),
    Row("timeline", "Timeline.add(label=1)", lambda f: Timeline(VirtualClock()).add("a", 0, 1, label=1), TypeError, "label must be a str"),
    Row("timeline", "Timeline.span(None)", lambda f: Timeline(VirtualClock()).span(None), TypeError, "lane must be a str"),
    Row("timeline", "Timeline.span('')", lambda f: Timeline(VirtualClock()).span(""), ValueError, "lane must be a non-empty name"),
    Row("timeline", "Timeline.span(3)", lambda f: Timeline(VirtualClock()).span(3), TypeError, "lane must be a str"),
    Row("timeline", "Timeline.span(label=None)", lambda f: Timeline(VirtualClock()).span("a", None), TypeError, "label must be a str"),
    Row("timeline", "Timeline.span(['a'])", lambda f: Timeline(VirtualClock()).span(["a"]), TypeError, "lane must be a str"),
    Row("timeline", "Timeline.strip(empty)", lambda f: Timeline(VirtualClock()).strip(), ValueError, "nothing to draw"),
    Row("timeline", "Timeline.strip(width=0)", lambda f: Timeline(VirtualClock()).strip(width=0), ValueError, "width must be a whole number"),
    Row("timeline", "Timeline.strip(width=2.5)", lambda f: Timeline(VirtualClock()).strip(width=2.5), ValueError, "width must be a whole number"),
    Row("timeline", "Timeline.strip(until=-1)", lambda f: Timeline(VirtualClock()).strip(until=-1), ValueError, "nothing to draw"),
    Row("timeline", "Timeline.strip(until='1')", lambda f: Timeline(VirtualClock()).strip(until="1"), TypeError, "until must be a number"),
    Row("timeline", "Timeline.rows(digits=-1)", lambda f: Timeline(VirtualClock()).rows(digits=-1), ValueError, "digits must be a whole number"),
    Row("timeline", "Timeline.text(digits=1.5)", lambda f: Timeline(VirtualClock()).text(digits=1.5), ValueError, "digits must be a whole number"),
    Row("timeline", "Timeline.busy(None)", lambda f: Timeline(VirtualClock()).busy(None), TypeError, "lane must be a str"),
    Row("timeline", "Timeline.overlap('a', 2)", lambda f: Timeline(VirtualClock()).overlap("a", 2), TypeError, "lane must be a str"),
    Row("timeline", "Timeline.plot(empty)", lambda f: Timeline(VirtualClock()).plot(), ValueError, "no spans yet"),
    Row("timeline", "Timeline.busy(unknown lane)", lambda f: Timeline(VirtualClock()).busy("x"), expect=0),
    # --- scheduler ------------------------------------------------------------------------------
    Row("scheduler", "Scheduler(clock=None)", lambda f: Scheduler(None), TypeError, "clock must be a function returning seconds"),
    Row("scheduler", "Scheduler(clock=0.0)", lambda f: Scheduler(0.0), TypeError, "clock must be a function returning seconds"),
    Row("scheduler", "Scheduler(step_cost=-1)", lambda f: Scheduler(VirtualClock(), step_cost=-1), ValueError, "step_cost must be 0 or more"),
    Row("scheduler", "Scheduler(step_cost with a real clock)", lambda f: Scheduler(step_cost=1), ValueError, "needs a VirtualClock"),
    Row("scheduler", "Scheduler(step_cost='1')", lambda f: Scheduler(VirtualClock(), step_cost="1"), TypeError, "step_cost must be a number of seconds"),
    Row("scheduler", "Scheduler.spawn(generator function)", lambda f: Scheduler(VirtualClock()).spawn(_gen), TypeError, r"not the generator function _gen: call it first: spawn\(_gen\(...\)\)"),
    Row("scheduler", "Scheduler.spawn(None)", lambda f: Scheduler(VirtualClock()).spawn(None), TypeError, "spawn needs a generator object, not NoneType None"),
    Row("scheduler", "Scheduler.spawn(a list)", lambda f: Scheduler(VirtualClock()).spawn([1]), TypeError, "write the task as a function with yield"),
    Row("scheduler", "Scheduler.spawn(a coroutine)", lambda f: Scheduler(VirtualClock()).spawn(_coroutine()), TypeError, "async def coroutine needs asyncio"),
    Row("scheduler", "Scheduler.spawn(a started generator)", lambda f: Scheduler(VirtualClock()).spawn(_started()), ValueError, "needs a fresh generator"),
    Row("scheduler", "Scheduler.spawn(name=3)", lambda f: Scheduler(VirtualClock()).spawn(_gen("x"), name=3), TypeError, "name must be a non-empty str"),
    Row("scheduler", "Scheduler.spawn(the same name twice)", lambda f: _spawn_twice(), ValueError, "already a task named 'a'"),
    Row("scheduler", "Scheduler.cancel(None)", lambda f: Scheduler(VirtualClock()).cancel(None), TypeError, "cancel needs a Task from this scheduler"),
    Row("scheduler", "Scheduler.cancel(another scheduler's task)", lambda f: Scheduler(VirtualClock()).cancel(Scheduler(VirtualClock()).spawn(_gen("x"))), TypeError, "from this scheduler's spawn"),
    Row("scheduler", "Scheduler.cancel(a generator)", lambda f: Scheduler(VirtualClock()).cancel(_gen("x")), TypeError, "cancel needs a Task"),
    Row("scheduler", "Scheduler.cancel(a name)", lambda f: Scheduler(VirtualClock()).cancel("a"), TypeError, "cancel needs a Task"),
    Row("scheduler", "Scheduler.cancel(a finished task)", lambda f: _cancel_finished(), expect="done"),
    Row("scheduler", "Scheduler.run(a deadlock)", lambda f: _deadlock(), RuntimeError, r"deadlock: tasks \['a'\]"),
    Row("scheduler", "Scheduler.run(a bad request)", lambda f: _bad_request(), TypeError, "task 'a' yielded 'sleep', which is not a request"),
    Row("scheduler", "Scheduler.run(Join(self))", lambda f: _join_self(), RuntimeError, "task 'a' cannot wait for itself"),
    Row("scheduler", "Scheduler.run(nothing)", lambda f: Scheduler(VirtualClock()).run(), expect=None),
    Row("scheduler", "Scheduler.run(a task that fails)", lambda f: _run_failing(), expect="failed"),
    Row("scheduler", "Task.result(before run)", lambda f: Scheduler(VirtualClock()).spawn(_gen("x"), name="a").result(), RuntimeError, "task 'a' is ready: run the scheduler first"),
    Row("scheduler", "Sleep(-1)", lambda f: Sleep(-1), ValueError, "Sleep needs 0 or more seconds"),
    Row("scheduler", "Sleep('1')", lambda f: Sleep("1"), TypeError, r"Sleep\(seconds\) must be a number of seconds"),
    Row("scheduler", "Sleep(None)", lambda f: Sleep(None), TypeError, "must be a number of seconds"),
    Row("scheduler", "Sleep(nan)", lambda f: Sleep(float("nan")), ValueError, "must be a finite number"),
    Row("scheduler", "Sleep(True)", lambda f: Sleep(True), TypeError, "must be a number of seconds"),
    Row("scheduler", "Join(None)", lambda f: Join(None), TypeError, "Join needs a Task from scheduler.spawn"),
    Row("scheduler", "Join(a generator)", lambda f: Join(_gen("x")), TypeError, "Join needs a Task"),
    Row("scheduler", "Join('a')", lambda f: Join("a"), TypeError, "Join needs a Task"),
    Row("scheduler", "Join(a scheduler)", lambda f: Join(Scheduler(VirtualClock())), TypeError, "Join needs a Task"),
    Row("scheduler", "Join(1)", lambda f: Join(1), TypeError, "Join needs a Task"),
    Row("scheduler", "Readable(None)", lambda f: Readable(None), TypeError, r"Readable needs a socket \(something with fileno\(\)\)"),
    Row("scheduler", "Readable('sock')", lambda f: Readable("sock"), TypeError, "Readable needs a socket"),
    Row("scheduler", "Readable(3)", lambda f: Readable(3), TypeError, "Readable needs a socket"),
    Row("scheduler", "Readable(a closed socket)", lambda f: Readable(_closed_socket()), ValueError, "Readable got a closed socket"),
    Row("scheduler", "Readable(a list)", lambda f: Readable([]), TypeError, "Readable needs a socket"),
    # --- concurrency ----------------------------------------------------------------------------
    Row("concurrency", "sequentially(-1)", lambda f: sequentially(-1), ValueError, "requests must be 0 or more"),
    Row("concurrency", "sequentially(2.5)", lambda f: sequentially(2.5), TypeError, "requests must be a whole number"),
    Row("concurrency", "sequentially(3, delay=-1)", lambda f: sequentially(3, delay=-1), ValueError, "delay must be 0 or more seconds"),
    Row("concurrency", "sequentially(3, delay='0')", lambda f: sequentially(3, delay="0"), TypeError, "delay must be a number of seconds"),
    Row("concurrency", "sequentially(True)", lambda f: sequentially(True), TypeError, "requests must be a whole number"),
    Row("concurrency", "sequentially(0)", lambda f: sequentially(0), expect=[]),
    Row("concurrency", "thread_pool(3, workers=0)", lambda f: thread_pool(3, 0, workers=0), ValueError, "workers must be a whole number, 1 or more"),
    Row("concurrency", "thread_pool(3, workers=None)", lambda f: thread_pool(3, 0, workers=None), ValueError, "workers must be a whole number"),
    Row("concurrency", "thread_pool(-1)", lambda f: thread_pool(-1), ValueError, "requests must be 0 or more"),
    Row("concurrency", "thread_pool('3')", lambda f: thread_pool("3"), TypeError, "requests must be a whole number"),
    Row("concurrency", "thread_pool(3, delay=inf)", lambda f: thread_pool(3, delay=float("inf")), ValueError, "delay must be a finite number"),
    Row("concurrency", "asyncio_gather(-1)", lambda f: asyncio.run(asyncio_gather(-1)), ValueError, "requests must be 0 or more"),
    Row("concurrency", "asyncio_gather(None)", lambda f: asyncio.run(asyncio_gather(None)), TypeError, "requests must be a whole number"),
    Row("concurrency", "asyncio_gather(3, delay=-0.1)", lambda f: asyncio.run(asyncio_gather(3, -0.1)), ValueError, "delay must be 0 or more"),
    Row("concurrency", "asyncio_gather(3, delay=None)", lambda f: asyncio.run(asyncio_gather(3, None)), TypeError, "delay must be a number of seconds"),
    Row("concurrency", "asyncio_gather(1.0)", lambda f: asyncio.run(asyncio_gather(1.0)), TypeError, "requests must be a whole number"),
    Row("concurrency", "on_scheduler(-1)", lambda f: on_scheduler(-1), ValueError, "requests must be 0 or more"),
    Row("concurrency", "on_scheduler([1])", lambda f: on_scheduler([1]), TypeError, "requests must be a whole number"),
    Row("concurrency", "on_scheduler(3, delay=-1)", lambda f: on_scheduler(3, -1), ValueError, "delay must be 0 or more"),
    Row("concurrency", "on_scheduler(3, delay=nan)", lambda f: on_scheduler(3, float("nan")), ValueError, "delay must be a finite number"),
    Row("concurrency", "on_scheduler(3, delay='x')", lambda f: on_scheduler(3, "x"), TypeError, "delay must be a number of seconds"),
    Row("concurrency", "count_primes(-1)", lambda f: count_primes(-1), ValueError, "limit must be 0 or more"),
    Row("concurrency", "count_primes(1.5)", lambda f: count_primes(1.5), TypeError, "limit must be a whole number"),
    Row("concurrency", "count_primes(None)", lambda f: count_primes(None), TypeError, "limit must be a whole number"),
    Row("concurrency", "count_primes('10')", lambda f: count_primes("10"), TypeError, "limit must be a whole number"),
    Row("concurrency", "count_primes(True)", lambda f: count_primes(True), TypeError, "limit must be a whole number"),
    Row("concurrency", "count_primes(2)", lambda f: count_primes(2), expect=0),
    Row("concurrency", "cpu_in_pool(10, ...)", lambda f: cpu_in_pool(10, "threads"), TypeError, "limits must be a list of whole numbers"),
    Row("concurrency", "cpu_in_pool('10', ...)", lambda f: cpu_in_pool("10", "threads"), TypeError, "limits must be a list"),
    Row("concurrency", "cpu_in_pool([1, -1], ...)", lambda f: cpu_in_pool([1, -1], "threads"), TypeError, "limits must hold whole numbers 0 or more, but it holds -1"),
    Row("concurrency", "cpu_in_pool(kind='fibers')", lambda f: cpu_in_pool([1], "fibers"), ValueError, "kind must be 'threads' or 'processes'"),
    Row("concurrency", "cpu_in_pool(workers=0)", lambda f: cpu_in_pool([1], "threads", workers=0), ValueError, "workers must be a whole number, 1 or more"),
    Row("concurrency", "cpu_in_pool([1.5], ...)", lambda f: cpu_in_pool([1.5], "processes"), TypeError, "but it holds 1.5"),
    Row("concurrency", "cpu_timings(10)", lambda f: cpu_timings(10), TypeError, "limits must be a list of whole numbers"),
    Row("concurrency", "cpu_timings([None])", lambda f: cpu_timings([None]), TypeError, "but it holds None"),
    Row("concurrency", "cpu_timings(rounds=0)", lambda f: cpu_timings([1], rounds=0), ValueError, "rounds must be a whole number, 1 or more"),
    Row("concurrency", "cpu_timings(rounds=1.5)", lambda f: cpu_timings([1], rounds=1.5), ValueError, "rounds must be a whole number"),
    Row("concurrency", "cpu_timings(workers=0)", lambda f: cpu_timings([1], workers=0), ValueError, "workers must be a whole number, 1 or more"),
    # --- loaders (lesson 09) -----------------------------------------------------------------------
    Row("loaders", "batches(batch_size=0)", lambda f: batches([1, 2, 3], 0), ValueError, "batch_size must be at least 1"),
    Row("loaders", "batches(batch_size=-2)", lambda f: batches([1, 2, 3], -2), ValueError, "batch_size must be at least 1"),
    Row("loaders", "batches(batch_size=2.5)", lambda f: batches([1, 2, 3], 2.5), TypeError, "batch_size must be a whole number"),
    Row("loaders", "batches(42)", lambda f: batches(42, 2), TypeError, "needs an iterable"),
    Row("loaders", "batches(drop_last='yes')", lambda f: batches([1, 2, 3], 2, drop_last="yes"), TypeError, "drop_last must be True or False"),
    Row("loaders", "batches(range(5), 2, drop_last=True)", lambda f: batches(range(5), 2, drop_last=True), expect=[[0, 1], [2, 3]]),
    Row("loaders", "index_batches(batch_size=0)", lambda f: index_batches(10, 0), ValueError, "batch_size must be at least 1"),
    Row("loaders", "index_batches(length=-1)", lambda f: index_batches(-1, 2), ValueError, "length must be a whole number 0 or more"),
    Row("loaders", "index_batches(length=2.0)", lambda f: index_batches(2.0, 2), ValueError, "length must be a whole number"),
    Row("loaders", "index_batches(seed='abc')", lambda f: index_batches(10, 3, shuffle=True, seed="abc"), TypeError, "seed must be an int, a numpy.random.Generator or None"),
    Row("loaders", "index_batches(shuffle=1)", lambda f: index_batches(10, 3, shuffle=1), TypeError, "shuffle must be True or False"),
    Row("loaders", "index_batches(0, 3)", lambda f: index_batches(0, 3), expect=[]),
    Row("loaders", "array_batches(generator)", lambda f: array_batches(_gen("x"), 2), TypeError, "map-style dataset with __len__.*use batches\\(\\)"),
    Row("loaders", "array_batches(set)", lambda f: array_batches({1, 2, 3}, 2), TypeError, "map-style dataset with __len__ and __getitem__"),
    Row("loaders", "array_batches(batch_size=0)", lambda f: array_batches(np.arange(5), 0), ValueError, "batch_size must be at least 1"),
    Row("loaders", "array_batches(seed=1.5)", lambda f: array_batches(np.arange(5), 2, shuffle=True, seed=1.5), TypeError, "seed must be an int"),
    Row("loaders", "array_batches(drop_last=None)", lambda f: array_batches(np.arange(5), 2, drop_last=None), TypeError, "drop_last must be True or False"),
    Row("loaders", "array_batches(arange(5), 2, drop_last=True)", lambda f: [b.tolist() for b in array_batches(np.arange(5), 2, drop_last=True)], expect=[[0, 1], [2, 3]]),
    Row("loaders", "shuffle_buffer(buffer_size=0)", lambda f: shuffle_buffer(range(5), 0), ValueError, "buffer_size must be at least 1"),
    Row("loaders", "shuffle_buffer(buffer_size=None)", lambda f: shuffle_buffer(range(5), None), TypeError, "buffer_size must be a whole number"),
    Row("loaders", "shuffle_buffer(42)", lambda f: shuffle_buffer(42, 3), TypeError, "shuffle_buffer needs an iterable"),
    Row("loaders", "shuffle_buffer(seed=Generator)", lambda f: shuffle_buffer(range(5), 3, seed=np.random.default_rng(0)), TypeError, "seed must be an int or None"),
    Row("loaders", "shuffle_buffer(seed=True)", lambda f: shuffle_buffer(range(5), 3, seed=True), TypeError, "seed must be an int or None"),
    Row("loaders", "shuffle_buffer([], 3)", lambda f: shuffle_buffer([], 3), expect=[]),
    Row("loaders", "ArrayDataset()", lambda f: ArrayDataset(), TypeError, "needs at least one array"),
    Row("loaders", "ArrayDataset(3 rows, 4 rows)", lambda f: ArrayDataset(np.zeros(3), np.zeros(4)), ValueError, "same number of rows, got \\[3, 4\\]"),
    Row("loaders", "ArrayDataset(scalar)", lambda f: ArrayDataset(np.float64(1.0)), ValueError, "same number of rows"),
    Row("loaders", "Loader(generator)", lambda f: Loader(_gen("x"), 2), TypeError, "Loader needs a map-style dataset with __len__"),
    Row("loaders", "Loader(batch_size=0)", lambda f: Loader(np.arange(4), 0), ValueError, "batch_size must be at least 1"),
    Row("loaders", "Loader(prefetch=-1)", lambda f: Loader(np.arange(4), 2, prefetch=-1), ValueError, "prefetch must be 0 \\(no thread\\) or a number of batches"),
    Row("loaders", "Loader(shuffle='no')", lambda f: Loader(np.arange(4), 2, shuffle="no"), TypeError, "shuffle must be True or False"),
    Row("loaders", "Loader reused after close()", lambda f: iter(_closed_loader()), RuntimeError, "Loader was closed; make a new Loader"),
    # --- prefetch (lesson 09) ----------------------------------------------------------------------
    Row("prefetch", "prefetch(depth=0)", lambda f: prefetch([1], 0), ValueError, "depth must be at least 1"),
    Row("prefetch", "prefetch(depth=-3)", lambda f: prefetch([1], -3), ValueError, "depth must be at least 1"),
    Row("prefetch", "prefetch(depth=1.5)", lambda f: prefetch([1], 1.5), TypeError, "depth must be a whole number"),
    Row("prefetch", "prefetch(42)", lambda f: prefetch(42), TypeError, "prefetch needs an iterable"),
    Row("prefetch", "prefetch(source that raises)", lambda f: prefetch(_raises_after_one()), PrefetchError, "the loading thread raised ValueError: bad row", "next"),
    Row("prefetch", "prefetch(range(4), 2)", lambda f: prefetch(range(4), 2), expect=[0, 1, 2, 3]),
    Row("prefetch", "Prefetcher(depth=0)", lambda f: Prefetcher([1], 0), ValueError, "depth must be at least 1"),
    Row("prefetch", "Prefetcher(None)", lambda f: Prefetcher(None), TypeError, "Prefetcher needs an iterable"),
    Row("prefetch", "Prefetcher reused after close()", lambda f: next(_closed_prefetcher()), RuntimeError, "Prefetcher was closed; make a new one"),
    # --- softmax (lesson 09) -----------------------------------------------------------------------
    Row("softmax", "SoftmaxRegression(n_features=0)", lambda f: SoftmaxRegression(0, 3), ValueError, "n_features must be a whole number, at least 1"),
    Row("softmax", "SoftmaxRegression(n_classes=1)", lambda f: SoftmaxRegression(4, 1), ValueError, "n_classes must be at least 2"),
    Row("softmax", "SoftmaxRegression.step(x of images, not rows)", lambda f: SoftmaxRegression(4, 3).step(np.zeros((2, 2, 2)), np.array([0, 1]), 0.1), ValueError, "x must have shape \\(rows, 4\\).*reshape"),
    Row("softmax", "SoftmaxRegression.step(float labels)", lambda f: SoftmaxRegression(2, 3).step(np.zeros((2, 2)), np.array([0.0, 1.0]), 0.1), ValueError, "y must hold one whole-number class per row"),
    Row("softmax", "SoftmaxRegression.step(label 3 of 3 classes)", lambda f: SoftmaxRegression(2, 3).step(np.zeros((2, 2)), np.array([0, 3]), 0.1), ValueError, "classes must be 0 .. 2, got 0 .. 3"),
    Row("softmax", "SoftmaxRegression.step(learning_rate=0)", lambda f: SoftmaxRegression(2, 3).step(np.zeros((2, 2)), np.array([0, 1]), 0), ValueError, "learning_rate must be a number above 0"),
    Row("softmax", "SoftmaxRegression.step(empty batch)", lambda f: SoftmaxRegression(2, 3).step(np.zeros((0, 2)), np.zeros(0, dtype=int), 0.1), ValueError, "an empty batch has no gradient"),
    Row("softmax", "SoftmaxRegression.fit_epoch(used-up batches)", lambda f: SoftmaxRegression(2, 3).fit_epoch(iter([]), 0.1), expect=[]),
    # --- features (lesson 09) ----------------------------------------------------------------------
    Row("features", "shape_features(grey image)", lambda f: shape_features(np.zeros((4, 4))), ValueError, "RGB array of shape \\(height, width, 3\\).*load_image"),
    Row("features", "shape_features(flat row)", lambda f: shape_features(np.zeros(48)), ValueError, "RGB array of shape"),
    Row("features", "shape_features(empty image)", lambda f: shape_features(np.zeros((0, 4, 3))), ValueError, "got shape \\(0, 4, 3\\)"),
    Row("features", "shape_features(side=0)", lambda f: shape_features(np.zeros((4, 4, 3)), side=0), ValueError, "side must be a whole number of pixels, at least 1"),
    Row("features", "shape_features(side=2.5)", lambda f: shape_features(np.zeros((4, 4, 3)), side=2.5), ValueError, "side must be a whole number"),
    Row("features", "shape_features(threshold=-1)", lambda f: shape_features(np.zeros((4, 4, 3)), threshold=-1), ValueError, "threshold must be a number 0 or more"),
    Row("features", "shape_features(plain image)", lambda f: shape_features(np.zeros((4, 4, 3)), side=2).tolist(), expect=[0.0, 0.0, 0.0, 0.0]),
]


def _closed_loader() -> Loader:
    loader = Loader(np.arange(4), 2)
    loader.close()
    return loader


def _closed_prefetcher() -> Prefetcher:
    items = Prefetcher([1, 2])
    items.close()
    return items


def _raises_after_one() -> Iterator[int]:
    yield 1
    raise ValueError("bad row")


def _consume(result: Any) -> Any:
    """A generator or iterator is read to the end; anything else is returned as it is."""
    if isinstance(result, (str, bytes, dict, list, tuple, int, Path)) or result is None:
        return result
    if hasattr(result, "read"):  # an open file: read it all, then close it
        with result:
            return result.read()
    if hasattr(result, "__next__"):
        return list(result)
    return result


def _with_time_limit(function: Callable[[], Any]) -> Any:
    """Run ``function`` in a thread; fail the test (a hang) if it takes longer than LIMIT seconds."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["value"] = function()
        except BaseException as error:  # noqa: BLE001 - handed back to the test below
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(LIMIT)
    assert not thread.is_alive(), f"no answer within {LIMIT} s: a hang"
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def _open_files() -> set[str]:
    """What this process has open (Linux), to check that no row leaves a file open."""
    folder = Path("/proc/self/fd")
    if not folder.is_dir():  # pragma: no cover - not Linux
        return set()
    found = set()
    for fd in os.listdir(folder):
        with contextlib.suppress(OSError):  # the descriptor listdir itself used
            found.add(os.readlink(folder / fd))
    return found


@pytest.mark.parametrize("row", ROWS, ids=[f"{row.module}: {row.name}" for row in ROWS])
def test_bad_input(row: Row, files: Files, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(files.root)
    before = _open_files()
    if row.error is None:
        assert _with_time_limit(lambda: _consume(row.call(files))) == row.expect
    elif row.when == "call":
        with pytest.raises(row.error, match=row.phrase):
            _with_time_limit(lambda: row.call(files))  # the call itself raises: nothing is read
    else:
        result = row.call(files)  # no error yet: the bad bytes are only met while reading
        with pytest.raises(row.error, match=row.phrase):
            _with_time_limit(lambda: _consume(result))
    leaked = {name for name in _open_files() - before if name.startswith(str(files.root))}
    assert not leaked, f"left open: {sorted(leaked)}"


def test_every_public_function_has_at_least_five_rows() -> None:
    names = collections.Counter(row.name.split("(")[0] for row in ROWS)
    public = {
        module.__name__.rsplit(".", 1)[1]: [
            name for name in module.__all__ if callable(getattr(module, name)) and name[0].islower() or name in ("LogWriter",)
        ]
        for module in (readers, sample_data, sample_images, memory, coroutines, iterutils, trace, images, timeline,
                       loaders, prefetching, softmax, features, scheduler, concurrency, pipelines)
    }
    public["sample_data"].remove("data_dir")  # takes no argument: its input is LESSONS_DATA_DIR, tested below
    public["sample_data"] += public.pop("sample_images")  # re-exported there; its rows say sample_data
    public["pipelines"].append("Pipeline")
    for module, functions in public.items():
        for function in functions:
            assert names[function] >= 5, f"{module}.{function} has {names[function]} rows in the table"


def test_rows_per_module_are_counted() -> None:
    counts = collections.Counter(row.module for row in ROWS)
    assert set(counts) == {"readers", "sample_data", "memory", "coroutines", "iterutils", "trace", "images", "timeline",
                           "loaders", "prefetch", "softmax", "features", "scheduler", "concurrency", "pipelines"}
    assert all(count >= 5 for count in counts.values())


# --- data_dir reads LESSONS_DATA_DIR --------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("~/lessons-data", lambda tmp: Path.home() / "lessons-data"),
        ("relative/data", lambda tmp: tmp / "relative" / "data"),
        ("./data", lambda tmp: tmp / "data"),
        ("", lambda tmp: sample_data.REPO_ROOT / "data"),
        ("/absolute/data", lambda tmp: Path("/absolute/data")),
    ],
)
def test_data_dir_is_absolute_and_expanded(value: str, expected: Callable[[Path], Path], tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("LESSONS_DATA_DIR", value)
    found = data_dir()
    monkeypatch.chdir("/")  # moving elsewhere later does not change the folder already found
    assert found.is_absolute() and found == expected(tmp_path)


# --- a named pipe cannot fail fast: the wait stops with Ctrl+C ---------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
@pytest.mark.parametrize("reader", ["read_lines", "count_lines"])
def test_a_fifo_waits_for_a_writer_and_ctrl_c_stops_the_wait(tmp_path: Path, reader: str) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(ValueError, match="not a regular file"):
        follow(fifo)  # follow refuses it at the call
    program = (
        "import sys\nfrom lessons_lib.readers import count_lines, read_lines\n"
        f"print('waiting', flush=True)\nlist(read_lines(sys.argv[1])) if {reader!r} == 'read_lines' else count_lines(sys.argv[1])\n"
    )
    child = subprocess.Popen([sys.executable, "-c", program, str(fifo)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline() == "waiting\n"
        time.sleep(0.2)  # now blocked in open(), waiting for a writer
        assert child.poll() is None
        started = time.monotonic()
        child.send_signal(signal.SIGINT)
        _, err = child.communicate(timeout=5)
        assert time.monotonic() - started < 2
        assert "KeyboardInterrupt" in err
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
