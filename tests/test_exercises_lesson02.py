"""Lesson 02 exercises: typical slips get named; correct answers in other styles pass."""

from __future__ import annotations

import itertools

import pytest

from lessons_lib.exercises import Status, ____
from lessons_lib.exercises.lesson02 import ex1, ex2, ex2_program_text, ex3, ex4
from lessons_lib.iterutils import batched

EXERCISES = [ex1, ex2, ex3, ex4]


def test_placeholder_inside_a_function_reads_not_attempted() -> None:
    def squares_of_evens(numbers):
        return ____  # what the learner first sees

    assert ex1.evaluate(squares_of_evens).status is Status.NOT_ATTEMPTED


@pytest.mark.parametrize("exercise", EXERCISES, ids=lambda ex: ex.name)
def test_hints_are_staged_and_the_solution_prints(exercise, capsys) -> None:
    assert len(exercise.hints) >= 2
    for _ in exercise.hints:
        exercise.hint()
    printed = capsys.readouterr().out
    assert f"Hint {len(exercise.hints)} of {len(exercise.hints)}" in printed
    exercise.solution()
    assert capsys.readouterr().out.strip()


def _fails_with(exercise, answer, phrase: str) -> None:
    result = exercise.evaluate(answer)
    assert result.status is Status.INCORRECT, result
    assert phrase in result.message, result.message


# --- ex1 --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (lambda numbers: [n * n for n in numbers if n % 2 == 0], "is a list, built all at once"),
        (
            lambda numbers: tuple(n * n for n in numbers if n % 2 == 0),
            "Return the generator expression itself",
        ),
        (lambda numbers: iter([n * n for n in numbers if n % 2 == 0]), "iterator over a list"),
        (lambda numbers: (n * n if n % 2 == 0 else 0 for n in numbers), "That is choosing"),
        (lambda numbers: (n * n for n in numbers if n % 2), "squares of the odd numbers"),
        (lambda numbers: (n for n in numbers if n % 2 == 0), "the even numbers themselves"),
        (lambda numbers: (n**3 for n in numbers if n % 2 == 0), "should be `[4, 16, 36]`"),
    ],
    ids=["list", "tuple", "iter-of-list", "choosing", "odd", "unsquared", "cubes"],
)
def test_ex1_typical_slips(answer, phrase: str) -> None:
    _fails_with(ex1, answer, phrase)


def test_ex1_a_generator_that_reads_ahead_is_not_lazy() -> None:
    def reads_everything(numbers):
        numbers = list(numbers)
        return (n * n for n in numbers if n % 2 == 0)

    _fails_with(ex1, reads_everything, "Something reads ahead")


def test_ex1_accepts_a_generator_function_too() -> None:
    def squares_of_evens(numbers):
        for n in numbers:
            if n % 2 == 0:
                yield n * n

    assert ex1.evaluate(squares_of_evens).correct


# --- ex2 --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("prediction", "phrase"),
    [
        ("True\n[0, 1, 2, 3, 4, 5]\n15", "any() already took items"),
        ("True\n[3, 4, 5]\n12", "it has already taken 3"),
        ("True\n[4, 5]\n9", "used the generator up"),
        ("False\n[4, 5]\n0", "line 1 of your prediction is 'False'"),
        ("True\n[4, 5]", "your prediction has 2 lines"),
        (["True", "[4, 5]", "0"], "Write your prediction as a string"),
    ],
    ids=["not-consumed", "item-kept", "second-pass", "any-false", "too-short", "not-a-string"],
)
def test_ex2_typical_slips(prediction, phrase: str) -> None:
    _fails_with(ex2, prediction, phrase)


def test_ex2_accepts_indented_triple_quoted_prediction() -> None:
    assert ex2.evaluate("""
        True
        [4, 5]
        0
    """).correct


def test_ex2_the_program_shown_to_the_learner_is_the_one_checked() -> None:
    assert ex2_program_text().splitlines() == [
        "numbers = (n for n in range(6))",
        "print(any(n > 2 for n in numbers))",
        "print(list(numbers))",
        "print(sum(numbers))",
    ]


# --- ex3 --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (
            lambda lines, n: itertools.islice(
                (line for line in lines if not line.startswith("#")), n
            ),
            "it dropped",
        ),
        (
            lambda lines, n: itertools.islice(
                itertools.takewhile(lambda s: s.startswith("#"), lines), n
            ),
            "that is the header itself",
        ),
        (
            lambda lines, n: list(
                itertools.islice(itertools.dropwhile(lambda s: s.startswith("#"), lines), n)
            ),
            "is a list, built all at once",
        ),
        (lambda lines, n: lines[2 : 2 + n], "cannot be sliced with [ ]"),
        (lambda lines, n: itertools.islice(lines, 2, 2 + n), "should be"),
    ],
    ids=["filter-all-hashes", "takewhile", "list", "subscript", "fixed-header-length"],
)
def test_ex3_typical_slips(answer, phrase: str) -> None:
    _fails_with(ex3, answer, phrase)


def test_ex3_reading_ahead_is_caught() -> None:
    def first_messages(lines, n):
        body = [line for line in itertools.dropwhile(lambda s: s.startswith("#"), lines)]
        return iter(body[:n])

    _fails_with(ex3, first_messages, "iterator over a list")


def test_ex3_a_generator_that_reads_everything_is_caught() -> None:
    def first_messages(lines, n):
        body = list(itertools.dropwhile(lambda s: s.startswith("#"), lines))
        yield from body[:n]

    _fails_with(ex3, first_messages, "Something reads ahead")


# --- ex4 --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (
            lambda numbers, size: (sum(b) for b in zip(*[iter(numbers)] * size)),
            "the last, shorter batch",
        ),
        (
            lambda numbers, size: [sum(b) for b in batched(numbers, size)],
            "is a list, built all at once",
        ),
        (lambda numbers, size: batched(numbers, size), "hands out the batches themselves"),
        (lambda numbers, size: itertools.accumulate(numbers), "running totals"),
        (
            lambda numbers, size: (max(b) for b in batched(numbers, size)),
            "should be `[10, 26, 19]`",
        ),
    ],
    ids=["drops-last", "list", "batches", "accumulate", "max"],
)
def test_ex4_typical_slips(answer, phrase: str) -> None:
    _fails_with(ex4, answer, phrase)


def test_ex4_reading_everything_first_is_caught() -> None:
    def batch_totals(numbers, size):
        numbers = list(numbers)
        return (sum(numbers[i : i + size]) for i in range(0, len(numbers), size))

    _fails_with(ex4, batch_totals, "Something reads ahead")


# --- correct answers in other styles ------------------------------------------------------------


def squares_of_evens_with_map_and_filter(numbers):  # lazy iterators: accepted (see the hints)
    return map(lambda n: n * n, filter(lambda n: n % 2 == 0, numbers))


def squares_of_evens_with_not(numbers):
    return (n**2 for n in numbers if not n % 2)


def first_messages_by_hand(lines, n):
    in_header = True
    count = 0
    for line in lines:
        if in_header and line.startswith("#"):
            continue
        in_header = False
        if count == n:
            return
        count += 1
        yield line


def first_messages_with_a_generator_inside(lines, n):
    return itertools.islice(
        (line for line in itertools.dropwhile(lambda s: s[:1] == "#", lines)), n
    )


def batch_totals_with_map(numbers, size):
    return map(sum, batched(numbers, size))


def batch_totals_by_hand(numbers, size):
    batch = []
    for number in numbers:
        batch.append(number)
        if len(batch) == size:
            yield sum(batch)
            batch = []
    if batch:
        yield sum(batch)


@pytest.mark.parametrize(
    ("exercise", "answer"),
    [
        (ex1, squares_of_evens_with_map_and_filter),
        (ex1, squares_of_evens_with_not),
        (ex3, first_messages_by_hand),
        (ex3, first_messages_with_a_generator_inside),
        (ex4, batch_totals_with_map),
        (ex4, batch_totals_by_hand),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_other_correct_styles_pass(exercise, answer) -> None:
    result = exercise.evaluate(answer)
    assert result.correct, result.message


@pytest.mark.parametrize(
    "prediction", ["True\n[4, 5]\n0", "\n  True\n  [4, 5]\n  0\n", "True  \n[4, 5]\n0\n\n"]
)
def test_ex2_predictions_in_other_layouts_pass(prediction: str) -> None:
    assert ex2.evaluate(prediction).correct


def test_ex4_only_the_first_batch_gets_the_first_difference() -> None:
    def first_batch_only(numbers, size):
        yield sum(itertools.islice(numbers, size))

    _fails_with(ex4, first_batch_only, "should be `[10, 26, 19]`, but it is `[10]`")


# --- more slips a learner makes --------------------------------------------------------------


def squares_of_positive_evens(numbers):  # drops 0 and negative even numbers
    return (n * n for n in numbers if n % 2 == 0 and n > 0)


def doubles_of_evens(numbers):
    return (n * 2 for n in numbers if n % 2 == 0)


def squares_of_evens_sorted_first(numbers):
    return iter(sorted(n * n for n in numbers if n % 2 == 0))


def first_messages_sliced_after_filtering(lines, n):
    messages = (line for line in lines if not line.startswith("#"))
    return messages[:n]


def first_messages_one_too_many(lines, n):
    return itertools.islice(itertools.dropwhile(lambda s: s.startswith("#"), lines), n + 1)


def first_messages_nested_the_wrong_way(lines, n):  # the header counts towards n
    return itertools.dropwhile(lambda s: s.startswith("#"), itertools.islice(lines, n))


def batch_totals_one_smaller(numbers, size):
    return (sum(batch) for batch in batched(numbers, size - 1) if batch)


def batch_averages(numbers, size):
    return (sum(batch) / len(batch) for batch in batched(numbers, size))


def batch_totals_of_sorted_numbers(numbers, size):
    return (sum(batch) for batch in batched(sorted(numbers), size))


MORE_SLIPS = [
    (ex1, squares_of_positive_evens, "should be `[0, 4, 16, 36, 64]`, but it is `[4, 16, 36, 64]`"),
    (ex1, doubles_of_evens, "should be `[4, 16, 36]`, but it is `[4, 8, 12]`"),
    (ex1, squares_of_evens_sorted_first, "is an iterator over a list"),
    (ex2, "True\n[]\n0", "line 2 of your prediction is '[]'"),
    (ex2, "3\n[4, 5]\n0", "line 1 of your prediction is '3'"),
    (ex2, "True\n(4, 5)\n0", "line 2 of your prediction is '(4, 5)'"),
    (ex3, first_messages_sliced_after_filtering, "cannot be sliced with [ ]"),
    (
        ex3,
        first_messages_one_too_many,
        "but it is `['hello all', '#python has a new release', 'see",
    ),
    (ex3, first_messages_nested_the_wrong_way, "should be `['hello all', '#python has a new"),
    (ex4, batch_totals_one_smaller, "should be `[10, 26, 19]`, but it is `[6, 15, 24, 10]`"),
    (ex4, batch_averages, "should be `[10, 26, 19]`, but it is `[2.5, 6.5, 9.5]`"),
    (ex4, batch_totals_of_sorted_numbers, "should be `[-30, 89, 26]`, but it is `[-30, 65, 50]`"),
]


@pytest.mark.parametrize(
    ("exercise", "answer", "phrase"),
    MORE_SLIPS,
    ids=[f"{e.name}-{getattr(a, '__name__', 'prediction')}" for e, a, _ in MORE_SLIPS],
)
def test_more_slips_are_caught(exercise, answer, phrase: str) -> None:
    _fails_with(exercise, answer, phrase)
