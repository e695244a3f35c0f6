"""Run `make test` on every supported Python this machine has, then print a table.

This is `make test-versions`.  Each version gets its own virtual environment, `.venv-3.X`, so no
environment ever mixes versions, and each run's full output is kept in
`build/test-versions/3.X.log`.  An interpreter is looked for on PATH (`python3.X`) and then under
pyenv (`$PYENV_ROOT/versions/3.X.*/bin/python3.X`); a version found in neither place is skipped
with a message saying so.  The exit status is 0 only when every version that was found passed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

SUPPORTED = ("3.10", "3.11", "3.12", "3.13")
ROOT = Path(__file__).resolve().parents[1]
LOGS = ROOT / "build" / "test-versions"
# pytest's closing line, e.g. "===== 3 failed, 817 passed, 2 skipped in 312.45s (0:05:12) ====="
SUMMARY = re.compile(r"^=+ (?P<counts>.*?) in (?P<seconds>[\d.]+)s\b.*=+$")
COUNT = re.compile(r"(\d+) (passed|failed|errors?|skipped|xfailed|xpassed)")


@dataclass
class Run:
    """The outcome of `make test` on one version."""

    version: str
    interpreter: str | None
    status: str = "skipped"
    release: str = ""
    counts: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def reports_version(candidate: str, version: str) -> bool:
    """True when `candidate` runs and is Python `version` (a pyenv shim may exist, yet refuse)."""
    try:
        answer = subprocess.run(
            [candidate, "-c", "import platform; print(platform.python_version())"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except OSError:
        return False
    return answer.returncode == 0 and answer.stdout.strip().rsplit(".", 1)[0] == version


def find_interpreter(version: str) -> str | None:
    """The path of a working python`version`, on PATH or under pyenv; None when there is none."""
    candidates = []
    on_path = shutil.which(f"python{version}")
    if on_path:
        candidates.append(on_path)
    pyenv_root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    candidates += sorted(
        (str(p) for p in pyenv_root.glob(f"versions/{version}.*/bin/python{version}")), reverse=True
    )
    return next((c for c in candidates if reports_version(c, version)), None)


def summarise(output: str) -> tuple[dict[str, int], float | None]:
    """pytest's counts and seconds from the last summary line of `output` (empty if none).

    >>> summarise("...\\n===== 2 failed, 818 passed in 301.20s (0:05:01) =====\\n")
    ({'failed': 2, 'passed': 818}, 301.2)
    """
    for line in reversed(output.splitlines()):
        match = SUMMARY.match(line.strip())
        if match:
            counts = {
                kind.rstrip("s") if kind == "errors" else kind: int(n)
                for n, kind in COUNT.findall(match["counts"])
            }
            return counts, float(match["seconds"])
    return {}, None


def run_make_test(version: str, interpreter: str) -> Run:
    """`make test` with this interpreter in `.venv-<version>`, output shown and kept in a log."""
    LOGS.mkdir(parents=True, exist_ok=True)
    log = LOGS / f"{version}.log"
    command = ["make", "--no-print-directory", "test", f"PY={interpreter}", f"VENV=.venv-{version}"]
    print(
        f"\n=== Python {version}: {' '.join(command)}  (log: {log.relative_to(ROOT)})", flush=True
    )
    started = time.perf_counter()
    with (
        open(log, "w", encoding="utf-8") as kept,
        subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        ) as process,
    ):
        assert process.stdout is not None
        for line in process.stdout:
            sys.stdout.write(line)
            kept.write(line)
    release = subprocess.run(
        [interpreter, "-c", "import platform; print(platform.python_version())"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    run = Run(version, interpreter, release=release, seconds=time.perf_counter() - started)
    run.counts, _ = summarise(log.read_text(encoding="utf-8"))
    run.status = "passed" if process.returncode == 0 and run.counts.get("passed") else "FAILED"
    return run


def table(runs: list[Run]) -> str:
    """The runs as a Markdown table, one row per supported version."""
    rows = [
        "| Python | result | passed | failed | errors | skipped | time |",
        "|---|---|---|---|---|---|---|",
    ]
    for run in runs:
        if run.interpreter is None:
            rows.append(f"| {run.version} | skipped: not installed | | | | | |")
            continue
        c = run.counts
        rows.append(
            f"| {run.release or run.version} | {run.status} | {c.get('passed', 0)} "
            f"| {c.get('failed', 0)} | "
            f"{c.get('error', 0)} | {c.get('skipped', 0)} | {run.seconds / 60:.1f} min |"
        )
    return "\n".join(rows)


def main() -> int:
    runs = []
    for version in SUPPORTED:
        interpreter = find_interpreter(version)
        if interpreter is None:
            print(
                f"\n=== Python {version}: skipped, no python{version} on PATH or under pyenv",
                flush=True,
            )
            runs.append(Run(version, None))
        else:
            runs.append(run_make_test(version, interpreter))
    tested = [run for run in runs if run.interpreter is not None]
    print("\n" + table(runs))
    passed = sum(run.counts.get("passed", 0) for run in tested)
    failed = sum(run.counts.get("failed", 0) + run.counts.get("error", 0) for run in tested)
    print(f"{len(tested)} of {len(SUPPORTED)} versions tested: {passed} passed, {failed} failed")
    if not tested:
        print("test-versions: no supported Python found; install one of " + ", ".join(SUPPORTED))
        return 1
    return 0 if all(run.status == "passed" for run in tested) else 1


if __name__ == "__main__":
    sys.exit(main())
