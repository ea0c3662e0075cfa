"""Side files (boxes, captions) and subtitle results, against independent reads of the same files."""

from __future__ import annotations

import json
import math
from pathlib import Path

import polars as pl
import pysrt
import pytest

import valossa_metadata as vm
from tests.conftest import SAMPLES
from valossa_metadata._sidecars import BOXES_SCHEMA, CAPTIONS_SCHEMA
from valossa_metadata.subtitles.read import SUBTITLES_SCHEMA

PREFIX = SAMPLES / "current_format_example"


def count_boxes(path: Path, key: str) -> int:
    doc = json.loads(path.read_bytes())
    return sum(len(item["b"]) for items in doc[key] for item in items)


@pytest.mark.parametrize(
    ("suffix", "kind", "key", "unit"),
    [
        ("seconds_objects", "seconds_objects", "objects_by_second", "second"),
        ("frames_objects", "frames_objects", "objects_by_frame", "frame"),
        ("frames_faces", "frames_faces", "faces_by_frame", "frame"),
    ],
)
def test_boxes(suffix: str, kind: str, key: str, unit: str, current_md: vm.Metadata) -> None:
    path = Path(f"{PREFIX}.{suffix}.json")
    boxes = vm.load_sidecar(path, fps=current_md.fps)
    assert isinstance(boxes, vm.Boxes)
    assert (boxes.kind, boxes.unit) == (kind, unit)
    table = boxes.table()
    assert table.schema == BOXES_SCHEMA
    assert table.height == count_boxes(path, key) > 0
    assert set(table["detection_id"]) <= set(current_md.core.detections)
    assert table.select(pl.col("x", "y", "w", "h").is_between(0, 1).all()).row(0) == (True,) * 4
    if unit == "frame":
        assert table["time"].to_list() == pytest.approx((table["index"] / current_md.fps).to_list())  # type: ignore[operator]
        assert boxes.table(fps=None).height == table.height
    else:
        assert (table["time"] == table["index"]).all()
    assert kind in repr(boxes)


def test_frame_times_need_fps() -> None:
    boxes = vm.load_sidecar(f"{PREFIX}.frames_faces.json")
    assert boxes.table()["time"].null_count() == boxes.table().height


def test_captions(current_md: vm.Metadata) -> None:
    path = Path(f"{PREFIX}.visual_captions.json")
    captions = vm.load_sidecar(path)
    assert isinstance(captions, vm.Captions)
    table = captions.table()
    raw = json.loads(path.read_bytes())["selected_sections"]
    assert table.schema == CAPTIONS_SCHEMA
    assert table.rows() == [
        (s["section"]["s_start"], s["section"]["s_end"], s["section"]["shot_index"], s["caption"])
        for s in raw
    ]
    assert table["shot_index"].max() < current_md.shots().height  # type: ignore[operator]
    assert "sections" in repr(captions)


def test_sidecar_by_keys_when_type_is_missing() -> None:
    data = json.dumps(
        {"objects_by_second": [[{"d": "1", "o": ["2"], "b": {"x": 0.1, "y": 0.2, "w": 0.3, "h": 0.4}}]]}
    )
    boxes = vm.load_sidecar(data.encode())
    assert isinstance(boxes, vm.Boxes)
    assert boxes.table().row(0, named=True)["w"] == 0.3  # a single box object is accepted
    captions = vm.load_sidecar(b'{"selected_sections": []}')
    assert isinstance(captions, vm.Captions)
    assert captions.table().is_empty()
    empty = vm.load_sidecar(
        b'{"version_info": {"metadata_type": "frames_faces"}, "faces_by_frame": [[], []]}'
    )
    assert isinstance(empty, vm.Boxes)
    assert empty.table().schema == BOXES_SCHEMA


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty input"),
        (b'{"version_info": {"metadata_type": "core"}}', "vm.load()"),
        (b'{"foo": 1}', "found keys: foo"),
        (b'{"objects_by_second": [[{"d": 1}]]}', "at $.objects_by_second[0][0].d"),
        (b"[1]", "Expected `object`"),
    ],
)
def test_sidecar_errors(data: bytes, message: str) -> None:
    with pytest.raises(vm.MetadataError) as caught:
        vm.load_sidecar(data)
    assert message in str(caught.value)


def test_srt_result_matches_pysrt_and_speech(current_md: vm.Metadata) -> None:
    path = Path(f"{PREFIX}.speech_to_text.srt")
    table = vm.read_subtitles(path)
    assert table.schema == SUBTITLES_SCHEMA
    items = pysrt.open(str(path))
    assert table.height == len(items) == current_md.speech().height
    assert table["start"].to_list() == [i.start.ordinal / 1000 for i in items]
    assert table["text"].to_list() == [i.text for i in items]


def test_vtt_result_matches_srt() -> None:
    srt = vm.read_subtitles(Path(f"{PREFIX}.speech_to_text.srt"))
    vtt = vm.read_subtitles(Path(f"{PREFIX}.speech_to_text.vtt"))
    assert vtt.select("start", "end", "text").rows() == srt.select("start", "end", "text").rows()


def test_customer_transcript_reads() -> None:
    table = vm.read_subtitles(SAMPLES / "transcript_example.srt")
    assert table.height > 0
    assert table["end"].ge(table["start"]).all()


def test_vtt_details() -> None:
    text = (
        "WEBVTT - a title\n\nNOTE a note\n\nSTYLE\n::cue {}\n\n1\n00:01.500 --> 00:02.000 align:start\n"
        "<v.loud Speaker 14>Hello <b>there</b>\n\n01:00:00.000 --> 01:00:01.250\nSecond line\nand more\n"
    )
    table = vm.read_subtitles(text.encode(), fmt="vtt")
    assert table.rows() == [
        (1, 1.5, 2.0, "Hello there", "Speaker 14"),
        (2, 3600.0, 3601.25, "Second line\nand more", None),
    ]


@pytest.mark.parametrize(
    ("data", "fmt", "message"),
    [
        (b"WEBVTT\n\n00:01.000 --> 0:02\nx\n", "vtt", "line 3: bad cue timing"),
        (b"00:01.000 --> 00:02.000\nx\n", "vtt", "starts with 'WEBVTT'"),
        (b"WEBVTT\n\xff\xfe", "vtt", "line 2: not valid UTF-8"),
        (b"1\n00:00:01,000 --> 00:00:0x,000\nHi\n", "srt", "line 2: bad timestamp line"),
        (b"", "srt", "no subtitle cues"),
    ],
)
def test_subtitle_errors_name_the_line(data: bytes, fmt: str, message: str) -> None:
    with pytest.raises(vm.MetadataError, match=message):
        vm.read_subtitles(data, fmt=fmt)


def test_unknown_subtitle_format() -> None:
    with pytest.raises(ValueError, match="unknown subtitle format"):
        vm.read_subtitles(b"x", fmt="ttml")


def test_seconds_match_frame_count(current_md: vm.Metadata) -> None:
    raw = json.loads(Path(f"{PREFIX}.frames_faces.json").read_bytes())
    assert current_md.fps is not None
    assert current_md.duration is not None
    assert len(raw["faces_by_frame"]) == math.ceil(current_md.duration * current_md.fps)


def test_srt_speaker_names_come_back() -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\nSpeaker 3: Hello there\n\n"
        "2\n00:00:02,500 --> 00:00:03,000\nand more\n\n"
        "3\n00:00:04,000 --> 00:00:05,000\nSpeaker 7: Yes: indeed\n\n"
        "4\n00:00:06,000 --> 00:00:07,000\nNote: not a speaker\n"
    )
    table = vm.read_subtitles(text.encode())
    assert table.select("text", "speaker").rows() == [
        ("Hello there", "Speaker 3"),
        ("and more", "Speaker 3"),
        ("Yes: indeed", "Speaker 7"),
        ("Note: not a speaker", "Speaker 7"),
    ]
