"""Decoding speed and memory, as ratios against ``json.loads`` on the same bytes in one process.

Usage: ``python benchmarks/bench_load.py [--duration 7200] [--seed 1] [--repeat 11]``

Makes a current-format file of the given duration with the seeded generator, then prints medians of
per-round ratios (the three actions take turns in each round, so that a busy moment hits all):
  * ``load()`` / ``json.loads()``;
  * (``load()`` + ``occurrences()`` + ``seconds()``) / ``json.loads()``;
  * peak resident memory growth of ``load()``, and of ``load()`` + those tables, against the file size.
Targets: at most 0.05, at most 0.15 and at most 5 times the file size.

Memory is the growth of the peak resident set size (``resource.getrusage``, which also sees polars'
Arrow buffers) over what the process holds once polars is imported and warmed up (its first
computation sets up a thread pool, about 20 MB once per process whatever the data) and the file
read; the growth without that warm-up is printed too. Every memory
figure comes from a fresh interpreter, so the peak of one measurement cannot hide the next one. A
child starts with its parent's peak (Linux keeps it across fork and exec), so the file is generated
in a child too and the children run before this process reads the file or times anything.
"""

from __future__ import annotations

import argparse
import gc
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import polars as pl  # imported before any memory baseline, as a user would have it

import valossa_metadata as vm
from valossa_metadata.testing import synthetic

ACTIONS: dict[str, Callable[[bytes], object]] = {
    "json.loads": json.loads,
    "load": vm.loads,
    "load+tables": lambda data: load_and_tables(data),
}


def round_ratios(actions: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median over ``repeat`` rounds of each action's time divided by the first action's time.

    The actions take turns within a round, so that a busy moment of a shared machine hits all of
    them; each round gives its own ratios, and the median of those is reported. The first action's
    own median time (in seconds) is under its name.
    """
    timings: dict[str, list[float]] = {name: [] for name in actions}
    for _ in range(repeat):
        for name, action in actions.items():
            gc.collect()
            start = time.perf_counter()
            action()
            timings[name].append(time.perf_counter() - start)
    first, *others = actions
    ratios = {n: statistics.median(t / b for t, b in zip(timings[n], timings[first])) for n in others}
    return {first: statistics.median(timings[first]), **ratios}


def load_and_tables(data: bytes) -> tuple[object, ...]:
    md = vm.loads(data)
    return md, md.occurrences(), md.seconds()


def peak_rss_bytes() -> int:
    """The peak resident set size of this process so far (Linux reports kilobytes, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def rss_growth_in_child(action: str, path: Path, *, warm: bool = True) -> int:
    """Peak RSS growth of one action, measured in a fresh interpreter (see ``--rss-child``)."""
    done = subprocess.run(
        [sys.executable, __file__, "--rss-child", action, str(path), *(["--warm"] if warm else [])],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(done.stdout)


def write_file(path: Path, duration: float, seed: int) -> int:
    doc = synthetic.core_metadata(duration, seed=seed)
    path.write_bytes(json.dumps(doc, separators=(",", ":")).encode())
    return 0


def warm_up_polars() -> None:
    """A tiny gather, sort and join: polars sets up its thread pool on the first computation."""
    frame = pl.DataFrame({"k": ["a", "b"], "v": [2, 1]})
    frame.sort("v").join(frame, on="k", how="left")["v"].gather([0])


def rss_child(action: str, path: Path, warm: bool) -> int:
    if warm:
        warm_up_polars()
    data = path.read_bytes()
    gc.collect()
    before = peak_rss_bytes()
    result = ACTIONS[action](data)
    growth = peak_rss_bytes() - before
    del result
    print(growth)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--duration", type=float, default=7200.0, help="video length in seconds (default 7200)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=11, help="rounds; the median ratio is shown")
    parser.add_argument(
        "--rss-repeat", type=int, default=3, help="fresh processes per memory figure (default 3)"
    )
    parser.add_argument("--rss-child", nargs=2, metavar=("ACTION", "FILE"), help=argparse.SUPPRESS)
    parser.add_argument("--write", metavar="FILE", help=argparse.SUPPRESS)
    parser.add_argument("--warm", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.rss_child:
        return rss_child(args.rss_child[0], Path(args.rss_child[1]), args.warm)
    if args.write:
        return write_file(Path(args.write), args.duration, args.seed)

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "result.json"
        options = ["--duration", str(args.duration), "--seed", str(args.seed)]
        subprocess.run([sys.executable, __file__, "--write", str(path), *options], check=True)
        growth = {
            action: statistics.median(rss_growth_in_child(action, path) for _ in range(args.rss_repeat))
            for action in ACTIONS
        }
        cold = statistics.median(
            rss_growth_in_child("load+tables", path, warm=False) for _ in range(args.rss_repeat)
        )
        data = path.read_bytes()

    md = vm.loads(data)
    print(f"file: {args.duration:.0f} s of video, {len(data) / 1e6:.1f} MB, format {md.format_version}")
    print(
        f"      {len(md.core.detections)} detections, {md.occurrences().height} occurrences, "
        f"{md.seconds().height} by_second items"
    )
    del md

    ratios = round_ratios(
        {
            "json.loads": lambda: json.loads(data),
            "load": lambda: vm.loads(data),
            "load+tables": lambda: load_and_tables(data),
        },
        args.repeat,
    )

    size = len(data)
    baseline = ratios["json.loads"]
    print(f"json.loads():                               {baseline * 1000:8.1f} ms (median of {args.repeat})")
    print(f"load() / json.loads():                      {ratios['load']:8.3f}   (target <= 0.05)")
    print(f"(load + occurrences + seconds) / json.loads: {ratios['load+tables']:7.3f}   (target <= 0.15)")
    print(f"peak RSS growth / file size, json.loads():  {growth['json.loads'] / size:8.2f}")
    print(f"peak RSS growth / file size, load():        {growth['load'] / size:8.2f}   (target <= 5)")
    print(f"peak RSS growth / file size, with tables:   {growth['load+tables'] / size:8.2f}   (target <= 5)")
    print(f"  the same, polars not warmed up:           {cold / size:8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
