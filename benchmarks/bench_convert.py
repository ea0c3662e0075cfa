"""Archive benchmarks: conversion speed, and the Delta tables at 10,000 and 100,000 jobs.

Usage: ``python benchmarks/bench_convert.py [--jobs 10000] [--distinct 300] [--seconds 30]
[--throughput-files 20] [--throughput-minutes 30] [--workers 2] [--repeat 3] [--replicate]``

Makes ``--distinct`` synthetic current-format results of ``--seconds`` each (compact JSON) and
writes ``--jobs`` files from them, each with a job id of its own. Prints medians of ``--repeat``:

* convert throughput with 1 worker and with ``--workers`` over ``--throughput-files`` results of
  ``--throughput-minutes`` each, as MB/s of JSON and as a ratio to ``json.loads`` of the same
  bytes in this process;
* the convert of the whole archive (``--workers``): time, commits, data files per table;
* an unchanged rerun: time, and that it made no commit;
* screen time per label over the archive (union of each label's occurrences per job, summed over
  the jobs) on the Delta table, against the same query on one compacted Parquet file;
* replacing one job (one changed file, then a rerun).

``--replicate`` builds the archive without converting every file: the distinct results are
converted once and their tables committed again under new job ids, through the same batches
(for 100,000 jobs, where converting every file would take an hour here); the unchanged rerun is
then skipped, as the files are never written.
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
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import polars as pl

from valossa_metadata._intervals import union_duration
from valossa_metadata.archive import ARCHIVE_TABLES, convert, convert_result, scan
from valossa_metadata.archive.delta import data_files, open_table
from valossa_metadata.archive.layout import table_path
from valossa_metadata.archive.storage import to_storage
from valossa_metadata.archive.store import ArchiveWriter
from valossa_metadata.archive.tracking import Record
from valossa_metadata.testing import synthetic


def distinct_results(count: int, seconds: float) -> list[bytes]:
    docs = [synthetic.core_metadata(seconds, seed=seed) for seed in range(count)]
    return [json.dumps(doc, separators=(",", ":")).encode() for doc in docs]


def job_id(number: int) -> str:
    return f"bench-{number:08d}-0000-0000-0000-000000000000"


def with_job_id(data: bytes, number: int) -> bytes:
    doc = json.loads(data)
    doc["job_info"]["job_id"] = job_id(number)
    return json.dumps(doc, separators=(",", ":")).encode()


def write_archive(folder: Path, distinct: list[bytes], jobs: int) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    size = 0
    for number in range(jobs):
        data = with_job_id(distinct[number % len(distinct)], number)
        (folder / f"{number // 1000:03d}").mkdir(exist_ok=True)
        (folder / f"{number // 1000:03d}" / f"result-{number:06d}.json").write_bytes(data)
        size += len(data)
    return size


def replicate(out: Path, distinct: list[bytes], jobs: int) -> None:
    """Commit ``jobs`` jobs made of the distinct results' tables under new ids, in convert's batches."""
    import pyarrow as pa

    results = [convert_result(data, f"distinct-{n}.json") for n, data in enumerate(distinct)]
    stored = [{name: to_storage(frame, name) for name, frame in r.tables.items()} for r in results]
    with ArchiveWriter(out, total=jobs, progress=False) as writer:
        for number in range(jobs):
            result, tables = results[number % len(results)], stored[number % len(results)]
            new_id, source = job_id(number), f"/replicated/result-{number:06d}.json"
            renamed = {
                name: table.set_column(
                    0, "job_id", pa.array([new_id] * table.num_rows, table.schema.field("job_id").type)
                ).set_column(
                    1, "source", pa.array([source] * table.num_rows, table.schema.field("source").type)
                )
                for name, table in tables.items()
            }
            record = Record(source, new_id, result.sha256, 0, 0, result.format_version, None,
                            _utc_now(), result.rows, "bench")  # fmt: skip
            writer.add_job(record, renamed)
            writer.flush_when_full()


def _utc_now() -> datetime:
    return datetime.now(timezone.utc)


def screen_time_per_label(occurrences: pl.LazyFrame) -> pl.DataFrame:
    spans = occurrences.select("job_id", "label", "start", "end")
    per_job = union_duration(spans, ["job_id", "label"])
    return per_job.group_by("label").agg(pl.col("screen_time").sum()).sort("label")


def median(action: Callable[[], object], repeat: int, before: Callable[[], object] | None = None) -> float:
    timings = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def files_per_table(out: Path) -> dict[str, int]:
    return {name: data_files(open_table(table_path(out, name)))[0] for name in ARCHIVE_TABLES}


def commits(out: Path) -> int:
    return sum(len(list(log.glob("*.json"))) for log in out.glob("*/_delta_log"))


def throughput(root: Path, args: argparse.Namespace) -> None:
    sample = root / "sample"
    long = distinct_results(args.throughput_files, args.throughput_minutes * 60)
    size = write_archive(sample, long, args.throughput_files)
    del long
    paths = sorted(sample.rglob("*.json"))
    loads = median(lambda: [json.loads(p.read_bytes()) for p in paths], args.repeat)
    print(
        f"throughput corpus: {len(paths)} files, {size / 1e6:.1f} MB; "
        f"json.loads: {size / 1e6 / loads:.0f} MB/s"
    )
    for workers in sorted({1, args.workers}):
        target = root / f"throughput-{workers}"
        seconds = median(
            lambda: convert(sample, target, workers=workers, progress=False),  # noqa: B023
            args.repeat,
            before=lambda: shutil.rmtree(target, ignore_errors=True),  # noqa: B023
        )
        print(
            f"convert, {workers} worker(s): {len(paths) / seconds:6.1f} files/s  "
            f"{size / 1e6 / seconds:5.1f} MB/s"
            f"  ({seconds / loads:.2f} x json.loads)"
        )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--jobs", type=int, default=10_000)
    parser.add_argument("--distinct", type=int, default=300)
    parser.add_argument("--seconds", type=float, default=30.0, help="video length of each result")
    parser.add_argument("--throughput-files", type=int, default=20)
    parser.add_argument("--throughput-minutes", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--replicate", action="store_true")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bench_convert_") as tmp:
        root = Path(tmp)
        distinct = distinct_results(args.distinct, args.seconds)
        print(
            f"{args.distinct} distinct results of {args.seconds:g} s, "
            f"{statistics.mean(map(len, distinct)) / 1e3:.0f} KB each"
        )

        if args.throughput_files:
            throughput(root, args)
        out = root / "dataset"
        start = time.perf_counter()
        if args.replicate:
            replicate(out, distinct, args.jobs)
            how = "replicated"
        else:
            archive = root / "archive"
            size = write_archive(archive, distinct, args.jobs)
            start = time.perf_counter()
            summary = convert(archive, out, workers=args.workers, progress=False)
            assert summary.converted == args.jobs, summary
            how = f"converted, {size / 1e6:.0f} MB of JSON, {args.workers} workers"
        built = time.perf_counter() - start
        print(f"archive of {args.jobs} jobs ({how}): {built:.1f} s, {commits(out)} commits")
        print(f"data files per table: {files_per_table(out)}")

        if not args.replicate:
            logs = commits(out)
            rerun = median(lambda: convert(archive, out, workers=args.workers, progress=False), args.repeat)
            assert commits(out) == logs
            print(f"unchanged rerun: {rerun * 1000:.0f} ms, no commit")

        single = root / "one.parquet"
        scan(out)["occurrences"].collect().write_parquet(single)
        delta = median(lambda: screen_time_per_label(scan(out)["occurrences"]), args.repeat)
        one = median(lambda: screen_time_per_label(pl.scan_parquet(single)), args.repeat)
        a, b = screen_time_per_label(scan(out)["occurrences"]), screen_time_per_label(pl.scan_parquet(single))
        assert a.get_column("label").equals(b.get_column("label"))
        assert (a.get_column("screen_time") - b.get_column("screen_time")).abs().max() < 1e-6
        print(
            f"screen time per label: Delta {delta:.2f} s, one Parquet file {one:.2f} s: "
            f"{delta / one:.2f} x ({a.height} labels)"
        )

        timings = []
        for attempt in range(args.repeat):
            doc = json.loads(with_job_id(distinct[1], 1))
            next(iter(doc["detections"].values()))["label"] = f"changed {attempt}"
            if args.replicate:  # no archive on disk: a new file takes the job over
                target, sources = root / "changed.json", [root / "changed.json"]
            else:
                target, sources = archive / "000" / "result-000001.json", [archive]
            target.write_bytes(json.dumps(doc, separators=(",", ":")).encode())
            started = time.perf_counter()
            summary = convert(sources, out, workers=args.workers, progress=False)
            timings.append(time.perf_counter() - started)
            assert summary.converted == 1, summary
        print(f"replace one job (a rerun that finds one changed file): {statistics.median(timings):.2f} s")
        print(f"data files per table then: {files_per_table(out)}")
        on_disk = sum(p.stat().st_size for p in out.rglob("*.parquet")) / 1e6
        print(f"dataset on disk: {on_disk:.0f} MB of Parquet (older versions included)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
