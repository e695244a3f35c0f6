"""The concurrency benchmark's own code: each table has its rows, with tiny sizes."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[1] / "bench" / "concurrency.py"
_spec = importlib.util.spec_from_file_location("bench_concurrency", BENCH)
assert _spec is not None and _spec.loader is not None
bench = importlib.util.module_from_spec(_spec)
sys.modules["bench_concurrency"] = bench
_spec.loader.exec_module(bench)


def test_the_tables_have_a_row_per_form() -> None:
    switches = bench.switch_table(tasks=20, turns=3, repeat=1).splitlines()
    assert [row.split("|")[1].strip() for row in switches[2:]] == ["hand-made Scheduler", "asyncio"]
    assert "20 x 3" in switches[2]
    io = bench.io_table(requests=5, delay=0.0, repeat=1).splitlines()
    assert len(io) == 6 and io[2].startswith("| sequential |")
    cpu = bench.cpu_table([100, 100], repeat=1).splitlines()
    forms = [row.split("|")[1].strip() for row in cpu[2:]]
    assert forms == ["one after another", "2 threads", "2 processes"]
