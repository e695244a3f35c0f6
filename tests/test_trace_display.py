"""How a trace shows itself: an HTML table with its text table's words; a picture that fits."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt

from lessons_lib.trace import MAX_WIDTH_IN, drive


def chatty():
    print("starting & <ready>")
    received = yield "ready"
    while True:
        print(f"got {received}")
        received = yield [received] * 12


def test_html_table_carries_the_same_words_as_the_text_table() -> None:
    trace = drive(chatty(), ["next", ("send", "x"), ("throw", ValueError("a long reason to stop"))])
    html = trace._repr_html_()
    assert html.count("<tr>") == 1 + len(trace.steps)
    assert "&lt;ready&gt;" in html and "<ready>" not in html  # printed text is escaped
    words = re.sub(r"<[^>]+>", " ", html)
    words = words.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    for row in [trace.HEADER, *trace.rows()]:
        for cell in row:
            for part in cell.split(" | "):
                assert part in words


def test_plain_text_form_is_the_table() -> None:
    trace = drive(chatty(), ["next"])
    printed: list[str] = []

    class Printer:
        def text(self, value: str) -> None:
            printed.append(value)

    trace._repr_pretty_(Printer(), cycle=False)
    assert printed == [trace.table()]


def test_picture_is_at_most_max_width_and_keeps_whole_labels() -> None:
    script = ["next"] + [("send", n) for n in range(20)]
    trace = drive(chatty(), script)
    width, _ = trace.figure_size()
    assert width <= MAX_WIDTH_IN
    ax = trace.plot()
    texts = {text.get_text() for text in ax.texts}
    # no label cut short
    assert all(step.result in texts and step.call in texts for step in trace.steps)
    plt.close(ax.figure)


def test_no_band_below_the_generator_lane_when_nothing_was_printed() -> None:
    def quiet():
        yield 1

    silent = drive(quiet(), ["next", "next"]).plot()
    talkative = drive(chatty(), ["next", ("send", 1)]).plot()
    assert silent.get_ylim()[0] > talkative.get_ylim()[0]
    assert silent.get_ylim()[0] > -0.2
    plt.close("all")
