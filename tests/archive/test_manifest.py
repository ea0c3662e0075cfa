"""The journal: replay, torn lines, corruption, compaction and the manifest table."""

from __future__ import annotations

from pathlib import Path

import pytest

from valossa_metadata.archive import ArchiveError, read_manifest
from valossa_metadata.archive.manifest import MANIFEST_SCHEMA, Entry, Journal, Skip, compact, read_journal


def entry(job_id: str, source: str = "a.json") -> Entry:
    return Entry(
        job_id, source, "ab" * 32, 10, 20, "1.8.1", "2025-01-02T03:04:05+00:00", {"shots": 3}, "0.1.0"
    )


def test_replay_keeps_the_last_word_on_each_job(tmp_path: Path) -> None:
    path = tmp_path / "_manifest.jsonl"
    with Journal(path) as journal:
        journal.begin("j1")
        journal.add(entry("j1"))
        journal.begin("j2")
        journal.add(entry("j2", "b.json"))
        journal.begin("j1")
        journal.remove("j1")
        journal.skip(Skip("side.json", "cd" * 32, 1, 2, "not Core metadata"))
        journal.begin("j3")  # interrupted
        journal.begin("j2")  # interrupted while replacing: its files are in doubt
    state = read_journal(path)
    assert list(state.jobs) == []
    assert state.unfinished == ["j3", "j2"]
    assert list(state.skipped) == ["side.json"]
    assert state.lines == 9


def test_a_torn_last_line_is_ignored_and_cut_before_appending(tmp_path: Path) -> None:
    path = tmp_path / "_manifest.jsonl"
    with Journal(path) as journal:
        journal.add(entry("j1"))
    with open(path, "ab") as handle:
        handle.write(b'{"op":"add","job_id":"j2","sour')
    assert list(read_journal(path).jobs) == ["j1"]
    with Journal(path) as journal:
        journal.add(entry("j3"))
    assert list(read_journal(path).jobs) == ["j1", "j3"]
    path.write_bytes(b'{"op":"begin"')  # nothing but a torn line
    Journal(path).close()
    assert path.read_bytes() == b""


def test_a_corrupt_line_is_an_archive_error(tmp_path: Path) -> None:
    path = tmp_path / "_manifest.jsonl"
    path.write_bytes(b'{"op":"add","job_id":1}\n')
    with pytest.raises(ArchiveError, match="the manifest is corrupt"):
        read_journal(path)


def test_compact_and_read_manifest(tmp_path: Path) -> None:
    compact(tmp_path / "_manifest.jsonl", [entry("j1"), Skip("s.json", "x", 1, 2, "why")])
    frame = read_manifest(tmp_path)
    assert frame.schema == MANIFEST_SCHEMA
    assert frame.get_column("job_id").to_list() == ["j1"]
    assert frame.get_column("rows").struct.field("shots").to_list() == [3]
    assert frame.get_column("rows").struct.field("words").to_list() == [None]
    assert str(frame.get_column("converted_at")[0]) == "2025-01-02 03:04:05+00:00"
