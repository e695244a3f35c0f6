"""The benchmark's own code: the block strategy yields what read_lines yields, and the table
shows the floor."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lessons_lib.readers import read_lines

BENCH = Path(__file__).resolve().parents[1] / "bench" / "read_logs.py"
_spec = importlib.util.spec_from_file_location("read_logs", BENCH)
assert _spec is not None and _spec.loader is not None
read_logs = importlib.util.module_from_spec(_spec)
sys.modules["read_logs"] = read_logs  # dataclasses look their module up there
_spec.loader.exec_module(read_logs)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(alphabet=st.sampled_from("ab é\r\n€")), block=st.integers(1, 8))
def test_block_split_yields_what_read_lines_yields(tmp_path: Path, text: str, block: int) -> None:
    path = tmp_path / "any.txt"
    path.write_bytes(text.encode("utf-8"))
    assert list(read_logs.block_lines(path, block_chars=block)) == list(read_lines(path))


def test_table_and_targets_compare_with_the_floor() -> None:
    run = read_logs.Run
    runs = {
        read_logs.BASELINE: [run(0.0, 17.0, 0)],
        "read_lines": [run(1.5, 17.1, 10), run(1.4, 17.2, 10)],
        "block split": [run(1.05, 17.3, 10)],
        "yield from f": [run(1.0, 17.0, 10)],
        "for line in f": [run(0.9, 17.0, 10)],
        "count_lines": [run(0.5, 18.0, 10)],
        "wc -l": [run(0.1, 1.7, 10)],
    }
    text = read_logs.table({"10 MB": runs}, repeat=2)
    assert "vs floor" in text
    assert "1.40x" in text.splitlines()[4]  # read_lines: best 1.4 s over the floor's 1.0 s
    verdicts = dict(read_logs.targets({"10 MB": runs}))
    assert verdicts == {
        "read_lines peak RSS grows +0.0 MiB from 10 MB to 10 MB (target: at most 5 MiB)": True,
        "10 MB: read_lines takes 1.56x the bare loop's time (target: at most 1.6x)": True,
        "10 MB: block split takes 1.05x the time of `yield from f` (target: at most 1.1x)": True,
        "10 MB: count_lines takes 5.00x the time of wc -l (target: at most 6x)": True,
    }
