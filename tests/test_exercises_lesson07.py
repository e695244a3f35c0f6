"""Lesson 07's exercises: each wrong answer in the tables fails with its phrase, and each
alternative passes; the detector of a missing `yield from` names the line."""

from __future__ import annotations

import itertools

import pytest

from lessons_lib.exercises import Status, detect_missing_yield_from
from lessons_lib.exercises.lesson07 import (
    EX4_SCRIPT,
    PREDICTION_EX4,
    PROJECT,
    chain_for_ex4,
    chorus,
    ex1,
    ex2,
    ex3,
    ex4,
    file_paths,
    scan_basket,
    song,
    till,
    verse,
)
from lessons_lib.trace import drive


def verdict(exercise, answer) -> tuple[Status, str]:
    result = exercise.evaluate(answer)
    return result.status, result.message


# --- the detector: names the slip, ignores ordinary calls ---------------------------------------


def forgot_yield_from_song(verses):
    for number in range(1, verses + 1):
        verse(number)
        yield from chorus()


def calls_print_and_append():
    seen = []
    print("starting")
    seen.append(1)
    yield seen


def test_detector_names_the_bare_call_line() -> None:
    advice = detect_missing_yield_from(forgot_yield_from_song)
    assert advice is not None
    assert "`verse(number)`" in advice and "yield from verse(number)" in advice


def test_detector_ignores_print_append_and_correct_code() -> None:
    assert detect_missing_yield_from(calls_print_and_append) is None
    for good in (song, till, file_paths):
        assert detect_missing_yield_from(good) is None


def test_detector_finds_recursive_bare_call() -> None:
    def walk(tree):
        for name, content in tree.items():
            if isinstance(content, dict):
                walk(content)
            else:
                yield name

    assert "`walk(content)`" in detect_missing_yield_from(walk)


def test_detector_is_silent_without_source() -> None:
    assert detect_missing_yield_from(eval("lambda: 1")) is None


# --- ex1: song --------------------------------------------------------------------------------


def song_without_yield_from(verses):
    for number in range(1, verses + 1):
        verse(number)
        chorus()


def song_yielding_generators(verses):
    for number in range(1, verses + 1):
        yield verse(number)
        yield chorus()


def song_reusing_one_chorus(verses):
    the_chorus = chorus()
    for number in range(1, verses + 1):
        yield from verse(number)
        yield from the_chorus


def song_forgetting_the_call(verses):
    for number in range(1, verses + 1):
        yield from verse(number)
        yield from chorus


def song_only_choruses(verses):
    for _ in range(verses):
        yield from chorus()


def song_one_verse_short(verses):
    for number in range(1, verses):
        yield from verse(number)
        yield from chorus()


def song_from_verse_zero(verses):  # range(verses) starts at 0
    for number in range(verses):
        yield from verse(number)
        yield from chorus()


def song_chorus_first(verses):  # the chorus before each verse
    for number in range(1, verses + 1):
        yield from chorus()
        yield from verse(number)


def song_one_chorus_at_the_end(verses):  # the chorus once, after all the verses
    for number in range(1, verses + 1):
        yield from verse(number)
    yield from chorus()


def song_with_a_for_loop(verses):
    for number in range(1, verses + 1):
        for line in verse(number):
            yield line
        for line in chorus():
            yield line


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (song_without_yield_from, "Write `yield from verse(number)`"),
        (forgot_yield_from_song, "Line `verse(number)` calls the generator function verse"),
        (song_yielding_generators, "yielded generator objects"),
        (song_reusing_one_chorus, "A generator runs only once"),
        (song_forgetting_the_call, "Call it: `yield from chorus()`"),
        (song_only_choruses, "no verse lines"),
        (song_one_verse_short, "`list(song(2))` should be"),
        (song_from_verse_zero, "song"),
        (song_chorus_first, "song"),
        (song_one_chorus_at_the_end, "song"),
    ],
)
def test_song_slips_get_targeted_messages(answer, phrase) -> None:
    status, message = verdict(ex1, answer)
    assert status is Status.INCORRECT
    assert phrase in message


def song_with_chain(verses):
    for number in range(1, verses + 1):
        yield from itertools.chain(verse(number), chorus())


def song_as_a_chain(verses):  # lazy itertools, no generator of its own: accepted for iteration
    return itertools.chain.from_iterable(
        itertools.chain(verse(number), chorus()) for number in range(1, verses + 1)
    )


@pytest.mark.parametrize("answer", [song_with_a_for_loop, song_with_chain, song_as_a_chain])
def test_song_alternatives(answer) -> None:
    """For plain iteration a for loop, chain and yield from hand on the same lines."""
    result = ex1.evaluate(answer)
    assert result.correct, result.message


# --- ex2: till ----------------------------------------------------------------------------------


def test_scan_basket_rejects_none_with_a_clear_error() -> None:
    basket = scan_basket()
    next(basket)
    with pytest.raises(TypeError, match="received None instead of a price"):
        next(basket)


def till_with_a_for_loop(customers):
    totals = []
    for _ in range(customers):
        for running in scan_basket():
            yield running
    return totals


def till_ignoring_totals(customers):
    totals = []
    for _ in range(customers):
        yield from scan_basket()
    return totals


def till_appending_none(customers):
    totals = []
    for _ in range(customers):
        total = None
        yield from scan_basket()
        totals.append(total)
    return totals


def till_without_yield_from(customers):
    totals = []
    for _ in range(customers):
        total = scan_basket()
        totals.append(total)
    return totals


def till_bare_call(customers):
    for _ in range(customers):
        scan_basket()
    yield 0


def till_yielding_generators(customers):
    totals = []
    for _ in range(customers):
        total = yield scan_basket()
        totals.append(total)
    return totals


def till_without_return(customers):
    for _ in range(customers):
        yield from scan_basket()


def till_that_never_ends(customers):
    totals = []
    while True:
        totals.append((yield from scan_basket()))


def till_with_one_basket_for_all(customers):  # the second customer finds the basket used up
    totals = []
    basket = scan_basket()
    for _ in range(customers):
        totals.append((yield from basket))
    return totals


def till_returning_the_sum(customers):  # one number, not the list of totals
    grand = 0
    for _ in range(customers):
        grand += yield from scan_basket()
    return grand


_TOTALS: list[int] = []


def till_with_a_global_list(customers):  # a second till() remembers the first one's totals
    for _ in range(customers):
        _TOTALS.append((yield from scan_basket()))
    return _TOTALS


def till_one_customer_too_many(customers):
    totals = []
    for _ in range(customers + 1):
        totals.append((yield from scan_basket()))
    return totals


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (till_with_one_basket_for_all, "till"),
        (till_returning_the_sum, "but the baskets came to"),
        (till_with_a_global_list, "till"),
        (till_one_customer_too_many, "should finish and return the totals"),
        (till_with_a_for_loop, "A `for` loop over scan_basket() only ever calls next()"),
        (till_ignoring_totals, "capture it with `total = yield from scan_basket()`"),
        (till_appending_none, "returned [None, None]"),
        (till_without_yield_from, "list of generator objects"),
        (till_bare_call, "Line `scan_basket()` calls the generator function scan_basket"),
        (till_yielding_generators, "yielded generator objects"),
        (till_without_return, "returned None"),
        (till_that_never_ends, "should finish and return the totals"),
    ],
)
def test_till_slips_get_targeted_messages(answer, phrase) -> None:
    status, message = verdict(ex2, answer)
    assert status is Status.INCORRECT
    assert phrase in message


def till_with_a_while_loop(customers):
    totals = []
    while len(totals) < customers:
        totals.append((yield from scan_basket()))
    return totals


def till_forwarding_by_hand(customers):  # what yield from does for send(), written out
    totals = []
    for _ in range(customers):
        basket = scan_basket()
        reply = next(basket)
        while True:
            price = yield reply
            try:
                reply = basket.send(price)
            except StopIteration as paid:
                totals.append(paid.value)
                break
    return totals


@pytest.mark.parametrize("answer", [till_with_a_while_loop, till_forwarding_by_hand])
def test_till_alternatives(answer) -> None:
    result = ex2.evaluate(answer)
    assert result.correct, result.message


def test_till_as_a_chain_is_told_what_is_missing() -> None:
    def till_as_chain(customers):  # chain hands on items, but cannot pass send() on
        return itertools.chain.from_iterable(scan_basket() for _ in range(customers))

    status, message = verdict(ex2, till_as_chain)
    assert status is Status.INCORRECT
    assert "send" in message


def test_till_reference_trace_reads_as_taught() -> None:
    trace = drive(till(2), [("send", None), ("send", 250), ("send", "pay"), ("send", "pay")])
    assert [step.result for step in trace.steps] == [
        "yielded 0",
        "yielded 250",
        "yielded 0",
        "StopIteration(value=[250, 0])",
    ]


# --- ex3: file_paths --------------------------------------------------------------------------


def paths_yielding_generators(tree, folder=""):
    for name, content in tree.items():
        if isinstance(content, dict):
            yield file_paths_bare_call(content, folder + name + "/")
        else:
            yield folder + name


def file_paths_bare_call(tree, folder=""):
    for name, content in tree.items():
        if isinstance(content, dict):
            file_paths_bare_call(content, folder + name + "/")
        else:
            yield folder + name


def paths_without_folders(tree, folder=""):
    for name, content in tree.items():
        if isinstance(content, dict):
            yield from paths_without_folders(content)
        else:
            yield name


def paths_with_truthy_test(tree, folder=""):
    for name, content in tree.items():
        if content and isinstance(content, dict):
            yield from paths_with_truthy_test(content, folder + name + "/")
        else:
            yield folder + name


def paths_as_a_list(tree, folder=""):
    found = []
    for name, content in tree.items():
        if isinstance(content, dict):
            found.extend(paths_as_a_list(content, folder + name + "/"))
        else:
            found.append(folder + name)
    return found


def paths_only_top_level(tree, folder=""):
    for name, content in tree.items():
        if not isinstance(content, dict):
            yield folder + name


def paths_missing_slash(tree, folder=""):
    for name, content in tree.items():
        if isinstance(content, dict):
            yield from paths_missing_slash(content, folder + name)
        else:
            yield folder + name


def paths_sorted(tree, folder=""):  # sorted() changes the order of the dicts
    for name, content in sorted(tree.items()):
        if isinstance(content, dict):
            yield from paths_sorted(content, folder + name + "/")
        else:
            yield folder + name


def paths_with_folders_too(tree, folder=""):  # yields the folders as well as the files
    for name, content in tree.items():
        path = folder + name
        yield path
        if isinstance(content, dict):
            yield from paths_with_folders_too(content, path + "/")


def paths_two_levels_deep(tree, folder=""):  # nested loops instead of recursion
    for name, content in tree.items():
        if isinstance(content, dict):
            for inner, deeper in content.items():
                if not isinstance(deeper, dict):
                    yield folder + name + "/" + inner
        else:
            yield folder + name


def paths_with_a_leading_slash(tree, folder="/"):
    for name, content in tree.items():
        if isinstance(content, dict):
            yield from paths_with_a_leading_slash(content, folder + name + "/")
        else:
            yield folder + name


@pytest.mark.parametrize(
    ("answer", "phrase"),
    [
        (paths_sorted, "file_paths"),
        (paths_with_folders_too, "yields the folders as well as the files"),
        (paths_two_levels_deep, "file_paths"),
        (paths_with_a_leading_slash, "file_paths"),
        (paths_yielding_generators, "yielded generator objects"),
        (file_paths_bare_call, "Line `file_paths_bare_call(content, folder + name + '/')`"),
        (paths_without_folders, "without their folders"),
        (paths_with_truthy_test, "'notes' is an empty folder"),
        (paths_as_a_list, "is a list, built all at once"),
        (paths_only_top_level, "only the top-level files"),
        (paths_missing_slash, "`list(file_paths(PROJECT))` should be"),
    ],
)
def test_file_paths_slips_get_targeted_messages(answer, phrase) -> None:
    status, message = verdict(ex3, answer)
    assert status is Status.INCORRECT
    assert phrase in message


def paths_with_a_stack(tree, folder=""):  # no recursion: a stack of iterators keeps the order
    stack = [(folder, iter(tree.items()))]
    while stack:
        prefix, items = stack[-1]
        for name, content in items:
            if isinstance(content, dict):
                stack.append((prefix + name + "/", iter(content.items())))
                break
            yield prefix + name
        else:
            stack.pop()


def paths_with_parts(tree, folder=""):
    for name, content in tree.items():
        if isinstance(content, dict):
            yield from paths_with_parts(content, f"{folder}{name}/")
        else:
            yield f"{folder}{name}"


@pytest.mark.parametrize("answer", [paths_with_a_stack, paths_with_parts])
def test_file_paths_alternatives(answer) -> None:
    result = ex3.evaluate(answer)
    assert result.correct, result.message


def test_project_paths() -> None:
    assert list(file_paths(PROJECT)) == [
        "README.md",
        "src/main.py",
        "src/util/text.py",
        "src/util/numbers.py",
        "tests/test_main.py",
    ]


# --- ex4: predict the close() through a chain ----------------------------------------------------


def test_prediction_answer_is_what_the_trace_records(capsys) -> None:
    trace = drive(chain_for_ex4(), EX4_SCRIPT)
    capsys.readouterr()
    printed = [line for step in trace.steps for line in step.printed.splitlines()]
    assert printed == PREDICTION_EX4.strip().splitlines()
    assert [step.result for step in trace.steps] == ["yielded None"] * 2 + ["returned None"]
    assert trace.steps[2].printed.splitlines() == [
        "inner: finally", "middle: finally", "outer: finally",
    ]


def test_the_line_after_yield_from_runs_when_inner_returns(capsys) -> None:
    """The trap line of ex4 is real code: it runs when inner returns instead of being closed."""
    trace = drive(chain_for_ex4(), ["next", ("send", "stop")])
    capsys.readouterr()
    assert trace.steps[1].printed.splitlines() == [
        "inner: finally",
        "middle: inner returned 0",
        "middle: finally",
        "outer: finally",
    ]


def test_checking_a_prediction_prints_nothing(capsys) -> None:
    ex4.check(PREDICTION_EX4)
    assert capsys.readouterr().out.startswith("Correct!")


def _with(lines_to_replace: dict[str, str | None], order: list[int] | None = None) -> str:
    lines = PREDICTION_EX4.strip().splitlines()
    if order is not None:
        lines = [lines[i] for i in order]
    out = []
    for line in lines:
        if line in lines_to_replace:
            if lines_to_replace[line] is not None:
                out.append(lines_to_replace[line])
        else:
            out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize(
    ("prediction", "phrase"),
    [
        (PREDICTION_EX4.replace("inner: finally", "inner: finally\nmiddle: inner returned 1"),
         "'middle: inner returned ...' is not printed"),
        (_with({}, order=[0, 1, 2, 3, 6, 5, 4]), "its finally runs first"),
        (_with({}, order=[0, 1, 2, 3, 6, 5, 4]), "order outer, middle, inner"),
        (_with({"inner: finally": None}), "every generator in the chain"),
        (_with({"inner: got 'hello'": "outer: got 'hello'"}), "send() passes through both"),
        (_with({"inner: got 'hello'": None}), "Where did the 'hello' go?"),
        (_with({}, order=[2, 1, 0, 3, 4, 5, 6]), "line 1 of your prediction is 'inner: start'"),
        (_with({"outer: finally": "outer: finally\ncaller: done"}), "prints 7"),
        (["outer: start"], "Write your prediction as a string"),
        (_with({"inner: start": None}), "line 3"),  # forgets that inner starts on the first next()
        (_with({"inner: got 'hello'": "inner: got hello"}), "line 4"),  # !r adds the quotes
        (_with({"inner: finally": "inner: finally\ninner: GeneratorExit"}), "line 6"),  # invented
    ],
)
def test_prediction_slips_get_targeted_messages(prediction, phrase) -> None:
    status, message = verdict(ex4, prediction)
    assert status is Status.INCORRECT
    assert phrase in message


@pytest.mark.parametrize(
    "prediction",
    [
        PREDICTION_EX4,
        "\n".join("    " + line for line in PREDICTION_EX4.strip().splitlines()),  # indented
        PREDICTION_EX4.strip().replace("\n", "\r\n"),  # Windows line ends
        "\n".join(line + "  " for line in PREDICTION_EX4.strip().splitlines()),  # trailing spaces
    ],
)
def test_prediction_alternatives(prediction) -> None:
    result = ex4.evaluate(prediction)
    assert result.correct, result.message


# --- without readable source (a function defined in another notebook cell), symptoms name the slip


def without_source(text: str):
    """Define a function from ``text`` so that inspect.getsource cannot find it."""
    namespace = {"verse": verse, "chorus": chorus, "scan_basket": scan_basket}
    exec(compile(text, "<not a file>", "exec"), namespace)
    function = next(value for key, value in namespace.items() if key == "answer")
    assert detect_missing_yield_from(function) is None
    return function


@pytest.mark.parametrize(
    ("exercise", "text", "phrase"),
    [
        (ex1, "def answer(verses):\n    for n in range(1, verses + 1):\n        verse(n)\n"
              "        chorus()\n",
         "`song(2)` returned None"),
        (ex1, "def answer(verses):\n    for n in range(1, verses + 1):\n        verse(n)\n"
              "        yield from chorus()\n", "write `yield from verse(number)`"),
        (ex1, "def answer(verses):\n    for n in range(1, verses + 1):\n"
              "        yield from verse(n)\n"
              "        chorus()\n", "write `yield from chorus()`"),
        (ex2, "def answer(customers):\n    for _ in range(customers):\n        scan_basket()\n"
              "    yield 0\n", "while a customer was still shopping"),
    ],
)
def test_symptoms_name_the_slip_without_source(exercise, text, phrase) -> None:
    status, message = verdict(exercise, without_source(text))
    assert status is Status.INCORRECT
    assert phrase in message


def test_source_of_another_function_with_the_same_name_is_not_trusted(monkeypatch) -> None:
    """Notebook cells share one file name, so getsource may return the wrong cell's text."""
    import inspect as inspect_module

    def answer(verses):
        verse(verses)
        yield 1

    source = "def answer(verses):\n    verse(verses)\n"
    monkeypatch.setattr(inspect_module, "getsource", lambda f: source)
    assert detect_missing_yield_from(answer) is None
