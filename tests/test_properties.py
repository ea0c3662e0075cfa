"""Hypothesis properties: struct -> JSON -> struct round trips, and table invariants."""

from __future__ import annotations

import json
from typing import Any

import msgspec
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import valossa_metadata as vm
from tests import independent
from valossa_metadata._intervals import merge_intervals, union_duration
from valossa_metadata.models.attributes import FaceAttributes, Gender, SimilarTo
from valossa_metadata.models.core import (
    Category,
    CoreMetadata,
    Detection,
    DetectionGroupings,
    ExternalRefs,
    GkgRef,
    Occurrence,
    VersionInfo,
)

times = st.floats(min_value=0, max_value=10_000, allow_nan=False, allow_infinity=False)
confidences = st.none() | st.floats(min_value=0, max_value=1, allow_nan=False)
ids = st.integers(min_value=1, max_value=10**6).map(str)
labels = st.text(max_size=20)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(max_size=10),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)


@st.composite
def occurrences(draw: st.DrawFn, occurrence_id: str) -> Occurrence:
    start = draw(times)
    end = start + draw(st.floats(min_value=0, max_value=500, allow_nan=False))
    return Occurrence(
        id=occurrence_id,
        start=start,
        end=end,
        c_max=draw(confidences),
        c_med=draw(confidences),
        shot_start=draw(st.none() | st.integers(0, 100)),
        frame_start=draw(st.none() | st.integers(0, 10**6)),
    )


@st.composite
def detections(draw: st.DrawFn, first_occurrence: int = 0) -> Detection:
    count = draw(st.integers(0, 5))
    attributes = draw(st.none() | st.dictionaries(st.text(max_size=5), json_values, max_size=3))
    extra = {"attributes": msgspec.Raw(msgspec.json.encode(attributes))} if attributes is not None else {}
    return Detection(
        type=draw(st.sampled_from(["visual.context", "audio.context", "human.face", "topic.iab", "x.new"])),
        label=draw(labels),
        cid=draw(st.none() | st.text(max_size=12)),
        ext_refs=draw(st.none() | st.builds(ExternalRefs, gkg=st.builds(GkgRef, id=st.text(max_size=8)))),
        categ=draw(
            st.none() | st.builds(Category, tags=st.lists(st.text(min_size=1, max_size=6), max_size=3))
        ),
        occurrences=[draw(occurrences(str(first_occurrence + i))) for i in range(count)],
        **extra,
    )


@st.composite
def documents(draw: st.DrawFn) -> CoreMetadata:
    n = draw(st.integers(0, 8))
    found = {str(i + 1): draw(detections(first_occurrence=i * 10)) for i in range(n)}
    by_type: dict[str, list[str]] = {}
    for key, detection in found.items():
        by_type.setdefault(detection.type, []).append(key)
    return CoreMetadata(
        version_info=VersionInfo(metadata_format="1.8.1", metadata_type="core"),
        detections=found,
        detection_groupings=DetectionGroupings(by_detection_type=by_type),
    )


@given(detections())
def test_detection_round_trip(detection: Detection) -> None:
    encoded = msgspec.json.encode(detection)
    assert msgspec.json.decode(encoded, type=Detection) == detection
    json.loads(encoded)  # always valid JSON, empty attributes included


@given(
    st.builds(
        FaceAttributes,
        gender=st.builds(Gender, value=st.sampled_from(["male", "female"]), c=confidences),
        similar_to=st.lists(st.builds(SimilarTo, name=labels, c=confidences), max_size=3),
    )
)
def test_attribute_round_trip(attributes: FaceAttributes) -> None:
    assert msgspec.json.decode(msgspec.json.encode(attributes), type=FaceAttributes) == attributes


@settings(max_examples=60, deadline=None)
@given(documents())
def test_document_round_trip_and_tables(core: CoreMetadata) -> None:
    data = msgspec.json.encode(core)
    md = vm.loads(data)
    assert md.core == core
    plain = json.loads(data)
    plain.setdefault("detections", {})
    assert md.occurrences().height == independent.occurrence_count(plain)
    det = md.detections()
    assert det.height == len(core.detections)
    expected = independent.screen_times(plain)
    for key, value in zip(det["detection_id"], det["screen_time"]):
        assert value == pytest.approx(expected[key], abs=1e-6)
    occ = md.occurrences()
    assert (occ["end"] >= occ["start"]).all()
    assert occ["start"].is_sorted()


intervals = st.lists(st.tuples(times, st.floats(min_value=0, max_value=100, allow_nan=False)), max_size=30)


@given(intervals, st.lists(st.sampled_from("abc"), min_size=30, max_size=30))
def test_union_is_bounded(pairs: list[tuple[float, float]], groups: list[str]) -> None:
    frame = pl.DataFrame(
        {"k": groups[: len(pairs)], "start": [s for s, _ in pairs], "end": [s + d for s, d in pairs]},
        schema={"k": pl.String, "start": pl.Float64, "end": pl.Float64},
    )
    union = dict(union_duration(frame, ["k"]).rows())
    merged = merge_intervals(frame, ["k"])
    for key in set(frame["k"]):
        part = frame.filter(pl.col("k") == key)
        total = union[key]
        assert total <= (part["end"] - part["start"]).sum() + 1e-6
        assert total <= part["end"].max() - part["start"].min() + 1e-6  # type: ignore[operator]
        assert total >= (part["end"] - part["start"]).max() - 1e-6  # type: ignore[operator]
        assert total == pytest.approx(
            independent.union_length(list(zip(part["start"], part["end"]))), abs=1e-6
        )
        blocks = merged.filter(pl.col("k") == key)
        assert (blocks["start"].shift(-1).drop_nulls() > blocks["end"].head(blocks.height - 1)).all()
        assert (blocks["end"] - blocks["start"]).sum() == pytest.approx(total, abs=1e-6)
    whole = union_duration(frame)["screen_time"][0]
    assert whole == pytest.approx(independent.union_length(list(zip(frame["start"], frame["end"]))), abs=1e-6)


@given(
    intervals,
    st.lists(st.sampled_from(["a", "b", None]), min_size=30, max_size=30),
    st.lists(st.sampled_from([1, 2, None]), min_size=30, max_size=30),
)
def test_union_by_two_keys_with_missing_keys(
    pairs: list[tuple[float, float]], first: list[str | None], second: list[int | None]
) -> None:
    # a group's first row must not see the end of the group sorted before it, nulls included
    frame = pl.DataFrame(
        {
            "k": first[: len(pairs)],
            "n": second[: len(pairs)],
            "start": [s for s, _ in pairs],
            "end": [s + d for s, d in pairs],
        },
        schema={"k": pl.String, "n": pl.Int64, "start": pl.Float64, "end": pl.Float64},
    )
    union = {(k, n): total for k, n, total in union_duration(frame, ["k", "n"]).rows()}
    merged = merge_intervals(frame, ["k", "n"])
    assert set(union) == set(frame.select("k", "n").unique().rows())
    for (k, n), total in union.items():
        part = frame.filter(pl.col("k").eq_missing(k) & pl.col("n").eq_missing(n))
        spans = list(zip(part["start"], part["end"]))
        assert total == pytest.approx(independent.union_length(spans), abs=1e-6)
        blocks = merged.filter(pl.col("k").eq_missing(k) & pl.col("n").eq_missing(n))
        assert (blocks["end"] - blocks["start"]).sum() == pytest.approx(total, abs=1e-6)


def test_union_of_nothing() -> None:
    empty = pl.DataFrame(schema={"k": pl.String, "start": pl.Float64, "end": pl.Float64})
    assert union_duration(empty, ["k"]).height == 0
    assert merge_intervals(empty).height == 0


@settings(max_examples=40, deadline=None)
@given(st.lists(st.lists(st.tuples(st.sampled_from(["1", "2", "3"]), confidences), max_size=4), max_size=20))
def test_seconds_rows_match_items(seconds: list[list[tuple[str, Any]]]) -> None:
    doc = {
        "version_info": {"metadata_format": "1.8.1"},
        "detections": {k: {"t": "visual.context", "label": f"l{k}"} for k in ("1", "2", "3")},
        "detection_groupings": {
            "by_second": [[{"d": d, "o": [], "c": c} for d, c in items] for items in seconds]
        },
    }
    table = vm.loads(json.dumps(doc)).seconds()
    flat = [(i, d, c) for i, items in enumerate(seconds) for d, c in items]
    assert table.select("second", "detection_id", "confidence").rows() == flat
    assert (table["label"] == "l" + table["detection_id"]).all()
