"""Benchmark: the lesson 09 batch loader against torch's DataLoader, and prefetch overlap.

Run by ``make bench`` (after the log benchmark); alone::

    .venv/bin/python bench/loaders.py            # torch rows are skipped when torch is missing
    /path/to/venv-with-torch/bin/python bench/loaders.py --repeat 5

1. **Loader against DataLoader.**  One shuffled epoch, batch 64, over the same in-memory
   arrays (60,000 x 784 float32 and 60,000 int64 labels, seeded), each batch touched once
   (its first value read) so nothing is skipped:

   - ``array_batches``: ``lessons_lib.loaders.array_batches`` on an ``ArrayDataset``: one
     NumPy fancy-indexing call per batch (the lesson's loader);
   - ``batches + np.stack``: the naive loader, ``lessons_lib.loaders.batches`` over a
     shuffled list of row numbers, each batch's rows stacked one by one (Python work per row);
   - ``torch DataLoader``: ``DataLoader(TensorDataset(x, y), batch_size=64, shuffle=True,
     num_workers=0)`` on tensors sharing the arrays' memory (``torch.from_numpy``).

   Target: ``array_batches`` at least 5x faster than ``torch DataLoader``.  Best of ``--repeat``.

2. **Prefetch overlap.**  A source that sleeps ``--load-ms`` per batch (a slow disk or
   network) and real NumPy compute per batch (matrix products on one BLAS thread, calibrated
   to about ``--compute-ms``), for ``--batches`` batches.  Measured: the total load time
   alone, the total compute time alone, the wall time without prefetch (about load + compute,
   since nothing overlaps) and with ``lessons_lib.prefetch.prefetch(depth=2)``.  Target: with
   prefetch, at most 1.15x ``max(total load, total compute)`` (1.0 is a perfect overlap).  A
   last row loads with pure-Python work instead of sleeping: the GIL lets only one of the two
   threads run Python at a time, so the overlap is partial at best.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

# One BLAS thread: the compute then uses one core, as the loading thread's work is on the other,
# and its time does not swing with how many cores other programs leave free.
# (Only when run as a script: a test that imports this module keeps its environment.)
if __name__ == "__main__":
    for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent))
from read_logs import _print_machine, machine  # noqa: E402 - the same machine report

from lessons_lib.loaders import ArrayDataset, array_batches, batches  # noqa: E402
from lessons_lib.prefetch import prefetch  # noqa: E402

ROWS, FEATURES, BATCH = 60_000, 784, 64
LOADER_TARGET = 5.0
OVERLAP_TARGET = 1.15


def make_arrays(rows: int = ROWS, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.random((rows, FEATURES), dtype=np.float32), rng.integers(0, 10, rows)


def epoch_array_batches(x: np.ndarray, y: np.ndarray, seed: int) -> Iterator[tuple]:
    return array_batches(ArrayDataset(x, y), BATCH, shuffle=True, seed=seed)


def epoch_naive(x: np.ndarray, y: np.ndarray, seed: int) -> Iterator[tuple]:
    order = np.random.default_rng(seed).permutation(len(x)).tolist()
    for rows in batches(order, BATCH):
        yield np.stack([x[row] for row in rows]), np.array([y[row] for row in rows])


def epoch_torch(x: np.ndarray, y: np.ndarray, seed: int) -> Iterator[tuple]:
    import torch
    from torch.utils.data import DataLoader, TensorDataset

    torch.manual_seed(seed)
    data = TensorDataset(torch.from_numpy(x), torch.from_numpy(y))
    return iter(DataLoader(data, batch_size=BATCH, shuffle=True, num_workers=0))


def time_epoch(
    epoch: Callable[[np.ndarray, np.ndarray, int], Iterator[tuple]],
    x: np.ndarray,
    y: np.ndarray,
    repeat: int,
) -> tuple[float, int]:
    """Best time of ``repeat`` epochs, and the number of rows seen (all of them)."""
    best, seen = float("inf"), 0
    for run in range(repeat):
        start = time.perf_counter()
        seen = 0
        for bx, _ in epoch(x, y, run):
            float(bx[0, 0])
            seen += len(bx)
        best = min(best, time.perf_counter() - start)
    return best, seen


def torch_version() -> str | None:
    try:
        import torch
    except ImportError:
        return None
    return str(torch.__version__)


def loader_rows(repeat: int) -> list[tuple[str, float]]:
    x, y = make_arrays()
    strategies: list[tuple[str, Callable]] = [
        ("array_batches", epoch_array_batches),
        ("batches + np.stack", epoch_naive),
    ]
    if torch_version() is None:
        print(
            "torch is not installed: the torch DataLoader row is skipped (pip install torch "
            "into another venv and run this script with its python)"
        )
    else:
        strategies.append(("torch DataLoader", epoch_torch))
    rows = []
    for name, epoch in strategies:
        seconds, seen = time_epoch(epoch, x, y, repeat)
        assert seen == ROWS, f"{name} saw {seen} rows, not {ROWS}"
        rows.append((name, seconds))
    return rows


def make_compute(compute_ms: float) -> Callable[[], float]:
    """NumPy work (512 x 512 matrix products, which release the GIL) taking about ``compute_ms``."""
    rng = np.random.default_rng(1)
    a = rng.random((512, 512))

    def once() -> float:
        return float((a @ a)[0, 0])

    each = min(_seconds(once) for _ in range(10))
    times = max(1, round(compute_ms / 1000 / each))

    def compute() -> float:
        return sum(once() for _ in range(times))

    return compute


def _seconds(function: Callable[[], object]) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def python_work(ms: float) -> Callable[[], int]:
    """Pure-Python work (holds the GIL) taking about ``ms``."""
    per = min(_seconds(lambda: sum(n * n for n in range(100_000))) for _ in range(5)) / 100_000
    count = max(1, round(ms / 1000 / per))
    return lambda: sum(n * n for n in range(count))


def overlap_run(
    load: Callable[[], object], compute: Callable[[], object], count: int, repeat: int
) -> dict[str, float]:
    """Best of ``repeat`` for each of: loading alone, computing alone, both in turn, prefetched."""

    def source() -> Iterator[int]:
        for n in range(count):
            load()
            yield n

    def load_only() -> None:
        for _ in source():
            pass

    def compute_only() -> None:
        for _ in range(count):
            compute()

    def serial() -> None:
        for _ in source():
            compute()

    def prefetched() -> None:
        for _ in prefetch(source(), 2):
            compute()

    runs = {"load": load_only, "compute": compute_only, "serial": serial, "prefetch": prefetched}
    best = dict.fromkeys(runs, float("inf"))
    for _ in range(repeat):  # interleaved, so a burst of other load hits them alike
        for name, run in runs.items():
            best[name] = min(best[name], _seconds(run))
    return best


def overlap_rows(
    load_ms: float, compute_ms: float, count: int, repeat: int
) -> list[tuple[str, dict[str, float]]]:
    compute = make_compute(compute_ms)
    sleep = load_ms / 1000
    return [
        (
            f"sleep {load_ms:g} ms + NumPy",
            overlap_run(lambda: time.sleep(sleep), compute, count, repeat),
        ),
        (
            f"Python {load_ms:g} ms + NumPy",
            overlap_run(python_work(load_ms), compute, count, repeat),
        ),
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="epochs per loader (best kept)")
    parser.add_argument("--load-ms", type=float, default=10.0, help="simulated load per batch")
    parser.add_argument("--compute-ms", type=float, default=10.0, help="NumPy compute per batch")
    parser.add_argument("--batches", type=int, default=100, help="batches in the overlap runs")
    args = parser.parse_args(argv)
    _print_machine(machine())
    print(f"  numpy   {np.__version__}; torch {torch_version() or 'not installed'}\n")

    rows = loader_rows(args.repeat)
    print(
        f"One shuffled epoch of {ROWS:,} x {FEATURES} float32, batch {BATCH}, "
        f"best of {args.repeat}:\n"
    )
    print("| loader | time (s) | batches/s | array_batches is faster by |")
    print("|---|---:|---:|---:|")
    fastest = dict(rows)["array_batches"]
    batches_per_epoch = -(-ROWS // BATCH)
    for name, seconds in rows:
        print(
            f"| {name} | {seconds:.3f} | {batches_per_epoch / seconds:,.0f} | "
            f"{seconds / fastest:.1f}x |"
        )
    verdicts = []
    if "torch DataLoader" in dict(rows):
        ratio = dict(rows)["torch DataLoader"] / fastest
        verdicts.append(
            (
                f"array_batches is {ratio:.1f}x faster than torch DataLoader(num_workers=0) "
                f"(target: at least {LOADER_TARGET:g}x)",
                ratio >= LOADER_TARGET,
            )
        )

    print(f"\nPrefetch overlap, {args.batches} batches, depth 2, best of {args.repeat}:\n")
    print(
        "| load + compute per batch | load (s) | compute (s) | no prefetch (s) | "
        "vs load+compute | prefetch (s) | vs max(load, compute) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for index, (name, t) in enumerate(
        overlap_rows(args.load_ms, args.compute_ms, args.batches, args.repeat)
    ):
        serial_ratio = t["serial"] / (t["load"] + t["compute"])
        ratio = t["prefetch"] / max(t["load"], t["compute"])
        print(
            f"| {name} | {t['load']:.3f} | {t['compute']:.3f} | {t['serial']:.3f} | "
            f"{serial_ratio:.2f}x | {t['prefetch']:.3f} | {ratio:.2f}x |"
        )
        if index == 0:
            verdicts.append(
                (
                    f"{name}: prefetch takes {ratio:.2f}x max(load, compute) "
                    f"(target: at most {OVERLAP_TARGET:g}x)",
                    ratio <= OVERLAP_TARGET,
                )
            )
    print()
    for text, met in verdicts:
        print(f"{'MET   ' if met else 'MISSED'} {text}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
