"""The unit of work of a conversion, run by any engine: one source file in, one picklable outcome out.

A worker reads and hashes the file, stops early when the hash is the one already converted, runs the
pure conversion and returns the job's tables as Arrow tables in their stored types. It never touches
the dataset: the process that drives the run commits the outcomes in batches through delta-rs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from valossa_metadata._sources import read_source
from valossa_metadata.archive.convert import content_hash, convert_result
from valossa_metadata.archive.storage import to_storage
from valossa_metadata.errors import MetadataError, NotCoreMetadataError

__all__ = ["Outcome", "Status", "Task", "describe_error", "run_task"]

Status = Literal["converted", "unchanged", "failed", "ignored"]


@dataclass(frozen=True)
class Task:
    """Convert ``source``; ``known_sha256`` is the hash already in the dataset for it, if any."""

    source: str
    known_sha256: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What became of one source; ``tables`` (table name -> ``pyarrow.Table``) when converted."""

    source: str
    status: Status
    message: str = ""
    sha256: str | None = None
    size: int = 0
    mtime_ns: int = 0
    job_id: str = ""
    format_version: str = ""
    rows: dict[str, int] = field(default_factory=dict)
    tables: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def nbytes(self) -> int:
        """The size of the tables in memory."""
        return sum(int(table.nbytes) for table in self.tables.values())


def run_task(task: Task) -> Outcome:
    """Read, hash and convert one source; a bad file gives a ``failed`` outcome, never an exception.

    Examples:
        >>> outcome = run_task(Task("sample_results/legacy_1_1_0_example.json"))
        >>> outcome.status, outcome.rows["faces"], outcome.tables["faces"].num_rows
        ('converted', 5, 5)
        >>> run_task(Task("no-such-file.json")).message
        'no such file'
    """
    try:
        stat = os.stat(task.source)  # before reading: a file changed meanwhile is re-read next time
        data, _ = read_source(task.source)
    except (OSError, MetadataError) as exc:
        return Outcome(task.source, "failed", describe_error(exc))
    digest = content_hash(data)
    if digest == task.known_sha256:
        return _read(task, stat, digest, "unchanged")
    try:
        result = convert_result(data, task.source, sha256=digest)
        tables = {name: to_storage(frame, name) for name, frame in result.tables.items()}
    except MetadataError as exc:
        status: Status = "ignored" if isinstance(exc, NotCoreMetadataError) else "failed"
        return _read(task, stat, digest, status, describe_error(exc))
    except Exception as exc:  # an unforeseen shape must not stop the batch; the message names it
        return _read(task, stat, digest, "failed", describe_error(exc))
    return replace(
        _read(task, stat, digest, "converted"),
        job_id=result.job_id,
        format_version=result.format_version,
        rows=result.rows,
        tables=tables,
    )


def _read(task: Task, stat: os.stat_result, digest: str, status: Status, message: str = "") -> Outcome:
    return Outcome(task.source, status, message, digest, stat.st_size, stat.st_mtime_ns)


def describe_error(exc: BaseException) -> str:
    """The error column's text: a decoding error's JSON location and reason, else type and message.

    Examples:
        >>> describe_error(MetadataError("Expected `float`", source="a.json", path="$.x"))
        'at $.x: Expected `float`'
        >>> describe_error(KeyError("7"))
        "KeyError: '7'"
    """
    if isinstance(exc, MetadataError):
        return f"at {exc.path}: {exc.reason}" if exc.path else exc.reason
    if isinstance(exc, FileNotFoundError):
        return "no such file"
    if isinstance(exc, OSError) and exc.strerror:
        return f"cannot read: {exc.strerror}"
    return f"{type(exc).__name__}: {exc}"
