"""Tests for lessons_lib.memory: tracemalloc peaks, RSS curves, scaling experiments, plots."""

from __future__ import annotations

import multiprocessing
import time

import matplotlib
import matplotlib.pyplot as plt
import psutil
import pytest

from lessons_lib.memory import (
    OKABE_ITO,
    MemoryCurve,
    ScalingResult,
    plot_memory_curves,
    plot_scaling,
    rss_over_time,
    scaling_experiment,
    tracemalloc_peak,
)

MIB = 2**20


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _hold_bytes(mib: int, seconds: float = 0.05):
    """A function that keeps ``mib`` MiB of written memory alive for ``seconds``, then frees it."""

    def hold() -> int:
        block = b"x" * (mib * MIB)  # written, so the pages really are resident
        time.sleep(seconds)
        return len(block)

    return hold


def _no_helper_processes_left() -> None:
    assert multiprocessing.active_children() == []
    assert psutil.Process().children(recursive=True) == []


# --- tracemalloc_peak --------------------------------------------------------------------------


def test_tracemalloc_peak_sees_a_list_but_not_a_stream() -> None:
    total, eager = tracemalloc_peak(lambda: sum([n * n for n in range(200_000)]))
    same, lazy = tracemalloc_peak(lambda: sum(n * n for n in range(200_000)))
    assert total == same == sum(n * n for n in range(200_000))
    assert eager > 200_000 * 8  # at least the list's pointers
    assert lazy < 10_000


def test_tracemalloc_peak_rejects_a_generator_with_a_hint() -> None:
    with pytest.raises(TypeError, match="consumes it"):
        tracemalloc_peak(n for n in range(3))  # type: ignore[arg-type]


# --- rss_over_time ------------------------------------------------------------------------------


def test_rss_over_time_returns_samples_result_and_interval() -> None:
    curve = rss_over_time(_hold_bytes(48), interval=0.01, label="48 MiB")
    assert curve.result == 48 * MIB
    assert curve.label == "48 MiB" and curve.interval == 0.01
    assert len(curve.mib) == len(curve.seconds) >= 3
    assert curve.seconds[0] == 0.0
    assert list(curve.seconds) == sorted(curve.seconds)
    assert 32 < curve.increment_mib < 100
    assert curve.peak_mib == max(curve.mib) and curve.baseline_mib == curve.mib[0]
    assert curve.duration >= 0.04
    _no_helper_processes_left()


def test_rss_over_time_of_a_stream_stays_flat() -> None:
    curve = rss_over_time(lambda: sum(n for n in range(300_000)), interval=0.005)
    assert curve.result == sum(range(300_000))
    assert curve.increment_mib < 5


def test_rss_over_time_labels_by_function_name() -> None:
    def build_nothing() -> None:
        return None

    assert rss_over_time(build_nothing).label == "build_nothing"


def test_rss_over_time_reraises_and_leaves_no_process_behind() -> None:
    def fails() -> None:
        raise KeyError("boom")

    with pytest.raises(KeyError, match="boom"):
        rss_over_time(fails)
    _no_helper_processes_left()


def test_rss_over_time_writes_nothing_to_stderr(capfd: pytest.CaptureFixture[str]) -> None:
    rss_over_time(_hold_bytes(4, 0.02))
    captured = capfd.readouterr()
    assert captured.err == "" and captured.out == ""


@pytest.mark.parametrize("interval", [0, -0.1, float("nan"), float("inf")])
def test_rss_over_time_rejects_a_bad_interval(interval) -> None:
    with pytest.raises(ValueError, match="interval must be a positive number"):
        rss_over_time(lambda: None, interval=interval)


def test_rss_over_time_rejects_a_generator_and_a_result() -> None:
    with pytest.raises(TypeError, match="nothing to measure yet"):
        rss_over_time(n for n in range(3))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="got int"):
        rss_over_time(42)  # type: ignore[arg-type]


# --- plot_memory_curves ------------------------------------------------------------------------


def _curve(label: str, mib: tuple[float, ...]) -> MemoryCurve:
    return MemoryCurve(label, tuple(0.1 * i for i in range(len(mib))), mib, 0.1, None)


def test_plot_memory_curves_draws_labelled_colour_blind_safe_lines() -> None:
    curves = [_curve("eager", (30.0, 80.0, 130.0)), _curve("lazy", (31.0, 31.0, 31.5))]
    ax = plot_memory_curves(curves, title="reading a log")
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["eager", "lazy"]
    assert [matplotlib.colors.to_hex(line.get_color()).upper() for line in lines] == list(
        OKABE_ITO[:2]
    )
    assert (
        lines[1].get_linestyle() != lines[0].get_linestyle()
    )  # distinguishable without colour too
    assert "MiB" in ax.get_ylabel() and "(s)" in ax.get_xlabel()
    assert ax.get_title() == "reading a log"
    assert ax.get_legend() is not None


def test_plot_memory_curves_relative_starts_each_curve_at_zero() -> None:
    _, ax = plt.subplots()
    returned = plot_memory_curves(
        [_curve("a", (50.0, 60.0)), _curve("b", (70.0, 70.0))], ax=ax, relative=True
    )
    assert returned is ax
    assert [line.get_ydata()[0] for line in ax.get_lines()] == [0.0, 0.0]
    assert "above start" in ax.get_ylabel()


def test_plot_memory_curves_needs_a_curve() -> None:
    with pytest.raises(ValueError, match="no curves"):
        plot_memory_curves([])


# --- scaling_experiment and plot_scaling ---------------------------------------------------------

STRATEGIES = {
    "list": lambda n: sum([i for i in range(n)]),
    "generator": lambda n: sum(i for i in range(n)),
}


def test_scaling_experiment_list_climbs_generator_stays_flat() -> None:
    made = []

    def make(size: float) -> int:
        made.append(size)
        return int(size)

    result = scaling_experiment(STRATEGIES, [1_000, 10_000, 100_000], make)
    assert made == [1_000, 10_000, 100_000]  # each input made once, smallest first
    assert result.sizes == (1_000, 10_000, 100_000) and result.measure == "tracemalloc"
    lists = result.peaks_mib["list"]
    assert lists[0] < lists[1] < lists[2]
    assert lists[2] > 5 * lists[1] > 25 * lists[0]  # grows about 10x with the input
    assert result.growth("list") > 0.5
    assert abs(result.growth("generator")) < 0.01


def test_scaling_experiment_with_rss() -> None:
    result = scaling_experiment(
        {"bytes": lambda mib: _hold_bytes(mib, 0.03)(), "nothing": lambda mib: None},
        [2, 64],
        int,
        measure="rss",
    )
    assert result.measure == "rss"
    assert result.growth("bytes") > 32
    assert result.growth("nothing") < 5
    _no_helper_processes_left()


@pytest.mark.parametrize(
    ("sizes", "message"),
    [([], "sizes is empty"), ([10, 10], "must grow strictly"), ([100, 10], "must grow strictly")],
)
def test_scaling_experiment_rejects_bad_sizes(sizes, message) -> None:
    with pytest.raises(ValueError, match=message):
        scaling_experiment(STRATEGIES, sizes, int)


def test_scaling_experiment_rejects_bad_strategies_and_measure() -> None:
    with pytest.raises(ValueError, match="strategies is empty"):
        scaling_experiment({}, [1, 10], int)
    with pytest.raises(TypeError, match="strategy 'oops'"):
        scaling_experiment({"oops": [1, 2, 3]}, [1, 10], int)  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="measure must be"):
        scaling_experiment(STRATEGIES, [1, 10], int, measure="wall clock")  # type: ignore[arg-type]


def test_plot_scaling_uses_log_x_for_sizes_growing_tenfold() -> None:
    result = ScalingResult(
        (0.1, 1.0, 10.0), {"eager": (0.3, 3.0, 30.0), "lazy": (0.0, 0.0, 0.0)}, "rss"
    )
    ax = plot_scaling(result, xlabel="file size (MB)")
    assert ax.get_xscale() == "log"
    assert (
        ax.get_xlabel() == "file size (MB)"
        and "MiB" in ax.get_ylabel()
        and "RSS" in ax.get_ylabel()
    )
    lines = ax.get_lines()
    assert [line.get_label() for line in lines] == ["eager", "lazy"]
    assert list(lines[0].get_ydata()) == [0.3, 3.0, 30.0]
    assert len({line.get_marker() for line in lines}) == 2


def test_plot_scaling_keeps_a_linear_axis_for_a_narrow_range() -> None:
    result = ScalingResult((1, 2, 3), {"eager": (1.0, 2.0, 3.0)}, "tracemalloc")
    assert plot_scaling(result).get_xscale() == "linear"
    assert plot_scaling(result, log_x=True).get_xscale() == "log"


def test_plot_scaling_log_y_draws_proportional_growth_straight() -> None:
    result = ScalingResult(
        (1, 10, 100), {"eager": (1.2, 12.0, 120.0), "lazy": (0.02, 0.02, 0.02)}, "tracemalloc"
    )
    ax = plot_scaling(result, log_y=True)
    assert ax.get_xscale() == ax.get_yscale() == "log"


def test_plot_scaling_log_y_refuses_peaks_at_or_below_zero() -> None:
    result = ScalingResult((1, 10, 100), {"lazy": (0.1, 0.0, -0.2)}, "rss")
    with pytest.raises(ValueError, match="log_y=True needs every peak above 0"):
        plot_scaling(result, log_y=True)
