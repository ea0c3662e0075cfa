"""Housekeeping of a dataset: compaction (and z-ordering) of small files, and vacuum of unused ones.

Every convert batch adds one data file per table, and replacing a job rewrites the files that held
it, so tables collect small files; compaction rewrites them into few large ones (a convert does it
by itself when a table has many). The files it replaces stay on disk, still part of older table
versions, until :func:`vacuum` deletes those older than the retention period.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from valossa_metadata.archive.convert import ARCHIVE_TABLES
from valossa_metadata.archive.delta import TARGET_FILE_BYTES, data_files, open_table, writer_properties
from valossa_metadata.archive.errors import ArchiveError
from valossa_metadata.archive.layout import SOURCES_TABLE, table_path
from valossa_metadata.archive.lock import dataset_lock, refuse_old_layout
from valossa_metadata.errors import UsageError

__all__ = ["DEFAULT_RETENTION_HOURS", "TableFiles", "compact", "compact_table", "vacuum"]

#: What ``vacuum`` keeps by default: files a table version of the last 7 days still needs (Delta's default).
DEFAULT_RETENTION_HOURS = 168
_TABLES = (*ARCHIVE_TABLES, SOURCES_TABLE)


@dataclass(frozen=True)
class TableFiles:
    """What housekeeping did to one table: data files before and after, files deleted from disk."""

    table: str
    before: int
    after: int
    deleted: int = 0

    def __str__(self) -> str:
        if self.deleted:
            return f"{self.table}: {self.deleted} unused files deleted"
        return f"{self.table}: {self.before} -> {self.after} data files"


def compact_table(table: Any, *, z_order: bool = False) -> None:
    """Rewrite a ``DeltaTable``'s small files into files of about 16 MB; ``z_order`` also clusters by job.

    Examples:
        >>> import tempfile, pyarrow as pa
        >>> from valossa_metadata.archive.delta import write_rows
        >>> path = tempfile.mkdtemp()
        >>> for batch, job in enumerate("abc", 1):
        ...     write_rows(path, pa.table({"job_id": [job]}), column="job_id", replace=(), batch=batch)
        >>> compact_table(open_table(path))
        >>> data_files(open_table(path))
        (1, 1)
    """
    if z_order:
        names = set(table.schema().to_arrow().names)
        columns = [c for c in ("job_id", "type") if c in names] or ["source"]
        table.optimize.z_order(columns, target_size=TARGET_FILE_BYTES, writer_properties=writer_properties())
    else:
        table.optimize.compact(target_size=TARGET_FILE_BYTES, writer_properties=writer_properties())


def compact(out_dir: str | os.PathLike[str], *, z_order: bool = False) -> list[TableFiles]:
    """Compact every table of a dataset (holding its lock); return the data files before and after.

    Examples:
        >>> import tempfile
        >>> import valossa_metadata as vm
        >>> out = tempfile.mkdtemp()
        >>> _ = vm.convert("sample_results/legacy_1_1_0_example.json", out, workers=1, progress=False)
        >>> print(compact(out)[0])
        detections: 1 -> 1 data files
    """
    _check(out_dir)
    done = []
    with dataset_lock(out_dir):
        for name in _TABLES:
            table = open_table(table_path(out_dir, name))
            if table is None:
                continue
            before = data_files(table)[0]
            if before > 1 or z_order:
                compact_table(table, z_order=z_order)
                table = open_table(table_path(out_dir, name))
            done.append(TableFiles(name, before, data_files(table)[0]))
    return done


def vacuum(
    out_dir: str | os.PathLike[str],
    *,
    retention_hours: int = DEFAULT_RETENTION_HOURS,
    dry_run: bool = False,
) -> list[TableFiles]:
    """Delete data files that no table version of the last ``retention_hours`` needs.

    Readers of an older version (time travel, a long query started before a compaction) need the
    files of that version, hence the default of 7 days. ``dry_run`` only counts them.

    Examples:
        >>> import tempfile
        >>> import valossa_metadata as vm
        >>> out = tempfile.mkdtemp()
        >>> _ = vm.convert("sample_results/legacy_1_1_0_example.json", out, workers=1, progress=False)
        >>> print(vacuum(out)[0])
        detections: 1 -> 1 data files
    """
    if retention_hours < 0:
        raise UsageError(f"retention_hours must not be negative, got {retention_hours}")
    _check(out_dir)
    done = []
    with dataset_lock(out_dir):
        for name in _TABLES:
            table = open_table(table_path(out_dir, name))
            if table is None:
                continue
            files = data_files(table)[0]
            deleted = table.vacuum(
                retention_hours=retention_hours, dry_run=dry_run, enforce_retention_duration=False
            )
            done.append(TableFiles(name, files, files, len(deleted)))
    return done


def _check(out_dir: str | os.PathLike[str]) -> None:
    refuse_old_layout(out_dir)
    if open_table(table_path(out_dir, SOURCES_TABLE)) is None:
        raise ArchiveError(f"{out_dir}: not a dataset written by 'valossa-metadata convert'")
