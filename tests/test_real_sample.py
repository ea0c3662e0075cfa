"""Golden counts on the real 1.3.1 result, each checked against an independent count of the JSON."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

import valossa_metadata as vm
from tests import independent
from valossa_metadata.tables import TABLE_SCHEMAS


def test_facts(real_md: vm.Metadata) -> None:
    assert real_md.format_version == "1.3.1"
    assert real_md.version == (1, 3, 1)
    assert real_md.backend == "3.0.10"
    assert real_md.job_id == "c5097dcb-c185-4f2b-862e-49af6a3ef4dd"
    assert real_md.title == "Charade with human created transcript"
    assert real_md.duration == pytest.approx(6816.389022)
    assert real_md.fps == pytest.approx(23.98)
    assert real_md.language == "en"
    assert real_md.video_url == "https://source/metadata_example.mp4"
    assert real_md.transcript_url == "http://source/metadata_example_transcript.srt"
    assert "6816.4 s" in repr(real_md)


def test_golden_counts(real_md: vm.Metadata, real_json: dict[str, Any]) -> None:
    # Figures of shared reference notes: 701 detections in 12 types, 6817 seconds, 1202 shots.
    assert real_md.detections().height == len(real_json["detections"]) == 701
    assert len(real_md.detection_counts()) == 12
    assert len(real_md.by_second) == len(real_json["detection_groupings"]["by_second"]) == 6817
    assert real_md.shots().height == 1202
    assert real_md.occurrences().height == independent.occurrence_count(real_json) == 6960
    assert real_md.seconds().height == independent.by_second_count(real_json)
    assert real_md.detection_counts() == dict(independent.type_counts(real_json).most_common())


@pytest.mark.parametrize("name", sorted(TABLE_SCHEMAS))
def test_every_table_has_its_schema(real_md: vm.Metadata, name: str) -> None:
    assert getattr(real_md, name)().schema == TABLE_SCHEMAS[name]


def test_occurrence_ids_unique_and_confidence_is_c_max(
    real_md: vm.Metadata, real_json: dict[str, Any]
) -> None:
    occ = real_md.occurrences()
    assert occ["occurrence_id"].n_unique() == occ.height
    expected = {o["id"]: o.get("c_max") for d in real_json["detections"].values() for o in d.get("occs", [])}
    got = dict(zip(occ["occurrence_id"], occ["confidence"]))
    assert got == expected
    assert occ["start"].is_sorted()


def test_missing_shot_indexes_are_computed(real_md: vm.Metadata, real_json: dict[str, Any]) -> None:
    shots = real_json["segmentations"]["detected_shots"]
    occ = real_md.occurrences()
    assert occ["shot_start"].null_count() == 0
    for row in occ.sample(200, seed=1).iter_rows(named=True):
        first, last = shots[row["shot_start"]], shots[row["shot_end"]]
        assert first["ss"] <= row["start"] + 1e-9
        assert row["shot_start"] == len(shots) - 1 or shots[row["shot_start"] + 1]["ss"] > row["start"]
        assert last["ss"] < row["end"] or row["shot_end"] == row["shot_start"]
        assert row["shot_start"] <= row["shot_end"]


def test_screen_time_is_the_union(real_md: vm.Metadata, real_json: dict[str, Any]) -> None:
    expected = independent.screen_times(real_json)
    det = real_md.detections()
    got = dict(zip(det["detection_id"], det["screen_time"]))
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert got[key] == pytest.approx(value, abs=1e-6)


def test_prominence_rank_follows_by_detection_type(real_md: vm.Metadata, real_json: dict[str, Any]) -> None:
    by_type = real_json["detection_groupings"]["by_detection_type"]
    det = real_md.detections()
    ranks = dict(zip(det["detection_id"], det["prominence_rank"]))
    for ids in by_type.values():
        assert [ranks[i] for i in ids] == list(range(1, len(ids) + 1))


def test_seconds_match_by_second(real_md: vm.Metadata, real_json: dict[str, Any]) -> None:
    sec = real_md.seconds()
    second = 2000
    items = real_json["detection_groupings"]["by_second"][second]
    rows = sec.filter(pl.col("second") == second)
    assert rows["detection_id"].to_list() == [i["d"] for i in items]
    assert rows["confidence"].to_list() == [i.get("c") for i in items]
    types = {k: d["t"] for k, d in real_json["detections"].items()}
    assert rows["type"].to_list() == [types[i["d"]] for i in items]
    assert sec["type"].null_count() == 0


def test_faces(real_md: vm.Metadata, real_json: dict[str, Any]) -> None:
    faces = real_md.faces()
    raw = {k: d for k, d in real_json["detections"].items() if d["t"] == "human.face"}
    assert set(faces["detection_id"]) == set(raw)
    for row in faces.iter_rows(named=True):
        detection = raw[row["detection_id"]]
        assert row["name"] == independent.best_name(detection)
        assert row["gender"] == detection["a"]["gender"]["value"]
        assert row["visible_seconds"] == detection["a"]["s_visible"]
    hepburn = faces.filter(pl.col("name") == "Audrey Hepburn")
    assert hepburn.height >= 1
    assert hepburn["identity_confidence"][0] == pytest.approx(0.968)


def test_face_groups_and_topics(real_md: vm.Metadata, real_json: dict[str, Any]) -> None:
    group_id = real_md.ids_of_type("human.face_group")[0]
    assert real_md.attributes(group_id).face_det_ids == real_json["detections"][group_id]["a"]["face_det_ids"]
    topics = real_md.topics()
    assert set(topics["type"]) == {"topic.iab.visual", "topic.iab.transcript"}
    row = topics.filter(pl.col("detection_id") == "475").row(0, named=True)
    assert row["iab_id"] == real_json["detections"]["475"]["ext_refs"]["iab"]["id"]
    assert row["labels_hierarchy"] == real_json["detections"]["475"]["ext_refs"]["iab"]["labels_hierarchy"]


def test_gkg_and_cid(real_md: vm.Metadata, real_json: dict[str, Any]) -> None:
    det = real_md.detections().filter(pl.col("detection_id") == "344").row(0, named=True)
    assert det["gkg_id"] == "/m/01dv4h"
    assert det["cid"] == "XhxbArFizcnI"
    assert det["label"] == "portrait"


def test_no_speech_in_a_transcript_job(real_md: vm.Metadata) -> None:
    assert real_md.speech().is_empty()
    assert real_md.words().is_empty()
    assert real_md.second_attributes().is_empty()


def test_tables_are_copies(real_md: vm.Metadata) -> None:
    first = real_md.detections()
    first.drop_in_place("label")
    assert "label" in real_md.detections().columns
