"""Every legacy difference the format reference lists has a test (1.1.0 beta and 1.3.x files)."""

from __future__ import annotations

import json
from typing import Any

import polars as pl
import pytest

import valossa_metadata as vm
from valossa_metadata._legacy import fill_shot_indexes


def test_missing_metadata_type_becomes_core(legacy_md: vm.Metadata, legacy_json: dict[str, Any]) -> None:
    assert "metadata_type" not in legacy_json["version_info"]
    assert legacy_md.core.version_info.metadata_type == "core"
    assert legacy_md.format_version == "1.1.0"


def test_from_customer_list_and_external_services(
    legacy_md: vm.Metadata, legacy_json: dict[str, Any]
) -> None:
    assert legacy_json["media_info"]["from_customer"] == []
    assert legacy_md.title == legacy_json["media_info"]["from_external_services"][0]["title"]
    services = legacy_md.core.media_info.from_external_services  # type: ignore[union-attr]
    assert services is not None
    assert services[0].service == "youtube"


def test_from_customer_list_with_an_object() -> None:
    md = vm.loads(
        b'{"version_info": {"metadata_format": "1.1.0"}, "media_info": {"from_customer": [{"title": "T"}]}}'
    )
    assert md.title == "T"


def test_occurrence_c_is_the_confidence(legacy_md: vm.Metadata, legacy_json: dict[str, Any]) -> None:
    raw = {o["id"]: o for d in legacy_json["detections"].values() for o in d.get("occs", [])}
    assert all("c_max" not in o for o in raw.values())
    occ = legacy_md.occurrences()
    for row in occ.iter_rows(named=True):
        assert row["confidence"] == raw[row["occurrence_id"]].get("c")
    assert occ["confidence"].drop_nulls().len() > 0


def test_freebase_ids_fill_gkg(legacy_md: vm.Metadata, legacy_json: dict[str, Any]) -> None:
    expected = {
        k: d["ext_refs"]["freebase"]["id"]
        for k, d in legacy_json["detections"].items()
        if "freebase" in d.get("ext_refs", {})
    }
    assert expected
    det = legacy_md.detections()
    got = dict(zip(det["detection_id"], det["gkg_id"]))
    assert all(got[k] == v for k, v in expected.items())


def test_missing_shot_indexes(legacy_md: vm.Metadata, legacy_json: dict[str, Any]) -> None:
    assert all("shs" not in o for d in legacy_json["detections"].values() for o in d.get("occs", []))
    occ = legacy_md.occurrences()
    assert occ["shot_start"].null_count() == occ["shot_end"].null_count() == 0
    shots = legacy_json["segmentations"]["detected_shots"]
    for row in occ.iter_rows(named=True):
        assert shots[row["shot_start"]]["ss"] <= row["start"]
        assert row["shot_start"] <= row["shot_end"]


def test_fill_shot_indexes_edges() -> None:
    frame = pl.DataFrame(
        {
            "start": [0.0, 5.0, 9.5, 3.0],
            "end": [5.0, 5.0, 12.0, 3.0],
            "shot_start": [None] * 4,
            "shot_end": [None] * 4,
        },
        schema_overrides={"shot_start": pl.Int32, "shot_end": pl.Int32},
    )
    filled = fill_shot_indexes(frame, [0.0, 5.0, 9.0])
    # An end exactly on a shot start belongs to the shot before; zero-length stays in one shot.
    assert filled["shot_start"].to_list() == [0, 1, 2, 0]
    assert filled["shot_end"].to_list() == [0, 1, 2, 0]
    assert fill_shot_indexes(frame, []).equals(frame)


def test_legacy_face_age_and_crop(legacy_md: vm.Metadata, legacy_json: dict[str, Any]) -> None:
    faces = legacy_md.faces()
    raw = {k: d for k, d in legacy_json["detections"].items() if d["t"] == "human.face"}
    for row in faces.iter_rows(named=True):
        age = raw[row["detection_id"]]["a"].get("age_years")
        if age:
            assert (row["age_lower"], row["age_upper"], row["age_confidence"]) == (
                age["lower_bound"],
                age["upper_bound"],
                age["c"],
            )
    assert faces["age_lower"].drop_nulls().len() > 0
    cropped = next(o for d in raw.values() for o in d["occs"] if "a" in o)
    assert cropped["a"]["prevalent_crop_type"] in ("default", "midshot")


def test_external_keywords_and_old_topics(legacy_md: vm.Metadata) -> None:
    keyword = legacy_md.ids_of_type("external.keyword.*")[0]
    assert legacy_md.attributes(keyword).src == "descr"
    assert set(legacy_md.topics()["type"]) == {"topic.iab.visual", "topic.iab.transcript"}


def test_missing_by_detection_type_is_built() -> None:
    doc = {
        "version_info": {"metadata_format": "1.1.0"},
        "detections": {
            "2": {"t": "visual.context", "label": "b", "occs": [{"id": "1", "ss": 0, "se": 1, "c": 0.6}]},
            "10": {"t": "visual.context", "label": "c", "occs": [{"id": "2", "ss": 0, "se": 1, "c": 0.6}]},
            "1": {"t": "human.face", "label": "face", "occs": []},
        },
        "detection_groupings": {
            "overview_by_detection_type": {"visual.context": ["10", "404"]},
            "by_second": [],
        },
    }
    md = vm.loads(json.dumps(doc))
    assert md.by_detection_type == {"visual.context": ["10", "2"], "human.face": ["1"]}
    assert md.detections()["detection_id"].to_list() == ["10", "2", "1"]


@pytest.mark.parametrize("version", ["1.1.0", "1.2.1", "1.3.0", "1.3.1", "1.3.3", "1.4.2", "1.8.1", "1.9.7"])
def test_every_1x_version_loads(version: str) -> None:
    md = vm.loads(json.dumps({"version_info": {"metadata_format": version}, "detections": {}}))
    assert md.version[0] == 1
