"""The timeline recorder: spans per lane, their text forms, and the picture's numbers."""

from __future__ import annotations

import threading
import time

import matplotlib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from lessons_lib.timeline import Span, Timeline, VirtualClock

matplotlib.use("Agg")


def test_spans_are_timed_by_the_clock_and_measured_from_the_origin() -> None:
    clock = VirtualClock(10.0)
    timeline = Timeline(clock)
    clock.advance(1)
    with timeline.span("a", label="first"):
        clock.advance(2)
    assert timeline.spans == [Span("a", 1.0, 3.0, "first")]
    assert timeline.now() == 3.0


def test_a_span_is_recorded_even_when_the_block_raises() -> None:
    clock = VirtualClock()
    timeline = Timeline(clock)
    with pytest.raises(KeyError), timeline.span("a"):
        clock.advance(1)
        raise KeyError("x")
    assert timeline.rows() == {"a": [(0.0, 1.0)]}


def test_lanes_keep_the_given_order_then_the_order_first_seen() -> None:
    timeline = Timeline(VirtualClock(), lanes=["z"])
    timeline.add("b", 0, 1)
    timeline.add("a", 0, 1)
    timeline.add("b", 2, 3)
    assert timeline.lanes == ["z", "b", "a"]
    assert timeline.text(digits=0) == "z\nb  0-1  2-3\na  0-1"


def test_busy_counts_overlapping_spans_once_and_overlap_measures_both_at_once() -> None:
    timeline = Timeline(VirtualClock())
    timeline.add("load", 0, 2)
    timeline.add("load", 1, 3)
    timeline.add("compute", 2.5, 4)
    assert timeline.busy("load") == 3.0
    assert timeline.overlap("load", "compute") == 0.5
    assert timeline.overlap("load", "nobody") == 0.0


def test_the_strip_marks_cells_whose_middle_a_span_covers() -> None:
    timeline = Timeline(VirtualClock(), unit="steps")
    timeline.add("a", 0, 1)
    timeline.add("b", 1, 2)
    timeline.add("a", 2, 4)
    assert timeline.strip(width=8) == "a  |##  ####|\nb  |  ##    |\n   0 steps 4 steps"


def test_an_empty_timeline_prints_no_spans_and_refuses_to_draw() -> None:
    timeline = Timeline(VirtualClock())
    assert timeline.text() == "(no spans)"
    assert timeline.end == 0.0
    with pytest.raises(ValueError, match="nothing to draw"):
        timeline.strip()
    with pytest.raises(ValueError, match="no spans yet"):
        timeline.plot()


def test_spans_from_several_threads_are_all_kept() -> None:
    timeline = Timeline()

    def work(name: str) -> None:
        for _ in range(200):
            with timeline.span(name):
                pass

    threads = [threading.Thread(target=work, args=(f"t{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(timeline.lanes) == ["t0", "t1", "t2", "t3"]
    assert len(timeline.spans) == 800


def test_real_time_spans_are_positive_and_ordered() -> None:
    timeline = Timeline()
    with timeline.span("sleep"):
        time.sleep(0.01)
    (span,) = timeline.spans
    assert 0 <= span.start < span.end and span.duration >= 0.009


def test_the_picture_has_one_bar_row_per_lane_and_fits_1000_px() -> None:
    import matplotlib.pyplot as plt

    timeline = Timeline(VirtualClock(), lanes=["load", "compute"])
    timeline.add("load", 0, 1, label="1")
    timeline.add("compute", 1, 3, label="1")
    ax = timeline.plot(title="t")
    try:
        assert [t.get_text() for t in ax.get_yticklabels()] == ["compute", "load"]
        assert len(ax.collections) == 2
        assert ax.get_xlabel() == "virtual time (s)"  # a VirtualClock's seconds are make-believe
        assert ax.figure.get_size_inches()[0] * ax.figure.dpi <= 1000
    finally:
        plt.close(ax.figure)
    real = Timeline(lanes=["load"])
    real.add("load", 0, 0.5)
    ax = real.plot()
    try:
        assert ax.get_xlabel() == "time (s)"
    finally:
        plt.close(ax.figure)


@given(st.lists(st.tuples(st.sampled_from("ab"), st.floats(0, 100), st.floats(0, 10)), max_size=30))
def test_busy_time_is_at_most_the_sum_of_durations_and_the_span_of_the_lane(
    spans: list[tuple[str, float, float]],
) -> None:
    timeline = Timeline(VirtualClock())
    for lane, start, length in spans:
        timeline.add(lane, start, start + length)
    for lane in "ab":
        mine = [s for s in timeline.spans if s.lane == lane]
        busy = timeline.busy(lane) if mine else 0.0
        assert busy <= sum(s.duration for s in mine) + 1e-9
        if mine:
            assert busy <= max(s.end for s in mine) - min(s.start for s in mine) + 1e-9
            assert busy >= max(s.duration for s in mine) - 1e-9
    if timeline.lanes == ["a", "b"] or timeline.lanes == ["b", "a"]:
        assert timeline.overlap("a", "b") <= min(timeline.busy("a"), timeline.busy("b")) + 1e-9
