"""The archive tables as stored in Delta Lake, and back to the in-memory schemas.

Delta Lake has no unsigned integers, so ``UInt32`` columns are stored as ``long`` (Int64) and cast
back by :func:`to_memory`; every other column is stored as it is in memory.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from valossa_metadata.archive.convert import archive_schema

__all__ = ["storage_schema", "to_memory", "to_storage"]

_UNSIGNED = (pl.UInt8, pl.UInt16, pl.UInt32, pl.UInt64)


def storage_schema(table: str) -> pl.Schema:
    """The schema of a table in Delta Lake: :func:`archive_schema` with unsigned integers as Int64.

    Examples:
        >>> storage_schema("detections")["occurrence_count"]
        Int64
    """
    return pl.Schema(
        {name: pl.Int64() if dtype in _UNSIGNED else dtype for name, dtype in archive_schema(table).items()}
    )


def to_storage(frame: pl.DataFrame, table: str) -> Any:
    """A table of :func:`~valossa_metadata.archive.convert_result` as a ``pyarrow.Table`` to store.

    Examples:
        >>> to_storage(pl.DataFrame(schema=pl.Schema(archive_schema("faces"))), "faces").num_rows
        0
    """
    return frame.cast(storage_schema(table)).to_arrow()


def to_memory(frame: pl.LazyFrame, table: str) -> pl.LazyFrame:
    """A stored table with the in-memory schema: its columns in order, cast back, missing ones null.

    A column added to a table since the dataset was written reads as null.

    Examples:
        >>> stored = pl.LazyFrame(schema=storage_schema("detections")).drop("label")
        >>> to_memory(stored, "detections").collect_schema()["occurrence_count"]
        UInt32
    """
    schema = archive_schema(table)
    present = set(frame.collect_schema().names())
    return frame.select(
        pl.col(name).cast(dtype) if name in present else pl.lit(None, dtype).alias(name)
        for name, dtype in schema.items()
    )
