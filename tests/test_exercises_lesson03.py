"""Lesson 03's exercises: the reference answers pass, placeholders read "not attempted",
and typical wrong answers get the targeted message."""

from __future__ import annotations

import re
from contextlib import closing
from datetime import datetime
from pathlib import Path

import pytest

from lessons_lib.exercises import Status, ____
from lessons_lib.exercises.lesson03 import (
    EX4_LOG_BYTES,
    EX4_SEED,
    READING,
    ex1,
    ex2,
    ex3,
    ex4,
    ex5,
    read_readings,
)
from lessons_lib.readers import read_lines
from lessons_lib.sample_data import access_log


@pytest.fixture(autouse=True)
def data_in_tmp(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """ex4 generates its log into the data folder: a temporary one here."""
    monkeypatch.setenv("LESSONS_DATA_DIR", str(tmp_path_factory.getbasetemp() / "data"))


@pytest.mark.parametrize("exercise", [ex1, ex2, ex3, ex4], ids=["ex1", "ex2", "ex3", "ex4"])
def test_solution_is_printable(exercise, capsys: pytest.CaptureFixture[str]) -> None:
    exercise.solution()
    assert capsys.readouterr().out.strip()


# --- ex1: predict the counts ------------------------------------------------------------------


def test_ex1_forgetting_the_empty_piece_after_the_last_newline() -> None:
    result = ex1.evaluate((3, 3, 2))
    assert not result.correct and "piece after the final newline is another ''" in result.message


def test_ex1_thinking_readlines_also_adds_an_empty_line() -> None:
    assert "no extra empty line" in ex1.evaluate((4, 4, 2)).message


def test_ex1_forgetting_that_skip_blank_drops_the_blank_line() -> None:
    assert "the blank line is dropped" in ex1.evaluate((4, 3, 3)).message


@pytest.mark.parametrize("prediction", [4, (4, 3), ("4", "3", "2")])
def test_ex1_badly_shaped_predictions(prediction) -> None:
    result = ex1.evaluate(prediction)
    assert not result.correct and (
        "three whole numbers" in result.message or "whole number" in result.message
    )


# --- ex2: package names, closing the file -------------------------------------------------------


def test_ex2_a_list_instead_of_a_generator() -> None:
    def as_list(path):
        with open(path, encoding="utf-8") as f:
            return [line.split(">")[0] for line in f if line.strip() and not line.startswith("#")]

    assert "is a list, built all at once" in ex2.evaluate(as_list).message


def test_ex2_open_without_with_leaks_the_file() -> None:
    def leaky(path):
        f = open(path, encoding="utf-8")  # noqa: SIM115 (the mistake under test)
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                yield re.split(r"[<>=!~]", line, maxsplit=1)[0].strip()
        f.close()

    result = ex2.evaluate(leaky)
    assert "left" in result.message and "open after it was stopped early" in result.message


def test_ex2_lines_not_stripped() -> None:
    def unstripped(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.strip() and not line.startswith("#"):
                    yield re.split(r"[<>=!~]", line, maxsplit=1)[0]

    assert "still end with the line ending" in ex2.evaluate(unstripped).message


def test_ex2_blank_lines_kept() -> None:
    def keeps_blanks(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line.startswith("#"):
                    yield re.split(r"[<>=!~]", line, maxsplit=1)[0]

    assert "a blank line came through as ''" in ex2.evaluate(keeps_blanks).message


def test_ex2_comments_kept() -> None:
    def keeps_comments(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line:
                    yield re.split(r"[<>=!~]", line, maxsplit=1)[0]

    assert "a comment came through" in ex2.evaluate(keeps_comments).message


def test_ex2_whole_requirement_instead_of_name() -> None:
    def whole(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith("#"):
                    yield line

    assert "keep only the name" in ex2.evaluate(whole).message


def test_ex2_comment_test_before_stripping_misses_indented_comments() -> None:
    def comment_test_too_early(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#"):
                    continue
                line = line.strip()
                if line:
                    yield re.split(r"[<>=!~]", line, maxsplit=1)[0].strip()

    result = ex2.evaluate(comment_test_too_early)
    assert "a comment came through" in result.message and "indented comments" in result.message


# --- ex3: bytes sent, lazily -----------------------------------------------------------------


def test_ex3_int_of_dash() -> None:
    def naive(lines):
        for line in lines:
            yield int(line.split()[9])

    assert "int('-') fails" in ex3.evaluate(naive).message


def test_ex3_skipping_dash_lines() -> None:
    def skipping(lines):
        for line in lines:
            field = line.split()[9]
            if field != "-":
                yield int(field)

    assert "the '-' lines were skipped" in ex3.evaluate(skipping).message


def test_ex3_text_instead_of_numbers() -> None:
    def text(lines):
        for line in lines:
            yield line.split()[9]

    assert "Yield numbers, not text" in ex3.evaluate(text).message


def test_ex3_wrong_field() -> None:
    def status_instead(lines):
        for line in lines:
            yield int(line.split()[8])

    assert "the bytes sent are field 9" in ex3.evaluate(status_instead).message


def test_ex3_list_comprehension_is_eager() -> None:
    def eager(lines):
        return [0 if line.split()[9] == "-" else int(line.split()[9]) for line in lines]

    assert "is a list, built all at once" in ex3.evaluate(eager).message


def test_ex3_reading_everything_first_is_caught() -> None:
    def reads_all(lines):
        for line in list(lines):
            field = line.split()[9]
            yield 0 if field == "-" else int(field)

    assert "reads ahead" in ex3.evaluate(reads_all).message


# --- ex4: counting 404s in a memory budget --------------------------------------------------------


def test_ex4_the_check_log_has_the_substring_trap() -> None:
    log = access_log(EX4_LOG_BYTES, seed=EX4_SEED)
    lines = list(read_lines(log))
    assert sum("404" in line for line in lines) > sum(line.split()[8] == "404" for line in lines)


def test_ex4_readlines_is_over_budget() -> None:
    def eager(path):
        with open(path, encoding="utf-8") as f:
            return sum(1 for line in f.readlines() if line.split()[8] == "404")

    result = ex4.evaluate(eager)
    assert "at its peak; the budget is 640 KiB" in result.message


def test_ex4_substring_test_counts_too_many() -> None:
    def substring(path):
        with open(path, encoding="utf-8") as f:
            return sum(1 for line in f if "404" in line)

    assert "'404' also appears elsewhere" in ex4.evaluate(substring).message


def test_ex4_returning_a_generator_instead_of_a_number() -> None:
    def not_summed(path: Path):
        return (line for line in read_lines(path) if line.split()[8] == "404")

    assert "return the count as an int" in ex4.evaluate(not_summed).message


def test_ex2_sees_files_opened_by_code_typed_into_a_notebook(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """In a notebook, IPython binds its own `open` (calling io.open) in __main__: the check
    must still see it."""
    import sys

    main = sys.modules["__main__"]
    monkeypatch.setattr(main, "open", lambda *args, **kwargs: open(*args, **kwargs), raising=False)
    namespace = main.__dict__
    source = (
        "def _lesson03_typed_in_a_notebook(path):\n"
        "    with open(path, encoding='utf-8') as f:\n"
        "        for line in f:\n"
        "            line = line.strip()\n"
        "            if line and not line.startswith('#'):\n"
        "                yield __import__('re').split(r'[<>=!~]', line, maxsplit=1)[0].strip()\n"
    )
    exec(source, namespace)
    try:
        result = ex2.evaluate(namespace["_lesson03_typed_in_a_notebook"])
    finally:
        del namespace["_lesson03_typed_in_a_notebook"]
    assert result.correct, result.message


# --- correct answers in other styles, and the slips the fixed inputs could not see -------------


@pytest.mark.parametrize("prediction", [(4, 3, 2), [4, 3, 2]])
def test_ex1_a_tuple_or_a_list(prediction) -> None:
    assert ex1.evaluate(prediction).correct


def package_names_through_pathlib(path):  # refused on Python 3.10 by the old file tracker
    with Path(path).open(encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                yield re.split(r"[<>=!~]", line, maxsplit=1)[0].strip()


def package_names_with_read_lines(path):
    for line in read_lines(path):
        line = line.strip()
        if line and not line.startswith("#"):
            yield re.split("[<>=!~]", line)[0].strip()


def bytes_sent_as_a_generator_expression(lines):
    return (0 if line.split()[9] == "-" else int(line.split()[9]) for line in lines)


def bytes_sent_with_map(lines):  # a lazy iterator: accepted (see the hints)
    def size(line):
        field = line.split()[9]
        return int(field) if field.isdigit() else 0

    return map(size, lines)


def count_not_found_with_a_loop(path):
    count = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.split()[8] == "404":
                count += 1
    return count


def count_not_found_with_split_fields(path):
    with open(path, encoding="utf-8") as f:
        return sum(line.split(" ")[8] == "404" for line in f)


@pytest.mark.parametrize(
    ("number", "answer"),
    [
        (2, package_names_through_pathlib),
        (2, package_names_with_read_lines),
        (3, bytes_sent_as_a_generator_expression),
        (3, bytes_sent_with_map),
        (4, count_not_found_with_a_loop),
        (4, count_not_found_with_split_fields),
    ],
    ids=lambda value: getattr(value, "__name__", str(value)),
)
def test_other_correct_styles_pass(number: int, answer) -> None:
    exercise = {2: ex2, 3: ex3, 4: ex4}[number]
    result = exercise.evaluate(answer)
    assert result.correct, result.message


def test_ex2_as_a_map_over_the_file_cannot_close_it() -> None:
    def as_map(path):
        return map(str.strip, open(path, encoding="utf-8"))

    result = ex2.evaluate(as_map)
    assert not result.correct and "a generator was asked for" in result.message


def test_ex2_a_generator_that_breaks_on_the_first_comment() -> None:
    def stops_at_comment(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line.startswith("#"):
                    break
                if line:
                    yield re.split(r"[<>=!~]", line, maxsplit=1)[0].strip()

    assert "should be" in ex2.evaluate(stops_at_comment).message


def test_ex4_comparing_the_status_with_an_int_counts_nothing() -> None:
    def int_compare(path):
        return sum(1 for line in read_lines(path) if line.split()[8] == 404)

    assert "should be" in ex4.evaluate(int_compare).message


def test_ex3_a_lazy_answer_that_stops_early() -> None:
    def first_hundred(lines):
        for number, line in enumerate(lines):
            if number == 100:
                return
            field = line.split()[9]
            yield 0 if field == "-" else int(field)

    assert "differs from the reference at item 100" in ex3.evaluate(first_hundred).message


# --- more slips a learner makes --------------------------------------------------------------


@pytest.mark.parametrize(
    ("prediction", "phrase"),
    [
        ((3, 2, 2), "split cuts the text"),
        ((4, 2, 2), "keeps the blank line"),
        ((4, 3, 1), "the blank line is dropped"),
    ],
)
def test_ex1_more_wrong_counts(prediction, phrase: str) -> None:
    result = ex1.evaluate(prediction)
    assert not result.correct and phrase in result.message, result.message


def package_names_cut_at_equals_only(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                yield line.split("=")[0].strip()


def package_names_first_word(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.strip().startswith("#"):
                yield line.split()[0]


def bytes_sent_last_field(lines):
    for line in lines:
        yield int(line.split()[-1])


def bytes_sent_none_for_dash(lines):
    for line in lines:
        field = line.split()[9]
        yield int(field) if field.isdigit() else None


def count_any_4xx(path):
    return sum(1 for line in read_lines(path) if line.split()[8].startswith("4"))


def count_with_read(path):
    with open(path, encoding="utf-8") as f:
        return f.read().count(" 404 ")


@pytest.mark.parametrize(
    ("number", "answer", "phrase"),
    [
        (2, package_names_cut_at_equals_only, "keep only the name"),
        (2, package_names_first_word, "keep only the name"),
        (3, bytes_sent_last_field, "Your code raised ValueError"),
        (3, bytes_sent_none_for_dash, "differs from the reference at item"),
        (4, count_any_4xx, "should be"),
        (4, count_with_read, "`count_not_found(log)` should be `260`, but it is `261`"),
    ],
    ids=lambda value: getattr(value, "__name__", str(value)),
)
def test_more_slips_are_caught(number: int, answer, phrase: str) -> None:
    result = {2: ex2, 3: ex3, 4: ex4}[number].evaluate(answer)
    assert not result.correct and phrase in result.message, result.message


# --- ex5 (issue 15): parsing stages in one function ---


def matches_every_line(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            record = READING.fullmatch(line.strip()).groupdict()
            yield {"time": datetime.fromisoformat(record["time"]), "room": record["room"],
                   "celsius": float(record["celsius"])}


def keeps_strings(path):
    with closing(read_lines(path, skip_blank=True, skip_comments=True)) as lines:
        for line in lines:
            yield READING.fullmatch(line).groupdict()


def time_as_text(path):
    with closing(read_lines(path, skip_blank=True, skip_comments=True)) as lines:
        for line in lines:
            record = READING.fullmatch(line).groupdict()
            record["celsius"] = float(record["celsius"])
            yield record


def as_a_list(path):
    records = []
    for line in read_lines(path, skip_blank=True, skip_comments=True):
        record = READING.fullmatch(line).groupdict()
        records.append({"time": datetime.fromisoformat(record["time"]), "room": record["room"],
                        "celsius": float(record["celsius"])})
    return records


def pipeline_of_expressions(path):
    """Lazy, but a chain of generator expressions has no with block: close() leaves it open."""
    f = open(path, encoding="utf-8")  # noqa: SIM115 (the slip under test)
    lines = (line.strip() for line in f)
    kept = (line for line in lines if line and not line.startswith("#"))
    fields = (READING.fullmatch(line).groupdict() for line in kept)
    return ({"time": datetime.fromisoformat(r["time"]), "room": r["room"],
             "celsius": float(r["celsius"])} for r in fields)


def groups_by_index(path):
    with closing(read_lines(path, skip_blank=True, skip_comments=True)) as lines:
        for line in lines:
            match = READING.fullmatch(line)
            yield {"time": datetime.fromisoformat(match[1]), "room": match[2],
                   "celsius": float(match[3])}


def newline_left_on(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.strip().startswith("#"):
                match = READING.fullmatch(line)
                yield {"time": datetime.fromisoformat(match["time"]), "room": match["room"],
                       "celsius": float(match["celsius"])}


EX5_WRONG = [
    (matches_every_line, "Blank lines and comments never match"),
    (keeps_strings, "is still a str"),
    (time_as_text, "the field 'time' is still a str"),
    (as_a_list, "list"),
    (pipeline_of_expressions, "open"),
    (newline_left_on, "fullmatch` gave None"),
]


@pytest.mark.parametrize(("answer", "phrase"), EX5_WRONG, ids=[w[0].__name__ for w in EX5_WRONG])
def test_ex5_typical_slips(answer, phrase: str) -> None:
    result = ex5.evaluate(answer)
    assert result.status is Status.INCORRECT, result
    assert phrase in result.message, result.message


def matched(lines, pattern):
    for number, line in enumerate(lines, start=1):
        match = pattern.match(line)
        if match is None:
            raise ValueError(f"line {number} does not match: {line[:40]!r}")
        yield match


def as_dicts(matches):
    return (match.groupdict() for match in matches)


def typed(records, converters):
    for record in records:
        yield {key: converters.get(key, str)(value) for key, value in record.items()}


def with_the_lessons_stages(path):
    """Section 10's three stages, reused with a new pattern and new converters."""
    converters = {"time": datetime.fromisoformat, "celsius": float}
    with closing(read_lines(path, skip_blank=True, skip_comments=True)) as lines:
        yield from typed(as_dicts(matched(lines, READING)), converters)


def all_in_one_loop(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            time, room, celsius = line.split()[0] + " " + line.split()[1], *line.split()[2:]
            yield {"time": datetime.fromisoformat(time), "room": room, "celsius": float(celsius)}


def with_strptime(path):
    for line in read_lines(path, skip_blank=True, skip_comments=True):
        record = READING.fullmatch(line).groupdict()
        record["time"] = datetime.strptime(record["time"], "%Y-%m-%d %H:%M:%S")
        record["celsius"] = float(record["celsius"])
        yield record


@pytest.mark.parametrize("answer", [read_readings, with_the_lessons_stages, all_in_one_loop,
                                    with_strptime])
def test_ex5_alternatives_pass(answer) -> None:
    result = ex5.evaluate(answer)
    assert result.status is Status.CORRECT, result.message


def test_ex5_placeholder_reads_not_attempted() -> None:
    def draft(path):
        ____  # noqa: B018

    assert ex5.evaluate(draft).status is Status.NOT_ATTEMPTED
