"""Source tracking: which source file (path, size, modification time, content hash) became which job.

The dataset's ``_sources`` Delta table has one row per source file that a convert read: a converted
result (with its ``job_id`` and rows per table) or a file that holds no job of its own (``job_id``
null, ``reason`` saying why: a side file, a copy of another file's result). A rerun compares size
and modification time first, then the content hash, so unchanged files are not even read.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import datetime
from typing import Any

import msgspec
import polars as pl

from valossa_metadata.archive.convert import ARCHIVE_TABLES
from valossa_metadata.archive.delta import open_table, write_rows
from valossa_metadata.archive.layout import SOURCES_TABLE

__all__ = ["MANIFEST_SCHEMA", "SOURCES_SCHEMA", "Record", "read_manifest", "read_records", "write_records"]

#: The ``_sources`` table.
SOURCES_SCHEMA = pl.Schema(
    {
        "source": pl.String(),
        "job_id": pl.String(),
        "sha256": pl.String(),
        "size": pl.Int64(),
        "mtime_ns": pl.Int64(),
        "format_version": pl.String(),
        "reason": pl.String(),
        "converted_at": pl.Datetime("us", "UTC"),
        "rows": pl.Struct({name: pl.Int64() for name in ARCHIVE_TABLES}),
        "toolkit_version": pl.String(),
    }
)

#: :func:`read_manifest`: one row per job in the dataset.
MANIFEST_SCHEMA = pl.Schema(
    {name: dtype for name, dtype in SOURCES_SCHEMA.items() if name not in ("reason",)}
)


class Record(msgspec.Struct, frozen=True, gc=False):
    """One row of the sources table; ``job_id`` is ``None`` for a file that holds no job."""

    source: str
    job_id: str | None
    sha256: str
    size: int
    mtime_ns: int
    format_version: str | None
    reason: str | None
    converted_at: datetime
    rows: dict[str, int] | None
    toolkit_version: str


def read_records(out_dir: str | os.PathLike[str]) -> dict[str, Record]:
    """Source path -> :class:`Record`, for every source the dataset knows (empty for a new dataset).

    Examples:
        >>> import tempfile
        >>> read_records(tempfile.mkdtemp())
        {}
    """
    frame = _read(out_dir)
    columns = [frame.get_column(name).to_list() for name in SOURCES_SCHEMA.names()]
    return {values[0]: Record(*values) for values in zip(*columns)}


def write_records(
    out_dir: str | os.PathLike[str], records: Iterable[Record], *, replace: Iterable[str], batch: int
) -> None:
    """One commit to the sources table: drop the rows of the ``replace`` sources, add ``records``.

    Examples:
        >>> import tempfile
        >>> from datetime import timezone
        >>> out = tempfile.mkdtemp()
        >>> now = datetime.now(timezone.utc)
        >>> record = Record("a.json", None, "ab", 2, 3, None, "a side file", now, None, "1.0")
        >>> write_records(out, [record], replace=[], batch=1)
        >>> read_records(out)["a.json"].reason
        'a side file'
    """
    rows = list(records)
    frame = pl.DataFrame(
        {name: [getattr(r, name) for r in rows] for name in SOURCES_SCHEMA.names()}, schema=SOURCES_SCHEMA
    )
    write_rows(
        os.path.join(out_dir, SOURCES_TABLE),
        frame.to_arrow(),
        column="source",
        replace=set(replace),
        batch=batch,
    )


def read_manifest(out_dir: str | os.PathLike[str]) -> pl.DataFrame:
    """The jobs of a dataset, one row each: job_id, source, sha256, size, mtime_ns, rows per table, ...

    Files that hold no job are left out. The schema is :data:`MANIFEST_SCHEMA`.

    Examples:
        >>> import tempfile
        >>> read_manifest(tempfile.mkdtemp()).columns[:3]
        ['source', 'job_id', 'sha256']
    """
    frame = _read(out_dir).filter(pl.col("job_id").is_not_null())
    return frame.select(MANIFEST_SCHEMA.names()).sort("job_id")


def _read(out_dir: str | os.PathLike[str]) -> pl.DataFrame:
    table: Any = open_table(os.path.join(out_dir, SOURCES_TABLE))
    if table is None:
        return pl.DataFrame(schema=SOURCES_SCHEMA)
    frame = pl.from_arrow(table.to_pyarrow_table())
    assert isinstance(frame, pl.DataFrame)
    return frame.select(SOURCES_SCHEMA.names()).cast(SOURCES_SCHEMA)
