"""``plot``, ``export`` and ``report`` run through their parsers (and through the main CLI)."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import polars as pl
import pysrt
import pytest
from matplotlib.image import imread

import valossa_metadata as vm
from valossa_metadata import export
from valossa_metadata.cli import app as cli
from valossa_metadata.cli import export as export_command
from valossa_metadata.cli import plots, report
from valossa_metadata.cli.common import CommandError
from valossa_metadata.errors import UsageError

from ..conftest import CURRENT, LEGACY_110, REAL_131

SAMPLE = str(CURRENT)


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="valossa-metadata")
    commands = main.add_subparsers()
    for module in (plots, export_command, report):
        module.register(commands)
    return main


def run(*argv: str) -> int:
    args = parser().parse_args(list(argv))
    return int(args.handler(args))


# ---- plot -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "name"),
    [
        (["--kind", "timeline", "--shots", "--speech", "-n", "5"], "out.png"),
        (["--kind", "heatmap", "--bin", "5", "-t", "visual.context"], "out.svg"),
        (["--kind", "screen-time", "--by", "type"], "out.pdf"),
        (["--kind", "sentiment", "--smooth", "5", "--start", "30", "--end", "90"], "out.png"),
        (["--kind", "sentiment", "--length", "60"], "out.png"),
        (["--kind", "speakers", "--end", "200", "--length", "60"], "out.png"),
        (["--bar-summary", "--detection-type", "human.face", "--by", "identity", "--show-title"], "out.png"),
        (["--transcript-sentiment-graph", "--simple"], "out.png"),
        (["--face-sentiment-graph", "--image-size", "(640, 320)", "-f", "png"], "out.png"),
    ],
)
def test_plot_kinds_and_metareader_flags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], options: list[str], name: str
) -> None:
    target = tmp_path / name
    assert run("plot", SAMPLE, *options, "--output-file", str(target)) == 0
    assert capsys.readouterr().out == f"{target}\n"
    assert target.stat().st_size > 1000


def test_plot_image_size_is_exact_in_pixels(tmp_path: Path) -> None:
    target = tmp_path / "sized.png"
    run("plot", SAMPLE, "--image-size", "640,320", "--dpi", "80", "-o", str(target))
    assert imread(target).shape[:2] == (320, 640)
    run("plot", SAMPLE, "--width", "6", "--dpi", "50", "-o", str(target))
    assert imread(target).shape[:2] == (250, 300)


def test_plot_default_name_and_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    run("plot", SAMPLE, "--kind", "speakers", "-f", "svg")
    assert (tmp_path / "current_format_example.speakers.svg").read_bytes().startswith(b"<?xml")
    run("plot", SAMPLE)
    assert (tmp_path / "current_format_example.timeline.png").exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--bar-summary", "--face-sentiment-graph"], "give one of"),
        (["--kind", "heatmap", "--bar-summary"], "contradicts the metadata-reader flag"),
        (["--simple"], "--simple is for the sentiment plot"),
        (["--by", "type"], "--by type is for the screen-time chart"),
        (["--kind", "screen-time", "--by", "detection_id"], "label, type or identity"),
        (["-o", "x.gif"], "cannot tell the image format"),
        (["-o", "x.png", "-f", "pdf"], "contradicts --format pdf"),
        (["--width", "-3"], "positive inches"),
        (["--start", "90", "--end", "10"], "ends"),
        (["--kind", "sentiment", "--simple", "--smooth", "2", "-t", "x"], None),
    ],
)
def test_plot_refuses_contradictions(tmp_path: Path, options: list[str], message: str | None) -> None:
    if message is None:  # a valid but odd combination still draws
        assert run("plot", SAMPLE, *options, "-o", str(tmp_path / "ok.png")) == 0
        return
    with pytest.raises(UsageError, match=message):
        run("plot", SAMPLE, *options)
    assert not list(tmp_path.iterdir())


def test_plot_says_when_the_file_lacks_the_data() -> None:
    with pytest.raises(CommandError, match="no sentiment data"):
        run("plot", str(LEGACY_110), "--kind", "sentiment")
    with pytest.raises(CommandError, match="no face sentiment data"):
        run("plot", str(REAL_131), "--face-sentiment-graph")
    with pytest.raises(CommandError, match="no speakers"):
        run("plot", str(LEGACY_110), "--kind", "speakers")


@pytest.mark.parametrize("text", ["(1, 2, 3)", "wide", "0,100", "(10,-1)"])
def test_bad_image_sizes(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        plots.image_size(text)


def test_plot_through_the_main_cli(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert {"plots", "export", "report"} <= set(cli.COMMANDS)
    assert cli.main(["plot", SAMPLE, "--kind", "speakers", "-o", str(tmp_path / "s.png")]) == 0
    assert cli.main(["plot", SAMPLE, "--bar-summary", "--kind", "timeline"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("valossa-metadata: error: --kind timeline contradicts")
    assert cli.main(["report", str(tmp_path / "none.json"), "-o", str(tmp_path / "r")]) == 1
    assert "no such file" in capsys.readouterr().err


# ---- export ---------------------------------------------------------------------------------------


def test_command_lists_match_the_library() -> None:
    assert export_command.FORMATS == export.FORMATS
    assert export_command.TABLES == export.TABLES
    assert export_command.SOURCES == export.CUE_SOURCES


def test_export_tables(tmp_path: Path, current_md: vm.Metadata, capsys: pytest.CaptureFixture[str]) -> None:
    run("export", SAMPLE, "--table", "words", "-o", str(tmp_path / "words.parquet"))
    assert pl.read_parquet(tmp_path / "words.parquet").equals(current_md.words())
    run("export", SAMPLE, "-f", "jsonl", "--table", "faces", "-p", "John*", "-o", str(tmp_path / "faces.x"))
    rows = [json.loads(line) for line in (tmp_path / "faces.x").read_text(encoding="utf-8").splitlines()]
    assert {r["name"] for r in rows} == {"John Carter"}
    run("export", SAMPLE, "-f", "csv", "--table", "occurrences", "--start", "0", "--end", "10")
    out = capsys.readouterr().out
    assert out.startswith("detection_id,occurrence_id,")
    assert out.count("\n") - 1 == current_md.select(start=0, end=10).occurrences().height


def test_export_subtitles_read_back(tmp_path: Path, current_md: vm.Metadata) -> None:
    run("export", SAMPLE, "-o", str(tmp_path / "t.srt"))
    assert len(pysrt.open(str(tmp_path / "t.srt"))) == current_md.speech().height
    run("export", SAMPLE, "--source", "words", "--max-pause", "0.5", "-o", str(tmp_path / "w.vtt"))
    words = vm.read_subtitles(tmp_path / "w.vtt")
    assert words.height == export.word_cues(current_md.words(), max_pause=0.5).height
    run(
        "export",
        SAMPLE,
        "-f",
        "srt",
        "--source",
        "labels",
        "-t",
        "human.face",
        "--snap",
        "1",
        "-o",
        str(tmp_path / "f"),
    )
    labels = pysrt.open(str(tmp_path / "f"))
    faces = current_md.face_identities().select("detection_id", "identity")
    first = current_md.select(types="human.face").occurrences().join(faces, on="detection_id").sort("start")
    assert labels[0].text == first["identity"][0]


def test_export_rttm_and_audacity(tmp_path: Path, current_md: vm.Metadata) -> None:
    run("export", SAMPLE, "-o", str(tmp_path / "a.rttm"), "--file-id", "clip")
    lines = (tmp_path / "a.rttm").read_text(encoding="utf-8").splitlines()
    assert len(lines) == current_md.speaker_turns().height
    assert lines[0].startswith("SPEAKER clip 1 1.148 ")
    run("export", SAMPLE, "-t", "human.face", "-o", str(tmp_path / "labels.txt"))
    faces = (tmp_path / "labels.txt").read_text(encoding="utf-8").splitlines()
    assert len(faces) == current_md.select(types="human.face").occurrences().height
    run("export", SAMPLE, "-f", "audacity", "--source", "sentences", "-o", str(tmp_path / "s.txt"))
    assert (tmp_path / "s.txt").read_text(encoding="utf-8").count("\n") == current_md.speech().height


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["-o", "out.xyz"], "give --format"),
        ([], "give --format"),
        (["-f", "parquet"], "Parquet is binary"),
        (["-f", "srt", "--max-pause", "-1"], "--max-pause"),
        (["-f", "srt", "--snap", "0"], "--snap"),
    ],
)
def test_export_refuses_unclear_requests(options: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run("export", SAMPLE, *options)


# ---- report ---------------------------------------------------------------------------------------


def test_report_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("report", str(LEGACY_110), "-o", str(tmp_path / "r"), "--no-plots", "-n", "3") == 0
    assert capsys.readouterr().out == f"{tmp_path / 'r' / 'index.html'}\n"
    assert not list((tmp_path / "r").glob("*.png"))
    with pytest.raises(CommandError, match="--top is 1 or more"):
        run("report", str(LEGACY_110), "-n", "0")
    with pytest.raises(CommandError, match="--copy-video needs --video"):
        run("report", str(LEGACY_110), "--copy-video")


def test_report_command_with_a_video(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    clip = tmp_path / "clip.webm"
    clip.write_bytes(b"x")
    out = tmp_path / "r"
    assert run("report", SAMPLE, "-o", str(out), "--no-plots", "--video", str(clip), "--copy-video") == 0
    assert (out / "clip.webm").read_bytes() == b"x"
    assert '<video id="video" controls preload="metadata" playsinline src="clip.webm">' in (
        out / "index.html"
    ).read_text(encoding="utf-8")
    capsys.readouterr()
    assert cli.main(["report", SAMPLE, "-o", str(tmp_path / "s"), "--video", str(tmp_path / "no.webm")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "video file not found" in err
    assert not (tmp_path / "s").exists()
