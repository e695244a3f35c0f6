"""Benchmark: reading access logs lazily versus eagerly, and counting lines (run by `make bench`).

For each log size (default 10 MB, 100 MB, 1 GB, generated once into the
git-ignored data folder by ``lessons_lib.sample_data.access_log``) it measures:

- ``read_lines``      the course's lazy line reader (``lessons_lib.readers.read_lines``,
                      default options): lesson 03's generator, a ``for`` loop over the file
                      that strips each line's ending
- ``block split``     the same lines (endings stripped) from a generator that decodes
                      128 Ki-character blocks and splits them with ``str.split`` in C
                      (:func:`block_lines` below)
- ``yield from f``    a generator that does nothing but ``yield from f``: the floor for any
                      generator
- ``for line in f``   a bare loop over a text file object
- ``read().split``    ``f.read().split("\\n")``: the whole file, then every line, in memory
- ``count_lines``     ``lessons_lib.readers.count_lines`` (newline bytes, no decoding)
- ``wc -l``           the coreutils line counter, for reference

How it measures (see bench/README.md):

- Every run is a fresh process (``python bench/read_logs.py --child STRATEGY FILE``, or
  ``wc -l FILE``), so memory left over from an earlier run cannot hide a peak.
  Peak RSS is the kernel's high-water mark of that process's resident memory,
  ``VmHWM`` in ``/proc/<pid>/status`` (Linux): no sampling, so no peak is
  missed.  A Python child reads its own just before it exits; for ``wc -l`` the
  parent reads it while it runs (its memory is flat).  Not ``ru_maxrss``: on
  Linux a child's ``ru_maxrss`` includes the *parent's* resident size at the
  moment it was spawned (the kernel records the old address space's peak at
  ``exec``), so every child looked as big as this script.  Elsewhere the
  script falls back to ``ru_maxrss`` of the child.  A ``python start`` row shows
  the interpreter's own floor (start-up plus the imports every Python child makes).
- Time: a Python child times its own work with ``time.perf_counter`` (start-up
  and imports excluded, the same for all Python strategies); ``wc -l`` is timed
  as its whole process from the parent (its start-up is about a millisecond).
  Each line-reading loop counts lines in the same ``for`` loop, so they differ
  only in where the lines come from.
- Each strategy runs ``--repeat`` times (default 5), interleaved round-robin;
  the table shows the best (minimum) time, the least disturbed by other load,
  and the largest peak RSS.  Files are read once before timing (warm page cache).

Usage::

    python bench/read_logs.py                       # 10 MB, 100 MB, 1 GB; 5 runs each
    python bench/read_logs.py --sizes 1MB,10MB --repeat 2 --plot /tmp/quick.png
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))  # run from a checkout without installing lessons_lib

STRATEGIES = [
    "read_lines", "block split", "yield from f", "for line in f", "read().split",
    "count_lines", "wc -l",
]
FLOOR = "yield from f"  # every line-reading strategy is also compared with this generator
BASELINE = "python start"
DEFAULT_SIZES = "10MB,100MB,1GB"
UNITS = {"KB": 10**3, "MB": 10**6, "GB": 10**9}
MIB = 2**20

# Targets from the issue: what the lazy reader and the line counter must achieve.
TARGET_RSS_GROWTH_MIB = 5.0  # read_lines' peak RSS, smallest to largest file
TARGET_VS_BARE_LOOP = 1.6  # read_lines' time / bare loop's time
TARGET_BLOCKS_VS_FLOOR = 1.1  # block split's time / the time of the `yield from f` generator
TARGET_VS_WC = 6.0  # count_lines' time / wc -l's time

# Colour-blind-safe (Okabe-Ito); yellow comes last, so no strategy gets it: faint on white.
OKABE_ITO = ["#0072B2", "#56B4E9", "#000000", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#F0E442"]
MARKERS = ["o", "P", "*", "s", "^", "D", "v", "x"]
BLOCK_CHARS = 1 << 16  # block split decodes 64 Ki characters at a time


def block_lines(path: str | Path, block_chars: int = BLOCK_CHARS) -> Iterator[str]:
    """Yield what ``read_lines(path)`` yields, with less Python work per line: one strategy of many.

    Decode a block of text, split it at "\\n" with ``str.split`` (in C) and hand its lines out
    with ``yield from``; the piece after the block's last "\\n" is kept and put in front of the
    next block's first line.  Memory: a block plus the longest line.  (A line longer than a
    block is copied once per block it spans, so this suits files of ordinary lines, like logs.)
    64 Ki characters per block measured best here, each run in a fresh process as the table
    runs it: 32 Ki was slower, and 128 Ki ran about 1.4x the floor in a fresh process although
    it matched 64 Ki once the process had warmed up.
    """
    with open(path, encoding="utf-8", newline="\n") as f:
        pending = ""  # the start of a line whose "\n" has not been read yet
        while block := f.read(block_chars):
            lines = block.split("\n")
            crlf = "\r" in block or pending.endswith("\r")
            lines[0] = pending + lines[0]
            pending = lines.pop()
            if crlf:  # the "\r" of a CRLF ending goes too, as in read_lines
                lines = [line.rstrip("\r") for line in lines]
            yield from lines
        if pending:  # a last line without a newline is still a line
            yield pending.rstrip("\r")


# ---------------------------------------------------------------------------
# The child: one strategy over one file, in a fresh process.
# ---------------------------------------------------------------------------


def _child(strategy: str, path: str) -> None:
    """Run one strategy and print ``{"lines": ..., "seconds": ...}`` as JSON on stdout."""
    from lessons_lib.readers import count_lines, read_lines  # every Python child imports the same

    def lazy() -> int:
        lines = 0
        for _line in read_lines(path):
            lines += 1
        return lines

    def blocks() -> int:
        lines = 0
        for _line in block_lines(path):
            lines += 1
        return lines

    def floor() -> int:
        def every_line():
            with open(path, encoding="utf-8") as f:
                yield from f

        lines = 0
        for _line in every_line():
            lines += 1
        return lines

    def bare_loop() -> int:
        lines = 0
        with open(path, encoding="utf-8") as f:
            for _line in f:
                lines += 1
        return lines

    def read_split() -> int:
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        return len(lines)  # one more than the file has lines: the "" after the final newline

    def count() -> int:
        return count_lines(path)

    def nothing() -> int:
        return 0

    work: dict[str, Callable[[], int]] = {
        "read_lines": lazy,
        "block split": blocks,
        "yield from f": floor,
        "for line in f": bare_loop,
        "read().split": read_split,
        "count_lines": count,
        BASELINE: nothing,
    }
    started = time.perf_counter()
    lines = work[strategy]()
    seconds = time.perf_counter() - started
    peak = _vmhwm_mib("self")
    if peak is None:  # not Linux: the child's own ru_maxrss (see the module docstring)
        import resource

        peak = _maxrss_mib(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    print(json.dumps({"lines": lines, "seconds": seconds, "peak_mib": peak}))


# ---------------------------------------------------------------------------
# The parent: spawn, wait with os.wait4, collect.
# ---------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    peak_mib: float | None  # None: could not be measured (wc -l ended before its memory was read)
    lines: int


def _maxrss_mib(ru_maxrss: int) -> float:
    """ru_maxrss is in KiB on Linux and in bytes on macOS."""
    return ru_maxrss / MIB if sys.platform == "darwin" else ru_maxrss / 1024


def _vmhwm_mib(pid: int | str, name: str | None = None) -> float | None:
    """The peak resident set size the kernel recorded for ``pid`` ("self": this process), or None.

    With ``name``, only once the process runs that program: between spawn and
    ``exec`` the child still shows the parent's memory.
    """
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # not Linux, or the process has just ended
        return None
    if name is not None and not re.search(rf"^Name:\s+{re.escape(name)}$", status, re.MULTILINE):
        return None
    match = re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)
    return int(match.group(1)) / 1024 if match else None


def _run_once(strategy: str, path: Path, watch_memory: bool = False) -> Run:
    """One run in a fresh process.

    ``watch_memory``: poll VmHWM of ``wc -l`` (slower; not for timing).
    """
    if strategy == "wc -l":
        command = ["wc", "-l", str(path)]
    else:
        command = [sys.executable, str(Path(__file__).resolve()), "--child", strategy, str(path)]
    with (
        tempfile.TemporaryFile() as errors
    ):  # a file, so a chatty child can never block on a full pipe
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, cwd=REPO)
        peak = None
        if watch_memory and sys.platform.startswith("linux"):
            while os.waitid(os.P_PID, process.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is None:
                peak = _vmhwm_mib(process.pid, name=command[0]) or peak
                time.sleep(0.0005)
        out = process.stdout.read()  # one short line; EOF when the child exits
        _, status, usage = os.wait4(process.pid, 0)  # reap it ourselves to get its own rusage
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)  # tell Popen it has been reaped
        process.stdout.close()
        errors.seek(0)
        err = errors.read()
    if process.returncode != 0:
        raise RuntimeError(
            f"{' '.join(command)} failed ({process.returncode}): {err.decode(errors='replace')}"
        )
    if strategy == "wc -l":
        if peak is None and not sys.platform.startswith("linux"):
            peak = _maxrss_mib(usage.ru_maxrss)
        return Run(seconds=wall, peak_mib=peak, lines=int(out.split()[0]))
    report = json.loads(out)
    return Run(seconds=report["seconds"], peak_mib=report["peak_mib"], lines=report["lines"])


def _parse_size(text: str) -> int:
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(KB|MB|GB)\s*", text, re.IGNORECASE)
    if not match:
        raise argparse.ArgumentTypeError(f"size {text!r} should look like 10MB, 100MB or 1GB")
    return int(float(match.group(1)) * UNITS[match.group(2).upper()])


def _size_label(size: int) -> str:
    for unit in ("GB", "MB", "KB"):
        if size >= UNITS[unit] and size % UNITS[unit] == 0:
            return f"{size // UNITS[unit]} {unit}"
    return f"{size} B"


def machine() -> dict[str, str]:
    """What the figures were measured on."""
    import psutil

    cpu = platform.processor() or "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = re.findall(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.MULTILINE)
        if names:
            cpu = names[0].strip()
    elif sys.platform == "darwin":
        cpu = subprocess.run(
            ["sysctl", "-n", "machdep.cpu.brand_string"],
            capture_output=True,
            text=True,
            check=False,
        ).stdout.strip()
    physical = psutil.cpu_count(logical=False)
    return {
        "cpu": cpu,
        "cores": f"{os.cpu_count()} logical" + (f", {physical} physical" if physical else ""),
        "ram": f"{psutil.virtual_memory().total / 2**30:.1f} GiB",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "os": platform.platform(),
        "load": "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg()),
    }


def _print_machine(info: dict[str, str]) -> None:
    print("Machine:")
    for key in ("cpu", "cores", "ram", "python", "os"):
        print(f"  {key:7s} {info[key]}")
    print(
        f"  load    {info['load']} (1, 5, 15 min averages at the start; other work skews timings)"
    )


def measure(sizes: list[int], repeat: int, folder: Path | None) -> dict[str, dict[str, list[Run]]]:
    """Every strategy on every size, ``repeat`` times each, round-robin.

    Returns ``results[size_label][strategy]``: that strategy's runs on that size.
    """
    import psutil

    from lessons_lib.sample_data import access_log

    results: dict[str, dict[str, list[Run]]] = {}
    for size in sizes:
        label = _size_label(size)
        started = time.perf_counter()
        path = access_log(size, folder=folder)
        print(
            f"{label}: log ready in {time.perf_counter() - started:.1f} s "
            f"({path.stat().st_size:,} bytes)",
            flush=True,
        )
        # Warm the page cache (every strategy then reads from memory) and take wc's peak memory.
        # A tiny file can be counted before the first look; try a few times, else report no figure.
        wc_peak = next(
            filter(None, (_run_once("wc -l", path, watch_memory=True).peak_mib for _ in range(20))),
            None,
        )
        strategies = [BASELINE, *STRATEGIES]
        # read().split holds the text and every line (about 2.5x the file); skip it if RAM is short.
        available = psutil.virtual_memory().available
        if available < 4 * path.stat().st_size:
            print(
                f"  skipping read().split: it needs about {2.5 * size / 2**30:.1f} GiB of RAM "
                f"(with room to spare: {4 * size / 2**30:.1f} GiB), "
                f"{available / 2**30:.1f} GiB is free"
            )
            strategies.remove("read().split")
        runs: dict[str, list[Run]] = {name: [] for name in strategies}
        for _ in range(repeat):
            for name in strategies:
                runs[name].append(_run_once(name, path))
        if sys.platform.startswith("linux"):
            for run in runs["wc -l"]:
                run.peak_mib = wc_peak
        results[label] = runs
        print(f"  measured in {time.perf_counter() - started:.1f} s", flush=True)
    return results


def _best(runs: list[Run]) -> float:
    return min(run.seconds for run in runs)


def _peak(runs: list[Run]) -> float:
    peaks = [run.peak_mib for run in runs if run.peak_mib is not None]
    return max(peaks) if peaks else float("nan")


def table(results: dict[str, dict[str, list[Run]]], repeat: int) -> str:
    header = (
        f"{'file':>7}  {'strategy':14}  {'lines':>10}  {'time (s)':>9}  {'MB/s':>7}"
        f"  {'vs floor':>8}  {'peak RSS (MiB)':>14}"
    )
    lines = [
        f"time: best of {repeat} runs; vs floor: time / time of `{FLOOR}`; "
        f"peak RSS: largest of {repeat} runs (VmHWM of each child)",
        header,
    ]
    lines.append("-" * len(header))
    for label, runs in results.items():
        size = _parse_size(label.replace(" ", ""))
        floor = _best(runs[FLOOR])
        for name, measured in runs.items():
            seconds = _best(measured)
            timed = name != BASELINE
            speed = f"{size / seconds / 1e6:7.0f}" if timed else f"{'':7}"
            time_text = f"{seconds:9.3f}" if timed else f"{'':9}"
            versus = f"{seconds / floor:7.2f}x" if timed else f"{'':8}"
            counted = f"{measured[0].lines:10,d}" if timed else f"{'':10}"
            lines.append(
                f"{label:>7}  {name:14}  {counted}  {time_text}  {speed}  {versus}  "
                f"{_peak(measured):14.1f}"
            )
        lines.append("")
    return "\n".join(lines).rstrip()


def targets(results: dict[str, dict[str, list[Run]]]) -> list[tuple[str, bool]]:
    """The targets, each as (a sentence with the figures, met?)."""
    labels = list(results)
    first, last = results[labels[0]], results[labels[-1]]
    growth = _peak(last["read_lines"]) - _peak(first["read_lines"])
    growth_text = f"read_lines peak RSS grows {growth:+.1f} MiB from {labels[0]} to {labels[-1]}"
    checks = [
        (
            f"{growth_text} (target: at most {TARGET_RSS_GROWTH_MIB:.0f} MiB)",
            growth <= TARGET_RSS_GROWTH_MIB,
        )
    ]
    for label, runs in results.items():
        ratio = _best(runs["read_lines"]) / _best(runs["for line in f"])
        text = f"{label}: read_lines takes {ratio:.2f}x the bare loop's time"
        checks.append(
            (f"{text} (target: at most {TARGET_VS_BARE_LOOP}x)", ratio <= TARGET_VS_BARE_LOOP)
        )
    for label, runs in results.items():
        ratio = _best(runs["block split"]) / _best(runs[FLOOR])
        text = f"{label}: block split takes {ratio:.2f}x the time of `{FLOOR}`"
        checks.append(
            (f"{text} (target: at most {TARGET_BLOCKS_VS_FLOOR}x)", ratio <= TARGET_BLOCKS_VS_FLOOR)
        )
    for label, runs in results.items():
        ratio = _best(runs["count_lines"]) / _best(runs["wc -l"])
        text = f"{label}: count_lines takes {ratio:.2f}x the time of wc -l"
        checks.append((f"{text} (target: at most {TARGET_VS_WC:.0f}x)", ratio <= TARGET_VS_WC))
    return checks


def plot(
    results: dict[str, dict[str, list[Run]]], info: dict[str, str], repeat: int, target: Path
) -> None:
    import matplotlib

    matplotlib.use("Agg")  # a file, no window
    import matplotlib.pyplot as plt

    sizes_mb = [_parse_size(label.replace(" ", "")) / 1e6 for label in results]
    fig, (memory_ax, time_ax) = plt.subplots(1, 2, figsize=(12, 4.8))
    for index, name in enumerate(STRATEGIES):
        points = [
            (mb, runs[name])
            for mb, runs in zip(sizes_mb, results.values(), strict=True)
            if name in runs
        ]
        if not points:
            continue
        style = {"color": OKABE_ITO[index], "marker": MARKERS[index], "linewidth": 2, "label": name}
        memory_ax.plot([mb for mb, _ in points], [_peak(runs) for _, runs in points], **style)
        time_ax.plot([mb for mb, _ in points], [_best(runs) for _, runs in points], **style)
    floor = [_peak(runs[BASELINE]) for runs in results.values()]
    memory_ax.plot(sizes_mb, floor, color="gray", linestyle=":", label=BASELINE)
    for ax in (memory_ax, time_ax):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("log file size (MB)")
        ax.grid(True, which="both", alpha=0.3)
    memory_ax.set_ylabel(f"peak RSS of the process (MiB, largest of {repeat})")
    memory_ax.set_title("Memory: the eager read grows with the file")
    time_ax.set_ylabel(f"time (s, best of {repeat})")
    time_ax.set_title("Time: all grow with the file")
    memory_ax.legend(fontsize=9)
    fig.suptitle(
        f"{info['cpu']}, {info['cores']}, {info['ram']} RAM, {info['python']}", fontsize=10
    )
    fig.tight_layout()
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".png.tmp")
    fig.savefig(temporary, format="png", dpi=110)
    os.replace(temporary, target)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default=DEFAULT_SIZES, help=f"comma-separated sizes (default {DEFAULT_SIZES})"
    )
    parser.add_argument(
        "--repeat", type=int, default=5, help="runs per strategy and size (default 5)"
    )
    parser.add_argument(
        "--plot",
        type=Path,
        default=HERE / "results" / "read_logs.png",
        help="where to save the plot",
    )
    parser.add_argument(
        "--json", type=Path, default=None, help="also save every run's figures as JSON here"
    )
    parser.add_argument(
        "--folder", type=Path, default=None, help="where the logs go (default: the data folder)"
    )
    parser.add_argument("--child", nargs=2, metavar=("STRATEGY", "FILE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child)
        return 0
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    try:
        sizes = sorted({_parse_size(text) for text in args.sizes.split(",") if text.strip()})
    except argparse.ArgumentTypeError as error:
        parser.error(str(error))
    if not sizes:
        parser.error("--sizes is empty: give sizes like 10MB,100MB,1GB")

    info = machine()
    _print_machine(info)
    print(
        "Command: python bench/read_logs.py --sizes "
        f"{','.join(_size_label(s).replace(' ', '') for s in sizes)} --repeat {args.repeat}\n"
    )
    started = time.perf_counter()
    results = measure(sizes, args.repeat, args.folder)
    print()
    print(table(results, args.repeat))
    counts = {
        label: {runs[n][0].lines for n in runs if n not in (BASELINE, "read().split")}
        for label, runs in results.items()
    }
    for label, found in counts.items():
        if len(found) != 1:
            print(
                "WARNING: the strategies disagree on the line count of the "
                f"{label} log: {sorted(found)}"
            )
    print("\nTargets:")
    for sentence, met in targets(results):
        print(f"  [{'met' if met else 'MISSED'}] {sentence}")
    plot(results, info, args.repeat, args.plot)
    resolved = args.plot.resolve()
    shown = resolved.relative_to(REPO) if resolved.is_relative_to(REPO) else args.plot
    print(f"\nPlot saved to {shown}")
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "machine": info,
                    "repeat": args.repeat,
                    "runs": {
                        label: {name: [vars(run) for run in runs] for name, runs in by_name.items()}
                        for label, by_name in results.items()
                    },
                },
                indent=1,
            )
        )
    print(f"Total wall time {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
