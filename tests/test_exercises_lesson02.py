"""Lesson 02 exercises: typical slips get named; correct answers in other styles pass."""

from __future__ import annotations

import collections
import itertools

import pytest
from exercise_tables import fails_with

from lessons_lib.exercises import Status, ____
from lessons_lib.exercises.lesson02 import ex1, ex2, ex2_program_text, ex3, ex4, ex5, moving_average
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
    fails_with(ex1, answer, phrase)


def test_ex1_a_generator_that_reads_ahead_is_not_lazy() -> None:
    def reads_everything(numbers):
        numbers = list(numbers)
        return (n * n for n in numbers if n % 2 == 0)

    fails_with(ex1, reads_everything, "Something reads ahead")


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
    fails_with(ex2, prediction, phrase)


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
    fails_with(ex3, answer, phrase)


def test_ex3_reading_ahead_is_caught() -> None:
    def first_messages(lines, n):
        body = [line for line in itertools.dropwhile(lambda s: s.startswith("#"), lines)]
        return iter(body[:n])

    fails_with(ex3, first_messages, "iterator over a list")


def test_ex3_a_generator_that_reads_everything_is_caught() -> None:
    def first_messages(lines, n):
        body = list(itertools.dropwhile(lambda s: s.startswith("#"), lines))
        yield from body[:n]

    fails_with(ex3, first_messages, "Something reads ahead")


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
    fails_with(ex4, answer, phrase)


def test_ex4_reading_everything_first_is_caught() -> None:
    def batch_totals(numbers, size):
        numbers = list(numbers)
        return (sum(numbers[i : i + size]) for i in range(0, len(numbers), size))

    fails_with(ex4, batch_totals, "Something reads ahead")


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

    fails_with(ex4, first_batch_only, "should be `[10, 26, 19]`, but it is `[10]`")


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
    fails_with(exercise, answer, phrase)


# --- ex5 (issue 15): a moving average ---


def sliding_window(items, size):
    """The lesson's recipe, as the notebook defines it in section 11."""
    window = collections.deque(maxlen=size)
    for item in items:
        window.append(item)
        if len(window) == size:
            yield tuple(window)


def by_slicing(values, size):
    return (sum(values[i : i + size]) / size for i in range(len(values) - size + 1))


def as_list(values, size):
    return [sum(w) / size for w in sliding_window(values, size)]


def from_the_start(values, size):
    window = collections.deque(maxlen=size)
    for value in values:
        window.append(value)
        yield sum(window) / len(window)


def sums_only(values, size):
    return (sum(w) for w in sliding_window(values, size))


def in_batches(values, size):
    it = iter(values)
    while batch := list(itertools.islice(it, size)):
        yield sum(batch) / len(batch)


def reads_everything(values, size):
    values = list(values)
    return (sum(values[i : i + size]) / size for i in range(len(values) - size + 1))


def last_one_missing(values, size):
    window = collections.deque(maxlen=size)
    for value in values:
        if len(window) == size:
            yield sum(window) / size
        window.append(value)


EX5_WRONG = [
    (by_slicing, "cannot be sliced"),
    (as_list, "list"),
    (from_the_start, "before the window is full"),
    (sums_only, "the sums of the windows"),
    (in_batches, "averages of separate batches"),
    (reads_everything, "read 1,000 items"),
    (last_one_missing, "the last window's average is missing"),
]


@pytest.mark.parametrize(("answer", "phrase"), EX5_WRONG, ids=[w[0].__name__ for w in EX5_WRONG])
def test_ex5_typical_slips(answer, phrase: str) -> None:
    result = ex5.evaluate(answer)
    assert result.status is Status.INCORRECT, result
    assert phrase in result.message, result.message


def with_the_recipe(values, size):
    return (sum(window) / size for window in sliding_window(values, size))


def with_a_running_total(values, size):
    window = collections.deque()
    total = 0
    for value in values:
        window.append(value)
        total += value
        if len(window) > size:
            total -= window.popleft()
        if len(window) == size:
            yield total / size


def with_tee_and_islice(values, size):
    copies = itertools.tee(values, size)
    shifted = [itertools.islice(copy, offset, None) for offset, copy in enumerate(copies)]
    return map(lambda window: sum(window) / size, zip(*shifted))


@pytest.mark.parametrize(
    "answer", [moving_average, with_the_recipe, with_a_running_total, with_tee_and_islice]
)
def test_ex5_alternatives_pass(answer) -> None:
    result = ex5.evaluate(answer)
    assert result.status is Status.CORRECT, result.message


def test_ex5_placeholder_reads_not_attempted() -> None:
    def draft(values, size):
        return ____

    assert ex5.evaluate(draft).status is Status.NOT_ATTEMPTED
