"""The pure per-result conversion: Core metadata bytes -> the archive's tables, keyed by job and source.

No I/O and no shared state: the inputs are bytes and a name, the output is plain data that pickles,
so any engine (a process pool, Dask, Spark, a queue worker) can run it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from valossa_metadata._sources import read_source
from valossa_metadata.errors import UsageError
from valossa_metadata.metadata import loads
from valossa_metadata.tables import TABLE_SCHEMAS

__all__ = [
    "ARCHIVE_TABLES",
    "KEY_COLUMNS",
    "ConvertedResult",
    "archive_schema",
    "arrow_tables",
    "content_hash",
    "convert_result",
    "derived_job_id",
    "result_tables",
]

#: The tables of an archive dataset, in the order they are written.
ARCHIVE_TABLES: tuple[str, ...] = (
    "detections",
    "occurrences",
    "seconds",
    "shots",
    "speech",
    "words",
    "faces",
    "topics",
)

#: The columns put in front of every table: which job a row belongs to and the file it came from.
KEY_COLUMNS: tuple[str, ...] = ("job_id", "source")

_DERIVED_PREFIX = "sha256-"


def archive_schema(table: str) -> pl.Schema:
    """The schema of an archive table: ``job_id`` and ``source`` (String), then ``TABLE_SCHEMAS[table]``.

    Examples:
        >>> archive_schema("shots").names()[:3]
        ['job_id', 'source', 'shot_index']
    """
    if table not in ARCHIVE_TABLES:
        raise UsageError(f"unknown archive table {table!r}; choose one of {', '.join(ARCHIVE_TABLES)}")
    return pl.Schema({"job_id": pl.String(), "source": pl.String(), **TABLE_SCHEMAS[table]})


def content_hash(data: bytes) -> str:
    """SHA-256 of the (uncompressed) JSON bytes, as hex: what decides whether a result changed.

    Examples:
        >>> content_hash(b"{}")[:12]
        '44136fa355b3'
    """
    return hashlib.sha256(data).hexdigest()


def derived_job_id(sha256: str) -> str:
    """The stable job id of a file that has none: ``sha256-`` and the first 32 hex digits of its hash.

    Examples:
        >>> derived_job_id(content_hash(b"{}"))
        'sha256-44136fa355b3678a1146ad16f7e8649e'
    """
    return _DERIVED_PREFIX + sha256[:32]


@dataclass(frozen=True)
class ConvertedResult:
    """One result as archive tables: its ``job_id``, ``source``, content hash, format and the tables.

    Every table has the schema :func:`archive_schema` gives for its name.
    """

    job_id: str
    source: str
    sha256: str
    format_version: str
    tables: dict[str, pl.DataFrame] = field(repr=False)

    @property
    def rows(self) -> dict[str, int]:
        """Rows per table."""
        return {name: frame.height for name, frame in self.tables.items()}

    def to_arrow(self) -> dict[str, Any]:
        """The tables as ``pyarrow.Table`` objects (needs pyarrow, part of the ``distributed`` extra)."""
        return {name: frame.to_arrow() for name, frame in self.tables.items()}


def convert_result(data: bytes, source: str, *, sha256: str | None = None) -> ConvertedResult:
    """Decode one Core metadata document (JSON or gzipped JSON bytes) into the archive tables.

    ``source`` names the file in messages and fills the ``source`` column. ``job_id`` comes from the
    file, or from the content hash when the file has none (:func:`derived_job_id`). Pass ``sha256``
    when the caller has already hashed the uncompressed bytes. Raises
    :class:`~valossa_metadata.MetadataError` on bad input, like :func:`valossa_metadata.loads`.

    Examples:
        >>> from pathlib import Path
        >>> path = "sample_results/legacy_1_1_0_example.json"
        >>> result = convert_result(Path(path).read_bytes(), path)
        >>> result.job_id, result.rows["shots"]
        ('8cdb305f-dd2e-4609-ae36-aab0d1bc52d9', 37)
        >>> result.tables["shots"].columns[:3]
        ['job_id', 'source', 'shot_index']
    """
    raw, _ = read_source(data, name=source)  # gunzips by the magic bytes
    digest = sha256 or content_hash(raw)
    md = loads(raw, source=source)
    file_job_id = (md.job_id or "").strip()
    job_id = file_job_id or derived_job_id(digest)
    keys = (pl.lit(job_id, pl.String).alias("job_id"), pl.lit(source, pl.String).alias("source"))
    tables = {name: getattr(md, name)().select(*keys, pl.all()) for name in ARCHIVE_TABLES}
    return ConvertedResult(job_id, source, digest, md.format_version, tables)


def result_tables(data: bytes, source: str) -> dict[str, pl.DataFrame]:
    """Table name -> polars frame for one result (the tables of :func:`convert_result`).

    Examples:
        >>> from pathlib import Path
        >>> path = "sample_results/legacy_1_1_0_example.json"
        >>> sorted(result_tables(Path(path).read_bytes(), path))[:3]
        ['detections', 'faces', 'occurrences']
    """
    return convert_result(data, source).tables


def arrow_tables(data: bytes, source: str) -> dict[str, Any]:
    """Table name -> ``pyarrow.Table`` for one result, for engines that exchange Arrow data.

    Examples:
        >>> from pathlib import Path
        >>> path = "sample_results/legacy_1_1_0_example.json"
        >>> arrow_tables(Path(path).read_bytes(), path)["faces"].num_rows
        5
    """
    return convert_result(data, source).to_arrow()
