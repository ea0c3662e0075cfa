"""Decoding speed and memory, as ratios against ``json.loads`` on the same bytes in one process.

Usage: ``python benchmarks/bench_load.py [--duration 7200] [--seed 1] [--repeat 7]``

Makes a current-format file of the given duration with the seeded generator, then prints medians of:
  * ``load()`` / ``json.loads()``;
  * (``load()`` + ``occurrences()`` + ``seconds()``) / ``json.loads()``;
  * peak memory growth of ``load()`` + those tables, against the file size (tracemalloc).
Targets: at most 0.10, at most 0.25 and at most 8 times the file size.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import valossa_metadata as vm
from valossa_metadata.testing import synthetic


def median_seconds(action: Callable[[], object], repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def load_and_tables(data: bytes) -> None:
    md = vm.loads(data)
    md.occurrences()
    md.seconds()


def peak_growth(action: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    result = action()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    del result
    return peak


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--duration", type=float, default=7200.0, help="video length in seconds (default 7200)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=7, help="runs per measurement; the median is shown")
    args = parser.parse_args()

    doc = synthetic.core_metadata(args.duration, seed=args.seed)
    data = json.dumps(doc, separators=(",", ":")).encode()
    del doc
    md = vm.loads(data)
    print(f"file: {args.duration:.0f} s of video, {len(data) / 1e6:.1f} MB, format {md.format_version}")
    print(
        f"      {len(md.core.detections)} detections, {md.occurrences().height} occurrences, "
        f"{md.seconds().height} by_second items"
    )
    del md

    baseline = median_seconds(lambda: json.loads(data), args.repeat)
    load = median_seconds(lambda: vm.loads(data), args.repeat)
    tables = median_seconds(lambda: load_and_tables(data), args.repeat)
    growth = peak_growth(lambda: load_and_tables(data))

    print(f"json.loads():                               {baseline * 1000:8.1f} ms (median of {args.repeat})")
    print(f"load() / json.loads():                      {load / baseline:8.3f}   (target <= 0.10)")
    print(f"(load + occurrences + seconds) / json.loads: {tables / baseline:7.3f}   (target <= 0.25)")
    print(f"peak memory growth / file size:             {growth / len(data):8.2f}   (target <= 8)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
