"""The manifest of an archive dataset: an append-only journal of the jobs it holds.

``OUT/_manifest.jsonl`` has one JSON object per line. ``{"op": "add", ...}`` records a converted job
(its source, content hash, file size and modification time, rows per table); it is written only
after every table file of the job is in place. ``{"op": "skip", ...}`` records a file read but not
converted (a side file, or a copy of a result already in the dataset), so that a rerun need not
read it again. ``{"op": "begin", "job_id": ...}`` comes before a job's
files are touched and ``{"op": "remove", ...}`` after a job's files are deleted, so a job that was
begun but neither added nor removed was interrupted, and its files are deleted and the job redone.
Appending costs the same for the millionth job as for the first; :func:`compact` rewrites the file
with the live entries only (done at the end of a run that changed anything).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import IO

import msgspec
import polars as pl

from valossa_metadata._sources import atomic_write
from valossa_metadata.archive.convert import ARCHIVE_TABLES
from valossa_metadata.archive.errors import ArchiveError
from valossa_metadata.archive.layout import MANIFEST_FILE

__all__ = [
    "MANIFEST_SCHEMA",
    "Begin",
    "Entry",
    "Journal",
    "ManifestState",
    "Remove",
    "Skip",
    "compact",
    "read_journal",
    "read_manifest",
]


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


class Begin(msgspec.Struct, frozen=True, tag="begin", tag_field="op"):
    """A job's files are about to change."""

    job_id: str


class Remove(msgspec.Struct, frozen=True, tag="remove", tag_field="op"):
    """A job's files are gone."""

    job_id: str


_Line = Entry | Skip | Begin | Remove
_DECODER = msgspec.json.Decoder(_Line)
_ENCODER = msgspec.json.Encoder()

#: :func:`read_manifest`: one row per job in the dataset.
MANIFEST_SCHEMA = pl.Schema(
    {
        "job_id": pl.String(),
        "source": pl.String(),
        "sha256": pl.String(),
        "size": pl.Int64(),
        "mtime_ns": pl.Int64(),
        "format_version": pl.String(),
        "converted_at": pl.Datetime("us", "UTC"),
        "rows": pl.Struct({name: pl.Int64() for name in ARCHIVE_TABLES}),
        "toolkit_version": pl.String(),
    }
)


@dataclass
class ManifestState:
    """What a journal says: live jobs (in journal order), skipped files, interrupted jobs, line count."""

    jobs: dict[str, Entry] = field(default_factory=dict)
    skipped: dict[str, Skip] = field(default_factory=dict)
    unfinished: list[str] = field(default_factory=list)
    lines: int = 0


def read_journal(path: str | os.PathLike[str]) -> ManifestState:
    """Replay a journal; a missing file is an empty dataset, a torn last line (a crash) is ignored.

    Examples:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "_manifest.jsonl"
        >>> _ = path.write_bytes(b'{"op":"begin","job_id":"j1"}\\n{"op":"add","job_id":"j1"')
        >>> read_journal(path).unfinished
        ['j1']
    """
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return ManifestState()
    body = data[: data.rfind(b"\n") + 1]
    try:
        lines = _DECODER.decode_lines(body)
    except (msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise ArchiveError(f"{path}: the manifest is corrupt: {exc}") from None
    state = ManifestState(lines=len(lines))
    open_jobs: dict[str, None] = {}
    for line in lines:
        if isinstance(line, Skip):
            state.skipped[line.source] = line
            continue
        if isinstance(line, Begin):
            open_jobs[line.job_id] = None
            continue
        open_jobs.pop(line.job_id, None)
        state.jobs.pop(line.job_id, None)  # a re-added job moves to the end, like in the file
        if isinstance(line, Entry):
            state.jobs[line.job_id] = line
            state.skipped.pop(line.source, None)
    for job_id in open_jobs:
        state.jobs.pop(job_id, None)
    state.unfinished = list(open_jobs)
    return state


class Journal:
    """Appends lines to a journal; every line reaches the operating system before the call returns.

    Opening cuts a torn last line, so that the next line starts on a line of its own.

    Examples:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "_manifest.jsonl"
        >>> with Journal(path) as journal:
        ...     journal.begin("j1")
        ...     journal.remove("j1")
        >>> read_journal(path).lines
        2
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._handle: IO[bytes] = open(self.path, "ab")  # noqa: SIM115 -- closed by close()
        size = self._handle.tell()
        if size:
            with open(self.path, "rb") as reader:
                reader.seek(max(0, size - 1))
                if reader.read(1) != b"\n":
                    reader.seek(0)
                    data = reader.read()
                    self._handle.truncate(data.rfind(b"\n") + 1)
        self.lines_written = 0

    def begin(self, job_id: str) -> None:
        """Record that a job's files are about to change."""
        self._write(Begin(job_id))

    def add(self, entry: Entry) -> None:
        """Record a converted job (after all its files are in place)."""
        self._write(entry)

    def skip(self, skip: Skip) -> None:
        """Record a file that holds no job of its own."""
        self._write(skip)

    def remove(self, job_id: str) -> None:
        """Record that a job's files are deleted."""
        self._write(Remove(job_id))

    def _write(self, line: _Line) -> None:
        self._handle.write(_ENCODER.encode(line) + b"\n")
        self._handle.flush()
        self.lines_written += 1

    def close(self) -> None:
        """Flush to disk and close."""
        if not self._handle.closed:
            os.fsync(self._handle.fileno())
            self._handle.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def compact(path: str | os.PathLike[str], entries: list[Entry | Skip]) -> None:
    """Rewrite a journal atomically with only these entries (the live jobs and skipped files).

    Examples:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "_manifest.jsonl"
        >>> compact(path, [])
        >>> read_journal(path).jobs
        {}
    """
    with atomic_write(path, "wb", make_parents=True) as handle:
        for entry in entries:
            handle.write(_ENCODER.encode(entry) + b"\n")


def read_manifest(out_dir: str | os.PathLike[str]) -> pl.DataFrame:
    """The jobs of a dataset, one row each: job_id, source, sha256, size, mtime_ns, rows per table, ...

    Interrupted jobs are left out. The schema is :data:`MANIFEST_SCHEMA`.

    Examples:
        >>> import tempfile
        >>> read_manifest(tempfile.mkdtemp()).columns[:3]
        ['job_id', 'source', 'sha256']
    """
    entries = list(read_journal(Path(out_dir) / MANIFEST_FILE).jobs.values())
    columns = {
        "job_id": [e.job_id for e in entries],
        "source": [e.source for e in entries],
        "sha256": [e.sha256 for e in entries],
        "size": [e.size for e in entries],
        "mtime_ns": [e.mtime_ns for e in entries],
        "format_version": [e.format_version for e in entries],
        "converted_at": [datetime.fromisoformat(e.converted_at) for e in entries],
        "rows": [{name: e.rows.get(name) for name in ARCHIVE_TABLES} for e in entries],
        "toolkit_version": [e.toolkit_version for e in entries],
    }
    return pl.DataFrame(columns, schema=MANIFEST_SCHEMA)
