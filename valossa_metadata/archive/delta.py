"""The Delta Lake operations of the archive, through ``deltalake`` (delta-rs): one commit per call.

Every commit of a convert carries the transaction ``(APP_ID, batch)``: the tables are committed
before the sources table, so a table whose last batch is newer than the sources table's was
committed by a run that died before recording it, and its unrecorded jobs are removed
(:func:`remove_orphans`).
"""

from __future__ import annotations

import os
from collections.abc import Collection
from typing import Any

from valossa_metadata.archive.errors import ArchiveError
from valossa_metadata.archive.layout import is_delta_table

__all__ = [
    "APP_ID",
    "SMALL_FILE_BYTES",
    "TARGET_FILE_BYTES",
    "batch_of",
    "data_files",
    "in_list",
    "open_table",
    "remove_orphans",
    "write_rows",
    "writer_properties",
]

APP_ID = "valossa-metadata-convert"
#: A data file under this size is small: many of them make a table worth compacting.
SMALL_FILE_BYTES = 4 * 1024 * 1024
#: What compaction aims at: large enough for readers, small enough that replacing a job, which
#: rewrites the files that hold its rows, stays well under a second.
TARGET_FILE_BYTES = 16 * 1024 * 1024


def open_table(path: str | os.PathLike[str]) -> Any:
    """The ``DeltaTable`` at ``path``, or ``None`` when there is none yet.

    Examples:
        >>> open_table("sample_results") is None
        True
    """
    if not is_delta_table(path):
        return None
    from deltalake import DeltaTable

    return DeltaTable(str(path))


def batch_of(table: Any) -> int:
    """The last convert batch committed to a ``DeltaTable`` (0 for none or no table).

    Examples:
        >>> batch_of(None)
        0
    """
    if table is None:
        return 0
    return int(table.transaction_version(APP_ID) or 0)


def in_list(column: str, values: Collection[str]) -> str:
    """A SQL predicate ``column IN ('a', 'b')``, quotes doubled.

    Examples:
        >>> in_list("job_id", ["a", "o'k"])
        "job_id IN ('a', 'o''k')"
    """
    quoted = ", ".join("'" + value.replace("'", "''") + "'" for value in sorted(values))
    return f"{column} IN ({quoted})"


def write_rows(
    path: str | os.PathLike[str], data: Any, *, column: str, replace: Collection[str], batch: int
) -> None:
    """One commit: delete the rows whose ``column`` is in ``replace`` and add ``data`` (a pyarrow Table).

    Nothing to replace is a plain append; a table that does not exist yet is created. The rows of
    ``data`` must have their ``column`` value in ``replace`` too when ``replace`` is not empty.

    Examples:
        >>> import tempfile, pyarrow as pa
        >>> path = tempfile.mkdtemp()
        >>> write_rows(path, pa.table({"job_id": ["a", "b"]}), column="job_id", replace=(), batch=1)
        >>> write_rows(path, pa.table({"job_id": ["b"]}), column="job_id", replace=["a", "b"], batch=2)
        >>> open_table(path).to_pyarrow_table().column("job_id").to_pylist(), batch_of(open_table(path))
        (['b'], 2)
    """
    from deltalake import CommitProperties, Transaction, write_deltalake
    from deltalake.exceptions import DeltaError

    commit = CommitProperties(app_transactions=[Transaction(APP_ID, batch)])
    table = open_table(path)
    try:
        if replace and table is not None:
            if data.num_rows:
                write_deltalake(
                    table,
                    data,
                    mode="overwrite",
                    predicate=in_list(column, replace),
                    schema_mode="merge",
                    writer_properties=writer_properties(),
                    commit_properties=commit,
                )
            else:
                table.delete(in_list(column, replace), commit_properties=commit)
        else:
            write_deltalake(
                table if table is not None else str(path),
                data,
                mode="append",
                schema_mode="merge",
                writer_properties=writer_properties(),
                commit_properties=commit,
            )
    except DeltaError as exc:
        raise ArchiveError(f"{path}: the commit failed: {_one_line(exc)}") from None


def writer_properties() -> Any:
    """Parquet settings of every data file: zstd at level 1 (as small as level 3 here, twice as fast).

    Examples:
        >>> writer_properties().compression
        'ZSTD(1)'
    """
    from deltalake import WriterProperties

    return WriterProperties(compression="ZSTD", compression_level=1)


def remove_orphans(path: str | os.PathLike[str], known: Collection[str], batch: int) -> int:
    """Delete the rows of jobs not in ``known`` from the table at ``path``; return how many jobs.

    Examples:
        >>> import tempfile, pyarrow as pa
        >>> path = tempfile.mkdtemp()
        >>> write_rows(path, pa.table({"job_id": ["a", "b"]}), column="job_id", replace=(), batch=1)
        >>> remove_orphans(path, {"a"}, batch=1)
        1
    """
    import pyarrow.compute as pc  # type: ignore[import-untyped]
    from deltalake import CommitProperties, Transaction

    table = open_table(path)
    present = set(pc.unique(table.to_pyarrow_table(columns=["job_id"]).column("job_id")).to_pylist())
    orphans = present - set(known)
    if orphans:
        commit = CommitProperties(app_transactions=[Transaction(APP_ID, batch)])
        table.delete(in_list("job_id", orphans), commit_properties=commit)
    return len(orphans)


def data_files(table: Any) -> tuple[int, int]:
    """(data files, small data files) of a ``DeltaTable``'s current version (0, 0 for no table).

    Examples:
        >>> data_files(None)
        (0, 0)
    """
    if table is None:
        return 0, 0
    sizes = table.get_add_actions(flatten=True).column("size_bytes").to_pylist()
    return len(sizes), sum(1 for size in sizes if size < SMALL_FILE_BYTES)


def _one_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
