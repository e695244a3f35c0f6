"""Read files lazily: lines, chunks, CSV rows, many (compressed) files, a growing file.

Every reader here hands out one item at a time.  Each one checks its
arguments when it is called (a missing file, a folder where a file belongs, a
size below 1, an unknown encoding fail at once, at the call), and opens its
file only when the first item is asked for, inside a ``with`` block: the file
is closed when the data runs out *and* when the consumer stops early
(``close()``, a ``break`` in a ``for`` loop that owns the generator, or an
error).  An error met while reading (undecodable bytes, a truncated ``.gz``,
a bad CSV row) names the file, and the position where it is known.

Edge cases, the same in every reader: ``.gz`` and ``.bz2`` files are
decompressed by their suffix; lines end at ``\\n``, and where an ending is
removed, a ``\\r`` before it goes too (CRLF files read like LF files); a last line without a
newline is still a line; a UTF-8 byte-order mark (BOM) is kept as the first
character unless you pass ``encoding="utf-8-sig"``; a symbolic link is read
as the file it points to.  A named pipe (FIFO) is read like a file, but the
first ``next()`` then waits until a writer opens the pipe: Ctrl+C stops the
wait (``KeyboardInterrupt``).

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
import contextlib
import csv
import errno
import fnmatch
import gzip
import io
import math
import os
import stat
import time
import zlib
from collections.abc import Callable, Generator, Iterable, Iterator
from functools import partial
from pathlib import Path
from typing import IO, Any, Protocol, Union

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
FOLLOW_CHUNK = 1 << 16  # follow reads at most 64 KiB at a time
MAX_CHUNK = 1 << 30  # read_chunks: a larger size would allocate that much memory for each read
MAX_POLL_INTERVAL = 60.0  # follow: seconds between looks, at most
COMPRESSED = {".gz": "gzip", ".bz2": "bz2"}


class _HasIsSet(Protocol):
    def is_set(self) -> bool: ...


# ---------------------------------------------------------------------------
# Checking arguments: clear errors at the call, not at the first next().
# ---------------------------------------------------------------------------


def _existing_file(path: PathLike) -> Path:
    """Return ``path`` as a Path, or raise an error that names it and says what is wrong."""
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"expected a file path (str or Path), not {type(path).__name__}: {path!r}")
    if not os.fspath(path):
        raise ValueError("the file path is empty: give the name of a file, e.g. 'access.log'")
    path = Path(path)
    if path.is_dir():
        raise IsADirectoryError(
            f"{str(path)!r} is a folder, but a file was expected. To read the files inside it, "
            f"list them with find_files({str(path)!r}, '*.log') and read those."
        )
    if not path.exists():
        if path.is_symlink():
            raise FileNotFoundError(_broken_link(path))
        hint = (
            "" if path.is_absolute() else "; a relative path starts from the current working folder"
        )
        raise FileNotFoundError(f"no file {str(path)!r}: check the name and the folder{hint}")
    if not os.access(path, os.R_OK):
        raise PermissionError(
            f"{str(path)!r} exists but cannot be read (permission denied): check its permissions"
        )
    return path


def _broken_link(path: Path) -> str:
    """Describe a symbolic link that leads nowhere: a missing target, or a loop of links."""
    try:
        os.stat(path)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return (
                f"{str(path)!r} is a symbolic link that loops back on itself: "
                "point it at a real file or remove it"
            )
    return (
        f"{str(path)!r} is a symbolic link to {os.readlink(path)!r}, which does not exist: "
        "fix the link or remove it"
    )


def _at_least_one(name: str, value: object, most: int | None = None) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"{name} must be a whole number, not {type(value).__name__}: {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, not {value}")
    if most is not None and value > most:
        raise ValueError(
            f"{name} must be at most {most:,} (each read allocates that much memory), not {value:,}"
        )
    return value


def _check_flags(**flags: object) -> None:
    for name, value in flags.items():
        if not isinstance(value, bool):
            raise TypeError(f"{name} must be True or False, not {value!r}")


def _check_codec(encoding: object, errors: object) -> None:
    if not isinstance(encoding, str):
        raise TypeError(
            f"encoding must be the name of a text encoding such as 'utf-8', not {encoding!r}"
        )
    try:
        # also refuses codecs that are not for text, e.g. 'base64'
        io.TextIOWrapper(io.BytesIO(), encoding=encoding)
    except LookupError:
        raise LookupError(
            f"unknown text encoding {encoding!r}: use a name such as 'utf-8', 'utf-8-sig', "
            "'latin-1' or 'cp1252'"
        ) from None
    if not isinstance(errors, str):
        raise TypeError(f"errors must be 'strict', 'replace' or 'ignore', not {errors!r}")
    try:
        codecs.lookup_error(errors)
    except LookupError:
        raise LookupError(
            f"unknown errors handler {errors!r}: use 'strict' (the default), 'replace' or 'ignore'"
        ) from None


# ---------------------------------------------------------------------------
# Opening by suffix, and errors that name the file.
# ---------------------------------------------------------------------------


def _open_binary(path: Path) -> IO[bytes]:
    if path.suffix == ".gz":
        return gzip.open(path, "rb")
    if path.suffix == ".bz2":
        return bz2.open(path, "rb")
    return open(path, "rb")


def _open(path: Path, encoding: str, errors: str) -> IO[str]:
    """Open ``path`` as text by its suffix; lines end only at "\\n", and endings stay as stored."""
    if path.suffix in COMPRESSED:
        return _text(_open_binary(path), encoding, errors)
    return open(path, encoding=encoding, errors=errors, newline="\n")


def _text(binary: IO[bytes], encoding: str, errors: str) -> IO[str]:
    return io.TextIOWrapper(binary, encoding=encoding, errors=errors, newline="\n")  # type: ignore[arg-type]


@contextlib.contextmanager
def _naming(path: Path, encoding: str, file: IO[Any] | None = None) -> Iterator[None]:
    """Turn an error met while reading ``path`` into one that names the file (and where, if known).

    ``file``: the open file, binary or text, whose ``tell()`` says how far a compressed file
    was read.
    """
    try:
        yield
    except FileDecodeError:
        raise
    except UnicodeDecodeError as error:
        located = _locate_decode_error(path, encoding)
        if located is None:  # pragma: no cover - the decoder disagreed with itself
            raise
        raise located from error
    except (EOFError, OSError, zlib.error) as error:
        kind = COMPRESSED.get(path.suffix)
        if kind is None:
            if str(path) in str(error):
                raise
            raise type(error)(f"reading {str(path)!r} failed: {error}") from error
        if isinstance(error, EOFError):
            message = (
                f"{str(path)!r} ends too early: its {kind} data is cut off{_after(file)} (an "
                "interrupted download or copy?). The lines before the cut were read; get a "
                "complete copy of the file."
            )
        else:
            message = (
                f"{str(path)!r} cannot be decompressed as {kind} ({error}): its name ends in "
                f"{path.suffix}, but is it really a {kind} file, and complete?"
            )
        raise type(error)(message) from error


def _after(file: IO[Any] | None) -> str:
    """Where reading a compressed file stopped: ' after N bytes of its text', or '' if unknown."""
    binary = getattr(file, "buffer", file)
    try:
        return (
            f" after {binary.tell():,} bytes of its text"  # type: ignore[union-attr]
            if binary is not None
            else ""
        )
    except (OSError, ValueError, AttributeError):
        return ""


def open_text(path: PathLike, *, encoding: str = "utf-8", errors: str = "strict") -> IO[str]:
    """Open a file for reading text, decompressing ``.gz`` and ``.bz2`` files on the fly.

    Lines end only at ``\\n`` and keep their endings untranslated (``newline="\\n"``),
    so a ``\\r\\n`` line reads as ``'...\\r\\n'``; a BOM stays as the first
    character (pass ``encoding="utf-8-sig"`` to drop it); a last line without a
    newline is read as it is; a symbolic link opens the file it points to.
    Undecodable bytes and a truncated or corrupt compressed file raise errors
    that name the file.  Use it in a ``with`` block.

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
    return _NamedTextFile(path, _open_binary(path), encoding, errors)


class _NamedTextFile(io.TextIOWrapper):
    """A text file whose reading errors name the file (see :func:`open_text`)."""

    def __init__(self, path: Path, binary: IO[bytes], encoding: str, errors: str) -> None:
        super().__init__(binary, encoding=encoding, errors=errors, newline="\n")  # type: ignore[arg-type]
        self.path = path

    def __next__(self) -> str:
        with _naming(self.path, self.encoding, self):
            return super().__next__()

    def read(self, size: int | None = -1) -> str:
        with _naming(self.path, self.encoding, self):
            return super().read(size)

    def readline(self, size: int | None = -1) -> str:  # type: ignore[override]
        with _naming(self.path, self.encoding, self):
            return super().readline(size)

    def readlines(self, hint: int | None = -1) -> list[str]:  # type: ignore[override]
        with _naming(self.path, self.encoding, self):
            return super().readlines(hint)


class FileDecodeError(UnicodeDecodeError):
    """A file's bytes do not decode: says which file, where (byte position, line) and what to do.

    It is a :class:`UnicodeDecodeError`, so ``except UnicodeDecodeError`` still catches it.
    ``line`` is None where the line number is not known (``follow(from_start=False)``).
    """

    def __init__(
        self, path: Path, error: UnicodeDecodeError, position: int, line: int | None
    ) -> None:
        super().__init__(error.encoding, error.object, error.start, error.end, error.reason)
        self.path = path
        self.position = position  # byte offset in the (decompressed) file
        self.line = line  # 1-based line number

    def __str__(self) -> str:
        bad = bytes(self.object[self.start : self.end])
        where = f"at byte position {self.position}" + (
            f" (line {self.line})" if self.line is not None else ""
        )
        return (
            f"{str(self.path)!r} is not valid {self.encoding}: byte {bad[:1].hex(' ')!r} "
            f"{where} cannot be decoded ({self.reason}). "
            "If the file uses another encoding, pass it, e.g. encoding='latin-1' or 'cp1252'; "
            "to replace undecodable bytes with '\\ufffd' pass errors='replace' "
            "(or errors='ignore' to drop them)."
        )


class _LineDecoder:
    """Decode bytes that arrive in pieces of any size into whole lines.

    A decode error names the file.  A multi-byte character cut between two pieces waits for the
    rest (an incremental decoder).
    """

    def __init__(self, path: Path, encoding: str, position: int, line: int | None) -> None:
        self.path = path
        self.decoder = codecs.getincrementaldecoder(encoding)("strict")
        self.encoding = encoding
        self.position = position  # bytes handed to the decoder so far (file offset)
        self.line = line  # the number of the line being decoded (None: unknown)
        self.pending = ""  # text after the last newline

    def feed(self, data: bytes, final: bool = False) -> list[str]:
        """The lines (without endings) that ``data`` completes.

        With ``final``, also a last unfinished one.
        """
        held = len(self.decoder.getstate()[0])
        try:
            text = self.decoder.decode(data, final)
        except UnicodeDecodeError as error:
            good = bytes(error.object[: error.start]).decode(self.encoding, "replace")
            line = None if self.line is None else self.line + (self.pending + good).count("\n")
            raise FileDecodeError(
                self.path, error, self.position - held + error.start, line
            ) from None
        self.position += len(data)
        *lines, self.pending = (self.pending + text).split("\n")
        if self.line is not None:
            self.line += len(lines)
        if final and self.pending:
            lines.append(self.pending)
            self.pending = ""
        return [line.rstrip("\r") for line in lines]


def _locate_decode_error(path: Path, encoding: str) -> FileDecodeError | None:
    """Decode ``path`` chunk by chunk; describe the first undecodable byte (None if all decode)."""
    decoder = _LineDecoder(path, encoding, 0, 1)
    with _open_binary(path) as f:
        try:
            for chunk in iter(partial(f.read, 1 << 16), b""):
                decoder.pending = ""  # only the count of lines matters here
                decoder.feed(chunk)
            decoder.feed(b"", final=True)
        except FileDecodeError as located:
            return located
    return None


# ---------------------------------------------------------------------------
# Lines and chunks.
# ---------------------------------------------------------------------------


def _lines(
    path: Path, strip: bool, skip_blank: bool, skip_comments: bool, encoding: str, errors: str
) -> Generator[str, None, None]:
    with _open(path, encoding, errors) as f, _naming(path, encoding, f):
        for line in f:
            text = line.rstrip("\r\n")  # the ending: "\n", and a "\r" before it (Windows)
            if skip_blank and not text.strip():
                continue
            if skip_comments and text.lstrip().startswith("#"):
                continue
            yield text if strip else line


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

    It is lesson 03's generator, a ``for`` loop over the file object inside a
    ``with`` block, with options.  A line ends at ``\\n``.  ``strip=True``
    removes the line ending only, keeping any other whitespace, which may be
    data; the ending is the ``\\n`` and any ``\\r`` at the end of the line,
    so CRLF (Windows) lines read like LF ones.  ``strip=False`` yields each
    line exactly as stored, ending included, so ``"".join`` of the lines gives
    back the file's text.  A last line without a newline is still a line.
    ``skip_blank`` drops lines that are empty or only whitespace;
    ``skip_comments`` drops lines whose first non-blank character is ``#``.
    A UTF-8 BOM stays at the start of the first line (``encoding="utf-8-sig"``
    drops it); a symbolic link reads as its target.  Undecodable bytes raise
    :class:`FileDecodeError` naming the file, byte position and line; a cut-off
    ``.gz``/``.bz2`` file raises ``EOFError`` naming the file.

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
    _check_flags(strip=strip, skip_blank=skip_blank, skip_comments=skip_comments)
    _check_codec(encoding, errors)
    return _lines(checked, strip, skip_blank, skip_comments, encoding, errors)


def _chunks(path: Path, size: int) -> Generator[bytes, None, None]:
    with open(path, "rb") as f:
        yield from iter(partial(f.read, size), b"")


def read_chunks(path: PathLike, size: int = 65_536) -> Generator[bytes, None, None]:
    """Yield the bytes of a file in chunks of ``size`` bytes (the last one may be shorter).

    No decoding, no line splitting, no decompression: joined, the chunks are
    exactly the file as stored (a BOM, CRLF endings and a missing final newline
    stay as they are, and a ``.gz`` file gives its compressed bytes); a symbolic
    link reads the file it points to.
    ``size`` is between 1 and 2**30 (each read allocates ``size`` bytes).

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("wb", delete=False) as tmp:
    ...     _ = tmp.write(b"abcdefg")
    >>> list(read_chunks(tmp.name, size=3))
    [b'abc', b'def', b'g']
    >>> os.remove(tmp.name)
    """
    checked = _existing_file(path)
    return _chunks(checked, _at_least_one("size", size, most=MAX_CHUNK))


def count_lines(path: PathLike) -> int:
    """Count the lines of a file by counting newline bytes, 1 MiB at a time, without decoding.

    A last line without a final newline counts too (``wc -l`` would not count
    it), so the result is the number of items ``read_lines`` yields.  An empty
    file has 0 lines.  A CRLF line counts once (its ``\\n``), a BOM changes
    nothing, a symbolic link counts its target's lines.  A ``.gz`` or ``.bz2``
    file is decompressed first (a cut-off one raises ``EOFError`` naming it).
    The count is right for UTF-8, Latin-1 and other encodings where a newline
    is the byte ``0x0a``.

    >>> import tempfile, os
    >>> with tempfile.NamedTemporaryFile("wb", delete=False) as tmp:
    ...     _ = tmp.write(b"a\\nb\\nno newline at the end")
    >>> count_lines(tmp.name)
    3
    >>> os.remove(tmp.name)
    """
    checked = _existing_file(path)
    buffer = bytearray(COUNT_CHUNK)
    newlines = 0
    last = b"\n"  # an empty file ends "as if" after a newline: no extra line
    opened = (
        open(checked, "rb", buffering=0)  # noqa: SIM115 - the `with` below closes it
        if checked.suffix not in COMPRESSED
        else _open_binary(checked)
    )
    with opened as f, _naming(checked, "utf-8", f), memoryview(buffer) as view:
        while size := f.readinto(view):  # type: ignore[attr-defined]
            newlines += buffer.count(b"\n", 0, size)
            last = buffer[size - 1 : size]
    return newlines + (last != b"\n")


# ---------------------------------------------------------------------------
# CSV rows, folders, many files.
# ---------------------------------------------------------------------------


def _header(path: Path, row: list[str]) -> list[str]:
    """The header row, checked: not blank, no name twice (a dict keeps only the last column)."""
    if not row:
        raise ValueError(
            f"{str(path)!r} line 1 is blank, but the header row (the column names) belongs there"
        )
    row[0] = row[0].removeprefix("\ufeff")  # a byte-order mark is not part of the first name
    twice = sorted({name for name in row if row.count(name) > 1})
    if twice:
        raise ValueError(
            f"{str(path)!r} line 1: the header names {', '.join(map(repr, twice))} more than once, "
            "so their columns would overwrite each other in each row's dict. Rename them in the "
            "file, or read the rows as lists with csv.reader."
        )
    return row


def _csv_rows(path: Path, encoding: str, delimiter: str) -> Generator[dict[str, str], None, None]:
    with _open(path, encoding, "strict") as f, _naming(path, encoding, f):
        rows = csv.reader(f, delimiter=delimiter)
        try:
            header = next(rows, None)
            if header is None:
                return
            header = _header(path, header)
            for row in rows:
                if not row:  # a blank line holds no record
                    continue
                if len(row) != len(header):
                    raise ValueError(
                        f"{str(path)!r} line {rows.line_num}: {len(row)} fields, but the header "
                        f"has {len(header)} ({', '.join(header)}); check the delimiter and the "
                        "quoting there"
                    )
                yield dict(zip(header, row, strict=True))
        except csv.Error as error:
            advice = (
                f" (the limit is csv.field_size_limit() = {csv.field_size_limit():,} characters): "
                "an unclosed quote makes the rest of the file one field; if the field is right, "
                "raise the limit with csv.field_size_limit(n)"
                if "field limit" in str(error)
                else ": check the quoting there"
            )
            raise csv.Error(f"{str(path)!r} line {rows.line_num}: {error}{advice}") from error


def read_csv_rows(
    path: PathLike, *, encoding: str = "utf-8", delimiter: str = ","
) -> Generator[dict[str, str], None, None]:
    """Yield the rows of a CSV file as dicts keyed by the header row, one row at a time.

    Values stay strings (convert them where you use them).  Nothing is lost or
    invented silently: a row with more or fewer fields than the header raises
    ``ValueError`` naming the line, and so does a header that names a column
    twice.  A field longer than ``csv.field_size_limit()`` raises ``csv.Error``
    naming the file and line.  A UTF-8 BOM before the first column name is
    dropped; CRLF line endings read like LF (and stay inside quoted fields);
    a last row without a newline is a row; blank lines are skipped; an empty
    file has no rows; a symbolic link reads its target.  ``.gz``/``.bz2``
    files are decompressed.

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
    if not isinstance(delimiter, str) or len(delimiter) != 1 or delimiter in "\r\n\"":
        raise ValueError(
            f"delimiter must be one character such as ',', ';' or '\\t', not {delimiter!r}"
        )
    return _csv_rows(checked, encoding, delimiter)


def _cannot_list(error: OSError) -> None:
    raise type(error)(
        f"cannot list the folder {error.filename!r} ({error.strerror}): its files would be missed. "
        "Check its permissions, or search a folder below or beside it."
    ) from error


def _walk(root: Path, pattern: str) -> Generator[Path, None, None]:
    for folder, subfolders, files in os.walk(root, onerror=_cannot_list):
        # os.walk visits subfolders in this list's order: sorted, so deterministic
        subfolders.sort()
        for name in sorted(files):
            if fnmatch.fnmatchcase(name, pattern):
                path = Path(folder) / name
                if path.is_symlink() and not path.exists():
                    raise FileNotFoundError(_broken_link(path))
                yield path


def find_files(root: PathLike, pattern: str = "*") -> Generator[Path, None, None]:
    """Yield the files under ``root`` (at any depth) whose names match ``pattern``, in sorted order.

    ``pattern`` is a shell-style pattern matched against the file name only
    (``"*.log*"`` matches ``access.log`` and ``access.log.1.gz``); matching is
    case-sensitive, and the default ``"*"`` matches every file.  A pattern with
    a ``/`` or ``**`` is refused: search a subfolder by passing it as ``root``.
    Compressed files are found by name like any other (``"*.log*"`` finds
    ``access.log.1.gz``).  The folder is walked lazily, one folder at a time.
    A symbolic link to a file is yielded like a file; a link to a folder is not entered (so a loop
    of folders cannot trap the walk); a matching link that leads nowhere, and a
    folder that cannot be listed, raise an error that names them.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     for name in ["b/x.log", "a/y.log", "a/notes.txt"]:
    ...         os.makedirs(os.path.dirname(os.path.join(tmp, name)), exist_ok=True)
    ...         open(os.path.join(tmp, name), "w").close()
    ...     [p.relative_to(tmp).as_posix() for p in find_files(tmp, "*.log")]
    ['a/y.log', 'b/x.log']
    """
    if not isinstance(root, (str, os.PathLike)):
        raise TypeError(
            f"expected a folder path (str or Path), not {type(root).__name__}: {root!r}"
        )
    if not os.fspath(root):
        raise ValueError("the folder path is empty: give a folder, e.g. '.' for the current one")
    root = Path(root)
    if not root.exists():
        raise FileNotFoundError(
            f"no folder {str(root)!r}: check the name (relative to the current folder)"
        )
    if not root.is_dir():
        raise NotADirectoryError(f"{str(root)!r} is a file, but a folder to search was expected")
    if not isinstance(pattern, str) or not pattern:
        raise ValueError(f"pattern must be a non-empty string such as '*.log', not {pattern!r}")
    if "/" in pattern or os.sep in pattern or "**" in pattern:
        raise ValueError(
            f"pattern {pattern!r} is matched against file names only, and find_files already "
            "searches every subfolder: give a name pattern such as '*.log', and a subfolder as the "
            "root, e.g. find_files(Path(root) / 'sub', '*.log')"
        )
    return _walk(root, pattern)


def _many(paths: Iterator[PathLike], options: dict[str, object]) -> Generator[str, None, None]:
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
    with :func:`read_lines` (same options and edge cases; ``.gz`` and ``.bz2``
    decompressed), so an error names the file it comes from.  ``close()``
    closes the file being read, through ``yield from``.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     for name, text in [("a.txt", "1\\n2\\n"), ("b.txt", "3\\n")]:
    ...         with open(os.path.join(tmp, name), "w") as f:
    ...             _ = f.write(text)
    ...     list(read_many(find_files(tmp, "*.txt")))
    ['1', '2', '3']
    """
    if isinstance(paths, (str, bytes, os.PathLike)):
        raise TypeError(
            "read_many takes several paths (a list, or find_files(...)); for one file use "
            f"read_lines({paths!r})"
        )
    try:
        iterator = iter(paths)
    except TypeError:
        raise TypeError(
            "read_many takes an iterable of paths (a list, or find_files(...)), not "
            f"{type(paths).__name__}: {paths!r}"
        ) from None
    _check_flags(strip=strip, skip_blank=skip_blank, skip_comments=skip_comments)
    _check_codec(encoding, errors)
    options = {
        "strip": strip, "skip_blank": skip_blank, "skip_comments": skip_comments,
        "encoding": encoding, "errors": errors,
    }
    return _many(iterator, options)


# ---------------------------------------------------------------------------
# Following a growing file, like `tail -F`.
# ---------------------------------------------------------------------------


def _replaced(path: Path, current: IO[bytes]) -> IO[bytes] | None:
    """The new file now called ``path``, opened, if it is no longer ``current``; else None.

    None also while no file has the name (renamed away, not yet created again): keep waiting.
    """
    try:
        now = os.stat(path)
        if os.path.samestat(now, os.fstat(current.fileno())):
            return None
        return open(path, "rb")
    except FileNotFoundError:
        return None


def _follow(
    path: Path, poll_interval: float, stop: Callable[[], bool], from_start: bool, encoding: str
) -> Generator[str, None, None]:
    f = open(path, "rb")  # noqa: SIM115 - swapped for the new file on rotation; `finally` closes it
    try:
        if not from_start:
            f.seek(0, os.SEEK_END)
        lines = _LineDecoder(path, encoding, f.tell(), 1 if from_start else None)
        while True:
            failure = None
            try:
                stopping = stop()  # asked before reading, so nothing written before it is missed
            except Exception as error:  # the writer died: hand out what it wrote, then its error
                failure, stopping = error, True
            while chunk := f.read(FOLLOW_CHUNK):
                yield from lines.feed(chunk)
            if stopping:  # the writer has finished: a last line without a newline is still a line
                yield from lines.feed(b"", final=True)
                if failure is not None:
                    raise failure
                return
            if os.fstat(f.fileno()).st_size < f.tell():  # truncated: read it again from the start
                yield from lines.feed(b"", final=True)
                f.seek(0)
                lines = _LineDecoder(path, encoding, 0, 1)
                continue
            replacement = _replaced(path, f)
            if replacement is not None:
                # rotated: finish the old file (it may have grown since), then switch
                while chunk := f.read(FOLLOW_CHUNK):
                    yield from lines.feed(chunk)
                yield from lines.feed(b"", final=True)
                f.close()
                f = replacement
                lines = _LineDecoder(path, encoding, 0, 1)
                continue
            time.sleep(poll_interval)
    finally:
        f.close()


def follow(
    path: PathLike,
    *,
    poll_interval: float = 0.05,
    stop: Callable[[], bool] | _HasIsSet | None = None,
    from_start: bool = True,
    encoding: str = "utf-8",
) -> Generator[str, None, None]:
    """Yield lines (without endings) as they are appended to a file, like ``tail -F``.

    When no complete line is waiting, it sleeps ``poll_interval`` seconds and
    looks again.  A line is yielded only once its newline is there, and a
    character whose bytes arrive in two writes is decoded once it is whole.
    ``stop`` is a function returning True (or a ``threading.Event``) once the
    writer has finished: the follower then reads what is left and ends; an
    error that ``stop`` raises (a :class:`~lessons_lib.sample_data.LogWriter`
    whose thread died) ends the follower with that error, after the lines
    written before it.  Without ``stop`` it
    follows until the consumer calls ``close()`` (or breaks out of a loop).
    ``from_start=False`` skips what the file already holds.

    Rotation and truncation are handled as ``tail -F`` does.  When ``path`` is
    renamed away and a new file is created under its name, the old file is
    read to its end, then the new one from its start.  When the file is found
    shorter than what has been read (truncated), it is read again from its
    start.  An unfinished last line is yielded at either switch.  A truncation
    followed by more writing than was there before, between two looks, cannot
    be seen.  Undecodable bytes raise :class:`FileDecodeError` naming the file
    and byte position; CRLF endings are removed like LF ones; a BOM stays; a
    last line without a newline is yielded when ``stop`` says the writer has
    finished; a symbolic link is followed to its file.  A ``.gz``/``.bz2`` file
    and a named pipe are refused at the call (they cannot be followed).

    >>> import tempfile
    >>> from lessons_lib.sample_data import LogWriter
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     with LogWriter(os.path.join(tmp, "live.log"), ["GET /", "GET /a"]) as writer:
    ...         list(follow(writer.path, poll_interval=0.01, stop=writer.done))
    ['GET /', 'GET /a']
    """
    checked = _existing_file(path)
    if checked.suffix in COMPRESSED:
        raise ValueError(
            f"{str(checked)!r} is a compressed file, which is not written line by line: follow a "
            "plain log, and read compressed ones with read_lines"
        )
    if not stat.S_ISREG(checked.stat().st_mode):
        raise ValueError(
            f"{str(checked)!r} is not a regular file (a pipe or a device?): follow needs a file "
            "it can seek in"
        )
    if isinstance(poll_interval, bool) or not isinstance(poll_interval, (int, float)):
        raise TypeError(
            f"poll_interval must be a number of seconds, such as 0.05, not {poll_interval!r}"
        )
    if (
        not (poll_interval > 0 and math.isfinite(poll_interval))
        or poll_interval > MAX_POLL_INTERVAL
    ):
        raise ValueError(
            "poll_interval must be a number of seconds above 0 and at most "
            f"{MAX_POLL_INTERVAL:g}, not {poll_interval!r}"
        )
    if stop is None:
        should_stop: Callable[[], bool] = lambda: False  # noqa: E731
    elif hasattr(stop, "is_set"):
        should_stop = stop.is_set
    elif callable(stop):
        should_stop = stop
    else:
        raise TypeError(
            f"stop must be a function returning True when to stop, or an Event, not {stop!r}"
        )
    _check_flags(from_start=from_start)
    _check_codec(encoding, "strict")
    return _follow(checked, float(poll_interval), should_stop, from_start, encoding)
