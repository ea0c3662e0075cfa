"""convert() and scan(): the Delta tables, their errors, resuming, replacing and source tracking."""

from __future__ import annotations

import json
import shutil
from concurrent.futures import Future
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import polars as pl
import pytest

from tests.archive.conftest import Corpus, copy_tree, dump, expected_tables, synthetic_doc
from tests.archive.helpers import assert_dataset, delta_logs, touch_later
from valossa_metadata.archive import (
    ARCHIVE_TABLES,
    ArchiveError,
    DatasetBusyError,
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
from valossa_metadata.archive.delta import open_table
from valossa_metadata.archive.discover import find_sources
from valossa_metadata.archive.layout import ERRORS_FILE, table_path
from valossa_metadata.archive.lock import dataset_lock
from valossa_metadata.archive.store import ConvertSummary
from valossa_metadata.archive.worker import Task
from valossa_metadata.testing import synthetic

Expected = dict[str, dict[str, pl.DataFrame]]


def test_in_process_dataset_has_every_good_result(
    corpus: Corpus, dataset_1: Path, expected: Expected
) -> None:
    assert_dataset(dataset_1, expected)
    for name in ARCHIVE_TABLES:
        assert open_table(table_path(dataset_1, name)) is not None, name  # every table exists, empty or not
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


def test_one_batch_is_one_commit_per_table_with_one_data_file(dataset_1: Path) -> None:
    for name in ARCHIVE_TABLES:
        table = open_table(table_path(dataset_1, name))
        assert table.version() == 0, name
        assert len(table.file_uris()) <= 1, name  # no partitioning by job


def test_error_table_names_every_bad_file_with_its_error(corpus: Corpus, dataset_1: Path) -> None:
    errors = read_errors(dataset_1).sort("source")
    assert errors.get_column("source").to_list() == corpus.broken
    messages = dict(zip(errors.get_column("source"), errors.get_column("error")))
    root = corpus.root / "broken"
    assert messages[str(root / "empty.json")] == "empty input: expected a Core metadata JSON object"
    assert messages[str(root / "truncated.json")].startswith("not valid JSON")
    assert messages[str(root / "wrong_type_deep.json")].endswith(".occs[0].ss: Expected `float`, got `str`")
    assert messages[str(root / "wrong_type_by_second.json")] == (
        "at $.detection_groupings.by_second[2][0].d: Expected `str`, got `int`"
    )
    assert errors.get_column("time").dtype == pl.Datetime("us", "UTC")
    assert errors.get_column("sha256").null_count() == 0


def test_an_unchanged_rerun_writes_nothing(corpus: Corpus, dataset_1: Path, tmp_path: Path) -> None:
    out = copy_tree(dataset_1, tmp_path / "out")
    before = (read_manifest(out), delta_logs(out), (out / ERRORS_FILE).stat().st_mtime_ns)
    summary = convert(corpus.root, out, workers=1, progress=False)
    assert (summary.converted, summary.unchanged, summary.skipped, summary.failed) == (0, 6, 1, 5)
    assert summary.commits == 0
    assert read_manifest(out).equals(before[0])  # same converted_at: nothing was redone
    assert delta_logs(out) == before[1]
    assert (out / ERRORS_FILE).stat().st_mtime_ns == before[2]


def test_same_content_with_a_new_time_is_not_converted_again(
    own_corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    convert(own_corpus.root, out, workers=1, progress=False)
    touched = own_corpus.root / "a.json"
    touch_later(touched)
    logs = delta_logs(out)
    summary = convert(own_corpus.root, out, workers=1, progress=False)
    assert (summary.converted, summary.unchanged) == (0, 6)
    assert summary.commits == 1  # only the sources table: the new time
    assert {k: v for k, v in delta_logs(out).items() if k != "_sources"} == {
        k: v for k, v in logs.items() if k != "_sources"
    }
    manifest = read_manifest(out).filter(pl.col("source") == str(touched))
    assert manifest.get_column("mtime_ns").item() == touched.stat().st_mtime_ns
    read: list[str] = []

    def spy(task: Task) -> worker_module.Outcome:
        read.append(task.source)
        return worker_module.run_task(task)

    monkeypatch.setattr(dataset_module, "run_task", spy)
    convert(own_corpus.root, out, workers=1, progress=False)
    assert sorted(read) == own_corpus.broken  # known files are not even read


def test_changed_result_replaces_exactly_its_rows_in_one_commit(own_corpus: Corpus, tmp_path: Path) -> None:
    out = tmp_path / "out"
    convert(own_corpus.root, out, workers=1, progress=False)
    changed = own_corpus.root / "2024" / "05" / "c.json"
    job_id = own_corpus.good[str(changed)]
    doc = json.loads(changed.read_bytes())
    for detection in list(doc["detections"].values())[:5]:
        detection["label"] = "changed label"
    changed.write_bytes(dump(doc))
    before = delta_logs(out)
    summary = convert(own_corpus.root, out, workers=1, progress=False)
    assert (summary.converted, summary.unchanged, summary.failed) == (1, 5, 5)
    assert all(delta_logs(out)[name] == count + 1 for name, count in before.items())  # one commit each
    history = open_table(table_path(out, "detections")).history(1)[0]
    assert history["operationParameters"]["mode"] == "Overwrite"
    assert job_id in history["operationParameters"]["predicate"]
    assert_dataset(out, expected_tables(own_corpus))
    labels = scan(out)["detections"].filter(pl.col("job_id") == job_id, pl.col("label") == "changed label")
    assert labels.collect().height == 5
    manifest = read_manifest(out).filter(pl.col("job_id") == job_id)
    assert manifest.get_column("sha256").item() == convert_result(changed.read_bytes(), "x").sha256


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
    for lazy in scan(out).values():
        assert lazy.filter(pl.col("job_id").is_in([old_job, side_job])).collect().height == 0
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
    odd = ["2024/05 a=b%c é", "12345", 'it\'s "quoted"', "x" * 300]
    for number, job_id in enumerate(odd):
        doc["job_info"]["job_id"] = job_id
        (tmp_path / f"{number}.json").write_bytes(dump(doc))
    out = tmp_path / "out"
    assert convert(tmp_path, out, workers=1, progress=False).converted == 4
    shots = scan(out)["shots"]
    assert shots.collect_schema()["job_id"] == pl.String
    assert sorted(shots.select("job_id").unique().collect().to_series()) == sorted(odd)
    doc["job_info"]["job_id"] = odd[2]
    doc["media_info"]["technical"]["duration_s"] = 3.0
    (tmp_path / "2.json").write_bytes(dump(doc))  # replaced through a predicate with quotes in it
    assert convert(tmp_path, out, workers=1, progress=False).converted == 1
    assert sorted(shots.select("job_id").unique().collect().to_series()) == sorted(odd)


def test_scan_of_an_empty_dataset_has_the_schemas(tmp_path: Path) -> None:
    (tmp_path / "results").mkdir()
    summary = convert(tmp_path / "results", tmp_path / "out", progress=False)
    assert (summary.total, summary.ok, summary.commits) == (0, True, 0)
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
    with dataset_lock(out), pytest.raises(DatasetBusyError, match="another convert"):
        convert(corpus.root, out, workers=1, progress=False)
    assert convert(list(corpus.good)[:1], out, workers=1, progress=False).converted == 1


def test_workers_and_batches_must_be_positive(corpus: Corpus, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="workers must be at least 1"):
        convert(corpus.root, tmp_path / "out", workers=0)
    with pytest.raises(ValueError, match="batch_jobs must be at least 1"):
        convert(corpus.root, tmp_path / "out", workers=1, batch_jobs=0)


def test_an_unforeseen_error_fails_only_its_file(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def boom(data: bytes, source: str, *, sha256: str | None = None) -> None:
        raise KeyError("7")

    monkeypatch.setattr(worker_module, "convert_result", boom)
    summary = convert(list(corpus.good)[:2], tmp_path / "out", workers=1, progress=False)
    assert summary.failed == 2
    assert {message for _, message in summary.failures} == {"KeyError: '7'"}


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
