"""``valossa-metadata convert``: a summary line, and a non-zero exit when a file failed."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from tests.archive.conftest import Corpus
from valossa_metadata.archive import read_manifest
from valossa_metadata.archive.store import ArchiveWriter
from valossa_metadata.cli import app as cli
from valossa_metadata.cli import archive as archive_commands


def run(argv: list[str], monkeypatch: pytest.MonkeyPatch) -> int:
    assert archive_commands in cli._GROUPS
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


def test_a_locked_dataset_is_one_error_line(
    corpus: Corpus, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    with ArchiveWriter(out, total=0, progress=False):
        status = run(["convert", str(corpus.root), "-o", str(out), "--no-progress"], monkeypatch)
    assert status == 1
    assert (
        capsys.readouterr().err
        == f"valossa-metadata: error: {out}: another convert is writing this dataset\n"
    )


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
