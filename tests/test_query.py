"""Query helpers: unit cases and Hypothesis invariants of windows, at(), union and filters."""

from __future__ import annotations

import math

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests import independent
from valossa_metadata import query
from valossa_metadata._intervals import gaps, overlap_time

times = st.floats(min_value=0, max_value=1000, allow_nan=False, allow_infinity=False)


@st.composite
def occurrence_frames(draw: st.DrawFn) -> pl.DataFrame:
    n = draw(st.integers(0, 25))
    starts = [draw(times) for _ in range(n)]
    ends = [s + draw(st.floats(min_value=0, max_value=200, allow_nan=False)) for s in starts]
    return pl.DataFrame(
        {
            "detection_id": [str(draw(st.integers(1, 5))) for _ in range(n)],
            "label": [draw(st.sampled_from(["dog", "Cat", "car wheel"])) for _ in range(n)],
            "type": [
                draw(st.sampled_from(["visual.context", "audio.context", "human.face"])) for _ in range(n)
            ],
            "start": starts,
            "end": ends,
            "duration": [e - s for s, e in zip(starts, ends)],
            "confidence": [draw(st.none() | st.floats(0.5, 1.0)) for _ in range(n)],
        },
        schema={
            "detection_id": pl.String,
            "label": pl.String,
            "type": pl.String,
            "start": pl.Float64,
            "end": pl.Float64,
            "duration": pl.Float64,
            "confidence": pl.Float64,
        },
    )


windows = st.tuples(times, st.floats(min_value=0, max_value=500, allow_nan=False)).map(
    lambda t: (t[0], t[0] + t[1])
)


@settings(max_examples=150, deadline=None)
@given(occurrence_frames(), windows)
def test_window_modes(frame: pl.DataFrame, bounds: tuple[float, float]) -> None:
    low, high = bounds
    overlap = query.window(frame, low, high)
    within = query.window(frame, low, high, mode="within")
    clipped = query.window(frame, low, high, mode="clip")
    # within is a subset of overlap (every non-empty row inside the window also overlaps it)
    assert set(within.filter(pl.col("end") > pl.col("start")).rows()) <= set(overlap.rows())
    # clip keeps exactly the overlapping rows, never lengthens them, and stays inside the window
    assert clipped.height == overlap.height
    assert ((clipped["end"] - clipped["start"]) <= (overlap["end"] - overlap["start"]) + 1e-9).all()
    assert (clipped["start"] >= low).all()
    assert (clipped["end"] <= high).all()
    assert ((clipped["duration"] - (clipped["end"] - clipped["start"])).abs() < 1e-6).all()
    # union screen time inside the window is at most the sum and at most the window
    union = query.screen_time(frame, "label", start=low, end=high)
    for label, total in union.select("label", "screen_time").rows():
        part = clipped.filter(pl.col("label") == label)
        assert total <= (part["end"] - part["start"]).sum() + 1e-6
        assert total <= high - low + 1e-6


@settings(max_examples=150, deadline=None)
@given(occurrence_frames(), times)
def test_at_is_exactly_the_covering_occurrences(frame: pl.DataFrame, t: float) -> None:
    got = query.at(frame, t).rows()
    expected = [
        r for r in frame.rows(named=True) if r["start"] <= t < r["end"] or r["start"] == t == r["end"]
    ]
    assert got == [tuple(r.values()) for r in expected]


@settings(max_examples=100, deadline=None)
@given(occurrence_frames(), st.floats(0.5, 1.0), st.lists(st.sampled_from(["visual.*", "*.face", "audio.*"])))
def test_filters_commute(frame: pl.DataFrame, threshold: float, globs: list[str]) -> None:
    a = query.by_type(query.min_confidence(frame, threshold), globs)
    b = query.min_confidence(query.by_type(frame, globs), threshold)
    c = query.by_label(query.by_type(frame, globs), ["dog", "cat"])
    d = query.by_type(query.by_label(frame, ["dog", "cat"]), globs)
    assert sorted(a.rows(), key=repr) == sorted(b.rows(), key=repr)
    assert sorted(c.rows(), key=repr) == sorted(d.rows(), key=repr)
    assert a["confidence"].null_count() == 0


@settings(max_examples=100, deadline=None)
@given(occurrence_frames())
def test_gaps_complement_the_union(frame: pl.DataFrame) -> None:
    end = float(frame["end"].max()) if frame.height else 10.0  # type: ignore[arg-type]
    holes = gaps(frame, end=end)
    covered = independent.union_length(list(zip(frame["start"], frame["end"])))
    assert (holes["end"] - holes["start"]).sum() + covered == pytest.approx(end, abs=1e-6)


def test_window_with_length_and_errors() -> None:
    frame = pl.DataFrame({"start": [0.0, 10.0], "end": [5.0, 12.0]})
    assert query.window(frame, 8, length=5).height == 1
    assert query.window(frame, end=6, length=2).height == 1
    assert query.window(frame, length=3).height == 1
    assert query.window(frame, 0, 20, length=20).height == 2
    with pytest.raises(ValueError, match="disagree"):
        query.window(frame, 0, 20, length=3)
    with pytest.raises(ValueError, match="ends"):
        query.window(frame, 5, 1)
    with pytest.raises(ValueError, match="length"):
        query.window(frame, 0, length=-1)
    with pytest.raises(ValueError, match="mode"):
        query.window(frame, 0, 1, mode="inside")  # type: ignore[arg-type]


def test_window_and_at_on_seconds() -> None:
    seconds = pl.DataFrame({"second": [0, 1, 2, 3], "label": list("abcd")})
    assert query.window(seconds, 1.5, 2.5)["label"].to_list() == ["b", "c"]
    assert query.window(seconds, 1, 3, mode="within")["label"].to_list() == ["b", "c"]
    assert query.window(seconds, 1.5, 2.5, mode="clip")["label"].to_list() == ["b", "c"]
    assert query.at(seconds, 2.7)["label"].to_list() == ["c"]


def test_instants_inside_a_window() -> None:
    words = pl.DataFrame({"start": [2.0, 5.0], "end": [2.0, 5.0]})
    assert query.window(words, 1, 3).height == 1
    assert query.window(words, 2, 5).height == 1


def test_label_modes_and_errors() -> None:
    frame = pl.DataFrame({"label": ["Car", "car wheel", "dog", None]})
    assert query.by_label(frame, "CAR")["label"].to_list() == ["Car"]
    assert query.by_label(frame, "CAR", ignore_case=False).height == 0
    assert query.by_label(frame, "car wheel", ignore_case=False)["label"].to_list() == ["car wheel"]
    assert query.by_label(frame, ["car", "dog"]).height == 2
    assert query.by_label(frame, "*wheel", mode="glob").height == 1
    assert query.by_label(frame, "c.r", mode="regex").height == 2
    with pytest.raises(ValueError, match="bad regular expression"):
        query.by_label(frame, "(", mode="regex")
    with pytest.raises(ValueError, match="mode"):
        query.by_label(frame, "x", mode="fuzzy")  # type: ignore[arg-type]


def test_glob_regex_escapes() -> None:
    frame = pl.DataFrame({"name": ["A.B (x)", "AxB (x)"]})
    assert query.by_person(frame, "A.B*")["name"].to_list() == ["A.B (x)"]
    assert query.by_person(frame, "A?B*").height == 2


def test_top_and_errors() -> None:
    det = pl.DataFrame(
        {"type": ["b", "a", "a", "a"], "prominence_rank": [1, 3, 1, 2], "screen_time": [1.0, 9.0, 2.0, 5.0]}
    )
    assert query.top(det, 2).rows() == [("b", 1, 1.0), ("a", 1, 2.0), ("a", 2, 5.0)]
    assert query.top(det, 1, by="screen_time").rows() == [("b", 1, 1.0), ("a", 3, 9.0)]
    assert query.top(det, 0).height == 0
    with pytest.raises(ValueError, match="count"):
        query.top(det, -1)
    with pytest.raises(ValueError, match="ranks by"):
        query.top(det, 1, by="size")  # type: ignore[arg-type]


def test_min_confidence_bounds() -> None:
    with pytest.raises(ValueError, match="between 0 and 1"):
        query.min_confidence(pl.DataFrame({"confidence": [0.5]}), 1.5)


def test_shots() -> None:
    shots = pl.DataFrame(
        {"shot_index": pl.Series([0, 1, 2, 3], dtype=pl.Int32), "start": [0.0, 1.0, 2.0, 3.0]}
    )
    occ = pl.DataFrame({"shot_start": [0, 2, None], "shot_end": [1, 3, None]})
    assert query.in_shot(occ, 1).height == 1
    assert query.shots_containing(shots, occ)["occurrences"].to_list() == [1, 1, 1, 1]


def test_overlap_time_cases() -> None:
    left = pl.DataFrame({"label": ["a", "a"], "start": [0.0, 1.0], "end": [2.0, 3.0]})
    right = pl.DataFrame({"label": ["b"], "start": [2.5], "end": [10.0]})
    assert overlap_time(left, right, left_by="label", right_by="label").rows() == [("a", "b", 0.5)]
    empty = overlap_time(left.clear(), right, left_by="label", right_by="label")
    assert empty.columns == ["label", "label_right", "overlap"]
    assert empty.height == 0


def test_screen_time_percent_is_of_the_video() -> None:
    frame = pl.DataFrame({"label": ["a"], "start": [0.0], "end": [30.0]})
    assert query.screen_time(frame, "label", duration=120)["percent"].to_list() == [25.0]
    assert "percent" not in query.screen_time(frame, "label").columns
    assert math.isclose(query.screen_time(frame, ["label"], start=10)["screen_time"][0], 20.0)
