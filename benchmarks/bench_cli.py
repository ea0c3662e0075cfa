"""Whole-process times of the command line, start-up included: ``list-occurrences`` and ``report``.

Usage: ``python benchmarks/bench_cli.py [--duration 7200] [--seed 1] [--repeat 5] [--metadata-reader DIR]``

Makes a current-format file with the seeded generator (or takes ``--file``), then prints medians of
whole processes, output to ``/dev/null``:
  * ``valossa-metadata list-occurrences FILE -f csv``;
  * ``valossa-metadata report FILE --video URL`` (the page with its pictures, the interactive
    timeline and the player), into a temporary folder;
  * ``python -c "json.load(...)"`` on the same file, for scale;
  * with ``--metadata-reader DIR`` (a clone of github.com/valossalabs/metadata-reader, which is not on
    PyPI): ``python -m metareader list-occurrences -f csv FILE`` run from that clone, and the ratio.
Targets: ``list-occurrences`` at most 0.20 of metadata-reader's time, ``report`` at most 5 times the
``json.load`` process. Nothing is downloaded. Every command runs once before
the timed runs, with bytecode caching on, as an installed program runs.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from valossa_metadata.testing import synthetic


def installed_environment(clone: Path | None) -> dict[str, str]:
    """The environment of an installed program: bytecode is cached (some shells turn that off, and
    then every run compiles every module again), and a clone is on the path."""
    env = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    if clone is not None:
        env["PYTHONPATH"] = str(clone)
    return env


def process_seconds(command: list[str], clone: Path | None = None) -> float:
    env = installed_environment(clone)
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True, cwd=clone, env=env)
    return time.perf_counter() - start


def interleaved_medians(commands: dict[str, tuple[list[str], Path | None]], repeat: int) -> dict[str, float]:
    """Median whole-process seconds of each command, run in turn so that a busy moment hits all of them."""
    timings: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, (command, clone) in commands.items():
            timings[name].append(process_seconds(command, clone))
    return {name: statistics.median(values) for name, values in timings.items()}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--duration", type=float, default=7200.0, help="video length in seconds (default 7200)"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--file", type=Path, help="time this result file instead of a generated one")
    parser.add_argument("--repeat", type=int, default=5, help="runs per measurement; the median is shown")
    parser.add_argument("--metadata-reader", type=Path, metavar="DIR", help="a metadata-reader clone")
    parser.add_argument(
        "--metadata-reader-python",
        default=sys.executable,
        metavar="PYTHON",
        help="the interpreter for metadata-reader (default: this one)",
    )
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        path = args.file
        if path is None:
            path = Path(folder) / "result.json"
            doc = synthetic.core_metadata(args.duration, seed=args.seed)
            path.write_bytes(json.dumps(doc, separators=(",", ":")).encode())
            del doc
        path = path.resolve()
        print(f"file: {path.name}, {path.stat().st_size / 1e6:.1f} MB")

        ours = [sys.executable, "-m", "valossa_metadata", "list-occurrences", str(path), "-f", "csv"]
        json_load = [sys.executable, "-c", "import json, sys; json.load(open(sys.argv[1], 'rb'))", str(path)]
        report = [
            *(sys.executable, "-m", "valossa_metadata", "report", str(path)),
            *("-o", str(Path(folder) / "report"), "--video", "https://example.com/video.mp4"),
        ]
        commands: dict[str, tuple[list[str], Path | None]] = {
            "ours": (ours, None),
            "json": (json_load, None),
            "report": (report, None),
        }
        if args.metadata_reader is not None:
            reader = [
                args.metadata_reader_python,
                "-m",
                "metareader",
                "list-occurrences",
                "-f",
                "csv",
                str(path),
            ]
            commands["metadata-reader"] = (reader, args.metadata_reader.resolve())
        for command, clone in commands.values():  # a first run writes the bytecode caches
            process_seconds(command, clone)
        median = interleaved_medians(commands, args.repeat)
        cli = median["ours"]
        print(f"list-occurrences -f csv:      {cli:6.2f} s (median of {args.repeat})")
        print(f"python -c 'json.load(...)':   {median['json']:6.2f} s   ratio {cli / median['json']:.2f}")
        ratio = median["report"] / median["json"]
        report_line = f"report --video:               {median['report']:6.2f} s   {ratio:.2f} x json.load"
        print(f"{report_line} (target <= 5)")
        if "metadata-reader" in median:
            theirs = median["metadata-reader"]
            print(
                f"metadata-reader:              {theirs:6.2f} s   ratio {cli / theirs:.2f} (target <= 0.20)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
