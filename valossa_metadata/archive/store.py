"""Committing outcomes to an archive dataset: the lock, crash recovery, the manifest and the error table.

Workers only write staging files; :class:`ArchiveWriter`, in the one process that drives a run,
moves a job's files into place and records it, one job at a time, so the dataset is consistent
whatever engine ran the work. The order of a commit: ``begin`` in the journal, rename every table's
file into place, ``add`` in the journal. A crash anywhere in between leaves a ``begin`` without an
``add``; the next run deletes that job's files and converts it again.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from types import TracebackType
from typing import IO, TextIO, cast

import msgspec
import polars as pl
from tqdm import tqdm

from valossa_metadata._version import __version__
from valossa_metadata.archive.convert import ARCHIVE_TABLES
from valossa_metadata.archive.errors import ArchiveError
from valossa_metadata.archive.failures import Failure, read_errors, write_errors
from valossa_metadata.archive.layout import LOCK_FILE, MANIFEST_FILE, STAGING_DIR, job_dir, job_file
from valossa_metadata.archive.manifest import Entry, Journal, Skip, compact, read_journal
from valossa_metadata.archive.worker import Outcome, Task, write_staged

__all__ = ["ArchiveWriter", "ConvertSummary"]


@dataclass(frozen=True)
class ConvertSummary:
    """The counts of a run; ``str()`` gives the one-line summary, ``ok`` is false when a file failed.

    ``skipped`` counts results that were read but not converted: side files (not Core metadata) and
    copies of a result already in the dataset from another file. ``removed`` counts jobs deleted
    because their file now holds another job. ``failures`` are (source, error) pairs.

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


class ArchiveWriter:
    """Owns a dataset folder for one run: plans tasks, commits their outcomes, reports progress.

    Use it as a context manager; entering takes the lock and recovers from an interrupted run,
    leaving writes the error table and compacts the manifest. ``stage_on_workers=False`` makes
    tasks return their tables (Arrow) for the writer to stage itself.

    Examples:
        >>> import tempfile
        >>> from valossa_metadata.archive.worker import run_task
        >>> out = tempfile.mkdtemp()
        >>> with ArchiveWriter(out, total=1, progress=False) as writer:
        ...     task = writer.plan("sample_results/legacy_1_1_0_example.json")
        ...     writer.commit(run_task(task))
        >>> print(writer.summary().converted)
        1
    """

    _lock: IO[bytes]  # held from __enter__ to __exit__

    def __init__(
        self,
        out_dir: str | os.PathLike[str],
        *,
        total: int,
        progress: bool = True,
        stage_on_workers: bool = True,
        stderr: TextIO | None = None,
    ) -> None:
        self.out = Path(out_dir)
        self._total = total
        self._progress = progress
        self._stage_on_workers = stage_on_workers
        self._stderr = stderr
        self._counts = dict.fromkeys(("converted", "unchanged", "skipped", "failed", "removed"), 0)
        self._run_failures: dict[str, str] = {}
        self._started = time.perf_counter()
        self.jobs: dict[str, Entry] = {}
        self._skipped: dict[str, Skip] = {}
        self._by_source: dict[str, str] = {}
        self._errors: dict[str, Failure] = {}
        self._journal_lines = 0

    # ---- opening and closing ----------------------------------------------------------------

    def __enter__(self) -> ArchiveWriter:
        self.out.mkdir(parents=True, exist_ok=True)
        self._lock = _acquire_lock(self.out / LOCK_FILE)
        try:
            staging = self.out / STAGING_DIR
            shutil.rmtree(staging, ignore_errors=True)  # leftovers of an interrupted run
            staging.mkdir()
            state = read_journal(self.out / MANIFEST_FILE)
            self._journal = Journal(self.out / MANIFEST_FILE)
            for job_id in state.unfinished:
                self._delete_files(job_id)
                self._journal.remove(job_id)
            self.jobs = state.jobs
            self._skipped = state.skipped
            self._by_source = {entry.source: entry.job_id for entry in self.jobs.values()}
            self._journal_lines = state.lines + len(state.unfinished)
            self._errors = {
                row["source"]: Failure(**row) for row in read_errors(self.out).iter_rows(named=True)
            }
        except BaseException:
            self._release()
            raise
        self._bar = tqdm(
            total=self._total, disable=not self._progress, file=sys.stderr, unit="file", desc="convert"
        )
        self._started = time.perf_counter()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self._bar.close()
        try:
            write_errors(self.out, [f for f in self._errors.values() if os.path.exists(f.source)])
            # After an exception the journal may hold a begin that memory does not: keep it as it is.
            lines = self._journal_lines + self._journal.lines_written
            live: list[Entry | Skip] = [*self.jobs.values(), *self._skipped.values()]
            if exc is None and lines != len(live):
                self._journal.close()
                compact(self.out / MANIFEST_FILE, live)
        finally:
            self._journal.close()
            shutil.rmtree(self.out / STAGING_DIR, ignore_errors=True)
            self._release()

    def _release(self) -> None:
        self._lock.close()

    # ---- planning and committing ------------------------------------------------------------

    def plan(self, source: str) -> Task | None:
        """The task for a source, or ``None`` when its size and modification time say it is unchanged."""
        job_id = self._by_source.get(source)
        entry = self.jobs[job_id] if job_id is not None else None
        known = entry or self._skipped.get(source)
        if known is not None and _same_stat(source, known.size, known.mtime_ns):
            self._done(source, "unchanged" if entry is not None else "skipped")
            return None
        staging = str(self.out / STAGING_DIR / uuid.uuid4().hex) if self._stage_on_workers else None
        return Task(source, entry.sha256 if entry is not None else None, staging)

    def commit(self, outcome: Outcome) -> None:
        """Record one outcome: move a converted job's files into place, or note the failure."""
        if outcome.status == "failed":
            self._fail(outcome.source, outcome.message, outcome.sha256)
        elif outcome.status == "ignored":
            previous = self._by_source.get(outcome.source)
            if previous is not None:
                self._remove_job(previous)  # the file no longer holds Core metadata
            self._skip(outcome, outcome.message)
        elif outcome.status == "unchanged":
            self._refresh(outcome)
            self._done(outcome.source, "unchanged")
        else:
            self._commit_converted(outcome)

    def _commit_converted(self, outcome: Outcome) -> None:
        staging = self._staged(outcome)
        job_id = outcome.job_id
        holder = self.jobs.get(job_id)
        if holder is not None and holder.source != outcome.source and os.path.exists(holder.source):
            shutil.rmtree(staging, ignore_errors=True)
            if holder.sha256 == outcome.sha256:
                reason = f"the same result as {holder.source} (job {job_id})"
                self._say(f"skipped: {outcome.source}: {reason}")
                self._skip(outcome, reason)
            else:
                message = f"job {job_id} is already in the dataset from {holder.source}, with other content"
                self._fail(outcome.source, message, outcome.sha256)
            return
        self._journal.begin(job_id)
        for table in ARCHIVE_TABLES:
            target = job_file(self.out, table, job_id)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(staging / f"{table}.parquet", target)
        entry = Entry(
            job_id=job_id,
            source=outcome.source,
            sha256=outcome.sha256 or "",
            size=outcome.size,
            mtime_ns=outcome.mtime_ns,
            format_version=outcome.format_version,
            converted_at=datetime.now(timezone.utc).isoformat(),
            rows=outcome.rows,
            toolkit_version=__version__,
        )
        self._journal.add(entry)
        staging.rmdir()
        previous = self._by_source.get(outcome.source)
        if holder is not None:
            self._by_source.pop(holder.source, None)  # the job's file moved
        self.jobs.pop(job_id, None)
        self.jobs[job_id] = entry
        self._by_source[outcome.source] = job_id
        self._skipped.pop(outcome.source, None)
        if previous is not None and previous != job_id:
            self._remove_job(previous)  # the file now holds another job
        self._done(outcome.source, "converted")

    def _staged(self, outcome: Outcome) -> Path:
        if outcome.staging is not None:
            return Path(outcome.staging)
        folder = self.out / STAGING_DIR / uuid.uuid4().hex
        tables = {name: cast(pl.DataFrame, pl.from_arrow(t)) for name, t in (outcome.tables or {}).items()}
        write_staged(tables, folder)
        return folder

    def _refresh(self, outcome: Outcome) -> None:
        """Same content, new size or time: record them so that the next run need not read the file."""
        job_id = self._by_source[outcome.source]  # a task is "unchanged" only against a known hash
        fresh = msgspec.structs.replace(self.jobs[job_id], size=outcome.size, mtime_ns=outcome.mtime_ns)
        self._journal.add(fresh)
        self.jobs[job_id] = fresh

    def _skip(self, outcome: Outcome, reason: str) -> None:
        skip = Skip(outcome.source, outcome.sha256 or "", outcome.size, outcome.mtime_ns, reason)
        self._journal.skip(skip)
        self._skipped[outcome.source] = skip
        self._done(outcome.source, "skipped")

    def _remove_job(self, job_id: str) -> None:
        self._journal.begin(job_id)
        self._delete_files(job_id)
        self._journal.remove(job_id)
        entry = self.jobs.pop(job_id)
        if self._by_source.get(entry.source) == job_id:
            del self._by_source[entry.source]
        self._counts["removed"] += 1

    def _delete_files(self, job_id: str) -> None:
        for table in ARCHIVE_TABLES:
            folder = job_dir(self.out, table, job_id)
            if folder.exists():
                shutil.rmtree(folder)

    # ---- reporting --------------------------------------------------------------------------

    def _done(self, source: str, kind: str) -> None:
        self._counts[kind] += 1
        self._errors.pop(source, None)
        self._bar.update()

    def _fail(self, source: str, message: str, sha256: str | None) -> None:
        self._counts["failed"] += 1
        self._run_failures[source] = message
        self._errors[source] = Failure(source, message, datetime.now(timezone.utc), sha256)
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
        )


def _same_stat(source: str, size: int, mtime_ns: int) -> bool:
    try:
        stat = os.stat(source)
    except OSError:
        return False  # the task reports it
    return (stat.st_size, stat.st_mtime_ns) == (size, mtime_ns)


def _acquire_lock(path: Path) -> IO[bytes]:
    """Hold an advisory lock on ``path`` until the returned file is closed (released by a crash, too)."""
    handle = open(path, "a+b")  # noqa: SIM115 -- returned open, closed by the caller
    try:
        import fcntl
    except ImportError:  # pragma: no cover -- Windows has no flock; one run at a time is up to you
        return handle
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        handle.close()
        raise ArchiveError(f"{path.parent}: another convert is writing this dataset") from None
    return handle
