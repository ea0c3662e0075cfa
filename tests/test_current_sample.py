"""Every table of the current-format sample against independent counts of its plain JSON."""

from __future__ import annotations

import json
import math
from typing import Any

import polars as pl
import pytest

import valossa_metadata as vm
from tests import independent
from valossa_metadata.tables import TABLE_SCHEMAS


def dets_of(doc: dict[str, Any], detection_type: str) -> dict[str, dict[str, Any]]:
    return {k: d for k, d in doc["detections"].items() if d["t"] == detection_type}


def test_counts(current_md: vm.Metadata, current_json: dict[str, Any]) -> None:
    assert current_md.format_version.startswith("1.8")
    assert current_md.detections().height == len(current_json["detections"])
    assert current_md.occurrences().height == independent.occurrence_count(current_json)
    assert current_md.seconds().height == independent.by_second_count(current_json)
    assert current_md.shots().height == len(current_json["segmentations"]["detected_shots"])
    assert len(current_md.by_second) == math.ceil(current_json["media_info"]["technical"]["duration_s"])
    assert current_md.detection_counts() == dict(independent.type_counts(current_json).most_common())


@pytest.mark.parametrize("name", sorted(TABLE_SCHEMAS))
def test_schemas_and_non_empty(current_md: vm.Metadata, name: str) -> None:
    frame = getattr(current_md, name)()
    assert frame.schema == TABLE_SCHEMAS[name]
    assert frame.height > 0


def test_occurrence_fields(current_md: vm.Metadata, current_json: dict[str, Any]) -> None:
    raw = {o["id"]: o for d in current_json["detections"].values() for o in d.get("occs", [])}
    for row in current_md.occurrences().iter_rows(named=True):
        occ = raw[row["occurrence_id"]]
        assert (row["start"], row["end"]) == (occ["ss"], occ["se"])
        assert row["confidence"] == occ.get("c_max", occ.get("c"))
        assert row["confidence_median"] == occ.get("c_med")
        assert (row["shot_start"], row["shot_end"]) == (occ.get("shs"), occ.get("she"))
        assert (row["frame_start"], row["frame_end"]) == (occ.get("fs"), occ.get("fe"))


def test_screen_time(current_md: vm.Metadata, current_json: dict[str, Any]) -> None:
    expected = independent.screen_times(current_json)
    det = current_md.detections()
    for key, value in zip(det["detection_id"], det["screen_time"]):
        assert value == pytest.approx(expected[key], abs=1e-6)


def test_detection_confidence_and_tags(current_md: vm.Metadata, current_json: dict[str, Any]) -> None:
    det = current_md.detections()
    for row in det.iter_rows(named=True):
        raw = current_json["detections"][row["detection_id"]]
        confidences = [o.get("c_max", o.get("c")) for o in raw.get("occs", [])]
        confidences = [c for c in confidences if c is not None]
        assert row["confidence"] == (max(confidences) if confidences else raw.get("c"))
        assert row["category_tags"] == raw.get("categ", {}).get("tags", [])
        assert row["cid"] == raw.get("cid")


def test_speech(current_md: vm.Metadata, current_json: dict[str, Any]) -> None:
    raw = dets_of(current_json, "audio.speech")
    speech = current_md.speech()
    assert speech.height == sum(len(d["occs"]) for d in raw.values())
    for row in speech.iter_rows(named=True):
        detection = raw[row["detection_id"]]
        assert row["text"] == detection["label"]
        assert row["sentiment"] == detection.get("a", {}).get("sen", {}).get("val")
    assert speech["start"].is_sorted()


def test_words_and_speakers(current_md: vm.Metadata, current_json: dict[str, Any]) -> None:
    raw = dets_of(current_json, "audio.speech_detailed")
    words = current_md.words()
    assert words.height == len(raw)
    for row in words.iter_rows(named=True):
        detection = raw[row["detection_id"]]
        assert row["word"] == detection["label"]
        assert row["speaker"] == detection["a"]["s"]["id"]
        assert row["confidence"] == detection.get("c")
        occ = detection["occs"][0]
        assert row["is_punctuation"] == (
            occ["ss"] == occ["se"] and not any(ch.isalnum() for ch in detection["label"])
        )
    assert words["is_punctuation"].any()
    assert words["speaker"].n_unique() >= 2


def test_faces(current_md: vm.Metadata, current_json: dict[str, Any]) -> None:
    raw = dets_of(current_json, "human.face")
    faces = current_md.faces()
    assert faces.height == len(raw)
    for row in faces.iter_rows(named=True):
        a = raw[row["detection_id"]]["a"]
        similar = a.get("similar_to") or []
        assert row["name"] == independent.best_name(raw[row["detection_id"]])
        if similar:
            assert row["identity_confidence"] == similar[0]["c"]
            assert row["gallery_id"] == similar[0]["gallery"]["id"]
            assert row["gallery_face_id"] == similar[0]["gallery_face"]["id"]
        assert row["gender"] == a["gender"]["value"]
        assert row["gender_confidence"] == a["gender"]["c"]
        assert row["visible_seconds"] == a["s_visible"]
        assert row["quality"] == a.get("quality")
        assert row["under_18"] == ("under_18_years" in a)
    names = faces["name"].drop_nulls()
    assert names.n_unique() < names.len(), "the sample should match one identity to several faces"
    assert faces["under_18"].any()


def test_topics(current_md: vm.Metadata, current_json: dict[str, Any]) -> None:
    raw = {k: d for k, d in current_json["detections"].items() if d["t"].startswith("topic.")}
    topics = current_md.topics()
    assert set(topics["detection_id"]) == set(raw)
    sections = topics.filter(pl.col("type") == "topic.iab.section")
    assert sections.height > 0
    for row in sections.iter_rows(named=True):
        detection = raw[row["detection_id"]]
        assert row["ad_score"] == detection["a"]["ad_score"]["max"]
        assert row["sources"] == detection["a"]["sources"]
        assert [s["confidence"] for s in row["sections"]] == [o["c"] for o in detection["occs"]]
        assert [s["ad_score"] for s in row["sections"]] == [
            o["a"]["ad_score"]["max"] for o in detection["occs"]
        ]
    flagged = [k for k, d in raw.items() if d.get("ext_refs", {}).get("iab", {}).get("is_scd_category")]
    assert set(topics.filter("is_special_category")["detection_id"]) == set(flagged)


def test_second_attributes(current_md: vm.Metadata, current_json: dict[str, Any]) -> None:
    items = [
        (second, item)
        for second, entries in enumerate(current_json["detection_groupings"]["by_second"])
        for item in entries
        if "a" in item
    ]
    table = current_md.second_attributes()
    assert table.height == len(items)
    types = {k: d["t"] for k, d in current_json["detections"].items()}
    by_type = table.group_by("type").len()
    assert set(by_type["type"]) == {types[item["d"]] for _, item in items}
    faces = table.filter(pl.col("type") == "human.face")
    assert faces["emotions"].list.len().sum() == sum(
        len(item["a"].get("sen", {}).get("emo", [])) for _, item in items if types[item["d"]] == "human.face"
    )
    voice = table.filter(pl.col("type") == "audio.voice_emotion")
    assert voice["arousal"].drop_nulls().len() == voice.height > 0
    colors = table.filter(pl.col("type") == "visual.color")
    assert colors["colors"].list.len().min() >= 1


def test_attributes_registry(current_md: vm.Metadata) -> None:
    text_id = current_md.ids_of_type("visual.text_region.*")[0]
    assert current_md.attributes(text_id).text.as_one_string
    stats_id = current_md.ids_of_type("audio.speech_detailed.stats")[0]
    assert isinstance(current_md.attributes(stats_id), dict)


@pytest.mark.parametrize(("seed", "duration"), [(1, 37.5), (2, 600.0), (3, 1.2), (11, 95.0)])
def test_unseen_generated_files(seed: int, duration: float) -> None:
    from valossa_metadata.testing import synthetic

    doc = synthetic.core_metadata(duration, seed=seed, speakers=1 + seed % 4, faces=seed % 9)
    data = json.dumps(doc).encode()
    md = vm.loads(data)
    assert md.occurrences().height == independent.occurrence_count(doc)
    assert md.seconds().height == independent.by_second_count(doc)
    assert md.words().height == sum(d["t"] == "audio.speech_detailed" for d in doc["detections"].values())
    assert md.faces().height == sum(d["t"] == "human.face" for d in doc["detections"].values())
    expected = independent.screen_times(doc)
    det = md.detections()
    for key, value in zip(det["detection_id"], det["screen_time"]):
        assert value == pytest.approx(expected[key], abs=1e-6)
    legacy = synthetic.legacy_110_metadata(seed=seed, duration_s=duration)
    old = vm.loads(json.dumps(legacy))
    assert old.occurrences().height == independent.occurrence_count(legacy)
    assert old.occurrences()["shot_start"].null_count() == 0
