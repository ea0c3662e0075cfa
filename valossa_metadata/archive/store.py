"""Committing outcomes to an archive dataset in batches: source tracking, replacing, pruning, errors.

Workers only turn files into Arrow tables; :class:`ArchiveWriter`, in the one process that drives a
run, gathers the outcomes into a batch (hundreds of jobs, bounded by memory) and commits it: one
Delta commit per table (the batch's new rows, and the removal of the rows of the jobs it replaces,
in one transaction), then one commit to the sources table. A run that dies loses at most its
uncommitted batch; the next run converts those files again, and deletes the rows of jobs that a
table received but the sources table never recorded (see :mod:`valossa_metadata.archive.delta`).
"""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import Any, TextIO

import msgspec
from tqdm import tqdm

from valossa_metadata._version import __version__
from valossa_metadata.archive.convert import ARCHIVE_TABLES
from valossa_metadata.archive.delta import batch_of, data_files, open_table, remove_orphans, write_rows
from valossa_metadata.archive.failures import Failure, read_errors, write_errors
from valossa_metadata.archive.layout import ERRORS_FILE, SOURCES_TABLE, is_delta_table, table_path
from valossa_metadata.archive.lock import dataset_lock, refuse_old_layout
from valossa_metadata.archive.tracking import Record, read_records, write_records
from valossa_metadata.archive.worker import Outcome, Task
from valossa_metadata.errors import UsageError

__all__ = ["BATCH_BYTES", "BATCH_JOBS", "COMPACT_AT_SMALL_FILES", "ArchiveWriter", "ConvertSummary"]

#: A batch is committed when it holds this many jobs ...
BATCH_JOBS = 500
#: ... or this many bytes of Arrow tables, whichever comes first.
BATCH_BYTES = 512 * 1024 * 1024
#: A convert compacts a table it wrote to when the table has this many small files or more.
COMPACT_AT_SMALL_FILES = 16


@dataclass(frozen=True)
class ConvertSummary:
    """The counts of a run; ``str()`` gives the one-line summary, ``ok`` is false when a file failed.

    ``skipped`` counts results that were read but not converted: side files (not Core metadata) and
    copies of a result already in the dataset from another file. ``removed`` counts jobs deleted
    because their file now holds another job, or (with ``prune``) because their file is gone.
    ``commits`` counts the Delta commits of the run (0 when nothing changed). ``failures`` are
    (source, error) pairs.

    Examples:
        >>> summary = ConvertSummary("OUT", total=3, converted=2, unchanged=0, skipped=0, failed=1)
        >>> print(summary)
        3 results: 2 converted, 0 unchanged, 0 skipped, 1 failed in 0.0 s -> OUT
        >>> summary.ok
        False
    """

    out_dir: str
    total: int
    converted: int
    unchanged: int
    skipped: int
    failed: int
    removed: int = 0
    seconds: float = 0.0
    failures: tuple[tuple[str, str], ...] = ()
    commits: int = 0

    @property
    def ok(self) -> bool:
        """True when no file failed."""
        return self.failed == 0

    def __str__(self) -> str:
        removed = f", {self.removed} removed" if self.removed else ""
        return (
            f"{self.total} results: {self.converted} converted, {self.unchanged} unchanged, "
            f"{self.skipped} skipped, {self.failed} failed{removed} in {self.seconds:.1f} s -> {self.out_dir}"
        )


class _Batch:
    """What the next commit writes: jobs' tables, jobs whose rows go, sources rows to write or drop."""

    def __init__(self) -> None:
        self.jobs: dict[str, dict[str, Any]] = {}
        self.gone: set[str] = set()  # job ids whose stored rows are deleted
        self.records: dict[str, Record] = {}
        self.dropped: set[str] = set()  # sources whose row is deleted
        self.nbytes = 0

    def __bool__(self) -> bool:
        return bool(self.jobs or self.gone or self.records or self.dropped)


class ArchiveWriter:
    """Owns a dataset folder for one run: plans tasks, commits their outcomes in batches, reports.

    Use it as a context manager: entering refuses an old layout, takes the lock and cleans up after
    an interrupted run; leaving commits the last batch, prunes (``prune=True``: jobs whose source
    file is gone), writes the error table and compacts tables with many small files.

    Examples:
        >>> import tempfile
        >>> from valossa_metadata.archive.worker import run_task
        >>> out = tempfile.mkdtemp()
        >>> with ArchiveWriter(out, total=1, progress=False) as writer:
        ...     task = writer.plan("sample_results/legacy_1_1_0_example.json")
        ...     writer.commit(run_task(task))
        >>> print(writer.summary().converted, writer.summary().commits)
        1 9
    """

    def __init__(
        self,
        out_dir: str | os.PathLike[str],
        *,
        total: int,
        progress: bool = True,
        prune: bool = False,
        batch_jobs: int = BATCH_JOBS,
        batch_bytes: int = BATCH_BYTES,
        stderr: TextIO | None = None,
    ) -> None:
        if batch_jobs < 1:
            raise UsageError(f"batch_jobs must be at least 1, got {batch_jobs}")
        self.out = Path(out_dir)
        self._total = total
        self._progress = progress
        self._prune = prune
        self._batch_jobs = batch_jobs
        self._batch_bytes = batch_bytes
        self._stderr = stderr
        self._counts = dict.fromkeys(("converted", "unchanged", "skipped", "failed", "removed"), 0)
        self._run_failures: dict[str, str] = {}
        self._started = time.perf_counter()
        self.records: dict[str, Record] = {}
        self.jobs: dict[str, str] = {}  # job_id -> source
        self._errors: dict[str, Failure] = {}
        self._errors_changed = False
        self._batch = _Batch()
        self._batch_number = 0
        self._commits = 0
        self._written: set[str] = set()
        self._stored: set[str] = set()  # the sources that have a row in the sources table
        self._stack = ExitStack()

    # ---- opening and closing ----------------------------------------------------------------

    def __enter__(self) -> ArchiveWriter:
        refuse_old_layout(self.out)
        self.out.mkdir(parents=True, exist_ok=True)
        self._stack.enter_context(dataset_lock(self.out))
        try:
            self.records = read_records(self.out)
            self.jobs = {r.job_id: s for s, r in self.records.items() if r.job_id is not None}
            self._stored = set(self.records)
            self._batch_number = self._recover()
            self._errors = {
                row["source"]: Failure(**row) for row in read_errors(self.out).iter_rows(named=True)
            }
        except BaseException:
            self._stack.close()
            raise
        self._bar = self._stack.enter_context(
            tqdm(total=self._total, disable=not self._progress, file=sys.stderr, unit="file", desc="convert")
        )
        self._started = time.perf_counter()
        return self

    def _recover(self) -> int:
        """Remove rows of jobs committed to a table by a run that died before recording them."""
        recorded = batch_of(open_table(self.out / SOURCES_TABLE))
        latest = recorded
        for name in ARCHIVE_TABLES:
            path = table_path(self.out, name)
            table_batch = batch_of(open_table(path))
            if table_batch > recorded:
                remove_orphans(path, self.jobs, table_batch)
            latest = max(latest, table_batch)
        return latest

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        with self._stack:
            if exc is None:
                if self._prune:
                    self._prune_gone()
                self.flush()
                self._compact_small_files()
            current = [f for f in self._errors.values() if os.path.exists(f.source)]
            missing = not (self.out / ERRORS_FILE).exists()
            if self._errors_changed or len(current) != len(self._errors) or missing:
                write_errors(self.out, current)

    # ---- planning and committing ------------------------------------------------------------

    def plan(self, source: str) -> Task | None:
        """The task for a source, or ``None`` when its size and modification time say it is unchanged."""
        known = self.records.get(source)
        if known is not None and _same_stat(source, known.size, known.mtime_ns):
            self._done(source, "unchanged" if known.job_id is not None else "skipped")
            return None
        return Task(source, known.sha256 if known is not None and known.job_id is not None else None)

    def commit(self, outcome: Outcome) -> None:
        """Take one outcome into the batch (committing the batch when it is full), or note the failure."""
        if outcome.status == "failed":
            self._fail(outcome.source, outcome.message, outcome.sha256)
        elif outcome.status == "ignored":
            self._release_job(outcome.source)  # the file no longer holds Core metadata
            self._skip(outcome, outcome.message)
        elif outcome.status == "unchanged":
            known = self.records[outcome.source]  # "unchanged" only against a known hash
            self._record(msgspec.structs.replace(known, size=outcome.size, mtime_ns=outcome.mtime_ns))
            self._done(outcome.source, "unchanged")
        else:
            self._take(outcome)
        self.flush_when_full()

    def flush_when_full(self) -> None:
        """Commit the batch if it holds enough jobs or bytes."""
        if len(self._batch.jobs) >= self._batch_jobs or self._batch.nbytes >= self._batch_bytes:
            self.flush()

    def _take(self, outcome: Outcome) -> None:
        job_id = outcome.job_id
        holder = self.jobs.get(job_id)
        if holder is not None and holder != outcome.source and os.path.exists(holder):
            if self.records[holder].sha256 == outcome.sha256:
                reason = f"the same result as {holder} (job {job_id})"
                self._say(f"skipped: {outcome.source}: {reason}")
                self._skip(outcome, reason)
            else:
                message = f"job {job_id} is already in the dataset from {holder}, with other content"
                self._fail(outcome.source, message, outcome.sha256)
            return
        if holder is not None:
            self._batch.gone.add(job_id)  # replaced by the new rows, in the same commit
            if holder != outcome.source:  # the file was moved: it takes its job along
                self._drop_record(holder)
        self._release_job(outcome.source, keep=job_id)
        record = Record(
            source=outcome.source,
            job_id=job_id,
            sha256=outcome.sha256 or "",
            size=outcome.size,
            mtime_ns=outcome.mtime_ns,
            format_version=outcome.format_version,
            reason=None,
            converted_at=datetime.now(timezone.utc),
            rows=outcome.rows,
            toolkit_version=__version__,
        )
        self.add_job(record, outcome.tables)

    def add_job(self, record: Record, tables: dict[str, Any]) -> None:
        """Put a job's stored tables (table name -> ``pyarrow.Table``) and its record in the batch.

        The caller has made sure that no other source holds the job (``migrate`` uses this directly).
        """
        assert record.job_id is not None
        self._batch.jobs[record.job_id] = tables
        self._batch.nbytes += sum(int(table.nbytes) for table in tables.values())
        self.jobs[record.job_id] = record.source
        self._record(record)
        self._done(record.source, "converted")

    def add_record(self, record: Record) -> None:
        """Record a source that holds no job (``migrate`` uses this for the skipped files)."""
        self._record(record)
        self._done(record.source, "skipped")

    def keep_failures(self, failures: list[Failure]) -> None:
        """Add failures of an earlier run to the error table (``migrate`` uses this)."""
        for failure in failures:
            self._errors[failure.source] = failure
        self._errors_changed = True

    def _release_job(self, source: str, keep: str | None = None) -> None:
        """Remove the job ``source`` held, unless it is ``keep``."""
        previous = self.records.get(source)
        if previous is None or previous.job_id is None or previous.job_id == keep:
            return
        self._remove_job(previous.job_id)

    def _remove_job(self, job_id: str) -> None:
        self._batch.gone.add(job_id)
        self._batch.jobs.pop(job_id, None)
        self.jobs.pop(job_id, None)
        self._counts["removed"] += 1

    def _skip(self, outcome: Outcome, reason: str) -> None:
        now = datetime.now(timezone.utc)
        sha = outcome.sha256 or ""
        record = Record(
            outcome.source, None, sha, outcome.size, outcome.mtime_ns, None, reason, now, None, __version__
        )
        self._record(record)
        self._done(outcome.source, "skipped")

    def _record(self, record: Record) -> None:
        self.records[record.source] = record
        self._batch.records[record.source] = record
        self._batch.dropped.discard(record.source)

    def _drop_record(self, source: str) -> None:
        self.records.pop(source, None)
        self._batch.records.pop(source, None)
        self._batch.dropped.add(source)

    def _prune_gone(self) -> None:
        for source, record in list(self.records.items()):
            if not os.path.exists(source):
                if record.job_id is not None and self.jobs.get(record.job_id) == source:
                    self._remove_job(record.job_id)
                self._drop_record(source)

    def flush(self) -> None:
        """Commit the batch: every table that changes, then the sources table."""
        batch = self._batch
        if not batch:
            return
        import pyarrow as pa  # type: ignore[import-untyped]

        self._batch_number += 1
        replace = batch.gone | batch.jobs.keys() if batch.gone else set()
        writes = []
        for name in ARCHIVE_TABLES:
            parts = [tables[name] for tables in batch.jobs.values()]
            data = pa.concat_tables(parts) if parts else None
            path = table_path(self.out, name)
            if (data is None or data.num_rows == 0) and not batch.gone and is_delta_table(path):
                continue
            writes.append((name, path, data if data is not None else _empty(name)))

        def write(name: str, path: Path, data: Any) -> None:
            write_rows(path, data, column="job_id", replace=replace, batch=self._batch_number)

        # delta-rs works outside the GIL: the tables' commits run side by side
        with ThreadPoolExecutor(max_workers=max(1, len(writes))) as pool:
            for future in [pool.submit(write, *item) for item in writes]:
                future.result()
        self._commits += len(writes)
        self._written.update(name for name, _, _ in writes)
        known = {r.source for r in batch.records.values()} | batch.dropped
        write_records(
            self.out,
            batch.records.values(),
            replace=known if any(s in self._stored for s in known) else (),
            batch=self._batch_number,
        )
        self._commits += 1
        self._stored = (self._stored | batch.records.keys()) - batch.dropped
        self._batch = _Batch()

    def _compact_small_files(self) -> None:
        from valossa_metadata.archive.housekeeping import compact_table

        for name in sorted(self._written):
            table = open_table(table_path(self.out, name))
            if data_files(table)[1] >= COMPACT_AT_SMALL_FILES:
                compact_table(table)
                self._commits += 1

    # ---- reporting --------------------------------------------------------------------------

    def _done(self, source: str, kind: str) -> None:
        self._counts[kind] += 1
        if self._errors.pop(source, None) is not None:
            self._errors_changed = True
        self._bar.update()

    def _fail(self, source: str, message: str, sha256: str | None) -> None:
        self._counts["failed"] += 1
        self._run_failures[source] = message
        previous = self._errors.get(source)
        if previous is None or (previous.error, previous.sha256) != (message, sha256):
            self._errors[source] = Failure(source, message, datetime.now(timezone.utc), sha256)
            self._errors_changed = True
        self._say(f"failed: {source}: {message}")
        self._bar.update()

    def _say(self, message: str) -> None:
        tqdm.write(message, file=self._stderr or sys.stderr)

    def summary(self) -> ConvertSummary:
        """The counts so far."""
        return ConvertSummary(
            out_dir=str(self.out),
            total=self._total,
            seconds=time.perf_counter() - self._started,
            converted=self._counts["converted"],
            unchanged=self._counts["unchanged"],
            skipped=self._counts["skipped"],
            failed=self._counts["failed"],
            removed=self._counts["removed"],
            failures=tuple(self._run_failures.items()),
            commits=self._commits,
        )


def _empty(table: str) -> Any:
    import polars as pl

    from valossa_metadata.archive.storage import storage_schema

    return pl.DataFrame(schema=storage_schema(table)).to_arrow()


def _same_stat(source: str, size: int, mtime_ns: int) -> bool:
    try:
        stat = os.stat(source)
    except OSError:
        return False  # the task reports it
    return (stat.st_size, stat.st_mtime_ns) == (size, mtime_ns)
