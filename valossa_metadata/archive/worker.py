"""The unit of work of a conversion, run by any engine: one source file in, one picklable outcome out.

A worker reads and hashes the file, stops early when the hash is the one already converted, runs the
pure conversion and writes the job's tables to a staging folder (or returns them as Arrow tables for
the caller to write). It never touches the dataset itself: the caller commits outcomes one at a
time, which keeps the dataset consistent whatever the engine does.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import polars as pl

from valossa_metadata._sources import read_source
from valossa_metadata.archive.convert import ARCHIVE_TABLES, content_hash, convert_result
from valossa_metadata.archive.layout import partition_name
from valossa_metadata.errors import MetadataError, NotCoreMetadataError

__all__ = ["Outcome", "Status", "Task", "describe_error", "run_task", "write_staged"]

Status = Literal["converted", "unchanged", "failed", "ignored"]

# loads() reports a side file (seconds_objects, frames_faces, ...) at this JSON location.


@dataclass(frozen=True)
class Task:
    """Convert ``source``; ``known_sha256`` is the hash already in the dataset for it, if any.

    ``staging`` is the folder to write the tables to; ``None`` returns them as Arrow tables instead.
    """

    source: str
    known_sha256: str | None = None
    staging: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What became of one source. ``tables`` holds Arrow tables only when the task had no staging."""

    source: str
    status: Status
    message: str = ""
    sha256: str | None = None
    size: int = 0
    mtime_ns: int = 0
    job_id: str = ""
    format_version: str = ""
    rows: dict[str, int] = field(default_factory=dict)
    staging: str | None = None
    tables: dict[str, Any] | None = field(default=None, repr=False)


def run_task(task: Task) -> Outcome:
    """Read, hash and convert one source; a bad file gives a ``failed`` outcome, never an exception.

    Only a failure to write the staging files (a full disk, say) raises: that is the dataset's
    problem, not the file's.

    Examples:
        >>> outcome = run_task(Task("sample_results/legacy_1_1_0_example.json"))
        >>> outcome.status, outcome.rows["faces"]
        ('converted', 5)
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
        partition_name(result.job_id)  # an unusable id fails here, not when committing
    except MetadataError as exc:
        status: Status = "ignored" if isinstance(exc, NotCoreMetadataError) else "failed"
        return _read(task, stat, digest, status, describe_error(exc))
    except Exception as exc:  # an unforeseen shape must not stop the batch; the message names it
        return _read(task, stat, digest, "failed", describe_error(exc))
    converted = replace(
        _read(task, stat, digest, "converted"),
        job_id=result.job_id,
        format_version=result.format_version,
        rows=result.rows,
    )
    if task.staging is None:
        return replace(converted, tables=result.to_arrow())
    write_staged(result.tables, task.staging)
    return replace(converted, staging=task.staging)


def _read(task: Task, stat: os.stat_result, digest: str, status: Status, message: str = "") -> Outcome:
    return Outcome(task.source, status, message, digest, stat.st_size, stat.st_mtime_ns)


def write_staged(tables: Mapping[str, pl.DataFrame], folder: str | os.PathLike[str]) -> None:
    """Write a job's tables as ``<folder>/<table>.parquet``; ``job_id`` goes into the path later.

    On failure the folder is removed and the error raised.

    Examples:
        >>> import tempfile, pathlib
        >>> from valossa_metadata.archive.convert import result_tables
        >>> path = "sample_results/legacy_1_1_0_example.json"
        >>> folder = pathlib.Path(tempfile.mkdtemp()) / "stage"
        >>> write_staged(result_tables(pathlib.Path(path).read_bytes(), path), folder)
        >>> sorted(p.name for p in folder.iterdir())[:2]
        ['detections.parquet', 'faces.parquet']
    """
    target = Path(folder)
    try:
        target.mkdir(parents=True, exist_ok=True)
        for name in ARCHIVE_TABLES:
            tables[name].drop("job_id").write_parquet(target / f"{name}.parquet", statistics=True)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise


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
