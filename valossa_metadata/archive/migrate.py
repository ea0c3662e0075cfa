"""``migrate()``: a dataset of the first layout (one Parquet file per table per job) into Delta tables.

The rows, the source tracking (path, size, modification time, content hash) and the error table are
carried over as they are, so a convert of the same sources afterwards finds everything unchanged.
The old dataset is only read, under its lock.
"""

from __future__ import annotations

import os
from datetime import datetime, timezone
from pathlib import Path

import polars as pl

from valossa_metadata._version import __version__
from valossa_metadata.archive.convert import ARCHIVE_TABLES
from valossa_metadata.archive.errors import ArchiveError
from valossa_metadata.archive.failures import Failure, read_errors
from valossa_metadata.archive.layout import is_old_layout
from valossa_metadata.archive.legacy import Entry, read_old_dataset, scan_old_table
from valossa_metadata.archive.lock import dataset_lock
from valossa_metadata.archive.storage import to_storage
from valossa_metadata.archive.store import BATCH_JOBS, ArchiveWriter, ConvertSummary
from valossa_metadata.archive.tracking import Record

__all__ = ["migrate"]


def migrate(
    old_dir: str | os.PathLike[str],
    new_dir: str | os.PathLike[str],
    *,
    progress: bool = True,
    batch_jobs: int = BATCH_JOBS,
) -> ConvertSummary:
    """Copy an old-layout dataset into a new Delta Lake dataset at ``new_dir`` (new or empty).

    The summary counts the jobs as ``converted`` and the files that held no job as ``skipped``.

    Examples:
        >>> import tempfile
        >>> try:
        ...     migrate("sample_results", tempfile.mkdtemp())
        ... except ArchiveError as exc:
        ...     print(exc)
        sample_results: not a dataset of the old layout (no _manifest.jsonl)
    """
    if not is_old_layout(old_dir):
        raise ArchiveError(f"{old_dir}: not a dataset of the old layout (no _manifest.jsonl)")
    new = Path(new_dir)
    if new.exists() and any(new.iterdir()):
        raise ArchiveError(f"{new_dir}: not empty; migrate into a new folder")
    with dataset_lock(old_dir):
        state = read_old_dataset(old_dir)
        entries = list(state.jobs.values())
        frames = {name: scan_old_table(old_dir, name) for name in ARCHIVE_TABLES}
        total = len(entries) + len(state.skipped)
        with ArchiveWriter(new, total=total, progress=progress, batch_jobs=batch_jobs) as writer:
            for start in range(0, len(entries), batch_jobs):
                chunk = entries[start : start + batch_jobs]
                ids = [entry.job_id for entry in chunk]
                parts = {
                    name: frames[name]
                    .filter(pl.col("job_id").is_in(ids))
                    .collect()
                    .partition_by("job_id", as_dict=True, maintain_order=True)
                    for name in ARCHIVE_TABLES
                }
                for entry in chunk:
                    tables = {
                        name: to_storage(
                            parts[name].get((entry.job_id,), frames[name].clear().collect()), name
                        )
                        for name in ARCHIVE_TABLES
                    }
                    writer.add_job(_record(entry), tables)
                writer.flush_when_full()
            for skip in state.skipped.values():
                writer.add_record(
                    Record(
                        skip.source,
                        None,
                        skip.sha256,
                        skip.size,
                        skip.mtime_ns,
                        None,
                        skip.reason,
                        _now(),
                        None,
                        __version__,
                    )
                )
            writer.keep_failures([Failure(**row) for row in read_errors(old_dir).iter_rows(named=True)])
    return writer.summary()


def _record(entry: Entry) -> Record:
    return Record(
        source=entry.source,
        job_id=entry.job_id,
        sha256=entry.sha256,
        size=entry.size,
        mtime_ns=entry.mtime_ns,
        format_version=entry.format_version,
        reason=None,
        converted_at=datetime.fromisoformat(entry.converted_at),
        rows={name: entry.rows.get(name, 0) for name in ARCHIVE_TABLES},
        toolkit_version=entry.toolkit_version,
    )


def _now() -> datetime:
    return datetime.now(timezone.utc)
