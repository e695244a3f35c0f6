"""bench/loaders.py's own code: every loader it times sees every row once, and the overlap run
measures all four timings (on tiny sizes; timings are never asserted)."""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

import numpy as np
import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench" / "loaders.py"
_spec = importlib.util.spec_from_file_location("bench_loaders", BENCH)
assert _spec is not None and _spec.loader is not None
bench = importlib.util.module_from_spec(_spec)
sys.modules["bench_loaders"] = bench
_spec.loader.exec_module(bench)


@pytest.mark.parametrize("epoch", [bench.epoch_array_batches, bench.epoch_naive])
def test_each_loader_sees_every_row_once_in_batches_of_64(epoch) -> None:
    x, y = bench.make_arrays(rows=300)
    seen = [(bx, by) for bx, by in epoch(x, y, 0)]
    assert [len(bx) for bx, _ in seen] == [64] * 4 + [300 - 256]
    rows = np.concatenate([bx for bx, _ in seen])
    assert sorted(map(tuple, rows.tolist())) == sorted(map(tuple, x.tolist()))


def test_overlap_run_reports_the_four_timings() -> None:
    result = bench.overlap_run(lambda: time.sleep(0.001), lambda: None, count=3, repeat=1)
    assert set(result) == {"load", "compute", "serial", "prefetch"}
    assert all(value >= 0 for value in result.values())
    assert result["load"] >= 0.003
