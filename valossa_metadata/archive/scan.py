"""``scan()``: lazy polars frames over an archive dataset, with the in-memory tables' schemas."""

from __future__ import annotations

import os

import polars as pl

from valossa_metadata.archive.convert import ARCHIVE_TABLES, archive_schema
from valossa_metadata.archive.layout import is_delta_table, table_path
from valossa_metadata.archive.storage import to_memory

__all__ = ["scan", "scan_table"]


def scan(out_dir: str | os.PathLike[str]) -> dict[str, pl.LazyFrame]:
    """Table name -> ``LazyFrame`` over the whole dataset, every query of one result's tables works on it.

    Each frame has ``job_id`` and ``source`` (String) in front, then the columns of
    ``vm.TABLE_SCHEMAS[name]``; a table that does not exist yet is an empty frame with that schema.
    The frames read the Delta tables with ``pl.scan_delta`` (the version current when scanned).

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
    path = table_path(out_dir, table)
    if not is_delta_table(path):
        return pl.LazyFrame(schema=archive_schema(table))
    return to_memory(pl.scan_delta(str(path)), table)
