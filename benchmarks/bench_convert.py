"""Archive conversion speed, and a cross-archive query on the dataset against reading every JSON.

Usage: ``python benchmarks/bench_convert.py [--files 200] [--minutes 30] [--repeat 3] [--workers N]``

Generates ``--files`` synthetic current-format results of ``--minutes`` each
(``synthetic.core_metadata(minutes * 60, seed=i)``, compact JSON) in a temporary folder, then prints
medians of ``--repeat`` runs of:
  * ``convert()`` into a fresh dataset with 1 worker and with ``--workers`` (default: every CPU):
    files/s and MB/s of JSON;
  * a rerun over the finished dataset (nothing to do: every file unchanged);
  * total screen time per face identity name over the whole archive, the union of each name's
    occurrences within a job (overlaps counted once, also across a person's several face
    detections) summed over jobs: once lazily with ``scan()``, once by ``vm.load`` of every JSON.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import polars as pl

import valossa_metadata as vm
from valossa_metadata._intervals import union_duration
from valossa_metadata.archive import convert, scan
from valossa_metadata.archive.dataset import default_workers
from valossa_metadata.testing import synthetic


def write_result(folder: Path, seed: int, minutes: float) -> int:
    """Write one synthetic result; return its size in bytes."""
    doc = synthetic.core_metadata(minutes * 60.0, seed=seed)
    data = json.dumps(doc, separators=(",", ":")).encode()
    (folder / f"result-{seed:05d}.json").write_bytes(data)
    return len(data)


def make_corpus(folder: Path, files: int, minutes: float, workers: int) -> int:
    """Generate the corpus in parallel; return its total size in bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    with ProcessPoolExecutor(workers) as pool:
        sizes = pool.map(write_result, [folder] * files, range(files), [minutes] * files, chunksize=4)
        return sum(sizes)


def screen_time_by_name(faces: pl.LazyFrame, occurrences: pl.LazyFrame) -> pl.DataFrame:
    """Seconds on screen per face name: union of the name's occurrences per job, summed over jobs."""
    named = faces.filter(pl.col("name").is_not_null()).select("job_id", "detection_id", "name")
    spans = occurrences.join(named, on=["job_id", "detection_id"]).select("job_id", "name", "start", "end")
    per_job = union_duration(spans, ["job_id", "name"])
    return per_job.group_by("name").agg(pl.col("screen_time").sum()).sort("name")


def query_dataset(out: Path) -> pl.DataFrame:
    tables = scan(out)
    return screen_time_by_name(tables["faces"], tables["occurrences"])


def query_json(paths: list[Path]) -> pl.DataFrame:
    parts = []
    for path in paths:
        md = vm.load(path)
        job = pl.lit(md.job_id, pl.String).alias("job_id")
        faces = md.faces().lazy().with_columns(job)
        occurrences = md.occurrences().lazy().with_columns(job)
        parts.append(screen_time_by_name(faces, occurrences))
    return pl.concat(parts).group_by("name").agg(pl.col("screen_time").sum()).sort("name")


def median_seconds(
    action: Callable[[], object], repeat: int, before: Callable[[], object] | None = None
) -> float:
    timings = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--files", type=int, default=200, help="number of results (default 200)")
    parser.add_argument("--minutes", type=float, default=30.0, help="video length of each (default 30)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is shown")
    parser.add_argument("--workers", type=int, default=default_workers(), help="the 'all workers' count")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench_convert_") as tmp:
        corpus = Path(tmp) / "results"
        out = Path(tmp) / "dataset"
        size = make_corpus(corpus, args.files, args.minutes, args.workers)
        mb = size / 1e6
        print(f"corpus: {args.files} files of {args.minutes:g} min, {mb:.0f} MB of JSON; {args.workers} CPUs")

        def fresh() -> None:
            shutil.rmtree(out, ignore_errors=True)

        for workers in sorted({1, args.workers}):
            run = partial(convert, corpus, out, workers=workers, progress=False)
            seconds = median_seconds(run, args.repeat, before=fresh)
            print(
                f"convert, {workers} worker{'s' if workers > 1 else ' '}: {seconds:7.2f} s  "
                f"{args.files / seconds:7.1f} files/s  {mb / seconds:6.1f} MB/s   (median of {args.repeat})"
            )
        fresh()
        summary = convert(corpus, out, workers=args.workers, progress=False)
        assert summary.converted == args.files, summary
        rerun = median_seconds(
            lambda: convert(corpus, out, workers=args.workers, progress=False), args.repeat
        )
        on_disk = sum(p.stat().st_size for p in out.rglob("*.parquet")) / 1e6
        print(f"rerun, nothing to do:  {rerun * 1000:7.0f} ms   dataset on disk: {on_disk:.0f} MB of Parquet")

        paths = sorted(corpus.glob("*.json"))
        lazy = median_seconds(lambda: query_dataset(out), args.repeat)
        eager = median_seconds(lambda: query_json(paths), args.repeat)
        by_scan, by_json = query_dataset(out), query_json(paths)
        assert by_scan.get_column("name").equals(by_json.get_column("name"))
        assert (by_scan.get_column("screen_time") - by_json.get_column("screen_time")).abs().max() < 1e-6
        print(f"screen time per name, scan():         {lazy:7.2f} s   ({by_scan.height} names)")
        print(f"screen time per name, vm.load each:   {eager:7.2f} s   ({eager / lazy:.0f}x slower)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
