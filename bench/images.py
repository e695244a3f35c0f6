"""Benchmark: one epoch of image preprocessing, eager versus pipeline (run by `make bench`).

For datasets of 1,000 and 10,000 generated pictures (``lessons_lib.sample_data.shape_images``,
PNG files of 48-96 px, made once into the git-ignored data folder) it runs one epoch of the
same work two ways, each at 64 x 64 pixels, batches of 32, no augmentation:

- ``pipeline``  ``lessons_lib.images.image_batches``: discover, shuffle, batch, one-hot, read
                and resize, rescale, stack, one batch at a time (lesson 08's Pipeline)
- ``eager``     read every picture first (``lessons_lib.images.load_all``), rescale them all
                at once to ``float32``, then cut shuffled batches out of the array

Every run is a fresh process (``python bench/images.py --child STRATEGY ROOT``) that reports
its own time (``time.perf_counter`` around the epoch: start-up, imports and the file listing's
first read excluded alike) and its peak resident memory (``VmHWM``, as bench/read_logs.py
explains).  Each strategy runs ``--repeat`` times, round-robin; the table shows the best time
and the largest peak.  The files are read once first, so both read from the page cache.

Usage::

    python bench/images.py                          # 1,000 and 10,000 pictures, best of 3
    python bench/images.py --counts 200,1000 --repeat 1     # a quick check
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))  # run from a checkout without installing lessons_lib
sys.path.insert(0, str(HERE))

from read_logs import _print_machine, _vmhwm_mib, machine  # noqa: E402 - after the path

STRATEGIES = ["pipeline", "eager"]
DEFAULT_COUNTS = "1000,10000"
SIZE = 64  # pixels per side, after resizing
BATCH = 32
MEAN = (0.5, 0.5, 0.5)
STD = (0.25, 0.25, 0.25)
MIB = 2**20

# Targets from the issue.
TARGET_PIPELINE_GROWTH_MIB = 10.0  # the pipeline's peak RSS, smallest to largest dataset
TARGET_THROUGHPUT = 0.9  # the pipeline's pictures per second / the eager loop's
# "The eager one grows with the dataset": at least half of the extra uint8 pictures it holds.
EAGER_GROWTH_SHARE = 0.5


@dataclass
class Run:
    seconds: float
    peak_mib: float
    pictures: int


def _child(strategy: str, root: str) -> None:
    """Run one epoch in this process; print its time, peak RSS and picture count as JSON."""
    import numpy as np

    from lessons_lib.images import image_batches, load_all, normalise
    from lessons_lib.iterutils import batched

    def pipeline() -> int:
        seen = 0
        with image_batches(root, size=SIZE, batch_size=BATCH, augmented=False,
                           mean=MEAN, std=STD) as epoch:
            for x, _y in epoch:
                seen += len(x)
        return seen

    def eager() -> int:
        pictures, labels = load_all(root, SIZE)
        everything = normalise(pictures, MEAN, STD)  # every picture as float32, at once
        seen = 0
        for batch in batched(np.random.default_rng(0).permutation(len(labels)), BATCH):
            seen += len(everything[list(batch)])
        return seen

    work = {"pipeline": pipeline, "eager": eager}[strategy]
    started = time.perf_counter()
    seen = work()
    seconds = time.perf_counter() - started
    print(json.dumps({"seconds": seconds, "peak_mib": _vmhwm_mib("self"), "pictures": seen}))


def _run_once(strategy: str, root: Path) -> Run:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", strategy, str(root)]
    with tempfile.TemporaryFile() as errors:  # a file: a chatty child never blocks on a pipe
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=errors, cwd=REPO, check=False)
        errors.seek(0)
        if done.returncode != 0:
            message = errors.read().decode(errors="replace")
            raise RuntimeError(f"{' '.join(command)} failed: {message}")
    report = json.loads(done.stdout)
    return Run(report["seconds"], report["peak_mib"], report["pictures"])


def measure(counts: list[int], repeat: int) -> dict[int, dict[str, list[Run]]]:
    from lessons_lib.images import discover_images
    from lessons_lib.sample_data import shape_images

    results: dict[int, dict[str, list[Run]]] = {}
    for count in counts:
        started = time.perf_counter()
        root = shape_images(count)
        print(f"{count:,} pictures ready in {time.perf_counter() - started:.1f} s: {root.name}")
        for path, _ in discover_images(root):  # warm the page cache
            path.read_bytes()
        results[count] = {name: [] for name in STRATEGIES}
        for round_number in range(repeat):
            for name in STRATEGIES:
                run = _run_once(name, root)
                results[count][name].append(run)
                print(f"  {count:>6,}  {name:<9} run {round_number + 1}: {run.seconds:.2f} s, "
                      f"peak {run.peak_mib:.1f} MiB")
    return results


def _best(runs: list[Run]) -> float:
    return min(run.seconds for run in runs)


def _peak(runs: list[Run]) -> float:
    return max(run.peak_mib for run in runs)


def table(results: dict[int, dict[str, list[Run]]], repeat: int) -> str:
    """The results as a text table: best time of ``repeat`` runs, largest peak RSS."""
    lines = [
        f"{'pictures':>8}  {'strategy':<9} {'time (s)':>9} {'pictures/s':>11} {'ms/picture':>11} "
        f"{'peak RSS (MiB)':>15}",
        "-" * 70,
    ]
    for count, by_name in results.items():
        for name, runs in by_name.items():
            best = _best(runs)
            lines.append(
                f"{count:>8,}  {name:<9} {best:>9.2f} {count / best:>11,.0f} "
                f"{best / count * 1e3:>11.2f} {_peak(runs):>15.1f}"
            )
        lines.append("")
    lines.append(f"time: best of {repeat}; peak RSS: largest of {repeat} (VmHWM, a fresh process)")
    return "\n".join(lines)


def targets(results: dict[int, dict[str, list[Run]]]) -> list[tuple[str, bool]]:
    """Each target as a sentence with the measured figure, and whether it was met."""
    counts = sorted(results)
    small, large = counts[0], counts[-1]
    verdicts = []
    growth = _peak(results[large]["pipeline"]) - _peak(results[small]["pipeline"])
    verdicts.append((
        f"the pipeline's peak RSS grows {growth:+.1f} MiB from {small:,} to {large:,} pictures "
        f"(target: at most {TARGET_PIPELINE_GROWTH_MIB:.0f} MiB)",
        growth <= TARGET_PIPELINE_GROWTH_MIB,
    ))
    eager_growth = _peak(results[large]["eager"]) - _peak(results[small]["eager"])
    data = (large - small) * SIZE * SIZE * 3 / MIB
    verdicts.append((
        f"the eager peak RSS grows {eager_growth:+.1f} MiB from {small:,} to {large:,} pictures, "
        f"whose uint8 pixels alone grow {data:.1f} MiB (target: it grows with the dataset, "
        f"by at least {EAGER_GROWTH_SHARE:.0%} of that)",
        eager_growth >= EAGER_GROWTH_SHARE * data,
    ))
    for count in counts:
        ratio = _best(results[count]["eager"]) / _best(results[count]["pipeline"])
        verdicts.append((
            f"{count:,} pictures: the pipeline's throughput is {ratio:.2f}x the eager loop's "
            f"(target: at least {TARGET_THROUGHPUT}x)",
            ratio >= TARGET_THROUGHPUT,
        ))
    return verdicts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", default=DEFAULT_COUNTS,
                        help=f"comma-separated dataset sizes (default {DEFAULT_COUNTS})")
    parser.add_argument("--repeat", type=int, default=3, help="runs per strategy (default 3)")
    parser.add_argument("--child", nargs=2, metavar=("STRATEGY", "ROOT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child)
        return 0
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    try:
        counts = sorted({int(text) for text in args.counts.split(",") if text.strip()})
    except ValueError:
        parser.error(f"--counts should be whole numbers like 1000,10000, not {args.counts!r}")
    if not counts or counts[0] < 4:
        parser.error("--counts needs dataset sizes of at least 4 pictures, e.g. 1000,10000")

    _print_machine(machine())
    print(f"Command: python bench/images.py --counts {','.join(map(str, counts))} "
          f"--repeat {args.repeat}\n")
    started = time.perf_counter()
    results = measure(counts, args.repeat)
    print()
    print(table(results, args.repeat))
    for count, by_name in results.items():
        seen = {run.pictures for runs in by_name.values() for run in runs}
        if seen != {count}:
            print(f"WARNING: {count:,} pictures, but the runs saw {sorted(seen)}")
    print("\nTargets:")
    for sentence, met in targets(results):
        print(f"  [{'met' if met else 'MISSED'}] {sentence}")
    print(f"Total wall time {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
