"""The first layout: refused by convert and the query commands, moved over by migrate."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import polars as pl
import pytest

from tests.archive.conftest import Corpus
from tests.archive.helpers import assert_dataset, delta_logs
from valossa_metadata.archive import (
    ARCHIVE_TABLES,
    ArchiveError,
    convert,
    convert_result,
    migrate,
    read_errors,
    read_manifest,
)
from valossa_metadata.archive.legacy import read_old_dataset
from valossa_metadata.archive.view import Archive

Expected = dict[str, dict[str, pl.DataFrame]]


def write_old_dataset(corpus: Corpus, old: Path) -> None:
    """What the first layout wrote for the corpus: a file per table per job, the journal, the errors."""
    lines = []
    for source, job_id in corpus.good.items():
        result = convert_result(Path(source).read_bytes(), source)
        folder_id = job_id.replace("%", "%25")
        for name, frame in result.tables.items():
            folder = old / name / f"job_id={folder_id}"
            folder.mkdir(parents=True)
            frame.drop("job_id").write_parquet(folder / "part-0.parquet")
        stat = Path(source).stat()
        entry = {
            "op": "add",
            "job_id": job_id,
            "source": source,
            "sha256": result.sha256,
            "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns,
            "format_version": result.format_version,
            "converted_at": "2025-01-02T03:04:05+00:00",
            "rows": result.rows,
            "toolkit_version": "0.9.0",
        }
        lines += [{"op": "begin", "job_id": job_id}, entry]
    side = Path(corpus.side[0])
    stat = side.stat()
    lines.append(
        {"op": "skip", "source": str(side), "sha256": "ab", "size": stat.st_size,
         "mtime_ns": stat.st_mtime_ns, "reason": "a side file"}
    )  # fmt: skip
    lines.append({"op": "begin", "job_id": "interrupted"})
    (old / "_manifest.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))
    (old / "_errors").mkdir()
    failures = {"source": corpus.broken, "error": ["bad"] * len(corpus.broken)}
    time = [datetime(2025, 1, 2, tzinfo=timezone.utc)] * len(corpus.broken)
    pl.DataFrame({**failures, "time": time, "sha256": [None] * len(corpus.broken)}).with_columns(
        pl.col("sha256").cast(pl.String)
    ).write_parquet(old / "_errors" / "errors.parquet")


def test_migrate_moves_rows_tracking_and_errors(corpus: Corpus, expected: Expected, tmp_path: Path) -> None:
    old, new = tmp_path / "old", tmp_path / "new"
    write_old_dataset(corpus, old)
    assert "interrupted" not in read_old_dataset(old).jobs
    summary = migrate(old, new, progress=False)
    assert (summary.converted, summary.skipped) == (6, 1)
    assert_dataset(new, expected)
    manifest = read_manifest(new)
    assert dict(zip(manifest.get_column("source"), manifest.get_column("job_id"))) == corpus.good
    assert set(manifest.get_column("toolkit_version")) == {"0.9.0"}
    assert sorted(read_errors(new).get_column("source")) == corpus.broken
    logs = delta_logs(new)
    again = convert(corpus.root, new, workers=1, progress=False)  # the sources are found unchanged
    assert (again.converted, again.unchanged, again.skipped) == (0, 6, 1)
    assert delta_logs(new) == logs
    with pytest.raises(ArchiveError, match="not empty; migrate into a new folder"):
        migrate(old, new, progress=False)


def test_the_old_layout_is_refused_with_the_way_out(corpus: Corpus, tmp_path: Path) -> None:
    old = tmp_path / "old"
    write_old_dataset(corpus, old)
    message = f"{old} is a dataset of the old layout .* 'valossa-metadata migrate {old} NEW'"
    with pytest.raises(ArchiveError, match=message):
        convert(corpus.root, old, workers=1, progress=False)
    with pytest.raises(ArchiveError, match="'valossa-metadata migrate"):
        Archive(old)
    assert sorted(p.name for p in old.iterdir()) == sorted([*ARCHIVE_TABLES, "_errors", "_manifest.jsonl"])


def test_a_corrupt_old_journal_is_named(tmp_path: Path) -> None:
    (tmp_path / "_manifest.jsonl").write_bytes(b'{"op":"add","job_id":7}\n')
    with pytest.raises(ArchiveError, match="the manifest is corrupt"):
        migrate(tmp_path, tmp_path / "new", progress=False)
