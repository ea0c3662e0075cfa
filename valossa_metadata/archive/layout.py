"""Where everything of an archive dataset lives on disk.

::

    OUT/
      <table>/                 one Delta Lake table per table name (detections, occurrences, ...)
      _sources/                a Delta table: which source file (path, size, time, hash) is which job
      _errors/errors.parquet   the results that currently fail: source, error, time, sha256
      _lock                    held while a convert, compact, vacuum or migrate writes the dataset

Every name starting with ``_`` is the toolkit's own; readers point at the table folders.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = [
    "ERRORS_FILE",
    "LOCK_FILE",
    "OLD_MANIFEST_FILE",
    "SOURCES_TABLE",
    "is_delta_table",
    "is_old_layout",
    "table_path",
]

SOURCES_TABLE = "_sources"
ERRORS_FILE = "_errors/errors.parquet"
LOCK_FILE = "_lock"
#: The journal of the first layout (one Parquet file per table per job), which ``migrate`` reads.
OLD_MANIFEST_FILE = "_manifest.jsonl"


def table_path(out_dir: str | os.PathLike[str], table: str) -> Path:
    """The folder of one Delta table of the dataset.

    Examples:
        >>> table_path("OUT", "faces").as_posix()
        'OUT/faces'
    """
    return Path(out_dir) / table


def is_delta_table(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` holds a Delta table (a ``_delta_log`` folder with at least one commit).

    Examples:
        >>> is_delta_table("sample_results")
        False
    """
    log = Path(path) / "_delta_log"
    return log.is_dir() and any(log.glob("*.json"))


def is_old_layout(out_dir: str | os.PathLike[str]) -> bool:
    """Whether ``out_dir`` was written by the first layout (``<table>/job_id=<id>/part-0.parquet``).

    Examples:
        >>> is_old_layout("sample_results")
        False
    """
    return (Path(out_dir) / OLD_MANIFEST_FILE).is_file()
