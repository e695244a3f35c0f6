"""Sample data for the lessons: small committed files, generated web-server logs and images.

``shape_images`` (a labelled dataset of PNG pictures) lives in :mod:`lessons_lib.sample_images`
and can be imported from here too: ``from lessons_lib.sample_data import shape_images``.

Small samples live in ``assets/`` and are committed; large data is generated
on first use into :data:`DATA_DIR` (``data/`` at the repository root, ignored
by git; set the environment variable ``LESSONS_DATA_DIR`` to put it elsewhere)
and reused afterwards.

>>> REQUIREMENTS_SAMPLE.read_text(encoding="utf-8").splitlines()[0]
'# What the example project needs (a sample file for lesson 03)'
>>> log_lines(2)[0][:50]
'10.1.54.147 - - [01/Mar/2024:06:00:00 +0000] "GET '

Everything here is deterministic: the same arguments give the same bytes.
"""

from __future__ import annotations

import bz2
import contextlib
import datetime as _dt
import functools
import gzip
import math
import os
import secrets
import shutil
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType

import numpy as np

try:  # POSIX: one process at a time generates into a data folder (see _generating)
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]

__all__ = [
    "ASSETS_DIR",
    "BASE_TIME",
    "DATA_DIR",
    "LOG_TREE_FILES",
    "REQUIREMENTS_SAMPLE",
    "STATUS_CODES_CSV",
    "LogWriter",
    "access_log",
    "data_dir",
    "log_lines",
    "log_tree",
]

REPO_ROOT = Path(__file__).resolve().parents[1]
ASSETS_DIR = REPO_ROOT / "assets"

#: A requirements-style text file: package lines, a comment, a blank line, a final newline.
REQUIREMENTS_SAMPLE = ASSETS_DIR / "requirements-sample.txt"
#: A small CSV table of HTTP status codes: ``code,reason,class``.
STATUS_CODES_CSV = ASSETS_DIR / "http-status-codes.csv"


def __getattr__(name: str) -> object:
    """``shape_images`` lives in :mod:`lessons_lib.sample_images` (it needs Pillow); found here too.

    Imported on first use rather than at the top, because that module uses this one's helpers.
    """
    if name == "shape_images":
        from lessons_lib.sample_images import shape_images

        return shape_images
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def data_dir() -> Path:
    """The folder generated data goes to: ``$LESSONS_DATA_DIR`` if set, else ``data/`` in the repo.

    Read at each call, so setting the environment variable later still takes effect.  A ``~``
    in it is expanded, and a relative path is made absolute from the current folder at
    that moment, so the result does not change when the current folder does.

    >>> import os
    >>> from unittest import mock
    >>> with mock.patch.dict(os.environ, {"LESSONS_DATA_DIR": "/somewhere/else"}):
    ...     print(data_dir().as_posix())
    /somewhere/else
    """
    override = os.environ.get("LESSONS_DATA_DIR")
    return Path(override).expanduser().absolute() if override else REPO_ROOT / "data"


#: The folder for generated data as it was when this module was imported (see :func:`data_dir`).
DATA_DIR = data_dir()


# ---------------------------------------------------------------------------
# Access-log lines in the Combined Log Format, generated a block at a time.
# ---------------------------------------------------------------------------

#: Timestamps start here (UTC) and only move forward.
BASE_TIME = _dt.datetime(2024, 3, 1, 6, 0, 0, tzinfo=_dt.timezone.utc)
# Random draws are made for this many lines at a time (this fixes the stream for a seed).
_BLOCK_LINES = 32_768
_FORMAT_LINES = 4_096  # lines formatted into text at a time
MAX_LOG_LINES = 10_000_000  # log_lines returns a list: about 2 GB of str objects at most
_MAX_LINE_BYTES = 1_024  # generous bound on one line's length, for checking a finished file

_METHODS = ["GET", "POST", "HEAD", "PUT", "DELETE"]
_METHOD_P = [0.86, 0.09, 0.03, 0.015, 0.005]
_STATUSES = [200, 304, 404, 301, 302, 201, 500, 403, 206, 503]
_STATUS_P = [0.80, 0.07, 0.05, 0.02, 0.015, 0.015, 0.01, 0.01, 0.005, 0.005]
_AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/122.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.3 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Mobile/15E148",
    "curl/8.5.0",
    "python-requests/2.31.0",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
]
_AGENT_P = [0.34, 0.2, 0.12, 0.16, 0.06, 0.05, 0.07]
_REFERERS = [
    "-",
    "https://www.example.com/",
    "https://www.example.com/blog/",
    "https://www.example.com/products/",
    "https://duckduckgo.com/",
    "https://www.google.com/",
]
_REFERER_P = [0.55, 0.15, 0.08, 0.1, 0.04, 0.08]
_SECTIONS = ["/products/", "/blog/posts/", "/api/v1/items/", "/images/photo-", "/docs/page-"]
_SUFFIXES = ["", "", "", ".jpg", ".html"]
_FIXED_PATHS = [
    "/",
    "/index.html",
    "/favicon.ico",
    "/static/css/site.css",
    "/static/js/app.js",
    "/robots.txt",
    "/login",
    "/search?q=generators",
    "/cart",
    "/about",
]


def _pools() -> tuple[list[str], np.ndarray, list[str], np.ndarray]:
    """Client addresses and request paths, with skewed popularity (fixed, independent of seed)."""
    rng = np.random.default_rng(20240301)
    # Documentation-style ranges (RFC 5737 and private networks): realistic, but nobody's real
    # address.
    prefixes = ["192.0.2.", "198.51.100.", "203.0.113.", "10.1.", "172.16."]
    ips = []
    for number in range(4_000):
        prefix = prefixes[number % len(prefixes)]
        if prefix.count(".") == 3:
            ips.append(f"{prefix}{rng.integers(1, 255)}")
        else:
            ips.append(f"{prefix}{rng.integers(0, 256)}.{rng.integers(1, 255)}")
    rng.shuffle(ips)
    paths = list(_FIXED_PATHS)
    for number in range(3_000):
        section = number % len(_SECTIONS)
        paths.append(f"{_SECTIONS[section]}{rng.integers(1, 100_000)}{_SUFFIXES[section]}")
    return ips, _zipf(len(ips)), paths, _zipf(len(paths))


def _zipf(n: int) -> np.ndarray:
    """Probabilities 1/1, 1/2, 1/3 ... (normalised): a few items are popular, most are rare."""
    weights = 1.0 / np.arange(1, n + 1)
    return weights / weights.sum()


_IPS, _IP_P, _PATHS, _PATH_P = _pools()
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
_HMS = [f"{h:02d}:{m:02d}:{s:02d}" for h in range(24) for m in range(60) for s in range(60)]


@functools.cache
def _day(day_number: int) -> str:
    """The date part of a timestamp, e.g. '01/Mar/2024' (English month names in any locale)."""
    date = BASE_TIME.date() + _dt.timedelta(days=day_number)
    return f"{date.day:02d}/{_MONTHS[date.month - 1]}/{date.year}"


def _blocks(seed: int) -> Iterator[list[str]]:
    """Yield lists of log lines (each ending in a newline) forever; same seed, same lines."""
    rng = np.random.default_rng(seed)
    # seconds since BASE_TIME's midnight
    clock = BASE_TIME.hour * 3600 + BASE_TIME.minute * 60 + BASE_TIME.second
    n = _BLOCK_LINES
    while True:
        ip = rng.choice(len(_IPS), size=n, p=_IP_P).tolist()
        method = rng.choice(len(_METHODS), size=n, p=_METHOD_P)
        path = rng.choice(len(_PATHS), size=n, p=_PATH_P).tolist()
        status = rng.choice(np.array(_STATUSES), size=n, p=_STATUS_P)
        size = np.rint(rng.lognormal(mean=8.0, sigma=1.2, size=n)).astype(np.int64) + 20
        # no body sent: bytes are "-"
        no_body = (status == 304) | (method == _METHODS.index("HEAD"))
        size_text = np.where(no_body, "-", size.astype(str)).tolist()
        referer = rng.choice(len(_REFERERS), size=n, p=_REFERER_P).tolist()
        agent = rng.choice(len(_AGENTS), size=n, p=_AGENT_P).tolist()
        seconds = (clock + np.cumsum(rng.integers(0, 3, size=n))).tolist()  # 0, 1 or 2 s apart
        clock = seconds[-1]
        method_list = method.tolist()
        status_list = status.tolist()
        for start in range(0, n, _FORMAT_LINES):  # format a slice at a time: small logs stay cheap
            part = slice(start, start + _FORMAT_LINES)
            yield [
                f"{_IPS[i]} - - [{_day(t // 86_400)}:{_HMS[t % 86_400]} +0000] "
                f'"{_METHODS[m]} {_PATHS[p]} HTTP/1.1" {s} {b} "{_REFERERS[r]}" "{_AGENTS[a]}"\n'
                for i, t, m, p, s, b, r, a in zip(
                    ip[part], seconds[part], method_list[part], path[part],
                    status_list[part], size_text[part], referer[part], agent[part],
                    strict=True,
                )
            ]


def _check_seed(seed: int) -> None:
    if not isinstance(seed, int) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a whole number >= 0, not {seed!r}")


def log_lines(count: int, *, seed: int = 0) -> list[str]:
    """The first ``count`` lines of the access log for ``seed``, without line endings.

    They are the same lines that start the file :func:`access_log` writes.  At most
    :data:`MAX_LOG_LINES` (a list of them all is in memory at once).

    >>> line = log_lines(1, seed=3)[0]
    >>> line.count('"')   # request, referer and user agent are quoted
    6
    """
    if not isinstance(count, int) or isinstance(count, bool) or count < 0:
        raise ValueError(f"count must be a whole number >= 0, not {count!r}")
    if count > MAX_LOG_LINES:
        raise ValueError(
            f"count={count:,} lines would not fit in memory as a list (at most {MAX_LOG_LINES:,}): "
            "write a file with access_log(size_bytes) and read it lazily with read_lines"
        )
    _check_seed(seed)
    lines: list[str] = []
    for block in _blocks(seed):
        if len(lines) >= count:
            break
        lines.extend(line[:-1] for line in block[: count - len(lines)])
    return lines


# ---------------------------------------------------------------------------
# Files: written under a temporary name, then renamed, so never half-written.
# ---------------------------------------------------------------------------


LOCK_NAME = ".lessons_data.lock"  # in each data folder: held by the process generating into it


@contextlib.contextmanager
def _generating(folder: Path, name: str) -> Iterator[None]:
    """Hold ``folder``'s lock while generating ``name``; first remove what killed runs left of it.

    The lock (``flock`` on :data:`LOCK_NAME`) lets one process at a time generate into the folder;
    the others wait, then find the file complete.  The kernel releases it when its holder ends,
    even by SIGKILL, so a temporary file found while holding the lock has no writer any more.
    Without ``fcntl`` (Windows) there is no lock and no clean-up.
    """
    folder.mkdir(parents=True, exist_ok=True)
    if fcntl is None:  # pragma: no cover - Windows
        yield
        return
    # read-only: flock needs no write access
    lock = os.open(folder / LOCK_NAME, os.O_RDONLY | os.O_CREAT, 0o666)
    try:
        # waits while another process generates; Ctrl+C stops the wait
        fcntl.flock(lock, fcntl.LOCK_EX)
        for stale in folder.glob(f".{name}.*.tmp"):
            if stale.is_dir() and not stale.is_symlink():
                shutil.rmtree(stale, ignore_errors=True)
            else:
                # OSError: e.g. another user's, in a folder with the sticky bit
                with contextlib.suppress(OSError):
                    stale.unlink()
        yield
    finally:
        os.close(lock)  # releases the lock


def _temporary_name(target: Path) -> Path:
    """A name beside ``target`` that no other run uses (process id and a random part)."""
    return target.with_name(f".{target.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")


@contextlib.contextmanager
def _atomic_file(target: Path) -> Iterator[Path]:
    """Yield a temporary file beside ``target``; on success rename it to ``target``, else delete it.

    It is created with the permissions the umask allows (like any new file), not owner-only.
    """
    temporary = _temporary_name(target)
    os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    try:
        yield temporary
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(temporary)
        raise


def _complete_log(path: Path, size_bytes: int) -> bool:
    """Whether ``path`` looks like a finished log of ``size_bytes``.

    That is: its size is in range and its last byte is a newline.
    """
    try:
        actual = path.stat().st_size
        if not size_bytes <= actual < size_bytes + _MAX_LINE_BYTES:
            return False
        with open(path, "rb") as f:
            f.seek(-1, os.SEEK_END)
            return f.read(1) == b"\n"
    except OSError:
        return False


def access_log(size_bytes: int = 50_000_000, *, seed: int = 0, folder: Path | None = None) -> Path:
    """Generate (or reuse) a web-server access log of about ``size_bytes`` and return its path.

    The log is in the Combined Log Format, one request per line (AGENT: the User-Agent)::

        IP - - [day/Mon/year:HH:MM:SS +0000] "METHOD PATH HTTP/1.1" STATUS BYTES "REFERER" "AGENT"

    It holds whole lines only: the fewest lines that reach ``size_bytes``, so
    the file is at most one line longer than asked.  Timestamps start at
    :data:`BASE_TIME` (UTC); most statuses are 200, some 304, 404, 500 ...;
    BYTES is ``-`` when no body was sent.  The same ``(size_bytes, seed)``
    always gives the same bytes, and a smaller log is the beginning of a larger
    one with the same seed.

    The file goes to ``folder`` (default :func:`data_dir`) and is reused when a
    complete copy is already there; it is written under a temporary name and
    renamed when finished, so it is never seen half-written.  Processes that ask
    for the same log at once wait for each other (a lock file in the folder),
    and the temporary file of a run that was killed is removed by the next run.
    The file gets the permissions the umask gives new files.  About 100 MB take
    a few seconds.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     log = access_log(2_000, seed=1, folder=Path(tmp))
    ...     print(log.name, log.stat().st_size >= 2_000)
    access_2000B_seed1.log True
    """
    if not isinstance(size_bytes, int) or isinstance(size_bytes, bool):
        raise TypeError(
            f"size_bytes must be an int (a number of bytes), not {type(size_bytes).__name__}"
        )
    if size_bytes < 1:
        raise ValueError(f"size_bytes must be at least 1, not {size_bytes}")
    _check_seed(seed)
    folder = _folder(folder)
    target = folder / f"access_{size_bytes}B_seed{seed}.log"
    if _complete_log(target, size_bytes):
        return target
    with _generating(folder, target.name):
        if _complete_log(target, size_bytes):  # another process made it while this one waited
            return target
        free = shutil.disk_usage(folder).free
        if size_bytes > free:
            raise ValueError(
                f"size_bytes={size_bytes:,} is more than the free space in {str(folder)!r} "
                f"({free:,} bytes): ask for a smaller log, or set LESSONS_DATA_DIR to a folder on "
                "a bigger disk"
            )
        _write_log(target, size_bytes, seed)
    return target


def _folder(folder: object) -> Path:
    """The folder to generate into, checked: ``data_dir()`` when None; a ``~`` is expanded."""
    if folder is None:
        return data_dir()
    if not isinstance(folder, (str, os.PathLike)) or not os.fspath(folder):
        raise TypeError(
            f"folder must be a folder path (str or Path), or None for data_dir(), not {folder!r}"
        )
    path = Path(folder).expanduser()
    if path.exists() and not path.is_dir():
        raise NotADirectoryError(f"folder {str(path)!r} is a file; give a folder to write into")
    return path


def _write_log(target: Path, size_bytes: int, seed: int) -> None:
    with _atomic_file(target) as temporary, open(temporary, "wb") as out:
        written = 0
        for block in _blocks(seed):
            data = "".join(block).encode("ascii")
            if written + len(data) >= size_bytes:
                # Cut after the line that reaches size_bytes, so only whole lines are written.
                cut = data.index(b"\n", size_bytes - written - 1) + 1
                out.write(data[:cut])
                break
            out.write(data)
            written += len(data)


def _write_compressed(path: Path, text: str) -> None:
    data = text.encode("utf-8")
    if path.suffix == ".gz":
        data = gzip.compress(data, mtime=0)  # mtime=0: the same bytes on every run
    elif path.suffix == ".bz2":
        data = bz2.compress(data)
    path.write_bytes(data)


#: The files :func:`log_tree` creates, relative to its folder, with how many lines each holds.
LOG_TREE_FILES: dict[str, int] = {
    "web1/access.log": 40,
    "web1/access.log.1.gz": 60,
    "web1/access.log.2.bz2": 50,
    "web2/access.log": 30,
    "web2/archive/access.log.1.gz": 70,
    "web2/archive/access.log.2.bz2": 20,
}


def log_tree(folder: Path | None = None, *, seed: int = 0) -> Path:
    """Create (or reuse) a folder of access logs: plain, gzip (``.gz``) and bz2 (``.bz2``) files.

    The files are :data:`LOG_TREE_FILES` (270 lines in all, consecutive slices of
    ``log_lines(270, seed=seed)`` in sorted path order), plus a ``README.txt`` that is not a log.
    Returns the folder, ``folder/log_tree_seed{seed}`` (``folder`` defaults to :func:`data_dir`).

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     root = log_tree(Path(tmp))
    ...     print(sorted(p.name for p in (root / "web1").iterdir()))
    ['access.log', 'access.log.1.gz', 'access.log.2.bz2']
    """
    _check_seed(seed)
    base = _folder(folder)
    root = base / f"log_tree_seed{seed}"
    marker = root / "README.txt"
    if marker.is_file():  # written last, inside the folder that is renamed into place
        return root
    with _generating(base, root.name):
        if not marker.is_file():  # another process may have made it while this one waited
            _write_tree(root, seed)
    return root


@contextlib.contextmanager
def _atomic_folder(root: Path) -> Iterator[Path]:
    """Yield a new temporary folder beside ``root``; on success it replaces ``root``, else it goes.

    An incomplete ``root`` left by an earlier attempt is replaced.  The folder gets the
    permissions the umask gives new folders.
    """
    building = _temporary_name(root)
    building.mkdir(0o777)  # the umask decides, as for any new folder
    try:
        yield building
        if root.exists():  # an incomplete earlier attempt: replace it
            shutil.rmtree(root)
        os.replace(building, root)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise


def _write_tree(root: Path, seed: int) -> None:
    with _atomic_folder(root) as building:
        lines = iter(log_lines(sum(LOG_TREE_FILES.values()), seed=seed))
        for name in sorted(LOG_TREE_FILES):
            path = building / name
            path.parent.mkdir(parents=True, exist_ok=True)
            chunk = [next(lines) for _ in range(LOG_TREE_FILES[name])]
            _write_compressed(path, "".join(line + "\n" for line in chunk))
        (building / "README.txt").write_text(
            "Sample web-server logs for lesson 03.\n", encoding="utf-8"
        )


# ---------------------------------------------------------------------------
# A log that grows while you read it: for following a file (tail -f).
# ---------------------------------------------------------------------------


class LogWriter:
    """Append ``lines`` to ``path`` a few at a time, like a server writing its log.

    Drive it by hand with :meth:`step`, or as a context manager that writes from
    a background thread every ``interval`` seconds.  Leaving the ``with`` block
    stops the thread and waits for it (even after an error or ``break``), so it
    never outlives the code that started it.  :meth:`done` tells a follower
    when everything has been written; if the thread died of an error, ``done()``
    and leaving the block raise ``RuntimeError`` with that error as the cause.
    Arguments are checked at the call.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     writer = LogWriter(Path(tmp) / "live.log", ["a", "b", "c"], per_step=2)
    ...     writer.step(), writer.step(), writer.step(), writer.done()
    ...     print(writer.path.read_text())
    (True, True, False, True)
    a
    b
    c
    <BLANKLINE>
    """

    def __init__(
        self, path: Path | str, lines: Iterable[str], *, per_step: int = 1, interval: float = 0.01
    ) -> None:
        if not isinstance(path, (str, os.PathLike)) or not os.fspath(path):
            raise TypeError(f"path must be the log file's path (str or Path), not {path!r}")
        if Path(path).is_dir():
            raise IsADirectoryError(
                f"{os.fspath(path)!r} is a folder: give the path of the log file to write"
            )
        if isinstance(lines, (str, bytes)) or not isinstance(lines, Iterable):
            raise TypeError(
                "lines must be a list (or other iterable) of lines such as ['GET /', 'GET /a'], "
                f"not {lines!r}"
            )
        if isinstance(per_step, bool) or not isinstance(per_step, int):
            raise TypeError(f"per_step must be a whole number of lines, not {per_step!r}")
        if per_step < 1:
            raise ValueError(f"per_step must be at least 1, not {per_step}")
        if isinstance(interval, bool) or not isinstance(interval, (int, float)):
            raise TypeError(f"interval must be a number of seconds such as 0.01, not {interval!r}")
        if not (math.isfinite(interval) and 0 <= interval <= 60):
            raise ValueError(f"interval must be between 0 and 60 seconds, not {interval}")
        self.path = Path(path)
        self._lines: Sequence[str] = list(lines)
        for number, line in enumerate(self._lines):
            if not isinstance(line, str):
                raise TypeError(
                    f"line {number} is {type(line).__name__} {line!r}; give every line as a str"
                )
            if "\n" in line or "\r" in line:
                raise ValueError("give the lines without line endings; the writer adds one to each")
            try:
                line.encode("utf-8")
            except UnicodeEncodeError as error:
                raise ValueError(
                    f"line {number} cannot be written as UTF-8 ({error.reason}): {line!r}"
                ) from None
        self.per_step = per_step
        self.interval = interval
        self.written = 0
        self._finished = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        # what ended the background thread, if anything did
        self._error: BaseException | None = None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text("", encoding="utf-8")  # the log exists (empty) from the start
        if not self._lines:
            self._finished.set()

    def step(self) -> bool:
        """Append the next ``per_step`` lines; return False once there was nothing left to write."""
        batch = self._lines[self.written : self.written + self.per_step]
        if not batch:
            self._finished.set()
            return False
        with open(self.path, "a", encoding="utf-8") as log:
            log.write("".join(line + "\n" for line in batch))
        self.written += len(batch)
        if self.written == len(self._lines):
            self._finished.set()
        return True

    def done(self) -> bool:
        """Whether every line has been written (pass it to ``follow(..., stop=writer.done)``).

        If the background thread died with an error, this raises ``RuntimeError`` saying
        so (with that error as its cause), so a follower waiting for ``done()`` stops too.
        """
        if self._error is not None:
            raise RuntimeError(
                f"the LogWriter thread writing {str(self.path)!r} stopped with an error after "
                f"{self.written} of {len(self._lines)} lines: {self._error!r}"
            ) from self._error
        return self._finished.is_set()

    def _run(self) -> None:
        try:
            while not self._stop.is_set() and self.step():
                self._stop.wait(self.interval)
        except BaseException as error:  # noqa: BLE001 - kept for done() and stop(), not lost in stderr
            self._error = error

    def start(self) -> LogWriter:
        """Start writing from a background thread (prefer ``with LogWriter(...) as writer:``)."""
        if self._thread is not None:
            raise RuntimeError("this LogWriter has already been started")
        self._thread = threading.Thread(target=self._run, name="LogWriter", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop the background thread (if any) and wait for it to end.

        Raise its error if it died of one.
        """
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.done()  # raises if the thread died with an error

    def __enter__(self) -> LogWriter:
        return self.start()

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if kind is None:
            self.stop()  # a thread that died is reported here if nobody noticed it before
            return
        with contextlib.suppress(RuntimeError):  # the error already on its way out says more
            self.stop()

