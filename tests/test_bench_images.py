"""The image benchmark's own code: its table and its verdicts on the issue's targets."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "images.py"
_spec = importlib.util.spec_from_file_location("bench_images", BENCH)
assert _spec is not None and _spec.loader is not None
bench_images = importlib.util.module_from_spec(_spec)
sys.modules["bench_images"] = bench_images  # dataclasses look their module up there
_spec.loader.exec_module(bench_images)
Run = bench_images.Run


def results(pipeline_large_peak: float, eager_large_peak: float, pipeline_seconds: float) -> dict:
    return {
        1_000: {"pipeline": [Run(1.0, 46.0, 1_000), Run(1.2, 46.5, 1_000)],
                "eager": [Run(1.0, 100.0, 1_000)]},
        10_000: {"pipeline": [Run(pipeline_seconds, pipeline_large_peak, 10_000)],
                 "eager": [Run(10.0, eager_large_peak, 10_000)]},
    }


def test_targets_met() -> None:
    verdicts = bench_images.targets(results(47.0, 650.0, 10.5))
    assert [met for _, met in verdicts] == [True, True, True, True]
    sentences = [sentence for sentence, _ in verdicts]
    assert "grows +0.5 MiB from 1,000 to 10,000 pictures" in sentences[0]  # largest peaks: 46.5, 47
    assert "grows +550.0 MiB" in sentences[1] and "105.5 MiB" in sentences[1]
    assert "1.00x" in sentences[2] and "0.95x" in sentences[3]


def test_targets_missed() -> None:
    verdicts = bench_images.targets(results(60.0, 120.0, 12.0))
    assert [met for _, met in verdicts] == [False, False, True, False]


def test_table_shows_best_time_throughput_and_largest_peak() -> None:
    text = bench_images.table(results(47.0, 650.0, 10.5), repeat=2)
    row = next(line for line in text.splitlines() if line.strip().startswith("1,000  pipeline"))
    assert row.split() == ["1,000", "pipeline", "1.00", "1,000", "1.00", "46.5"]
