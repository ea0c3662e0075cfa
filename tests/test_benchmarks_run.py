"""The benchmark scripts still run: each one, on tiny inputs, prints its figures and exits 0.

Nothing here is timed (speed is measured by running the scripts themselves, see
``docs/performance.md``); this only keeps a refactoring from breaking a script nobody runs daily.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"

RUNS = {
    "bench_load.py": (
        ["--duration", "60", "--repeat", "1", "--rss-repeat", "1"],
        ["load() / json.loads():", "peak RSS growth / file size, with tables:"],
    ),
    "bench_cli.py": (["--duration", "60", "--repeat", "1"], ["list-occurrences -f csv:"]),
    "bench_convert.py": (
        [
            *("--jobs", "12", "--distinct", "3", "--seconds", "10"),
            *("--throughput-files", "2", "--throughput-minutes", "0.5", "--workers", "1", "--repeat", "1"),
        ],
        ["convert, 1 worker(s):", "unchanged rerun:", "replace one job"],
    ),
}


@pytest.mark.parametrize("script", sorted(RUNS))
def test_the_benchmark_runs(script: str, tmp_path: Path) -> None:
    arguments, expected = RUNS[script]
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *arguments],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    for line in expected:
        assert line in done.stdout, done.stdout


def test_the_fuzz_run_runs(tmp_path: Path) -> None:
    out = tmp_path / "findings"
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / "fuzz.py"), "--count", "6", "--workers", "1", "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "escaped" in done.stdout or "ok" in done.stdout
