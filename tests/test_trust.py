"""Answers a user can trust: what is refused, what is warned about, what the checks find."""

from __future__ import annotations

import json
import math
import warnings
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import valossa_metadata as vm
from tests.conftest import CURRENT, REAL_131
from valossa_metadata.checks import unmodelled_fields
from valossa_metadata.cli import main
from valossa_metadata.query import parse_time, sentiment_timeline, shots_containing
from valossa_metadata.query.timecodes import clock, seconds_of
from valossa_metadata.subtitles import validate_srt_bytes


def core(detections: dict[str, Any] | None = None, **extra: Any) -> bytes:
    document: dict[str, Any] = {"version_info": {"metadata_format": "1.8.1"}, "detections": detections or {}}
    document.update(extra)
    return json.dumps(document).encode()


def detection(t: str = "visual.context", label: str = "dog", *occs: dict[str, Any]) -> dict[str, Any]:
    return {"t": t, "label": label, "occs": list(occs)}


def occ(i: str, ss: float, se: float, **more: Any) -> dict[str, Any]:
    return {"id": i, "ss": ss, "se": se, **more}


# ---- what is not Core metadata -----------------------------------------------------------------


@pytest.mark.parametrize(
    "data",
    [
        b"{}",
        b'{"a": 1}',
        json.dumps(detection("human.face", "x", occ("1", 0, 1))).encode(),
        b'{"d": "7", "o": ["1"], "c": 0.5}',
        b'{"frames": [], "faces_by_frame": []}',
        b'{"version_info": {}}',
    ],
)
def test_what_is_not_core_metadata_is_refused(data: bytes) -> None:
    with pytest.raises(vm.MetadataError, match="not Valossa Core metadata"):
        vm.loads(data)


def test_legacy_shapes_still_load() -> None:
    assert vm.loads(b'{"detections": {}}').detections().height == 0
    assert vm.loads(b'{"detection_groupings": {}}').format_version == ""


def test_a_side_file_named_as_such() -> None:
    side = b'{"version_info": {"metadata_type": "frames_faces", "metadata_format": "1.0"}}'
    with pytest.raises(vm.NotCoreMetadataError):
        vm.loads(side)


# ---- corrupt and hostile values ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "where"),
    [
        ("ss", 1e308, "$.detections['7'].occs[0].ss"),
        ("se", -1e308, "$.detections['7'].occs[0].se"),
        ("shs", 2**31, "$.detections['7'].occs[0].shs"),
        ("fe", 2**63, "$.detections['7'].occs[0].fe"),
    ],
)
def test_out_of_range_numbers_name_their_place(field: str, value: float, where: str) -> None:
    data = core({"7": detection("visual.context", "dog", {**occ("1", 0, 1), field: value})})
    with pytest.raises(vm.MetadataError) as caught:
        vm.loads(data)
    assert caught.value.path == where


def test_a_huge_claimed_duration_is_refused() -> None:
    data = core(media_info={"technical": {"duration_s": 1e9}})
    with pytest.raises(vm.MetadataError, match="duration_s"):
        vm.loads(data)


def test_deep_nesting_inside_a_detection_is_a_metadata_error() -> None:
    deep = b"[" * 100_000 + b"]" * 100_000
    data = core().replace(
        b'"detections": {}', b'"detections": {"1": {"t": "x", "occs": [{"ss": ' + deep + b"}]}}"
    )
    with pytest.raises(vm.MetadataError):
        vm.loads(data)


def test_listed_ids_without_a_detection_or_under_another_type_are_left_out() -> None:
    groupings = {"by_detection_type": {"human.face": ["1", "404", "1"], "visual.context": ["1", "2"]}}
    md = vm.loads(
        core(
            {"1": detection("human.face", "face", occ("1", 0, 1)), "2": detection("visual.context", "dog")},
            detection_groupings=groupings,
        )
    )
    assert md.by_detection_type == {"human.face": ["1"], "visual.context": ["2"]}
    assert md.faces()["detection_id"].to_list() == ["1"]
    assert md.select(types="human.face").occurrences().height == 1
    kinds = sorted(p.kind for p in vm.validate(md))
    assert kinds == ["missing-detection", "wrong-type"]


def test_a_negative_duration_is_unknown_and_windows_still_work() -> None:
    md = vm.loads(
        core(
            {"1": detection("visual.context", "dog", occ("1", 0, 10))},
            media_info={"technical": {"duration_s": -5.0}},
        )
    )
    assert md.duration is None
    totals = md.screen_time(start=2, end=6)
    assert totals["screen_time"].to_list() == [4.0]
    assert totals["percent"].to_list() == [100.0]
    assert [p.kind for p in vm.validate(md)] == ["duration"]


def test_backwards_occurrences_count_no_time() -> None:
    md = vm.loads(core({"1": detection("visual.context", "dog", occ("1", 5, 2), occ("2", 6, 7))}))
    assert md.screen_time()["screen_time"].to_list() == [1.0]


def test_per_second_work_follows_the_data_not_the_claimed_duration() -> None:
    speech = pl.DataFrame({"start": [0.5], "end": [2.0], "sentiment": [0.4]})
    attributes = pl.DataFrame(
        {"second": [], "type": [], "valence": [], "arousal": []},
        schema={"second": pl.Int32, "type": pl.String, "valence": pl.Float64, "arousal": pl.Float64},
    )
    assert sentiment_timeline(speech, attributes, 900_000.0).height == 2
    long = pl.DataFrame({"start": [0.0], "end": [900_000.0], "sentiment": [0.1]})
    assert sentiment_timeline(long, attributes, 10.0).height == 10


def test_shot_spans_are_clipped_to_the_shots_there_are() -> None:
    shots = pl.DataFrame({"shot_index": [0, 1, 2], "start": [0.0, 4.0, 8.0]})
    occurrences = pl.DataFrame({"shot_start": [1], "shot_end": [2**31 - 1]})
    assert shots_containing(shots, occurrences).rows() == [(1, 4.0, 1), (2, 8.0, 1)]
    assert shots_containing(shots.clear(), occurrences).height == 0


# ---- times a user gives ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90", 90.0),
        ("90.5", 90.5),
        ("1:30", 90.0),
        ("1:30.25", 90.25),
        ("0:01:30", 90.0),
        (" 2:00:00 ", 7200.0),
    ],
)
def test_times_parse(text: str, seconds: float) -> None:
    assert parse_time(text) == seconds


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("1:60", "seconds after a colon"),
        ("1:60:00", "minutes after a colon"),
        ("nan", "finite"),
        ("inf", "finite"),
        (math.nan, "finite"),
        ("-5", "negative"),
        (-1.0, "negative"),
        ("1:2:3:4", "not a time"),
        ("soon", "not a time"),
        (True, "seconds or h:mm:ss"),
    ],
)
def test_bad_times_are_refused(value: Any, message: str) -> None:
    with pytest.raises(vm.UsageError, match=message):
        parse_time(value)
    with pytest.raises(ValueError, match=message):
        parse_time(value)


def test_a_time_of_another_kind_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        parse_time([1])  # type: ignore[arg-type]


def test_clock_and_parts() -> None:
    assert clock(-1) == "00:00:00.000"
    assert seconds_of(0, 1, 2) == 62.0


def test_at_and_select_take_time_text(current_md: vm.Metadata) -> None:
    assert current_md.at("0:01:30").equals(current_md.at(90))
    assert current_md.select(start="1:00", end="2:00").criteria.end == 120.0
    assert current_md.select(types="visual.*").refine(start="0:30").criteria.start == 30.0
    with pytest.raises(TypeError, match="unknown criteria"):
        current_md.select(colour="red")  # type: ignore[call-arg]


def test_past_the_end_warns(current_md: vm.Metadata) -> None:
    with pytest.warns(vm.PastTheEndWarning, match="past the end"):
        assert current_md.at("1:00:00").height == 0
    with pytest.warns(vm.PastTheEndWarning, match="window starts"):
        assert current_md.select(start=1000).occurrences().height == 0


# ---- answers that must not be silently wrong or empty ------------------------------------------


def test_screen_time_keeps_types_apart(real_md: vm.Metadata) -> None:
    rows = real_md.screen_time(labels="speech").select("label", "type", "screen_time").rows()
    by_type = {kind: seconds for _, kind, seconds in rows}
    assert set(by_type) == {"audio.context", "visual.context"}
    assert by_type["audio.context"] > 4000
    assert by_type["visual.context"] > 500


def test_a_type_that_matches_nothing_says_what_there_is(current_md: vm.Metadata) -> None:
    with pytest.warns(vm.NoMatchWarning, match="closest: visual.object.localized") as caught:
        assert current_md.select(types="visual.objet").occurrences().height == 0
    assert "human.face" in str(caught[0].message)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        current_md.select(types=["visual.*", "human.face"]).occurrences()


def test_a_regex_polars_cannot_run_is_a_usage_error(current_md: vm.Metadata) -> None:
    with pytest.raises(vm.UsageError, match="look-around"):
        current_md.select(labels="(?<=a)b", label_mode="regex").occurrences()


# ---- the validator -----------------------------------------------------------------------------


def test_the_samples_validate_clean() -> None:
    for path in (CURRENT, REAL_131):
        assert vm.validate(vm.load(path)) == []


def test_every_kind_of_problem_is_found() -> None:
    data = core(
        {
            "1": detection("visual.context", "dog", occ("1", -1, 2, c_max=1.5), occ("1", 5, 3)),
            "2": {**detection("human.face", "x", occ("3", 0, 1, shs=9)), "c": -0.5},
        },
        media_info={"technical": {"fps": 0, "duration_s": -1}},
        segmentations={"detected_shots": [{"ss": 0, "se": 10}]},
        detection_groupings={
            "by_detection_type": {"human.face": ["1", "404"]},
            "by_second": [[{"d": "1", "o": ["1", "77"], "c": 2}, {"d": "404"}]],
        },
    ).replace(b'"label": "dog"', b'"label": "dog", "label": "cat"')
    problems = vm.validate(vm.loads(data))
    found = {(p.kind, p.location) for p in problems}
    assert found == {
        ("fps", "$.media_info.technical.fps"),
        ("duration", "$.media_info.technical.duration_s"),
        ("time-negative", "$.detections['1'].occs[0]"),
        ("confidence-range", "$.detections['1'].occs[0].c_max"),
        ("duplicate-occurrence-id", "$.detections['1'].occs[1]"),
        ("time-backwards", "$.detections['1'].occs[1]"),
        ("confidence-range", "$.detections['2'].c"),
        ("shot-range", "$.detections['2'].occs[0].shs"),
        ("wrong-type", "$.detection_groupings.by_detection_type['human.face'][0]"),
        ("missing-detection", "$.detection_groupings.by_detection_type['human.face'][1]"),
        ("confidence-range", "$.detection_groupings.by_second[0][0].c"),
        ("missing-occurrence", "$.detection_groupings.by_second[0][0].o[1]"),
        ("missing-detection", "$.detection_groupings.by_second[0][1].d"),
        ("duplicate-key", "$.detections['1'].label"),
    }
    assert all(p.severity == "error" and p.message for p in problems)


def test_duplicate_keys_are_named_where_they_are_at_any_depth() -> None:
    data = core(
        {"1": detection("visual.context", "dog", occ("1", 0, 2), occ("2", 3, 4))},
        segmentations={"detected_shots": [{"ss": 0, "se": 10}]},
    )
    data = data.replace(b'"se": 10', b'"se": 10, "se": 11').replace(b'"id": "2"', b'"id": "2", "id": "2"')
    data = data.replace(b'"detections"', b'"detections": {}, "detections"', 1)
    problems = vm.validate(vm.loads(data))
    assert [(p.kind, p.location) for p in problems] == [
        ("duplicate-key", "$.detections"),
        ("duplicate-key", "$.detections['1'].occs[1].id"),
        ("duplicate-key", "$.segmentations.detected_shots[0].se"),
    ]


# ---- the command line --------------------------------------------------------------------------


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_validate_command(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    status, out, err = run(capsys, "validate", str(CURRENT))
    assert (status, out) == (0, "")
    assert "no problems" in err
    bad = tmp_path / "bad.json"
    bad.write_bytes(core({"1": detection("visual.context", "dog", occ("1", 3, 1))}))
    status, out, _ = run(capsys, "validate", str(bad), "-f", "csv")
    assert status == 1
    assert out.splitlines()[1] == (
        "error,time-backwards,$.detections['1'].occs[0],ends (1.0) before it starts (3.0); counted as no time"
    )


def test_argument_errors_are_one_line_naming_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["occurrences", str(CURRENT), "--start", "1:75"])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("valossa-metadata: error: occurrences: argument --start: not a time: '1:75'")
    assert "(see 'valossa-metadata occurrences --help')" in err


def test_notes_and_errors_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "at", str(CURRENT), "0:10:00")
    assert status == 0
    assert out.count("\n") == 2  # the header of an empty table
    note = "0:10:00.000 is past the end of the video (0:04:00.000): nothing is there"
    assert err == f"valossa-metadata: note: {note}\n"
    status, _, err = run(capsys, "occurrences", str(CURRENT), "-l", "(?<=a)b", "--label-mode", "regex")
    assert status == 1
    assert err.count("\n") == 1
    assert "look-around" in err


def test_an_export_with_nothing_in_it_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    legacy = Path(CURRENT).with_name("legacy_1_1_0_example.json")
    for fmt, extra in (
        ("srt", []),
        ("rttm", []),
        ("csv", ["--table", "words"]),
        ("vtt", ["--source", "words"]),
    ):
        target = tmp_path / f"out.{fmt}"
        status, _, err = run(capsys, "export", str(legacy), "-f", fmt, *extra, "-o", str(target))
        assert status == 1, fmt
        assert "nothing to export" in err
        assert not target.exists()


# ---- undocumented layouts degrade, documented ones stay strict ---------------------------------


def _with_second_attributes(change: Any) -> bytes:
    document = json.loads(CURRENT.read_bytes())
    for items in document["detection_groupings"]["by_second"]:
        for item in items:
            change(item)
    return json.dumps(document).encode()


def test_colours_of_another_shape_are_left_out_with_a_warning(tmp_path: Path) -> None:
    def hex_strings(item: dict[str, Any]) -> None:
        if item.get("a", {}).get("colors"):
            item["a"]["colors"] = ["ff0000", "00ff00"]

    md = vm.loads(_with_second_attributes(hex_strings))
    with pytest.warns(vm.LayoutWarning, match=r"by_second\[\d+\]\[\d+\]\.a\.colors"):
        attributes = md.second_attributes()
    assert attributes.filter(pl.col("type") == "human.face")["valence"].drop_nulls().len() > 0
    assert attributes.filter(pl.col("type") == "visual.color")["colors"].list.len().sum() == 0
    drift = unmodelled_fields(md)
    assert drift["$.detection_groupings.by_second[*][*].a.colors[*] (a str, not an object)"] > 0
    assert vm_report(md, tmp_path).is_file()  # the table is cached: warned once, above


def vm_report(md: vm.Metadata, folder: Path) -> Path:
    from valossa_metadata.report import write_report

    return write_report(md, folder / "report", plots=False)


def test_a_documented_per_second_value_of_another_type_names_its_place() -> None:
    document = json.loads(CURRENT.read_bytes())
    second = next(s for s, items in enumerate(document["detection_groupings"]["by_second"]) if len(items) > 1)
    document["detection_groupings"]["by_second"][second][1]["a"] = {"sen": {"val": "high"}}
    md = vm.loads(json.dumps(document))
    with pytest.raises(vm.MetadataError) as caught:
        md.second_attributes()
    assert caught.value.path == f"$.detection_groupings.by_second[{second}][1].a.sen.val"


def test_a_topic_section_attribute_names_its_occurrence() -> None:
    document = json.loads(CURRENT.read_bytes())
    section = next(k for k, d in document["detections"].items() if d["t"] == "topic.iab.section")
    document["detections"][section]["occs"][0]["a"] = {"sources": "speech"}
    with pytest.raises(vm.MetadataError) as caught:
        vm.loads(json.dumps(document)).topics()
    assert caught.value.path == f"$.detections[{section!r}].occs[0].a.sources"


def test_invalid_utf8_in_a_side_file_header() -> None:
    with pytest.raises(vm.MetadataError, match=r"\$\.version_info"):
        vm.load_sidecar(b'{"version_info": {"metadata_type": "fr\xff"}, "faces_by_frame": []}')


def test_summary_inside_a_window_counts_the_window(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "summary", str(CURRENT), "--start", "0", "--end", "60", "-f", "json")
    assert status == 0
    rows = json.loads(out)
    assert rows
    assert all(0 <= row["screen_time"] <= 60 and 0 <= row["percent"] <= 100 for row in rows)
    md = vm.load(CURRENT)
    faces = md.select(start=0, end=60).screen_time("identity")
    first = next(row for row in rows if row["type"] == "human.face")
    assert (first["name"], first["screen_time"]) == faces.select("identity", "screen_time").row(0)


# ---- subtitles ---------------------------------------------------------------------------------


def test_a_missing_blank_line_between_srt_cues_names_the_line() -> None:
    data = b"1\n00:00:01,000 --> 00:00:02,000\nHi\n2\n00:00:03,000 --> 00:00:04,000\nYo\n"
    with pytest.raises(vm.TranscriptError, match="blank line") as caught:
        validate_srt_bytes(data)
    assert caught.value.line == 5
    with pytest.raises(vm.MetadataError, match="line 5: a timestamp line inside"):
        vm.read_subtitles(data)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nHi\n", "line 3: the cue ends before it starts"),
        ("WEBVTT\n\n", "no cue"),
        ("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n00:00:03.000 --> 00:00:04.000\nYo\n", "line 5: a cue"),
    ],
)
def test_webvtt_is_as_strict_as_srt(text: str, message: str) -> None:
    with pytest.raises(vm.MetadataError, match=message):
        vm.read_subtitles(text.encode(), fmt="vtt")


def test_per_second_rows_of_missing_detections_are_left_out() -> None:
    by_second = [[{"d": "1", "c": 0.5}, {"d": "404", "a": {"sen": {"val": 0.1}}}], [{"d": "1"}]]
    md = vm.loads(
        core(
            {"1": detection("human.face", "face", occ("1", 0, 2))},
            detection_groupings={"by_detection_type": {"human.face": ["1"]}, "by_second": by_second},
        )
    )
    assert md.seconds().select("second", "detection_id").rows() == [(0, "1"), (1, "1")]
    assert md.second_attributes().height == 0
    assert [p.location for p in vm.validate(md)] == ["$.detection_groupings.by_second[0][1].d"]
