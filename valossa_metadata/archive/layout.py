"""Where everything of an archive dataset lives on disk.

::

    OUT/
      <table>/job_id=<id>/part-0.parquet   one file per table per job, empty tables included
      _manifest.jsonl                      the journal of converted jobs (see manifest.py)
      _errors/errors.parquet               the results that currently fail: source, error, time
      _staging/                            files being written; emptied when a convert starts
      _lock                                held while a convert runs

The job id is the Hive partition value, percent-encoded like Hive does (polars, DuckDB and Spark
decode it), so one job's rows are replaced by replacing one file per table.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote, unquote

from valossa_metadata.errors import UsageError

__all__ = [
    "ERRORS_FILE",
    "LOCK_FILE",
    "MANIFEST_FILE",
    "PART_FILE",
    "STAGING_DIR",
    "job_dir",
    "job_file",
    "partition_name",
    "partition_value",
    "table_dir",
]

PART_FILE = "part-0.parquet"
MANIFEST_FILE = "_manifest.jsonl"
ERRORS_FILE = "_errors/errors.parquet"
STAGING_DIR = "_staging"
LOCK_FILE = "_lock"

_PARTITION = "job_id="
_SAFE = "-_.~"  # besides letters and digits; everything else is %XX-encoded
_MAX_NAME_BYTES = 255


def partition_name(job_id: str) -> str:
    """The Hive directory name of a job: ``job_id=`` and the percent-encoded id.

    Raises ``ValueError`` for an empty id or one too long for a file name.

    Examples:
        >>> partition_name("7e26f36a-8483"), partition_name("a/b c")
        ('job_id=7e26f36a-8483', 'job_id=a%2Fb%20c')
    """
    if not job_id:
        raise UsageError("empty job_id")
    name = _PARTITION + quote(job_id, safe=_SAFE)
    if len(name) > _MAX_NAME_BYTES:  # ASCII after quoting
        limit = f"{len(name)} bytes encoded, at most {_MAX_NAME_BYTES}"
        raise UsageError(f"job_id is too long for a partition directory ({limit})")
    return name


def partition_value(name: str) -> str:
    """The job id of a Hive directory name (the inverse of :func:`partition_name`).

    Examples:
        >>> partition_value("job_id=a%2Fb%20c")
        'a/b c'
    """
    if not name.startswith(_PARTITION):
        raise UsageError(f"not a job partition directory: {name!r}")
    return unquote(name[len(_PARTITION) :])


def table_dir(out_dir: str | os.PathLike[str], table: str) -> Path:
    """The folder of one table, which engines read as a Hive-partitioned dataset.

    Examples:
        >>> table_dir("OUT", "faces").as_posix()
        'OUT/faces'
    """
    return Path(out_dir) / table


def job_dir(out_dir: str | os.PathLike[str], table: str, job_id: str) -> Path:
    """The partition folder of one job in one table.

    Examples:
        >>> job_dir("OUT", "faces", "j1").as_posix()
        'OUT/faces/job_id=j1'
    """
    return table_dir(out_dir, table) / partition_name(job_id)


def job_file(out_dir: str | os.PathLike[str], table: str, job_id: str) -> Path:
    """The Parquet file of one job in one table.

    Examples:
        >>> job_file("OUT", "faces", "j1").as_posix()
        'OUT/faces/job_id=j1/part-0.parquet'
    """
    return job_dir(out_dir, table, job_id) / PART_FILE
