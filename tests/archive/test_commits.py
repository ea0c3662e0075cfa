"""Batches and their commits: file counts, a run that dies between commits, compaction, pruning."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pytest

from tests.archive.conftest import Corpus, expected_tables
from tests.archive.helpers import assert_dataset, delta_logs
from valossa_metadata.archive import (
    ARCHIVE_TABLES,
    ArchiveError,
    compact,
    convert,
    read_manifest,
    scan,
    vacuum,
)
from valossa_metadata.archive import store as store_module
from valossa_metadata.archive.delta import data_files, open_table
from valossa_metadata.archive.layout import table_path

Expected = dict[str, dict[str, pl.DataFrame]]


def files_per_table(out: Path) -> dict[str, int]:
    return {name: data_files(open_table(table_path(out, name)))[0] for name in ARCHIVE_TABLES}


def test_batches_commit_a_few_jobs_at_a_time(corpus: Corpus, expected: Expected, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = convert(corpus.root, out, workers=1, progress=False, batch_jobs=2)
    assert summary.converted == 6
    assert delta_logs(out)["shots"] == 3  # six jobs, two per commit
    assert delta_logs(out)["_sources"] == 3
    assert files_per_table(out)["shots"] == 3
    assert_dataset(out, expected)


def test_a_run_that_dies_between_commits_is_repaired_by_the_next(
    own_corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    good = sorted(own_corpus.good)
    convert(good[:2], out, workers=1, progress=False)

    def crash(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_module, "write_records", crash)  # the tables commit, the sources do not
    with pytest.raises(OSError, match="No space left"):
        convert(own_corpus.root, out, workers=1, progress=False)
    monkeypatch.undo()
    assert scan(out)["shots"].select("job_id").unique().collect().height == 6  # committed, unrecorded
    assert read_manifest(out).height == 2

    summary = convert(own_corpus.root, out, workers=1, progress=False)
    assert (summary.converted, summary.unchanged) == (4, 2)
    assert_dataset(out, expected_tables(own_corpus))  # no job twice


def test_many_small_files_are_compacted_by_convert(
    corpus: Corpus, expected: Expected, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(store_module, "COMPACT_AT_SMALL_FILES", 4)
    out = tmp_path / "out"
    summary = convert(corpus.root, out, workers=1, progress=False, batch_jobs=1)
    assert all(count == 1 for name, count in files_per_table(out).items() if name != "speech"), summary
    assert open_table(table_path(out, "shots")).history(1)[0]["operation"] == "OPTIMIZE"
    assert_dataset(out, expected)


def test_compact_and_vacuum(corpus: Corpus, expected: Expected, tmp_path: Path) -> None:
    out = tmp_path / "out"
    convert(corpus.root, out, workers=1, progress=False, batch_jobs=2)
    done = {t.table: t for t in compact(out)}
    assert (done["shots"].before, done["shots"].after) == (3, 1)
    assert str(done["shots"]) == "shots: 3 -> 1 data files"
    assert_dataset(out, expected)
    kept = {t.table: t.deleted for t in vacuum(out)}  # the replaced files are a week's time travel
    assert kept["shots"] == 0
    dry = {t.table: t.deleted for t in vacuum(out, retention_hours=0, dry_run=True)}
    assert dry["shots"] == 3
    gone = {t.table: t for t in vacuum(out, retention_hours=0)}
    assert gone["shots"].deleted == 3
    assert str(gone["shots"]) == "shots: 3 unused files deleted"
    assert len(list((out / "shots").glob("*.parquet"))) == 1
    assert_dataset(out, expected)
    z_ordered = {t.table: t for t in compact(out, z_order=True)}
    assert z_ordered["occurrences"].after == 1
    assert_dataset(out, expected)
    with pytest.raises(ValueError, match="must not be negative"):
        vacuum(out, retention_hours=-1)
    with pytest.raises(ArchiveError, match="not a dataset written by"):
        compact(tmp_path)


def test_prune_removes_the_jobs_whose_files_are_gone(own_corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "out"
    convert(own_corpus.root, out, workers=1, progress=False)
    expected = expected_tables(own_corpus)
    gone = own_corpus.root / "a.json"
    job_id = own_corpus.good[str(gone)]
    gone.unlink()
    (own_corpus.root / "a.seconds_objects.json").unlink()
    kept = convert(own_corpus.root, out, workers=1, progress=False)
    assert (kept.removed, kept.commits) == (0, 0)  # without --prune, rows stay
    assert job_id in read_manifest(out).get_column("job_id").to_list()

    pruned = convert(own_corpus.root, out, workers=1, progress=False, prune=True)
    assert pruned.removed == 1
    assert job_id not in read_manifest(out).get_column("job_id").to_list()
    del expected[job_id]
    assert_dataset(out, expected)
    assert convert(own_corpus.root, out, workers=1, progress=False, prune=True).commits == 0


def test_killing_convert_kills_its_workers(corpus: Corpus, tmp_path: Path) -> None:
    stuck = tmp_path / "stuck.json"
    os.mkfifo(stuck)  # a worker opening it waits forever, like one busy with a huge file
    command = [sys.executable, "-m", "valossa_metadata", "convert", str(stuck), str(corpus.root)]
    command += ["-o", str(tmp_path / "out"), "--workers", "2", "--no-progress"]
    parent = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    descendants: set[int] = set()
    try:
        deadline = time.monotonic() + 60
        while len(descendants) < 3 and time.monotonic() < deadline:  # two workers, a resource tracker
            time.sleep(0.2)
            descendants = _descendants(parent.pid)
        assert len(descendants) >= 3, descendants
        parent.send_signal(signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 10
        while _alive(descendants) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not _alive(descendants)
    finally:
        for pid in _alive(descendants):
            os.kill(pid, signal.SIGKILL)
        if parent.poll() is None:
            parent.kill()
            parent.wait()


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(ppid, []).append(int(entry.name))
    found: set[int] = set()
    todo = [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pids: set[int]) -> set[int]:
    alive = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            alive.add(pid)
    return alive


def test_a_second_convert_fails_at_once_while_the_first_runs(corpus: Corpus, tmp_path: Path) -> None:
    stuck = tmp_path / "stuck.json"
    os.mkfifo(stuck)  # the first convert holds the dataset while it waits on this file
    out = tmp_path / "out"
    convert_command = [sys.executable, "-m", "valossa_metadata", "convert", "--no-progress", "-o", str(out)]
    first = subprocess.Popen([*convert_command, "--workers", "1", str(stuck)], stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while not (out / "_lock").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(0.5)  # the lock file exists just before it is locked
        second = subprocess.run(
            [*convert_command, str(corpus.root)], capture_output=True, text=True, timeout=120, check=False
        )
        assert second.returncode == 3
        assert second.stderr.endswith("is writing this dataset; try again when it is done\n")
        assert second.stderr.count("\n") == 1
    finally:
        first.kill()
        first.wait()
    assert convert(corpus.root, out, workers=1, progress=False).converted == 6  # the lock died with it


def test_a_failed_commit_is_one_clear_error(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import deltalake
    from deltalake.exceptions import CommitFailedError

    def conflict(*args: object, **kwargs: object) -> None:
        raise CommitFailedError("Transaction failed: a concurrent transaction deleted the same data\nmore")

    monkeypatch.setattr(deltalake, "write_deltalake", conflict)
    with pytest.raises(
        ArchiveError, match=r"out/\w+: the commit failed: Transaction failed: a concurrent"
    ) as info:
        convert(sorted(corpus.good)[:1], tmp_path / "out", workers=1, progress=False, batch_jobs=1)
    assert "\n" not in str(info.value)
