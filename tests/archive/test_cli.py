"""``valossa-metadata convert``: a summary line, and a non-zero exit when a file failed."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from tests.archive.conftest import Corpus
from tests.archive.test_migrate import write_old_dataset
from valossa_metadata.archive import read_manifest
from valossa_metadata.archive.lock import dataset_lock
from valossa_metadata.cli import app as cli
from valossa_metadata.cli import archive as archive_commands


def run(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    assert archive_commands.__name__.rsplit(".", 1)[1] in cli.COMMANDS
    return cli.main(argv)


def test_convert_prints_a_summary_and_fails_when_a_file_failed(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    status = run(
        ["convert", str(corpus.root), "-o", str(out), "--workers", "1", "--no-progress"], monkeypatch
    )
    captured = capsys.readouterr()
    assert status == 1
    counts = "12 results: 6 converted, 0 unchanged, 1 skipped, 5 failed"
    assert captured.out == f"{counts} in {_seconds(captured.out)} s -> {out}\n"
    assert all(f"failed: {source}: " in captured.err for source in corpus.broken)
    assert "convert:" not in captured.err  # no progress bar
    assert read_manifest(out).height == 6


def test_convert_of_good_files_exits_zero(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    good = list(corpus.good)[:2]
    status = run(["convert", *good, "-o", str(tmp_path / "out"), "--workers", "1"], monkeypatch)
    captured = capsys.readouterr()
    assert status == 0
    assert captured.out.startswith("2 results: 2 converted, 0 unchanged, 0 skipped, 0 failed in ")
    assert "convert: 100%" in captured.err


def test_a_busy_dataset_is_one_error_line_and_status_3(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    run(["convert", *list(corpus.good)[:1], "-o", str(out), "--no-progress"], monkeypatch)
    capsys.readouterr()
    busy = (
        f"valossa-metadata: error: {out}: another convert, compact, vacuum or migrate is writing this "
        "dataset; try again when it is done\n"
    )
    with dataset_lock(out):
        for argv in (
            ["convert", str(corpus.root), "-o", str(out), "--no-progress"],
            ["compact", str(out)],
            ["vacuum", str(out)],
        ):
            assert run(argv, monkeypatch) == archive_commands.BUSY_STATUS
            assert capsys.readouterr().err == busy
    with dataset_lock(tmp_path / "old"):
        write_old_dataset(corpus, tmp_path / "old")
        assert run(["migrate", str(tmp_path / "old"), str(tmp_path / "new")], monkeypatch) == 3


def test_prune_compact_vacuum_and_migrate_commands(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    good = sorted(corpus.good)
    run(["convert", *good, "-o", str(out), "--batch", "2", "--no-progress"], monkeypatch)
    assert run(["convert", *good[:1], "-o", str(out), "--prune", "--no-progress"], monkeypatch) == 0
    assert read_manifest(out).height == 6  # the other files still exist
    capsys.readouterr()
    assert run(["compact", str(out), "--z-order"], monkeypatch) == 0
    assert "shots: 3 -> 1 data files\n" in capsys.readouterr().out
    assert run(["vacuum", str(out), "--retention-hours", "0", "--dry-run"], monkeypatch) == 0
    assert capsys.readouterr().out.startswith("would delete ")
    assert run(["vacuum", str(out)], monkeypatch) == 0
    assert capsys.readouterr().out == f"deleted 0 unused data files in 9 tables of {out}\n"

    old = tmp_path / "old"
    old.mkdir()
    write_old_dataset(corpus, old)
    assert run(["convert", str(corpus.root), "-o", str(old), "--no-progress"], monkeypatch) == 1
    assert f"'valossa-metadata migrate {old} NEW'" in capsys.readouterr().err
    assert run(["migrate", str(old), str(tmp_path / "new"), "--no-progress"], monkeypatch) == 0
    assert capsys.readouterr().out.startswith("7 results: 6 converted, 0 unchanged, 1 skipped, 0 failed")


def test_vacuum_retention_must_not_be_negative(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="valossa-metadata")
    archive_commands.register(parser.add_subparsers())
    with pytest.raises(SystemExit):
        parser.parse_args(["vacuum", "x", "--retention-hours", "-1"])
    assert "must not be negative" in capsys.readouterr().err


@pytest.mark.parametrize("workers", ["0", "two"])
def test_workers_must_be_a_positive_number(workers: str, capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="valossa-metadata")
    archive_commands.register(parser.add_subparsers())
    with pytest.raises(SystemExit) as exited:
        parser.parse_args(["convert", "x", "-o", "out", "--workers", workers])
    assert exited.value.code == 2
    assert "--workers" in capsys.readouterr().err


def test_output_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    parser = argparse.ArgumentParser(prog="valossa-metadata")
    archive_commands.register(parser.add_subparsers())
    with pytest.raises(SystemExit):
        parser.parse_args(["convert", "x"])
    assert "-o/--output" in capsys.readouterr().err


def _seconds(line: str) -> str:
    return line.split(" in ", 1)[1].split(" s -> ", 1)[0]
