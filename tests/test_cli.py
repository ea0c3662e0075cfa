"""The command line: formats, files, and one clean line on stderr for bad input."""

from __future__ import annotations

import argparse
import csv
import importlib
import io
import json
import os
import subprocess
import sys
import threading
import warnings
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REAL_131
from valossa_metadata.cli import app
from valossa_metadata.cli.app import main

FILE = str(REAL_131)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_info_table_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "info", FILE)
    assert status == 0
    assert "1.3.1" in out
    assert "Charade with human created transcript" in out
    status, out, _ = run(capsys, "info", FILE, "-f", "json")
    facts = json.loads(out)
    assert facts["detections"] == 701
    assert facts["detections_by_type"]["human.face"] == 62


def test_detections_filters_and_top(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "detections", FILE, "-t", "human.*", "-n", "3", "-f", "csv")
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert sorted(r["type"] for r in rows) == ["human.face"] * 3 + ["human.face_group"] * 3
    assert all(int(r["prominence_rank"]) <= 3 for r in rows)


def test_type_globs_are_comma_separable(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "occurrences", FILE, "--type", "audio.context,explicit_content.*", "-f", "jsonl")
    types = {json.loads(line)["type"] for line in out.splitlines()}
    assert types == {"audio.context", "explicit_content.nudity"}


def test_seconds_json_and_output_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "seconds.json"
    status, out, _ = run(capsys, "seconds", FILE, "-t", "human.face", "-f", "json", "-o", str(target))
    assert status == 0
    assert out == ""
    rows = json.loads(target.read_text(encoding="utf-8"))
    assert rows
    assert {r["type"] for r in rows} == {"human.face"}
    assert [p.name for p in target.parent.iterdir()] == ["seconds.json"]  # no temporary file left


def test_output_into_a_missing_folder_is_an_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, "seconds", FILE, "-o", str(tmp_path / "missing" / "seconds.csv"))
    assert status == 1
    assert err.count("\n") == 1
    assert "there is no folder" in err
    assert not (tmp_path / "missing").exists()


def test_output_onto_a_device_writes_through_it(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, _ = run(capsys, "occurrences", FILE, "-f", "csv", "-o", os.devnull)
    assert status == 0
    assert Path(os.devnull).is_char_device()


def test_output_onto_a_fifo_writes_through_it(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    status, _, _ = run(capsys, "detections", FILE, "-f", "csv", "-o", str(fifo))
    reader.join(timeout=10)
    assert status == 0
    assert fifo.is_fifo()
    assert received[0].startswith(b"detection_id,")


def test_list_columns_in_csv(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "detections", FILE, "-t", "visual.context", "-n", "1", "-f", "csv")
    assert "category_tags" in out.splitlines()[0]


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"[]", "Expected `object`, got `array`"), (b"", "empty input"), (b"{", "not valid JSON")],
)
def test_bad_input_is_one_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes, expected: str
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    status, out, err = run(capsys, "detections", str(path))
    assert status == 1
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("valossa-metadata: error: ")
    assert expected in err
    assert str(path) in err


def test_missing_file(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, _, err = run(capsys, "info", str(tmp_path / "none.json"))
    assert status == 1
    assert "no such file" in err


def test_unwritable_output_is_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    status, _, err = run(capsys, "info", FILE, "-o", str(blocker / "out.txt"))
    assert status == 1
    assert err.count("\n") == 1


def test_no_command_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys)
    assert status == 2
    assert "usage:" in err


def test_module_entry_point_and_light_start() -> None:
    code = (
        "import sys; import valossa_metadata.cli.app as c;"
        f"rc = c.main(['info', {FILE!r}, '-f', 'json']);"
        "assert 'matplotlib' not in sys.modules and 'requests' not in sys.modules, sorted(sys.modules);"
        "sys.exit(rc)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    done = subprocess.run(
        [sys.executable, "-m", "valossa_metadata", "info", "/nonexistent.json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.strip() == "valossa-metadata: error: /nonexistent.json: no such file"
    assert "Traceback" not in done.stderr


def _parser_running(handler: Any) -> Any:
    def build(command: str | None = None) -> argparse.ArgumentParser:
        parser = argparse.ArgumentParser(prog="valossa-metadata")
        parser.set_defaults(handler=handler)
        return parser

    return build


def test_a_polars_error_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import polars as pl

    def broken(args: argparse.Namespace) -> int:
        raise pl.exceptions.ComputeError("parquet: out of specification\n  at row group 3")

    monkeypatch.setattr(app, "build_parser", _parser_running(broken))
    assert main([]) == 1
    err = capsys.readouterr().err
    assert err == "valossa-metadata: error: ComputeError: parquet: out of specification at row group 3\n"


def test_a_bug_is_not_hidden(monkeypatch: pytest.MonkeyPatch) -> None:
    def buggy(args: argparse.Namespace) -> int:
        raise KeyError("a bug")

    monkeypatch.setattr(app, "build_parser", _parser_running(buggy))
    with pytest.raises(KeyError, match="a bug"):
        main([])


def test_other_warnings_pass_through(monkeypatch: pytest.MonkeyPatch) -> None:
    def warns(args: argparse.Namespace) -> int:
        warnings.warn("deprecated here", DeprecationWarning, stacklevel=1)
        return 0

    monkeypatch.setattr(app, "build_parser", _parser_running(warns))
    with pytest.warns(DeprecationWarning, match="deprecated here"):
        assert main([]) == 0


def test_the_command_table_matches_what_each_group_registers() -> None:
    for group, commands in app.COMMANDS.items():
        parser = argparse.ArgumentParser()
        subcommands = parser.add_subparsers()
        importlib.import_module(f"valossa_metadata.cli.{group}").register(subcommands)
        assert tuple(sorted(subcommands.choices)) == commands, group
