"""Tests of lessons_lib.readers: lazy readers that clean up, clear errors, and lose no data."""

from __future__ import annotations

import bz2
import gzip
import inspect
import itertools
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessons_lib import readers
from lessons_lib.exercises import track_open_files
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
from lessons_lib.sample_data import LogWriter

# Hypothesis: few examples (the whole file runs in a few seconds), and tmp_path reused across them.
FEW = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def lines_of(text: str) -> list[str]:
    """Reference split: a line ends after each "\\n"; a last piece without one is a line too."""
    pieces = [piece + "\n" for piece in text.split("\n")]
    pieces[-1] = pieces[-1][:-1]
    return pieces if pieces[-1] else pieces[:-1]


def write(path: Path, data: str | bytes) -> Path:
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    return write(tmp_path / "sample.txt", "numpy\n# comment\n\n   \n  indented  \r\nlast")


# --- read_lines -------------------------------------------------------------------------------


def test_reference_split_itself() -> None:
    assert lines_of("") == []
    assert lines_of("a") == ["a"]
    assert lines_of("a\n") == ["a\n"]
    assert lines_of("a\n\nb") == ["a\n", "\n", "b"]


def test_read_lines_strips_only_the_line_ending(sample: Path) -> None:
    assert list(read_lines(sample)) == ["numpy", "# comment", "", "   ", "  indented  ", "last"]


def test_read_lines_can_keep_lines_unchanged(sample: Path) -> None:
    lines = list(read_lines(sample, strip=False))
    assert lines == ["numpy\n", "# comment\n", "\n", "   \n", "  indented  \r\n", "last"]
    assert "".join(lines) == sample.read_bytes().decode()


def test_read_lines_skips_blank_and_comment_lines(sample: Path) -> None:
    assert list(read_lines(sample, skip_blank=True)) == [
        "numpy", "# comment", "  indented  ", "last"
    ]
    assert list(read_lines(sample, skip_blank=True, skip_comments=True)) == [
        "numpy", "  indented  ", "last"
    ]
    assert list(read_lines(sample, skip_comments=True, strip=False))[0] == "numpy\n"


def test_read_lines_is_a_generator_that_opens_nothing_until_asked(sample: Path) -> None:
    with track_open_files() as opened:
        lines = read_lines(sample)
        assert inspect.isgenerator(lines)
        assert opened == []
        lines.close()
    assert opened == []


def test_read_lines_on_an_empty_file(tmp_path: Path) -> None:
    assert list(read_lines(write(tmp_path / "empty.txt", b""))) == []


@pytest.mark.parametrize(
    "suffix, compress", [(".gz", lambda b: gzip.compress(b, mtime=0)), (".bz2", bz2.compress)]
)
def test_read_lines_decompresses_by_suffix(tmp_path: Path, suffix: str, compress) -> None:
    path = write(tmp_path / f"log{suffix}", compress("é\r\nb\n".encode()))
    assert list(read_lines(path)) == ["é", "b"]
    assert list(read_lines(path, strip=False)) == ["é\r\n", "b\n"]


@FEW
@given(text=st.text())
def test_any_text_comes_back_line_by_line_unchanged(tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "any.txt", text)
    lines = list(read_lines(path, strip=False))
    assert lines == lines_of(text)
    assert "".join(lines) == text


@FEW
@given(text=st.text(alphabet=st.sampled_from("ab é\r\n\t€\x85\u2028")))
def test_stripped_lines_lose_exactly_their_endings(tmp_path: Path, text: str) -> None:
    path = write(tmp_path / "any.txt", text)
    expected = [line.rstrip("\r\n") for line in lines_of(text)]
    assert list(read_lines(path)) == expected
    assert count_lines(path) == len(expected)


def test_crlf_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "dos.txt", b"a\r\nb\r\n")
    assert list(read_lines(path)) == ["a", "b"]
    assert list(read_lines(path, strip=False)) == ["a\r\n", "b\r\n"]


# --- errors -----------------------------------------------------------------------------------


def test_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no file .*nope.txt"):
        read_lines(tmp_path / "nope.txt")  # at the call, not at the first next()


def test_folder_where_a_file_belongs(tmp_path: Path) -> None:
    with pytest.raises(IsADirectoryError, match="is a folder, but a file was expected.*find_files"):
        read_lines(tmp_path)
    with pytest.raises(IsADirectoryError):
        count_lines(tmp_path)
    with pytest.raises(IsADirectoryError):
        read_chunks(tmp_path)


def test_wrong_type_of_path() -> None:
    with pytest.raises(TypeError, match="expected a file path"):
        read_lines(42)  # type: ignore[arg-type]


def test_unknown_encoding_is_rejected_at_the_call(sample: Path) -> None:
    with pytest.raises(LookupError):
        read_lines(sample, encoding="no-such-codec")
    with pytest.raises(LookupError):
        read_lines(sample, errors="no-such-handler")


def test_undecodable_bytes_name_file_position_and_line(tmp_path: Path) -> None:
    data = b"caf\xc3\xa9\n" * 5_000 + b"line with a latin-1 byte: caf\xe9\n" + b"ok\n"
    path = write(tmp_path / "latin.txt", data)
    lines = read_lines(path)
    with pytest.raises(FileDecodeError) as caught:
        list(lines)
    error = caught.value
    assert isinstance(error, UnicodeDecodeError)
    assert error.position == data.index(b"\xe9\n")
    assert error.line == 5_001
    message = str(error)
    assert "latin.txt" in message and f"byte position {error.position}" in message
    assert "line 5001" in message
    assert "encoding=" in message and "errors='replace'" in message
    assert inspect.getgeneratorstate(lines) == inspect.GEN_CLOSED


def test_truncated_character_at_the_end_is_located(tmp_path: Path) -> None:
    path = write(tmp_path / "cut.txt", b"ok\n\xe2\x82")  # the first two bytes of the euro sign
    with pytest.raises(FileDecodeError, match=r"byte position 3 \(line 2\)"):
        list(read_lines(path))


def test_other_encodings_and_error_handlers(tmp_path: Path) -> None:
    path = write(tmp_path / "latin.txt", b"caf\xe9\n")
    assert list(read_lines(path, encoding="latin-1")) == ["café"]
    assert list(read_lines(path, errors="replace")) == ["caf\ufffd"]


@pytest.mark.parametrize("size", [0, -1])
def test_chunk_size_below_one_is_rejected(sample: Path, size: int) -> None:
    with pytest.raises(ValueError, match="size must be at least 1"):
        read_chunks(sample, size=size)


def test_chunk_size_must_be_an_int(sample: Path) -> None:
    with pytest.raises(TypeError, match="whole number"):
        read_chunks(sample, size=2.5)  # type: ignore[arg-type]


# --- early stop closes the file -----------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda p: read_lines(p),
        lambda p: read_chunks(p, size=2),
        lambda p: read_many([p, p]),
        lambda p: follow(p, poll_interval=0.01),
    ],
    ids=["read_lines", "read_chunks", "read_many", "follow"],
)
def test_close_after_one_item_closes_the_file(sample: Path, make) -> None:
    with track_open_files() as opened:
        generator = make(sample)
        next(generator)
        assert opened and not opened[0].closed
        generator.close()
    assert opened and all(f.closed for f in opened)


def test_csv_rows_close_early(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", "a,b\n1,2\n3,4\n")
    with track_open_files() as opened:
        rows = read_csv_rows(path)
        assert next(rows) == {"a": "1", "b": "2"}
        rows.close()
    assert len(opened) == 1 and opened[0].closed


def test_read_many_close_closes_the_file_being_read(tmp_path: Path) -> None:
    first = write(tmp_path / "1.txt", "a\nb\n")
    second = write(tmp_path / "2.txt", "c\nd\n")
    with track_open_files() as opened:
        lines = read_many([first, second])
        assert list(itertools.islice(lines, 3)) == ["a", "b", "c"]
        assert [f.closed for f in opened] == [True, False]
        lines.close()
    assert [f.closed for f in opened] == [True, True]


def test_gzip_file_closes_early(tmp_path: Path) -> None:
    path = write(tmp_path / "x.log.gz", gzip.compress(b"a\nb\n", mtime=0))
    with track_open_files() as opened:
        lines = read_lines(path)
        next(lines)
        lines.close()
    assert opened and all(f.closed for f in opened)


# --- chunks and counting ------------------------------------------------------------------------


@FEW
@given(data=st.binary(max_size=300), size=st.integers(1, 64))
def test_chunks_never_lose_or_duplicate_a_byte(tmp_path: Path, data: bytes, size: int) -> None:
    path = write(tmp_path / "bytes.bin", data)
    chunks = list(read_chunks(path, size=size))
    assert b"".join(chunks) == data
    assert all(len(chunk) == size for chunk in chunks[:-1])
    assert all(chunks)


@FEW
@given(text=st.text(alphabet=st.sampled_from("a\n\r é")), chunk=st.integers(1, 8))
def test_count_lines_equals_the_number_of_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, text: str, chunk: int
) -> None:
    monkeypatch.setattr(readers, "COUNT_CHUNK", chunk)  # newlines on every side of a chunk boundary
    path = write(tmp_path / "count.txt", text)
    assert count_lines(path) == len(lines_of(text)) == len(list(read_lines(path)))


@pytest.mark.parametrize(
    "data, expected",
    [(b"", 0), (b"\n", 1), (b"a", 1), (b"a\n", 1), (b"a\nb", 2), (b"\n\n\n", 3), (b"\r\n", 1)],
)
def test_count_lines_small_cases(tmp_path: Path, data: bytes, expected: int) -> None:
    assert count_lines(write(tmp_path / "c.txt", data)) == expected


# --- CSV --------------------------------------------------------------------------------------


def test_csv_rows_as_dicts_with_quoting(tmp_path: Path) -> None:
    path = write(tmp_path / "t.csv", 'code,reason\n200,OK\n\n404,"Not Found, sorry"\n')
    rows = read_csv_rows(path)
    assert inspect.isgenerator(rows)
    assert list(rows) == [
        {"code": "200", "reason": "OK"},
        {"code": "404", "reason": "Not Found, sorry"},
    ]


def test_csv_row_with_wrong_field_count_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path / "bad.csv", "a,b\n1,2\n1,2,3\n")
    with pytest.raises(ValueError, match=r"bad.csv' line 3: 3 fields, but the header has 2"):
        list(read_csv_rows(path))


def test_empty_csv_has_no_rows(tmp_path: Path) -> None:
    assert list(read_csv_rows(write(tmp_path / "e.csv", ""))) == []


# --- folders and many files ---------------------------------------------------------------------


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "logs"
    for name, text in {
        "b/access.log": "b1\n",
        "a/access.log.1.gz": "a1\na2\n",
        "a/access.log": "a0\n",
        "a/deeper/access.log.2.bz2": "d1\n",
        "a/notes.txt": "not a log\n",
    }.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        data = text.encode()
        if name.endswith(".gz"):
            data = gzip.compress(data, mtime=0)
        elif name.endswith(".bz2"):
            data = bz2.compress(data)
        path.write_bytes(data)
    return root


def test_find_files_is_sorted_and_filtered(tree: Path) -> None:
    found = [p.relative_to(tree).as_posix() for p in find_files(tree, "access.log*")]
    assert found == [
        "a/access.log", "a/access.log.1.gz", "a/deeper/access.log.2.bz2", "b/access.log"
    ]
    assert len(list(find_files(tree))) == 5


def test_find_files_errors(tree: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no folder"):
        find_files(tree / "missing")
    with pytest.raises(NotADirectoryError, match="is a file"):
        find_files(tree / "a" / "notes.txt")
    with pytest.raises(ValueError, match="pattern"):
        find_files(tree, "")


def test_read_many_over_plain_gzip_and_bz2(tree: Path) -> None:
    lines = read_many(find_files(tree, "access.log*"))
    assert inspect.isgenerator(lines)
    assert list(lines) == ["a0", "a1", "a2", "d1", "b1"]


def test_read_many_wants_several_paths(tree: Path) -> None:
    with pytest.raises(TypeError, match="for one file use read_lines"):
        read_many(tree / "b" / "access.log")


def test_open_text_reads_compressed_text(tree: Path) -> None:
    with open_text(tree / "a" / "access.log.1.gz") as f:
        assert f.read() == "a1\na2\n"


# --- follow -----------------------------------------------------------------------------------


def test_follow_waits_for_whole_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "grow.log", "")
    pieces = iter(["par", "tial\nnext", "", "\nlast without newline"])

    def writer_step_then_done() -> bool:  # called once per poll: append the next piece
        piece = next(pieces, None)
        if piece is None:
            return True
        with open(path, "a", encoding="utf-8") as f:
            f.write(piece)
        return False

    lines = follow(path, poll_interval=0.001, stop=writer_step_then_done)
    assert list(lines) == ["partial", "next", "last without newline"]


def test_follow_with_a_threaded_writer_is_complete_and_joined(tmp_path: Path) -> None:
    expected = [f"line {n}" for n in range(30)]
    with LogWriter(tmp_path / "live.log", expected, per_step=3, interval=0.001) as writer:
        got = list(follow(writer.path, poll_interval=0.001, stop=writer.done))
    assert got == expected
    assert writer._thread is not None and not writer._thread.is_alive()


def test_follow_from_the_end_skips_existing_lines(tmp_path: Path) -> None:
    path = write(tmp_path / "old.log", "old 1\nold 2\n")
    appended = iter(["new\n"])

    def append_once() -> bool:
        piece = next(appended, None)
        if piece is None:
            return True
        with open(path, "a", encoding="utf-8") as f:
            f.write(piece)
        return False

    assert list(follow(path, poll_interval=0.001, stop=append_once, from_start=False)) == ["new"]


def test_follow_accepts_an_event(tmp_path: Path) -> None:
    import threading

    done = threading.Event()
    done.set()
    path = write(tmp_path / "f.log", "a\nb")
    assert list(follow(path, poll_interval=0.01, stop=done)) == ["a", "b"]


@pytest.mark.parametrize("interval", [0, -1, float("nan"), float("inf"), 61])
def test_follow_rejects_bad_poll_interval(sample: Path, interval) -> None:
    with pytest.raises(ValueError, match="poll_interval"):
        follow(sample, poll_interval=interval)


def test_follow_rejects_a_bad_stop(sample: Path) -> None:
    with pytest.raises(TypeError, match="stop must be"):
        follow(sample, stop=True)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"a\r\nb\r", ["a", "b"]),  # a "\r" at the end of a line is part of its ending
        (b"a\r\r\nb\n", ["a", "b"]),  # every "\r" before the "\n" (a file converted twice)
        (b"a\nb\r\n", ["a", "b"]),
        (b"", []),
    ],
)
def test_strip_removes_exactly_the_line_ending(
    tmp_path: Path, data: bytes, expected: list[str]
) -> None:
    assert list(read_lines(write(tmp_path / "x.txt", data))) == expected
    assert list(read_lines(write(tmp_path / "x.txt.gz", gzip.compress(data, mtime=0)))) == expected


def test_find_files_reports_a_folder_it_cannot_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "a.log").write_text("a\n")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "b.log").write_text("b\n")
    real_scandir = os.scandir

    def scandir(path: Any = ".") -> Any:  # as if "locked" were chmod 000 for a user who is not root
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = find_files(tmp_path, "*.log")
    with pytest.raises(
        PermissionError, match="cannot list the folder .*locked.*Permission denied.*permissions"
    ):
        list(found)


def test_find_files_does_not_enter_linked_folders(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "a.log").write_text("a\n")
    (tmp_path / "real" / "loop").symlink_to(tmp_path)  # a loop of folders
    (tmp_path / "link.log").symlink_to(tmp_path / "real" / "a.log")  # a link to a file is a file
    found = [p.relative_to(tmp_path).as_posix() for p in find_files(tmp_path, "*.log")]
    assert found == ["link.log", "real/a.log"]


def test_a_cut_off_gzip_file_is_named_with_how_much_was_read(tmp_path: Path) -> None:
    import zlib

    whole = gzip.compress(b"one,two\n" * 50_000, mtime=0)
    cut = whole[: len(whole) // 2]
    readable = len(zlib.decompressobj(31).decompress(cut))  # what any reader can get out of it
    path = write(tmp_path / "cut.csv.gz", cut)
    readers = (
        lambda: list(read_lines(path)), lambda: count_lines(path), lambda: list(read_csv_rows(path))
    )
    expected = f"cut.csv.gz' ends too early: .* cut off after {readable:,} bytes of its text"
    for reader in readers:
        with pytest.raises(EOFError, match=expected):
            reader()
