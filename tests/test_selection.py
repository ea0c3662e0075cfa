"""Selections, identities, face groups, speech and categories on the samples, checked independently."""

from __future__ import annotations

from typing import Any

import polars as pl
import pytest

import valossa_metadata as vm
from tests import independent
from valossa_metadata.query.speech import join_words, speaker_turns


def test_person_selection_and_screen_time(real_md: vm.Metadata, real_json: dict[str, Any]) -> None:
    names = {
        k: independent.best_name(d) for k, d in real_json["detections"].items() if d["t"] == "human.face"
    }
    hepburn = [k for k, n in names.items() if n and n.endswith("Hepburn")]
    sel = real_md.select(persons="*hepburn")
    assert sorted(sel.detections()["detection_id"]) == sorted(hepburn)
    expected = independent.union_length(
        [(o["ss"], o["se"]) for k in hepburn for o in real_json["detections"][k]["occs"]]
    )
    row = sel.screen_time("identity").row(0, named=True)
    assert row["identity"] == "Audrey Hepburn"
    assert row["screen_time"] == pytest.approx(expected)
    assert row["percent"] == pytest.approx(expected / real_md.duration * 100, abs=0.01)  # type: ignore[operator]


def test_identities_merge_by_name(current_md: vm.Metadata, current_json: dict[str, Any]) -> None:
    faces = {k: d for k, d in current_json["detections"].items() if d["t"] == "human.face"}
    by_name: dict[str, list[str]] = {}
    for key, detection in faces.items():
        by_name.setdefault(independent.best_name(detection) or f"unknown {key}", []).append(key)
    shared = next(n for n, ids in by_name.items() if len(ids) > 1)
    merged = current_md.screen_time("identity", types="human.face")
    expected = independent.union_length(
        [(o["ss"], o["se"]) for k in by_name[shared] for o in faces[k]["occs"]]
    )
    assert merged.filter(pl.col("identity") == shared)["screen_time"][0] == pytest.approx(expected)
    separate = current_md.select(types="human.face", separate_identities=True).screen_time("identity")
    assert separate.filter(pl.col("identity").str.starts_with(shared)).height == len(by_name[shared])
    unknown = current_md.face_identities().filter(pl.col("name").is_null())
    assert all(
        i.startswith("unknown ") and i.endswith(d)
        for i, d in zip(unknown["identity"], unknown["detection_id"])
    )
    skipped = current_md.select(types="human.face", skip_unknown_faces=True).occurrences()
    assert skipped["identity"].null_count() == 0
    assert not skipped["identity"].str.starts_with("unknown").any()


def test_min_confidence_drops_rows_without_confidence(real_md: vm.Metadata) -> None:
    sel = real_md.select(types=["human.face", "visual.context"], min_confidence=0.8)
    occ = sel.occurrences()
    assert set(occ["type"]) == {"visual.context"}
    assert (occ["confidence"] >= 0.8).all()
    assert (sel.seconds()["confidence"] >= 0.8).all()
    assert set(sel.detections()["type"]) == {"visual.context"}


def test_window_selection(real_md: vm.Metadata) -> None:
    sel = real_md.select(types="visual.context", start=1000, end=1100, mode="clip")
    occ = sel.occurrences()
    assert occ["start"].min() >= 1000  # type: ignore[operator]
    assert occ["end"].max() <= 1100  # type: ignore[operator]
    assert set(sel.detections()["detection_id"]) == set(occ["detection_id"])
    seconds = real_md.select(start=1000, length=10).seconds()
    assert seconds["second"].min() == 1000
    assert seconds["second"].max() == 1009
    refined = sel.refine(labels=["person"], mode="overlap")
    assert set(refined.occurrences()["label"]) == {"person"}


def test_category_selection_and_durations(current_md: vm.Metadata, current_json: dict[str, Any]) -> None:
    fauna = current_md.select(categories="faun*").detections()
    expected = {
        k for k, d in current_json["detections"].items() if "fauna" in d.get("categ", {}).get("tags", [])
    }
    assert set(fauna["detection_id"]) == expected
    without = current_md.select(types="visual.context", exclude_categories=["fauna"]).detections()
    assert not set(without["detection_id"]) & expected
    durations = current_md.category_durations()
    row = durations.filter((pl.col("type") == "visual.context") & (pl.col("category") == "fauna")).row(
        0, named=True
    )
    visual = [k for k in expected if current_json["detections"][k]["t"] == "visual.context"]
    intervals = [(o["ss"], o["se"]) for k in visual for o in current_json["detections"][k]["occs"]]
    assert row["duration"] == pytest.approx(independent.union_length(intervals))


def test_cid_and_gkg_selection(real_md: vm.Metadata) -> None:
    assert real_md.select(cids="XhxbArFizcnI").detections()["label"].to_list() == ["portrait"]
    assert real_md.select(gkg_ids=["/m/01dv4h"]).detections()["label"].to_list() == ["portrait"]


def test_at(real_md: vm.Metadata, real_json: dict[str, Any]) -> None:
    t = 2000.5
    present = real_md.at(t)
    expected = {
        o["id"] for d in real_json["detections"].values() for o in d.get("occs", []) if o["ss"] <= t < o["se"]
    }
    assert set(present["occurrence_id"]) == expected


def test_overlap_faces_with_concepts(real_md: vm.Metadata) -> None:
    faces = real_md.select(persons="Audrey Hepburn")
    concepts = real_md.select(types="visual.context", labels="lady")
    pairs = faces.overlap(concepts, by="identity", other_by="label")
    assert pairs.columns == ["identity", "label", "overlap"]
    assert pairs.row(0)[:2] == ("Audrey Hepburn", "lady")
    lady = concepts.screen_time("label")["screen_time"][0]
    assert 0 < pairs["overlap"][0] <= lady
    by_category = real_md.select(types="visual.context").screen_time("category")
    assert by_category.height == 0  # the 1.3.1 file predates category tags
    with pytest.raises(ValueError, match="group by"):
        faces.screen_time("colour")


def test_face_groups(real_md: vm.Metadata, real_json: dict[str, Any]) -> None:
    groups = real_md.face_groups()
    raw = {
        k: d["a"]["face_det_ids"] for k, d in real_json["detections"].items() if d["t"] == "human.face_group"
    }
    assert dict(zip(groups["detection_id"], groups["member_ids"].to_list())) == raw
    identities = dict(real_md.face_identities().select("detection_id", "identity").iter_rows())
    for members, names in zip(groups["member_ids"].to_list(), groups["members"].to_list()):
        assert names == [identities[m] for m in members]


def test_speaker_turns(current_md: vm.Metadata) -> None:
    words = current_md.words()
    turns = current_md.speaker_turns()
    assert turns["words"].sum() == words.filter(~pl.col("is_punctuation")).height
    assert turns.height > 1
    for row in turns.iter_rows(named=True):
        inside = words.filter((pl.col("start") >= row["start"]) & (pl.col("end") <= row["end"]))
        assert set(inside.filter(~pl.col("is_punctuation"))["speaker"]) == {row["speaker"]}
    assert current_md.speaker_turns(max_pause=0.0).height >= turns.height
    with pytest.raises(ValueError, match="max_pause"):
        speaker_turns(words, max_pause=-1)
    assert speaker_turns(words.clear()).height == 0


def test_turns_split_on_long_pauses() -> None:
    words = pl.DataFrame(
        {
            "word": ["a", "b", "c"],
            "start": [0.0, 0.5, 3.0],
            "end": [0.4, 0.9, 3.2],
            "speaker": ["1", "1", "1"],
            "is_punctuation": [False, False, False],
        }
    )
    assert speaker_turns(words)["text"].to_list() == ["a b", "c"]
    assert speaker_turns(words, max_pause=5)["text"].to_list() == ["a b c"]


def test_join_words() -> None:
    assert join_words(
        ["He", "said", "(", "quietly", ")", "no", "."], [False, False, True, False, True, False, True]
    ) == ("He said (quietly) no.")
    assert join_words(["a", "b"]) == "a b"


def test_sentiment_timeline_and_expressions(current_md: vm.Metadata, current_json: dict[str, Any]) -> None:
    timeline = current_md.sentiment_timeline()
    assert timeline.height == len(current_json["detection_groupings"]["by_second"])
    by_second = current_json["detection_groupings"]["by_second"]
    types = {k: d["t"] for k, d in current_json["detections"].items()}
    second = next(
        i
        for i, items in enumerate(by_second)
        if any(types[x["d"]] == "human.face" and "a" in x for x in items)
    )
    values = [x["a"]["sen"]["val"] for x in by_second[second] if types[x["d"]] == "human.face" and "a" in x]
    assert timeline.filter(pl.col("second") == second)["face_valence"][0] == pytest.approx(
        sum(values) / len(values)
    )
    assert timeline["voice_arousal"].drop_nulls().len() > 0
    assert timeline["speech_valence"].drop_nulls().len() > 0
    emo = current_md.expressions()
    assert emo.height == sum(
        len(x["a"]["sen"].get("emo", []))
        for items in by_second
        for x in items
        if "a" in x and "sen" in x["a"]
    )


def test_texts(current_md: vm.Metadata, current_json: dict[str, Any]) -> None:
    texts = current_md.texts()
    expected = {
        k: d.get("a", {}).get("text", {}).get("as_one_string")
        for k, d in current_json["detections"].items()
        if d["t"].startswith("visual.text_region.")
    }
    assert dict(zip(texts["detection_id"], texts["text"])) == expected


def test_screen_time_in_a_window_counts_only_the_window(current_md: vm.Metadata) -> None:
    for mode in ("overlap", "within", "clip"):
        sel = current_md.select(types="visual.context", start=60, end=90, mode=mode)
        table = sel.screen_time("label")
        assert (table["screen_time"] <= 30 + 1e-9).all()
        assert table["percent"].to_list() == pytest.approx(
            (table["screen_time"] / 30 * 100).round(2).to_list()
        )
    clipped = current_md.select(types="visual.context", start=60, end=90, mode="clip").screen_time("label")
    overlap = current_md.select(types="visual.context", start=60, end=90).screen_time("label")
    assert clipped.equals(overlap)
    tail = current_md.select(types="visual.context", start=200).screen_time("label")
    assert (tail["screen_time"] <= 40 + 1e-9).all()  # the window ends with the video (240 s)


def test_overlap_matrix(real_md: vm.Metadata) -> None:
    faces = real_md.select(types="human.face", skip_unknown_faces=True)
    concepts = real_md.select(types="visual.context", labels=["lady", "man", "person"])
    long = faces.overlap(concepts, by="identity")
    wide = faces.overlap(concepts, by="identity", matrix=True)
    assert set(wide.columns) == {"identity", *long["label"].unique()}
    for identity, label, seconds in long.rows():
        assert wide.filter(pl.col("identity") == identity)[label][0] == pytest.approx(seconds)
    assert wide.null_count().sum_horizontal()[0] == 0
