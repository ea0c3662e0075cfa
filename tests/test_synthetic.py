"""Independent checks of the synthetic Valossa result generator (json/stdlib only, plus pysrt)."""

from __future__ import annotations

import doctest
import gzip
import importlib
import itertools
import json
import math
import pkgutil
from collections import Counter
from pathlib import Path
from typing import Any

import pysrt
import pytest

from tests.independent import union_length
from valossa_metadata.testing import synthetic
from valossa_metadata.testing.synthetic import (
    core_metadata,
    frames_faces,
    frames_objects,
    legacy_110_metadata,
    main,
    seconds_objects,
    speech_to_text_srt,
    speech_to_text_vtt,
    transcript_srt,
    visual_captions,
    write_samples,
)
from valossa_metadata.testing.synthetic.samples import _write_atomic

_CACHE: dict[tuple[Any, ...], dict[str, Any]] = {}


def core(duration: float = 240.0, seed: int = 7, **kwargs: Any) -> dict[str, Any]:
    key = (duration, seed, tuple(sorted(kwargs.items())))
    if key not in _CACHE:
        _CACHE[key] = core_metadata(duration, seed=seed, **kwargs)
    return _CACHE[key]


def legacy(seed: int = 7) -> dict[str, Any]:
    key = ("legacy", seed)
    if key not in _CACHE:
        _CACHE[key] = legacy_110_metadata(seed=seed)
    return _CACHE[key]


CORE_CASES = [(240.0, 7), (61.5, 1), (30.2, 2), (600.0, 3), (12.0, 4)]
ALL_DOCS = [pytest.param(("core", d, s), id=f"core-{d}-{s}") for d, s in CORE_CASES] + [
    pytest.param(("legacy", 0, 7), id="legacy-7"),
    pytest.param(("legacy", 0, 1), id="legacy-1"),
]


def get(spec: tuple[str, float, int]) -> dict[str, Any]:
    kind, duration, seed = spec
    return legacy(seed) if kind == "legacy" else core(duration, seed)


def occurrences(doc: dict[str, Any]) -> list[tuple[str, dict[str, Any], dict[str, Any]]]:
    return [(det_id, det, occ) for det_id, det in doc["detections"].items() for occ in det.get("occs", [])]


def expected_seconds(ss: float, se: float, n: int) -> range:
    first = min(math.floor(ss), n - 1)
    last = max(first, min(math.ceil(se) - 1, n - 1))
    return range(first, last + 1)


def overlaps(shot: dict[str, Any], ss: float, se: float) -> bool:
    if ss == se:
        return bool(shot["ss"] <= ss < shot["se"])
    return bool(shot["ss"] < se and shot["se"] > ss)


REQUIRED_TYPES = [
    "visual.context",
    "visual.object.localized",
    "visual.color",
    "visual.text_region.full_frame_analysis",
    "visual.text_region.lower_third",
    "visual.text_region.middle_third",
    "visual.text_region.upper_third",
    "visual.text_region.keyword.compliance",
    "audio.context",
    "audio.speech",
    "audio.speech_detailed",
    "audio.speech_detailed.stats",
    "audio.speech_summary",
    "audio.speech_summary.keyword",
    "audio.voice_emotion",
    "audio.keyword.compliance",
    "audio.keyword.novelty_word",
    "audio.keyword.name.person",
    "audio.keyword.name.location",
    "audio.keyword.name.organization",
    "human.face",
    "human.face_group",
    "topic.iab",
    "topic.iab.section",
    "topic.general",
    "topic.genre",
    "explicit_content.nudity",
]
NO_OCCS = {
    "audio.speech_detailed.stats",
    "audio.speech_summary",
    "audio.speech_summary.keyword",
    "topic.iab",
    "topic.general",
    "topic.genre",
}
CONFIDENCE_TYPES = {"visual.context", "visual.object.localized", "audio.context", "explicit_content.nudity"}


# ---------------------------------------------------------------------------------------------- core


def test_deterministic_per_seed() -> None:
    a = json.dumps(core_metadata(90.0, seed=11), separators=(",", ":"))
    b = json.dumps(core_metadata(90.0, seed=11), separators=(",", ":"))
    c = json.dumps(core_metadata(90.0, seed=12), separators=(",", ":"))
    assert a == b
    assert a != c
    assert json.dumps(legacy_110_metadata(seed=3)) == json.dumps(legacy_110_metadata(seed=3))
    doc = core(61.5, 1)
    for fn in (seconds_objects, frames_objects, frames_faces, visual_captions):
        assert json.dumps(fn(doc, seed=5)) == json.dumps(fn(doc, seed=5))
    assert transcript_srt(seed=2) == transcript_srt(seed=2) != transcript_srt(seed=3)


def test_every_detection_type_and_top_level_block() -> None:
    doc = core()
    types = Counter(d["t"] for d in doc["detections"].values())
    for t in REQUIRED_TYPES:
        assert types[t] > 0, t
    assert types["visual.color"] == types["audio.voice_emotion"] == types["audio.speech_summary"] == 1
    assert 30 <= types["visual.context"] <= 60
    assert doc["version_info"] == {"metadata_type": "core", "metadata_format": "1.8.1", "backend": "3.1.1"}
    request = doc["job_info"]["request"]
    assert len(doc["job_info"]["job_id"]) == 36
    assert request["media"]["transcript"] == {"url": None}
    assert request["media"]["language"] == "en-US"
    assert "id" in request["media"]["customer_media_info"]
    assert request["analysis_parameters"] == {"face_min_relative_height": 0.05}
    technical = doc["media_info"]["technical"]
    assert technical["duration_s"] == 240.0
    assert technical["fps"] == 25.0
    assert set(technical) >= {"resolution", "video_codec", "audio_codec", "n_audio_channels"}
    assert set(doc["media_info"]["from_customer"]) == {"title", "description"}
    groupings = doc["detection_groupings"]
    assert set(groupings) == {"by_detection_property", "by_detection_type", "by_frequency", "by_second"}
    assert core(60.0, 1, format_version="1.9.0")["version_info"]["metadata_format"] == "1.9.0"


@pytest.mark.parametrize("spec", ALL_DOCS)
def test_by_detection_type_covers_every_detection_once(spec: tuple[str, float, int]) -> None:
    doc = get(spec)
    listed = [(t, i) for t, ids in doc["detection_groupings"]["by_detection_type"].items() for i in ids]
    assert Counter(i for _, i in listed) == Counter(list(doc["detections"]))
    for t, i in listed:
        assert doc["detections"][i]["t"] == t
    assert all(ids for ids in doc["detection_groupings"]["by_detection_type"].values())
    assert all(i.isdigit() for i in doc["detections"])


@pytest.mark.parametrize("spec", ALL_DOCS)
def test_occurrence_ids_unique_and_values_rounded(spec: tuple[str, float, int]) -> None:
    doc = get(spec)
    ids = [occ["id"] for _, _, occ in occurrences(doc)]
    assert len(ids) == len(set(ids))
    assert all(isinstance(i, str) for i in ids)
    duration = doc["media_info"]["technical"]["duration_s"]
    for _, det, occ in occurrences(doc):
        assert 0 <= occ["ss"] <= occ["se"] <= duration
        assert round(occ["ss"], 3) == occ["ss"]
        assert round(occ["se"], 3) == occ["se"]
        for key in ("c", "c_max", "c_med"):
            if key in occ and det["t"] != "topic.iab.section":  # its "c" is the ad score (docs example 0.214)
                assert 0.5 <= occ[key] <= 1.0, (det["t"], occ)
        if "c_med" in occ:
            assert occ["c_med"] <= occ["c_max"]
        if det["t"] != "audio.speech_detailed":
            assert occ["se"] > occ["ss"], det["t"]


@pytest.mark.parametrize("spec", ALL_DOCS)
def test_by_second_mapping_rule_both_ways(spec: tuple[str, float, int]) -> None:
    doc = get(spec)
    by_second = doc["detection_groupings"]["by_second"]
    n = math.ceil(doc["media_info"]["technical"]["duration_s"])
    assert len(by_second) == n
    expected = set()
    for det_id, _, occ in occurrences(doc):
        for s in expected_seconds(occ["ss"], occ["se"], n):
            expected.add((s, det_id, occ["id"]))
    actual = set()
    for s, items in enumerate(by_second):
        dets_here = [item["d"] for item in items]
        assert len(dets_here) == len(set(dets_here)), f"second {s} lists a detection twice"
        for item in items:
            assert item["o"], item
            det = doc["detections"][item["d"]]
            assert "occs" in det
            assert ("c" in item) == (det["t"] in CONFIDENCE_TYPES), (det["t"], item)
            if "c" in item:
                assert 0.5 <= item["c"] <= 1.0
            for occ_id in item["o"]:
                actual.add((s, item["d"], occ_id))
    assert actual == expected


def test_by_second_confidence_matches_occurrence_max() -> None:
    doc = core()
    peak: dict[str, float] = {}
    for items in doc["detection_groupings"]["by_second"]:
        for item in items:
            if "c" in item and len(item["o"]) == 1:
                peak[item["o"][0]] = max(peak.get(item["o"][0], 0.0), item["c"])
    for _, _, occ in occurrences(doc):
        if occ["id"] in peak and "c_max" in occ:
            assert peak[occ["id"]] <= occ["c_max"]


def test_by_second_attributes() -> None:
    doc = core()
    dets = doc["detections"]
    seen: Counter[str] = Counter()
    for items in doc["detection_groupings"]["by_second"]:
        for item in items:
            t = dets[item["d"]]["t"]
            a = item.get("a")
            if t == "visual.color":
                colors = a["colors"]
                assert 1 <= len(colors) <= 3
                assert sum(c["f"] for c in colors) <= 1.0
                for c in colors:
                    assert len(c["rgb"]) == 6
                    int(c["rgb"], 16)
                    assert 0 < c["f"] <= 1
                seen[t] += 1
            elif t == "audio.voice_emotion":
                assert -1 <= a["sen"]["val"] <= 1
                assert 0 <= a["sen"]["aro"] <= 1
                seen[t] += 1
            elif t == "human.face" and a is not None:
                assert -1 <= a["sen"]["val"] <= 1
                emo = a["sen"].get("emo", [])
                assert [e["c"] for e in emo] == sorted((e["c"] for e in emo), reverse=True)
                seen[t] += len(emo) > 0
            else:
                assert a is None, t
    assert seen["visual.color"] == 240
    assert seen["audio.voice_emotion"] > 100
    assert seen["human.face"] > 5


@pytest.mark.parametrize(("duration", "seed"), CORE_CASES)
def test_shots_and_shs_she(duration: float, seed: int) -> None:
    doc = core(duration, seed)
    shots = doc["segmentations"]["detected_shots"]
    fps = doc["media_info"]["technical"]["fps"]
    assert shots[0]["ss"] == 0.0
    assert abs(shots[-1]["se"] - duration) < 0.002
    for prev, nxt in itertools.pairwise(shots):
        assert prev["se"] == nxt["ss"]
    for shot in shots:
        assert shot["se"] > shot["ss"]
        assert shot["fs"] == round(shot["ss"] * fps)
        assert shot["fe"] == round(shot["se"] * fps)
        assert shot["sdur"] == round(shot["se"] - shot["ss"], 3)
    for _, det, occ in occurrences(doc):
        shs, she = occ["shs"], occ["she"]
        assert 0 <= shs <= she < len(shots), det["t"]
        assert overlaps(shots[shs], occ["ss"], occ["se"])
        assert overlaps(shots[she], occ["ss"], occ["se"])
        assert shs == 0 or not overlaps(shots[shs - 1], occ["ss"], occ["se"])
        assert she == len(shots) - 1 or not overlaps(shots[she + 1], occ["ss"], occ["se"])


def _sentences_and_words(doc: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    by_type = doc["detection_groupings"]["by_detection_type"]
    dets = doc["detections"]
    return [dets[i] for i in by_type["audio.speech"]], [dets[i] for i in by_type["audio.speech_detailed"]]


@pytest.mark.parametrize(("duration", "seed"), CORE_CASES[:4])
def test_speech_words_inside_sentences(duration: float, seed: int) -> None:
    doc = core(duration, seed)
    sentences, words = _sentences_and_words(doc)
    fps = doc["media_info"]["technical"]["fps"]
    speakers = set()
    for word in words:
        occ = word["occs"][0]
        assert len(word["occs"]) == 1
        assert 0.5 <= word["c"] <= 1.0
        speakers.add(word["a"]["s"]["id"])
        assert isinstance(word["a"]["s"]["id"], str)
        assert occ["fs"] == round(occ["ss"] * fps)
        assert occ["fe"] == round(occ["se"] * fps)
        assert occ["sdur"] == round(occ["se"] - occ["ss"], 3)
        if word["label"] in {",", ".", "?", "!"}:
            assert occ["ss"] == occ["se"]
            assert occ["sdur"] == 0
        else:
            assert occ["se"] > occ["ss"]
    assert len(speakers) >= 2
    # every sentence is exactly the words (and punctuation) inside its span, in order
    for sentence in sentences:
        occ = sentence["occs"][0]
        assert set(occ) == {"id", "ss", "se", "shs", "she"}
        assert -1 <= sentence["a"]["sen"]["val"] <= 1
        inside = [w for w in words if occ["ss"] <= w["occs"][0]["ss"] and w["occs"][0]["se"] <= occ["se"]]
        text = ""
        for w in inside:
            text += w["label"] if (w["label"] in {",", ".", "?", "!"} or not text) else " " + w["label"]
        assert text == sentence["label"]
        n_words = sum(w["label"] not in {",", ".", "?", "!"} for w in inside)
        assert 5 <= n_words <= 15
        assert len({w["a"]["s"]["id"] for w in inside}) == 1


@pytest.mark.parametrize(("duration", "seed"), CORE_CASES[:4])
def test_speech_types_chronological_others_by_prominence(duration: float, seed: int) -> None:
    doc = core(duration, seed)
    dets = doc["detections"]
    for t, ids in doc["detection_groupings"]["by_detection_type"].items():
        if t in {"audio.speech", "audio.speech_detailed"}:
            starts = [dets[i]["occs"][0]["ss"] for i in ids]
            assert starts == sorted(starts), t
        else:
            totals = [sum(o["se"] - o["ss"] for o in dets[i].get("occs", [])) for i in ids]
            for (a, ia), (b, ib) in zip(zip(totals, ids, strict=True), zip(totals[1:], ids[1:], strict=True)):
                assert a > b - 1e-6, t
                if abs(a - b) < 1e-9:
                    assert int(ia) < int(ib)


def test_types_without_occurrences_and_keywords() -> None:
    doc = core()
    for det in doc["detections"].values():
        if det["t"] in NO_OCCS:
            assert "occs" not in det
        else:
            assert det["occs"], det["t"]
    stats = next(d for d in doc["detections"].values() if d["t"] == "audio.speech_detailed.stats")
    assert stats["a"]["n_words"] > 0
    _, words = _sentences_and_words(doc)
    spoken = {(w["occs"][0]["ss"], w["occs"][0]["se"]): w["label"] for w in words}
    starts = {w["occs"][0]["ss"]: w["label"] for w in words}
    ends = {w["occs"][0]["se"] for w in words}
    for det in doc["detections"].values():
        if det["t"].startswith("audio.keyword."):
            for occ in det["occs"]:
                assert set(occ) == {"id", "ss", "se", "shs", "she"}
                assert occ["ss"] in starts
                assert occ["se"] in ends
                assert starts[occ["ss"]] == det["label"].split()[0]
    assert spoken


def test_visual_and_audio_attributes() -> None:
    doc = core()
    for det in doc["detections"].values():
        t = det["t"]
        if t in {"visual.context", "audio.context"}:
            assert det["cid"]
            assert det["ext_refs"]["gkg"]["id"].startswith("/m/")
        if t == "visual.context":
            assert all({"c_max", "c_med", "shs", "she"} <= set(o) for o in det["occs"])
        if t in {"visual.object.localized", "audio.context", "explicit_content.nudity"}:
            assert all("c_max" in o for o in det["occs"])
        if t.startswith("visual.text_region.") and t != "visual.text_region.keyword.compliance":
            assert det["a"]["text"]["as_one_string"] == det["label"]
        if t == "visual.text_region.keyword.compliance":
            assert all({"fs", "fe"} <= set(o) for o in det["occs"])
        if t == "visual.color":
            assert len(det["occs"]) == 1
        if t == "topic.iab":
            assert det["ext_refs"]["iab"]["id"].startswith("IAB")
        if t == "topic.iab.section":
            assert det["a"]["sources"] == ["speech"]
            for occ in det["occs"]:
                assert occ["a"]["ad_score"]["max"] == occ["c"]
                assert occ["ss"] <= occ["a"]["ad_score"]["s_max"] <= occ["se"]
            assert det["a"]["ad_score"]["max"] == max(o["c"] for o in det["occs"])
    tagged = [d for d in doc["detections"].values() if d["t"] == "visual.context" and "categ" in d]
    assert len(tagged) > 10
    assert any(
        d["ext_refs"]["iab"].get("is_scd_category")
        for d in doc["detections"].values()
        if d["t"] == "topic.iab"
    )


@pytest.mark.parametrize(("duration", "seed"), CORE_CASES[:4])
def test_faces_and_face_groups(duration: float, seed: int) -> None:
    doc = core(duration, seed)
    dets = doc["detections"]
    faces = {i: d for i, d in dets.items() if d["t"] == "human.face"}
    names: Counter[str] = Counter()
    for face in faces.values():
        a = face["a"]
        assert face["label"] == "face"
        assert a["gender"]["value"] in {"male", "female"}
        assert a["quality"] in {"normal", "low"}
        assert a["s_visible"] <= union_length([(o["ss"], o["se"]) for o in face["occs"]]) + 1e-9
        for occ in face["occs"]:
            assert not {"c", "c_max", "c_med"} & set(occ)
        if "similar_to" in a:
            cs = [m["c"] for m in a["similar_to"]]
            assert cs == sorted(cs, reverse=True)
            for m in a["similar_to"]:
                assert m["gallery_face"]["name"] == m["name"]
                assert m["gallery"]["id"]
            names[a["similar_to"][0]["name"]] += 1
        if "under_18_years" in a:
            u = a["under_18_years"]
            assert u["c_median"] <= u["c_max"]
            assert u["intervals"]
            assert all(set(x) == {"ss", "se"} for x in u["intervals"])
            assert face["categ"]["tags"] == ["under_18_years"]
    assert 0 < sum(1 for f in faces.values() if "similar_to" in f["a"]) < len(faces)
    assert max(names.values()) >= 2
    assert any("under_18_years" in f["a"] for f in faces.values())
    groups = [d for d in dets.values() if d["t"] == "human.face_group"]
    assert groups
    for group in groups:
        assert group["label"] == "face group"
        members = group["a"]["face_det_ids"]
        assert len(members) >= 2
        for occ in group["occs"]:
            for m in members:
                assert any(o["ss"] <= occ["ss"] and occ["se"] <= o["se"] for o in faces[m]["occs"])


@pytest.mark.parametrize("seed", [1, 7])
def test_legacy_face_groups_inside_co_occurrences(seed: int) -> None:
    dets = legacy(seed)["detections"]
    groups = [d for d in dets.values() if d["t"] == "human.face_group"]
    assert groups
    for group in groups:
        for occ in group["occs"]:
            for m in group["a"]["face_det_ids"]:
                assert dets[m]["t"] == "human.face"
                assert any(o["ss"] <= occ["ss"] and occ["se"] <= o["se"] for o in dets[m]["occs"])


def test_groupings_frequency_and_property() -> None:
    doc = core()
    groupings = doc["detection_groupings"]
    dets = doc["detections"]
    for t, ids in groupings["by_frequency"].items():
        assert sorted(ids) == sorted(groupings["by_detection_type"][t])
        counts = [len(dets[i]["occs"]) for i in ids]
        assert counts == sorted(counts, reverse=True)
    assert "visual.context" in groupings["by_frequency"]
    for t, props in groupings["by_detection_property"].items():
        for values in props.values():
            for ids in values.values():
                assert all(dets[i]["t"] == t for i in ids)
    tags = groupings["by_detection_property"]["visual.context"]["categ.tags"]
    for tag, ids in tags.items():
        assert all(tag in dets[i]["categ"]["tags"] for i in ids)


def test_density_is_independent_of_duration() -> None:
    def per_second(doc: dict[str, Any]) -> float:
        return sum(len(x) for x in doc["detection_groupings"]["by_second"]) / len(
            doc["detection_groupings"]["by_second"]
        )

    short, long = per_second(core()), per_second(core(1800.0, 5))
    assert 0.6 < short / long < 1.6
    size = len(json.dumps(core(), separators=(",", ":"), ensure_ascii=False).encode())
    assert 150_000 < size < 1_000_000


def test_small_counts_and_invalid_arguments() -> None:
    doc = core_metadata(20.0, seed=1, faces=1, speakers=1)
    assert sum(d["t"] == "human.face" for d in doc["detections"].values()) == 1
    assert not [d for d in doc["detections"].values() if d["t"] == "human.face_group"]
    doc = core_metadata(3.0, seed=1, faces=0)
    assert not [d for d in doc["detections"].values() if d["t"].startswith("audio.speech")]
    assert len(doc["detection_groupings"]["by_second"]) == 3
    many = core_metadata(60.0, seed=2, faces=14)
    assert sum(d["t"] == "human.face" for d in many["detections"].values()) == 14
    for bad in (0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="duration_s"):
            core_metadata(bad)
    with pytest.raises(ValueError, match="fps"):
        core_metadata(10.0, fps=0)
    with pytest.raises(ValueError, match="duration_s"):
        legacy_110_metadata(duration_s=0)


# ---------------------------------------------------------------------------------------------- legacy


def test_legacy_layout() -> None:
    doc = legacy()
    assert doc["version_info"] == {"metadata_format": "1.1.0", "backend": "2.0.4"}
    assert list(doc["job_info"]["request"]["media"]) == ["video"]
    assert doc["job_info"]["request"]["media"]["video"]["url"].startswith("https://www.youtube.com/watch?v=")
    media = doc["media_info"]
    assert media["from_customer"] == []
    assert media["from_external_services"][0]["service"] == "youtube"
    assert set(media["technical"]) == {"duration_s", "fps"}
    assert len(doc["detection_groupings"]["by_second"]) == 129
    groupings = doc["detection_groupings"]
    assert set(groupings) == {"overview_by_detection_type", "by_second", "by_detection_type"}
    for t, ids in groupings["overview_by_detection_type"].items():
        assert ids == groupings["by_detection_type"][t][: len(ids)]
        assert len(ids) <= 15
    types = Counter(d["t"] for d in doc["detections"].values())
    for t in (
        "visual.context",
        "human.face",
        "human.face_group",
        "audio.keyword.name.general",
        "transcript.keyword.novelty_word",
        "transcript.keyword.name.person",
        "external.keyword.novelty_word",
        "external.keyword.name.person",
        "external.keyword.name.general",
        "topic.iab.visual",
        "topic.iab.transcript",
    ):
        assert types[t] > 0, t
    for det in doc["detections"].values():
        assert "cid" not in det
        assert "categ" not in det
        for occ in det.get("occs", []):
            assert "shs" not in occ
            assert "she" not in occ
            assert "c_max" not in occ
        if det["t"] == "visual.context":
            assert "freebase" in det["ext_refs"]
            assert "gkg" not in det["ext_refs"]
            assert all("c" in o for o in det["occs"])
        if det["t"] == "human.face":
            assert set(det["a"]["age_years"]) == {"lower_bound", "c", "upper_bound"}
            for m in det["a"].get("similar_to", []):
                assert set(m) == {"c", "name"}
            assert all(o["a"]["prevalent_crop_type"] in {"default", "midshot"} for o in det["occs"])
        if det["t"].startswith("external.keyword."):
            assert det["a"] == {"src": "descr"}
            assert "occs" not in det
        if det["t"].startswith("topic.iab."):
            assert "occs" not in det
            assert det["ext_refs"]["iab"]["id"]
    shots = doc["segmentations"]["detected_shots"]
    assert shots
    assert set(shots[0]) == {"ss", "se", "fs", "fe", "sdur"}


# ---------------------------------------------------------------------------------------------- side files


def _check_boxes(items: list[dict[str, Any]], doc: dict[str, Any], t: str, with_c: bool) -> int:
    n = 0
    for item in items:
        det = doc["detections"][item["d"]]
        assert det["t"] == t
        occ_ids = {o["id"] for o in det["occs"]}
        assert set(item["o"]) <= occ_ids
        assert item["b"]
        for box in item["b"]:
            assert set(box) == ({"x", "y", "w", "h", "c"} if with_c else {"x", "y", "w", "h"})
            assert box["x"] >= 0
            assert box["x"] + box["w"] <= 1.001
            assert box["y"] >= 0
            assert box["y"] + box["h"] <= 1.001
            if with_c:
                assert 0.5 <= box["c"] <= 1.0
        n += 1
    return n


def test_seconds_and_frames_objects_reference_core() -> None:
    doc = core()
    side = seconds_objects(doc, seed=1)
    assert side["version_info"] == {
        "metadata_type": "seconds_objects",
        "metadata_format": "1.0.2",
        "backend": "3.1.1",
    }
    assert side["job_info"]["job_id"] == doc["job_info"]["job_id"]
    assert len(side["objects_by_second"]) == 240
    assert sum(_check_boxes(x, doc, "visual.object.localized", True) for x in side["objects_by_second"]) > 0
    # the same seconds as the logo items of the core by_second
    logo_seconds = [
        sorted(i["d"] for i in items if doc["detections"][i["d"]]["t"] == "visual.object.localized")
        for items in doc["detection_groupings"]["by_second"]
    ]
    assert [sorted(i["d"] for i in items) for items in side["objects_by_second"]] == logo_seconds
    frames = frames_objects(doc, seed=1)
    assert frames["version_info"]["metadata_format"] == "1.0.0"
    assert len(frames["objects_by_frame"]) == 240 * 25
    assert sum(_check_boxes(x, doc, "visual.object.localized", True) for x in frames["objects_by_frame"]) > 0


def test_frames_faces_reference_core() -> None:
    doc = core()
    side = frames_faces(doc, seed=2)
    assert side["version_info"]["metadata_type"] == "frames_faces"
    assert side["version_info"]["metadata_format"] == "1.0.3"
    frames = side["faces_by_frame"]
    assert len(frames) == 6000
    assert sum(_check_boxes(x, doc, "human.face", False) for x in frames) > 100
    assert sum(1 for x in frames if not x) > 1000
    assert all(box["h"] >= 0.05 for x in frames for item in x for box in item["b"])


def test_visual_captions_reference_shots() -> None:
    doc = core()
    caps = visual_captions(doc, seed=3)
    assert caps["version_info"] == {"metadata_type": "visual_captions", "metadata_format_version": "1.2.0"}
    shots = doc["segmentations"]["detected_shots"]
    sections = caps["selected_sections"]
    assert len(sections) > 5
    indexes = [s["section"]["shot_index"] for s in sections]
    assert indexes == sorted(indexes)
    for s in sections:
        shot = shots[s["section"]["shot_index"]]
        assert s["section"]["s_start"] == round(shot["ss"], 2)
        assert s["section"]["s_end"] == round(shot["se"], 2)
        assert s["caption"][0].isupper()
        assert s["caption"].endswith(".")


def test_side_files_work_without_groupings() -> None:
    doc = json.loads(json.dumps(core(61.5, 1)))
    del doc["detection_groupings"]
    assert len(seconds_objects(doc)["objects_by_second"]) == 62
    assert len(speech_to_text_srt(doc)) > 0


def test_srt_and_vtt_parse_with_pysrt() -> None:
    doc = core()
    n_sentences = sum(d["t"] == "audio.speech" for d in doc["detections"].values())
    srt = speech_to_text_srt(doc)
    vtt = speech_to_text_vtt(doc)
    assert srt.startswith("1\n00:00:")
    assert vtt.startswith("WEBVTT\n\n00:00:")
    subs = pysrt.from_string(srt)
    assert len(subs) == n_sentences
    assert len(pysrt.from_string(vtt)) == n_sentences
    sentences, _ = _sentences_and_words(doc)
    first = sentences[0]
    assert subs[0].text.replace("\n", " ") == first["label"]
    assert subs[0].start.ordinal == round(first["occs"][0]["ss"] * 1000)
    assert all(len(line) <= 60 for line in srt.splitlines())


def test_transcript_srt_is_plausible() -> None:
    text = transcript_srt(seed=4, duration_s=300.0)
    subs = pysrt.from_string(text)
    assert len(subs) > 30
    assert [s.index for s in subs] == list(range(1, len(subs) + 1))
    assert subs[-1].end.ordinal <= 300_000
    assert any("\n" in s.text for s in subs)
    assert any(s.text.startswith("- ") for s in subs)
    for a, b in itertools.pairwise(subs):
        assert a.end <= b.start


# ---------------------------------------------------------------------------------------------- files and CLI


def test_write_samples(tmp_path: Path) -> None:
    paths = write_samples(tmp_path / "out")
    names = [p.name for p in paths]
    assert names == [
        "current_format_example.json",
        "current_format_example.seconds_objects.json",
        "current_format_example.frames_objects.json",
        "current_format_example.frames_faces.json",
        "current_format_example.visual_captions.json",
        "current_format_example.speech_to_text.srt",
        "current_format_example.speech_to_text.vtt",
        "legacy_1_1_0_example.json",
        "transcript_example.srt",
    ]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(names)  # no temp files left
    main_doc = json.loads(paths[0].read_text(encoding="utf-8"))
    assert main_doc == json.loads(json.dumps(core_metadata(240.0, seed=7)))
    assert paths[0].stat().st_size < 1_000_000
    for p in paths:
        if p.suffix == ".json":
            json.loads(p.read_text(encoding="utf-8"))


def test_cli_json_and_gzip(tmp_path: Path) -> None:
    out = tmp_path / "out.json"
    out_gz = tmp_path / "out.json.gz"
    assert main(["--duration", "45", "--seed", "1", "-o", str(out)]) == 0
    assert main(["--duration", "45", "--seed", "1", "-o", str(out_gz)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert len(doc["detection_groupings"]["by_second"]) == 45
    assert gzip.decompress(out_gz.read_bytes()) == out.read_bytes()
    assert out_gz.read_bytes() == (tmp_path / "out.json.gz").read_bytes()
    assert doc == json.loads(json.dumps(core_metadata(45.0, seed=1)))
    assert main(["--legacy", "--seed", "2", "--duration", "60", "-o", str(out)]) == 0
    assert "metadata_type" not in json.loads(out.read_text(encoding="utf-8"))["version_info"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.json", "out.json.gz"]


def test_cli_stdout_samples_and_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--duration", "10", "--faces", "2", "--speakers", "2", "--fps", "30"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["media_info"]["technical"]["fps"] == 30.0
    assert main(["--write-samples", str(tmp_path)]) == 0
    assert len(capsys.readouterr().out.splitlines()) == 9
    with pytest.raises(SystemExit) as info:
        main(["--duration", "-5"])
    assert info.value.code == 2
    with pytest.raises(SystemExit):
        main(["--write-samples", str(tmp_path), "-o", "x.json"])


def test_atomic_write_cleans_up_on_error(tmp_path: Path) -> None:
    target = tmp_path / "missing_dir" / "x.json"
    with pytest.raises(FileNotFoundError):
        _write_atomic(target, b"{}")
    assert not target.exists()


def test_docstring_examples() -> None:
    # synthetic is a package: run the examples of the package and of each of its modules.
    names = [m.name for m in pkgutil.walk_packages(synthetic.__path__, "valossa_metadata.testing.synthetic.")]
    modules = [synthetic] + [importlib.import_module(n) for n in names if not n.endswith("__main__")]
    results = [doctest.testmod(module, optionflags=doctest.ELLIPSIS) for module in modules]
    assert sum(result.failed for result in results) == 0
    assert sum(result.attempted for result in results) >= 20
