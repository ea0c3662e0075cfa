"""Assertions shared by the archive tests."""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl
from polars.testing import assert_frame_equal

from valossa_metadata.archive import ARCHIVE_TABLES, archive_schema, scan


def assert_dataset(out: Path, expected: dict[str, dict[str, pl.DataFrame]]) -> None:
    """Every table of the dataset has its schema and exactly the rows of the expected results."""
    frames = scan(out)
    assert list(frames) == list(ARCHIVE_TABLES)
    for name, lazy in frames.items():
        assert lazy.collect_schema() == archive_schema(name), name
        collected = lazy.collect()
        assert collected.height == sum(tables[name].height for tables in expected.values()), name
        assert set(collected.get_column("job_id").unique()) <= set(expected), name
        for job_id, tables in expected.items():
            got = collected.filter(pl.col("job_id") == job_id)
            assert_frame_equal(got, tables[name], check_row_order=False)  # Delta keeps no row order


def delta_logs(out: Path) -> dict[str, int]:
    """Table folder -> number of commits: a run that writes nothing leaves it as it was."""
    return {
        str(log.parent.relative_to(out)): len(list(log.glob("*.json")))
        for log in sorted(out.glob("*/_delta_log"))
    }


def touch_later(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
