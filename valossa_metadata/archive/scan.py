"""``scan()``: lazy polars frames over an archive dataset, with the in-memory tables' schemas."""

from __future__ import annotations

import os

import polars as pl

from valossa_metadata.archive.convert import ARCHIVE_TABLES, archive_schema
from valossa_metadata.archive.layout import PART_FILE, table_dir

__all__ = ["scan", "scan_table"]


def scan(out_dir: str | os.PathLike[str]) -> dict[str, pl.LazyFrame]:
    """Table name -> ``LazyFrame`` over the whole dataset, every query of one result's tables works on it.

    Each frame has ``job_id`` and ``source`` (String) in front, then the columns of
    ``vm.TABLE_SCHEMAS[name]``; a table without any file yet is an empty frame with that schema.

    Examples:
        >>> import tempfile
        >>> frames = scan(tempfile.mkdtemp())
        >>> frames["faces"].collect_schema().names()[:3]
        ['job_id', 'source', 'detection_id']
    """
    return {name: scan_table(out_dir, name) for name in ARCHIVE_TABLES}


def scan_table(out_dir: str | os.PathLike[str], table: str) -> pl.LazyFrame:
    """One table of the dataset as a ``LazyFrame`` (see :func:`scan`).

    Examples:
        >>> import tempfile
        >>> scan_table(tempfile.mkdtemp(), "shots").collect().height
        0
    """
    schema = archive_schema(table)
    folder = table_dir(out_dir, table)
    pattern = f"job_id=*/{PART_FILE}"
    if not any(folder.glob(pattern)):
        return pl.LazyFrame(schema=schema)
    file_schema = {name: dtype for name, dtype in schema.items() if name != "job_id"}
    frame = pl.scan_parquet(
        folder / pattern,
        hive_partitioning=True,
        hive_schema={"job_id": pl.String()},
        try_parse_hive_dates=False,
        schema=file_schema,
        missing_columns="insert",  # files written before a column was added read it as null
        extra_columns="ignore",
    )
    return frame.select(schema.names())
