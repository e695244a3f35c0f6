"""Tests of lessons_lib.sample_data: deterministic, realistic, whole files, no stray threads."""

from __future__ import annotations

import collections
import os
import re
import threading
from pathlib import Path

import pytest

from lessons_lib import sample_data
from lessons_lib.readers import find_files, follow, read_lines, read_many
from lessons_lib.sample_data import (
    LOCK_NAME,
    LOG_TREE_FILES,
    REQUIREMENTS_SAMPLE,
    STATUS_CODES_CSV,
    LogWriter,
    access_log,
    data_dir,
    log_lines,
    log_tree,
)

COMBINED = re.compile(
    r'^(?P<ip>\d{1,3}(?:\.\d{1,3}){3}) - - '
    r'\[(?P<day>\d\d/[A-Z][a-z]{2}/\d{4}):(?P<time>\d\d:\d\d:\d\d) \+0000\] '
    r'"(?P<method>GET|POST|HEAD|PUT|DELETE) (?P<path>/\S*) HTTP/1\.1" '
    r'(?P<status>\d{3}) (?P<bytes>\d+|-) '
    r'"(?P<referer>[^"]*)" "(?P<agent>[^"]+)"$'
)


# --- committed samples ------------------------------------------------------------------------


def test_requirements_sample_has_a_comment_a_blank_line_and_a_final_newline() -> None:
    text = REQUIREMENTS_SAMPLE.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert any(line.startswith("#") for line in lines)
    assert "" in lines
    assert sum(1 for line in lines if re.match(r"^[a-z][a-z0-9-]*[<>=]=?", line)) >= 3


def test_status_codes_csv_covers_the_generated_statuses() -> None:
    codes = {int(line.split(",")[0]) for line in STATUS_CODES_CSV.read_text().splitlines()[1:]}
    assert set(sample_data._STATUSES) <= codes


# --- data_dir ---------------------------------------------------------------------------------


def test_data_dir_defaults_to_data_in_the_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LESSONS_DATA_DIR", raising=False)
    assert data_dir() == sample_data.REPO_ROOT / "data"
    assert ".gitignore" in os.listdir(sample_data.REPO_ROOT)
    assert "data/" in (sample_data.REPO_ROOT / ".gitignore").read_text().splitlines()


def test_data_dir_follows_the_environment_variable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LESSONS_DATA_DIR", str(tmp_path / "elsewhere"))
    log = access_log(1_000)
    assert log.parent == tmp_path / "elsewhere"


# --- access_log -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def small_log(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return access_log(300_000, seed=0, folder=tmp_path_factory.mktemp("log"))


def test_access_log_is_whole_lines_just_past_the_size(small_log: Path) -> None:
    data = small_log.read_bytes()
    assert data.endswith(b"\n")
    assert len(data) >= 300_000
    last_line = data[:-1].rsplit(b"\n", 1)[1] + b"\n"
    assert len(data) - len(last_line) < 300_000  # without its last line it would be too short


def test_access_log_lines_are_combined_log_format(small_log: Path) -> None:
    lines = small_log.read_text(encoding="ascii").splitlines()
    matches = [COMBINED.match(line) for line in lines]
    assert all(matches), next(line for line, m in zip(lines, matches) if not m)
    statuses = collections.Counter(m["status"] for m in matches)
    assert statuses.most_common(1)[0][0] == "200" and statuses["200"] > 0.7 * len(lines)
    assert {"304", "404", "500"} <= statuses.keys()
    assert any(m["bytes"] == "-" for m in matches)
    assert all(m["bytes"] == "-" for m in matches if m["status"] == "304")
    assert len({m["ip"] for m in matches}) > 100
    assert matches[0]["day"] == "01/Mar/2024" and matches[0]["time"] == "06:00:00"
    times = [(m["day"], m["time"]) for m in matches[:1000]]
    assert times == sorted(times)  # time moves forward (all on the first day here)


def test_access_log_is_deterministic_and_seeded(tmp_path: Path, small_log: Path) -> None:
    again = access_log(300_000, seed=0, folder=tmp_path / "again")
    other = access_log(300_000, seed=1, folder=tmp_path / "other")
    assert again.read_bytes() == small_log.read_bytes()
    assert other.read_bytes() != small_log.read_bytes()
    assert other.name != small_log.name


def test_smaller_log_is_the_start_of_a_larger_one(tmp_path: Path, small_log: Path) -> None:
    smaller = access_log(10_000, folder=tmp_path).read_bytes()
    assert small_log.read_bytes().startswith(smaller)
    assert smaller.decode().splitlines()[:5] == log_lines(5)


def test_access_log_of_one_byte_is_one_line(tmp_path: Path) -> None:
    data = access_log(1, folder=tmp_path).read_bytes()
    assert data.count(b"\n") == 1 and data.endswith(b"\n")


def test_access_log_is_reused_when_complete(tmp_path: Path) -> None:
    log = access_log(5_000, folder=tmp_path)
    os.utime(log, (1, 1))  # mark it: a rewrite would change the modification time
    assert access_log(5_000, folder=tmp_path) == log
    assert log.stat().st_mtime == 1


def test_incomplete_log_is_regenerated(tmp_path: Path) -> None:
    log = access_log(5_000, folder=tmp_path)
    complete = log.read_bytes()
    log.write_bytes(complete[:3_000])  # as if an old writer had been interrupted
    assert access_log(5_000, folder=tmp_path).read_bytes() == complete


def test_failed_generation_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_blocks(seed: int):
        yield ["first line\n"] * 10
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(sample_data, "_blocks", broken_blocks)
    with pytest.raises(OSError, match="disk full"):
        access_log(100_000, folder=tmp_path)
    # the lock file stays, empty; no temporary file
    assert os.listdir(tmp_path) == [sample_data.LOCK_NAME]


@pytest.mark.parametrize("size", [0, -5])
def test_size_below_one_is_rejected(tmp_path: Path, size: int) -> None:
    with pytest.raises(ValueError, match="size_bytes must be at least 1"):
        access_log(size, folder=tmp_path)


@pytest.mark.parametrize("size", [1.5, "100", True])
def test_size_must_be_an_int(tmp_path: Path, size) -> None:
    with pytest.raises(TypeError, match="size_bytes must be an int"):
        access_log(size, folder=tmp_path)


def test_bad_seed_and_folder(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="seed"):
        access_log(100, seed=-1, folder=tmp_path)
    a_file = tmp_path / "file"
    a_file.write_text("x")
    with pytest.raises(NotADirectoryError, match="is a file"):
        access_log(100, folder=a_file)


# --- log_lines --------------------------------------------------------------------------------


def test_log_lines_counts_and_errors() -> None:
    assert log_lines(0) == []
    lines = log_lines(5_000, seed=2)  # more than one formatted slice
    assert len(lines) == 5_000 and all(COMBINED.match(line) for line in lines)
    assert log_lines(3, seed=2) == lines[:3]
    with pytest.raises(ValueError, match="count"):
        log_lines(-1)


# --- log_tree ---------------------------------------------------------------------------------


def test_log_tree_files_and_contents(tmp_path: Path) -> None:
    root = log_tree(tmp_path)
    names = sorted(p.relative_to(root).as_posix() for p in find_files(root))
    assert names == sorted([*LOG_TREE_FILES, "README.txt"])
    lines = list(read_many(find_files(root, "access.log*")))
    assert lines == log_lines(sum(LOG_TREE_FILES.values()))
    for name, count in LOG_TREE_FILES.items():
        assert len(list(read_lines(root / name))) == count
    assert (root / "web1/access.log.1.gz").read_bytes()[:2] == b"\x1f\x8b"  # really gzip
    assert (root / "web1/access.log.2.bz2").read_bytes()[:3] == b"BZh"  # really bz2


def test_log_tree_is_deterministic_and_reused(tmp_path: Path) -> None:
    first = log_tree(tmp_path / "one")
    second = log_tree(tmp_path / "two")
    for name in LOG_TREE_FILES:
        assert (first / name).read_bytes() == (second / name).read_bytes()
    marker = first / "README.txt"
    os.utime(marker, (1, 1))
    assert log_tree(tmp_path / "one") == first and marker.stat().st_mtime == 1
    # no temporary folder
    assert sorted(p.name for p in (tmp_path / "one").iterdir()) == [LOCK_NAME, first.name]


# --- LogWriter --------------------------------------------------------------------------------


def test_writer_steps_by_hand(tmp_path: Path) -> None:
    writer = LogWriter(tmp_path / "w.log", ["a", "b", "c"], per_step=2)
    assert writer.path.read_text() == "" and not writer.done()
    assert writer.step() and writer.path.read_text() == "a\nb\n" and not writer.done()
    assert writer.step() and writer.done()
    assert not writer.step()
    assert writer.path.read_text() == "a\nb\nc\n"


def test_writer_thread_ends_with_the_block(tmp_path: Path) -> None:
    before = threading.active_count()
    with LogWriter(tmp_path / "w.log", [f"line {n}" for n in range(20)], interval=0.001) as writer:
        lines = list(follow(writer.path, poll_interval=0.001, stop=writer.done))
    assert lines == [f"line {n}" for n in range(20)]
    assert threading.active_count() == before


def test_breaking_out_early_stops_the_writer(tmp_path: Path) -> None:
    before = threading.active_count()
    lines = [f"line {n}" for n in range(10_000)]
    with LogWriter(tmp_path / "w.log", lines, interval=0.001) as writer:
        for line in follow(writer.path, poll_interval=0.001, stop=writer.done):
            if line == "line 3":
                break
    assert threading.active_count() == before
    assert not writer.done()  # it was stopped, not run to the end


def test_writer_rejects_bad_arguments(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="per_step"):
        LogWriter(tmp_path / "w.log", ["a"], per_step=0)
    with pytest.raises(ValueError, match="interval"):
        LogWriter(tmp_path / "w.log", ["a"], interval=-1)
    with pytest.raises(ValueError, match="without line endings"):
        LogWriter(tmp_path / "w.log", ["a\n"])
    writer = LogWriter(tmp_path / "w.log", ["a"])
    with writer:
        pass
    with pytest.raises(RuntimeError, match="already been started"):
        writer.start()


def test_writer_with_no_lines_is_done_at_once(tmp_path: Path) -> None:
    assert LogWriter(tmp_path / "w.log", []).done()
