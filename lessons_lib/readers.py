"""Read files lazily: lines, chunks, CSV rows, many (compressed) files, a growing file.

Every reader here hands out one item at a time and holds only the current
line or chunk in memory.  Each one checks its arguments when it is called (a
missing file, a folder where a file belongs, a size below 1 fail at once, at
the call), and opens its file only when the first item is asked for, inside a
``with`` block: the file is closed when the data runs out *and* when the
consumer stops early (``close()``, a ``break`` in a ``for`` loop that owns the
generator, or an error).

>>> import tempfile, os
>>> with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as tmp:
...     _ = tmp.write("alpha\\n# a comment\\n\\nbeta\\n")
>>> list(read_lines(tmp.name, skip_blank=True, skip_comments=True))
['alpha', 'beta']
>>> count_lines(tmp.name)
4
>>> os.remove(tmp.name)
"""

from __future__ import annotations

import bz2
import codecs
import csv
import fnmatch
import gzip
import os
import time
from collections.abc import Callable, Generator, Iterable
from functools import partial
from pathlib import Path
from typing import IO, Protocol, Union

__all__ = [
    "FileDecodeError",
    "count_lines",
    "find_files",
    "follow",
    "open_text",
    "read_chunks",
    "read_csv_rows",
    "read_lines",
    "read_many",
]

PathLike = Union[str, os.PathLike]  # noqa: UP007 (keeps Python 3.10 happy at run time)
COUNT_CHUNK = 1 << 20  # count_lines reads 1 MiB at a time


class _HasIsSet(Protocol):
    def is_set(self) -> bool: ...


# ---------------------------------------------------------------------------
# Checking arguments: clear errors at the call, not at the first next().
# ---------------------------------------------------------------------------


def _existing_file(path: PathLike) -> Path:
    """Return ``path`` as a Path, or raise an error that names it and says what is wrong."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"expected a file path (str or Path), not {type(path).__name__}: {path!r}")
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(
            f"{str(path)!r} is a folder, but a file was expected. To read the files inside it, "
            f"list them with find_files({str(path)!r}, '*.log') and read those."
        )
    if not path.exists():
        hint = "" if path.is_absolute() else "; a relative path starts from the current working folder"
        raise FileNotFoundError(f"no file {str(path)!r}: check the name and the folder{hint}")
    return path


def _at_least_one(name: str, value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be a whole number, not {type(value).__name__}: {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, not {value}")
    return value


def _check_codec(encoding: str, errors: str) -> None:
    codecs.lookup(encoding)  # LookupError: unknown encoding: ... (already clear)
    codecs.lookup_error(errors)  # LookupError: unknown error handler name ...


# ---------------------------------------------------------------------------
# Opening by suffix, and saying where undecodable bytes are.
# ---------------------------------------------------------------------------


def _open_binary(path: Path) -> IO[bytes]:
    if path.suffix == ".gz":
        return gzip.open(path, "rb")
    if path.suffix == ".bz2":
        return bz2.open(path, "rb")
    return open(path, "rb")


def open_text(path: PathLike, *, encoding: str = "utf-8", errors: str = "strict") -> IO[str]:
    """Open a file for reading text, decompressing ``.gz`` and ``.bz2`` files on the fly.

    Lines end only at ``\\n`` and keep their endings untranslated (``newline="\\n"``),
    so a ``\\r\\n`` line reads as ``'...\\r\\n'``.  Use it in a ``with`` block.

    >>> import gzip, tempfile, os
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     name = os.path.join(tmp, "x.log.gz")
    ...     with gzip.open(name, "wt") as f:
    ...         _ = f.write("hello\\n")
    ...     with open_text(name) as f:
    ...         print(f.read(), end="")
    hello
    """
    path = _existing_file(path)
    _check_codec(encoding, errors)
    if path.suffix == ".gz":
        return gzip.open(path, "rt", encoding=encoding, errors=errors, newline="\n")
    if path.suffix == ".bz2":
        return bz2.open(path, "rt", encoding=encoding, errors=errors, newline="\n")
    return open(path, encoding=encoding, errors=errors, newline="\n")


class FileDecodeError(UnicodeDecodeError):
    """A file's bytes do not decode: says which file, where (byte position and line), and what to do.

    It is a :class:`UnicodeDecodeError`, so ``except UnicodeDecodeError`` still catches it.
    """

    def __init__(self, path: Path, error: UnicodeDecodeError, position: int, line: int) -> None:
        super().__init__(error.encoding, error.object, error.start, error.end, error.reason)
        self.path = path
        self.position = position  # byte offset in the (decompressed) file
        self.line = line  # 1-based line number

    def __str__(self) -> str:
        bad = bytes(self.object[self.start : self.end])
        return (
            f"{str(self.path)!r} is not valid {self.encoding}: byte {bad[:1].hex(' ')!r} "
            f"at byte position {self.position} (line {self.line}) cannot be decoded ({self.reason}). "
            "If the file uses another encoding, pass it, e.g. encoding='latin-1' or 'cp1252'; "
            "to replace undecodable bytes with '\\ufffd' pass errors='replace' "
            "(or errors='ignore' to drop them)."
        )


def _locate_decode_error(path: Path, encoding: str) -> FileDecodeError | None:
    """Decode ``path`` chunk by chunk and describe the first undecodable byte (None if all decode)."""
    decoder = codecs.getincrementaldecoder(encoding)("strict")
    consumed = 0  # bytes handed to the decoder so far
    newlines = 0  # newlines decoded so far
    with _open_binary(path) as f:
        for chunk in iter(partial(f.read, 1 << 16), b""):
            pending = len(decoder.getstate()[0])
            try:
                newlines += decoder.decode(chunk).count("\n")
            except UnicodeDecodeError as error:
                position = consumed - pending + error.start
                good = bytes(error.object[: error.start])
                newlines += good.decode(encoding, errors="replace").count("\n")
                return FileDecodeError(path, error, position, newlines + 1)
            consumed += len(chunk)
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError as error:
            position = consumed - len(error.object) + error.start
            return FileDecodeError(path, error, position, newlines + 1)
    return None


# ---------------------------------------------------------------------------
# Lines and chunks.
# ---------------------------------------------------------------------------


def _without_ending(line: str) -> str:
    if line.endswith("\r\n"):
        return line[:-2]
    if line.endswith("\n"):
        return line[:-1]
    return line


READ_CHARS = 1 << 16  # read_lines decodes 64 Ki characters at a time, then splits them in C


def _finish(
    lines: list[str], ended: bool, strip: bool, skip_blank: bool, skip_comments: bool, cr: bool
) -> list[str]:
    """Apply read_lines' options to ``lines``: text split at "\\n".

    ``ended``: each line had a "\\n"; ``cr``: a "\\r" occurs somewhere in them.
    """
    texts = lines  # each line without its ending: "\n" is gone already, a "\r" before it goes too
    if ended and cr:
        texts = [line.removesuffix("\r") for line in lines]
    chosen = texts if strip else ([line + "\n" for line in lines] if ended else lines)
    if skip_blank or skip_comments:
        chosen = [
            line
            for line, text in zip(chosen, texts)
            if not (skip_blank and not text.strip())
            and not (skip_comments and text.lstrip().startswith("#"))
        ]
    return chosen


def _lines(
    path: Path, strip: bool, skip_blank: bool, skip_comments: bool, encoding: str, errors: str
) -> Generator[str, None, None]:
    try:
        with open_text(path, encoding=encoding, errors=errors) as f:
            if not (strip or skip_blank or skip_comments):
                yield from f  # every line exactly as stored: the file object's own C loop
                return
            # Decode a block of text, split it at "\n" with str.split (in C), and hand its lines out
            # one by one: no Python work per line; memory bounded by a block plus the longest line.
            pending: list[str] = []  # pieces of a line whose "\n" has not been read yet
            while block := f.read(READ_CHARS):
                lines = block.split("\n")
                if len(lines) == 1:  # no line ends in this block
                    pending.append(block)
                    continue
                if pending:
                    pending.append(lines[0])
                    lines[0] = "".join(pending)
                pending = [lines.pop()]  # after the last "\n": the start of the next line
                cr = "\r" in block or lines[0].endswith("\r")
                yield from _finish(lines, True, strip, skip_blank, skip_comments, cr)
            last = "".join(pending)
            if last:  # a last line without a final newline is still a line (and keeps any "\r")
                yield from _finish([last], False, strip, skip_blank, skip_comments, False)
    except UnicodeDecodeError as error:
        located = _locate_decode_error(path, encoding)
        if located is None:  # pragma: no cover - the decoder disagreed with itself
            raise
        raise located from error


def read_lines(
    path: PathLike,
    *,
    strip: bool = True,
    skip_blank: bool = False,
    skip_comments: bool = False,
    encoding: str = "utf-8",
    errors: str = "strict",
) -> Generator[str, None, None]:
    """Yield the lines of a text file one at a time (``.gz`` and ``.bz2`` are decompressed).

    A line ends at ``\\n``.  ``strip=True`` removes the line ending only (``\\n`` or
    ``\\r\\n``), keeping any other whitespace, which may be data; ``strip=False``
    yields each line exactly as stored, ending included, so ``"".join`` of
    the lines gives back the file's text.  A last line without a newline is
    still a line.  ``skip_blank`` drops lines that are empty or only
    whitespace; ``skip_comments`` drops lines whose first non-blank character
    is ``#``.  Undecodable bytes raise :class:`FileDecodeError` naming the file,
    byte position and line; choose another ``encoding`` or ``errors="replace"``.

    The file opens at the first ``next()`` and closes at the end or on ``close()``.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("wb", delete=False) as tmp:
    ...     _ = tmp.write(b"one\\r\\n  two \\nthree")
    >>> list(read_lines(tmp.name))
    ['one', '  two ', 'three']
    >>> list(read_lines(tmp.name, strip=False))
    ['one\\r\\n', '  two \\n', 'three']
    >>> os.remove(tmp.name)
    """
    checked = _existing_file(path)
    _check_codec(encoding, errors)
    return _lines(checked, strip, skip_blank, skip_comments, encoding, errors)


def _chunks(path: Path, size: int) -> Generator[bytes, None, None]:
    with open(path, "rb") as f:
        yield from iter(partial(f.read, size), b"")


def read_chunks(path: PathLike, size: int = 65_536) -> Generator[bytes, None, None]:
    """Yield the bytes of a file in chunks of ``size`` bytes (the last one may be shorter).

    No decoding, no line splitting: joined, the chunks are exactly the file.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("wb", delete=False) as tmp:
    ...     _ = tmp.write(b"abcdefg")
    >>> list(read_chunks(tmp.name, size=3))
    [b'abc', b'def', b'g']
    >>> os.remove(tmp.name)
    """
    checked = _existing_file(path)
    return _chunks(checked, _at_least_one("size", size))


def count_lines(path: PathLike) -> int:
    """Count the lines of a file by counting newline bytes, 1 MiB at a time, without decoding.

    A last line without a final newline counts too (``wc -l`` would not count
    it), so the result is the number of items ``read_lines`` yields.  An empty
    file has 0 lines.  The bytes are counted as stored: a ``.gz`` or ``.bz2``
    file is not decompressed (count ``read_lines(path)`` for those).

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("wb", delete=False) as tmp:
    ...     _ = tmp.write(b"a\\nb\\nno newline at the end")
    >>> count_lines(tmp.name)
    3
    >>> os.remove(tmp.name)
    """
    checked = _existing_file(path)
    buffer = bytearray(COUNT_CHUNK)
    view = memoryview(buffer)
    newlines = 0
    last = b"\n"  # an empty file ends "as if" after a newline: no extra line
    with open(checked, "rb", buffering=0) as f:
        while size := f.readinto(view):
            newlines += buffer.count(b"\n", 0, size)
            last = buffer[size - 1 : size]
    view.release()
    return newlines + (last != b"\n")


# ---------------------------------------------------------------------------
# CSV rows, folders, many files.
# ---------------------------------------------------------------------------


def _csv_rows(path: Path, encoding: str, delimiter: str) -> Generator[dict[str, str], None, None]:
    with open_text(path, encoding=encoding) as f:
        rows = csv.reader(f, delimiter=delimiter)
        header = next(rows, None)
        if header is None:
            return
        for row in rows:
            if not row:  # a blank line holds no record
                continue
            if len(row) != len(header):
                raise ValueError(
                    f"{str(path)!r} line {rows.line_num}: {len(row)} fields, but the header has "
                    f"{len(header)} ({', '.join(header)}); check the delimiter and the quoting there"
                )
            yield dict(zip(header, row))


def read_csv_rows(
    path: PathLike, *, encoding: str = "utf-8", delimiter: str = ","
) -> Generator[dict[str, str], None, None]:
    """Yield the rows of a CSV file as dicts keyed by the header row, one row at a time.

    Values stay strings (convert them where you use them).  A row with more or
    fewer fields than the header raises ``ValueError`` naming the line, rather
    than silently losing or inventing fields.  ``.gz``/``.bz2`` files are
    decompressed.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as tmp:
    ...     _ = tmp.write("code,reason\\n200,OK\\n404,Not Found\\n")
    >>> rows = read_csv_rows(tmp.name)
    >>> next(rows)
    {'code': '200', 'reason': 'OK'}
    >>> rows.close()
    >>> os.remove(tmp.name)
    """
    checked = _existing_file(path)
    _check_codec(encoding, "strict")
    return _csv_rows(checked, encoding, delimiter)


def _walk(root: Path, pattern: str) -> Generator[Path, None, None]:
    for folder, subfolders, files in os.walk(root):
        subfolders.sort()  # os.walk visits subfolders in this list's order: sorted, so deterministic
        for name in sorted(files):
            if fnmatch.fnmatchcase(name, pattern):
                yield Path(folder) / name


def find_files(root: PathLike, pattern: str = "*") -> Generator[Path, None, None]:
    """Yield the files under ``root`` (at any depth) whose name matches ``pattern``, in sorted order.

    ``pattern`` is a shell-style pattern matched against the file name only
    (``"*.log*"`` matches ``access.log`` and ``access.log.1.gz``); matching is
    case-sensitive.  The folder is walked lazily, one folder at a time.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     for name in ["b/x.log", "a/y.log", "a/notes.txt"]:
    ...         os.makedirs(os.path.dirname(os.path.join(tmp, name)), exist_ok=True)
    ...         open(os.path.join(tmp, name), "w").close()
    ...     [p.relative_to(tmp).as_posix() for p in find_files(tmp, "*.log")]
    ['a/y.log', 'b/x.log']
    """
    if not isinstance(root, (str, os.PathLike)):
        raise TypeError(f"expected a folder path (str or Path), not {type(root).__name__}: {root!r}")
    root = Path(root)
    if not root.exists():
        raise FileNotFoundError(f"no folder {str(root)!r}: check the name (relative to the current folder)")
    if not root.is_dir():
        raise NotADirectoryError(f"{str(root)!r} is a file, but a folder to search was expected")
    if not isinstance(pattern, str) or not pattern:
        raise ValueError(f"pattern must be a non-empty string such as '*.log', not {pattern!r}")
    return _walk(root, pattern)


def _many(paths: Iterable[PathLike], options: dict[str, object]) -> Generator[str, None, None]:
    for path in paths:
        yield from read_lines(path, **options)  # type: ignore[arg-type]


def read_many(
    paths: Iterable[PathLike],
    *,
    strip: bool = True,
    skip_blank: bool = False,
    skip_comments: bool = False,
    encoding: str = "utf-8",
    errors: str = "strict",
) -> Generator[str, None, None]:
    """Yield the lines of many files as one stream, one file open at a time.

    ``paths`` may itself be lazy (e.g. :func:`find_files`); each file is read
    with :func:`read_lines` (same options; ``.gz`` and ``.bz2`` decompressed).
    ``close()`` closes the file being read, through ``yield from``.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     for name, text in [("a.txt", "1\\n2\\n"), ("b.txt", "3\\n")]:
    ...         with open(os.path.join(tmp, name), "w") as f:
    ...             _ = f.write(text)
    ...     list(read_many(find_files(tmp, "*.txt")))
    ['1', '2', '3']
    """
    if isinstance(paths, (str, os.PathLike)):
        raise TypeError(
            f"read_many takes several paths (a list, or find_files(...)); for one file use read_lines({str(paths)!r})"
        )
    _check_codec(encoding, errors)
    options = dict(strip=strip, skip_blank=skip_blank, skip_comments=skip_comments, encoding=encoding, errors=errors)
    return _many(paths, options)


# ---------------------------------------------------------------------------
# Following a growing file, like `tail -f`.
# ---------------------------------------------------------------------------


def _follow(
    path: Path, poll_interval: float, stop: Callable[[], bool], from_start: bool, encoding: str
) -> Generator[str, None, None]:
    with open(path, encoding=encoding, newline="\n") as f:
        if not from_start:
            f.seek(0, os.SEEK_END)
        pending = ""  # the start of a line whose newline has not been written yet
        while True:
            stopping = stop()  # asked before reading, so nothing written before it is missed
            for piece in iter(f.readline, ""):
                if not piece.endswith("\n"):
                    pending += piece
                    break
                yield _without_ending(pending + piece)
                pending = ""
            if stopping:
                if pending:  # the writer has finished: a last line without a newline is still a line
                    yield pending
                return
            time.sleep(poll_interval)


def follow(
    path: PathLike,
    *,
    poll_interval: float = 0.05,
    stop: Callable[[], bool] | _HasIsSet | None = None,
    from_start: bool = True,
    encoding: str = "utf-8",
) -> Generator[str, None, None]:
    """Yield lines (without endings) as they are appended to a file, like ``tail -f``.

    When no complete line is waiting, it sleeps ``poll_interval`` seconds and
    looks again.  A line is yielded only once its newline is there.  ``stop``
    is a function returning True (or a ``threading.Event``) once the writer has
    finished: the follower then reads what is left and ends.  Without ``stop``
    it follows until the consumer calls ``close()`` (or breaks out of a loop).
    ``from_start=False`` skips what the file already holds.  Log rotation and
    truncation are not handled.

    >>> import tempfile
    >>> from lessons_lib.sample_data import LogWriter
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     with LogWriter(os.path.join(tmp, "live.log"), ["GET /", "GET /a"]) as writer:
    ...         list(follow(writer.path, poll_interval=0.01, stop=writer.done))
    ['GET /', 'GET /a']
    """
    checked = _existing_file(path)
    if isinstance(poll_interval, bool) or not isinstance(poll_interval, (int, float)) or not poll_interval > 0:
        raise ValueError(f"poll_interval must be a number of seconds above 0, not {poll_interval!r}")
    if stop is None:
        should_stop: Callable[[], bool] = lambda: False  # noqa: E731
    elif hasattr(stop, "is_set"):
        should_stop = stop.is_set
    elif callable(stop):
        should_stop = stop
    else:
        raise TypeError(f"stop must be a function returning True when to stop, or an Event, not {stop!r}")
    _check_codec(encoding, "strict")
    return _follow(checked, float(poll_interval), should_stop, from_start, encoding)
