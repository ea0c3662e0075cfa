"""Reading the first archive layout, for ``migrate``: one Parquet file per table per job and a journal.

::

    OLD/
      <table>/job_id=<id>/part-0.parquet   the job id percent-encoded, as Hive does
      _manifest.jsonl                      one JSON line per event: add, skip, begin, remove
      _errors/errors.parquet

A job with a ``begin`` and no later ``add`` or ``remove`` was interrupted and is left out.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import msgspec
import polars as pl

from valossa_metadata.archive.convert import archive_schema
from valossa_metadata.archive.errors import ArchiveError
from valossa_metadata.archive.layout import OLD_MANIFEST_FILE

__all__ = ["Entry", "OldDataset", "Skip", "read_old_dataset", "scan_old_table"]


class Entry(msgspec.Struct, frozen=True, tag="add", tag_field="op", gc=False):
    """A converted job: where it came from, what its content was and how many rows each table got."""

    job_id: str
    source: str
    sha256: str
    size: int
    mtime_ns: int
    format_version: str
    converted_at: str  # ISO 8601, UTC
    rows: dict[str, int]
    toolkit_version: str


class Skip(msgspec.Struct, frozen=True, tag="skip", tag_field="op", gc=False):
    """A file that holds no job of its own: not Core metadata, or a copy of another file's job."""

    source: str
    sha256: str
    size: int
    mtime_ns: int
    reason: str


class _Begin(msgspec.Struct, frozen=True, tag="begin", tag_field="op"):
    job_id: str


class _Remove(msgspec.Struct, frozen=True, tag="remove", tag_field="op"):
    job_id: str


_DECODER = msgspec.json.Decoder(Entry | Skip | _Begin | _Remove)


@dataclass
class OldDataset:
    """What an old journal says: live jobs (in journal order) and skipped files."""

    jobs: dict[str, Entry] = field(default_factory=dict)
    skipped: dict[str, Skip] = field(default_factory=dict)


def read_old_dataset(out_dir: str | os.PathLike[str]) -> OldDataset:
    """Replay the journal of an old dataset; a torn last line (a crash) is ignored.

    Examples:
        >>> import tempfile, pathlib
        >>> old = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (old / "_manifest.jsonl").write_bytes(b'{"op":"begin","job_id":"j1"}\\n{"op":"add","jo')
        >>> read_old_dataset(old).jobs
        {}
    """
    path = Path(out_dir) / OLD_MANIFEST_FILE
    data = path.read_bytes()
    try:
        lines = _DECODER.decode_lines(data[: data.rfind(b"\n") + 1])
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise ArchiveError(f"{path}: the manifest is corrupt: {exc}") from None
    state = OldDataset()
    open_jobs: set[str] = set()
    for line in lines:
        if isinstance(line, Skip):
            state.skipped[line.source] = line
        elif isinstance(line, _Begin):
            open_jobs.add(line.job_id)
        else:
            open_jobs.discard(line.job_id)
            state.jobs.pop(line.job_id, None)
            if isinstance(line, Entry):
                state.jobs[line.job_id] = line
                state.skipped.pop(line.source, None)
    for job_id in open_jobs:
        state.jobs.pop(job_id, None)
    return state


def scan_old_table(out_dir: str | os.PathLike[str], table: str) -> pl.LazyFrame:
    """One table of an old dataset, with the archive schema (``job_id`` from the folder names).

    Examples:
        >>> import tempfile
        >>> scan_old_table(tempfile.mkdtemp(), "shots").collect().height
        0
    """
    schema = archive_schema(table)
    folder = Path(out_dir) / table
    pattern = "job_id=*/part-0.parquet"
    if not any(folder.glob(pattern)):
        return pl.LazyFrame(schema=schema)
    frame = pl.scan_parquet(
        folder / pattern,
        hive_partitioning=True,
        hive_schema={"job_id": pl.String()},
        try_parse_hive_dates=False,
        schema={name: dtype for name, dtype in schema.items() if name != "job_id"},
        missing_columns="insert",
        extra_columns="ignore",
    )
    return frame.select(schema.names())
