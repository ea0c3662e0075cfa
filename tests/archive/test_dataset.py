"""convert() and scan(): the dataset, its errors, resuming, replacing and recovering."""

from __future__ import annotations

import json
import os
import shutil
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import duckdb
import polars as pl
import pytest

from tests.archive.conftest import Corpus, copy_tree, dump, expected_tables, synthetic_doc
from tests.archive.helpers import assert_dataset, job_files, part_files, touch_later
from valossa_metadata.archive import (
    ARCHIVE_TABLES,
    ArchiveError,
    archive_schema,
    convert,
    convert_result,
    read_errors,
    read_manifest,
    scan,
)
from valossa_metadata.archive import dataset as dataset_module
from valossa_metadata.archive import worker as worker_module
from valossa_metadata.archive.dataset import _result
from valossa_metadata.archive.discover import find_sources
from valossa_metadata.archive.layout import MANIFEST_FILE, STAGING_DIR, job_dir
from valossa_metadata.archive.store import ArchiveWriter, ConvertSummary
from valossa_metadata.archive.worker import Task
from valossa_metadata.testing import synthetic

Expected = dict[str, dict[str, pl.DataFrame]]


def test_in_process_dataset_has_every_good_result(
    corpus: Corpus, dataset_1: Path, expected: Expected
) -> None:
    assert_dataset(dataset_1, expected)
    manifest = read_manifest(dataset_1)
    assert sorted(manifest.get_column("source")) == sorted(corpus.good)
    assert dict(zip(manifest.get_column("source"), manifest.get_column("job_id"))) == corpus.good
    rows = manifest.select("job_id", pl.col("rows").struct.unnest()).sort("job_id")
    for record in rows.iter_rows(named=True):
        assert all(record[t] == expected[record["job_id"]][t].height for t in ARCHIVE_TABLES)


def test_all_workers_give_the_same_dataset_and_name_bad_files(
    corpus: Corpus, dataset_1: Path, expected: Expected, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    summary = convert(corpus.root, out, workers=2, progress=True)
    assert (summary.total, summary.converted, summary.skipped, summary.failed) == (12, 6, 1, 5)
    assert not summary.ok
    assert sorted(source for source, _ in summary.failures) == corpus.broken
    err = capsys.readouterr().err
    for source in corpus.broken:
        assert f"failed: {source}: " in err
    assert "convert: 100%" in err  # the progress bar
    assert_dataset(out, expected)
    assert read_manifest(out).drop("converted_at").equals(read_manifest(dataset_1).drop("converted_at"))


def test_error_table_names_every_bad_file_with_its_error(corpus: Corpus, dataset_1: Path) -> None:
    errors = read_errors(dataset_1).sort("source")
    assert errors.get_column("source").to_list() == corpus.broken
    messages = dict(zip(errors.get_column("source"), errors.get_column("error")))
    root = corpus.root / "broken"
    assert messages[str(root / "empty.json")] == "empty input: expected a Core metadata JSON object"
    assert messages[str(root / "truncated.json")].startswith("not valid JSON")
    assert messages[str(root / "not_json.json")].startswith("not valid JSON")
    assert messages[str(root / "wrong_type_deep.json")].endswith(".occs[0].ss: Expected `float`, got `str`")
    assert messages[str(root / "wrong_type_by_second.json")] == (
        "at $.detection_groupings.by_second[2][0].d: Expected `str`, got `int`"
    )
    assert errors.get_column("time").dtype == pl.Datetime("us", "UTC")
    assert errors.get_column("sha256").null_count() == 0


def test_rerun_converts_nothing(corpus: Corpus, dataset_1: Path, tmp_path: Path) -> None:
    out = copy_tree(dataset_1, tmp_path / "out")
    before = (read_manifest(out), part_files(out), (out / MANIFEST_FILE).read_bytes())
    summary = convert(corpus.root, out, workers=1, progress=False)
    assert (summary.converted, summary.unchanged, summary.skipped, summary.failed) == (0, 6, 1, 5)
    assert read_manifest(out).equals(before[0])  # same converted_at: nothing was redone
    assert part_files(out) == before[1]
    assert (out / MANIFEST_FILE).read_bytes() == before[2]
    assert not (out / STAGING_DIR).exists()


def test_same_content_with_a_new_time_is_not_converted_again(
    own_corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    convert(own_corpus.root, out, workers=1, progress=False)
    touched = own_corpus.root / "a.json"
    touch_later(touched)
    files = part_files(out)
    summary = convert(own_corpus.root, out, workers=1, progress=False)
    assert (summary.converted, summary.unchanged) == (0, 6)
    assert part_files(out) == files
    manifest = read_manifest(out).filter(pl.col("source") == str(touched))
    assert manifest.get_column("mtime_ns").item() == touched.stat().st_mtime_ns
    read: list[str] = []

    def spy(task: Task) -> worker_module.Outcome:
        read.append(task.source)
        return worker_module.run_task(task)

    monkeypatch.setattr(dataset_module, "run_task", spy)
    convert(own_corpus.root, out, workers=1, progress=False)
    assert sorted(read) == own_corpus.broken  # known files are not even read


def test_changed_result_replaces_exactly_its_rows(own_corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "out"
    convert(own_corpus.root, out, workers=1, progress=False)
    changed = own_corpus.root / "2024" / "05" / "c.json"
    job_id = own_corpus.good[str(changed)]
    doc = json.loads(changed.read_bytes())
    for detection in list(doc["detections"].values())[:5]:
        detection["label"] = "changed label"
    changed.write_bytes(dump(doc))
    before = part_files(out)
    summary = convert(own_corpus.root, out, workers=1, progress=False)
    assert (summary.converted, summary.unchanged, summary.failed) == (1, 5, 5)
    after = part_files(out)
    assert after.keys() == before.keys()
    assert {path for path in after if after[path] != before[path]} == set(job_files(out, job_id))
    assert_dataset(out, expected_tables(own_corpus))
    labels = scan(out)["detections"].filter(pl.col("job_id") == job_id, pl.col("label") == "changed label")
    assert labels.collect().height == 5
    manifest = read_manifest(out).filter(pl.col("job_id") == job_id)
    assert manifest.get_column("sha256").item() == convert_result(changed.read_bytes(), "x").sha256


def test_interrupted_commit_is_redone(
    own_corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    convert(own_corpus.root, out, workers=1, progress=False)
    changed = own_corpus.root / "a.json"
    job_id = own_corpus.good[str(changed)]
    doc = json.loads(changed.read_bytes())
    doc["media_info"]["technical"]["duration_s"] = 29.5
    first = next(iter(doc["detections"].values()))
    first["label"] = "new"
    changed.write_bytes(dump(doc))

    real_replace = os.replace
    calls = []

    def crash_on_third(src: str, dst: str) -> None:
        calls.append(dst)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", crash_on_third)
    with pytest.raises(OSError, match="No space left"):
        convert(own_corpus.root, out, workers=1, progress=False)
    monkeypatch.undo()
    assert job_id not in read_manifest(out).get_column("job_id").to_list()  # begun, never added
    summary = convert(own_corpus.root, out, workers=1, progress=False)
    assert (summary.converted, summary.unchanged) == (1, 5)
    assert_dataset(out, expected_tables(own_corpus))
    assert job_id in read_manifest(out).get_column("job_id").to_list()


def test_crash_leftovers_are_cleaned_and_the_job_redone(
    corpus: Corpus, dataset_1: Path, expected: Expected, tmp_path: Path
) -> None:
    """A hard crash (no cleanup ran): temp files, a half-replaced job and a half-written new job."""
    out = copy_tree(dataset_1, tmp_path / "out")
    half_replaced = next(iter(corpus.good.values()))
    with open(out / MANIFEST_FILE, "ab") as journal:
        journal.write(
            f'{{"op":"begin","job_id":"{half_replaced}"}}\n{{"op":"begin","job_id":"ghost"}}\n'.encode()
        )
        journal.write(b'{"op":"add","job_id":"ghost","sou')  # torn by the crash
    other = expected[next(iter(expected.keys() - {half_replaced}))]["shots"]
    other.drop("job_id").write_parquet(job_dir(out, "shots", half_replaced) / "part-0.parquet")
    for table in ("detections", "shots"):
        ghost = job_dir(out, table, "ghost")
        ghost.mkdir()
        other.drop("job_id").write_parquet(ghost / "part-0.parquet")
    (out / STAGING_DIR / "1234").mkdir(parents=True)
    (out / STAGING_DIR / "1234" / "shots.parquet").write_bytes(b"PAR1 half written")
    assert half_replaced not in read_manifest(out).get_column("job_id").to_list()

    summary = convert(corpus.root, out, workers=1, progress=False)
    assert (summary.converted, summary.unchanged) == (1, 5)
    assert_dataset(out, expected)
    assert not job_dir(out, "shots", "ghost").exists()
    assert not (out / STAGING_DIR).exists()
    lines = (out / MANIFEST_FILE).read_bytes().splitlines()
    assert len(lines) == 6 + 1  # compacted: the jobs and the side file
    assert b"begin" not in b"".join(lines)


def test_copies_are_skipped_and_conflicts_fail(
    own_corpus: Corpus, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    convert(own_corpus.root, out, workers=1, progress=False)
    original = own_corpus.root / "a.json"
    copy = own_corpus.root / "copy" / "a.json"
    copy.parent.mkdir()
    shutil.copy(original, copy)
    summary = convert(own_corpus.root, out, workers=1, progress=False)
    assert (summary.converted, summary.skipped, summary.failed) == (0, 2, 5)
    assert f"skipped: {copy}: the same result as {original}" in capsys.readouterr().err

    read: list[str] = []

    def spy(task: Task) -> worker_module.Outcome:
        read.append(task.source)
        return worker_module.run_task(task)

    monkeypatch.setattr(dataset_module, "run_task", spy)
    assert convert(own_corpus.root, out, workers=1, progress=False).skipped == 2
    assert str(copy) not in read
    monkeypatch.undo()

    doc = json.loads(original.read_bytes())
    doc["media_info"]["technical"]["duration_s"] = 1.0
    conflict = own_corpus.root / "conflict.json"
    conflict.write_bytes(dump(doc))
    summary = convert(own_corpus.root, out, workers=1, progress=False)
    assert summary.failed == 6
    message = dict(summary.failures)[str(conflict)]
    job_id = own_corpus.good[str(original)]
    assert message == f"job {job_id} is already in the dataset from {original}, with other content"


def test_a_moved_file_takes_its_job_along(own_corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "out"
    convert(own_corpus.root, out, workers=1, progress=False)
    old = own_corpus.root / "2024" / "05" / "c.json"
    new = own_corpus.root / "2024" / "05" / "c-renamed.json"
    old.rename(new)
    job_id = own_corpus.good[str(old)]
    summary = convert(own_corpus.root, out, workers=1, progress=False)
    assert (summary.converted, summary.unchanged, summary.failed) == (1, 5, 5)
    manifest = read_manifest(out)
    assert manifest.filter(pl.col("job_id") == job_id).get_column("source").item() == str(new)
    assert str(old) not in manifest.get_column("source").to_list()
    sources = scan(out)["occurrences"].filter(pl.col("job_id") == job_id).select("source").unique()
    assert sources.collect().item() == str(new)


def test_a_file_that_now_holds_another_job_removes_the_old_one(own_corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "out"
    convert(own_corpus.root, out, workers=1, progress=False)
    path = own_corpus.root / "a.json"
    old_job = own_corpus.good[str(path)]
    doc = json.loads(path.read_bytes())
    doc["job_info"]["job_id"] = "a-new-job"
    path.write_bytes(dump(doc))
    side = own_corpus.root / "2024" / "05" / "c.json"
    side_job = own_corpus.good[str(side)]
    side.write_bytes(dump(synthetic.seconds_objects(synthetic_doc(3), seed=3)))

    summary = convert(own_corpus.root, out, workers=1, progress=False)
    assert (summary.converted, summary.skipped, summary.removed) == (1, 2, 2)
    assert "2 removed" in str(summary)
    jobs = read_manifest(out).get_column("job_id").to_list()
    assert "a-new-job" in jobs
    assert not {old_job, side_job} & set(jobs)
    for table in ARCHIVE_TABLES:
        assert not job_dir(out, table, old_job).exists()
        assert not job_dir(out, table, side_job).exists()
    assert scan(out)["shots"].filter(pl.col("job_id") == "a-new-job").collect().height > 0


def test_error_table_follows_the_files(own_corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "out"
    convert(own_corpus.root, out, workers=1, progress=False)
    broken = own_corpus.root / "broken"
    (broken / "empty.json").write_bytes(dump(synthetic_doc(21)))  # fixed
    (broken / "not_json.json").unlink()  # gone
    good = own_corpus.root / "a.json"
    job_id = own_corpus.good[str(good)]
    good.write_bytes(b"{")  # a good result turns bad: its last good rows stay
    summary = convert(own_corpus.root, out, workers=1, progress=False)
    assert (summary.converted, summary.failed) == (1, 4)
    errors = read_errors(out).get_column("source").to_list()
    assert sorted(errors) == sorted(
        [
            str(good),
            *(
                str(broken / n)
                for n in ("truncated.json", "wrong_type_deep.json", "wrong_type_by_second.json")
            ),
        ]
    )
    assert job_id in read_manifest(out).get_column("job_id").to_list()
    assert scan(out)["shots"].filter(pl.col("job_id") == job_id).collect().height > 0


def test_job_ids_of_any_shape_come_back_as_they_were(tmp_path: Path) -> None:
    doc = synthetic_doc(22)
    doc["job_info"]["job_id"] = "2024/05 a=b%c é"
    (tmp_path / "odd.json").write_bytes(dump(doc))
    doc["job_info"]["job_id"] = "12345"
    (tmp_path / "numeric.json").write_bytes(dump(doc))
    doc["job_info"]["job_id"] = "x" * 300
    (tmp_path / "long.json").write_bytes(dump(doc))
    summary = convert(tmp_path, tmp_path / "out", workers=1, progress=False)
    assert dict(summary.failures) == {
        str(
            tmp_path / "long.json"
        ): "UsageError: job_id is too long for a partition directory (307 bytes encoded, at most 255)"
    }
    shots = scan(tmp_path / "out")["shots"]
    assert shots.collect_schema()["job_id"] == pl.String
    assert sorted(shots.select("job_id").unique().collect().to_series()) == ["12345", "2024/05 a=b%c é"]
    files = f"{(tmp_path / 'out').as_posix()}/shots/**/*.parquet"
    options = "hive_partitioning = true, hive_types = {'job_id': VARCHAR}"
    query = f"SELECT DISTINCT job_id FROM read_parquet('{files}', {options})"
    relation = duckdb.sql(query)
    assert relation is not None
    assert sorted(relation.pl().to_series()) == ["12345", "2024/05 a=b%c é"]


def test_scan_of_an_empty_dataset_has_the_schemas(tmp_path: Path) -> None:
    (tmp_path / "results").mkdir()
    summary = convert(tmp_path / "results", tmp_path / "out", progress=False)
    assert (summary.total, summary.ok) == (0, True)
    assert str(summary).startswith("0 results: 0 converted")
    for name, lazy in scan(tmp_path / "out").items():
        assert lazy.collect().schema == archive_schema(name)
    assert read_errors(tmp_path / "out").height == 0


def test_sources_may_be_named_one_by_one(corpus: Corpus, tmp_path: Path) -> None:
    good = list(corpus.good)
    named = [good[0], good[1], good[0], str(tmp_path / "missing.json")]
    summary = convert(named, tmp_path / "out", workers=1, progress=False)
    assert (summary.total, summary.converted, summary.failed) == (3, 2, 1)
    assert summary.failures == ((str(tmp_path / "missing.json"), "no such file"),)


def test_walking_skips_hidden_files_other_names_and_the_output(corpus: Corpus, tmp_path: Path) -> None:
    root = tmp_path / "results"
    shutil.copytree(corpus.root, root)
    (root / ".git").mkdir()
    (root / ".git" / "x.json").write_bytes(b"{}")
    (root / "OUT").mkdir()
    (root / "OUT" / "y.json").write_bytes(b"{}")
    (root / "UPPER.JSON").write_bytes(b"{}")
    found = find_sources(root, exclude=root / "OUT")
    assert str(root / "UPPER.JSON") in found
    assert not [p for p in found if "/.git/" in p or "/OUT/" in p or p.endswith((".hidden.json", ".txt"))]
    assert find_sources([root / "OUT"], exclude=root / "OUT") == []


def test_one_run_at_a_time(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "out"
    with ArchiveWriter(out, total=0, progress=False), pytest.raises(ArchiveError, match="another convert"):
        convert(corpus.root, out, workers=1, progress=False)
    assert convert(list(corpus.good)[:1], out, workers=1, progress=False).converted == 1


def test_workers_must_be_positive(corpus: Corpus, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="workers must be at least 1"):
        convert(corpus.root, tmp_path / "out", workers=0)


def test_an_unforeseen_error_fails_only_its_file(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(data: bytes, source: str, *, sha256: str | None = None) -> None:
        raise KeyError("7")

    monkeypatch.setattr(worker_module, "convert_result", boom)
    summary = convert(list(corpus.good)[:2], tmp_path / "out", workers=1, progress=False)
    assert summary.failed == 2
    assert {message for _, message in summary.failures} == {"KeyError: '7'"}


def test_a_write_failure_stops_the_run_and_leaves_nothing_half_done(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(self: pl.DataFrame, file: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    out = tmp_path / "out"
    monkeypatch.setattr(pl.DataFrame, "write_parquet", full_disk)
    with pytest.raises(OSError, match="No space left"):
        convert(corpus.root, out, workers=1, progress=False)
    monkeypatch.undo()
    assert read_manifest(out).height == 0
    assert not (out / STAGING_DIR).exists()
    assert not list(out.glob("*/job_id=*"))


def test_a_dead_worker_process_stops_the_run_with_a_clear_error() -> None:
    future: Future[worker_module.Outcome] = Future()
    future.set_exception(BrokenProcessPool("gone"))
    with pytest.raises(ArchiveError, match=r"a worker process died while converting x\.json"):
        _result(future, Task("x.json"))


def test_summary_line() -> None:
    summary = ConvertSummary(
        "OUT", total=4, converted=1, unchanged=1, skipped=1, failed=1, removed=0, seconds=2.25
    )
    assert str(summary) == "4 results: 1 converted, 1 unchanged, 1 skipped, 1 failed in 2.2 s -> OUT"


def test_corpus_fixture_is_what_the_tests_think(corpus: Corpus) -> None:
    assert (len(corpus.good), len(corpus.broken)) == (6, 5)
    assert sorted(find_sources(corpus.root)) == corpus.all_sources


def test_a_corrupt_manifest_stops_the_run_and_releases_the_lock(corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / MANIFEST_FILE).write_bytes(b'{"op":"add","job_id":7}\n')
    with pytest.raises(ArchiveError, match="the manifest is corrupt"):
        convert(corpus.root, out, workers=1, progress=False)
    (out / MANIFEST_FILE).unlink()
    assert convert(list(corpus.good)[:1], out, workers=1, progress=False).converted == 1


def test_unreadable_and_vanished_sources_fail(own_corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "out"
    good = list(own_corpus.good)
    convert(good[:2], out, workers=1, progress=False)
    Path(good[0]).unlink()
    summary = convert([good[0], f"{good[1]}/inside.json"], out, workers=1, progress=False)
    assert dict(summary.failures) == {
        good[0]: "no such file",
        f"{good[1]}/inside.json": "cannot read: Not a directory",
    }
    assert read_manifest(out).height == 2  # the last good rows stay
