"""The error table of an archive dataset: the results that currently fail to convert, and why.

``OUT/_errors/errors.parquet`` holds one row per failing source (``source``, ``error``, ``time``,
``sha256``). A run replaces the rows of the sources it tried: a fixed file leaves the table, a file
still broken gets its new error and time; rows of sources that no longer exist are dropped.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import polars as pl

from valossa_metadata.archive.layout import ERRORS_FILE

__all__ = ["ERRORS_SCHEMA", "Failure", "read_errors", "write_errors"]

#: :func:`read_errors`: one row per failing source.
ERRORS_SCHEMA = pl.Schema(
    {"source": pl.String(), "error": pl.String(), "time": pl.Datetime("us", "UTC"), "sha256": pl.String()}
)


@dataclass(frozen=True)
class Failure:
    """Why one source failed and when; ``sha256`` is ``None`` when the file could not be read."""

    source: str
    error: str
    time: datetime
    sha256: str | None = None


def read_errors(out_dir: str | os.PathLike[str]) -> pl.DataFrame:
    """The error table of a dataset (empty, with its schema, when there is none).

    Examples:
        >>> import tempfile
        >>> read_errors(tempfile.mkdtemp()).columns
        ['source', 'error', 'time', 'sha256']
    """
    path = Path(out_dir) / ERRORS_FILE
    if not path.exists():
        return pl.DataFrame(schema=ERRORS_SCHEMA)
    return pl.read_parquet(path).select(ERRORS_SCHEMA.names()).cast(ERRORS_SCHEMA)


def write_errors(out_dir: str | os.PathLike[str], failures: list[Failure]) -> None:
    """Replace the error table atomically (written even when empty, so its schema is always there).

    Examples:
        >>> import tempfile
        >>> from datetime import timezone
        >>> out = tempfile.mkdtemp()
        >>> write_errors(out, [Failure("a.json", "empty input", datetime.now(timezone.utc))])
        >>> read_errors(out).get_column("error").to_list()
        ['empty input']
    """
    path = Path(out_dir) / ERRORS_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    frame = pl.DataFrame(
        {
            "source": [f.source for f in failures],
            "error": [f.error for f in failures],
            "time": [f.time for f in failures],
            "sha256": [f.sha256 for f in failures],
        },
        schema=ERRORS_SCHEMA,
    )
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        frame.write_parquet(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
